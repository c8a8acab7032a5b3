/* tide-sample-table.c: a trace's timeline samples, packed
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-bit-pack-private.h"
#include "tide-huge-buffer.h"
#include "tide-sample-table-private.h"


/* The fields of a sample as the table stores them. The heap's extremes are
 * kept as their distance from the heap, usually small; the subtraction
 * wraps rather than fails on odd input, and adding it back is exact. */
enum
{
  COLUMN_HEAP = TIDE_SAMPLE_HEAP,
  COLUMN_ABOVE_HEAP = TIDE_SAMPLE_HEAP_MAX,
  COLUMN_BELOW_HEAP = TIDE_SAMPLE_HEAP_MIN,
  COLUMN_STACK = TIDE_SAMPLE_STACK,
  N_COLUMNS = TIDE_SAMPLE_N_FIELDS
};

/* A packed run of TIDE_SAMPLE_BLOCK samples. Column c holds the value of
 * sample i as base[c] + slope[c] * i + (packed << shift[c]), packed in
 * bits[c] bits (0 to TIDE_MAX_PACKED_BITS, or 64; see
 * tide-bit-pack-private.h). The slope is the run's
 * trend, for the counters that only grow (times, event indices,
 * allocations): heaptrack stamps every 10 ms, and the times of a long
 * recording fit their line exactly, in no bits at all. The arithmetic
 * wraps, both ways, so any input comes back exact. A column takes a whole
 * number of words (TIDE_SAMPLE_BLOCK is a multiple of 64), and the columns
 * follow one another from word first_word of the table's words. */
typedef struct
{
  guint64 base[N_COLUMNS];
  guint64 first_word;
  gint32  slope[N_COLUMNS];
  guint8  bits[N_COLUMNS];
  guint8  shift[N_COLUMNS];
} Block;

G_STATIC_ASSERT (TIDE_SAMPLE_BLOCK % 64 == 0);

#define HEAP_RUN (1u << TIDE_SAMPLE_HEAP_RUN_BITS)
G_STATIC_ASSERT (TIDE_SAMPLE_BLOCK % HEAP_RUN == 0);

/* The heap's extremes over a run of HEAP_RUN samples. */
typedef struct
{
  guint64 lowest;
  guint64 highest;
} HeapRun;

static inline guint
n_blocks (const TideSampleTable *self)
{
  return (guint) (self->blocks.len / sizeof (Block));
}

static inline gsize
n_words (const TideSampleTable *self)
{
  return self->words.len / sizeof (guint64);
}

static inline guint
n_heap_runs (const TideSampleTable *self)
{
  return (guint) (self->heap_runs.len / sizeof (HeapRun));
}

/* A sample is its eleven fields in the columns' order, the heap's
 * extremes turned into distances from it. */
G_STATIC_ASSERT (sizeof (TideTimelineSample) == N_COLUMNS * sizeof (guint64));
G_STATIC_ASSERT (G_STRUCT_OFFSET (TideTimelineSample, heap_bytes) == COLUMN_HEAP * sizeof (guint64));
G_STATIC_ASSERT (G_STRUCT_OFFSET (TideTimelineSample, heap_max_bytes) == COLUMN_ABOVE_HEAP * sizeof (guint64));
G_STATIC_ASSERT (G_STRUCT_OFFSET (TideTimelineSample, heap_min_bytes) == COLUMN_BELOW_HEAP * sizeof (guint64));
G_STATIC_ASSERT (G_STRUCT_OFFSET (TideTimelineSample, stack_bytes) == COLUMN_STACK * sizeof (guint64));

static inline void
columns_of (const TideTimelineSample *s,
            guint64                   values[N_COLUMNS])
{
  memcpy (values, s, sizeof *s);
  values[COLUMN_ABOVE_HEAP] = s->heap_max_bytes - s->heap_bytes;
  values[COLUMN_BELOW_HEAP] = s->heap_bytes - s->heap_min_bytes;
}

static inline void
sample_from_columns (const guint64       values[N_COLUMNS],
                     TideTimelineSample *s)
{
  memcpy (s, values, sizeof *s);
  s->heap_max_bytes = values[COLUMN_HEAP] + values[COLUMN_ABOVE_HEAP];
  s->heap_min_bytes = values[COLUMN_HEAP] - values[COLUMN_BELOW_HEAP];
}

TideSampleTable *
tide_sample_table_new (void)
{
  return g_new0 (TideSampleTable, 1);
}

