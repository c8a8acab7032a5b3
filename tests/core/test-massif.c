/* test-massif.c: the massif reader gives ms_print's peak, and trees that add up
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tide-trace-error.h"
#include "tide-test-util.h"

typedef struct
{
  gint64  peak;       /* snapshot ms_print marks (peak), -1 if none */
  GArray *times;      /* guint64 per snapshot */
  GArray *useful;     /* guint64 per snapshot */
} MsPrint;

static guint64
parse_grouped (const char *s)
{
  guint64 v = 0;

  for (; *s; s++)
    if (*s >= '0' && *s <= '9')
      v = v * 10 + (*s - '0');
  return v;
}

/* Runs ms_print and reads its snapshot table and the "(peak)" mark. */
static gboolean
run_ms_print (const char *path,
              MsPrint    *out)
{
  const char *argv[] = { "ms_print", path, NULL };
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) row = g_regex_new ("^\\s+(\\d+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s*$", 0, 0, NULL);
  int status;

  if (!tide_test_have ("ms_print"))
    return FALSE;
  text = tide_test_run (argv, NULL, &status);
  if (text == NULL || status != 0)
    return FALSE;

  out->peak = -1;
  out->times = g_array_new (FALSE, TRUE, sizeof (guint64));
  out->useful = g_array_new (FALSE, TRUE, sizeof (guint64));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) m = NULL;
      const char *mark = strstr (lines[i], " (peak)");

      if (g_str_has_prefix (lines[i], " Detailed snapshots: [") && mark != NULL)
        {
          const char *p = mark;

          while (p > lines[i] && g_ascii_isdigit (p[-1]))
            p--;
          out->peak = g_ascii_strtoll (p, NULL, 10);
        }
      else if (g_regex_match (row, lines[i], 0, &m))
        {
          g_autofree char *n = g_match_info_fetch (m, 1);
          g_autofree char *t = g_match_info_fetch (m, 2);
          g_autofree char *u = g_match_info_fetch (m, 4);
          guint index = atoi (n);
          guint64 tv = parse_grouped (t), uv = parse_grouped (u);

          if (index >= out->times->len)
            {
              g_array_set_size (out->times, index + 1);
              g_array_set_size (out->useful, index + 1);
            }
          g_array_index (out->times, guint64, index) = tv;
          g_array_index (out->useful, guint64, index) = uv;
        }
    }
  return out->times->len > 0;
}

static void
assert_matches_ms_print (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (path, &error);
  const TideTotals *t;
  MsPrint ms = { 0 };
  guint expected;

  g_assert_no_error (error);
  t = tide_trace_get_totals (trace);
  if (!run_ms_print (path, &ms))
    {
      g_test_message ("ms_print could not read %s", path);
      return;
    }

  /* one sample per snapshot, same times and useful heap */
  g_assert_cmpuint (tide_trace_get_n_samples (trace), ==, ms.times->len);
  for (guint i = 0; i < ms.times->len; i++)
    {
      g_assert_cmpuint (tide_trace_get_sample_time (trace, i), ==, g_array_index (ms.times, guint64, i));
      g_assert_cmpuint (tide_trace_get_sample (trace, i).heap_bytes, ==, g_array_index (ms.useful, guint64, i));
    }

  /* the peak: the snapshot massif marks, else the largest useful heap */
  if (ms.peak >= 0)
    expected = ms.peak;
  else
    {
      expected = 0;
      for (guint i = 1; i < ms.useful->len; i++)
        if (g_array_index (ms.useful, guint64, i) > g_array_index (ms.useful, guint64, expected))
          expected = i;
    }
  g_test_message ("%s: peak snapshot %u, %" G_GUINT64_FORMAT " B", path, expected, t->cost.peak_bytes);
  g_assert_cmpuint (tide_trace_get_peak_sample (trace), ==, expected);
  g_assert_cmpuint (t->cost.peak_bytes, ==, g_array_index (ms.useful, guint64, expected));
  g_assert_cmpuint (t->peak_time_ms, ==, g_array_index (ms.times, guint64, expected));

  /* every detailed tree adds up to its snapshot's useful heap */
  for (guint k = 0; k < tide_trace_get_n_snapshots (trace); k++)
    {
      const TideSnapshot *snap = tide_trace_get_snapshot (trace, k);
      g_autofree TideCost *costs = tide_trace_dup_snapshot_costs (trace, k);
      guint64 sum = 0;

      for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
        sum += costs[i].peak_bytes;
      g_assert_cmpuint (sum, ==, tide_trace_get_sample (trace, snap->sample).heap_bytes);
    }

  g_array_unref (ms.times);
  g_array_unref (ms.useful);
}

