/* tide-timeline-view.c: the run over time; click an instant, Shift+drag a range
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "charts/tide-timeline-source.h"
#include "core/tide-format.h"
#include "tide-chart-canvas.h"
#include "tide-timeline-view.h"

/* Used before the first allocation (an export of a page never shown). */
#define FALLBACK_WIDTH  1200.0
#define FALLBACK_HEIGHT 480.0

/* Extra mouse buttons: "back" on most mice goes back in the zoom history. */
#define BUTTON_BACK 8

/* The narrowest window, in ms: below a millisecond there is nothing to see. */
#define MIN_SPAN_MS 1.0
/* Pointer travel (px) before a press becomes a drag. */
#define DRAG_THRESHOLD 4.0
/* Zoom steps closer together than this (ms) are one step of the history:
 * a burst of Ctrl+scroll is undone at once. */
#define HISTORY_GROUP_US (400 * 1000)

typedef struct
{
  double t0, t1;
} Window;

struct _TideTimelineView
{
  GtkWidget           parent_instance;

  /* owned references */
  TideSession        *session;
  TideTimelineSource *source;           /* of the session's trace; NULL while built */
  GCancellable       *source_cancellable; /* of the source being built */
  GCancellable       *series_cancellable; /* of series being added to it */
  GCancellable       *stack_cancellable; /* of the split by sites being computed */
  GArray             *history;          /* Window, oldest first */

  /* caches, each valid for the key stored beside it:
   * layout  for (source, options, window, size)
   * list    for (layout, style: hover, selection, preview, dark)
   * canvas  for list (the GPU's copy or a cairo render node) */
  TideTimelineLayout *layout;
  double              layout_width, layout_height;
  TideDrawList       *draw_list;
  TideChartCanvas    *canvas;

  /* borrowed: the session's */
  TideTrace          *trace;

  gboolean            shown[TIDE_N_SERIES];
  gboolean            stacked;
  guint               n_sites;
  guint               stack_n_sites;    /* of the stack in source; 0 for none */

  Window              window;           /* visible */
  Window              extent;           /* the whole run */
  gint64              last_push_us;     /* when the history last grew */

  double              hover_x, hover_y; /* px; NAN when the pointer is away */
  int                 hover_band;
  int                 highlight_band;
  gboolean            dark;

  /* pointer gestures in progress */
  double              drag_x;           /* where the press was */
  Window              drag_window;      /* the window then */
  double              drag_plot_width;
  gboolean            drag_range;       /* Shift was held: a range, not a pan */
  gboolean            dragged;          /* moved past the threshold since the press */
  gboolean            previewing;       /* preview holds the range being dragged */
  Window              preview;
  Window              pinch_window;
  double              pinch_anchor;

  char               *accessible_label; /* as last given to assistive technologies */
};

enum {
  PROP_0,
  PROP_SESSION,
  /* in TideSeriesKind order */
  PROP_SHOW_HEAP,
  PROP_SHOW_LIVE_ALLOCATIONS,
  PROP_SHOW_ALLOCATION_RATE,
  PROP_SHOW_TEMPORARY_RATE,
  PROP_SHOW_RSS,
  PROP_STACKED,
  PROP_N_SITES,
  PROP_BUSY,
  PROP_CAN_ZOOM_BACK,
  PROP_WINDOW_START,
  PROP_WINDOW_END,
  PROP_HOVER_BAND,
  N_PROPS
};

G_STATIC_ASSERT (PROP_SHOW_HEAP + TIDE_SERIES_HEAP == PROP_SHOW_HEAP);
G_STATIC_ASSERT (PROP_SHOW_HEAP + TIDE_SERIES_RSS == PROP_SHOW_RSS);
G_STATIC_ASSERT (PROP_SHOW_HEAP + TIDE_SERIES_TEMPORARY_RATE == PROP_SHOW_TEMPORARY_RATE);

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TideTimelineView, tide_timeline_view, GTK_TYPE_WIDGET)

/* The order series are drawn and listed in: the heap is the main one, RSS
 * shares its axis, then counts and rates. */
static const TideSeriesKind series_order[] = {
  TIDE_SERIES_HEAP,
  TIDE_SERIES_RSS,
  TIDE_SERIES_LIVE_ALLOCATIONS,
  TIDE_SERIES_ALLOCATION_RATE,
  TIDE_SERIES_TEMPORARY_RATE,
};

G_STATIC_ASSERT (G_N_ELEMENTS (series_order) == TIDE_N_SERIES);

static double
current_width (TideTimelineView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  return width > 0 ? width : FALLBACK_WIDTH;
}

static double
current_height (TideTimelineView *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  return height > 0 ? height : FALLBACK_HEIGHT;
}

static void
get_options (TideTimelineView    *self,
             TideTimelineOptions *options)
{
  tide_timeline_options_init (options);
  options->n_series = 0;
  for (guint i = 0; i < G_N_ELEMENTS (series_order); i++)
    if (self->shown[series_order[i]])
      options->series[options->n_series++] = series_order[i];
  options->stacked = self->stacked && self->shown[TIDE_SERIES_HEAP];
}

/* @for_screen: the crosshair and the range being dragged, no legend (the
 * page shows its own, which can point at a band) and no titles; an export
 * gets the legend and titles and no crosshair. */
static void
fill_style (TideTimelineView  *self,
            TideTimelineStyle *style,
            gboolean           for_screen)
{
  tide_timeline_style_init (style);
  style->dark = self->dark;
  style->show_legend = !for_screen;
  style->skip_titles = for_screen;
  if (self->session != NULL)
    tide_timeline_style_set_selection (style, self->session);
  if (for_screen && self->previewing)
    {
      style->show_selection = TRUE;
      style->selection_kind = TIDE_SELECTION_RANGE;
      style->selection_start_ms = MIN (self->preview.t0, self->preview.t1);
      style->selection_end_ms = MAX (self->preview.t0, self->preview.t1);
    }
}

