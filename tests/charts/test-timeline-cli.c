/* test-timeline-cli.c: `tidemark export --chart=timeline` as scripts and users run it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tide-chart-test-util.h"
#include "tide-test-util.h"

static void
assert_valid_svg (const char *path,
                  const char *must_say)
{
  g_autofree char *text = NULL;
  g_auto(TideSvgStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean said = FALSE;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (tide_chart_test_parse_svg (text, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_titles, >=, 1);
  g_assert_cmpuint (stats.n_texts, >, 8);
  g_assert_nonnull (strstr (text, "<path d=\"M"));
  for (guint i = 0; i < stats.texts->len; i++)
    said |= g_str_equal (stats.texts->pdata[i], must_say);
  g_assert_true (said);
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
assert_valid_pdf (const char *path)
{
  g_autofree char *text = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (text, "%PDF"));
}

/* Every series, alone and together, stacked or not, in each format; with
 * the default size and others. */
static void
test_series (void)
{
  g_autofree char *trace = tide_test_data_path ("ht_python.zst");
  g_autofree char *dir = g_dir_make_tmp ("tide-timeline-cli-XXXXXX", NULL);
  const struct
  {
    const char *args[4];
    const char *legend; /* a label the SVG must have */
    int         width, height;
  } variants[] = {
    { { NULL }, "Heap", 1200, 400 },
    { { "--series=heap", NULL }, "Heap", 1200, 400 },
    { { "--series=rss", NULL }, "RSS", 1200, 400 },
    { { "--series=allocations", NULL }, "Live blocks", 1200, 400 },
    { { "--series=allocation-rate", NULL }, "Allocation rate", 1200, 400 },
    { { "--series=temporary-rate", "--dark", NULL }, "Temporary allocation rate", 1200, 400 },
    { { "--series=heap,rss,allocations,allocation-rate", "--width=900", "--height=500", NULL }, "RSS", 900, 500 },
    { { "--stacked=5", "--at=peak", NULL }, "Other", 1200, 400 },
    { { "--stacked=3", "--series=heap,rss", "--range=0.5:1.2", "--dark" }, "_PyObject_GC_New", 1200, 400 },
    { { "--at=1.2", "--window=1:1.5", "-w", "640" }, "1.2 s", 640, 400 },
    { { "--at=end", "--window=1.6:1.61", NULL }, "1.605 s", 1200, 400 },
  };
  const char *formats[] = { "svg", "png", "pdf" };

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      {
        g_autofree char *name = g_strdup_printf ("timeline-%u.%s", v, formats[f]);
        g_autofree char *out = g_build_filename (dir, name, NULL);
        g_auto(TideChartRun) r = { 0 };
        const char *const *a = variants[v].args;

        tide_chart_test_run_tidemark (&r, "export", "--chart=timeline", "-o", out, trace, a[0], a[1], a[2], a[3], NULL);
        g_test_message ("%s %s %s %s → %s", a[0], a[1], a[2], a[3], name);
        g_assert_cmpstr (r.err, ==, "");
        g_assert_cmpint (r.status, ==, 0);
        g_assert_cmpstr (r.out, ==, "");
        if (f == 0)
          assert_valid_svg (out, variants[v].legend);
        else if (f == 1)
          assert_valid_png (out, variants[v].width, variants[v].height);
        else
          assert_valid_pdf (out);
      }
  tide_chart_test_remove_dir (dir);
}

/* A series the trace lacks is left out, with a word on stderr. */
static void
test_missing_series (void)
{
  const char *text = "v 10400 3\nX ./p\na 10 0\n+ 0\nc 5\n+ 0\nc a\n\n# strings: 0\n# ips: 0\n";
  g_autofree char *dir = g_dir_make_tmp ("tide-timeline-cli-XXXXXX", NULL);
  g_autofree char *trace = g_build_filename (dir, "no-rss.txt", NULL);
  g_autofree char *out = g_build_filename (dir, "no-rss.svg", NULL);
  g_autofree char *svg = NULL;
  g_auto(TideChartRun) r = { 0 };

  g_assert_true (g_file_set_contents (trace, text, -1, NULL));
  tide_chart_test_run_tidemark (&r, "export", "--chart=timeline", "--series=heap,rss", "-o", out, trace, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "no rss series"));
  g_assert_cmpuint (strchr (r.err, '\n') - r.err, ==, strlen (r.err) - 1);
  g_assert_true (g_file_get_contents (out, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, ">Heap<"));
  g_assert_null (strstr (svg, ">RSS<"));
  tide_chart_test_remove_dir (dir);
}

