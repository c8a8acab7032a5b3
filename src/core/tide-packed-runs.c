/* tide-packed-runs.c: runs of integers, each packed around its trend
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-bit-pack-private.h"
#include "tide-packed-runs.h"

/* Value i of a run is base + slope * i + (offset << shift), each offset
 * taking `bits` bits (0 to TIDE_MAX_PACKED_BITS, or 64), packed by
 * tide_bit_pack() from word first_word of the words on. n_minus_one: the
 * run's values, less one. */
typedef struct
{
  guint64 base;
  guint64 first_word;
  gint32  slope;
  guint8  bits;
  guint8  shift;
  guint8  n_minus_one;
} Run;

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

guint64
tide_packed_runs_add (TidePackedRuns *self,
                      const guint64  *values,
                      guint           n,
                      gsize           stride)
{
  /* the word past the last run's offsets is this run's first */
  Run run = { .first_word = self->n_words - 1, .n_minus_one = n - 1 };
  gint64 slope;
  gboolean along;
  gsize n_words;

  g_return_val_if_fail (n >= 1 && n <= TIDE_PACKED_RUN, 0);

  /* the line through the run's ends, or the flat one */
  slope = n == 1 ? 0 : (gint64) (values[(gsize) (n - 1) * stride] - values[0]) / (gint64) (n - 1);
  if (slope < G_MININT32 || slope > G_MAXINT32)
    slope = 0;
  run.bits = tide_fit_choose (values, n, stride, slope, &run.base, &run.shift, &along);
  run.slope = along ? (gint32) slope : 0;

  /* the offsets, each run's own whole words, and the spare word after */
  n_words = ((gsize) n * run.bits + 63) / 64;
  if (run.first_word + n_words + 1 > self->words_capacity)
    {
      self->words_capacity = MAX (run.first_word + n_words + 1, self->words_capacity + self->words_capacity / 2);
      self->words = g_renew (guint64, self->words, self->words_capacity);
    }
  self->n_words = run.first_word + n_words + 1;
  if (run.bits > 0)
    tide_bit_pack (values, n, stride, run.base, (guint64) (gint64) run.slope, run.shift, run.bits,
                   self->words + run.first_word);
  self->words[self->n_words - 1] = 0;

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
  guint64 value;

  g_return_val_if_fail (run_index < self->n_runs, 0);
  run = &self->runs[run_index];
  g_return_val_if_fail (i <= run->n_minus_one, 0);

  value = run->base + (guint64) (gint64) run->slope * i;
  if (run->bits == 0)
    return value;
  words = self->words + run->first_word;
  if (run->bits == 64)
    return value + (GUINT64_FROM_LE (words[i]) << run->shift);
  return value + (tide_bit_unpack (words, i, run->bits) << run->shift);
}

gsize
tide_packed_runs_get_size (const TidePackedRuns *self)
{
  return sizeof *self + self->runs_capacity * sizeof (Run) + self->words_capacity * sizeof (guint64);
}
