/* test-timeline-pair.c: two traces' heaps on one plot, checked against the tools' own peaks
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "charts/tide-timeline-pair.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

/* ms_print's peak of massif.out.cxx_ms and heaptrack_print's of ht_cxx.zst:
 * one program, two profilers (tests/data/README.md) */
#define CXX_PEAK   952824
#define LEAKY_PEAK 1122325

typedef struct
{
  TideTrace          *traces[2];
  TideTimelineSource *sources[2]; /* borrowed by the pair */
  TideTimelinePair   *pair;
} Pair;

static void
pair_open (Pair       *p,
           const char *before,
           const char *after,
           double      t0,
           double      t1)
{
  TideTimelinePairSide sides[2];

  for (guint s = 0; s < 2; s++)
    {
      p->traces[s] = tide_chart_test_trace (s == 0 ? before : after);
      p->sources[s] = tide_timeline_source_new (p->traces[s], NULL);
      sides[s] = (TideTimelinePairSide) { p->sources[s], s == 0 ? before : after, NAN, NAN };
    }
  g_assert_true (tide_timeline_pair_can_compare (p->traces[0], p->traces[1]));
  p->pair = tide_timeline_pair_new (sides, FALSE, 1000, 500, t0, t1);
}

static void
pair_clear (Pair *p)
{
  g_clear_pointer (&p->pair, tide_timeline_pair_free);
  g_clear_pointer (&p->sources[0], tide_timeline_source_unref);
  g_clear_pointer (&p->sources[1], tide_timeline_source_unref);
  g_clear_object (&p->traces[0]);
  g_clear_object (&p->traces[1]);
}

static double
highest_drawn (TideTimelinePair *pair,
               guint             which)
{
  const double *maxs = tide_timeline_pair_get_maxs (pair, which);
  double highest = 0;

  for (guint c = 0; c < tide_timeline_pair_get_n_columns (pair); c++)
    if (!isnan (maxs[c]))
      highest = MAX (highest, maxs[c]);
  return highest;
}

/* One program under massif (--time-unit=ms) and under heaptrack: the same
 * peak, on one byte axis, each drawn from its own start. */
static void
test_two_profilers (void)
{
  Pair p = { 0 };
  double t[2];

  pair_open (&p, "massif.out.cxx_ms", "ht_cxx.zst", NAN, NAN);
  g_assert_cmpfloat (tide_timeline_pair_get_peak (p.pair, 0, &t[0]), ==, CXX_PEAK);
  g_assert_cmpfloat (tide_timeline_pair_get_peak (p.pair, 1, &t[1]), ==, CXX_PEAK);
  g_test_message ("peaks at %.0f and %.0f ms from the starts", t[0], t[1]);
  g_assert_cmpfloat (highest_drawn (p.pair, 0), ==, CXX_PEAK);
  g_assert_cmpfloat (highest_drawn (p.pair, 1), ==, CXX_PEAK);
  g_assert_cmpfloat (tide_timeline_pair_get_time_axis (p.pair)->min, ==, 0);
  g_assert_cmpfloat (tide_timeline_pair_get_time_axis (p.pair)->max, ==, tide_timeline_pair_get_span (p.pair));
  g_assert_cmpfloat (tide_timeline_pair_get_value_axis (p.pair)->max, >=, CXX_PEAK);
  /* the same bytes at the same height */
  g_assert_cmpfloat_with_epsilon (tide_timeline_pair_y_for_value (p.pair, 0) - tide_timeline_pair_y_for_value (p.pair, CXX_PEAK),
                                  CXX_PEAK / tide_timeline_pair_get_value_axis (p.pair)->max * 500 *
                                    (tide_timeline_pair_y_for_value (p.pair, 0) -
                                     tide_timeline_pair_y_for_value (p.pair, tide_timeline_pair_get_value_axis (p.pair)->max)) / 500,
                                  1e-6);
  pair_clear (&p);
}

/* What cannot share a time axis: a dump has no time, massif's default
 * counts instructions. */
static void
test_cannot_compare (void)
{
  g_autoptr(TideTrace) dump = tide_chart_test_trace ("tm_before.pickle");
  g_autoptr(TideTrace) instructions = tide_chart_test_trace ("massif.out.leaky");
  g_autoptr(TideTrace) ms = tide_chart_test_trace ("ht_leaky.zst");

  g_assert_false (tide_timeline_pair_can_compare (dump, ms));
  g_assert_false (tide_timeline_pair_can_compare (ms, dump));
  g_assert_false (tide_timeline_pair_can_compare (instructions, ms));
  g_assert_true (tide_timeline_pair_can_compare (instructions, instructions));
}

/* A window of time: the axis spans it, the peak inside is drawn whole, the
 * readout names both sides; the SVG has a titled line per side. */
static void
test_window_export (void)
{
  Pair p = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("tide-pair-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *readout = NULL;
  g_auto(TideSvgStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TideDrawList) list = NULL;
  double t;
  guint lines = 0;
  TideTimelineRect plot;

  pair_open (&p, "ht_leaky.zst", "ht_cxx.zst", 0, 50);
  g_assert_cmpfloat (tide_timeline_pair_get_time_axis (p.pair)->max, ==, 50);
  g_assert_cmpfloat (tide_timeline_pair_get_peak (p.pair, 0, &t), ==, LEAKY_PEAK);
  g_assert_cmpfloat (t, <=, 50);
  g_assert_cmpfloat (highest_drawn (p.pair, 0), ==, LEAKY_PEAK);
  /* ht_cxx's peak comes later than 50 ms: not in this window */
  g_assert_cmpfloat (highest_drawn (p.pair, 1), <, CXX_PEAK);

  tide_timeline_pair_get_plot (p.pair, &plot);
  readout = tide_timeline_pair_readout (p.pair, plot.x + 1);
  g_assert_nonnull (readout);
  g_test_message ("%s", readout);
  g_assert_nonnull (strstr (readout, "before: "));
  g_assert_nonnull (strstr (readout, "after: "));
  g_assert_null (tide_timeline_pair_readout (p.pair, plot.x - 5));

  list = tide_timeline_pair_paint (p.pair, NAN);
  path = tide_chart_test_export (list, TIDE_EXPORT_SVG, 1, dir, "pair.svg");
  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  g_assert_true (tide_chart_test_parse_svg (svg, &stats, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < stats.titles->len; i++)
    {
      const char *title = g_ptr_array_index (stats.titles, i);

      g_test_message ("title: %s", title);

      /* g_format_size() puts a no-break space before the unit */
      if ((g_str_has_prefix (title, "ht_leaky.zst — peak 1.1") && g_str_has_suffix (title, "MB"))
          || (g_str_has_prefix (title, "ht_cxx.zst — peak 952.8") && g_str_has_suffix (title, "kB")))
        lines++;
    }
  g_assert_cmpuint (lines, >=, 2);
  tide_chart_test_remove_dir (dir);
  pair_clear (&p);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/timeline-pair/two-profilers", test_two_profilers);
  g_test_add_func ("/charts/timeline-pair/cannot-compare", test_cannot_compare);
  g_test_add_func ("/charts/timeline-pair/window-export", test_window_export);
  return g_test_run ();
}