void
tide_sample_table_free (TideSampleTable *self)
{
  if (self == NULL)
    return;
  tide_huge_buffer_clear (&self->blocks);
  tide_huge_buffer_clear (&self->words);
  tide_huge_buffer_clear (&self->heap_runs);
  g_free (self);
}

guint
tide_sample_table_get_len (const TideSampleTable *self)
{
  return n_blocks (self) * TIDE_SAMPLE_BLOCK + self->n_pending;
}

/* The heap's extremes over each run of the full pending block, as
 * tide_sample_table_fold_heap_extremes() folds them: the distances it
 * adds back give the fields these read. */
static void
fold_pending_heap_runs (TideSampleTable *self)
{
  HeapRun runs[TIDE_SAMPLE_BLOCK / HEAP_RUN];

  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      guint64 lo = G_MAXUINT64, hi = 0;

      for (guint i = r * HEAP_RUN; i < (r + 1) * HEAP_RUN; i++)
        {
          const TideTimelineSample *sample = &self->pending[i];

          lo = MIN (lo, MIN (sample->heap_min_bytes, sample->heap_bytes));
          hi = MAX (hi, MAX (sample->heap_max_bytes, sample->heap_bytes));
        }
      runs[r] = (HeapRun) { lo, hi };
    }
  memcpy (tide_huge_buffer_append (&self->heap_runs, sizeof runs), runs, sizeof runs);
}

/* Column @c of the pending block: its first value, and in @stride how
 * far apart the values are. */
static inline const guint64 *
column_in_pending (const TideSampleTable *self,
                   guint64                distances[2][TIDE_SAMPLE_BLOCK],
                   guint                  c,
                   gsize                 *stride)
{
  if (c == COLUMN_ABOVE_HEAP || c == COLUMN_BELOW_HEAP)
    {
      *stride = 1;
      return distances[c == COLUMN_ABOVE_HEAP ? 0 : 1];
    }
  *stride = N_COLUMNS;
  return (const guint64 *) self->pending + c;
}

/* The first eight columns, the time to the temporary allocations, are
 * two vectors of four a sample: their fits around both lines come out of
 * one pass over the rows, where a pass for each column went over the
 * block five times more (ht_pystamped: 1.4 million samples, 132M -> 68M
 * instructions with AVX2). Only where the processor has AVX2 or
 * AVX-512, chosen as the program runs: without 64-bit comparisons the
 * vectors' code takes three times the columns' own. */
#if defined (__x86_64__) && defined (__GNUC__)
#define HAVE_VECTOR_FITS 1
#endif

#define N_VECTOR_COLUMNS 8
G_STATIC_ASSERT (COLUMN_HEAP == 2 && COLUMN_ABOVE_HEAP == 3 && COLUMN_BELOW_HEAP == 4);

#ifdef HAVE_VECTOR_FITS
typedef guint64 Lanes __attribute__ ((vector_size (4 * sizeof (guint64))));
typedef gint64 SignedLanes __attribute__ ((vector_size (4 * sizeof (gint64))));

/* Columns @c0 (0 or 4) to @c0 + 3 of a sample into @r, the heap's
 * extremes as distances from it, as columns_of() makes them: the heap's
 * value, broadcast, less the highest and more the lowest. (Through a
 * pointer: a vector returned from code of the baseline target would
 * take another ABI than AVX's.) */
static inline __attribute__ ((always_inline)) void
row_lanes (const TideTimelineSample *row,
           guint                     c0,
           Lanes                    *r)
{
  const Lanes above = { 0, 0, 0, G_MAXUINT64 }, below = { G_MAXUINT64, 0, 0, 0 };
  Lanes heap = (Lanes) { 0 } + row->heap_bytes;

  memcpy (r, (const guint64 *) row + c0, sizeof *r);
  if (c0 == 0)
    *r -= heap & above;
  else
    *r = (*r & ~below) | ((heap - *r) & below);
}

/* The fits of four columns from @c0 over the block's rows, in
 * registers: a pass for each four, as all eight's would not fit in
 * AVX2's sixteen. */