static TideTimelineLayout *
make_layout (TideTimelineView        *self,
             const TideTimelineStyle *style,
             double                   width,
             double                   height)
{
  TideTimelineOptions options;
  TideTimelineRect plot;

  get_options (self, &options);
  tide_timeline_painter_get_plot (style, self->source, &options, width, height, &plot);
  plot.width = MAX (plot.width, 1);
  plot.height = MAX (plot.height, 1);
  return tide_timeline_layout_new (self->source, &options, self->window.t0, self->window.t1, &plot);
}

/* Drops the draw list and render node; the next snapshot makes new ones. */
static void
clear_drawing (TideTimelineView *self)
{
  /* the canvas lets go of the list first */
  tide_chart_canvas_invalidate (self->canvas);
  g_clear_pointer (&self->draw_list, tide_draw_list_free);
}

static void
invalidate_drawing (TideTimelineView *self)
{
  clear_drawing (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* "Timeline (Heap, RSS), from 0.50 s to 1.20 s", "Timeline of the heap
 * stacked by its top 5 sites", for screen readers; kept in step with the
 * series, the stack and the window by invalidate_layout(). */
static void
update_accessible (TideTimelineView *self)
{
  g_autofree char *what = NULL;
  g_autofree char *label = NULL;

  if (self->session != NULL && self->stacked && self->shown[TIDE_SERIES_HEAP])
    what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Timeline of the heap stacked by its top %u site",
                                         "Timeline of the heap stacked by its top %u sites", self->n_sites),
                            self->n_sites);
  else
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      for (guint i = 0; i < G_N_ELEMENTS (series_order); i++)
        if (self->shown[series_order[i]] && (self->trace == NULL || tide_timeline_view_has_series (self, series_order[i])))
          g_ptr_array_add (names, (gpointer) tide_timeline_painter_series_name_for (self->trace, series_order[i]));
      g_ptr_array_add (names, NULL);
      {
        g_autofree char *list = g_strjoinv (", ", (char **) names->pdata);

        /* TRANSLATORS: the series shown: "Timeline (Heap, RSS)" */
        what = g_strdup_printf (_("Timeline (%s)"), list);
      }
    }

  if (self->session != NULL && tide_timeline_view_is_zoomed (self))
    {
      /* "0.50 s", or massif's "219844 instructions" */
      g_autofree char *t0 = tide_format_trace_time (self->trace, (guint64) MAX (self->window.t0, 0.0));
      g_autofree char *t1 = tide_format_trace_time (self->trace, (guint64) MAX (self->window.t1, 0.0));

      /* TRANSLATORS: "Timeline (Heap), from 0.50 s to 1.20 s" */
      label = g_strdup_printf (_("%s, from %s to %s"), what, t0, t1);
    }
  else
    label = g_steal_pointer (&what);

  if (g_strcmp0 (label, self->accessible_label) == 0)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_free (self->accessible_label);
  self->accessible_label = g_steal_pointer (&label);
}

static void
invalidate_layout (TideTimelineView *self)
{
  g_clear_pointer (&self->layout, tide_timeline_layout_free);
  invalidate_drawing (self);
  update_accessible (self);
}

/* The layout for the widget's size, from the cache when it fits. */
static TideTimelineLayout *
ensure_layout (TideTimelineView *self)
{
  double width = current_width (self);
  double height = current_height (self);
  TideTimelineStyle style;

  if (self->source == NULL)
    return NULL;
  if (self->layout != NULL && self->layout_width == width && self->layout_height == height)
    return self->layout;

  g_clear_pointer (&self->layout, tide_timeline_layout_free);
  clear_drawing (self);
  fill_style (self, &style, TRUE);
  self->layout = make_layout (self, &style, width, height);
  self->layout_width = width;
  self->layout_height = height;
  return self->layout;
}

static gboolean
on_plot (TideTimelineLayout *layout,
         double              x)
{
  TideTimelineRect plot;

  tide_timeline_layout_get_plot (layout, &plot);
  return x >= plot.x && x < plot.x + plot.width;
}

static TideDrawList *
ensure_draw_list (TideTimelineView *self)
{
  TideTimelineLayout *layout = ensure_layout (self);
  TideTimelineStyle style;

  if (layout == NULL)
    return NULL;
  if (self->draw_list != NULL)
    return self->draw_list;

  fill_style (self, &style, TRUE);
  if (!isnan (self->hover_x) && on_plot (layout, self->hover_x))
    {
      style.hover_time_ms = tide_timeline_layout_time_for_x (layout, self->hover_x);
      style.hover_y = self->hover_y;
    }
  self->draw_list = tide_timeline_paint (layout, &style, self->layout_width, self->layout_height);
  return self->draw_list;
}

static void
set_hover_band (TideTimelineView *self,
                int               band)
{
  if (self->hover_band == band)
    return;
  self->hover_band = band;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_BAND]);
}

static void
update_hover_band (TideTimelineView *self)
{
  TideTimelineLayout *layout = self->source != NULL ? ensure_layout (self) : NULL;
  TideTimelineHit hit;

  if (layout == NULL || isnan (self->hover_x) || tide_timeline_layout_get_n_bands (layout) == 0
      || !tide_timeline_layout_hit (layout, self->hover_x, self->hover_y, &hit))
    {
      set_hover_band (self, -1);
      return;
    }
  set_hover_band (self, hit.band);
}

