/* test-packed-runs.c: runs of integers read back as they went in, in the
 * bits they need
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/tide-packed-runs.h"
#include "tide-test-util.h"

#define RUN TIDE_PACKED_RUN

static guint64
random_u64 (GRand *rand)
{
  return ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
}

/* Adds @n values, each @stride apart in @values, and checks each comes
 * back, and that the run took @words words of offsets. */
static void
check_run (TidePackedRuns *runs,
           const guint64  *values,
           guint           n,
           gsize           stride,
           gsize           words)
{
  gsize before;
  guint64 run;

  tide_packed_runs_trim (runs);
  before = tide_packed_runs_get_size (runs);
  run = tide_packed_runs_add (runs, values, n, stride);
  g_assert_cmpuint (run, ==, tide_packed_runs_get_n_runs (runs) - 1);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (tide_packed_runs_get (runs, run, i), ==, values[i * stride]);
  tide_packed_runs_trim (runs);
  /* a run's header, 24 bytes, and its words */
  g_assert_cmpuint (tide_packed_runs_get_size (runs) - before, ==, 24 + words * sizeof (guint64));
}

/* Offsets of every width from 1 to 64 bits, around flat lines and sloped
 * ones, in whole runs and short ones: every value comes back, and a run
 * takes the words its widest offset needs, a whole word per value past
 * 56 bits. The first and the last offsets are 0, so the line through the
 * run's ends is the one the values were made on; the one in the middle is
 * the widest. */
static void
test_every_width (void)
{
  const guint lengths[] = { 37, RUN - 1, RUN };
  g_autoptr(TidePackedRuns) runs = tide_packed_runs_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  guint64 values[RUN];

  for (guint width = 1; width <= 64; width++)
    for (guint sloped = 0; sloped <= 1; sloped++)
      for (guint k = 0; k < G_N_ELEMENTS (lengths); k++)
        {
          guint n = lengths[k];
          guint64 mask = width == 64 ? G_MAXUINT64 : ((guint64) 1 << width) - 1;
          /* clear of 2^64 both ways, but for 64-bit offsets */
          guint64 base = (1 << 20) + (width >= 62 ? 0 : random_u64 (rand) >> (width + 2));
          gint64 slope = sloped ? g_rand_int_range (rand, 1, 1001) * (g_rand_boolean (rand) ? 1 : -1) : 0;
          guint packed = width <= 56 ? width : 64;

          for (guint i = 0; i < n; i++)
            values[i] = base + (guint64) slope * i + (random_u64 (rand) & mask);
          values[0] = base;
          values[n - 1] = base + (guint64) slope * (n - 1);
          values[n / 2] = base + (guint64) slope * (n / 2) + mask;
          check_run (runs, values, n, 1, ((gsize) n * packed + 63) / 64);
        }
}

/* What needs no bits: a value repeated, a line, one value alone; a
 * common factor of a power of two is dropped; values that wrap around
 * 2^64 come back; a stride reads one column of many. */
static void
test_shapes (void)
{
  g_autoptr(TidePackedRuns) runs = tide_packed_runs_new ();
  guint64 values[RUN * 3];

  for (guint i = 0; i < RUN; i++)
    values[i] = 4096;
  check_run (runs, values, RUN, 1, 0);
  /* a heaptrack stamp every 10 ms */
  for (guint i = 0; i < RUN; i++)
    values[i] = 123450 + 10 * i;
  check_run (runs, values, RUN, 1, 0);
  /* going down */
  for (guint i = 0; i < RUN; i++)
    values[i] = (G_GUINT64_CONSTANT (1) << 40) - 7 * i;
  check_run (runs, values, RUN, 1, 0);
  check_run (runs, values + 5, 1, 1, 0);

  /* pages: multiples of 4096 under 2^20 * 4096, in 20 bits not 32 */
  for (guint i = 0; i < RUN; i++)
    values[i] = (guint64) ((i * 7919) % (1 << 20)) << 12;
  check_run (runs, values, RUN, 1, RUN * 20 / 64);

  /* around zero: 2^64 - 3 up to 2, a span of 5, in 3 bits */
  for (guint i = 0; i < RUN; i++)
    values[i] = (guint64) (i % 6) - 3;
  check_run (runs, values, RUN, 1, RUN * 3 / 64);

  /* a slope too steep for 32 bits: packed flat, 255 * 2^33 + 1 in 41 bits */
  for (guint i = 0; i < RUN; i++)
    values[i] = ((guint64) i << 33) + (i & 1);
  check_run (runs, values, RUN, 1, RUN * 41 / 64);

  /* the middle of three columns, one a value apart */
  for (guint i = 0; i < RUN * 3; i++)
    values[i] = i % 3 == 1 ? 1000 + (i / 3) % 4 : G_MAXUINT64;
  check_run (runs, values + 1, RUN, 3, RUN * 2 / 64);
}

/* Many runs, random in shape, each read back after all are added: the
 * runs keep their places as the arrays grow. */
static void
test_many_runs (void)
{
  g_autoptr(TidePackedRuns) runs = tide_packed_runs_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (guint));
  gsize at = 0;

  for (guint r = 0; r < 500; r++)
    {
      guint n = g_rand_int_range (rand, 1, RUN + 1);
      guint width = g_rand_int_range (rand, 0, 65);
      guint64 base = random_u64 (rand);

      for (guint i = 0; i < n; i++)
        {
          guint64 v = base + (width == 0 ? 0 : random_u64 (rand) >> (64 - width));

          g_array_append_val (all, v);
        }
      g_array_append_val (lengths, n);
      g_assert_cmpuint (tide_packed_runs_add (runs, &g_array_index (all, guint64, at), n, 1), ==, r);
      at += n;
    }
  tide_packed_runs_trim (runs);
  at = 0;
  for (guint r = 0; r < lengths->len; r++)
    {
      guint n = g_array_index (lengths, guint, r);

      for (guint i = 0; i < n; i++)
        g_assert_cmpuint (tide_packed_runs_get (runs, r, i), ==, g_array_index (all, guint64, at + i));
      at += n;
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/packed-runs/every-width", test_every_width);
  g_test_add_func ("/core/packed-runs/shapes", test_shapes);
  g_test_add_func ("/core/packed-runs/many-runs", test_many_runs);
  return g_test_run ();
}
