/* tide-chart-area.c: a GtkGLArea that draws a chart's draw list on the GPU
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <epoxy/gl.h>

#include "render/tide-gl-renderer.h"
#include "tide-chart-area.h"

struct _TideChartArea
{
  GtkGLArea       parent_instance;

  /* owned */
  TideGlRenderer *renderer;
  /* borrowed from the chart widget */
  TideDrawList   *list;

  gboolean        allow_software;
  gboolean        uploaded;       /* the renderer holds @list at @uploaded_scale */
  int             uploaded_scale;
};

G_DEFINE_FINAL_TYPE (TideChartArea, tide_chart_area, GTK_TYPE_GL_AREA)

/* Set once an area found no usable GL, for the display the app runs on:
 * later charts need not make a context only to find the same. */
static gboolean unusable_seen;

static void
tide_chart_area_realize (GtkWidget *widget)
{
  TideChartArea *self = TIDE_CHART_AREA (widget);
  g_autoptr(GError) error = NULL;

  GTK_WIDGET_CLASS (tide_chart_area_parent_class)->realize (widget);

  gtk_gl_area_make_current (GTK_GL_AREA (self));
  if (gtk_gl_area_get_error (GTK_GL_AREA (self)) != NULL)
    {
      g_debug ("Charts drawn with cairo: %s", gtk_gl_area_get_error (GTK_GL_AREA (self))->message);
      unusable_seen = TRUE;
      return;
    }
  self->renderer = tide_gl_renderer_new (&error);
  if (self->renderer != NULL && tide_gl_renderer_is_software (self->renderer) && !self->allow_software)
    {
      /* measured in bench/gl: llvmpipe takes tens of ms where cairo takes a few */
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "OpenGL rasterises on the CPU here (%s), slower than cairo", (const char *) glGetString (GL_RENDERER));
      g_clear_pointer (&self->renderer, tide_gl_renderer_free);
    }
  if (self->renderer == NULL)
    {
      g_debug ("Charts drawn with cairo: %s", error->message);
      gtk_gl_area_set_error (GTK_GL_AREA (self), error);
      unusable_seen = TRUE;
    }
  self->uploaded = FALSE;
}

static void
tide_chart_area_unrealize (GtkWidget *widget)
{
  TideChartArea *self = TIDE_CHART_AREA (widget);

  if (self->renderer != NULL)
    {
      gtk_gl_area_make_current (GTK_GL_AREA (self));
      g_clear_pointer (&self->renderer, tide_gl_renderer_free);
    }
  self->uploaded = FALSE;

  GTK_WIDGET_CLASS (tide_chart_area_parent_class)->unrealize (widget);
}

static gboolean
tide_chart_area_render (GtkGLArea    *area,
                        GdkGLContext *context)
{
  TideChartArea *self = TIDE_CHART_AREA (area);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (self->renderer == NULL)
    return FALSE;

  /* the costly part only when the picture changed: a resize alone redraws
   * what is there */
  if (!self->uploaded || self->uploaded_scale != scale)
    {
      tide_gl_renderer_upload (self->renderer, self->list, scale);
      self->uploaded = TRUE;
      self->uploaded_scale = scale;
    }
  tide_gl_renderer_draw (self->renderer, gtk_widget_get_width (GTK_WIDGET (self)) * scale,
                         gtk_widget_get_height (GTK_WIDGET (self)) * scale);
  return TRUE;
}

static void
tide_chart_area_class_init (TideChartAreaClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkGLAreaClass *area_class = GTK_GL_AREA_CLASS (klass);

  widget_class->realize = tide_chart_area_realize;
  widget_class->unrealize = tide_chart_area_unrealize;
  area_class->render = tide_chart_area_render;
}

static void
tide_chart_area_init (TideChartArea *self)
{
  /* paths are filled through the stencil buffer */
  gtk_gl_area_set_has_stencil_buffer (GTK_GL_AREA (self), TRUE);
  gtk_gl_area_set_has_depth_buffer (GTK_GL_AREA (self), FALSE);
  /* every snapshot of the area draws (cheap: the upload is kept), so the
   * texture GTK shows is never one of its pool left from an older frame */
  gtk_gl_area_set_auto_render (GTK_GL_AREA (self), TRUE);
  gtk_gl_area_set_required_version (GTK_GL_AREA (self), 3, 3);
  /* the chart widget under it takes the pointer, the focus and the tooltips */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}

GtkWidget *
tide_chart_area_new (gboolean allow_software)
{
  /* nothing for assistive technologies: the chart widget describes itself */
  TideChartArea *self = g_object_new (TIDE_TYPE_CHART_AREA, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

  self->allow_software = allow_software;
  return GTK_WIDGET (self);
}

void
tide_chart_area_set_draw_list (TideChartArea *self,
                               TideDrawList  *list)
{
  g_return_if_fail (TIDE_IS_CHART_AREA (self));

  if (self->list == list)
    return;
  self->list = list;
  self->uploaded = FALSE;
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
}

gboolean
tide_chart_area_unusable_seen (void)
{
  return unusable_seen;
}

gboolean
tide_chart_area_is_usable (TideChartArea *self)
{
  g_return_val_if_fail (TIDE_IS_CHART_AREA (self), FALSE);

  return gtk_widget_get_realized (GTK_WIDGET (self)) && self->renderer != NULL
         && gtk_gl_area_get_error (GTK_GL_AREA (self)) == NULL;
}