static inline __attribute__ ((always_inline)) void
fit_four_columns (const TideTimelineSample *rows,
                  guint                     c0,
                  const gint64             *slopes,
                  TideFit                  *flat,
                  TideFit                  *sloped)
{
  Lanes first, step, line_first;
  Lanes flat_bits = { 0 }, sloped_bits = { 0 };
  SignedLanes flat_lo = { 0 }, flat_hi = { 0 }, sloped_lo = { 0 }, sloped_hi = { 0 };

  row_lanes (&rows[0], c0, &first);
  line_first = first;
  memcpy (&step, slopes + c0, sizeof step);
  for (guint i = 1; i < TIDE_SAMPLE_BLOCK; i++)
    {
      Lanes r;
      SignedLanes d, e, m;

      row_lanes (&rows[i], c0, &r);
      line_first += step;
      d = (SignedLanes) (r - first);
      e = (SignedLanes) (r - line_first);
      m = d < flat_lo;
      flat_lo = (flat_lo & ~m) | (d & m);
      m = d > flat_hi;
      flat_hi = (flat_hi & ~m) | (d & m);
      m = e < sloped_lo;
      sloped_lo = (sloped_lo & ~m) | (e & m);
      m = e > sloped_hi;
      sloped_hi = (sloped_hi & ~m) | (e & m);
      flat_bits |= (Lanes) d;
      sloped_bits |= (Lanes) e;
    }
  for (guint k = 0; k < 4; k++)
    {
      flat[c0 + k] = (TideFit) { flat_lo[k], flat_hi[k], flat_bits[k] };
      sloped[c0 + k] = (TideFit) { sloped_lo[k], sloped_hi[k], sloped_bits[k] };
    }
}

/* The fits (see tide_fit_flat_and_sloped()) of the first
 * N_VECTOR_COLUMNS columns of the full pending block, each around a
 * flat line and around the line of its @slopes entry. */
static __attribute__ ((target ("avx2"))) void
fit_vector_columns_avx2 (const TideTimelineSample *rows,
                         const gint64             *slopes,
                         TideFit                  *flat,
                         TideFit                  *sloped)
{
  fit_four_columns (rows, 0, slopes, flat, sloped);
  fit_four_columns (rows, 4, slopes, flat, sloped);
}

/* The same, with AVX-512's comparisons into masks and 32 registers. */
static __attribute__ ((target ("avx512f,avx512vl"))) void
fit_vector_columns_avx512 (const TideTimelineSample *rows,
                           const gint64             *slopes,
                           TideFit                  *flat,
                           TideFit                  *sloped)
{
  fit_four_columns (rows, 0, slopes, flat, sloped);
  fit_four_columns (rows, 4, slopes, flat, sloped);
}
#endif

/* Fits the first N_VECTOR_COLUMNS columns, as above, where the processor
 * has the vectors for it; FALSE where it has not, and the caller fits
 * each column on its own. */
static gboolean
fit_vector_columns (const TideTimelineSample *rows,
                    const gint64             *slopes,
                    TideFit                  *flat,
                    TideFit                  *sloped)
{
#ifdef HAVE_VECTOR_FITS
  if (__builtin_cpu_supports ("avx512vl"))
    fit_vector_columns_avx512 (rows, slopes, flat, sloped);
  else if (__builtin_cpu_supports ("avx2"))
    fit_vector_columns_avx2 (rows, slopes, flat, sloped);
  else
    return FALSE;
  return TRUE;
#else
  return FALSE;
#endif
}

