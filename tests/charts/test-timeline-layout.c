/* test-timeline-layout.c: timeline geometry: peaks, spikes at every zoom, axes, bands, mapping
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "charts/tide-timeline-layout.h"
#include "core/tide-trace-builder.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

#define SPIKE_AT     6543    /* ms: the spike happens between this time stamp and the next */
#define SPIKE_BYTES  5000000 /* on top of a heap that never exceeds ~50 kB otherwise */
#define RUN_MS       10000

static TideTrace *
load_python (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(GError) error = NULL;
  TideTrace *trace = tide_test_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (trace);
  return trace;
}

/* A run of RUN_MS ms with a time stamp every ms and some churn in each,
 * where one block of SPIKE_BYTES lives for a moment between SPIKE_AT and
 * the next stamp: it is in no sample's value, only in one's maximum. */
static TideTrace *
spike_trace (void)
{
  g_autoptr(TideTraceBuilder) b = tide_trace_builder_new (TIDE_TRACE_FORMAT_HEAPTRACK);
  TideFrame frame = { 0 };
  guint32 node, small[4], spike;

  frame.function = tide_trace_builder_intern_string (b, "churn", -1);
  node = tide_trace_builder_intern_node (b, 0, tide_trace_builder_intern_frame (b, &frame));
  for (guint i = 0; i < G_N_ELEMENTS (small); i++)
    g_assert_true (tide_trace_builder_add_info (b, 1000 * (i + 1), node, &small[i], NULL));
  frame.function = tide_trace_builder_intern_string (b, "spike", -1);
  node = tide_trace_builder_intern_node (b, 0, tide_trace_builder_intern_frame (b, &frame));
  g_assert_true (tide_trace_builder_add_info (b, SPIKE_BYTES, node, &spike, NULL));

  for (guint t = 0; t < RUN_MS; t++)
    {
      /* blocks come and go; the heap wanders between 0 and ~50 kB */
      for (guint k = 0; k < 1 + t % 3; k++)
        tide_trace_builder_allocate (b, small[t % G_N_ELEMENTS (small)]);
      while (tide_trace_builder_free_block (b, small[(t + 2) % G_N_ELEMENTS (small)], FALSE))
        ;
      if (t == SPIKE_AT)
        {
          tide_trace_builder_allocate (b, spike);
          g_assert_true (tide_trace_builder_free_block (b, spike, TRUE));
        }
      tide_trace_builder_set_time (b, t + 1);
    }
  return tide_trace_builder_finish (g_steal_pointer (&b));
}

static TideTimelineLayout *
layout_new (TideTimelineSource        *source,
            const TideTimelineOptions *options,
            double                     t0,
            double                     t1,
            double                     width)
{
  TideTimelineRect plot = { 60, 30, width, 300 };

  return tide_timeline_layout_new (source, options, t0, t1, &plot);
}

static double
curve_max (TideTimelineLayout      *layout,
           const TideTimelineCurve *curve)
{
  double m = -INFINITY;

  for (guint c = 0; c < tide_timeline_layout_get_n_columns (layout); c++)
    if (!isnan (curve->maxs[c]))
      m = MAX (m, curve->maxs[c]);
  return m;
}

/* The peak marker is the summary's peak, at its time, and the fully zoomed
 * out timeline reaches it in the column under the marker, at any width. */
static void
test_peak (void)
{
  g_autoptr(TideTrace) trace = load_python ();
  g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace, NULL);
  const TideTotals *totals = tide_trace_get_totals (trace);
  const double widths[] = { 1, 2, 7, 100, 1199, 1200, 4000 };
  TideTimelineOptions options;

  g_assert_cmpuint (totals->cost.peak_bytes, ==, 10641272);
  tide_timeline_options_init (&options);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(TideTimelineLayout) layout = layout_new (source, &options, 0, totals->duration_ms, widths[w]);
      const TideTimelineCurve *heap = tide_timeline_layout_find_curve (layout, TIDE_SERIES_HEAP);
      TideTimelinePeak peak;
      TideTimelineHit hit;

      g_assert_cmpuint (tide_timeline_layout_get_n_columns (layout), ==, widths[w]);
      g_assert_true (tide_timeline_layout_get_peak (layout, &peak));
      g_assert_cmpfloat (peak.value, ==, totals->cost.peak_bytes);
      g_assert_cmpfloat (peak.time_ms, ==, totals->peak_time_ms);
      g_assert_cmpfloat_with_epsilon (peak.x, tide_timeline_layout_x_for_time (layout, totals->peak_time_ms), 1e-9);
      g_assert_cmpfloat (curve_max (layout, heap), ==, totals->cost.peak_bytes);
      /* nothing drawn above the peak, and the axis holds it */
      g_assert_cmpfloat (tide_timeline_layout_get_lane (layout, 0)->left.max, >=, totals->cost.peak_bytes);
      g_assert_cmpfloat (peak.y, >=, 30);

      /* the column under the marker is the one that reaches the peak */
      tide_timeline_layout_hit (layout, MIN (peak.x, 60 + widths[w] - 0.5), 100, &hit);
      g_assert_cmpint (hit.column, >=, 0);
      g_assert_cmpfloat (hit.maxs[TIDE_SERIES_HEAP], ==, totals->cost.peak_bytes);
    }

  /* a window that leaves the peak out has no marker */
  {
    g_autoptr(TideTimelineLayout) before = layout_new (source, &options, 0, totals->peak_time_ms - 1, 500);
    const TideTimelineCurve *heap = tide_timeline_layout_find_curve (before, TIDE_SERIES_HEAP);

    g_assert_false (tide_timeline_layout_get_peak (before, NULL));
    g_assert_cmpfloat (curve_max (before, heap), <, totals->cost.peak_bytes);
  }
}

