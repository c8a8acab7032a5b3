/* tide-compare-window-panes.c: the comparison's two panes of a kind, on one scale and in step
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/analysis/tide-size-classes.h"
#include "core/tide-format.h"
#include "tide-compare-window-private.h"

/* Both panes on one scale: the full width stands for the larger of the
 * two zoomed boxes, so the same bytes are the same width in both. */
void
tide_compare_window_update_scale (TideCompareWindow *self)
{
  guint64 scale = 0;

  for (TideDiffWhich s = TIDE_DIFF_BEFORE; s <= TIDE_DIFF_AFTER; s++)
    {
      TideFlameGraph *graph = tide_compare_window_pane (self, s);
      TideFlameTree *tree = tide_flame_graph_get_tree (graph);

      if (tree != NULL)
        scale = MAX (scale, tide_cost_get (&tide_flame_tree_get_node (tree, tide_flame_graph_get_zoom_node (graph))->total,
                                           self->metric));
    }
  tide_flame_graph_set_scale_value (self->before_graph, scale);
  tide_flame_graph_set_scale_value (self->after_graph, scale);
}

TideTreemapView *
tide_compare_window_treemap (TideCompareWindow *self,
                             TideDiffWhich      which)
{
  return which == TIDE_DIFF_BEFORE ? self->before_treemap : self->after_treemap;
}

/* The bytes a treemap's plot stands for: all its classes, or the one
 * drilled into. */
static guint64
treemap_total (TideTreemapView *view)
{
  GPtrArray *classes = tide_treemap_view_get_classes (view);
  guint zoom = tide_treemap_view_get_zoom_class (view);
  TideTreemapValue value = tide_treemap_view_get_value (view);
  guint64 total = 0;

  for (guint i = 0; classes != NULL && i < classes->len; i++)
    {
      TideSizeClass *klass = g_ptr_array_index (classes, i);

      if (zoom == TIDE_TREEMAP_ALL_CLASSES || zoom == klass->klass)
        total += tide_treemap_value_of (value, klass->requested, klass->allocated);
    }
  return total;
}

/* Both treemaps on one scale: the same bytes cover the same area. */
void
tide_compare_window_update_treemap_scale (TideCompareWindow *self)
{
  guint64 scale = MAX (treemap_total (self->before_treemap), treemap_total (self->after_treemap));

  tide_treemap_view_set_scale_value (self->before_treemap, scale);
  tide_treemap_view_set_scale_value (self->after_treemap, scale);
}

static gboolean
has_class (TideTreemapView *view,
           guint            klass)
{
  GPtrArray *classes = tide_treemap_view_get_classes (view);

  for (guint i = 0; classes != NULL && i < classes->len; i++)
    if (((TideSizeClass *) g_ptr_array_index (classes, i))->klass == klass)
      return TRUE;
  return FALSE;
}

/* Drilling into a class in one drills into it in the other, when it has it. */
static void
treemap_zoomed_cb (TideCompareWindow *self,
                   GParamSpec        *pspec,
                   TideTreemapView   *view)
{
  TideTreemapView *other = view == self->before_treemap ? self->after_treemap : self->before_treemap;
  guint klass = tide_treemap_view_get_zoom_class (view);

  if (!self->mirroring && tide_treemap_view_get_zoom_class (other) != klass
      && (klass == TIDE_TREEMAP_ALL_CLASSES || has_class (other, klass)))
    {
      self->mirroring = TRUE;
      tide_treemap_view_zoom_to_class (other, klass);
      self->mirroring = FALSE;
    }
  tide_compare_window_update_treemap_scale (self);
}

/* A site's box stands for its class and its allocating frame, which the
 * other trace names the same way (function and source location). */
static char *
treemap_rect_key (TideTreemapLayout *layout,
                  int                i)
{
  const TideTreemapRect *rect = tide_treemap_layout_get_rect (layout, i);
  const TideSizeClass *klass = tide_treemap_layout_get_class (layout, rect);
  const TideClassSite *site = tide_treemap_layout_get_site (layout, rect);
  g_autofree char *frame = NULL;

  if (site != NULL)
    frame = tide_format_frame (tide_treemap_layout_get_trace (layout), site->frame);
  return g_strdup_printf ("%u\n%s", klass->klass, frame != NULL ? frame : "");
}

