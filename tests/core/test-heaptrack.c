/* test-heaptrack.c: the heaptrack reader gives heaptrack_print's numbers
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "core/analysis/tide-sites.h"
#include "core/tide-format.h"
#include "tide-test-util.h"

typedef struct
{
  const char *file;
  guint64     allocations;
  guint64     temporary;
  guint64     peak;
  guint64     leaked;
} Expected;

/* heaptrack_print's figures for the committed recordings (tests/data/README.md) */
static const Expected samples[] = {
  { "ht_leaky.zst", 913, 502, 1122325, 5141 },
  { "ht_leaky.gz", 913, 502, 1122325, 5141 },
  { "ht_leaky.txt", 913, 502, 1122325, 5141 },
  { "ht_cxx.zst", 10313, 1, 952824, 8024 },
  { "ht_python.zst", 354997, 39366, 10641272, 67485 },
};

static void
assert_totals (TideTrace      *trace,
               const Expected *e)
{
  const TideTotals *t = tide_trace_get_totals (trace);

  g_assert_cmpuint (t->cost.allocations, ==, e->allocations);
  g_assert_cmpuint (t->cost.temporary, ==, e->temporary);
  g_assert_cmpuint (t->cost.peak_bytes, ==, e->peak);
  g_assert_cmpuint (t->cost.leaked_bytes, ==, e->leaked);
}

/* Per-node costs must add up to the whole-trace totals. */
static void
assert_costs_consistent (TideTrace *trace)
{
  const TideTotals *t = tide_trace_get_totals (trace);
  TideCost sum = { 0 };

  for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
    {
      const TideCost *c = tide_trace_get_node_cost (trace, i);

      sum.allocations += c->allocations;
      sum.temporary += c->temporary;
      sum.allocated_bytes += c->allocated_bytes;
      sum.peak_bytes += c->peak_bytes;
      sum.leaked_bytes += c->leaked_bytes;
      sum.leaked_allocations += c->leaked_allocations;
    }
  g_assert_cmpmem (&sum, sizeof sum, &t->cost, sizeof t->cost);
}

static void
test_samples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = tide_test_data_path (samples[i].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(TideTrace) trace = tide_test_load (path, &error);

      g_test_message ("%s", samples[i].file);
      g_assert_no_error (error);
      assert_totals (trace, &samples[i]);
      assert_costs_consistent (trace);
    }
}

static void
test_leaky_details (void)
{
  g_autofree char *path = tide_test_data_path ("ht_leaky.zst");
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (path, &error);
  const TideTotals *t;
  g_autoptr(GArray) leaks = NULL;
  g_autoptr(GArray) peak = NULL;
  g_autoptr(GArray) temporary = NULL;
  g_autofree char *leak_function = NULL;
  g_autofree char *leak_location = NULL;
  g_autofree char *peak_location = NULL;
  g_autofree char *temp_function = NULL;
  guint64 events;

  g_assert_no_error (error);
  t = tide_trace_get_totals (trace);

  g_assert_cmpstr (tide_trace_get_command (trace), ==, "./leaky");
  g_assert_cmpuint (tide_trace_get_format_version (trace), ==, 3);
  /* one "c 8" record: heaptrack_print says 0.01 s, i.e. 8 + 1 ms */
  g_assert_cmpuint (t->duration_ms, ==, 9);
  g_assert_cmpuint (t->peak_time_ms, ==, 0);
  /* "R 3ef" with 4 KiB pages */
  g_assert_cmpuint (t->peak_rss_bytes, ==, 0x3ef * 4096);
  g_assert_cmpuint (t->cost.leaked_allocations, ==, 11);
  /* 10 x (100..109) + 500 x 64 + sum of realloc steps + 200 x 1000 + 1 MiB + stdio + emergency pool */
  g_assert_cmpuint (t->cost.allocated_bytes, >, 1048576 + 200 * 1000 + 500 * 64 + 1045);

  /* 913 allocations and 902 frees, all stored for replay */
  events = tide_trace_get_n_events (trace);
  g_assert_cmpuint (events, ==, 913 + 902);

  /* the 1,045 leaked bytes of leak_some: make_buf inlined at leaky.c:4 */
  leaks = tide_sites_top (trace, TIDE_METRIC_LEAKED, 10);
  g_assert_cmpuint (leaks->len, ==, 2);
  g_assert_cmpuint (g_array_index (leaks, TideSite, 0).cost.leaked_bytes, ==, 4096);
  g_assert_cmpuint (g_array_index (leaks, TideSite, 1).cost.leaked_bytes, ==, 1045);
  g_assert_cmpuint (g_array_index (leaks, TideSite, 1).cost.leaked_allocations, ==, 10);
  leak_function = tide_format_function (trace, g_array_index (leaks, TideSite, 1).frame);
  leak_location = tide_format_location (trace, g_array_index (leaks, TideSite, 1).frame);
  g_assert_cmpstr (leak_function, ==, "make_buf");
  g_assert_cmpstr (leak_location, ==, "./leaky.c:4");

  /* at the peak, the 1 MiB calloc in main (leaky.c:14) is the top site */
  peak = tide_sites_top (trace, TIDE_METRIC_PEAK, 10);
  g_assert_cmpuint (g_array_index (peak, TideSite, 0).cost.peak_bytes, ==, 1048576);
  peak_location = tide_format_location (trace, g_array_index (peak, TideSite, 0).frame);
  g_assert_cmpstr (peak_location, ==, "./leaky.c:14");

  /* 500 temporaries in temp_work, one from the realloc loop in main */
  temporary = tide_sites_top (trace, TIDE_METRIC_TEMPORARY, 10);
  g_assert_cmpuint (g_array_index (temporary, TideSite, 0).cost.temporary, ==, 500);
  temp_function = tide_format_function (trace, g_array_index (temporary, TideSite, 0).frame);
  g_assert_cmpstr (temp_function, ==, "temp_work");
}