/* Does some column of @layout reach @value, and none exceed it? */
static gboolean
shows_exactly (TideTimelineLayout *layout,
               double              value)
{
  const TideTimelineCurve *heap = tide_timeline_layout_find_curve (layout, TIDE_SERIES_HEAP);

  return curve_max (layout, heap) == value;
}

/* A spike of one sample's maximum shows, at its full height, at every zoom
 * from the whole run down to a millisecond around it and below, at any
 * width, wherever the window puts it. */
static void
test_spike (void)
{
  g_autoptr(TideTrace) trace = spike_trace ();
  g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace, NULL);
  const TideTotals *totals = tide_trace_get_totals (trace);
  const double widths[] = { 1920, 1200, 333, 7, 1 };
  const double offsets[] = { 0.5, 0.01, 0.99 }; /* where in the window the spike falls */
  double peak = totals->cost.peak_bytes;
  TideTimelineOptions options;
  guint checked = 0;

  g_assert_cmpuint (totals->peak_time_ms, ==, SPIKE_AT);
  g_assert_cmpfloat (peak, >=, SPIKE_BYTES);
  g_assert_cmpfloat (peak, <, SPIKE_BYTES + 60000);
  /* no sample holds the spike as its value: only as a maximum */
  for (guint i = 0; i < tide_trace_get_n_samples (trace); i++)
    g_assert_cmpuint (tide_trace_get_sample (trace, i).heap_bytes, <, SPIKE_BYTES);

  tide_timeline_options_init (&options);
  for (double span = RUN_MS; span >= 0.25; span /= 2)
    for (guint o = 0; o < G_N_ELEMENTS (offsets); o++)
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          /* the spike's interval is (SPIKE_AT, SPIKE_AT + 1]: put a point of it at the offset */
          double t0 = SPIKE_AT + 0.5 - offsets[o] * span;
          g_autoptr(TideTimelineLayout) layout = NULL;

          if (span == RUN_MS)
            t0 = o == 0 ? 0 : o == 1 ? -1 : 1; /* the whole run, give or take a ms */
          layout = layout_new (source, &options, t0, t0 + span, widths[w]);
          if (!shows_exactly (layout, peak))
            g_error ("the spike is lost in [%g, %g] at %g px", t0, t0 + span, widths[w]);
          checked++;
        }

  /* a window on either side of it does not show it */
  {
    g_autoptr(TideTimelineLayout) before = layout_new (source, &options, SPIKE_AT - 5, SPIKE_AT - 1, 800);
    g_autoptr(TideTimelineLayout) after = layout_new (source, &options, SPIKE_AT + 2, SPIKE_AT + 6, 800);

    g_assert_cmpfloat (curve_max (before, tide_timeline_layout_find_curve (before, TIDE_SERIES_HEAP)), <, SPIKE_BYTES);
    g_assert_cmpfloat (curve_max (after, tide_timeline_layout_find_curve (after, TIDE_SERIES_HEAP)), <, SPIKE_BYTES);
  }
  g_test_message ("%u windows and widths show the spike", checked);
}

/* Nice: the step is 1, 2 or 5 x 10^k in the unit of the labels. */
static void
assert_nice (double step,
             double unit_size)
{
  double u = step / unit_size;
  double mantissa = u / pow (10, floor (log10 (u) + 1e-9));

  g_assert_true (fabs (mantissa - 1) < 1e-6 || fabs (mantissa - 2) < 1e-6 || fabs (mantissa - 5) < 1e-6);
}

static void
assert_value_axis (const TideTimelineAxis *axis,
                   double                  data_max,
                   double                  top,
                   double                  height)
{
  g_assert_cmpuint (axis->n_ticks, >=, 2);
  g_assert_cmpfloat (axis->min, ==, 0);
  g_assert_cmpfloat (axis->max, >=, data_max);
  assert_nice (axis->step, axis->unit_size);
  g_assert_cmpfloat (axis->ticks[0].value, ==, 0);
  g_assert_cmpstr (axis->ticks[0].label, ==, "0");
  g_assert_cmpfloat (axis->ticks[axis->n_ticks - 1].value, ==, axis->max);
  /* not more than a tick per 30 px, and not a wasteful axis */
  g_assert_cmpfloat ((axis->n_ticks - 1) * 30, <=, MAX (height, 60));
  if (data_max > 0)
    g_assert_cmpfloat (axis->max, <=, data_max * 2.5 + axis->step);
  for (guint i = 0; i < axis->n_ticks; i++)
    {
      const TideTimelineTick *t = &axis->ticks[i];
      double k = t->value / axis->step;

      g_assert_cmpfloat (fabs (k - round (k)), <, 1e-6);
      g_assert_cmpfloat (t->value, >=, axis->min);
      g_assert_cmpfloat (t->value, <=, axis->max);
      g_assert_cmpfloat (t->pos, >=, top - 1e-9);
      g_assert_cmpfloat (t->pos, <=, top + height + 1e-9);
      if (i > 0)
        {
          g_assert_cmpfloat (t->value, >, axis->ticks[i - 1].value);
          g_assert_cmpfloat (t->pos, <, axis->ticks[i - 1].pos);
          g_assert_nonnull (strstr (t->label, axis->unit_name));
          g_assert_cmpstr (t->label, !=, axis->ticks[i - 1].label);
        }
    }
}

