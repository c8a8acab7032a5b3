/* tide-timeline-layout.c: the geometry of a timeline, one pixel column at a time
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "tide-timeline-layout.h"
#include "core/tide-format.h"

#define LANE_GAP       24.0 /* px between lanes: room for the upper lane's time grid to end */
#define VALUE_TICK_PX  48.0 /* at least this far apart, value ticks */
#define TIME_TICK_PX  110.0 /* time ticks: room for "12.345 s" and air around it */
#define HEADROOM        1.04 /* the top tick clears the highest value by this much */

struct _TideTimelineLayout
{
  TideTimelineSource  *source;  /* borrowed */
  double               t0, t1;
  TideTimelineRect     plot;
  guint                n_columns;
  gsize               *first;   /* n_columns + 1: first sample at or after each column's start */
  GArray              *curves;  /* TideTimelineCurve */
  GArray              *extras;  /* TideTimelineCurve, kind HEAP: the trace's extra series */
  guint                n_lanes;
  TideTimelineLane    *lanes;
  TideTimelineAxis     time_axis;
  /* stacked */
  guint                n_bands;
  guint32             *band_frames; /* n_bands */
  double              *band_tops;   /* n_bands x n_columns */
  int                 *column_sample;
};

/* ----------------------------------------------------------- options -- */

void
tide_timeline_options_init (TideTimelineOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->series[0] = TIDE_SERIES_HEAP;
  options->n_series = 1;
}

gboolean
tide_timeline_options_add (TideTimelineOptions *options,
                           TideSeriesKind       kind)
{
  g_return_val_if_fail (kind < TIDE_N_SERIES, FALSE);

  for (guint i = 0; i < options->n_series; i++)
    if (options->series[i] == kind)
      return TRUE;
  if (options->n_series == TIDE_N_SERIES)
    return FALSE;
  options->series[options->n_series++] = kind;
  return TRUE;
}

TideTimelineUnit
tide_timeline_unit_of_series (TideSeriesKind kind)
{
  switch (kind)
    {
    case TIDE_SERIES_HEAP:
    case TIDE_SERIES_RSS:
      return TIDE_TIMELINE_UNIT_BYTES;
    case TIDE_SERIES_LIVE_ALLOCATIONS:
      return TIDE_TIMELINE_UNIT_COUNT;
    case TIDE_SERIES_ALLOCATION_RATE:
    case TIDE_SERIES_TEMPORARY_RATE:
      return TIDE_TIMELINE_UNIT_RATE;
    case TIDE_N_SERIES:
    default:
      g_return_val_if_reached (TIDE_TIMELINE_UNIT_COUNT);
    }
}

/* The distinct units of @kinds, in order of first appearance. */
static guint
collect_units (const TideSeriesKind *kinds,
               guint                 n,
               TideTimelineUnit     *units)
{
  guint n_units = 0;

  for (guint i = 0; i < n; i++)
    {
      TideTimelineUnit u = tide_timeline_unit_of_series (kinds[i]);
      guint j;

      for (j = 0; j < n_units && units[j] != u; j++)
        ;
      if (j == n_units)
        units[n_units++] = u;
    }
  return n_units;
}

gboolean
tide_timeline_options_has_right_axis (const TideTimelineOptions *options)
{
  TideTimelineUnit units[TIDE_N_SERIES];

  g_return_val_if_fail (options != NULL, FALSE);
  return collect_units (options->series, options->n_series, units) > 1;
}

guint
tide_timeline_options_resolve (const TideTimelineOptions *options,
                               TideTimelineSource        *source,
                               TideSeriesKind            *kinds,
                               gboolean                  *stacked)
{
  gboolean bands = options->stacked && tide_timeline_source_get_stack (source) != NULL;
  guint n = 0;

  /* stacked bands are the heap: it comes first, on the left axis */
  if (bands)
    kinds[n++] = TIDE_SERIES_HEAP;
  for (guint i = 0; i < options->n_series; i++)
    {
      guint j;

      /* one the trace lacks, or not built yet: drawn once it is */
      if (tide_timeline_source_get_series (source, options->series[i]) == NULL)
        continue;
      for (j = 0; j < n && kinds[j] != options->series[i]; j++)
        ;
      if (j == n)
        kinds[n++] = options->series[i];
    }
  if (stacked != NULL)
    *stacked = bands;
  return n;
}

