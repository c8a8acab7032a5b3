/* tide-sizes-page.c: the heap by size class: treemap, histogram, their options and export
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/analysis/tide-size-classes.h"
#include "tide-export-flow.h"
#include "tide-selection-labels.h"
#include "tide-sizes-page.h"

struct _TideSizesPage
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkToggleButton      *treemap_button;
  GtkToggleButton      *histogram_button;
  GtkDropDown          *scheme_dropdown;
  GtkWidget            *treemap_options;
  GtkWidget            *options_button;
  GtkCheckButton       *color_site_check;
  GtkToggleButton      *requested_button;
  GtkToggleButton      *handed_out_button;
  GtkWidget            *histogram_options;
  GtkToggleButton      *live_button;
  GtkToggleButton      *all_button;
  GtkWidget            *toolbar;
  GtkWidget            *toolbar_separator;
  GtkWidget            *path_bar;
  AdwStatusPage        *empty_page;
  GtkBox               *breadcrumb_box;
  GtkLabel             *hint_label;
  GtkStack             *chart_stack;
  TideTreemapView      *treemap;
  TideHistogramView    *histogram;

  /* owned references */
  TideSession          *session;
  GFile                *file;
  GPtrArray            *live_classes;   /* of the selection, in scheme */
  GPtrArray            *all_classes;    /* of every allocation, in all_scheme; NULL until asked for */
  char                 *what;           /* what live_classes are: "Live at peak" */
  GCancellable         *pending;        /* of the classes being computed */
  GCancellable         *cancellable;    /* of exports; cancelled in dispose */
  GtkFileChooserNative *chooser;

  /* borrowed: the session's */
  TideTrace            *trace;

  TideSizeClassScheme   scheme;
  TideSizeClassScheme   all_scheme;
  TideSizeClassScheme   default_scheme; /* what a new trace starts with, unless automatic */
  gboolean              automatic;      /* a new trace starts with its own default */
  TideExportFormat      chooser_format;
  guint                 n_exports;
  gboolean              stale;          /* the selection or the scheme changed since the last computation */
  gboolean              setting_scheme; /* the dropdown is being set from code */
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_FILE,
  PROP_DEFAULT_SCHEME,
  N_PROPS
};

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TideSizesPage, tide_sizes_page, GTK_TYPE_WIDGET)

typedef struct
{
  TideTrace           *trace;
  TideSizeClassScheme  scheme;
  guint64             *blocks;   /* per info, of the selection: a copy */
  gboolean             want_all; /* and the classes of every allocation */
  char                *what;
} ComputeData;

typedef struct
{
  GPtrArray *live;
  GPtrArray *all;
} ComputeResult;

static void
compute_data_free (ComputeData *data)
{
  g_object_unref (data->trace);
  g_free (data->blocks);
  g_free (data->what);
  g_free (data);
}

static void
compute_result_free (ComputeResult *result)
{
  g_clear_pointer (&result->live, g_ptr_array_unref);
  g_clear_pointer (&result->all, g_ptr_array_unref);
  g_free (result);
}

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
show_toast (TideSizesPage *self,
            AdwToast      *toast)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, toast);
  g_object_unref (toast);
}

static gboolean
has_sizes (TideSizesPage *self)
{
  return self->trace != NULL && tide_trace_get_n_infos (self->trace) > 0;
}

/* What the selection's classes are, for the charts' summary line. */
static char *
dup_what (TideSession *session)
{
  switch (tide_session_get_selection_kind (session))
    {
    case TIDE_SELECTION_INSTANT:
    case TIDE_SELECTION_RANGE:
      /* "Live at 0.52 s", "Allocated from 0.50 s to 1.00 s" */
      return tide_session_dup_selection_label (session);
    case TIDE_SELECTION_PEAK:
    default:
      /* a dump is one moment, not a peak of a run */
      if (!tide_selection_trace_has_time (tide_session_get_trace (session)))
        /* TRANSLATORS: what a treemap or histogram of a tracemalloc snapshot shows */
        return g_strdup (_("Live in the snapshot"));
      /* TRANSLATORS: what a treemap or histogram of the heap at its peak shows */
      return g_strdup (_("Live at peak"));
    }
}

static void
update_actions (TideSizesPage *self)
{
  gboolean treemap = tide_sizes_page_get_chart (self) == TIDE_SIZES_TREEMAP;
  gboolean has_data = treemap ? tide_treemap_view_get_classes (self->treemap) != NULL
                              : tide_histogram_view_get_classes (self->histogram) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sizes.export", has_sizes (self) && has_data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sizes.zoom-back",
                                 treemap && tide_treemap_view_can_zoom_back (self->treemap));
}

