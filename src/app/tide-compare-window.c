/* tide-compare-window.c: two traces (or two instants of one) compared
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "charts/tide-flame-painter.h"
#include "charts/tide-timeline-source.h"
#include "core/analysis/tide-diff.h"
#include "core/analysis/tide-flame-search.h"
#include "core/analysis/tide-size-classes.h"
#include "core/tide-format.h"
#include "core/tide-trace-loader.h"
#include "tide-compare-window-private.h"

/* The grouping dropdown's rows, in order. */
static const TideDiffGrouping groupings[] = { TIDE_DIFF_BY_LINE, TIDE_DIFF_BY_FUNCTION, TIDE_DIFF_BY_TRACEBACK };

G_DEFINE_FINAL_TYPE (TideCompareWindow, tide_compare_window, ADW_TYPE_APPLICATION_WINDOW)

/* The same choices as a flame graph opens with: callers at the base, a box
 * per function, the allocator's own frames left out. */
static const TideFlameOptions compare_options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, TRUE };

typedef struct
{
  TideCompareSide *sides[2];
  TideMetric       metric;
} ComputeData;

typedef struct
{
  TideDiffFlame       *diff;
  TideFlameTree       *trees[2];
  guint64             *size[2];
  guint64             *count[2];
  GPtrArray           *rows;
  TideSizeClassScheme  scheme;
  GPtrArray           *classes[2];  /* of each side's blocks, one scheme for both */
  TideTimelineSource  *sources[2];  /* NULL unless both have a timeline in one unit */
} ComputeResult;

static void
compute_data_free (ComputeData *data)
{
  g_clear_pointer (&data->sides[0], tide_compare_side_unref);
  g_clear_pointer (&data->sides[1], tide_compare_side_unref);
  g_free (data);
}

static void
compute_result_free (ComputeResult *result)
{
  g_clear_pointer (&result->diff, tide_diff_flame_unref);
  for (guint s = 0; s < 2; s++)
    {
      g_clear_pointer (&result->trees[s], tide_flame_tree_unref);
      g_free (result->size[s]);
      g_free (result->count[s]);
      g_clear_pointer (&result->classes[s], g_ptr_array_unref);
      g_clear_pointer (&result->sources[s], tide_timeline_source_unref);
    }
  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_free (result);
}

TideFlameGraph *
tide_compare_window_pane (TideCompareWindow *self,
                          TideDiffWhich      which)
{
  return which == TIDE_DIFF_BEFORE ? self->before_graph : self->after_graph;
}

static TideDiffGrouping
current_grouping (TideCompareWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->grouping_dropdown);

  return i < G_N_ELEMENTS (groupings) ? groupings[i] : TIDE_DIFF_BY_LINE;
}

/* A range is compared by what it allocated; anything else by what is live. */
static TideMetric
metric_for (TideCompareSide *before,
            TideCompareSide *after)
{
  if (tide_compare_side_get_kind (before) == TIDE_SELECTION_RANGE
      && tide_compare_side_get_kind (after) == TIDE_SELECTION_RANGE)
    return TIDE_METRIC_ALLOCATED;
  return TIDE_METRIC_PEAK;
}