static void
test_value_ticks (void)
{
  const double maxima[] = { 0, 0.3, 1, 7, 999, 1000, 1023, 1024, 1500, 65536, 10641272, 53775756, 1e9, 5e9, 3e12, 9e15 };
  const double heights[] = { 60, 100, 300, 600, 1500 };
  TideTimelineAxis axis;

  for (guint u = TIDE_TIMELINE_UNIT_BYTES; u <= TIDE_TIMELINE_UNIT_RATE; u++)
    for (guint m = 0; m < G_N_ELEMENTS (maxima); m++)
      for (guint h = 0; h < G_N_ELEMENTS (heights); h++)
        {
          tide_timeline_axis_init_values (&axis, u, maxima[m], 20, heights[h]);
          assert_value_axis (&axis, maxima[m], 20, heights[h]);
          tide_timeline_axis_clear (&axis);
        }

  /* decimal units for bytes (as every size label in the app), k and M for
   * counts and rates */
  tide_timeline_axis_init_values (&axis, TIDE_TIMELINE_UNIT_BYTES, 10641272, 0, 300);
  g_assert_cmpstr (axis.unit_name, ==, "MB");
  g_assert_cmpfloat (axis.unit_size, ==, 1e6);
  g_assert_cmpstr (axis.ticks[1].label, ==, "2 MB");
  g_assert_cmpfloat (axis.max, ==, 12e6);
  tide_timeline_axis_clear (&axis);
  tide_timeline_axis_init_values (&axis, TIDE_TIMELINE_UNIT_BYTES, 700, 0, 300);
  g_assert_cmpstr (axis.unit_name, ==, "B");
  tide_timeline_axis_clear (&axis);
  tide_timeline_axis_init_values (&axis, TIDE_TIMELINE_UNIT_RATE, 1.3e6, 0, 300);
  g_assert_cmpstr (axis.unit_name, ==, "M/s");
  g_assert_cmpstr (axis.ticks[1].label, ==, "0.5M/s");
  tide_timeline_axis_clear (&axis);
  /* the top tick reads "1.0M/s", not "1000k/s" */
  tide_timeline_axis_init_values (&axis, TIDE_TIMELINE_UNIT_RATE, 0.95e6, 0, 300);
  g_assert_cmpstr (axis.unit_name, ==, "M/s");
  g_assert_cmpstr (axis.ticks[axis.n_ticks - 1].label, ==, "1.0M/s");
  tide_timeline_axis_clear (&axis);
  tide_timeline_axis_init_values (&axis, TIDE_TIMELINE_UNIT_BYTES, 1000 * 1024.0, 0, 300);
  g_assert_cmpstr (axis.unit_name, ==, "MB");
  tide_timeline_axis_clear (&axis);
  tide_timeline_axis_init_values (&axis, TIDE_TIMELINE_UNIT_COUNT, 78817, 0, 300);
  g_assert_cmpstr (axis.unit_name, ==, "k");
  g_assert_cmpstr (axis.ticks[1].label, ==, "20k");
  tide_timeline_axis_clear (&axis);
}

static void
test_time_ticks (void)
{
  const double spans[] = { 0.01, 0.25, 1, 3, 10, 99, 1760, 6043, 59000, 61000, 90000, 3600000, 7.2e6 };
  const double starts[] = { 0, 1665.3, 5009, 123456.7 };
  const double widths[] = { 220, 500, 1200, 1920, 4000 };

  for (guint s = 0; s < G_N_ELEMENTS (spans); s++)
    for (guint o = 0; o < G_N_ELEMENTS (starts); o++)
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          TideTimelineAxis axis;
          double t0 = starts[o], t1 = starts[o] + spans[s];

          tide_timeline_axis_init_time (&axis, t0, t1, 50, widths[w]);
          g_assert_cmpint (axis.unit, ==, TIDE_TIMELINE_UNIT_TIME);
          assert_nice (axis.step, axis.unit_size);
          g_assert_true (g_str_equal (axis.unit_name, "ms") || g_str_equal (axis.unit_name, "s")
                         || g_str_equal (axis.unit_name, "min"));
          /* a tick per 110 px or so: at least one, never crowded */
          g_assert_cmpuint (axis.n_ticks, >=, 1);
          g_assert_cmpfloat ((axis.n_ticks - 1) * 80, <=, widths[w]);
          for (guint i = 0; i < axis.n_ticks; i++)
            {
              const TideTimelineTick *t = &axis.ticks[i];

              g_assert_cmpfloat (t->value, >=, t0 - 1e-9 * spans[s]);
              g_assert_cmpfloat (t->value, <=, t1 + 1e-9 * spans[s]);
              g_assert_cmpfloat (t->pos, >=, 50 - 1e-6);
              g_assert_cmpfloat (t->pos, <=, 50 + widths[w] + 1e-6);
              g_assert_nonnull (strstr (t->label, axis.unit_name));
              if (i > 0)
                {
                  g_assert_cmpfloat (t->value, >, axis.ticks[i - 1].value);
                  g_assert_cmpfloat (fabs (t->value - axis.ticks[i - 1].value - axis.step), <, axis.step * 1e-6);
                  /* labels tell the ticks apart */
                  g_assert_cmpstr (t->label, !=, axis.ticks[i - 1].label);
                }
            }
          tide_timeline_axis_clear (&axis);
        }

  {
    TideTimelineAxis axis;

    tide_timeline_axis_init_time (&axis, 0, 1760, 0, 1200);
    g_assert_cmpfloat (axis.step, ==, 200);
    g_assert_cmpstr (axis.ticks[0].label, ==, "0.0 s");
    g_assert_cmpstr (axis.ticks[8].label, ==, "1.6 s");
    {
      g_autofree char *at = tide_timeline_axis_format_readout (&axis, 1250);

      g_assert_cmpstr (at, ==, "1.25 s"); /* a digit more than the axis */
    }
    tide_timeline_axis_clear (&axis);
    tide_timeline_axis_init_time (&axis, 0, 7.2e6, 0, 1200);
    g_assert_cmpstr (axis.unit_name, ==, "min");
    g_assert_cmpstr (axis.ticks[1].label, ==, "20 min");
    /* the readout beside minutes: minutes and whole seconds, not "6319 s" */
    {
      g_autofree char *at = tide_timeline_axis_format_readout (&axis, 6319000);
      g_autofree char *rounded = tide_timeline_axis_format_readout (&axis, 6359600);

      g_assert_cmpstr (at, ==, "105 min 19 s");
      g_assert_cmpstr (rounded, ==, "106 min 0 s");
    }
    tide_timeline_axis_clear (&axis);
    tide_timeline_axis_init_time (&axis, 5009, 5010, 0, 1200);
    g_assert_cmpstr (axis.unit_name, ==, "ms");
    g_assert_cmpstr (axis.ticks[1].label, ==, "5009.1 ms");
    tide_timeline_axis_clear (&axis);
  }
}

