/* test-treemap-painter.c: what the treemap painter records: boxes, labels, colours, titles
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "charts/tide-chart-colors.h"
#include "charts/tide-treemap-painter.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

#define PYTHON_PEAK 10641272

static const TideSizeClassScheme schemes[] = {
  TIDE_SIZE_CLASSES_POW2, TIDE_SIZE_CLASSES_PYMALLOC, TIDE_SIZE_CLASSES_GLIBC,
};

static double
contrast (const TideColor *a,
          const TideColor *b)
{
  double la = tide_chart_luminance (a), lb = tide_chart_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static TideTreemapLayout *
make_layout (TideTrace              *trace,
             TideSizeClassScheme     scheme,
             const TideTreemapStyle *style,
             guint                   zoom,
             double                  width,
             double                  height)
{
  g_autofree guint64 *peak = tide_size_classes_blocks_at_peak (trace);
  g_autoptr(GPtrArray) classes = tide_size_classes_compute (trace, scheme, peak);
  TideTreemapOptions options;
  TideRect plot;

  tide_treemap_options_init (&options);
  tide_treemap_painter_init_options (style, &options);
  options.zoom_class = zoom;
  tide_treemap_painter_get_plot (style, width, height, &plot);
  return tide_treemap_layout_new (trace, scheme, classes, &options, plot);
}

/* Every label lies in the box recorded just before it, fits its width and
 * is readable on it; boxes carry their tooltips; the summary comes last. */
static void
assert_painted (TideTreemapLayout      *layout,
                const TideTreemapStyle *style,
                double                  width,
                double                  height)
{
  g_autoptr(TideDrawList) list = tide_treemap_paint (layout, style, width, height);
  const TideDrawOp *box = NULL;
  guint n_ops = tide_draw_list_get_n_ops (list), n_labels = 0, n_boxes = 0;
  double min_contrast = 100;
  const TideDrawOp *last = tide_draw_list_get_op (list, n_ops - 1);
  g_autofree char *summary = tide_treemap_painter_summary (layout, style->what);

  g_assert_cmpfloat (tide_draw_list_get_width (list), ==, width);
  g_assert_cmpfloat (tide_draw_list_get_height (list), ==, height);
  /* the summary line, cut to the width if need be */
  g_assert_cmpint (last->kind, ==, TIDE_DRAW_TEXT);
  g_assert_true (g_str_equal (last->text, summary) || g_str_has_suffix (last->text, "…"));
  g_assert_cmpfloat (last->x + tide_chart_text_width (last->text, last->h), <=, width);

  for (guint i = 0; i + 1 < n_ops; i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);
      double w;

      if (op->kind == TIDE_DRAW_RECT)
        {
          box = op;
          n_boxes++;
          g_assert_true (style->skip_titles ? op->title == NULL : op->title != NULL);
          g_assert_cmpfloat (op->w, >=, 1);
          g_assert_cmpfloat (op->h, >=, 1);
          g_assert_cmpfloat (op->x + op->w, <=, width);
          g_assert_cmpfloat (op->y + op->h, <=, height);
          continue;
        }
      g_assert_cmpint (op->kind, ==, TIDE_DRAW_TEXT);
      g_assert_nonnull (box);
      w = tide_chart_text_width (op->text, op->h);
      if (op->x < box->x || op->x + w > box->x + box->w + 0.5 || op->y - 0.73 * op->h < box->y - 0.5
          || op->y > box->y + box->h)
        g_error ("label “%s” (%.1f, %.1f, %.1f wide) outside its box (%.1f, %.1f, %.1f x %.1f)", op->text, op->x, op->y,
                 w, box->x, box->y, box->w, box->h);
      min_contrast = MIN (min_contrast, contrast (&op->color, &box->color));
      n_labels++;
    }
  g_test_message ("%.0fx%.0f: %u boxes, %u labels, lowest contrast %.2f", width, height, n_boxes, n_labels, min_contrast);
  /* a class and a site at least */
  g_assert_cmpuint (n_boxes, >=, 2);
  g_assert_cmpuint (n_labels, >, 0);
  g_assert_cmpfloat (min_contrast, >=, 4.5);
}