static void
crumb_clicked_cb (TideSizesPage *self,
                  GtkButton     *button)
{
  tide_treemap_view_zoom_to_class (self->treemap,
                                   GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "tide-class")));
}

static void
add_crumb (TideSizesPage *self,
           const char    *label,
           guint          klass,
           gboolean       current)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  if (gtk_widget_get_first_child (GTK_WIDGET (self->breadcrumb_box)) != NULL)
    {
      GtkWidget *separator = gtk_label_new ("›");

      gtk_widget_add_css_class (separator, "dim-label");
      gtk_box_append (self->breadcrumb_box, separator);
    }
  gtk_widget_add_css_class (button, "flat");
  if (current)
    gtk_widget_add_css_class (button, "current");
  gtk_widget_set_tooltip_text (button, klass == TIDE_TREEMAP_ALL_CLASSES ? _("Show every size class")
                                                                         : _("Show this size class"));
  g_object_set_data (G_OBJECT (button), "tide-class", GUINT_TO_POINTER (klass));
  g_signal_connect_object (button, "clicked", G_CALLBACK (crumb_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->breadcrumb_box, button);
}

/* "All Classes › 129 B – 256 B", and what a click does. */
static void
update_breadcrumb (TideSizesPage *self)
{
  guint zoom = tide_treemap_view_get_zoom_class (self->treemap);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->breadcrumb_box))) != NULL)
    gtk_box_remove (self->breadcrumb_box, child);

  add_crumb (self, _("All Classes"), TIDE_TREEMAP_ALL_CLASSES, zoom == TIDE_TREEMAP_ALL_CLASSES);
  if (zoom != TIDE_TREEMAP_ALL_CLASSES)
    {
      g_autofree char *label = tide_size_class_label (tide_treemap_view_get_scheme (self->treemap), zoom);

      add_crumb (self, label, zoom, TRUE);
      gtk_label_set_text (self->hint_label, _("Hover a site for its figures; Alt+Left or Escape goes back"));
    }
  else
    gtk_label_set_text (self->hint_label, _("Click a size class to see its sites; hover a box for its figures"));
}

static void
zoom_changed_cb (TideSizesPage *self)
{
  update_breadcrumb (self);
  update_actions (self);
}

/* Hands the computed classes to the charts. */
static void
apply_data (TideSizesPage *self)
{
  gboolean all = gtk_toggle_button_get_active (self->all_button);

  tide_treemap_view_set_data (self->treemap, self->trace, self->scheme, self->live_classes, self->what);
  if (all && self->all_classes != NULL && self->all_scheme == self->scheme)
    tide_histogram_view_set_data (self->histogram, self->scheme, self->all_classes, _("All allocations"));
  else if (!all)
    tide_histogram_view_set_data (self->histogram, self->scheme, self->live_classes, self->what);
  update_breadcrumb (self);
  update_actions (self);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  ComputeResult *result = g_new0 (ComputeResult, 1);

  result->live = tide_size_classes_compute (data->trace, data->scheme, data->blocks);
  if (data->want_all && !g_cancellable_is_cancelled (cancellable))
    {
      g_autofree guint64 *all = tide_size_classes_allocations (data->trace);

      result->all = tide_size_classes_compute (data->trace, data->scheme, all);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) compute_result_free);
}

static void
compute_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TideSizesPage *self = TIDE_SIZES_PAGE (object);
  ComputeData *data = g_task_get_task_data (G_TASK (result));
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  ComputeResult *computed = g_task_propagate_pointer (G_TASK (result), NULL);

  /* a newer selection or scheme took over, or the page is gone */
  if (g_cancellable_is_cancelled (cancellable))
    {
      if (computed != NULL)
        compute_result_free (computed);
      return;
    }
  g_clear_object (&self->pending);

  g_clear_pointer (&self->live_classes, g_ptr_array_unref);
  self->live_classes = g_steal_pointer (&computed->live);
  if (computed->all != NULL)
    {
      g_clear_pointer (&self->all_classes, g_ptr_array_unref);
      self->all_classes = g_steal_pointer (&computed->all);
      self->all_scheme = data->scheme;
    }
  g_free (self->what);
  self->what = g_strdup (data->what);
  compute_result_free (computed);
  apply_data (self);
}

