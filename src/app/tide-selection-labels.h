/* tide-selection-labels.h: what the metrics are called for the current selection and trace
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every view shows the session's costs, so the same metric means different
 * things: at the peak, "peak" is the heap when it first peaked; at an
 * instant it is the heap live then ("Live at 0.52 s"); for a range it is
 * what the range allocated that is still live at its end. "leaked" means
 * something apart only at the peak (the trace's own costs): for an instant
 * or a range the core fills it with the same live bytes, so views hide it.
 *
 * Not every trace knows every metric, and views offer only those it knows:
 *  - heaptrack: all of them;
 *  - massif records heap sizes, not allocation calls: the peak, and what is
 *    still allocated at the end (its last snapshot), which it cannot tell
 *    from a leak, per site only when that snapshot is detailed;
 *  - a tracemalloc dump is the heap at one moment: its bytes ("traced") and
 *    blocks; leaked and allocated bytes would be the same bytes again, and
 *    it records no frees, so no temporary allocations;
 *  - folded stacks are weights without a unit: one metric, "Weight",
 *    written as a plain number.
 * Folded stacks and tracemalloc dumps have no time either: no timeline.
 */
#pragma once

#include "core/analysis/tide-sites.h"
#include "core/tide-session.h"

G_BEGIN_DECLS

/* Whether @trace has values of @metric per site (see above). */
gboolean  tide_selection_trace_has_metric  (TideTrace   *trace,
                                            TideMetric   metric);
/* Whether @trace records when things happened (a timeline to pick from). */
gboolean  tide_selection_trace_has_time    (TideTrace   *trace);
/* Whether it records call stacks (memory_profiler records none): flame
 * graphs, treemaps and sites. */
gboolean  tide_selection_trace_has_stacks  (TideTrace   *trace);
/* Whether a view should offer @metric for @session's selection and trace
 * (all of them when @session is NULL). */
gboolean  tide_selection_has_metric        (TideSession *session,
                                            TideMetric   metric);
/* A short name for a column header or a tab: "Peak", "Live at 0.52 s",
 * "Still live at 1.00 s", "Weight". */
char     *tide_selection_dup_metric_name   (TideSession *session,
                                            TideMetric   metric);
/* The name of a menu entry: "Peak Memory", "Live at 0.52 s", ... */
char     *tide_selection_dup_metric_title  (TideSession *session,
                                            TideMetric   metric);
/* A value as @trace's metric reads: "1.1 MB", "913", a weight "5,141".
 * @trace may be NULL. */
char     *tide_selection_format_value      (TideTrace   *trace,
                                            TideMetric   metric,
                                            guint64      value);
/* A legend: "Peak: 1.1 MB", "Live at 0.52 s: 1.1 MB", "Allocations: 913". */
char     *tide_selection_format_total      (TideSession *session,
                                            TideMetric   metric,
                                            guint64      value);
/* The same for @trace at its peak, whatever the selection (may be NULL). */
char     *tide_selection_format_trace_total (TideTrace  *trace,
                                            TideMetric   metric,
                                            guint64      value);
/* A file name part: "peak", "live-at-520ms", "allocations-500ms-1000ms",
 * "live-at-219844i" (massif counts instructions). */
char     *tide_selection_dup_export_tag    (TideSession *session,
                                            TideMetric   metric);

G_END_DECLS
