/* tide-flame-page.h: the flame graph of a trace, its options, search and export
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A toolbar (metric, top-down or bottom-up, merge by function or line,
 * allocator frames, colours, export), the zoom path as buttons, a search
 * bar (Ctrl+F) with the matched share, and the TideFlameGraph itself. The
 * graph shows the session's selection (the peak, the heap at an instant, a
 * range). Its flame tree is built on a worker thread whenever the selection's
 * costs, the orientation, merging or allocator hiding change; the old graph
 * stays until the new one is ready. Results of an export are reported with
 * the "toast" signal.
 */
#pragma once

#include <adwaita.h>

#include "charts/tide-chart-export.h"
#include "core/tide-session.h"
#include "core/tide-trace.h"
#include "widgets/tide-flame-graph.h"

G_BEGIN_DECLS

#define TIDE_TYPE_FLAME_PAGE (tide_flame_page_get_type ())
G_DECLARE_FINAL_TYPE (TideFlamePage, tide_flame_page, TIDE, FLAME_PAGE, GtkWidget)

GtkWidget      *tide_flame_page_new         (void);
TideSession    *tide_flame_page_get_session (TideFlamePage    *self);
void            tide_flame_page_set_session (TideFlamePage    *self,
                                             TideSession      *session);
/* The session's trace, or NULL. */
TideTrace      *tide_flame_page_get_trace   (TideFlamePage    *self);
/* The trace's file: names exports ("<trace>-peak-flamegraph.svg"). */
GFile          *tide_flame_page_get_file  (TideFlamePage    *self);
void            tide_flame_page_set_file  (TideFlamePage    *self,
                                           GFile            *file);
/* The metric picked ("peak", "leaked", ...: see the "metric" property). */
const char     *tide_flame_page_get_metric (TideFlamePage   *self);
void            tide_flame_page_set_metric (TideFlamePage   *self,
                                            const char      *metric);
TideFlameGraph *tide_flame_page_get_graph (TideFlamePage    *self);
/* TRUE while a flame tree is being built or an export written. */
gboolean        tide_flame_page_is_busy   (TideFlamePage    *self);
/* Writes what the graph shows to @file in the background (what the Export
 * menu does after its file chooser), then emits "toast". */
void            tide_flame_page_export    (TideFlamePage    *self,
                                           GFile            *file,
                                           TideExportFormat  format);
/* The name the file chooser suggests: "ht_leaky-peak-flamegraph.svg",
 * "ht_leaky-live-at-520ms-flamegraph.svg" for an instant. */
char           *tide_flame_page_suggest_export_name (TideFlamePage    *self,
                                                     TideExportFormat  format);

G_END_DECLS
