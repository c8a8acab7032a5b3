/* tide-timeline-page.c: the timeline of a trace, its series, zoom and export
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "tide-export-flow.h"
#include "tide-selection-labels.h"
#include "tide-timeline-page.h"

/* The sites dropdown's rows, in the order of the .ui's string list. */
static const guint dropdown_sites[] = { 5, 10, 20 };

/* The legend's order: as the view draws and lists the series. */
static const TideSeriesKind legend_series[] = {
  TIDE_SERIES_HEAP,
  TIDE_SERIES_RSS,
  TIDE_SERIES_LIVE_ALLOCATIONS,
  TIDE_SERIES_ALLOCATION_RATE,
  TIDE_SERIES_TEMPORARY_RATE,
};

struct _TideTimelinePage
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkStack             *content_stack;
  AdwStatusPage        *empty_page;
  GtkCheckButton       *rss_check;
  GtkWidget            *live_check;
  GtkWidget            *rate_check;
  GtkWidget            *temporary_check;
  GtkDropDown          *sites_dropdown;
  GtkWidget            *sites_box;
  GtkFlowBox           *legend_box;
  TideTimelineView     *view;

  /* owned references */
  GFile                *file;
  GCancellable         *cancellable;       /* of exports; cancelled in dispose */
  GtkFileChooserNative *chooser;

  TideExportFormat      chooser_format;    /* what the open chooser exports */
  guint                 n_exports;         /* in progress */
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_FILE,
  N_PROPS
};

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TideTimelinePage, tide_timeline_page, GTK_TYPE_WIDGET)

static const char *
format_extension (TideExportFormat format)
{
  switch (format)
    {
    case TIDE_EXPORT_SVG:
      return "svg";
    case TIDE_EXPORT_PNG:
      return "png";
    case TIDE_EXPORT_PDF:
      return "pdf";
    case TIDE_EXPORT_FOLDED:
    default:
      g_return_val_if_reached ("svg");
    }
}

/* Takes @toast: whoever shows it holds its own reference. */
static void
show_toast (TideTimelinePage *self,
            AdwToast         *toast)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, toast);
  g_object_unref (toast);
}

/* Whether the trace on display has a timeline to draw. */
static gboolean
has_timeline (TideTimelinePage *self)
{
  TideSession *session = tide_timeline_view_get_session (self->view);

  return session != NULL && tide_selection_trace_has_time (tide_session_get_trace (session));
}