/* Labels fit and read well at several sizes, in every scheme, light and
 * dark, coloured by class and by site, requested and handed out. */
static void
test_labels (void)
{
  g_autoptr(TideTrace) python = tide_chart_test_trace ("ht_python.zst");
  g_autoptr(TideTrace) leaky = tide_chart_test_trace ("ht_leaky.zst");
  TideTrace *traces[] = { python, leaky };
  const double sizes[][2] = { { 1200, 800 }, { 640, 400 }, { 300, 160 } };

  for (guint t = 0; t < G_N_ELEMENTS (traces); t++)
    for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
      for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
        for (guint mode = 0; mode < 4; mode++)
          {
            TideTreemapStyle style;
            g_autoptr(TideTreemapLayout) layout = NULL;

            tide_treemap_style_init (&style);
            style.dark = mode & 1;
            style.color_mode = mode & 2 ? TIDE_TREEMAP_COLOR_BY_SITE : TIDE_TREEMAP_COLOR_BY_CLASS;
            style.what = "Live at peak";
            style.skip_titles = z == 1;
            layout = make_layout (traces[t], schemes[s], &style, TIDE_TREEMAP_ALL_CLASSES, sizes[z][0], sizes[z][1]);
            assert_painted (layout, &style, sizes[z][0], sizes[z][1]);
          }
}

/* "Live at peak: 10.6 MB requested, … handed out (… % rounding)", and
 * drilled in, the class's own figures and share. */
static void
test_summary (void)
{
  g_autoptr(TideTrace) python = tide_chart_test_trace ("ht_python.zst");
  TideTreemapStyle style;
  g_autoptr(TideTreemapLayout) layout = NULL;
  g_autoptr(TideTreemapLayout) zoomed = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *zoomed_summary = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *peak = g_format_size (PYTHON_PEAK);
  g_autofree char *handed = NULL;
  g_autofree char *label = NULL;
  const TideSizeClass *c;
  guint64 requested, handed_out;

  tide_treemap_style_init (&style);
  style.what = "Live at peak";
  layout = make_layout (python, TIDE_SIZE_CLASSES_PYMALLOC, &style, TIDE_TREEMAP_ALL_CLASSES, 1200, 800);
  tide_treemap_layout_get_totals (layout, &requested, &handed_out, NULL);
  g_assert_cmpuint (requested, ==, PYTHON_PEAK);
  handed = g_format_size (handed_out);
  expected = g_strdup_printf ("Live at peak: %s requested, %s handed out (%.1f %% rounding)", peak, handed,
                              100.0 * (handed_out - requested) / handed_out);
  summary = tide_treemap_painter_summary (layout, "Live at peak");
  g_test_message ("%s", summary);
  g_assert_cmpstr (summary, ==, expected);

  c = g_ptr_array_index (tide_treemap_layout_get_classes (layout), 0);
  zoomed = make_layout (python, TIDE_SIZE_CLASSES_PYMALLOC, &style, c->klass, 1200, 800);
  zoomed_summary = tide_treemap_painter_summary (zoomed, "Live at peak");
  label = tide_size_class_label (TIDE_SIZE_CLASSES_PYMALLOC, c->klass);
  g_test_message ("%s", zoomed_summary);
  g_assert_true (g_str_has_prefix (zoomed_summary, "Live at peak › "));
  g_assert_nonnull (strstr (zoomed_summary, label));
  g_assert_nonnull (strstr (zoomed_summary, "% of the requests"));
  assert_painted (zoomed, &style, 1200, 800);
}

/* The colour of a site: by class, a shade of its class's colour, the same
 * from one load to the next; by site, the flame graph's colour of its
 * function. */
