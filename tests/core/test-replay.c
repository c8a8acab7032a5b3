/* test-replay.c: the heap at any instant equals a plain replay of the events
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/analysis/tide-flame-tree.h"
#include "core/analysis/tide-replay.h"
#include "core/tide-trace-builder-private.h"
#include "core/tide-trace-builder.h"
#include "tide-test-util.h"

/* The simplest possible replay, independent of the checkpoints: live bytes
 * per stack node after @upto events. */
static guint64 *
naive_live_bytes (TideTrace *trace,
                  guint64    upto)
{
  guint64 n = tide_trace_get_n_events (trace);
  g_autofree guint32 *events = g_new (guint32, MAX (n, 1));
  g_autofree gint64 *live = g_new0 (gint64, tide_trace_get_n_infos (trace) + 1);
  guint64 *per_node = g_new0 (guint64, tide_trace_get_n_nodes (trace));

  g_assert_cmpuint (tide_trace_copy_events (trace, 0, events, n), ==, n);
  for (guint64 i = 0; i < upto; i++)
    live[TIDE_EVENT_INFO (events[i])] += TIDE_EVENT_IS_FREE (events[i]) ? -1 : 1;
  for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
    {
      const TideAllocInfo *info = tide_trace_get_info (trace, i);

      g_assert_cmpint (live[i], >=, 0);
      per_node[info->stack] += live[i] * info->size;
    }
  return per_node;
}

static void
assert_live_equals_naive (TideReplay *replay,
                          guint64     at)
{
  TideTrace *trace = tide_replay_get_trace (replay);
  g_autofree TideCost *costs = tide_replay_live_at (replay, at);
  g_autofree guint64 *expected = naive_live_bytes (trace, at);

  for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
    {
      g_assert_cmpuint (costs[i].peak_bytes, ==, expected[i]);
      g_assert_cmpuint (costs[i].leaked_bytes, ==, expected[i]);
    }
}

static void
test_real_trace (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  g_autoptr(TideReplay) replay = tide_replay_new (trace, NULL, NULL);
  const TideTotals *t = tide_trace_get_totals (trace);
  guint64 n = tide_trace_get_n_events (trace);
  g_autofree TideCost *at_peak = tide_replay_live_at (replay, t->peak_event_index);
  g_autofree TideCost *at_end = tide_replay_live_at (replay, n);
  g_autofree TideCost *whole = tide_replay_range (replay, 0, n);
  guint64 sum = 0;

  for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
    {
      const TideCost *c = tide_trace_get_node_cost (trace, i);

      /* at the peak: each site's peak share; at the end: its leak */
      g_assert_cmpuint (at_peak[i].peak_bytes, ==, c->peak_bytes);
      g_assert_cmpuint (at_end[i].leaked_bytes, ==, c->leaked_bytes);
      g_assert_cmpuint (at_end[i].leaked_allocations, ==, c->leaked_allocations);
      /* the whole run as a range: heaptrack's counts, temporary included */
      g_assert_cmpuint (whole[i].allocations, ==, c->allocations);
      g_assert_cmpuint (whole[i].allocated_bytes, ==, c->allocated_bytes);
      g_assert_cmpuint (whole[i].temporary, ==, c->temporary);
      g_assert_cmpuint (whole[i].leaked_bytes, ==, c->leaked_bytes);
      sum += at_peak[i].peak_bytes;
    }
  g_assert_cmpuint (sum, ==, 10641272);

  /* a flame graph of the heap at the peak instant is the peak flame graph */
  {
    TideFlameOptions options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, TRUE };
    g_autoptr(TideFlameTree) usual = tide_flame_tree_new (trace, &options);
    g_autoptr(TideFlameTree) at = tide_flame_tree_new_for_costs (trace, at_peak, &options);

    g_assert_cmpuint (tide_flame_tree_get_n_nodes (usual), ==, tide_flame_tree_get_n_nodes (at));
    for (guint i = 0; i < tide_flame_tree_get_n_nodes (usual); i++)
      g_assert_cmpuint (tide_flame_tree_get_node (usual, i)->total.peak_bytes, ==,
                        tide_flame_tree_get_node (at, i)->total.peak_bytes);
  }

  /* several instants against the plain replay */
  for (guint k = 0; k <= 10; k++)
    assert_live_equals_naive (replay, n * k / 10);
}