/* Packs the full pending block. */
void
tide_sample_table_pack_pending (TideSampleTable *self)
{
  /* the word past the last block's columns is this block's first */
  Block block = { .first_word = n_words (self) == 0 ? 0 : n_words (self) - 1 };
  /* the heap's extremes as distances from it; the other columns are
   * read where they are, a sample's size apart (copying them out into
   * columns was a quarter of the time packing took) */
  guint64 distances[2][TIDE_SAMPLE_BLOCK];
  gint64 slopes[N_COLUMNS];
  TideFit flat[N_VECTOR_COLUMNS], sloped[N_VECTOR_COLUMNS];
  gboolean vector_fits;
  guint block_words = 0;
  guint64 *data;

  for (guint i = 0; i < TIDE_SAMPLE_BLOCK; i++)
    {
      const TideTimelineSample *sample = &self->pending[i];

      distances[0][i] = sample->heap_max_bytes - sample->heap_bytes;
      distances[1][i] = sample->heap_bytes - sample->heap_min_bytes;
    }
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      gsize stride;
      const guint64 *v = column_in_pending (self, distances, c, &stride);
      /* the line through the run's ends, when it is one; the heap's
       * extremes, as distances from it, have no trend */
      gint64 slope = (gint64) (v[(TIDE_SAMPLE_BLOCK - 1) * stride] - v[0]) / (TIDE_SAMPLE_BLOCK - 1);
      gboolean trends = c != COLUMN_ABOVE_HEAP && c != COLUMN_BELOW_HEAP;

      slopes[c] = !trends || slope < G_MININT32 || slope > G_MAXINT32 ? 0 : slope;
    }
  vector_fits = fit_vector_columns (self->pending, slopes, flat, sloped);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      gsize stride;
      const guint64 *v = column_in_pending (self, distances, c, &stride);
      gboolean along;

      if (vector_fits && c < N_VECTOR_COLUMNS)
        block.bits[c] = tide_fit_pick (&flat[c], &sloped[c], v[0], slopes[c], &block.base[c], &block.shift[c],
                                       &along);
      else
        block.bits[c] = tide_fit_choose (v, TIDE_SAMPLE_BLOCK, stride, slopes[c], &block.base[c], &block.shift[c],
                                         &along);
      block.slope[c] = along ? (gint32) slopes[c] : 0;
      block_words += block.bits[c] * (TIDE_SAMPLE_BLOCK / 64);
    }

  /* the last word stays one past the columns */
  tide_huge_buffer_set_len (&self->words, (block.first_word + block_words + 1) * sizeof (guint64));
  data = (guint64 *) self->words.data + block.first_word;
  /* the word past the columns, which a read of the last offsets loads
   * (and masks away): defined all the same */
  data[block_words] = 0;
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      gsize stride;
      const guint64 *v = column_in_pending (self, distances, c, &stride);

      if (block.bits[c] > 0)
        tide_bit_pack (v, TIDE_SAMPLE_BLOCK, stride, block.base[c], (guint64) (gint64) block.slope[c],
                       block.shift[c], block.bits[c], data);
      data += block.bits[c] * (TIDE_SAMPLE_BLOCK / 64);
    }
  memcpy (tide_huge_buffer_append (&self->blocks, sizeof block), &block, sizeof block);
  fold_pending_heap_runs (self);
  self->n_pending = 0;
}

TideTimelineSample *
tide_sample_table_append_slot (TideSampleTable *self)
{
  return tide_sample_table_append_slot_inline (self);
}

void
tide_sample_table_append (TideSampleTable          *self,
                          const TideTimelineSample *sample)
{
  *tide_sample_table_append_slot (self) = *sample;
}

TideTimelineSample *
tide_sample_table_peek_last (TideSampleTable *self)
{
  return tide_sample_table_peek_last_inline (self);
}

void
tide_sample_table_clear (TideSampleTable *self)
{
  tide_huge_buffer_set_len (&self->blocks, 0);
  tide_huge_buffer_set_len (&self->words, 0);
  tide_huge_buffer_set_len (&self->heap_runs, 0);
  self->n_pending = 0;
}

void
tide_sample_table_trim (TideSampleTable *self)
{
  tide_huge_buffer_trim (&self->blocks);
  tide_huge_buffer_trim (&self->words);
  tide_huge_buffer_trim (&self->heap_runs);
}

/* Where a column of a block reads its values from. */
typedef struct
{
  const guint64 *data;
  guint64        base;
  guint64        step;
  guint          bits;
  guint          shift;
} Column;

static inline Column
column_of_block (const TideSampleTable *self,
                 const Block           *block,
                 guint                  column)
{
  Column col = {
    .data = (const guint64 *) self->words.data + block->first_word,
    .base = block->base[column],
    .step = (guint64) (gint64) block->slope[column],
    .bits = block->bits[column],
    .shift = block->shift[column],
  };

  for (guint c = 0; c < column; c++)
    col.data += block->bits[c] * (TIDE_SAMPLE_BLOCK / 64);
  return col;
}

/* Values [from, from + n) of @col: those of whole bytes in a typed loop,
 * which the compiler turns into vector loads; the others each with one
 * unaligned load at its first byte, shifted and masked (the word past the
 * last column is there for the last values' loads). */