/* -------------------------------------------------------------- axes -- */

/* The smallest of 1, 2, 5 x 10^k that is at least @raw. */
static double
nice_step (double raw)
{
  double mag = pow (10, floor (log10 (raw)));
  static const double mantissas[] = { 1, 2, 5, 10 };

  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    if (mantissas[i] * mag >= raw * (1 - 1e-9))
      return mantissas[i] * mag;
  return 10 * mag;
}

/* Decimals that show every multiple of @step exactly. */
static int
decimals_for (double step)
{
  return step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
}

void
tide_timeline_axis_clear (TideTimelineAxis *axis)
{
  for (guint i = 0; i < axis->n_ticks; i++)
    g_free (axis->ticks[i].label);
  g_clear_pointer (&axis->ticks, g_free);
  axis->n_ticks = 0;
}

/* Value axes: the unit of the labels from the highest value, ticks every
 * 1, 2 or 5 x 10^k of that unit, at least VALUE_TICK_PX apart. */
void
tide_timeline_axis_init_values (TideTimelineAxis *axis,
                                TideTimelineUnit  unit,
                                double            data_max,
                                double            top,
                                double            height)
{
  /* decimal units, as g_format_size() writes sizes everywhere else */
  static const char * const byte_units[] = { "B", "kB", "MB", "GB", "TB", "PB" };
  static const char * const count_units[] = { "", "k", "M", "G", "T", "P" };
  static const char * const rate_units[] = { "/s", "k/s", "M/s", "G/s", "T/s", "P/s" };
  const char * const *names = unit == TIDE_TIMELINE_UNIT_BYTES ? byte_units
                            : unit == TIDE_TIMELINE_UNIT_RATE ? rate_units : count_units;
  double base = 1000;
  double n_target = MAX (1, floor (height / VALUE_TICK_PX));
  double step_u, max_u;
  guint u = 0;
  int decimals;

  g_return_if_fail (axis != NULL);
  g_return_if_fail (unit != TIDE_TIMELINE_UNIT_TIME);
  g_return_if_fail (height > 0);

  memset (axis, 0, sizeof *axis);
  axis->unit = unit;
  if (!(data_max > 0) || !isfinite (data_max))
    data_max = unit == TIDE_TIMELINE_UNIT_BYTES ? 1000 : 10;
  axis->unit_size = 1;
  while (u + 1 < G_N_ELEMENTS (byte_units) && data_max >= axis->unit_size * base)
    {
      axis->unit_size *= base;
      u++;
    }

  for (;;)
    {
      step_u = nice_step (data_max / axis->unit_size * HEADROOM / n_target);
      /* a byte or a block does not split; a rate may */
      if (u == 0 && unit != TIDE_TIMELINE_UNIT_RATE)
        step_u = MAX (step_u, 1);
      max_u = ceil (data_max / axis->unit_size * HEADROOM / step_u - 1e-9) * step_u;
      /* "1M/s" at the top rather than "1000k/s" */
      if (max_u < base || u + 1 == G_N_ELEMENTS (byte_units))
        break;
      axis->unit_size *= base;
      u++;
    }
  axis->unit_name = names[u];
  axis->step = step_u * axis->unit_size;
  axis->min = 0;
  axis->max = max_u * axis->unit_size;
  decimals = decimals_for (step_u);

  axis->n_ticks = (guint) llround (max_u / step_u) + 1;
  axis->ticks = g_new0 (TideTimelineTick, axis->n_ticks);
  for (guint i = 0; i < axis->n_ticks; i++)
    {
      TideTimelineTick *t = &axis->ticks[i];
      double v_u = i * step_u;

      t->value = i + 1 == axis->n_ticks ? axis->max : v_u * axis->unit_size;
      t->pos = top + height - t->value / axis->max * height;
      if (i == 0)
        t->label = g_strdup ("0");
      else if (unit == TIDE_TIMELINE_UNIT_BYTES)
        t->label = g_strdup_printf ("%.*f %s", decimals, v_u, axis->unit_name);
      else
        t->label = g_strdup_printf ("%.*f%s", decimals, v_u, axis->unit_name);
    }
}

