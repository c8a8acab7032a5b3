/* tide-flame-page.c: the flame graph of a trace, its options, search and export
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/analysis/tide-flame-search.h"
#include "core/tide-format.h"
#include "tide-export-flow.h"
#include "tide-flame-page.h"
#include "tide-selection-labels.h"

/* Dropdown rows, in this order, less those the selection has no values
 * for (see tide-selection-labels.h). */
static const TideMetric all_metrics[] = {
  TIDE_METRIC_PEAK,
  TIDE_METRIC_LEAKED,
  TIDE_METRIC_ALLOCATED,
  TIDE_METRIC_ALLOCATIONS,
  TIDE_METRIC_TEMPORARY,
};

struct _TideFlamePage
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkDropDown          *metric_dropdown;
  GtkToggleButton      *top_down_button;
  GtkToggleButton      *bottom_up_button;
  GtkToggleButton      *function_button;
  GtkToggleButton      *line_button;
  GtkCheckButton       *hide_allocators_check;
  GtkCheckButton       *color_module_check;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *regex_button;
  GtkLabel             *search_share;
  GtkScrolledWindow    *breadcrumb_scroller;
  GtkBox               *breadcrumb_box;
  GtkLabel             *legend_label;
  GtkScrolledWindow    *graph_scroller;
  TideFlameGraph       *graph;

  /* owned references */
  TideSession          *session;
  GFile                *file;
  GCancellable         *build_cancellable; /* of the tree build in progress */
  GCancellable         *cancellable;       /* of everything else; cancelled in dispose */
  GtkFileChooserNative *chooser;

  /* borrowed: the session's */
  TideTrace            *trace;

  TideMetric            metrics[G_N_ELEMENTS (all_metrics)]; /* the dropdown's rows */
  guint                 n_metrics;
  TideMetric            metric;            /* picked: shown whenever the selection has it */
  gboolean              relabelling;       /* the dropdown's rows are being replaced */
  TideExportFormat      chooser_format;    /* what the open chooser exports */
  guint                 n_exports;         /* in progress */
  gboolean              tree_stale;        /* options or trace changed since the last build */
  gboolean              stick_to_bottom;   /* keep the root row in view while rows change */
  guint                 scroll_tick;       /* scrolls the graph to its bottom next frame */
  guint                 breadcrumb_tick;   /* scrolls the breadcrumb to its end next frame */
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_FILE,
  PROP_METRIC,
  N_PROPS
};

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TideFlamePage, tide_flame_page, GTK_TYPE_WIDGET)

typedef struct
{
  TideTrace        *trace;
  TideCost         *costs; /* a copy: the session's change on the main thread */
  TideFlameOptions  options;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_object_unref (data->trace);
  g_free (data->costs);
  g_free (data);
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
      return "folded";
    default:
      g_assert_not_reached ();
    }
}

/* "search: 37.2 % of peak" */
static char *
format_search_share (TideSession *session,
                     TideMetric   metric,
                     double       percent)
{
  switch (metric)
    {
    case TIDE_METRIC_PEAK:
      if (session != NULL && tide_session_get_selection_kind (session) != TIDE_SELECTION_PEAK)
        return g_strdup_printf (_("search: %.1f %% of live memory"), percent);
      return g_strdup_printf (_("search: %.1f %% of peak"), percent);
    case TIDE_METRIC_LEAKED:
      return g_strdup_printf (_("search: %.1f %% of leaked"), percent);
    case TIDE_METRIC_ALLOCATIONS:
      return g_strdup_printf (_("search: %.1f %% of allocations"), percent);
    case TIDE_METRIC_TEMPORARY:
      return g_strdup_printf (_("search: %.1f %% of temporary allocations"), percent);
    case TIDE_METRIC_ALLOCATED:
      return g_strdup_printf (_("search: %.1f %% of allocated"), percent);
    case TIDE_N_METRICS:
    default:
      g_assert_not_reached ();
    }
}

/* "peak" → TIDE_METRIC_PEAK: the names of `tidemark export --metric` */
static gboolean
metric_from_string (const char *name,
                    TideMetric *metric)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_metrics); i++)
    if (g_strcmp0 (name, tide_metric_to_string (all_metrics[i])) == 0)
      {
        *metric = all_metrics[i];
        return TRUE;
      }
  return FALSE;
}

/* The metric on screen: the one picked, or the first row when the
 * selection has no such values. */
