/* tide-timeline-series.c: the series a timeline draws, from a trace's samples
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "../tide-event-log.h"
#include "../tide-huge-pages.h"
#include "../tide-packed-runs.h"
#include "../tide-sample-table.h"
#include "tide-sites.h"
#include "tide-timeline-series.h"

/* One compressed block of events at a time: decoding is per block. */
#define BATCH TIDE_EVENT_BLOCK_SIZE

static const char * const series_names[TIDE_N_SERIES] = {
  "heap", "allocations", "allocation-rate", "temporary-rate", "rss",
};

const char *
tide_series_kind_to_string (TideSeriesKind kind)
{
  g_return_val_if_fail (kind < TIDE_N_SERIES, NULL);
  return series_names[kind];
}

gboolean
tide_series_kind_from_string (const char     *name,
                              TideSeriesKind *kind)
{
  for (guint i = 0; i < TIDE_N_SERIES; i++)
    if (g_str_equal (name, series_names[i]))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
tide_series_kind_is_bytes (TideSeriesKind kind)
{
  return kind == TIDE_SERIES_HEAP || kind == TIDE_SERIES_RSS;
}

/* The heap and the live blocks are read from the trace's samples where
 * they are, packed (see tide-sample-table.h): a recording hours long has
 * over a million samples, and a copy of those two series with their times
 * and extremes took 40 bytes each. */
typedef struct
{
  TideTrace             *trace; /* owned: it keeps the table */
  const TideSampleTable *table;
} Samples;

static void
samples_free (gpointer data)
{
  Samples *samples = data;

  g_object_unref (samples->trace);
  g_free (samples);
}

static guint64
read_time (gpointer data,
           gsize    i)
{
  return tide_sample_table_get_field (((Samples *) data)->table, TIDE_SAMPLE_TIME, i);
}

/* Field @field of samples [first, first + n), n at most a block. */
static void
read_field (gpointer         data,
            TideSampleField  field,
            gsize            first,
            gsize            n,
            double          *values)
{
  guint64 raw[TIDE_SAMPLE_BLOCK];

  g_assert (n <= TIDE_SAMPLE_BLOCK);
  tide_sample_table_copy_field (((Samples *) data)->table, field, first, n, raw);
  for (gsize i = 0; i < n; i++)
    values[i] = raw[i];
}

static void
read_heap (gpointer  data,
           gsize     first,
           gsize     n,
           double   *values)
{
  read_field (data, TIDE_SAMPLE_HEAP, first, n, values);
}

static void
fold_heap_extremes (gpointer  data,
                    gsize     first,
                    gsize     n,
                    double   *lo,
                    double   *hi)
{
  guint64 lowest = G_MAXUINT64, highest = 0;

  /* folded as integers: a double per sample would round the same way,
   * as the conversion keeps their order */
  tide_sample_table_fold_heap_extremes (((Samples *) data)->table, first, n, &lowest, &highest);
  if (n > 0)
    {
      *lo = MIN (*lo, (double) lowest);
      *hi = MAX (*hi, (double) highest);
    }
}

/* As fold_heap_extremes() on each run: the table folded them as it
 * packed them. */
static void
read_heap_runs (gpointer    data,
                gsize       first,
                gsize       n,
                TideMinMax *out)
{
  for (gsize done = 0; done < n; done += 64)
    {
      guint count = MIN (64, n - done);
      guint64 lowest[64], highest[64];

      tide_sample_table_get_heap_runs (((Samples *) data)->table, first + done, count, lowest, highest);
      for (guint i = 0; i < count; i++)
        out[done + i] = (TideMinMax) { (double) lowest[i], (double) highest[i] };
    }
}

static void
read_live (gpointer  data,
           gsize     first,
           gsize     n,
           double   *values)
{
  read_field (data, TIDE_SAMPLE_LIVE_ALLOCATIONS, first, n, values);
}

static void
fold_live_extremes (gpointer  data,
                    gsize     first,
                    gsize     n,
                    double   *lo,
                    double   *hi)
{
  for (gsize done = 0; done < n; done += TIDE_SAMPLE_BLOCK)
    {
      gsize count = MIN (n - done, TIDE_SAMPLE_BLOCK);
      double live[TIDE_SAMPLE_BLOCK];

      read_live (data, first + done, count, live);
      for (gsize i = 0; i < count; i++)
        *lo = MIN (*lo, live[i]), *hi = MAX (*hi, live[i]);
    }
}

static const TideMinMaxReader heap_reader = {
  read_time, read_heap, fold_heap_extremes, read_heap_runs, TIDE_SAMPLE_HEAP_RUN_BITS
};
static const TideMinMaxReader live_reader = { read_time, read_live, fold_live_extremes };

/* A series of the trace read through @reader, its times too. */
static TideMinMaxPyramid *
read_series (TideTrace              *trace,
             const TideMinMaxReader *reader)
{
  Samples *samples = g_new (Samples, 1);

  samples->trace = g_object_ref (trace);
  samples->table = tide_trace_get_sample_table (trace);
  return tide_minmax_pyramid_new_reading (reader, samples, samples_free, NULL,
                                          tide_trace_get_n_samples (trace));
}

/* The derived series asked for (those of @values not NULL), in one pass
 * over the fields of the samples they need, a block at a time.
 *
 * Rates are events per second between two samples; samples sharing a time
 * stamp pass their count on to the next one with a later time. An RSS
 * sample without a reading keeps the last one. */
static void
fill_series (TideTrace *trace,
             double    *values[TIDE_N_SERIES])
{
  double *rate = values[TIDE_SERIES_ALLOCATION_RATE];
  double *temporary = values[TIDE_SERIES_TEMPORARY_RATE];
  double *rss = values[TIDE_SERIES_RSS];
  const TideSampleTable *table = tide_trace_get_sample_table (trace);
  guint n = tide_trace_get_n_samples (trace);
  guint64 times[TIDE_SAMPLE_BLOCK], allocations[TIDE_SAMPLE_BLOCK];
  guint64 temporaries[TIDE_SAMPLE_BLOCK], readings[TIDE_SAMPLE_BLOCK];
  guint64 last_time = 0, last_allocations = 0, last_temporaries = 0;
  double last_rate = 0, last_temporary = 0, last_rss = 0;

  for (guint first = 0; first < n; first += TIDE_SAMPLE_BLOCK)
    {
      guint count = MIN (TIDE_SAMPLE_BLOCK, n - first);

      if (rate != NULL || temporary != NULL)
        {
          tide_sample_table_copy_field (table, TIDE_SAMPLE_TIME, first, count, times);
          tide_sample_table_copy_field (table, TIDE_SAMPLE_ALLOCATIONS, first, count, allocations);
          tide_sample_table_copy_field (table, TIDE_SAMPLE_TEMPORARY, first, count, temporaries);
          if (first == 0)
            {
              last_time = times[0];
              last_allocations = allocations[0];
              last_temporaries = temporaries[0];
            }
        }
      if (rss != NULL)
        tide_sample_table_copy_field (table, TIDE_SAMPLE_RSS, first, count, readings);

      for (guint k = 0; k < count; k++)
        {
          guint i = first + k;

          if (rate != NULL || temporary != NULL)
            {
              if (i > 0 && times[k] > last_time)
                {
                  guint64 ms = times[k] - last_time;

                  last_rate = (allocations[k] - last_allocations) * 1000.0 / ms;
                  last_temporary = (temporaries[k] - last_temporaries) * 1000.0 / ms;
                  last_time = times[k];
                  last_allocations = allocations[k];
                  last_temporaries = temporaries[k];
                }
              if (rate != NULL)
                rate[i] = last_rate;
              if (temporary != NULL)
                temporary[i] = last_temporary;
            }
          if (rss != NULL)
            {
              if (readings[k] != 0 || i == 0)
                last_rss = readings[k];
              rss[i] = last_rss;
            }
        }
    }
}

/* An array of @n doubles for a pyramid to take, in huge pages when it is
 * large (a long recording's: see tide-huge-pages.h). */
static double *
series_array_new (guint n)
{
  return tide_huge_alloc (MAX (n, 1) * sizeof (double));
}

static gboolean
trace_has_rss (TideTrace *trace)
{
  return tide_trace_get_totals (trace)->peak_rss_bytes != 0;
}

TideMinMaxPyramid *
tide_timeline_series_new (TideTrace      *trace,
                          TideSeriesKind  kind)
{
  gboolean wanted[TIDE_N_SERIES] = { FALSE };
  TideMinMaxPyramid *series[TIDE_N_SERIES];

  g_return_val_if_fail (kind < TIDE_N_SERIES, NULL);

  wanted[kind] = TRUE;
  tide_timeline_series_new_all (trace, wanted, series);
  if (kind != TIDE_SERIES_HEAP)
    tide_minmax_pyramid_free (series[TIDE_SERIES_HEAP]);
  return series[kind];
}

void
tide_timeline_series_new_all (TideTrace         *trace,
                              const gboolean     wanted[TIDE_N_SERIES],
                              TideMinMaxPyramid *series[TIDE_N_SERIES])
{
  series[TIDE_SERIES_HEAP] = read_series (trace, &heap_reader);
  tide_timeline_series_new_beside (trace, series[TIDE_SERIES_HEAP], wanted, series);
}

void
tide_timeline_series_new_beside (TideTrace         *trace,
                                 TideMinMaxPyramid *heap,
                                 const gboolean     wanted[TIDE_N_SERIES],
                                 TideMinMaxPyramid *series[TIDE_N_SERIES])
{
  guint n = tide_trace_get_n_samples (trace);
  double *values[TIDE_N_SERIES] = { NULL };
  gboolean any = FALSE;

  for (TideSeriesKind k = TIDE_SERIES_LIVE_ALLOCATIONS; k < TIDE_N_SERIES; k++)
    series[k] = NULL;
  g_return_if_fail (tide_minmax_pyramid_get_n (heap) == n);
  if (wanted[TIDE_SERIES_LIVE_ALLOCATIONS])
    series[TIDE_SERIES_LIVE_ALLOCATIONS] = read_series (trace, &live_reader);

  for (TideSeriesKind k = TIDE_SERIES_ALLOCATION_RATE; k <= TIDE_SERIES_RSS; k++)
    if (wanted[k] && (k != TIDE_SERIES_RSS || trace_has_rss (trace)))
      {
        values[k] = series_array_new (n);
        any = TRUE;
      }
  if (!any)
    return;
  fill_series (trace, values);
  /* at the heap's times, which it shares */
  for (TideSeriesKind k = TIDE_SERIES_ALLOCATION_RATE; k <= TIDE_SERIES_RSS; k++)
    if (values[k] != NULL)
      series[k] = tide_minmax_pyramid_take_at_times_of (heap, values[k], NULL);
}

/* Each band's live bytes at each sample, in packed runs (see
 * tide-packed-runs.h) of TIDE_PACKED_RUN samples: run k * n_bands + b
 * holds band b's bytes over the k-th run of samples. A site's bytes change
 * little from one sample to the next, and most bands' not at all: a long
 * recording's 1.4 million samples of 9 bands took 100 MB as doubles, 50 MB
 * in 32 bits, 5.5 MB so. While the stack is made, the samples of the run
 * being filled wait in @pending, band after band for each. */
struct _TideTimelineStack
{
  guint           n_bands;
  guint           n_samples;
  guint32        *frames;  /* n_bands */
  TidePackedRuns *runs;
  guint64        *pending; /* TIDE_PACKED_RUN x n_bands, while made */
};

/* Each band's live bytes for sample @s; a run's last sample packs it. */
static void
take_sample (TideTimelineStack *self,
             guint              s,
             const guint64     *live)
{
  guint row = s % TIDE_PACKED_RUN;

  memcpy (self->pending + (gsize) row * self->n_bands, live, self->n_bands * sizeof *live);
  if (row == TIDE_PACKED_RUN - 1 || s == self->n_samples - 1)
    for (guint b = 0; b < self->n_bands; b++)
      tide_packed_runs_add (self->runs, self->pending + b, row + 1, self->n_bands);
}

/* The samples' event indices, read a run at a time: a whole trace's took
 * 8 bytes a sample, 11 MB for 1.4 million, at the stack's peak. */
typedef struct
{
  const TideSampleTable *table;
  guint                  n_samples;
  guint                  run;  /* the run held, plus one; 0 for none */
  guint64                at[TIDE_PACKED_RUN];
} Stops;

/* The event index of sample @s (under n_samples). */
static guint64
stop_of (Stops *stops,
         guint  s)
{
  guint run = s / TIDE_PACKED_RUN;

  if (stops->run != run + 1)
    {
      guint first = run * TIDE_PACKED_RUN;

      tide_sample_table_copy_field (stops->table, TIDE_SAMPLE_EVENT_INDEX, first,
                                    MIN (TIDE_PACKED_RUN, stops->n_samples - first), stops->at);
      stops->run = run + 1;
    }
  return stops->at[s % TIDE_PACKED_RUN];
}

TideTimelineStack *
tide_timeline_stack_new (TideTrace     *trace,
                         guint          n_sites,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GArray) top = tide_sites_top (trace, TIDE_METRIC_PEAK, n_sites);
  guint n_infos = tide_trace_get_n_infos (trace);
  guint n_samples = tide_trace_get_n_samples (trace);
  guint64 n_events = tide_trace_get_n_events (trace);
  g_autofree guint8 *band_of_frame = g_new0 (guint8, tide_trace_get_n_frames (trace));
  g_autofree guint8 *band_of_info = g_new (guint8, MAX (n_infos, 1));
  g_autofree guint64 *size_of_info = g_new (guint64, MAX (n_infos, 1));
  Stops stops = { tide_trace_get_sample_table (trace), n_samples, 0 };
  g_autofree guint64 *live = NULL;
  g_autofree guint32 *batch = g_new (guint32, BATCH);
  TideTimelineStack *self;
  guint64 at = 0;
  guint s = 0;
  gsize filled = 0, pos = 0;

  g_return_val_if_fail (n_sites < 255, NULL);

  self = g_new0 (TideTimelineStack, 1);
  self->n_bands = top->len + 1;
  self->n_samples = n_samples;
  self->frames = g_new0 (guint32, self->n_bands);
  self->runs = tide_packed_runs_new ();
  self->pending = g_new0 (guint64, (gsize) TIDE_PACKED_RUN * self->n_bands);
  live = g_new0 (guint64, self->n_bands);

  /* band k + 1 for the k-th top site, 0 ("other") for the rest, stored as
   * band index + 1 so that 0 can mean "not a top site" */
  for (guint k = 0; k < top->len; k++)
    {
      self->frames[k] = g_array_index (top, TideSite, k).frame;
      band_of_frame[self->frames[k]] = k + 1;
    }
  /* what the loop over the events reads, in flat arrays: through the
   * trace's checked getters, two calls an event were most of its time.
   * Sizes add up in unsigned integers, which wrap rather than overflow on
   * a hostile file; a real heap's sums are exact, in doubles as before. */
  for (guint i = 0; i < n_infos; i++)
    {
      const TideAllocInfo *info = tide_trace_get_info (trace, i);
      guint8 b = band_of_frame[tide_trace_get_node (trace, info->stack)->frame];

      band_of_info[i] = b == 0 ? top->len : (guint) b - 1;
      size_of_info[i] = info->size;
    }

  /* decode whole event blocks (a block decoded for a few events is wasted
   * work), and take a sample each time the replay passes its event index */
  for (;;)
    {
      gsize n;

      while (s < n_samples && stop_of (&stops, s) <= at)
        take_sample (self, s++, live);
      if (s == n_samples || at >= n_events)
        break;
      if (pos == filled)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              tide_timeline_stack_free (self);
              return NULL;
            }
          filled = tide_trace_copy_events (trace, at, batch, BATCH);
          pos = 0;
          if (filled == 0)
            break;
        }
      /* the events up to the next sample, or to the batch's end */
      n = (gsize) MIN (filled - pos, stop_of (&stops, s) - at);
      for (gsize k = pos; k < pos + n; k++)
        {
          guint32 id = TIDE_EVENT_INFO (batch[k]);

          if (TIDE_EVENT_IS_FREE (batch[k]))
            live[band_of_info[id]] -= size_of_info[id];
          else
            live[band_of_info[id]] += size_of_info[id];
        }
      pos += n;
      at += n;
    }
  /* samples after the last event see the final heap */
  for (; s < n_samples; s++)
    take_sample (self, s, live);
  g_assert (at <= n_events);
  g_clear_pointer (&self->pending, g_free);
  tide_packed_runs_trim (self->runs);

  return self;
}

