/* test-zstd-ring.c: zstd decoded block by block into the byte source's ring
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ring holds a frame's window and the chunks the reader has not given
 * back; zstd reads earlier bytes where it wrote them, across the ring's
 * wrap. These files make it do so: text that repeats itself from far back
 * (long-distance matching finds those copies), frames of different
 * windows one after another, frames zstd never sees (skippable, empty).
 */
#include "config.h"

#include <string.h>
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include "core/tide-byte-source.h"
#include "core/tide-trace-error.h"

/* @len bytes of lines of random hex, every fourth line run a copy of 16 KiB
 * from up to @reach bytes back (none with @reach 0), half of them from the
 * last quarter MiB of a reach of 1 MiB or more, so a decoder that lost the
 * far end of its window, or wrote over it, gives other bytes. */
static GByteArray *
make_text (gsize   len,
           gsize   reach,
           guint32 seed)
{
  GByteArray *text = g_byte_array_sized_new (len);
  GRand *rand = g_rand_new_with_seed (seed);

  while (text->len < len)
    {
      if (reach > 0 && text->len > reach && g_rand_int_range (rand, 0, 4) == 0)
        {
          gsize near = reach >= 1 << 20 && g_rand_boolean (rand) ? reach - (256 << 10) : reach / 2;
          gsize from = text->len - g_rand_int_range (rand, near, reach - (16 << 10));
          gsize n = MIN (16 << 10, len - text->len);

          /* appended in pieces: the array may move as it grows */
          for (gsize i = 0; i < n; i += 256)
            {
              guint8 piece[256];
              gsize k = MIN (256, n - i);

              memcpy (piece, text->data + from + i, k);
              g_byte_array_append (text, piece, k);
            }
        }
      else
        {
          char line[64];
          int n = g_snprintf (line, sizeof line, "+ %x %x\n", g_rand_int (rand), g_rand_int (rand));

          g_byte_array_append (text, (const guint8 *) line, MIN ((gsize) n, len - text->len));
        }
    }
  g_rand_free (rand);
  return text;
}

/* @text as one zstd frame of a window of 2^@window_log bytes, with a
 * checksum; with @sized, the header says the frame's size. */
static void
append_frame (GByteArray *out,
              GByteArray *text,
              int         window_log,
              gboolean    sized)
{
  ZSTD_CCtx *cctx = ZSTD_createCCtx ();
  gsize bound = ZSTD_compressBound (text->len) + 64;
  guint8 *buf = g_malloc (bound);
  ZSTD_inBuffer in = { text->data, text->len, 0 };
  ZSTD_outBuffer dst = { buf, bound, 0 };
  size_t left;

  ZSTD_CCtx_setParameter (cctx, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter (cctx, ZSTD_c_windowLog, window_log);
  ZSTD_CCtx_setParameter (cctx, ZSTD_c_enableLongDistanceMatching, 1);
  ZSTD_CCtx_setParameter (cctx, ZSTD_c_checksumFlag, 1);
  if (sized)
    ZSTD_CCtx_setPledgedSrcSize (cctx, text->len);
  /* unsized: continued first, as a stream whose size is not known */
  if (!sized)
    g_assert_false (ZSTD_isError (ZSTD_compressStream2 (cctx, &dst, &in, ZSTD_e_continue)));
  left = ZSTD_compressStream2 (cctx, &dst, &in, ZSTD_e_end);
  g_assert_cmpuint (left, ==, 0);
  g_byte_array_append (out, buf, dst.pos);
  g_free (buf);
  ZSTD_freeCCtx (cctx);
}

static void
append_skippable (GByteArray *out,
                  guint32     size)
{
  guint8 header[8] = { 0x5a, 0x2a, 0x4d, 0x18, size, size >> 8, size >> 16, size >> 24 };

  g_byte_array_append (out, header, sizeof header);
  for (guint32 i = 0; i < size; i++)
    g_byte_array_append (out, (const guint8 *) "\x28", 1);
}

/* Reads all of @packed in pieces of @piece bytes, pausing @pause_us after
 * each: a slow reader, so that the decoder runs ahead and the reader holds
 * every chunk it can. */
static GByteArray *
read_all (GByteArray *packed,
          gsize       piece,
          gulong      pause_us,
          GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (packed->data, packed->len);
  g_autoptr(TideByteSource) source = tide_byte_source_new_for_bytes (bytes);
  GByteArray *out = g_byte_array_new ();
  g_autofree guint8 *buf = g_malloc (piece);
  const guint8 *head;
  gsize head_len;
  gssize n;

  g_assert_cmpint (tide_byte_source_get_compression (source), ==, TIDE_COMPRESSION_ZSTD);
  /* as the loader does: the format is sniffed first */
  if (!tide_byte_source_peek (source, &head, &head_len, NULL, error))
    return out;
  while ((n = tide_byte_source_read (source, buf, piece, NULL, error)) > 0)
    {
      g_byte_array_append (out, buf, n);
      if (pause_us > 0)
        g_usleep (pause_us);
    }
  return out;
}

static void
assert_same (GByteArray *got,
             GByteArray *want)
{
  g_assert_cmpuint (got->len, ==, want->len);
  /* not g_assert_cmpmem: it would print megabytes */
  g_assert_true (memcmp (got->data, want->data, want->len) == 0);
}

/* A 2 MiB window, as heaptrack's own files have, over 9 MiB: the ring
 * wraps three times, and copies from up to 2 MiB back cross its wraps. */
static void
test_wraps (void)
{
  g_autoptr(GByteArray) text = make_text (9 << 20, 2 << 20, 1);
  g_autoptr(GByteArray) packed = g_byte_array_new ();

  append_frame (packed, text, 21, FALSE);
  /* zstd found the far copies: far smaller than the random lines alone */
  g_assert_cmpuint (packed->len, <, text->len / 3);
  for (gsize piece = 1000; piece <= 1 << 20; piece *= 1000)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) got = read_all (packed, piece, 0, &error);

      g_assert_no_error (error);
      assert_same (got, text);
    }
}

