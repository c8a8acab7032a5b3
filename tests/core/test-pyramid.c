/* test-pyramid.c: min/max summaries never lose an extreme, at any zoom
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "core/analysis/tide-minmax-pyramid.h"
#include "tide-test-util.h"

/* The pyramid's extremes over [@a, @b) are those of @lows and @highs
 * there, worked out one by one. */
static void
assert_range (TideMinMaxPyramid *p,
              gsize              a,
              gsize              b,
              const double      *lows,
              const double      *highs)
{
  double lo = INFINITY, hi = -INFINITY, got_lo, got_hi;

  for (gsize i = a; i < b; i++)
    {
      lo = MIN (lo, lows[i]);
      hi = MAX (hi, highs[i]);
    }
  g_assert_true (tide_minmax_pyramid_range (p, a, b, &got_lo, &got_hi));
  g_assert_cmpfloat (got_lo, ==, lo);
  g_assert_cmpfloat (got_hi, ==, hi);
}

static void
assert_random_ranges (TideMinMaxPyramid *p,
                      GRand             *rand,
                      gsize              n,
                      const double      *lows,
                      const double      *highs)
{
  for (guint trial = 0; trial < 3000; trial++)
    {
      gsize a = g_rand_int_range (rand, 0, n);
      gsize b = a + g_rand_int_range (rand, 1, n - a + 1);

      assert_range (p, a, b, lows, highs);
    }
}

static void
test_ranges_match_brute_force (void)
{
  static const gsize runs[] = { 63, 64, 65, 127, 128, 129, 255, 256, 257 };
  const gsize n = 5000;
  g_autofree guint64 *times = g_new (guint64, n);
  g_autofree double *values = g_new (double, n);
  g_autofree double *mins = g_new (double, n);
  g_autofree double *maxs = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(TideMinMaxPyramid) p = NULL;
  g_autoptr(TideMinMaxPyramid) plain = NULL;
  g_autoptr(TideMinMaxPyramid) taken = NULL;
  g_autoptr(TideMinMaxPyramid) taken_plain = NULL;
  TideMinMax *extremes = g_new (TideMinMax, n);

  for (gsize i = 0; i < n; i++)
    {
      times[i] = i * 3 + g_rand_int_range (rand, 0, 3);
      values[i] = g_rand_double_range (rand, 0, 1000);
      mins[i] = values[i] - g_rand_double_range (rand, 0, 50);
      maxs[i] = values[i] + g_rand_double_range (rand, 0, 50);
    }
  p = tide_minmax_pyramid_new (times, values, mins, maxs, n);
  for (gsize i = 0; i < n; i += 37)
    g_assert_cmpfloat (tide_minmax_pyramid_get_value (p, i), ==, values[i]);
  assert_random_ranges (p, rand, n, mins, maxs);
  g_assert_false (tide_minmax_pyramid_range (p, 10, 10, NULL, NULL));

  /* of the values alone (no extremes of their own) */
  plain = tide_minmax_pyramid_new (times, values, NULL, NULL, n);
  assert_random_ranges (plain, rand, n, values, values);

  /* the same, taking the arrays instead of copying them */
  for (gsize i = 0; i < n; i++)
    extremes[i] = (TideMinMax) { mins[i], maxs[i] };
  taken = tide_minmax_pyramid_take (g_memdup2 (times, n * sizeof (guint64)), g_memdup2 (values, n * sizeof (double)),
                                    extremes, n);
  assert_random_ranges (taken, rand, n, mins, maxs);
  taken_plain = tide_minmax_pyramid_take_at_times_of (taken, g_memdup2 (values, n * sizeof (double)), NULL);
  g_assert_cmpuint (tide_minmax_pyramid_get_time (taken_plain, n - 1), ==, times[n - 1]);
  g_assert_cmpfloat (tide_minmax_pyramid_get_value (taken_plain, 17), ==, values[17]);
  assert_random_ranges (taken_plain, rand, n, values, values);

  /* every range of every small size, odd and even, and of sizes about
   * whole runs of the lowest kept level (16 samples) and their doubles:
   * the pyramid's top levels, the samples read one by one at a range's
   * ends, and the levels between; with extremes between samples, and of
   * the values alone at the first one's times */
  for (guint s = 0; s < 40 + G_N_ELEMENTS (runs); s++)
    {
      gsize m = s < 40 ? s + 1 : runs[s - 40];
      g_autoptr(TideMinMaxPyramid) small = tide_minmax_pyramid_new (times, values, mins, maxs, m);
      g_autoptr(TideMinMaxPyramid) small_plain = tide_minmax_pyramid_take_at_times_of (small, g_memdup2 (values, m * sizeof (double)), NULL);

      g_assert_cmpuint (tide_minmax_pyramid_get_n (small_plain), ==, m);
      g_assert_cmpuint (tide_minmax_pyramid_get_time (small_plain, m - 1), ==, times[m - 1]);
      for (gsize a = 0; a < m; a++)
        for (gsize b = a + 1; b <= m; b++)
          {
            assert_range (small, a, b, mins, maxs);
            assert_range (small_plain, a, b, values, values);
          }
    }
}