/* ------------------------------------------------------------ window -- */

static void
notify_window (TideTimelineView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_START]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_END]);
}

static void
set_window (TideTimelineView *self,
            double            t0,
            double            t1)
{
  if (self->window.t0 == t0 && self->window.t1 == t1)
    return;
  self->window.t0 = t0;
  self->window.t1 = t1;
  invalidate_layout (self);
  update_hover_band (self);
  notify_window (self);
}

/* Remembers the window for zoom_back(); @grouped: unless the last step
 * was a moment ago (one scroll burst is one step). */
static void
push_history (TideTimelineView *self,
              gboolean          grouped)
{
  gint64 now = g_get_monotonic_time ();
  gboolean could = self->history->len > 0;

  if (grouped && could && now - self->last_push_us < HISTORY_GROUP_US)
    {
      self->last_push_us = now;
      return;
    }
  self->last_push_us = now;
  g_array_append_val (self->history, self->window);
  if (!could)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ZOOM_BACK]);
}

static void
clear_history (TideTimelineView *self)
{
  gboolean could = self->history->len > 0;

  g_array_set_size (self->history, 0);
  if (could)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ZOOM_BACK]);
}

static void
zoom_window (TideTimelineView *self,
             double            factor,
             double            anchor_ms,
             gboolean          grouped)
{
  Window w = self->window;

  if (self->source == NULL)
    return;
  tide_timeline_window_zoom (&w.t0, &w.t1, anchor_ms, factor, MIN_SPAN_MS, self->extent.t0, self->extent.t1);
  if (w.t0 == self->window.t0 && w.t1 == self->window.t1)
    return;
  push_history (self, grouped);
  set_window (self, w.t0, w.t1);
}

/* Where the pointer is, in time, or the middle of the window. */
static double
pointer_time (TideTimelineView *self)
{
  TideTimelineLayout *layout = ensure_layout (self);

  if (layout != NULL && !isnan (self->hover_x) && on_plot (layout, self->hover_x))
    return tide_timeline_layout_time_for_x (layout, self->hover_x);
  return (self->window.t0 + self->window.t1) / 2;
}

static double
plot_width (TideTimelineView *self)
{
  TideTimelineLayout *layout = ensure_layout (self);
  TideTimelineRect plot;

  if (layout == NULL)
    return 1;
  tide_timeline_layout_get_plot (layout, &plot);
  return MAX (plot.width, 1);
}

/* ----------------------------------------------------- split by sites -- */

static void
set_busy_changed (TideTimelineView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
stack_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TideTrace *trace = task_data;
  guint n_sites = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "tide-n-sites"));
  GError *error = NULL;
  TideTimelineStack *stack = tide_timeline_stack_new (trace, n_sites, cancellable, &error);

  if (stack != NULL)
    g_task_return_pointer (task, stack, (GDestroyNotify) tide_timeline_stack_free);
  else
    g_task_return_error (task, error);
}

static void
stack_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TideTimelineView *self = TIDE_TIMELINE_VIEW (object);
  GTask *task = G_TASK (result);
  g_autoptr(GError) error = NULL;
  TideTimelineStack *stack = g_task_propagate_pointer (task, &error);

  /* superseded, or the view is gone */
  if (g_task_get_cancellable (task) != self->stack_cancellable)
    {
      g_clear_pointer (&stack, tide_timeline_stack_free);
      return;
    }
  g_clear_object (&self->stack_cancellable);

  if (stack == NULL)
    g_warning ("Could not split the heap by site: %s", error->message);
  else
    {
      /* no layout may outlive the stack it was made from */
      invalidate_layout (self);
      tide_timeline_source_set_stack (self->source, stack);
      self->stack_n_sites = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "tide-n-sites"));
    }
  update_hover_band (self);
  set_busy_changed (self);
}

static void ensure_stack (TideTimelineView *self);

/* The series pyramids are O(samples): milliseconds for a recording of
 * minutes, seconds for one of hours with millions of samples, which the
 * main thread must not spend. The view draws nothing until the heap comes;
 * each other series is built when first shown (each held a double a
 * sample, and most are never looked at). */
typedef struct
{
  TideTrace *trace;
  gboolean   wanted[TIDE_N_SERIES];
} SourceJob;

static void
source_job_free (SourceJob *job)
{
  g_object_unref (job->trace);
  g_free (job);
}

static void
source_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SourceJob *job = task_data;

  g_task_return_pointer (task, tide_timeline_source_new (job->trace, job->wanted),
                         (GDestroyNotify) tide_timeline_source_unref);
}

static void ensure_series (TideTimelineView *self);

static void
source_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TideTimelineView *self = TIDE_TIMELINE_VIEW (object);
  GTask *task = G_TASK (result);
  TideTimelineSource *source = g_task_propagate_pointer (task, NULL);

  /* superseded, or the view is gone */
  if (g_task_get_cancellable (task) != self->source_cancellable || source == NULL)
    {
      g_clear_pointer (&source, tide_timeline_source_unref);
      return;
    }
  g_clear_object (&self->source_cancellable);

  self->source = source;
  ensure_stack (self);
  /* those switched on while it was built */
  ensure_series (self);
  invalidate_layout (self);
  /* zooming becomes possible */
  notify_window (self);
  set_busy_changed (self);
}

/* Cancels the task of *@cancellable, if any, and forgets it: its callback
 * then sees that it was superseded. */
