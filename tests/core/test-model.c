/* test-model.c: interning and event storage of the trace model
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/tide-event-log.h"
#include "core/tide-format.h"
#include "core/tide-trace-builder.h"

static void
test_interning (void)
{
  g_autoptr(TideTraceBuilder) b = tide_trace_builder_new (TIDE_TRACE_FORMAT_HEAPTRACK);
  TideFrame f1 = { 0 }, f2 = { 0 };
  guint32 s1, s2, s3, fr1, fr2, fr3, n1, n2, n3;

  s1 = tide_trace_builder_intern_string (b, "malloc", -1);
  s2 = tide_trace_builder_intern_string (b, "mallocXYZ", 6);
  s3 = tide_trace_builder_intern_string (b, "free", -1);
  g_assert_cmpuint (s1, !=, 0);
  g_assert_cmpuint (s1, ==, s2);
  g_assert_cmpuint (s3, !=, s1);
  g_assert_cmpuint (tide_trace_builder_intern_string (b, "", -1), ==, 0);
  /* an embedded NUL ends the string */
  g_assert_cmpuint (tide_trace_builder_intern_string (b, "free\0junk", 9), ==, s3);

  f1.function = s1;
  f1.line = 12;
  f2 = f1;
  fr1 = tide_trace_builder_intern_frame (b, &f1);
  fr2 = tide_trace_builder_intern_frame (b, &f2);
  f2.line = 13;
  fr3 = tide_trace_builder_intern_frame (b, &f2);
  g_assert_cmpuint (fr1, ==, fr2);
  g_assert_cmpuint (fr1, !=, fr3);

  n1 = tide_trace_builder_intern_node (b, 0, fr1);
  n2 = tide_trace_builder_intern_node (b, 0, fr1);
  n3 = tide_trace_builder_intern_node (b, n1, fr1);
  g_assert_cmpuint (n1, ==, n2);
  g_assert_cmpuint (n3, !=, n1);
  g_assert_cmpuint (tide_trace_builder_get_n_nodes (b), ==, 3);
}

/* Many distinct keys: the map grows and still finds every one. */
static void
test_many_nodes (void)
{
  g_autoptr(TideTraceBuilder) b = tide_trace_builder_new (TIDE_TRACE_FORMAT_HEAPTRACK);
  g_autoptr(TideTrace) trace = NULL;
  guint32 parent = 0;

  for (guint i = 1; i <= 200000; i++)
    {
      TideFrame f = { .line = i % 1000 };
      guint32 frame = tide_trace_builder_intern_frame (b, &f);
      parent = tide_trace_builder_intern_node (b, i % 7 == 0 ? 0 : parent, frame);
    }
  for (guint i = 0; i < 1000; i++)
    {
      TideFrame f = { .line = i };
      g_assert_cmpuint (tide_trace_builder_intern_frame (b, &f), ==, i == 0 ? 1000 : i);
    }
  trace = tide_trace_builder_finish (g_steal_pointer (&b));
  g_assert_cmpuint (tide_trace_get_n_frames (trace), ==, 1001);
}