static inline void
unpack_run (const Column *col,
            guint         from,
            guint         n,
            guint64      *out)
{
  guint64 line = col->base + col->step * from, step = col->step;
  guint shift = col->shift, bits = col->bits;

  switch (bits)
    {
    case 0:
      for (guint i = 0; i < n; i++)
        out[i] = line + step * i;
      break;
    case 8:
      for (guint i = 0; i < n; i++)
        out[i] = line + step * i + ((guint64) ((const guint8 *) col->data)[from + i] << shift);
      break;
    case 16:
      for (guint i = 0; i < n; i++)
        out[i] = line + step * i + ((guint64) ((const guint16 *) col->data)[from + i] << shift);
      break;
    case 32:
      for (guint i = 0; i < n; i++)
        out[i] = line + step * i + ((guint64) ((const guint32 *) col->data)[from + i] << shift);
      break;
    case 64:
      for (guint i = 0; i < n; i++)
        out[i] = line + step * i + (GUINT64_FROM_LE (col->data[from + i]) << shift);
      break;
    default:
      /* most columns off a trend are the heap's, unshifted */
      if (step == 0 && shift == 0)
        for (guint i = 0; i < n; i++)
          out[i] = line + tide_bit_unpack (col->data, from + i, bits);
      else
        for (guint i = 0; i < n; i++)
          out[i] = line + step * i + (tide_bit_unpack (col->data, from + i, bits) << shift);
      break;
    }
}

static inline const Block *
block_of (const TideSampleTable *self,
          guint                  index)
{
  return (const Block *) self->blocks.data + index / TIDE_SAMPLE_BLOCK;
}

static inline gboolean
is_pending (const TideSampleTable *self,
            guint                  index)
{
  return index >= n_blocks (self) * TIDE_SAMPLE_BLOCK;
}

static inline const TideTimelineSample *
pending_sample (const TideSampleTable *self,
                guint                  index)
{
  return &self->pending[index - n_blocks (self) * TIDE_SAMPLE_BLOCK];
}

/* Columns @columns[k] of samples [first, first + n) into @out[k], as they
 * are stored (the heap's extremes as distances): each packed block's part
 * a column at a time, then the pending samples. What every reader of the
 * table goes through. */
static inline void
unpack_columns (const TideSampleTable *self,
                guint                  first,
                guint                  n,
                const guint           *columns,
                guint                  n_columns,
                guint64        *const *out)
{
  guint done = 0;

  while (done < n)
    {
      guint index = first + done;
      guint from, count;

      if (is_pending (self, index))
        {
          guint64 values[N_COLUMNS];

          columns_of (pending_sample (self, index), values);
          for (guint k = 0; k < n_columns; k++)
            out[k][done] = values[columns[k]];
          done++;
          continue;
        }
      from = index % TIDE_SAMPLE_BLOCK;
      count = MIN (TIDE_SAMPLE_BLOCK - from, n - done);
      for (guint k = 0; k < n_columns; k++)
        {
          Column col = column_of_block (self, block_of (self, index), columns[k]);

          unpack_run (&col, from, count, out[k] + done);
        }
      done += count;
    }
}

void
tide_sample_table_get (const TideSampleTable *self,
                       guint                  index,
                       TideTimelineSample    *sample)
{
  g_return_if_fail (index < tide_sample_table_get_len (self));

  tide_sample_table_copy (self, index, 1, sample);
}

guint64
tide_sample_table_get_field (const TideSampleTable *self,
                             TideSampleField        field,
                             guint                  index)
{
  guint64 value;

  g_return_val_if_fail (field < TIDE_SAMPLE_N_FIELDS, 0);
  g_return_val_if_fail (index < tide_sample_table_get_len (self), 0);

  /* one value read straight: every search by time comes here */
  if (field != TIDE_SAMPLE_HEAP_MAX && field != TIDE_SAMPLE_HEAP_MIN && !is_pending (self, index))
    {
      Column col = column_of_block (self, block_of (self, index), field);

      unpack_run (&col, index % TIDE_SAMPLE_BLOCK, 1, &value);
      return value;
    }
  tide_sample_table_copy_field (self, field, index, 1, &value);
  return value;
}

void
tide_sample_table_copy_field (const TideSampleTable *self,
                              TideSampleField        field,
                              guint                  first,
                              guint                  n,
                              guint64               *values)
{
  static const guint heap_column = COLUMN_HEAP;
  const guint column = field;

  g_return_if_fail (field < TIDE_SAMPLE_N_FIELDS);
  g_return_if_fail (first <= tide_sample_table_get_len (self));
  g_return_if_fail (n <= tide_sample_table_get_len (self) - first);

  unpack_columns (self, first, n, &column, 1, &values);
  /* the heap's extremes are kept as distances from it */
  if (field != TIDE_SAMPLE_HEAP_MAX && field != TIDE_SAMPLE_HEAP_MIN)
    return;
  for (guint done = 0; done < n; done += TIDE_SAMPLE_BLOCK)
    {
      guint count = MIN (TIDE_SAMPLE_BLOCK, n - done);
      guint64 heap[TIDE_SAMPLE_BLOCK];
      guint64 *out = heap;

      unpack_columns (self, first + done, count, &heap_column, 1, &out);
      for (guint i = 0; i < count; i++)
        values[done + i] = field == TIDE_SAMPLE_HEAP_MAX ? heap[i] + values[done + i] : heap[i] - values[done + i];
    }
}

