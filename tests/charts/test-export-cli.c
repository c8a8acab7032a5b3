/* test-export-cli.c: `tidemark export` as scripts and users run it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tide-chart-test-util.h"
#include "tide-test-util.h"

/* Per distinct stack, the summed value; non-zero ones only, sorted. */
static GArray *
stack_values (const char *folded_text)
{
  g_autoptr(GHashTable) per_stack = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit (folded_text, "\n", -1);
  GArray *values = g_array_new (FALSE, FALSE, sizeof (guint64));
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *space = strrchr (lines[i], ' ');
      guint64 v;

      if (space == NULL)
        continue;
      v = g_ascii_strtoull (space + 1, NULL, 10);
      *space = '\0';
      g_hash_table_insert (per_stack, g_strdup (lines[i]),
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (per_stack, lines[i])) + v));
    }
  g_hash_table_iter_init (&iter, per_stack);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint64 v = GPOINTER_TO_SIZE (value);

      if (v != 0)
        g_array_append_val (values, v);
    }
  return values;
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

static guint64
sum_values (GArray *values)
{
  guint64 sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, guint64, i);
  return sum;
}

/* heaptrack_print's own folded output for @trace, per stack. */
static GArray *
heaptrack_values (const char *trace,
                  const char *cost_type,
                  const char *dir)
{
  g_autofree char *folded = g_build_filename (dir, "heaptrack.folded", NULL);
  const char *argv[] = {
    "heaptrack_print", trace, "--disable-builtin-suppressions", "--disable-embedded-suppressions",
    "--flamegraph-cost-type", cost_type, "-F", folded, NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  int status;
  GArray *values;

  out = tide_test_run (argv, NULL, &status);
  g_assert_nonnull (out);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (folded, &text, NULL, NULL));
  g_unlink (folded);
  values = stack_values (text);
  g_array_sort (values, compare_u64);
  return values;
}

/* `tidemark export -o x.folded` for @metric, per stack. */
static GArray *
our_values (const char *trace,
            const char *metric,
            const char *dir)
{
  g_autofree char *folded = g_build_filename (dir, "ours.folded", NULL);
  g_autofree char *metric_arg = g_strconcat ("--metric=", metric, NULL);
  g_autofree char *text = NULL;
  g_auto(TideChartRun) r = { 0 };
  GArray *values;

  tide_chart_test_run_tidemark (&r, "export", "--chart=flamegraph", metric_arg, "-o", folded, trace, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_file_get_contents (folded, &text, NULL, NULL));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_unlink (folded);
  values = stack_values (text);
  g_array_sort (values, compare_u64);
  return values;
}

/* Same total as the trace and as heaptrack_print, and the same value for
 * every stack (stack texts differ: heaptrack stops at main and orders
 * inlined frames its own way, so the values are compared as a multiset). */
static void
assert_folded_matches (const char    *trace,
                       const guint64 *expected_totals)
{
  const char *metrics[] = { "peak", "leaked", "allocations", "temporary" };
  g_autofree char *dir = g_dir_make_tmp ("tide-export-cli-XXXXXX", NULL);
  gboolean have_heaptrack = tide_test_have ("heaptrack_print");

  for (guint m = 0; m < G_N_ELEMENTS (metrics); m++)
    {
      g_autoptr(GArray) ours = our_values (trace, metrics[m], dir);
      g_autoptr(GArray) theirs = NULL;
      guint64 total;

      if (expected_totals != NULL)
        g_assert_cmpuint (sum_values (ours), ==, expected_totals[m]);
      if (!have_heaptrack)
        continue;
      g_assert_true (tide_test_heaptrack_total (trace, metrics[m], &total));
      g_assert_cmpuint (sum_values (ours), ==, total);

      theirs = heaptrack_values (trace, metrics[m], dir);
      g_test_message ("%s: %u stacks, heaptrack_print %u", metrics[m], ours->len, theirs->len);
      g_assert_cmpuint (ours->len, ==, theirs->len);
      for (guint i = 0; i < ours->len; i++)
        g_assert_cmpuint (g_array_index (ours, guint64, i), ==, g_array_index (theirs, guint64, i));
    }
  tide_chart_test_remove_dir (dir);
  if (!have_heaptrack)
    g_test_incomplete ("heaptrack_print is not installed: compared with the known totals only");
}