static void
test_colors (void)
{
  g_autoptr(TideTrace) a = tide_chart_test_trace ("ht_python.zst");
  g_autoptr(TideTrace) b = tide_chart_test_trace ("ht_python.zst");
  TideTreemapStyle style;
  g_autoptr(TideTreemapLayout) la = NULL;
  g_autoptr(TideTreemapLayout) lb = NULL;
  guint checked = 0;

  tide_treemap_style_init (&style);
  la = make_layout (a, TIDE_SIZE_CLASSES_POW2, &style, TIDE_TREEMAP_ALL_CLASSES, 1200, 800);
  lb = make_layout (b, TIDE_SIZE_CLASSES_POW2, &style, TIDE_TREEMAP_ALL_CLASSES, 1200, 800);
  g_assert_cmpuint (tide_treemap_layout_get_n_rects (la), ==, tide_treemap_layout_get_n_rects (lb));
  for (guint i = 0; i < tide_treemap_layout_get_n_rects (la); i++)
    for (guint dark = 0; dark < 2; dark++)
      for (guint by_site = 0; by_site < 2; by_site++)
        {
          const TideTreemapRect *r = tide_treemap_layout_get_rect (la, i);
          TideColor ca, cb;

          style.dark = dark;
          style.color_mode = by_site ? TIDE_TREEMAP_COLOR_BY_SITE : TIDE_TREEMAP_COLOR_BY_CLASS;
          ca = tide_treemap_painter_color (la, i, &style);
          cb = tide_treemap_painter_color (lb, i, &style);
          g_assert_cmphex (tide_chart_test_rgb (&ca), ==, tide_chart_test_rgb (&cb));
          if (r->depth == 1 && by_site)
            {
              const TideClassSite *site = tide_treemap_layout_get_site (la, r);
              const TideFrame *frame = tide_trace_get_frame (a, site->frame);

              if (site->frame != 0 && frame->function != 0)
                {
                  TideColor flame = tide_chart_name_color (tide_trace_get_string (a, frame->function), 0, 60.0 / 360.0, dark);

                  g_assert_cmphex (tide_chart_test_rgb (&ca), ==, tide_chart_test_rgb (&flame));
                  checked++;
                }
            }
        }
  g_assert_cmpuint (checked, >, 10);

  /* the class palette runs from light to deep, one colour per class, the
   * same in every scheme for the same sizes */
  {
    TideColor small = tide_chart_size_class_color (TIDE_SIZE_CLASSES_POW2, tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 24), FALSE);
    TideColor big = tide_chart_size_class_color (TIDE_SIZE_CLASSES_POW2, tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 1 << 20), FALSE);
    TideColor glibc_big = tide_chart_size_class_color (TIDE_SIZE_CLASSES_GLIBC,
                                                       tide_size_class_of (TIDE_SIZE_CLASSES_GLIBC, (1 << 20) - 100), FALSE);

    g_assert_cmpfloat (tide_chart_luminance (&small), >, tide_chart_luminance (&big));
    g_assert_cmphex (tide_chart_test_rgb (&big), ==, tide_chart_test_rgb (&glibc_big));
    for (guint k = 0; k + 1 <= TIDE_PYMALLOC_MAX_SMALL / 16; k++)
      {
        TideColor x = tide_chart_size_class_color (TIDE_SIZE_CLASSES_PYMALLOC, k, FALSE);
        TideColor y = tide_chart_size_class_color (TIDE_SIZE_CLASSES_PYMALLOC, k + 1, FALSE);

        g_assert_cmphex (tide_chart_test_rgb (&x), !=, tide_chart_test_rgb (&y));
      }
  }
}

/* The painted boxes are where the layout's hits are; sites too small to
 * see are left to their class, so a million sites draw few boxes. */
