/* tide-polyline.c: fewer vertices for a line drawn through pixel columns
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "tide-polyline.h"

/* Greedy, one pass: from the last vertex kept (the anchor), a segment to
 * vertex k passes within the tolerance of every vertex between when its
 * slope lies inside each one's window (its y, plus or minus the
 * tolerance, seen from the anchor); those windows only narrow, so the
 * farthest vertex reached that way is the next one kept. */
guint
tide_polyline_simplify (TideDrawPoint *points,
                        guint          n_points,
                        double         tolerance)
{
  guint kept = 0, i = 1;

  if (n_points <= 2)
    return n_points;

  while (i < n_points)
    {
      const TideDrawPoint anchor = points[kept];
      double dir = points[i].x - anchor.x;
      guint last = i;

      if (dir != 0)
        {
          double lo = -INFINITY, hi = INFINITY;

          for (guint k = i; k < n_points; k++)
            {
              double dx = points[k].x - anchor.x, slope, a, b;

              /* straight up or down from the anchor, or turning back */
              if (dx * dir <= 0 || (k > i && (points[k].x - points[k - 1].x) * dir < 0))
                break;
              slope = (points[k].y - anchor.y) / dx;
              if (slope < lo || slope > hi)
                break;
              last = k;
              a = (points[k].y - tolerance - anchor.y) / dx;
              b = (points[k].y + tolerance - anchor.y) / dx;
              lo = MAX (lo, MIN (a, b));
              hi = MIN (hi, MAX (a, b));
            }
        }
      /* kept < last: the vertices not read yet stay where they are */
      points[++kept] = points[last];
      i = last + 1;
    }
  return kept + 1;
}
