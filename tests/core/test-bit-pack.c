/* test-bit-pack.c: offsets packed bit by bit as a plain loop would
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/tide-bit-pack-private.h"

/* Bit i * width + b of the packing is bit b of offset i, little-endian:
 * one bit at a time, the layout readers rely on. */
static void
reference_pack (const guint64 *offsets,
                guint          n,
                guint          width,
                guint64       *out)
{
  for (guint i = 0; i < n; i++)
    for (guint b = 0; b < width; b++)
      {
        gsize bit = (gsize) i * width + b;

        if (offsets[i] >> b & 1)
          out[bit / 64] |= (guint64) 1 << (bit % 64);
      }
}

/* Every width, runs of whole groups of 64 (the unrolled code for widths
 * up to 32), runs with some left over, and shorter ones; a stride, a
 * line with a slope that wraps, and a shift: the words are the plain
 * loop's, bit for bit, and each offset reads back. */
static void
test_every_width_and_length (void)
{
  static const guint lengths[] = { 1, 7, 63, 64, 65, 130, 256, 320 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (21);
  const gsize stride = 3;

  for (guint width = 1; width <= TIDE_MAX_PACKED_BITS; width++)
    for (guint k = 0; k < G_N_ELEMENTS (lengths); k++)
      {
        guint n = lengths[k], shift = width % 5;
        guint64 base = G_MAXUINT64 - 1000, step = (guint64) -(gint64) (width * 977);
        guint64 mask = ((guint64) 1 << width) - 1;
        gsize n_words = ((gsize) n * width + 63) / 64;
        g_autofree guint64 *offsets = g_new (guint64, n);
        g_autofree guint64 *values = g_new0 (guint64, n * stride);
        g_autofree guint64 *got = g_new0 (guint64, n_words + 1);
        g_autofree guint64 *want = g_new0 (guint64, n_words + 1);

        for (guint i = 0; i < n; i++)
          {
            offsets[i] = ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand)) & mask;
            /* the largest, somewhere */
            if (i == n / 2)
              offsets[i] = mask;
            values[i * stride] = base + step * i + (offsets[i] << shift);
          }
        /* stale bits where the packing goes: it must write, not OR */
        memset (got, 0xa5, n_words * sizeof *got);
        tide_bit_pack (values, n, stride, base, step, shift, width, got);
        reference_pack (offsets, n, width, want);
        g_assert_cmpmem (got, n_words * sizeof *got, want, n_words * sizeof *want);
        for (guint i = 0; i < n; i++)
          g_assert_cmpuint (tide_bit_unpack (got, i, width), ==, offsets[i]);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/bit-pack/every-width-and-length", test_every_width_and_length);

  return g_test_run ();
}