static TideMetric
current_metric (TideFlamePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->metric_dropdown);

  return selected < self->n_metrics ? self->metrics[selected] : TIDE_METRIC_PEAK;
}

static void
current_options (TideFlamePage    *self,
                 TideFlameOptions *options)
{
  options->orientation = gtk_toggle_button_get_active (self->bottom_up_button) ? TIDE_FLAME_BOTTOM_UP
                                                                               : TIDE_FLAME_TOP_DOWN;
  options->merge = gtk_toggle_button_get_active (self->line_button) ? TIDE_FLAME_MERGE_LINE
                                                                     : TIDE_FLAME_MERGE_FUNCTION;
  options->hide_allocators = gtk_check_button_get_active (self->hide_allocators_check);
}

/* Takes @toast: whoever shows it holds its own reference. */
static void
show_toast (TideFlamePage *self,
            AdwToast      *toast)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, toast);
  g_object_unref (toast);
}

static void
update_actions (TideFlamePage *self)
{
  gboolean has_tree = tide_flame_graph_get_tree (self->graph) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flame.zoom-back", tide_flame_graph_can_zoom_back (self->graph));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flame.zoom-reset",
                                 has_tree && tide_flame_graph_get_zoom_node (self->graph) != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flame.export", has_tree);
}

/* The legend: what the full width stands for at this zoom. */
static void
update_legend (TideFlamePage *self)
{
  TideFlameTree *tree = tide_flame_graph_get_tree (self->graph);
  TideMetric metric = current_metric (self);
  guint32 zoom = tide_flame_graph_get_zoom_node (self->graph);
  g_autofree char *total = NULL;
  guint64 value, root;

  if (tree == NULL)
    {
      gtk_label_set_text (self->legend_label, "");
      return;
    }

  value = tide_cost_get (&tide_flame_tree_get_node (tree, zoom)->total, metric);
  root = tide_cost_get (&tide_flame_tree_get_node (tree, 0)->total, metric);
  total = tide_selection_format_total (self->session, metric, value);
  if (zoom != 0 && root > 0)
    {
      /* TRANSLATORS: "Peak: 1.1 MB, 45.0 % of the total" */
      g_autofree char *text = g_strdup_printf (_("%s, %.1f %% of the total"), total, 100.0 * value / root);

      gtk_label_set_text (self->legend_label, text);
    }
  else
    gtk_label_set_text (self->legend_label, total);
}

static void
crumb_clicked_cb (TideFlamePage *self,
                  GtkButton     *button)
{
  guint32 node = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "tide-node"));

  tide_flame_graph_zoom_to (self->graph, node);
}

/* The zoom path as buttons: "All › main › grow". */
static void
update_breadcrumb (TideFlamePage *self)
{
  TideFlameTree *tree = tide_flame_graph_get_tree (self->graph);
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint32));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->breadcrumb_box))) != NULL)
    gtk_box_remove (self->breadcrumb_box, child);
  if (tree == NULL)
    return;

  for (guint32 node = tide_flame_graph_get_zoom_node (self->graph);; node = tide_flame_tree_get_node (tree, node)->parent)
    {
      g_array_prepend_val (path, node);
      if (node == 0)
        break;
    }

  for (guint i = 0; i < path->len; i++)
    {
      guint32 node = g_array_index (path, guint32, i);
      g_autofree char *label = node != 0 ? tide_flame_tree_get_label (tree, node) : g_strdup (_("All"));
      GtkWidget *text = gtk_label_new (label);
      GtkWidget *button = gtk_button_new ();

      if (i > 0)
        {
          GtkWidget *separator = gtk_label_new ("›");

          gtk_widget_add_css_class (separator, "dim-label");
          gtk_box_append (self->breadcrumb_box, separator);
        }
      gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (text), 32);
      gtk_button_set_child (GTK_BUTTON (button), text);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Zoom to this box"));
      if (i + 1 == path->len)
        gtk_widget_add_css_class (button, "current");
      g_object_set_data (G_OBJECT (button), "tide-node", GUINT_TO_POINTER (node));
      g_signal_connect_object (button, "clicked", G_CALLBACK (crumb_clicked_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->breadcrumb_box, button);
    }
}

