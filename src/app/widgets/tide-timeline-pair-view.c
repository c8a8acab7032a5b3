/* tide-timeline-pair-view.c: two traces' heaps over time, overlaid, in a widget
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "tide-timeline-pair-view.h"

#define FALLBACK_WIDTH  1100.0
#define FALLBACK_HEIGHT 600.0

struct _TideTimelinePairView
{
  GtkWidget             parent_instance;

  /* owned references */
  TideTimelineSource   *sources[2];
  char                 *titles[2];
  double                marks[2][2];  /* from, to per side */

  /* caches, for layout_width x layout_height and dark */
  TideTimelinePair     *layout;
  double                layout_width, layout_height;
  GskRenderNode        *render_node;

  double                window[2];    /* the time shown, since the starts; NAN: all of it */
  double                hover_x;      /* NAN: no pointer */
  gboolean              dark;
};

G_DEFINE_FINAL_TYPE (TideTimelinePairView, tide_timeline_pair_view, GTK_TYPE_WIDGET)

static void
current_size (TideTimelinePairView *self,
              double               *width,
              double               *height)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  *width = w > 0 ? w : FALLBACK_WIDTH;
  *height = h > 0 ? h : FALLBACK_HEIGHT;
}

static TideTimelinePair *
layout_for (TideTimelinePairView *self,
            double                width,
            double                height)
{
  TideTimelinePairSide sides[2];

  for (guint s = 0; s < 2; s++)
    sides[s] = (TideTimelinePairSide) { self->sources[s], self->titles[s], self->marks[s][0], self->marks[s][1] };
  return tide_timeline_pair_new (sides, self->dark, width, height, self->window[0], self->window[1]);
}

static TideTimelinePair *
ensure_layout (TideTimelinePairView *self)
{
  double width, height;

  if (self->sources[0] == NULL)
    return NULL;
  current_size (self, &width, &height);
  if (self->layout != NULL && self->layout_width == width && self->layout_height == height)
    return self->layout;
  g_clear_pointer (&self->layout, tide_timeline_pair_free);
  g_clear_pointer (&self->render_node, gsk_render_node_unref);
  self->layout = layout_for (self, width, height);
  self->layout_width = width;
  self->layout_height = height;
  return self->layout;
}

