/* test-timeline.c: timeline series and the heap split by top sites
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/analysis/tide-sites.h"
#include "core/analysis/tide-timeline-series.h"
#include "tide-test-util.h"

static TideTrace *
load_python (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(GError) error = NULL;
  TideTrace *trace = tide_test_load (path, &error);

  g_assert_no_error (error);
  return trace;
}

static double
series_max (TideMinMaxPyramid *p)
{
  double lo, hi;

  g_assert_true (tide_minmax_pyramid_range (p, 0, tide_minmax_pyramid_get_n (p), &lo, &hi));
  return hi;
}

static void
test_series (void)
{
  g_autoptr(TideTrace) trace = load_python ();
  const TideTotals *t = tide_trace_get_totals (trace);
  g_autoptr(TideMinMaxPyramid) heap = tide_timeline_series_new (trace, TIDE_SERIES_HEAP);
  g_autoptr(TideMinMaxPyramid) rss = tide_timeline_series_new (trace, TIDE_SERIES_RSS);
  g_autoptr(TideMinMaxPyramid) rate = tide_timeline_series_new (trace, TIDE_SERIES_ALLOCATION_RATE);
  g_autoptr(TideMinMaxPyramid) blocks = tide_timeline_series_new (trace, TIDE_SERIES_LIVE_ALLOCATIONS);
  guint n = tide_trace_get_n_samples (trace);
  double integral = 0, lo, hi;
  guint last = 0;

  g_assert_cmpfloat (series_max (heap), ==, t->cost.peak_bytes);
  g_assert_cmpfloat (series_max (rss), ==, t->peak_rss_bytes);
  g_assert_true (tide_minmax_pyramid_range (blocks, n - 1, n, &lo, &hi));
  g_assert_cmpfloat (hi, ==, t->cost.leaked_allocations);

  /* the rate, integrated over time, gives back every allocation but those
   * made before the first time stamp moved */
  for (guint i = 1; i < n; i++)
    {
      TideTimelineSample a = tide_trace_get_sample (trace, last);
      TideTimelineSample b = tide_trace_get_sample (trace, i);

      if (b.time_ms > a.time_ms)
        {
          g_assert_true (tide_minmax_pyramid_range (rate, i, i + 1, &lo, &hi));
          integral += hi * (b.time_ms - a.time_ms) / 1000.0;
          last = i;
        }
    }
  g_assert_cmpfloat (fabs (integral - (tide_trace_get_sample (trace, last).allocations
                                      - tide_trace_get_sample (trace, 0).allocations)), <, 1e-3);

  g_assert_true (tide_series_kind_is_bytes (TIDE_SERIES_HEAP));
  g_assert_false (tide_series_kind_is_bytes (TIDE_SERIES_ALLOCATION_RATE));
}

/* One pass for all series gives each series as built alone, sample by
 * sample and over every range of samples, and shares the times. */
