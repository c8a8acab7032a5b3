/* tide-histogram-view.c: an interactive allocation-size histogram (hover, tooltips)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "tide-histogram-view.h"

/* Used before the first allocation (an export of a page never shown). */
#define FALLBACK_WIDTH  1200.0
#define FALLBACK_HEIGHT 600.0

struct _TideHistogramView
{
  GtkWidget            parent_instance;

  /* owned references */
  GPtrArray           *classes;
  char                *what;

  /* caches: the layout for (classes, scheme, size), the draw list and its
   * rendering for the layout and the style */
  TideHistogramLayout *layout;
  double               layout_width, layout_height;
  TideDrawList        *draw_list;
  GskRenderNode       *render_node;

  TideSizeClassScheme  scheme;
  int                  hover;
  gboolean             dark;
  char                *accessible_label; /* as last given to assistive technologies */
};

enum {
  PROP_0,
  PROP_HOVER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TideHistogramView, tide_histogram_view, GTK_TYPE_WIDGET)

static void
current_size (TideHistogramView *self,
              double            *width,
              double            *height)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  *width = w > 0 ? w : FALLBACK_WIDTH;
  *height = h > 0 ? h : FALLBACK_HEIGHT;
}

static void
fill_style (TideHistogramView  *self,
            TideHistogramStyle *style,
            gboolean            for_screen)
{
  tide_histogram_style_init (style);
  style->dark = self->dark;
  style->what = self->what;
  style->skip_titles = for_screen;
}

static void
clear_drawing (TideHistogramView *self)
{
  g_clear_pointer (&self->draw_list, tide_draw_list_free);
  g_clear_pointer (&self->render_node, gsk_render_node_unref);
}

/* "Histogram of allocation sizes (Live at peak): blocks and bytes per
 * size class", for screen readers; updated with the data. */
static void
update_accessible (TideHistogramView *self)
{
  g_autofree char *label = NULL;

  if (self->classes != NULL && self->what != NULL && self->what[0] != '\0')
    /* TRANSLATORS: %s is what the classes are: "Live at peak", "All allocations" */
    label = g_strdup_printf (_("Histogram of allocation sizes (%s): blocks and bytes per size class"), self->what);
  else
    label = g_strdup (_("Histogram of allocation sizes: blocks and bytes per size class"));

  if (g_strcmp0 (label, self->accessible_label) == 0)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_free (self->accessible_label);
  self->accessible_label = g_steal_pointer (&label);
}

static void
invalidate (TideHistogramView *self,
            gboolean           layout_too)
{
  if (layout_too)
    g_clear_pointer (&self->layout, tide_histogram_layout_free);
  clear_drawing (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static TideHistogramLayout *
layout_for (TideHistogramView *self,
            double             width,
            double             height)
{
  TideHistogramStyle style;
  TideRect blocks, bytes;

  fill_style (self, &style, TRUE);
  tide_histogram_painter_get_plots (&style, width, height, &blocks, &bytes);
  return tide_histogram_layout_new (self->scheme, self->classes, blocks, bytes);
}

static TideHistogramLayout *
ensure_layout (TideHistogramView *self)
{
  double width, height;

  if (self->classes == NULL)
    return NULL;
  current_size (self, &width, &height);
  if (self->layout != NULL && self->layout_width == width && self->layout_height == height)
    return self->layout;
  g_clear_pointer (&self->layout, tide_histogram_layout_free);
  clear_drawing (self);
  self->layout = layout_for (self, width, height);
  self->layout_width = width;
  self->layout_height = height;
  return self->layout;
}

static void
set_hover (TideHistogramView *self,
           int                hover)
{
  if (self->hover == hover)
    return;
  self->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER]);
}

static int
bar_at (TideHistogramView *self,
        double             x,
        double             y)
{
  TideHistogramLayout *layout = ensure_layout (self);

  return layout != NULL ? tide_histogram_layout_hit (layout, x, y) : -1;
}

static void
motion_cb (TideHistogramView *self,
           double             x,
           double             y)
{
  set_hover (self, bar_at (self, x, y));
}

static void
leave_cb (TideHistogramView *self)
{
  set_hover (self, -1);
}

static void
dark_changed_cb (TideHistogramView *self,
                 GParamSpec        *pspec,
                 AdwStyleManager   *manager)
{
  gboolean dark = adw_style_manager_get_dark (manager);

  if (self->dark == dark)
    return;
  self->dark = dark;
  invalidate (self, FALSE);
}

