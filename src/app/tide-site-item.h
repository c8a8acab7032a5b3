/* tide-site-item.h: one allocation site of a trace as a list-model item
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The site tables of the summary page show a GListModel of these. The texts
 * are made on first use (a trace can have thousands of sites and most rows
 * are never scrolled into view) and are always valid UTF-8.
 */
#pragma once

#include <glib-object.h>

#include "core/analysis/tide-sites.h"
#include "core/tide-trace.h"

G_BEGIN_DECLS

#define TIDE_TYPE_SITE_ITEM (tide_site_item_get_type ())
G_DECLARE_FINAL_TYPE (TideSiteItem, tide_site_item, TIDE, SITE_ITEM, GObject)

TideSiteItem   *tide_site_item_new          (TideTrace      *trace,
                                             const TideSite *site);
TideTrace      *tide_site_item_get_trace    (TideSiteItem   *self);
guint32         tide_site_item_get_frame    (TideSiteItem   *self);
const TideCost *tide_site_item_get_cost     (TideSiteItem   *self);
guint64         tide_site_item_get_value    (TideSiteItem   *self,
                                             TideMetric      metric);
const char     *tide_site_item_get_function (TideSiteItem   *self);
const char     *tide_site_item_get_location (TideSiteItem   *self);
const char     *tide_site_item_get_module   (TideSiteItem   *self);

G_END_DECLS
