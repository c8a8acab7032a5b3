/* tide-trace-builder.c: the one way readers build an immutable TideTrace
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-huge-pages.h"
#include "tide-id-map.h"
#include "tide-trace-builder-private.h"
#include "tide-trace-error.h"
#include "tide-trace-private.h"

typedef TideSnapshotEntry SnapshotEntry;

static guint32
hash_bytes (const char *str,
            gsize       len)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) str[i]) * G_GUINT64_CONSTANT (0x100000001b3);
  return tide_hash_mix (h);
}

typedef struct
{
  const char *str;
  gsize       len;
} StringKey;

static gboolean
string_equal (guint32       id,
              gconstpointer key,
              gpointer      user_data)
{
  TideTraceBuilder *self = user_data;
  const StringKey *k = key;
  const char *s = g_ptr_array_index (self->trace->strings, id);

  return strncmp (s, k->str, k->len) == 0 && s[k->len] == '\0';
}

static guint32
hash_frame (const TideFrame *f)
{
  return tide_hash_mix (((guint64) f->function << 32 | f->file)
                        ^ tide_hash_mix ((guint64) f->module << 32 | f->line));
}

static gboolean
frame_equal (guint32       id,
             gconstpointer key,
             gpointer      user_data)
{
  TideTraceBuilder *self = user_data;

  return memcmp (&g_array_index (self->trace->frames, TideFrame, id), key, sizeof (TideFrame)) == 0;
}

static gboolean
node_equal (guint32       id,
            gconstpointer key,
            gpointer      user_data)
{
  TideTraceBuilder *self = user_data;
  const TideStackNode *n = &g_array_index (self->trace->nodes, TideStackNode, id);
  const TideStackNode *k = key;

  return n->parent == k->parent && n->frame == k->frame;
}

static void
push_sample (TideTraceBuilder *self)
{
  TideTrace *trace = self->trace;

  tide_trace_builder_push_sample_inline (self, trace->events->n_events, self->current_bytes, self->interval_max,
                                         self->interval_min, self->live_allocations,
                                         trace->totals.cost.allocations);
}

static void
reserve_checkpoint_live (TideTraceBuilder *self,
                         guint             n)
{
  if (n > self->checkpoint_capacity)
    {
      self->checkpoint_capacity = MAX (n, self->checkpoint_capacity * 2);
      self->checkpoint_live = g_renew (guint32, self->checkpoint_live, self->checkpoint_capacity);
    }
}

/* What replay needs to start at this event index: every info's live
 * blocks, while we hold them anyway. */
void
tide_trace_builder_take_checkpoint (TideTraceBuilder *self)
{
  const BuilderInfo *infos = (const BuilderInfo *) (gconstpointer) self->infos->data;
  guint n = self->infos->len;

  reserve_checkpoint_live (self, n);
  /* a replay counts in 32 bits; 4 billion live blocks of one size and
   * stack would need 4 billion allocations' worth of memory first */
  for (guint i = 0; i < n; i++)
    {
      self->checkpoint_live[i] = (guint32) MIN (infos[i].live, G_MAXUINT32);
      self->checkpoint_clamped |= infos[i].live > G_MAXUINT32;
    }
  tide_checkpoints_add (self->trace->checkpoints, self->checkpoint_live, n);
  self->next_checkpoint += TIDE_CHECKPOINT_INTERVAL;
}

/* The slow half of tide_trace_builder_append_event(): takes the checkpoint
 * that is due, gets a fresh block when this one is full, and works out
 * where the next stop is. */
void
tide_trace_builder_make_room (TideTraceBuilder *self)
{
  TideEventLog *log = self->trace->events;

  tide_trace_builder_maybe_checkpoint (self);
  if (log->fill == log->capacity)
    tide_event_log_make_room (log);
  self->event_limit = log->fill + MIN (log->capacity - log->fill, self->next_checkpoint - log->n_events);
}

/* Events of one info that may be added in one go without passing a
 * checkpoint. */
static inline guint64
events_until_checkpoint (TideTraceBuilder *self,
                         guint64           n)
{
  return MIN (n, self->next_checkpoint - self->trace->events->n_events);
}

/* Counts the words' events into @user_data (a live count per info):
 * +1 for an allocation, -1 for a free, without a branch (which one comes
 * is a coin toss to the predictor). The words were checked when appended:
 * a free has a live block. */
