/* tide-minmax-pyramid.c: min/max of a series over any range in O(log n)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "tide-minmax-pyramid.h"

typedef struct
{
  double min;
  double max;
} Span;

struct _TideMinMaxPyramid
{
  gsize      n;
  guint64   *times;  /* an atomic rc box: the series of one trace share it */
  double    *values;
  GPtrArray *levels; /* Span[n >> k] for level k; level 0 = the samples'
                      * extremes, NULL where they are the values alone */
};

/* Level k >= 1 from the level below it (@below, or the values themselves
 * where level 0 is NULL). */
static Span *
make_level (TideMinMaxPyramid *self,
            const Span        *below,
            gsize              len)
{
  Span *level = g_new (Span, len);

  if (below != NULL)
    for (gsize i = 0; i < len; i++)
      {
        level[i].min = MIN (below[2 * i].min, below[2 * i + 1].min);
        level[i].max = MAX (below[2 * i].max, below[2 * i + 1].max);
      }
  else
    for (gsize i = 0; i < len; i++)
      {
        level[i].min = MIN (self->values[2 * i], self->values[2 * i + 1]);
        level[i].max = MAX (self->values[2 * i], self->values[2 * i + 1]);
      }
  return level;
}

static TideMinMaxPyramid *
pyramid_new (guint64      *times,
             const double *values,
             const double *mins,
             const double *maxs,
             gsize         n)
{
  TideMinMaxPyramid *self = g_new0 (TideMinMaxPyramid, 1);
  Span *level0 = NULL;

  self->n = n;
  self->times = times;
  self->values = g_memdup2 (values, MAX (n, 1) * sizeof (double));
  self->levels = g_ptr_array_new_with_free_func (g_free);

  /* a series of values alone (no extremes between samples) has no level
   * 0 of its own: 16 bytes a sample fewer, read from the values */
  if (mins != NULL || maxs != NULL)
    {
      level0 = g_new (Span, MAX (n, 1));
      for (gsize i = 0; i < n; i++)
        {
          level0[i].min = mins != NULL ? MIN (mins[i], values[i]) : values[i];
          level0[i].max = maxs != NULL ? MAX (maxs[i], values[i]) : values[i];
        }
    }
  g_ptr_array_add (self->levels, level0);

  for (gsize len = n / 2, k = 1; len > 0; len /= 2, k++)
    g_ptr_array_add (self->levels, make_level (self, g_ptr_array_index (self->levels, k - 1), len));

  return self;
}

TideMinMaxPyramid *
tide_minmax_pyramid_new (const guint64 *times,
                         const double  *values,
                         const double  *mins,
                         const double  *maxs,
                         gsize          n)
{
  guint64 *own = g_atomic_rc_box_alloc (MAX (n, 1) * sizeof (guint64));

  if (n > 0)
    memcpy (own, times, n * sizeof (guint64));
  return pyramid_new (own, values, mins, maxs, n);
}

TideMinMaxPyramid *
tide_minmax_pyramid_new_at_times_of (TideMinMaxPyramid *other,
                                     const double      *values,
                                     const double      *mins,
                                     const double      *maxs)
{
  g_return_val_if_fail (other != NULL, NULL);

  return pyramid_new (g_atomic_rc_box_acquire (other->times), values, mins, maxs, other->n);
}

void
tide_minmax_pyramid_free (TideMinMaxPyramid *self)
{
  if (self == NULL)
    return;
  g_atomic_rc_box_release (self->times);
  g_free (self->values);
  g_ptr_array_unref (self->levels);
  g_free (self);
}

gsize
tide_minmax_pyramid_get_n (TideMinMaxPyramid *self)
{
  return self->n;
}

guint64
tide_minmax_pyramid_get_time (TideMinMaxPyramid *self,
                              gsize              i)
{
  g_return_val_if_fail (i < self->n, 0);
  return self->times[i];
}

double
tide_minmax_pyramid_get_value (TideMinMaxPyramid *self,
                               gsize              i)
{
  g_return_val_if_fail (i < self->n, 0);
  return self->values[i];
}