static void
test_samples (void)
{
  const char *names[] = { "massif.out.leaky", "massif.out.cxx_ms" };
  const char *shared[] = {
    "massif/massif.out.leaky_B", "massif/massif.out.leaky_detailed1", "massif/massif.out.leaky_pages",
    "massif/massif.out.python_depth50",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = tide_test_data_path (names[i]);
      assert_matches_ms_print (path);
    }
  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    {
      g_autofree char *path = tide_test_shared_path ("samples", shared[i]);

      if (path != NULL)
        assert_matches_ms_print (path);
    }
}

/* Files from other projects' test suites, recorded on other machines. */
static void
test_peers (void)
{
  const char *names[] = {
    "KDE_massif-visualizer/massif.out.kate", "KDE_massif-visualizer/massif.out.ktorrent",
    "KDE_massif-visualizer/massif.out.stack", "KDE_massif-visualizer/massif.out.huge",
    "KDE_massif-visualizer/massif.out.32406",
    "MathieuTurcotte_msparser/massif.out.0", "MathieuTurcotte_msparser/massif.out.1",
    "MathieuTurcotte_msparser/massif.out.4", "MathieuTurcotte_msparser/massif.out.6",
    "murraycu_massifg/massif-output-glom.txt", "murraycu_massifg/massif-output-2snapshots.txt",
  };
  guint tested = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = tide_test_shared_path ("peers", names[i]);

      if (path == NULL)
        continue;
      assert_matches_ms_print (path);
      tested++;
    }
  if (tested == 0)
    g_test_skip ("../shared/peers is not there");
}

static void
test_details (void)
{
  g_autofree char *path = tide_test_data_path ("massif.out.leaky");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  const TideTotals *t = tide_trace_get_totals (trace);
  TideTimelineSample peak = tide_trace_get_sample (trace, 63);

  g_assert_cmpint (tide_trace_get_format (trace), ==, TIDE_TRACE_FORMAT_MASSIF);
  g_assert_cmpint (tide_trace_get_time_unit (trace), ==, TIDE_TIME_UNIT_INSTRUCTIONS);
  g_assert_false (tide_trace_counts_allocations (trace));
  g_assert_cmpstr (tide_trace_get_command (trace), ==, "./leaky");
  g_assert_cmpuint (tide_trace_get_n_samples (trace), ==, 65);
  g_assert_cmpuint (tide_trace_get_n_snapshots (trace), ==, 8);
  g_assert_cmpuint (peak.extra_bytes, ==, 163);
  g_assert_cmpuint (t->cost.peak_bytes, ==, 1049621);
  /* the last snapshot still holds the 1,045 leaked bytes */
  g_assert_cmpuint (t->cost.leaked_bytes, ==, 1045);
  g_assert_cmpuint (t->duration_ms, ==, 224259);

  /* the peak tree: main (leaky.c:14) holds the 1 MiB calloc */
  {
    guint64 main14 = 0;

    for (guint i = 1; i < tide_trace_get_n_nodes (trace); i++)
      {
        const TideFrame *f = tide_trace_get_frame (trace, tide_trace_get_node (trace, i)->frame);

        if (g_strcmp0 (tide_trace_get_string (trace, f->function), "main") == 0 && f->line == 14)
          main14 += tide_trace_get_node_cost (trace, i)->peak_bytes;
      }
    g_assert_cmpuint (main14, ==, 1048576);
  }
}