static void
cancel_task (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

static void
build_source (TideTimelineView *self)
{
  g_autoptr(GTask) task = NULL;
  SourceJob *job = g_new (SourceJob, 1);

  cancel_task (&self->source_cancellable);
  job->trace = g_object_ref (self->trace);
  memcpy (job->wanted, self->shown, sizeof job->wanted);
  self->source_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->source_cancellable, source_cb, NULL);
  g_task_set_source_tag (task, build_source);
  g_task_set_task_data (task, job, (GDestroyNotify) source_job_free);
  g_task_run_in_thread (task, source_thread);
  set_busy_changed (self);
}

typedef struct
{
  TideTimelineSource *source;
  gboolean            missing[TIDE_N_SERIES];
  TideMinMaxPyramid  *built[TIDE_N_SERIES];
} SeriesJob;

static void
series_job_free (SeriesJob *job)
{
  for (guint k = 0; k < TIDE_N_SERIES; k++)
    g_clear_pointer (&job->built[k], tide_minmax_pyramid_free);
  tide_timeline_source_unref (job->source);
  g_free (job);
}

static void
series_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SeriesJob *job = task_data;

  tide_timeline_source_build_series (job->source, job->missing, job->built);
  g_task_return_boolean (task, TRUE);
}

static void
series_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TideTimelineView *self = TIDE_TIMELINE_VIEW (object);
  GTask *task = G_TASK (result);
  SeriesJob *job = g_task_get_task_data (task);

  /* superseded (the source with it), or the view is gone */
  if (g_task_get_cancellable (task) != self->series_cancellable)
    return;
  g_clear_object (&self->series_cancellable);

  g_assert (job->source == self->source);
  tide_timeline_source_add_series (self->source, job->built);
  invalidate_layout (self);
  update_hover_band (self);
  /* and those switched on meanwhile */
  ensure_series (self);
  set_busy_changed (self);
}

/* Starts building the shown series the source lacks, one batch at a time. */
static void
ensure_series (TideTimelineView *self)
{
  g_autoptr(GTask) task = NULL;
  SeriesJob *job;

  if (self->source == NULL || self->series_cancellable != NULL)
    return;
  job = g_new0 (SeriesJob, 1);
  if (!tide_timeline_source_get_missing (self->source, self->shown, job->missing))
    {
      g_free (job);
      return;
    }
  job->source = tide_timeline_source_ref (self->source);
  self->series_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->series_cancellable, series_cb, NULL);
  g_task_set_source_tag (task, ensure_series);
  g_task_set_task_data (task, job, (GDestroyNotify) series_job_free);
  g_task_run_in_thread (task, series_thread);
  set_busy_changed (self);
}

static void
cancel_stack (TideTimelineView *self)
{
  gboolean was_busy = self->stack_cancellable != NULL;

  cancel_task (&self->stack_cancellable);
  if (was_busy)
    set_busy_changed (self);
}

/* Starts computing the split by @n_sites sites unless the source has it. */
static void
ensure_stack (TideTimelineView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->source == NULL || !self->stacked || self->stack_n_sites == self->n_sites)
    return;

  cancel_stack (self);
  self->stack_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->stack_cancellable, stack_cb, NULL);
  g_task_set_source_tag (task, ensure_stack);
  g_task_set_task_data (task, g_object_ref (self->trace), g_object_unref);
  g_object_set_data (G_OBJECT (task), "tide-n-sites", GUINT_TO_POINTER (self->n_sites));
  g_task_run_in_thread (task, stack_thread);
  set_busy_changed (self);
}

/* ---------------------------------------------------------- callbacks -- */

static void
session_changed_cb (TideTimelineView *self)
{
  invalidate_drawing (self);
}

static void
dark_changed_cb (TideTimelineView *self,
                 GParamSpec       *pspec,
                 AdwStyleManager  *manager)
{
  gboolean dark = adw_style_manager_get_dark (manager);

  if (self->dark == dark)
    return;
  self->dark = dark;
  invalidate_drawing (self);
}

static void
motion_cb (TideTimelineView *self,
           double            x,
           double            y)
{
  if (self->hover_x == x && self->hover_y == y)
    return;
  self->hover_x = x;
  self->hover_y = y;
  update_hover_band (self);
  invalidate_drawing (self);
}

static void
leave_cb (TideTimelineView *self)
{
  self->hover_x = self->hover_y = NAN;
  set_hover_band (self, -1);
  invalidate_drawing (self);
}

static gboolean
scroll_cb (TideTimelineView         *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
  double delta;

  if (self->source == NULL)
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      /* a notch zooms by 1.25; a touchpad's pixels smoothly */
      zoom_window (self, pow (1.25, wheel ? dy : dy / 20.0), pointer_time (self), TRUE);
      return TRUE;
    }

  delta = dx != 0 ? dx : dy;
  if (delta == 0)
    return FALSE;
  /* a notch moves a tenth of the window; a touchpad follows the fingers */
  tide_timeline_view_pan (self, wheel ? delta * 0.1 : delta / plot_width (self));
  return TRUE;
}

