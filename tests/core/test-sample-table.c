/* test-sample-table.c: packed samples read back as they went in
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/tide-bit-pack-private.h"
#include "core/tide-sample-table.h"
#include "tide-test-util.h"

/* A field: small steps mostly, now and then any 64-bit value (the widths
 * in between: test_every_width()). */
static guint64
random_field (GRand   *rand,
              guint64  previous)
{
  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0:
      return previous;
    case 1:
      return ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
    case 2:
      return G_MAXUINT64 - g_rand_int_range (rand, 0, 3);
    case 3:
      return previous + ((guint64) g_rand_int_range (rand, 0, 1000) << 12); /* pages */
    default:
      return previous + g_rand_int_range (rand, 0, 100);
    }
}

static void
random_sample (GRand              *rand,
               TideTimelineSample *s)
{
  guint64 *fields = (guint64 *) s;

  G_STATIC_ASSERT (sizeof *s == 11 * sizeof (guint64));
  for (guint f = 0; f < 11; f++)
    fields[f] = random_field (rand, fields[f]);
}

static guint64
field_of (const TideTimelineSample *s,
          TideSampleField           field)
{
  const guint64 *fields = (const guint64 *) s;

  return fields[field];
}

static void
assert_same (const TideTimelineSample *a,
             const TideTimelineSample *b)
{
  g_assert_cmpmem (a, sizeof *a, b, sizeof *b);
}

/* The heap's extremes over every whole run of the table, those packed and
 * those still pending alike, are each run's samples' own. */
static void
assert_heap_runs (const TideSampleTable    *table,
                  const TideTimelineSample *want,
                  guint                     n)
{
  const guint run = 1u << TIDE_SAMPLE_HEAP_RUN_BITS;
  guint n_runs = n / run;
  g_autofree guint64 *lowest = g_new (guint64, MAX (n_runs, 1));
  g_autofree guint64 *highest = g_new (guint64, MAX (n_runs, 1));

  tide_sample_table_get_heap_runs (table, 0, n_runs, lowest, highest);
  for (guint r = 0; r < n_runs; r++)
    {
      guint64 want_lowest = G_MAXUINT64, want_highest = 0;
      guint64 one_lowest, one_highest;

      for (guint i = r * run; i < (r + 1) * run; i++)
        {
          want_lowest = MIN (want_lowest, MIN (want[i].heap_min_bytes, want[i].heap_bytes));
          want_highest = MAX (want_highest, MAX (want[i].heap_max_bytes, want[i].heap_bytes));
        }
      g_assert_cmpuint (lowest[r], ==, want_lowest);
      g_assert_cmpuint (highest[r], ==, want_highest);
      /* and asked for alone */
      tide_sample_table_get_heap_runs (table, r, 1, &one_lowest, &one_highest);
      g_assert_cmpuint (one_lowest, ==, want_lowest);
      g_assert_cmpuint (one_highest, ==, want_highest);
    }
}

/* Every sample, every field alone, and every range of a few lengths come
 * back exactly, the heap's extremes too when they lie on the wrong side of
 * the heap (as a hostile file may have them). */