/* Recorded now with valgrind's massif, compared with ms_print. */
static void
test_recorded (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-massif-XXXXXX", NULL);
  g_autofree char *src = tide_test_data_path ("leaky.c");
  g_autofree char *exe = g_build_filename (dir, "leaky", NULL);
  g_autofree char *out = g_build_filename (dir, "massif.out.test", NULL);
  g_autofree char *arg = g_strconcat ("--massif-out-file=", out, NULL);
  const char *cc[] = { "gcc", "-g", "-O0", "-fno-builtin", "-o", exe, src, NULL };
  const char *vg[] = { "valgrind", "--tool=massif", "--detailed-freq=2", arg, exe, NULL };
  g_autofree char *o1 = NULL;
  g_autofree char *o2 = NULL;
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
  int status;

  if (!tide_test_have ("valgrind") || !tide_test_have ("gcc") || !tide_test_have ("ms_print"))
    {
      g_test_skip ("valgrind, gcc or ms_print is not installed");
      return;
    }
  o1 = tide_test_run (cc, dir, &status);
  g_assert_cmpint (status, ==, 0);
  o2 = tide_test_run (vg, dir, &status);
  g_assert_cmpint (status, ==, 0);
  assert_matches_ms_print (out);
  g_assert_cmpint (system (rm), ==, 0);
}

static char *
read_data (const char *name,
           gsize      *len)
{
  g_autofree char *path = tide_test_data_path (name);
  char *contents = NULL;
  gboolean ok = g_file_get_contents (path, &contents, len, NULL);

  g_assert_true (ok);
  return contents;
}

static TideTrace *
load_text (const char  *text,
           gsize        len,
           GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-massif-cut-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "massif.out.cut", NULL);
  TideTrace *trace;

  g_assert_true (g_file_set_contents (path, text, len, NULL));
  trace = tide_test_load (path, error);
  g_unlink (path);
  g_rmdir (dir);
  return trace;
}

/* Cut anywhere: either a shorter valid file (cut between snapshots) or an
 * error that names the line; never a crash. */
static void
test_truncations (void)
{
  gsize len;
  g_autofree char *data = read_data ("massif.out.leaky", &len);
  guint ok = 0, failed = 0;

  for (gsize cut = 40; cut < len; cut += 29)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TideTrace) trace = load_text (data, cut, &error);

      if (trace != NULL)
        {
          g_assert_cmpuint (tide_trace_get_n_samples (trace), <=, 65);
          ok++;
        }
      else
        {
          g_assert_true (g_error_matches (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED)
                         || g_error_matches (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT));
          g_assert_nonnull (strstr (error->message, "line "));
          failed++;
        }
    }
  g_test_message ("%u cuts read as shorter files, %u refused", ok, failed);
  g_assert_cmpuint (failed, >, 0);

  /* the shared broken sample: cut inside the peak snapshot's tree */
  {
    g_autofree char *bad = tide_test_shared_path ("samples", "bad/massif.out.leaky.truncated");
    g_autoptr(GError) error = NULL;

    if (bad != NULL)
      {
        g_assert_null (tide_test_load (bad, &error));
        g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED);
        g_assert_nonnull (strstr (error->message, "line 553"));
      }
  }
}

static void
assert_massif_fails (const char *text,
                     int         code,
                     const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = load_text (text, strlen (text), &error);

  g_assert_null (trace);
  g_assert_error (error, TIDE_TRACE_ERROR, code);
  if (strstr (error->message, where) == NULL)
    g_error ("expected “%s” in “%s”", where, error->message);
}

#define HEAD "desc: (none)\ncmd: ./x\ntime_unit: i\n#-----------\nsnapshot=0\n#-----------\n"

static void
test_malformed (void)
{
  assert_massif_fails (HEAD "time=zz\n", TIDE_TRACE_ERROR_CORRUPT, "line 7");
  assert_massif_fails (HEAD "time=1\nmem_heap_B=-4\n", TIDE_TRACE_ERROR_CORRUPT, "line 8");
  assert_massif_fails (HEAD "time=1\nmem_heap_B=4\nheap_tree=sideways\n", TIDE_TRACE_ERROR_CORRUPT, "line 9");
  assert_massif_fails (HEAD "heap_tree=empty\n", TIDE_TRACE_ERROR_CORRUPT, "line 7");
  assert_massif_fails ("desc: (none)\ntime=5\n", TIDE_TRACE_ERROR_CORRUPT, "line 2");
  assert_massif_fails ("desc: (none)\ntime_unit: furlongs\n", TIDE_TRACE_ERROR_CORRUPT, "line 2");
  /* a tree that announces more children than it has */
  assert_massif_fails (HEAD "time=1\nmem_heap_B=8\nheap_tree=detailed\nn2: 8 (heap allocation functions)\n n0: 8 0x1: f (a.c:1)\n",
                       TIDE_TRACE_ERROR_TRUNCATED, "heap tree");
  assert_massif_fails (HEAD "time=1\nmem_heap_B=8\nheap_tree=detailed\nn1: 8 root\n n0: x 0x1: f (a.c:1)\n",
                       TIDE_TRACE_ERROR_CORRUPT, "line 11");
  assert_massif_fails (HEAD "time=1\nmem_heap_B=8\nheap_tree=detailed\n n0: 8 not a root\n",
                       TIDE_TRACE_ERROR_CORRUPT, "line 10");
  assert_massif_fails ("desc: (none)\ncmd: ./x\n", TIDE_TRACE_ERROR_TRUNCATED, "first complete snapshot");
  /* a number too large for 64 bits */
  assert_massif_fails (HEAD "time=99999999999999999999999\n", TIDE_TRACE_ERROR_CORRUPT, "line 7");
}

