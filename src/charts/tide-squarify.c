/* tide-squarify.c: squarified treemap layout (Bruls, Huizing, van Wijk)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tide-squarify.h"

typedef struct
{
  double value;
  gsize  index;
} Item;

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const Item *x = a, *y = b;

  if (x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_MIN  4096 /* fewer items: qsort is as quick */

/* Sorts @items as compare_items() orders them (largest value first, then
 * by index): an LSD radix sort on the bits of the values, which for
 * positive doubles order as the values do. Stable, and @items come in
 * index order, so equal values keep it. A million items take a fraction of
 * what qsort takes, and a layout of a million leaves is mostly its sort. */
static void
sort_items (Item  *items,
            gsize  n)
{
  enum { PASSES = (64 + RADIX_BITS - 1) / RADIX_BITS };
  g_autofree Item *spare = NULL;
  g_autofree gsize *counts = NULL;
  Item *from = items, *to;

  if (n < RADIX_MIN)
    {
      qsort (items, n, sizeof (Item), compare_items);
      return;
    }
  spare = g_new (Item, n);
  to = spare;
  counts = g_new0 (gsize, PASSES * RADIX_SIZE);
  for (gsize i = 0; i < n; i++)
    {
      guint64 key;

      memcpy (&key, &items[i].value, sizeof key);
      key = ~key; /* largest first */
      for (guint p = 0; p < PASSES; p++)
        counts[p * RADIX_SIZE + ((key >> (p * RADIX_BITS)) & (RADIX_SIZE - 1))]++;
    }
  for (guint p = 0; p < PASSES; p++)
    {
      gsize *c = counts + p * RADIX_SIZE, sum = 0;
      gboolean one_bucket = FALSE;

      for (guint d = 0; d < RADIX_SIZE; d++)
        {
          gsize k = c[d];

          one_bucket |= k == n;
          c[d] = sum;
          sum += k;
        }
      /* every key has the same digit here: nothing moves */
      if (one_bucket)
        continue;
      for (gsize i = 0; i < n; i++)
        {
          guint64 key;

          memcpy (&key, &from[i].value, sizeof key);
          key = ~key;
          to[c[(key >> (p * RADIX_BITS)) & (RADIX_SIZE - 1)]++] = from[i];
        }
      {
        Item *swap = from;

        from = to;
        to = swap;
      }
    }
  if (from != items)
    memcpy (items, from, n * sizeof (Item));
}

/* The worst aspect ratio of a row of areas summing to @sum, with the
 * largest @max and the smallest @min, laid along a side of length @side. */
static double
worst_ratio (double sum,
             double min,
             double max,
             double side)
{
  double s2 = sum * sum, w2 = side * side;

  return MAX (w2 * max / s2, s2 / (w2 * min));
}

/* Places items[first..last) as one row along the shorter side of @r and
 * returns what is left of @r. */
static TideRect
place_row (const Item *items,
           gsize       first,
           gsize       last,
           double      row_area,
           double      scale,
           TideRect    r,
           TideRect   *out,
           gboolean    is_last_row)
{
  if (r.w >= r.h)
    {
      /* a column at the left */
      double strip = is_last_row ? r.w : (r.h > 0 ? row_area / r.h : 0);
      double y = r.y;

      for (gsize i = first; i < last; i++)
        {
          double h = i + 1 == last ? r.y + r.h - y : (strip > 0 ? items[i].value * scale / strip : 0);

          out[items[i].index] = (TideRect) { r.x, y, strip, h };
          y += h;
        }
      r.x += strip;
      r.w -= strip;
    }
  else
    {
      /* a row at the top */
      double strip = is_last_row ? r.h : (r.w > 0 ? row_area / r.w : 0);
      double x = r.x;

      for (gsize i = first; i < last; i++)
        {
          double w = i + 1 == last ? r.x + r.w - x : (strip > 0 ? items[i].value * scale / strip : 0);

          out[items[i].index] = (TideRect) { x, r.y, w, strip };
          x += w;
        }
      r.y += strip;
      r.h -= strip;
    }
  return r;
}

void
tide_squarify (const double *values,
               gsize         n,
               TideRect      bounds,
               TideRect     *out)
{
  g_autofree Item *items = g_new (Item, MAX (n, 1));
  gsize n_items = 0;
  double total = 0, scale;
  TideRect r = bounds;
  gsize first = 0;

  for (gsize i = 0; i < n; i++)
    {
      out[i] = (TideRect) { bounds.x, bounds.y, 0, 0 };
      if (values[i] > 0 && isfinite (values[i]))
        {
          items[n_items++] = (Item) { values[i], i };
          total += values[i];
        }
    }
  if (n_items == 0 || bounds.w <= 0 || bounds.h <= 0)
    return;

  /* callers often pass values sorted already (size classes list their
   * sites largest first): a pass to see it saves the sort, which is most
   * of the work for a million values */
  for (gsize i = 1; i < n_items; i++)
    if (items[i - 1].value < items[i].value)
      {
        sort_items (items, n_items);
        break;
      }
  scale = bounds.w * bounds.h / total;

  while (first < n_items)
    {
      double side = MIN (r.w, r.h);
      double sum = items[first].value * scale;
      double min = sum, max = sum;
      double worst = worst_ratio (sum, min, max, side);
      gsize last = first + 1;

      /* grow the row while its worst aspect ratio improves */
      while (last < n_items)
        {
          double a = items[last].value * scale;
          double next = worst_ratio (sum + a, MIN (min, a), MAX (max, a), side);

          if (next > worst)
            break;
          sum += a;
          min = MIN (min, a);
          worst = next;
          last++;
        }

      r = place_row (items, first, last, sum, scale, r, out, last == n_items);
      first = last;
    }
}
