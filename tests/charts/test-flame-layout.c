/* test-flame-layout.c: flame graph geometry: proportions, order, zoom, merging, hits
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "charts/tide-flame-layout.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

static const TideFlameOptions top_down = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, FALSE };

/* Index of the rect of each node (NO_NODE-free rects only), -1 when absent. */
static int *
rect_of_node (TideFlameLayout *layout)
{
  TideFlameTree *tree = tide_flame_layout_get_tree (layout);
  int *index = g_new (int, tide_flame_tree_get_n_nodes (tree));

  for (guint i = 0; i < tide_flame_tree_get_n_nodes (tree); i++)
    index[i] = -1;
  for (guint i = 0; i < tide_flame_layout_get_n_rects (layout); i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (layout, i);

      if (r->node != TIDE_FLAME_NO_NODE)
        {
          g_assert_cmpint (index[r->node], ==, -1); /* a node is drawn once */
          index[r->node] = (int) i;
        }
    }
  return index;
}

/* A merged box is a maximal run of at least two siblings, each thinner
 * than a pixel, and its value is their sum. */
static void
assert_merged_run (TideFlameLayout     *layout,
                   const TideFlameRect *r,
                   double               width_px)
{
  TideFlameTree *tree = tide_flame_layout_get_tree (layout);
  TideMetric metric = tide_flame_layout_get_metric (layout);
  double total = (double) tide_flame_layout_get_total (layout);
  const TideFlameRect *b = tide_flame_layout_get_rect (layout, tide_flame_layout_hit (layout, r->x0, r->row - 1));
  double x = b->x0;
  guint64 sum = 0;
  guint count = 0;

  for (guint32 c = tide_flame_tree_get_node (tree, b->node)->first_child; c != TIDE_FLAME_NO_NODE;
       c = tide_flame_tree_get_node (tree, c)->next_sibling)
    {
      guint64 v = tide_cost_get (&tide_flame_tree_get_node (tree, c)->total, metric);
      double cx0 = x, cx1 = x + v / total;

      x = cx1;
      if (v == 0)
        continue;
      if (cx0 >= r->x0 - 1e-12 && cx1 <= r->x1 + 1e-12)
        {
          g_assert_cmpfloat ((double) v * width_px, <, total);
          sum += v;
          count++;
        }
      else if (fabs (cx1 - r->x0) < 1e-12 || fabs (cx0 - r->x1) < 1e-12)
        g_assert_cmpfloat ((double) v * width_px, >=, total); /* the run is maximal */
    }
  g_assert_cmpuint (count, >=, 2);
  g_assert_cmpuint (sum, ==, r->value);
}

/* Sorted by (row, x0); no overlap; inside [0, 1]; each row's values add up
 * to at most the full width's value; every box sits on a box of the row
 * below that was wide enough to descend into. */
static void
assert_well_formed (TideFlameLayout *layout,
                    double           width_px)
{
  guint n = tide_flame_layout_get_n_rects (layout);
  guint64 total = tide_flame_layout_get_total (layout);
  guint64 row_sum = 0;

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (layout, i);

      g_assert_cmpfloat (r->x0, >=, 0);
      g_assert_cmpfloat (r->x1, <=, 1);
      g_assert_cmpfloat (r->x0, <, r->x1);
      g_assert_cmpuint (r->row, <, tide_flame_layout_get_n_rows (layout));
      if (i > 0)
        {
          const TideFlameRect *prev = tide_flame_layout_get_rect (layout, i - 1);

          g_assert_cmpuint (prev->row, <=, r->row);
          if (prev->row == r->row)
            g_assert_cmpfloat (prev->x1, <=, r->x0);
          else
            {
              g_assert_cmpuint (r->row, ==, prev->row + 1);
              row_sum = 0;
            }
        }
      row_sum += r->value;
      if (r->row > tide_flame_tree_get_depth (tide_flame_layout_get_tree (layout), tide_flame_layout_get_zoom (layout)))
        {
          /* the box below (at its left edge) holds it and was at least a pixel wide */
          int below = tide_flame_layout_hit (layout, r->x0, r->row - 1);
          const TideFlameRect *b;

          g_assert_cmpint (below, >=, 0);
          b = tide_flame_layout_get_rect (layout, below);
          g_assert_cmpuint (b->node, !=, TIDE_FLAME_NO_NODE);
          g_assert_cmpfloat (b->x0, <=, r->x0);
          g_assert_cmpfloat (r->x1, <=, b->x1 + 1e-12);
          g_assert_cmpfloat ((double) b->value * width_px, >=, (double) total);
          g_assert_cmpuint (row_sum, <=, total);
          if (r->node == TIDE_FLAME_NO_NODE)
            assert_merged_run (layout, r, width_px);
        }
    }
}

