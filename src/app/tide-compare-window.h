/* tide-compare-window.h: two traces (or two instants of one) compared
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What grew between a "before" and an "after": five views a switcher in
 * the header bar chooses between (Ctrl+1 to Ctrl+5).
 *  - "difference": one flame graph of both, boxes as wide as their "after"
 *    bytes (what vanished keeps its "before" width), coloured by change:
 *    warm where it grew, cool where it shrank, grey where unchanged; new
 *    boxes outlined, vanished ones striped;
 *  - "side-by-side": each trace's own flame graph, titled with its file and
 *    instant, on one scale (the same bytes are the same width in both, so
 *    the smaller trace is narrower); zooming, pointing and searching in one
 *    does the same in the other, frames matched by function and source
 *    location, never by address;
 *  - "sizes": each side's size classes as a treemap, on one byte scale (the
 *    same bytes cover the same area); drilling in and pointing follow across;
 *  - "timeline": both heaps on one plot, from their starts, on one time and
 *    one byte axis (when both traces have time, in one unit);
 *  - "changes": the rows of `tidemark diff`, by line, function or
 *    traceback, sortable, filtered by the search.
 * The difference, or the view on display, exports to SVG, PNG or PDF
 * (compare.export "difference.svg", compare.export-view "png"), through
 * tide-export-flow, with a toast that opens the file.
 *
 * The sides are copied when the comparison starts; the work is done on a
 * worker thread, and a trace to compare with is loaded on one.
 */
#pragma once

#include <adwaita.h>

#include "charts/tide-chart-export.h"
#include "core/analysis/tide-diff.h"
#include "core/analysis/tide-diff-flame.h"
#include "tide-compare-side.h"
#include "tide-delta-table.h"
#include "widgets/tide-flame-graph.h"

G_BEGIN_DECLS

#define TIDE_TYPE_COMPARE_WINDOW (tide_compare_window_get_type ())
G_DECLARE_FINAL_TYPE (TideCompareWindow, tide_compare_window, TIDE, COMPARE_WINDOW, AdwApplicationWindow)

/* A new window comparing @before with @after, shown at once. */
TideCompareWindow *tide_compare_window_open            (GtkApplication    *app,
                                                        TideCompareSide   *before,
                                                        TideCompareSide   *after);
/* A new window comparing @before with the trace of @after (at its peak),
 * which it loads first: what "Compare With…" does with the file picked. */
TideCompareWindow *tide_compare_window_open_file       (GtkApplication    *app,
                                                        TideCompareSide   *before,
                                                        GFile             *after);
/* A new window comparing two files, each at its peak, both loaded first:
 * `tidemark --compare BEFORE AFTER`. */
TideCompareWindow *tide_compare_window_open_files      (GtkApplication    *app,
                                                        GFile             *before,
                                                        GFile             *after);
/* The "Compare With…" dialog, over @parent: the file picked becomes the
 * "after" of a comparison with @before. */
void               tide_compare_window_choose_file     (GtkWindow         *parent,
                                                        TideCompareSide   *before);

/* TRUE while the "after" trace loads or the comparison is computed. */
gboolean           tide_compare_window_is_busy         (TideCompareWindow *self);
/* The error that stopped the comparison (a trace that would not load), or NULL. */
const GError      *tide_compare_window_get_error       (TideCompareWindow *self);
TideCompareSide   *tide_compare_window_get_side        (TideCompareWindow *self,
                                                        TideDiffWhich      which);
/* The difference on display, NULL until computed. */
TideDiffFlame     *tide_compare_window_get_diff        (TideCompareWindow *self);
/* The flame graph named "difference", "before" or "after". */
TideFlameGraph    *tide_compare_window_get_graph       (TideCompareWindow *self,
                                                        const char        *name);
TideDeltaTable    *tide_compare_window_get_delta_table (TideCompareWindow *self);
/* Shows the view named "difference", "side-by-side", "sizes", "timeline" or "changes". */
void               tide_compare_window_show_view       (TideCompareWindow *self,
                                                        const char        *name);
/* What a row of the delta table stands for, as the "Group by" dropdown picks. */
void               tide_compare_window_set_grouping    (TideCompareWindow *self,
                                                        TideDiffGrouping   grouping);
/* Searches every view, as the search entry does. */
void               tide_compare_window_search          (TideCompareWindow *self,
                                                        const char        *text);
/* What the export menu does once a file is picked: @view "difference",
 * "side-by-side", "sizes", "timeline" or "shown" (the one on display),
 * written on a worker thread, a toast when done. */
void               tide_compare_window_export          (TideCompareWindow *self,
                                                        const char        *view,
                                                        GFile             *file,
                                                        TideExportFormat   format);
/* The title of the last toast shown, NULL before any: for tests. */
const char        *tide_compare_window_get_last_toast_title (TideCompareWindow *self);

G_END_DECLS