static void
invalidate (TideTimelinePairView *self)
{
  g_clear_pointer (&self->layout, tide_timeline_pair_free);
  g_clear_pointer (&self->render_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dark_changed_cb (TideTimelinePairView *self,
                 GParamSpec           *pspec,
                 AdwStyleManager      *manager)
{
  self->dark = adw_style_manager_get_dark (manager);
  invalidate (self);
}

static void
motion_cb (TideTimelinePairView     *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  self->hover_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (TideTimelinePairView     *self,
          GtkEventControllerMotion *controller)
{
  self->hover_x = NAN;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Zooms by @factor (< 1: in) around @anchor, a time since the starts. */
static void
zoom_around (TideTimelinePairView *self,
             double                anchor,
             double                factor)
{
  TideTimelinePair *layout = ensure_layout (self);
  const TideTimelineAxis *axis;
  double t0, t1, span;

  if (layout == NULL)
    return;
  axis = tide_timeline_pair_get_time_axis (layout);
  span = tide_timeline_pair_get_span (layout);
  t0 = axis->min;
  t1 = axis->max;
  /* down to a thousandth of the run, or to one unit of time */
  tide_timeline_window_zoom (&t0, &t1, anchor, factor, MAX (1.0, span / 1000), 0, span);
  tide_timeline_pair_view_set_window (self, t0, t1);
}

static gboolean
scroll_cb (TideTimelinePairView     *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  TideTimelinePair *layout = ensure_layout (self);
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  const TideTimelineAxis *axis;
  TideTimelineRect plot;
  double x;

  if (layout == NULL)
    return FALSE;
  axis = tide_timeline_pair_get_time_axis (layout);
  tide_timeline_pair_get_plot (layout, &plot);
  if (state & GDK_CONTROL_MASK)
    {
      /* around the pointer, as the trace's own timeline does */
      x = isnan (self->hover_x) ? plot.x + plot.width / 2 : CLAMP (self->hover_x, plot.x, plot.x + plot.width);
      zoom_around (self, axis->min + (x - plot.x) / plot.width * (axis->max - axis->min), pow (1.2, dy));
      return TRUE;
    }
  if (dx != 0 || (state & GDK_SHIFT_MASK))
    {
      double t0 = axis->min, t1 = axis->max;
      double step = (dx != 0 ? dx : dy) * (t1 - t0) / 10;

      tide_timeline_window_pan (&t0, &t1, step, 0, tide_timeline_pair_get_span (layout));
      tide_timeline_pair_view_set_window (self, t0, t1);
      return TRUE;
    }
  return FALSE;
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TideTimelinePairView *self = TIDE_TIMELINE_PAIR_VIEW (widget);
  TideTimelinePair *layout = ensure_layout (self);
  const TideTimelineAxis *axis;
  int direction = g_variant_get_int32 (parameter);

  if (layout == NULL)
    return;
  if (direction == 0)
    {
      tide_timeline_pair_view_set_window (self, NAN, NAN);
      return;
    }
  axis = tide_timeline_pair_get_time_axis (layout);
  zoom_around (self, (axis->min + axis->max) / 2, direction > 0 ? 1 / 1.5 : 1.5);
}

static gboolean
tide_timeline_pair_view_query_tooltip (GtkWidget  *widget,
                                       int         x,
                                       int         y,
                                       gboolean    keyboard,
                                       GtkTooltip *tooltip)
{
  TideTimelinePair *layout = ensure_layout (TIDE_TIMELINE_PAIR_VIEW (widget));
  g_autofree char *text = layout != NULL ? tide_timeline_pair_readout (layout, x) : NULL;

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
tide_timeline_pair_view_snapshot (GtkWidget   *widget,
                                  GtkSnapshot *snapshot)
{
  TideTimelinePairView *self = TIDE_TIMELINE_PAIR_VIEW (widget);
  TideTimelinePair *layout = ensure_layout (self);
  TideTimelineRect plot;

  if (layout == NULL)
    return;
  if (self->render_node == NULL)
    {
      g_autoptr(TideDrawList) list = tide_timeline_pair_paint (layout, NAN);
      g_autoptr(GtkSnapshot) recorder = gtk_snapshot_new ();
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, self->layout_width, self->layout_height);
      cairo_t *cr = gtk_snapshot_append_cairo (recorder, &bounds);

      tide_draw_list_render (list, cr);
      cairo_destroy (cr);
      self->render_node = gtk_snapshot_free_to_node (g_steal_pointer (&recorder));
    }
  gtk_snapshot_append_node (snapshot, self->render_node);

  /* the crosshair over the cached chart */
  tide_timeline_pair_get_plot (layout, &plot);
  if (!isnan (self->hover_x) && self->hover_x >= plot.x && self->hover_x <= plot.x + plot.width)
    {
      GdkRGBA ink = self->dark ? (GdkRGBA) { 1, 1, 1, 0.5 } : (GdkRGBA) { 0, 0, 0, 0.5 };

      gtk_snapshot_append_color (snapshot, &ink, &GRAPHENE_RECT_INIT (floor (self->hover_x), plot.y, 1, plot.height));
    }
}

static void
tide_timeline_pair_view_size_allocate (GtkWidget *widget,
                                       int        width,
                                       int        height,
                                       int        baseline)
{
  /* the layout follows the size on the next draw */
  gtk_widget_queue_draw (widget);
}

static void
tide_timeline_pair_view_dispose (GObject *object)
{
  TideTimelinePairView *self = TIDE_TIMELINE_PAIR_VIEW (object);

  g_clear_pointer (&self->layout, tide_timeline_pair_free);
  g_clear_pointer (&self->render_node, gsk_render_node_unref);
  for (guint s = 0; s < 2; s++)
    {
      g_clear_pointer (&self->sources[s], tide_timeline_source_unref);
      g_clear_pointer (&self->titles[s], g_free);
    }

  G_OBJECT_CLASS (tide_timeline_pair_view_parent_class)->dispose (object);
}

static void
tide_timeline_pair_view_class_init (TideTimelinePairViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_timeline_pair_view_dispose;
  widget_class->snapshot = tide_timeline_pair_view_snapshot;
  widget_class->size_allocate = tide_timeline_pair_view_size_allocate;
  widget_class->query_tooltip = tide_timeline_pair_view_query_tooltip;

  /* as the trace's own timeline: + and - zoom, 0 shows the whole runs */
  gtk_widget_class_install_action (widget_class, "pair.zoom", "i", zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "pair.zoom", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "pair.zoom", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "pair.zoom", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "pair.zoom", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "pair.zoom", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "pair.zoom", "i", 0);
  gtk_widget_class_set_css_name (widget_class, "tidetimelinepair");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tide_timeline_pair_view_init (TideTimelinePairView *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

  self->hover_x = NAN;
  self->window[0] = self->window[1] = NAN;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  self->dark = adw_style_manager_get_dark (style_manager);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_object (style_manager, "notify::dark", G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The two heaps over time, from their starts, on one scale"), -1);
}

GtkWidget *
tide_timeline_pair_view_new (void)
{
  return g_object_new (TIDE_TYPE_TIMELINE_PAIR_VIEW, NULL);
}

void
tide_timeline_pair_view_set_sides (TideTimelinePairView       *self,
                                   const TideTimelinePairSide *sides)
{
  g_return_if_fail (TIDE_IS_TIMELINE_PAIR_VIEW (self));

  for (guint s = 0; s < 2; s++)
    {
      g_clear_pointer (&self->sources[s], tide_timeline_source_unref);
      g_clear_pointer (&self->titles[s], g_free);
      if (sides != NULL)
        {
          self->sources[s] = sides[s].source;
          self->titles[s] = g_strdup (sides[s].title);
          self->marks[s][0] = sides[s].mark_from;
          self->marks[s][1] = sides[s].mark_to;
        }
    }
  /* new runs: the whole of them */
  self->window[0] = self->window[1] = NAN;
  invalidate (self);
}

void
tide_timeline_pair_view_set_window (TideTimelinePairView *self,
                                    double                t0,
                                    double                t1)
{
  g_return_if_fail (TIDE_IS_TIMELINE_PAIR_VIEW (self));

  if (isnan (t0) || isnan (t1) || t1 <= t0)
    t0 = t1 = NAN;
  self->window[0] = t0;
  self->window[1] = t1;
  invalidate (self);
}

TideTimelinePair *
tide_timeline_pair_view_get_layout (TideTimelinePairView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_PAIR_VIEW (self), NULL);
  return ensure_layout (self);
}

TideDrawList *
tide_timeline_pair_view_paint (TideTimelinePairView *self,
                               double                width,
                               double                height)
{
  g_autoptr(TideTimelinePair) layout = NULL;
  double w, h;

  g_return_val_if_fail (TIDE_IS_TIMELINE_PAIR_VIEW (self), NULL);

  if (self->sources[0] == NULL)
    return NULL;
  current_size (self, &w, &h);
  layout = layout_for (self, width > 0 ? width : w, height > 0 ? height : h);
  /* as on screen, zoomed or not */
  return tide_timeline_pair_paint (layout, NAN);
}
