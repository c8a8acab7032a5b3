/* tide-packed-runs.c: runs of integers, each packed around its trend
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-packed-runs.h"

/* Value i of a run is base + slope * i + (offset << shift), each offset
 * taking `bits` bits (0 to MAX_PACKED_BITS, or 64), little-endian, from
 * word first_word of the words on. n_minus_one: the run's values, less
 * one. */
typedef struct
{
  guint64 base;
  guint64 first_word;
  gint32  slope;
  guint8  bits;
  guint8  shift;
  guint8  n_minus_one;
} Run;

/* The widest offsets read with one unaligned 8-byte load at any bit:
 * wider ones take whole words. */
#define MAX_PACKED_BITS 56

G_STATIC_ASSERT (TIDE_PACKED_RUN <= 256);

/* Arrays that grow by half, and shrink to their length once complete. */
struct _TidePackedRuns
{
  Run     *runs;
  gsize    n_runs, runs_capacity;
  guint64 *words;  /* the runs' offsets, then one word that a read past
                    * the last may touch */
  gsize    n_words, words_capacity;
};

TidePackedRuns *
tide_packed_runs_new (void)
{
  TidePackedRuns *self = g_new0 (TidePackedRuns, 1);

  self->words_capacity = 1;
  self->words = g_new0 (guint64, 1);
  self->n_words = 1;
  return self;
}

void
tide_packed_runs_free (TidePackedRuns *self)
{
  if (self == NULL)
    return;
  g_free (self->runs);
  g_free (self->words);
  g_free (self);
}

void
tide_packed_runs_trim (TidePackedRuns *self)
{
  self->runs = g_renew (Run, self->runs, self->n_runs);
  self->runs_capacity = self->n_runs;
  self->words = g_renew (guint64, self->words, self->n_words);
  self->words_capacity = self->n_words;
}

/* The spread of a run's values around a line: their lowest and highest
 * offsets from it, taken from the first value's and signed, so that
 * values on both sides of 2^64 are as close as they look; and the bits in
 * which any differs from the first's (the trailing zeros they all share
 * are dropped). */
typedef struct
{
  gint64  lo, hi;
  guint64 bits;
} Fit;

static inline void
fit_take (Fit     *fit,
          guint64  r,
          guint64  first)
{
  gint64 d = (gint64) (r - first);

  fit->lo = MIN (fit->lo, d);
  fit->hi = MAX (fit->hi, d);
  fit->bits |= (guint64) d;
}

/* The bits an offset takes, and into @shift the zeros dropped. The span
 * is exact as an unsigned difference, even past 2^63. */
static guint8
fit_width (const Fit *fit,
           guint8    *shift)
{
  guint bits;

  *shift = fit->bits == 0 ? 0 : __builtin_ctzll (fit->bits);
  if (fit->bits == 0)
    return 0;
  bits = 64 - __builtin_clzll (((guint64) fit->hi - (guint64) fit->lo) >> *shift);
  return bits <= MAX_PACKED_BITS ? bits : 64;
}

guint64
tide_packed_runs_add (TidePackedRuns *self,
                      const guint64  *values,
                      guint           n,
                      gsize           stride)
{
  /* the word past the last run's offsets is this run's first */
  Run run = { .first_word = self->n_words - 1, .n_minus_one = n - 1 };
  guint64 first, step, line = 0, word = 0, *out;
  gint64 slope;
  Fit flat, sloped;
  guint8 flat_shift, sloped_shift, flat_bits, sloped_bits;
  guint fill = 0;
  gsize n_words;

  g_return_val_if_fail (n >= 1 && n <= TIDE_PACKED_RUN, 0);

  /* the line through the run's ends, and the flat one; one pass */
  first = values[0];
  slope = n == 1 ? 0 : (gint64) (values[(gsize) (n - 1) * stride] - first) / (gint64) (n - 1);
  if (slope < G_MININT32 || slope > G_MAXINT32)
    slope = 0;
  step = (guint64) slope;
  flat = sloped = (Fit) { 0, 0, 0 };
  for (guint i = 1; i < n; i++)
    {
      guint64 v = values[i * stride];

      line += step;
      fit_take (&flat, v, first);
      fit_take (&sloped, v - line, first);
    }
  flat_bits = fit_width (&flat, &flat_shift);
  sloped_bits = fit_width (&sloped, &sloped_shift);
  if (slope != 0 && sloped_bits < flat_bits)
    {
      run.base = first + (guint64) sloped.lo;
      run.slope = (gint32) slope;
      run.bits = sloped_bits;
      run.shift = sloped_shift;
    }
  else
    {
      run.base = first + (guint64) flat.lo;
      run.bits = flat_bits;
      run.shift = flat_shift;
      step = 0;
    }

  /* the offsets, each run's own whole words, and the spare word after */
  n_words = ((gsize) n * run.bits + 63) / 64;
  if (run.first_word + n_words + 1 > self->words_capacity)
    {
      self->words_capacity = MAX (run.first_word + n_words + 1, self->words_capacity + self->words_capacity / 2);
      self->words = g_renew (guint64, self->words, self->words_capacity);
    }
  self->n_words = run.first_word + n_words + 1;
  out = self->words + run.first_word;
  memset (out, 0, (n_words + 1) * sizeof *out);
  line = 0;
  for (guint i = 0; i < n && run.bits > 0; i++, line += step)
    {
      guint64 x = (values[i * stride] - line - run.base) >> run.shift;

      if (run.bits == 64)
        {
          *out++ = GUINT64_TO_LE (x);
          continue;
        }
      word |= x << fill;
      fill += run.bits;
      if (fill >= 64)
        {
          *out++ = GUINT64_TO_LE (word);
          fill -= 64;
          /* the bits of x that did not fit */
          word = fill == 0 ? 0 : x >> (run.bits - fill);
        }
    }
  if (fill > 0)
    *out = GUINT64_TO_LE (word);

  if (self->n_runs == self->runs_capacity)
    {
      self->runs_capacity = MAX (16, self->runs_capacity + self->runs_capacity / 2);
      self->runs = g_renew (Run, self->runs, self->runs_capacity);
    }
  self->runs[self->n_runs] = run;
  return self->n_runs++;
}

guint64
tide_packed_runs_get_n_runs (const TidePackedRuns *self)
{
  return self->n_runs;
}

guint64
tide_packed_runs_get (const TidePackedRuns *self,
                      guint64               run_index,
                      guint                 i)
{
  const Run *run;
  const guint64 *words;
  guint64 value, word;
  gsize at;

  g_return_val_if_fail (run_index < self->n_runs, 0);
  run = &self->runs[run_index];
  g_return_val_if_fail (i <= run->n_minus_one, 0);

  value = run->base + (guint64) (gint64) run->slope * i;
  if (run->bits == 0)
    return value;
  words = self->words + run->first_word;
  if (run->bits == 64)
    return value + (GUINT64_FROM_LE (words[i]) << run->shift);
  /* eight bytes from the offset's first: it ends in them, and the spare
   * word keeps the last one's inside the array */
  at = (gsize) i * run->bits;
  memcpy (&word, (const guint8 *) words + (at >> 3), sizeof word);
  word = GUINT64_FROM_LE (word) >> (at & 7);
  return value + ((word & (((guint64) 1 << run->bits) - 1)) << run->shift);
}

gsize
tide_packed_runs_get_size (const TidePackedRuns *self)
{
  return sizeof *self + self->runs_capacity * sizeof (Run) + self->words_capacity * sizeof (guint64);
}
