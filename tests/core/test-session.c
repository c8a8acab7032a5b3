/* test-session.c: selections computed on a worker, newest wins
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/analysis/tide-replay.h"
#include "core/analysis/tide-sites.h"
#include "core/tide-session.h"
#include "tide-test-util.h"

static void
costs_cb (TideSession *session,
          GParamSpec  *pspec,
          guint       *count)
{
  (*count)++;
}

static void
wait_idle (TideSession *session)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (tide_session_get_busy (session))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static guint64
sum_peak (TideTrace      *trace,
          const TideCost *costs)
{
  guint64 sum = 0;

  for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
    sum += costs[i].peak_bytes;
  return sum;
}

static guint64
sum_blocks_bytes (TideTrace     *trace,
                  const guint64 *blocks)
{
  guint64 sum = 0;

  for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
    sum += blocks[i] * tide_trace_get_info (trace, i)->size;
  return sum;
}

static void
test_selections (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  g_autoptr(TideSession) session = tide_session_new (trace);
  g_autoptr(TideReplay) replay = tide_replay_new (trace, NULL, NULL);
  TideTimelineSample mid = tide_trace_get_sample (trace, tide_trace_get_n_samples (trace) / 2);
  g_autofree char *label = NULL;
  guint notified = 0;

  g_signal_connect (session, "notify::costs", G_CALLBACK (costs_cb), &notified);

  /* the default: the trace's own costs, at once */
  g_assert_cmpint (tide_session_get_selection_kind (session), ==, TIDE_SELECTION_PEAK);
  g_assert_false (tide_session_get_busy (session));
  g_assert_cmpuint (sum_peak (trace, tide_session_get_costs (session)), ==, 10641272);
  label = tide_session_dup_selection_label (session);
  g_assert_true (g_str_has_prefix (label, "Peak at"));

  /* an instant: the heap the timeline shows there */
  tide_session_select_instant (session, mid.time_ms);
  g_assert_true (tide_session_get_busy (session));
  wait_idle (session);
  g_assert_cmpuint (notified, ==, 1);
  {
    g_autofree TideCost *expected = tide_replay_live_at (replay, tide_trace_event_index_at_time (trace, mid.time_ms));

    g_assert_cmpuint (sum_peak (trace, tide_session_get_costs (session)), ==, sum_peak (trace, expected));
    g_assert_cmpuint (sum_peak (trace, expected), >, 0);
    g_assert_cmpuint (sum_blocks_bytes (trace, tide_session_get_blocks (session)), ==, sum_peak (trace, expected));
  }

  /* two quick selections: only the second one lands, but each is announced */
  {
    guint labels = 0;
    gulong id = g_signal_connect (session, "notify::selection-label", G_CALLBACK (costs_cb), &labels);

    tide_session_select_instant (session, 100);
    tide_session_select_range (session, 0, tide_trace_get_totals (trace)->duration_ms);
    g_assert_cmpuint (labels, ==, 2);
    g_signal_handler_disconnect (session, id);
  }
  wait_idle (session);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpint (tide_session_get_selection_kind (session), ==, TIDE_SELECTION_RANGE);
  {
    const TideCost *costs = tide_session_get_costs (session);
    guint64 allocations = 0;

    for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
      allocations += costs[i].allocations;
    g_assert_cmpuint (allocations, ==, tide_trace_get_totals (trace)->cost.allocations);
    /* a range's blocks: every allocation made in it */
    g_assert_cmpuint (sum_blocks_bytes (trace, tide_session_get_blocks (session)), ==,
                      tide_trace_get_totals (trace)->cost.allocated_bytes);
  }

  /* back to the peak */
  tide_session_select_peak (session);
  g_assert_false (tide_session_get_busy (session));
  g_assert_cmpuint (sum_peak (trace, tide_session_get_costs (session)), ==, 10641272);
  g_assert_cmpuint (sum_blocks_bytes (trace, tide_session_get_blocks (session)), ==, 10641272);
}

/* Sites over a selection's costs: the trace's own costs give what
 * tide_sites_collect() gives; the heap at an instant and a range group
 * per innermost frame with no byte lost. */