void
tide_compare_window_show_toast (TideCompareWindow *self,
                                AdwToast          *toast)
{
  g_free (self->last_toast_title);
  self->last_toast_title = g_strdup (adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
tide_compare_window_update_actions (TideCompareWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export", self->diff != NULL);
  /* the table has no picture: `tidemark diff --json` writes its rows */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export-view", tide_compare_window_can_export (self, "shown"));
}

static void
set_busy (TideCompareWindow *self,
          gboolean           busy)
{
  self->busy = busy;
  if (busy)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  else
    gtk_spinner_stop (self->spinner);
  tide_compare_window_update_actions (self);
}

static void
show_error (TideCompareWindow *self,
            GError            *error)
{
  g_clear_error (&self->error);
  self->error = error;
  set_busy (self, FALSE);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* "1.1 MB", "913" */
static char *
format_value (TideCompareWindow *self,
              guint64            value)
{
  return tide_format_metric (self->metric, value);
}

/* The header: both sides, and how much the whole grew. */
static void
update_labels (TideCompareWindow *self)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;

  for (TideDiffWhich s = TIDE_DIFF_BEFORE; s <= TIDE_DIFF_AFTER; s++)
    {
      GtkLabel *label = s == TIDE_DIFF_BEFORE ? self->before_label : self->after_label;
      GtkLabel *title = s == TIDE_DIFF_BEFORE ? self->before_title : self->after_title;
      GtkLabel *sizes_title = s == TIDE_DIFF_BEFORE ? self->before_sizes_title : self->after_sizes_title;
      const char *text = self->sides[s] != NULL ? tide_compare_side_get_title (self->sides[s]) : "";
      g_autofree char *total = NULL;

      gtk_label_set_text (label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
      if (self->diff != NULL)
        {
          g_autofree char *value = format_value (self, tide_diff_flame_get_value (self->diff, 0, s));

          /* TRANSLATORS: a pane's title: "tm_before.pickle — 180.0 kB" */
          total = g_strdup_printf (_("%s — %s"), text, value);
        }
      gtk_label_set_text (title, total != NULL ? total : text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (title), total != NULL ? total : text);
      gtk_label_set_text (sizes_title, total != NULL ? total : text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (sizes_title), total != NULL ? total : text);
    }

  if (self->diff != NULL)
    {
      guint64 before = tide_diff_flame_get_value (self->diff, 0, TIDE_DIFF_BEFORE);
      guint64 after = tide_diff_flame_get_value (self->diff, 0, TIDE_DIFF_AFTER);
      gint64 delta = (gint64) after - (gint64) before;
      g_autofree char *magnitude = format_value (self, (guint64) ABS (delta));
      g_autofree char *change = NULL;

      if (before > 0)
        change = g_strdup_printf ("%s%s (%+.1f %%)", delta < 0 ? "−" : "+", magnitude, 100.0 * delta / before);
      else
        change = g_strdup_printf ("%s%s", delta < 0 ? "−" : "+", magnitude);
      gtk_label_set_text (self->change_label, change);
    }
  else
    gtk_label_set_text (self->change_label, "");

  if (self->sides[0] != NULL && self->sides[1] != NULL)
    {
      /* TRANSLATORS: "before → after", the window's subtitle */
      subtitle = g_strdup_printf (_("%s → %s"), tide_compare_side_get_title (self->sides[0]),
                                  tide_compare_side_get_title (self->sides[1]));
      /* TRANSLATORS: the window's title: "Comparison: a → b" */
      window_title = g_strdup_printf (_("Comparison: %s"), subtitle);
      adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
      gtk_window_set_title (GTK_WINDOW (self), window_title);
    }
}

static GBytes *
tree_marks (TideFlameTree *tree,
            TideMetric     metric,
            const char    *text)
{
  guint n = tide_flame_tree_get_n_nodes (tree);
  guint8 *marks = g_new0 (guint8, n);
  guint64 matched;

  tide_flame_search (tree, text, FALSE, metric, marks, &matched, NULL);
  return g_bytes_new_take (marks, n);
}

static void
run_search (TideCompareWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean searching = text != NULL && *text != '\0';

  tide_delta_table_set_filter_text (self->delta_table, text);
  tide_treemap_view_set_search (self->before_treemap, text);
  tide_treemap_view_set_search (self->after_treemap, text);
  if (self->diff == NULL)
    return;
  if (!searching)
    {
      tide_flame_graph_set_search (self->diff_graph, NULL);
      tide_flame_graph_set_search (self->before_graph, NULL);
      tide_flame_graph_set_search (self->after_graph, NULL);
      return;
    }
  {
    guint n = tide_diff_flame_get_n_nodes (self->diff);
    guint8 *marks = g_new0 (guint8, n);
    g_autoptr(GBytes) diff_marks = NULL;
    guint64 matched;

    tide_diff_flame_search (self->diff, text, FALSE, marks, &matched, NULL);
    diff_marks = g_bytes_new_take (marks, n);
    tide_flame_graph_set_search (self->diff_graph, diff_marks);
  }
  for (TideDiffWhich s = TIDE_DIFF_BEFORE; s <= TIDE_DIFF_AFTER; s++)
    {
      TideFlameTree *tree = tide_flame_graph_get_tree (tide_compare_window_pane (self, s));
      g_autoptr(GBytes) marks = tree != NULL ? tree_marks (tree, self->metric, text) : NULL;

      tide_flame_graph_set_search (tide_compare_window_pane (self, s), marks);
    }
}

static void
search_changed_cb (TideCompareWindow *self)
{
  run_search (self);
}

static void
refill_table (TideCompareWindow *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  TideDiffSide before, after;

  if (self->size[0] == NULL || self->size[1] == NULL)
    {
      tide_delta_table_set_rows (self->delta_table, NULL);
      return;
    }
  before = (TideDiffSide) { tide_compare_side_get_trace (self->sides[0]), self->size[0], self->count[0] };
  after = (TideDiffSide) { tide_compare_side_get_trace (self->sides[1]), self->size[1], self->count[1] };
  rows = tide_diff_compute (&before, &after, current_grouping (self));
  tide_delta_table_set_rows (self->delta_table, rows);
}

static void
grouping_changed_cb (TideCompareWindow *self)
{
  refill_table (self);
}

/* Keeps the root row (at the bottom) in view as the rows above it change. */
static gboolean
scroll_to_bottom_cb (gpointer data)
{
  GtkAdjustment *adjustment = data;

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

static void
vadjustment_changed_cb (GtkAdjustment *adjustment)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scroll_to_bottom_cb, g_object_ref (adjustment), g_object_unref);
}

/* ------------------------------------------------------------ computing -- */

/* The series of the timelines side by side: the heaps alone. */
static const gboolean heap_only[TIDE_N_SERIES] = { [TIDE_SERIES_HEAP] = TRUE };

/* Worker: both sides' values, the difference, each side's own tree (for the
 * panes), and the delta table's rows. */
static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  ComputeResult *result = g_new0 (ComputeResult, 1);
  TideDiffSide sides[2];
  TideTrace *traces[2] = { tide_compare_side_get_trace (data->sides[0]), tide_compare_side_get_trace (data->sides[1]) };
  gboolean timelines = tide_timeline_pair_can_compare (traces[0], traces[1]);

  /* one scheme for both, so that a class is the same sizes on both sides:
   * the one the "after" trace would open with */
  result->scheme = tide_size_class_scheme_for_trace (traces[1]);
  for (guint s = 0; s < 2; s++)
    {
      TideTrace *trace = tide_compare_side_get_trace (data->sides[s]);

      tide_compare_side_get_values (data->sides[s], data->metric, &result->size[s], &result->count[s]);
      sides[s] = (TideDiffSide) { trace, result->size[s], result->count[s] };
      result->trees[s] = tide_flame_tree_new_for_costs (trace, tide_compare_side_get_costs (data->sides[s]),
                                                        &compare_options);
      if (tide_trace_get_n_infos (trace) > 0)
        result->classes[s] = tide_size_classes_compute (trace, result->scheme,
                                                        tide_compare_side_get_blocks (data->sides[s]));
      if (timelines)
        result->sources[s] = tide_timeline_source_new (trace, heap_only);
    }
  result->diff = tide_diff_flame_new (&sides[0], &sides[1], data->metric, &compare_options);
  result->rows = tide_diff_compute (&sides[0], &sides[1], TIDE_DIFF_BY_LINE);
  g_task_return_pointer (task, result, (GDestroyNotify) compute_result_free);
}

static void
compute_cb (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  TideCompareWindow *self = TIDE_COMPARE_WINDOW (object);
  ComputeResult *result = g_task_propagate_pointer (G_TASK (res), NULL);

  /* the window is gone */
  if (result == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&result, compute_result_free);
      return;
    }

  g_clear_pointer (&self->diff, tide_diff_flame_unref);
  self->diff = g_steal_pointer (&result->diff);
  for (guint s = 0; s < 2; s++)
    {
      g_free (self->size[s]);
      g_free (self->count[s]);
      self->size[s] = g_steal_pointer (&result->size[s]);
      self->count[s] = g_steal_pointer (&result->count[s]);
      tide_flame_graph_set_metric (tide_compare_window_pane (self, s), self->metric);
      tide_flame_graph_set_tree (tide_compare_window_pane (self, s), result->trees[s]);
    }
  tide_flame_graph_set_diff (self->diff_graph, self->diff);
  tide_compare_window_update_scale (self);
  for (TideDiffWhich s = TIDE_DIFF_BEFORE; s <= TIDE_DIFF_AFTER; s++)
    {
      const char *when = tide_compare_side_get_when (self->sides[s]);

      /* TRANSLATORS: what a compared treemap shows when its trace has no time (a dump) */
      tide_treemap_view_set_data (tide_compare_window_treemap (self, s), tide_compare_side_get_trace (self->sides[s]),
                                  result->scheme, result->classes[s], when != NULL ? when : _("Live"));
    }
  tide_compare_window_update_treemap_scale (self);
  if (result->sources[0] != NULL && result->sources[1] != NULL)
    {
      TideTimelinePairSide pair[2];

      for (TideDiffWhich s = TIDE_DIFF_BEFORE; s <= TIDE_DIFF_AFTER; s++)
        {
          TideCompareSide *side = self->sides[s];
          gboolean range = tide_compare_side_get_kind (side) == TIDE_SELECTION_RANGE;

          pair[s] = (TideTimelinePairSide) { g_steal_pointer (&result->sources[s]), tide_compare_side_get_title (side),
                                             (double) tide_compare_side_get_time (side),
                                             range ? (double) tide_compare_side_get_time_end (side) : NAN };
        }
      tide_timeline_pair_view_set_sides (self->timeline_view, pair);
      gtk_stack_set_visible_child_name (self->timeline_stack, "chart");
    }
  else
    {
      tide_timeline_pair_view_set_sides (self->timeline_view, NULL);
      adw_status_page_set_description (self->timeline_none_page,
                                       _("A timeline needs two traces that record time, and in the same unit: "
                                         "a dump or folded stacks have none, and massif may count instructions."));
      gtk_stack_set_visible_child_name (self->timeline_stack, "none");
    }
  if (current_grouping (self) == TIDE_DIFF_BY_LINE)
    tide_delta_table_set_rows (self->delta_table, result->rows);
  else
    refill_table (self);
  compute_result_free (result);

  update_labels (self);
  run_search (self);
  set_busy (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "views");
}

