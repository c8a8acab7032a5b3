/* test-spill.c: sealed event blocks and checkpoints in a temporary file read back the same
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/analysis/tide-replay.h"
#include "core/tide-checkpoints.h"
#include "core/tide-event-log.h"
#include "core/tide-spill-file.h"
#include "core/tide-trace-builder.h"
#include "core/tide-trace-private.h"
#include "tide-test-util.h"

/* A fresh, empty directory for TMPDIR. */
static TideTestTmpDir *
make_tmpdir (void)
{
  return tide_test_tmp_dir_new ("tidemark-spill-test-XXXXXX");
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Descriptors of this process open on a (deleted) file in @dir. */
static guint
count_open_files_in (const char *dir)
{
  g_autoptr(GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  g_autofree char *prefix = g_strconcat (dir, "/", NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (fds);
  while ((name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_has_prefix (target, prefix))
        n++;
    }
  return n;
}

/* A TMPDIR in which nothing can be made: a path under a regular file
 * (a read-only directory would not do: the tests may run as root). */
static char *
make_unwritable_tmpdir (const char *dir)
{
  g_autofree char *file = g_build_filename (dir, "not-a-directory", NULL);

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  return g_build_filename (file, "tmp", NULL);
}

static TideTrace *
load_with_tmpdir (const char *path,
                  const char *tmpdir)
{
  g_autoptr(GError) error = NULL;
  TideTrace *trace;

  g_setenv ("TMPDIR", tmpdir, TRUE);
  trace = tide_test_load (path, &error);
  g_unsetenv ("TMPDIR");
  g_assert_no_error (error);
  return trace;
}

static guint32 *
all_events (TideTrace *trace)
{
  guint64 n = tide_trace_get_n_events (trace);
  guint32 *events = g_new (guint32, MAX (n, 1));

  g_assert_cmpuint (tide_trace_copy_events (trace, 0, events, n), ==, n);
  return events;
}

static void
assert_same_replay (TideTrace *a,
                    TideTrace *b)
{
  g_autoptr(TideReplay) ra = tide_replay_new (a, NULL, NULL);
  g_autoptr(TideReplay) rb = tide_replay_new (b, NULL, NULL);
  guint64 n = tide_trace_get_n_events (a);

  g_assert_cmpuint (tide_trace_get_n_nodes (a), ==, tide_trace_get_n_nodes (b));
  for (guint k = 0; k <= 8; k++)
    {
      g_autofree TideCost *ca = tide_replay_live_at (ra, n * k / 8 + (k % 2));
      g_autofree TideCost *cb = tide_replay_live_at (rb, n * k / 8 + (k % 2));

      g_assert_cmpmem (ca, tide_trace_get_n_nodes (a) * sizeof (TideCost),
                       cb, tide_trace_get_n_nodes (b) * sizeof (TideCost));
    }
}

/* A real trace of three event blocks: the words read back from the file
 * are those of a load that kept them in memory, and so is the heap at any
 * instant. */
static void
test_same_words (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  g_autofree char *nowhere = make_unwritable_tmpdir (dir);
  g_autoptr(TideTrace) spilled = load_with_tmpdir (path, dir);
  g_autoptr(TideTrace) kept = load_with_tmpdir (path, nowhere);
  guint64 n = tide_trace_get_n_events (kept);
  g_autofree guint32 *a = NULL;
  g_autofree guint32 *b = NULL;
  guint32 window[1000];
  guint32 expect[1000];

  /* the sizes once the raw blocks are compressed, in the file and the
   * last one in memory */
  tide_trace_wait_events_compressed (spilled);
  tide_trace_wait_events_compressed (kept);
  g_assert_cmpuint (n, ==, 709408);
  g_assert_cmpuint (tide_trace_get_n_events (spilled), ==, n);
  g_assert_cmpuint (n, >, 2 * TIDE_EVENT_BLOCK_SIZE);

  /* one load spilled every block, the other none */
  g_assert_cmpuint (tide_trace_get_events_spilled_size (kept), ==, 0);
  g_assert_cmpuint (tide_trace_get_events_spilled_size (spilled), >, 100000);
  /* the two full blocks went to the file, the last one stayed (the only
   * checkpoint, the first, stays in memory too) */
  g_assert_cmpuint (tide_trace_get_events_size (spilled) + tide_trace_get_events_spilled_size (spilled), ==,
                    tide_trace_get_events_size (kept));
  g_assert_cmpuint (tide_trace_get_events_size (spilled), <, tide_trace_get_events_size (kept) / 2);

  a = all_events (spilled);
  b = all_events (kept);
  g_assert_cmpmem (a, n * sizeof (guint32), b, n * sizeof (guint32));

  /* a window across the first block's end, read on its own */
  g_assert_cmpuint (tide_trace_copy_events (spilled, TIDE_EVENT_BLOCK_SIZE - 500, window, 1000), ==, 1000);
  memcpy (expect, b + TIDE_EVENT_BLOCK_SIZE - 500, sizeof expect);
  g_assert_cmpmem (window, sizeof window, expect, sizeof expect);
  /* and past the end */
  g_assert_cmpuint (tide_trace_copy_events (spilled, n - 10, window, 1000), ==, 10);
  g_assert_cmpmem (window, 10 * sizeof (guint32), b + n - 10, 10 * sizeof (guint32));

  assert_same_replay (spilled, kept);
}

/* Events across several checkpoints, made by the builder: spilled and kept
 * checkpoints give the same live counts, and the same heap at any instant. */
static TideTrace *
build_three_checkpoints (const char *tmpdir)
{
  guint32 first, late;
  TideTrace *trace;

  g_setenv ("TMPDIR", tmpdir, TRUE);
  trace = tide_test_bulk_checkpoint_trace (&first, &late);
  g_unsetenv ("TMPDIR");
  return trace;
}

static void
test_same_checkpoints (void)
{
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  g_autofree char *nowhere = make_unwritable_tmpdir (dir);
  g_autoptr(TideTrace) spilled = build_three_checkpoints (dir);
  g_autoptr(TideTrace) kept = build_three_checkpoints (nowhere);
  const TideCheckpoints *cs = tide_trace_get_checkpoints (spilled);
  const TideCheckpoints *ck = tide_trace_get_checkpoints (kept);

  g_assert_cmpuint (tide_checkpoints_get_len (cs), ==, 3);
  g_assert_cmpuint (tide_checkpoints_get_len (ck), ==, 3);
  g_assert_cmpuint (tide_checkpoints_get_spilled_size (ck), ==, 0);
  g_assert_cmpuint (tide_checkpoints_get_spilled_size (cs), >, 0);
  /* what went to the file (all but the first) is what the other load
   * holds in memory */
  g_assert_cmpuint (tide_checkpoints_get_size (cs) + tide_checkpoints_get_spilled_size (cs), ==,
                    tide_checkpoints_get_size (ck));

  for (guint k = 0; k < 3; k++)
    {
      guint32 ls[2] = { 7, 7 }, lk[2] = { 9, 9 };

      tide_checkpoints_get (cs, k, ls, 2);
      tide_checkpoints_get (ck, k, lk, 2);
      g_assert_cmpuint (ls[0], ==, lk[0]);
      g_assert_cmpuint (ls[1], ==, lk[1]);
    }
  /* the builder's counts (see test-replay.c) */
  {
    guint32 live[2];

    tide_checkpoints_get (cs, 2, live, 2);
    g_assert_cmpuint (live[0], ==, TIDE_REPLAY_INTERVAL + 1000);
    g_assert_cmpuint (live[1], ==, 1000);
  }
  assert_same_replay (spilled, kept);
}

/* The spill file has no name while the trace lives, and its descriptor is
 * closed with the trace: nothing is left in the directory. */
static void
test_nothing_left (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  TideTrace *trace = load_with_tmpdir (path, dir);

  g_assert_cmpuint (tide_trace_get_events_spilled_size (trace), >, 0);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  /* one file for the event log and the checkpoints */
  g_assert_cmpuint (count_open_files_in (dir), ==, 1);

  g_object_unref (trace);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  g_assert_cmpuint (count_open_files_in (dir), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A trace of less than a block makes no file: it would save nothing. */
static void
test_small_trace (void)
{
  g_autofree char *path = tide_test_data_path ("ht_cxx.zst");
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  g_autoptr(TideTrace) trace = load_with_tmpdir (path, dir);

  g_assert_cmpuint (tide_trace_get_n_events (trace), ==, 20624);
  g_assert_cmpuint (tide_trace_get_events_spilled_size (trace), ==, 0);
  g_assert_cmpuint (count_open_files_in (dir), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* With nowhere to write, a load keeps its blocks in memory and gives
 * heaptrack_print's figures all the same (tests/data/README.md). */
static void
test_unwritable (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  g_autofree char *nowhere = make_unwritable_tmpdir (dir);
  g_autoptr(TideTrace) trace = load_with_tmpdir (path, nowhere);
  g_autoptr(TideReplay) replay = tide_replay_new (trace, NULL, NULL);
  const TideTotals *t = tide_trace_get_totals (trace);
  g_autofree TideCost *at_peak = tide_replay_live_at (replay, t->peak_event_index);
  guint64 sum = 0;

  g_assert_cmpuint (tide_trace_get_events_spilled_size (trace), ==, 0);
  g_assert_cmpuint (tide_trace_get_events_size (trace), >, 100000);
  g_assert_cmpuint (t->cost.allocations, ==, 354997);
  g_assert_cmpuint (t->cost.temporary, ==, 39366);
  for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
    sum += at_peak[i].peak_bytes;
  g_assert_cmpuint (sum, ==, 10641272);
  /* only the regular file we made is there */
  g_assert_cmpuint (count_entries (dir), ==, 1);
}

/* A disk that fills up during the load (here a file size limit): the
 * blocks written so far are read from the file, the rest from memory, and
 * together they are the same words. */
static void
test_full_disk (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  g_autofree char *nowhere = make_unwritable_tmpdir (dir);

  if (g_test_subprocess ())
    {
      g_autoptr(TideTrace) kept = load_with_tmpdir (path, nowhere);
      g_autoptr(TideTrace) mixed = NULL;
      const GArray *sealed = kept->events->sealed;
      gsize first = g_array_index (sealed, TideEventBlock, 0).stored.size;
      gsize raw = TIDE_EVENT_BLOCK_SIZE * sizeof (guint32);
      /* room for the first of the two full blocks as they are written
       * while loading, uncompressed, and half the second: a short write,
       * then EFBIG */
      struct rlimit limit = { raw + raw / 2, raw + raw / 2 };
      guint64 n = tide_trace_get_n_events (kept);
      g_autofree guint32 *a = NULL;
      g_autofree guint32 *b = NULL;

      /* writing past the limit fails with EFBIG instead of killing us */
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      mixed = load_with_tmpdir (path, dir);
      /* the first is then compressed where it is, needing no more room */
      tide_trace_wait_events_compressed (mixed);
      tide_trace_wait_events_compressed (kept);

      g_assert_cmpuint (sealed->len, ==, 3);
      g_assert_cmpuint (tide_trace_get_events_spilled_size (mixed), ==, first);
      g_assert_cmpuint (tide_trace_get_events_size (mixed) + first, ==, tide_trace_get_events_size (kept));
      a = all_events (mixed);
      b = all_events (kept);
      g_assert_cmpmem (a, n * sizeof (guint32), b, n * sizeof (guint32));
      assert_same_replay (mixed, kept);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* The file store on its own: blocks written and read back from several
 * threads at once, and a store with no file keeping blocks in memory. */
typedef struct
{
  TideSpillFile  *file;
  TideSpillBlock *blocks;
  guint           n_blocks;
} ReadBack;

static gpointer
read_back_thread (gpointer data)
{
  ReadBack *rb = data;
  g_autofree guint8 *scratch = g_malloc (4096);

  for (guint round = 0; round < 200; round++)
    for (guint i = 0; i < rb->n_blocks; i++)
      {
        const guint8 *got = tide_spill_block_load (rb->file, &rb->blocks[i], scratch);

        g_assert_cmpuint (rb->blocks[i].size, ==, 100 + i * 37);
        for (gsize k = 0; k < rb->blocks[i].size; k++)
          if (got[k] != (guint8) (i * 31 + k))
            g_error ("block %u byte %" G_GSIZE_FORMAT ": %u", i, k, got[k]);
      }
  return NULL;
}

static void
test_file_store (void)
{
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  g_autoptr(TideSpillFile) file = NULL;
  TideSpillBlock blocks[40], in_memory;
  ReadBack rb;
  GThread *threads[4];
  guint64 total = 0;

  file = tide_spill_file_new ();
  /* nothing is made before a block comes */
  g_assert_cmpuint (count_entries (dir), ==, 0);
  g_assert_cmpuint (count_open_files_in (dir), ==, 0);

  g_setenv ("TMPDIR", dir, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    {
      gsize size = 100 + i * 37;
      /* a larger buffer than the block, as a compression bound is */
      guint8 *data = g_malloc (size + 64);

      for (gsize k = 0; k < size; k++)
        data[k] = (guint8) (i * 31 + k);
      g_assert_true (tide_spill_block_store (file, &blocks[i], data, size));
      g_assert_null (blocks[i].data);
      g_assert_cmpuint (blocks[i].offset, ==, total);
      total += size;
    }
  g_unsetenv ("TMPDIR");
  g_assert_cmpuint (tide_spill_file_get_size (file), ==, total);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  g_assert_cmpuint (count_open_files_in (dir), ==, 1);

  rb = (ReadBack) { file, blocks, G_N_ELEMENTS (blocks) };
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("read-back", read_back_thread, &rb);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    g_thread_join (threads[t]);

  /* no file: the block stays in memory, read without a copy */
  {
    guint8 *data = g_malloc (10);

    memset (data, 5, 10);
    g_assert_false (tide_spill_block_store (NULL, &in_memory, data, 10));
    g_assert_nonnull (in_memory.data);
    g_assert_true (tide_spill_block_load (NULL, &in_memory, NULL) == in_memory.data);
    g_assert_cmpuint (in_memory.data[9], ==, 5);
    tide_spill_block_clear (&in_memory);
  }

  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    tide_spill_block_clear (&blocks[i]);
  g_clear_pointer (&file, tide_spill_file_free);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A TMPDIR in which nothing can be made: blocks stay in memory (no
 * fallback to another directory the user did not choose). */
static void
test_no_file (void)
{
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  g_autofree char *nowhere = make_unwritable_tmpdir (dir);
  g_autoptr(TideSpillFile) file = tide_spill_file_new ();
  TideSpillBlock block;
  guint8 *data = g_malloc (100);

  memset (data, 7, 100);
  g_setenv ("TMPDIR", nowhere, TRUE);
  g_assert_false (tide_spill_block_store (file, &block, data, 60));
  g_unsetenv ("TMPDIR");
  g_assert_nonnull (block.data);
  g_assert_cmpuint (block.size, ==, 60);
  g_assert_cmpuint (tide_spill_block_load (file, &block, NULL)[59], ==, 7);
  g_assert_cmpuint (tide_spill_file_get_size (file), ==, 0);
  tide_spill_block_clear (&block);
}

/* The event log on its own: full blocks are written raw while appending,
 * read straight from the file while raw, and compressed in place after,
 * while other threads read them. */
#define N_FULL_BLOCKS 3
#define LOG_EVENTS (N_FULL_BLOCKS * TIDE_EVENT_BLOCK_SIZE + 777)

/* A stream that compresses well but not to nothing: sites come and go. */
static guint32
log_word (guint64 i)
{
  return (guint32) ((i * 7919) % 5003) << 1 | (i % 3 == 0);
}

/* The bytes of a full block as it is written while loading. */
#define RAW_BYTES (TIDE_EVENT_BLOCK_SIZE * sizeof (guint32))

/* LOG_EVENTS words appended to a log spilling to @spill, made in @tmpdir. */
static TideEventLog *
make_log_with_budget (const char    *tmpdir,
                      TideSpillFile *spill,
                      gboolean       compress,
                      guint64        raw_budget)
{
  TideEventLog *log = tide_event_log_new (spill);

  g_setenv ("TMPDIR", tmpdir, TRUE);
  log->raw_budget = raw_budget;
  for (guint64 i = 0; i < LOG_EVENTS; i++)
    tide_event_log_append (log, log_word (i));
  /* stopped before it starts, the compressor leaves every block raw */
  if (!compress)
    g_atomic_int_set (&log->stop, TRUE);
  tide_event_log_finish (log);
  /* finishing starts nothing: the loader does, once the reader is gone */
  g_assert_null (log->compressor);
  if (compress)
    tide_event_log_compress_in_background (log);
  g_unsetenv ("TMPDIR");
  return log;
}

static TideEventLog *
make_log (const char    *tmpdir,
          TideSpillFile *spill,
          gboolean       compress)
{
  return make_log_with_budget (tmpdir, spill, compress, G_MAXUINT64);
}

/* tide_event_log_foreach()'s callback: checks the words of a run against
 * log_word() from the event *at on. */
static void
check_words_run (const guint32 *words,
                 gsize          n,
                 gpointer       user_data)
{
  guint64 *at = user_data;

  g_assert_cmpuint (n, >, 0);
  for (gsize k = 0; k < n; k++, (*at)++)
    if (words[k] != log_word (*at))
      g_error ("event %" G_GUINT64_FORMAT " (foreach): %u, not %u", *at, words[k], log_word (*at));
}

/* Events [start, start + n) of @log, as copied and as walked over. */
static void
assert_log_words (TideEventLog *log,
                  guint64       start,
                  gsize         n)
{
  g_autofree guint32 *words = g_new (guint32, n);
  guint64 at = start;

  g_assert_cmpuint (tide_event_log_copy (log, start, words, n), ==, MIN (n, LOG_EVENTS - start));
  for (gsize k = 0; k < n && start + k < LOG_EVENTS; k++)
    if (words[k] != log_word (start + k))
      g_error ("event %" G_GUINT64_FORMAT ": %u, not %u", start + k, words[k], log_word (start + k));

  tide_event_log_foreach (log, start, n, check_words_run, &at);
  g_assert_cmpuint (at, ==, MIN (start + n, MAX (start, LOG_EVENTS)));
}

/* Whether the file system of @dir gives back the room of a punched hole. */
static gboolean
punches_holes (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "probe", NULL);
  g_autofree char *data = g_malloc0 (1 << 16);
  struct stat before, after;
  int fd;

  g_assert_true (g_file_set_contents (path, data, 1 << 16, NULL));
  fd = open (path, O_RDWR);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fsync (fd), ==, 0);
  g_assert_cmpint (fstat (fd, &before), ==, 0);
  (void) fallocate (fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 1 << 16);
  g_assert_cmpint (fstat (fd, &after), ==, 0);
  close (fd);
  g_assert_cmpint (g_unlink (path), ==, 0);
  return after.st_blocks < before.st_blocks;
}

static void
test_raw_blocks (void)
{
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  g_autoptr(TideSpillFile) spill = tide_spill_file_new ();
  TideEventLog *log;

  log = make_log (dir, spill, FALSE);
  tide_event_log_wait_compressed (log);

  /* every full block in the file as it is, the last as it is in memory */
  g_assert_cmpuint (tide_event_log_get_spilled_size (log), ==, N_FULL_BLOCKS * RAW_BYTES);
  g_assert_cmpuint (tide_spill_file_get_size (spill), ==, N_FULL_BLOCKS * RAW_BYTES);
  for (guint i = 0; i < N_FULL_BLOCKS; i++)
    g_assert_true (g_array_index (log->sealed, TideEventBlock, i).raw);
  g_assert_true (g_array_index (log->sealed, TideEventBlock, N_FULL_BLOCKS).raw);
  g_assert_nonnull (g_array_index (log->sealed, TideEventBlock, N_FULL_BLOCKS).stored.data);
  g_assert_cmpuint (g_array_index (log->sealed, TideEventBlock, N_FULL_BLOCKS).stored.size, ==,
                    (LOG_EVENTS - N_FULL_BLOCKS * TIDE_EVENT_BLOCK_SIZE) * sizeof (guint32));
  g_assert_cmpuint (tide_event_log_get_size (log), ==,
                    (LOG_EVENTS - N_FULL_BLOCKS * TIDE_EVENT_BLOCK_SIZE) * sizeof (guint32)
                    + log->sealed->len * sizeof (TideEventBlock));

  /* whole, across block ends, a few words, the end */
  assert_log_words (log, 0, LOG_EVENTS);
  assert_log_words (log, TIDE_EVENT_BLOCK_SIZE - 3, 10);
  assert_log_words (log, 2 * TIDE_EVENT_BLOCK_SIZE + 12345, 1);
  assert_log_words (log, LOG_EVENTS - 5, 100);
  tide_event_log_free (log);
}

/* Told to stop part way (as when a trace is dropped), the compressing
 * leaves some blocks compressed and the rest raw, all of them readable. */
static void
test_stopped_part_way (void)
{
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  g_autoptr(TideSpillFile) spill = tide_spill_file_new ();
  TideEventLog *log;
  guint64 spilled = 0;
  guint n_raw = 0;

  log = make_log (dir, spill, TRUE);

  /* once the first block is done */
  while (tide_event_log_get_spilled_size (log) == N_FULL_BLOCKS * RAW_BYTES)
    g_usleep (100);
  g_atomic_int_set (&log->stop, TRUE);
  tide_event_log_wait_compressed (log);

  g_assert_false (g_array_index (log->sealed, TideEventBlock, 0).raw);
  for (guint i = 0; i < N_FULL_BLOCKS; i++)
    {
      const TideEventBlock *block = &g_array_index (log->sealed, TideEventBlock, i);

      g_assert_null (block->stored.data);
      if (block->raw)
        g_assert_cmpuint (block->stored.size, ==, RAW_BYTES);
      else
        g_assert_cmpuint (block->stored.size, <, RAW_BYTES / 20);
      n_raw += block->raw;
      spilled += block->stored.size;
    }
  g_test_message ("%u of %u blocks left raw", n_raw, N_FULL_BLOCKS);
  g_assert_cmpuint (tide_event_log_get_spilled_size (log), ==, spilled);
  assert_log_words (log, 0, LOG_EVENTS);
  assert_log_words (log, TIDE_EVENT_BLOCK_SIZE - 3, 10);
  tide_event_log_free (log);
}

/* Past the raw budget, full blocks are compressed while loading, and go to
 * the file compressed. */
static void
test_raw_budget (void)
{
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  g_autoptr(TideSpillFile) spill = tide_spill_file_new ();
  TideEventLog *log;
  guint64 compressed = 0;

  log = make_log_with_budget (dir, spill, FALSE, 2 * RAW_BYTES + RAW_BYTES / 2);
  tide_event_log_wait_compressed (log);

  for (guint i = 0; i < N_FULL_BLOCKS; i++)
    {
      const TideEventBlock *block = &g_array_index (log->sealed, TideEventBlock, i);

      g_assert_cmpint (block->raw, ==, i < 2);
      g_assert_null (block->stored.data);
      if (i >= 2)
        {
          g_assert_cmpuint (block->stored.size, <, RAW_BYTES / 20);
          compressed += block->stored.size;
        }
    }
  g_assert_cmpuint (log->raw_written, ==, 2 * RAW_BYTES);
  g_assert_cmpuint (tide_event_log_get_spilled_size (log), ==, 2 * RAW_BYTES + compressed);
  g_assert_cmpuint (tide_spill_file_get_size (spill), ==, 2 * RAW_BYTES + compressed);
  assert_log_words (log, 0, LOG_EVENTS);
  assert_log_words (log, 2 * TIDE_EVENT_BLOCK_SIZE - 7, 14);
  tide_event_log_free (log);
}

typedef struct
{
  TideEventLog *log;
  gint          done;
  guint         reads;
} LogReaders;

static gpointer
read_log_thread (gpointer data)
{
  LogReaders *lr = data;
  GRand *rand = g_rand_new_with_seed (GPOINTER_TO_UINT (g_thread_self ()));

  /* a few rounds at least, and on while the compressing goes on (a
   * bounded number: under valgrind it takes a minute) */
  for (guint round = 0; round < 4 || (round < 200 && !g_atomic_int_get (&lr->done)); round++)
    {
      guint64 start = g_rand_int_range (rand, 0, LOG_EVENTS);

      assert_log_words (lr->log, start, g_rand_int_range (rand, 1, 2048));
      g_atomic_int_inc (&lr->reads);
    }
  g_rand_free (rand);
  return NULL;
}

static void
test_compressed_later (void)
{
  g_autoptr(TideTestTmpDir) dir = make_tmpdir ();
  g_autoptr(TideSpillFile) spill = tide_spill_file_new ();
  LogReaders lr = { NULL, FALSE, 0 };
  GThread *threads[3];
  guint64 spilled;

  lr.log = make_log (dir, spill, TRUE);

  /* readers while the blocks are rewritten under them */
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("read-log", read_log_thread, &lr);
  tide_event_log_wait_compressed (lr.log);
  g_atomic_int_set (&lr.done, TRUE);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    g_thread_join (threads[t]);
  g_assert_cmpuint (lr.reads, >=, 3 * 4);

  spilled = tide_event_log_get_spilled_size (lr.log);
  for (guint i = 0; i <= N_FULL_BLOCKS; i++)
    g_assert_false (g_array_index (lr.log->sealed, TideEventBlock, i).raw);
  /* in the file, in place of the raw words, far smaller */
  g_assert_cmpuint (spilled, >, 0);
  g_assert_cmpuint (spilled, <, N_FULL_BLOCKS * RAW_BYTES / 20);
  g_assert_cmpuint (tide_spill_file_get_size (spill), ==, N_FULL_BLOCKS * RAW_BYTES);
  if (punches_holes (dir))
    g_assert_cmpuint (tide_spill_file_get_disk_usage (spill), <=, spilled + N_FULL_BLOCKS * 4096);
  else
    g_test_message ("%s gives no room back for holes: disk use not checked", dir);
  /* memory: the last block and the table */
  g_assert_cmpuint (tide_event_log_get_size (lr.log), <, 777 * sizeof (guint32) + 16 * sizeof (TideEventBlock));

  assert_log_words (lr.log, 0, LOG_EVENTS);
  tide_event_log_free (lr.log);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/spill/same-words", test_same_words);
  g_test_add_func ("/core/spill/same-checkpoints", test_same_checkpoints);
  g_test_add_func ("/core/spill/nothing-left", test_nothing_left);
  g_test_add_func ("/core/spill/small-trace", test_small_trace);
  g_test_add_func ("/core/spill/unwritable", test_unwritable);
  g_test_add_func ("/core/spill/full-disk", test_full_disk);
  g_test_add_func ("/core/spill/file-store", test_file_store);
  g_test_add_func ("/core/spill/no-file", test_no_file);
  g_test_add_func ("/core/spill/raw-blocks", test_raw_blocks);
  g_test_add_func ("/core/spill/compressed-later", test_compressed_later);
  g_test_add_func ("/core/spill/raw-budget", test_raw_budget);
  g_test_add_func ("/core/spill/stopped-part-way", test_stopped_part_way);

  return g_test_run ();
}
