/* tide-treemap-view.c: an interactive size-class treemap (hover, tooltips, drill-in)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "tide-chart-canvas.h"
#include "tide-treemap-view.h"

/* Used before the first allocation (an export of a page never shown). */
#define FALLBACK_WIDTH  1200.0
#define FALLBACK_HEIGHT 800.0

/* Extra mouse buttons: "back" on most mice backs out of a class. */
#define BUTTON_BACK 8

struct _TideTreemapView
{
  GtkWidget             parent_instance;

  /* owned references */
  TideTrace            *trace;
  GPtrArray            *classes;
  char                 *what;
  GArray               *history;     /* guint classes drilled into before, oldest first */

  /* caches, each valid for the key beside it:
   * layout   for (classes, scheme, value, zoom, layout_width x layout_height)
   * list     for (layout, colours, style)
   * canvas   for list (the GPU's copy or a cairo render node) */
  TideTreemapLayout    *layout;
  double                layout_width, layout_height;
  guint8               *marks;       /* per rect of layout: search hits; NULL without a search */
  guint                 n_matched;
  TideDrawList         *draw_list;
  TideChartCanvas      *canvas;

  TideSizeClassScheme   scheme;
  TideTreemapColorMode  color_mode;
  TideTreemapValue      value;
  guint64               scale_value; /* what the whole plot stands for, at least; 0: the data's own */
  guint                 zoom_class;
  int                   hover;
  gboolean              dark;
  char                 *accessible_label; /* as last given to assistive technologies */
  char                 *search;           /* NULL for none */
};

enum {
  PROP_0,
  PROP_COLOR_MODE,
  PROP_VALUE,
  PROP_ZOOM_CLASS,
  PROP_CAN_ZOOM_BACK,
  PROP_HOVER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TideTreemapView, tide_treemap_view, GTK_TYPE_WIDGET)

static void
current_size (TideTreemapView *self,
              double          *width,
              double          *height)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  *width = w > 0 ? w : FALLBACK_WIDTH;
  *height = h > 0 ? h : FALLBACK_HEIGHT;
}

/* @for_screen: no tooltip per box (the widget makes its own). */
static void
fill_style (TideTreemapView  *self,
            TideTreemapStyle *style,
            gboolean          for_screen)
{
  tide_treemap_style_init (style);
  style->dark = self->dark;
  style->color_mode = self->color_mode;
  style->what = self->what;
  style->skip_titles = for_screen;
  /* the marks of the layout on screen: an export brings its own */
  style->marks = self->marks;
  style->n_marks = self->layout != NULL && self->marks != NULL ? tide_treemap_layout_get_n_rects (self->layout) : 0;
}

static void
clear_drawing (TideTreemapView *self)
{
  /* the canvas lets go of the list first */
  tide_chart_canvas_invalidate (self->canvas);
  g_clear_pointer (&self->draw_list, tide_draw_list_free);
}