void
tide_timeline_stack_free (TideTimelineStack *self)
{
  if (self == NULL)
    return;
  g_free (self->frames);
  tide_packed_runs_free (self->runs);
  g_free (self->pending);
  g_free (self);
}

gsize
tide_timeline_stack_get_size (TideTimelineStack *self)
{
  return sizeof *self + self->n_bands * sizeof *self->frames + tide_packed_runs_get_size (self->runs)
         + (self->pending != NULL ? (gsize) TIDE_PACKED_RUN * self->n_bands * sizeof *self->pending : 0);
}

guint
tide_timeline_stack_get_n_bands (TideTimelineStack *self)
{
  return self->n_bands;
}

guint32
tide_timeline_stack_get_frame (TideTimelineStack *self,
                               guint              band)
{
  g_return_val_if_fail (band < self->n_bands, 0);
  return self->frames[band];
}

double
tide_timeline_stack_get_value (TideTimelineStack *self,
                               guint              band,
                               guint              sample)
{
  guint64 run = (guint64) (sample / TIDE_PACKED_RUN) * self->n_bands + band;

  g_return_val_if_fail (band < self->n_bands && sample < self->n_samples, 0);
  /* as the doubles they were: the same rounding past 2^53 */
  return (double) tide_packed_runs_get (self->runs, run, sample % TIDE_PACKED_RUN);
}