/* A series read through a reader from arrays it does not copy. */
typedef struct
{
  const guint64 *times;
  const double  *values;
  const double  *mins;
  const double  *maxs;
  guint          reads; /* samples read */
} Arrays;

static guint64
arrays_time (gpointer data,
             gsize    i)
{
  return ((Arrays *) data)->times[i];
}

static void
arrays_values (gpointer  data,
               gsize     first,
               gsize     n,
               double   *values)
{
  Arrays *a = data;

  g_assert_cmpuint (n, <=, 64);
  a->reads += n;
  memcpy (values, a->values + first, n * sizeof (double));
}

static void
arrays_fold (gpointer  data,
             gsize     first,
             gsize     n,
             double   *lo,
             double   *hi)
{
  Arrays *a = data;

  a->reads += n;
  for (gsize i = 0; i < n; i++)
    *lo = MIN (*lo, a->mins[first + i]), *hi = MAX (*hi, a->maxs[first + i]);
}

/* Runs of 2^4 samples, kept nowhere: folded from the arrays (not counted
 * as reads: a reader's runs are what it keeps already). */
static void
arrays_runs (gpointer    data,
             gsize       first,
             gsize       n,
             TideMinMax *out)
{
  Arrays *a = data;

  for (gsize r = 0; r < n; r++)
    {
      out[r] = (TideMinMax) { INFINITY, -INFINITY };
      for (gsize i = (first + r) << 4; i < (first + r + 1) << 4; i++)
        out[r].min = MIN (out[r].min, a->mins[i]), out[r].max = MAX (out[r].max, a->maxs[i]);
    }
}

static const TideMinMaxReader arrays_reader = { arrays_time, arrays_values, arrays_fold };
static const TideMinMaxReader arrays_runs_reader = { arrays_time, arrays_values, arrays_fold, arrays_runs, 4 };

/* A pyramid that reads its samples answers as one that holds them: every
 * range of small pyramids and of sizes about whole runs, values, times,
 * searches and columns, and the series taken at its times. A range reads
 * a few samples at its ends, never all of them. So does one whose reader
 * keeps the extremes of runs of samples, its lowest level. */
static void
test_reading (void)
{
  static const gsize sizes[] = { 1, 2, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 255, 257, 5000 };
  const gsize n = 5000;
  g_autofree guint64 *times = g_new (guint64, n);
  g_autofree double *values = g_new (double, n);
  g_autofree double *mins = g_new (double, n);
  g_autofree double *maxs = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  for (gsize i = 0; i < n; i++)
    {
      times[i] = i * 3 + g_rand_int_range (rand, 0, 3);
      values[i] = g_rand_double_range (rand, 0, 1000);
      mins[i] = values[i] - g_rand_double_range (rand, 0, 50);
      maxs[i] = values[i] + g_rand_double_range (rand, 0, 50);
    }
  for (guint s = 0; s < 2 * G_N_ELEMENTS (sizes); s++)
    {
      gsize m = sizes[s % G_N_ELEMENTS (sizes)];
      gboolean with_runs = s >= G_N_ELEMENTS (sizes);
      Arrays *arrays = g_new0 (Arrays, 1);
      g_autoptr(TideMinMaxPyramid) held = tide_minmax_pyramid_new (times, values, mins, maxs, m);
      g_autoptr(TideMinMaxPyramid) read = NULL;
      g_autoptr(TideMinMaxPyramid) taken = NULL;
      double held_mins[97], held_maxs[97], read_mins[97], read_maxs[97];

      *arrays = (Arrays) { times, values, mins, maxs, 0 };
      /* the times read through the reader, or held (every other size) */
      read = tide_minmax_pyramid_new_reading (with_runs ? &arrays_runs_reader : &arrays_reader, arrays, g_free,
                                              s % 2 ? g_memdup2 (times, m * sizeof (guint64)) : NULL, m);
      g_assert_cmpuint (tide_minmax_pyramid_get_n (read), ==, m);
      for (gsize i = 0; i < m; i++)
        {
          g_assert_cmpuint (tide_minmax_pyramid_get_time (read, i), ==, times[i]);
          g_assert_cmpfloat (tide_minmax_pyramid_get_value (read, i), ==, values[i]);
        }
      if (m <= 257)
        for (gsize a = 0; a < m; a++)
          for (gsize b = a + 1; b <= m; b++)
            assert_range (read, a, b, mins, maxs);
      else
        {
          arrays->reads = 0;
          assert_random_ranges (read, rand, m, mins, maxs);
          /* 3000 ranges, at most 2 x 31 samples read at the ends of each
           * (a series read where it is kept keeps its levels from 5 up),
           * 2 x 15 with runs of 16 */
          g_assert_cmpuint (arrays->reads, <=, 3000 * (with_runs ? 30 : 62));
        }
      for (guint64 t = 0; t <= times[m - 1] + 2; t += 1 + t / 50)
        g_assert_cmpuint (tide_minmax_pyramid_lower_bound (read, t), ==, tide_minmax_pyramid_lower_bound (held, t));
      tide_minmax_pyramid_columns (held, 0, times[m - 1], G_N_ELEMENTS (held_mins), held_mins, held_maxs);
      tide_minmax_pyramid_columns (read, 0, times[m - 1], G_N_ELEMENTS (read_mins), read_mins, read_maxs);
      g_assert_cmpmem (read_mins, sizeof read_mins, held_mins, sizeof held_mins);
      g_assert_cmpmem (read_maxs, sizeof read_maxs, held_maxs, sizeof held_maxs);

      /* a series at its times outlives it: the times are shared */
      taken = tide_minmax_pyramid_take_at_times_of (read, g_memdup2 (values, m * sizeof (double)), NULL);
      g_clear_pointer (&read, tide_minmax_pyramid_free);
      g_assert_cmpuint (tide_minmax_pyramid_get_time (taken, m - 1), ==, times[m - 1]);
      for (gsize a = 0; a < MIN (m, 40); a++)
        assert_range (taken, a, m, values, values);
    }
}

