/* tide-treemap-view.h: an interactive size-class treemap (hover, tooltips, drill-in)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws size classes (tide_size_classes_compute()) through the charts
 * library's treemap layout and painter, so what the window shows is what
 * an export writes. Hovering a box outlines it and its tooltip gives the
 * exact figures; clicking a class (or one of its sites) drills into that
 * class, which then fills the view; Alt+Left, Escape, Backspace or the
 * mouse's back button step back out. The rendering is cached until the
 * data, the size, the options or the style change; the hover outline is
 * drawn over it.
 */
#pragma once

#include <gtk/gtk.h>

#include "charts/tide-draw-list.h"
#include "charts/tide-treemap-painter.h"

G_BEGIN_DECLS

#define TIDE_TYPE_TREEMAP_VIEW (tide_treemap_view_get_type ())
G_DECLARE_FINAL_TYPE (TideTreemapView, tide_treemap_view, TIDE, TREEMAP_VIEW, GtkWidget)

GtkWidget            *tide_treemap_view_new             (void);
/* The accessible label last set (GTK 4.8 has no getter). */
const char           *tide_treemap_view_get_accessible_label (TideTreemapView *self);

/* The classes to show, of @trace with @scheme, and what they are ("Live
 * at peak", for the summary line). A class drilled into stays so when the
 * new classes have it (a new selection), else the view backs out; a new
 * scheme or trace always backs out. NULL @classes: nothing to show. */
void                  tide_treemap_view_set_data        (TideTreemapView      *self,
                                                         TideTrace            *trace,
                                                         TideSizeClassScheme   scheme,
                                                         GPtrArray            *classes,
                                                         const char           *what);
GPtrArray            *tide_treemap_view_get_classes     (TideTreemapView      *self);
TideSizeClassScheme   tide_treemap_view_get_scheme      (TideTreemapView      *self);

TideTreemapColorMode  tide_treemap_view_get_color_mode  (TideTreemapView      *self);
void                  tide_treemap_view_set_color_mode  (TideTreemapView      *self,
                                                         TideTreemapColorMode  mode);
TideTreemapValue      tide_treemap_view_get_value       (TideTreemapView      *self);
void                  tide_treemap_view_set_value       (TideTreemapView      *self,
                                                         TideTreemapValue      value);

/* The class drilled into (TideSizeClass.klass), or TIDE_TREEMAP_ALL_CLASSES. */
guint                 tide_treemap_view_get_zoom_class  (TideTreemapView      *self);
/* Drills into @klass (remembering where it was for zoom_back()). */
void                  tide_treemap_view_zoom_to_class   (TideTreemapView      *self,
                                                         guint                 klass);
/* One step back; FALSE when there is none. */
gboolean              tide_treemap_view_zoom_back       (TideTreemapView      *self);
gboolean              tide_treemap_view_can_zoom_back   (TideTreemapView      *self);

/* The layout on screen (for the widget's size), valid until the next
 * change of data, options, zoom or size; NULL with nothing to show. */
TideTreemapLayout    *tide_treemap_view_get_layout      (TideTreemapView      *self);
/* The rect drawn at (@x, @y) in widget coordinates, or -1. */
int                   tide_treemap_view_get_rect_at     (TideTreemapView      *self,
                                                         double                x,
                                                         double                y);
/* What a primary click at (@x, @y) does: drill into the class there (in
 * the overview); TRUE when it did. */
gboolean              tide_treemap_view_activate_at     (TideTreemapView      *self,
                                                         double                x,
                                                         double                y);
/* The rect under the pointer, or -1. */
int                   tide_treemap_view_get_hover       (TideTreemapView      *self);
/* Outlines rect @i as if pointed at (-1 for none): the matched box of a
 * treemap beside this one. */
void                  tide_treemap_view_set_hover       (TideTreemapView      *self,
                                                         int                   rect);
/* The bytes the whole plot stands for, at least (0: the data's own): the
 * larger of two treemaps' totals, so that the same bytes cover the same
 * area in both; the smaller one then fills that share of the plot. */
guint64               tide_treemap_view_get_scale_value (TideTreemapView      *self);
void                  tide_treemap_view_set_scale_value (TideTreemapView      *self,
                                                         guint64               value);
/* Fades the sites whose allocating frame does not contain @text (case
 * aside); NULL or "" for no search. */
void                  tide_treemap_view_set_search      (TideTreemapView      *self,
                                                         const char           *text);
/* How many site boxes on screen match the search. */
guint                 tide_treemap_view_get_search_matches (TideTreemapView   *self);
/* The draw list on screen (no tooltips, no hover), NULL with nothing to show. */
TideDrawList         *tide_treemap_view_get_draw_list   (TideTreemapView      *self);
/* The same picture with a tooltip per box, at @width x @height (the
 * widget's size when <= 0): what an export writes. NULL with nothing to show. */
TideDrawList         *tide_treemap_view_paint           (TideTreemapView      *self,
                                                         double                width,
                                                         double                height);

G_END_DECLS