/* Events span several storage blocks and read back in order. */
static void
test_event_blocks (void)
{
  g_autoptr(TideTraceBuilder) b = tide_trace_builder_new (TIDE_TRACE_FORMAT_HEAPTRACK);
  g_autoptr(TideTrace) trace = NULL;
  const guint n = 3 * TIDE_EVENT_BLOCK_SIZE + 17;
  g_autofree guint32 *events = g_new (guint32, n);
  guint32 info[3];

  for (guint i = 0; i < 3; i++)
    g_assert_true (tide_trace_builder_add_info (b, 8 << i, 0, &info[i], NULL));
  for (guint i = 0; i < n; i++)
    {
      if (i % 3 == 2)
        g_assert_true (tide_trace_builder_free_block (b, info[(i - 1) % 3], FALSE));
      else
        tide_trace_builder_allocate (b, info[i % 3]);
    }
  trace = tide_trace_builder_finish (g_steal_pointer (&b));

  g_assert_cmpuint (tide_trace_get_n_events (trace), ==, n);
  g_assert_cmpuint (tide_trace_copy_events (trace, 0, events, n + 100), ==, n);
  g_assert_cmpuint (tide_trace_copy_events (trace, n, events, 10), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      guint32 ev = events[i];

      g_assert_cmpint (TIDE_EVENT_IS_FREE (ev), ==, i % 3 == 2);
      g_assert_cmpuint (TIDE_EVENT_INFO (ev), ==, i % 3 == 2 ? (i - 1) % 3 : i % 3);
    }
  /* a piece that starts inside one block and ends inside the next */
  g_assert_cmpuint (tide_trace_copy_events (trace, TIDE_EVENT_BLOCK_SIZE - 5, events, 10), ==, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (events[i], ==, ((TIDE_EVENT_BLOCK_SIZE - 5 + i) % 3 == 2) ? (1u << 1 | 1) : ((TIDE_EVENT_BLOCK_SIZE - 5 + i) % 3) << 1);
  /* a repetitive stream compresses to a small fraction of 4 bytes an event */
  g_assert_cmpuint (tide_trace_get_events_size (trace), <, n / 10);
  /* the three sizes share node 0: every (8 + 16) pair is freed but its 16 */
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, >, 0);
  g_assert_cmpuint (tide_trace_get_node_cost (trace, 0)->leaked_bytes, ==,
                    tide_trace_get_totals (trace)->cost.leaked_bytes);
}

/* Runs of one event (a dump's blocks of one size from one line) cross
 * block boundaries and read back as the same events one by one. */
static void
test_event_runs (void)
{
  g_autoptr(TideTraceBuilder) b = tide_trace_builder_new (TIDE_TRACE_FORMAT_TRACEMALLOC);
  g_autoptr(TideTrace) trace = NULL;
  const guint64 runs[] = { 5, TIDE_EVENT_BLOCK_SIZE + 3, 1, 2 * TIDE_EVENT_BLOCK_SIZE - 9 };
  const guint64 n = runs[0] + runs[1] + runs[2] + runs[3] + 4;
  g_autofree guint32 *events = g_new (guint32, n);
  guint32 info[2];
  guint64 at = 0;

  g_assert_true (tide_trace_builder_add_info (b, 16, 0, &info[0], NULL));
  g_assert_true (tide_trace_builder_add_info (b, 48, 0, &info[1], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    tide_trace_builder_allocate_n (b, info[i % 2], runs[i]);
  /* four of the six of the first size freed again, as one run */
  g_assert_true (tide_trace_builder_free_n (b, info[0], 4));
  g_assert_false (tide_trace_builder_free_n (b, info[0], runs[0] + runs[2]));
  trace = tide_trace_builder_finish (g_steal_pointer (&b));

  g_assert_cmpuint (tide_trace_get_n_events (trace), ==, n);
  g_assert_cmpuint (tide_trace_copy_events (trace, 0, events, n), ==, n);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    for (guint64 k = 0; k < runs[i]; k++, at++)
      g_assert_cmpuint (events[at], ==, info[i % 2] << 1);
  for (guint k = 0; k < 4; k++, at++)
    g_assert_cmpuint (events[at], ==, (info[0] << 1) | 1);
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.allocations, ==, n - 4);
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, ==, 16 * (runs[0] + runs[2]) + 48 * (runs[1] + runs[3]));
}

/* Durations as the summary and the timeline's readout write them: past a
 * minute in whole seconds, rounded before they are split. */
static void
test_format_duration (void)
{
  const struct
  {
    guint64     ms;
    const char *text;
  } cases[] = {
    { 0, "0 ms" },
    { 999, "999 ms" },
    { 1250, "1.25 s" },
    { 59994, "59.99 s" },
    { 60000, "1 min 0 s" },
    { 6319000, "105 min 19 s" },
    { 6319499, "105 min 19 s" },
    { 6319500, "105 min 20 s" },
    { 6359600, "106 min 0 s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tide_format_duration (cases[i].ms);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/model/interning", test_interning);
  g_test_add_func ("/core/model/many-nodes", test_many_nodes);
  g_test_add_func ("/core/model/event-blocks", test_event_blocks);
  g_test_add_func ("/core/model/event-runs", test_event_runs);
  g_test_add_func ("/core/model/format-duration", test_format_duration);

  return g_test_run ();
}
