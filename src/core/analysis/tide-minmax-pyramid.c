/* tide-minmax-pyramid.c: min/max of a series over any range in O(log n)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "tide-minmax-pyramid.h"

/* Levels 1 to bottom - 1 are not kept: a range reads up to 2^bottom - 1
 * samples at each end instead. They held 16 bytes a sample of each
 * series, the levels kept now 2 or 1; on a recording hours long (1.4
 * million samples, bench/timeline) that was 110 of its 300 MB. A series
 * held in arrays keeps level 4, whose 1 byte a sample is little beside
 * its 8; one read where it is kept keeps level 5, as its levels are all
 * it holds: half a byte a sample, and the ends of a range a block of the
 * table apart at most. The heap's reader has the extremes of its runs
 * kept already (the sample table folds them as it packs), and its lowest
 * level is those, read: none is held or folded here. */
#define HELD_BOTTOM    4
#define READING_BOTTOM 5

/* Times read through a reader are marked every MARK_RUN samples. */
#define MARK_RUN 64

/* Sample times, shared by the series of one trace: an array, or read
 * through a reader from its data (which the times own, and a reading
 * series borrows). An array is kept as 32-bit offsets from its earliest
 * time when it spans less than 2^32 ms (49 days): a recording hours long
 * has over a million samples, and every layout searches their times.
 * Times read through a reader keep every MARK_RUN-th one at hand: a
 * search runs through those, then reads a few times of one run. */
typedef struct
{
  gatomicrefcount         ref;
  guint32                *offsets; /* from earliest, or NULL */
  guint64                 earliest;
  guint64                *at;      /* when they span more, or NULL */
  const TideMinMaxReader *reader;
  gpointer                data;
  GDestroyNotify          destroy;
  guint64                *marks;   /* through the reader: time of sample MARK_RUN * k */
  gsize                   n_marks;
} Times;

/* @at as offsets from its earliest time, in its own memory, shrunk to fit;
 * NULL (and @at as it was) when they do not fit in 32 bits. */
static guint32 *
offsets_new (guint64 *at,
             gsize    n,
             guint64 *earliest)
{
  guint64 lo = G_MAXUINT64, hi = 0;
  guint8 *bytes = (guint8 *) at;

  for (gsize i = 0; i < n; i++)
    lo = MIN (lo, at[i]), hi = MAX (hi, at[i]);
  if (n == 0 || hi - lo > G_MAXUINT32)
    return NULL;
  /* in place, front to back: offset i ends before time i + 1 begins; a
   * run at a time through memcpy(), as the memory changes type */
  for (gsize done = 0; done < n; done += 256)
    {
      gsize count = MIN (256, n - done);
      guint64 wide[256];
      guint32 narrow[256];

      memcpy (wide, bytes + done * sizeof (guint64), count * sizeof (guint64));
      for (gsize i = 0; i < count; i++)
        narrow[i] = (guint32) (wide[i] - lo);
      memcpy (bytes + done * sizeof (guint32), narrow, count * sizeof (guint32));
    }
  *earliest = lo;
  return g_realloc (at, n * sizeof (guint32));
}

static Times *
times_new (guint64                *at,
           gsize                   n,
           const TideMinMaxReader *reader,
           gpointer                data,
           GDestroyNotify          destroy)
{
  Times *times = g_new0 (Times, 1);

  g_atomic_ref_count_init (&times->ref);
  if (at != NULL)
    times->offsets = offsets_new (at, n, &times->earliest);
  if (times->offsets == NULL)
    times->at = at;
  times->reader = reader;
  times->data = data;
  times->destroy = destroy;
  if (at == NULL)
    {
      times->n_marks = (n + MARK_RUN - 1) / MARK_RUN;
      times->marks = g_new (guint64, MAX (times->n_marks, 1));
      for (gsize k = 0; k < times->n_marks; k++)
        times->marks[k] = reader->time (data, k * MARK_RUN);
    }
  return times;
}