static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint n = 0; n < 300; n += g_rand_int_range (rand, 1, 40))
    {
      g_autoptr(TideSampleTable) table = tide_sample_table_new ();
      g_autofree TideTimelineSample *want = g_new0 (TideTimelineSample, MAX (n, 1));
      g_autofree TideTimelineSample *got = g_new0 (TideTimelineSample, MAX (n, 1));
      g_autofree guint64 *values = g_new0 (guint64, MAX (n, 1));
      TideTimelineSample s = { 0 };

      for (guint i = 0; i < n; i++)
        {
          random_sample (rand, &s);
          want[i] = s;
          tide_sample_table_append (table, &s);
          assert_same (tide_sample_table_peek_last (table), &want[i]);
        }
      g_assert_cmpuint (tide_sample_table_get_len (table), ==, n);
      for (guint i = 0; i < n; i++)
        {
          TideTimelineSample one;

          tide_sample_table_get (table, i, &one);
          assert_same (&one, &want[i]);
          for (TideSampleField f = 0; f < TIDE_SAMPLE_N_FIELDS; f++)
            g_assert_cmpuint (tide_sample_table_get_field (table, f, i), ==, field_of (&want[i], f));
        }
      for (guint trial = 0; trial < 50 && n > 0; trial++)
        {
          guint first = g_rand_int_range (rand, 0, n);
          guint count = g_rand_int_range (rand, 0, n - first + 1);

          TideSampleField f = g_rand_int_range (rand, 0, TIDE_SAMPLE_N_FIELDS);

          memset (got, 0xaa, n * sizeof *got);
          tide_sample_table_copy (table, first, count, got);
          g_assert_cmpmem (got, count * sizeof *got, &want[first], count * sizeof *got);
          tide_sample_table_copy_field (table, f, first, count, values);
          for (guint i = 0; i < count; i++)
            g_assert_cmpuint (values[i], ==, field_of (&want[first + i], f));
          {
            /* folded into what the two hold: a bound already past every
             * sample's stays */
            guint64 lowest = trial % 2 ? G_MAXUINT64 : 7, highest = trial % 2 ? 0 : G_MAXUINT64 - 7;
            guint64 want_lowest = lowest, want_highest = highest;

            for (guint i = 0; i < count; i++)
              {
                const TideTimelineSample *w = &want[first + i];

                want_lowest = MIN (want_lowest, MIN (w->heap_min_bytes, w->heap_bytes));
                want_highest = MAX (want_highest, MAX (w->heap_max_bytes, w->heap_bytes));
              }
            tide_sample_table_fold_heap_extremes (table, first, count, &lowest, &highest);
            g_assert_cmpuint (lowest, ==, want_lowest);
            g_assert_cmpuint (highest, ==, want_highest);
          }
        }
      tide_sample_table_copy (table, 0, n, got);
      g_assert_cmpmem (got, n * sizeof *got, want, n * sizeof *got);
      assert_heap_runs (table, want, n);
    }
}

/* The last sample takes an RSS reading after it was appended, whether or
 * not a block was just packed before it; a cleared table starts over. */
static void
test_amend_last_and_clear (void)
{
  g_autoptr(TideSampleTable) table = tide_sample_table_new ();
  TideTimelineSample s = { 0 }, got;

  g_assert_null (tide_sample_table_peek_last (table));
  for (guint i = 0; i < 3 * TIDE_SAMPLE_BLOCK + 1; i++)
    {
      s.time_ms = 10 * i;
      s.heap_bytes = s.heap_max_bytes = s.heap_min_bytes = 1000 + i;
      tide_sample_table_append (table, &s);
      tide_sample_table_peek_last (table)->rss_bytes = 4096 * (i + 1);
      /* a peak since the sample before, learnt late: the runs see it */
      tide_sample_table_peek_last (table)->heap_max_bytes = 5000 + 2 * i;
    }
  for (guint r = 0; r < (3 * TIDE_SAMPLE_BLOCK + 1) >> TIDE_SAMPLE_HEAP_RUN_BITS; r++)
    {
      guint last = ((r + 1) << TIDE_SAMPLE_HEAP_RUN_BITS) - 1;
      guint64 lowest, highest;

      tide_sample_table_get_heap_runs (table, r, 1, &lowest, &highest);
      g_assert_cmpuint (lowest, ==, 1000 + (last + 1 - (1u << TIDE_SAMPLE_HEAP_RUN_BITS)));
      g_assert_cmpuint (highest, ==, 5000 + 2 * last);
    }
  for (guint i = 0; i < 3 * TIDE_SAMPLE_BLOCK + 1; i++)
    {
      tide_sample_table_get (table, i, &got);
      g_assert_cmpuint (got.rss_bytes, ==, 4096 * (i + 1));
      g_assert_cmpuint (got.time_ms, ==, 10 * i);
      g_assert_cmpuint (got.heap_bytes, ==, 1000 + i);
    }

  tide_sample_table_clear (table);
  g_assert_cmpuint (tide_sample_table_get_len (table), ==, 0);
  g_assert_null (tide_sample_table_peek_last (table));
  s.time_ms = 5;
  tide_sample_table_append (table, &s);
  tide_sample_table_get (table, 0, &got);
  g_assert_cmpuint (got.time_ms, ==, 5);
}