static void
test_boxes (void)
{
  g_autoptr(TideTrace) python = tide_chart_test_trace ("ht_python.zst");
  TideTreemapStyle style;
  g_autoptr(TideTreemapLayout) layout = NULL;
  guint drawn = 0, hidden = 0;

  tide_treemap_style_init (&style);
  layout = make_layout (python, TIDE_SIZE_CLASSES_GLIBC, &style, TIDE_TREEMAP_ALL_CLASSES, 1000, 700);
  for (guint i = 0; i < tide_treemap_layout_get_n_rects (layout); i++)
    {
      double x, y, w, h;
      int hit;

      if (!tide_treemap_painter_box (layout, i, &x, &y, &w, &h))
        {
          hidden++;
          continue;
        }
      drawn++;
      /* a site is what is hit at its centre; a class, or one of its sites */
      hit = tide_treemap_layout_hit (layout, x + w / 2, y + h / 2);
      g_assert_cmpint (hit, >=, 0);
      if (tide_treemap_layout_get_rect (layout, i)->depth == 1)
        g_assert_cmpint (hit, ==, (int) i);
      else
        g_assert_cmpuint (tide_treemap_layout_class_rect (layout, hit), ==, i);
    }
  g_test_message ("%u boxes drawn, %u too small", drawn, hidden);
  g_assert_cmpuint (drawn, >, 20);
  g_assert_cmpuint (hidden, >, 0);

  /* the overlay: the hovered box's outline, nothing else */
  {
    g_autoptr(TideDrawList) overlay = NULL;
    const TideDrawOp *op;

    style.hover = 1;
    overlay = tide_treemap_paint_overlay (layout, &style, 1000, 700);
    g_assert_cmpuint (tide_draw_list_get_n_ops (overlay), ==, 1);
    op = tide_draw_list_get_op (overlay, 0);
    g_assert_cmpfloat (op->color.a, ==, 0);
    g_assert_cmpfloat (op->stroke.a, >, 0);
    g_assert_cmpfloat (tide_draw_list_get_background (overlay).a, ==, 0);
  }
}

static void
test_many_sites (void)
{
  g_autoptr(TideTrace) leaky = tide_chart_test_trace ("ht_leaky.zst");
  g_autoptr(GPtrArray) classes = g_ptr_array_new ();
  TideSizeClass big = { 5, 0, 0, 0, g_array_new (FALSE, TRUE, sizeof (TideClassSite)) };
  TideTreemapStyle style;
  TideTreemapOptions options;
  TideRect plot;
  g_autoptr(TideTreemapLayout) layout = NULL;
  g_autoptr(TideDrawList) list = NULL;

  for (guint i = 0; i < 200000; i++)
    {
      TideClassSite s = { 0, 1, 1 + (i * 2654435761u) % 4096, 0 };

      s.allocated = s.requested;
      big.blocks++;
      big.requested += s.requested;
      big.allocated += s.allocated;
      g_array_append_val (big.sites, s);
    }
  g_ptr_array_add (classes, &big);
  tide_treemap_style_init (&style);
  style.what = "Synthetic";
  tide_treemap_options_init (&options);
  tide_treemap_painter_init_options (&style, &options);
  tide_treemap_painter_get_plot (&style, 800, 600, &plot);
  layout = tide_treemap_layout_new (leaky, TIDE_SIZE_CLASSES_POW2, classes, &options, plot);
  list = tide_treemap_paint (layout, &style, 800, 600);
  g_test_message ("%u ops for 200000 sites", tide_draw_list_get_n_ops (list));
  /* a box is at least 2 x 2 px plus its gap */
  g_assert_cmpuint (tide_draw_list_get_n_ops (list), <, 800 * 600 / 9 * 2);
  g_array_unref (big.sites);
}

/* Exported, the treemap is valid SVG with a title per box, and librsvg
 * draws what cairo draws. */