static void
times_release (Times *times)
{
  if (g_atomic_ref_count_dec (&times->ref))
    {
      g_free (times->offsets);
      g_free (times->at);
      g_free (times->marks);
      if (times->destroy != NULL)
        times->destroy (times->data);
      g_free (times);
    }
}

struct _TideMinMaxPyramid
{
  gsize       n;
  Times      *times;
  double     *values;   /* per sample, or NULL: read through times->reader */
  TideMinMax *extremes; /* per sample, or NULL: the values alone */
  guint       bottom;   /* the lowest level */
  gboolean    read_runs; /* the lowest level is the reader's runs: levels[0] is NULL */
  GPtrArray  *levels;   /* TideMinMax[n >> k] for level k = bottom + index */
};

static inline guint64
time_at (const TideMinMaxPyramid *self,
         gsize                    i)
{
  if (G_LIKELY (self->times->offsets != NULL))
    return self->times->earliest + self->times->offsets[i];
  if (self->times->at != NULL)
    return self->times->at[i];
  return self->times->reader->time (self->times->data, i);
}

/* The extremes of samples [@first, @last) themselves, into @lo and @hi. */
static void
fold_samples (const TideMinMaxPyramid *self,
              gsize                    first,
              gsize                    last,
              double                  *lo,
              double                  *hi)
{
  if (self->values == NULL)
    {
      if (first < last)
        self->times->reader->fold_extremes (self->times->data, first, last - first, lo, hi);
    }
  else if (self->extremes != NULL)
    for (gsize i = first; i < last; i++)
      *lo = MIN (*lo, self->extremes[i].min), *hi = MAX (*hi, self->extremes[i].max);
  else
    for (gsize i = first; i < last; i++)
      *lo = MIN (*lo, self->values[i]), *hi = MAX (*hi, self->values[i]);
}

static double
value_at (const TideMinMaxPyramid *self,
          gsize                    i)
{
  double value;

  if (self->values != NULL)
    return self->values[i];
  self->times->reader->read_values (self->times->data, i, 1, &value);
  return value;
}

/* Span @i of level @k above the lowest (0: the lowest). */
static inline TideMinMax
span_at (const TideMinMaxPyramid *self,
         guint                    k,
         gsize                    i)
{
  TideMinMax span;

  if (k == 0 && self->read_runs)
    self->times->reader->read_runs (self->times->data, i, 1, &span);
  else
    span = ((const TideMinMax *) g_ptr_array_index (self->levels, k))[i];
  return span;
}

/* The level above the reader's runs, @len spans, from them a batch at a
 * time. */
static TideMinMax *
make_level_over_runs (const TideMinMaxPyramid *self,
                      gsize                    len)
{
  TideMinMax *level = g_new (TideMinMax, len);

  for (gsize done = 0; done < len; done += 128)
    {
      gsize count = MIN (128, len - done);
      TideMinMax runs[256];

      self->times->reader->read_runs (self->times->data, 2 * done, 2 * count, runs);
      for (gsize i = 0; i < count; i++)
        {
          level[done + i].min = MIN (runs[2 * i].min, runs[2 * i + 1].min);
          level[done + i].max = MAX (runs[2 * i].max, runs[2 * i + 1].max);
        }
    }
  return level;
}

/* The lowest kept level, from the samples: one span a run of 2^bottom. */
static TideMinMax *
make_bottom_level (const TideMinMaxPyramid *self,
                   gsize                    len)
{
  TideMinMax *level = g_new (TideMinMax, len);
  const gsize run = (gsize) 1 << self->bottom;

  for (gsize i = 0; i < len; i++)
    {
      level[i].min = INFINITY;
      level[i].max = -INFINITY;
      fold_samples (self, i * run, (i + 1) * run, &level[i].min, &level[i].max);
    }
  return level;
}

static TideMinMax *
make_level (const TideMinMax *below,
            gsize             len)
{
  TideMinMax *level = g_new (TideMinMax, len);

  for (gsize i = 0; i < len; i++)
    {
      level[i].min = MIN (below[2 * i].min, below[2 * i + 1].min);
      level[i].max = MAX (below[2 * i].max, below[2 * i + 1].max);
    }
  return level;
}