/* "1.5 s", "12 ms", "2 min": in the unit the step reads best in. */
static char *
time_label (double value,
            double step)
{
  if (step >= 60000)
    return g_strdup_printf (_("%.0f min"), value / 60000);
  if (step >= 1)
    return g_strdup_printf (_("%.*f s"), decimals_for (step / 1000), value / 1000);
  return g_strdup_printf (_("%.*f ms"), decimals_for (step), value);
}

/* Massif's other units count whole instructions or bytes: decimal
 * multiples, the largest the axis' end reaches ("224 ki", "1.5 MB"). */
static void
set_count_unit (TideTimelineAxis *axis,
                double            t0,
                double            t1)
{
  static const char * const instruction_units[] = { "i", "ki", "Mi", "Gi", "Ti", "Pi" };
  static const char * const byte_units[] = { "B", "kB", "MB", "GB", "TB", "PB" };
  const char * const *names = axis->time_unit == TIDE_TIME_UNIT_BYTES ? byte_units : instruction_units;
  double end = MAX (fabs (t0), fabs (t1));
  guint u = 0;

  axis->unit_size = 1;
  while (u + 1 < G_N_ELEMENTS (byte_units) && end >= axis->unit_size * 1000)
    {
      axis->unit_size *= 1000;
      u++;
    }
  axis->unit_name = names[u];
}

char *
tide_timeline_axis_format_time (const TideTimelineAxis *axis,
                                double                  value,
                                double                  step)
{
  g_return_val_if_fail (axis != NULL, NULL);

  if (axis->time_unit == TIDE_TIME_UNIT_MS)
    return time_label (value, step);
  if (axis->time_unit == TIDE_TIME_UNIT_SNAPSHOTS)
    /* TRANSLATORS: a dump's place in a series on the time axis, counted from 1: "#2" */
    return g_strdup_printf (_("#%.0f"), floor (value + 1e-9) + 1);
  /* TRANSLATORS: a time on massif's axis counted in instructions or bytes, "1.5 Mi", "500 kB" */
  return g_strdup_printf (_("%.*f %s"), decimals_for (step / axis->unit_size), value / axis->unit_size,
                          axis->unit_name);
}

char *
tide_timeline_axis_format_readout (const TideTimelineAxis *axis,
                                   double                  value)
{
  double step;

  g_return_val_if_fail (axis != NULL, NULL);

  step = axis->step / 10;
  /* massif's instructions or bytes */
  if (axis->time_unit != TIDE_TIME_UNIT_MS)
    return tide_timeline_axis_format_time (axis, value, MAX (step, 1));
  /* beside minutes, whole seconds: under a minute too ("30.00 s", not
   * "30.41 s") */
  if (axis->step >= 60000)
    return tide_format_duration ((guint64) llround (MAX (value, 0) / 1000) * 1000);
  if (step >= 1000)
    return g_strdup_printf (_("%.0f s"), value / 1000);
  if (step >= 1)
    return g_strdup_printf (_("%.*f s"), (int) ceil (-log10 (step / 1000) - 1e-9), value / 1000);
  return g_strdup_printf (_("%.*f ms"), (int) ceil (-log10 (step) - 1e-9), value);
}

void
tide_timeline_axis_init_time (TideTimelineAxis *axis,
                              double            t0_ms,
                              double            t1_ms,
                              double            x,
                              double            width)
{
  tide_timeline_axis_init_time_in (axis, TIDE_TIME_UNIT_MS, t0_ms, t1_ms, x, width);
}