static void
pinch_begin_cb (TideTimelineView *self,
                GdkEventSequence *sequence,
                GtkGesture       *gesture)
{
  double x, y;

  self->pinch_window = self->window;
  self->pinch_anchor = (self->window.t0 + self->window.t1) / 2;
  if (self->source != NULL && gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    {
      TideTimelineLayout *layout = ensure_layout (self);

      if (on_plot (layout, x))
        self->pinch_anchor = tide_timeline_layout_time_for_x (layout, x);
    }
}

static void
pinch_scale_changed_cb (TideTimelineView *self,
                        double            scale)
{
  Window w = self->pinch_window;

  if (self->source == NULL || scale <= 0)
    return;
  /* from the window at the start: the fingers' distance sets the zoom */
  tide_timeline_window_zoom (&w.t0, &w.t1, self->pinch_anchor, 1 / scale, MIN_SPAN_MS, self->extent.t0,
                             self->extent.t1);
  if (w.t0 == self->window.t0 && w.t1 == self->window.t1)
    return;
  push_history (self, TRUE);
  set_window (self, w.t0, w.t1);
}

static void
drag_begin_cb (TideTimelineView *self,
               double            x,
               double            y,
               GtkGestureDrag   *gesture)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  self->drag_x = x;
  self->drag_window = self->window;
  self->drag_plot_width = plot_width (self);
  self->drag_range = (state & GDK_SHIFT_MASK) != 0;
  self->dragged = FALSE;
}

/* The time under @x, kept within the plot and the run. */
static double
clamped_time (TideTimelineView *self,
              double            x)
{
  TideTimelineLayout *layout = ensure_layout (self);
  TideTimelineRect plot;

  tide_timeline_layout_get_plot (layout, &plot);
  x = CLAMP (x, plot.x, plot.x + plot.width);
  return CLAMP (tide_timeline_layout_time_for_x (layout, x), self->extent.t0, self->extent.t1);
}

static void
drag_update_cb (TideTimelineView *self,
                double            dx,
                double            dy,
                GtkGestureDrag   *gesture)
{
  if (self->source == NULL)
    return;
  if (!self->dragged && fabs (dx) < DRAG_THRESHOLD)
    return;

  if (!self->dragged)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->drag_range ? "col-resize" : "grabbing");
  self->dragged = TRUE;

  if (self->drag_range)
    {
      self->previewing = TRUE;
      self->preview.t0 = clamped_time (self, self->drag_x);
      self->preview.t1 = clamped_time (self, self->drag_x + dx);
      invalidate_drawing (self);
    }
  else
    {
      Window w = self->drag_window;
      double span = w.t1 - w.t0;

      /* the run follows the pointer */
      tide_timeline_window_pan (&w.t0, &w.t1, -dx * span / self->drag_plot_width, self->extent.t0,
                                self->extent.t1);
      set_window (self, w.t0, w.t1);
    }
}

static void
drag_end_cb (TideTimelineView *self,
             double            dx,
             double            dy,
             GtkGestureDrag   *gesture)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
  if (self->previewing)
    {
      self->previewing = FALSE;
      tide_timeline_view_select_between (self, self->drag_x, self->drag_x + dx);
      invalidate_drawing (self);
    }
}

static void
drag_cancel_cb (TideTimelineView *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
  if (self->previewing)
    {
      self->previewing = FALSE;
      invalidate_drawing (self);
    }
}

static void
click_pressed_cb (TideTimelineView *self,
                  int               n_press,
                  double            x,
                  double            y,
                  GtkGestureClick  *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  TideTimelineLayout *layout;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (button != GDK_BUTTON_PRIMARY || n_press != 2 || self->source == NULL)
    return;

  /* a double click zooms in where it was */
  layout = ensure_layout (self);
  if (on_plot (layout, x))
    tide_timeline_view_zoom (self, 0.5, tide_timeline_layout_time_for_x (layout, x));
}

static void
click_released_cb (TideTimelineView *self,
                   int               n_press,
                   double            x,
                   double            y,
                   GtkGestureClick  *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  if (button == BUTTON_BACK)
    {
      tide_timeline_view_zoom_back (self);
      return;
    }
  /* a drag (pan or range) is not a click, whichever gesture hears of it first */
  if (button == GDK_BUTTON_PRIMARY && n_press == 1 && !self->dragged)
    tide_timeline_view_select_at (self, x);
}

/* Left and Right move a tenth of the window. */
static gboolean
pan_binding (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  TideTimelineView *self = TIDE_TIMELINE_VIEW (widget);

  if (self->source == NULL)
    return FALSE;
  tide_timeline_view_pan (self, g_variant_get_double (args));
  return TRUE;
}

/* ------------------------------------------------------------ vfuncs -- */

static void
tide_timeline_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 800;
    }
  else
    {
      *minimum = 160;
      *natural = 420;
    }
}

static void
tide_timeline_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  TideTimelineView *self = TIDE_TIMELINE_VIEW (widget);

  tide_chart_canvas_allocate (self->canvas, width, height, baseline);
  /* the layout is per size: the next snapshot makes one */
  if (self->layout != NULL && (self->layout_width != width || self->layout_height != height))
    invalidate_layout (self);
}

/* Outlines a band (the legend's entry under the pointer) over the cached
 * picture: one path along its columns, cheap enough for every frame. */