/* The heap at a sample's instant is what the timeline shows there. */
static void
test_time_mapping (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  g_autoptr(TideReplay) replay = tide_replay_new (trace, NULL, NULL);

  for (guint s = 0; s < tide_trace_get_n_samples (trace); s += 7)
    {
      TideTimelineSample sample = tide_trace_get_sample (trace, s);
      guint64 index = tide_trace_event_index_at_time (trace, sample.time_ms);
      g_autofree TideCost *costs = tide_replay_live_at (replay, index);
      guint64 live = 0;

      for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
        live += costs[i].peak_bytes;
      /* samples sharing a time stamp: the instant is the last of them */
      if (s + 1 < tide_trace_get_n_samples (trace) && tide_trace_get_sample_time (trace, s + 1) == sample.time_ms)
        continue;
      g_assert_cmpuint (index, ==, sample.event_index);
      g_assert_cmpuint (live, ==, sample.heap_bytes);
      g_assert_cmpuint (tide_trace_time_at_event_index (trace, index), ==, sample.time_ms);
    }
}

/* More events than one checkpoint interval: queries on both sides of a
 * checkpoint agree with the plain replay. */
static void
test_checkpoints (void)
{
  g_autoptr(TideTraceBuilder) b = tide_trace_builder_new (TIDE_TRACE_FORMAT_HEAPTRACK);
  g_autoptr(TideTrace) trace = NULL;
  g_autoptr(TideReplay) replay = NULL;
  guint32 infos[16];
  const guint64 n = 2 * (guint64) TIDE_REPLAY_INTERVAL + 12345;
  guint64 made = 0;

  for (guint i = 0; i < G_N_ELEMENTS (infos); i++)
    {
      TideFrame f = { .line = i + 1 };
      guint32 node = tide_trace_builder_intern_node (b, 0, tide_trace_builder_intern_frame (b, &f));

      g_assert_true (tide_trace_builder_add_info (b, 8 * (i + 1), node, &infos[i], NULL));
    }
  /* grow and shrink in waves so every checkpoint holds a different heap */
  for (guint64 i = 0; made < n; i++)
    {
      guint32 info = infos[(i * 7) % 16];

      tide_trace_builder_allocate (b, info);
      made++;
      if (i % 3 != 0 && made < n)
        {
          g_assert_true (tide_trace_builder_free_block (b, info, FALSE));
          made++;
        }
    }
  trace = tide_trace_builder_finish (g_steal_pointer (&b));
  replay = tide_replay_new (trace, NULL, NULL);

  assert_live_equals_naive (replay, 0);
  assert_live_equals_naive (replay, TIDE_REPLAY_INTERVAL - 1);
  assert_live_equals_naive (replay, TIDE_REPLAY_INTERVAL);
  assert_live_equals_naive (replay, TIDE_REPLAY_INTERVAL + 1);
  assert_live_equals_naive (replay, 2 * (guint64) TIDE_REPLAY_INTERVAL + 100);
  assert_live_equals_naive (replay, n);

  /* building the checkpoints of a long trace stops when cancelled */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;

    g_cancellable_cancel (cancellable);
    g_assert_null (tide_replay_new (trace, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}


/* Checkpoint @k holds @first live blocks of info 0 and @second of info 1
 * (the buffer starts non-zero, so a zero must have been written). */
static void
assert_checkpoint_live (const TideCheckpoints *checkpoints,
                        guint                  k,
                        guint32                first,
                        guint32                second)
{
  guint32 live[2] = { 1, 1 };

  tide_checkpoints_get (checkpoints, k, live, 2);
  g_assert_cmpuint (live[0], ==, first);
  g_assert_cmpuint (live[1], ==, second);
}

/* Bulk events (tracemalloc dumps, series) cross checkpoints in the middle
 * of one call; infos declared after a checkpoint have nothing live in it.
 * The checkpoints come from the load, one per interval. */
static void
test_checkpoints_bulk (void)
{
  g_autoptr(TideTrace) trace = NULL;
  g_autoptr(TideReplay) replay = NULL;
  const TideCheckpoints *checkpoints;
  guint32 first, late;
  guint64 n;

  trace = tide_test_bulk_checkpoint_trace (&first, &late);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (late, ==, 1);
  replay = tide_replay_new (trace, NULL, NULL);
  n = tide_trace_get_n_events (trace);

  g_assert_cmpuint (n, ==, 2 * (guint64) TIDE_REPLAY_INTERVAL + TIDE_REPLAY_INTERVAL / 2 + 1007);
  checkpoints = tide_trace_get_checkpoints (trace);
  g_assert_cmpuint (tide_checkpoints_get_len (checkpoints), ==, 3);

  /* the first checkpoint falls inside the first call: all of it is the
   * first info's blocks, and the late info had none */
  assert_checkpoint_live (checkpoints, 1, TIDE_REPLAY_INTERVAL, 0);
  /* 1.5 intervals made, then 0.5 interval - 1000 freed by event 2 * interval */
  assert_checkpoint_live (checkpoints, 2, TIDE_REPLAY_INTERVAL + 1000, 1000);

  /* the peak, after the late info's 1000, is past the first checkpoint:
   * the blocks live there come from replaying on from it */
  g_assert_cmpuint (tide_trace_get_totals (trace)->peak_event_index, ==,
                    TIDE_REPLAY_INTERVAL + TIDE_REPLAY_INTERVAL / 2 + 1000);
  g_assert_cmpuint (tide_trace_get_info (trace, first)->peak_live, ==, TIDE_REPLAY_INTERVAL + TIDE_REPLAY_INTERVAL / 2);
  g_assert_cmpuint (tide_trace_get_info (trace, late)->peak_live, ==, 1000);
  g_assert_cmpuint (tide_trace_get_info (trace, first)->end_live, ==, TIDE_REPLAY_INTERVAL / 2);
  g_assert_cmpuint (tide_trace_get_info (trace, late)->end_live, ==, 1007);

  assert_live_equals_naive (replay, TIDE_REPLAY_INTERVAL - 1);
  assert_live_equals_naive (replay, TIDE_REPLAY_INTERVAL);
  assert_live_equals_naive (replay, TIDE_REPLAY_INTERVAL + TIDE_REPLAY_INTERVAL / 2 + 500);
  assert_live_equals_naive (replay, 2 * (guint64) TIDE_REPLAY_INTERVAL);
  assert_live_equals_naive (replay, 2 * (guint64) TIDE_REPLAY_INTERVAL + 1);
  assert_live_equals_naive (replay, n);
  g_assert_cmpuint (tide_replay_get_size (replay), ==, tide_checkpoints_get_size (checkpoints));
}

/* A builder with two infos, of 16 bytes at one stack and 48 at another,
 * as the checkpoint tests below start from. */
static TideTraceBuilder *
builder_with_two_infos (TideTraceFormat  format,
                        guint32         *a,
                        guint32         *c)
{
  TideTraceBuilder *b = tide_trace_builder_new (format);
  TideFrame f1 = { .line = 1 }, f2 = { .line = 2 };
  guint32 node1 = tide_trace_builder_intern_node (b, 0, tide_trace_builder_intern_frame (b, &f1));
  guint32 node2 = tide_trace_builder_intern_node (b, 0, tide_trace_builder_intern_frame (b, &f2));

  g_assert_true (tide_trace_builder_add_info (b, 16, node1, a, NULL));
  g_assert_true (tide_trace_builder_add_info (b, 48, node2, c, NULL));
  return b;
}

/* Single events around bulk runs: a run moves the block and the next
 * checkpoint, so the single-event path must not go on with a stop it
 * worked out before the run. Every checkpoint must still be taken exactly
 * at its event index. */
static void
test_checkpoints_mixed (void)
{
  guint32 a, c;
  g_autoptr(TideTraceBuilder) b = builder_with_two_infos (TIDE_TRACE_FORMAT_TRACEMALLOC, &a, &c);
  g_autoptr(TideTrace) trace = NULL;
  g_autoptr(TideReplay) replay = NULL;
  const TideCheckpoints *checkpoints;
  guint64 n;

  for (guint i = 0; i < 5; i++)
    tide_trace_builder_allocate (b, a);
  /* to 3 events before the first checkpoint, then 6 single ones across it */
  tide_trace_builder_allocate_n (b, a, TIDE_REPLAY_INTERVAL - 8);
  for (guint i = 0; i < 6; i++)
    tide_trace_builder_allocate (b, c);
  g_assert_true (tide_trace_builder_free_n (b, a, 100));
  /* a run across the second checkpoint, then single frees after it */
  tide_trace_builder_allocate_n (b, c, TIDE_REPLAY_INTERVAL);
  for (guint i = 0; i < 10; i++)
    g_assert_true (tide_trace_builder_free_block (b, c, FALSE));
  trace = tide_trace_builder_finish (g_steal_pointer (&b));
  replay = tide_replay_new (trace, NULL, NULL);
  n = tide_trace_get_n_events (trace);

  g_assert_cmpuint (n, ==, 2 * (guint64) TIDE_REPLAY_INTERVAL + 113);
  checkpoints = tide_trace_get_checkpoints (trace);
  g_assert_cmpuint (tide_checkpoints_get_len (checkpoints), ==, 3);
  assert_checkpoint_live (checkpoints, 1, TIDE_REPLAY_INTERVAL - 3, 3);
  /* at 2 intervals: 3 more single ones, 100 freed, the rest of the run */
  assert_checkpoint_live (checkpoints, 2, TIDE_REPLAY_INTERVAL - 103, 6 + TIDE_REPLAY_INTERVAL - 103);

  assert_live_equals_naive (replay, TIDE_REPLAY_INTERVAL - 1);
  assert_live_equals_naive (replay, TIDE_REPLAY_INTERVAL + 2);
  assert_live_equals_naive (replay, 2 * (guint64) TIDE_REPLAY_INTERVAL + 1);
  assert_live_equals_naive (replay, n);
}

/* The blocks live at the peak, per info, whether the finish counts them
 * forward from the checkpoint before the peak (a peak nearer it) or back
 * from the counts at the end (a peak nearer the end). */
static void
test_peak_live_both_ways (void)
{
  for (guint near_end = 0; near_end < 2; near_end++)
    {
      guint32 a, c;
      g_autoptr(TideTraceBuilder) b = builder_with_two_infos (TIDE_TRACE_FORMAT_TRACEMALLOC, &a, &c);
      g_autoptr(TideTrace) trace = NULL;
      const TideTotals *totals;

      if (near_end)
        {
          /* 3 a, 2 c, 1 a freed, 1 c: 2 * 16 + 3 * 48 = 176 bytes at
           * event 7 of 9; then 1 c and 1 a freed */
          tide_trace_builder_allocate_n (b, a, 3);
          tide_trace_builder_allocate_n (b, c, 2);
          g_assert_true (tide_trace_builder_free_block (b, a, FALSE));
          tide_trace_builder_allocate (b, c);
          g_assert_true (tide_trace_builder_free_block (b, c, FALSE));
          g_assert_true (tide_trace_builder_free_block (b, a, FALSE));
        }
      else
        {
          /* 2 c: 96 bytes at event 2 of 10; then 1 c freed, 2 a, 1 a
           * freed, 1 c freed, 3 a: 64 bytes at most after it */
          tide_trace_builder_allocate_n (b, c, 2);
          g_assert_true (tide_trace_builder_free_block (b, c, FALSE));
          tide_trace_builder_allocate_n (b, a, 2);
          g_assert_true (tide_trace_builder_free_block (b, a, FALSE));
          g_assert_true (tide_trace_builder_free_block (b, c, FALSE));
          tide_trace_builder_allocate_n (b, a, 3);
        }
      trace = tide_trace_builder_finish (g_steal_pointer (&b));
      totals = tide_trace_get_totals (trace);
      g_assert_cmpuint (tide_trace_get_n_events (trace), ==, near_end ? 9 : 10);
      if (near_end)
        {
          g_assert_cmpuint (totals->peak_event_index, ==, 7);
          g_assert_cmpuint (totals->cost.peak_bytes, ==, 176);
          g_assert_cmpuint (tide_trace_get_info (trace, a)->peak_live, ==, 2);
          g_assert_cmpuint (tide_trace_get_info (trace, c)->peak_live, ==, 3);
          g_assert_cmpuint (tide_trace_get_info (trace, a)->end_live, ==, 1);
          g_assert_cmpuint (tide_trace_get_info (trace, c)->end_live, ==, 2);
        }
      else
        {
          g_assert_cmpuint (totals->peak_event_index, ==, 2);
          g_assert_cmpuint (totals->cost.peak_bytes, ==, 96);
          g_assert_cmpuint (tide_trace_get_info (trace, a)->peak_live, ==, 0);
          g_assert_cmpuint (tide_trace_get_info (trace, c)->peak_live, ==, 2);
          g_assert_cmpuint (tide_trace_get_info (trace, a)->end_live, ==, 4);
          g_assert_cmpuint (tide_trace_get_info (trace, c)->end_live, ==, 0);
        }
    }
}

/* The heaptrack reader's words (tide_trace_builder_apply_words()) after
 * a run of many events: the run leaves no stop worked out, and the words
 * must make room, and take the checkpoint, at the first event that needs
 * it, exactly at its index. */
static void
test_checkpoints_words_after_bulk (void)
{
  guint32 a, c, last = 0;
  g_autoptr(TideTraceBuilder) b = builder_with_two_infos (TIDE_TRACE_FORMAT_HEAPTRACK, &a, &c);
  g_autoptr(TideTrace) trace = NULL;
  g_autoptr(TideReplay) replay = NULL;
  const TideCheckpoints *checkpoints;
  guint32 words[8];

  /* to 3 events before the first checkpoint */
  tide_trace_builder_allocate_n (b, a, TIDE_REPLAY_INTERVAL - 3);
  /* 6 allocations of c across it, a free of one of them, then a word
   * that is a line's (bit 31): the words stop there */
  for (guint i = 0; i < 6; i++)
    words[i] = c << 1;
  words[6] = c << 1 | 1;
  words[7] = 0x80000000u | 12;
  g_assert_cmpuint (tide_trace_builder_apply_words (b, words, G_N_ELEMENTS (words), &last), ==, 7);
  g_assert_cmpuint (last, ==, 0);
  tide_trace_builder_allocate_n (b, a, TIDE_REPLAY_INTERVAL);
  trace = tide_trace_builder_finish (g_steal_pointer (&b));
  replay = tide_replay_new (trace, NULL, NULL);

  g_assert_cmpuint (tide_trace_get_n_events (trace), ==, 2 * (guint64) TIDE_REPLAY_INTERVAL + 4);
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.allocations, ==, 2 * (guint64) TIDE_REPLAY_INTERVAL + 3);
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.temporary, ==, 1);
  checkpoints = tide_trace_get_checkpoints (trace);
  g_assert_cmpuint (tide_checkpoints_get_len (checkpoints), ==, 3);
  assert_checkpoint_live (checkpoints, 1, TIDE_REPLAY_INTERVAL - 3, 3);
  assert_checkpoint_live (checkpoints, 2, 2 * TIDE_REPLAY_INTERVAL - 7, 5);

  assert_live_equals_naive (replay, TIDE_REPLAY_INTERVAL - 1);
  assert_live_equals_naive (replay, TIDE_REPLAY_INTERVAL + 2);
  assert_live_equals_naive (replay, TIDE_REPLAY_INTERVAL + 4);
  assert_live_equals_naive (replay, tide_trace_get_n_events (trace));
}

