/* tide-replay.c: the heap as it was at any instant, rebuilt from the events
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-replay.h"
#include "../tide-event-log.h"

/* Events are decoded a block of the log at a time, in batches that start
 * and end where its blocks do: a batch over part of a block costs the
 * decompression of all of it, so smaller or unaligned batches decompress
 * the same block several times. */
#define DECODE_BATCH TIDE_EVENT_BLOCK_SIZE

struct _TideReplay
{
  TideTrace             *trace;
  guint                  n_infos;
  const TideCheckpoints *checkpoints; /* the trace's: live blocks per info every INTERVAL events */

  /* the last live counts made: the window asks for the heap and for the
   * blocks at the same instant, one after the other */
  GMutex                 lock;
  guint64                last_index;
  guint32               *last_live;
};

/* Calls @fn on events [from, to) in order, decoding them in batches. */
typedef void (*EventFunc) (guint32 ev, gpointer user_data);

static void
for_each_event (TideTrace *trace,
                guint64    from,
                guint64    to,
                EventFunc  fn,
                gpointer   user_data)
{
  g_autofree guint32 *batch = g_new (guint32, DECODE_BATCH);

  while (from < to)
    {
      gsize want = MIN (to - from, DECODE_BATCH - from % DECODE_BATCH);
      gsize n = tide_trace_copy_events (trace, from, batch, want);

      g_assert (n > 0);
      for (gsize i = 0; i < n; i++)
        fn (batch[i], user_data);
      from += n;
    }
}

static void
apply_live (guint32  ev,
            gpointer user_data)
{
  guint32 *live = user_data;

  if (TIDE_EVENT_IS_FREE (ev))
    live[TIDE_EVENT_INFO (ev)]--;
  else
    live[TIDE_EVENT_INFO (ev)]++;
}

TideReplay *
tide_replay_new (TideTrace     *trace,
                 GCancellable  *cancellable,
                 GError       **error)
{
  TideReplay *self;
  const TideCheckpoints *checkpoints = tide_trace_get_checkpoints (trace);

  /* the checkpoints were taken while loading: nothing is left to replay */
  g_assert (tide_checkpoints_get_len (checkpoints)
            == tide_trace_get_n_events (trace) / TIDE_REPLAY_INTERVAL + 1);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self = g_new0 (TideReplay, 1);
  self->trace = g_object_ref (trace);
  self->n_infos = tide_trace_get_n_infos (trace);
  self->checkpoints = checkpoints;
  g_mutex_init (&self->lock);
  return self;
}

void
tide_replay_free (TideReplay *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->trace);
  g_clear_pointer (&self->last_live, g_free);
  g_mutex_clear (&self->lock);
  g_free (self);
}

TideTrace *
tide_replay_get_trace (TideReplay *self)
{
  return self->trace;
}

gsize
tide_replay_get_size (TideReplay *self)
{
  return tide_checkpoints_get_size (self->checkpoints);
}

/* Live blocks per info after the first @event_index events. */
static guint32 *
live_counts_at (TideReplay *self,
                guint64     event_index)
{
  guint k = MIN (event_index / TIDE_REPLAY_INTERVAL, tide_checkpoints_get_len (self->checkpoints) - 1);
  gsize size = MAX (self->n_infos, 1) * sizeof (guint32);
  guint32 *live = NULL;

  g_mutex_lock (&self->lock);
  if (self->last_live != NULL && self->last_index == event_index)
    live = g_memdup2 (self->last_live, size);
  g_mutex_unlock (&self->lock);
  if (live != NULL)
    return live;

  live = g_new (guint32, MAX (self->n_infos, 1));
  tide_checkpoints_get (self->checkpoints, k, live, self->n_infos);

  for_each_event (self->trace, (guint64) k * TIDE_REPLAY_INTERVAL, event_index, apply_live, live);

  g_mutex_lock (&self->lock);
  g_free (self->last_live);
  self->last_live = g_memdup2 (live, size);
  self->last_index = event_index;
  g_mutex_unlock (&self->lock);
  return live;
}

static void
put_live (TideReplay    *self,
          const guint32 *live,
          TideCost      *costs)
{
  for (guint i = 0; i < self->n_infos; i++)
    {
      const TideAllocInfo *info = tide_trace_get_info (self->trace, i);
      TideCost *c = &costs[info->stack];

      c->peak_bytes += live[i] * info->size;
      c->leaked_bytes += live[i] * info->size;
      c->leaked_allocations += live[i];
    }
}