static void
invalidate_drawing (TideTreemapView *self)
{
  clear_drawing (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* "Treemap of memory by size class and allocation site (Live at peak),
 * zoomed into 33 B – 48 B", for screen readers; kept in step with the data
 * and the zoom by invalidate_layout(). */
static void
update_accessible (TideTreemapView *self)
{
  g_autofree char *label = NULL;

  if (self->classes == NULL || self->what == NULL || self->what[0] == '\0')
    label = g_strdup (_("Treemap of memory by size class and allocation site"));
  else if (self->zoom_class != TIDE_TREEMAP_ALL_CLASSES)
    {
      g_autofree char *klass = tide_size_class_label (self->scheme, self->zoom_class);

      /* TRANSLATORS: what the classes are ("Live at peak"), then the class drilled into ("33 B – 48 B") */
      label = g_strdup_printf (_("Treemap of memory by size class and allocation site (%s), zoomed into %s"),
                               self->what, klass);
    }
  else
    /* TRANSLATORS: %s is what the classes are: "Live at peak", "Live at 0.52 s" */
    label = g_strdup_printf (_("Treemap of memory by size class and allocation site (%s)"), self->what);

  if (g_strcmp0 (label, self->accessible_label) == 0)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_free (self->accessible_label);
  self->accessible_label = g_steal_pointer (&label);
}

static void
invalidate_layout (TideTreemapView *self)
{
  g_clear_pointer (&self->layout, tide_treemap_layout_free);
  g_clear_pointer (&self->marks, g_free);
  invalidate_drawing (self);
  update_accessible (self);
}

static TideTreemapLayout *
layout_for (TideTreemapView *self,
            double           width,
            double           height)
{
  TideTreemapStyle style;
  TideTreemapOptions options;
  TideTreemapLayout *layout;
  TideRect plot;
  guint64 total;

  fill_style (self, &style, TRUE);
  tide_treemap_options_init (&options);
  tide_treemap_painter_init_options (&style, &options);
  options.value = self->value;
  options.zoom_class = self->zoom_class;
  tide_treemap_painter_get_plot (&style, width, height, &plot);
  layout = tide_treemap_layout_new (self->trace, self->scheme, self->classes, &options, plot);
  /* On a shared scale the boxes take the share of the plot's area that
   * their bytes are of the scale, so that the same bytes cover the same
   * area beside a larger treemap; the plot keeps its shape, at its top left. */
  total = tide_treemap_layout_get_total (layout);
  if (total > 0 && self->scale_value > total)
    {
      double f = sqrt ((double) total / (double) self->scale_value);

      plot.w *= f;
      plot.h *= f;
      tide_treemap_layout_free (layout);
      layout = tide_treemap_layout_new (self->trace, self->scheme, self->classes, &options, plot);
    }
  return layout;
}

static TideTreemapLayout *
ensure_layout (TideTreemapView *self)
{
  double width, height;

  if (self->classes == NULL)
    return NULL;
  current_size (self, &width, &height);
  if (self->layout != NULL && self->layout_width == width && self->layout_height == height)
    return self->layout;

  g_clear_pointer (&self->layout, tide_treemap_layout_free);
  g_clear_pointer (&self->marks, g_free);
  clear_drawing (self);
  self->layout = layout_for (self, width, height);
  self->layout_width = width;
  self->layout_height = height;
  self->n_matched = 0;
  if (self->search != NULL)
    self->marks = tide_treemap_painter_search (self->layout, self->search, &self->n_matched);
  return self->layout;
}

static TideDrawList *
ensure_draw_list (TideTreemapView *self)
{
  TideTreemapLayout *layout = ensure_layout (self);
  TideTreemapStyle style;

  if (layout == NULL)
    return NULL;
  if (self->draw_list != NULL)
    return self->draw_list;
  fill_style (self, &style, TRUE);
  self->draw_list = tide_treemap_paint (layout, &style, self->layout_width, self->layout_height);
  return self->draw_list;
}

static void
set_hover (TideTreemapView *self,
           int              hover)
{
  if (self->hover == hover)
    return;
  self->hover = hover;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), hover >= 0 ? "pointer" : NULL);
  /* only the outline changes: the cached rendering stays */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER]);
}

static void
notify_can_zoom_back (TideTreemapView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "treemap.zoom-back", self->history->len > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ZOOM_BACK]);
}

static void
set_zoom (TideTreemapView *self,
          guint            klass)
{
  if (self->zoom_class == klass)
    return;
  self->zoom_class = klass;
  set_hover (self, -1);
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_CLASS]);
}

static void
reset_zoom (TideTreemapView *self)
{
  gboolean could = self->history->len > 0;

  g_array_set_size (self->history, 0);
  set_zoom (self, TIDE_TREEMAP_ALL_CLASSES);
  if (could)
    notify_can_zoom_back (self);
}

static gboolean
has_class (GPtrArray *classes,
           guint      klass)
{
  for (guint i = 0; classes != NULL && i < classes->len; i++)
    if (((TideSizeClass *) g_ptr_array_index (classes, i))->klass == klass)
      return TRUE;
  return FALSE;
}

static void
motion_cb (TideTreemapView *self,
           double           x,
           double           y)
{
  set_hover (self, tide_treemap_view_get_rect_at (self, x, y));
}

static void
leave_cb (TideTreemapView *self)
{
  set_hover (self, -1);
}

static void
click_released_cb (TideTreemapView *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  if (button == BUTTON_BACK)
    tide_treemap_view_zoom_back (self);
  else if (button == GDK_BUTTON_PRIMARY)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self));
      tide_treemap_view_activate_at (self, x, y);
    }
}

static void
dark_changed_cb (TideTreemapView *self,
                 GParamSpec      *pspec,
                 AdwStyleManager *manager)
{
  gboolean dark = adw_style_manager_get_dark (manager);

  if (self->dark == dark)
    return;
  self->dark = dark;
  invalidate_drawing (self);
}