static TideMinMaxPyramid *
pyramid_take (Times      *times,
              double     *values,
              TideMinMax *extremes,
              gsize       n)
{
  TideMinMaxPyramid *self = g_new0 (TideMinMaxPyramid, 1);
  gsize len;

  self->n = n;
  self->read_runs = values == NULL && times->reader->read_runs != NULL;
  if (self->read_runs)
    self->bottom = times->reader->run_bits;
  else
    self->bottom = values == NULL ? READING_BOTTOM : HELD_BOTTOM;
  len = n >> self->bottom;
  self->times = times;
  self->values = values;
  self->extremes = extremes;
  self->levels = g_ptr_array_new_with_free_func (g_free);
  if (len > 0)
    g_ptr_array_add (self->levels, self->read_runs ? NULL : make_bottom_level (self, len));
  if (len > 1 && self->read_runs)
    {
      len /= 2;
      g_ptr_array_add (self->levels, make_level_over_runs (self, len));
    }
  for (len /= 2; len > 0; len /= 2)
    g_ptr_array_add (self->levels, make_level (g_ptr_array_index (self->levels, self->levels->len - 1), len));
  return self;
}

TideMinMaxPyramid *
tide_minmax_pyramid_new (const guint64 *times,
                         const double  *values,
                         const double  *mins,
                         const double  *maxs,
                         gsize          n)
{
  TideMinMax *extremes = NULL;

  if (mins != NULL || maxs != NULL)
    {
      extremes = g_new (TideMinMax, MAX (n, 1));
      for (gsize i = 0; i < n; i++)
        {
          extremes[i].min = mins != NULL ? MIN (mins[i], values[i]) : values[i];
          extremes[i].max = maxs != NULL ? MAX (maxs[i], values[i]) : values[i];
        }
    }
  return pyramid_take (times_new (g_memdup2 (times, MAX (n, 1) * sizeof (guint64)), n, NULL, NULL, NULL),
                       g_memdup2 (values, MAX (n, 1) * sizeof (double)), extremes, n);
}

TideMinMaxPyramid *
tide_minmax_pyramid_take (guint64    *times,
                          double     *values,
                          TideMinMax *extremes,
                          gsize       n)
{
  g_return_val_if_fail (times != NULL && values != NULL, NULL);

  return pyramid_take (times_new (times, n, NULL, NULL, NULL), values, extremes, n);
}

TideMinMaxPyramid *
tide_minmax_pyramid_new_reading (const TideMinMaxReader *reader,
                                 gpointer                data,
                                 GDestroyNotify          destroy,
                                 guint64                *times,
                                 gsize                   n)
{
  g_return_val_if_fail (reader != NULL && reader->time != NULL, NULL);
  g_return_val_if_fail (reader->read_values != NULL && reader->fold_extremes != NULL, NULL);
  g_return_val_if_fail (reader->read_runs == NULL || (reader->run_bits > 0 && reader->run_bits < 32), NULL);

  return pyramid_take (times_new (times, n, reader, data, destroy), NULL, NULL, n);
}

TideMinMaxPyramid *
tide_minmax_pyramid_take_at_times_of (TideMinMaxPyramid *other,
                                      double            *values,
                                      TideMinMax        *extremes)
{
  g_return_val_if_fail (other != NULL && values != NULL, NULL);

  g_atomic_ref_count_inc (&other->times->ref);
  return pyramid_take (other->times, values, extremes, other->n);
}

void
tide_minmax_pyramid_free (TideMinMaxPyramid *self)
{
  if (self == NULL)
    return;
  times_release (self->times);
  g_free (self->values);
  g_free (self->extremes);
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
  return time_at (self, i);
}

double
tide_minmax_pyramid_get_value (TideMinMaxPyramid *self,
                               gsize              i)
{
  g_return_val_if_fail (i < self->n, 0);
  return value_at (self, i);
}