/* A search from a hint gives the answer of a search over all samples,
 * for every hint at or before the answer: times with repeats and gaps,
 * ts before, between, on and after them. Times read through a reader,
 * searched through their marks, give the same answers: with runs of one
 * time longer than the marks' spacing, across them and ending on them. */
static void
test_lower_bound_from (void)
{
  const gsize n = 3000;
  g_autofree guint64 *times = g_new (guint64, n);
  g_autofree double *values = g_new0 (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(TideMinMaxPyramid) p = NULL;
  g_autoptr(TideMinMaxPyramid) read = NULL;
  Arrays *arrays = g_new0 (Arrays, 1);
  guint64 t_max;

  for (gsize i = 0; i < n; i++)
    times[i] = 10 + (i / 3) * 5 + (i % 3 == 2 ? g_rand_int_range (rand, 0, 5) : 0);
  for (gsize i = 1000; i < 1200; i++)
    times[i] = times[1000];
  for (gsize i = 1900; i < 2048; i++)
    times[i] = times[1900];
  for (gsize i = 1; i < n; i++)
    times[i] = MAX (times[i], times[i - 1]);
  t_max = times[n - 1] + 3;
  p = tide_minmax_pyramid_new (times, values, NULL, NULL, n);
  *arrays = (Arrays) { times, values, values, values, 0 };
  read = tide_minmax_pyramid_new_reading (&arrays_reader, arrays, g_free, NULL, n);

  for (guint64 t = 0; t <= t_max; t++)
    {
      gsize want = tide_minmax_pyramid_lower_bound (p, t);
      gsize from = 0;

      g_assert_cmpuint (tide_minmax_pyramid_lower_bound (read, t), ==, want);
      for (guint k = 0; from <= want; k++, from += 1 + k * k)
        g_assert_cmpuint (tide_minmax_pyramid_lower_bound_from (read, t, from), ==, want);
      from = 0;

      /* the plain search, against the times themselves */
      g_assert_cmpuint (want, <=, n);
      g_assert_true (want == n || times[want] >= t);
      g_assert_true (want == 0 || times[want - 1] < t);
      /* every hint from 0 to the answer, in growing steps */
      for (guint k = 0; from <= want; k++, from += 1 + k * k)
        g_assert_cmpuint (tide_minmax_pyramid_lower_bound_from (p, t, from), ==, want);
      g_assert_cmpuint (tide_minmax_pyramid_lower_bound_from (p, t, want), ==, want);
    }
  /* a hint past the samples: there is nothing after them */
  g_assert_cmpuint (tide_minmax_pyramid_lower_bound_from (p, t_max, n + 5), ==, n);
  g_assert_cmpuint (tide_minmax_pyramid_lower_bound_from (read, t_max, n + 5), ==, n);
}

/* Times come back exact however they are kept: from a late start, over
 * more than 2^32 ms, or out of order (a hostile file), copied or taken. */
static void
test_times_kept (void)
{
  const gsize n = 1000;
  g_autofree double *values = g_new0 (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint kind = 0; kind < 3; kind++)
    {
      g_autofree guint64 *times = g_new (guint64, n);
      g_autoptr(TideMinMaxPyramid) copied = NULL;
      g_autoptr(TideMinMaxPyramid) taken = NULL;

      for (gsize i = 0; i < n; i++)
        switch (kind)
          {
          case 0: /* a late start: offsets from it */
            times[i] = (G_GUINT64_CONSTANT (1) << 40) + i * 10;
            break;
          case 1: /* one more than 32 bits can span */
            times[i] = 5 + (i == n - 1 ? (guint64) G_MAXUINT32 + 1 : i);
            break;
          default: /* any order, the earliest in the middle, up to the widest offset */
            times[i] = 1000 + g_rand_int (rand) % G_MAXUINT32;
            break;
          }
      if (kind == 2)
        times[n / 2] = 999, times[n / 3] = 999 + (guint64) G_MAXUINT32;
      copied = tide_minmax_pyramid_new (times, values, NULL, NULL, n);
      taken = tide_minmax_pyramid_take (g_memdup2 (times, n * sizeof (guint64)),
                                        g_memdup2 (values, n * sizeof (double)), NULL, n);
      for (gsize i = 0; i < n; i++)
        {
          g_assert_cmpuint (tide_minmax_pyramid_get_time (copied, i), ==, times[i]);
          g_assert_cmpuint (tide_minmax_pyramid_get_time (taken, i), ==, times[i]);
        }
      if (kind == 2)
        continue;
      /* in order: searches find each time */
      for (gsize i = 0; i < n; i += 7)
        {
          g_assert_cmpuint (tide_minmax_pyramid_lower_bound (copied, times[i]), ==, i);
          g_assert_cmpuint (tide_minmax_pyramid_lower_bound (taken, times[i] + 1), ==, i + 1);
        }
    }
}

/* One sample out of a million holds a spike: every column layout of every
 * window that contains it shows it. */
static void
test_single_spike (void)
{
  const gsize n = 1000000;
  const gsize spike_at = 777777;
  g_autofree guint64 *times = g_new (guint64, n);
  g_autofree double *values = g_new (double, n);
  g_autoptr(TideMinMaxPyramid) p = NULL;
  const guint widths[] = { 1, 2, 3, 100, 640, 1920, 4000 };

  for (gsize i = 0; i < n; i++)
    {
      times[i] = i * 10;
      values[i] = 100;
    }
  values[spike_at] = 1e9;
  p = tide_minmax_pyramid_new (times, values, NULL, NULL, n);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (guint zoom = 0; zoom < 20; zoom++)
      {
        guint64 half = ((guint64) n * 10) >> zoom;
        guint64 t0 = spike_at * 10 > half / 2 ? spike_at * 10 - half / 2 : 0;
        guint64 t1 = t0 + half;
        g_autofree double *mins = g_new (double, widths[w]);
        g_autofree double *maxs = g_new (double, widths[w]);
        double top = 0;
        guint hits = 0;

        tide_minmax_pyramid_columns (p, t0, t1, widths[w], mins, maxs);
        for (guint c = 0; c < widths[w]; c++)
          {
            top = MAX (top, maxs[c]);
            hits += maxs[c] == 1e9;
          }
        g_assert_cmpfloat (top, ==, 1e9);
        g_assert_cmpuint (hits, >=, 1);
      }
}

/* On a real trace, the full view's highest column is the summary's peak. */
static void
test_real_peak (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  guint n = tide_trace_get_n_samples (trace);
  g_autofree guint64 *times = g_new (guint64, n);
  g_autofree double *values = g_new (double, n);
  g_autofree double *mins = g_new (double, n);
  g_autofree double *maxs = g_new (double, n);
  g_autoptr(TideMinMaxPyramid) p = NULL;
  double cols_min[300], cols_max[300], top = 0;

  for (guint i = 0; i < n; i++)
    {
      TideTimelineSample s = tide_trace_get_sample (trace, i);

      times[i] = s.time_ms;
      values[i] = s.heap_bytes;
      mins[i] = s.heap_min_bytes;
      maxs[i] = s.heap_max_bytes;
    }
  p = tide_minmax_pyramid_new (times, values, mins, maxs, n);
  tide_minmax_pyramid_columns (p, 0, tide_trace_get_totals (trace)->duration_ms, 300, cols_min, cols_max);
  for (guint c = 0; c < 300; c++)
    if (!isnan (cols_max[c]))
      top = MAX (top, cols_max[c]);
  g_assert_cmpfloat (top, ==, 10641272);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/pyramid/ranges", test_ranges_match_brute_force);
  g_test_add_func ("/core/pyramid/reading", test_reading);
  g_test_add_func ("/core/pyramid/lower-bound-from", test_lower_bound_from);
  g_test_add_func ("/core/pyramid/times-kept", test_times_kept);
  g_test_add_func ("/core/pyramid/single-spike", test_single_spike);
  g_test_add_func ("/core/pyramid/real-peak", test_real_peak);

  return g_test_run ();
}
