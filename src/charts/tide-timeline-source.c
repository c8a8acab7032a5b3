/* tide-timeline-source.c: what a timeline draws from, computed once per trace
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "tide-timeline-source.h"

struct _TideTimelineSource
{
  gatomicrefcount    ref;
  TideTrace         *trace;
  TideMinMaxPyramid *series[TIDE_N_SERIES]; /* NULL for series the trace lacks, or not built */
  TideTimelineStack *stack;                 /* owned, or NULL */
  GPtrArray         *extras;                /* TideMinMaxPyramid per extra series */
};

/* Which of @wanted (NULL: all) are worth building for @trace. */
static void
resolve_wanted (TideTrace      *trace,
                const gboolean *wanted,
                gboolean        resolved[TIDE_N_SERIES])
{
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    resolved[k] = (wanted == NULL || wanted[k]) && tide_timeline_trace_has_series (trace, k);
}

TideTimelineSource *
tide_timeline_source_new (TideTrace      *trace,
                          const gboolean *wanted)
{
  TideTimelineSource *self;
  gboolean resolved[TIDE_N_SERIES];

  g_return_val_if_fail (TIDE_IS_TRACE (trace), NULL);

  self = g_new0 (TideTimelineSource, 1);
  g_atomic_ref_count_init (&self->ref);
  self->trace = g_object_ref (trace);
  /* every trace has a timeline, if only its first, empty sample */
  resolve_wanted (trace, wanted, resolved);
  tide_timeline_series_new_all (trace, resolved, self->series);
  g_assert (self->series[TIDE_SERIES_HEAP] != NULL);

  self->extras = g_ptr_array_new_with_free_func ((GDestroyNotify) tide_minmax_pyramid_free);
  for (guint e = 0; e < tide_trace_get_n_extra_series (trace); e++)
    {
      guint n;
      const TideSeriesPoint *points = tide_trace_get_extra_series (trace, e, &n);
      g_autofree guint64 *times = g_new (guint64, MAX (n, 1));
      g_autofree double *values = g_new (double, MAX (n, 1));
      g_autofree double *maxs = g_new (double, MAX (n, 1));

      for (guint i = 0; i < n; i++)
        {
          times[i] = points[i].time;
          values[i] = points[i].value;
          maxs[i] = points[i].max_value;
        }
      /* what went on between two points is known at most as a high */
      g_ptr_array_add (self->extras, tide_minmax_pyramid_new (times, values, values, maxs, n));
    }
  return self;
}

