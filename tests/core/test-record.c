/* test-record.c: tidemark-record's recordings against Python's own tracemalloc statistics
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "core/analysis/tide-replay.h"
#include "core/formats/tide-record-reader.h"
#include "core/tide-trace-error.h"
#include "tide-test-util.h"

static char *
recorder_path (void)
{
  g_autofree char *data = tide_test_data_path (".");

  return g_canonicalize_filename ("../../tools/tidemark-record", data);
}

/* Our trace of @path, sample by sample, against what Python's tracemalloc
 * computes from the same file (tests/data/rec_stats.py): bytes and blocks
 * of every sample, and bytes and blocks per allocating line. */
static void
assert_matches_python (const char *path)
{
  g_autofree char *recorder = recorder_path ();
  g_autofree char *helper = tide_test_data_path ("rec_stats.py");
  const char *argv[] = { "python3", helper, recorder, path, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (path, &error);
  g_autoptr(TideReplay) replay = NULL;
  g_autoptr(GHashTable) by_line = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree TideCost *costs = NULL;
  const TideSeriesPoint *points;
  guint n_points, n_samples = 0, checked_samples = 0, checked_lines = 0, current = G_MAXUINT;
  int status;

  g_assert_no_error (error);
  out = tide_test_run (argv, NULL, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (out);
  replay = tide_replay_new (trace, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tide_trace_get_format_name (trace), ==, "tracemalloc");
  g_assert_cmpint (tide_trace_get_time_unit (trace), ==, TIDE_TIME_UNIT_MS);
  g_assert_cmpuint (tide_trace_get_n_extra_series (trace), ==, 1);
  points = tide_trace_get_extra_series (trace, 0, &n_points);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
      guint n = g_strv_length (f);

      if (n == 2 && g_str_equal (f[0], "samples"))
        {
          n_samples = atoi (f[1]);
          g_assert_cmpuint (tide_trace_get_n_samples (trace), ==, n_samples);
          g_assert_cmpuint (n_points, ==, n_samples);
        }
      else if (n == 7 && g_str_equal (f[0], "sample"))
        {
          guint s = atoi (f[1]);
          TideTimelineSample sample = tide_trace_get_sample (trace, s);
          guint64 t_ms = g_ascii_strtoull (f[2], NULL, 10) / 1000;
          guint64 bytes = g_ascii_strtoull (f[3], NULL, 10), blocks = g_ascii_strtoull (f[4], NULL, 10);
          guint64 traced = g_ascii_strtoull (f[5], NULL, 10), peak = g_ascii_strtoull (f[6], NULL, 10);
          guint64 total_bytes = 0, total_blocks = 0;

          /* the timeline: the sample's heap, at its time */
          g_assert_cmpuint (sample.time_ms, ==, t_ms);
          g_assert_cmpuint (sample.heap_bytes, ==, bytes);
          g_assert_cmpuint (sample.live_allocations, ==, blocks);
          /* tracemalloc's own count and its peak since the sample before */
          g_assert_cmpuint (points[s].time, ==, t_ms);
          g_assert_cmpuint (points[s].value, ==, traced);
          g_assert_cmpuint (points[s].max_value, ==, MAX (traced, peak));

          /* the heap at that sample, as the views replay it */
          g_free (costs);
          costs = tide_replay_live_at (replay, sample.event_index);
          g_hash_table_remove_all (by_line);
          for (guint32 node = 1; node < tide_trace_get_n_nodes (trace); node++)
            {
              const TideFrame *frame = tide_trace_get_frame (trace, tide_trace_get_node (trace, node)->frame);
              g_autofree char *key = g_strdup_printf ("%s:%u", tide_trace_get_string (trace, frame->file), frame->line);
              guint64 *sum = g_hash_table_lookup (by_line, key);

              total_bytes += costs[node].peak_bytes;
              total_blocks += costs[node].leaked_allocations;
              if (costs[node].peak_bytes == 0 && costs[node].leaked_allocations == 0)
                continue;
              if (sum == NULL)
                {
                  sum = g_new0 (guint64, 2);
                  g_hash_table_insert (by_line, g_steal_pointer (&key), sum);
                }
              sum[0] += costs[node].peak_bytes;
              sum[1] += costs[node].leaked_allocations;
            }
          g_assert_cmpuint (total_bytes, ==, bytes);
          g_assert_cmpuint (total_blocks, ==, blocks);
          current = s;
          checked_samples++;
        }
      else if (n == 6 && g_str_equal (f[0], "line"))
        {
          g_autofree char *key = g_strdup_printf ("%s:%s", f[4], f[5]);
          guint64 *sum = g_hash_table_lookup (by_line, key);

          g_assert_cmpuint (atoi (f[1]), ==, current);
          if (sum == NULL)
            g_error ("sample %u: Python counts %s bytes at %s, we none", current, f[2], key);
          g_assert_cmpuint (sum[0], ==, g_ascii_strtoull (f[2], NULL, 10));
          g_assert_cmpuint (sum[1], ==, g_ascii_strtoull (f[3], NULL, 10));
          checked_lines++;
        }
    }
  g_assert_cmpuint (checked_samples, ==, n_samples);
  g_assert_cmpuint (n_samples, >, 0);
  g_test_message ("%s: %u samples, %u lines as tracemalloc counts them", path, n_samples, checked_lines);
}

/* The committed recording (tests/data/README.md) against Python. */
static void
test_small (void)
{
  g_autofree char *path = tide_test_data_path ("rec_small.record");
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (tide_trace_get_command (trace), ==, "/usr/bin/python3 rec_small.py");
  g_assert_cmpuint (tide_trace_get_format_version (trace), ==, 1);
  g_assert_cmpuint (tide_trace_get_n_samples (trace), ==, 5);
  /* the 20 bytearrays of 1000 + i bytes and their list, then half of them */
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, ==, 21750);
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.leaked_bytes, ==, 10951);
  g_assert_cmpuint (tide_trace_get_totals (trace)->peak_time_ms, ==, 51);
  if (!tide_test_have ("python3"))
    {
      g_test_skip ("no python3");
      return;
    }
  assert_matches_python (path);
}

