/* test-diff-flame-painter.c: the differential flame graph and two graphs on one scale
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "charts/tide-flame-painter.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

#define BEFORE_PEAK 180030
#define AFTER_PEAK  935214

typedef struct
{
  TideTrace *trace[2];
  guint64   *size[2];
  guint64   *count[2];
} Pair;

static void
pair_load (Pair       *pair,
           const char *before,
           const char *after)
{
  const char *names[2] = { before, after };

  for (guint s = 0; s < 2; s++)
    {
      pair->trace[s] = tide_chart_test_trace (names[s]);
      tide_diff_side_at_peak (pair->trace[s], &pair->size[s], &pair->count[s]);
    }
}

static void
pair_clear (Pair *pair)
{
  for (guint s = 0; s < 2; s++)
    {
      g_clear_object (&pair->trace[s]);
      g_clear_pointer (&pair->size[s], g_free);
      g_clear_pointer (&pair->count[s], g_free);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pair, pair_clear)

static TideDiffFlame *
pair_diff (Pair                   *pair,
           const TideFlameOptions *options)
{
  TideDiffSide b = { pair->trace[0], pair->size[0], pair->count[0] };
  TideDiffSide a = { pair->trace[1], pair->size[1], pair->count[1] };

  return tide_diff_flame_new (&b, &a, TIDE_METRIC_PEAK, options);
}

static const TideFlameOptions top_down = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_LINE, FALSE };

static TideDrawList *diff_list (const char *before,
                                const char *after,
                                double      width,
                                gboolean    dark,
                                const char *search);

static TideDrawList *
paint (TideFlameLayout      *layout,
       const TideFlameStyle *style,
       double                width)
{
  return tide_flame_paint (layout, style, width, tide_flame_painter_get_height (layout, style));
}

/* Neutral when unchanged, warm for growth, cool for shrinking; the larger
 * the relative change, the further from neutral. */
static void
test_colours_by_sign (void)
{
  g_auto(Pair) pair = { 0 };
  g_autoptr(TideDiffFlame) diff = NULL;
  TideFlameStyle style;
  guint grew = 0, shrank = 0, same = 0;

  pair_load (&pair, "tm_before.pickle", "tm_after.pickle");
  diff = pair_diff (&pair, &top_down);
  for (guint dark = 0; dark < 2; dark++)
    {
      TideColor neutral, strongest_warm = { 0 }, strongest_cool = { 0 };
      double weakest_warm = 2, weakest_cool = 2;

      tide_flame_style_init (&style);
      style.dark = dark;
      neutral = tide_flame_painter_diff_color (diff, TIDE_FLAME_NO_NODE, &style);
      g_assert_cmpfloat (neutral.r, ==, neutral.g);
      g_assert_cmpfloat (neutral.g, ==, neutral.b);
      for (guint i = 0; i < tide_diff_flame_get_n_nodes (diff); i++)
        {
          TideColor c = tide_flame_painter_diff_color (diff, i, &style);
          gint64 delta = tide_diff_flame_get_delta (diff, i);
          guint64 larger = MAX (tide_diff_flame_get_value (diff, i, TIDE_DIFF_BEFORE),
                                tide_diff_flame_get_value (diff, i, TIDE_DIFF_AFTER));
          double relative = larger > 0 ? (double) ABS (delta) / larger : 0;

          g_assert_cmpfloat (c.a, ==, 1.0);
          if (delta == 0)
            {
              g_assert_cmpmem (&c, sizeof c, &neutral, sizeof neutral);
              same += !dark;
            }
          else if (delta > 0)
            {
              g_assert_cmpfloat (c.r, >, c.b);
              grew += !dark;
              if (relative == 1.0)
                strongest_warm = c;
              weakest_warm = MIN (weakest_warm, relative);
            }
          else
            {
              g_assert_cmpfloat (c.b, >, c.r);
              shrank += !dark;
              if (relative == 1.0)
                strongest_cool = c;
              weakest_cool = MIN (weakest_cool, relative);
            }
        }
      /* what is new or gone is the strongest colour of its side */
      g_assert_cmpfloat (strongest_warm.a, ==, 1.0);
      g_assert_cmpfloat (strongest_cool.a, ==, 1.0);
      g_assert_cmpfloat (weakest_warm, <, 1.0);
      for (guint i = 0; i < tide_diff_flame_get_n_nodes (diff); i++)
        {
          TideColor c = tide_flame_painter_diff_color (diff, i, &style);

          if (tide_diff_flame_get_delta (diff, i) > 0)
            g_assert_cmpfloat (c.r - c.b, <=, strongest_warm.r - strongest_warm.b + 1e-9);
          else if (tide_diff_flame_get_delta (diff, i) < 0)
            g_assert_cmpfloat (c.b - c.r, <=, strongest_cool.b - strongest_cool.r + 1e-9);
        }
    }
  g_test_message ("%u boxes grew, %u shrank, %u unchanged", grew, shrank, same);
  g_assert_cmpuint (grew, >, 0);
  g_assert_cmpuint (shrank, >, 0);
  g_assert_cmpuint (same, >, 0);
}

