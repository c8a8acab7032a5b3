/* ready.c: from a trace file to everything the window shows first
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   ready [--live-at N] TRACE
 *
 * Does, on this thread and in order, what the window waits for before its
 * first full frame of a newly opened trace: the load (decompression, parse,
 * per-site costs, timeline samples), the summary's table of sites, the
 * timeline's series pyramids as the window shows them at first (the heap;
 * the others are built when shown) and the flame tree in the flame page's
 * default options (top-down, by function, allocators hidden). bench/run times it
 * under GNU time for the wall time and peak RSS "to a usable window".
 *
 * With --live-at N it then answers N "live at t" questions spread evenly
 * over the run, in a shuffled order, as the window's timeline does when
 * clicked, and reports the slowest and the median.
 *
 * Prints one JSON object: the counts bench/run cross-checks against
 * heaptrack_print, the bytes held per event for replay (in memory, and in
 * the temporary file the sealed blocks spill to), and the timings.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench-util.h"
#include "charts/tide-timeline-source.h"
#include "core/analysis/tide-flame-tree.h"
#include "core/analysis/tide-replay.h"
#include "core/analysis/tide-sites.h"
#include "core/tide-trace-loader.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(TideTrace) trace = NULL;
  g_autoptr(GArray) sites = NULL;
  g_autoptr(TideFlameTree) tree = NULL;
  g_autoptr(TideReplay) replay = NULL;
  TideTimelineSource *source G_GNUC_UNUSED; /* kept, as the window keeps it */
  TideFlameOptions options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, TRUE };
  const TideTotals *totals;
  guint live_at = 0;
  const char *path = NULL;
  double t0, t_load, t_sites, t_source, t_tree, t_compressed;
  guint64 n_events;
  gsize events_bytes, replay_bytes = 0;
  guint64 spilled_bytes, raw_spilled_bytes, disk_usage;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--live-at") && i + 1 < argc)
        live_at = (guint) strtoul (argv[++i], NULL, 10);
      else if (path == NULL && argv[i][0] != '-')
        path = argv[i];
      else
        {
          fprintf (stderr, "usage: %s [--live-at N] TRACE\n", argv[0]);
          return 2;
        }
    }
  if (path == NULL)
    {
      fprintf (stderr, "usage: %s [--live-at N] TRACE\n", argv[0]);
      return 2;
    }

  file = g_file_new_for_commandline_arg (path);
  t0 = bench_now_ms ();
  trace = tide_trace_load_file (file, NULL, &error);
  if (trace == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  t_load = bench_now_ms ();
  sites = tide_sites_collect_for_costs (trace, tide_trace_get_node_cost (trace, 0));
  t_sites = bench_now_ms ();
  source = tide_timeline_source_new (trace, (const gboolean[TIDE_N_SERIES]) { [TIDE_SERIES_HEAP] = TRUE });
  t_source = bench_now_ms ();
  tree = tide_flame_tree_new_for_costs (trace, tide_trace_get_node_cost (trace, 0), &options);
  t_tree = bench_now_ms ();

  /* the events went to the temporary file as they are while loading; a
   * thread of the lowest priority compresses them there now, as the
   * window is used. The timed runs end here (the trace's end stops the
   * compressing); the replay run, with --live-at, waits for it, to
   * report the disk it takes and to ask on compressed events. */
  raw_spilled_bytes = tide_trace_get_events_spilled_size (trace);
  if (live_at > 0)
    tide_trace_wait_events_compressed (trace);
  t_compressed = bench_now_ms ();

  totals = tide_trace_get_totals (trace);
  n_events = tide_trace_get_n_events (trace);
  events_bytes = tide_trace_get_events_size (trace);
  spilled_bytes = tide_trace_get_events_spilled_size (trace);
  disk_usage = tide_trace_get_spill_disk_usage (trace);

  printf ("{\n");
  printf ("  \"allocations\": %" G_GUINT64_FORMAT ",\n", totals->cost.allocations);
  printf ("  \"temporary_allocations\": %" G_GUINT64_FORMAT ",\n", totals->cost.temporary);
  printf ("  \"peak_bytes\": %" G_GUINT64_FORMAT ",\n", totals->cost.peak_bytes);
  printf ("  \"events\": %" G_GUINT64_FORMAT ",\n", n_events);
  printf ("  \"event_log_bytes\": %" G_GSIZE_FORMAT ",\n", events_bytes);
  printf ("  \"spilled_bytes\": %" G_GUINT64_FORMAT ",\n", spilled_bytes);
  printf ("  \"flame_boxes\": %u,\n", tide_flame_tree_get_n_nodes (tree));
  printf ("  \"sites\": %u,\n", sites->len);
  printf ("  \"load_ms\": %.1f,\n", t_load - t0);
  printf ("  \"sites_ms\": %.1f,\n", t_sites - t_load);
  printf ("  \"timeline_ms\": %.1f,\n", t_source - t_sites);
  printf ("  \"flame_ms\": %.1f,\n", t_tree - t_source);
  printf ("  \"ready_ms\": %.1f", t_tree - t0);
  if (live_at > 0)
    printf (",\n  \"compressed_after_ms\": %.1f", t_compressed - t_tree);

  if (live_at > 0)
    {
      g_autofree double *ms = g_new (double, live_at);
      g_autoptr(GRand) rand = g_rand_new_with_seed (9);
      g_autofree guint *order = g_new (guint, live_at);
      double t_replay0, t_replay;

      t_replay0 = bench_now_ms ();
      replay = tide_replay_new (trace, NULL, &error);
      g_assert_no_error (error);
      t_replay = bench_now_ms ();
      replay_bytes = tide_replay_get_size (replay);

      /* shuffled, so no question finds the previous one's events in cache */
      for (guint i = 0; i < live_at; i++)
        order[i] = i;
      for (guint i = live_at; i > 1; i--)
        {
          guint j = g_rand_int_range (rand, 0, i);
          guint tmp = order[i - 1];

          order[i - 1] = order[j];
          order[j] = tmp;
        }
      for (guint i = 0; i < live_at; i++)
        {
          guint64 at = n_events * (order[i] + 1) / (live_at + 1);
          double t = bench_now_ms ();
          g_autofree TideCost *costs = tide_replay_live_at (replay, at);
          g_autofree guint64 *blocks = tide_replay_live_blocks_at (replay, at);

          ms[i] = bench_now_ms () - t;
          g_assert (costs != NULL && blocks != NULL);
        }
      qsort (ms, live_at, sizeof (double), compare_doubles);
      printf (",\n  \"replay_index_ms\": %.1f,\n", t_replay - t_replay0);
      printf ("  \"replay_index_bytes\": %" G_GSIZE_FORMAT ",\n", replay_bytes);
      printf ("  \"live_at_queries\": %u,\n", live_at);
      printf ("  \"live_at_median_ms\": %.2f,\n", ms[live_at / 2]);
      printf ("  \"live_at_max_ms\": %.2f", ms[live_at - 1]);
    }

  /* in memory and in the temporary file apart: only the first is the
   * process's memory (the file lives in the page cache) */
  printf (",\n  \"bytes_per_event\": %.3f,\n",
          n_events > 0 ? (double) (events_bytes + replay_bytes) / (double) n_events : 0.0);
  printf ("  \"disk_bytes_per_event\": %.3f,\n",
          n_events > 0 ? (double) spilled_bytes / (double) n_events : 0.0);
  /* holes left out: compressed blocks take whole pages */
  printf ("  \"disk_usage_per_event\": %.3f,\n",
          n_events > 0 ? (double) disk_usage / (double) n_events : 0.0);
  printf ("  \"disk_bytes_per_event_at_ready\": %.3f\n}\n",
          n_events > 0 ? (double) raw_spilled_bytes / (double) n_events : 0.0);

  /* Ready, the window goes on with the trace: it frees nothing then, and
   * this process frees nothing either, the kernel takes it down whole.
   * Freeing the trace first stops the compressor that starts as the load
   * ends, after the block it has in hand: 4 ms on ht_pystamped, 4 to 21
   * ms on ht_pybig, that bench/run's wall time would count. */
  fflush (stdout);
  _exit (0);
}