static void
replay_words (const guint32 *words,
              gsize          n,
              gpointer       user_data)
{
  guint64 *live = user_data;

  for (gsize i = 0; i < n; i++)
    live[words[i] >> 1] += 1 - ((guint64) (words[i] & 1) << 1);
}

/* The same, undone: from the live counts after the words to before them. */
static void
unreplay_words (const guint32 *words,
                gsize          n,
                gpointer       user_data)
{
  guint64 *live = user_data;

  for (gsize i = 0; i < n; i++)
    live[words[i] >> 1] += ((guint64) (words[i] & 1) << 1) - 1;
}

/* Every info's live blocks when the heap first reached its peak, by
 * replaying the events from the checkpoint before it (at most one
 * interval, a few milliseconds once), or, when the end is nearer, by
 * undoing the events after it from the live counts at the end: a heap
 * often peaks at the end (a program that exits without freeing), and a
 * trace of less than one interval has no checkpoint but the first, at its
 * start. Keeping a copy up to date while loading instead (marking each
 * info an event touches, copying the marked ones at every new peak) cost
 * the reading thread some 8% of its instructions. Checkpoints count in 32
 * bits; should one have been clamped, the replay starts from the first
 * event. @peak_live comes zeroed, one per info. */
static void
replay_to_peak (TideTraceBuilder *self,
                guint64          *peak_live)
{
  TideTrace *trace = self->trace;
  guint64 peak = trace->totals.peak_event_index;
  guint64 n_events = tide_event_log_get_n_events (trace->events);
  guint n_infos = self->infos->len;
  guint k = 0;
  guint64 at;

  if (peak == 0)
    return;

  if (!self->checkpoint_clamped)
    k = (guint) MIN (peak / TIDE_CHECKPOINT_INTERVAL, tide_checkpoints_get_len (trace->checkpoints) - 1);
  at = (guint64) k * TIDE_CHECKPOINT_INTERVAL;

  /* the events are read where they are, in memory for the last block:
   * copying them (a fresh buffer's page faults) cost more than the
   * counting */
  if (n_events - peak < peak - at)
    {
      for (guint i = 0; i < n_infos; i++)
        peak_live[i] = g_array_index (self->infos, BuilderInfo, i).live;
      tide_event_log_foreach (trace->events, peak, n_events - peak, unreplay_words, peak_live);
      return;
    }

  if (!self->checkpoint_clamped)
    {
      reserve_checkpoint_live (self, n_infos);
      tide_checkpoints_get (trace->checkpoints, k, self->checkpoint_live, n_infos);
      for (guint i = 0; i < n_infos; i++)
        peak_live[i] = self->checkpoint_live[i];
    }
  tide_event_log_foreach (trace->events, at, peak - at, replay_words, peak_live);
}

TideTraceBuilder *
tide_trace_builder_new (TideTraceFormat format)
{
  TideTraceBuilder *self = g_new0 (TideTraceBuilder, 1);

  self->trace = tide_trace_new_empty (format);
  tide_id_map_init (&self->string_map);
  tide_id_map_init (&self->frame_map);
  tide_id_map_init (&self->node_map);
  self->infos = g_array_new (FALSE, TRUE, sizeof (BuilderInfo));
  self->cold = g_array_new (FALSE, TRUE, sizeof (BuilderColdInfo));
  self->snapshot_bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->snapshot_samples = g_array_new (FALSE, FALSE, sizeof (guint));
  self->peak_sample = G_MAXUINT;
  self->rss_unit = 1;

  /* every timeline starts empty at time zero */
  push_sample (self);

  return self;
}

void
tide_trace_builder_free (TideTraceBuilder *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->trace);
  tide_id_map_clear (&self->string_map);
  tide_id_map_clear (&self->frame_map);
  tide_id_map_clear (&self->node_map);
  g_clear_pointer (&self->infos, g_array_unref);
  g_clear_pointer (&self->cold, g_array_unref);
  g_clear_pointer (&self->snapshot_bytes, g_ptr_array_unref);
  g_clear_pointer (&self->snapshot_samples, g_array_unref);
  g_clear_pointer (&self->checkpoint_live, g_free);
  g_free (self);
}

void
tide_trace_builder_set_format_version (TideTraceBuilder *self,
                                       guint             version)
{
  self->trace->format_version = version;
}