static void
test_svg (void)
{
  g_autoptr(TideTrace) python = tide_chart_test_trace ("ht_python.zst");
  TideTreemapStyle style;
  g_autoptr(TideTreemapLayout) layout = NULL;
  g_autoptr(TideDrawList) list = NULL;
  g_autoptr(GString) svg = g_string_new (NULL);
  g_auto(TideSvgStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint n_rects = 0;

  tide_treemap_style_init (&style);
  style.what = "Live at peak";
  layout = make_layout (python, TIDE_SIZE_CLASSES_PYMALLOC, &style, TIDE_TREEMAP_ALL_CLASSES, 1000, 700);
  list = tide_treemap_paint (layout, &style, 1000, 700);
  tide_draw_list_write_svg (list, svg);
  g_assert_true (tide_chart_test_parse_svg (svg->str, &stats, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    n_rects += tide_draw_list_get_op (list, i)->kind == TIDE_DRAW_RECT;
  /* the background, then a titled rect per box */
  g_assert_cmpuint (stats.n_rects, ==, n_rects + 1);
  g_assert_cmpuint (stats.n_titles, ==, n_rects);
  summary = tide_treemap_painter_summary (layout, "Live at peak");
  g_assert_cmpstr (g_ptr_array_index (stats.texts, stats.texts->len - 1), ==, summary);
  /* the system malloc group is named in its tooltip */
  {
    gboolean found = FALSE;

    for (guint i = 0; i < stats.titles->len && !found; i++)
      found = g_str_has_prefix (g_ptr_array_index (stats.titles, i), "> 512 B (system malloc)\n");
    g_assert_true (found);
  }

  if (!tide_test_have ("rsvg-convert"))
    {
      g_test_skip ("rsvg-convert is not installed");
      return;
    }
  tide_chart_test_compare_rsvg (list, "treemap", 20);
  style.dark = TRUE;
  style.color_mode = TIDE_TREEMAP_COLOR_BY_SITE;
  {
    g_autoptr(TideDrawList) dark = tide_treemap_paint (layout, &style, 1000, 700);

    tide_chart_test_compare_rsvg (dark, "treemap, dark, by site", 20);
  }
}

/* Tooltips say the exact figures and shares. */
static void
test_titles (void)
{
  g_autoptr(TideTrace) leaky = tide_chart_test_trace ("ht_leaky.zst");
  TideTreemapStyle style;
  g_autoptr(TideTreemapLayout) layout = NULL;

  tide_treemap_style_init (&style);
  layout = make_layout (leaky, TIDE_SIZE_CLASSES_POW2, &style, TIDE_TREEMAP_ALL_CLASSES, 1000, 700);
  for (guint i = 0; i < tide_treemap_layout_get_n_rects (layout); i++)
    {
      const TideTreemapRect *r = tide_treemap_layout_get_rect (layout, i);
      const TideSizeClass *c = tide_treemap_layout_get_class (layout, r);
      g_autofree char *title = tide_treemap_painter_title (layout, i);
      g_autofree char *label = tide_size_class_label (TIDE_SIZE_CLASSES_POW2, c->klass);
      guint64 requested = r->depth == 0 ? c->requested : tide_treemap_layout_get_site (layout, r)->requested;
      g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT " bytes requested", requested);
      g_autofree char *in_class = g_strdup_printf ("in %s", label);

      g_assert_true (g_utf8_validate (title, -1, NULL));
      g_assert_nonnull (strstr (title, bytes));
      g_assert_nonnull (strstr (title, "handed out"));
      g_assert_nonnull (strstr (title, "% of the total"));
      if (r->depth == 0)
        g_assert_true (g_str_has_prefix (title, label));
      else
        g_assert_nonnull (strstr (title, in_class));
    }
}

int
main (int    argc,
      char **argv)
{
  /* plain digits: the tooltips are compared with printf's */
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/treemap-painter/labels", test_labels);
  g_test_add_func ("/charts/treemap-painter/summary", test_summary);
  g_test_add_func ("/charts/treemap-painter/colors", test_colors);
  g_test_add_func ("/charts/treemap-painter/boxes", test_boxes);
  g_test_add_func ("/charts/treemap-painter/many-sites", test_many_sites);
  g_test_add_func ("/charts/treemap-painter/svg", test_svg);
  g_test_add_func ("/charts/treemap-painter/titles", test_titles);

  return g_test_run ();
}
