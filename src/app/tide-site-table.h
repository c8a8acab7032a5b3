/* tide-site-table.h: a sortable table of a trace's allocation sites
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One tab of the summary page: every site with a non-zero value of the
 * table's metric, largest first; clicking a column header sorts by it. The
 * sites come from the session's selection, and so do the column names
 * ("Live at 0.52 s" rather than "Peak" for an instant).
 */
#pragma once

#include <gtk/gtk.h>

#include "core/analysis/tide-sites.h"
#include "core/tide-session.h"
#include "core/tide-trace.h"

G_BEGIN_DECLS

#define TIDE_TYPE_SITE_TABLE (tide_site_table_get_type ())
G_DECLARE_FINAL_TYPE (TideSiteTable, tide_site_table, TIDE, SITE_TABLE, GtkWidget)

GtkWidget  *tide_site_table_new        (TideMetric     metric);
TideMetric  tide_site_table_get_metric (TideSiteTable *self);
void        tide_site_table_set_metric (TideSiteTable *self,
                                        TideMetric     metric);
/* @sites is what tide_sites_collect() (or _for_costs()) returned for
 * @trace; it is copied. */
void        tide_site_table_set_sites  (TideSiteTable *self,
                                        TideTrace     *trace,
                                        GArray        *sites);
/* Names the value columns after @session's selection and hides the ones it
 * has no values for (see tide-selection-labels.h); @session is not kept.
 * NULL: the trace's own costs. */
void        tide_site_table_set_selection (TideSiteTable *self,
                                           TideSession   *session);
/* The title of the column of @metric, as shown: for tests. */
const char *tide_site_table_get_column_title (TideSiteTable *self,
                                              TideMetric     metric);
/* The rows as shown, in the current sort order. */
GListModel *tide_site_table_get_model  (TideSiteTable *self);

G_END_DECLS
