/* test-mprof.c: memory_profiler's `mprof run` files against their own figures
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/formats/tide-mprof-reader.h"
#include "core/tide-trace-error.h"
#include "tide-test-util.h"

static guint64
mib (double v)
{
  return (guint64) llround (v * 1048576.0);
}

static TideTrace *
load (const char *name)
{
  g_autofree char *path = tide_test_data_path (name);
  g_autoptr(GError) error = NULL;
  TideTrace *trace = tide_test_load (path, &error);

  g_assert_no_error (error);
  return trace;
}

static const TideSpan *
find_span (TideTrace  *trace,
           const char *name)
{
  for (guint i = 0; i < tide_trace_get_n_spans (trace); i++)
    if (g_str_equal (tide_trace_get_string (trace, tide_trace_get_span (trace, i)->name), name))
      return tide_trace_get_span (trace, i);
  g_error ("no span %s", name);
  return NULL;
}

/* The shared samples' figures (samples/README.md, mprof/). */
static void
test_func (void)
{
  g_autoptr(TideTrace) trace = load ("mprof_func.dat");
  const TideTotals *t = tide_trace_get_totals (trace);
  const TideSpan *build, *encode, *main_span;

  g_assert_cmpstr (tide_trace_get_format_name (trace), ==, "mprof");
  g_assert_cmpstr (tide_trace_get_command (trace), ==, "/usr/bin/python3 mp_workload.py");
  g_assert_cmpint (tide_trace_get_time_unit (trace), ==, TIDE_TIME_UNIT_MS);
  g_assert_false (tide_trace_counts_allocations (trace));
  g_assert_cmpuint (tide_trace_get_n_samples (trace), ==, 12);
  /* ms from the first record */
  g_assert_cmpuint (tide_trace_get_sample_time (trace, 0), ==, 0);
  g_assert_cmpuint (tide_trace_get_sample (trace, 0).heap_bytes, ==, mib (4.433594));
  g_assert_cmpuint (tide_trace_get_sample_time (trace, 11), ==, 1113);
  g_assert_cmpuint (t->cost.peak_bytes, ==, mib (112.089844));
  g_assert_cmpuint (t->peak_time_ms, ==, 709);
  g_assert_cmpuint (t->cost.leaked_bytes, ==, mib (48.179688));
  g_assert_cmpuint (tide_trace_get_n_extra_series (trace), ==, 0);

  /* the FUNC records, in order of start: main (depth 0), build, encode */
  g_assert_cmpuint (tide_trace_get_n_spans (trace), ==, 3);
  main_span = tide_trace_get_span (trace, 0);
  g_assert_cmpstr (tide_trace_get_string (trace, main_span->name), ==, "__main__.main");
  g_assert_cmpuint (main_span->depth, ==, 0);
  g_assert_cmpuint (main_span->start_bytes, ==, mib (21.8164));
  g_assert_cmpuint (main_span->end_bytes, ==, mib (24.4414));
  build = find_span (trace, "__main__.build");
  encode = find_span (trace, "__main__.encode");
  g_assert_cmpuint (build->depth, ==, 1);
  g_assert_cmpuint (build->start, ==, 112);
  g_assert_cmpuint (build->end, ==, 372);
  g_assert_cmpuint (build->start_bytes, ==, mib (21.8164));
  g_assert_cmpuint (build->end_bytes, ==, mib (66.5742));
  g_assert_cmpuint (encode->start_bytes, ==, mib (66.5742));
  g_assert_cmpuint (encode->end_bytes, ==, mib (91.2227));
  g_assert_true (tide_trace_get_span (trace, 1) == build);
}

static void
test_children (void)
{
  g_autoptr(TideTrace) trace = load ("mprof_children.dat");
  g_autoptr(TideTrace) multi = load ("mprof_multiprocess.dat");
  const TideSpan *work;
  const TideSeriesPoint *points;
  guint n;
  guint64 high = 0;

  /* --include-children: MEM is parent and child together */
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, ==, mib (160.574219));
  g_assert_cmpuint (tide_trace_get_n_spans (trace), ==, 1);
  work = find_span (trace, "__main__.parent_work");
  g_assert_cmpuint (work->start_bytes, ==, mib (21.8281));
  g_assert_cmpuint (work->end_bytes, ==, mib (21.9023));

  /* --multiprocess: the child on a line of its own */
  g_assert_cmpuint (tide_trace_get_n_samples (multi), ==, 11);
  g_assert_cmpuint (tide_trace_get_totals (multi)->cost.peak_bytes, ==, mib (149.0));
  g_assert_cmpuint (tide_trace_get_n_spans (multi), ==, 0);
  g_assert_cmpuint (tide_trace_get_n_extra_series (multi), ==, 1);
  g_assert_cmpstr (tide_trace_get_extra_series_name (multi, 0), ==, "Child 26588");
  points = tide_trace_get_extra_series (multi, 0, &n);
  g_assert_cmpuint (n, ==, 8);
  for (guint i = 0; i < n; i++)
    {
      high = MAX (high, points[i].max_value);
      g_assert_cmpuint (points[i].value, ==, points[i].max_value);
      g_assert_true (i == 0 || points[i].time > points[i - 1].time);
    }
  g_assert_cmpuint (high, ==, mib (88.726562));
  /* CHLD at 1933.1345, the first record at 1933.0289 */
  g_assert_cmpuint (points[0].time, ==, 106);
}

