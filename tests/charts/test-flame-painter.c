/* test-flame-painter.c: what the flame painter records: boxes, labels, colours, hits
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "charts/tide-flame-painter.h"
#include "core/analysis/tide-flame-search.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

static const TideFlameOptions top_down = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, FALSE };

static TideDrawList *
paint (TideFlameLayout      *layout,
       const TideFlameStyle *style,
       double                width)
{
  return tide_flame_paint (layout, style, width, tide_flame_painter_get_height (layout, style));
}

/* The rect ops of a list, in order. */
static GPtrArray *
rect_ops (TideDrawList *list)
{
  GPtrArray *rects = g_ptr_array_new ();

  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    if (tide_draw_list_get_op (list, i)->kind == TIDE_DRAW_RECT)
      g_ptr_array_add (rects, (gpointer) tide_draw_list_get_op (list, i));
  return rects;
}

/* WCAG contrast ratio. */
static double
lum (const TideColor *c)
{
  double v[3] = { c->r, c->g, c->b };

  for (guint i = 0; i < 3; i++)
    v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

static double
contrast (const TideColor *a,
          const TideColor *b)
{
  double la = lum (a), lb = lum (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* One rect per layout rect, each with a tooltip; every label follows its
 * box, starts inside it and ends before its right edge; labels are
 * readable on their box. */
static void
assert_painted (TideFlameLayout      *layout,
                const TideFlameStyle *style,
                double                width)
{
  g_autoptr(TideDrawList) list = paint (layout, style, width);
  g_autoptr(GPtrArray) rects = rect_ops (list);
  const TideDrawOp *box = NULL;
  guint n_labels = 0;
  double min_contrast = 100;

  g_assert_cmpuint (rects->len, ==, tide_flame_layout_get_n_rects (layout));
  g_assert_cmpfloat (tide_draw_list_get_width (list), ==, width);
  g_assert_cmpfloat (tide_draw_list_get_height (list), ==, tide_flame_layout_get_n_rows (layout) * style->row_height);

  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);

      if (op->kind == TIDE_DRAW_RECT)
        {
          box = op;
          g_assert_nonnull (op->title);
          g_assert_true (g_utf8_validate (op->title, -1, NULL));
          g_assert_cmpfloat (op->x, >=, 0);
          g_assert_cmpfloat (op->x + op->w, <=, width + 1);
          g_assert_cmpfloat (op->y, >=, 0);
          g_assert_cmpfloat (op->y + op->h, <=, tide_draw_list_get_height (list));
          continue;
        }
      g_assert_nonnull (box);
      g_assert_cmpfloat (op->h, ==, style->font_px);
      g_assert_cmpfloat (op->x, >=, box->x);
      g_assert_cmpfloat (op->x + tide_chart_text_width (op->text, op->h), <=, box->x + box->w);
      /* the baseline within the box, with room for ascenders above it */
      g_assert_cmpfloat (op->y - 0.75 * op->h, >=, box->y);
      g_assert_cmpfloat (op->y, <, box->y + box->h);
      g_assert_true (g_utf8_validate (op->text, -1, NULL));
      min_contrast = MIN (min_contrast, contrast (&op->color, &box->color));
      n_labels++;
    }
  g_test_message ("%u boxes, %u labels, lowest label contrast %.2f", rects->len, n_labels, min_contrast);
  g_assert_cmpuint (n_labels, >, 0);
  /* WCAG AA for normal text */
  g_assert_cmpfloat (min_contrast, >=, 4.5);
}

static void
test_boxes_and_labels (void)
{
  const char *files[] = { "ht_leaky.zst", "ht_cxx.zst", "ht_python.zst" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(TideFlameTree) tree = tide_chart_test_tree (files[f], &top_down);

      g_autofree guint8 *marks = g_new0 (guint8, tide_flame_tree_get_n_nodes (tree));
      guint64 matched;

      g_assert_true (tide_flame_search (tree, "a", FALSE, TIDE_METRIC_PEAK, marks, &matched, NULL));
      for (TideMetric m = 0; m < TIDE_N_METRICS; m++)
        for (guint variant = 0; variant < 8; variant++)
          {
            double width = variant & 1 ? 333 : 1200;
            g_autoptr(TideFlameLayout) layout = tide_flame_layout_new (tree, m, 0, width);
            TideFlameStyle style;

            tide_flame_style_init (&style);
            style.dark = (variant & 2) != 0;
            style.color_mode = variant == 3 ? TIDE_FLAME_COLOR_BY_MODULE : TIDE_FLAME_COLOR_BY_FUNCTION;
            /* searching: highlighted and greyed boxes must stay readable too */
            style.matches = variant & 4 ? marks : NULL;
            assert_painted (layout, &style, width);
          }
    }
}

static void
test_style_defaults (void)
{
  TideFlameStyle style;

  memset (&style, 0xaa, sizeof style);
  tide_flame_style_init (&style);
  g_assert_false (style.dark);
  g_assert_cmpint (style.color_mode, ==, TIDE_FLAME_COLOR_BY_FUNCTION);
  g_assert_cmpfloat (style.row_height, ==, 18);
  g_assert_cmpfloat (style.font_px, ==, 12);
  g_assert_cmpuint (style.hover_node, ==, TIDE_FLAME_NO_NODE);
  g_assert_null (style.matches);
  g_assert_false (style.skip_titles);
}

/* The tooltip names the function, its value and share, and where it is. */
static void
test_titles (void)
{
  g_autoptr(TideFlameTree) tree = tide_chart_test_tree ("ht_leaky.zst", &top_down);
  g_autoptr(TideFlameLayout) layout = tide_flame_layout_new (tree, TIDE_METRIC_LEAKED, 0, 1200);
  guint32 make_buf = tide_chart_test_find_node (tree, "make_buf");
  g_autoptr(TideDrawList) list = NULL;
  g_autoptr(GPtrArray) rects = NULL;
  TideFlameStyle style;
  gboolean found = FALSE;

  tide_flame_style_init (&style);
  list = paint (layout, &style, 1200);
  rects = rect_ops (list);
  g_assert_true (g_str_has_prefix (((const TideDrawOp *) rects->pdata[0])->title, "all — "));
  g_assert_nonnull (strstr (((const TideDrawOp *) rects->pdata[0])->title, "(100.00%)"));
  for (guint i = 0; i < rects->len; i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (layout, i);
      const char *title = ((const TideDrawOp *) rects->pdata[i])->title;

      if (r->node != make_buf)
        continue;
      g_test_message ("%s", title);
      g_assert_true (g_str_has_prefix (title, "make_buf — "));
      g_assert_nonnull (strstr (title, "%) — ./leaky.c:"));
      g_assert_true (g_str_has_suffix (title, " — /usr/local/src/leaky"));
      found = TRUE;
    }
  g_assert_true (found);

  /* the same text on demand, for a window's own tooltips */
  for (guint i = 0; i < rects->len; i++)
    {
      g_autofree char *title = tide_flame_painter_title (layout, i);

      g_assert_cmpstr (title, ==, ((const TideDrawOp *) rects->pdata[i])->title);
    }

  /* and none recorded when the window makes its own */
  {
    g_autoptr(TideDrawList) bare = NULL;
    g_autoptr(GPtrArray) bare_rects = NULL;

    style.skip_titles = TRUE;
    bare = paint (layout, &style, 1200);
    bare_rects = rect_ops (bare);
    g_assert_cmpuint (bare_rects->len, ==, rects->len);
    for (guint i = 0; i < bare_rects->len; i++)
      g_assert_null (((const TideDrawOp *) bare_rects->pdata[i])->title);
  }
}

/* A function has the same colour in any trace that has it, and different
 * functions mostly differ. */
static void
test_colour_stability (void)
{
  g_autoptr(TideFlameTree) leaky = tide_chart_test_tree ("ht_leaky.zst", &top_down);
  g_autoptr(TideFlameTree) leaky_gz = tide_chart_test_tree ("ht_leaky.gz", &top_down);
  g_autoptr(TideFlameTree) cxx = tide_chart_test_tree ("ht_cxx.zst", &top_down);
  const char *shared[] = { "main", "_start", "__libc_start_main_impl" };
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  TideFlameStyle style;

  tide_flame_style_init (&style);
  for (guint dark = 0; dark < 2; dark++)
    for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
      {
        TideColor a, b, c;

        style.dark = dark;
        a = tide_flame_painter_color (leaky, tide_chart_test_find_node (leaky, shared[i]), &style);
        b = tide_flame_painter_color (leaky_gz, tide_chart_test_find_node (leaky_gz, shared[i]), &style);
        c = tide_flame_painter_color (cxx, tide_chart_test_find_node (cxx, shared[i]), &style);
        g_assert_cmpuint (tide_chart_test_rgb (&a), ==, tide_chart_test_rgb (&b));
        g_assert_cmpuint (tide_chart_test_rgb (&a), ==, tide_chart_test_rgb (&c));
      }

  /* warm hues in light mode: red at least as strong as green, little blue */
  style.dark = FALSE;
  for (guint32 n = 0; n < tide_flame_tree_get_n_nodes (cxx); n++)
    {
      TideColor c = tide_flame_painter_color (cxx, n, &style);

      g_assert_cmpfloat (c.r, >=, c.g - 1e-9);
      g_assert_cmpfloat (c.b, <, c.r);
      g_hash_table_add (colours, GUINT_TO_POINTER (tide_chart_test_rgb (&c)));
    }
  g_test_message ("%u distinct colours for %u boxes", g_hash_table_size (colours), tide_flame_tree_get_n_nodes (cxx));
  g_assert_cmpuint (g_hash_table_size (colours), >, 5);
}

/* Searching: hits in one colour nobody else has, the rest greyed. */
static void
test_search_colours (void)
{
  g_autoptr(TideFlameTree) tree = tide_chart_test_tree ("ht_leaky.zst", &top_down);
  g_autoptr(TideFlameLayout) layout = tide_flame_layout_new (tree, TIDE_METRIC_ALLOCATIONS, 0, 1200);
  g_autofree guint8 *marks = g_new0 (guint8, tide_flame_tree_get_n_nodes (tree));
  g_autoptr(TideDrawList) plain = NULL;
  g_autoptr(TideDrawList) searched = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  TideFlameStyle style;
  guint64 matched;
  guint32 hit_rgb = 0;
  guint n_hits = 0;

  g_assert_true (tide_flame_search (tree, "make_buf", FALSE, TIDE_METRIC_ALLOCATIONS, marks, &matched, NULL));
  tide_flame_style_init (&style);
  plain = paint (layout, &style, 1200);
  style.matches = marks;
  searched = paint (layout, &style, 1200);
  before = rect_ops (plain);
  after = rect_ops (searched);

  for (guint i = 0; i < after->len; i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (layout, i);
      const TideDrawOp *a = after->pdata[i], *b = before->pdata[i];

      if (r->node != TIDE_FLAME_NO_NODE && marks[r->node])
        {
          if (n_hits++ == 0)
            hit_rgb = tide_chart_test_rgb (&a->color);
          g_assert_cmpuint (tide_chart_test_rgb (&a->color), ==, hit_rgb);
          /* magenta-ish */
          g_assert_cmpfloat (a->color.r, >, a->color.g + 0.4);
          g_assert_cmpfloat (a->color.b, >, a->color.g + 0.4);
        }
      else
        {
          double sat_a = MAX (MAX (a->color.r, a->color.g), a->color.b) - MIN (MIN (a->color.r, a->color.g), a->color.b);
          double sat_b = MAX (MAX (b->color.r, b->color.g), b->color.b) - MIN (MIN (b->color.r, b->color.g), b->color.b);

          g_assert_cmpuint (tide_chart_test_rgb (&a->color), !=, hit_rgb);
          g_assert_cmpfloat (sat_a, <=, sat_b);
          if (sat_b > 0.1)
            g_assert_cmpfloat (sat_a, <, sat_b * 0.5);
        }
    }
  g_assert_cmpuint (n_hits, >=, 2);
}

static void
test_hover (void)
{
  g_autoptr(TideFlameTree) tree = tide_chart_test_tree ("ht_leaky.zst", &top_down);
  g_autoptr(TideFlameLayout) layout = tide_flame_layout_new (tree, TIDE_METRIC_PEAK, 0, 1200);
  guint32 main_node = tide_chart_test_find_node (tree, "main");
  g_autoptr(TideDrawList) list = NULL;
  g_autoptr(GPtrArray) rects = NULL;
  TideFlameStyle style;
  guint outlined = 0;

  tide_flame_style_init (&style);
  style.hover_node = main_node;
  list = paint (layout, &style, 1200);
  rects = rect_ops (list);
  for (guint i = 0; i < rects->len; i++)
    {
      const TideDrawOp *op = rects->pdata[i];

      if (op->stroke.a > 0)
        {
          outlined++;
          g_assert_cmpuint (tide_flame_layout_get_rect (layout, i)->node, ==, main_node);
        }
    }
  g_assert_cmpuint (outlined, ==, 1);
}

/* The pixel at every box's centre (and near its edges) maps back to it. */
static void
test_painter_hit (void)
{
  g_autoptr(TideFlameTree) tree = tide_chart_test_tree ("ht_python.zst", &top_down);
  const double width = 1000;
  g_autoptr(TideFlameLayout) layout = tide_flame_layout_new (tree, TIDE_METRIC_PEAK, 0, width);
  g_autoptr(TideDrawList) list = NULL;
  g_autoptr(GPtrArray) rects = NULL;
  TideFlameStyle style;
  double height;

  tide_flame_style_init (&style);
  height = tide_flame_painter_get_height (layout, &style);
  list = tide_flame_paint (layout, &style, width, height);
  rects = rect_ops (list);
  for (guint i = 0; i < rects->len; i++)
    {
      const TideDrawOp *op = rects->pdata[i];
      guint32 node = tide_flame_layout_get_rect (layout, i)->node;
      double cy = op->y + op->h / 2;

      /* under half a pixel: rounded to nothing, nothing to hit */
      if (op->w == 0)
        continue;
      g_assert_cmpuint (tide_flame_painter_hit (layout, &style, width, height, op->x + op->w / 2, cy), ==, node);
      if (op->w >= 2)
        {
          g_assert_cmpuint (tide_flame_painter_hit (layout, &style, width, height, op->x + 0.01, cy), ==, node);
          g_assert_cmpuint (tide_flame_painter_hit (layout, &style, width, height, op->x + op->w - 0.01, cy), ==, node);
        }
    }
  g_assert_cmpuint (tide_flame_painter_hit (layout, &style, width, height, -1, height - 1), ==, TIDE_FLAME_NO_NODE);
  g_assert_cmpuint (tide_flame_painter_hit (layout, &style, width, height, 10, height + 1), ==, TIDE_FLAME_NO_NODE);
  g_assert_cmpuint (tide_flame_painter_hit (layout, &style, width, height, 10, height - 1), ==, 0);
}

/* A shorter area shows the rows at the bottom, and hits agree with it. */
static void
test_short_area (void)
{
  g_autoptr(TideFlameTree) tree = tide_chart_test_tree ("ht_python.zst", &top_down);
  g_autoptr(TideFlameLayout) layout = tide_flame_layout_new (tree, TIDE_METRIC_PEAK, 0, 800);
  g_autoptr(TideDrawList) list = NULL;
  g_autoptr(GPtrArray) rects = NULL;
  TideFlameStyle style;

  tide_flame_style_init (&style);
  g_assert_cmpfloat (tide_flame_painter_get_height (layout, &style), >, 180);
  list = tide_flame_paint (layout, &style, 800, 180);
  rects = rect_ops (list);
  g_assert_cmpuint (rects->len, <, tide_flame_layout_get_n_rects (layout));
  for (guint i = 0; i < rects->len; i++)
    g_assert_cmpfloat (((const TideDrawOp *) rects->pdata[i])->y, >=, 0);
  g_assert_cmpuint (tide_flame_painter_hit (layout, &style, 800, 180, 5, 179), ==, 0);
}

/* Fitting: never wider than asked, "…" when cut, NULL when nothing fits. */
static void
test_fit_text (void)
{
  const char *samples[] = {
    "main", "std::vector<int, std::allocator<int> >::_M_realloc_insert<int const&>",
    "PyEval_EvalFrameDefault", "ünïcödé → 漢字 λ", "WWWWWWWWWWWWWWWWWWWWWWWWWWW", "iiiiiiiiiiiiiiiiiiiiiiiiiiii",
  };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      double full = tide_chart_text_width (samples[s], 12);

      g_assert_cmpfloat (full, >, 0);
      for (double w = 0; w < full + 20; w += 1.5)
        {
          g_autofree char *fit = tide_chart_fit_text (samples[s], 12, w);

          if (fit == NULL)
            {
              /* nothing fits only when one character and the ellipsis do not */
              const char *second = g_utf8_next_char (samples[s]);
              g_autofree char *one = g_strdup_printf ("%.*s…", (int) (second - samples[s]), samples[s]);

              g_assert_cmpfloat (w, <, full);
              g_assert_cmpfloat (w, <, tide_chart_text_width (one, 12));
              continue;
            }
          g_assert_true (g_utf8_validate (fit, -1, NULL));
          g_assert_cmpfloat (tide_chart_text_width (fit, 12), <=, w);
          if (w >= full)
            g_assert_cmpstr (fit, ==, samples[s]);
          else
            {
              g_assert_true (g_str_has_suffix (fit, "…"));
              g_assert_true (strncmp (fit, samples[s], strlen (fit) - strlen ("…")) == 0);
            }
        }
    }
  /* wider type takes more room */
  g_assert_cmpfloat (tide_chart_text_width ("main", 24), >, 1.9 * tide_chart_text_width ("main", 12));
  g_assert_cmpfloat (tide_chart_text_width ("", 12), ==, 0);
}