/* Massif's time is in instructions: the axis counts them, and --at,
 * --range and --window take them. A trace without time has no timeline. */
static void
test_massif_units (void)
{
  g_autofree char *massif = tide_test_data_path ("massif.out.leaky");
  g_autofree char *folded = tide_test_data_path ("ht_leaky.leaked.folded");
  g_autofree char *dir = g_dir_make_tmp ("tide-timeline-cli-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "massif.svg", NULL);
  g_autofree char *none = g_build_filename (dir, "folded.svg", NULL);
  g_autofree char *svg = NULL;
  g_autofree char *size = g_format_size (1049621);
  g_autofree char *peak = g_strdup_printf ("Peak %s at 219844 instructions", size);

  {
    g_auto(TideChartRun) r = { 0 };

    tide_chart_test_run_tidemark (&r, "export", "--chart=timeline", "-o", out, massif, NULL);
    g_assert_cmpstr (r.err, ==, "");
    g_assert_cmpint (r.status, ==, 0);
    assert_valid_svg (out, peak);
    assert_valid_svg (out, "200 ki");
  }
  {
    g_auto(TideChartRun) r = { 0 };

    /* the window in instructions, not seconds: 200000 s would be past the end */
    tide_chart_test_run_tidemark (&r, "export", "--chart=timeline", "--window=210000:225000", "--at=219844",
                                  "-o", out, massif, NULL);
    g_assert_cmpstr (r.err, ==, "");
    g_assert_cmpint (r.status, ==, 0);
    assert_valid_svg (out, "220 ki");
    g_assert_true (g_file_get_contents (out, &svg, NULL, NULL));
    g_assert_null (strstr (svg, ">100 ki<"));
  }
  {
    g_auto(TideChartRun) r = { 0 };

    tide_chart_test_run_tidemark (&r, "export", "--chart=timeline", "-o", none, folded, NULL);
    tide_chart_test_assert_fails (&r, 1, "no time");
    g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
  }
  tide_chart_test_remove_dir (dir);
}

/* Bad options exit with status 2 and one line that names the problem, and
 * write nothing. */
static void
test_errors (void)
{
  g_autofree char *trace = tide_test_data_path ("ht_leaky.zst");
  g_autofree char *dir = g_dir_make_tmp ("tide-timeline-err-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "x.svg", NULL);
  g_autofree char *folded = g_build_filename (dir, "x.folded", NULL);
  const struct
  {
    const char *option;
    const char *mention;
  } bad[] = {
    { "--series=bytes", "bytes" },
    { "--series=heap,,rss", "“”" },
    { "--series=", "--series" },
    { "--stacked=0", "--stacked" },
    { "--stacked=1000", "--stacked" },
    { "--stacked=many", "--stacked" },
    { "--height=10", "--height" },
    { "--width=5", "--width" },
    { "--at=soon", "--at" },
    { "--at=-1", "--at" },
    { "--at=1s", "--at" },
    { "--range=2:1", "--range" },
    { "--range=1", "--range" },
    { "--range=a:b", "--range" },
    { "--window=3:3", "--window" },
    { "--metric=leaked", "--metric" },
    { "--search=Py", "--search" },
    { "--reverse", "--reverse" },
    { "--bogus", "--bogus" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(TideChartRun) r = { 0 };

      tide_chart_test_run_tidemark (&r, "export", "--chart=timeline", bad[i].option, "-o", svg, trace, NULL);
      tide_chart_test_assert_fails (&r, 2, bad[i].mention);
    }
  {
    g_auto(TideChartRun) both = { 0 };
    g_auto(TideChartRun) fold = { 0 };
    g_auto(TideChartRun) flame = { 0 };
    g_auto(TideChartRun) flame_height = { 0 };

    tide_chart_test_run_tidemark (&both, "export", "--chart=timeline", "--at=1", "--range=0:1", "-o", svg, trace, NULL);
    tide_chart_test_assert_fails (&both, 2, "--range");
    tide_chart_test_run_tidemark (&fold, "export", "--chart=timeline", "-o", folded, trace, NULL);
    tide_chart_test_assert_fails (&fold, 2, "folded");
    /* and the other way round: timeline options mean nothing to a flame graph */
    tide_chart_test_run_tidemark (&flame, "export", "--series=heap", "-o", svg, trace, NULL);
    tide_chart_test_assert_fails (&flame, 2, "--series");
    tide_chart_test_run_tidemark (&flame_height, "export", "--chart=flamegraph", "--height=300", "-o", svg, trace, NULL);
    tide_chart_test_assert_fails (&flame_height, 2, "--height");
  }
  g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (folded, G_FILE_TEST_EXISTS));
  tide_chart_test_remove_dir (dir);
}

/* memory_profiler: the process's memory, each child on a line of its own,
 * the functions @profile watched as labelled spans under the time axis;
 * no flame graph to draw. */
static void
test_mprof (void)
{
  g_autofree char *func = tide_test_data_path ("mprof_func.dat");
  g_autofree char *multi = tide_test_data_path ("mprof_multiprocess.dat");
  g_autofree char *dir = g_dir_make_tmp ("tide-timeline-mprof-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "func.svg", NULL);
  g_autofree char *svg2 = g_build_filename (dir, "multi.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "multi.png", NULL);
  g_autofree char *flame = g_build_filename (dir, "flame.svg", NULL);
  g_autofree char *text = NULL;
  g_auto(TideChartRun) a = { 0 };
  g_auto(TideChartRun) b = { 0 };
  g_auto(TideChartRun) c = { 0 };
  g_auto(TideChartRun) d = { 0 };
  g_auto(TideChartRun) json = { 0 };

  tide_chart_test_run_tidemark (&a, "export", "--chart=timeline", "-o", svg, func, NULL);
  g_assert_cmpint (a.status, ==, 0);
  assert_valid_svg (svg, "Memory");
  assert_valid_svg (svg, "__main__.build");
  assert_valid_svg (svg, "__main__.encode");
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  /* each span says what it did in its tooltip */
  {
    g_autofree char *from = g_format_size (22876153); /* 21.8164 MiB */
    g_autofree char *to = g_format_size (69808108);   /* 66.5742 MiB */
    g_autofree char *title = g_strdup_printf ("__main__.build: %s → %s in 260 ms", from, to);

    g_assert_nonnull (strstr (text, title));
  }

  tide_chart_test_run_tidemark (&b, "export", "--chart=timeline", "-o", svg2, multi, NULL);
  g_assert_cmpint (b.status, ==, 0);
  assert_valid_svg (svg2, "Child 26588");
  tide_chart_test_run_tidemark (&c, "export", "--chart=timeline", "--width=800", "--height=300", "-o", png, multi, NULL);
  g_assert_cmpint (c.status, ==, 0);
  assert_valid_png (png, 800, 300);

  tide_chart_test_run_tidemark (&d, "export", "--chart=flamegraph", "-o", flame, func, NULL);
  tide_chart_test_assert_fails (&d, 1, "no stacks");
  g_assert_false (g_file_test (flame, G_FILE_TEST_EXISTS));

  tide_chart_test_run_tidemark (&json, "summary", "--json", multi, NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.out, "\"format\": \"mprof\""));
  g_assert_nonnull (strstr (json.out, "{\"name\": \"Child 26588\", \"points\": 8, \"max_bytes\": 93036543}"));
  /* seconds from the first sample, as mprof plots them; no massif snapshot */
  g_assert_nonnull (strstr (json.out, "\"time_unit\": \"s\""));
  g_assert_nonnull (strstr (json.out, "\"peak_time_s\": 0.105"));
  g_assert_nonnull (strstr (json.out, "\"duration_s\": 1.026"));
  g_assert_null (strstr (json.out, "peak_snapshot"));
  tide_chart_test_remove_dir (dir);
}

static void
test_help (void)
{
  g_auto(TideChartRun) h = { 0 };

  tide_chart_test_run_tidemark (&h, "export", "--help", NULL);
  g_assert_cmpint (h.status, ==, 0);
  for (const char *const *o = (const char *const[]) { "--series", "--stacked", "--height", "--at", "--range", "--window",
                                                      "timeline", NULL };
       *o != NULL; o++)
    g_assert_nonnull (strstr (h.out, *o));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/timeline-cli/series", test_series);
  g_test_add_func ("/charts/timeline-cli/missing-series", test_missing_series);
  g_test_add_func ("/charts/timeline-cli/massif-units", test_massif_units);
  g_test_add_func ("/charts/timeline-cli/errors", test_errors);
  g_test_add_func ("/charts/timeline-cli/help", test_help);
  g_test_add_func ("/charts/timeline-cli/mprof", test_mprof);

  return g_test_run ();
}