static void
assert_refused (const char *text,
                int         code,
                const char *where)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-mprof-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.dat", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  trace = tide_test_load (path, &error);
  g_assert_null (trace);
  g_assert_error (error, TIDE_TRACE_ERROR, code);
  if (strstr (error->message, where) == NULL)
    g_error ("expected “%s” in “%s”", where, error->message);
  g_unlink (path);
  g_rmdir (dir);
}

/* Broken records are refused with their line. */
static void
test_malformed (void)
{
  assert_refused ("CMDLINE x\nMEM 1.0 100.0\nMEM abc 100.1\n", TIDE_TRACE_ERROR_CORRUPT, "line 3: a MEM record");
  assert_refused ("MEM 1.0 100.0\nMEM 1.0\n", TIDE_TRACE_ERROR_CORRUPT, "line 2: a MEM record");
  assert_refused ("MEM 1.0 100.0\nMEM -1.0 100.1\n", TIDE_TRACE_ERROR_CORRUPT, "line 2");
  assert_refused ("MEM 1.0 100.0\nMEM nan 100.1\n", TIDE_TRACE_ERROR_CORRUPT, "line 2");
  assert_refused ("MEM 1.0 100.0\nCHLD x 1.0 100.0\n", TIDE_TRACE_ERROR_CORRUPT, "line 2: a CHLD record");
  assert_refused ("FUNC f 1.0 100.0 2.0\nMEM 1.0 100.0\n", TIDE_TRACE_ERROR_CORRUPT, "line 1: a FUNC record");
  assert_refused ("MEM 1.0 100.0\n\nHEAP 1 2\n", TIDE_TRACE_ERROR_CORRUPT, "line 3: “HEAP” is no record of mprof");
  assert_refused ("CMDLINE python3 x.py\nFUNC f 1.0 100.0 2.0 101.0 0\n", TIDE_TRACE_ERROR_EMPTY, "no MEM record");
}

/* The interpreter python3-mprof runs on (its #! line): the one that can
 * import memory_profiler's mprof module. NULL without python3-mprof. */
static char *
mprof_python (void)
{
  g_autofree char *mprof = g_find_program_in_path ("python3-mprof");
  g_autofree char *text = NULL;
  char *nl;

  if (mprof == NULL || !g_file_get_contents (mprof, &text, NULL, NULL) || !g_str_has_prefix (text, "#!"))
    return NULL;
  nl = strchr (text, '\n');
  if (nl != NULL)
    *nl = '\0';
  return g_strdup (g_strstrip (text + 2));
}

static guint64
ms_between (double t,
            double t0)
{
  return (guint64) llround (MAX (t - t0, 0) * 1000);
}

/* Our trace of @path against what memory_profiler's own reader
 * (mprof.read_mprofile_file, behind `mprof plot` and `mprof peak`) finds
 * in it: every MEM sample, the peak, every FUNC and every child. */