/* The axes of real layouts are nice too, and hold what is drawn. */
/* Massif times in instructions or bytes: whole steps, decimal multiples
 * of the unit, as ms_print writes them ("ki", "Mi"; "kB", "MB"). */
static void
test_time_ticks_units (void)
{
  const double spans[] = { 1, 7, 99, 1000, 224259, 3e6, 5.5e9 };
  const double starts[] = { 0, 153834, 2e9 };
  const double widths[] = { 220, 1200, 4000 };
  const TideTimeUnit units[] = { TIDE_TIME_UNIT_INSTRUCTIONS, TIDE_TIME_UNIT_BYTES };

  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    for (guint s = 0; s < G_N_ELEMENTS (spans); s++)
      for (guint o = 0; o < G_N_ELEMENTS (starts); o++)
        for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
          {
            TideTimelineAxis axis;
            double t0 = starts[o], t1 = starts[o] + spans[s];

            tide_timeline_axis_init_time_in (&axis, units[u], t0, t1, 50, widths[w]);
            g_assert_cmpint (axis.unit, ==, TIDE_TIMELINE_UNIT_TIME);
            g_assert_cmpint (axis.time_unit, ==, units[u]);
            /* an instruction or a byte does not split */
            g_assert_cmpfloat (axis.step, >=, 1);
            g_assert_cmpfloat (fabs (axis.step - round (axis.step)), <, 1e-9);
            if (units[u] == TIDE_TIME_UNIT_INSTRUCTIONS)
              g_assert_true (g_str_has_suffix (axis.unit_name, "i"));
            else
              g_assert_true (g_str_has_suffix (axis.unit_name, "B"));
            g_assert_cmpuint (axis.n_ticks, >=, 1);
            g_assert_cmpfloat ((axis.n_ticks - 1) * 80, <=, widths[w]);
            for (guint i = 0; i < axis.n_ticks; i++)
              {
                const TideTimelineTick *t = &axis.ticks[i];

                g_assert_cmpfloat (t->value, >=, t0 - 1e-9 * spans[s]);
                g_assert_cmpfloat (t->value, <=, t1 + 1e-9 * spans[s]);
                g_assert_true (g_str_has_suffix (t->label, axis.unit_name));
                if (i > 0)
                  g_assert_cmpstr (t->label, !=, axis.ticks[i - 1].label);
              }
            tide_timeline_axis_clear (&axis);
          }

  {
    TideTimelineAxis axis;
    g_autofree char *hover = NULL;

    /* massif.out.leaky's run */
    tide_timeline_axis_init_time_in (&axis, TIDE_TIME_UNIT_INSTRUCTIONS, 0, 224259, 0, 1100);
    g_assert_cmpfloat (axis.step, ==, 50000);
    g_assert_cmpstr (axis.unit_name, ==, "ki");
    g_assert_cmpstr (axis.ticks[0].label, ==, "0 ki");
    g_assert_cmpstr (axis.ticks[4].label, ==, "200 ki");
    hover = tide_timeline_axis_format_time (&axis, 219844, axis.step / 10);
    g_assert_cmpstr (hover, ==, "220 ki");
    tide_timeline_axis_clear (&axis);
    tide_timeline_axis_init_time_in (&axis, TIDE_TIME_UNIT_INSTRUCTIONS, 0, 3.2e9, 0, 1200);
    g_assert_cmpstr (axis.unit_name, ==, "Gi");
    g_assert_cmpstr (axis.ticks[1].label, ==, "0.5 Gi");
    tide_timeline_axis_clear (&axis);
    tide_timeline_axis_init_time_in (&axis, TIDE_TIME_UNIT_BYTES, 0, 1531432, 0, 1200);
    g_assert_cmpstr (axis.unit_name, ==, "MB");
    g_assert_cmpstr (axis.ticks[1].label, ==, "0.2 MB");
    tide_timeline_axis_clear (&axis);
    /* milliseconds: the same as tide_timeline_axis_init_time () */
    tide_timeline_axis_init_time_in (&axis, TIDE_TIME_UNIT_MS, 0, 1760, 0, 1200);
    g_assert_cmpstr (axis.ticks[8].label, ==, "1.6 s");
    tide_timeline_axis_clear (&axis);
  }
}

/* A layout of a massif trace counts instructions on its time axis and
 * draws no series of allocations: massif counts none. */
static void
test_layout_massif (void)
{
  g_autofree char *path = tide_test_data_path ("massif.out.leaky");
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (path, &error);
  g_autoptr(TideTimelineSource) source = NULL;
  g_autoptr(TideTimelineLayout) layout = NULL;
  TideTimelineOptions options;
  TideTimelineRect plot = { 60, 10, 1000, 300 };
  const TideTimelineAxis *axis;
  TideTimelinePeak peak;

  g_assert_no_error (error);
  source = tide_timeline_source_new (trace, NULL);
  g_assert_true (tide_timeline_trace_has_time (trace));
  g_assert_true (tide_timeline_source_has_series (source, TIDE_SERIES_HEAP));
  g_assert_false (tide_timeline_source_has_series (source, TIDE_SERIES_LIVE_ALLOCATIONS));
  g_assert_false (tide_timeline_source_has_series (source, TIDE_SERIES_ALLOCATION_RATE));
  g_assert_false (tide_timeline_source_has_series (source, TIDE_SERIES_TEMPORARY_RATE));

  tide_timeline_options_init (&options);
  tide_timeline_options_add (&options, TIDE_SERIES_ALLOCATION_RATE);
  layout = tide_timeline_layout_new (source, &options, 0, 224259, &plot);
  g_assert_cmpuint (tide_timeline_layout_get_n_curves (layout), ==, 1);
  axis = tide_timeline_layout_get_time_axis (layout);
  g_assert_cmpint (axis->time_unit, ==, TIDE_TIME_UNIT_INSTRUCTIONS);
  g_assert_cmpstr (axis->unit_name, ==, "ki");
  g_assert_true (tide_timeline_layout_get_peak (layout, &peak));
  g_assert_cmpfloat (peak.time_ms, ==, 219844);
}