static void
test_timeline (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  const TideTotals *t = tide_trace_get_totals (trace);
  guint n = tide_trace_get_n_samples (trace);
  TideTimelineSample last = tide_trace_get_sample (trace, n - 1);
  guint64 max_seen = 0, prev_time = 0, prev_events = 0;

  g_assert_cmpuint (n, >, 10);
  for (guint i = 0; i < n; i++)
    {
      TideTimelineSample s = tide_trace_get_sample (trace, i);

      g_assert_cmpuint (s.time_ms, >=, prev_time);
      g_assert_cmpuint (s.event_index, >=, prev_events);
      g_assert_cmpuint (s.heap_min_bytes, <=, s.heap_bytes);
      g_assert_cmpuint (s.heap_bytes, <=, s.heap_max_bytes);
      max_seen = MAX (max_seen, s.heap_max_bytes);
      prev_time = s.time_ms;
      prev_events = s.event_index;
    }
  /* the interval maxima never lose the peak */
  g_assert_cmpuint (max_seen, ==, t->cost.peak_bytes);
  g_assert_cmpuint (last.heap_bytes, ==, t->cost.leaked_bytes);
  g_assert_cmpuint (last.allocations, ==, t->cost.allocations);
  g_assert_cmpuint (last.event_index, ==, tide_trace_get_n_events (trace));
  g_assert_cmpuint (t->peak_rss_bytes, ==, 26263552);
}

/* Replaying the stored events up to the peak gives the peak again, and the
 * per-site peaks found in one pass equal those of a replay. */
static void
test_replay_peak (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  const TideTotals *t = tide_trace_get_totals (trace);
  guint64 n = tide_trace_get_n_events (trace);
  g_autofree guint32 *events = g_new (guint32, n);
  guint64 live = 0, max = 0, at_peak = 0;

  /* in odd pieces, to cross the blocks at odd places (the last one may
   * be read raw, as the background compressing may not be done with it);
   * then their size once compressed */
  for (guint64 at = 0; at < n;)
    at += tide_trace_copy_events (trace, at, events + at, 300007);
  tide_trace_wait_events_compressed (trace);
  g_assert_cmpuint (tide_trace_get_events_size (trace), <, n * sizeof (guint32) / 4);

  for (guint64 i = 0; i < n; i++)
    {
      guint32 ev = events[i];
      guint64 size = tide_trace_get_info (trace, TIDE_EVENT_INFO (ev))->size;

      live = TIDE_EVENT_IS_FREE (ev) ? live - size : live + size;
      max = MAX (max, live);
      if (i + 1 == t->peak_event_index)
        at_peak = live;
    }
  g_assert_cmpuint (max, ==, t->cost.peak_bytes);
  g_assert_cmpuint (at_peak, ==, t->cost.peak_bytes);
  g_assert_cmpuint (live, ==, t->cost.leaked_bytes);

  {
    g_autofree guint64 *live_at_peak = g_new0 (guint64, tide_trace_get_n_infos (trace));
    g_autofree guint64 *node_peak = g_new0 (guint64, tide_trace_get_n_nodes (trace));

    for (guint64 i = 0; i < t->peak_event_index; i++)
      live_at_peak[TIDE_EVENT_INFO (events[i])] += TIDE_EVENT_IS_FREE (events[i]) ? -1 : 1;
    for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
      {
        const TideAllocInfo *info = tide_trace_get_info (trace, i);
        node_peak[info->stack] += live_at_peak[i] * info->size;
      }
    for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
      g_assert_cmpuint (tide_trace_get_node_cost (trace, i)->peak_bytes, ==, node_peak[i]);
  }
}

