/* tide-minmax-pyramid.h: min/max of a series over any range in O(log n)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A series of samples at increasing times, each with the lowest and highest
 * value reached since the sample before. Level k of the pyramid holds the
 * min and max of each run of 2^k samples, so any range of samples is covered
 * by O(log n) precomputed runs: a chart asks for one (min, max) pair per
 * pixel column and pays per column, never per sample, and the highest spike
 * inside a column is never lost, whatever the zoom. (The lowest levels are
 * not kept: a range reads the few samples at its ends instead.)
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TideMinMaxPyramid TideMinMaxPyramid;

typedef struct
{
  double min;
  double max;
} TideMinMax;

/* Copies the arrays; @times must not decrease. @values are the series at
 * each sample's instant, @mins and @maxs its extremes since the sample
 * before (NULL: the values alone). */
TideMinMaxPyramid *tide_minmax_pyramid_new    (const guint64     *times,
                                               const double      *values,
                                               const double      *mins,
                                               const double      *maxs,
                                               gsize              n);
/* The same, taking the arrays rather than copying them (g_malloc()ed;
 * @extremes: each sample's extremes since the one before, its value
 * included, or NULL): a long recording's series are built in place, with
 * no second copy of each. */
TideMinMaxPyramid *tide_minmax_pyramid_take   (guint64           *times,
                                               double            *values,
                                               TideMinMax        *extremes,
                                               gsize              n);
/* The same at the sample times of @other (shared, not copied: the series
 * of one trace have the same), as many values as @other has samples. */
TideMinMaxPyramid *tide_minmax_pyramid_take_at_times_of (TideMinMaxPyramid *other,
                                                         double            *values,
                                                         TideMinMax        *extremes);
/* A series read where it is kept rather than copied: each sample's time,
 * the values of samples [first, first + n) (n at most 64), and the
 * extremes of samples [first, first + n) (each sample's since the one
 * before, its value included) folded into *@lo and *@hi, which keep
 * what they hold when lower, or higher.
 *
 * Optionally (NULL when not), the extremes of whole runs [first,
 * first + n) of 2^run_bits samples each, into @out, where the data keeps
 * them already: the pyramid's lowest level is then theirs, read rather
 * than folded and held. */
typedef struct
{
  guint64 (*time)          (gpointer    data,
                            gsize       i);
  void    (*read_values)   (gpointer    data,
                            gsize       first,
                            gsize       n,
                            double     *values);
  void    (*fold_extremes) (gpointer    data,
                            gsize       first,
                            gsize       n,
                            double     *lo,
                            double     *hi);
  void    (*read_runs)     (gpointer    data,
                            gsize       first,
                            gsize       n,
                            TideMinMax *out);
  guint     run_bits;
} TideMinMaxReader;

/* A pyramid of @n samples read through @reader from @data, which it owns
 * (@destroy frees it; the series taken at its times share it). Only the
 * levels are held: a recording hours long has its heap in its trace
 * already, packed. @times, if not NULL, is taken and read instead of the
 * reader's times. Without them, every 64th time is kept at hand, and a
 * search (each column of a layout makes one) reads a few times of one
 * run through the reader: the layouts of a long recording take as long
 * as with its times held, at 1/64 of their memory. */
TideMinMaxPyramid *tide_minmax_pyramid_new_reading (const TideMinMaxReader *reader,
                                                    gpointer                data,
                                                    GDestroyNotify          destroy,
                                                    guint64                *times,
                                                    gsize                   n);
void               tide_minmax_pyramid_free   (TideMinMaxPyramid *self);
gsize              tide_minmax_pyramid_get_n  (TideMinMaxPyramid *self);
guint64            tide_minmax_pyramid_get_time (TideMinMaxPyramid *self,
                                               gsize              i);
/* The series at sample @i's instant. */
double             tide_minmax_pyramid_get_value (TideMinMaxPyramid *self,
                                                gsize              i);

/* Min and max over samples [first, last). FALSE when the range is empty. */
gboolean           tide_minmax_pyramid_range  (TideMinMaxPyramid *self,
                                               gsize              first,
                                               gsize              last,
                                               double            *min,
                                               double            *max);
/* One (min, max) per column for @n_columns equal slices of [t0, t1]. A
 * column with no sample inside takes the value in effect there (that of the
 * last sample before it), so the line stays continuous. Columns before the
 * first sample get NAN. */
void               tide_minmax_pyramid_columns (TideMinMaxPyramid *self,
                                               guint64            t0,
                                               guint64            t1,
                                               guint              n_columns,
                                               double            *mins,
                                               double            *maxs);
/* First sample index with time >= @t (n when none). */
gsize              tide_minmax_pyramid_lower_bound (TideMinMaxPyramid *self,
                                                    guint64            t);
/* The same, for a @t whose answer is known to be @from or later (every
 * sample before @from is earlier than @t): the answer for a smaller t, as
 * when columns are laid out left to right. */
gsize              tide_minmax_pyramid_lower_bound_from (TideMinMaxPyramid *self,
                                                         guint64            t,
                                                         gsize              from);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideMinMaxPyramid, tide_minmax_pyramid_free)

G_END_DECLS