void
tide_timeline_axis_init_time_in (TideTimelineAxis *axis,
                                 TideTimeUnit      unit,
                                 double            t0,
                                 double            t1,
                                 double            x,
                                 double            width)
{
  double span = t1 - t0;
  double raw, first;
  GArray *ticks;

  g_return_if_fail (axis != NULL);
  g_return_if_fail (span > 0 && width > 0);

  raw = span / MAX (1, floor (width / TIME_TICK_PX));
  ticks = g_array_new (FALSE, TRUE, sizeof (TideTimelineTick));
  memset (axis, 0, sizeof *axis);
  axis->unit = TIDE_TIMELINE_UNIT_TIME;
  axis->time_unit = unit;
  axis->min = t0;
  axis->max = t1;
  if (unit == TIDE_TIME_UNIT_SNAPSHOTS)
    {
      /* one tick per dump at most */
      axis->step = MAX (nice_step (raw), 1);
      axis->unit_size = 1;
      axis->unit_name = "";
    }
  else if (unit != TIDE_TIME_UNIT_MS)
    {
      /* an instruction or a byte does not split */
      axis->step = MAX (nice_step (raw), 1);
      set_count_unit (axis, t0, t1);
    }
  else
    {
      /* whole minutes once seconds would step by more than half of one */
      if (raw > 30000)
        axis->step = nice_step (raw / 60000) * 60000;
      else
        axis->step = MAX (nice_step (raw), 0.001);
      if (axis->step >= 60000)
        axis->unit_size = 60000, axis->unit_name = "min";
      else if (axis->step >= 1)
        axis->unit_size = 1000, axis->unit_name = "s";
      else
        axis->unit_size = 1, axis->unit_name = "ms";
    }

  first = ceil (t0 / axis->step - 1e-9) * axis->step;
  for (guint i = 0;; i++)
    {
      TideTimelineTick t;

      t.value = first + i * axis->step;
      if (t.value > t1 + axis->step * 1e-9)
        break;
      /* -0 and rounding noise read as 0 */
      if (fabs (t.value) < axis->step * 1e-9)
        t.value = 0;
      t.pos = x + (t.value - t0) / span * width;
      t.label = tide_timeline_axis_format_time (axis, t.value, axis->step);
      g_array_append_val (ticks, t);
    }
  axis->n_ticks = ticks->len;
  axis->ticks = (TideTimelineTick *) (gpointer) g_array_free (ticks, FALSE);
}

/* ----------------------------------------------------------- columns -- */

/* First sample at or after @t (samples are at whole ms), known to be
 * @from or later: the answer for an earlier t (columns go left to right). */
static gsize
first_at_or_after (TideMinMaxPyramid *p,
                   double             t,
                   gsize              from)
{
  if (!(t > 0))
    return 0;
  if (t >= 1.8e19)
    return tide_minmax_pyramid_get_n (p);
  return tide_minmax_pyramid_lower_bound_from (p, (guint64) ceil (t), from);
}

/* First sample after @t, known to be @from or later (0: not known). */
static gsize
first_after (TideMinMaxPyramid *p,
             double             t,
             gsize              from)
{
  if (t < 0)
    return 0;
  if (t >= 1.8e19)
    return tide_minmax_pyramid_get_n (p);
  return tide_minmax_pyramid_lower_bound_from (p, (guint64) floor (t) + 1, from);
}

static double
column_start (TideTimelineLayout *self,
              guint               c)
{
  return self->t0 + (self->t1 - self->t0) * c / self->n_columns;
}

/* The column's samples: sample i stands for the interval (t[i-1], t[i]],
 * so a column [a, b) covers from the first sample at or after a to the
 * first at or after b, that one included. */
static void
fill_curve_from (TideTimelineLayout *self,
                 TideTimelineCurve  *curve,
                 TideMinMaxPyramid  *p,
                 const gsize        *first)
{
  gsize n = tide_minmax_pyramid_get_n (p);

  curve->mins = g_new (double, self->n_columns);
  curve->maxs = g_new (double, self->n_columns);
  for (guint c = 0; c < self->n_columns; c++)
    {
      gsize lo = first[c], hi = first[c + 1];

      if (lo >= n || hi == 0
          || !tide_minmax_pyramid_range (p, lo, MIN (hi, n - 1) + 1, &curve->mins[c], &curve->maxs[c]))
        curve->mins[c] = curve->maxs[c] = NAN;
    }
}

static void
fill_bands (TideTimelineLayout *self,
            TideTimelineStack  *stack)
{
  TideMinMaxPyramid *heap = tide_timeline_source_get_series (self->source, TIDE_SERIES_HEAP);
  gsize n = tide_minmax_pyramid_get_n (heap);
  gsize after = 0;

  self->n_bands = tide_timeline_stack_get_n_bands (stack);
  self->band_frames = g_new (guint32, self->n_bands);
  for (guint b = 0; b < self->n_bands; b++)
    self->band_frames[b] = tide_timeline_stack_get_frame (stack, b);
  self->band_tops = g_new (double, (gsize) self->n_bands * self->n_columns);
  self->column_sample = g_new (int, self->n_columns);

  for (guint c = 0; c < self->n_columns; c++)
    {
      double sum = 0;

      /* at or after the first sample at or after the column's end: one
       * read past it in most columns, not a search over the marks */
      after = first_after (heap, column_start (self, c + 1), MAX (after, self->first[c + 1]));

      /* the same columns as the curves have data in */
      if (self->first[c] >= n || self->first[c + 1] == 0 || after == 0)
        {
          self->column_sample[c] = -1;
          for (guint b = 0; b < self->n_bands; b++)
            self->band_tops[(gsize) b * self->n_columns + c] = NAN;
          continue;
        }
      self->column_sample[c] = (int) after - 1;
      for (guint b = 0; b < self->n_bands; b++)
        {
          sum += tide_timeline_stack_get_value (stack, b, (guint) after - 1);
          self->band_tops[(gsize) b * self->n_columns + c] = sum;
        }
    }
}