static void
start_compute (TideCompareWindow *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, compute_cb, NULL);
  ComputeData *data = g_new0 (ComputeData, 1);

  self->metric = metric_for (self->sides[0], self->sides[1]);
  data->sides[0] = tide_compare_side_ref (self->sides[0]);
  data->sides[1] = tide_compare_side_ref (self->sides[1]);
  data->metric = self->metric;
  adw_status_page_set_title (self->loading_page, _("Comparing…"));
  set_busy (self, TRUE);
  update_labels (self);
  g_task_set_source_tag (task, start_compute);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

static void
set_sides (TideCompareWindow *self,
           TideCompareSide   *before,
           TideCompareSide   *after)
{
  TideCompareSide *sides[2] = { before, after };

  for (guint s = 0; s < 2; s++)
    {
      if (sides[s] != NULL)
        tide_compare_side_ref (sides[s]);
      g_clear_pointer (&self->sides[s], tide_compare_side_unref);
      self->sides[s] = sides[s];
    }
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TideCompareWindow) self = user_data;
  TideTraceLoader *loader = TIDE_TRACE_LOADER (object);
  g_autoptr(TideTrace) trace = NULL;
  GError *error = NULL;
  guint which;

  trace = tide_trace_loader_load_finish (loader, result, &error);
  if (g_cancellable_is_cancelled (self->cancellable) || (loader != self->loaders[0] && loader != self->loaders[1]))
    {
      g_clear_error (&error);
      return;
    }
  which = loader == self->loaders[0] ? TIDE_DIFF_BEFORE : TIDE_DIFF_AFTER;
  if (trace == NULL)
    {
      /* the other side's load is of no use now */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->loaders[0]);
      g_clear_object (&self->loaders[1]);
      show_error (self, error);
      return;
    }
  g_clear_pointer (&self->sides[which], tide_compare_side_unref);
  self->sides[which] = tide_compare_side_new_at_peak (trace, tide_trace_loader_get_file (loader));
  g_clear_object (&self->loaders[which]);
  update_labels (self);
  if (self->loaders[0] == NULL && self->loaders[1] == NULL)
    start_compute (self);
}