static void
zoom_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  tide_treemap_view_zoom_back (TIDE_TREEMAP_VIEW (widget));
}

static gboolean
tide_treemap_view_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_mode,
                                 GtkTooltip *tooltip)
{
  TideTreemapView *self = TIDE_TREEMAP_VIEW (widget);
  int i = tide_treemap_view_get_rect_at (self, x, y);
  g_autofree char *text = NULL;

  if (i < 0)
    return FALSE;
  text = tide_treemap_painter_title (self->layout, i);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
tide_treemap_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

static void
tide_treemap_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  TideTreemapView *self = TIDE_TREEMAP_VIEW (widget);

  tide_chart_canvas_allocate (self->canvas, width, height, baseline);
  /* another size, another layout: the hovered index means another box */
  if (self->layout != NULL && (width != self->layout_width || height != self->layout_height))
    set_hover (self, -1);
}

static void
tide_treemap_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  TideTreemapView *self = TIDE_TREEMAP_VIEW (widget);
  TideDrawList *list = ensure_draw_list (self);
  double x, y, w, h;

  if (list == NULL)
    return;

  tide_chart_canvas_snapshot (self->canvas, snapshot, list);

  /* the hovered box's outline, over the cached rendering: the painter's
   * overlay, drawn as a border node rather than a surface the size of the view */
  if (self->hover >= 0 && (guint) self->hover < tide_treemap_layout_get_n_rects (self->layout)
      && tide_treemap_painter_box (self->layout, self->hover, &x, &y, &w, &h) && w >= 2 && h >= 2)
    {
      GskRoundedRect outline;
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA ink = self->dark ? (GdkRGBA) { 1, 1, 1, 1 } : (GdkRGBA) { 0, 0, 0, 1 };
      GdkRGBA colors[4] = { ink, ink, ink, ink };

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x, y, w, h), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
tide_treemap_view_dispose (GObject *object)
{
  TideTreemapView *self = TIDE_TREEMAP_VIEW (object);

  clear_drawing (self);
  g_clear_pointer (&self->canvas, tide_chart_canvas_free);
  g_clear_pointer (&self->layout, tide_treemap_layout_free);
  g_clear_pointer (&self->marks, g_free);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (tide_treemap_view_parent_class)->dispose (object);
}

static void
tide_treemap_view_finalize (GObject *object)
{
  TideTreemapView *self = TIDE_TREEMAP_VIEW (object);

  g_array_unref (self->history);
  g_free (self->what);
  g_free (self->accessible_label);
  g_free (self->search);

  G_OBJECT_CLASS (tide_treemap_view_parent_class)->finalize (object);
}

