/* tide-summary-page.h: a trace's totals and its top allocation sites
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same facts as `tidemark summary` (and heaptrack_print): the recorded
 * command, runtime, allocation counts, peak, leaks, then one sortable table
 * per metric. Every value label has a widget name ("peak-value", ...) so
 * tests can read back exactly what is displayed. The totals are the whole
 * run's; the tables follow the session's selection (the peak, the heap at
 * an instant, a range).
 */
#pragma once

#include <gtk/gtk.h>

#include "core/tide-session.h"
#include "core/tide-trace.h"

G_BEGIN_DECLS

#define TIDE_TYPE_SUMMARY_PAGE (tide_summary_page_get_type ())
G_DECLARE_FINAL_TYPE (TideSummaryPage, tide_summary_page, TIDE, SUMMARY_PAGE, GtkWidget)

GtkWidget   *tide_summary_page_new         (void);
TideSession *tide_summary_page_get_session (TideSummaryPage *self);
void         tide_summary_page_set_session (TideSummaryPage *self,
                                            TideSession     *session);
/* The session's trace, or NULL. */
TideTrace   *tide_summary_page_get_trace   (TideSummaryPage *self);

G_END_DECLS