static void
check_against_mprof (const char *python,
                     const char *path)
{
  g_autofree char *helper = tide_test_data_path ("mp_read.py");
  const char *argv[] = { python, helper, path, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (path, &error);
  guint n_samples = 0, n_funcs = 0, n_children = 0, n_mem = 0;
  double t0 = 0;
  int status;

  g_assert_no_error (error);
  out = tide_test_run (argv, NULL, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (out);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char name[256];
      double a, b, c, d;
      guint index, count;
      int depth;

      if (sscanf (lines[i], "samples %u %lf", &n_samples, &t0) == 2)
        g_assert_cmpuint (tide_trace_get_n_samples (trace), ==, n_samples);
      else if (sscanf (lines[i], "mem %u %lf %lf", &index, &a, &b) == 3)
        {
          TideTimelineSample s = tide_trace_get_sample (trace, index);

          g_assert_cmpuint (s.heap_bytes, ==, mib (a));
          g_assert_cmpuint (s.time_ms, ==, ms_between (b, t0));
          n_mem++;
        }
      else if (sscanf (lines[i], "peak %lf", &a) == 1)
        g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, ==, mib (a));
      else if (sscanf (lines[i], "func %255s %lf %lf %lf %lf %d", name, &a, &b, &c, &d, &depth) == 6)
        {
          gboolean found = FALSE;

          for (guint k = 0; k < tide_trace_get_n_spans (trace) && !found; k++)
            {
              const TideSpan *span = tide_trace_get_span (trace, k);

              found = g_str_equal (tide_trace_get_string (trace, span->name), name)
                      && span->start == ms_between (a, t0) && span->end == MAX (ms_between (b, t0), span->start)
                      && span->start_bytes == mib (c) && span->end_bytes == mib (d)
                      && span->depth == (guint) MAX (depth, 0);
            }
          if (!found)
            g_error ("%s: no span for memory_profiler's %s", path, lines[i]);
          n_funcs++;
        }
      else if (sscanf (lines[i], "child %255s %u %lf", name, &count, &a) == 3)
        {
          g_autofree char *label = g_strdup_printf ("Child %s", name);
          gboolean found = FALSE;

          for (guint e = 0; e < tide_trace_get_n_extra_series (trace) && !found; e++)
            if (g_str_equal (tide_trace_get_extra_series_name (trace, e), label))
              {
                guint n;
                const TideSeriesPoint *points = tide_trace_get_extra_series (trace, e, &n);
                guint64 high = 0;

                for (guint k = 0; k < n; k++)
                  high = MAX (high, points[k].max_value);
                g_assert_cmpuint (n, ==, count);
                g_assert_cmpuint (high, ==, mib (a));
                found = TRUE;
              }
          if (!found)
            g_error ("%s: no series for memory_profiler's %s", path, lines[i]);
          n_children++;
        }
    }
  g_assert_cmpuint (n_mem, ==, n_samples);
  g_assert_cmpuint (n_samples, >, 0);
  g_assert_cmpuint (tide_trace_get_n_spans (trace), ==, n_funcs);
  g_assert_cmpuint (tide_trace_get_n_extra_series (trace), ==, n_children);
  g_test_message ("%s: %u samples, %u functions, %u children as memory_profiler reads them", path, n_samples,
                  n_funcs, n_children);
}

/* The committed recordings, read by memory_profiler itself. */
static void
test_against_mprof (void)
{
  g_autofree char *python = mprof_python ();
  const char *names[] = { "mprof_func.dat", "mprof_children.dat", "mprof_multiprocess.dat" };

  if (python == NULL)
    {
      g_test_skip ("python3-mprof is not installed (Debian: python3-memory-profiler)");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = tide_test_data_path (names[i]);

      check_against_mprof (python, path);
    }
}

/* A file recorded now by memory_profiler, against memory_profiler's
 * reading of it and against `mprof peak`. */
static void
test_recorded (void)
{
  g_autofree char *python = mprof_python ();
  g_autofree char *dir = NULL;
  g_autofree char *script = tide_test_data_path ("mp_record.py");
  g_autofree char *dat = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = NULL;
  g_autofree char *peak_out = NULL;
  const char *tab;
  double peak;
  int status;

  if (python == NULL)
    {
      g_test_skip ("python3-mprof is not installed (Debian: python3-memory-profiler)");
      return;
    }
  dir = g_dir_make_tmp ("tide-mprof-rec-XXXXXX", NULL);
  dat = g_build_filename (dir, "recorded.dat", NULL);
  {
    const char *argv[] = { "python3-mprof", "run", "--python", "-o", dat, script, NULL };
    g_autofree char *out = tide_test_run (argv, dir, &status);

    g_assert_cmpint (status, ==, 0);
  }
  check_against_mprof (python, dat);

  trace = tide_test_load (dat, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tide_trace_get_n_spans (trace), ==, 1);
  g_assert_cmpstr (tide_trace_get_string (trace, tide_trace_get_span (trace, 0)->name), ==, "__main__.grow");
  /* the 40 MiB grow() holds show */
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, >, mib (40));

  /* `mprof peak` prints "<file>\t<MiB, 3 places> MiB" */
  {
    const char *argv[] = { "python3-mprof", "peak", dat, NULL };

    peak_out = tide_test_run (argv, dir, &status);
  }
  g_assert_cmpint (status, ==, 0);
  tab = strchr (peak_out, '\t');
  g_assert_nonnull (tab);
  g_assert_cmpint (sscanf (tab + 1, "%lf MiB", &peak), ==, 1);
  /* as printed, to the digit: Python's "%.3f" and C's round a tie such as
   * 62.3125 alike (to even), where a tolerance of half the last place
   * failed on it */
  {
    g_autofree char *ours = g_strdup_printf ("%.3f MiB", tide_trace_get_totals (trace)->cost.peak_bytes / 1048576.0);
    g_autofree char *theirs = g_strndup (tab + 1, strcspn (tab + 1, "\n"));

    g_assert_cmpstr (ours, ==, theirs);
  }
  g_test_message ("mprof peak: %.3f MiB", peak);
  g_unlink (dat);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mprof/func", test_func);
  g_test_add_func ("/core/mprof/children", test_children);
  g_test_add_func ("/core/mprof/malformed", test_malformed);
  g_test_add_func ("/core/mprof/against-mprof", test_against_mprof);
  g_test_add_func ("/core/mprof/recorded", test_recorded);

  return g_test_run ();
}
