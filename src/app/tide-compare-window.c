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
#include "tide-compare-window.h"
#include "tide-export-flow.h"
#include "widgets/tide-timeline-pair-view.h"
#include "widgets/tide-treemap-view.h"

/* As TideFlameGraph lays out before it is first allocated. */
#define PANE_FALLBACK_WIDTH 1200

/* The grouping dropdown's rows, in order. */
static const TideDiffGrouping groupings[] = { TIDE_DIFF_BY_LINE, TIDE_DIFF_BY_FUNCTION, TIDE_DIFF_BY_TRACEBACK };

struct _TideCompareWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwViewSwitcherTitle *switcher_title;
  GtkToggleButton      *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkLabel             *before_label;
  GtkLabel             *after_label;
  GtkLabel             *change_label;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *loading_page;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  GtkLabel             *legend_label;
  GtkScrolledWindow    *diff_scroller;
  GtkScrolledWindow    *before_scroller;
  GtkScrolledWindow    *after_scroller;
  TideFlameGraph       *diff_graph;
  TideFlameGraph       *before_graph;
  TideFlameGraph       *after_graph;
  GtkLabel             *before_title;
  GtkLabel             *after_title;
  GtkLabel             *before_sizes_title;
  GtkLabel             *after_sizes_title;
  TideTreemapView      *before_treemap;
  TideTreemapView      *after_treemap;
  GtkStack             *timeline_stack;
  TideTimelinePairView *timeline_view;
  AdwStatusPage        *timeline_none_page;
  GtkDropDown          *grouping_dropdown;
  TideDeltaTable       *delta_table;

  /* owned references */
  TideCompareSide      *sides[2];
  guint64              *size[2];       /* per stack node of each side: bytes, for the delta table */
  guint64              *count[2];      /* and blocks */
  TideDiffFlame        *diff;
  TideTraceLoader      *loaders[2];    /* a side's trace loading, NULL once loaded */
  GCancellable         *cancellable;   /* of all the window's work; cancelled in dispose */
  GtkFileChooserNative *chooser;
  GError               *error;
  char                 *last_toast_title;
  char                 *chooser_view;  /* what the open save dialog exports */

  TideMetric            metric;
  TideExportFormat      chooser_format;
  guint                 n_exports;     /* in progress */
  gboolean              busy;
  gboolean              mirroring;     /* one pane's zoom or pointer being copied to the other */
};

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
      g_clear_pointer (&result->sources[s], tide_timeline_source_free);
    }
  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_free (result);
}