/* Loads @file on a worker thread as the @which side, at its peak. */
static void
start_load (TideCompareWindow *self,
            TideDiffWhich      which,
            GFile             *file)
{
  g_autofree char *name = g_file_get_basename (file);

  adw_status_page_set_title (self->loading_page, ngettext ("Loading the Trace to Compare With…",
                                                           "Loading the Traces to Compare…",
                                                           (self->loaders[!which] != NULL) + 1));
  adw_status_page_set_description (self->loading_page, name);
  set_busy (self, TRUE);
  self->loaders[which] = tide_trace_loader_new (file);
  tide_trace_loader_load_async (self->loaders[which], self->cancellable, load_cb, g_object_ref (self));
}

static void
visible_view_cb (TideCompareWindow *self)
{
  tide_compare_window_update_actions (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TideCompareWindow *self = TIDE_COMPARE_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  tide_compare_window_show_view (TIDE_COMPARE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* ------------------------------------------------------------- GObject -- */

static void
tide_compare_window_dispose (GObject *object)
{
  TideCompareWindow *self = TIDE_COMPARE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->loaders[0]);
  g_clear_object (&self->loaders[1]);
  g_clear_pointer (&self->diff, tide_diff_flame_unref);
  for (guint s = 0; s < 2; s++)
    {
      g_clear_pointer (&self->sides[s], tide_compare_side_unref);
      g_clear_pointer (&self->size[s], g_free);
      g_clear_pointer (&self->count[s], g_free);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), TIDE_TYPE_COMPARE_WINDOW);

  G_OBJECT_CLASS (tide_compare_window_parent_class)->dispose (object);
}

static void
tide_compare_window_finalize (GObject *object)
{
  TideCompareWindow *self = TIDE_COMPARE_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_free (self->last_toast_title);
  g_free (self->chooser_view);

  G_OBJECT_CLASS (tide_compare_window_parent_class)->finalize (object);
}

static void
tide_compare_window_class_init (TideCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tide_compare_window_dispose;
  object_class->finalize = tide_compare_window_finalize;

  g_type_ensure (TIDE_TYPE_FLAME_GRAPH);
  g_type_ensure (TIDE_TYPE_DELTA_TABLE);
  g_type_ensure (TIDE_TYPE_TREEMAP_VIEW);
  g_type_ensure (TIDE_TYPE_TIMELINE_PAIR_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tidemark/Tidemark/ui/tide-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, before_label);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, after_label);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, change_label);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, legend_label);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, diff_scroller);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, before_scroller);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, after_scroller);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, diff_graph);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, before_graph);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, after_graph);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, before_title);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, after_title);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, before_sizes_title);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, after_sizes_title);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, before_treemap);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, after_treemap);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, timeline_stack);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, timeline_view);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, timeline_none_page);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, grouping_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, delta_table);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "compare.export", "s", tide_compare_window_export_action);
  gtk_widget_class_install_action (widget_class, "compare.export-view", "s", tide_compare_window_export_view_action);
  gtk_widget_class_install_action (widget_class, "compare.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "compare.show-view", "s", show_view_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "compare.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "compare.show-view", "s", "difference");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "compare.show-view", "s", "side-by-side");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "compare.show-view", "s", "sizes");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK, "compare.show-view", "s", "timeline");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_CONTROL_MASK, "compare.show-view", "s", "changes");
}

