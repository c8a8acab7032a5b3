/* tide-session.c: what the user is looking at in one loaded trace
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "analysis/tide-replay.h"
#include "tide-format.h"
#include "tide-session.h"

struct _TideSession
{
  GObject            parent_instance;

  TideTrace         *trace;
  TideReplay        *replay;      /* built on first use, then shared with workers */
  GMutex             replay_lock;

  TideSelectionKind  kind;
  guint64            start;
  guint64            end;
  guint64            time_start;
  guint64            time_end;

  guint              snapshot;    /* snapshot traces: the one shown */
  TideCost          *costs;       /* NULL: the trace's own (peak) */
  guint64           *blocks;      /* per info; NULL: peak_live of the trace's infos */
  guint64           *peak_blocks; /* made on first use */
  GCancellable      *pending;
};

enum {
  PROP_0,
  PROP_TRACE,
  PROP_SELECTION_KIND,
  PROP_SELECTION_LABEL,
  PROP_COSTS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TideSession, tide_session, G_TYPE_OBJECT)

typedef struct
{
  TideSelectionKind kind;
  guint64           start;
  guint64           end;
  guint             snapshot;
} Query;

typedef struct
{
  TideCost *costs;
  guint64  *blocks;
} Result;

static void
result_free (gpointer data)
{
  Result *r = data;

  g_free (r->costs);
  g_free (r->blocks);
  g_free (r);
}

/* Worker: the replay index is built once, by whichever query needs it first. */
static TideReplay *
ensure_replay (TideSession   *self,
               GCancellable  *cancellable,
               GError       **error)
{
  TideReplay *replay;

  g_mutex_lock (&self->replay_lock);
  if (self->replay == NULL)
    self->replay = tide_replay_new (self->trace, cancellable, error);
  replay = self->replay;
  g_mutex_unlock (&self->replay_lock);
  return replay;
}

/* For traces of snapshots (massif): the detailed snapshot nearest to the
 * selected instant, preferring one at or before it. */
static guint
nearest_snapshot (TideTrace *trace,
                  guint64    time)
{
  guint best = 0;
  guint64 best_distance = G_MAXUINT64;

  for (guint k = 0; k < tide_trace_get_n_snapshots (trace); k++)
    {
      guint64 t = tide_trace_get_sample_time (trace, tide_trace_get_snapshot (trace, k)->sample);
      guint64 d = t <= time ? time - t : (t - time) * 2;

      if (d < best_distance)
        {
          best_distance = d;
          best = k;
        }
    }
  return best;
}

