/* tide-flame-graph.h: an interactive flame graph (hover, tooltips, zoom)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws a TideFlameTree for one metric through the charts library (layout,
 * painter, draw list), so what the window shows is what an export writes.
 * Clicking a box zooms into it (the box then fills the width); a history of
 * zoom steps goes back with Alt+Left or Escape, Home resets. Boxes matching
 * a search are highlighted from a per-node marks buffer ("search").
 *
 * It draws a differential tree (tide-diff-flame.h) the same way, coloured
 * by change, with tooltips giving both sides. Two graphs side by side share
 * a scale through "scale-value": the full width stands for at least that
 * much, so the same bytes are the same width in both.
 *
 * The root row is at the bottom of the widget; its natural height shows every
 * row, so it belongs in a GtkScrolledWindow.
 */
#pragma once

#include <gtk/gtk.h>

#include "charts/tide-draw-list.h"
#include "charts/tide-flame-layout.h"
#include "charts/tide-flame-painter.h"
#include "core/analysis/tide-flame-tree.h"

G_BEGIN_DECLS

/* The core is GLib-only, so the boxed types of its flame trees live here. */
#define TIDE_TYPE_FLAME_TREE (tide_flame_tree_get_type ())
GType tide_flame_tree_get_type (void) G_GNUC_CONST;
#define TIDE_TYPE_DIFF_FLAME (tide_diff_flame_get_type ())
GType tide_diff_flame_get_type (void) G_GNUC_CONST;

#define TIDE_TYPE_FLAME_GRAPH (tide_flame_graph_get_type ())
G_DECLARE_FINAL_TYPE (TideFlameGraph, tide_flame_graph, TIDE, FLAME_GRAPH, GtkWidget)

GtkWidget          *tide_flame_graph_new            (void);
/* The accessible label last set (GTK 4.8 has no getter): "Flame graph of
 * peak memory, zoomed into main". */
const char         *tide_flame_graph_get_accessible_label (TideFlameGraph *self);

TideFlameTree      *tide_flame_graph_get_tree       (TideFlameGraph     *self);
/* A new tree resets the zoom, its history and the search; it replaces a
 * difference, and a difference replaces a tree. */
void                tide_flame_graph_set_tree       (TideFlameGraph     *self,
                                                     TideFlameTree      *tree);
TideDiffFlame      *tide_flame_graph_get_diff       (TideFlameGraph     *self);
void                tide_flame_graph_set_diff       (TideFlameGraph     *self,
                                                     TideDiffFlame      *diff);
/* The value the full width stands for at least (0: the zoomed box's own):
 * the larger of two graphs' zoomed values, to draw both on one scale. */
guint64             tide_flame_graph_get_scale_value (TideFlameGraph    *self);
void                tide_flame_graph_set_scale_value (TideFlameGraph    *self,
                                                     guint64             value);
TideMetric          tide_flame_graph_get_metric     (TideFlameGraph     *self);
void                tide_flame_graph_set_metric     (TideFlameGraph     *self,
                                                     TideMetric          metric);
TideFlameColorMode  tide_flame_graph_get_color_mode (TideFlameGraph     *self);
void                tide_flame_graph_set_color_mode (TideFlameGraph     *self,
                                                     TideFlameColorMode  mode);
/* One byte per flame node, non-zero for a search hit (see tide_flame_search());
 * NULL for no search. Ignored unless it has one byte per node of the tree. */
GBytes             *tide_flame_graph_get_search     (TideFlameGraph     *self);
void                tide_flame_graph_set_search     (TideFlameGraph     *self,
                                                     GBytes             *marks);

/* The node filling the width; 0 (the root) when not zoomed. */
guint32             tide_flame_graph_get_zoom_node  (TideFlameGraph     *self);
/* Zooms to @node, remembering the current zoom for zoom_back(). */
void                tide_flame_graph_zoom_to        (TideFlameGraph     *self,
                                                     guint32             node);
/* One step back in the zoom history; FALSE when there is none. */
gboolean            tide_flame_graph_zoom_back      (TideFlameGraph     *self);
/* Back to the root, forgetting the history. */
void                tide_flame_graph_zoom_reset     (TideFlameGraph     *self);
gboolean            tide_flame_graph_can_zoom_back  (TideFlameGraph     *self);

/* The node under the pointer (or chosen with the arrow keys), or TIDE_FLAME_NO_NODE. */
guint32             tide_flame_graph_get_hover_node (TideFlameGraph     *self);
/* Outlines @node as if pointed at (TIDE_FLAME_NO_NODE for none): the
 * matched box of a graph beside this one. */
void                tide_flame_graph_set_hover_node (TideFlameGraph     *self,
                                                     guint32             node);
/* The node drawn at (@x, @y) in widget coordinates, or TIDE_FLAME_NO_NODE. */
guint32             tide_flame_graph_get_node_at    (TideFlameGraph     *self,
                                                     double              x,
                                                     double              y);
/* The layout on screen (for the widget's current width), valid until the
 * next change of tree, metric, zoom or width; NULL without a tree. */
TideFlameLayout    *tide_flame_graph_get_layout     (TideFlameGraph     *self);
/* The same layout, zoom, search and colours as on screen, without the hover
 * outline, at the widget's width and @height (the natural height when
 * @height <= 0): what an export writes. NULL without a tree. */
TideDrawList       *tide_flame_graph_paint          (TideFlameGraph     *self,
                                                     double              height);

/* The colours and search marks on screen, with titles and without the
 * hover outline: what an export of this graph (or of it beside another,
 * tide_flame_paint_pair()) paints with. The marks stay valid while the
 * search does. */
void                tide_flame_graph_get_export_style (TideFlameGraph *self,
                                                     TideFlameStyle     *style);

G_END_DECLS