/* Widths are the "after" values; a vanished box keeps its "before" one. */
static void
test_widths (void)
{
  g_auto(Pair) pair = { 0 };
  g_autoptr(TideDiffFlame) diff = NULL;
  g_autoptr(TideFlameLayout) layout = NULL;
  guint before_only = 0;
  double total;

  /* reversed, so what the second dump added is what vanished */
  pair_load (&pair, "tm_after.pickle", "tm_before.pickle");
  diff = pair_diff (&pair, &top_down);
  layout = tide_flame_layout_new_for_diff (diff, 0, 1200);
  g_assert_true (tide_flame_layout_get_diff (layout) == diff);
  g_assert_null (tide_flame_layout_get_tree (layout));
  g_assert_cmpint (tide_flame_layout_get_metric (layout), ==, TIDE_METRIC_PEAK);
  total = (double) tide_flame_layout_get_total (layout);
  g_assert_cmpuint (tide_flame_layout_get_total (layout), ==, tide_diff_flame_get_node (diff, 0)->width);
  g_assert_cmpuint (tide_flame_layout_get_total (layout), >, BEFORE_PEAK);

  for (guint i = 0; i < tide_flame_layout_get_n_rects (layout); i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (layout, i);
      const TideDiffFlameNode *node;

      if (r->node == TIDE_FLAME_NO_NODE)
        continue;
      node = tide_diff_flame_get_node (diff, r->node);
      g_assert_cmpuint (r->value, ==, node->width);
      g_assert_cmpfloat_with_epsilon (r->x1 - r->x0, node->width / total, 1e-12);
      if (node->flags & TIDE_DIFF_FLAME_BEFORE_ONLY)
        {
          g_assert_cmpuint (r->value, ==, node->size[TIDE_DIFF_BEFORE]);
          before_only++;
        }
      else if (node->first_child == TIDE_FLAME_NO_NODE)
        g_assert_cmpuint (r->value, ==, node->size[TIDE_DIFF_AFTER]);
    }
  g_assert_cmpuint (before_only, >, 3);
}

/* Stripes on what is gone, an outline on what is new, titles with both
 * sides, the change and its share. */
static void
test_marks_and_titles (void)
{
  g_auto(Pair) pair = { 0 };
  g_autoptr(TideDiffFlame) diff = NULL;
  g_autoptr(TideFlameLayout) layout = NULL;
  g_autoptr(TideDrawList) list = NULL;
  g_autofree char *root_title = NULL;
  TideFlameStyle style;
  guint paths = 0, outlined = 0, rects = 0, gone = 0, added = 0;

  pair_load (&pair, "tm_before.pickle", "tm_after.pickle");
  diff = pair_diff (&pair, &top_down);
  layout = tide_flame_layout_new_for_diff (diff, 0, 1200);
  tide_flame_style_init (&style);
  list = paint (layout, &style, 1200);

  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);

      if (op->kind == TIDE_DRAW_PATH)
        paths++;
      if (op->kind != TIDE_DRAW_RECT)
        continue;
      rects++;
      g_assert_nonnull (op->title);
      outlined += op->stroke.a > 0;
      if (strstr (op->title, "gone: only before") != NULL)
        gone++;
      if (strstr (op->title, "new: only after") != NULL)
        added++;
    }
  g_assert_cmpuint (rects, ==, tide_flame_layout_get_n_rects (layout));
  g_test_message ("%u boxes, %u new, %u gone, %u stripes", rects, added, gone, paths);
  g_assert_cmpuint (added, >, 0);
  g_assert_cmpuint (outlined, ==, added);
  g_assert_cmpuint (gone, >, 0);
  /* what vanished is narrow here: too narrow for stripes */
  g_assert_cmpuint (paths, ==, 0);

  /* the root: both peaks, the change and its share */
  root_title = tide_flame_painter_title (layout, 0);
  g_test_message ("%s", root_title);
  g_assert_true (g_str_has_prefix (root_title, "all — "));
  g_assert_nonnull (strstr (root_title, "+419.5 %"));
  g_assert_nonnull (strstr (root_title, "→"));
  g_assert_nonnull (strstr (root_title, " → 10057 (+8605)"));

  /* the other way round, what the second dump added is gone, and wide */
  {
    g_autoptr(TideDrawList) reversed = diff_list ("tm_after.pickle", "tm_before.pickle", 1200, FALSE, NULL);
    guint stripes = 0;

    for (guint i = 0; i < tide_draw_list_get_n_ops (reversed); i++)
      {
        const TideDrawOp *op = tide_draw_list_get_op (reversed, i);

        if (op->kind != TIDE_DRAW_PATH)
          continue;
        /* one stripe, at 45° down to the right */
        g_assert_cmpuint (op->n_points, ==, 2);
        g_assert_cmpfloat_with_epsilon (op->points[1].x - op->points[0].x, op->points[1].y - op->points[0].y, 1e-9);
        g_assert_false (op->closed);
        stripes++;
      }
    g_assert_cmpuint (stripes, >, 50);
  }
}