static void
update_actions (TideTimelinePage *self)
{
  gboolean has_session = has_timeline (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.zoom-in",
                                 has_session && tide_timeline_view_can_zoom_in (self->view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.zoom-out",
                                 has_session && tide_timeline_view_is_zoomed (self->view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.zoom-reset",
                                 has_session && tide_timeline_view_is_zoomed (self->view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.zoom-back",
                                 has_session && tide_timeline_view_can_zoom_back (self->view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.export", has_session);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.clear-selection", has_session);
}

/* Folded stacks and a tracemalloc dump record no time: say so, rather
 * than draw one point. */
static void
update_empty_page (TideTimelinePage *self)
{
  TideSession *session = tide_timeline_view_get_session (self->view);
  TideTrace *trace = session != NULL ? tide_session_get_trace (session) : NULL;

  if (trace == NULL || tide_selection_trace_has_time (trace))
    {
      gtk_stack_set_visible_child_name (self->content_stack, "timeline");
      return;
    }
  switch (tide_trace_get_format (trace))
    {
    case TIDE_TRACE_FORMAT_TRACEMALLOC:
      adw_status_page_set_description (
        self->empty_page, _("A tracemalloc snapshot is the heap at one moment, not how it changed over time"));
      break;
    case TIDE_TRACE_FORMAT_FOLDED:
      adw_status_page_set_description (
        self->empty_page, _("Folded stacks record how much each stack weighs, not when anything happened"));
      break;
    case TIDE_TRACE_FORMAT_HEAPTRACK:
    case TIDE_TRACE_FORMAT_MASSIF:
    case TIDE_TRACE_FORMAT_MPROF:
    default:
      adw_status_page_set_description (self->empty_page, _("This trace records a single instant"));
      break;
    }
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
window_changed_cb (TideTimelinePage *self)
{
  update_actions (self);
}

/* "#3584e4" for Pango markup */
static char *
color_markup (TideColor color)
{
  return g_strdup_printf ("#%02x%02x%02x", (guint) lround (CLAMP (color.r, 0, 1) * 255),
                          (guint) lround (CLAMP (color.g, 0, 1) * 255), (guint) lround (CLAMP (color.b, 0, 1) * 255));
}

static void
legend_enter_cb (TideTimelinePage         *self,
                 double                    x,
                 double                    y,
                 GtkEventControllerMotion *controller)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  tide_timeline_view_set_highlight_band (self->view,
                                         GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "tide-band")));
}

static void
legend_leave_cb (TideTimelinePage *self)
{
  tide_timeline_view_set_highlight_band (self->view, -1);
}

/* One entry: a swatch (a bar for a line, a square for an area) and a name;
 * a band's entry outlines its band in the chart while pointed at. */
static void
add_legend_entry (TideTimelinePage *self,
                  const char       *name,
                  TideColor         color,
                  gboolean          line,
                  int               band)
{
  g_autofree char *hex = color_markup (color);
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\">%s</span> %s", hex, line ? "━" : "■", escaped);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_tooltip_text (label, name);
  gtk_widget_add_css_class (label, "legend-entry");
  g_object_set_data (G_OBJECT (label), "tide-band", GINT_TO_POINTER (band));
  if (band >= 0)
    {
      GtkEventController *motion = gtk_event_controller_motion_new ();

      g_signal_connect_object (motion, "enter", G_CALLBACK (legend_enter_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (motion, "leave", G_CALLBACK (legend_leave_cb), self, G_CONNECT_SWAPPED);
      gtk_widget_add_controller (label, motion);
    }
  gtk_flow_box_append (self->legend_box, label);
}

/* The legend: the series shown, then (stacked) the bands, top site first. */
static void
rebuild_legend (TideTimelinePage *self)
{
  TideTimelineLayout *layout = tide_timeline_view_get_layout (self->view);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  guint n_bands;
  GtkWidget *child;
  TideTrace *trace;


  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->legend_box))) != NULL)
    gtk_flow_box_remove (self->legend_box, child);
  tide_timeline_view_set_highlight_band (self->view, -1);
  if (layout == NULL)
    return;

  n_bands = tide_timeline_layout_get_n_bands (layout);
  trace = tide_timeline_source_get_trace (tide_timeline_layout_get_source (layout));
  for (guint i = 0; i < G_N_ELEMENTS (legend_series); i++)
    {
      TideSeriesKind kind = legend_series[i];

      if (tide_timeline_layout_find_curve (layout, kind) == NULL)
        continue;
      /* the heap is an area, unless its bands are: then it is their outline */
      add_legend_entry (self, tide_timeline_painter_series_name_for (trace, kind),
                        tide_timeline_painter_series_color (kind, dark), kind != TIDE_SERIES_HEAP || n_bands > 0, -1);
    }
  /* child processes, traced memory: lines of their own */
  for (guint e = 0; e < tide_timeline_layout_get_n_extras (layout); e++)
    add_legend_entry (self, tide_trace_get_extra_series_name (trace, e), tide_timeline_painter_extra_color (e, dark),
                      TRUE, -1);
  for (guint band = 0; band < n_bands; band++)
    {
      g_autofree char *name = tide_timeline_painter_band_name (layout, band);

      add_legend_entry (self, name, tide_timeline_painter_band_color (layout, band, dark), FALSE, band);
    }
}

static void
legend_changed_cb (TideTimelinePage *self)
{
  rebuild_legend (self);
}

/* The band under the pointer in the chart: its legend entry stands out. */
static void
hover_band_changed_cb (TideTimelinePage *self)
{
  int band = tide_timeline_view_get_hover_band (self->view);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->legend_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *entry = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      int entry_band = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "tide-band"));

      if (band >= 0 && entry_band == band)
        gtk_widget_add_css_class (entry, "highlighted");
      else
        gtk_widget_remove_css_class (entry, "highlighted");
    }
}

static void
sites_changed_cb (TideTimelinePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->sites_dropdown);

  if (selected < G_N_ELEMENTS (dropdown_sites))
    tide_timeline_view_set_n_sites (self->view, dropdown_sites[selected]);
}