static void
fill_curve (TideTimelineLayout *self,
            TideTimelineCurve  *curve)
{
  fill_curve_from (self, curve, tide_timeline_source_get_series (self->source, curve->kind), self->first);
}

/* An extra series at its own times: the same columns, its own samples. */
static void
fill_extra (TideTimelineLayout *self,
            TideTimelineCurve  *curve,
            TideMinMaxPyramid  *p)
{
  g_autofree gsize *first = g_new (gsize, self->n_columns + 1);

  for (guint c = 0; c <= self->n_columns; c++)
    first[c] = first_at_or_after (p, column_start (self, c), c > 0 ? first[c - 1] : 0);
  fill_curve_from (self, curve, p, first);
}

/* ------------------------------------------------------------ layout -- */

static double
curve_max (TideTimelineLayout      *self,
           const TideTimelineCurve *curve)
{
  double m = -INFINITY;

  for (guint c = 0; c < self->n_columns; c++)
    if (curve->maxs[c] > m)
      m = curve->maxs[c];
  return m;
}

static void
make_lanes (TideTimelineLayout *self)
{
  TideSeriesKind kinds[TIDE_N_SERIES];
  TideTimelineUnit units[TIDE_N_SERIES];
  guint n_units;
  double lane_h;

  for (guint i = 0; i < self->curves->len; i++)
    kinds[i] = g_array_index (self->curves, TideTimelineCurve, i).kind;
  n_units = collect_units (kinds, self->curves->len, units);
  self->n_lanes = MAX (1, (n_units + 1) / 2);
  self->lanes = g_new0 (TideTimelineLane, self->n_lanes);
  lane_h = MAX (1, (self->plot.height - LANE_GAP * (self->n_lanes - 1)) / self->n_lanes);

  for (guint u = 0; u < MAX (n_units, 1); u++)
    {
      TideTimelineLane *lane = &self->lanes[u / 2];
      gboolean right = u % 2 == 1;
      TideTimelineUnit unit = n_units > 0 ? units[u] : TIDE_TIMELINE_UNIT_BYTES;
      double m = -INFINITY;

      lane->y = self->plot.y + (u / 2) * (lane_h + LANE_GAP);
      lane->height = lane_h;
      for (guint i = 0; i < self->curves->len; i++)
        {
          TideTimelineCurve *curve = &g_array_index (self->curves, TideTimelineCurve, i);

          if (tide_timeline_unit_of_series (curve->kind) != unit)
            continue;
          curve->lane = u / 2;
          curve->right = right;
          m = MAX (m, curve_max (self, curve));
        }
      /* the extra series are memory: on the axis of bytes */
      for (guint i = 0; i < self->extras->len && unit == TIDE_TIMELINE_UNIT_BYTES; i++)
        {
          TideTimelineCurve *curve = &g_array_index (self->extras, TideTimelineCurve, i);

          curve->lane = u / 2;
          curve->right = right;
          m = MAX (m, curve_max (self, curve));
        }
      if (right)
        lane->has_right = TRUE;
      tide_timeline_axis_init_values (right ? &lane->right : &lane->left, unit, m, lane->y, lane_h);
    }
}

