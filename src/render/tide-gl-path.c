/* tide-gl-path.c: a draw list's paths as triangles a GPU can fill
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "tide-gl-path.h"

static void
push (GArray *out,
      double  x,
      double  y)
{
  float v[2] = { (float) x, (float) y };

  g_array_append_vals (out, v, 2);
}

static void
push_triangle (GArray              *out,
               const TideDrawPoint *a,
               const TideDrawPoint *b,
               const TideDrawPoint *c)
{
  push (out, a->x, a->y);
  push (out, b->x, b->y);
  push (out, c->x, c->y);
}

void
tide_gl_path_fill_triangles (const TideDrawPoint *points,
                             guint                n_points,
                             GArray              *out)
{
  double bottom = -G_MAXDOUBLE;

  g_return_if_fail (out != NULL);

  for (guint i = 0; i < n_points; i++)
    bottom = MAX (bottom, points[i].y);

  /* Each edge with the strip under it down to the lowest vertex, signed by
   * the edge's direction: below every edge lies the outside, so a pixel's
   * count is how many edges a ray down from it crosses each way, its
   * winding number. A fan from one vertex counts the same, but its long
   * thin triangles cross the whole picture: a timeline band of 4000
   * vertices took 400 ms on llvmpipe that way. */
  for (guint i = 0; i < n_points; i++)
    {
      const TideDrawPoint *a = &points[i], *b = &points[(i + 1) % n_points];
      TideDrawPoint a0 = { a->x, bottom }, b0 = { b->x, bottom };

      if (a->x == b->x)
        continue; /* a vertical edge bounds no strip */
      push_triangle (out, a, b, &b0);
      push_triangle (out, a, &b0, &a0);
    }
}

/* A disc of radius @r around @c: the round join. Enough sides that no
 * chord strays from the circle by more than a tenth of a pixel. */
static void
push_disc (GArray              *out,
           const TideDrawPoint *c,
           double               r)
{
  guint sides = CLAMP ((guint) ceil (G_PI / acos (MAX (1 - 0.1 / r, 0))), 6, 64);

  for (guint k = 0; k < sides; k++)
    {
      double a0 = 2 * G_PI * k / sides, a1 = 2 * G_PI * (k + 1) / sides;
      TideDrawPoint p = { c->x + r * cos (a0), c->y + r * sin (a0) };
      TideDrawPoint q = { c->x + r * cos (a1), c->y + r * sin (a1) };

      push_triangle (out, c, &p, &q);
    }
}

void
tide_gl_path_stroke_triangles (const TideDrawPoint *points,
                               guint                n_points,
                               gboolean             closed,
                               double               width,
                               GArray              *out)
{
  double r = width / 2;
  guint n_segments;

  g_return_if_fail (out != NULL);

  if (n_points < 2 || !(width > 0))
    return;

  n_segments = closed ? n_points : n_points - 1;
  for (guint i = 0; i < n_segments; i++)
    {
      const TideDrawPoint *a = &points[i], *b = &points[(i + 1) % n_points];
      double dx = b->x - a->x, dy = b->y - a->y, len = hypot (dx, dy);
      double nx, ny;
      TideDrawPoint a0, a1, b0, b1;

      if (len == 0)
        continue;
      nx = -dy / len * r;
      ny = dx / len * r;
      a0 = (TideDrawPoint) { a->x + nx, a->y + ny };
      a1 = (TideDrawPoint) { a->x - nx, a->y - ny };
      b0 = (TideDrawPoint) { b->x + nx, b->y + ny };
      b1 = (TideDrawPoint) { b->x - nx, b->y - ny };
      push_triangle (out, &a0, &b0, &b1);
      push_triangle (out, &a0, &b1, &a1);
    }

  /* joins: every vertex between two segments; a closed path has no ends */
  for (guint i = closed ? 0 : 1; i < (closed ? n_points : n_points - 1); i++)
    push_disc (out, &points[i], r);
}