void
tide_trace_builder_set_command (TideTraceBuilder *self,
                                const char       *command,
                                gssize            len)
{
  g_free (self->trace->command);
  self->trace->command = len < 0 ? g_strdup (command) : g_strndup (command, len);
}

guint32
tide_trace_builder_intern_string (TideTraceBuilder *self,
                                  const char       *str,
                                  gssize            len)
{
  TideTrace *trace = self->trace;
  StringKey key;
  guint32 hash, id;

  /* an embedded NUL ends the string: the rest could never be shown */
  key.str = str;
  key.len = len < 0 ? strlen (str) : strnlen (str, len);
  if (key.len == 0)
    return 0;

  hash = hash_bytes (key.str, key.len);
  id = tide_id_map_lookup (&self->string_map, hash, &key, string_equal, self);
  if (id != 0)
    return id;

  id = trace->strings->len;
  g_ptr_array_add (trace->strings, g_string_chunk_insert_len (trace->string_chunk, key.str, key.len));
  tide_id_map_insert (&self->string_map, hash, id);
  return id;
}

guint32
tide_trace_builder_intern_frame (TideTraceBuilder *self,
                                 const TideFrame  *frame)
{
  guint32 hash = hash_frame (frame);
  guint32 id = tide_id_map_lookup (&self->frame_map, hash, frame, frame_equal, self);

  if (id != 0)
    return id;

  id = self->trace->frames->len;
  g_array_append_vals (self->trace->frames, frame, 1);
  tide_id_map_insert (&self->frame_map, hash, id);
  return id;
}

guint32
tide_trace_builder_intern_node (TideTraceBuilder *self,
                                guint32           parent,
                                guint32           frame)
{
  TideStackNode key = { parent, frame };
  guint32 hash = tide_hash_mix ((guint64) parent << 32 | frame);
  guint32 id;

  g_assert (parent < self->trace->nodes->len);

  id = tide_id_map_lookup (&self->node_map, hash, &key, node_equal, self);
  if (id != 0)
    return id;

  id = self->trace->nodes->len;
  g_array_append_val (self->trace->nodes, key);
  tide_id_map_insert (&self->node_map, hash, id);
  return id;
}

guint
tide_trace_builder_get_n_nodes (TideTraceBuilder *self)
{
  return self->trace->nodes->len;
}

guint
tide_trace_builder_get_n_frames (TideTraceBuilder *self)
{
  return self->trace->frames->len;
}

const TideFrame *
tide_trace_builder_get_frame (TideTraceBuilder *self,
                              guint32           id)
{
  return &g_array_index (self->trace->frames, TideFrame, id);
}

const char *
tide_trace_builder_get_string (TideTraceBuilder *self,
                               guint32           id)
{
  return g_ptr_array_index (self->trace->strings, id);
}

gboolean
tide_trace_builder_add_info (TideTraceBuilder *self,
                             guint64           size,
                             guint32           stack,
                             guint32          *out_id,
                             GError          **error)
{
  BuilderInfo info = { .size = size, .stack = stack };
  BuilderColdInfo cold = { 0 };

  g_assert (stack < self->trace->nodes->len);

  if (self->infos->len >= TIDE_EVENT_MAX_INFO)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TOO_LARGE,
                   "more than %u distinct allocation sites and sizes", TIDE_EVENT_MAX_INFO);
      return FALSE;
    }

  *out_id = self->infos->len;
  g_array_append_val (self->infos, info);
  g_array_append_val (self->cold, cold);
  return TRUE;
}

guint
tide_trace_builder_get_n_infos (TideTraceBuilder *self)
{
  return self->infos->len;
}

void
tide_trace_builder_allocate (TideTraceBuilder *self,
                             guint32           id)
{
  g_assert (id < self->infos->len);
  tide_trace_builder_allocate_inline (self, id);
}

gboolean
tide_trace_builder_free_block (TideTraceBuilder *self,
                               guint32           id,
                               gboolean          temporary)
{
  g_assert (id < self->infos->len);
  return tide_trace_builder_free_block_inline (self, id, temporary);
}

