/* tide-trace.c: an immutable, loaded allocation trace
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-trace-private.h"

G_DEFINE_FINAL_TYPE (TideTrace, tide_trace, G_TYPE_OBJECT)

static void
tide_trace_finalize (GObject *object)
{
  TideTrace *self = TIDE_TRACE (object);

  g_free (self->command);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->string_chunk, g_string_chunk_free);
  g_clear_pointer (&self->frames, g_array_unref);
  g_clear_pointer (&self->nodes, g_array_unref);
  g_clear_pointer (&self->node_costs, g_free);
  g_clear_pointer (&self->infos, g_array_unref);
  g_clear_pointer (&self->events, tide_event_log_free);
  g_clear_pointer (&self->checkpoints, tide_checkpoints_free);
  g_clear_pointer (&self->spill, tide_spill_file_free);
  g_clear_pointer (&self->samples, tide_sample_table_free);
  g_clear_pointer (&self->series_names, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);
  if (self->snapshots != NULL)
    {
      for (guint i = 0; i < self->snapshots->len; i++)
        g_free ((gpointer) g_array_index (self->snapshots, TideSnapshot, i).entries);
      g_clear_pointer (&self->snapshots, g_array_unref);
    }

  G_OBJECT_CLASS (tide_trace_parent_class)->finalize (object);
}

static void
tide_trace_class_init (TideTraceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tide_trace_finalize;
}

static void
tide_trace_init (TideTrace *self)
{
  self->string_chunk = g_string_chunk_new (64 * 1024);
  self->strings = g_ptr_array_new ();
  self->frames = g_array_new (FALSE, TRUE, sizeof (TideFrame));
  self->nodes = g_array_new (FALSE, TRUE, sizeof (TideStackNode));
  /* grown zeroed by tide_array_grow_zeroed() */
  self->infos = g_array_new (FALSE, FALSE, sizeof (TideAllocInfo));
  /* one temporary file for both, made only when a block is sealed */
  self->spill = tide_spill_file_new ();
  self->events = tide_event_log_new (self->spill);
  self->checkpoints = tide_checkpoints_new (self->spill);
  self->samples = tide_sample_table_new ();
  self->snapshots = g_array_new (FALSE, TRUE, sizeof (TideSnapshot));
  self->series_names = g_ptr_array_new_with_free_func (g_free);
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->spans = g_array_new (FALSE, TRUE, sizeof (TideSpan));
  self->peak_sample = G_MAXUINT;
}

TideTrace *
tide_trace_new_empty (TideTraceFormat format)
{
  TideTrace *self = g_object_new (TIDE_TYPE_TRACE, NULL);
  TideFrame no_frame = { 0 };
  TideStackNode root = { 0, 0 };

  self->format = format;
  /* id 0 of each table is "nothing": the empty string, no frame, the root. */
  g_ptr_array_add (self->strings, (gpointer) g_string_chunk_insert_const (self->string_chunk, ""));
  g_array_append_val (self->frames, no_frame);
  g_array_append_val (self->nodes, root);
  self->node_costs = g_new0 (TideCost, 1);
  self->n_node_costs = 1;

  return self;
}

TideTraceFormat
tide_trace_get_format (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return self->format;
}

const char *
tide_trace_get_format_name (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);

  switch (self->format)
    {
    case TIDE_TRACE_FORMAT_HEAPTRACK:
      return "heaptrack";
    case TIDE_TRACE_FORMAT_MASSIF:
      return "massif";
    case TIDE_TRACE_FORMAT_TRACEMALLOC:
      return "tracemalloc";
    case TIDE_TRACE_FORMAT_FOLDED:
      return "folded";
    case TIDE_TRACE_FORMAT_MPROF:
      return "mprof";
    default:
      g_assert_not_reached ();
    }
}

guint
tide_trace_get_format_version (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return self->format_version;
}

const char *
tide_trace_get_command (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  return self->command ? self->command : "";
}

const TideTotals *
tide_trace_get_totals (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  return &self->totals;
}

guint
tide_trace_get_n_strings (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return self->strings->len;
}

const char *
tide_trace_get_string (TideTrace *self,
                       guint32    id)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  g_return_val_if_fail (id < self->strings->len, "");
  return g_ptr_array_index (self->strings, id);
}

guint
tide_trace_get_n_frames (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return self->frames->len;
}

const TideFrame *
tide_trace_get_frame (TideTrace *self,
                      guint32    id)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  g_return_val_if_fail (id < self->frames->len, NULL);
  return &g_array_index (self->frames, TideFrame, id);
}

const TideFrame *
tide_trace_get_frames (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  return (const TideFrame *) (gconstpointer) self->frames->data;
}

const TideStackNode *
tide_trace_get_nodes (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  return (const TideStackNode *) (gconstpointer) self->nodes->data;
}

guint
tide_trace_get_n_nodes (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return self->nodes->len;
}

const TideStackNode *
tide_trace_get_node (TideTrace *self,
                     guint32    id)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  g_return_val_if_fail (id < self->nodes->len, NULL);
  return &g_array_index (self->nodes, TideStackNode, id);
}

const TideCost *
tide_trace_get_node_cost (TideTrace *self,
                          guint32    id)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  g_return_val_if_fail (id < self->n_node_costs, NULL);
  return &self->node_costs[id];
}

guint
tide_trace_get_n_infos (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return self->infos->len;
}