static void
snapshot_highlight (TideTimelineView *self,
                    GtkSnapshot      *snapshot)
{
  TideTimelineLayout *layout = self->layout;
  const TideTimelineCurve *heap;
  TideTimelineRect plot;
  const double *tops, *bottoms;
  guint n_columns;
  double column_width;
  cairo_t *cr;
  gboolean open = FALSE;

  if (layout == NULL || self->highlight_band < 0
      || (guint) self->highlight_band >= tide_timeline_layout_get_n_bands (layout))
    return;
  heap = tide_timeline_layout_find_curve (layout, TIDE_SERIES_HEAP);
  if (heap == NULL)
    return;

  tide_timeline_layout_get_plot (layout, &plot);
  n_columns = tide_timeline_layout_get_n_columns (layout);
  column_width = plot.width / MAX (n_columns, 1);
  tops = tide_timeline_layout_get_band_tops (layout, self->highlight_band);
  bottoms = self->highlight_band > 0 ? tide_timeline_layout_get_band_tops (layout, self->highlight_band - 1) : NULL;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (plot.x, plot.y, plot.width, plot.height));
  /* each run of columns with data: along the top, back along the bottom */
  for (guint c = 0; c <= n_columns; c++)
    {
      gboolean has_data = c < n_columns && tide_timeline_layout_get_column_sample (layout, c) >= 0 && !isnan (tops[c]);

      if (has_data && !open)
        {
          cairo_move_to (cr, plot.x + c * column_width,
                         tide_timeline_layout_y_for_value (layout, heap->lane, heap->right, tops[c]));
          open = TRUE;
        }
      if (has_data)
        cairo_line_to (cr, plot.x + (c + 1) * column_width,
                       tide_timeline_layout_y_for_value (layout, heap->lane, heap->right, tops[c]));
      if (!has_data && open)
        {
          for (guint b = c; b-- > 0;)
            {
              double bottom = bottoms != NULL ? bottoms[b] : 0;

              if (tide_timeline_layout_get_column_sample (layout, b) < 0 || isnan (tops[b]))
                break;
              cairo_line_to (cr, plot.x + (b + 1) * column_width,
                             tide_timeline_layout_y_for_value (layout, heap->lane, heap->right, bottom));
              cairo_line_to (cr, plot.x + b * column_width,
                             tide_timeline_layout_y_for_value (layout, heap->lane, heap->right, bottom));
            }
          cairo_close_path (cr);
          open = FALSE;
        }
    }
  if (self->dark)
    cairo_set_source_rgba (cr, 1, 1, 1, 0.25);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.4);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (self->dark)
    cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  else
    cairo_set_source_rgba (cr, 0, 0, 0, 0.75);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
tide_timeline_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  TideTimelineView *self = TIDE_TIMELINE_VIEW (widget);
  TideDrawList *list = ensure_draw_list (self);

  if (list == NULL)
    return;

  tide_chart_canvas_snapshot (self->canvas, snapshot, list);
  snapshot_highlight (self, snapshot);
}

