/* tide-trace-builder-private.h: the builder's per-event paths, inline for readers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A heaptrack trace is millions of "+ idx" and "- idx" lines: a call into
 * another file per event, with its prologue and its reloads, cost about a
 * third of the builder's instructions. Readers with such a loop include
 * this header and call the _inline variants; the rest use
 * tide-trace-builder.h.
 */
#pragma once

#include "tide-id-map.h"
#include "tide-trace-builder.h"
#include "tide-trace-private.h"

G_BEGIN_DECLS

/* One allocation info while the stream is read: what nearly every
 * event touches sits in one place, so an event costs one cache line. */
typedef struct
{
  guint64 size;
  guint64 live;        /* blocks live now */
  guint64 allocations;
  guint32 stack;
} BuilderInfo;

/* What events touch rarely (a temporary free) sits apart, so the hot part
 * is 32 bytes, half a cache line, never straddling two: the infos of a big
 * trace outgrow the L2 cache and each event is a miss. */
typedef struct
{
  guint64 temporary;
} BuilderColdInfo;

struct _TideTraceBuilder
{
  TideTrace *trace;      /* owned until finish() hands it out */

  TideIdMap  string_map;
  TideIdMap  frame_map;
  TideIdMap  node_map;
  GArray    *infos;       /* BuilderInfo, becomes trace->infos */
  GArray    *cold;        /* BuilderColdInfo, one per info */

  guint64    now_ms;
  guint64    current_bytes;
  guint64    live_allocations;
  guint64    interval_max;
  guint64    interval_min;
  guint64    events_at_last_sample;
  guint64    next_checkpoint; /* event index of the next replay checkpoint */
  gsize      event_limit;     /* the event log's fill where the next append
                               * must stop: a full block or a checkpoint due */
  guint32   *checkpoint_live; /* scratch: live blocks per info as guint32 */
  gsize      checkpoint_capacity;
  gboolean   checkpoint_clamped; /* a live count did not fit checkpoint_live */
  gboolean   have_duration;
  gboolean   snapshot_series; /* end_snapshot() was called */

  /* snapshot traces */
  gboolean   explicit_samples;
  GPtrArray *snapshot_bytes;  /* GArray of SnapshotEntry per snapshot */
  GArray    *snapshot_samples; /* guint sample per snapshot */
  guint      peak_sample;
};

/* Hostile files may claim sizes that overflow; totals saturate instead. */
static inline guint64
sat_add (guint64 a,
         guint64 b)
{
  guint64 r;

  return __builtin_add_overflow (a, b, &r) ? G_MAXUINT64 : r;
}

static inline guint64
sat_mul (guint64 a,
         guint64 b)
{
  guint64 r;

  return __builtin_mul_overflow (a, b, &r) ? G_MAXUINT64 : r;
}

void tide_trace_builder_take_checkpoint (TideTraceBuilder *self);
void tide_trace_builder_make_room       (TideTraceBuilder *self);

/* Called before an event is appended, and at the end. */
static inline void
tide_trace_builder_maybe_checkpoint (TideTraceBuilder *self)
{
  if (G_UNLIKELY (self->trace->events->n_events == self->next_checkpoint))
    tide_trace_builder_take_checkpoint (self);
}

/* One test per event for both reasons to stop (the block is full, a
 * checkpoint is due) instead of one each: 5 of the builder's 37
 * instructions per event on ht_pybig. */
static inline void
tide_trace_builder_append_event (TideTraceBuilder *self,
                                 guint32           word)
{
  TideEventLog *log = self->trace->events;

  if (G_UNLIKELY (log->fill >= self->event_limit))
    tide_trace_builder_make_room (self);
  log->block[log->fill++] = word;
  log->n_events++;
}

/* tide_trace_builder_allocate() for an @id the caller checked against
 * tide_trace_builder_get_n_infos(). */
static inline void
tide_trace_builder_allocate_inline (TideTraceBuilder *self,
                                    guint32           id)
{
  TideTrace *trace = self->trace;
  BuilderInfo *info = &((BuilderInfo *) (gpointer) self->infos->data)[id];

  tide_trace_builder_append_event (self, id << 1);
  info->allocations++;
  info->live++;
  trace->totals.cost.allocations++;
  trace->totals.cost.allocated_bytes = sat_add (trace->totals.cost.allocated_bytes, info->size);
  self->live_allocations++;
  self->current_bytes = sat_add (self->current_bytes, info->size);

  if (self->current_bytes > self->interval_max)
    self->interval_max = self->current_bytes;
  if (self->current_bytes > trace->totals.cost.peak_bytes)
    {
      trace->totals.cost.peak_bytes = self->current_bytes;
      trace->totals.peak_time_ms = self->now_ms;
      trace->totals.peak_event_index = trace->events->n_events;
    }
}

