/* test-polyline.c: thinning a line drawn through pixel columns
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "charts/tide-polyline.h"

/* The height of the line through @kept at @x (within its x range). */
static double
y_at (const TideDrawPoint *kept,
      guint                n,
      double               x)
{
  for (guint i = 0; i + 1 < n; i++)
    if (kept[i].x <= x && x <= kept[i + 1].x && kept[i + 1].x > kept[i].x)
      return kept[i].y + (kept[i + 1].y - kept[i].y) * (x - kept[i].x) / (kept[i + 1].x - kept[i].x);
  g_assert_not_reached ();
}

/* Every vertex dropped lies within the tolerance of the line kept; the
 * kept ones are vertices of the input, in order, ends included. */
static void
assert_close (const TideDrawPoint *in,
              guint                n_in,
              const TideDrawPoint *kept,
              guint                n_kept,
              double               tolerance)
{
  guint j = 0;

  g_assert_cmpfloat (kept[0].x, ==, in[0].x);
  g_assert_cmpfloat (kept[0].y, ==, in[0].y);
  g_assert_cmpfloat (kept[n_kept - 1].x, ==, in[n_in - 1].x);
  g_assert_cmpfloat (kept[n_kept - 1].y, ==, in[n_in - 1].y);
  for (guint i = 0; i < n_in; i++)
    {
      if (j < n_kept && in[i].x == kept[j].x && in[i].y == kept[j].y)
        {
          j++;
          continue;
        }
      g_assert_cmpfloat (fabs (y_at (kept, n_kept, in[i].x) - in[i].y), <=, tolerance + 1e-9);
    }
  g_assert_cmpuint (j, ==, n_kept);
}

/* A straight slope and a flat run keep their ends; a column's rise
 * within the tolerance goes; one past it stays. */
static void
test_slopes (void)
{
  TideDrawPoint in[400], pts[400];
  guint n = 0, kept;

  /* 0..199: y = 100 - x / 4, through the columns' centres */
  for (guint c = 0; c < 200; c++)
    in[n++] = (TideDrawPoint) { c + 0.5, 100 - (c + 0.5) / 4 };
  /* 200..299: flat, 0.05 px of noise */
  for (guint c = 200; c < 300; c++)
    in[n++] = (TideDrawPoint) { c + 0.5, 50 + (c % 2 ? 0.05 : 0) };
  memcpy (pts, in, n * sizeof *in);
  kept = tide_polyline_simplify (pts, n, 0.1);
  /* the slope's ends, where the flat run starts (within 0.1 of both),
   * the last column */
  g_assert_cmpuint (kept, <=, 4);
  assert_close (in, n, pts, kept, 0.1);

  /* a spike of 0.3 px at column 250 stays */
  in[250].y = 50.3;
  memcpy (pts, in, n * sizeof *in);
  kept = tide_polyline_simplify (pts, n, 0.1);
  assert_close (in, n, pts, kept, 0.1);
  {
    gboolean spike = FALSE;

    for (guint i = 0; i < kept; i++)
      spike |= pts[i].x == in[250].x && pts[i].y == in[250].y;
    g_assert_true (spike);
  }
}

/* Straight up or down, and back in x (an area's floor, run right to
 * left): those vertices all stay, and a run right to left is thinned as
 * one left to right is. */
static void
test_turns (void)
{
  TideDrawPoint in[] = {
    { 0, 10 }, { 1, 10.01 }, { 2, 10.02 }, { 3, 10.03 }, /* one way */
    { 3, 30 }, { 3, 5 },                                  /* up and down */
    { 4, 5 }, { 5, 5 }, { 6, 5 },
    { 6, 40 }, { 0, 40 },                                 /* the floor, back */
  };
  TideDrawPoint back[] = { { 9, 1 }, { 8, 1.02 }, { 7, 1.04 }, { 6, 1.06 }, { 5, 3 } };
  TideDrawPoint pts[G_N_ELEMENTS (in)];
  guint kept;

  memcpy (pts, in, sizeof in);
  kept = tide_polyline_simplify (pts, G_N_ELEMENTS (in), 0.1);
  /* (0,10) (3,10.03) (3,30) (3,5) (6,5) (6,40) (0,40) */
  g_assert_cmpuint (kept, ==, 7);
  g_assert_cmpfloat (pts[1].x, ==, 3);
  g_assert_cmpfloat (pts[2].y, ==, 30);
  g_assert_cmpfloat (pts[3].y, ==, 5);
  g_assert_cmpfloat (pts[4].x, ==, 6);
  g_assert_cmpfloat (pts[5].y, ==, 40);
  g_assert_cmpfloat (pts[6].x, ==, 0);

  kept = tide_polyline_simplify (back, G_N_ELEMENTS (back), 0.1);
  g_assert_cmpuint (kept, ==, 3);
  g_assert_cmpfloat (back[1].x, ==, 6);
  g_assert_cmpfloat (back[2].y, ==, 3);
}

/* Random walks, as a heap's columns are: whatever is dropped lies within
 * the tolerance, at several tolerances; a tolerance of 0 drops only
 * vertices exactly on the line; two points stay two. */
static void
test_random_walks (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  TideDrawPoint two[] = { { 0, 0 }, { 1, 1 } };

  for (guint trial = 0; trial < 200; trial++)
    {
      guint n = g_rand_int_range (rand, 3, 2000);
      g_autofree TideDrawPoint *in = g_new (TideDrawPoint, n);
      g_autofree TideDrawPoint *pts = g_new (TideDrawPoint, n);
      double tolerance = (trial % 4) * 0.15, y = 300;
      guint kept;

      for (guint i = 0; i < n; i++)
        {
          /* mostly small steps, now and then a jump */
          y += g_rand_int_range (rand, 0, 20) == 0 ? g_rand_double_range (rand, -80, 80)
                                                    : g_rand_double_range (rand, -0.3, 0.3);
          in[i] = (TideDrawPoint) { 40 + i + 0.5, y };
        }
      memcpy (pts, in, n * sizeof *in);
      kept = tide_polyline_simplify (pts, n, tolerance);
      g_assert_cmpuint (kept, >=, 2);
      g_assert_cmpuint (kept, <=, n);
      assert_close (in, n, pts, kept, tolerance);
      if (tolerance >= 0.3)
        g_assert_cmpuint (kept, <, n * 3 / 4);
    }
  g_assert_cmpuint (tide_polyline_simplify (two, 2, 1), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/polyline/slopes", test_slopes);
  g_test_add_func ("/charts/polyline/turns", test_turns);
  g_test_add_func ("/charts/polyline/random-walks", test_random_walks);
  return g_test_run ();
}