/* Each child box's width is its share of its parent's. */
static void
assert_proportional (TideFlameLayout *layout)
{
  TideFlameTree *tree = tide_flame_layout_get_tree (layout);
  TideMetric metric = tide_flame_layout_get_metric (layout);
  g_autofree int *index = rect_of_node (layout);
  guint32 zoom = tide_flame_layout_get_zoom (layout);
  guint checked = 0;

  for (guint i = 0; i < tide_flame_layout_get_n_rects (layout); i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (layout, i);
      const TideFlameNode *node;
      const TideFlameRect *p;
      double expected;

      if (r->node == TIDE_FLAME_NO_NODE)
        {
          /* merged slivers: their width is still their value's share */
          g_assert_cmpfloat_with_epsilon (r->x1 - r->x0, (double) r->value / tide_flame_layout_get_total (layout), 1e-12);
          continue;
        }
      node = tide_flame_tree_get_node (tree, r->node);
      g_assert_cmpuint (r->value, ==, tide_cost_get (&node->total, metric));
      g_assert_cmpuint (r->row, ==, tide_flame_tree_get_depth (tree, r->node));
      if (r->row <= tide_flame_tree_get_depth (tree, zoom))
        continue;
      g_assert_cmpint (index[node->parent], >=, 0);
      p = tide_flame_layout_get_rect (layout, index[node->parent]);
      expected = (double) tide_cost_get (&node->total, metric) / tide_cost_get (&tide_flame_tree_get_node (tree, node->parent)->total, metric);
      g_assert_cmpfloat_with_epsilon ((r->x1 - r->x0) / (p->x1 - p->x0), expected, 1e-12);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

/* Every point inside a rect hits that rect; points outside every rect miss. */
static void
assert_hits (TideFlameLayout *layout)
{
  guint n = tide_flame_layout_get_n_rects (layout);

  for (guint i = 0; i < n; i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (layout, i);

      g_assert_cmpint (tide_flame_layout_hit (layout, (r->x0 + r->x1) / 2, r->row), ==, (int) i);
      g_assert_cmpint (tide_flame_layout_hit (layout, r->x0, r->row), ==, (int) i);
      g_assert_cmpint (tide_flame_layout_hit (layout, r->x0 + (r->x1 - r->x0) * 0.999, r->row), ==, (int) i);
    }
  /* rows partition the rects, in order */
  {
    guint next = 0, first, n_row;

    for (guint row = 0; tide_flame_layout_get_row (layout, row, &first, &n_row); row++)
      {
        g_assert_cmpuint (first, ==, next);
        g_assert_cmpuint (n_row, >, 0);
        for (guint i = first; i < first + n_row; i++)
          g_assert_cmpuint (tide_flame_layout_get_rect (layout, i)->row, ==, row);
        next = first + n_row;
      }
    g_assert_cmpuint (next, ==, n);
    g_assert_false (tide_flame_layout_get_row (layout, tide_flame_layout_get_n_rows (layout), &first, &n_row));
    g_assert_cmpuint (n_row, ==, 0);
  }
  g_assert_cmpint (tide_flame_layout_hit (layout, 0.5, tide_flame_layout_get_n_rows (layout)), ==, -1);
  g_assert_cmpint (tide_flame_layout_hit (layout, -0.1, 0), ==, -1);
  g_assert_cmpint (tide_flame_layout_hit (layout, 1.1, 0), ==, -1);
  g_assert_cmpint (tide_flame_layout_hit (layout, 1.0, 0), ==, 0);
}

static void
test_leaky_root (void)
{
  g_autoptr(TideFlameTree) tree = tide_chart_test_tree ("ht_leaky.zst", &top_down);
  const guint64 totals[] = { [TIDE_METRIC_PEAK] = 1122325, [TIDE_METRIC_LEAKED] = 5141,
                             [TIDE_METRIC_ALLOCATIONS] = 913, [TIDE_METRIC_TEMPORARY] = 502 };

  for (TideMetric m = 0; m < TIDE_METRIC_ALLOCATED; m++)
    {
      g_autoptr(TideFlameLayout) layout = tide_flame_layout_new (tree, m, 0, 1200);
      const TideFlameRect *root = tide_flame_layout_get_rect (layout, 0);

      g_assert_cmpuint (tide_flame_layout_get_total (layout), ==, totals[m]);
      g_assert_cmpuint (root->node, ==, 0);
      g_assert_cmpuint (root->row, ==, 0);
      g_assert_cmpfloat (root->x0, ==, 0.0);
      g_assert_cmpfloat (root->x1, ==, 1.0);
      g_assert_cmpuint (root->value, ==, totals[m]);
      g_assert_cmpuint (tide_flame_layout_get_n_rows (layout), <=, tide_flame_tree_get_max_depth (tree) + 1);
      assert_well_formed (layout, 1200);
      assert_proportional (layout);
      assert_hits (layout);
    }
}

/* The same invariants on bigger trees, every orientation and merge. */
static void
test_invariants (void)
{
  const char *files[] = { "ht_leaky.zst", "ht_cxx.zst", "ht_python.zst" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    for (guint o = 0; o < 4; o++)
      {
        TideFlameOptions options = { o & 1 ? TIDE_FLAME_BOTTOM_UP : TIDE_FLAME_TOP_DOWN,
                                     o & 2 ? TIDE_FLAME_MERGE_LINE : TIDE_FLAME_MERGE_FUNCTION, o == 3 };
        g_autoptr(TideFlameTree) tree = tide_chart_test_tree (files[f], &options);

        for (TideMetric m = 0; m < TIDE_N_METRICS; m++)
          {
            const double widths[] = { 1920, 300, 10 };

            for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
              {
                g_autoptr(TideFlameLayout) layout = tide_flame_layout_new (tree, m, 0, widths[w]);

                assert_well_formed (layout, widths[w]);
                if (tide_flame_layout_get_total (layout) > 0)
                  assert_proportional (layout);
                assert_hits (layout);
              }
          }
      }
}

static void
test_zoom (void)
{
  g_autoptr(TideFlameTree) tree = tide_chart_test_tree ("ht_leaky.zst", &top_down);
  guint32 main_node = tide_chart_test_find_node (tree, "main");
  guint depth = tide_flame_tree_get_depth (tree, main_node);
  g_autoptr(TideFlameLayout) layout = tide_flame_layout_new (tree, TIDE_METRIC_ALLOCATIONS, main_node, 1200);
  g_autofree int *index = rect_of_node (layout);
  const TideFlameRect *z;
  guint32 n = main_node;

  g_assert_cmpuint (depth, >, 1);
  g_assert_cmpuint (tide_flame_layout_get_zoom (layout), ==, main_node);
  g_assert_cmpuint (tide_flame_layout_get_total (layout), ==,
                    tide_flame_tree_get_node (tree, main_node)->total.allocations);

  z = tide_flame_layout_get_rect (layout, index[main_node]);
  g_assert_cmpuint (z->row, ==, depth);
  g_assert_cmpfloat (z->x0, ==, 0.0);
  g_assert_cmpfloat (z->x1, ==, 1.0);

  /* the ancestors: one full-width box per row below it, in order */
  for (guint d = depth; d > 0; d--)
    {
      const TideFlameRect *a;

      n = tide_flame_tree_get_node (tree, n)->parent;
      a = tide_flame_layout_get_rect (layout, d - 1);
      g_assert_cmpuint (a->node, ==, n);
      g_assert_cmpuint (a->row, ==, d - 1);
      g_assert_cmpfloat (a->x0, ==, 0.0);
      g_assert_cmpfloat (a->x1, ==, 1.0);
      g_assert_cmpuint (a->value, ==, tide_flame_tree_get_node (tree, n)->total.allocations);
    }
  g_assert_cmpuint (n, ==, 0);

  /* nothing beside the zoomed node: its siblings (the ld.so stack) are gone */
  for (guint i = 0; i < tide_flame_layout_get_n_rects (layout); i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (layout, i);

      if (r->node != TIDE_FLAME_NO_NODE && r->row >= depth)
        {
          guint32 up = r->node;

          while (tide_flame_tree_get_depth (tree, up) > depth)
            up = tide_flame_tree_get_node (tree, up)->parent;
          g_assert_cmpuint (up, ==, main_node);
        }
    }
  assert_hits (layout);
  assert_proportional (layout);
}

/* At 10 px nearly everything is thinner than a pixel: few rects, merged
 * runs carry their siblings' sum, no row adds up to more than the root. */
static void
test_thin_merging (void)
{
  g_autoptr(TideFlameTree) tree = tide_chart_test_tree ("ht_python.zst", &top_down);
  g_autoptr(TideFlameLayout) wide = tide_flame_layout_new (tree, TIDE_METRIC_ALLOCATIONS, 0, 1920);
  g_autoptr(TideFlameLayout) narrow = tide_flame_layout_new (tree, TIDE_METRIC_ALLOCATIONS, 0, 10);
  guint merged = 0;

  g_test_message ("%u nodes; %u rects at 1920 px, %u at 10 px", tide_flame_tree_get_n_nodes (tree),
                  tide_flame_layout_get_n_rects (wide), tide_flame_layout_get_n_rects (narrow));
  g_assert_cmpuint (tide_flame_layout_get_n_rects (wide), <, tide_flame_tree_get_n_nodes (tree));
  g_assert_cmpuint (tide_flame_layout_get_n_rects (narrow), <, tide_flame_layout_get_n_rects (wide));
  /* at most 10 boxes of a pixel or more per row, plus the runs between them */
  g_assert_cmpuint (tide_flame_layout_get_n_rects (narrow), <=, 21 * tide_flame_layout_get_n_rows (narrow));
  g_assert_cmpuint (tide_flame_layout_get_n_rects (narrow), <, 100);

  for (guint i = 0; i < tide_flame_layout_get_n_rects (narrow); i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (narrow, i);

      if (r->node == TIDE_FLAME_NO_NODE)
        merged++;
    }
  g_assert_cmpuint (merged, >, 0);
  /* the runs are checked sibling by sibling there */
  assert_well_formed (narrow, 10);
}

/* An empty metric still draws its root, and nothing else. */
static void
test_empty (void)
{
  g_autoptr(TideFlameTree) tree = tide_chart_test_tree ("ht_cxx.zst", &top_down);
  guint32 leaf = TIDE_FLAME_NO_NODE;
  g_autoptr(TideFlameLayout) layout = NULL;

  /* a box with no temporary allocations under it */
  for (guint32 i = 1; i < tide_flame_tree_get_n_nodes (tree) && leaf == TIDE_FLAME_NO_NODE; i++)
    if (tide_flame_tree_get_node (tree, i)->total.temporary == 0)
      leaf = i;
  g_assert_cmpuint (leaf, !=, TIDE_FLAME_NO_NODE);

  layout = tide_flame_layout_new (tree, TIDE_METRIC_TEMPORARY, leaf, 800);
  g_assert_cmpuint (tide_flame_layout_get_total (layout), ==, 0);
  g_assert_cmpuint (tide_flame_layout_get_n_rects (layout), ==, tide_flame_tree_get_depth (tree, leaf) + 1);
  g_assert_cmpuint (tide_flame_layout_get_rect (layout, tide_flame_layout_get_n_rects (layout) - 1)->node, ==, leaf);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/layout/leaky-root", test_leaky_root);
  g_test_add_func ("/charts/layout/invariants", test_invariants);
  g_test_add_func ("/charts/layout/zoom", test_zoom);
  g_test_add_func ("/charts/layout/thin-merging", test_thin_merging);
  g_test_add_func ("/charts/layout/empty", test_empty);

  return g_test_run ();
}