/* bzip2-compressed massif files, as massif-visualizer opens them: the same
 * trace as the plain file, and ms_print's peak for a peer's .bz2. */
static void
test_bzip2 (void)
{
  g_autofree char *plain = tide_test_data_path ("massif.out.leaky");
  g_autofree char *dir = g_dir_make_tmp ("tide-massif-bz2-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (dir, "massif.out.leaky", NULL);
  g_autofree char *packed = g_strconcat (copy, ".bz2", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *peer = tide_test_shared_path ("peers", "KDE_massif-visualizer/massif.out.duchainify.bz2");
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
  gsize len;
  const char *zip[] = { "bzip2", copy, NULL };
  g_autofree char *o1 = NULL;
  int status;

  if (!tide_test_have ("bzip2"))
    {
      g_test_skip ("bzip2 is not installed");
      return;
    }
  g_assert_true (g_file_get_contents (plain, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  o1 = tide_test_run (zip, dir, &status);
  g_assert_cmpint (status, ==, 0);
  {
    g_autoptr(TideTrace) a = tide_test_load (plain, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(TideTrace) b = tide_test_load (packed, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (tide_trace_get_n_samples (b), ==, tide_trace_get_n_samples (a));
    g_assert_cmpuint (tide_trace_get_totals (b)->cost.peak_bytes, ==, 1049621);
    g_assert_cmpuint (tide_trace_get_peak_sample (b), ==, 63);
  }

  if (peer != NULL)
    {
      g_autofree char *unpacked = g_build_filename (dir, "duchainify", NULL);
      g_autofree char *cmd = g_strdup_printf ("bzip2 -dc '%s' > '%s'", peer, unpacked);
      g_autoptr(TideTrace) a = NULL;
      g_autoptr(TideTrace) b = NULL;

      g_assert_cmpint (system (cmd), ==, 0);
      assert_matches_ms_print (unpacked);
      a = tide_test_load (unpacked, NULL);
      b = tide_test_load (peer, NULL);
      g_assert_nonnull (b);
      g_assert_cmpuint (tide_trace_get_totals (b)->cost.peak_bytes, ==, tide_trace_get_totals (a)->cost.peak_bytes);
      g_assert_cmpuint (tide_trace_get_n_samples (b), ==, tide_trace_get_n_samples (a));
    }

  /* cut short: refused as truncated, with the byte */
  {
    g_autofree char *bz = NULL;
    g_autofree char *cut = g_build_filename (dir, "cut.bz2", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_get_contents (packed, &bz, &len, NULL));
    g_assert_true (g_file_set_contents (cut, bz, len / 2, NULL));
    g_assert_null (tide_test_load (cut, &error));
    g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED);
    g_assert_nonnull (strstr (error->message, "bzip2 data ends unexpectedly at byte"));
  }
  g_assert_cmpint (system (rm), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/massif/samples", test_samples);
  g_test_add_func ("/core/massif/peers", test_peers);
  g_test_add_func ("/core/massif/details", test_details);
  g_test_add_func ("/core/massif/recorded", test_recorded);
  g_test_add_func ("/core/massif/truncations", test_truncations);
  g_test_add_func ("/core/massif/malformed", test_malformed);
  g_test_add_func ("/core/massif/bzip2", test_bzip2);

  return g_test_run ();
}