/* Two flame graphs laid out against the larger root draw the same bytes
 * the same width: the smaller one is narrower by its share. */
static void
test_shared_scale (void)
{
  g_autoptr(TideTrace) before = tide_chart_test_trace ("tm_before.pickle");
  g_autoptr(TideTrace) after = tide_chart_test_trace ("tm_after.pickle");
  TideFlameOptions options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, FALSE };
  g_autoptr(TideFlameTree) tb = tide_flame_tree_new (before, &options);
  g_autoptr(TideFlameTree) ta = tide_flame_tree_new (after, &options);
  guint64 scale = MAX (tide_flame_tree_get_node (tb, 0)->total.peak_bytes, tide_flame_tree_get_node (ta, 0)->total.peak_bytes);
  g_autoptr(TideFlameLayout) lb = tide_flame_layout_new_scaled (tb, TIDE_METRIC_PEAK, 0, 1000, scale);
  g_autoptr(TideFlameLayout) la = tide_flame_layout_new_scaled (ta, TIDE_METRIC_PEAK, 0, 1000, scale);
  g_autoptr(TideFlameLayout) small = tide_flame_layout_new_scaled (ta, TIDE_METRIC_PEAK, 0, 1000, 10);
  guint32 main_b = TIDE_FLAME_NO_NODE, main_a = TIDE_FLAME_NO_NODE;
  g_autoptr(TideFlameLayout) zb = NULL;
  g_autoptr(TideFlameLayout) za = NULL;
  guint64 zoom_scale;

  g_assert_cmpuint (scale, ==, AFTER_PEAK);
  g_assert_cmpuint (tide_flame_layout_get_total (lb), ==, AFTER_PEAK);
  g_assert_cmpfloat_with_epsilon (tide_flame_layout_get_rect (lb, 0)->x1, (double) BEFORE_PEAK / AFTER_PEAK, 1e-12);
  g_assert_cmpfloat (tide_flame_layout_get_rect (la, 0)->x1, ==, 1.0);
  /* a scale below the root's own value changes nothing */
  g_assert_cmpuint (tide_flame_layout_get_total (small), ==, AFTER_PEAK);
  /* every box of the smaller graph is as wide as its bytes on the shared scale */
  for (guint i = 0; i < tide_flame_layout_get_n_rects (lb); i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (lb, i);

      g_assert_cmpfloat_with_epsilon (r->x1 - r->x0, (double) r->value / AFTER_PEAK, 1e-12);
      g_assert_cmpfloat (r->x1, <=, (double) BEFORE_PEAK / AFTER_PEAK + 1e-12);
    }

  /* zoomed into the same frame on both sides (the largest root child of
   * "before" that "after" has too): the larger of the two fills the width,
   * the rows below the zoom are as wide as it */
  for (guint32 c = tide_flame_tree_get_node (tb, 0)->first_child; c != TIDE_FLAME_NO_NODE;
       c = tide_flame_tree_get_node (tb, c)->next_sibling)
    {
      g_autofree char *label = tide_flame_tree_get_label (tb, c);

      for (guint32 d = tide_flame_tree_get_node (ta, 0)->first_child; d != TIDE_FLAME_NO_NODE;
           d = tide_flame_tree_get_node (ta, d)->next_sibling)
        {
          g_autofree char *other = tide_flame_tree_get_label (ta, d);

          if (g_str_equal (label, other)
              && (main_b == TIDE_FLAME_NO_NODE
                  || tide_flame_tree_get_node (tb, c)->total.peak_bytes > tide_flame_tree_get_node (tb, main_b)->total.peak_bytes))
            {
              main_b = c;
              main_a = d;
            }
        }
    }
  g_assert_cmpuint (main_b, !=, TIDE_FLAME_NO_NODE);
  zoom_scale = MAX (tide_flame_tree_get_node (tb, main_b)->total.peak_bytes,
                    tide_flame_tree_get_node (ta, main_a)->total.peak_bytes);
  zb = tide_flame_layout_new_scaled (tb, TIDE_METRIC_PEAK, main_b, 1000, zoom_scale);
  za = tide_flame_layout_new_scaled (ta, TIDE_METRIC_PEAK, main_a, 1000, zoom_scale);
  for (guint i = 0; i < tide_flame_layout_get_n_rects (zb); i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (zb, i);

      if (r->row <= tide_flame_tree_get_depth (tb, main_b))
        g_assert_cmpfloat_with_epsilon (r->x1, (double) tide_flame_tree_get_node (tb, main_b)->total.peak_bytes / zoom_scale,
                                        1e-12);
    }
  g_assert_cmpfloat (tide_flame_layout_get_rect (za, tide_flame_layout_get_n_rects (za) - 1)->x1, <=, 1.0);
}