static gboolean
is_snapshot_trace (TideTrace *trace)
{
  return tide_trace_get_n_events (trace) == 0 && tide_trace_get_n_snapshots (trace) > 0;
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TideSession *self = source_object;
  const Query *q = task_data;
  GError *error = NULL;
  TideReplay *replay;
  Result *r;

  if (is_snapshot_trace (self->trace))
    {
      /* no events to replay: show the nearest detailed snapshot */
      r = g_new0 (Result, 1);
      r->costs = tide_trace_dup_snapshot_costs (self->trace, q->snapshot);
      r->blocks = g_new0 (guint64, MAX (tide_trace_get_n_infos (self->trace), 1));
      g_task_return_pointer (task, r, result_free);
      return;
    }

  replay = ensure_replay (self, cancellable, &error);

  if (replay == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  r = g_new0 (Result, 1);
  if (q->kind == TIDE_SELECTION_RANGE)
    {
      r->costs = tide_replay_range (replay, q->start, q->end);
      r->blocks = tide_replay_allocated_blocks (replay, q->start, q->end);
    }
  else
    {
      r->costs = tide_replay_live_at (replay, q->start);
      r->blocks = tide_replay_live_blocks_at (replay, q->start);
    }
  g_task_return_pointer (task, r, result_free);
}

/* Takes both arrays (NULL, NULL: back to the trace's own). */
static void
set_costs (TideSession *self,
           TideCost    *costs,
           guint64     *blocks)
{
  g_free (self->costs);
  g_free (self->blocks);
  self->costs = costs;
  self->blocks = blocks;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COSTS]);
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TideSession *self = TIDE_SESSION (object);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GError) error = NULL;
  Result *r = g_task_propagate_pointer (G_TASK (result), &error);

  /* a newer selection took over: drop this one */
  if (g_cancellable_is_cancelled (cancellable))
    {
      if (r != NULL)
        result_free (r);
      return;
    }

  g_clear_object (&self->pending);
  if (r != NULL)
    {
      set_costs (self, g_steal_pointer (&r->costs), g_steal_pointer (&r->blocks));
      result_free (r);
    }
  else
    g_warning ("Could not compute the selection: %s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
start_query (TideSession *self)
{
  g_autoptr(GTask) task = NULL;
  Query *q = g_new (Query, 1);
  gboolean was_busy = self->pending != NULL;

  if (self->pending != NULL)
    g_cancellable_cancel (self->pending);
  g_clear_object (&self->pending);

  q->kind = self->kind;
  q->start = self->start;
  q->end = self->end;
  q->snapshot = self->snapshot;
  self->pending = g_cancellable_new ();

  task = g_task_new (self, self->pending, query_done_cb, NULL);
  g_task_set_source_tag (task, start_query);
  g_task_set_task_data (task, q, g_free);
  g_task_run_in_thread (task, query_thread);

  if (!was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_selection (TideSession       *self,
               TideSelectionKind  kind,
               guint64            start,
               guint64            end,
               guint64            time_start,
               guint64            time_end)
{
  gboolean kind_changed = kind != self->kind;

  if (kind == self->kind && start == self->start && end == self->end
      && time_start == self->time_start && time_end == self->time_end)
    return;

  self->kind = kind;
  self->start = start;
  self->end = end;
  self->time_start = time_start;
  self->time_end = time_end;
  if (is_snapshot_trace (self->trace))
    self->snapshot = nearest_snapshot (self->trace, time_end);
  if (kind_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_KIND]);
  /* at once, before the costs are ready: views show what was picked */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_LABEL]);

  if (kind == TIDE_SELECTION_PEAK)
    {
      gboolean was_busy = self->pending != NULL;

      if (self->pending != NULL)
        g_cancellable_cancel (self->pending);
      g_clear_object (&self->pending);
      set_costs (self, NULL, NULL);
      if (was_busy)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  else
    start_query (self);
}

static void
tide_session_dispose (GObject *object)
{
  TideSession *self = TIDE_SESSION (object);

  if (self->pending != NULL)
    g_cancellable_cancel (self->pending);
  g_clear_object (&self->pending);

  G_OBJECT_CLASS (tide_session_parent_class)->dispose (object);
}

static void
tide_session_finalize (GObject *object)
{
  TideSession *self = TIDE_SESSION (object);

  g_clear_pointer (&self->replay, tide_replay_free);
  g_clear_pointer (&self->costs, g_free);
  g_clear_pointer (&self->blocks, g_free);
  g_clear_pointer (&self->peak_blocks, g_free);
  g_clear_object (&self->trace);
  g_mutex_clear (&self->replay_lock);

  G_OBJECT_CLASS (tide_session_parent_class)->finalize (object);
}

static void
tide_session_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TideSession *self = TIDE_SESSION (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      g_value_set_object (value, self->trace);
      break;
    case PROP_SELECTION_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_SELECTION_LABEL:
      g_value_take_string (value, tide_session_dup_selection_label (self));
      break;
    case PROP_COSTS:
      g_value_set_pointer (value, (gpointer) tide_session_get_costs (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->pending != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_session_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TideSession *self = TIDE_SESSION (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      self->trace = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_session_constructed (GObject *object)
{
  TideSession *self = TIDE_SESSION (object);
  const TideTotals *t = tide_trace_get_totals (self->trace);

  G_OBJECT_CLASS (tide_session_parent_class)->constructed (object);

  self->kind = TIDE_SELECTION_PEAK;
  self->start = self->end = t->peak_event_index;
  self->time_start = self->time_end = t->peak_time_ms;
}

static void
tide_session_class_init (TideSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tide_session_dispose;
  object_class->finalize = tide_session_finalize;
  object_class->constructed = tide_session_constructed;
  object_class->get_property = tide_session_get_property;
  object_class->set_property = tide_session_set_property;

  properties[PROP_TRACE] =
    g_param_spec_object ("trace", NULL, NULL, TIDE_TYPE_TRACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTION_KIND] =
    g_param_spec_int ("selection-kind", NULL, NULL, TIDE_SELECTION_PEAK, TIDE_SELECTION_RANGE,
                      TIDE_SELECTION_PEAK, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTION_LABEL] =
    g_param_spec_string ("selection-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COSTS] =
    g_param_spec_pointer ("costs", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tide_session_init (TideSession *self)
{
  g_mutex_init (&self->replay_lock);
}

TideSession *
tide_session_new (TideTrace *trace)
{
  g_return_val_if_fail (TIDE_IS_TRACE (trace), NULL);

  return g_object_new (TIDE_TYPE_SESSION, "trace", trace, NULL);
}

TideTrace *
tide_session_get_trace (TideSession *self)
{
  g_return_val_if_fail (TIDE_IS_SESSION (self), NULL);
  return self->trace;
}

TideSelectionKind
tide_session_get_selection_kind (TideSession *self)
{
  g_return_val_if_fail (TIDE_IS_SESSION (self), TIDE_SELECTION_PEAK);
  return self->kind;
}

guint64
tide_session_get_selection_start (TideSession *self)
{
  g_return_val_if_fail (TIDE_IS_SESSION (self), 0);
  return self->start;
}

guint64
tide_session_get_selection_end (TideSession *self)
{
  g_return_val_if_fail (TIDE_IS_SESSION (self), 0);
  return self->end;
}

guint64
tide_session_get_selection_time_start (TideSession *self)
{
  g_return_val_if_fail (TIDE_IS_SESSION (self), 0);
  return self->time_start;
}

guint64
tide_session_get_selection_time_end (TideSession *self)
{
  g_return_val_if_fail (TIDE_IS_SESSION (self), 0);
  return self->time_end;
}

char *
tide_session_dup_selection_label (TideSession *self)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_return_val_if_fail (TIDE_IS_SESSION (self), NULL);

  a = tide_format_trace_time (self->trace, self->time_start);
  if (is_snapshot_trace (self->trace) && self->kind != TIDE_SELECTION_PEAK)
    {
      const TideSnapshot *snap = tide_trace_get_snapshot (self->trace, self->snapshot);

      /* say which detailed snapshot stands for the instant */
      g_autofree char *at = tide_format_trace_time (self->trace, tide_trace_get_sample_time (self->trace, snap->sample));

      return g_strdup_printf (_("Snapshot %u at %s"), snap->sample, at);
    }
  switch (self->kind)
    {
    case TIDE_SELECTION_INSTANT:
      return g_strdup_printf (_("Live at %s"), a);
    case TIDE_SELECTION_RANGE:
      b = tide_format_trace_time (self->trace, self->time_end);
      return g_strdup_printf (_("Allocated from %s to %s"), a, b);
    case TIDE_SELECTION_PEAK:
    default:
      return g_strdup_printf (_("Peak at %s"), a);
    }
}

/* The times of the snapshots a step goes through, increasing. */
static GArray *
snapshot_times (TideTrace *trace)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (guint64));

  if (tide_trace_get_format (trace) == TIDE_TRACE_FORMAT_TRACEMALLOC && tide_trace_get_n_samples (trace) > 1)
    {
      /* every sample of a series or a recording is a dump */
      for (guint i = 0; i < tide_trace_get_n_samples (trace); i++)
        {
          guint64 t = tide_trace_get_sample_time (trace, i);

          g_array_append_val (times, t);
        }
    }
  else if (is_snapshot_trace (trace))
    for (guint k = 0; k < tide_trace_get_n_snapshots (trace); k++)
      {
        guint64 t = tide_trace_get_sample_time (trace, tide_trace_get_snapshot (trace, k)->sample);

        g_array_append_val (times, t);
      }
  return times;
}

gboolean
tide_session_can_step (TideSession *self)
{
  g_autoptr(GArray) times = NULL;

  g_return_val_if_fail (TIDE_IS_SESSION (self), FALSE);
  times = snapshot_times (self->trace);
  return times->len > 1;
}

gboolean
tide_session_step (TideSession *self,
                   int          delta)
{
  g_autoptr(GArray) times = NULL;
  guint64 now;

  g_return_val_if_fail (TIDE_IS_SESSION (self), FALSE);

  times = snapshot_times (self->trace);
  now = self->kind == TIDE_SELECTION_PEAK ? tide_trace_get_totals (self->trace)->peak_time_ms : self->time_end;
  if (delta > 0)
    {
      for (guint i = 0; i < times->len; i++)
        if (g_array_index (times, guint64, i) > now)
          {
            tide_session_select_instant (self, g_array_index (times, guint64, i));
            return TRUE;
          }
    }
  else if (delta < 0)
    {
      for (guint i = times->len; i > 0; i--)
        if (g_array_index (times, guint64, i - 1) < now)
          {
            tide_session_select_instant (self, g_array_index (times, guint64, i - 1));
            return TRUE;
          }
    }
  return FALSE;
}

void
tide_session_select_peak (TideSession *self)
{
  const TideTotals *t;

  g_return_if_fail (TIDE_IS_SESSION (self));

  t = tide_trace_get_totals (self->trace);
  set_selection (self, TIDE_SELECTION_PEAK, t->peak_event_index, t->peak_event_index,
                 t->peak_time_ms, t->peak_time_ms);
}

void
tide_session_select_instant (TideSession *self,
                             guint64      time_ms)
{
  guint64 index;

  g_return_if_fail (TIDE_IS_SESSION (self));

  index = tide_trace_event_index_at_time (self->trace, time_ms);
  set_selection (self, TIDE_SELECTION_INSTANT, index, index, time_ms, time_ms);
}

void
tide_session_select_range (TideSession *self,
                           guint64      from_ms,
                           guint64      to_ms)
{
  g_return_if_fail (TIDE_IS_SESSION (self));

  if (from_ms > to_ms)
    {
      guint64 swap = from_ms;
      from_ms = to_ms;
      to_ms = swap;
    }
  set_selection (self, TIDE_SELECTION_RANGE,
                 tide_trace_event_index_at_time (self->trace, from_ms),
                 tide_trace_event_index_at_time (self->trace, to_ms),
                 from_ms, to_ms);
}

const TideCost *
tide_session_get_costs (TideSession *self)
{
  g_return_val_if_fail (TIDE_IS_SESSION (self), NULL);

  if (self->costs != NULL)
    return self->costs;
  return tide_trace_get_node_cost (self->trace, 0);
}

const guint64 *
tide_session_get_blocks (TideSession *self)
{
  guint n;

  g_return_val_if_fail (TIDE_IS_SESSION (self), NULL);

  if (self->blocks != NULL)
    return self->blocks;
  if (self->peak_blocks == NULL)
    {
      n = tide_trace_get_n_infos (self->trace);
      self->peak_blocks = g_new (guint64, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        self->peak_blocks[i] = tide_trace_get_info (self->trace, i)->peak_live;
    }
  return self->peak_blocks;
}

gboolean
tide_session_get_busy (TideSession *self)
{
  g_return_val_if_fail (TIDE_IS_SESSION (self), FALSE);
  return self->pending != NULL;
}
