/* tide-bit-pack-private.h: fitting a run of integers to a line, packing the offsets
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the sample table (eleven columns a block) and the packed runs (one
 * run each) share: a run of values is measured around a line (flat, or
 * with a slope), and each value's offset from it kept in as few bits as
 * the run needs, its trailing zeros dropped, little-endian, read back with
 * one unaligned 8-byte load. Inline, for the loops of both; whole runs
 * of 64 offsets are packed by code unrolled for each width
 * (tide-bit-pack.c).
 */
#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* The widest offsets read with one unaligned 8-byte load at any bit:
 * wider ones take whole words. */
#define TIDE_MAX_PACKED_BITS 56

/* The spread of a run's values around a line: their lowest and highest
 * offsets from it, taken from the first value's and signed, so that
 * values on both sides of 2^64 are as close as they look; and the bits in
 * which any differs from the first's (the trailing zeros they all share
 * are dropped). Starts at { 0, 0, 0 }, the first value's own. */
typedef struct
{
  gint64  lo, hi;
  guint64 bits;
} TideFit;

/* Takes @r, a value less the line at its place, into @fit. */
static inline void
tide_fit_take (TideFit *fit,
               guint64  r,
               guint64  first)
{
  gint64 d = (gint64) (r - first);

  fit->lo = MIN (fit->lo, d);
  fit->hi = MAX (fit->hi, d);
  fit->bits |= (guint64) d;
}

static inline void
tide_fit_merge (TideFit       *fit,
                const TideFit *other)
{
  fit->lo = MIN (fit->lo, other->lo);
  fit->hi = MAX (fit->hi, other->hi);
  fit->bits |= other->bits;
}

/* The spread of values[0], values[stride], ... (@n of them) around a
 * flat line and around the line of @slope from values[0], in one pass:
 * four chains of dependent instructions side by side, and each value
 * loaded once (ht_pystamped's 1.39 million samples packed in 360M
 * instructions rather than 407M). */
static inline void
tide_fit_flat_and_sloped (const guint64 *values,
                          guint          n,
                          gsize          stride,
                          gint64         slope,
                          TideFit       *flat,
                          TideFit       *sloped)
{
  guint64 first = values[0], step = (guint64) slope, line = 0;

  *flat = *sloped = (TideFit) { 0, 0, 0 };
  for (guint i = 1; i < n; i++)
    {
      guint64 v = values[i * stride];

      line += step;
      tide_fit_take (flat, v, first);
      tide_fit_take (sloped, v - line, first);
    }
}

/* The bits an offset takes (0 to TIDE_MAX_PACKED_BITS, or 64), into
 * @base the line's start that makes every offset positive, into @shift
 * the zeros dropped. The span is exact as an unsigned difference, even
 * past 2^63. */
static inline guint8
tide_fit_width (const TideFit *fit,
                guint64        first,
                guint64       *base,
                guint8        *shift)
{
  guint bits;

  *base = first + (guint64) fit->lo;
  *shift = fit->bits == 0 ? 0 : __builtin_ctzll (fit->bits);
  if (fit->bits == 0)
    return 0;
  bits = 64 - __builtin_clzll (((guint64) fit->hi - (guint64) fit->lo) >> *shift);
  return bits <= TIDE_MAX_PACKED_BITS ? bits : 64;
}

/* Whether values[0], values[stride], ... (@n of them) all lie on the
 * line from values[0] of @slope (0: flat). The first 16 are tried on
 * their own: most runs that are not on a line leave there, and neither
 * loop has an early exit, so that the compiler may make vector code. */
static inline gboolean
tide_fit_on_line (const guint64 *values,
                  guint          n,
                  gsize          stride,
                  gint64         slope)
{
  guint64 step = (guint64) slope, line = values[0], off = 0;
  guint head = MIN (n, 16);

  for (guint i = 0; i < head; i++, line += step)
    off |= values[i * stride] - line;
  if (off != 0)
    return FALSE;
  /* unrolled: the loop's own counting was half of its instructions */
#pragma GCC unroll 8
  for (guint i = head; i < n; i++, line += step)
    off |= values[i * stride] - line;
  return off == 0;
}

/* The spread of values[0], values[stride], ... (@n of them, at least one)
 * around a flat line alone: two values a step, each into its own TideFit,
 * as the minimum and maximum are chains of dependent instructions. */
static inline void
tide_fit_flat (const guint64 *values,
               guint          n,
               gsize          stride,
               TideFit       *flat)
{
  TideFit odd = { 0, 0, 0 };
  guint64 first = values[0];
  guint i;

  *flat = odd;
  for (i = 0; i + 1 < n; i += 2)
    {
      tide_fit_take (flat, values[i * stride], first);
      tide_fit_take (&odd, values[(i + 1) * stride], first);
    }
  if (i < n)
    tide_fit_take (flat, values[i * stride], first);
  tide_fit_merge (flat, &odd);
}