/* Folded stacks and a tracemalloc dump have every sample at 0: no time. */
static void
test_no_time (void)
{
  const char *names[] = { "ht_leaky.leaked.folded", "tm_before.pickle" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = tide_test_data_path (names[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(TideTrace) trace = tide_test_load (path, &error);

      g_assert_no_error (error);
      g_assert_false (tide_timeline_trace_has_time (trace));
    }
}

static void
test_layout_axes (void)
{
  g_autoptr(TideTrace) trace = load_python ();
  g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace, NULL);
  TideTimelineOptions options;
  double windows[][2] = { { 0, 1760 }, { 1000, 1200 }, { 1660, 1670 }, { 1665, 1666 } };

  tide_timeline_options_init (&options);
  tide_timeline_options_add (&options, TIDE_SERIES_RSS);
  tide_timeline_options_add (&options, TIDE_SERIES_LIVE_ALLOCATIONS);
  tide_timeline_options_add (&options, TIDE_SERIES_ALLOCATION_RATE);
  tide_timeline_options_add (&options, TIDE_SERIES_TEMPORARY_RATE);
  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    {
      g_autoptr(TideTimelineLayout) layout = layout_new (source, &options, windows[w][0], windows[w][1], 1200);

      g_assert_cmpuint (tide_timeline_layout_get_n_curves (layout), ==, 5);
      for (guint i = 0; i < tide_timeline_layout_get_n_curves (layout); i++)
        {
          const TideTimelineCurve *c = tide_timeline_layout_get_curve (layout, i);
          const TideTimelineLane *lane = tide_timeline_layout_get_lane (layout, c->lane);
          const TideTimelineAxis *axis = c->right ? &lane->right : &lane->left;
          double shared_max = -INFINITY;

          g_assert_true (!c->right || lane->has_right);
          g_assert_cmpint (axis->unit, ==, tide_timeline_unit_of_series (c->kind));
          /* the axis is for every series on it */
          for (guint j = 0; j < tide_timeline_layout_get_n_curves (layout); j++)
            {
              const TideTimelineCurve *other = tide_timeline_layout_get_curve (layout, j);

              if (other->lane == c->lane && other->right == c->right)
                shared_max = MAX (shared_max, curve_max (layout, other));
            }
          g_assert_cmpfloat (curve_max (layout, c), <=, axis->max);
          assert_value_axis (axis, shared_max, lane->y, lane->height);
        }
    }
}

/* Units share axes: bytes on the left, the second unit on the right, a
 * third in a lane of its own; series the trace lacks are left out. */
static void
test_lanes (void)
{
  g_autoptr(TideTrace) trace = load_python ();
  g_autoptr(TideTrace) spiky = spike_trace ();
  g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace, NULL);
  g_autoptr(TideTimelineSource) no_rss = tide_timeline_source_new (spiky, NULL);
  g_autoptr(TideTimelineLayout) layout = NULL;
  g_autoptr(TideTimelineLayout) single = NULL;
  g_autoptr(TideTimelineLayout) without = NULL;
  TideTimelineOptions options;
  const TideTimelineLane *top, *bottom;

  tide_timeline_options_init (&options);
  g_assert_false (tide_timeline_options_has_right_axis (&options));
  tide_timeline_options_add (&options, TIDE_SERIES_RSS);
  g_assert_false (tide_timeline_options_has_right_axis (&options));
  single = layout_new (source, &options, 0, 1760, 800);
  g_assert_cmpuint (tide_timeline_layout_get_n_lanes (single), ==, 1);
  g_assert_false (tide_timeline_layout_get_lane (single, 0)->has_right);

  tide_timeline_options_add (&options, TIDE_SERIES_LIVE_ALLOCATIONS);
  tide_timeline_options_add (&options, TIDE_SERIES_ALLOCATION_RATE);
  tide_timeline_options_add (&options, TIDE_SERIES_HEAP); /* already there */
  g_assert_cmpuint (options.n_series, ==, 4);
  g_assert_true (tide_timeline_options_has_right_axis (&options));
  layout = layout_new (source, &options, 0, 1760, 800);
  g_assert_cmpuint (tide_timeline_layout_get_n_lanes (layout), ==, 2);
  top = tide_timeline_layout_get_lane (layout, 0);
  bottom = tide_timeline_layout_get_lane (layout, 1);
  g_assert_true (top->has_right);
  g_assert_false (bottom->has_right);
  g_assert_cmpfloat (top->y, ==, 30);
  g_assert_cmpfloat (bottom->y + bottom->height, ==, 330);
  g_assert_cmpfloat (top->y + top->height, <, bottom->y);
  g_assert_cmpuint (tide_timeline_layout_find_curve (layout, TIDE_SERIES_RSS)->lane, ==, 0);
  g_assert_false (tide_timeline_layout_find_curve (layout, TIDE_SERIES_RSS)->right);
  g_assert_true (tide_timeline_layout_find_curve (layout, TIDE_SERIES_LIVE_ALLOCATIONS)->right);
  g_assert_cmpuint (tide_timeline_layout_find_curve (layout, TIDE_SERIES_ALLOCATION_RATE)->lane, ==, 1);
  g_assert_cmpint (bottom->left.unit, ==, TIDE_TIMELINE_UNIT_RATE);
  g_assert_null (tide_timeline_layout_find_curve (layout, TIDE_SERIES_TEMPORARY_RATE));

  without = layout_new (no_rss, &options, 0, RUN_MS, 800);
  g_assert_null (tide_timeline_layout_find_curve (without, TIDE_SERIES_RSS));
  g_assert_cmpuint (tide_timeline_layout_get_n_curves (without), ==, 3);
  g_assert_false (tide_timeline_source_has_series (no_rss, TIDE_SERIES_RSS));
  g_assert_true (isnan (tide_timeline_source_get_value (no_rss, TIDE_SERIES_RSS, 0)));
}