TideTimelineLayout *
tide_timeline_layout_new (TideTimelineSource        *source,
                          const TideTimelineOptions *options,
                          double                     t0_ms,
                          double                     t1_ms,
                          const TideTimelineRect    *plot)
{
  TideTimelineLayout *self;
  TideMinMaxPyramid *heap;
  TideSeriesKind kinds[TIDE_N_SERIES + 1];
  guint n_kinds;
  gboolean stacked;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (t1_ms > t0_ms, NULL);

  self = g_new0 (TideTimelineLayout, 1);
  self->source = source;
  self->t0 = t0_ms;
  self->t1 = t1_ms;
  self->plot = *plot;
  self->plot.width = MAX (1, round (plot->width));
  self->plot.height = MAX (1, plot->height);
  self->n_columns = (guint) self->plot.width;
  self->curves = g_array_new (FALSE, TRUE, sizeof (TideTimelineCurve));
  self->extras = g_array_new (FALSE, TRUE, sizeof (TideTimelineCurve));

  heap = tide_timeline_source_get_series (source, TIDE_SERIES_HEAP);
  self->first = g_new (gsize, self->n_columns + 1);
  for (guint c = 0; c <= self->n_columns; c++)
    self->first[c] = first_at_or_after (heap, column_start (self, c), c > 0 ? self->first[c - 1] : 0);

  n_kinds = tide_timeline_options_resolve (options, source, kinds, &stacked);
  for (guint i = 0; i < n_kinds; i++)
    {
      TideTimelineCurve curve = { kinds[i] };

      g_array_append_val (self->curves, curve);
    }
  for (guint i = 0; i < self->curves->len; i++)
    fill_curve (self, &g_array_index (self->curves, TideTimelineCurve, i));
  if (stacked)
    fill_bands (self, tide_timeline_source_get_stack (source));
  /* beside a series in bytes, on its axis */
  for (guint i = 0; i < n_kinds && !options->no_extras; i++)
    if (tide_timeline_unit_of_series (kinds[i]) == TIDE_TIMELINE_UNIT_BYTES)
      {
        for (guint e = 0; e < MIN (tide_timeline_source_get_n_extras (source), TIDE_TIMELINE_MAX_EXTRAS); e++)
          {
            TideTimelineCurve curve = { TIDE_SERIES_HEAP };

            fill_extra (self, &curve, tide_timeline_source_get_extra (source, e));
            g_array_append_val (self->extras, curve);
          }
        break;
      }

  make_lanes (self);
  tide_timeline_axis_init_time_in (&self->time_axis, tide_trace_get_time_unit (tide_timeline_source_get_trace (source)),
                                   self->t0, self->t1, self->plot.x, self->plot.width);
  return self;
}

void
tide_timeline_layout_free (TideTimelineLayout *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->curves->len; i++)
    {
      TideTimelineCurve *curve = &g_array_index (self->curves, TideTimelineCurve, i);

      g_free (curve->mins);
      g_free (curve->maxs);
    }
  g_array_unref (self->curves);
  for (guint i = 0; i < self->extras->len; i++)
    {
      TideTimelineCurve *curve = &g_array_index (self->extras, TideTimelineCurve, i);

      g_free (curve->mins);
      g_free (curve->maxs);
    }
  g_array_unref (self->extras);
  for (guint l = 0; l < self->n_lanes; l++)
    {
      tide_timeline_axis_clear (&self->lanes[l].left);
      tide_timeline_axis_clear (&self->lanes[l].right);
    }
  g_free (self->lanes);
  tide_timeline_axis_clear (&self->time_axis);
  g_free (self->first);
  g_free (self->band_frames);
  g_free (self->band_tops);
  g_free (self->column_sample);
  g_free (self);
}

TideTimelineSource *
tide_timeline_layout_get_source (TideTimelineLayout *self)
{
  return self->source;
}

void
tide_timeline_layout_get_window (TideTimelineLayout *self,
                                 double             *t0_ms,
                                 double             *t1_ms)
{
  if (t0_ms != NULL)
    *t0_ms = self->t0;
  if (t1_ms != NULL)
    *t1_ms = self->t1;
}

void
tide_timeline_layout_get_plot (TideTimelineLayout *self,
                               TideTimelineRect   *plot)
{
  *plot = self->plot;
}

guint
tide_timeline_layout_get_n_columns (TideTimelineLayout *self)
{
  return self->n_columns;
}

guint
tide_timeline_layout_get_n_curves (TideTimelineLayout *self)
{
  return self->curves->len;
}

const TideTimelineCurve *
tide_timeline_layout_get_curve (TideTimelineLayout *self,
                                guint               i)
{
  g_return_val_if_fail (i < self->curves->len, NULL);
  return &g_array_index (self->curves, TideTimelineCurve, i);
}

