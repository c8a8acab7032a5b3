/* tide-selection-labels.h: what the metrics are called for the current selection
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every view shows the session's costs, so the same metric means different
 * things: at the peak, "peak" is the heap when it first peaked; at an
 * instant it is the heap live then ("Live at 0.52 s"); for a range it is
 * what the range allocated that is still live at its end. "leaked" means
 * something apart only at the peak (the trace's own costs): for an instant
 * or a range the core fills it with the same live bytes, so views hide it.
 */
#pragma once

#include "core/analysis/tide-sites.h"
#include "core/tide-session.h"

G_BEGIN_DECLS

/* Whether a view should offer @metric for @session's selection (all of
 * them when @session is NULL). */
gboolean  tide_selection_has_metric        (TideSession *session,
                                            TideMetric   metric);
/* A short name for a column header: "Peak", "Live at 0.52 s", "Still live at 1.00 s". */
char     *tide_selection_dup_metric_name   (TideSession *session,
                                            TideMetric   metric);
/* The name of a menu entry: "Peak Memory", "Live at 0.52 s", ... */
char     *tide_selection_dup_metric_title  (TideSession *session,
                                            TideMetric   metric);
/* A legend: "Peak: 1.1 MB", "Live at 0.52 s: 1.1 MB", "Allocations: 913". */
char     *tide_selection_format_total      (TideSession *session,
                                            TideMetric   metric,
                                            guint64      value);
/* A file name part: "peak", "live-at-520ms", "allocations-500ms-1000ms". */
char     *tide_selection_dup_export_tag    (TideSession *session,
                                            TideMetric   metric);

G_END_DECLS
