/* tide-timeline-series.c: the series a timeline draws, from a trace's samples
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "../tide-event-log.h"
#include "../tide-huge-pages.h"
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

/* The series asked for (those of @values not NULL, and @extremes with the
 * heap), and @times, in one pass over the samples: a
 * recording hours long has over a million of them, 88 bytes each, and a
 * pass per series read them from memory five times.
 *
 * Rates are events per second between two samples; samples sharing a time
 * stamp pass their count on to the next one with a later time. An RSS
 * sample without a reading keeps the last one. */
static void
fill_series (const TideTimelineSample *samples,
             guint                     n,
             guint64                  *times,
             double                   *values[TIDE_N_SERIES],
             TideMinMax               *extremes)
{
  double *heap = values[TIDE_SERIES_HEAP];
  double *live = values[TIDE_SERIES_LIVE_ALLOCATIONS];
  double *rate = values[TIDE_SERIES_ALLOCATION_RATE];
  double *temporary = values[TIDE_SERIES_TEMPORARY_RATE];
  double *rss = values[TIDE_SERIES_RSS];
  const TideTimelineSample *last = samples;
  double last_rate = 0, last_temporary = 0, last_rss = 0;

  for (guint i = 0; i < n; i++)
    {
      const TideTimelineSample *s = &samples[i];

      times[i] = s->time_ms;
      if (heap != NULL)
        {
          double v = s->heap_bytes;
          double lo = s->heap_min_bytes;
          double hi = s->heap_max_bytes;

          heap[i] = v;
          extremes[i].min = MIN (lo, v);
          extremes[i].max = MAX (hi, v);
        }
      if (live != NULL)
        live[i] = s->live_allocations;
      if (i > 0 && s->time_ms > last->time_ms)
        {
          guint64 ms = s->time_ms - last->time_ms;

          last_rate = (s->allocations - last->allocations) * 1000.0 / ms;
          last_temporary = (s->temporary - last->temporary) * 1000.0 / ms;
          last = s;
        }
      if (rate != NULL)
        rate[i] = last_rate;
      if (temporary != NULL)
        temporary[i] = last_temporary;
      if (rss != NULL)
        {
          if (s->rss_bytes != 0 || i == 0)
            last_rss = s->rss_bytes;
          rss[i] = last_rss;
        }
    }
}

/* An array of @n elements of @size bytes for a pyramid to take, in huge
 * pages when it is large (a long recording's: see tide-huge-pages.h). */
static gpointer
series_array_new (guint n,
                  gsize size)
{
  return tide_huge_alloc (MAX (n, 1) * size);
}

static gboolean
trace_has_rss (TideTrace *trace)
{
  return tide_trace_get_totals (trace)->peak_rss_bytes != 0;
}

/* The series is written straight into the arrays the pyramid then takes:
 * each byte a sample of a copy cost a long recording a millisecond of page
 * faults. */
TideMinMaxPyramid *
tide_timeline_series_new (TideTrace      *trace,
                          TideSeriesKind  kind)
{
  guint n;
  const TideTimelineSample *samples = tide_trace_get_samples (trace, &n);
  double *values[TIDE_N_SERIES] = { NULL };
  TideMinMax *extremes = NULL;
  guint64 *times;

  g_return_val_if_fail (kind < TIDE_N_SERIES, NULL);

  if (kind == TIDE_SERIES_RSS && !trace_has_rss (trace))
    return NULL;

  values[kind] = series_array_new (n, sizeof (double));
  if (kind == TIDE_SERIES_HEAP)
    extremes = series_array_new (n, sizeof (TideMinMax));
  times = series_array_new (n, sizeof (guint64));
  fill_series (samples, n, times, values, extremes);
  return tide_minmax_pyramid_take (times, values[kind], extremes, n);
}

void
tide_timeline_series_new_all (TideTrace         *trace,
                              const gboolean     wanted[TIDE_N_SERIES],
                              TideMinMaxPyramid *series[TIDE_N_SERIES])
{
  guint n;
  const TideTimelineSample *samples = tide_trace_get_samples (trace, &n);
  double *values[TIDE_N_SERIES] = { NULL };
  TideMinMax *extremes = series_array_new (n, sizeof (TideMinMax));
  guint64 *times = series_array_new (n, sizeof (guint64));

  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    {
      series[k] = NULL;
      if (k == TIDE_SERIES_HEAP || (wanted[k] && (k != TIDE_SERIES_RSS || trace_has_rss (trace))))
        values[k] = series_array_new (n, sizeof (double));
    }
  fill_series (samples, n, times, values, extremes);

  /* the heap owns the times; the others share them */
  series[TIDE_SERIES_HEAP] = tide_minmax_pyramid_take (times, values[TIDE_SERIES_HEAP], extremes, n);
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    if (k != TIDE_SERIES_HEAP && values[k] != NULL)
      series[k] = tide_minmax_pyramid_take_at_times_of (series[TIDE_SERIES_HEAP], values[k], NULL);
}

struct _TideTimelineStack
{
  guint    n_bands;
  guint    n_samples;
  guint32 *frames;   /* n_bands */
  double  *values;   /* n_samples x n_bands */
};

/* Each band's live bytes into row @s of @self's values. */
static void
take_sample (TideTimelineStack *self,
             guint              s,
             const guint64     *live)
{
  for (guint b = 0; b < self->n_bands; b++)
    self->values[(gsize) s * self->n_bands + b] = (double) live[b];
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
  g_autofree guint64 *stops = g_new (guint64, MAX (n_samples, 1));
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
  self->values = g_new0 (double, (gsize) n_samples * self->n_bands);
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
  for (guint i = 0; i < n_samples; i++)
    stops[i] = tide_trace_get_sample (trace, i)->event_index;

  /* decode whole event blocks (a block decoded for a few events is wasted
   * work), and take a sample each time the replay passes its event index */
  for (;;)
    {
      gsize n;

      while (s < n_samples && stops[s] <= at)
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
      n = (gsize) MIN (filled - pos, stops[s] - at);
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

  return self;
}

void
tide_timeline_stack_free (TideTimelineStack *self)
{
  if (self == NULL)
    return;
  g_free (self->frames);
  g_free (self->values);
  g_free (self);
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
  g_return_val_if_fail (band < self->n_bands && sample < self->n_samples, 0);
  return self->values[(gsize) sample * self->n_bands + band];
}
