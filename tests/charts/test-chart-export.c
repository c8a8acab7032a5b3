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

static char *
export_to (TideDrawList     *list,
           TideExportFormat  format,
           double            scale,
           const char       *dir,
           const char       *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (tide_export_draw_list (list, format, scale, file, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
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
  remove_dir (dir);
}

static void
test_svg_xmllint (void)
{
  g_autoptr(TideDrawList) list = flame_list ("ht_cxx.zst", TIDE_METRIC_ALLOCATIONS, 1200, TRUE, "vector");
  g_autofree char *dir = g_dir_make_tmp ("tide-svg-XXXXXX", NULL);
  g_autofree char *path = export_to (list, TIDE_EXPORT_SVG, 1, dir, "cxx.svg");
  const char *argv[] = { "xmllint", "--noout", path, NULL };
  g_autofree char *out = NULL;
  int status;

  if (!tide_test_have ("xmllint"))
    {
      remove_dir (dir);
      g_test_skip ("xmllint (libxml2-utils) is not installed");
      return;
    }
  out = tide_test_run (argv, NULL, &status);
  g_assert_nonnull (out);
  g_assert_cmpint (status, ==, 0);
  remove_dir (dir);
}

/* Renders the SVG with librsvg and compares it with cairo's PNG of the same
 * list: box colours equal exactly, and few pixels differ at all (glyph
 * antialiasing differs a little between the two renderers). */
static void
compare_with_rsvg (TideDrawList *list,
                   const char   *label)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-rsvg-XXXXXX", NULL);
  g_autofree char *svg = export_to (list, TIDE_EXPORT_SVG, 1, dir, "chart.svg");
  g_autofree char *png = export_to (list, TIDE_EXPORT_PNG, 1, dir, "chart.png");
  g_autofree char *rsvg_png = g_build_filename (dir, "rsvg.png", NULL);
  const char *argv[] = { "rsvg-convert", "-b", "white", "-o", rsvg_png, svg, NULL };
  g_autofree char *out = NULL;
  cairo_surface_t *ours, *theirs;
  int status, w, h;
  guint64 differing = 0, checked = 0;

  out = tide_test_run (argv, NULL, &status);
  g_assert_nonnull (out);
  g_assert_cmpint (status, ==, 0);
  ours = cairo_image_surface_create_from_png (png);
  theirs = cairo_image_surface_create_from_png (rsvg_png);
  g_assert_cmpint (cairo_surface_status (ours), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (theirs), ==, CAIRO_STATUS_SUCCESS);
  w = cairo_image_surface_get_width (ours);
  h = cairo_image_surface_get_height (ours);
  g_assert_cmpint (w, ==, (int) tide_draw_list_get_width (list));
  g_assert_cmpint (h, ==, (int) tide_draw_list_get_height (list));
  g_assert_cmpint (cairo_image_surface_get_width (theirs), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (theirs), ==, h);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 a = tide_chart_test_pixel (ours, x, y), b = tide_chart_test_pixel (theirs, x, y);

        for (int shift = 0; shift < 24; shift += 8)
          if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 40)
            {
              differing++;
              break;
            }
      }

  /* box colours: at the centre of unlabelled boxes, off the text of labelled ones */
  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);
      gboolean labelled = i + 1 < tide_draw_list_get_n_ops (list) && tide_draw_list_get_op (list, i + 1)->kind == TIDE_DRAW_TEXT;
      int px, py;

      if (op->kind != TIDE_DRAW_RECT || op->w < 3 || op->h < 3 || op->stroke.a > 0)
        continue;
      px = labelled ? (int) op->x + 1 : (int) (op->x + op->w / 2);
      py = labelled ? (int) op->y + 1 : (int) (op->y + op->h / 2);
      g_assert_cmphex (tide_chart_test_pixel (ours, px, py), ==, tide_chart_test_rgb (&op->color));
      g_assert_cmphex (tide_chart_test_pixel (theirs, px, py), ==, tide_chart_test_rgb (&op->color));
      checked++;
    }

  g_test_message ("%s: %dx%d, %" G_GUINT64_FORMAT " pixels differ by more than 40/255 (%.3f%%), %" G_GUINT64_FORMAT " box colours equal",
                  label, w, h, differing, 100.0 * differing / ((double) w * h), checked);
  g_assert_cmpuint (checked, >, 5);
  /* cairo 1.16 puts glyphs on whole pixels, librsvg fills their outlines
   * where they fall: the edges of letters differ, nothing else */
  g_assert_cmpfloat ((double) differing / ((double) w * h), <, 0.03);
  cairo_surface_destroy (ours);
  cairo_surface_destroy (theirs);
  remove_dir (dir);
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

    compare_with_rsvg (light, "python, light");
    compare_with_rsvg (dark, "cxx, dark");
    compare_with_rsvg (search, "python, search");
  }
}

static void
test_png_and_pdf (void)
{
  g_autoptr(TideDrawList) list = flame_list ("ht_leaky.zst", TIDE_METRIC_PEAK, 640, FALSE, NULL);
  g_autofree char *dir = g_dir_make_tmp ("tide-export-XXXXXX", NULL);
  g_autofree char *png = export_to (list, TIDE_EXPORT_PNG, 2, dir, "hidpi.png");
  g_autofree char *pdf = export_to (list, TIDE_EXPORT_PDF, 1, dir, "chart.pdf");
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
  remove_dir (dir);
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
  remove_dir (dir);
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
  remove_dir (dir);
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
  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/export/format-from-name", test_format_from_name);
  g_test_add_func ("/charts/export/svg-structure", test_svg_structure);
  g_test_add_func ("/charts/export/svg-escaping", test_svg_escaping);
  g_test_add_func ("/charts/export/svg-xmllint", test_svg_xmllint);
  g_test_add_func ("/charts/export/svg-matches-png", test_svg_matches_png);
  g_test_add_func ("/charts/export/png-and-pdf", test_png_and_pdf);
  g_test_add_func ("/charts/export/atomic-replace", test_atomic_replace);
  g_test_add_func ("/charts/export/cancelled-keeps-old", test_cancelled_keeps_old);
  g_test_add_func ("/charts/export/cancelled-new-file", test_cancelled_new_file);

  return g_test_run ();
}