/* tide_trace_builder_free_block() for an @id the caller checked. */
static inline gboolean
tide_trace_builder_free_block_inline (TideTraceBuilder *self,
                                      guint32           id,
                                      gboolean          temporary)
{
  TideTrace *trace = self->trace;
  BuilderInfo *info = &((BuilderInfo *) (gpointer) self->infos->data)[id];

  if (G_UNLIKELY (info->live == 0))
    return FALSE;

  tide_trace_builder_append_event (self, id << 1 | 1);
  info->live--;
  self->live_allocations--;
  self->current_bytes -= MIN (info->size, self->current_bytes);
  if (self->current_bytes < self->interval_min)
    self->interval_min = self->current_bytes;

  if (temporary)
    {
      ((BuilderColdInfo *) (gpointer) self->cold->data)[id].temporary++;
      trace->totals.cost.temporary++;
    }
  return TRUE;
}

/* Applies event words (id << 1 | is_free, see TIDE_EVENT_* in tide-trace.h)
 * from @words, in order, with heaptrack's rule for temporary allocations
 * (@last_allocated is its register), up to the first it cannot take: a
 * word with the top bit set, an id that is no info, a free of an info
 * with no live block. Returns how many it applied; the caller deals with
 * the next one. The same as allocate_inline()/free_block_inline() per
 * event, with the counters in locals for the whole batch: through the
 * builder's fields, every store to an info (a guint64, as they are) made
 * the compiler load and store them again. In locals, some of them spilled
 * to the stack, it runs a few more instructions but the reading thread
 * takes about 15% less CPU on ht_pybig (store-to-load chains through
 * memory are gone). */
static inline gsize
tide_trace_builder_apply_words (TideTraceBuilder *self,
                                const guint32    *words,
                                gsize             n,
                                guint32          *last_allocated)
{
  TideTrace *trace = self->trace;
  TideEventLog *log = trace->events;
  BuilderInfo *infos = (BuilderInfo *) (gpointer) self->infos->data;
  BuilderColdInfo *cold = (BuilderColdInfo *) (gpointer) self->cold->data;
  guint32 n_infos = self->infos->len;
  guint32 *block = log->block;
  gsize fill = log->fill;
  gsize limit = self->event_limit;
  guint64 n_events = log->n_events;
  guint64 current = self->current_bytes;
  guint64 interval_max = self->interval_max;
  guint64 interval_min = self->interval_min;
  guint64 live_allocations = self->live_allocations;
  TideCost totals = trace->totals.cost;
  guint32 last = *last_allocated;
  gsize i;

  for (i = 0; i < n; i++)
    {
      guint32 w = words[i];
      guint32 id = w >> 1;
      BuilderInfo *info;

      if (G_UNLIKELY (w >= 0x80000000u || id >= n_infos))
        break;
      info = &infos[id];
      if ((w & 1) && G_UNLIKELY (info->live == 0))
        break;

      if (G_UNLIKELY (fill >= limit))
        {
          /* a checkpoint reads the infos, which are up to date, and the log */
          log->fill = fill;
          log->n_events = n_events;
          tide_trace_builder_make_room (self);
          block = log->block;
          fill = log->fill;
          limit = self->event_limit;
        }
      block[fill++] = w;
      n_events++;
    
      if (!(w & 1))
        {
          info->allocations++;
          info->live++;
          totals.allocations++;
          totals.allocated_bytes = sat_add (totals.allocated_bytes, info->size);
          live_allocations++;
          current = sat_add (current, info->size);
          if (current > interval_max)
            interval_max = current;
          if (current > totals.peak_bytes)
            {
              totals.peak_bytes = current;
              trace->totals.peak_time_ms = self->now_ms;
              trace->totals.peak_event_index = n_events;
            }
          last = id;
        }
      else
        {
          info->live--;
          live_allocations--;
          current -= MIN (info->size, current);
          if (current < interval_min)
            interval_min = current;
          if (id == last)
            {
              cold[id].temporary++;
              totals.temporary++;
            }
          last = 0;
        }
    }

  log->fill = fill;
  log->n_events = n_events;
  self->current_bytes = current;
  self->interval_max = interval_max;
  self->interval_min = interval_min;
  self->live_allocations = live_allocations;
  trace->totals.cost = totals;
  *last_allocated = last;
  return i;
}

G_END_DECLS