TideCost *
tide_replay_live_at (TideReplay *self,
                     guint64     event_index)
{
  guint n_nodes = tide_trace_get_n_nodes (self->trace);
  TideCost *costs = g_new0 (TideCost, n_nodes);
  g_autofree guint32 *live = NULL;

  event_index = MIN (event_index, tide_trace_get_n_events (self->trace));
  live = live_counts_at (self, event_index);

  /* what was allocated is a property of the whole run */
  for (guint i = 0; i < n_nodes; i++)
    {
      const TideCost *whole = tide_trace_get_node_cost (self->trace, i);

      costs[i].allocations = whole->allocations;
      costs[i].temporary = whole->temporary;
      costs[i].allocated_bytes = whole->allocated_bytes;
    }
  put_live (self, live, costs);
  return costs;
}

guint64 *
tide_replay_live_blocks_at (TideReplay *self,
                            guint64     event_index)
{
  g_autofree guint32 *live = live_counts_at (self, MIN (event_index, tide_trace_get_n_events (self->trace)));
  guint64 *blocks = g_new (guint64, MAX (self->n_infos, 1));

  for (guint i = 0; i < self->n_infos; i++)
    blocks[i] = live[i];
  return blocks;
}

static void
count_allocations (guint32  ev,
                   gpointer user_data)
{
  guint64 *blocks = user_data;

  if (!TIDE_EVENT_IS_FREE (ev))
    blocks[TIDE_EVENT_INFO (ev)]++;
}

guint64 *
tide_replay_allocated_blocks (TideReplay *self,
                              guint64     from,
                              guint64     to)
{
  guint64 *blocks = g_new0 (guint64, MAX (self->n_infos, 1));

  to = MIN (to, tide_trace_get_n_events (self->trace));
  if (from < to)
    for_each_event (self->trace, from, to, count_allocations, blocks);
  return blocks;
}

typedef struct
{
  TideTrace *trace;
  TideCost  *costs;
  guint32   *live;
  guint32    last_allocated; /* heaptrack's temporary register */
} RangeState;

static void
apply_range (guint32  ev,
             gpointer user_data)
{
  RangeState *s = user_data;
  guint32 id = TIDE_EVENT_INFO (ev);
  const TideAllocInfo *info = tide_trace_get_info (s->trace, id);
  TideCost *c = &s->costs[info->stack];

  if (TIDE_EVENT_IS_FREE (ev))
    {
      if (id == s->last_allocated)
        c->temporary++;
      s->last_allocated = 0;
      if (s->live[id] > 0)
        s->live[id]--;
    }
  else
    {
      c->allocations++;
      c->allocated_bytes += info->size;
      s->last_allocated = id;
      s->live[id]++;
    }
}

TideCost *
tide_replay_range (TideReplay *self,
                   guint64     from,
                   guint64     to)
{
  guint64 n_events = tide_trace_get_n_events (self->trace);
  RangeState s = { self->trace, NULL, NULL, 0 };

  to = MIN (to, n_events);
  from = MIN (from, to);
  s.costs = g_new0 (TideCost, tide_trace_get_n_nodes (self->trace));
  /* only blocks allocated inside the range count as its live remainder */
  s.live = g_new0 (guint32, MAX (self->n_infos, 1));

  /* the register as heaptrack's reader had it when the range starts */
  if (from > 0)
    {
      guint32 before;

      tide_trace_copy_events (self->trace, from - 1, &before, 1);
      s.last_allocated = TIDE_EVENT_IS_FREE (before) ? 0 : TIDE_EVENT_INFO (before);
    }

  for_each_event (self->trace, from, to, apply_range, &s);
  put_live (self, s.live, s.costs);
  g_free (s.live);
  return s.costs;
}

guint64
tide_trace_event_index_at_time (TideTrace *trace,
                                guint64    time_ms)
{
  guint lo = 0, hi = tide_trace_get_n_samples (trace);

  /* the last sample at or before time_ms */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (tide_trace_get_sample_time (trace, mid) <= time_ms)
        lo = mid;
      else
        hi = mid;
    }
  return hi == 0 ? 0 : tide_trace_get_sample_event_index (trace, lo);
}

guint64
tide_trace_time_at_event_index (TideTrace *trace,
                                guint64    event_index)
{
  guint lo = 0, hi = tide_trace_get_n_samples (trace);

  /* the last sample taken before or at the event */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (tide_trace_get_sample_event_index (trace, mid) <= event_index)
        lo = mid;
      else
        hi = mid;
    }
  return hi == 0 ? 0 : tide_trace_get_sample_time (trace, lo);
}