static void
test_folded_leaky (void)
{
  g_autofree char *path = tide_test_data_path ("ht_leaky.zst");
  const guint64 totals[] = { 1122325, 5141, 913, 502 };

  assert_folded_matches (path, totals);
}

static void
test_folded_recorded (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-export-rec-XXXXXX", NULL);
  g_autofree char *path = tide_test_record_heaptrack (dir, "leaky.c", "cc");

  if (path == NULL)
    {
      tide_chart_test_remove_dir (dir);
      g_test_skip ("heaptrack or cc is not installed");
      return;
    }
  assert_folded_matches (path, NULL);
  tide_chart_test_remove_dir (dir);
}

static void
assert_valid_svg (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(TideSvgStats) stats = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (tide_chart_test_parse_svg (text, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_titles, >, 3);
  g_assert_cmpuint (stats.n_texts, >, 3);
  if (tide_test_have ("xmllint"))
    {
      const char *argv[] = { "xmllint", "--noout", path, NULL };
      g_autofree char *out = NULL;
      int status;

      out = tide_test_run (argv, NULL, &status);
      g_assert_cmpint (status, ==, 0);
    }
}

static void
assert_valid_png (const char *path,
                  int         width)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, width);
  /* 18 px per row, and more than a few rows */
  g_assert_cmpint (cairo_image_surface_get_height (image) % 18, ==, 0);
  g_assert_cmpint (cairo_image_surface_get_height (image), >=, 5 * 18);
  cairo_surface_destroy (image);
}

static void
assert_valid_pdf (const char *path)
{
  g_autofree char *text = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (text, "%PDF"));
}

/* Every option, through every image format. */
static void
test_images (void)
{
  g_autofree char *trace = tide_test_data_path ("ht_python.zst");
  g_autofree char *dir = g_dir_make_tmp ("tide-export-img-XXXXXX", NULL);
  const char *variants[][5] = {
    { "--metric=peak", NULL },
    { "--metric=allocated", "--reverse", "--dark", NULL },
    { "--metric=leaked", "--merge=line", "--color=module", NULL },
    { "--metric=temporary", "--hide-allocators", "--search=Py", "--width=640", NULL },
  };

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      const char *exts[] = { "svg", "png", "pdf" };

      for (guint e = 0; e < G_N_ELEMENTS (exts); e++)
        {
          g_autofree char *name = g_strdup_printf ("chart%u.%s", v, exts[e]);
          g_autofree char *out = g_build_filename (dir, name, NULL);
          g_auto(TideChartRun) r = { 0 };

          tide_chart_test_run_tidemark (&r, "export", "-o", out, trace, variants[v][0], variants[v][1], variants[v][2], variants[v][3], NULL);
          g_assert_cmpstr (r.err, ==, "");
          g_assert_cmpint (r.status, ==, 0);
          if (e == 0)
            assert_valid_svg (out);
          else if (e == 1)
            assert_valid_png (out, v == 3 ? 640 : 1200);
          else
            assert_valid_pdf (out);
        }
    }
  tide_chart_test_remove_dir (dir);
}