static void
test_sites_for_costs (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  g_autoptr(TideReplay) replay = tide_replay_new (trace, NULL, NULL);
  guint n_nodes = tide_trace_get_n_nodes (trace);
  guint64 at = tide_trace_get_n_events (trace) / 3;
  g_autoptr(GArray) own = tide_sites_collect (trace);
  g_autoptr(GArray) own_again = tide_sites_collect_for_costs (trace, tide_trace_get_node_cost (trace, 0));
  g_autofree TideCost *live = tide_replay_live_at (replay, at);
  g_autofree TideCost *range = tide_replay_range (replay, at, 2 * at);
  const TideCost *selections[] = { live, range };

  g_assert_cmpuint (own->len, >, 0);
  g_assert_cmpuint (own_again->len, ==, own->len);
  g_assert_cmpmem (own->data, own->len * sizeof (TideSite), own_again->data, own_again->len * sizeof (TideSite));

  for (guint s = 0; s < G_N_ELEMENTS (selections); s++)
    {
      const TideCost *costs = selections[s];
      g_autoptr(GArray) sites = tide_sites_collect_for_costs (trace, costs);
      g_autofree guint64 *per_frame = g_new0 (guint64, tide_trace_get_n_frames (trace));
      guint64 bytes = 0, allocations = 0, grouped_bytes = 0, grouped_allocations = 0;

      for (guint i = 0; i < n_nodes; i++)
        {
          per_frame[tide_trace_get_node (trace, i)->frame] += costs[i].peak_bytes;
          bytes += costs[i].peak_bytes;
          allocations += costs[i].allocations;
        }
      g_assert_cmpuint (bytes, >, 0);
      for (guint i = 0; i < sites->len; i++)
        {
          const TideSite *site = &g_array_index (sites, TideSite, i);

          /* frame order, one row per frame, each with the sum of its nodes */
          if (i > 0)
            g_assert_cmpuint (g_array_index (sites, TideSite, i - 1).frame, <, site->frame);
          g_assert_cmpuint (site->cost.peak_bytes, ==, per_frame[site->frame]);
          grouped_bytes += site->cost.peak_bytes;
          grouped_allocations += site->cost.allocations;
        }
      g_assert_cmpuint (grouped_bytes, ==, bytes);
      g_assert_cmpuint (grouped_allocations, ==, allocations);
    }
}

/* Dropping the session while a selection is computed is safe. */
static void
test_dispose_while_busy (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  TideSession *session = tide_session_new (trace);

  tide_session_select_instant (session, 500);
  g_object_unref (session);
  /* the worker's result arrives to nobody */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* A massif trace has no events: an instant shows the nearest detailed
 * snapshot, and the label says which. */
static void
test_snapshots (void)
{
  g_autofree char *path = tide_test_data_path ("massif.out.leaky");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  g_autoptr(TideSession) session = tide_session_new (trace);
  const TideSnapshot *snap = tide_trace_get_snapshot (trace, 2);
  TideTimelineSample sample = tide_trace_get_sample (trace, snap->sample);
  g_autofree char *label = NULL;
  g_autofree char *peak_label = tide_session_dup_selection_label (session);

  g_assert_cmpstr (peak_label, ==, "Peak at 219844 instructions");

  /* a little after the snapshot's time: that snapshot, not the next one */
  tide_session_select_instant (session, sample.time_ms + 1);
  wait_idle (session);
  g_assert_cmpuint (sum_peak (trace, tide_session_get_costs (session)), ==, sample.heap_bytes);
  g_assert_cmpuint (sample.heap_bytes, >, 0);
  label = tide_session_dup_selection_label (session);
  g_assert_true (g_str_has_prefix (label, "Snapshot "));
  g_assert_nonnull (strstr (label, "instructions"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/session/selections", test_selections);
  g_test_add_func ("/core/session/dispose-while-busy", test_dispose_while_busy);
  g_test_add_func ("/core/session/snapshots", test_snapshots);
  g_test_add_func ("/core/session/sites-for-costs", test_sites_for_costs);

  return g_test_run ();
}
