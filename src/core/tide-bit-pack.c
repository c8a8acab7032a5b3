/* tide-bit-pack.c: offsets packed 64 at a time, in code unrolled for each width
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-bit-pack-private.h"

/* 64 offsets of @width bits make @width whole words. Unrolled with the
 * width a constant, where each offset's bits go is known when compiling:
 * no test of the word filling up, and shifts by constants. */
static inline __attribute__ ((always_inline)) void
pack_groups (const guint64 *values,
             guint          n,
             gsize          stride,
             guint64        base,
             guint64        step,
             guint          shift,
             const guint    width,
             guint64       *out)
{
  const guint64 *v = values;
  guint64 line = base;

  for (guint g = 0; g < n; g += 64)
    {
      guint64 word = 0;
      guint fill = 0;

      /* a pointer and the line stepped along: indices multiplied out
       * took a multiplication a value */
#pragma GCC unroll 64
      for (guint k = 0; k < 64; k++, v += stride, line += step)
        {
          guint64 x = (*v - line) >> shift;

          word |= x << fill;
          fill += width;
          if (fill >= 64)
            {
              *out++ = GUINT64_TO_LE (word);
              fill -= 64;
              word = fill == 0 ? 0 : x >> (width - fill);
            }
        }
    }
}

gboolean
tide_bit_pack_groups (const guint64 *values,
                      guint          n,
                      gsize          stride,
                      guint64        base,
                      guint64        step,
                      guint          shift,
                      guint          width,
                      guint64       *out)
{
  switch (width)
    {
#define WIDTH(w) \
    case w: \
      pack_groups (values, n, stride, base, step, shift, w, out); \
      return TRUE;
      WIDTH (1) WIDTH (2) WIDTH (3) WIDTH (4) WIDTH (5) WIDTH (6) WIDTH (7) WIDTH (8)
      WIDTH (9) WIDTH (10) WIDTH (11) WIDTH (12) WIDTH (13) WIDTH (14) WIDTH (15) WIDTH (16)
      WIDTH (17) WIDTH (18) WIDTH (19) WIDTH (20) WIDTH (21) WIDTH (22) WIDTH (23) WIDTH (24)
      WIDTH (25) WIDTH (26) WIDTH (27) WIDTH (28) WIDTH (29) WIDTH (30) WIDTH (31) WIDTH (32)
#undef WIDTH
    default:
      return FALSE;
    }
}