/* A program recorded now by the script we ship, against Python. */
static void
test_recorded (void)
{
  g_autofree char *recorder = recorder_path ();
  g_autofree char *workload = tide_test_data_path ("rec_workload.py");
  g_autofree char *dir = NULL;
  g_autofree char *out_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = NULL;
  int status;

  if (!tide_test_have ("python3"))
    {
      g_test_skip ("no python3");
      return;
    }
  dir = g_dir_make_tmp ("tide-record-XXXXXX", NULL);
  out_path = g_build_filename (dir, "workload.record", NULL);
  {
    const char *argv[] = { "python3", recorder, "-i", "0.05", "-o", out_path, workload, NULL };
    g_autofree char *out = tide_test_run (argv, dir, &status);

    g_assert_cmpint (status, ==, 0);
  }
  assert_matches_python (out_path);

  trace = tide_test_load (out_path, &error);
  g_assert_no_error (error);
  /* several samples, and the 20000-entry table and 300 bytearrays show */
  g_assert_cmpuint (tide_trace_get_n_samples (trace), >=, 4);
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, >, 300 * 4096);
  g_unlink (out_path);
  g_rmdir (dir);
}

/* Removes @path, a folder of files. */
static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

/* -m runs a module found from the current directory, as python -m does,
 * and the module's own options stay its own. */
static void
test_module (void)
{
  g_autofree char *recorder = recorder_path ();
  g_autofree char *source = tide_test_data_path ("rec_small.py");
  g_autofree char *dir = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *module = NULL;
  g_autofree char *text = NULL;
  g_autofree char *cache = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = NULL;
  int status;

  if (!tide_test_have ("python3"))
    {
      g_test_skip ("no python3");
      return;
    }
  dir = g_dir_make_tmp ("tide-record-m-XXXXXX", NULL);
  out_path = g_build_filename (dir, "module.record", NULL);
  /* a copy, run from where it is: python -m caches its bytecode beside it */
  module = g_build_filename (dir, "rec_small.py", NULL);
  g_assert_true (g_file_get_contents (source, &text, &len, NULL));
  g_assert_true (g_file_set_contents (module, text, len, NULL));
  {
    const char *argv[] = { "python3", recorder, "-i", "0.05", "-o", out_path, "-m", "rec_small", "-o", "x", NULL };
    g_autofree char *out = tide_test_run (argv, dir, &status);

    g_assert_cmpint (status, ==, 0);
  }
  trace = tide_test_load (out_path, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (tide_trace_get_command (trace), " -m rec_small -o x"));
  /* the 20 bytearrays of rec_small.py, at its line 5 */
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, >, 20 * 1000);
  assert_matches_python (out_path);
  g_unlink (out_path);
  g_unlink (module);
  cache = g_build_filename (dir, "__pycache__", NULL);
  remove_dir (cache);
  g_rmdir (dir);
}

static TideTrace *
load_record (const char *data,
             gsize       len,
             GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(TideByteSource) source = tide_byte_source_new_for_bytes (bytes);

  return tide_record_read (source, NULL, error);
}

/* Every prefix of a real recording: refused with the byte where it
 * breaks, or (cut between two samples) the samples before the cut. */
