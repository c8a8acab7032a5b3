/* tide-chart-canvas.c: where a chart widget's draw list goes, GPU or cairo
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-chart-area.h"
#include "tide-chart-canvas.h"

struct _TideChartCanvas
{
  GtkWidget     *owner;       /* borrowed: the canvas lives inside it */
  GtkWidget     *area;        /* the GL child, or NULL when cairo is forced */
  GskRenderNode *render_node; /* the cairo path's picture of the last list */
  gboolean       used_gl;
};

typedef enum
{
  MODE_AUTO,  /* GL where a GPU draws it, cairo elsewhere */
  MODE_GL,    /* GL wherever it realises, software rasterisers included */
  MODE_CAIRO,
} Mode;

static Mode
renderer_mode (void)
{
  const char *renderer = g_getenv ("TIDEMARK_RENDERER");

  if (renderer == NULL || *renderer == '\0')
    return MODE_AUTO;
  if (g_str_equal (renderer, "gl"))
    return MODE_GL;
  if (g_str_equal (renderer, "cairo"))
    return MODE_CAIRO;
  g_warning ("TIDEMARK_RENDERER=%s: expected cairo or gl", renderer);
  return MODE_AUTO;
}

TideChartCanvas *
tide_chart_canvas_new (GtkWidget *owner)
{
  TideChartCanvas *self = g_new0 (TideChartCanvas, 1);
  Mode mode = renderer_mode ();

  self->owner = owner;
  /* in auto mode, once is enough to learn that GL will not do here */
  if (mode == MODE_GL || (mode == MODE_AUTO && !tide_chart_area_unusable_seen ()))
    {
      self->area = tide_chart_area_new (mode == MODE_GL);
      gtk_widget_set_parent (self->area, owner);
    }
  return self;
}

void
tide_chart_canvas_free (TideChartCanvas *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->area, gtk_widget_unparent);
  g_clear_pointer (&self->render_node, gsk_render_node_unref);
  g_free (self);
}

void
tide_chart_canvas_allocate (TideChartCanvas *self,
                            int              width,
                            int              height,
                            int              baseline)
{
  /* a widget may still be allocated after its dispose freed the canvas */
  if (self != NULL && self->area != NULL)
    {
      /* GTK wants a child measured before it is allocated */
      gtk_widget_measure (self->area, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
      gtk_widget_allocate (self->area, width, height, baseline, NULL);
    }
}

void
tide_chart_canvas_invalidate (TideChartCanvas *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->render_node, gsk_render_node_unref);
  if (self->area != NULL)
    tide_chart_area_set_draw_list (TIDE_CHART_AREA (self->area), NULL);
}

void
tide_chart_canvas_snapshot (TideChartCanvas *self,
                            GtkSnapshot     *snapshot,
                            TideDrawList    *list)
{
  if (self == NULL)
    return;
  self->used_gl = self->area != NULL && tide_chart_area_is_usable (TIDE_CHART_AREA (self->area));
  if (self->used_gl)
    {
      tide_chart_area_set_draw_list (TIDE_CHART_AREA (self->area), list);
      gtk_widget_snapshot_child (self->owner, self->area, snapshot);
      return;
    }

  if (self->render_node == NULL)
    {
      g_autoptr(GtkSnapshot) recorder = gtk_snapshot_new ();
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, tide_draw_list_get_width (list),
                                                   tide_draw_list_get_height (list));
      cairo_t *cr = gtk_snapshot_append_cairo (recorder, &bounds);

      tide_draw_list_render (list, cr);
      cairo_destroy (cr);
      self->render_node = gtk_snapshot_free_to_node (g_steal_pointer (&recorder));
    }
  if (self->render_node != NULL)
    gtk_snapshot_append_node (snapshot, self->render_node);
}

gboolean
tide_chart_canvas_uses_gl (TideChartCanvas *self)
{
  return self != NULL && self->used_gl;
}