/* Measuring from several threads at once gives what the main thread gets:
 * each thread has its own font map. */
static gpointer
measure_thread (gpointer data)
{
  double *widths = data;
  const char *texts[] = { "main", "PyEval_EvalFrameDefault", "ünïcödé → 漢字 λ" };

  for (guint round = 0; round < 200; round++)
    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        g_autofree char *fit = tide_chart_fit_text (texts[i], 12, 60);

        widths[i] = tide_chart_text_width (texts[i], 12 + (round % 2));
        g_assert_nonnull (fit);
      }
  return NULL;
}

static void
test_threads (void)
{
  const char *texts[] = { "main", "PyEval_EvalFrameDefault", "ünïcödé → 漢字 λ" };
  double widths[4][3];
  GThread *threads[4];

  for (guint t = 0; t < 4; t++)
    threads[t] = g_thread_new ("measure", measure_thread, widths[t]);
  for (guint t = 0; t < 4; t++)
    g_thread_join (threads[t]);
  for (guint t = 0; t < 4; t++)
    for (guint i = 0; i < 3; i++)
      g_assert_cmpfloat (widths[t][i], ==, tide_chart_text_width (texts[i], 13));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/painter/style-defaults", test_style_defaults);
  g_test_add_func ("/charts/painter/boxes-and-labels", test_boxes_and_labels);
  g_test_add_func ("/charts/painter/titles", test_titles);
  g_test_add_func ("/charts/painter/colour-stability", test_colour_stability);
  g_test_add_func ("/charts/painter/search", test_search_colours);
  g_test_add_func ("/charts/painter/hover", test_hover);
  g_test_add_func ("/charts/painter/hit", test_painter_hit);
  g_test_add_func ("/charts/painter/short-area", test_short_area);
  g_test_add_func ("/charts/painter/fit-text", test_fit_text);
  g_test_add_func ("/charts/painter/threads", test_threads);

  return g_test_run ();
}
