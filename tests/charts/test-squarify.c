/* test-squarify.c: squarified treemaps are exact, disjoint and nearly square
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "charts/tide-squarify.h"

#define EPS 1e-9

static gboolean
overlap (const TideRect *a,
         const TideRect *b)
{
  return a->x + a->w > b->x + EPS && b->x + b->w > a->x + EPS
      && a->y + a->h > b->y + EPS && b->y + b->h > a->y + EPS;
}

static double
aspect (const TideRect *r)
{
  return MAX (r->w / r->h, r->h / r->w);
}

/* Areas proportional to values, inside the bounds, no two overlapping. */
static void
check_layout (const double *values,
              gsize         n,
              TideRect      bounds,
              const TideRect *out,
              gboolean      pairwise)
{
  double total = 0, area = 0;

  for (gsize i = 0; i < n; i++)
    if (values[i] > 0)
      total += values[i];

  for (gsize i = 0; i < n; i++)
    {
      const TideRect *r = &out[i];
      double expected = values[i] > 0 ? values[i] / total * bounds.w * bounds.h : 0;

      g_assert_cmpfloat (r->w, >=, 0);
      g_assert_cmpfloat (r->h, >=, 0);
      g_assert_cmpfloat (fabs (r->w * r->h - expected), <=, 1e-7 * bounds.w * bounds.h);
      if (expected > 0)
        {
          g_assert_cmpfloat (r->x, >=, bounds.x - EPS);
          g_assert_cmpfloat (r->y, >=, bounds.y - EPS);
          g_assert_cmpfloat (r->x + r->w, <=, bounds.x + bounds.w + 1e-7);
          g_assert_cmpfloat (r->y + r->h, <=, bounds.y + bounds.h + 1e-7);
        }
      area += r->w * r->h;
    }
  g_assert_cmpfloat (fabs (area - bounds.w * bounds.h), <=, 1e-6 * bounds.w * bounds.h);

  if (pairwise)
    for (gsize i = 0; i < n; i++)
      for (gsize j = i + 1; j < n; j++)
        if (out[i].w * out[i].h > 0 && out[j].w * out[j].h > 0 && overlap (&out[i], &out[j]))
          g_error ("rects %" G_GSIZE_FORMAT " and %" G_GSIZE_FORMAT " overlap", i, j);
}

static void
test_paper_example (void)
{
  /* the example of Bruls et al.: 6 6 4 3 2 2 1 into a 6 x 4 rectangle */
  const double values[] = { 6, 6, 4, 3, 2, 2, 1 };
  TideRect bounds = { 0, 0, 6, 4 };
  TideRect out[7];
  double worst = 0;

  tide_squarify (values, 7, bounds, out);
  check_layout (values, 7, bounds, out, TRUE);
  for (guint i = 0; i < 7; i++)
    worst = MAX (worst, aspect (&out[i]));
  /* rows {6 6} {4 3} {2} {2} {1}: the last box, 0.6 x 5/3, is the worst at
   * 25/9; every other box is within 2.25 */
  g_assert_cmpfloat (worst, <=, 25.0 / 9 + EPS);
  g_assert_cmpfloat (aspect (&out[6]), ==, worst);
  /* the first two sixes share the first column */
  g_assert_cmpfloat (out[0].x, ==, 0);
  g_assert_cmpfloat (out[1].x, ==, 0);
}

static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint trial = 0; trial < 50; trial++)
    {
      gsize n = g_rand_int_range (rand, 1, 400);
      g_autofree double *values = g_new (double, n);
      g_autofree TideRect *out = g_new (TideRect, n);
      TideRect bounds = { g_rand_double_range (rand, -50, 50), 3, g_rand_double_range (rand, 1, 2000),
                          g_rand_double_range (rand, 1, 1000) };
      double ratio_sum = 0;
      guint counted = 0;

      for (gsize i = 0; i < n; i++)
        values[i] = g_rand_int_range (rand, 0, 10) == 0 ? 0 : exp (g_rand_double_range (rand, 0, 12));
      tide_squarify (values, n, bounds, out);
      check_layout (values, n, bounds, out, TRUE);

      for (gsize i = 0; i < n; i++)
        if (values[i] > 0)
          {
            ratio_sum += log (aspect (&out[i]));
            counted++;
          }
      /* geometric mean of aspect ratios stays small */
      if (counted > 20)
        g_assert_cmpfloat (exp (ratio_sum / counted), <, 3.0);
    }
}