/* Marks the boxes matching the search entry and shows their share. */
static void
run_search (TideFlamePage *self)
{
  TideFlameTree *tree = tide_flame_graph_get_tree (self->graph);
  const char *pattern = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean regex = gtk_toggle_button_get_active (self->regex_button);
  TideMetric metric = current_metric (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) marks = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autofree char *share = NULL;
  guint64 matched = 0, root;
  guint n_nodes;

  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
  if (tree == NULL || pattern[0] == '\0')
    {
      tide_flame_graph_set_search (self->graph, NULL);
      gtk_label_set_text (self->search_share, "");
      return;
    }

  n_nodes = tide_flame_tree_get_n_nodes (tree);
  buffer = g_malloc0 (n_nodes);
  if (!tide_flame_search (tree, pattern, regex, metric, buffer, &matched, &error))
    {
      tide_flame_graph_set_search (self->graph, NULL);
      gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
      gtk_label_set_text (self->search_share, _("Invalid regular expression"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_share), error->message);
      return;
    }

  marks = g_bytes_new_take (g_steal_pointer (&buffer), n_nodes);
  tide_flame_graph_set_search (self->graph, marks);
  root = tide_cost_get (&tide_flame_tree_get_node (tree, 0)->total, metric);
  share = format_search_share (self->session, metric, root > 0 ? 100.0 * matched / root : 0.0);
  gtk_label_set_text (self->search_share, share);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_share), NULL);
}

static void
search_changed_cb (TideFlamePage *self)
{
  run_search (self);
}

static gboolean
scroll_to_bottom_cb (GtkWidget     *widget,
                     GdkFrameClock *frame_clock,
                     gpointer       user_data)
{
  TideFlamePage *self = TIDE_FLAME_PAGE (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->graph_scroller);

  self->scroll_tick = 0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                          - gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

/* Keeps the root row (at the bottom) in view unless the user scrolled away.
 * The viewport reports new bounds while it allocates, too late to move the
 * graph in the same frame: scroll on the next one. */
static void
vadjustment_changed_cb (TideFlamePage *self,
                        GtkAdjustment *adjustment)
{
  if (self->stick_to_bottom && self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_bottom_cb, NULL, NULL);
}

static void
zoom_changed_cb (TideFlamePage *self)
{
  update_breadcrumb (self);
  update_legend (self);
  update_actions (self);
  /* other rows now: show the root row again */
  self->stick_to_bottom = TRUE;
  vadjustment_changed_cb (self, gtk_scrolled_window_get_vadjustment (self->graph_scroller));
}

static void
can_zoom_back_changed_cb (TideFlamePage *self)
{
  update_actions (self);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *data = task_data;

  g_task_return_pointer (task, tide_flame_tree_new_for_costs (data->trace, data->costs, &data->options),
                         (GDestroyNotify) tide_flame_tree_unref);
}

static void
build_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TideFlamePage *self = TIDE_FLAME_PAGE (object);
  GTask *task = G_TASK (result);
  g_autoptr(TideFlameTree) tree = g_task_propagate_pointer (task, NULL);

  /* superseded by a newer build, or the page is gone */
  if (g_task_get_cancellable (task) != self->build_cancellable)
    return;
  g_clear_object (&self->build_cancellable);

  tide_flame_graph_set_tree (self->graph, tree);
  run_search (self);
  update_actions (self);
}

/* Builds the flame tree for the current options on a worker thread; the
 * graph keeps showing the previous tree until then. */
static void
rebuild_tree (TideFlamePage *self)
{
  g_autoptr(GTask) task = NULL;
  BuildData *data;

  if (self->build_cancellable != NULL)
    g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);
  self->tree_stale = FALSE;

  if (self->trace == NULL)
    {
      tide_flame_graph_set_tree (self->graph, NULL);
      run_search (self);
      return;
    }

  data = g_new0 (BuildData, 1);
  data->trace = g_object_ref (self->trace);
  data->costs = g_memdup2 (tide_session_get_costs (self->session),
                           sizeof (TideCost) * tide_trace_get_n_nodes (self->trace));
  current_options (self, &data->options);

  self->build_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->build_cancellable, build_cb, NULL);
  g_task_set_source_tag (task, rebuild_tree);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_thread);
}

/* Trees are built when first seen: a page never opened costs nothing. */
static void
options_changed (TideFlamePage *self)
{
  self->tree_stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild_tree (self);
}

static void
option_toggled_cb (TideFlamePage *self,
                   GtkWidget     *button)
{
  /* a group emits "toggled" for the button leaving and the one entering */
  if (GTK_IS_TOGGLE_BUTTON (button) && !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)))
    return;
  options_changed (self);
}

