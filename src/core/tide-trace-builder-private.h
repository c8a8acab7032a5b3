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
#include "tide-sample-table-private.h"
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
  guint64    rss_unit;        /* bytes in one unit of an RSS word */
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

/* Words for tide_trace_builder_apply_words() that are no event: a time
 * stamp in milliseconds, or an RSS reading in rss_unit (see
 * tide_trace_builder_set_rss_unit()), the value in the low 29 bits. No
 * event's word has its top two bits set: an id is under 2^30. */
#define TIDE_WORD_KIND_MASK 0xe0000000u
#define TIDE_WORD_TIME      0xc0000000u
#define TIDE_WORD_RSS       0xe0000000u
#define TIDE_WORD_VALUE     0x1fffffffu

/* The bytes in one unit of an RSS word (heaptrack's page size). */
void tide_trace_builder_set_rss_unit    (TideTraceBuilder *self,
                                         guint64           unit);
/* A time stamp's or an RSS reading's word (TIDE_WORD_TIME, TIDE_WORD_RSS). */
void tide_trace_builder_take_stamp      (TideTraceBuilder *self,
                                         guint32           word);
void tide_trace_builder_take_checkpoint (TideTraceBuilder *self);
void tide_trace_builder_make_room       (TideTraceBuilder *self);

/* A time stamp's sample, of the counters given (the builder's own, or
 * those tide_trace_builder_apply_words() keeps in locals); the interval's
 * extremes start again at the heap. Field by field into the table: a
 * sample built aside, then copied, cost 12 ns in the stalled loads of
 * its copy (ht_pystamped: 5% of the reading thread). */
static inline void
tide_trace_builder_push_sample_inline (TideTraceBuilder *self,
                                       guint64           event_index,
                                       guint64           current,
                                       guint64           interval_max,
                                       guint64           interval_min,
                                       guint64           live_allocations,
                                       guint64           allocations)
{
  TideTrace *trace = self->trace;
  TideTimelineSample *s = tide_sample_table_append_slot_inline (trace->samples);

  s->time_ms = self->now_ms;
  s->event_index = event_index;
  s->heap_bytes = current;
  s->heap_max_bytes = interval_max;
  s->heap_min_bytes = interval_min;
  s->live_allocations = live_allocations;
  s->allocations = allocations;
  s->temporary = trace->totals.cost.temporary;
  s->rss_bytes = 0;
  s->extra_bytes = 0;
  s->stack_bytes = 0;
  self->interval_max = self->interval_min = current;
  self->events_at_last_sample = event_index;
}

/* tide_trace_builder_set_rss() */
static inline void
tide_trace_builder_set_rss_inline (TideTraceBuilder *self,
                                   guint64           rss_bytes)
{
  TideTimelineSample *last = tide_sample_table_peek_last_inline (self->trace->samples);

  /* an RSS reading belongs to the time stamp just before it (the builder
   * starts with a sample) */
  g_return_if_fail (last != NULL);
  last->rss_bytes = rss_bytes;
  if (rss_bytes > self->trace->totals.peak_rss_bytes)
    self->trace->totals.peak_rss_bytes = rss_bytes;
}

/* An RSS reading in the builder's rss_unit (heaptrack's pages), from a
 * stamp's word or from the text: in bytes, saturating on a hostile one. */
static inline void
tide_trace_builder_set_rss_units (TideTraceBuilder *self,
                                  guint64           units)
{
  tide_trace_builder_set_rss_inline (self, sat_mul (units, self->rss_unit));
}

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

/* Stores the counters tide_trace_builder_apply_words() keeps in locals,
 * @applied events after the one of index @first_event. */
static inline void
tide_trace_builder_store_batch (TideTraceBuilder *self,
                                guint32          *out,
                                guint64           first_event,
                                gsize             applied,
                                guint64           current,
                                guint64           interval_max,
                                guint64           interval_min,
                                guint64           peak,
                                guint64           allocations)
{
  TideTrace *trace = self->trace;
  TideEventLog *log = trace->events;

  log->fill = out - log->block;
  log->n_events = first_event + applied;
  self->current_bytes = current;
  self->interval_max = interval_max;
  self->interval_min = interval_min;
  /* every event applied is an allocation or a free */
  self->live_allocations += allocations;
  self->live_allocations -= applied - allocations;
  trace->totals.cost.allocations += allocations;
  trace->totals.cost.peak_bytes = peak;
}