static gboolean
tide_histogram_view_query_tooltip (GtkWidget  *widget,
                                   int         x,
                                   int         y,
                                   gboolean    keyboard_mode,
                                   GtkTooltip *tooltip)
{
  TideHistogramView *self = TIDE_HISTOGRAM_VIEW (widget);
  int i = bar_at (self, x, y);
  g_autofree char *text = NULL;

  if (i < 0)
    return FALSE;
  text = tide_histogram_painter_title (self->layout, i);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
tide_histogram_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 240;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

static void
tide_histogram_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  TideHistogramView *self = TIDE_HISTOGRAM_VIEW (widget);
  TideHistogramLayout *layout = ensure_layout (self);

  if (layout == NULL)
    return;
  if (self->render_node == NULL)
    {
      g_autoptr(GtkSnapshot) recorder = gtk_snapshot_new ();
      TideHistogramStyle style;
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, self->layout_width, self->layout_height);
      cairo_t *cr;

      fill_style (self, &style, TRUE);
      if (self->draw_list == NULL)
        self->draw_list = tide_histogram_paint (layout, &style, self->layout_width, self->layout_height);
      cr = gtk_snapshot_append_cairo (recorder, &bounds);
      tide_draw_list_render (self->draw_list, cr);
      cairo_destroy (cr);
      self->render_node = gtk_snapshot_free_to_node (g_steal_pointer (&recorder));
    }
  if (self->render_node != NULL)
    gtk_snapshot_append_node (snapshot, self->render_node);

  /* the hovered class's column in both panels, as the painter's overlay does */
  if (self->hover >= 0 && (guint) self->hover < tide_histogram_layout_get_n_bars (layout))
    {
      const TideHistogramBar *bar = tide_histogram_layout_get_bar (layout, self->hover);
      const TideHistogramAxis *axes[] = { tide_histogram_layout_get_blocks_axis (layout),
                                          tide_histogram_layout_get_bytes_axis (layout) };
      GdkRGBA tint = self->dark ? (GdkRGBA) { 1, 1, 1, 0.10 } : (GdkRGBA) { 0, 0, 0, 0.07 };

      for (guint a = 0; a < G_N_ELEMENTS (axes); a++)
        gtk_snapshot_append_color (snapshot, &tint,
                                   &GRAPHENE_RECT_INIT (round (bar->x0), axes[a]->plot.y,
                                                        MAX (round (bar->x1) - round (bar->x0), 1), axes[a]->plot.h));
    }
}

static void
tide_histogram_view_dispose (GObject *object)
{
  TideHistogramView *self = TIDE_HISTOGRAM_VIEW (object);

  clear_drawing (self);
  g_clear_pointer (&self->layout, tide_histogram_layout_free);
  g_clear_pointer (&self->classes, g_ptr_array_unref);

  G_OBJECT_CLASS (tide_histogram_view_parent_class)->dispose (object);
}

static void
tide_histogram_view_finalize (GObject *object)
{
  TideHistogramView *self = TIDE_HISTOGRAM_VIEW (object);

  g_free (self->what);
  g_free (self->accessible_label);

  G_OBJECT_CLASS (tide_histogram_view_parent_class)->finalize (object);
}

static void
tide_histogram_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TideHistogramView *self = TIDE_HISTOGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_HOVER:
      g_value_set_int (value, self->hover);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_histogram_view_class_init (TideHistogramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_histogram_view_dispose;
  object_class->finalize = tide_histogram_view_finalize;
  object_class->get_property = tide_histogram_view_get_property;

  widget_class->measure = tide_histogram_view_measure;
  widget_class->snapshot = tide_histogram_view_snapshot;
  widget_class->query_tooltip = tide_histogram_view_query_tooltip;

  properties[PROP_HOVER] =
    g_param_spec_int ("hover", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "tidehistogramview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tide_histogram_view_init (TideHistogramView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  self->hover = -1;
  self->dark = adw_style_manager_get_dark (style_manager);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  g_signal_connect_object (motion, "enter", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect_object (style_manager, "notify::dark", G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  update_accessible (self);
}

GtkWidget *
tide_histogram_view_new (void)
{
  return g_object_new (TIDE_TYPE_HISTOGRAM_VIEW, NULL);
}

void
tide_histogram_view_set_data (TideHistogramView   *self,
                              TideSizeClassScheme  scheme,
                              GPtrArray           *classes,
                              const char          *what)
{
  g_return_if_fail (TIDE_IS_HISTOGRAM_VIEW (self));

  if (classes != NULL)
    g_ptr_array_ref (classes);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  self->classes = classes;
  self->scheme = scheme;
  g_free (self->what);
  self->what = g_strdup (what != NULL ? what : "");
  set_hover (self, -1);
  invalidate (self, TRUE);
  update_accessible (self);
}

const char *
tide_histogram_view_get_accessible_label (TideHistogramView *self)
{
  g_return_val_if_fail (TIDE_IS_HISTOGRAM_VIEW (self), NULL);
  return self->accessible_label;
}

GPtrArray *
tide_histogram_view_get_classes (TideHistogramView *self)
{
  g_return_val_if_fail (TIDE_IS_HISTOGRAM_VIEW (self), NULL);
  return self->classes;
}

TideHistogramLayout *
tide_histogram_view_get_layout (TideHistogramView *self)
{
  g_return_val_if_fail (TIDE_IS_HISTOGRAM_VIEW (self), NULL);
  return ensure_layout (self);
}

int
tide_histogram_view_get_hover (TideHistogramView *self)
{
  g_return_val_if_fail (TIDE_IS_HISTOGRAM_VIEW (self), -1);
  return self->hover;
}

TideDrawList *
tide_histogram_view_paint (TideHistogramView *self,
                           double             width,
                           double             height)
{
  g_autoptr(TideHistogramLayout) layout = NULL;
  TideHistogramStyle style;
  double w, h;

  g_return_val_if_fail (TIDE_IS_HISTOGRAM_VIEW (self), NULL);

  if (self->classes == NULL)
    return NULL;
  current_size (self, &w, &h);
  if (width <= 0)
    width = w;
  if (height <= 0)
    height = h;
  layout = layout_for (self, width, height);
  fill_style (self, &style, FALSE);
  return tide_histogram_paint (layout, &style, width, height);
}