/* Runs along a trend, up or down, steep or through the wrap of 64 bits,
 * with or without noise, come back exact; one on its line exactly costs
 * nothing beyond the run's header. */
static void
test_trends (void)
{
  static const gint64 slopes[] = { 10, -7, 1, G_MAXINT32, G_MININT32, (gint64) G_MAXINT32 + 1, 4096 * 3 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  const guint n = 20 * TIDE_SAMPLE_BLOCK + 9;

  for (guint k = 0; k < G_N_ELEMENTS (slopes); k++)
    for (guint noise = 0; noise < 3; noise++)
      {
        g_autoptr(TideSampleTable) table = tide_sample_table_new ();
        g_autoptr(TideSampleTable) flat = tide_sample_table_new ();
        g_autofree TideTimelineSample *in = g_new0 (TideTimelineSample, n);
        TideTimelineSample constant = { 0 };
        TideTimelineSample out;

        for (guint i = 0; i < n; i++)
          {
            /* starting near the top, so that most lines wrap past 2^64 */
            guint64 on_line = G_MAXUINT64 - 5000 + (guint64) slopes[k] * i;
            guint64 wobble = noise == 0 ? 0 : noise == 1 ? (guint64) g_rand_int_range (rand, 0, 200) : g_rand_int (rand);

            in[i].time_ms = on_line;
            in[i].event_index = on_line + wobble;
            in[i].allocations = on_line - wobble;
            in[i].heap_bytes = on_line + (wobble << 12);
            in[i].heap_max_bytes = in[i].heap_bytes + wobble;
            in[i].heap_min_bytes = in[i].heap_bytes - wobble;
            tide_sample_table_append (table, &in[i]);
            tide_sample_table_append (flat, &constant);
          }
        for (guint i = 0; i < n; i++)
          {
            tide_sample_table_get (table, i, &out);
            assert_same (&out, &in[i]);
          }
        for (guint f = 0; f < TIDE_SAMPLE_N_FIELDS; f++)
          for (guint first = 0; first < n; first += 61)
            {
              guint64 values[100];
              guint count = MIN (100, n - first);

              tide_sample_table_copy_field (table, f, first, count, values);
              for (guint i = 0; i < count; i++)
                g_assert_cmpuint (values[i], ==, field_of (&in[first + i], f));
            }
        /* exactly on a line that fits 32 bits: the same size as a constant */
        if (noise == 0 && slopes[k] >= G_MININT32 && slopes[k] <= G_MAXINT32)
          g_assert_cmpuint (tide_sample_table_get_size (table), ==, tide_sample_table_get_size (flat));
      }
}

/* Columns of every width from 0 to 64 bits, after a shift or not, each
 * with its largest value at a run's last sample (whose read reaches past
 * the column), come back exact: each sample, and ranges starting
 * anywhere in a run and crossing into the next. */
static void
test_every_width (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  const guint n = 3 * TIDE_SAMPLE_BLOCK + 7;

  for (guint width = 0; width <= 64; width++)
    for (guint shift = 0; shift <= 12; shift += 12)
      {
        g_autoptr(TideSampleTable) table = tide_sample_table_new ();
        g_autofree TideTimelineSample *in = g_new0 (TideTimelineSample, n);
        guint64 mask = width == 64 ? G_MAXUINT64 : ((guint64) 1 << width) - 1;

        for (guint i = 0; i < n; i++)
          {
            guint64 r = ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand)) & mask;

            if (i % TIDE_SAMPLE_BLOCK == TIDE_SAMPLE_BLOCK - 1)
              r = mask;
            else if (i % TIDE_SAMPLE_BLOCK == 0)
              r = 0;
            /* wide ones wrap: still exact */
            in[i].heap_bytes = 12345 + (r << shift);
            in[i].live_allocations = G_MAXUINT64 - (r << shift);
            in[i].rss_bytes = r;
            in[i].heap_max_bytes = in[i].heap_bytes + (r & 0xfff);
            in[i].heap_min_bytes = in[i].heap_bytes - (r & 0xff);
            tide_sample_table_append (table, &in[i]);
          }
        for (guint i = 0; i < n; i++)
          {
            TideTimelineSample out;

            tide_sample_table_get (table, i, &out);
            assert_same (&out, &in[i]);
            g_assert_cmpuint (tide_sample_table_get_field (table, TIDE_SAMPLE_RSS, i), ==, in[i].rss_bytes);
          }
        for (guint first = 0; first < n; first += 37)
          {
            guint64 values[TIDE_SAMPLE_BLOCK + 50];
            guint count = MIN (G_N_ELEMENTS (values), n - first);

            tide_sample_table_copy_field (table, TIDE_SAMPLE_HEAP, first, count, values);
            for (guint i = 0; i < count; i++)
              g_assert_cmpuint (values[i], ==, in[first + i].heap_bytes);
            tide_sample_table_copy_field (table, TIDE_SAMPLE_LIVE_ALLOCATIONS, first, count, values);
            for (guint i = 0; i < count; i++)
              g_assert_cmpuint (values[i], ==, in[first + i].live_allocations);
          }
        /* the heap's extremes folded over ranges within a run, across
         * runs and into the samples not packed yet */
        for (guint first = 0; first < n; first += 29)
          for (guint count = 0; first + count <= n && count <= 2 * TIDE_SAMPLE_BLOCK; count += 1 + count / 2)
            {
              guint64 lowest = G_MAXUINT64, highest = 0, want_lowest = G_MAXUINT64, want_highest = 0;

              for (guint i = first; i < first + count; i++)
                {
                  want_lowest = MIN (want_lowest, MIN (in[i].heap_min_bytes, in[i].heap_bytes));
                  want_highest = MAX (want_highest, MAX (in[i].heap_max_bytes, in[i].heap_bytes));
                }
              tide_sample_table_fold_heap_extremes (table, first, count, &lowest, &highest);
              g_assert_cmpuint (lowest, ==, want_lowest);
              g_assert_cmpuint (highest, ==, want_highest);
            }
        assert_heap_runs (table, in, n);
      }
}