void
tide_sample_table_fold_heap_extremes (const TideSampleTable *self,
                                      guint                  first,
                                      guint                  n,
                                      guint64               *lowest,
                                      guint64               *highest)
{
  static const guint columns[] = { COLUMN_HEAP, COLUMN_BELOW_HEAP, COLUMN_ABOVE_HEAP };
  guint64 lo = *lowest, hi = *highest;

  g_return_if_fail (first <= tide_sample_table_get_len (self));
  g_return_if_fail (n <= tide_sample_table_get_len (self) - first);

  /* unpacked a column at a time (their typed loops), then folded: no
   * sample's extremes are kept */
  for (guint done = 0; done < n; done += TIDE_SAMPLE_BLOCK)
    {
      guint count = MIN (TIDE_SAMPLE_BLOCK, n - done);
      guint64 heap[TIDE_SAMPLE_BLOCK], below[TIDE_SAMPLE_BLOCK], above[TIDE_SAMPLE_BLOCK];
      guint64 *out[] = { heap, below, above };

      unpack_columns (self, first + done, count, columns, G_N_ELEMENTS (columns), out);
      for (guint i = 0; i < count; i++)
        {
          /* the distances wrap on odd input: the heap itself bounds both */
          lo = MIN (lo, MIN (heap[i] - below[i], heap[i]));
          hi = MAX (hi, MAX (heap[i] + above[i], heap[i]));
        }
    }
  *lowest = lo;
  *highest = hi;
}

void
tide_sample_table_get_heap_runs (const TideSampleTable *self,
                                 guint                  first,
                                 guint                  n,
                                 guint64               *lowest,
                                 guint64               *highest)
{
  guint kept;

  g_return_if_fail (first <= tide_sample_table_get_len (self) / HEAP_RUN);
  g_return_if_fail (n <= tide_sample_table_get_len (self) / HEAP_RUN - first);

  kept = first < n_heap_runs (self) ? MIN (n, n_heap_runs (self) - first) : 0;
  for (guint i = 0; i < kept; i++)
    {
      const HeapRun *run = (const HeapRun *) self->heap_runs.data + first + i;

      lowest[i] = run->lowest;
      highest[i] = run->highest;
    }
  /* those of the pending samples, folded now */
  for (guint i = kept; i < n; i++)
    {
      lowest[i] = G_MAXUINT64;
      highest[i] = 0;
      tide_sample_table_fold_heap_extremes (self, (first + i) * HEAP_RUN, HEAP_RUN, &lowest[i], &highest[i]);
    }
}

void
tide_sample_table_copy (const TideSampleTable *self,
                        guint                  first,
                        guint                  n,
                        TideTimelineSample    *samples)
{
  guint all[N_COLUMNS];

  g_return_if_fail (first <= tide_sample_table_get_len (self));
  g_return_if_fail (n <= tide_sample_table_get_len (self) - first);

  for (guint c = 0; c < N_COLUMNS; c++)
    all[c] = c;

  for (guint done = 0; done < n; done += TIDE_SAMPLE_BLOCK)
    {
      guint count = MIN (TIDE_SAMPLE_BLOCK, n - done);
      guint64 columns[N_COLUMNS][TIDE_SAMPLE_BLOCK];
      guint64 *out[N_COLUMNS];

      for (guint c = 0; c < N_COLUMNS; c++)
        out[c] = columns[c];
      unpack_columns (self, first + done, count, all, N_COLUMNS, out);
      for (guint i = 0; i < count; i++)
        {
          guint64 values[N_COLUMNS];

          for (guint c = 0; c < N_COLUMNS; c++)
            values[c] = columns[c][i];
          sample_from_columns (values, &samples[done + i]);
        }
    }
}

gsize
tide_sample_table_get_size (const TideSampleTable *self)
{
  return sizeof *self
         + self->blocks.len + self->words.len + self->heap_runs.len;
}