static void
metric_changed_cb (TideFlamePage *self)
{
  TideMetric metric;

  if (self->relabelling)
    return;
  metric = current_metric (self);
  tide_flame_graph_set_metric (self->graph, metric);
  run_search (self);
  update_legend (self);

  /* a row the user picked, or set_metric(): relabelling never gets here */
  if (metric != self->metric)
    {
      self->metric = metric;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC]);
    }
}

/* The dropdown's rows name the metrics as the selection means them
 * ("Live at 0.52 s"); the metric picked is shown wherever the selection
 * has it, and comes back with a selection that has it again. */
static void
update_metrics (TideFlamePage *self)
{
  GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (self->metric_dropdown));
  TideMetric metric = self->metric;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  self->n_metrics = 0;
  for (guint i = 0; i < G_N_ELEMENTS (all_metrics); i++)
    if (tide_selection_has_metric (self->session, all_metrics[i]))
      {
        if (all_metrics[i] == metric)
          selected = self->n_metrics;
        self->metrics[self->n_metrics++] = all_metrics[i];
        g_ptr_array_add (titles, tide_selection_dup_metric_title (self->session, all_metrics[i]));
      }
  g_ptr_array_add (titles, NULL);

  self->relabelling = TRUE;
  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)),
                          (const char * const *) titles->pdata);
  gtk_drop_down_set_selected (self->metric_dropdown, selected);
  self->relabelling = FALSE;

  /* "leaked" is gone away from the peak: the same bytes are "live" there */
  tide_flame_graph_set_metric (self->graph, current_metric (self));
  run_search (self);
  update_legend (self);
}

/* A new selection: a new tree over its costs, on a worker thread. */
static void
costs_changed_cb (TideFlamePage *self)
{
  update_metrics (self);
  options_changed (self);
}

static void
color_changed_cb (TideFlamePage *self)
{
  tide_flame_graph_set_color_mode (self->graph, gtk_check_button_get_active (self->color_module_check)
                                                  ? TIDE_FLAME_COLOR_BY_MODULE
                                                  : TIDE_FLAME_COLOR_BY_FUNCTION);
}

static void
vadjustment_value_changed_cb (TideFlamePage *self,
                              GtkAdjustment *adjustment)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  self->stick_to_bottom = gtk_adjustment_get_value (adjustment) >= bottom - 1;
}

static gboolean
scroll_breadcrumb_cb (GtkWidget     *widget,
                      GdkFrameClock *frame_clock,
                      gpointer       user_data)
{
  TideFlamePage *self = TIDE_FLAME_PAGE (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->breadcrumb_scroller);

  self->breadcrumb_tick = 0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                          - gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

/* The breadcrumb ends with the zoom: keep its end in view. */
static void
hadjustment_changed_cb (TideFlamePage *self,
                        GtkAdjustment *adjustment)
{
  if (self->breadcrumb_tick == 0)
    self->breadcrumb_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_breadcrumb_cb, NULL, NULL);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TideFlamePage *self = TIDE_FLAME_PAGE (object);
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
chooser_response_cb (TideFlamePage        *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  TideExportFormat format = self->chooser_format;
  g_autoptr(GFile) file = tide_export_chooser_get_file (chooser, response, TRUE, &format);

  if (file != NULL)
    tide_flame_page_export (self, file, format);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TideFlamePage *self = TIDE_FLAME_PAGE (widget);
  const char *extension = g_variant_get_string (parameter, NULL);
  g_autofree char *pattern = g_strdup_printf ("*.%s", extension);
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  TideExportFormat format;

  if (g_str_equal (extension, "folded"))
    format = TIDE_EXPORT_FOLDED;
  else if (!tide_export_format_from_name (pattern, &format))
    g_return_if_reached ();

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser_format = format;
  name = tide_flame_page_suggest_export_name (self, format);
  self->chooser = tide_export_chooser_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Export Flame Graph"),
                                           format, name, self->file);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
zoom_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  tide_flame_graph_zoom_back (TIDE_FLAME_PAGE (widget)->graph);
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  tide_flame_graph_zoom_reset (TIDE_FLAME_PAGE (widget)->graph);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TideFlamePage *self = TIDE_FLAME_PAGE (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Focus goes to the graph: its keys (arrows, Return, Home) work at once. */
static gboolean
tide_flame_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (TIDE_FLAME_PAGE (widget)->graph));
}

