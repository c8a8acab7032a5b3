/* tide-timeline-series.c: the series a timeline draws, from a trace's samples
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "../tide-event-log.h"
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

/* Events per second between two samples; samples sharing a time stamp pass
 * their count on to the next one with a later time. */
static void
fill_rate (TideTrace *trace,
           gboolean   temporary,
           double    *values)
{
  guint n = tide_trace_get_n_samples (trace);
  guint last = 0;

  values[0] = 0;
  for (guint i = 1; i < n; i++)
    {
      const TideTimelineSample *a = tide_trace_get_sample (trace, last);
      const TideTimelineSample *b = tide_trace_get_sample (trace, i);
      guint64 count = temporary ? b->temporary - a->temporary : b->allocations - a->allocations;

      if (b->time_ms > a->time_ms)
        {
          values[i] = count * 1000.0 / (b->time_ms - a->time_ms);
          last = i;
        }
      else
        values[i] = values[i - 1];
    }
}

TideMinMaxPyramid *
tide_timeline_series_new (TideTrace      *trace,
                          TideSeriesKind  kind)
{
  return tide_timeline_series_new_like (trace, kind, NULL);
}

TideMinMaxPyramid *
tide_timeline_series_new_like (TideTrace         *trace,
                               TideSeriesKind     kind,
                               TideMinMaxPyramid *like)
{
  guint n = tide_trace_get_n_samples (trace);
  g_autofree guint64 *times = NULL;
  g_autofree double *values = g_new (double, MAX (n, 1));
  g_autofree double *mins = NULL;
  g_autofree double *maxs = NULL;

  g_return_val_if_fail (kind < TIDE_N_SERIES, NULL);
  g_return_val_if_fail (like == NULL || tide_minmax_pyramid_get_n (like) == n, NULL);

  if (kind == TIDE_SERIES_RSS && tide_trace_get_totals (trace)->peak_rss_bytes == 0)
    return NULL;

  if (like == NULL)
    {
      times = g_new (guint64, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        times[i] = tide_trace_get_sample (trace, i)->time_ms;
    }

  switch (kind)
    {
    case TIDE_SERIES_HEAP:
      mins = g_new (double, n);
      maxs = g_new (double, n);
      for (guint i = 0; i < n; i++)
        {
          const TideTimelineSample *s = tide_trace_get_sample (trace, i);

          values[i] = s->heap_bytes;
          mins[i] = s->heap_min_bytes;
          maxs[i] = s->heap_max_bytes;
        }
      break;
    case TIDE_SERIES_LIVE_ALLOCATIONS:
      for (guint i = 0; i < n; i++)
        values[i] = tide_trace_get_sample (trace, i)->live_allocations;
      break;
    case TIDE_SERIES_ALLOCATION_RATE:
    case TIDE_SERIES_TEMPORARY_RATE:
      fill_rate (trace, kind == TIDE_SERIES_TEMPORARY_RATE, values);
      break;
    case TIDE_SERIES_RSS:
      /* a sample without a reading keeps the last one */
      for (guint i = 0; i < n; i++)
        {
          guint64 rss = tide_trace_get_sample (trace, i)->rss_bytes;

          values[i] = rss != 0 || i == 0 ? rss : values[i - 1];
        }
      break;
    case TIDE_N_SERIES:
    default:
      g_assert_not_reached ();
    }

  if (like != NULL)
    return tide_minmax_pyramid_new_at_times_of (like, values, mins, maxs);
  return tide_minmax_pyramid_new (times, values, mins, maxs, n);
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