static TideFlameGraph *
pane (TideCompareWindow *self,
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

static void
show_toast (TideCompareWindow *self,
            AdwToast          *toast)
{
  g_free (self->last_toast_title);
  self->last_toast_title = g_strdup (adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean can_export (TideCompareWindow *self,
                            const char        *view);

static void
update_actions (TideCompareWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export", self->diff != NULL);
  /* the table has no picture: `tidemark diff --json` writes its rows */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export-view", can_export (self, "shown"));
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
  update_actions (self);
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

/* Both panes on one scale: the full width stands for the larger of the
 * two zoomed boxes, so the same bytes are the same width in both. */
static void
update_scale (TideCompareWindow *self)
{
  guint64 scale = 0;

  for (TideDiffWhich s = TIDE_DIFF_BEFORE; s <= TIDE_DIFF_AFTER; s++)
    {
      TideFlameTree *tree = tide_flame_graph_get_tree (pane (self, s));

      if (tree != NULL)
        scale = MAX (scale, tide_cost_get (&tide_flame_tree_get_node (tree, tide_flame_graph_get_zoom_node (pane (self, s)))->total,
                                           self->metric));
    }
  tide_flame_graph_set_scale_value (self->before_graph, scale);
  tide_flame_graph_set_scale_value (self->after_graph, scale);
}

/* ------------------------------------------------------------ treemaps -- */

static TideTreemapView *
treemap (TideCompareWindow *self,
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
static void
update_treemap_scale (TideCompareWindow *self)
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
  update_treemap_scale (self);
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
  TideFlameTree *from = tide_flame_graph_get_tree (pane (self, which));
  TideFlameTree *to = tide_flame_graph_get_tree (pane (self, !which));
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
        tide_flame_graph_zoom_to (pane (self, !which), other);
      self->mirroring = FALSE;
    }
  update_scale (self);
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
  tide_flame_graph_set_hover_node (pane (self, !which), matched_node (self, which, tide_flame_graph_get_hover_node (graph)));
  self->mirroring = FALSE;
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
      TideFlameTree *tree = tide_flame_graph_get_tree (pane (self, s));
      g_autoptr(GBytes) marks = tree != NULL ? tree_marks (tree, self->metric, text) : NULL;

      tide_flame_graph_set_search (pane (self, s), marks);
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
        result->sources[s] = tide_timeline_source_new (trace);
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
      tide_flame_graph_set_metric (pane (self, s), self->metric);
      tide_flame_graph_set_tree (pane (self, s), result->trees[s]);
    }
  tide_flame_graph_set_diff (self->diff_graph, self->diff);
  update_scale (self);
  for (TideDiffWhich s = TIDE_DIFF_BEFORE; s <= TIDE_DIFF_AFTER; s++)
    {
      const char *when = tide_compare_side_get_when (self->sides[s]);

      /* TRANSLATORS: what a compared treemap shows when its trace has no time (a dump) */
      tide_treemap_view_set_data (treemap (self, s), tide_compare_side_get_trace (self->sides[s]), result->scheme,
                                  result->classes[s], when != NULL ? when : _("Live"));
    }
  update_treemap_scale (self);
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

/* -------------------------------------------------------------- export -- */

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TideCompareWindow *self = TIDE_COMPARE_WINDOW (object);
  AdwToast *toast;

  g_assert (self->n_exports > 0);
  self->n_exports--;
  update_actions (self);
  /* the window is gone: nobody to tell */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  toast = tide_export_write_finish (result, GTK_WIDGET (self));
  if (toast != NULL)
    show_toast (self, toast);
}

/* Both panes as they are on screen, side by side under their titles. */
static TideDrawList *
paint_side_by_side (TideCompareWindow *self)
{
  TideFlameLayout *layouts[2];
  TideFlameStyle styles[2];
  const TideFlameStyle *style_of[2] = { &styles[0], &styles[1] };
  g_autofree char *titles[2] = { NULL, NULL };
  const char *title_of[2];
  int width = gtk_widget_get_width (GTK_WIDGET (self->before_graph));

  for (guint s = 0; s < 2; s++)
    {
      layouts[s] = tide_flame_graph_get_layout (pane (self, s));
      if (layouts[s] == NULL)
        return NULL;
      tide_flame_graph_get_export_style (pane (self, s), &styles[s]);
      titles[s] = g_strdup (gtk_label_get_text (s == 0 ? self->before_title : self->after_title));
      title_of[s] = titles[s];
    }
  /* the layouts were made for the panes' width; panes never shown lay out
   * at the graphs' fallback width */
  if (width <= 0)
    width = PANE_FALLBACK_WIDTH;
  return tide_flame_paint_pair (layouts, style_of, title_of, width);
}

/* The views an export writes: the differential flame graph, the
 * side-by-side flame graphs or treemaps under their titles, and the
 * overlaid timelines; "shown" is the one on display. */
static gboolean
is_export_view (const char *view)
{
  static const char *const views[] = { "difference", "side-by-side", "sizes", "timeline", "shown", NULL };

  return view != NULL && g_strv_contains (views, view);
}

static const char *
export_title (const char *view)
{
  if (g_str_equal (view, "difference"))
    return _("Export Difference");
  if (g_str_equal (view, "sizes"))
    return _("Export Treemaps Side by Side");
  if (g_str_equal (view, "timeline"))
    return _("Export Timelines");
  return _("Export Side by Side");
}

/* "shown" → the view on display. */
static const char *
resolve_view (TideCompareWindow *self,
              const char        *view)
{
  if (g_strcmp0 (view, "shown") == 0)
    return adw_view_stack_get_visible_child_name (self->view_stack);
  return view;
}

/* Both treemaps at their size on screen, under their titles. */
static TideDrawList *
paint_treemaps (TideCompareWindow *self)
{
  TideDrawList *panes[2] = { NULL, NULL };
  TideDrawList *list = NULL;
  const char *titles[2];
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  /* the treemaps' own backgrounds and ink */
  TideColor background = dark ? (TideColor) { 0.14, 0.14, 0.14, 1 } : (TideColor) { 1, 1, 1, 1 };
  TideColor ink = dark ? (TideColor) { 0.92, 0.92, 0.92, 1 } : (TideColor) { 0.13, 0.13, 0.13, 1 };

  for (TideDiffWhich s = TIDE_DIFF_BEFORE; s <= TIDE_DIFF_AFTER; s++)
    {
      panes[s] = tide_treemap_view_paint (treemap (self, s), -1, -1);
      titles[s] = gtk_label_get_text (s == TIDE_DIFF_BEFORE ? self->before_sizes_title : self->after_sizes_title);
    }
  if (panes[0] != NULL && panes[1] != NULL)
    list = tide_draw_list_new_pair (panes, titles, 13, 12, background, ink);
  g_clear_pointer (&panes[0], tide_draw_list_free);
  g_clear_pointer (&panes[1], tide_draw_list_free);
  return list;
}

static TideDrawList *
paint_view (TideCompareWindow *self,
            const char        *view)
{
  view = resolve_view (self, view);
  if (g_strcmp0 (view, "side-by-side") == 0)
    return paint_side_by_side (self);
  if (g_strcmp0 (view, "sizes") == 0)
    return paint_treemaps (self);
  if (g_strcmp0 (view, "timeline") == 0)
    return tide_timeline_pair_view_paint (self->timeline_view, -1, -1);
  if (g_strcmp0 (view, "difference") == 0)
    return tide_flame_graph_paint (self->diff_graph, -1);
  return NULL;
}

/* Whether @view (or the one on display, for "shown") has a picture. */
static gboolean
can_export (TideCompareWindow *self,
            const char        *view)
{
  view = resolve_view (self, view);
  if (self->diff == NULL || g_strcmp0 (view, "changes") == 0)
    return FALSE;
  if (g_strcmp0 (view, "sizes") == 0)
    return tide_treemap_view_get_classes (self->before_treemap) != NULL
           && tide_treemap_view_get_classes (self->after_treemap) != NULL;
  if (g_strcmp0 (view, "timeline") == 0)
    return tide_timeline_pair_view_get_layout (self->timeline_view) != NULL;
  return TRUE;
}

static void
chooser_response_cb (TideCompareWindow    *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  TideExportFormat format = self->chooser_format;
  g_autoptr(GFile) file = tide_export_chooser_get_file (chooser, response, FALSE, &format);

  if (file != NULL)
    tide_compare_window_export (self, self->chooser_view, file, format);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

/* "tm_before-vs-tm_after-difference.svg"; not translated: a file name */
static char *
suggest_export_name (TideCompareWindow *self,
                     const char        *view,
                     const char        *extension)
{
  g_autofree char *names[2] = { NULL, NULL };

  for (guint s = 0; s < 2; s++)
    {
      GFile *file = tide_compare_side_get_file (self->sides[s]);
      g_autofree char *base = file != NULL ? g_file_get_basename (file) : NULL;
      char *dot;

      names[s] = base != NULL ? g_filename_display_name (base) : g_strdup (s == 0 ? "before" : "after");
      dot = strrchr (names[s], '.');
      if (dot != NULL && dot != names[s])
        *dot = '\0';
    }
  return g_strdup_printf ("%s-vs-%s-%s.%s", names[0], names[1], view, extension);
}

/* The save dialog for @view ("shown": the one on display) as @extension. */
static void
choose_export (TideCompareWindow *self,
               const char        *view,
               const char        *extension)
{
  g_autofree char *pattern = g_strdup_printf ("*.%s", extension);
  g_autofree char *name = NULL;
  TideExportFormat format;

  view = resolve_view (self, view);
  if (!is_export_view (view) || !tide_export_format_from_name (pattern, &format) || format == TIDE_EXPORT_FOLDED)
    g_return_if_reached ();
  if (!can_export (self, view))
    return;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_free (self->chooser_view);
  self->chooser_view = g_strdup (view);
  self->chooser_format = format;

  name = suggest_export_name (self, view, extension);
  self->chooser = tide_export_chooser_new (GTK_WINDOW (self), export_title (view), format, name,
                                           tide_compare_side_get_file (self->sides[1]));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* "difference.svg", "side-by-side.pdf": which view, in which format. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (parameter, NULL), ".", 2);

  if (g_strv_length (parts) != 2)
    g_return_if_reached ();
  choose_export (TIDE_COMPARE_WINDOW (widget), parts[0], parts[1]);
}

/* "svg", "png", "pdf": the view on display. */
static void
export_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_export (TIDE_COMPARE_WINDOW (widget), "shown", g_variant_get_string (parameter, NULL));
}

static void
visible_view_cb (TideCompareWindow *self)
{
  update_actions (self);
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
  gtk_widget_class_bind_template_child (widget_class, TideCompareWindow, delta_table);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "compare.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "compare.export-view", "s", export_view_action);
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

  for (guint i = 0; i < G_N_ELEMENTS (scrollers); i++)
    g_signal_connect (gtk_scrolled_window_get_vadjustment (scrollers[i]), "changed",
                      G_CALLBACK (vadjustment_changed_cb), NULL);
  g_signal_connect_object (self->before_graph, "notify::zoom-node", G_CALLBACK (pane_zoomed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->after_graph, "notify::zoom-node", G_CALLBACK (pane_zoomed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->before_graph, "notify::hover-node", G_CALLBACK (pane_hovered_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->after_graph, "notify::hover-node", G_CALLBACK (pane_hovered_cb), self, G_CONNECT_SWAPPED);
  for (TideDiffWhich s = TIDE_DIFF_BEFORE; s <= TIDE_DIFF_AFTER; s++)
    {
      g_signal_connect_object (treemap (self, s), "notify::zoom-class", G_CALLBACK (treemap_zoomed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (treemap (self, s), "notify::hover", G_CALLBACK (treemap_hovered_cb), self,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->view_stack, "notify::visible-child-name", G_CALLBACK (visible_view_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->grouping_dropdown, "notify::selected", G_CALLBACK (grouping_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
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

void
tide_compare_window_export (TideCompareWindow *self,
                            const char        *view,
                            GFile             *file,
                            TideExportFormat   format)
{
  TideDrawList *list;

  g_return_if_fail (TIDE_IS_COMPARE_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format != TIDE_EXPORT_FOLDED);
  g_return_if_fail (is_export_view (view));
  g_return_if_fail (can_export (self, view));

  list = paint_view (self, view);
  g_return_if_fail (list != NULL);

  self->n_exports++;
  update_actions (self);
  /* PNG at the screen's pixel density, so a HiDPI export is as sharp */
  tide_export_write_async (self, list, NULL, format, gtk_widget_get_scale_factor (GTK_WIDGET (self)), file,
                           self->cancellable, export_cb, NULL);
}

const char *
tide_compare_window_get_last_toast_title (TideCompareWindow *self)
{
  g_return_val_if_fail (TIDE_IS_COMPARE_WINDOW (self), NULL);
  return self->last_toast_title;
}
