/* test-sizes-cli.c: `tidemark export --chart=treemap|histogram` as scripts and users run it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/analysis/tide-replay.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

#define PYTHON_PEAK 10641272
#define PYTHON_END  67485

/* The SVG at @path: valid XML (and to xmllint), its last text (the
 * summary line) returned. */
static char *
read_svg (const char   *path,
          TideSvgStats *stats)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (tide_chart_test_parse_svg (text, stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats->n_titles, >, 3);
  g_assert_cmpuint (stats->n_texts, >, 3);
  if (tide_test_have ("xmllint"))
    {
      const char *argv[] = { "xmllint", "--noout", path, NULL };
      g_autofree char *out = NULL;
      int status;

      out = tide_test_run (argv, NULL, &status);
      g_assert_cmpint (status, ==, 0);
    }
  return g_strdup (g_ptr_array_index (stats->texts, stats->texts->len - 1));
}

static void
assert_png (const char *path,
            int         width,
            int         height)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, height);
  cairo_surface_destroy (image);
}

static void
assert_pdf (const char *path)
{
  g_autofree char *text = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (text, "%PDF"));
}

/* Whether some tooltip names size class @label: a class's own, or one of its sites'. */
static gboolean
names_class (TideSvgStats *stats,
             const char   *label)
{
  g_autofree char *own = g_strconcat (label, "\n", NULL);
  g_autofree char *site = g_strconcat ("\nin ", label, "\n", NULL);

  for (guint i = 0; i < stats->titles->len; i++)
    {
      const char *title = g_ptr_array_index (stats->titles, i);

      if (g_str_has_prefix (title, own) || strstr (title, site) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
run_ok (const char *out,
        const char *trace,
        const char *a,
        const char *b,
        const char *c,
        const char *d)
{
  g_auto(TideChartRun) r = { 0 };

  tide_chart_test_run_tidemark (&r, "export", "-o", out, trace, a, b, c, d, NULL);
  g_test_message ("%s %s %s %s → %s", a, b, c, d, out);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
}

/* Both charts in every scheme and format; the summary says what the
 * heap held at the peak, and the default scheme follows the program. */
static void
test_schemes (void)
{
  g_autofree char *python = tide_test_data_path ("ht_python.zst");
  g_autofree char *leaky = tide_test_data_path ("ht_leaky.zst");
  g_autofree char *dir = g_dir_make_tmp ("tide-sizes-cli-XXXXXX", NULL);
  g_autofree char *peak = g_format_size (PYTHON_PEAK);
  g_autofree char *live_at_peak = g_strdup_printf ("Live at peak: %s requested, ", peak);
  const char *charts[] = { "--chart=treemap", "--chart=histogram" };
  const char *classes[] = { "--classes=pow2", "--classes=pymalloc", "--classes=glibc" };

  for (guint c = 0; c < G_N_ELEMENTS (charts); c++)
    for (guint s = 0; s < G_N_ELEMENTS (classes); s++)
      {
        g_autofree char *svg = g_strdup_printf ("%s/%u-%u.svg", dir, c, s);
        g_autofree char *png = g_strdup_printf ("%s/%u-%u.png", dir, c, s);
        g_autofree char *pdf = g_strdup_printf ("%s/%u-%u.pdf", dir, c, s);
        g_auto(TideSvgStats) stats = { 0 };
        g_autofree char *summary = NULL;

        run_ok (svg, python, charts[c], classes[s], NULL, NULL);
        summary = read_svg (svg, &stats);
        g_test_message ("%s", summary);
        if (c == 0)
          g_assert_true (g_str_has_prefix (summary, live_at_peak));
        else
          {
            g_assert_true (g_str_has_prefix (summary, "Live at peak: "));
            g_assert_nonnull (strstr (summary, live_at_peak + strlen ("Live at peak: ")));
          }
        g_assert_nonnull (strstr (summary, "% rounding)"));
        run_ok (png, python, charts[c], classes[s], "--width=700", "--dark");
        assert_png (png, 700, c == 0 ? 800 : 600);
        run_ok (pdf, python, charts[c], classes[s], "--height=500", NULL);
        assert_pdf (pdf);
      }

  /* by default: pymalloc's classes for a Python program, powers of two otherwise */
  {
    g_autofree char *a = g_build_filename (dir, "python.svg", NULL);
    g_autofree char *b = g_build_filename (dir, "leaky.svg", NULL);
    g_autoptr(TideTrace) leaky_trace = tide_chart_test_trace ("ht_leaky.zst");
    g_autofree guint64 *leaky_peak = tide_size_classes_blocks_at_peak (leaky_trace);
    g_autoptr(GPtrArray) leaky_classes = tide_size_classes_compute (leaky_trace, TIDE_SIZE_CLASSES_POW2, leaky_peak);
    g_autofree char *pow2 = tide_size_class_label (TIDE_SIZE_CLASSES_POW2,
                                                   ((TideSizeClass *) g_ptr_array_index (leaky_classes, 0))->klass);
    g_auto(TideSvgStats) sa = { 0 };
    g_auto(TideSvgStats) sb = { 0 };
    g_autofree char *ignored_a = NULL;
    g_autofree char *ignored_b = NULL;

    run_ok (a, python, "--chart=treemap", NULL, NULL, NULL);
    ignored_a = read_svg (a, &sa);
    g_assert_true (names_class (&sa, "> 512 B (system malloc)"));
    run_ok (b, leaky, "--chart=treemap", "--color=site", "--value=handed-out", NULL);
    ignored_b = read_svg (b, &sb);
    g_assert_true (names_class (&sb, pow2));
    g_assert_false (names_class (&sb, "> 512 B (system malloc)"));
  }
  tide_chart_test_remove_dir (dir);
}

/* --at picks the heap at the peak, at the end or at an instant (replayed
 * here for the expected bytes); --all counts every allocation. */
static void
test_at (void)
{
  g_autofree char *python = tide_test_data_path ("ht_python.zst");
  g_autofree char *dir = g_dir_make_tmp ("tide-sizes-at-XXXXXX", NULL);
  g_autoptr(TideTrace) trace = tide_chart_test_trace ("ht_python.zst");
  g_autoptr(TideReplay) replay = tide_replay_new (trace, NULL, NULL);
  g_autofree guint64 *live = tide_replay_live_blocks_at (replay, tide_trace_event_index_at_time (trace, 1200));
  guint64 live_bytes = 0;
  g_autofree char *at_1200 = NULL;
  g_autofree char *at_end = NULL;
  g_autofree char *peak = g_format_size (PYTHON_PEAK);
  g_autofree char *at_peak = g_strdup_printf ("Live at peak: %s requested, ", peak);
  g_autofree char *all = g_format_size (tide_trace_get_totals (trace)->cost.allocated_bytes);
  g_autofree char *all_prefix = NULL;

  for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
    live_bytes += live[i] * tide_trace_get_info (trace, i)->size;
  {
    g_autofree char *size = g_format_size (live_bytes);
    g_autofree char *end = g_format_size (PYTHON_END);

    at_1200 = g_strdup_printf ("Live at 1.20 s: %s requested, ", size);
    at_end = g_strdup_printf ("Still live at the end: %s requested, ", end);
  }

  {
    const struct { const char *chart, *a, *b; const char *prefix; } runs[] = {
      { "--chart=treemap", "--at=peak", NULL, at_peak },
      { "--chart=treemap", "--at=end", NULL, at_end },
      { "--chart=treemap", "--at=1.2", NULL, at_1200 },
      { "--chart=histogram", "--at=1.2", "--live", "Live at 1.20 s: " },
      { "--chart=histogram", "--at=end", NULL, "Still live at the end: " },
      { "--chart=histogram", "--all", NULL, "All allocations: " },
    };

    for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
      {
        g_autofree char *svg = g_strdup_printf ("%s/at-%u.svg", dir, i);
        g_auto(TideSvgStats) stats = { 0 };
        g_autofree char *summary = NULL;

        run_ok (svg, python, runs[i].chart, runs[i].a, runs[i].b, NULL);
        summary = read_svg (svg, &stats);
        g_test_message ("%s", summary);
        g_assert_true (g_str_has_prefix (summary, runs[i].prefix));
        if (i == 5)
          {
            all_prefix = g_strdup_printf (", %s requested, ", all);
            g_assert_nonnull (strstr (summary, all_prefix));
          }
      }
  }
  tide_chart_test_remove_dir (dir);
}

/* Bad options exit with status 2 and one line that names the problem,
 * and write nothing; a trace without sizes exits with 1. */
static void
test_errors (void)
{
  g_autofree char *trace = tide_test_data_path ("ht_leaky.zst");
  g_autofree char *massif = tide_test_data_path ("massif.out.leaky");
  g_autofree char *dir = g_dir_make_tmp ("tide-sizes-err-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "x.svg", NULL);
  g_autofree char *folded = g_build_filename (dir, "x.folded", NULL);
  const struct
  {
    const char *chart;
    const char *a, *b;
    const char *mention;
  } bad[] = {
    { "--chart=treemap", "--classes=bogus", NULL, "bogus" },
    { "--chart=histogram", "--classes=", NULL, "--classes" },
    { "--chart=treemap", "--value=all", NULL, "--value" },
    { "--chart=treemap", "--color=function", NULL, "--color" },
    { "--chart=treemap", "--at=soon", NULL, "--at" },
    { "--chart=treemap", "--at=-2", NULL, "--at" },
    { "--chart=treemap", "--height=10", NULL, "--height" },
    { "--chart=histogram", "--width=3", NULL, "--width" },
    { "--chart=histogram", "--live", "--all", "--all" },
    { "--chart=histogram", "--all", "--at=peak", "--at" },
    { "--chart=treemap", "--live", NULL, "--live" },
    { "--chart=treemap", "--all", NULL, "--all" },
    { "--chart=treemap", "--series=heap", NULL, "--series" },
    { "--chart=treemap", "--metric=leaked", NULL, "--metric" },
    { "--chart=histogram", "--stacked=3", NULL, "--stacked" },
    { "--chart=histogram", "--value=requested", NULL, "--value" },
    { "--chart=histogram", "--color=class", NULL, "--color" },
    { "--chart=histogram", "--range=0:1", NULL, "--range" },
    { "--chart=flamegraph", "--classes=pow2", NULL, "--classes" },
    { "--chart=timeline", "--classes=glibc", NULL, "--classes" },
    { "--chart=timeline", "--all", NULL, "--all" },
    { "--chart=chart", NULL, NULL, "chart" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(TideChartRun) r = { 0 };

      tide_chart_test_run_tidemark (&r, "export", bad[i].chart, "-o", svg, trace, bad[i].a, bad[i].b, NULL);
      tide_chart_test_assert_fails (&r, 2, bad[i].mention);
    }
  {
    g_auto(TideChartRun) fold = { 0 };
    g_auto(TideChartRun) sizes = { 0 };

    tide_chart_test_run_tidemark (&fold, "export", "--chart=treemap", "-o", folded, trace, NULL);
    tide_chart_test_assert_fails (&fold, 2, "folded");
    tide_chart_test_run_tidemark (&sizes, "export", "--chart=histogram", "-o", svg, massif, NULL);
    tide_chart_test_assert_fails (&sizes, 1, "allocation sizes");
  }
  g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (folded, G_FILE_TEST_EXISTS));
  tide_chart_test_remove_dir (dir);
}

static void
test_help (void)
{
  g_auto(TideChartRun) h = { 0 };

  tide_chart_test_run_tidemark (&h, "export", "--help", NULL);
  g_assert_cmpint (h.status, ==, 0);
  for (const char *const *o = (const char *const[]) { "--classes", "--value", "--live", "--all", "treemap", "histogram",
                                                      NULL };
       *o != NULL; o++)
    g_assert_nonnull (strstr (h.out, *o));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/sizes-cli/schemes", test_schemes);
  g_test_add_func ("/charts/sizes-cli/at", test_at);
  g_test_add_func ("/charts/sizes-cli/errors", test_errors);
  g_test_add_func ("/charts/sizes-cli/help", test_help);

  return g_test_run ();
}