const TideAllocInfo *
tide_trace_get_info (TideTrace *self,
                     guint32    id)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  g_return_val_if_fail (id < self->infos->len, NULL);
  return &g_array_index (self->infos, TideAllocInfo, id);
}

guint64
tide_trace_get_n_events (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return tide_event_log_get_n_events (self->events);
}

gsize
tide_trace_copy_events (TideTrace *self,
                        guint64    start,
                        guint32   *out,
                        gsize      n)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return tide_event_log_copy (self->events, start, out, n);
}

const TideCheckpoints *
tide_trace_get_checkpoints (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  return self->checkpoints;
}

gsize
tide_trace_get_events_size (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return tide_event_log_get_size (self->events);
}

guint64
tide_trace_get_events_spilled_size (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return tide_event_log_get_spilled_size (self->events)
         + tide_checkpoints_get_spilled_size (self->checkpoints);
}

void
tide_trace_compress_events_in_background (TideTrace *self)
{
  g_return_if_fail (TIDE_IS_TRACE (self));
  tide_event_log_compress_in_background (self->events);
}

void
tide_trace_wait_events_compressed (TideTrace *self)
{
  g_return_if_fail (TIDE_IS_TRACE (self));
  tide_event_log_wait_compressed (self->events);
}

guint64
tide_trace_get_spill_disk_usage (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return tide_spill_file_get_disk_usage (self->spill);
}

guint
tide_trace_get_n_samples (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return tide_sample_table_get_len (self->samples);
}

TideTimelineSample
tide_trace_get_sample (TideTrace *self,
                       guint      index)
{
  TideTimelineSample sample = { 0 };

  g_return_val_if_fail (TIDE_IS_TRACE (self), sample);
  g_return_val_if_fail (index < tide_sample_table_get_len (self->samples), sample);

  tide_sample_table_get (self->samples, index, &sample);
  return sample;
}

guint64
tide_trace_get_sample_time (TideTrace *self,
                            guint      index)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  g_return_val_if_fail (index < tide_sample_table_get_len (self->samples), 0);
  return tide_sample_table_get_field (self->samples, TIDE_SAMPLE_TIME, index);
}

guint64
tide_trace_get_sample_event_index (TideTrace *self,
                                   guint      index)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  g_return_val_if_fail (index < tide_sample_table_get_len (self->samples), 0);
  return tide_sample_table_get_field (self->samples, TIDE_SAMPLE_EVENT_INDEX, index);
}

const TideSampleTable *
tide_trace_get_sample_table (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  return self->samples;
}

TideTimeUnit
tide_trace_get_time_unit (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), TIDE_TIME_UNIT_MS);
  return self->time_unit;
}

gboolean
tide_trace_counts_allocations (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), FALSE);
  /* a tracemalloc dump counts its live blocks, one allocation each */
  return self->format == TIDE_TRACE_FORMAT_HEAPTRACK || self->format == TIDE_TRACE_FORMAT_TRACEMALLOC;
}

const char *
tide_time_unit_to_string (TideTimeUnit unit)
{
  switch (unit)
    {
    case TIDE_TIME_UNIT_INSTRUCTIONS:
      return "i";
    case TIDE_TIME_UNIT_BYTES:
      return "B";
    case TIDE_TIME_UNIT_SNAPSHOTS:
      return "snapshot";
    case TIDE_TIME_UNIT_MS:
    default:
      return "ms";
    }
}

guint
tide_trace_get_peak_sample (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), G_MAXUINT);
  return self->peak_sample;
}

guint
tide_trace_get_n_snapshots (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return self->snapshots->len;
}

const TideSnapshot *
tide_trace_get_snapshot (TideTrace *self,
                         guint      index)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < self->snapshots->len, NULL);
  return &g_array_index (self->snapshots, TideSnapshot, index);
}

guint
tide_trace_get_n_extra_series (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return self->series->len;
}

const char *
tide_trace_get_extra_series_name (TideTrace *self,
                                  guint      index)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);
  return g_ptr_array_index (self->series_names, index);
}

const TideSeriesPoint *
tide_trace_get_extra_series (TideTrace *self,
                             guint      index,
                             guint     *n_points)
{
  GArray *points;

  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);
  points = g_ptr_array_index (self->series, index);
  if (n_points != NULL)
    *n_points = points->len;
  return (const TideSeriesPoint *) (gconstpointer) points->data;
}

guint
tide_trace_get_n_spans (TideTrace *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), 0);
  return self->spans->len;
}

const TideSpan *
tide_trace_get_span (TideTrace *self,
                     guint      index)
{
  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < self->spans->len, NULL);
  return &g_array_index (self->spans, TideSpan, index);
}

TideCost *
tide_trace_dup_snapshot_costs (TideTrace *self,
                               guint      index)
{
  const TideSnapshot *snap;
  TideCost *costs;

  g_return_val_if_fail (TIDE_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < self->snapshots->len, NULL);

  snap = &g_array_index (self->snapshots, TideSnapshot, index);
  costs = g_new0 (TideCost, MAX (self->nodes->len, 1));
  for (guint i = 0; i < snap->n_entries; i++)
    {
      TideCost *c = &costs[snap->entries[i].node];
      guint64 sum;

      /* the reader saturates totals; a node's share does the same */
      if (__builtin_add_overflow (c->peak_bytes, snap->entries[i].bytes, &sum))
        sum = G_MAXUINT64;
      c->peak_bytes = c->leaked_bytes = sum;
    }
  return costs;
}
