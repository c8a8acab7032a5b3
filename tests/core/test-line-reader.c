/* test-line-reader.c: runs of whole lines, straight out of the source's chunks
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <zstd.h>

#include "core/tide-line-reader.h"

/* Lines of every length from 0 to 300 bytes, one of 600 KiB (longer
 * than a decoded chunk: it crosses two chunk ends), more short ones, and
 * a last line with or without its '\n'. */
static GBytes *
make_text (gboolean final_newline)
{
  GString *s = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (9);

  for (guint i = 0; i < 4000; i++)
    {
      guint n = g_rand_int_range (rand, 0, 301);

      for (guint k = 0; k < n; k++)
        g_string_append_c (s, 'a' + (i + k) % 26);
      g_string_append_c (s, '\n');
    }
  for (guint k = 0; k < 600 * 1024; k++)
    g_string_append_c (s, '0' + k % 10);
  g_string_append_c (s, '\n');
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (s, "+ %x\n", i);
  g_string_append (s, "# the end");
  if (final_newline)
    g_string_append_c (s, '\n');
  g_rand_free (rand);
  return g_string_free_to_bytes (s);
}

static GBytes *
compress (GBytes *plain)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (plain, &len);
  gsize bound = ZSTD_compressBound (len);
  guint8 *out = g_malloc (bound);
  gsize n = ZSTD_compress (out, bound, data, len, 3);

  g_assert_false (ZSTD_isError (n));
  return g_bytes_new_take (out, n);
}

/* Reads every run of @source and checks it against @text. */
static void
check_runs (TideByteSource *source,
            GBytes         *text)
{
  gsize text_len;
  const char *expected = g_bytes_get_data (text, &text_len);
  gboolean final_newline = expected[text_len - 1] == '\n';
  g_autoptr(GError) error = NULL;
  TideLineReader lines;
  const guint8 *head;
  gsize head_len;
  const char *run;
  gsize run_len;
  guint64 run_offset;
  guint64 at = 0;
  guint n_runs = 0;

  /* as the loader does: sniff first, so the first bytes come from the head */
  g_assert_true (tide_byte_source_peek (source, &head, &head_len, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (head_len, >, 0);

  tide_line_reader_init (&lines, source);
  while (tide_line_reader_next_run (&lines, &run, &run_len, &run_offset, NULL, &error))
    {
      g_assert_cmpuint (run_offset, ==, at);
      g_assert_cmpuint (run_len, >, 0);
      g_assert_cmpuint (at + run_len, <=, text_len);
      g_assert_true (memcmp (run, expected + at, run_len) == 0);
      at += run_len;
      if (run[run_len - 1] != '\n')
        {
          /* only the last line may lack its '\n', and a 0 follows it */
          g_assert_false (final_newline);
          g_assert_cmpuint (at, ==, text_len);
          g_assert_cmpint (run[run_len], ==, '\0');
        }
      n_runs++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (at, ==, text_len);
  g_assert_true (lines.eof);
  /* whole chunks go out as runs: a few per 256 KiB, not one per line */
  g_assert_cmpuint (n_runs, <, 40);
  tide_line_reader_clear (&lines);
}

static void
test_plain (void)
{
  for (int final_newline = 0; final_newline <= 1; final_newline++)
    {
      g_autoptr(GBytes) text = make_text (final_newline);
      g_autoptr(TideByteSource) source = tide_byte_source_new_for_bytes (text);

      check_runs (source, text);
    }
}

static void
test_zstd (void)
{
  for (int final_newline = 0; final_newline <= 1; final_newline++)
    {
      g_autoptr(GBytes) text = make_text (final_newline);
      g_autoptr(GBytes) packed = compress (text);
      g_autoptr(TideByteSource) source = tide_byte_source_new_for_bytes (packed);

      g_assert_cmpint (tide_byte_source_get_compression (source), ==, TIDE_COMPRESSION_ZSTD);
      check_runs (source, text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/line-reader/plain", test_plain);
  g_test_add_func ("/core/line-reader/zstd", test_zstd);
  return g_test_run ();
}