static void
compute (TideSizesPage *self)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;
  guint n_infos;

  if (self->pending != NULL)
    g_cancellable_cancel (self->pending);
  g_clear_object (&self->pending);
  self->stale = FALSE;
  if (!has_sizes (self))
    return;

  n_infos = tide_trace_get_n_infos (self->trace);
  data = g_new0 (ComputeData, 1);
  data->trace = g_object_ref (self->trace);
  data->scheme = self->scheme;
  /* a copy: the session's changes on the main thread */
  data->blocks = g_memdup2 (tide_session_get_blocks (self->session), sizeof (guint64) * n_infos);
  data->want_all = gtk_toggle_button_get_active (self->all_button)
                   && (self->all_classes == NULL || self->all_scheme != self->scheme);
  data->what = dup_what (self->session);

  self->pending = g_cancellable_new ();
  task = g_task_new (self, self->pending, compute_cb, NULL);
  g_task_set_source_tag (task, compute);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/* Classes are computed when first seen: a page never opened costs nothing. */
static void
data_changed (TideSizesPage *self)
{
  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    compute (self);
}

static void
costs_changed_cb (TideSizesPage *self)
{
  data_changed (self);
}

static void
scheme_changed_cb (TideSizesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->scheme_dropdown);

  if (self->setting_scheme || selected > TIDE_SIZE_CLASSES_GLIBC || (guint) self->scheme == selected)
    return;
  self->scheme = selected;
  data_changed (self);
}

static void
chart_toggled_cb (TideSizesPage *self)
{
  gboolean treemap = gtk_toggle_button_get_active (self->treemap_button);

  gtk_widget_set_visible (self->treemap_options, treemap);
  gtk_widget_set_visible (self->options_button, treemap);
  gtk_widget_set_visible (self->histogram_options, !treemap);
  gtk_widget_set_visible (self->path_bar, treemap && (self->trace == NULL || has_sizes (self)));
  if (has_sizes (self))
    gtk_stack_set_visible_child_name (self->chart_stack, treemap ? "treemap" : "histogram");
  update_actions (self);
}

/* A trace without allocation sizes (massif's heap sizes, folded stacks'
 * weights) says so in place of the charts, and their options go. The
 * description is set only then: the chart stack measures its hidden pages
 * too, and this wrapping sentence, measured down to a word a line when
 * the window works out its least size, cost 2 ms of a trace's first
 * frame behind the charts. */
static void
update_empty_page (TideSizesPage *self)
{
  gboolean empty = self->trace != NULL && !has_sizes (self);
  gboolean treemap = tide_sizes_page_get_chart (self) == TIDE_SIZES_TREEMAP;

  if (!empty)
    adw_status_page_set_description (self->empty_page, NULL);
  else if (tide_trace_get_format (self->trace) == TIDE_TRACE_FORMAT_FOLDED)
    adw_status_page_set_description (self->empty_page,
                                     _("Folded stacks record a weight per stack, not the size of each allocation"));
  else if (tide_trace_get_format (self->trace) == TIDE_TRACE_FORMAT_MPROF)
    adw_status_page_set_description (self->empty_page,
                                     _("memory_profiler records how much memory the process held, not the size of "
                                       "each allocation"));
  else
    adw_status_page_set_description (self->empty_page,
                                     _("This trace records how large the heap was, not the size of each allocation"));
  gtk_widget_set_visible (self->toolbar, !empty);
  gtk_widget_set_visible (self->toolbar_separator, !empty);
  gtk_widget_set_visible (self->path_bar, !empty && treemap);
  gtk_stack_set_visible_child_name (self->chart_stack, empty ? "empty" : treemap ? "treemap" : "histogram");
}

static void
color_changed_cb (TideSizesPage *self)
{
  tide_treemap_view_set_color_mode (self->treemap, gtk_check_button_get_active (self->color_site_check)
                                                     ? TIDE_TREEMAP_COLOR_BY_SITE
                                                     : TIDE_TREEMAP_COLOR_BY_CLASS);
}

static void
value_toggled_cb (TideSizesPage *self)
{
  tide_treemap_view_set_value (self->treemap, gtk_toggle_button_get_active (self->handed_out_button)
                                                ? TIDE_TREEMAP_HANDED_OUT
                                                : TIDE_TREEMAP_REQUESTED);
}