/* Stamps among the words (TIDE_WORD_TIME, TIDE_WORD_RSS) are taken in the
 * builder's loop, as heaptrack's "c" and "R" lines come between events:
 * the trace is the one made an event and a stamp a call at a time, every
 * sample of it (the heap, its extremes between stamps, the RSS), the peak
 * and its event, the temporary allocations, and the checkpoints, which
 * the words cross. Some calls start at a stamp, one stops at a line. */
static void
test_stamps_among_words (void)
{
  guint32 a, c, last = 0, prev = 0;
  g_autoptr(TideTraceBuilder) by_words = builder_with_two_infos (TIDE_TRACE_FORMAT_HEAPTRACK, &a, &c);
  g_autoptr(TideTraceBuilder) by_calls = builder_with_two_infos (TIDE_TRACE_FORMAT_HEAPTRACK, &a, &c);
  g_autoptr(TideTrace) want = NULL;
  g_autoptr(TideTrace) got = NULL;
  g_autoptr(GArray) words = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  guint64 live[2] = { 0, 0 }, ms = 0;
  const guint32 ids[2] = { a, c };
  const guint64 page = 4096;
  gsize done = 0, n_events = 0;
  guint n_samples;

  tide_trace_builder_set_rss_unit (by_words, page);
  /* across two checkpoints */
  while (n_events < 2 * TIDE_REPLAY_INTERVAL + 5000)
    {
      guint which = g_rand_int_range (rand, 0, 2);
      guint32 w;

      if (g_rand_int_range (rand, 0, 12) == 0)
        {
          guint64 pages = g_rand_int_range (rand, 1, 50000);

          ms += g_rand_int_range (rand, 1, 20);
          w = TIDE_WORD_TIME | (guint32) ms;
          g_array_append_val (words, w);
          tide_trace_builder_set_time (by_calls, ms);
          w = TIDE_WORD_RSS | (guint32) pages;
          g_array_append_val (words, w);
          tide_trace_builder_set_rss (by_calls, pages * page);
          continue;
        }
      n_events++;
      if (live[which] > 0 && g_rand_boolean (rand))
        {
          w = ids[which] << 1 | 1;
          g_array_append_val (words, w);
          /* heaptrack's rule: a free right after its allocation */
          g_assert_true (tide_trace_builder_free_block (by_calls, ids[which], prev == ids[which]));
          live[which]--;
          prev = 0;
        }
      else
        {
          w = ids[which] << 1;
          g_array_append_val (words, w);
          tide_trace_builder_allocate (by_calls, ids[which]);
          live[which]++;
          prev = ids[which];
        }
    }
  /* a line's word ends the last call */
  g_array_append_val (words, (guint32) { 0x80000000u | 7 });

  while (done + 1 < words->len)
    {
      /* calls of a few thousand words, as chunks come */
      gsize size = g_rand_int_range (rand, 1, 5000);
      gsize n = MIN (words->len - 1 - done, size);
      gsize applied = tide_trace_builder_apply_words (by_words, &g_array_index (words, guint32, done), n, &last);

      g_assert_cmpuint (applied, ==, n);
      done += n;
    }
  g_assert_cmpuint (tide_trace_builder_apply_words (by_words, &g_array_index (words, guint32, done), 1, &last), ==, 0);

  want = tide_trace_builder_finish (g_steal_pointer (&by_calls));
  got = tide_trace_builder_finish (g_steal_pointer (&by_words));
  g_assert_cmpmem (tide_trace_get_totals (got), sizeof (TideTotals), tide_trace_get_totals (want), sizeof (TideTotals));
  g_assert_cmpuint (tide_trace_get_totals (got)->cost.temporary, >, 100);
  g_assert_cmpuint (tide_trace_get_n_events (got), ==, tide_trace_get_n_events (want));
  n_samples = tide_trace_get_n_samples (want);
  g_assert_cmpuint (n_samples, >, 10000);
  g_assert_cmpuint (tide_trace_get_n_samples (got), ==, n_samples);
  for (guint i = 0; i < n_samples; i++)
    {
      TideTimelineSample x = tide_trace_get_sample (got, i), y = tide_trace_get_sample (want, i);

      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
    }
  g_assert_cmpuint (tide_checkpoints_get_len (tide_trace_get_checkpoints (got)), ==, 3);
  for (guint k = 0; k < 3; k++)
    {
      guint32 x[2] = { 1, 1 }, y[2] = { 2, 2 };

      tide_checkpoints_get (tide_trace_get_checkpoints (got), k, x, 2);
      tide_checkpoints_get (tide_trace_get_checkpoints (want), k, y, 2);
      g_assert_cmpmem (x, sizeof x, y, sizeof y);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/replay/real-trace", test_real_trace);
  g_test_add_func ("/core/replay/time-mapping", test_time_mapping);
  g_test_add_func ("/core/replay/checkpoints", test_checkpoints);
  g_test_add_func ("/core/replay/checkpoints-bulk", test_checkpoints_bulk);
  g_test_add_func ("/core/replay/checkpoints-mixed", test_checkpoints_mixed);
  g_test_add_func ("/core/replay/checkpoints-words-after-bulk", test_checkpoints_words_after_bulk);
  g_test_add_func ("/core/replay/stamps-among-words", test_stamps_among_words);
  g_test_add_func ("/core/replay/peak-live-both-ways", test_peak_live_both_ways);

  return g_test_run ();
}