/* Columns on a line, flat or along a trend, but for one value anywhere
 * in the block, off by a little or by much: each comes back exact (a
 * column found on its line from a look at its first values alone would
 * lose that one). */
static void
test_nearly_on_line (void)
{
  static const guint at[] = { 0, 1, 15, 16, 17, 100, 200, 254, 255 };
  static const guint64 off[] = { 1, (guint64) 1 << 40, G_MAXUINT64 };

  for (guint a = 0; a < G_N_ELEMENTS (at); a++)
    for (guint o = 0; o < G_N_ELEMENTS (off); o++)
      {
        g_autoptr(TideSampleTable) table = tide_sample_table_new ();
        TideTimelineSample in[TIDE_SAMPLE_BLOCK + 1] = { 0 };

        for (guint i = 0; i <= TIDE_SAMPLE_BLOCK; i++)
          {
            in[i].time_ms = 1000 + 10 * i;
            in[i].event_index = 7 * i;
            in[i].heap_bytes = in[i].heap_max_bytes = in[i].heap_min_bytes = 4096;
            in[i].rss_bytes = 1 << 20;
            if (i == at[a])
              {
                in[i].time_ms += off[o];
                in[i].event_index -= off[o];
                in[i].heap_max_bytes += off[o];
                in[i].rss_bytes += off[o];
                in[i].extra_bytes = off[o];
              }
            tide_sample_table_append (table, &in[i]);
          }
        for (guint i = 0; i <= TIDE_SAMPLE_BLOCK; i++)
          {
            TideTimelineSample got;

            tide_sample_table_get (table, i, &got);
            assert_same (&got, &in[i]);
          }
      }
}

/* A long recording's samples as heaptrack's stamps make them (10 ms
 * apart, a few events each, RSS in pages, the heap wandering by some
 * kilobytes) take a fraction of their 88 bytes. */