static void
test_truncated (void)
{
  g_autofree char *path = tide_test_data_path ("rec_small.record");
  g_autofree char *data = NULL;
  gsize len;
  guint loaded = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TideTrace) trace = load_record (data, cut, &error);

      if (trace != NULL)
        {
          g_assert_cmpuint (tide_trace_get_n_samples (trace), <, 5);
          loaded++;
          continue;
        }
      g_assert_true (error->domain == TIDE_TRACE_ERROR);
      if (strstr (error->message, "byte ") == NULL)
        g_error ("cut at %" G_GSIZE_FORMAT ": no byte in “%s”", cut, error->message);
    }
  /* the four cuts right after samples 1 to 4 */
  g_assert_cmpuint (loaded, ==, 4);
}

static void
assert_refused (const char *data,
                gsize       len,
                int         code,
                const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = load_record (data, len, &error);

  g_assert_null (trace);
  g_assert_error (error, TIDE_TRACE_ERROR, code);
  if (strstr (error->message, where) == NULL)
    g_error ("expected “%s” in “%s”", where, error->message);
}

/* Pickles written by hand (protocol 2): a header, then broken samples. */
#define HEADER "\x80\x02}q\x00(X\x06\x00\x00\x00" "formatX\x0f\x00\x00\x00tidemark-recordX\x07\x00\x00\x00" "versionK\x01u."
#define HEADER_LEN (sizeof HEADER - 1)
/* {'t_us': 5, 'current': 1, 'peak': 2, 'tracebacks': [], 'traces': [TRACE]} */
#define SAMPLE(traces)                                                                                     \
  "\x80\x02}(X\x04\x00\x00\x00t_usK\x05X\x07\x00\x00\x00" "currentK\x01X\x04\x00\x00\x00peakK\x02"            \
  "X\x0a\x00\x00\x00tracebacks](X\x01\x00\x00\x00" "f\x4b\x07\x86\x85" "eX\x06\x00\x00\x00traces](" traces "eu."

static void
test_hostile (void)
{
  static const char v2[] = "\x80\x02}(X\x06\x00\x00\x00" "formatX\x0f\x00\x00\x00tidemark-recordX\x07\x00\x00\x00" "versionK\x02u.";
  static const char good[] = HEADER SAMPLE ("(K\x00K\x10K\x00K\x01K\x03t");
  static const char bad_index[] = HEADER SAMPLE ("(K\x00K\x10K\x01K\x01K\x03t");
  static const char bad_shape[] = HEADER SAMPLE ("(K\x00K\x10K\x00K\x01t");
  static const char huge[] = HEADER SAMPLE ("(K\x00\x8a\x08\x00\x00\x00\x00\x00\x00\x00\x40" "K\x00K\x01K\x03t");
  static const char code[] = HEADER "\x80\x02" "cos\nsystem\nX\x02\x00\x00\x00id\x85R.";
  static const char text[] = HEADER "\x80\x02}(X\x04\x00\x00\x00t_usX\x01\x00\x00\x00" "5u.";
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = load_record (good, sizeof good - 1, &error);

  /* the hand-made good one: 3 blocks of 16 bytes at f:7 */
  g_assert_no_error (error);
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, ==, 48);
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.leaked_allocations, ==, 3);

  assert_refused (v2, sizeof v2 - 1, TIDE_TRACE_ERROR_UNSUPPORTED_VERSION, "version 2");
  assert_refused (HEADER, HEADER_LEN, TIDE_TRACE_ERROR_EMPTY, "no sample");
  assert_refused (bad_index, sizeof bad_index - 1, TIDE_TRACE_ERROR_CORRUPT, "names traceback 1 of 1");
  {
    g_autofree char *where = g_strdup_printf ("byte %" G_GSIZE_FORMAT ": sample 0: trace 0 is not", HEADER_LEN);

    assert_refused (bad_shape, sizeof bad_shape - 1, TIDE_TRACE_ERROR_CORRUPT, where);
  }
  assert_refused (huge, sizeof huge - 1, TIDE_TRACE_ERROR_CORRUPT, "more than any heap");
  /* a global other than tracemalloc's: the VM never calls it */
  {
    g_autofree char *where = g_strdup_printf ("byte %" G_GSIZE_FORMAT ":", HEADER_LEN + 2);

    assert_refused (code, sizeof code - 1, TIDE_TRACE_ERROR_CORRUPT, where);
  }
  assert_refused (text, sizeof text - 1, TIDE_TRACE_ERROR_CORRUPT, "sample 0 is not a dict");
  g_assert_true (tide_record_sniff ((const guint8 *) good, sizeof good - 1));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/record/small", test_small);
  g_test_add_func ("/core/record/recorded", test_recorded);
  g_test_add_func ("/core/record/module", test_module);
  g_test_add_func ("/core/record/truncated", test_truncated);
  g_test_add_func ("/core/record/hostile", test_hostile);

  return g_test_run ();
}
