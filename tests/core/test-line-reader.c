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

/* A chunk function that makes each line's offset from the first line its
 * word, so check_runs() can tell the words belong to the run's lines. */
static gsize
line_offsets (const guint8 *data,
              gsize         len,
              gboolean      at_line_start,
              guint32      *out,
              gsize         capacity,
              gpointer      user_data)
{
  const guint8 *last_nl = memrchr (data, '\n', len);
  const guint8 *start, *p;
  gsize n = 0;

  if (last_nl == NULL)
    return 0;
  start = at_line_start ? data : (const guint8 *) memchr (data, '\n', len) + 1;
  for (p = start; p <= last_nl; p = (const guint8 *) memchr (p, '\n', last_nl + 1 - p) + 1)
    {
      if (n == capacity)
        return G_MAXSIZE;
      out[n++] = p - start;
    }
  return n;
}

/* Reads every run of @source and checks it against @text; with
 * @with_words, also the words line_offsets() made on the decoding thread,
 * and returns how many lines came with words. */
static guint64
check_runs_full (TideByteSource *source,
                 GBytes         *text,
                 gboolean        with_words)
{
  guint64 lines_with_words = 0;
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

  if (with_words)
    tide_byte_source_set_chunk_func (source, line_offsets, NULL);
  tide_line_reader_init (&lines, source);
  while (tide_line_reader_next_run (&lines, &run, &run_len, &run_offset, NULL, &error))
    {
      gsize n_words;
      const guint32 *words = tide_line_reader_get_words (&lines, &n_words);

      if (words != NULL)
        {
          /* one word per line of the run, no more, no fewer */
          const char *p = run;

          g_assert_true (with_words);
          for (gsize i = 0; i < n_words; i++)
            {
              g_assert_cmpuint (p - run, <, run_len);
              g_assert_cmpuint (words[i], ==, p - run);
              p = (const char *) memchr (p, '\n', run + run_len - p) + 1;
            }
          g_assert_true (p == run + run_len);
          lines_with_words += n_words;
        }
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
  return lines_with_words;
}

static void
check_runs (TideByteSource *source,
            GBytes         *text)
{
  check_runs_full (source, text, FALSE);
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

/* The decoding thread's words for each chunk line up with the runs the
 * reader hands out, whatever the chunk ends cut, for compressed and plain
 * sources alike (with TIDEMARK_CHUNK_WORDS=none, a plain source is read
 * on the caller's thread and has none); a chunk with more lines than words
 * fit gives none, and its lines are still all there. */
static void
test_chunk_words (void)
{
  for (int final_newline = 0; final_newline <= 1; final_newline++)
    {
      g_autoptr(GBytes) text = make_text (final_newline);
      g_autoptr(GBytes) packed = compress (text);
      g_autoptr(TideByteSource) source = tide_byte_source_new_for_bytes (packed);
      g_autoptr(TideByteSource) plain = tide_byte_source_new_for_bytes (text);
      g_autoptr(TideByteSource) wordless = tide_byte_source_new_for_bytes (text);
      guint64 n_lines = 0;
      guint64 with_words;

      for (gsize i = 0; i < g_bytes_get_size (text); i++)
        n_lines += ((const char *) g_bytes_get_data (text, NULL))[i] == '\n';
      with_words = check_runs_full (source, text, TRUE);
      /* all but the lines cut by a chunk's end or served from the head */
      g_assert_cmpuint (with_words, >, n_lines * 9 / 10);
      g_assert_cmpuint (with_words, <, n_lines);
      with_words = check_runs_full (plain, text, TRUE);
      g_assert_cmpuint (with_words, >, n_lines * 9 / 10);
      g_assert_cmpuint (with_words, <, n_lines);
      g_setenv ("TIDEMARK_CHUNK_WORDS", "none", TRUE);
      g_assert_cmpuint (check_runs_full (wordless, text, TRUE), ==, 0);
      g_unsetenv ("TIDEMARK_CHUNK_WORDS");
    }

  {
    GString *s = g_string_new ("first\n");
    g_autoptr(GBytes) text = NULL;
    g_autoptr(GBytes) packed = NULL;
    g_autoptr(TideByteSource) source = NULL;

    /* 300 000 empty lines: more than a chunk's words */
    for (guint i = 0; i < 300000; i++)
      g_string_append_c (s, '\n');
    g_string_append (s, "+ 1\n");
    text = g_string_free_to_bytes (s);
    packed = compress (text);
    source = tide_byte_source_new_for_bytes (packed);
    g_assert_cmpuint (check_runs_full (source, text, TRUE), <, 64 * 1024);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/line-reader/plain", test_plain);
  g_test_add_func ("/core/line-reader/zstd", test_zstd);
  g_test_add_func ("/core/line-reader/chunk-words", test_chunk_words);
  return g_test_run ();
}
