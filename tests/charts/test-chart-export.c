/* test-chart-export.c: SVG, PNG and PDF export agree with each other and replace files atomically
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

#include "charts/tide-chart-export.h"
#include "charts/tide-flame-painter.h"
#include "core/analysis/tide-flame-search.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

static const TideFlameOptions top_down = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, FALSE };

/* A flame graph of @name as the window would draw it. */
static TideDrawList *
flame_list (const char *name,
            TideMetric  metric,
            double      width,
            gboolean    dark,
            const char *search)
{
  g_autoptr(TideFlameTree) tree = tide_chart_test_tree (name, &top_down);
  g_autoptr(TideFlameLayout) layout = tide_flame_layout_new (tree, metric, 0, width);
  g_autofree guint8 *marks = NULL;
  TideFlameStyle style;

  tide_flame_style_init (&style);
  style.dark = dark;
  if (search != NULL)
    {
      guint64 matched;

      marks = g_new0 (guint8, tide_flame_tree_get_n_nodes (tree));
      g_assert_true (tide_flame_search (tree, search, FALSE, metric, marks, &matched, NULL));
      style.matches = marks;
    }
  return tide_flame_paint (layout, &style, width, tide_flame_painter_get_height (layout, &style));
}

static void
test_format_from_name (void)
{
  TideExportFormat f;

  g_assert_true (tide_export_format_from_name ("a.svg", &f));
  g_assert_cmpint (f, ==, TIDE_EXPORT_SVG);
  g_assert_true (tide_export_format_from_name ("/tmp/x.y/Chart.PNG", &f));
  g_assert_cmpint (f, ==, TIDE_EXPORT_PNG);
  g_assert_true (tide_export_format_from_name ("c.pdf", &f));
  g_assert_cmpint (f, ==, TIDE_EXPORT_PDF);
  g_assert_true (tide_export_format_from_name ("d.folded", &f));
  g_assert_cmpint (f, ==, TIDE_EXPORT_FOLDED);
  g_assert_false (tide_export_format_from_name ("e.txt", &f));
  g_assert_false (tide_export_format_from_name ("svg", &f));
  g_assert_false (tide_export_format_from_name ("dir.svg/file", &f));
}

/* The SVG is well-formed XML, one <title> per box and one <text> per label,
 * with the labels' text exactly as recorded. */
