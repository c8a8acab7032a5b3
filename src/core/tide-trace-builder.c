/* tide-trace-builder.c: the one way readers build an immutable TideTrace
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-id-map.h"
#include "tide-trace-builder.h"
#include "tide-trace-error.h"
#include "tide-trace-private.h"

/* Running counters of one allocation info while the stream is read. */
typedef struct
{
  guint64 allocations;
  guint64 temporary;
  guint64 live;
} InfoStats;

struct _TideTraceBuilder
{
  TideTrace *trace;      /* owned until finish() hands it out */

  TideIdMap  string_map;
  TideIdMap  frame_map;
  TideIdMap  node_map;
  GArray    *info_stats; /* InfoStats, parallel to trace->infos */
  guint32   *event_block;

  guint64    now_ms;
  guint64    current_bytes;
  guint64    live_allocations;
  guint64    interval_max;
  guint64    interval_min;
  guint64    events_at_last_sample;
  gboolean   have_duration;
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
  TideTimelineSample s = {
    .time_ms = self->now_ms,
    .event_index = trace->n_events,
    .heap_bytes = self->current_bytes,
    .heap_max_bytes = self->interval_max,
    .heap_min_bytes = self->interval_min,
    .live_allocations = self->live_allocations,
    .allocations = trace->totals.cost.allocations,
    .temporary = trace->totals.cost.temporary,
  };

  g_array_append_val (trace->samples, s);
  self->interval_max = self->interval_min = self->current_bytes;
  self->events_at_last_sample = trace->n_events;
}

static inline void
append_event (TideTraceBuilder *self,
              guint32           word)
{
  TideTrace *trace = self->trace;
  guint64 slot = trace->n_events & TIDE_EVENT_BLOCK_MASK;

  if (slot == 0)
    {
      self->event_block = g_new (guint32, TIDE_EVENT_BLOCK_SIZE);
      g_ptr_array_add (trace->event_blocks, self->event_block);
    }
  self->event_block[slot] = word;
  trace->n_events++;
}

TideTraceBuilder *
tide_trace_builder_new (TideTraceFormat format)
{
  TideTraceBuilder *self = g_new0 (TideTraceBuilder, 1);

  self->trace = tide_trace_new_empty (format);
  tide_id_map_init (&self->string_map);
  tide_id_map_init (&self->frame_map);
  tide_id_map_init (&self->node_map);
  self->info_stats = g_array_new (FALSE, TRUE, sizeof (InfoStats));

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
  g_clear_pointer (&self->info_stats, g_array_unref);
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
  TideCost zero = { 0 };
  guint32 hash = tide_hash_mix ((guint64) parent << 32 | frame);
  guint32 id;

  g_assert (parent < self->trace->nodes->len);

  id = tide_id_map_lookup (&self->node_map, hash, &key, node_equal, self);
  if (id != 0)
    return id;

  id = self->trace->nodes->len;
  g_array_append_val (self->trace->nodes, key);
  g_array_append_val (self->trace->node_costs, zero);
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
  TideAllocInfo info = { size, stack };
  InfoStats zero = { 0 };

  g_assert (stack < self->trace->nodes->len);

  if (self->trace->infos->len >= TIDE_EVENT_MAX_INFO)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TOO_LARGE,
                   "more than %u distinct allocation sites and sizes", TIDE_EVENT_MAX_INFO);
      return FALSE;
    }

  *out_id = self->trace->infos->len;
  g_array_append_val (self->trace->infos, info);
  g_array_append_val (self->info_stats, zero);
  return TRUE;
}

guint
tide_trace_builder_get_n_infos (TideTraceBuilder *self)
{
  return self->trace->infos->len;
}

void
tide_trace_builder_allocate (TideTraceBuilder *self,
                             guint32           info)
{
  TideTrace *trace = self->trace;
  InfoStats *stats = &g_array_index (self->info_stats, InfoStats, info);
  guint64 size = g_array_index (trace->infos, TideAllocInfo, info).size;

  g_assert (info < trace->infos->len);

  append_event (self, info << 1);
  stats->allocations++;
  stats->live++;
  trace->totals.cost.allocations++;
  trace->totals.cost.allocated_bytes = sat_add (trace->totals.cost.allocated_bytes, size);
  self->live_allocations++;
  self->current_bytes = sat_add (self->current_bytes, size);

  if (self->current_bytes > self->interval_max)
    self->interval_max = self->current_bytes;
  if (self->current_bytes > trace->totals.cost.peak_bytes)
    {
      trace->totals.cost.peak_bytes = self->current_bytes;
      trace->totals.peak_time_ms = self->now_ms;
      trace->totals.peak_event_index = trace->n_events;
    }
}