static void
test_edge_cases (void)
{
  const double zeros[] = { 0, 0, 0 };
  const double one[] = { 5 };
  const double tiny[] = { 1e12, 1e-6, 1e-9, 3 };
  const double odd[] = { NAN, -4, 8, INFINITY, 8 };
  TideRect bounds = { 10, 20, 300, 200 };
  TideRect out[5];

  tide_squarify (zeros, 3, bounds, out);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (out[i].w * out[i].h, ==, 0);

  tide_squarify (one, 1, bounds, out);
  g_assert_cmpfloat (out[0].x, ==, 10);
  g_assert_cmpfloat (out[0].y, ==, 20);
  g_assert_cmpfloat (out[0].w, ==, 300);
  g_assert_cmpfloat (out[0].h, ==, 200);

  tide_squarify (tiny, 4, bounds, out);
  check_layout (tiny, 4, bounds, out, TRUE);
  g_assert_cmpfloat (out[1].w * out[1].h, >, 0);

  /* not-a-number, negative and infinite values are left out */
  tide_squarify (odd, 5, bounds, out);
  g_assert_cmpfloat (out[0].w * out[0].h, ==, 0);
  g_assert_cmpfloat (out[1].w * out[1].h, ==, 0);
  g_assert_cmpfloat (out[3].w * out[3].h, ==, 0);
  g_assert_cmpfloat (fabs (out[2].w * out[2].h - 30000), <, 1e-6);
  g_assert_cmpfloat (fabs (out[4].w * out[4].h - 30000), <, 1e-6);

  tide_squarify (one, 1, (TideRect) { 0, 0, 0, 10 }, out);
  g_assert_cmpfloat (out[0].w * out[0].h, ==, 0);
}

/* Nesting: each level laid out inside its parent's rectangle stays exact. */
static void
test_nested (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  TideRect level[5] = { { 0, 0, 1000, 700 } };
  double share = 1;

  for (guint depth = 1; depth < 5; depth++)
    {
      double values[9];
      TideRect out[9];

      for (guint i = 0; i < 9; i++)
        values[i] = g_rand_double_range (rand, 1, 100);
      tide_squarify (values, 9, level[depth - 1], out);
      check_layout (values, 9, level[depth - 1], out, TRUE);
      level[depth] = out[0];
      {
        double total = 0;
        for (guint i = 0; i < 9; i++)
          total += values[i];
        share *= values[0] / total;
      }
      g_assert_cmpfloat (fabs (level[depth].w * level[depth].h - share * 700000), <, 1e-6 * 700000);
    }
}

/* A million leaves: still exact overall (pairwise check skipped). */
static void
test_million (void)
{
  const gsize n = 1000000;
  g_autofree double *values = g_new (double, n);
  g_autofree TideRect *out = g_new (TideRect, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  TideRect bounds = { 0, 0, 1920, 1080 };

  for (gsize i = 0; i < n; i++)
    values[i] = g_rand_double_range (rand, 1, 1000);
  tide_squarify (values, n, bounds, out);
  check_layout (values, n, bounds, out, FALSE);
}

static int
compare_desc (gconstpointer a,
              gconstpointer b,
              gpointer      values)
{
  double x = ((const double *) values)[*(const guint *) a], y = ((const double *) values)[*(const guint *) b];

  if (x != y)
    return x > y ? -1 : 1;
  return (*(const guint *) a > *(const guint *) b) - (*(const guint *) a < *(const guint *) b);
}

/* Values in any order, with many ties, lay out exactly as the same values
 * handed over sorted (largest first, ties in their order): the sort of a
 * large input is the one a small one gets. */
static void
test_order (void)
{
  const guint n = 50000;
  g_autofree double *values = g_new (double, n);
  g_autofree double *sorted = g_new (double, n);
  g_autofree guint *order = g_new (guint, n);
  g_autofree TideRect *a = g_new (TideRect, n);
  g_autofree TideRect *b = g_new (TideRect, n);
  const TideRect bounds = { 0, 0, 1600, 900 };
  GRand *rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < n; i++)
    {
      /* a few hundred distinct values, from tiny to large */
      values[i] = g_rand_int_range (rand, 0, 4) == 0 ? 1e6 / g_rand_int_range (rand, 1, 300)
                                                     : g_rand_int_range (rand, 1, 200) * 0.5;
      order[i] = i;
    }
  g_rand_free (rand);
  g_qsort_with_data (order, n, sizeof (guint), compare_desc, values);
  for (guint i = 0; i < n; i++)
    sorted[i] = values[order[i]];

  tide_squarify (values, n, bounds, a);
  tide_squarify (sorted, n, bounds, b);
  for (guint i = 0; i < n; i++)
    {
      const TideRect *x = &a[order[i]], *y = &b[i];

      /* the total is summed in another order: a last bit may differ */
      g_assert_cmpfloat_with_epsilon (x->x, y->x, 1e-6);
      g_assert_cmpfloat_with_epsilon (x->y, y->y, 1e-6);
      g_assert_cmpfloat_with_epsilon (x->w, y->w, 1e-6);
      g_assert_cmpfloat_with_epsilon (x->h, y->h, 1e-6);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/squarify/paper-example", test_paper_example);
  g_test_add_func ("/charts/squarify/random", test_random);
  g_test_add_func ("/charts/squarify/edge-cases", test_edge_cases);
  g_test_add_func ("/charts/squarify/nested", test_nested);
  g_test_add_func ("/charts/squarify/million", test_million);
  g_test_add_func ("/charts/squarify/order", test_order);

  return g_test_run ();
}