/* Records real programs now and compares with heaptrack_print on the same file. */
static void
check_recorded (const char *source,
                const char *compiler)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-record-XXXXXX", NULL);
  g_autofree char *trace_path = tide_test_record_heaptrack (dir, source, compiler);
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = NULL;
  const TideTotals *t;
  guint64 peak, leaked, allocations, temporary;
  g_autofree char *rm = NULL;

  if (trace_path == NULL)
    {
      g_test_skip ("heaptrack, heaptrack_print or a compiler is not installed");
      return;
    }

  trace = tide_test_load (trace_path, &error);
  g_assert_no_error (error);
  t = tide_trace_get_totals (trace);

  g_assert_true (tide_test_heaptrack_total (trace_path, "peak", &peak));
  g_assert_true (tide_test_heaptrack_total (trace_path, "leaked", &leaked));
  g_assert_true (tide_test_heaptrack_total (trace_path, "allocations", &allocations));
  g_assert_true (tide_test_heaptrack_total (trace_path, "temporary", &temporary));

  g_assert_cmpuint (t->cost.peak_bytes, ==, peak);
  g_assert_cmpuint (t->cost.leaked_bytes, ==, leaked);
  g_assert_cmpuint (t->cost.allocations, ==, allocations);
  g_assert_cmpuint (t->cost.temporary, ==, temporary);
  g_assert_cmpuint (allocations, >, 0);
  assert_costs_consistent (trace);

  rm = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (rm), ==, 0);
}

static void
test_recorded_c (void)
{
  check_recorded ("leaky.c", "gcc");
}

static void
test_recorded_cxx (void)
{
  check_recorded ("cxxalloc.cpp", "g++");
}

typedef struct
{
  const char *file;
  guint64     allocations;
  guint64     temporary;
} PeerExpected;

/* Files from heaptrack's own test suite and another parser's, recorded
 * elsewhere by older heaptrack versions (file format 2). */
static void
test_peers (void)
{
  static const PeerExpected peers[] = {
    { "KDE_heaptrack/heaptrack.david.18594.gz", 2896, 729 },
    { "KDE_heaptrack/heaptrack.embedded_lsan_suppressions.84207.zst", 5, 0 },
    { "KDE_heaptrack/heaptrack.heaptrack_gui.99454.zst", 278534, 35481 },
    { "KDE_heaptrack/heaptrack.heaptrack_gui.99529.zst", 315255, 40771 },
    { "ditto-profiling_heaptrack-parser/data_1.gz", 204653, 21705 },
  };
  guint tested = 0;

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    {
      g_autofree char *path = tide_test_shared_path ("peers", peers[i].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(TideTrace) trace = NULL;
      const TideTotals *t;
      guint64 peak, leaked;

      if (path == NULL)
        continue;
      trace = tide_test_load (path, &error);
      g_assert_no_error (error);
      t = tide_trace_get_totals (trace);
      g_assert_cmpuint (tide_trace_get_format_version (trace), ==, 2);
      g_assert_cmpuint (t->cost.allocations, ==, peers[i].allocations);
      g_assert_cmpuint (t->cost.temporary, ==, peers[i].temporary);
      assert_costs_consistent (trace);

      if (tide_test_heaptrack_total (path, "peak", &peak) && tide_test_heaptrack_total (path, "leaked", &leaked))
        {
          g_assert_cmpuint (t->cost.peak_bytes, ==, peak);
          g_assert_cmpuint (t->cost.leaked_bytes, ==, leaked);
        }
      tested++;
    }

  if (tested == 0)
    g_test_skip ("../shared/peers is not there");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/heaptrack/samples", test_samples);
  g_test_add_func ("/core/heaptrack/leaky-details", test_leaky_details);
  g_test_add_func ("/core/heaptrack/timeline", test_timeline);
  g_test_add_func ("/core/heaptrack/replay-peak", test_replay_peak);
  g_test_add_func ("/core/heaptrack/recorded-c", test_recorded_c);
  g_test_add_func ("/core/heaptrack/recorded-cxx", test_recorded_cxx);
  g_test_add_func ("/core/heaptrack/peers", test_peers);

  return g_test_run ();
}