static void
update_series_checks (TideTimelinePage *self)
{
  gboolean has_rss = tide_timeline_view_has_series (self->view, TIDE_SERIES_RSS);

  /* massif counts no allocations: no such series to offer */
  gtk_widget_set_visible (self->live_check, tide_timeline_view_has_series (self->view, TIDE_SERIES_LIVE_ALLOCATIONS));
  gtk_widget_set_visible (self->rate_check, tide_timeline_view_has_series (self->view, TIDE_SERIES_ALLOCATION_RATE));
  gtk_widget_set_visible (self->temporary_check,
                          tide_timeline_view_has_series (self->view, TIDE_SERIES_TEMPORARY_RATE));
  gtk_widget_set_sensitive (GTK_WIDGET (self->rss_check), has_rss);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rss_check),
                               has_rss ? _("Memory the process held, as the system saw it (profiler included)")
                                       : _("This trace has no resident set size"));
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TideTimelinePage *self = TIDE_TIMELINE_PAGE (object);
  AdwToast *toast;

  g_assert (self->n_exports > 0);
  self->n_exports--;

  /* the page is gone: nobody to tell */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  toast = tide_export_write_finish (result, GTK_WIDGET (self));
  if (toast != NULL)
    show_toast (self, toast);
}

static void
chooser_response_cb (TideTimelinePage     *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  TideExportFormat format = self->chooser_format;
  g_autoptr(GFile) file = tide_export_chooser_get_file (chooser, response, FALSE, &format);

  if (file != NULL)
    tide_timeline_page_export (self, file, format);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TideTimelinePage *self = TIDE_TIMELINE_PAGE (widget);
  const char *extension = g_variant_get_string (parameter, NULL);
  g_autofree char *pattern = g_strdup_printf ("*.%s", extension);
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  TideExportFormat format;

  if (!tide_export_format_from_name (pattern, &format) || format == TIDE_EXPORT_FOLDED)
    g_return_if_reached ();

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser_format = format;
  name = tide_timeline_page_suggest_export_name (self, format);
  self->chooser = tide_export_chooser_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Export Timeline"),
                                           format, name, self->file);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tide_timeline_view_zoom_in (TIDE_TIMELINE_PAGE (widget)->view);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  tide_timeline_view_zoom_out (TIDE_TIMELINE_PAGE (widget)->view);
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  tide_timeline_view_zoom_reset (TIDE_TIMELINE_PAGE (widget)->view);
}

static void
zoom_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  tide_timeline_view_zoom_back (TIDE_TIMELINE_PAGE (widget)->view);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TideSession *session = tide_timeline_view_get_session (TIDE_TIMELINE_PAGE (widget)->view);

  if (session != NULL)
    tide_session_select_peak (session);
}

static void
dark_changed_cb (TideTimelinePage *self)
{
  rebuild_legend (self);
}

/* Focus goes to the chart: its keys work at once. */
static gboolean
tide_timeline_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (TIDE_TIMELINE_PAGE (widget)->view));
}

static void
tide_timeline_page_dispose (GObject *object)
{
  TideTimelinePage *self = TIDE_TIMELINE_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIDE_TYPE_TIMELINE_PAGE);
  /* the template's root box is not bound, so dispose_template leaves it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->file);

  G_OBJECT_CLASS (tide_timeline_page_parent_class)->dispose (object);
}

static void
tide_timeline_page_finalize (GObject *object)
{
  TideTimelinePage *self = TIDE_TIMELINE_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tide_timeline_page_parent_class)->finalize (object);
}

static void
tide_timeline_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TideTimelinePage *self = TIDE_TIMELINE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, tide_timeline_page_get_session (self));
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_timeline_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TideTimelinePage *self = TIDE_TIMELINE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tide_timeline_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_FILE:
      tide_timeline_page_set_file (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_timeline_page_class_init (TideTimelinePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_timeline_page_dispose;
  object_class->finalize = tide_timeline_page_finalize;
  object_class->get_property = tide_timeline_page_get_property;
  object_class->set_property = tide_timeline_page_set_property;

  widget_class->grab_focus = tide_timeline_page_grab_focus;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIDE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TideTimelinePage::toast:
   * @toast: what to tell
   *
   * Asks the window to show @toast (the page has no overlay of its own).
   */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  g_type_ensure (TIDE_TYPE_TIMELINE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tidemark/Tidemark/ui/tide-timeline-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TideTimelinePage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TideTimelinePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TideTimelinePage, rss_check);
  gtk_widget_class_bind_template_child (widget_class, TideTimelinePage, live_check);
  gtk_widget_class_bind_template_child (widget_class, TideTimelinePage, rate_check);
  gtk_widget_class_bind_template_child (widget_class, TideTimelinePage, temporary_check);
  gtk_widget_class_bind_template_child (widget_class, TideTimelinePage, sites_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TideTimelinePage, sites_box);
  gtk_widget_class_bind_template_child (widget_class, TideTimelinePage, legend_box);
  gtk_widget_class_bind_template_child (widget_class, TideTimelinePage, view);
  gtk_widget_class_bind_template_callback (widget_class, window_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, legend_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, hover_band_changed_cb);

  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-back", NULL, zoom_back_action);
  gtk_widget_class_install_action (widget_class, "timeline.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "timeline.export", "s", export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "timeline.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "timeline.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "timeline.zoom-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "timeline.clear-selection", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tidetimelinepage");
}