void
tide_trace_builder_allocate_n (TideTraceBuilder *self,
                               guint32           id,
                               guint64           n)
{
  TideTrace *trace = self->trace;
  BuilderInfo *info;

  g_assert (id < self->infos->len);
  if (n == 0)
    return;
  info = &g_array_index (self->infos, BuilderInfo, id);

  /* in runs that stop at each checkpoint, which must see the live count
   * as it was there */
  for (guint64 left = n; left > 0;)
    {
      guint64 m;

      tide_trace_builder_maybe_checkpoint (self);
      m = events_until_checkpoint (self, left);
      tide_event_log_append_n (trace->events, id << 1, m);
      info->live += m;
      left -= m;
    }
  /* the block may be another now: the next single event works out its stop */
  self->event_limit = 0;
  info->allocations += n;
  trace->totals.cost.allocations += n;
  self->live_allocations += n;
  self->current_bytes = sat_add (self->current_bytes, sat_mul (n, info->size));

  /* the heap only grew: its highest point is where it ends */
  if (self->current_bytes > self->interval_max)
    self->interval_max = self->current_bytes;
  if (self->current_bytes > trace->totals.cost.peak_bytes)
    {
      trace->totals.cost.peak_bytes = self->current_bytes;
      trace->totals.peak_time_ms = self->now_ms;
      trace->totals.peak_event_index = trace->events->n_events;
    }
}

gboolean
tide_trace_builder_free_n (TideTraceBuilder *self,
                           guint32           id,
                           guint64           n)
{
  TideTrace *trace = self->trace;
  BuilderInfo *info;

  g_assert (id < self->infos->len);
  info = &g_array_index (self->infos, BuilderInfo, id);
  if (info->live < n)
    return FALSE;
  if (n == 0)
    return TRUE;

  for (guint64 left = n; left > 0;)
    {
      guint64 m;

      tide_trace_builder_maybe_checkpoint (self);
      m = events_until_checkpoint (self, left);
      tide_event_log_append_n (trace->events, id << 1 | 1, m);
      info->live -= m;
      left -= m;
    }
  self->event_limit = 0;
  self->live_allocations -= n;
  self->current_bytes -= MIN (sat_mul (n, info->size), self->current_bytes);
  if (self->current_bytes < self->interval_min)
    self->interval_min = self->current_bytes;
  return TRUE;
}

guint64
tide_trace_builder_get_live (TideTraceBuilder *self,
                             guint32           id)
{
  g_assert (id < self->infos->len);
  return g_array_index (self->infos, BuilderInfo, id).live;
}

void
tide_trace_builder_begin_snapshot (TideTraceBuilder *self,
                                   guint64           time)
{
  self->now_ms = time;
}

void
tide_trace_builder_end_snapshot (TideTraceBuilder *self)
{
  TideTrace *trace = self->trace;

  /* the empty sample at time zero stands for no snapshot: the first replaces it */
  if (!self->snapshot_series)
    tide_sample_table_clear (trace->samples);
  self->snapshot_series = TRUE;
  self->interval_max = self->interval_min = self->current_bytes;
  push_sample (self);
}

void
tide_trace_builder_set_time (TideTraceBuilder *self,
                             guint64           time_ms)
{
  self->now_ms = time_ms;
  push_sample (self);
}

void
tide_trace_builder_set_rss (TideTraceBuilder *self,
                            guint64           rss_bytes)
{
  tide_trace_builder_set_rss_inline (self, rss_bytes);
}

void
tide_trace_builder_set_rss_unit (TideTraceBuilder *self,
                                 guint64           unit)
{
  self->rss_unit = unit;
}

void
tide_trace_builder_take_stamp (TideTraceBuilder *self,
                               guint32           word)
{
  guint64 value = word & TIDE_WORD_VALUE;

  if ((word & TIDE_WORD_KIND_MASK) == TIDE_WORD_TIME)
    tide_trace_builder_set_time (self, value);
  else
    tide_trace_builder_set_rss_units (self, value);
}

void
tide_trace_builder_set_duration (TideTraceBuilder *self,
                                 guint64           duration_ms)
{
  self->trace->totals.duration_ms = duration_ms;
  self->have_duration = TRUE;
}

void
tide_trace_builder_set_time_unit (TideTraceBuilder *self,
                                  TideTimeUnit      unit)
{
  self->trace->time_unit = unit;
}