static void
all_toggled_cb (TideSizesPage *self,
                GtkToggleButton *button)
{
  /* a group emits "toggled" for the button leaving and the one entering */
  if (!gtk_toggle_button_get_active (button))
    return;
  if (gtk_toggle_button_get_active (self->all_button) && (self->all_classes == NULL || self->all_scheme != self->scheme))
    data_changed (self);
  else
    apply_data (self);
}

/* ------------------------------------------------------------- export -- */

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TideSizesPage *self = TIDE_SIZES_PAGE (object);
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
chooser_response_cb (TideSizesPage        *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  TideExportFormat format = self->chooser_format;
  g_autoptr(GFile) file = tide_export_chooser_get_file (chooser, response, FALSE, &format);

  if (file != NULL)
    tide_sizes_page_export (self, file, format);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TideSizesPage *self = TIDE_SIZES_PAGE (widget);
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
  name = tide_sizes_page_suggest_export_name (self, format);
  self->chooser = tide_export_chooser_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           tide_sizes_page_get_chart (self) == TIDE_SIZES_TREEMAP
                                             ? _("Export Treemap") : _("Export Histogram"),
                                           format, name, self->file);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
zoom_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  tide_treemap_view_zoom_back (TIDE_SIZES_PAGE (widget)->treemap);
}

/* ------------------------------------------------------------- vfuncs -- */

/* Focus goes to the treemap: its keys work at once. */
static gboolean
tide_sizes_page_grab_focus (GtkWidget *widget)
{
  TideSizesPage *self = TIDE_SIZES_PAGE (widget);

  if (tide_sizes_page_get_chart (self) == TIDE_SIZES_TREEMAP)
    return gtk_widget_grab_focus (GTK_WIDGET (self->treemap));
  return gtk_widget_grab_focus (GTK_WIDGET (self->histogram_button));
}

static void
tide_sizes_page_map (GtkWidget *widget)
{
  TideSizesPage *self = TIDE_SIZES_PAGE (widget);

  GTK_WIDGET_CLASS (tide_sizes_page_parent_class)->map (widget);

  if (self->stale)
    compute (self);
}

static void
tide_sizes_page_dispose (GObject *object)
{
  TideSizesPage *self = TIDE_SIZES_PAGE (object);
  GtkWidget *child;

  if (self->pending != NULL)
    g_cancellable_cancel (self->pending);
  g_clear_object (&self->pending);
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIDE_TYPE_SIZES_PAGE);
  /* the template's root box is not bound, so dispose_template leaves it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  self->trace = NULL;
  g_clear_object (&self->file);
  g_clear_pointer (&self->live_classes, g_ptr_array_unref);
  g_clear_pointer (&self->all_classes, g_ptr_array_unref);

  G_OBJECT_CLASS (tide_sizes_page_parent_class)->dispose (object);
}

static void
tide_sizes_page_finalize (GObject *object)
{
  TideSizesPage *self = TIDE_SIZES_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->what);

  G_OBJECT_CLASS (tide_sizes_page_parent_class)->finalize (object);
}

static void
tide_sizes_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TideSizesPage *self = TIDE_SIZES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_DEFAULT_SCHEME:
      g_value_set_string (value, tide_sizes_page_get_default_scheme (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_sizes_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TideSizesPage *self = TIDE_SIZES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tide_sizes_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_FILE:
      tide_sizes_page_set_file (self, g_value_get_object (value));
      break;
    case PROP_DEFAULT_SCHEME:
      tide_sizes_page_set_default_scheme (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_sizes_page_class_init (TideSizesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_sizes_page_dispose;
  object_class->finalize = tide_sizes_page_finalize;
  object_class->get_property = tide_sizes_page_get_property;
  object_class->set_property = tide_sizes_page_set_property;

  widget_class->map = tide_sizes_page_map;
  widget_class->grab_focus = tide_sizes_page_grab_focus;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIDE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TideSizesPage:default-scheme:
   *
   * The scheme the next trace starts with: "auto" (the trace's own,
   * tide_size_class_scheme_for_trace()), "pow2", "pymalloc" or "glibc".
   * The trace on display keeps its scheme.
   */
  properties[PROP_DEFAULT_SCHEME] =
    g_param_spec_string ("default-scheme", NULL, NULL, "auto",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TideSizesPage::toast:
   * @toast: what to tell
   *
   * Asks the window to show @toast (the page has no overlay of its own).
   */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  g_type_ensure (TIDE_TYPE_TREEMAP_VIEW);
  g_type_ensure (TIDE_TYPE_HISTOGRAM_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tidemark/Tidemark/ui/tide-sizes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, treemap_button);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, histogram_button);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, scheme_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, treemap_options);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, options_button);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, color_site_check);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, requested_button);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, handed_out_button);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, histogram_options);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, live_button);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, all_button);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, toolbar_separator);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, path_bar);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, breadcrumb_box);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, treemap);
  gtk_widget_class_bind_template_child (widget_class, TideSizesPage, histogram);
  gtk_widget_class_bind_template_callback (widget_class, zoom_changed_cb);

  gtk_widget_class_install_action (widget_class, "sizes.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "sizes.zoom-back", NULL, zoom_back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "sizes.zoom-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sizes.zoom-back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tidesizespage");
}