static void
tide_compare_window_init (TideCompareWindow *self)
{
  GtkScrolledWindow *scrollers[3];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->metric = TIDE_METRIC_PEAK;
  scrollers[0] = self->diff_scroller;
  scrollers[1] = self->before_scroller;
  scrollers[2] = self->after_scroller;

  gtk_label_set_text (self->legend_label,
                      _("Boxes are as wide as the “after” bytes. Warmer: grew; cooler: shrank; grey: unchanged. "
                        "Outlined: new; striped: gone (as wide as it was)."));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  /* the table's own filter is the search: one text for every view */
  g_object_bind_property (self->search_entry, "text", self->filter_entry, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  for (guint i = 0; i < G_N_ELEMENTS (scrollers); i++)
    g_signal_connect (gtk_scrolled_window_get_vadjustment (scrollers[i]), "changed",
                      G_CALLBACK (vadjustment_changed_cb), NULL);
  tide_compare_window_connect_panes (self);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name", G_CALLBACK (visible_view_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->grouping_dropdown, "notify::selected", G_CALLBACK (grouping_changed_cb), self,
                           G_CONNECT_SWAPPED);
  tide_compare_window_update_actions (self);
}

/* -------------------------------------------------------------- public -- */

static TideCompareWindow *
compare_window_new (GtkApplication *app)
{
  return g_object_new (TIDE_TYPE_COMPARE_WINDOW, "application", app, NULL);
}