static void
tide_treemap_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TideTreemapView *self = TIDE_TREEMAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_COLOR_MODE:
      g_value_set_uint (value, self->color_mode);
      break;
    case PROP_VALUE:
      g_value_set_uint (value, self->value);
      break;
    case PROP_ZOOM_CLASS:
      g_value_set_uint (value, self->zoom_class);
      break;
    case PROP_CAN_ZOOM_BACK:
      g_value_set_boolean (value, self->history->len > 0);
      break;
    case PROP_HOVER:
      g_value_set_int (value, self->hover);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_treemap_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TideTreemapView *self = TIDE_TREEMAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_COLOR_MODE:
      tide_treemap_view_set_color_mode (self, g_value_get_uint (value));
      break;
    case PROP_VALUE:
      tide_treemap_view_set_value (self, g_value_get_uint (value));
      break;
    case PROP_ZOOM_CLASS:
      tide_treemap_view_zoom_to_class (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_treemap_view_class_init (TideTreemapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_treemap_view_dispose;
  object_class->finalize = tide_treemap_view_finalize;
  object_class->get_property = tide_treemap_view_get_property;
  object_class->set_property = tide_treemap_view_set_property;

  widget_class->measure = tide_treemap_view_measure;
  widget_class->size_allocate = tide_treemap_view_size_allocate;
  widget_class->snapshot = tide_treemap_view_snapshot;
  widget_class->query_tooltip = tide_treemap_view_query_tooltip;

  /* the charts have no enum GTypes: their enums as numbers */
  properties[PROP_COLOR_MODE] =
    g_param_spec_uint ("color-mode", NULL, NULL, TIDE_TREEMAP_COLOR_BY_CLASS, TIDE_TREEMAP_COLOR_BY_SITE,
                       TIDE_TREEMAP_COLOR_BY_CLASS, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_uint ("value", NULL, NULL, TIDE_TREEMAP_REQUESTED, TIDE_TREEMAP_HANDED_OUT, TIDE_TREEMAP_REQUESTED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM_CLASS] =
    g_param_spec_uint ("zoom-class", NULL, NULL, 0, G_MAXUINT, TIDE_TREEMAP_ALL_CLASSES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_ZOOM_BACK] =
    g_param_spec_boolean ("can-zoom-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOVER] =
    g_param_spec_int ("hover", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "treemap.zoom-back", NULL, zoom_back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "treemap.zoom-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "treemap.zoom-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "treemap.zoom-back", NULL);

  gtk_widget_class_set_css_name (widget_class, "tidetreemapview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tide_treemap_view_init (TideTreemapView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  self->canvas = tide_chart_canvas_new (GTK_WIDGET (self));
  self->history = g_array_new (FALSE, FALSE, sizeof (guint));
  self->zoom_class = TIDE_TREEMAP_ALL_CLASSES;
  self->hover = -1;
  self->dark = adw_style_manager_get_dark (style_manager);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  g_signal_connect_object (motion, "enter", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (style_manager, "notify::dark", G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "treemap.zoom-back", FALSE);
  update_accessible (self);
}

GtkWidget *
tide_treemap_view_new (void)
{
  return g_object_new (TIDE_TYPE_TREEMAP_VIEW, NULL);
}

void
tide_treemap_view_set_data (TideTreemapView     *self,
                            TideTrace           *trace,
                            TideSizeClassScheme  scheme,
                            GPtrArray           *classes,
                            const char          *what)
{
  gboolean same_numbers;

  g_return_if_fail (TIDE_IS_TREEMAP_VIEW (self));
  g_return_if_fail (trace == NULL || TIDE_IS_TRACE (trace));
  g_return_if_fail (classes == NULL || trace != NULL);

  /* class numbers mean the same only in the same scheme of the same trace */
  same_numbers = trace == self->trace && scheme == self->scheme;
  g_set_object (&self->trace, trace);
  if (classes != NULL)
    g_ptr_array_ref (classes);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  self->classes = classes;
  self->scheme = scheme;
  g_free (self->what);
  self->what = g_strdup (what != NULL ? what : "");

  set_hover (self, -1);
  if (!same_numbers || (self->zoom_class != TIDE_TREEMAP_ALL_CLASSES && !has_class (classes, self->zoom_class)))
    reset_zoom (self);
  invalidate_layout (self);
}

const char *
tide_treemap_view_get_accessible_label (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), NULL);
  return self->accessible_label;
}

GPtrArray *
tide_treemap_view_get_classes (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), NULL);
  return self->classes;
}

TideSizeClassScheme
tide_treemap_view_get_scheme (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), TIDE_SIZE_CLASSES_POW2);
  return self->scheme;
}

TideTreemapColorMode
tide_treemap_view_get_color_mode (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), TIDE_TREEMAP_COLOR_BY_CLASS);
  return self->color_mode;
}

void
tide_treemap_view_set_color_mode (TideTreemapView      *self,
                                  TideTreemapColorMode  mode)
{
  g_return_if_fail (TIDE_IS_TREEMAP_VIEW (self));
  g_return_if_fail (mode <= TIDE_TREEMAP_COLOR_BY_SITE);

  if (self->color_mode == mode)
    return;
  self->color_mode = mode;
  invalidate_drawing (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_MODE]);
}

TideTreemapValue
tide_treemap_view_get_value (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), TIDE_TREEMAP_REQUESTED);
  return self->value;
}

void
tide_treemap_view_set_value (TideTreemapView  *self,
                             TideTreemapValue  value)
{
  g_return_if_fail (TIDE_IS_TREEMAP_VIEW (self));
  g_return_if_fail (value <= TIDE_TREEMAP_HANDED_OUT);

  if (self->value == value)
    return;
  self->value = value;
  set_hover (self, -1);
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

guint
tide_treemap_view_get_zoom_class (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), TIDE_TREEMAP_ALL_CLASSES);
  return self->zoom_class;
}

void
tide_treemap_view_zoom_to_class (TideTreemapView *self,
                                 guint            klass)
{
  g_return_if_fail (TIDE_IS_TREEMAP_VIEW (self));

  if (self->zoom_class == klass)
    return;
  g_array_append_val (self->history, self->zoom_class);
  if (self->history->len == 1)
    notify_can_zoom_back (self);
  set_zoom (self, klass);
}