const TideTimelineCurve *
tide_timeline_layout_find_curve (TideTimelineLayout *self,
                                 TideSeriesKind      kind)
{
  for (guint i = 0; i < self->curves->len; i++)
    if (g_array_index (self->curves, TideTimelineCurve, i).kind == kind)
      return &g_array_index (self->curves, TideTimelineCurve, i);
  return NULL;
}

guint
tide_timeline_layout_get_n_lanes (TideTimelineLayout *self)
{
  return self->n_lanes;
}

const TideTimelineLane *
tide_timeline_layout_get_lane (TideTimelineLayout *self,
                               guint               lane)
{
  g_return_val_if_fail (lane < self->n_lanes, NULL);
  return &self->lanes[lane];
}

const TideTimelineAxis *
tide_timeline_layout_get_time_axis (TideTimelineLayout *self)
{
  return &self->time_axis;
}

guint
tide_timeline_layout_get_n_extras (TideTimelineLayout *self)
{
  return self->extras->len;
}

const TideTimelineCurve *
tide_timeline_layout_get_extra (TideTimelineLayout *self,
                                guint               i)
{
  g_return_val_if_fail (i < self->extras->len, NULL);
  return &g_array_index (self->extras, TideTimelineCurve, i);
}

guint
tide_timeline_layout_get_n_bands (TideTimelineLayout *self)
{
  return self->n_bands;
}

guint32
tide_timeline_layout_get_band_frame (TideTimelineLayout *self,
                                     guint               band)
{
  g_return_val_if_fail (band < self->n_bands, 0);
  return self->band_frames[band];
}

const double *
tide_timeline_layout_get_band_tops (TideTimelineLayout *self,
                                    guint               band)
{
  g_return_val_if_fail (band < self->n_bands, NULL);
  return &self->band_tops[(gsize) band * self->n_columns];
}

int
tide_timeline_layout_get_column_sample (TideTimelineLayout *self,
                                        guint               column)
{
  g_return_val_if_fail (column < self->n_columns, -1);
  g_return_val_if_fail (self->column_sample != NULL, -1);
  return self->column_sample[column];
}

gboolean
tide_timeline_layout_get_peak (TideTimelineLayout *self,
                               TideTimelinePeak   *peak)
{
  const TideTotals *totals = tide_trace_get_totals (tide_timeline_source_get_trace (self->source));
  const TideTimelineCurve *heap = tide_timeline_layout_find_curve (self, TIDE_SERIES_HEAP);

  if (heap == NULL || totals->cost.peak_bytes == 0
      || (double) totals->peak_time_ms < self->t0 || (double) totals->peak_time_ms > self->t1)
    return FALSE;
  if (peak != NULL)
    {
      peak->time_ms = totals->peak_time_ms;
      peak->value = totals->cost.peak_bytes;
      peak->x = tide_timeline_layout_x_for_time (self, peak->time_ms);
      peak->y = tide_timeline_layout_y_for_value (self, heap->lane, heap->right, peak->value);
    }
  return TRUE;
}

double
tide_timeline_layout_x_for_time (TideTimelineLayout *self,
                                 double              time_ms)
{
  return self->plot.x + (time_ms - self->t0) / (self->t1 - self->t0) * self->plot.width;
}

double
tide_timeline_layout_time_for_x (TideTimelineLayout *self,
                                 double              x)
{
  return self->t0 + (x - self->plot.x) / self->plot.width * (self->t1 - self->t0);
}

double
tide_timeline_layout_y_for_value (TideTimelineLayout *self,
                                  guint               lane,
                                  gboolean            right,
                                  double              value)
{
  const TideTimelineLane *l;
  const TideTimelineAxis *axis;

  g_return_val_if_fail (lane < self->n_lanes, 0);
  l = &self->lanes[lane];
  axis = right && l->has_right ? &l->right : &l->left;
  return l->y + l->height - value / axis->max * l->height;
}

static gboolean
is_rate (TideSeriesKind kind)
{
  return tide_timeline_unit_of_series (kind) == TIDE_TIMELINE_UNIT_RATE;
}