TideCompareWindow *
tide_compare_window_open (GtkApplication  *app,
                          TideCompareSide *before,
                          TideCompareSide *after)
{
  TideCompareWindow *self;

  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (before != NULL && after != NULL, NULL);

  self = compare_window_new (app);
  set_sides (self, before, after);
  start_compute (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

TideCompareWindow *
tide_compare_window_open_file (GtkApplication  *app,
                               TideCompareSide *before,
                               GFile           *after)
{
  TideCompareWindow *self;

  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (before != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (after), NULL);

  self = compare_window_new (app);
  set_sides (self, before, NULL);
  update_labels (self);
  start_load (self, TIDE_DIFF_AFTER, after);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

TideCompareWindow *
tide_compare_window_open_files (GtkApplication *app,
                                GFile          *before,
                                GFile          *after)
{
  TideCompareWindow *self;

  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (G_IS_FILE (before), NULL);
  g_return_val_if_fail (G_IS_FILE (after), NULL);

  self = compare_window_new (app);
  start_load (self, TIDE_DIFF_BEFORE, before);
  start_load (self, TIDE_DIFF_AFTER, after);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

static void
compare_chooser_response_cb (GtkFileChooserNative *chooser,
                             int                   response,
                             TideCompareSide      *before)
{
  GtkWindow *parent = gtk_native_dialog_get_transient_for (GTK_NATIVE_DIALOG (chooser));
  GtkApplication *app = parent != NULL ? gtk_window_get_application (parent) : NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        tide_compare_window_open_file (app, before, file);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  /* the dialog held itself alive until now */
  g_object_unref (chooser);
}

void
tide_compare_window_choose_file (GtkWindow       *parent,
                                 TideCompareSide *before)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GFile *file;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (before != NULL);

  /* any format: the loader tells it by content */
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  chooser = gtk_file_chooser_native_new (_("Compare With a Trace"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Compare"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  file = tide_compare_side_get_file (before);
  if (file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_signal_connect_data (chooser, "response", G_CALLBACK (compare_chooser_response_cb), tide_compare_side_ref (before),
                         (GClosureNotify) (void (*) (void)) tide_compare_side_unref, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
tide_compare_window_is_busy (TideCompareWindow *self)
{
  g_return_val_if_fail (TIDE_IS_COMPARE_WINDOW (self), FALSE);
  return self->busy || self->n_exports > 0;
}

const GError *
tide_compare_window_get_error (TideCompareWindow *self)
{
  g_return_val_if_fail (TIDE_IS_COMPARE_WINDOW (self), NULL);
  return self->error;
}

TideCompareSide *
tide_compare_window_get_side (TideCompareWindow *self,
                              TideDiffWhich      which)
{
  g_return_val_if_fail (TIDE_IS_COMPARE_WINDOW (self), NULL);
  g_return_val_if_fail (which <= TIDE_DIFF_AFTER, NULL);
  return self->sides[which];
}

TideDiffFlame *
tide_compare_window_get_diff (TideCompareWindow *self)
{
  g_return_val_if_fail (TIDE_IS_COMPARE_WINDOW (self), NULL);
  return self->diff;
}

TideFlameGraph *
tide_compare_window_get_graph (TideCompareWindow *self,
                               const char        *name)
{
  g_return_val_if_fail (TIDE_IS_COMPARE_WINDOW (self), NULL);

  if (g_strcmp0 (name, "before") == 0)
    return self->before_graph;
  if (g_strcmp0 (name, "after") == 0)
    return self->after_graph;
  g_return_val_if_fail (g_strcmp0 (name, "difference") == 0, NULL);
  return self->diff_graph;
}

TideDeltaTable *
tide_compare_window_get_delta_table (TideCompareWindow *self)
{
  g_return_val_if_fail (TIDE_IS_COMPARE_WINDOW (self), NULL);
  return self->delta_table;
}

void
tide_compare_window_show_view (TideCompareWindow *self,
                               const char        *name)
{
  g_return_if_fail (TIDE_IS_COMPARE_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

void
tide_compare_window_set_grouping (TideCompareWindow *self,
                                  TideDiffGrouping   grouping)
{
  g_return_if_fail (TIDE_IS_COMPARE_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (groupings); i++)
    if (groupings[i] == grouping)
      gtk_drop_down_set_selected (self->grouping_dropdown, i);
}

void
tide_compare_window_search (TideCompareWindow *self,
                            const char        *text)
{
  g_return_if_fail (TIDE_IS_COMPARE_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && *text != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* at once, not after the entry's delay */
  run_search (self);
}

const char *
tide_compare_window_get_last_toast_title (TideCompareWindow *self)
{
  g_return_val_if_fail (TIDE_IS_COMPARE_WINDOW (self), NULL);
  return self->last_toast_title;
}