/* Applies event words (id << 1 | is_free, see TIDE_EVENT_* in tide-trace.h)
 * and stamps (TIDE_WORD_TIME, TIDE_WORD_RSS) from @words, in order, with
 * heaptrack's rule for temporary allocations (@last_allocated is its
 * register), up to the first it cannot take: any other word with the top
 * bit set, an id that is no info, a free of an info with no live block.
 * Returns how many it applied; the caller deals with the next one. A
 * stamp is taken in the loop: heaptrack writes one of each every 10 ms,
 * and leaving the loop for each (ht_pystamped: 1.4 million times) cost
 * its set-up and its stores again each time. The same as
 * allocate_inline()/free_block_inline() per event, with the counters in
 * locals for the whole batch: through the builder's fields, every store
 * to an info (a guint64, as they are) made the compiler load and store
 * them again. What can be worked out once per batch is: the event count
 * from where the block's fill went, the blocks live from the allocations
 * and the events. Fewer values live through the loop means fewer of them
 * spilled to the stack, whose store-to-load chains the reading thread
 * waited on. */
static inline gsize
tide_trace_builder_apply_words (TideTraceBuilder *self,
                                const guint32    *words,
                                gsize             n,
                                guint32          *last_allocated)
{
  TideTrace *trace = self->trace;
  TideEventLog *log = trace->events;
  BuilderInfo *infos = (BuilderInfo *) (gpointer) self->infos->data;
  /* at most 2^30 - 1: then no word of a line (bit 31 set) passes for an
   * event */
  guint32 n_infos = MIN (self->infos->len, 0x40000000u);
  guint32 *out = log->block + log->fill;
  /* words moves past each stamp: events from it on are p - words */
  const guint32 *words0 = words, *p = words, *end = words + n;
  guint64 first_event = log->n_events; /* the index of the event at words */
  guint64 current = self->current_bytes;
  guint64 interval_max = self->interval_max;
  guint64 interval_min = self->interval_min;
  guint64 peak = trace->totals.cost.peak_bytes;
  guint64 allocations = 0;
  guint32 last = *last_allocated;

  /* the words that fit in the block before it must make room: one test a
   * word for both ends. A limit of 0 (set after appends of many events at
   * once) leaves no room: the first event makes it. */
  for (;;)
    {
      gsize room = self->event_limit > log->fill ? self->event_limit - log->fill : 0;
      const guint32 *batch_end = p + MIN ((gsize) (end - p), room);

      for (; p < batch_end; p++)
        {
          guint32 w = *p;
          guint32 id = w >> 1;
          BuilderInfo *info;

          /* a line's word (bit 31) has an id past any n_infos */
          if (G_UNLIKELY (id >= n_infos))
            {
              if (w < TIDE_WORD_TIME)
                goto done;
              /* a stamp, from the locals: the counters as
               * tide_trace_builder_store_batch() would leave them, the
               * events so far less the allocations being the frees */
              if (w < TIDE_WORD_RSS)
                {
                  gsize applied = p - words;

                  self->now_ms = w & TIDE_WORD_VALUE;
                  tide_trace_builder_push_sample_inline (self, first_event + applied, current, interval_max,
                                                         interval_min,
                                                         self->live_allocations + 2 * allocations - applied,
                                                         trace->totals.cost.allocations + allocations);
                  interval_max = interval_min = current;
                }
              else
                tide_trace_builder_set_rss_units (self, w & TIDE_WORD_VALUE);
              /* the stamp took no place among the events */
              words++;
              continue;
            }
          info = &infos[id];
          if ((w & 1) && G_UNLIKELY (info->live == 0))
            goto done;
          *out++ = w;

          if (!(w & 1))
            {
              info->allocations++;
              info->live++;
              allocations++;
              current = sat_add (current, info->size);
              if (current > interval_max)
                interval_max = current;
              if (current > peak)
                {
                  peak = current;
                  trace->totals.peak_time_ms = self->now_ms;
                  trace->totals.peak_event_index = first_event + (p - words) + 1;
                }
              last = id;
            }
          else
            {
              info->live--;
              current -= MIN (info->size, current);
              if (current < interval_min)
                interval_min = current;
              if (id == last)
                {
                  ((BuilderColdInfo *) (gpointer) self->cold->data)[id].temporary++;
                  trace->totals.cost.temporary++;
                }
              last = 0;
            }
        }
      log->fill = out - log->block;
      /* room is made for an event that goes in, as it comes, or for a
       * stamp's (which takes none, but goes on the loop) */
      if (p == end || (*p < TIDE_WORD_TIME && ((*p >> 1) >= n_infos || ((*p & 1) && infos[*p >> 1].live == 0))))
        break;
      /* a checkpoint reads the infos, which are up to date, and the log */
      log->n_events = first_event + (p - words);
      tide_trace_builder_make_room (self);
      out = log->block + log->fill;
    }

done:
  tide_trace_builder_store_batch (self, out, first_event, p - words, current, interval_max, interval_min, peak,
                                  allocations);
  *last_allocated = last;
  return p - words0;
}

G_END_DECLS