static void
treemap_hovered_cb (TideCompareWindow *self,
                    GParamSpec        *pspec,
                    TideTreemapView   *view)
{
  TideTreemapView *other = view == self->before_treemap ? self->after_treemap : self->before_treemap;
  TideTreemapLayout *from = tide_treemap_view_get_layout (view);
  TideTreemapLayout *to = tide_treemap_view_get_layout (other);
  int hover = tide_treemap_view_get_hover (view);
  int match = -1;

  if (self->mirroring)
    return;
  if (hover >= 0 && from != NULL && to != NULL)
    {
      g_autofree char *key = treemap_rect_key (from, hover);

      for (guint i = 0; i < tide_treemap_layout_get_n_rects (to) && match < 0; i++)
        {
          g_autofree char *candidate = treemap_rect_key (to, i);

          if (g_str_equal (key, candidate))
            match = i;
        }
    }
  self->mirroring = TRUE;
  tide_treemap_view_set_hover (other, match);
  self->mirroring = FALSE;
}

/* The box of the other pane matched with @node of @which's pane. */
static guint32
matched_node (TideCompareWindow *self,
              TideDiffWhich      which,
              guint32            node)
{
  TideFlameTree *from = tide_flame_graph_get_tree (tide_compare_window_pane (self, which));
  TideFlameTree *to = tide_flame_graph_get_tree (tide_compare_window_pane (self, !which));
  guint32 d;

  if (self->diff == NULL || from == NULL || to == NULL || node == TIDE_FLAME_NO_NODE)
    return TIDE_FLAME_NO_NODE;
  d = tide_diff_flame_from_flame (self->diff, which, from, node);
  return tide_diff_flame_to_flame (self->diff, !which, to, d);
}

static void
pane_zoomed_cb (TideCompareWindow *self,
                GParamSpec        *pspec,
                TideFlameGraph    *graph)
{
  TideDiffWhich which = graph == self->before_graph ? TIDE_DIFF_BEFORE : TIDE_DIFF_AFTER;

  if (!self->mirroring)
    {
      guint32 other = matched_node (self, which, tide_flame_graph_get_zoom_node (graph));

      self->mirroring = TRUE;
      if (other != TIDE_FLAME_NO_NODE)
        tide_flame_graph_zoom_to (tide_compare_window_pane (self, !which), other);
      self->mirroring = FALSE;
    }
  tide_compare_window_update_scale (self);
}

static void
pane_hovered_cb (TideCompareWindow *self,
                 GParamSpec        *pspec,
                 TideFlameGraph    *graph)
{
  TideDiffWhich which = graph == self->before_graph ? TIDE_DIFF_BEFORE : TIDE_DIFF_AFTER;

  if (self->mirroring)
    return;
  self->mirroring = TRUE;
  tide_flame_graph_set_hover_node (tide_compare_window_pane (self, !which),
                                   matched_node (self, which, tide_flame_graph_get_hover_node (graph)));
  self->mirroring = FALSE;
}


/* Zooming and pointing in one pane (flame graph or treemap) does the same
 * in the other. */
void
tide_compare_window_connect_panes (TideCompareWindow *self)
{
  g_signal_connect_object (self->before_graph, "notify::zoom-node", G_CALLBACK (pane_zoomed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->after_graph, "notify::zoom-node", G_CALLBACK (pane_zoomed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->before_graph, "notify::hover-node", G_CALLBACK (pane_hovered_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->after_graph, "notify::hover-node", G_CALLBACK (pane_hovered_cb), self, G_CONNECT_SWAPPED);
  for (TideDiffWhich s = TIDE_DIFF_BEFORE; s <= TIDE_DIFF_AFTER; s++)
    {
      g_signal_connect_object (tide_compare_window_treemap (self, s), "notify::zoom-class",
                               G_CALLBACK (treemap_zoomed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (tide_compare_window_treemap (self, s), "notify::hover", G_CALLBACK (treemap_hovered_cb),
                               self, G_CONNECT_SWAPPED);
    }
}
