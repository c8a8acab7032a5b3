/* test-diff-export-cli.c: `tidemark export --chart=diff-flamegraph BEFORE AFTER` as scripts run it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tide-chart-test-util.h"
#include "tide-test-util.h"

static void
load_svg (const char   *path,
          TideSvgStats *stats)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (tide_chart_test_parse_svg (text, stats, &error));
  g_assert_no_error (error);
}

/* Every format and option; the root's title holds both peaks and the change. */
static void
test_images (void)
{
  g_autofree char *before = tide_test_data_path ("tm_before.pickle");
  g_autofree char *after = tide_test_data_path ("tm_after.pickle");
  g_autofree char *dir = g_dir_make_tmp ("tide-diff-export-XXXXXX", NULL);
  const char *variants[][5] = {
    { NULL },
    { "--metric=allocations", "--reverse", "--dark", NULL },
    { "--merge=line", "--search=json", "--width=640", NULL },
    { "--metric=peak", "--hide-allocators", NULL },
  };

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      const char *exts[] = { "svg", "png", "pdf" };

      for (guint e = 0; e < G_N_ELEMENTS (exts); e++)
        {
          g_autofree char *name = g_strdup_printf ("diff%u.%s", v, exts[e]);
          g_autofree char *out = g_build_filename (dir, name, NULL);
          g_auto(TideChartRun) r = { 0 };

          tide_chart_test_run_tidemark (&r, "export", "--chart=diff-flamegraph", "-o", out, before, after,
                                        variants[v][0], variants[v][1], variants[v][2], variants[v][3], NULL);
          g_assert_cmpstr (r.err, ==, "");
          g_assert_cmpstr (r.out, ==, "");
          g_assert_cmpint (r.status, ==, 0);
          if (e == 0)
            {
              g_auto(TideSvgStats) stats = { 0 };

              load_svg (out, &stats);
              g_assert_cmpuint (stats.n_titles, >, 10);
              g_assert_cmpuint (stats.n_texts, >, 3);
              /* boxes are painted root row first */
              g_test_message ("%s", (const char *) g_ptr_array_index (stats.titles, 0));
              g_assert_true (g_str_has_prefix (g_ptr_array_index (stats.titles, 0), "all — "));
              if (v != 1)
                g_assert_nonnull (strstr (g_ptr_array_index (stats.titles, 0), "(+755"));
              else
                g_assert_nonnull (strstr (g_ptr_array_index (stats.titles, 0), "1452 → 10057 (+8605"));
            }
          else if (e == 1)
            {
              cairo_surface_t *image = cairo_image_surface_create_from_png (out);

              g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
              g_assert_cmpint (cairo_image_surface_get_width (image), ==, v == 2 ? 640 : 1200);
              g_assert_cmpint (cairo_image_surface_get_height (image) % 18, ==, 0);
              cairo_surface_destroy (image);
            }
          else
            {
              g_autofree char *text = NULL;

              g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
              g_assert_true (g_str_has_prefix (text, "%PDF"));
            }
        }
    }
  tide_chart_test_remove_dir (dir);
}

/* Two heaptrack runs of one program: every box matched, nothing changed. */
static void
test_heaptrack_runs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-diff-export-ht-XXXXXX", NULL);
  g_autofree char *d1 = g_build_filename (dir, "a", NULL);
  g_autofree char *d2 = g_build_filename (dir, "b", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *svg = g_build_filename (dir, "same.svg", NULL);
  g_auto(TideChartRun) r = { 0 };
  g_auto(TideSvgStats) stats = { 0 };

  g_mkdir (d1, 0700);
  g_mkdir (d2, 0700);
  a = tide_test_record_heaptrack (d1, "leaky.c", "gcc");
  b = tide_test_record_heaptrack (d2, "leaky.c", "gcc");
  if (a == NULL || b == NULL)
    {
      tide_chart_test_remove_dir (dir);
      g_test_skip ("heaptrack or gcc is not installed");
      return;
    }
  tide_chart_test_run_tidemark (&r, "export", "--chart=diff-flamegraph", "--merge=line", "-o", svg, a, b, NULL);
  g_assert_cmpint (r.status, ==, 0);
  load_svg (svg, &stats);
  g_assert_cmpuint (stats.n_titles, >, 5);
  for (guint i = 0; i < stats.titles->len; i++)
    {
      const char *title = g_ptr_array_index (stats.titles, i);

      g_assert_nonnull (strstr (title, "(+0"));
      g_assert_null (strstr (title, "only"));
    }
  tide_chart_test_remove_dir (dir);
}

static void
test_errors (void)
{
  g_autofree char *before = tide_test_data_path ("tm_before.pickle");
  g_autofree char *after = tide_test_data_path ("tm_after.pickle");
  g_autofree char *dir = g_dir_make_tmp ("tide-diff-export-err-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "x.svg", NULL);
  g_autofree char *folded = g_build_filename (dir, "x.folded", NULL);
  g_auto(TideChartRun) one = { 0 };
  g_auto(TideChartRun) three = { 0 };
  g_auto(TideChartRun) color = { 0 };
  g_auto(TideChartRun) stacks = { 0 };
  g_auto(TideChartRun) timeline = { 0 };
  g_auto(TideChartRun) flame = { 0 };
  g_auto(TideChartRun) missing = { 0 };

  tide_chart_test_run_tidemark (&one, "export", "--chart=diff-flamegraph", "-o", svg, before, NULL);
  tide_chart_test_assert_fails (&one, 2, "BEFORE AFTER");
  tide_chart_test_run_tidemark (&three, "export", "--chart=diff-flamegraph", "-o", svg, before, after, after, NULL);
  tide_chart_test_assert_fails (&three, 2, "BEFORE AFTER");
  /* a difference is coloured by its change */
  tide_chart_test_run_tidemark (&color, "export", "--chart=diff-flamegraph", "--color=module", "-o", svg, before, after, NULL);
  tide_chart_test_assert_fails (&color, 2, "--color");
  tide_chart_test_run_tidemark (&stacks, "export", "--chart=diff-flamegraph", "-o", folded, before, after, NULL);
  tide_chart_test_assert_fails (&stacks, 2, "folded");
  tide_chart_test_run_tidemark (&timeline, "export", "--chart=timeline", "--stacked=3", "-o", svg, before, after, NULL);
  tide_chart_test_assert_fails (&timeline, 2, "one trace file");
  tide_chart_test_run_tidemark (&flame, "export", "-o", svg, before, after, NULL);
  tide_chart_test_assert_fails (&flame, 2, "one trace file");
  tide_chart_test_run_tidemark (&missing, "export", "--chart=diff-flamegraph", "-o", svg, before, "/nonexistent/after.pickle", NULL);
  tide_chart_test_assert_fails (&missing, 1, "after.pickle");
  g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
  tide_chart_test_remove_dir (dir);
}

static void
test_help (void)
{
  g_auto(TideChartRun) h = { 0 };

  tide_chart_test_run_tidemark (&h, "export", "--help", NULL);
  g_assert_cmpint (h.status, ==, 0);
  g_assert_nonnull (strstr (h.out, "diff-flamegraph"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/cli/diff/images", test_images);
  g_test_add_func ("/charts/cli/diff/heaptrack-runs", test_heaptrack_runs);
  g_test_add_func ("/charts/cli/diff/errors", test_errors);
  g_test_add_func ("/charts/cli/diff/help", test_help);

  return g_test_run ();
}