static void
test_svg_structure (void)
{
  g_autoptr(TideDrawList) list = flame_list ("ht_python.zst", TIDE_METRIC_PEAK, 1200, FALSE, NULL);
  GString *svg = g_string_new (NULL);
  g_auto(TideSvgStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  guint n_rects = 0, n_titles = 0, n_texts = 0;

  tide_draw_list_write_svg (list, svg);
  g_assert_true (g_utf8_validate (svg->str, svg->len, NULL));
  g_assert_true (g_str_has_prefix (svg->str, "<?xml"));
  g_assert_true (tide_chart_test_parse_svg (svg->str, &stats, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);

      if (op->kind == TIDE_DRAW_RECT)
        {
          n_rects++;
          if (op->title != NULL)
            g_assert_cmpstr (op->title, ==, stats.titles->pdata[n_titles++]);
        }
      else
        g_assert_cmpstr (op->text, ==, stats.texts->pdata[n_texts++]);
    }
  g_test_message ("%u boxes, %u titles, %u texts", n_rects, stats.n_titles, stats.n_texts);
  g_assert_cmpuint (n_titles, ==, n_rects);
  g_assert_cmpuint (stats.n_titles, ==, n_titles);
  g_assert_cmpuint (stats.n_texts, ==, n_texts);
  g_assert_cmpuint (n_texts, >, 10);
  g_assert_cmpuint (stats.n_rects, ==, n_rects + 1); /* and the background */
  g_assert_nonnull (strstr (svg->str, "font-family=\"" TIDE_CHART_FONT_FAMILY "\""));
  g_string_free (svg, TRUE);
}

/* Markup characters, quotes, control characters and broken UTF-8 in names
 * still make valid XML, and read back as what was drawn. */
static void
test_svg_escaping (void)
{
  TideColor white = { 1, 1, 1, 1 }, black = { 0, 0, 0, 1 }, none = { 0 };
  g_autoptr(TideDrawList) list = tide_draw_list_new (200, 40, white);
  g_autofree char *dir = g_dir_make_tmp ("tide-svg-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "escape.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GString *svg = g_string_new (NULL);
  g_auto(TideSvgStats) stats = { 0 };
  g_autoptr(GError) error = NULL;

  tide_draw_list_add_rect (list, 0, 0, 100, 20, black, none, "operator<< <T&> \"q\" 'a' \x01 ]]> \xff end");
  tide_draw_list_add_text (list, 3, 14, 12, white, "a<b & c>\td");
  tide_draw_list_add_rect (list, 100, 0, 100, 20, black, white, NULL);
  tide_draw_list_write_svg (list, svg);

  g_assert_true (g_utf8_validate (svg->str, svg->len, NULL));
  g_assert_true (tide_chart_test_parse_svg (svg->str, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_titles, ==, 1);
  g_assert_cmpstr (stats.titles->pdata[0], ==, "operator<< <T&> \"q\" 'a' \xef\xbf\xbd ]]> \xef\xbf\xbd end");
  g_assert_cmpstr (stats.texts->pdata[0], ==, "a<b & c>\td");
  /* the outlined box: its outline is a second, unfilled rect */
  g_assert_cmpuint (stats.n_rects, ==, 4);

  if (tide_test_have ("xmllint"))
    {
      const char *argv[] = { "xmllint", "--noout", path, NULL };
      g_autofree char *out = NULL;
      int status;

      g_assert_true (tide_export_draw_list (list, TIDE_EXPORT_SVG, 1, file, NULL, &error));
      g_assert_no_error (error);
      out = tide_test_run (argv, NULL, &status);
      g_assert_nonnull (out);
      g_assert_cmpint (status, ==, 0);
    }
  g_string_free (svg, TRUE);
  tide_chart_test_remove_dir (dir);
}

/* Paths: polygons filled and outlined, polylines stroked, in both
 * renderers the same, with their <title>; too short a path records nothing. */
static void
test_svg_paths (void)
{
  const TideColor white = { 1, 1, 1, 1 }, blue = { 0.2, 0.4, 0.8, 1 }, red = { 0.8, 0.2, 0.2, 1 };
  const TideColor tint = { 0.2, 0.4, 0.8, 0.25 }, none = { 0 };
  const TideDrawPoint triangle[] = { { 20, 180 }, { 100, 20 }, { 180, 180 } };
  const TideDrawPoint zigzag[] = { { 200, 100 }, { 240, 40 }, { 280, 160 }, { 320, 60 } };
  const TideDrawPoint band[] = { { 10, 190 }, { 390, 190 }, { 390, 150 }, { 10, 170 } };
  g_autoptr(TideDrawList) list = tide_draw_list_new (400, 200, white);
  g_autofree char *dir = g_dir_make_tmp ("tide-path-XXXXXX", NULL);
  g_autofree char *png = NULL;
  GString *svg = g_string_new (NULL);
  g_auto(TideSvgStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;
  const TideDrawOp *op;

  tide_draw_list_add_path (list, band, G_N_ELEMENTS (band), TRUE, tint, none, 0, NULL);
  tide_draw_list_add_path (list, triangle, G_N_ELEMENTS (triangle), TRUE, blue, red, 2, "a <triangle>");
  tide_draw_list_add_path (list, zigzag, G_N_ELEMENTS (zigzag), FALSE, blue, red, 3, NULL);
  tide_draw_list_add_path (list, zigzag, 1, FALSE, blue, red, 3, NULL);
  for (guint i = 0; i < 6; i++)
    tide_draw_list_add_rect (list, 340 + 9 * (i % 3), 10 + 9 * (i / 3), 8, 8, i % 2 ? red : blue, none, NULL);
  g_assert_cmpuint (tide_draw_list_get_n_ops (list), ==, 9);

  op = tide_draw_list_get_op (list, 1);
  g_assert_cmpint (op->kind, ==, TIDE_DRAW_PATH);
  g_assert_cmpuint (op->n_points, ==, 3);
  g_assert_true (op->closed);
  g_assert_cmpfloat (op->x, ==, 20);
  g_assert_cmpfloat (op->y, ==, 20);
  g_assert_cmpfloat (op->w, ==, 160);
  g_assert_cmpfloat (op->h, ==, 160);
  g_assert_cmpfloat (op->points[1].y, ==, 20);
  /* an open path fills nothing, whatever it was given */
  g_assert_cmpfloat (tide_draw_list_get_op (list, 2)->color.a, ==, 0);

  tide_draw_list_write_svg (list, svg);
  g_assert_true (tide_chart_test_parse_svg (svg->str, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_titles, ==, 1);
  g_assert_cmpstr (stats.titles->pdata[0], ==, "a <triangle>");
  g_assert_nonnull (strstr (svg->str, "<path d=\"M20 180L100 20 180 180Z\" fill=\"#3366cc\" stroke=\"#cc3333\" stroke-width=\"2\" stroke-linejoin=\"round\">"));
  g_assert_nonnull (strstr (svg->str, "<path d=\"M200 100L240 40 280 160 320 60\" fill=\"none\""));
  g_assert_nonnull (strstr (svg->str, "fill-opacity=\"0.25\""));

  /* inside the triangle its fill, on its outline the stroke */
  png = tide_chart_test_export (list, TIDE_EXPORT_PNG, 1, dir, "paths.png");
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmphex (tide_chart_test_pixel (image, 100, 120), ==, tide_chart_test_rgb (&blue));
  g_assert_cmphex (tide_chart_test_pixel (image, 100, 180), ==, tide_chart_test_rgb (&red));
  g_assert_cmphex (tide_chart_test_pixel (image, 300, 180), !=, 0xffffff); /* under the band */
  cairo_surface_destroy (image);

  if (tide_test_have ("rsvg-convert"))
    tide_chart_test_compare_rsvg (list, "paths", 6);
  g_string_free (svg, TRUE);
  tide_chart_test_remove_dir (dir);
}

static void
test_svg_xmllint (void)
{
  g_autoptr(TideDrawList) list = flame_list ("ht_cxx.zst", TIDE_METRIC_ALLOCATIONS, 1200, TRUE, "vector");
  g_autofree char *dir = g_dir_make_tmp ("tide-svg-XXXXXX", NULL);
  g_autofree char *path = tide_chart_test_export (list, TIDE_EXPORT_SVG, 1, dir, "cxx.svg");
  const char *argv[] = { "xmllint", "--noout", path, NULL };
  g_autofree char *out = NULL;
  int status;

  if (!tide_test_have ("xmllint"))
    {
      tide_chart_test_remove_dir (dir);
      g_test_skip ("xmllint (libxml2-utils) is not installed");
      return;
    }
  out = tide_test_run (argv, NULL, &status);
  g_assert_nonnull (out);
  g_assert_cmpint (status, ==, 0);
  tide_chart_test_remove_dir (dir);
}

static void
test_svg_matches_png (void)
{
  if (!tide_test_have ("rsvg-convert"))
    {
      g_test_skip ("rsvg-convert (librsvg2-bin) is not installed");
      return;
    }
  {
    g_autoptr(TideDrawList) light = flame_list ("ht_python.zst", TIDE_METRIC_PEAK, 1200, FALSE, NULL);
    g_autoptr(TideDrawList) dark = flame_list ("ht_cxx.zst", TIDE_METRIC_ALLOCATIONS, 900, TRUE, NULL);
    g_autoptr(TideDrawList) search = flame_list ("ht_python.zst", TIDE_METRIC_ALLOCATIONS, 700, FALSE, "Py");

    tide_chart_test_compare_rsvg (light, "python, light", 6);
    tide_chart_test_compare_rsvg (dark, "cxx, dark", 6);
    tide_chart_test_compare_rsvg (search, "python, search", 6);
  }
}

static void
test_png_and_pdf (void)
{
  g_autoptr(TideDrawList) list = flame_list ("ht_leaky.zst", TIDE_METRIC_PEAK, 640, FALSE, NULL);
  g_autofree char *dir = g_dir_make_tmp ("tide-export-XXXXXX", NULL);
  g_autofree char *png = tide_chart_test_export (list, TIDE_EXPORT_PNG, 2, dir, "hidpi.png");
  g_autofree char *pdf = tide_chart_test_export (list, TIDE_EXPORT_PDF, 1, dir, "chart.pdf");
  g_autofree char *pdf_text = NULL;
  gsize len;
  cairo_surface_t *image = cairo_image_surface_create_from_png (png);
  g_autoptr(GFile) folded = g_file_new_for_path (png);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1280);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 2 * (int) tide_draw_list_get_height (list));
  cairo_surface_destroy (image);

  g_assert_true (g_file_get_contents (pdf, &pdf_text, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (pdf_text, "%PDF"));

  /* folded stacks are not a drawing */
  g_assert_false (tide_export_draw_list (list, TIDE_EXPORT_FOLDED, 1, folded, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  tide_chart_test_remove_dir (dir);
}

/* Exporting over a file renames a complete new file over it: someone who
 * had the old one open still reads the old contents, and no temporary file
 * is left behind. A failed export leaves nothing. */
static void
test_atomic_replace (void)
{
  g_autoptr(TideDrawList) list = flame_list ("ht_leaky.zst", TIDE_METRIC_PEAK, 640, FALSE, NULL);
  g_autofree char *dir = g_dir_make_tmp ("tide-atomic-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "dir.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDir) d = NULL;
  char old[16] = { 0 };
  GStatBuf before, after;
  int fd;

  g_assert_true (g_file_set_contents (path, "old contents", -1, NULL));
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  fd = g_open (path, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);

  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (tide_export_draw_list (list, round == 0 ? TIDE_EXPORT_SVG : TIDE_EXPORT_PDF, 1, file, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);
  g_assert_cmpint (read (fd, old, sizeof old - 1), ==, strlen ("old contents"));
  g_assert_cmpstr (old, ==, "old contents");
  close (fd);

  d = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (d), ==, "chart.svg");
  g_assert_null (g_dir_read_name (d));

  g_assert_false (tide_export_draw_list (list, TIDE_EXPORT_SVG, 1, bad, NULL, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  tide_chart_test_remove_dir (dir);
}

/* Cancelled before writing: the old file stays as it was. */
static void
test_cancelled_keeps_old (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-cancel-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.folded", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("new 1\n", 6);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDir) d = NULL;

  g_assert_true (g_file_set_contents (path, "old 1\n", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (tide_export_bytes (bytes, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old 1\n");
  d = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (d), ==, "out.folded");
  g_assert_null (g_dir_read_name (d));
  tide_chart_test_remove_dir (dir);
}

/* Cancelled when the file did not exist: none is left behind. */
static void
test_cancelled_new_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-cancel-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "new.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("<svg/>", 6);
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (tide_export_bytes (bytes, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  tide_chart_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/export/format-from-name", test_format_from_name);
  g_test_add_func ("/charts/export/svg-structure", test_svg_structure);
  g_test_add_func ("/charts/export/svg-escaping", test_svg_escaping);
  g_test_add_func ("/charts/export/svg-paths", test_svg_paths);
  g_test_add_func ("/charts/export/svg-xmllint", test_svg_xmllint);
  g_test_add_func ("/charts/export/svg-matches-png", test_svg_matches_png);
  g_test_add_func ("/charts/export/png-and-pdf", test_png_and_pdf);
  g_test_add_func ("/charts/export/atomic-replace", test_atomic_replace);
  g_test_add_func ("/charts/export/cancelled-keeps-old", test_cancelled_keeps_old);
  g_test_add_func ("/charts/export/cancelled-new-file", test_cancelled_new_file);

  return g_test_run ();
}