typedef struct
{
  TideTimelineSource *source;
  gboolean            missing[TIDE_N_SERIES];
  TideMinMaxPyramid  *built[TIDE_N_SERIES];
} BuildJob;

static gpointer
build_thread (gpointer data)
{
  BuildJob *job = data;

  tide_timeline_source_build_series (job->source, job->missing, job->built);
  return NULL;
}

/* A source made with the heap alone has the others added later, built on
 * another thread, and then draws them exactly as one made with them all. */
static void
test_series_added (void)
{
  g_autoptr(TideTrace) trace = load_python ();
  g_autoptr(TideTimelineSource) all = tide_timeline_source_new (trace, NULL);
  const gboolean heap_only[TIDE_N_SERIES] = { [TIDE_SERIES_HEAP] = TRUE };
  g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace, heap_only);
  g_autoptr(TideTimelineLayout) before = NULL;
  g_autoptr(TideTimelineLayout) after = NULL;
  g_autoptr(TideTimelineLayout) expected = NULL;
  const gboolean rates[TIDE_N_SERIES] = { [TIDE_SERIES_ALLOCATION_RATE] = TRUE, [TIDE_SERIES_RSS] = TRUE };
  BuildJob job = { 0 };
  TideTimelineOptions options;
  GThread *thread;
  guint last;

  tide_timeline_options_init (&options);
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    tide_timeline_options_add (&options, k);

  /* the trace has them all; the source, the heap alone */
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    {
      g_assert_true (tide_timeline_source_has_series (source, k));
      g_assert_true ((tide_timeline_source_get_series (source, k) != NULL) == (k == TIDE_SERIES_HEAP));
    }
  last = tide_timeline_source_get_n_samples (source) - 1;
  g_assert_true (isnan (tide_timeline_source_get_value (source, TIDE_SERIES_RSS, last)));
  g_assert_false (tide_timeline_source_get_missing (all, NULL, job.missing));
  g_assert_false (tide_timeline_source_get_missing (source, heap_only, job.missing));
  before = layout_new (source, &options, 0, 1760, 800);
  g_assert_cmpuint (tide_timeline_layout_get_n_curves (before), ==, 1);
  g_assert_nonnull (tide_timeline_layout_find_curve (before, TIDE_SERIES_HEAP));

  /* two of them, built on a thread of their own */
  g_assert_true (tide_timeline_source_get_missing (source, rates, job.missing));
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    g_assert_cmpint (job.missing[k], ==, rates[k]);
  job.source = source;
  thread = g_thread_new ("series", build_thread, &job);
  g_thread_join (thread);
  g_assert_nonnull (job.built[TIDE_SERIES_ALLOCATION_RATE]);
  g_assert_nonnull (job.built[TIDE_SERIES_RSS]);
  g_assert_null (job.built[TIDE_SERIES_LIVE_ALLOCATIONS]);
  tide_timeline_source_add_series (source, job.built);
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    g_assert_null (job.built[k]);

  /* the rest all at once; one built twice is not taken twice */
  g_assert_true (tide_timeline_source_get_missing (source, NULL, job.missing));
  g_assert_false (job.missing[TIDE_SERIES_RSS]);
  job.missing[TIDE_SERIES_RSS] = TRUE;
  tide_timeline_source_build_series (source, job.missing, job.built);
  tide_timeline_source_add_series (source, job.built);
  g_assert_false (tide_timeline_source_get_missing (source, NULL, job.missing));

  after = layout_new (source, &options, 0, 1760, 800);
  expected = layout_new (all, &options, 0, 1760, 800);
  g_assert_cmpuint (tide_timeline_layout_get_n_curves (after), ==, TIDE_N_SERIES);
  g_assert_cmpuint (tide_timeline_layout_get_n_columns (after), ==, tide_timeline_layout_get_n_columns (expected));
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    {
      const TideTimelineCurve *got = tide_timeline_layout_find_curve (after, k);
      const TideTimelineCurve *want = tide_timeline_layout_find_curve (expected, k);
      double top = 0;

      for (guint c = 0; c < tide_timeline_layout_get_n_columns (after); c++)
        {
          g_assert_cmpmem (&got->mins[c], sizeof (double), &want->mins[c], sizeof (double));
          g_assert_cmpmem (&got->maxs[c], sizeof (double), &want->maxs[c], sizeof (double));
          if (!isnan (got->maxs[c]))
            top = MAX (top, got->maxs[c]);
        }
      /* real values, not an empty curve twice */
      g_assert_cmpfloat (top, >, 0);
      for (guint i = 0; i < tide_timeline_source_get_n_samples (all); i += 97)
        g_assert_cmpfloat (tide_timeline_source_get_value (source, k, i), ==,
                           tide_timeline_source_get_value (all, k, i));
    }
}

/* Stacked: the bands add up to the heap's value in every column, which lies
 * within what the heap's curve draws there. */