static void
test_all_series_in_one_pass (void)
{
  g_autoptr(TideTrace) trace = load_python ();
  gboolean wanted[TIDE_N_SERIES] = { TRUE, TRUE, TRUE, TRUE, TRUE };
  TideMinMaxPyramid *all[TIDE_N_SERIES];
  guint n = tide_trace_get_n_samples (trace);

  /* more than two whole runs of the pyramids' lowest level (16 samples) */
  g_assert_cmpuint (n, >, 32);
  tide_timeline_series_new_all (trace, wanted, all);
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    {
      g_autoptr(TideMinMaxPyramid) alone = tide_timeline_series_new (trace, k);

      g_assert_nonnull (all[k]);
      g_assert_cmpuint (tide_minmax_pyramid_get_n (all[k]), ==, n);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpuint (tide_minmax_pyramid_get_time (all[k], i), ==, tide_trace_get_sample_time (trace, i));
          g_assert_cmpfloat (tide_minmax_pyramid_get_value (all[k], i), ==, tide_minmax_pyramid_get_value (alone, i));
          for (guint end = i + 1; end <= n; end++)
            {
              double lo, hi, alone_lo, alone_hi;

              g_assert_true (tide_minmax_pyramid_range (all[k], i, end, &lo, &hi));
              g_assert_true (tide_minmax_pyramid_range (alone, i, end, &alone_lo, &alone_hi));
              g_assert_cmpfloat (lo, ==, alone_lo);
              g_assert_cmpfloat (hi, ==, alone_hi);
            }
        }
    }
  /* the heap's extremes since the sample before, the sample's own value
   * included */
  for (guint i = 0; i < n; i++)
    {
      TideTimelineSample s = tide_trace_get_sample (trace, i);
      double lo, hi;

      g_assert_true (tide_minmax_pyramid_range (all[TIDE_SERIES_HEAP], i, i + 1, &lo, &hi));
      g_assert_cmpfloat (lo, ==, MIN (s.heap_min_bytes, s.heap_bytes));
      g_assert_cmpfloat (hi, ==, MAX (s.heap_max_bytes, s.heap_bytes));
    }
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    tide_minmax_pyramid_free (all[k]);

  /* what is not wanted, or not recorded, is not made; the heap always is */
  memset (wanted, 0, sizeof wanted);
  wanted[TIDE_SERIES_TEMPORARY_RATE] = TRUE;
  tide_timeline_series_new_all (trace, wanted, all);
  g_assert_nonnull (all[TIDE_SERIES_HEAP]);
  g_assert_nonnull (all[TIDE_SERIES_TEMPORARY_RATE]);
  g_assert_null (all[TIDE_SERIES_RSS]);
  g_assert_null (all[TIDE_SERIES_LIVE_ALLOCATIONS]);
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    g_clear_pointer (&all[k], tide_minmax_pyramid_free);
}

static void
test_no_rss (void)
{
  const char *text = "v 10400 3\nX ./p\na 10 0\n+ 0\nc 5\n\n# strings: 0\n# ips: 0\n";
  g_autoptr(TideTrace) trace = tide_test_load_bytes (text, strlen (text), NULL);
  gboolean wanted[TIDE_N_SERIES] = { TRUE, TRUE, TRUE, TRUE, TRUE };
  TideMinMaxPyramid *all[TIDE_N_SERIES];

  g_assert_nonnull (trace);
  g_assert_null (tide_timeline_series_new (trace, TIDE_SERIES_RSS));
  tide_timeline_series_new_all (trace, wanted, all);
  g_assert_null (all[TIDE_SERIES_RSS]);
  g_assert_nonnull (all[TIDE_SERIES_ALLOCATION_RATE]);
  for (TideSeriesKind k = 0; k < TIDE_N_SERIES; k++)
    g_clear_pointer (&all[k], tide_minmax_pyramid_free);
}

static void
test_stack (void)
{
  g_autoptr(TideTrace) trace = load_python ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTimelineStack) stack = tide_timeline_stack_new (trace, 8, NULL, &error);
  g_autoptr(GArray) top = tide_sites_top (trace, TIDE_METRIC_LEAKED, 1000);
  guint n = tide_trace_get_n_samples (trace);
  guint bands;

  g_assert_no_error (error);
  bands = tide_timeline_stack_get_n_bands (stack);
  g_assert_cmpuint (bands, ==, 9);
  g_assert_cmpuint (tide_timeline_stack_get_frame (stack, bands - 1), ==, 0);

  /* the bands add up to the heap at every sample */
  for (guint s = 0; s < n; s++)
    {
      double sum = 0;

      for (guint b = 0; b < bands; b++)
        {
          g_assert_cmpfloat (tide_timeline_stack_get_value (stack, b, s), >=, 0);
          sum += tide_timeline_stack_get_value (stack, b, s);
        }
      g_assert_cmpfloat (sum, ==, tide_trace_get_sample (trace, s).heap_bytes);
    }

  /* at the end, each site's band is what it leaked */
  for (guint b = 0; b + 1 < bands; b++)
    {
      guint32 frame = tide_timeline_stack_get_frame (stack, b);
      guint64 leaked = 0;

      for (guint i = 0; i < top->len; i++)
        if (g_array_index (top, TideSite, i).frame == frame)
          leaked = g_array_index (top, TideSite, i).cost.leaked_bytes;
      g_assert_cmpfloat (tide_timeline_stack_get_value (stack, b, n - 1), ==, leaked);
    }
}

/* A site holding more than 4 GiB (the bands were kept in 32 bits until
 * a value did not fit): every sample's bands are its live bytes exactly,
 * and add up to the heap. Blocks of 3 GiB: 3, 6, 9, then back down to
 * 3 GiB. */