static void
test_errors (void)
{
  g_autofree char *trace = tide_test_data_path ("ht_leaky.zst");
  g_autofree char *dir = g_dir_make_tmp ("tide-export-err-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "x.svg", NULL);
  g_autofree char *txt = g_build_filename (dir, "x.txt", NULL);
  g_autofree char *unwritable = g_build_filename (dir, "missing", "x.svg", NULL);
  g_auto(TideChartRun) timeline = { 0 };
  g_auto(TideChartRun) treemap = { 0 };
  g_auto(TideChartRun) chart = { 0 };
  g_auto(TideChartRun) metric = { 0 };
  g_auto(TideChartRun) no_out = { 0 };
  g_auto(TideChartRun) ext = { 0 };
  g_auto(TideChartRun) no_file = { 0 };
  g_auto(TideChartRun) width = { 0 };
  g_auto(TideChartRun) option = { 0 };
  g_auto(TideChartRun) merge = { 0 };
  g_auto(TideChartRun) missing = { 0 };
  g_auto(TideChartRun) cannot_write = { 0 };

  /* flame graph options mean nothing to the timeline */
  tide_chart_test_run_tidemark (&timeline, "export", "--chart=timeline", "--metric=leaked", "-o", svg, trace, NULL);
  tide_chart_test_assert_fails (&timeline, 2, "--metric");
  /* and to the treemap */
  tide_chart_test_run_tidemark (&treemap, "export", "--chart=treemap", "--merge=line", "-o", svg, trace, NULL);
  tide_chart_test_assert_fails (&treemap, 2, "--merge");
  tide_chart_test_run_tidemark (&chart, "export", "--chart=pie", "-o", svg, trace, NULL);
  tide_chart_test_assert_fails (&chart, 2, "pie");
  tide_chart_test_run_tidemark (&metric, "export", "--metric=bytes", "-o", svg, trace, NULL);
  tide_chart_test_assert_fails (&metric, 2, "bytes");
  tide_chart_test_run_tidemark (&no_out, "export", trace, NULL);
  tide_chart_test_assert_fails (&no_out, 2, "-o");
  tide_chart_test_run_tidemark (&ext, "export", "-o", txt, trace, NULL);
  tide_chart_test_assert_fails (&ext, 2, "x.txt");
  tide_chart_test_run_tidemark (&no_file, "export", "-o", svg, NULL);
  tide_chart_test_assert_fails (&no_file, 2, "trace file");
  tide_chart_test_run_tidemark (&width, "export", "--width=0", "-o", svg, trace, NULL);
  tide_chart_test_assert_fails (&width, 2, "--width");
  tide_chart_test_run_tidemark (&option, "export", "--colour=red", "-o", svg, trace, NULL);
  tide_chart_test_assert_fails (&option, 2, "--colour");
  tide_chart_test_run_tidemark (&merge, "export", "--merge=file", "-o", svg, trace, NULL);
  tide_chart_test_assert_fails (&merge, 2, "file");
  tide_chart_test_run_tidemark (&missing, "export", "-o", svg, "/nonexistent/trace.zst", NULL);
  tide_chart_test_assert_fails (&missing, 1, "trace.zst");
  tide_chart_test_run_tidemark (&cannot_write, "export", "-o", unwritable, trace, NULL);
  tide_chart_test_assert_fails (&cannot_write, 1, "x.svg");

  /* nothing was written by any of them */
  g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
  tide_chart_test_remove_dir (dir);
}

static void
test_help_lists_export (void)
{
  g_auto(TideChartRun) r = { 0 };
  g_auto(TideChartRun) h = { 0 };

  tide_chart_test_run_tidemark (&r, "help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "export"));
  tide_chart_test_run_tidemark (&h, "export", "--help", NULL);
  g_assert_cmpint (h.status, ==, 0);
  g_assert_nonnull (strstr (h.out, "--metric"));
  g_assert_nonnull (strstr (h.out, "--search"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/cli/folded-leaky", test_folded_leaky);
  g_test_add_func ("/charts/cli/folded-recorded", test_folded_recorded);
  g_test_add_func ("/charts/cli/images", test_images);
  g_test_add_func ("/charts/cli/errors", test_errors);
  g_test_add_func ("/charts/cli/help", test_help_lists_export);

  return g_test_run ();
}