gboolean
tide_minmax_pyramid_range (TideMinMaxPyramid *self,
                           gsize              first,
                           gsize              last,
                           double            *min,
                           double            *max)
{
  double lo = INFINITY, hi = -INFINITY;
  guint k = 0;

  last = MIN (last, self->n);
  if (first >= last)
    return FALSE;

  /* bottom-up, as a segment tree is read: at each level take the odd span
   * at either end, then halve the range; at most two spans a level (the
   * climb from level 0 for every span cost twice the instructions). Level
   * k holds the n >> k whole spans, and every span taken lies within
   * [first, last), so it exists. */
  if (g_ptr_array_index (self->levels, 0) == NULL)
    {
      /* level 0 is the values themselves; with one sample, the top */
      if (self->n == 1)
        {
          *min = *max = self->values[0];
          return TRUE;
        }
      if (first & 1)
        {
          lo = MIN (lo, self->values[first]), hi = MAX (hi, self->values[first]);
          first++;
        }
      if (last & 1)
        {
          last--;
          lo = MIN (lo, self->values[last]), hi = MAX (hi, self->values[last]);
        }
      first >>= 1;
      last >>= 1;
      k = 1;
    }
  for (; first < last; k++)
    {
      const Span *level = g_ptr_array_index (self->levels, k);

      if (k + 1 == self->levels->len)
        {
          /* the top level has one span */
          for (; first < last; first++)
            lo = MIN (lo, level[first].min), hi = MAX (hi, level[first].max);
          break;
        }
      if (first & 1)
        {
          lo = MIN (lo, level[first].min), hi = MAX (hi, level[first].max);
          first++;
        }
      if (last & 1)
        {
          last--;
          lo = MIN (lo, level[last].min), hi = MAX (hi, level[last].max);
        }
      first >>= 1;
      last >>= 1;
    }

  *min = lo;
  *max = hi;
  return TRUE;
}

/* The first sample of [@lo, @hi) with time >= @t, or @hi if none: for an
 * answer known to be in [@lo, @hi]. */
static gsize
search (TideMinMaxPyramid *self,
        guint64            t,
        gsize              lo,
        gsize              hi)
{
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (self->times[mid] < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gsize
tide_minmax_pyramid_lower_bound (TideMinMaxPyramid *self,
                                 guint64            t)
{
  return search (self, t, 0, self->n);
}

/* A gallop from @from (1, 2, 4... samples on), then a binary search in the
 * last step. Columns a pixel apart are a few hundred samples apart in a
 * long recording: this reads times near each other, where a binary search
 * over the whole run reads some twenty far apart, most of them misses in
 * the cache. On 1.4 million samples (bench/timeline's stamped input), a
 * 1920-column layout of the stacked heap: 3.3 -> 2.6 ms. */
gsize
tide_minmax_pyramid_lower_bound_from (TideMinMaxPyramid *self,
                                      guint64            t,
                                      gsize              from)
{
  gsize lo = MIN (from, self->n), hi = lo, step = 1;

  /* every sample before lo is earlier than t */
  while (hi < self->n && self->times[hi] < t)
    {
      lo = hi + 1;
      hi = lo + step;
      step <<= 1;
    }
  /* the answer is in [lo, hi] */
  return search (self, t, lo, MIN (hi, self->n));
}

void
tide_minmax_pyramid_columns (TideMinMaxPyramid *self,
                             guint64            t0,
                             guint64            t1,
                             guint              n_columns,
                             double            *mins,
                             double            *maxs)
{
  double span = t1 > t0 ? (double) (t1 - t0) : 1.0;
  gsize first = tide_minmax_pyramid_lower_bound (self, t0);

  for (guint c = 0; c < n_columns; c++)
    {
      guint64 end = t0 + (guint64) ceil (span * (c + 1) / n_columns);
      gsize last = tide_minmax_pyramid_lower_bound_from (self, c + 1 == n_columns ? t1 + 1 : end, first);

      if (!tide_minmax_pyramid_range (self, first, last, &mins[c], &maxs[c]))
        {
          /* nothing recorded inside: the value in effect is the last one before */
          if (first > 0)
            mins[c] = maxs[c] = self->values[first - 1];
          else
            mins[c] = maxs[c] = NAN;
        }
      first = MAX (first, last);
    }
}