gboolean
tide_timeline_layout_hit (TideTimelineLayout *self,
                          double              x,
                          double              y,
                          TideTimelineHit    *hit)
{
  TideMinMaxPyramid *heap = tide_timeline_source_get_series (self->source, TIDE_SERIES_HEAP);
  gsize n = tide_minmax_pyramid_get_n (heap);
  double column = floor (x - self->plot.x);
  gboolean in_run;
  gsize after;

  g_return_val_if_fail (hit != NULL, FALSE);

  hit->time_ms = tide_timeline_layout_time_for_x (self, x);
  hit->column = column >= 0 && column < self->n_columns ? (int) column : -1;
  after = first_after (heap, hit->time_ms, 0);
  hit->sample = (int) after - 1;
  hit->band = -1;
  hit->band_value = NAN;
  for (guint k = 0; k < TIDE_N_SERIES; k++)
    hit->values[k] = hit->maxs[k] = NAN;
  for (guint e = 0; e < TIDE_TIMELINE_MAX_EXTRAS; e++)
    hit->extra_values[e] = NAN;

  /* before the first sample or past the last, nothing is in effect */
  in_run = hit->sample >= 0 && hit->time_ms <= tide_timeline_source_get_time (self->source, n - 1);
  for (guint i = 0; i < self->curves->len; i++)
    {
      const TideTimelineCurve *curve = &g_array_index (self->curves, TideTimelineCurve, i);

      /* a rate is what the interval holding the time had; a level, what
       * the last sample at or before it had */
      if (in_run && is_rate (curve->kind))
        hit->values[curve->kind] = after < n ? tide_timeline_source_get_value (self->source, curve->kind, after) : NAN;
      else if (in_run)
        hit->values[curve->kind] = tide_timeline_source_get_value (self->source, curve->kind, hit->sample);
      if (hit->column >= 0)
        hit->maxs[curve->kind] = curve->maxs[hit->column];
    }

  /* each extra series at its own last point, while it lasts */
  for (guint e = 0; e < self->extras->len; e++)
    {
      const TideTimelineCurve *curve = &g_array_index (self->extras, TideTimelineCurve, e);

      if (hit->column >= 0 && !isnan (curve->maxs[hit->column]))
        hit->extra_values[e] = tide_timeline_source_get_extra_value (self->source, e, hit->time_ms);
    }

  if (hit->column >= 0 && self->n_bands > 0)
    {
      const TideTimelineCurve *h = tide_timeline_layout_find_curve (self, TIDE_SERIES_HEAP);
      const TideTimelineLane *lane = &self->lanes[h->lane];
      double v = (lane->y + lane->height - y) / lane->height * lane->left.max;
      double below = 0;

      for (guint b = 0; b < self->n_bands; b++)
        {
          double top = self->band_tops[(gsize) b * self->n_columns + hit->column];

          if (isnan (top))
            break;
          if (v >= below && v < top)
            {
              hit->band = (int) b;
              hit->band_value = top - below;
              break;
            }
          below = top;
        }
    }

  return hit->column >= 0 && y >= self->plot.y && y < self->plot.y + self->plot.height;
}

/* ------------------------------------------------------------ window -- */

void
tide_timeline_window_pan (double *t0_ms,
                          double *t1_ms,
                          double  delta_ms,
                          double  min_start,
                          double  max_end)
{
  double span = *t1_ms - *t0_ms;

  g_return_if_fail (span > 0);

  *t0_ms += delta_ms;
  if (*t0_ms + span > max_end)
    *t0_ms = max_end - span;
  if (*t0_ms < min_start)
    *t0_ms = min_start;
  *t1_ms = *t0_ms + span;
}

void
tide_timeline_window_zoom (double *t0_ms,
                           double *t1_ms,
                           double  anchor_ms,
                           double  factor,
                           double  min_span,
                           double  min_start,
                           double  max_end)
{
  double span = *t1_ms - *t0_ms;
  double new_span, frac;

  g_return_if_fail (span > 0 && factor > 0);
  g_return_if_fail (max_end > min_start);

  new_span = CLAMP (span * factor, MIN (min_span, max_end - min_start), max_end - min_start);
  frac = CLAMP ((anchor_ms - *t0_ms) / span, 0, 1);
  *t0_ms = anchor_ms - frac * new_span;
  *t1_ms = *t0_ms + new_span;
  tide_timeline_window_pan (t0_ms, t1_ms, 0, min_start, max_end);
}
