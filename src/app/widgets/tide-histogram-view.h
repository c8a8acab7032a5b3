/* tide-histogram-view.h: an interactive allocation-size histogram (hover, tooltips)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws size classes (tide_size_classes_compute()) through the charts
 * library's histogram layout and painter: blocks and bytes per class on
 * log axes, as an export writes them. Hovering a class highlights its
 * column in both panels and its tooltip gives the exact figures. The
 * rendering is cached until the data, the size or the style change; the
 * highlight is drawn over it.
 */
#pragma once

#include <gtk/gtk.h>

#include "charts/tide-draw-list.h"
#include "charts/tide-histogram-painter.h"

G_BEGIN_DECLS

#define TIDE_TYPE_HISTOGRAM_VIEW (tide_histogram_view_get_type ())
G_DECLARE_FINAL_TYPE (TideHistogramView, tide_histogram_view, TIDE, HISTOGRAM_VIEW, GtkWidget)

GtkWidget           *tide_histogram_view_new           (void);
/* The accessible label last set (GTK 4.8 has no getter). */
const char          *tide_histogram_view_get_accessible_label (TideHistogramView *self);
/* The classes to show (with @scheme) and what they are ("All allocations",
 * for the summary line); NULL @classes: nothing to show. */
void                 tide_histogram_view_set_data      (TideHistogramView   *self,
                                                        TideSizeClassScheme  scheme,
                                                        GPtrArray           *classes,
                                                        const char          *what);
GPtrArray           *tide_histogram_view_get_classes   (TideHistogramView   *self);
/* The layout on screen, valid until the next change of data or size; NULL
 * with nothing to show. */
TideHistogramLayout *tide_histogram_view_get_layout    (TideHistogramView   *self);
/* The bar (class) under the pointer, or -1. */
int                  tide_histogram_view_get_hover     (TideHistogramView   *self);
/* The same picture with a tooltip per bar, at @width x @height (the
 * widget's size when <= 0): what an export writes. */
TideDrawList        *tide_histogram_view_paint         (TideHistogramView   *self,
                                                        double               width,
                                                        double               height);

G_END_DECLS