static void
tide_timeline_view_dispose (GObject *object)
{
  TideTimelineView *self = TIDE_TIMELINE_VIEW (object);

  cancel_task (&self->stack_cancellable);
  cancel_task (&self->source_cancellable);
  cancel_task (&self->series_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  self->trace = NULL;
  g_clear_pointer (&self->layout, tide_timeline_layout_free);
  clear_drawing (self);
  g_clear_pointer (&self->canvas, tide_chart_canvas_free);
  g_clear_pointer (&self->source, tide_timeline_source_unref);

  G_OBJECT_CLASS (tide_timeline_view_parent_class)->dispose (object);
}

static void
tide_timeline_view_finalize (GObject *object)
{
  TideTimelineView *self = TIDE_TIMELINE_VIEW (object);

  g_array_unref (self->history);
  g_free (self->accessible_label);

  G_OBJECT_CLASS (tide_timeline_view_parent_class)->finalize (object);
}

static void
tide_timeline_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TideTimelineView *self = TIDE_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SHOW_HEAP:
    case PROP_SHOW_LIVE_ALLOCATIONS:
    case PROP_SHOW_ALLOCATION_RATE:
    case PROP_SHOW_TEMPORARY_RATE:
    case PROP_SHOW_RSS:
      g_value_set_boolean (value, self->shown[prop_id - PROP_SHOW_HEAP]);
      break;
    case PROP_STACKED:
      g_value_set_boolean (value, self->stacked);
      break;
    case PROP_N_SITES:
      g_value_set_uint (value, self->n_sites);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, tide_timeline_view_is_busy (self));
      break;
    case PROP_CAN_ZOOM_BACK:
      g_value_set_boolean (value, tide_timeline_view_can_zoom_back (self));
      break;
    case PROP_WINDOW_START:
      g_value_set_double (value, self->window.t0);
      break;
    case PROP_WINDOW_END:
      g_value_set_double (value, self->window.t1);
      break;
    case PROP_HOVER_BAND:
      g_value_set_int (value, self->hover_band);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_timeline_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TideTimelineView *self = TIDE_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tide_timeline_view_set_session (self, g_value_get_object (value));
      break;
    case PROP_SHOW_HEAP:
    case PROP_SHOW_LIVE_ALLOCATIONS:
    case PROP_SHOW_ALLOCATION_RATE:
    case PROP_SHOW_TEMPORARY_RATE:
    case PROP_SHOW_RSS:
      tide_timeline_view_set_series_shown (self, prop_id - PROP_SHOW_HEAP, g_value_get_boolean (value));
      break;
    case PROP_STACKED:
      tide_timeline_view_set_stacked (self, g_value_get_boolean (value));
      break;
    case PROP_N_SITES:
      tide_timeline_view_set_n_sites (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_timeline_view_class_init (TideTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *show_names[TIDE_N_SERIES] = {
    [TIDE_SERIES_HEAP] = "show-heap",
    [TIDE_SERIES_LIVE_ALLOCATIONS] = "show-live-allocations",
    [TIDE_SERIES_ALLOCATION_RATE] = "show-allocation-rate",
    [TIDE_SERIES_TEMPORARY_RATE] = "show-temporary-rate",
    [TIDE_SERIES_RSS] = "show-rss",
  };

  object_class->dispose = tide_timeline_view_dispose;
  object_class->finalize = tide_timeline_view_finalize;
  object_class->get_property = tide_timeline_view_get_property;
  object_class->set_property = tide_timeline_view_set_property;

  widget_class->measure = tide_timeline_view_measure;
  widget_class->size_allocate = tide_timeline_view_size_allocate;
  widget_class->snapshot = tide_timeline_view_snapshot;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TIDE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  for (guint kind = 0; kind < TIDE_N_SERIES; kind++)
    properties[PROP_SHOW_HEAP + kind] =
      g_param_spec_boolean (show_names[kind], NULL, NULL, kind == TIDE_SERIES_HEAP,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STACKED] =
    g_param_spec_boolean ("stacked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SITES] =
    g_param_spec_uint ("n-sites", NULL, NULL, 1, 50, 5,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_ZOOM_BACK] =
    g_param_spec_boolean ("can-zoom-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WINDOW_START] =
    g_param_spec_double ("window-start", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WINDOW_END] =
    g_param_spec_double ("window-end", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOVER_BAND] =
    g_param_spec_int ("hover-band", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, pan_binding, "d", -0.1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, pan_binding, "d", 0.1);

  gtk_widget_class_set_css_name (widget_class, "tidetimelineview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tide_timeline_view_init (TideTimelineView *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkEventController *controller;
  GtkGesture *gesture;

  self->canvas = tide_chart_canvas_new (GTK_WIDGET (self));
  self->history = g_array_new (FALSE, FALSE, sizeof (Window));
  self->shown[TIDE_SERIES_HEAP] = TRUE;
  self->n_sites = 5;
  self->hover_x = self->hover_y = NAN;
  self->hover_band = self->highlight_band = -1;
  self->dark = adw_style_manager_get_dark (style_manager);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
  update_accessible (self);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_object (gesture, "begin", G_CALLBACK (pinch_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "scale-changed", G_CALLBACK (pinch_scale_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-end", G_CALLBACK (drag_end_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "cancel", G_CALLBACK (drag_cancel_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (click_pressed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "released", G_CALLBACK (click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect_object (style_manager, "notify::dark", G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------ public -- */

GtkWidget *
tide_timeline_view_new (void)
{
  return g_object_new (TIDE_TYPE_TIMELINE_VIEW, NULL);
}

const char *
tide_timeline_view_get_accessible_label (TideTimelineView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), NULL);
  return self->accessible_label;
}

TideSession *
tide_timeline_view_get_session (TideTimelineView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), NULL);
  return self->session;
}

void
tide_timeline_view_set_session (TideTimelineView *self,
                                TideSession      *session)
{
  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));
  g_return_if_fail (session == NULL || TIDE_IS_SESSION (session));

  if (self->session == session)
    return;

  cancel_stack (self);
  cancel_task (&self->source_cancellable);
  cancel_task (&self->series_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_pointer (&self->layout, tide_timeline_layout_free);
  clear_drawing (self);
  g_clear_pointer (&self->source, tide_timeline_source_unref);
  self->stack_n_sites = 0;

  g_set_object (&self->session, session);
  self->trace = session != NULL ? tide_session_get_trace (session) : NULL;

  self->extent.t0 = 0;
  self->extent.t1 = 1;
  if (self->trace != NULL)
    {
      guint n = tide_trace_get_n_samples (self->trace);
      double end = tide_trace_get_totals (self->trace)->duration_ms;

      build_source (self);
      if (n > 0)
        end = MAX (end, tide_trace_get_sample_time (self->trace, n - 1));
      self->extent.t1 = MAX (end, MIN_SPAN_MS);

      /* what it shows follows the selection */
      g_signal_connect_object (session, "notify::selection-label", G_CALLBACK (session_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::costs", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::busy", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
    }
  self->window = self->extent;
  self->previewing = FALSE;
  clear_history (self);
  set_hover_band (self, -1);
  ensure_stack (self);
  invalidate_layout (self);
  notify_window (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
tide_timeline_view_get_series_shown (TideTimelineView *self,
                                     TideSeriesKind    kind)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), FALSE);
  g_return_val_if_fail (kind < TIDE_N_SERIES, FALSE);
  return self->shown[kind];
}

void
tide_timeline_view_set_series_shown (TideTimelineView *self,
                                     TideSeriesKind    kind,
                                     gboolean          shown)
{
  guint n_shown = 0;

  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));
  g_return_if_fail (kind < TIDE_N_SERIES);

  shown = !!shown;
  for (guint i = 0; i < TIDE_N_SERIES; i++)
    n_shown += self->shown[i];
  /* an empty chart says nothing: the last series stays */
  if (self->shown[kind] == shown || (!shown && n_shown <= 1))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_HEAP + kind]);
      return;
    }

  self->shown[kind] = shown;
  ensure_series (self);
  invalidate_layout (self);
  update_hover_band (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_HEAP + kind]);
}

gboolean
tide_timeline_view_has_series (TideTimelineView *self,
                               TideSeriesKind    kind)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), FALSE);
  g_return_val_if_fail (kind < TIDE_N_SERIES, FALSE);
  if (self->source != NULL)
    return tide_timeline_source_has_series (self->source, kind);
  return self->trace != NULL && tide_timeline_trace_has_series (self->trace, kind);
}

gboolean
tide_timeline_view_get_stacked (TideTimelineView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), FALSE);
  return self->stacked;
}

void
tide_timeline_view_set_stacked (TideTimelineView *self,
                                gboolean          stacked)
{
  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));

  stacked = !!stacked;
  if (self->stacked == stacked)
    return;
  self->stacked = stacked;
  ensure_stack (self);
  invalidate_layout (self);
  update_hover_band (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACKED]);
}

guint
tide_timeline_view_get_n_sites (TideTimelineView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), 0);
  return self->n_sites;
}