static void
test_stack_past_4_gib (void)
{
  const char *text =
    "v 10400 3\nX ./p\n"
    "a c0000000 0\n"
    "+ 0\nc 1\n+ 0\nc 2\n+ 0\nc 3\n- 0\nc 4\n- 0\nc 5\n"
    "\n# strings: 0\n# ips: 0\n";
  const guint64 gib3 = G_GUINT64_CONSTANT (3) << 30;
  const guint64 want[] = { gib3, 2 * gib3, 3 * gib3, 2 * gib3, gib3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load_bytes (text, strlen (text), &error);
  g_autoptr(TideTimelineStack) stack = NULL;
  guint n, seen = 0;

  g_assert_no_error (error);
  stack = tide_timeline_stack_new (trace, 4, NULL, &error);
  g_assert_no_error (error);
  n = tide_trace_get_n_samples (trace);
  g_assert_cmpuint (n, >=, G_N_ELEMENTS (want));
  for (guint s = 0; s < n; s++)
    {
      TideTimelineSample sample = tide_trace_get_sample (trace, s);
      double sum = 0;

      for (guint b = 0; b < tide_timeline_stack_get_n_bands (stack); b++)
        sum += tide_timeline_stack_get_value (stack, b, s);
      g_assert_cmpfloat (sum, ==, (double) sample.heap_bytes);
      /* the samples at the stamps, in order */
      if (seen < G_N_ELEMENTS (want) && sample.heap_bytes == want[seen])
        seen++;
    }
  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (want));
}

/* Thousands of samples, over many of the stack's packed runs: 64 sizes
 * allocated and freed at random, all from main(), a time stamp every 7
 * events. main()'s band is the heap at every sample, exactly, and "other"
 * is empty; packed, the stack holds less than half of what 32 bits a
 * value took. */
static void
test_stack_many_runs (void)
{
  g_autoptr(GString) text = g_string_new ("v 10400 3\nX ./p\nI 1000 1\ns 4 main\ni 1000 1 1\nt 1 0\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = NULL;
  g_autoptr(TideTimelineStack) stack = NULL;
  guint live[64] = { 0 };
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (live); i++)
    g_string_append_printf (text, "a %x 1\n", 16 + 24 * i);
  for (guint k = 0; k < 20000; k++)
    {
      guint id = g_rand_int_range (rand, 0, G_N_ELEMENTS (live));

      if (live[id] > 0 && g_rand_int_range (rand, 0, 5) < 2)
        g_string_append_printf (text, "- %x\n", id), live[id]--;
      else
        g_string_append_printf (text, "+ %x\n", id), live[id]++;
      if (k % 7 == 6)
        g_string_append_printf (text, "c %x\n", k / 7 + 1);
    }
  g_string_append (text, "# strings: 1\n# ips: 1\n");
  trace = tide_test_load_bytes (text->str, text->len, &error);
  g_assert_no_error (error);
  stack = tide_timeline_stack_new (trace, 4, NULL, &error);
  g_assert_no_error (error);

  n = tide_trace_get_n_samples (trace);
  g_assert_cmpuint (n, >, 2800);
  g_assert_cmpuint (tide_timeline_stack_get_n_bands (stack), ==, 2);
  for (guint s = 0; s < n; s++)
    {
      g_assert_cmpfloat (tide_timeline_stack_get_value (stack, 0, s), ==,
                         (double) tide_trace_get_sample (trace, s).heap_bytes);
      g_assert_cmpfloat (tide_timeline_stack_get_value (stack, 1, s), ==, 0);
    }
  g_assert_cmpuint (tide_timeline_stack_get_size (stack), <, (gsize) n * 2 * sizeof (guint32) / 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/timeline/series", test_series);
  g_test_add_func ("/core/timeline/all-series-in-one-pass", test_all_series_in_one_pass);
  g_test_add_func ("/core/timeline/no-rss", test_no_rss);
  g_test_add_func ("/core/timeline/stack", test_stack);
  g_test_add_func ("/core/timeline/stack-past-4-gib", test_stack_past_4_gib);
  g_test_add_func ("/core/timeline/stack-many-runs", test_stack_many_runs);

  return g_test_run ();
}