static void
tide_sizes_page_init (TideSizesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->scheme = TIDE_SIZE_CLASSES_POW2;
  self->default_scheme = TIDE_SIZE_CLASSES_POW2;
  self->automatic = TRUE;

  g_signal_connect_object (self->treemap_button, "toggled", G_CALLBACK (chart_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scheme_dropdown, "notify::selected", G_CALLBACK (scheme_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->color_site_check, "toggled", G_CALLBACK (color_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->handed_out_button, "toggled", G_CALLBACK (value_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->live_button, "toggled", G_CALLBACK (all_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->all_button, "toggled", G_CALLBACK (all_toggled_cb), self, G_CONNECT_SWAPPED);

  update_breadcrumb (self);
  chart_toggled_cb (self);
}

GtkWidget *
tide_sizes_page_new (void)
{
  return g_object_new (TIDE_TYPE_SIZES_PAGE, NULL);
}

TideSession *
tide_sizes_page_get_session (TideSizesPage *self)
{
  g_return_val_if_fail (TIDE_IS_SIZES_PAGE (self), NULL);
  return self->session;
}

void
tide_sizes_page_set_session (TideSizesPage *self,
                             TideSession   *session)
{
  g_return_if_fail (TIDE_IS_SIZES_PAGE (self));
  g_return_if_fail (session == NULL || TIDE_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  self->trace = session != NULL ? tide_session_get_trace (session) : NULL;
  if (session != NULL)
    g_signal_connect_object (session, "notify::costs", G_CALLBACK (costs_changed_cb), self, G_CONNECT_SWAPPED);

  /* the old trace's classes must not stay on screen under the new name */
  if (self->pending != NULL)
    g_cancellable_cancel (self->pending);
  g_clear_object (&self->pending);
  g_clear_pointer (&self->live_classes, g_ptr_array_unref);
  g_clear_pointer (&self->all_classes, g_ptr_array_unref);
  tide_treemap_view_set_data (self->treemap, self->trace, self->scheme, NULL, NULL);
  tide_histogram_view_set_data (self->histogram, self->scheme, NULL, NULL);

  /* each trace starts with its own default scheme, unless the user chose
   * one for every trace */
  if (self->trace != NULL)
    {
      self->scheme = self->automatic ? tide_size_class_scheme_for_trace (self->trace) : self->default_scheme;
      self->setting_scheme = TRUE;
      gtk_drop_down_set_selected (self->scheme_dropdown, self->scheme);
      self->setting_scheme = FALSE;
    }
  update_empty_page (self);
  data_changed (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GFile *
tide_sizes_page_get_file (TideSizesPage *self)
{
  g_return_val_if_fail (TIDE_IS_SIZES_PAGE (self), NULL);
  return self->file;
}

void
tide_sizes_page_set_file (TideSizesPage *self,
                          GFile         *file)
{
  g_return_if_fail (TIDE_IS_SIZES_PAGE (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

TideTreemapView *
tide_sizes_page_get_treemap (TideSizesPage *self)
{
  g_return_val_if_fail (TIDE_IS_SIZES_PAGE (self), NULL);
  return self->treemap;
}

TideHistogramView *
tide_sizes_page_get_histogram (TideSizesPage *self)
{
  g_return_val_if_fail (TIDE_IS_SIZES_PAGE (self), NULL);
  return self->histogram;
}

TideSizesChart
tide_sizes_page_get_chart (TideSizesPage *self)
{
  g_return_val_if_fail (TIDE_IS_SIZES_PAGE (self), TIDE_SIZES_TREEMAP);
  return gtk_toggle_button_get_active (self->histogram_button) ? TIDE_SIZES_HISTOGRAM : TIDE_SIZES_TREEMAP;
}

void
tide_sizes_page_set_chart (TideSizesPage  *self,
                           TideSizesChart  chart)
{
  g_return_if_fail (TIDE_IS_SIZES_PAGE (self));
  gtk_toggle_button_set_active (chart == TIDE_SIZES_HISTOGRAM ? self->histogram_button : self->treemap_button, TRUE);
}

TideSizeClassScheme
tide_sizes_page_get_scheme (TideSizesPage *self)
{
  g_return_val_if_fail (TIDE_IS_SIZES_PAGE (self), TIDE_SIZE_CLASSES_POW2);
  return self->scheme;
}

void
tide_sizes_page_set_scheme (TideSizesPage       *self,
                            TideSizeClassScheme  scheme)
{
  g_return_if_fail (TIDE_IS_SIZES_PAGE (self));
  g_return_if_fail (scheme <= TIDE_SIZE_CLASSES_GLIBC);
  gtk_drop_down_set_selected (self->scheme_dropdown, scheme);
}

const char *
tide_sizes_page_get_default_scheme (TideSizesPage *self)
{
  g_return_val_if_fail (TIDE_IS_SIZES_PAGE (self), NULL);
  return self->automatic ? "auto" : tide_size_class_scheme_to_string (self->default_scheme);
}

void
tide_sizes_page_set_default_scheme (TideSizesPage *self,
                                    const char    *scheme)
{
  TideSizeClassScheme value = TIDE_SIZE_CLASSES_POW2;
  gboolean automatic;

  g_return_if_fail (TIDE_IS_SIZES_PAGE (self));
  g_return_if_fail (scheme != NULL);

  automatic = g_str_equal (scheme, "auto");
  if (!automatic && !tide_size_class_scheme_from_string (scheme, &value))
    g_return_if_reached ();

  if (automatic == self->automatic && (automatic || value == self->default_scheme))
    return;
  self->automatic = automatic;
  if (!automatic)
    self->default_scheme = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_SCHEME]);
}

gboolean
tide_sizes_page_get_all (TideSizesPage *self)
{
  g_return_val_if_fail (TIDE_IS_SIZES_PAGE (self), FALSE);
  return gtk_toggle_button_get_active (self->all_button);
}

void
tide_sizes_page_set_all (TideSizesPage *self,
                         gboolean       all)
{
  g_return_if_fail (TIDE_IS_SIZES_PAGE (self));
  gtk_toggle_button_set_active (all ? self->all_button : self->live_button, TRUE);
}

gboolean
tide_sizes_page_is_busy (TideSizesPage *self)
{
  g_return_val_if_fail (TIDE_IS_SIZES_PAGE (self), FALSE);
  return self->pending != NULL || self->n_exports > 0 || (self->stale && has_sizes (self));
}

char *
tide_sizes_page_suggest_export_name (TideSizesPage    *self,
                                     TideExportFormat  format)
{
  g_autofree char *base = NULL;
  g_autofree char *tag = NULL;
  gboolean histogram;

  g_return_val_if_fail (TIDE_IS_SIZES_PAGE (self), NULL);

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

  histogram = tide_sizes_page_get_chart (self) == TIDE_SIZES_HISTOGRAM;
  /* not translated: the names `tidemark export` uses */
  if (histogram && gtk_toggle_button_get_active (self->all_button))
    tag = g_strdup ("all");
  else
    tag = tide_selection_dup_export_tag (self->session,
                                         self->session != NULL
                                           && tide_session_get_selection_kind (self->session) == TIDE_SELECTION_RANGE
                                           ? TIDE_METRIC_ALLOCATIONS : TIDE_METRIC_PEAK);
  return g_strdup_printf ("%s-%s-%s.%s", base, tag, histogram ? "histogram" : "treemap", format_extension (format));
}

void
tide_sizes_page_export (TideSizesPage    *self,
                        GFile            *file,
                        TideExportFormat  format)
{
  TideDrawList *list;

  g_return_if_fail (TIDE_IS_SIZES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format != TIDE_EXPORT_FOLDED);

  if (tide_sizes_page_get_chart (self) == TIDE_SIZES_TREEMAP)
    list = tide_treemap_view_paint (self->treemap, -1, -1);
  else
    list = tide_histogram_view_paint (self->histogram, -1, -1);
  g_return_if_fail (list != NULL);

  self->n_exports++;
  /* PNG at the screen's pixel density, so a HiDPI export is as sharp */
  tide_export_write_async (self, list, NULL, format, gtk_widget_get_scale_factor (GTK_WIDGET (self)), file,
                           self->cancellable, export_cb, NULL);
}
