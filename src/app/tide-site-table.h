/* tide-site-table.h: a sortable table of a trace's allocation sites
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One tab of the summary page: every site with a non-zero value of the
 * table's metric, largest first; clicking a column header sorts by it.
 */
#pragma once

#include <gtk/gtk.h>

#include "core/analysis/tide-sites.h"
#include "core/tide-trace.h"

G_BEGIN_DECLS

#define TIDE_TYPE_SITE_TABLE (tide_site_table_get_type ())
G_DECLARE_FINAL_TYPE (TideSiteTable, tide_site_table, TIDE, SITE_TABLE, GtkWidget)

GtkWidget  *tide_site_table_new        (TideMetric     metric);
TideMetric  tide_site_table_get_metric (TideSiteTable *self);
void        tide_site_table_set_metric (TideSiteTable *self,
                                        TideMetric     metric);
/* @sites is what tide_sites_collect() returned for @trace; it is copied. */
void        tide_site_table_set_sites  (TideSiteTable *self,
                                        TideTrace     *trace,
                                        GArray        *sites);
/* The rows as shown, in the current sort order. */
GListModel *tide_site_table_get_model  (TideSiteTable *self);

G_END_DECLS