gboolean
tide_treemap_view_zoom_back (TideTreemapView *self)
{
  guint klass;

  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), FALSE);

  if (self->history->len == 0)
    return FALSE;
  klass = g_array_index (self->history, guint, self->history->len - 1);
  g_array_set_size (self->history, self->history->len - 1);
  if (self->history->len == 0)
    notify_can_zoom_back (self);
  set_zoom (self, klass);
  return TRUE;
}

gboolean
tide_treemap_view_can_zoom_back (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), FALSE);
  return self->history->len > 0;
}

TideTreemapLayout *
tide_treemap_view_get_layout (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), NULL);
  return ensure_layout (self);
}

int
tide_treemap_view_get_rect_at (TideTreemapView *self,
                               double           x,
                               double           y)
{
  TideTreemapLayout *layout;

  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), -1);

  layout = ensure_layout (self);
  return layout != NULL ? tide_treemap_layout_hit (layout, x, y) : -1;
}

gboolean
tide_treemap_view_activate_at (TideTreemapView *self,
                               double           x,
                               double           y)
{
  TideTreemapLayout *layout;
  const TideTreemapRect *r;
  int i;

  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), FALSE);

  i = tide_treemap_view_get_rect_at (self, x, y);
  layout = self->layout;
  if (i < 0 || tide_treemap_layout_get_zoom_index (layout) >= 0)
    return FALSE;
  r = tide_treemap_layout_get_rect (layout, i);
  tide_treemap_view_zoom_to_class (self, tide_treemap_layout_get_class (layout, r)->klass);
  return TRUE;
}

int
tide_treemap_view_get_hover (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), -1);
  return self->hover;
}

void
tide_treemap_view_set_hover (TideTreemapView *self,
                             int              rect)
{
  TideTreemapLayout *layout;

  g_return_if_fail (TIDE_IS_TREEMAP_VIEW (self));

  layout = ensure_layout (self);
  if (layout == NULL || rect < 0 || (guint) rect >= tide_treemap_layout_get_n_rects (layout))
    rect = -1;
  set_hover (self, rect);
}

guint64
tide_treemap_view_get_scale_value (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), 0);
  return self->scale_value;
}

void
tide_treemap_view_set_scale_value (TideTreemapView *self,
                                   guint64          value)
{
  g_return_if_fail (TIDE_IS_TREEMAP_VIEW (self));

  if (self->scale_value == value)
    return;
  self->scale_value = value;
  set_hover (self, -1);
  invalidate_layout (self);
}

TideDrawList *
tide_treemap_view_get_draw_list (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), NULL);
  return ensure_draw_list (self);
}

TideDrawList *
tide_treemap_view_paint (TideTreemapView *self,
                         double           width,
                         double           height)
{
  g_autoptr(TideTreemapLayout) layout = NULL;
  TideTreemapStyle style;
  double w, h;

  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), NULL);

  if (self->classes == NULL)
    return NULL;
  current_size (self, &w, &h);
  if (width <= 0)
    width = w;
  if (height <= 0)
    height = h;
  layout = layout_for (self, width, height);
  fill_style (self, &style, FALSE);
  if (self->search != NULL)
    {
      g_autofree guint8 *marks = tide_treemap_painter_search (layout, self->search, NULL);

      style.marks = marks;
      style.n_marks = tide_treemap_layout_get_n_rects (layout);
      return tide_treemap_paint (layout, &style, width, height);
    }
  style.marks = NULL;
  style.n_marks = 0;
  return tide_treemap_paint (layout, &style, width, height);
}

void
tide_treemap_view_set_search (TideTreemapView *self,
                              const char      *text)
{
  g_return_if_fail (TIDE_IS_TREEMAP_VIEW (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  /* the layout stays; its marks and drawing do not */
  g_clear_pointer (&self->marks, g_free);
  self->n_matched = 0;
  if (self->layout != NULL && self->search != NULL)
    self->marks = tide_treemap_painter_search (self->layout, self->search, &self->n_matched);
  invalidate_drawing (self);
}

guint
tide_treemap_view_get_search_matches (TideTreemapView *self)
{
  g_return_val_if_fail (TIDE_IS_TREEMAP_VIEW (self), 0);

  ensure_layout (self);
  return self->n_matched;
}