static void
tide_flame_page_map (GtkWidget *widget)
{
  TideFlamePage *self = TIDE_FLAME_PAGE (widget);

  GTK_WIDGET_CLASS (tide_flame_page_parent_class)->map (widget);

  if (self->tree_stale)
    rebuild_tree (self);
}

static void
tide_flame_page_dispose (GObject *object)
{
  TideFlamePage *self = TIDE_FLAME_PAGE (object);
  GtkWidget *child;

  if (self->build_cancellable != NULL)
    g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);
  g_cancellable_cancel (self->cancellable);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  if (self->breadcrumb_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->breadcrumb_tick);
  self->scroll_tick = self->breadcrumb_tick = 0;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), TIDE_TYPE_FLAME_PAGE);
  /* the template's root box is not bound, so dispose_template leaves it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  self->trace = NULL;
  g_clear_object (&self->file);

  G_OBJECT_CLASS (tide_flame_page_parent_class)->dispose (object);
}

static void
tide_flame_page_finalize (GObject *object)
{
  TideFlamePage *self = TIDE_FLAME_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tide_flame_page_parent_class)->finalize (object);
}

static void
tide_flame_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TideFlamePage *self = TIDE_FLAME_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_METRIC:
      g_value_set_string (value, tide_flame_page_get_metric (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_flame_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TideFlamePage *self = TIDE_FLAME_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tide_flame_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_FILE:
      tide_flame_page_set_file (self, g_value_get_object (value));
      break;
    case PROP_METRIC:
      tide_flame_page_set_metric (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_flame_page_class_init (TideFlamePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_flame_page_dispose;
  object_class->finalize = tide_flame_page_finalize;
  object_class->get_property = tide_flame_page_get_property;
  object_class->set_property = tide_flame_page_set_property;

  widget_class->map = tide_flame_page_map;
  widget_class->grab_focus = tide_flame_page_grab_focus;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIDE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TideFlamePage:metric:
   *
   * The metric picked, by its `tidemark export` name ("peak", "leaked",
   * "allocated", "allocations", "temporary"); notified when the user picks
   * another. A selection without its values (no "leaked" at an instant)
   * shows the first row meanwhile: the property keeps the pick.
   */
  properties[PROP_METRIC] =
    g_param_spec_string ("metric", NULL, NULL, "peak",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TideFlamePage::toast:
   * @toast: what to tell
   *
   * Asks the window to show @toast (the page has no overlay of its own).
   */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  g_type_ensure (TIDE_TYPE_FLAME_GRAPH);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tidemark/Tidemark/ui/tide-flame-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, metric_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, top_down_button);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, bottom_up_button);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, function_button);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, line_button);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, hide_allocators_check);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, color_module_check);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, regex_button);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, search_share);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, breadcrumb_scroller);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, breadcrumb_box);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, legend_label);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, graph_scroller);
  gtk_widget_class_bind_template_child (widget_class, TideFlamePage, graph);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, can_zoom_back_changed_cb);

  gtk_widget_class_install_action (widget_class, "flame.zoom-back", NULL, zoom_back_action);
  gtk_widget_class_install_action (widget_class, "flame.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "flame.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "flame.export", "s", export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "flame.zoom-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "flame.zoom-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "flame.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "flame.search", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tideflamepage");
}