void
tide_timeline_view_set_n_sites (TideTimelineView *self,
                                guint             n_sites)
{
  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));
  g_return_if_fail (n_sites > 0);

  if (self->n_sites == n_sites)
    return;
  self->n_sites = n_sites;
  ensure_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SITES]);
}

gboolean
tide_timeline_view_is_busy (TideTimelineView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), FALSE);
  return self->stack_cancellable != NULL || self->source_cancellable != NULL || self->series_cancellable != NULL;
}

void
tide_timeline_view_get_window (TideTimelineView *self,
                               double           *t0_ms,
                               double           *t1_ms)
{
  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));
  if (t0_ms != NULL)
    *t0_ms = self->window.t0;
  if (t1_ms != NULL)
    *t1_ms = self->window.t1;
}

void
tide_timeline_view_get_extent (TideTimelineView *self,
                               double           *t0_ms,
                               double           *t1_ms)
{
  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));
  if (t0_ms != NULL)
    *t0_ms = self->extent.t0;
  if (t1_ms != NULL)
    *t1_ms = self->extent.t1;
}

void
tide_timeline_view_zoom (TideTimelineView *self,
                         double            factor,
                         double            anchor_ms)
{
  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));
  g_return_if_fail (factor > 0);

  zoom_window (self, factor, anchor_ms, FALSE);
}

void
tide_timeline_view_zoom_in (TideTimelineView *self)
{
  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));
  zoom_window (self, 0.5, pointer_time (self), FALSE);
}

void
tide_timeline_view_zoom_out (TideTimelineView *self)
{
  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));
  zoom_window (self, 2.0, pointer_time (self), FALSE);
}

void
tide_timeline_view_zoom_reset (TideTimelineView *self)
{
  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));

  if (!tide_timeline_view_is_zoomed (self))
    return;
  push_history (self, FALSE);
  set_window (self, self->extent.t0, self->extent.t1);
}

gboolean
tide_timeline_view_zoom_back (TideTimelineView *self)
{
  Window w;

  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), FALSE);

  if (self->history->len == 0)
    return FALSE;
  w = g_array_index (self->history, Window, self->history->len - 1);
  g_array_set_size (self->history, self->history->len - 1);
  set_window (self, w.t0, w.t1);
  if (self->history->len == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ZOOM_BACK]);
  return TRUE;
}

gboolean
tide_timeline_view_can_zoom_back (TideTimelineView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), FALSE);
  return self->history->len > 0;
}

gboolean
tide_timeline_view_can_zoom_in (TideTimelineView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), FALSE);
  return self->source != NULL && self->window.t1 - self->window.t0 > MIN_SPAN_MS * 1.001;
}

gboolean
tide_timeline_view_is_zoomed (TideTimelineView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), FALSE);
  return self->source != NULL && (self->window.t0 != self->extent.t0 || self->window.t1 != self->extent.t1);
}

void
tide_timeline_view_pan (TideTimelineView *self,
                        double            fraction)
{
  Window w;

  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));

  if (self->source == NULL)
    return;
  w = self->window;
  tide_timeline_window_pan (&w.t0, &w.t1, fraction * (w.t1 - w.t0), self->extent.t0, self->extent.t1);
  set_window (self, w.t0, w.t1);
}

gboolean
tide_timeline_view_select_at (TideTimelineView *self,
                              double            x)
{
  TideTimelineLayout *layout;
  double t;

  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), FALSE);

  layout = ensure_layout (self);
  if (layout == NULL || !on_plot (layout, x))
    return FALSE;
  t = CLAMP (tide_timeline_layout_time_for_x (layout, x), self->extent.t0, self->extent.t1);
  tide_session_select_instant (self->session, (guint64) llround (t));
  invalidate_drawing (self);
  return TRUE;
}

gboolean
tide_timeline_view_select_between (TideTimelineView *self,
                                   double            x0,
                                   double            x1)
{
  double ta, tb;

  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), FALSE);

  if (ensure_layout (self) == NULL)
    return FALSE;
  ta = clamped_time (self, MIN (x0, x1));
  tb = clamped_time (self, MAX (x0, x1));
  if (llround (tb) <= llround (ta))
    tide_session_select_instant (self->session, (guint64) llround (ta));
  else
    tide_session_select_range (self->session, (guint64) llround (ta), (guint64) llround (tb));
  invalidate_drawing (self);
  return TRUE;
}

int
tide_timeline_view_get_hover_band (TideTimelineView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), -1);
  return self->hover_band;
}

void
tide_timeline_view_set_highlight_band (TideTimelineView *self,
                                       int               band)
{
  g_return_if_fail (TIDE_IS_TIMELINE_VIEW (self));

  if (self->highlight_band == band)
    return;
  self->highlight_band = band;
  /* drawn over the cached picture: nothing else to redo */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

TideTimelineLayout *
tide_timeline_view_get_layout (TideTimelineView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), NULL);
  return ensure_layout (self);
}

TideDrawList *
tide_timeline_view_get_draw_list (TideTimelineView *self)
{
  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), NULL);
  return ensure_draw_list (self);
}

TideDrawList *
tide_timeline_view_paint (TideTimelineView *self,
                          double            width,
                          double            height)
{
  g_autoptr(TideTimelineLayout) layout = NULL;
  TideTimelineStyle style;

  g_return_val_if_fail (TIDE_IS_TIMELINE_VIEW (self), NULL);

  if (self->source == NULL)
    return NULL;
  if (width <= 0)
    width = current_width (self);
  if (height <= 0)
    height = current_height (self);

  fill_style (self, &style, FALSE);
  layout = make_layout (self, &style, width, height);
  return tide_timeline_paint (layout, &style, width, height);
}