guint
tide_trace_builder_add_sample (TideTraceBuilder *self,
                               guint64           time,
                               guint64           heap_bytes,
                               guint64           extra_bytes,
                               guint64           stack_bytes)
{
  TideTimelineSample s = {
    .time_ms = time,
    .heap_bytes = heap_bytes,
    .heap_max_bytes = heap_bytes,
    .heap_min_bytes = heap_bytes,
    .extra_bytes = extra_bytes,
    .stack_bytes = stack_bytes,
  };

  /* the empty sample at time zero is for event streams; snapshots bring
   * their own */
  if (!self->explicit_samples)
    tide_sample_table_clear (self->trace->samples);
  self->explicit_samples = TRUE;
  tide_sample_table_append (self->trace->samples, &s);
  return tide_sample_table_get_len (self->trace->samples) - 1;
}

guint
tide_trace_builder_add_snapshot (TideTraceBuilder *self,
                                 guint             sample)
{
  g_return_val_if_fail (sample < tide_sample_table_get_len (self->trace->samples), 0);

  g_array_append_val (self->snapshot_samples, sample);
  g_ptr_array_add (self->snapshot_bytes, g_array_new (FALSE, FALSE, sizeof (SnapshotEntry)));
  return self->snapshot_samples->len - 1;
}

void
tide_trace_builder_add_snapshot_bytes (TideTraceBuilder *self,
                                       guint             snapshot,
                                       guint32           node,
                                       guint64           bytes)
{
  SnapshotEntry e = { node, bytes };

  g_return_if_fail (snapshot < self->snapshot_bytes->len);
  g_return_if_fail (node < self->trace->nodes->len);
  g_array_append_val (g_ptr_array_index (self->snapshot_bytes, snapshot), e);
}

void
tide_trace_builder_set_peak_sample (TideTraceBuilder *self,
                                    guint             sample)
{
  self->peak_sample = sample;
}

guint
tide_trace_builder_add_series (TideTraceBuilder *self,
                               const char       *name)
{
  g_ptr_array_add (self->trace->series_names, g_strdup (name));
  g_ptr_array_add (self->trace->series, g_array_new (FALSE, FALSE, sizeof (TideSeriesPoint)));
  return self->trace->series->len - 1;
}

void
tide_trace_builder_add_series_point (TideTraceBuilder *self,
                                     guint             series,
                                     guint64           time,
                                     guint64           value,
                                     guint64           max_value)
{
  TideSeriesPoint point = { time, value, MAX (value, max_value) };
  GArray *points;

  g_return_if_fail (series < self->trace->series->len);
  points = g_ptr_array_index (self->trace->series, series);
  /* a point out of order joins the one before (times never go back) */
  if (points->len > 0 && g_array_index (points, TideSeriesPoint, points->len - 1).time > time)
    point.time = g_array_index (points, TideSeriesPoint, points->len - 1).time;
  g_array_append_val (points, point);
}

void
tide_trace_builder_add_span (TideTraceBuilder *self,
                             const char       *name,
                             gssize            len,
                             guint             depth,
                             guint64           start,
                             guint64           end,
                             guint64           start_bytes,
                             guint64           end_bytes)
{
  TideSpan span = { tide_trace_builder_intern_string (self, name, len), depth, start, MAX (start, end),
                    start_bytes, end_bytes };

  g_array_append_val (self->trace->spans, span);
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const TideSpan *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->depth < y->depth ? -1 : x->depth > y->depth;
}

/* Totals and per-node costs of a trace made of snapshots: the peak is the
 * marked (or largest) snapshot, the leak what the last one holds. */