/* Of the fits of a run around a flat line and around the line of @slope
 * from its first value @first (@slope 0: flat only), the one whose
 * offsets take fewer bits: its bits (see tide_fit_width()), the line's
 * start in @base, the zeros dropped in @shift, and in @along whether
 * it is @slope's. */
static inline guint8
tide_fit_pick (const TideFit *flat,
               const TideFit *sloped,
               guint64        first,
               gint64         slope,
               guint64       *base,
               guint8        *shift,
               gboolean      *along)
{
  guint64 sloped_base;
  guint8 bits, sloped_shift, sloped_bits;

  *along = FALSE;
  bits = tide_fit_width (flat, first, base, shift);
  if (slope == 0)
    return bits;
  sloped_bits = tide_fit_width (sloped, first, &sloped_base, &sloped_shift);
  if (sloped_bits < bits)
    {
      *base = sloped_base;
      *shift = sloped_shift;
      *along = TRUE;
      bits = sloped_bits;
    }
  return bits;
}

/* The line that packs values[0], values[stride], ... (@n of them, at
 * least one) in the fewest bits: flat, or along @slope from values[0]
 * when that takes fewer (@slope 0: flat only), as tide_fit_pick() picks.
 * A run on either line exactly is found first, without the fits: the
 * times and event indices of a long recording, its constant columns,
 * most of the timeline stack's bands. */
static inline guint8
tide_fit_choose (const guint64 *values,
                 guint          n,
                 gsize          stride,
                 gint64         slope,
                 guint64       *base,
                 guint8        *shift,
                 gboolean      *along)
{
  TideFit flat, sloped;

  *base = values[0];
  *shift = 0;
  *along = FALSE;
  if (slope != 0 && tide_fit_on_line (values, n, stride, slope))
    {
      *along = TRUE;
      return 0;
    }
  if (tide_fit_on_line (values, n, stride, 0))
    return 0;
  if (slope == 0)
    {
      tide_fit_flat (values, n, stride, &flat);
      return tide_fit_width (&flat, values[0], base, shift);
    }
  tide_fit_flat_and_sloped (values, n, stride, slope, &flat, &sloped);
  return tide_fit_pick (&flat, &sloped, values[0], slope, base, shift, along);
}

/* tide_bit_pack() for @n a multiple of 64, in code made for each @width
 * up to 32; FALSE, having written nothing, for wider ones. */
gboolean tide_bit_pack_groups (const guint64 *values,
                               guint          n,
                               gsize          stride,
                               guint64        base,
                               guint64        step,
                               guint          shift,
                               guint          width,
                               guint64       *out);

/* Writes the offsets of values[0], values[stride], ... (@n of them) from
 * the line (@base, @step), shifted right by @shift, in @width bits each
 * (1 to TIDE_MAX_PACKED_BITS, or 64), from @out on: (n * width + 63) / 64
 * words, the last one's unused bits 0. */
static inline void
tide_bit_pack (const guint64 *values,
               guint          n,
               gsize          stride,
               guint64        base,
               guint64        step,
               guint          shift,
               guint          width,
               guint64       *out)
{
  guint64 word = 0;
  guint fill = 0;
  guint whole = n & ~63u, i = 0;

  if (width == 64)
    {
      for (i = 0; i < n; i++)
        out[i] = GUINT64_TO_LE ((values[i * stride] - step * i - base) >> shift);
      return;
    }
  /* the runs of 64, then those left, from a word's start */
  if (whole > 0 && tide_bit_pack_groups (values, whole, stride, base, step, shift, width, out))
    {
      out += (gsize) whole / 64 * width;
      i = whole;
    }
  for (; i < n; i++)
    {
      guint64 x = (values[i * stride] - step * i - base) >> shift;

      word |= x << fill;
      fill += width;
      if (fill >= 64)
        {
          *out++ = GUINT64_TO_LE (word);
          fill -= 64;
          /* the bits of x that did not fit */
          word = fill == 0 ? 0 : x >> (width - fill);
        }
    }
  if (fill > 0)
    *out = GUINT64_TO_LE (word);
}

/* Offset @i of those tide_bit_pack() wrote from @words in @width bits
 * (1 to TIDE_MAX_PACKED_BITS): eight bytes from its first, in which it
 * ends; the word after the last offset's must be readable. */
static inline guint64
tide_bit_unpack (const guint64 *words,
                 gsize          i,
                 guint          width)
{
  gsize at = i * width;
  guint64 word;

  memcpy (&word, (const guint8 *) words + (at >> 3), sizeof word);
  return (GUINT64_FROM_LE (word) >> (at & 7)) & (((guint64) 1 << width) - 1);
}

G_END_DECLS