static void
test_stamped_size (void)
{
  g_autoptr(TideSampleTable) table = tide_sample_table_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  TideTimelineSample s = { .heap_bytes = 50 << 20, .rss_bytes = 80 << 20 };
  const guint n = 100000;
  double per_sample;

  for (guint i = 0; i < n; i++)
    {
      guint events = g_rand_int_range (rand, 0, 20);

      s.time_ms += 10;
      s.event_index += events;
      s.allocations += events / 2;
      s.temporary += events / 8;
      s.live_allocations += g_rand_int_range (rand, 0, 5) - 2;
      s.heap_bytes += g_rand_int_range (rand, -4000, 4000);
      s.heap_max_bytes = s.heap_bytes + g_rand_int_range (rand, 0, 2000);
      s.heap_min_bytes = s.heap_bytes - g_rand_int_range (rand, 0, 2000);
      s.rss_bytes += (guint64) g_rand_int_range (rand, -2, 3) * 4096;
      tide_sample_table_append (table, &s);
    }
  per_sample = (double) tide_sample_table_get_size (table) / n;
  g_test_message ("%.1f bytes a sample", per_sample);
  /* 16.9 with each field as an offset from the run's lowest in whole
   * bytes, 13.7 with the counters along their trend, 10.0 in bits */
  g_assert_cmpfloat (per_sample, <, 11);
  g_assert_cmpfloat (per_sample, >, 8);
}

/* Tables past a huge page of packed words move to memory of their own
 * as they grow (tide-huge-buffer.h): every sample comes back through the
 * moves, after the room for more is let go, and after more come. */
static void
test_large_trimmed (void)
{
  g_autoptr(TideSampleTable) table = tide_sample_table_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  const guint n = 120000, more = 3000;
  g_autofree TideTimelineSample *want = g_new0 (TideTimelineSample, n + more);
  g_autofree TideTimelineSample *got = g_new0 (TideTimelineSample, n + more);
  TideTimelineSample s = { 0 };

  for (guint i = 0; i < n + more; i++)
    {
      random_sample (rand, &s);
      want[i] = s;
    }
  for (guint i = 0; i < n; i++)
    tide_sample_table_append (table, &want[i]);
  /* most of a random sample's fields take 64 bits: some 4 MB */
  g_assert_cmpuint (tide_sample_table_get_size (table), >, 3u << 20);
  tide_sample_table_copy (table, 0, n, got);
  g_assert_cmpmem (got, n * sizeof *got, want, n * sizeof *want);

  tide_sample_table_trim (table);
  memset (got, 0, n * sizeof *got);
  tide_sample_table_copy (table, 0, n, got);
  g_assert_cmpmem (got, n * sizeof *got, want, n * sizeof *want);
  assert_heap_runs (table, want, n);

  for (guint i = n; i < n + more; i++)
    tide_sample_table_append (table, &want[i]);
  g_assert_cmpuint (tide_sample_table_get_len (table), ==, n + more);
  tide_sample_table_copy (table, 0, n + more, got);
  g_assert_cmpmem (got, (n + more) * sizeof *got, want, (n + more) * sizeof *want);
  for (guint i = 0; i < n + more; i += 997)
    g_assert_cmpuint (tide_sample_table_get_field (table, TIDE_SAMPLE_HEAP_MIN, i), ==, want[i].heap_min_bytes);
  assert_heap_runs (table, want, n + more);
}

/* The bits a block's column takes, as the table's own choice for one
 * column alone would make it: around the flat line or the run's trend,
 * the heap's extremes as distances from it, with no trend. */
static guint
column_bits (const TideTimelineSample *block,
             TideSampleField           field)
{
  guint64 v[TIDE_SAMPLE_BLOCK], base;
  guint8 shift;
  gboolean along;
  gint64 slope;

  for (guint i = 0; i < TIDE_SAMPLE_BLOCK; i++)
    v[i] = field == TIDE_SAMPLE_HEAP_MAX ? block[i].heap_max_bytes - block[i].heap_bytes
           : field == TIDE_SAMPLE_HEAP_MIN ? block[i].heap_bytes - block[i].heap_min_bytes
           : field_of (&block[i], field);
  slope = (gint64) (v[TIDE_SAMPLE_BLOCK - 1] - v[0]) / (TIDE_SAMPLE_BLOCK - 1);
  if (field == TIDE_SAMPLE_HEAP_MAX || field == TIDE_SAMPLE_HEAP_MIN || slope < G_MININT32 || slope > G_MAXINT32)
    slope = 0;
  return tide_fit_choose (v, TIDE_SAMPLE_BLOCK, 1, slope, &base, &shift, &along);
}