static void
finish_snapshots (TideTraceBuilder *self)
{
  TideTrace *trace = self->trace;
  guint n = tide_sample_table_get_len (trace->samples);
  TideTimelineSample last, peak_s, s;
  guint peak = self->peak_sample;

  tide_sample_table_get (trace->samples, n - 1, &last);
  if (peak >= n)
    {
      guint64 most = 0;

      peak = 0;
      for (guint i = 0; i < n; i++)
        {
          tide_sample_table_get (trace->samples, i, &s);
          if (i == 0 || s.heap_bytes > most)
            {
              peak = i;
              most = s.heap_bytes;
            }
        }
    }
  peak = MIN (peak, n - 1);
  tide_sample_table_get (trace->samples, peak, &peak_s);
  trace->peak_sample = peak;
  trace->totals.cost.peak_bytes = peak_s.heap_bytes;
  trace->totals.peak_time_ms = peak_s.time_ms;
  trace->totals.cost.leaked_bytes = last.heap_bytes;
  trace->totals.duration_ms = last.time_ms;
  self->have_duration = TRUE;

  for (guint k = 0; k < self->snapshot_samples->len; k++)
    {
      GArray *entries = g_ptr_array_index (self->snapshot_bytes, k);
      TideSnapshot snap = { g_array_index (self->snapshot_samples, guint, k), NULL, entries->len };
      /* per node: the peak snapshot's tree, and the last detailed one's;
       * what leaked is known per stack only when the final state has a tree */
      gboolean is_peak = snap.sample == peak;
      gboolean is_last = snap.sample == n - 1;

      for (guint i = 0; i < entries->len && (is_peak || is_last); i++)
        {
          const SnapshotEntry *e = &g_array_index (entries, SnapshotEntry, i);
          TideCost *cost = &trace->node_costs[e->node];

          if (is_peak)
            cost->peak_bytes = sat_add (cost->peak_bytes, e->bytes);
          if (is_last)
            cost->leaked_bytes = sat_add (cost->leaked_bytes, e->bytes);
        }
      snap.entries = (const SnapshotEntry *) (gpointer) g_array_free (entries, FALSE);
      g_ptr_array_index (self->snapshot_bytes, k) = g_array_new (FALSE, FALSE, sizeof (SnapshotEntry));
      g_array_append_val (trace->snapshots, snap);
    }
}

TideTrace *
tide_trace_builder_finish (TideTraceBuilder *self)
{
  TideTrace *trace = self->trace;
  g_autofree guint64 *peak_live = NULL;

  /* the checkpoint at the very end, when the count falls on one */
  tide_trace_builder_maybe_checkpoint (self);
  tide_checkpoints_finish (trace->checkpoints);

  /* A cost per stack node, made only now that they are summed: zeros all
   * through the parse, they were 3 MB of a long recording's peak (its
   * 62,000 nodes), which is the end of the parse. In huge pages: in 4 KiB
   * ones, ht_pystamped's 97,000 nodes took 1,140 page faults, on the one
   * thread left working. */
  g_free (trace->node_costs);
  trace->node_costs = tide_huge_alloc0 ((gsize) trace->nodes->len * sizeof (TideCost));
  trace->n_node_costs = trace->nodes->len;

  g_array_sort (trace->spans, compare_spans);

  if (self->explicit_samples)
    {
      finish_snapshots (self);
      tide_event_log_finish (trace->events);
      tide_sample_table_trim (trace->samples);
      self->trace = NULL;
      tide_trace_builder_free (self);
      return trace;
    }

  if (trace->events->n_events > self->events_at_last_sample)
    push_sample (self);
  tide_event_log_finish (trace->events);
  /* every sample is in: the room for more goes */
  tide_sample_table_trim (trace->samples);

  peak_live = g_new0 (guint64, self->infos->len);
  replay_to_peak (self, peak_live);
  tide_array_grow_zeroed (trace->infos, self->infos->len);
  for (guint i = 0; i < self->infos->len; i++)
    {
      const BuilderInfo *info = &g_array_index (self->infos, BuilderInfo, i);
      const BuilderColdInfo *cold = &g_array_index (self->cold, BuilderColdInfo, i);
      TideCost *cost = &trace->node_costs[info->stack];
      TideAllocInfo *out = &g_array_index (trace->infos, TideAllocInfo, i);

      out->size = info->size;
      out->stack = info->stack;
      out->allocations = info->allocations;
      out->peak_live = peak_live[i];
      out->end_live = info->live;
      cost->allocations += info->allocations;
      cost->temporary += cold->temporary;
      cost->allocated_bytes = sat_add (cost->allocated_bytes, sat_mul (info->allocations, info->size));
      trace->totals.cost.allocated_bytes = sat_add (trace->totals.cost.allocated_bytes,
                                                    sat_mul (info->allocations, info->size));
      cost->peak_bytes = sat_add (cost->peak_bytes, sat_mul (peak_live[i], info->size));
      cost->leaked_bytes = sat_add (cost->leaked_bytes, sat_mul (info->live, info->size));
      cost->leaked_allocations += info->live;
    }

  trace->totals.cost.leaked_bytes = self->current_bytes;
  trace->totals.cost.leaked_allocations = self->live_allocations;
  if (!self->have_duration)
    trace->totals.duration_ms = self->now_ms;

  self->trace = NULL;
  tide_trace_builder_free (self);
  return trace;
}
