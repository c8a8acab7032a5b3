/* tide-squarify.h: squarified treemap layout (Bruls, Huizing, van Wijk)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure geometry: rectangles whose areas are proportional to the values,
 * filling the bounds, with aspect ratios kept near 1 by laying out the
 * largest values first in rows along the shorter side, adding to a row
 * only while that improves its worst aspect ratio.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double x, y, w, h;
} TideRect;

/* out[i] is the rectangle of values[i]; values <= 0 (or not a number) get
 * an empty rectangle at the bounds' origin. Allocation-free apart from one
 * index array. */
void tide_squarify (const double *values,
                    gsize         n,
                    TideRect      bounds,
                    TideRect     *out);

G_END_DECLS