static void
tide_flame_page_init (TideFlamePage *self)
{
  GtkAdjustment *vadjustment, *hadjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->stick_to_bottom = TRUE;
  self->metric = TIDE_METRIC_PEAK;

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  g_signal_connect_object (self->top_down_button, "toggled", G_CALLBACK (option_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->bottom_up_button, "toggled", G_CALLBACK (option_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->function_button, "toggled", G_CALLBACK (option_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->line_button, "toggled", G_CALLBACK (option_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->hide_allocators_check, "toggled", G_CALLBACK (option_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->metric_dropdown, "notify::selected", G_CALLBACK (metric_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->color_module_check, "toggled", G_CALLBACK (color_changed_cb), self,
                           G_CONNECT_SWAPPED);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->graph_scroller);
  g_signal_connect_object (vadjustment, "changed", G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (vadjustment_value_changed_cb), self,
                           G_CONNECT_SWAPPED);
  hadjustment = gtk_scrolled_window_get_hadjustment (self->breadcrumb_scroller);
  g_signal_connect_object (hadjustment, "changed", G_CALLBACK (hadjustment_changed_cb), self, G_CONNECT_SWAPPED);

  update_metrics (self);
  update_actions (self);
}

GtkWidget *
tide_flame_page_new (void)
{
  return g_object_new (TIDE_TYPE_FLAME_PAGE, NULL);
}

TideTrace *
tide_flame_page_get_trace (TideFlamePage *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_PAGE (self), NULL);
  return self->trace;
}

TideSession *
tide_flame_page_get_session (TideFlamePage *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_PAGE (self), NULL);
  return self->session;
}

void
tide_flame_page_set_session (TideFlamePage *self,
                             TideSession   *session)
{
  g_return_if_fail (TIDE_IS_FLAME_PAGE (self));
  g_return_if_fail (session == NULL || TIDE_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  self->trace = session != NULL ? tide_session_get_trace (session) : NULL;
  if (session != NULL)
    g_signal_connect_object (session, "notify::costs", G_CALLBACK (costs_changed_cb), self, G_CONNECT_SWAPPED);

  /* the old trace's tree must not stay on screen under the new name */
  tide_flame_graph_set_tree (self->graph, NULL);
  update_metrics (self);
  run_search (self);
  update_actions (self);
  options_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GFile *
tide_flame_page_get_file (TideFlamePage *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_PAGE (self), NULL);
  return self->file;
}

void
tide_flame_page_set_file (TideFlamePage *self,
                          GFile         *file)
{
  g_return_if_fail (TIDE_IS_FLAME_PAGE (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

const char *
tide_flame_page_get_metric (TideFlamePage *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_PAGE (self), NULL);
  return tide_metric_to_string (self->metric);
}

void
tide_flame_page_set_metric (TideFlamePage *self,
                            const char    *metric)
{
  TideMetric value = TIDE_METRIC_PEAK;
  gboolean known;

  g_return_if_fail (TIDE_IS_FLAME_PAGE (self));
  known = metric_from_string (metric, &value);
  g_return_if_fail (known);

  if (value == self->metric)
    return;

  self->metric = value;
  for (guint i = 0; i < self->n_metrics; i++)
    if (self->metrics[i] == value)
      {
        self->relabelling = TRUE;
        gtk_drop_down_set_selected (self->metric_dropdown, i);
        self->relabelling = FALSE;
        break;
      }
  tide_flame_graph_set_metric (self->graph, current_metric (self));
  run_search (self);
  update_legend (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC]);
}

TideFlameGraph *
tide_flame_page_get_graph (TideFlamePage *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_PAGE (self), NULL);
  return self->graph;
}

gboolean
tide_flame_page_is_busy (TideFlamePage *self)
{
  g_return_val_if_fail (TIDE_IS_FLAME_PAGE (self), FALSE);
  return self->build_cancellable != NULL || self->n_exports > 0 || (self->trace != NULL && self->tree_stale);
}

char *
tide_flame_page_suggest_export_name (TideFlamePage    *self,
                                     TideExportFormat  format)
{
  g_autofree char *base = NULL;
  g_autofree char *metric = NULL;

  g_return_val_if_fail (TIDE_IS_FLAME_PAGE (self), NULL);

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

  /* not translated: the metric names of `tidemark export` */
  metric = tide_selection_dup_export_tag (self->session, current_metric (self));
  if (format == TIDE_EXPORT_FOLDED)
    return g_strdup_printf ("%s-%s.%s", base, metric, format_extension (format));
  return g_strdup_printf ("%s-%s-flamegraph.%s", base, metric, format_extension (format));
}

void
tide_flame_page_export (TideFlamePage    *self,
                        GFile            *file,
                        TideExportFormat  format)
{
  TideFlameTree *tree;
  TideDrawList *list = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (TIDE_IS_FLAME_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  tree = tide_flame_graph_get_tree (self->graph);
  g_return_if_fail (tree != NULL);

  if (format == TIDE_EXPORT_FOLDED)
    {
      GString *folded = g_string_new (NULL);

      tide_flame_tree_write_folded (tree, current_metric (self), folded);
      bytes = g_string_free_to_bytes (folded);
    }
  else
    list = tide_flame_graph_paint (self->graph, -1);

  self->n_exports++;
  /* PNG at the screen's pixel density, so a HiDPI export is as sharp */
  tide_export_write_async (self, list, bytes, format, gtk_widget_get_scale_factor (GTK_WIDGET (self)), file,
                           self->cancellable, export_cb, NULL);
}