TideTimelineSource *
tide_timeline_source_ref (TideTimelineSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
tide_timeline_source_unref (TideTimelineSource *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  for (guint k = 0; k < TIDE_N_SERIES; k++)
    g_clear_pointer (&self->series[k], tide_minmax_pyramid_free);
  g_clear_pointer (&self->stack, tide_timeline_stack_free);
  g_clear_pointer (&self->extras, g_ptr_array_unref);
  g_clear_object (&self->trace);
  g_free (self);
}

gboolean
tide_timeline_source_get_missing (TideTimelineSource *self,
                                  const gboolean     *wanted,
                                  gboolean            missing[TIDE_N_SERIES])
{
  gboolean any = FALSE;

  resolve_wanted (self->trace, wanted, missing);
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    {
      missing[k] = missing[k] && self->series[k] == NULL;
      any |= missing[k];
    }
  return any;
}

void
tide_timeline_source_build_series (TideTimelineSource *self,
                                   const gboolean      missing[TIDE_N_SERIES],
                                   TideMinMaxPyramid  *built[TIDE_N_SERIES])
{
  /* reads the trace and the heap, which never change, and not the other
   * series, which the owner's thread may be adding to meanwhile */
  tide_timeline_series_new_beside (self->trace, self->series[TIDE_SERIES_HEAP], missing, built);
  built[TIDE_SERIES_HEAP] = NULL;
}

void
tide_timeline_source_add_series (TideTimelineSource *self,
                                 TideMinMaxPyramid  *built[TIDE_N_SERIES])
{
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    {
      if (built[k] == NULL)
        continue;
      /* built twice (asked for again while built): the first stays */
      if (self->series[k] == NULL)
        self->series[k] = g_steal_pointer (&built[k]);
      else
        g_clear_pointer (&built[k], tide_minmax_pyramid_free);
    }
}

gboolean
tide_timeline_trace_has_series (TideTrace      *trace,
                                TideSeriesKind  kind)
{
  g_return_val_if_fail (TIDE_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (kind < TIDE_N_SERIES, FALSE);

  /* massif records sizes, not allocation calls: those counts are
   * unknown, not zero, and draw nothing */
  if (!tide_trace_counts_allocations (trace) && kind != TIDE_SERIES_HEAP && kind != TIDE_SERIES_RSS)
    return FALSE;
  /* the series functions make none without a recorded RSS */
  if (kind == TIDE_SERIES_RSS && tide_trace_get_totals (trace)->peak_rss_bytes == 0)
    return FALSE;
  return TRUE;
}

TideTrace *
tide_timeline_source_get_trace (TideTimelineSource *self)
{
  return self->trace;
}

gboolean
tide_timeline_source_has_series (TideTimelineSource *self,
                                 TideSeriesKind      kind)
{
  return tide_timeline_trace_has_series (self->trace, kind);
}

TideMinMaxPyramid *
tide_timeline_source_get_series (TideTimelineSource *self,
                                 TideSeriesKind      kind)
{
  g_return_val_if_fail (kind < TIDE_N_SERIES, NULL);
  return self->series[kind];
}

guint
tide_timeline_source_get_n_samples (TideTimelineSource *self)
{
  return tide_minmax_pyramid_get_n (self->series[TIDE_SERIES_HEAP]);
}

guint64
tide_timeline_source_get_time (TideTimelineSource *self,
                               guint               i)
{
  return tide_minmax_pyramid_get_time (self->series[TIDE_SERIES_HEAP], i);
}

double
tide_timeline_source_get_value (TideTimelineSource *self,
                                TideSeriesKind      kind,
                                guint               i)
{
  g_return_val_if_fail (kind < TIDE_N_SERIES, NAN);
  g_return_val_if_fail (i < tide_timeline_source_get_n_samples (self), NAN);

  if (self->series[kind] == NULL)
    return NAN;
  /* the value at the sample, not its extremes since the one before */
  return tide_minmax_pyramid_get_value (self->series[kind], i);
}

guint
tide_timeline_source_get_n_extras (TideTimelineSource *self)
{
  return self->extras->len;
}

TideMinMaxPyramid *
tide_timeline_source_get_extra (TideTimelineSource *self,
                                guint               extra)
{
  g_return_val_if_fail (extra < self->extras->len, NULL);
  return g_ptr_array_index (self->extras, extra);
}

double
tide_timeline_source_get_extra_value (TideTimelineSource *self,
                                      guint               extra,
                                      double              time)
{
  TideMinMaxPyramid *p;
  gsize after;

  g_return_val_if_fail (extra < self->extras->len, NAN);
  p = g_ptr_array_index (self->extras, extra);
  if (tide_minmax_pyramid_get_n (p) == 0 || time < 0)
    return NAN;
  /* the last point at or before @time */
  after = time >= 1.8e19 ? tide_minmax_pyramid_get_n (p) : tide_minmax_pyramid_lower_bound (p, (guint64) floor (time) + 1);
  return after == 0 ? NAN : tide_minmax_pyramid_get_value (p, after - 1);
}

void
tide_timeline_source_set_stack (TideTimelineSource *self,
                                TideTimelineStack  *stack)
{
  if (self->stack != stack)
    g_clear_pointer (&self->stack, tide_timeline_stack_free);
  self->stack = stack;
}

TideTimelineStack *
tide_timeline_source_get_stack (TideTimelineSource *self)
{
  return self->stack;
}

gboolean
tide_timeline_trace_has_time (TideTrace *trace)
{
  guint n;

  g_return_val_if_fail (TIDE_IS_TRACE (trace), FALSE);

  n = tide_trace_get_n_samples (trace);
  return n > 1 && tide_trace_get_sample_time (trace, n - 1) > tide_trace_get_sample_time (trace, 0);
}