static void
test_stacked (void)
{
  g_autoptr(TideTrace) trace = load_python ();
  g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace, NULL);
  g_autoptr(GError) error = NULL;
  TideTimelineStack *stack = tide_timeline_stack_new (trace, 8, NULL, &error);
  const double windows[][3] = { { 0, 1760, 1200 }, { 0, 1760, 77 }, { -50, 2000, 640 }, { 1100, 1300, 900 },
                                { 1660, 1670, 1920 }, { 1665.25, 1665.75, 300 } };
  TideTimelineOptions options;
  guint checked = 0;

  g_assert_no_error (error);
  tide_timeline_options_init (&options);
  options.stacked = TRUE;

  /* without a stack, stacked means nothing yet */
  {
    g_autoptr(TideTimelineLayout) plain = layout_new (source, &options, 0, 1760, 300);

    g_assert_cmpuint (tide_timeline_layout_get_n_bands (plain), ==, 0);
    g_assert_nonnull (tide_timeline_layout_find_curve (plain, TIDE_SERIES_HEAP));
  }
  tide_timeline_source_set_stack (source, stack);
  g_assert_true (tide_timeline_source_get_stack (source) == stack);

  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    {
      g_autoptr(TideTimelineLayout) layout = layout_new (source, &options, windows[w][0], windows[w][1], windows[w][2]);
      const TideTimelineCurve *heap = tide_timeline_layout_find_curve (layout, TIDE_SERIES_HEAP);
      guint n_bands = tide_timeline_layout_get_n_bands (layout);
      const double *top = tide_timeline_layout_get_band_tops (layout, n_bands - 1);

      g_assert_cmpuint (n_bands, ==, 9);
      g_assert_cmpuint (tide_timeline_layout_get_band_frame (layout, n_bands - 1), ==, 0);
      for (guint c = 0; c < tide_timeline_layout_get_n_columns (layout); c++)
        {
          int s = tide_timeline_layout_get_column_sample (layout, c);
          double end = windows[w][0] + (windows[w][1] - windows[w][0]) * (c + 1) / windows[w][2];

          if (s < 0)
            {
              g_assert_true (isnan (top[c]));
              g_assert_true (isnan (heap->maxs[c]));
              continue;
            }
          /* the last sample at or before the column's end */
          g_assert_cmpfloat (tide_trace_get_sample_time (trace, s), <=, end + 1e-6);
          if ((guint) s + 1 < tide_trace_get_n_samples (trace))
            g_assert_cmpfloat (tide_trace_get_sample_time (trace, s + 1), >, end - 1e-6);
          g_assert_cmpfloat (top[c], ==, tide_trace_get_sample (trace, s).heap_bytes);
          g_assert_cmpfloat (top[c], ==, tide_timeline_source_get_value (source, TIDE_SERIES_HEAP, s));
          g_assert_cmpfloat (top[c], >=, heap->mins[c]);
          g_assert_cmpfloat (top[c], <=, heap->maxs[c]);
          for (guint b = 1; b < n_bands; b++)
            g_assert_cmpfloat (tide_timeline_layout_get_band_tops (layout, b)[c], >=,
                               tide_timeline_layout_get_band_tops (layout, b - 1)[c]);
          checked++;
        }
    }
  g_test_message ("%u columns add up", checked);
  g_assert_cmpuint (checked, >, 3000);
}

/* x <-> time round trips; values map onto their lane. */
static void
test_mapping (void)
{
  g_autoptr(TideTrace) trace = load_python ();
  g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace, NULL);
  const double windows[][2] = { { 0, 1760 }, { 1665.2, 1665.3 }, { -100, 100 }, { 1e6, 1e6 + 3 } };
  TideTimelineOptions options;

  tide_timeline_options_init (&options);
  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    {
      g_autoptr(TideTimelineLayout) layout = layout_new (source, &options, windows[w][0], windows[w][1], 1000);
      const TideTimelineLane *lane = tide_timeline_layout_get_lane (layout, 0);
      double t0, t1;

      tide_timeline_layout_get_window (layout, &t0, &t1);
      g_assert_cmpfloat (t0, ==, windows[w][0]);
      g_assert_cmpfloat (t1, ==, windows[w][1]);
      g_assert_cmpfloat_with_epsilon (tide_timeline_layout_x_for_time (layout, t0), 60, 1e-9);
      g_assert_cmpfloat_with_epsilon (tide_timeline_layout_x_for_time (layout, t1), 1060, 1e-9);
      for (double x = -20; x <= 1100; x += 0.37)
        {
          double t = tide_timeline_layout_time_for_x (layout, x);

          g_assert_cmpfloat_with_epsilon (tide_timeline_layout_x_for_time (layout, t), x, 1e-6);
        }
      for (double t = t0; t <= t1; t += (t1 - t0) / 777)
        g_assert_cmpfloat_with_epsilon (tide_timeline_layout_time_for_x (layout, tide_timeline_layout_x_for_time (layout, t)),
                                        t, 1e-9 * MAX (fabs (t), 1));
      g_assert_cmpfloat (tide_timeline_layout_y_for_value (layout, 0, FALSE, 0), ==, lane->y + lane->height);
      g_assert_cmpfloat (tide_timeline_layout_y_for_value (layout, 0, FALSE, lane->left.max), ==, lane->y);
    }
}