/* Windows of 128 KiB: the ring is sized by the chunks the reader may hold,
 * not the window. Frames of 300,000 bytes end in short blocks, so chunks
 * are of all sizes, full ones too, and leave the ring's tail unused before
 * a wrap. A slow reader holds all it may. */
static void
test_held_chunks (void)
{
  g_autoptr(GByteArray) text = make_text (4 << 20, 64 << 10, 5);
  g_autoptr(GByteArray) packed = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) got = NULL;

  for (gsize at = 0; at < text->len; at += 300000)
    {
      g_autoptr(GByteArray) frame = g_byte_array_new ();

      g_byte_array_append (frame, text->data + at, MIN (300000, text->len - at));
      append_frame (packed, frame, 17, FALSE);
    }
  got = read_all (packed, 16 << 10, 300, &error);
  g_assert_no_error (error);
  assert_same (got, text);
}

/* Frames one after another: a small window, a skippable frame, an empty
 * frame, then an 8 MiB window (the ring grows while the reader holds
 * chunks of the first), then a small one again. */
static void
test_frames (void)
{
  g_autoptr(GByteArray) small = make_text (3 << 20, 1 << 20, 2);
  g_autoptr(GByteArray) large = make_text (12 << 20, 8 << 20, 3);
  g_autoptr(GByteArray) none = g_byte_array_new ();
  g_autoptr(GByteArray) packed = g_byte_array_new ();
  g_autoptr(GByteArray) want = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) got = NULL;

  append_frame (packed, small, 20, TRUE);
  append_skippable (packed, 100000);
  append_frame (packed, none, 10, TRUE);
  append_frame (packed, large, 23, FALSE);
  append_frame (packed, small, 20, FALSE);
  g_byte_array_append (want, small->data, small->len);
  g_byte_array_append (want, large->data, large->len);
  g_byte_array_append (want, small->data, small->len);

  got = read_all (packed, 4096, 0, &error);
  g_assert_no_error (error);
  assert_same (got, want);
}

/* A window larger than zstd's streaming decoder takes by default (128 MiB)
 * is refused before any memory is taken for it; a frame cut inside its
 * header or a skippable frame cut short are truncated files. */
static void
test_refused (void)
{
  g_autoptr(GByteArray) text = make_text (64 << 10, 0, 4);
  g_autoptr(GByteArray) huge = g_byte_array_new ();
  g_autoptr(GByteArray) cut = g_byte_array_new ();
  g_autoptr(GByteArray) skip_cut = g_byte_array_new ();
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) got = NULL;

  append_frame (huge, text, 28, FALSE);
  got = read_all (huge, 4096, 0, &error);
  g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "too much memory"));
  g_clear_error (&error);
  g_clear_pointer (&got, g_byte_array_unref);

  append_frame (cut, text, 20, TRUE);
  g_byte_array_append (cut, huge->data, 5);
  got = read_all (cut, 4096, 0, &error);
  g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED);
  /* where the file ends */
  expected = g_strdup_printf ("zstd data ends unexpectedly at byte %u ", cut->len);
  g_assert_nonnull (strstr (error->message, expected));
  /* every byte of the whole first frame came before */
  g_assert_cmpuint (got->len, ==, text->len);
  g_clear_error (&error);
  g_clear_pointer (&got, g_byte_array_unref);

  append_frame (skip_cut, text, 20, TRUE);
  append_skippable (skip_cut, 100);
  g_byte_array_set_size (skip_cut, skip_cut->len - 1);
  got = read_all (skip_cut, 4096, 0, &error);
  g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED);
  g_assert_cmpuint (got->len, ==, text->len);
  g_clear_error (&error);
  g_clear_pointer (&got, g_byte_array_unref);

  /* cut inside a block, a quarter of the way into the frame */
  g_byte_array_set_size (cut, cut->len / 4);
  got = read_all (cut, 4096, 0, &error);
  g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED);
  g_free (expected);
  expected = g_strdup_printf ("zstd data ends unexpectedly at byte %u ", cut->len);
  g_assert_nonnull (strstr (error->message, expected));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/zstd-ring/wraps", test_wraps);
  g_test_add_func ("/core/zstd-ring/held-chunks", test_held_chunks);
  g_test_add_func ("/core/zstd-ring/frames", test_frames);
  g_test_add_func ("/core/zstd-ring/refused", test_refused);
  return g_test_run ();
}