gboolean
tide_minmax_pyramid_range (TideMinMaxPyramid *self,
                           gsize              first,
                           gsize              last,
                           double            *min,
                           double            *max)
{
  double lo = INFINITY, hi = -INFINITY;
  gsize run = (gsize) 1 << self->bottom, inner_first, inner_last, span_first, span_last;

  last = MIN (last, self->n);
  if (first >= last)
    return FALSE;

  /* the samples up to the first whole run of the bottom level and after
   * the last one, one by one */
  inner_first = (first + run - 1) & ~(run - 1);
  inner_last = last & ~(run - 1);
  if (inner_first >= inner_last)
    {
      fold_samples (self, first, last, &lo, &hi);
      *min = lo;
      *max = hi;
      return TRUE;
    }

  /* the runs between, bottom-up, as a segment tree is read: at each
   * level take the odd span at either end, then halve the range; at most
   * two spans a level (the climb from the bottom for every span cost
   * twice the instructions). Level k holds the n >> k whole spans, and
   * every span taken lies within [first, last), so it exists. */
  span_first = inner_first >> self->bottom;
  span_last = inner_last >> self->bottom;
  for (guint k = 0; span_first < span_last; k++)
    {
      TideMinMax span;

      if (k + 1 == self->levels->len)
        {
          /* the top level has one span */
          for (; span_first < span_last; span_first++)
            {
              span = span_at (self, k, span_first);
              lo = MIN (lo, span.min), hi = MAX (hi, span.max);
            }
          break;
        }
      if (span_first & 1)
        {
          span = span_at (self, k, span_first);
          lo = MIN (lo, span.min), hi = MAX (hi, span.max);
          span_first++;
        }
      if (span_last & 1)
        {
          span_last--;
          span = span_at (self, k, span_last);
          lo = MIN (lo, span.min), hi = MAX (hi, span.max);
        }
      span_first >>= 1;
      span_last >>= 1;
    }

  /* Then the samples at either end, each within one span of the bottom
   * level: only where that span reaches past what the others found, as
   * part of it cannot reach further than all of it. A layout's columns
   * mostly stay within the spans between their ends, and a series read
   * through the sample table unpacks up to 31 samples at each end. The
   * last run may be too short to have a span: its samples are read. */
  if (first < inner_first)
    {
      TideMinMax head = span_at (self, 0, first >> self->bottom);

      if (!(head.min >= lo && head.max <= hi))
        fold_samples (self, first, inner_first, &lo, &hi);
    }
  if (inner_last < last)
    {
      gboolean whole = inner_last + run <= self->n;
      TideMinMax tail = whole ? span_at (self, 0, inner_last >> self->bottom) : (TideMinMax) { 0, 0 };

      if (!whole || !(tail.min >= lo && tail.max <= hi))
        fold_samples (self, inner_last, last, &lo, &hi);
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
  const guint64 *marks = self->times->marks;

  if (marks != NULL && hi - lo > MARK_RUN)
    {
      /* the marks of the samples in [lo, hi): the first not earlier than
       * t bounds the answer from above, the one before it from below */
      gsize k_lo = (lo + MARK_RUN - 1) / MARK_RUN, k_hi = (hi + MARK_RUN - 1) / MARK_RUN;
      gsize k = k_lo, end = k_hi;

      while (k < end)
        {
          gsize mid = k + (end - k) / 2;

          if (marks[mid] < t)
            k = mid + 1;
          else
            end = mid;
        }
      if (k > k_lo)
        lo = MAX (lo, (k - 1) * MARK_RUN + 1);
      if (k < k_hi)
        hi = k * MARK_RUN;
    }
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (time_at (self, mid) < t)
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

  /* times read through a reader are searched in their marks first; but
   * zoomed in, most columns hold no sample, and the answer is @from */
  if (self->times->marks != NULL)
    {
      if (lo == self->n || time_at (self, lo) >= t)
        return lo;
      return search (self, t, lo + 1, self->n);
    }
  /* every sample before lo is earlier than t */
  while (hi < self->n && time_at (self, hi) < t)
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
            mins[c] = maxs[c] = value_at (self, first - 1);
          else
            mins[c] = maxs[c] = NAN;
        }
      first = MAX (first, last);
    }
}