/* The hit test tells the time and what was in effect then. */
static void
test_hit (void)
{
  g_autoptr(TideTrace) trace = load_python ();
  g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace, NULL);
  g_autoptr(TideTimelineLayout) layout = NULL;
  TideTimelineOptions options;
  TideTimelineHit hit;
  guint n = tide_trace_get_n_samples (trace);

  tide_timeline_options_init (&options);
  tide_timeline_options_add (&options, TIDE_SERIES_ALLOCATION_RATE);
  layout = layout_new (source, &options, 0, 1760, 1000);

  for (guint i = 1; i + 1 < n; i += 7)
    {
      TideTimelineSample s = tide_trace_get_sample (trace, i);
      TideTimelineSample next = tide_trace_get_sample (trace, i + 1);
      double t = s.time_ms + 0.25;

      if (next.time_ms == s.time_ms)
        continue;
      g_assert_true (tide_timeline_layout_hit (layout, tide_timeline_layout_x_for_time (layout, t), 100, &hit));
      g_assert_cmpfloat_with_epsilon (hit.time_ms, t, 1e-9);
      /* the last sample at or before t */
      g_assert_cmpint (hit.sample, >=, (int) i);
      g_assert_cmpuint (tide_trace_get_sample_time (trace, hit.sample), ==, s.time_ms);
      g_assert_cmpfloat (hit.values[TIDE_SERIES_HEAP], ==, tide_trace_get_sample (trace, hit.sample).heap_bytes);
      /* a rate: over the interval that holds t */
      g_assert_cmpfloat (hit.values[TIDE_SERIES_ALLOCATION_RATE], ==,
                         tide_timeline_source_get_value (source, TIDE_SERIES_ALLOCATION_RATE, hit.sample + 1));
      g_assert_true (isnan (hit.values[TIDE_SERIES_RSS]));
      g_assert_cmpfloat (hit.maxs[TIDE_SERIES_HEAP], >=, hit.values[TIDE_SERIES_HEAP]);
      g_assert_cmpint (hit.band, ==, -1);
    }

  /* off the plot: no column; before the run: nothing in effect */
  g_assert_false (tide_timeline_layout_hit (layout, 30, 100, &hit));
  g_assert_cmpint (hit.column, ==, -1);
  g_assert_cmpint (hit.sample, ==, -1);
  g_assert_true (isnan (hit.values[TIDE_SERIES_HEAP]));
  g_assert_false (tide_timeline_layout_hit (layout, 500, 10, &hit));
  g_assert_cmpint (hit.column, ==, 440);
}

static void
test_stacked_hit (void)
{
  g_autoptr(TideTrace) trace = load_python ();
  g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace, NULL);
  g_autoptr(TideTimelineLayout) layout = NULL;
  TideTimelineOptions options;
  TideTimelineHit hit;
  const double *tops;
  double x, y;
  guint c;

  tide_timeline_source_set_stack (source, tide_timeline_stack_new (trace, 4, NULL, NULL));
  tide_timeline_options_init (&options);
  options.stacked = TRUE;
  layout = layout_new (source, &options, 0, 1760, 1000);
  x = tide_timeline_layout_x_for_time (layout, 1500);
  c = (guint) (x - 60);
  tops = tide_timeline_layout_get_band_tops (layout, 0);
  g_assert_cmpfloat (tops[c], >, 0);
  for (guint b = 0; b < tide_timeline_layout_get_n_bands (layout); b++)
    {
      const double *upper = tide_timeline_layout_get_band_tops (layout, b);
      double lower = b == 0 ? 0 : tide_timeline_layout_get_band_tops (layout, b - 1)[c];

      if (upper[c] - lower < 1000)
        continue;
      y = tide_timeline_layout_y_for_value (layout, 0, FALSE, (upper[c] + lower) / 2);
      g_assert_true (tide_timeline_layout_hit (layout, x, y, &hit));
      g_assert_cmpint (hit.band, ==, (int) b);
      g_assert_cmpfloat (hit.band_value, ==, upper[c] - lower);
    }
  /* above the stack: no band */
  tide_timeline_layout_hit (layout, x, 31, &hit);
  g_assert_cmpint (hit.band, ==, -1);
}

static void
test_window (void)
{
  double t0 = 0, t1 = 1000;

  /* zoom in around 250: it stays where it was on screen */
  tide_timeline_window_zoom (&t0, &t1, 250, 0.5, 1, 0, 1000);
  g_assert_cmpfloat (t0, ==, 125);
  g_assert_cmpfloat (t1, ==, 625);
  /* never narrower than the minimum, never out of the run */
  tide_timeline_window_zoom (&t0, &t1, 600, 1e-9, 2, 0, 1000);
  g_assert_cmpfloat_with_epsilon (t1 - t0, 2, 1e-9);
  tide_timeline_window_zoom (&t0, &t1, 600, 1e9, 2, 0, 1000);
  g_assert_cmpfloat (t0, ==, 0);
  g_assert_cmpfloat (t1, ==, 1000);
  t0 = 900, t1 = 1000;
  tide_timeline_window_zoom (&t0, &t1, 990, 4, 1, 0, 1000);
  g_assert_cmpfloat (t0, ==, 600);
  g_assert_cmpfloat (t1, ==, 1000);
  tide_timeline_window_pan (&t0, &t1, -1000, 0, 1000);
  g_assert_cmpfloat (t0, ==, 0);
  g_assert_cmpfloat (t1, ==, 400);
  tide_timeline_window_pan (&t0, &t1, 50, 0, 1000);
  g_assert_cmpfloat (t0, ==, 50);
  g_assert_cmpfloat (t1, ==, 450);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/timeline/peak", test_peak);
  g_test_add_func ("/charts/timeline/spike", test_spike);
  g_test_add_func ("/charts/timeline/value-ticks", test_value_ticks);
  g_test_add_func ("/charts/timeline/time-ticks", test_time_ticks);
  g_test_add_func ("/charts/timeline/time-ticks-units", test_time_ticks_units);
  g_test_add_func ("/charts/timeline/layout-massif", test_layout_massif);
  g_test_add_func ("/charts/timeline/no-time", test_no_time);
  g_test_add_func ("/charts/timeline/layout-axes", test_layout_axes);
  g_test_add_func ("/charts/timeline/lanes", test_lanes);
  g_test_add_func ("/charts/timeline/series-added", test_series_added);
  g_test_add_func ("/charts/timeline/stacked", test_stacked);
  g_test_add_func ("/charts/timeline/mapping", test_mapping);
  g_test_add_func ("/charts/timeline/hit", test_hit);
  g_test_add_func ("/charts/timeline/stacked-hit", test_stacked_hit);
  g_test_add_func ("/charts/timeline/window", test_window);

  return g_test_run ();
}
