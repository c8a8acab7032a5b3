/* test-session.c: selections computed on a worker, newest wins
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/analysis/tide-replay.h"
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

static void
test_selections (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  g_autoptr(TideSession) session = tide_session_new (trace);
  g_autoptr(TideReplay) replay = tide_replay_new (trace, NULL, NULL);
  const TideTimelineSample *mid = tide_trace_get_sample (trace, tide_trace_get_n_samples (trace) / 2);
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
  tide_session_select_instant (session, mid->time_ms);
  g_assert_true (tide_session_get_busy (session));
  wait_idle (session);
  g_assert_cmpuint (notified, ==, 1);
  {
    g_autofree TideCost *expected = tide_replay_live_at (replay, tide_trace_event_index_at_time (trace, mid->time_ms));

    g_assert_cmpuint (sum_peak (trace, tide_session_get_costs (session)), ==, sum_peak (trace, expected));
    g_assert_cmpuint (sum_peak (trace, expected), >, 0);
  }

  /* two quick selections: only the second one lands */
  tide_session_select_instant (session, 100);
  tide_session_select_range (session, 0, tide_trace_get_totals (trace)->duration_ms);
  wait_idle (session);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpint (tide_session_get_selection_kind (session), ==, TIDE_SELECTION_RANGE);
  {
    const TideCost *costs = tide_session_get_costs (session);
    guint64 allocations = 0;

    for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
      allocations += costs[i].allocations;
    g_assert_cmpuint (allocations, ==, tide_trace_get_totals (trace)->cost.allocations);
  }

  /* back to the peak */
  tide_session_select_peak (session);
  g_assert_false (tide_session_get_busy (session));
  g_assert_cmpuint (sum_peak (trace, tide_session_get_costs (session)), ==, 10641272);
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/session/selections", test_selections);
  g_test_add_func ("/core/session/dispose-while-busy", test_dispose_while_busy);

  return g_test_run ();
}