gboolean
tide_trace_builder_free_block (TideTraceBuilder *self,
                               guint32           info,
                               gboolean          temporary)
{
  TideTrace *trace = self->trace;
  InfoStats *stats = &g_array_index (self->info_stats, InfoStats, info);
  guint64 size = g_array_index (trace->infos, TideAllocInfo, info).size;

  g_assert (info < trace->infos->len);

  if (stats->live == 0)
    return FALSE;

  append_event (self, info << 1 | 1);
  stats->live--;
  self->live_allocations--;
  self->current_bytes -= MIN (size, self->current_bytes);
  if (self->current_bytes < self->interval_min)
    self->interval_min = self->current_bytes;

  if (temporary)
    {
      stats->temporary++;
      trace->totals.cost.temporary++;
    }

  return TRUE;
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
  TideTimelineSample *last = &g_array_index (self->trace->samples, TideTimelineSample,
                                             self->trace->samples->len - 1);

  /* an RSS reading belongs to the time stamp just before it */
  last->rss_bytes = rss_bytes;
  if (rss_bytes > self->trace->totals.peak_rss_bytes)
    self->trace->totals.peak_rss_bytes = rss_bytes;
}

void
tide_trace_builder_set_duration (TideTraceBuilder *self,
                                 guint64           duration_ms)
{
  self->trace->totals.duration_ms = duration_ms;
  self->have_duration = TRUE;
}

/* The per-site peak is what each site held when the whole heap first reached
 * its peak: replay the stored events up to that instant. */
static void
compute_peak_costs (TideTraceBuilder *self)
{
  TideTrace *trace = self->trace;
  guint64 n = trace->totals.peak_event_index;
  g_autofree guint64 *live = g_new0 (guint64, MAX (trace->infos->len, 1));

  for (guint64 i = 0; i < n; i++)
    {
      const guint32 *block = g_ptr_array_index (trace->event_blocks, i >> TIDE_EVENT_BLOCK_SHIFT);
      guint32 ev = block[i & TIDE_EVENT_BLOCK_MASK];

      if (TIDE_EVENT_IS_FREE (ev))
        live[TIDE_EVENT_INFO (ev)]--;
      else
        live[TIDE_EVENT_INFO (ev)]++;
    }

  for (guint i = 0; i < trace->infos->len; i++)
    {
      const TideAllocInfo *info = &g_array_index (trace->infos, TideAllocInfo, i);
      TideCost *cost = &g_array_index (trace->node_costs, TideCost, info->stack);

      cost->peak_bytes = sat_add (cost->peak_bytes, sat_mul (live[i], info->size));
    }
}

TideTrace *
tide_trace_builder_finish (TideTraceBuilder *self)
{
  TideTrace *trace = self->trace;

  if (trace->n_events > self->events_at_last_sample)
    push_sample (self);

  /* give back the unused tail of the last event block */
  if ((trace->n_events & TIDE_EVENT_BLOCK_MASK) != 0)
    {
      guint last = trace->event_blocks->len - 1;
      gsize used = trace->n_events & TIDE_EVENT_BLOCK_MASK;

      trace->event_blocks->pdata[last] = g_renew (guint32, trace->event_blocks->pdata[last], used);
    }

  for (guint i = 0; i < trace->infos->len; i++)
    {
      const TideAllocInfo *info = &g_array_index (trace->infos, TideAllocInfo, i);
      const InfoStats *stats = &g_array_index (self->info_stats, InfoStats, i);
      TideCost *cost = &g_array_index (trace->node_costs, TideCost, info->stack);

      cost->allocations += stats->allocations;
      cost->temporary += stats->temporary;
      cost->allocated_bytes = sat_add (cost->allocated_bytes, sat_mul (stats->allocations, info->size));
      cost->leaked_bytes = sat_add (cost->leaked_bytes, sat_mul (stats->live, info->size));
      cost->leaked_allocations += stats->live;
    }
  compute_peak_costs (self);

  trace->totals.cost.leaked_bytes = self->current_bytes;
  trace->totals.cost.leaked_allocations = self->live_allocations;
  if (!self->have_duration)
    trace->totals.duration_ms = self->now_ms;

  self->trace = NULL;
  tide_trace_builder_free (self);
  return trace;
}