static TideDrawList *
diff_list (const char *before,
           const char *after,
           double      width,
           gboolean    dark,
           const char *search)
{
  g_auto(Pair) pair = { 0 };
  g_autoptr(TideDiffFlame) diff = NULL;
  g_autoptr(TideFlameLayout) layout = NULL;
  g_autofree guint8 *marks = NULL;
  TideFlameStyle style;

  pair_load (&pair, before, after);
  diff = pair_diff (&pair, &top_down);
  layout = tide_flame_layout_new_for_diff (diff, 0, width);
  tide_flame_style_init (&style);
  style.dark = dark;
  if (search != NULL)
    {
      guint64 matched;

      marks = g_new0 (guint8, tide_diff_flame_get_n_nodes (diff));
      g_assert_true (tide_diff_flame_search (diff, search, FALSE, marks, &matched, NULL));
      style.matches = marks;
    }
  return paint (layout, &style, width);
}

/* The SVG is well-formed with a title per box, and librsvg draws what
 * cairo draws. */
static void
test_svg (void)
{
  g_autoptr(TideDrawList) light = diff_list ("tm_before.pickle", "tm_after.pickle", 1200, FALSE, NULL);
  g_autoptr(TideDrawList) dark = diff_list ("tm_after.pickle", "tm_before.pickle", 900, TRUE, NULL);
  g_autoptr(TideDrawList) search = diff_list ("tm_before.pickle", "tm_after.pickle", 700, FALSE, "json");
  g_autoptr(GString) svg = g_string_new (NULL);
  g_auto(TideSvgStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  guint rects = 0;

  tide_draw_list_write_svg (light, svg);
  g_assert_true (tide_chart_test_parse_svg (svg->str, &stats, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < tide_draw_list_get_n_ops (light); i++)
    rects += tide_draw_list_get_op (light, i)->kind == TIDE_DRAW_RECT;
  g_assert_cmpuint (stats.n_titles, ==, rects);
  g_assert_cmpuint (stats.n_texts, >, 5);

  if (!tide_test_have ("rsvg-convert"))
    {
      g_test_skip ("rsvg-convert (librsvg2-bin) is not installed");
      return;
    }
  tide_chart_test_compare_rsvg (light, "difference, light", 6);
  tide_chart_test_compare_rsvg (dark, "difference reversed, dark", 6);
  tide_chart_test_compare_rsvg (search, "difference, search", 6);
}

/* The same program twice: every box is neutral. */
static void
test_same_trace_is_neutral (void)
{
  g_autoptr(TideDrawList) list = diff_list ("ht_leaky.zst", "ht_leaky.zst", 1200, FALSE, NULL);

  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);

      g_assert_cmpint (op->kind, !=, TIDE_DRAW_PATH);
      if (op->kind == TIDE_DRAW_RECT)
        {
          g_assert_cmpfloat (op->color.r, ==, op->color.g);
          g_assert_cmpfloat (op->color.g, ==, op->color.b);
          g_assert_cmpfloat (op->stroke.a, ==, 0);
          g_assert_nonnull (strstr (op->title, "(+0"));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/diff-flame/colours", test_colours_by_sign);
  g_test_add_func ("/charts/diff-flame/widths", test_widths);
  g_test_add_func ("/charts/diff-flame/marks-and-titles", test_marks_and_titles);
  g_test_add_func ("/charts/diff-flame/shared-scale", test_shared_scale);
  g_test_add_func ("/charts/diff-flame/svg", test_svg);
  g_test_add_func ("/charts/diff-flame/same-trace", test_same_trace_is_neutral);

  return g_test_run ();
}