static void
tide_timeline_page_init (TideTimelinePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  g_signal_connect_object (self->sites_dropdown, "notify::selected", G_CALLBACK (sites_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (dark_changed_cb), self,
                           G_CONNECT_SWAPPED);
  sites_changed_cb (self);
  update_series_checks (self);
  update_actions (self);
}

GtkWidget *
tide_timeline_page_new (void)
{
  return g_object_new (TIDE_TYPE_TIMELINE_PAGE, NULL);
}

TideSession *
tide_timeline_page_get_session (TideTimelinePage *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_PAGE (self), NULL);
  return tide_timeline_view_get_session (self->view);
}

void
tide_timeline_page_set_session (TideTimelinePage *self,
                                TideSession      *session)
{
  g_return_if_fail (TIDE_IS_TIMELINE_PAGE (self));
  g_return_if_fail (session == NULL || TIDE_IS_SESSION (session));

  if (tide_timeline_view_get_session (self->view) == session)
    return;

  tide_timeline_view_set_session (self->view, session);
  update_empty_page (self);
  /* no stacks (memory_profiler), no sites to split the memory into */
  if (session != NULL && !tide_selection_trace_has_stacks (tide_session_get_trace (session)))
    tide_timeline_view_set_stacked (self->view, FALSE);
  gtk_widget_set_visible (self->sites_box,
                          session == NULL || tide_selection_trace_has_stacks (tide_session_get_trace (session)));
  /* a trace without RSS cannot show it */
  if (!tide_timeline_view_has_series (self->view, TIDE_SERIES_RSS))
    tide_timeline_view_set_series_shown (self->view, TIDE_SERIES_RSS, FALSE);
  update_series_checks (self);
  rebuild_legend (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GFile *
tide_timeline_page_get_file (TideTimelinePage *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_PAGE (self), NULL);
  return self->file;
}

void
tide_timeline_page_set_file (TideTimelinePage *self,
                             GFile            *file)
{
  g_return_if_fail (TIDE_IS_TIMELINE_PAGE (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

TideTimelineView *
tide_timeline_page_get_view (TideTimelinePage *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_PAGE (self), NULL);
  return self->view;
}

gboolean
tide_timeline_page_is_busy (TideTimelinePage *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_PAGE (self), FALSE);
  return tide_timeline_view_is_busy (self->view) || self->n_exports > 0;
}

char *
tide_timeline_page_suggest_export_name (TideTimelinePage *self,
                                        TideExportFormat  format)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (TIDE_IS_TIMELINE_PAGE (self), NULL);

  if (self->file != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);
      char *dot;

      base = g_filename_display_name (name);
      /* "ht_leaky.zst" → "ht_leaky"; a leading dot is not an extension */
      dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        *dot = '\0';
    }
  else
    base = g_strdup ("trace");

  return g_strdup_printf ("%s-timeline.%s", base, format_extension (format));
}

void
tide_timeline_page_export (TideTimelinePage *self,
                           GFile            *file,
                           TideExportFormat  format)
{
  TideDrawList *list;

  g_return_if_fail (TIDE_IS_TIMELINE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format != TIDE_EXPORT_FOLDED);

  list = tide_timeline_view_paint (self->view, -1, -1);
  g_return_if_fail (list != NULL);

  self->n_exports++;
  /* PNG at the screen's pixel density, so a HiDPI export is as sharp */
  tide_export_write_async (self, list, NULL, format, gtk_widget_get_scale_factor (GTK_WIDGET (self)), file,
                           self->cancellable, export_cb, NULL);
}