/* The table fits all columns of a block in one pass where the processor
 * has the vectors for it: each column takes the bits it would take
 * alone. The table's size, less that of a table as long whose columns
 * take none, is the bits' words. Blocks of random fields, of heaptrack's
 * stamps (times on a line, counters that grow), of wide values that wrap. */
static void
test_widths_as_alone (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint kind = 0; kind < 3; kind++)
    {
      const guint n = 24 * TIDE_SAMPLE_BLOCK;
      g_autoptr(TideSampleTable) table = tide_sample_table_new ();
      g_autoptr(TideSampleTable) flat = tide_sample_table_new ();
      g_autofree TideTimelineSample *in = g_new0 (TideTimelineSample, n);
      TideTimelineSample s = { 0 }, zero = { 0 };
      gsize want_words = 0;

      for (guint i = 0; i < n; i++)
        {
          if (kind == 0)
            random_sample (rand, &s);
          else if (kind == 1)
            {
              guint events = g_rand_int_range (rand, 0, 20);
              guint frees = g_rand_int_range (rand, 0, events + 1);

              s.time_ms = 10 * (guint64) i + (i % 700 == 0 ? g_rand_int_range (rand, 0, 50) : 0);
              s.event_index += events;
              s.allocations += events - frees;
              s.temporary += g_rand_int_range (rand, 0, events - frees + 1);
              s.live_allocations += events - 2 * frees;
              s.heap_bytes += (guint64) g_rand_int_range (rand, -4000, 5000);
              s.heap_max_bytes = s.heap_bytes + g_rand_int_range (rand, 0, 3000);
              s.heap_min_bytes = s.heap_bytes - g_rand_int_range (rand, 0, 3000);
              s.rss_bytes = (guint64) (0x11e8 + i / 900) << 12;
            }
          else
            for (guint f = 0; f < TIDE_SAMPLE_N_FIELDS; f++)
              ((guint64 *) &s)[f] = G_MAXUINT64 - ((guint64) g_rand_int (rand) << g_rand_int_range (rand, 0, 40))
                                    + (guint64) f * i * 0x10000001;
          in[i] = s;
          tide_sample_table_append (table, &s);
          tide_sample_table_append (flat, &zero);
        }
      /* the last block stays pending until one more comes */
      tide_sample_table_append (table, &zero);
      tide_sample_table_append (flat, &zero);
      for (guint b = 0; b < n / TIDE_SAMPLE_BLOCK; b++)
        for (TideSampleField f = 0; f < TIDE_SAMPLE_N_FIELDS; f++)
          want_words += column_bits (&in[b * TIDE_SAMPLE_BLOCK], f) * (TIDE_SAMPLE_BLOCK / 64);
      g_assert_cmpuint (want_words, >, 0);
      g_assert_cmpuint (tide_sample_table_get_size (table) - tide_sample_table_get_size (flat), ==,
                        want_words * sizeof (guint64));
      for (guint i = 0; i < n; i += 7)
        {
          TideTimelineSample out;

          tide_sample_table_get (table, i, &out);
          assert_same (&out, &in[i]);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/sample-table/round-trip", test_round_trip);
  g_test_add_func ("/core/sample-table/amend-last-and-clear", test_amend_last_and_clear);
  g_test_add_func ("/core/sample-table/trends", test_trends);
  g_test_add_func ("/core/sample-table/every-width", test_every_width);
  g_test_add_func ("/core/sample-table/nearly-on-line", test_nearly_on_line);
  g_test_add_func ("/core/sample-table/stamped-size", test_stamped_size);
  g_test_add_func ("/core/sample-table/large-trimmed", test_large_trimmed);
  g_test_add_func ("/core/sample-table/widths-as-alone", test_widths_as_alone);

  return g_test_run ();
}
