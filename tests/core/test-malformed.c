/* test-malformed.c: broken and hostile heaptrack and mprof input fails cleanly, with a position
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/formats/tide-mprof-reader.h"
#include "core/tide-trace-error.h"
#include "tide-test-util.h"

/* not inlined: gcc 12 then mistakes the returned buffer for a dangling one */
G_GNUC_NO_INLINE static char *
read_data (const char *name,
           gsize      *len)
{
  g_autofree char *path = tide_test_data_path (name);
  char *contents = NULL;
  gboolean ok = g_file_get_contents (path, &contents, len, NULL);

  g_assert_true (ok);
  return contents;
}

/* Asserts the load failed with @code and that the message says where. */
static void
assert_fails (const char *data,
              gsize       len,
              int         code,
              const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load_bytes (data, len, &error);

  g_assert_null (trace);
  g_assert_error (error, TIDE_TRACE_ERROR, code);
  if (where != NULL && strstr (error->message, where) == NULL)
    g_error ("expected “%s” in “%s”", where, error->message);
}

static void
assert_text_fails (const char *text,
                   int         code,
                   const char *where)
{
  assert_fails (text, strlen (text), code, where);
}

/* Every prefix of a plain trace that stops before heaptrack's closing
 * records is reported as truncated, with the line where it stops. */
static void
test_truncated_text (void)
{
  gsize len;
  g_autofree char *data = read_data ("ht_leaky.txt", &len);
  gsize footer_at = strstr (data, "\n# strings:") - data;

  for (gsize cut = 1; cut <= footer_at + 1; cut += (cut < 200 ? 1 : 61))
    assert_fails (data, cut, TIDE_TRACE_ERROR_TRUNCATED, "line ");
}

static void
test_truncated_compressed (void)
{
  const char *names[] = { "ht_leaky.zst", "ht_leaky.gz" };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      gsize len;
      g_autofree char *data = read_data (names[n], &len);

      /* from 4 bytes on, the compression magic is complete */
      for (gsize cut = 4; cut < len; cut += 13)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(TideTrace) trace = tide_test_load_bytes (data, cut, &error);

          g_assert_null (trace);
          /* cut inside the header (gzip's 10 bytes) may also read as corrupt */
          if (!g_error_matches (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED))
            g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT);
          g_assert_nonnull (strstr (error->message, "byte"));
        }
    }
}

/* The sample a corrupted download makes: zstd's checksum catches it. */
static void
test_byteflip_zstd (void)
{
  gsize len;
  g_autofree char *data = read_data ("ht_leaky.zst", &len);

  data[827] ^= 0xff;
  assert_fails (data, len, TIDE_TRACE_ERROR_CORRUPT, "byte");
}

/* Flipped bytes in plain text either still parse or fail with a position;
 * totals never exceed what the file could hold. */
static void
test_byteflips_text (void)
{
  gsize len;
  g_autofree char *orig = read_data ("ht_leaky.txt", &len);
  const guchar replacements[] = { 0xff, ' ', 'f', '\n', 0 };
  guint failed = 0, parsed = 0;

  for (gsize at = 0; at < len; at += 5)
    for (guint r = 0; r < G_N_ELEMENTS (replacements); r++)
      {
        g_autofree char *data = g_memdup2 (orig, len);
        g_autoptr(GError) error = NULL;
        g_autoptr(TideTrace) trace = NULL;

        data[at] = replacements[r];
        trace = tide_test_load_bytes (data, len, &error);
        if (trace != NULL)
          {
            g_assert_no_error (error);
            g_assert_cmpuint (tide_trace_get_totals (trace)->cost.allocations, <=, 913 + 1);
            parsed++;
          }
        else
          {
            g_assert_true (error->domain == TIDE_TRACE_ERROR);
            g_assert_nonnull (strstr (error->message, "line "));
            failed++;
          }
      }
  g_test_message ("%u variants failed cleanly, %u still parsed", failed, parsed);
  g_assert_cmpuint (failed, >, 0);
}

#define HEADER "v 10400 3\nX ./prog\nI 1000 100\n"
#define FOOTER "\n# strings: 1\n# ips: 1\n"

static void
test_hostile_records (void)
{
  /* a string claiming more bytes than its line has */
  assert_text_fails (HEADER "s ffffffffffffffff abc\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 4");
  /* a number with more hex digits than 64 bits hold */
  assert_text_fails (HEADER "a 10000000000000000 0\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 4");
  /* indices past the tables */
  assert_text_fails (HEADER "+ 0\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 4 (byte 30)");
  assert_text_fails (HEADER "s 1 m\ni 10 5\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 5");
  assert_text_fails (HEADER "s 1 m\ni 10 1\nt 2 0\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 6");
  /* a parent that does not exist yet (would allow cycles) */
  assert_text_fails (HEADER "s 1 m\ni 10 1\nt 1 1\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 6");
  assert_text_fails (HEADER "a 10 3\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 4");
  /* a free of a block that was never allocated */
  assert_text_fails (HEADER "a 10 0\n- 0\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 5");
  assert_text_fails (HEADER "a 10 0\n+ 0\n- 0\n- 0\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 7");
  /* garbage where a record should be */
  assert_text_fails (HEADER "hello world\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 4");
  assert_text_fails (HEADER "c zz\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 4");
  assert_text_fails (HEADER "I 0 0\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 4");
  assert_text_fails ("v 10400 3\nX a\nX b\n" FOOTER, TIDE_TRACE_ERROR_CORRUPT, "line 3");
  /* no closing records */
  assert_text_fails (HEADER "a 10 0\n+ 0\n", TIDE_TRACE_ERROR_TRUNCATED, "line 5");
}

static void
test_versions (void)
{
  assert_text_fails ("v 10600 4\n" FOOTER, TIDE_TRACE_ERROR_UNSUPPORTED_VERSION, "line 1");
  assert_text_fails ("v 10000 0\n" FOOTER, TIDE_TRACE_ERROR_UNSUPPORTED_VERSION, "line 1");
  /* pre-1.0 files have no version record */
  assert_text_fails ("X ./prog\n+ 10 1 55aa\n" FOOTER, TIDE_TRACE_ERROR_UNSUPPORTED_VERSION, "line 2");
  /* raw data straight from the preload library */
  assert_text_fails ("v 10400 3\nx 4 prog\n", TIDE_TRACE_ERROR_UNSUPPORTED_VERSION, "heaptrack_interpret");
  assert_text_fails ("v 10400 3\nX ./prog\na 10 0\n+ 0 1 55aa00\n", TIDE_TRACE_ERROR_UNSUPPORTED_VERSION, "line 4");
  assert_text_fails ("", TIDE_TRACE_ERROR_EMPTY, "empty");
}

/* Sizes near 2^64 saturate instead of wrapping. */
static void
test_huge_sizes (void)
{
  const char *text = HEADER "a ffffffffffffffff 0\n+ 0\n+ 0\n+ 0\n" FOOTER;
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load_bytes (text, strlen (text), &error);
  const TideTotals *t;

  g_assert_no_error (error);
  t = tide_trace_get_totals (trace);
  g_assert_cmpuint (t->cost.allocations, ==, 3);
  g_assert_cmpuint (t->cost.peak_bytes, ==, G_MAXUINT64);
  g_assert_cmpuint (t->cost.allocated_bytes, ==, G_MAXUINT64);
  g_assert_cmpuint (t->cost.leaked_bytes, ==, G_MAXUINT64);
}

/* A minimal valid file, written by hand, with a sized string holding spaces
 * and an inlined frame: checks the exact model the reader builds. */
static void
test_minimal (void)
{
  const char *text =
    HEADER
    "s 3 lib\n"
    "s b f(int, int)\n"
    "s 3 a.c\n"
    "s 4 main\n"
    "i 100 1 2 3 a 4 3 14\n"   /* f at a.c:10 inlined into main at a.c:20 */
    "t 1 0\n"
    "a 40 1\n"
    "+ 0\n"
    "c a\n"
    "R 2\n"
    "+ 0\n"
    "- 0\n"
    FOOTER;
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load_bytes (text, strlen (text), &error);
  const TideTotals *t;
  const TideStackNode *leaf, *outer;
  const TideFrame *f;

  g_assert_no_error (error);
  t = tide_trace_get_totals (trace);
  g_assert_cmpuint (t->cost.allocations, ==, 2);
  g_assert_cmpuint (t->cost.temporary, ==, 1);
  g_assert_cmpuint (t->cost.peak_bytes, ==, 0x80);
  g_assert_cmpuint (t->peak_time_ms, ==, 10);
  g_assert_cmpuint (t->peak_rss_bytes, ==, 2 * 4096);
  g_assert_cmpuint (t->cost.leaked_bytes, ==, 0x40);
  g_assert_cmpuint (t->duration_ms, ==, 11);

  /* root, main, f */
  g_assert_cmpuint (tide_trace_get_n_nodes (trace), ==, 3);
  outer = tide_trace_get_node (trace, 1);
  leaf = tide_trace_get_node (trace, 2);
  g_assert_cmpuint (outer->parent, ==, 0);
  g_assert_cmpuint (leaf->parent, ==, 1);
  f = tide_trace_get_frame (trace, leaf->frame);
  g_assert_cmpstr (tide_trace_get_string (trace, f->function), ==, "f(int, int)");
  g_assert_cmpstr (tide_trace_get_string (trace, f->file), ==, "a.c");
  g_assert_cmpstr (tide_trace_get_string (trace, f->module), ==, "lib");
  g_assert_cmpuint (f->line, ==, 10);
  f = tide_trace_get_frame (trace, outer->frame);
  g_assert_cmpstr (tide_trace_get_string (trace, f->function), ==, "main");
  g_assert_cmpuint (f->line, ==, 20);
  g_assert_cmpuint (tide_trace_get_node_cost (trace, 2)->peak_bytes, ==, 0x80);
}

static TideTrace *
load_mprof (const char *data,
            gsize       len,
            GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(TideByteSource) source = tide_byte_source_new_for_bytes (bytes);

  return tide_mprof_read (source, NULL, error);
}

/* memory_profiler files: every prefix of a real recording either loads
 * with the samples it holds so far or is refused with the line where it
 * stops; bytes flipped anywhere never crash it. */
static void
test_mprof_truncated (void)
{
  gsize len;
  g_autofree char *data = read_data ("mprof_func.dat", &len);
  guint loaded = 0, refused = 0;

  for (gsize cut = 1; cut < len; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TideTrace) trace = load_mprof (data, cut, &error);

      if (trace != NULL)
        {
          g_assert_cmpuint (tide_trace_get_n_samples (trace), <=, 12);
          loaded++;
          continue;
        }
      if (error->domain != TIDE_TRACE_ERROR || strstr (error->message, "line ") == NULL)
        g_error ("cut at %" G_GSIZE_FORMAT ": no line in “%s”", cut, error->message);
      refused++;
    }
  /* cut inside the FUNC records: no MEM yet; cut after a MEM: loads */
  g_assert_cmpuint (loaded, >, 0);
  g_assert_cmpuint (refused, >, 0);

  for (gsize at = 0; at < len; at++)
    {
      g_autofree char *copy = g_memdup2 (data, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(TideTrace) trace = NULL;

      copy[at] = at % 3 == 0 ? '\0' : at % 3 == 1 ? 'x' : ' ';
      trace = load_mprof (copy, len, &error);
      g_assert_true ((trace == NULL) != (error == NULL));
      if (error != NULL && strstr (error->message, "line ") == NULL)
        g_error ("flip at %" G_GSIZE_FORMAT ": no line in “%s”", at, error->message);
    }
}

#define MPROF_HEAD "CMDLINE python3 x.py\nMEM 1.0 100.0\n"

static void
assert_mprof_fails (const char *text,
                    int         code,
                    const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = load_mprof (text, strlen (text), &error);

  g_assert_null (trace);
  g_assert_error (error, TIDE_TRACE_ERROR, code);
  if (strstr (error->message, where) == NULL)
    g_error ("expected “%s” in “%s”", where, error->message);
}

static void
test_mprof_hostile (void)
{
  /* sizes past what 64 bits of bytes hold, times past 64 bits of ms */
  assert_mprof_fails (MPROF_HEAD "MEM 1e300 100.1\n", TIDE_TRACE_ERROR_CORRUPT, "line 3: a MEM record");
  assert_mprof_fails (MPROF_HEAD "MEM 1.0 1e300\n", TIDE_TRACE_ERROR_CORRUPT, "line 3: a MEM record");
  assert_mprof_fails (MPROF_HEAD "MEM inf 100.1\n", TIDE_TRACE_ERROR_CORRUPT, "line 3");
  assert_mprof_fails (MPROF_HEAD "CHLD 99999999999999999999 1.0 100.1\n", TIDE_TRACE_ERROR_CORRUPT,
                     "line 3: a CHLD record");
  assert_mprof_fails (MPROF_HEAD "FUNC f 1.0 100.0 2.0 101.0 99999\n", TIDE_TRACE_ERROR_CORRUPT,
                     "line 3: a FUNC record");
  assert_mprof_fails (MPROF_HEAD "FUNC f 1.0 100.0 2.0 101.0 0 extra\n", TIDE_TRACE_ERROR_CORRUPT, "line 3");
  /* a 0 byte hiding the rest of a line */
  {
    static const char nul[] = MPROF_HEAD "MEM 2.0 100.2\0junk\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(TideTrace) trace = load_mprof (nul, sizeof nul - 1, &error);

    g_assert_null (trace);
    g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "line 3: a 0 byte"));
  }
  /* valid records, then something else */
  assert_mprof_fails (MPROF_HEAD "MEM 2.0 100.2\n\x89PNG\r\n", TIDE_TRACE_ERROR_CORRUPT, "line 4");
  assert_mprof_fails ("CMDLINE only\n", TIDE_TRACE_ERROR_EMPTY, "line 1: no MEM record");
}

/* A synthetic trace of some 1.1 MB, several decoded chunks: 301 infos
 * (the last never allocated), allocations each followed by a free of the
 * same block two times in three, a time stamp every 5000 events. Some
 * indices are written with leading zeros to 4 and 5 digits, which the
 * words take in a path of their own. @bad, when set, replaces line
 * @bad_line. */
/* The time of the stamp after the @j-th 5000 events: growing, with one
 * to seven digits. */
static guint32
stamp_time (guint j)
{
  const guint32 first[] = { 0x5, 0xa0, 0x333, 0x4444, 0x55555 };

  return j < G_N_ELEMENTS (first) ? first[j] : (j + 1) * 0x111111;
}

static GString *
make_events_text (guint64     bad_line,
                  const char *bad)
{
  GString *s = g_string_new (NULL);
  guint64 line = 0;

#define LINE(...) G_STMT_START { \
    if (++line == bad_line) g_string_append_printf (s, "%s\n", bad); \
    else g_string_append_printf (s, __VA_ARGS__); } G_STMT_END

  LINE ("v 10400 3\n");
  LINE ("X synthetic\n");
  LINE ("I 1000 1\n");
  LINE ("s 4 main\n");
  LINE ("i 1000 1 1\n");
  LINE ("t 1 0\n");
  for (guint i = 0; i < 301; i++)
    LINE ("a %x 1\n", 16 + 8 * i);
  for (guint k = 0; k < 100000; k++)
    {
      int width = k % 7 == 1 ? 4 : k % 7 == 4 ? 5 : 1;

      LINE ("+ %0*x\n", width, k % 300);
      if (k % 3 != 0)
        LINE ("- %0*x\n", width, k % 300);
      /* time stamps and RSS readings of one to eight digits: up to
       * seven, the decoding thread's words carry them; more, the line.
       * The first five times take one to five digits, the next six and
       * seven; the readings cycle through one to eight. */
      if (k % 5000 == 4999 && k / 5000 == 2)
        {
          LINE ("c %X\n", 0x333);
          LINE ("R %X\n", 0xabc);
        }
      else if (k % 5000 == 4999 && k / 5000 == 19)
        {
          LINE ("c %x\n", 0x12345678);
          LINE ("R %x\n", 0x1234567a);
        }
      else if (k % 5000 == 4999)
        {
          LINE ("c %x\n", stamp_time (k / 5000));
          LINE ("R %x\n", 0xfedcba98u >> 4 * (7 - k / 5000 % 8));
        }
    }
  LINE ("# strings: 1\n");
  LINE ("# ips: 1\n");
#undef LINE
  return s;
}

static GBytes *
gzip_bytes (const char *data,
            gsize       len)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (z));

  g_assert_true (g_output_stream_write_all (out, data, len, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

/* Plain text loaded with no chunk words (TIDEMARK_CHUNK_WORDS=none): the
 * events applied straight from the text, on the caller's thread. */
static TideTrace *
load_text_without_words (GString  *text,
                         GError  **error)
{
  g_autofree char *was = g_strdup (g_getenv ("TIDEMARK_CHUNK_WORDS"));
  TideTrace *trace;

  g_setenv ("TIDEMARK_CHUNK_WORDS", "none", TRUE);
  trace = tide_test_load_bytes (text->str, text->len, error);
  if (was != NULL)
    g_setenv ("TIDEMARK_CHUNK_WORDS", was, TRUE);
  else
    g_unsetenv ("TIDEMARK_CHUNK_WORDS");
  return trace;
}

/* Compressed, the events of a heaptrack file are applied from words made
 * of the decoded chunks, by the decoding thread or the reading one
 * (@data: TIDEMARK_CHUNK_WORDS, NULL for whichever has time); plain text
 * with no words, straight from the text. All must give the same trace,
 * and the same error at the same line and byte for a bad line anywhere:
 * in the first bytes (read before that thread starts), in the middle of a
 * chunk, among a chunk's last lines. */
static void
test_compressed_same_as_plain (gconstpointer data)
{
  const char *bad_lines[] = {
    "- 12c",       /* a free with no live block (info 300 is never allocated) */
    "+ 12d",       /* an index out of range */
    "- 12x",       /* not a number */
    "+ 5 6",       /* the raw dialect */
    "+ 0000000000000000012c", /* more than 16 digits */
    "- 2A",        /* upper case: a free of info 42, which leaks a block
                    * every 300 events, so fine once there is one */
    "+ 0012d",     /* five digits, out of range */
    "- 0x2a",      /* four characters, not a number */
    "+ 1g",        /* two characters, not a number */
    "- g2a",       /* three characters, not a number */
    "c 12345g",    /* six characters, the shape of a stamp of 3 to 46 hours */
    "R 1x2b",      /* four, the shape of an RSS reading */
    "c 0f1-2",     /* five */
    "+ 0g12a",     /* five characters, the first pair not a number */
    "c x12345",    /* six, the first pair not a number */
  };
  const guint64 at[] = { 3, 200, 330, 40001, 74990, 150017, 166990 };

  if (data != NULL)
    g_setenv ("TIDEMARK_CHUNK_WORDS", data, TRUE);
  {
    g_autoptr(GString) text = make_events_text (0, NULL);
    g_autoptr(GBytes) packed = gzip_bytes (text->str, text->len);
    g_autoptr(GError) error = NULL;
    g_autoptr(TideTrace) plain = load_text_without_words (text, &error);
    g_autoptr(TideTrace) gz = NULL;
    g_autoptr(TideTrace) plain_words = NULL;
    const TideTotals *a, *b;

    g_assert_no_error (error);
    gz = tide_test_load_bytes (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed), &error);
    g_assert_no_error (error);
    /* plain text read on a thread of its own, with words, as a
     * decompressed heaptrack file is */
    plain_words = tide_test_load_bytes (text->str, text->len, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (tide_trace_get_totals (plain_words)->cost.temporary, ==, 66666);
    g_assert_cmpuint (tide_trace_get_totals (plain_words)->cost.peak_bytes, ==,
                      tide_trace_get_totals (plain)->cost.peak_bytes);
    g_assert_cmpuint (tide_trace_get_totals (plain_words)->peak_event_index, ==,
                      tide_trace_get_totals (plain)->peak_event_index);
    a = tide_trace_get_totals (plain);
    b = tide_trace_get_totals (gz);
    g_assert_cmpuint (a->cost.allocations, ==, 100000);
    g_assert_cmpuint (a->cost.temporary, ==, 66666);
    g_assert_cmpuint (b->cost.allocations, ==, a->cost.allocations);
    g_assert_cmpuint (b->cost.temporary, ==, a->cost.temporary);
    g_assert_cmpuint (b->cost.peak_bytes, ==, a->cost.peak_bytes);
    g_assert_cmpuint (b->cost.leaked_bytes, ==, a->cost.leaked_bytes);
    g_assert_cmpuint (b->peak_event_index, ==, a->peak_event_index);
    g_assert_cmpuint (tide_trace_get_n_events (gz), ==, tide_trace_get_n_events (plain));
    /* the samples: one a time stamp, with its RSS (pages of 0x1000 bytes) */
    g_assert_cmpuint (tide_trace_get_n_samples (plain), ==, 21);
    g_assert_cmpuint (tide_trace_get_sample_time (plain, 3), ==, 0x333);
    g_assert_cmpuint (tide_trace_get_sample (plain, 3).rss_bytes, ==, 0xabc * 0x1000);
    for (guint j = 0; j < 19; j++)
      if (j != 2)
        {
          g_assert_cmpuint (tide_trace_get_sample_time (plain, j + 1), ==, stamp_time (j));
          g_assert_cmpuint (tide_trace_get_sample (plain, j + 1).rss_bytes, ==,
                            (guint64) (0xfedcba98u >> 4 * (7 - j % 8)) * 0x1000);
        }
    g_assert_cmpuint (tide_trace_get_sample_time (plain, 20), ==, 0x12345678);
    /* the highest reading, of eight digits: taken from its line */
    g_assert_cmpuint (a->peak_rss_bytes, ==, (guint64) 0xfedcba98u * 0x1000);
    g_assert_cmpuint (a->duration_ms, ==, 0x12345678 + 1);
    for (TideTrace *t = gz; t != NULL; t = t == gz ? plain_words : NULL)
      {
        g_assert_cmpuint (tide_trace_get_n_samples (t), ==, tide_trace_get_n_samples (plain));
        for (guint i = 0; i < tide_trace_get_n_samples (plain); i++)
          {
            TideTimelineSample x = tide_trace_get_sample (t, i);
            TideTimelineSample y = tide_trace_get_sample (plain, i);

            g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
          }
        g_assert_cmpuint (tide_trace_get_totals (t)->peak_rss_bytes, ==, a->peak_rss_bytes);
        g_assert_cmpuint (tide_trace_get_totals (t)->duration_ms, ==, a->duration_ms);
      }
    /* per info: a word with a wrong index in range would move a count */
    g_assert_cmpuint (tide_trace_get_n_infos (gz), ==, 301);
    for (guint i = 0; i < 301; i++)
      {
        g_assert_cmpuint (tide_trace_get_info (gz, i)->allocations, ==, i < 300 ? (i < 100 ? 334 : 333) : 0);
        g_assert_cmpuint (tide_trace_get_info (gz, i)->allocations, ==, tide_trace_get_info (plain, i)->allocations);
        g_assert_cmpuint (tide_trace_get_info (gz, i)->end_live, ==, tide_trace_get_info (plain, i)->end_live);
        g_assert_cmpuint (tide_trace_get_info (plain_words, i)->allocations, ==, tide_trace_get_info (plain, i)->allocations);
        g_assert_cmpuint (tide_trace_get_info (plain_words, i)->end_live, ==, tide_trace_get_info (plain, i)->end_live);
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_lines); i++)
    for (guint j = 0; j < G_N_ELEMENTS (at); j++)
      {
        /* pinned to one thread, a few of each (valgrind runs this suite) */
        if (data != NULL && (i == 2 || i > 3 || (j != 1 && j != 4 && j != 6)))
          continue;
        if (i > 5 && (j == 0 || j == 2 || j == 3))
          continue;

        g_autoptr(GString) text = make_events_text (at[j], bad_lines[i]);
        g_autoptr(GBytes) packed = gzip_bytes (text->str, text->len);
        g_autoptr(GError) plain_error = NULL;
        g_autoptr(GError) gz_error = NULL;
        g_autoptr(TideTrace) plain = load_text_without_words (text, &plain_error);
        g_autoptr(TideTrace) gz = tide_test_load_bytes (g_bytes_get_data (packed, NULL),
                                                        g_bytes_get_size (packed), &gz_error);
        g_autofree char *where = g_strdup_printf ("line %" G_GUINT64_FORMAT, at[j]);
        const char *found;

        if (plain_error == NULL)
          {
            /* only the lines that are fine where they are */
            g_assert_no_error (gz_error);
            if (!(i == 5 && at[j] > 1000))
              g_error ("line %" G_GUINT64_FORMAT " = “%s” loaded", at[j], bad_lines[i]);
            g_assert_cmpuint (tide_trace_get_totals (gz)->cost.temporary, ==,
                              tide_trace_get_totals (plain)->cost.temporary);
            g_assert_cmpuint (tide_trace_get_totals (gz)->cost.peak_bytes, ==,
                              tide_trace_get_totals (plain)->cost.peak_bytes);
            continue;
          }
        g_assert_nonnull (gz_error);
        g_assert_cmpint (gz_error->code, ==, plain_error->code);
        g_assert_cmpstr (gz_error->message, ==, plain_error->message);
        /* the line itself, not one whose number starts with its digits
         * (a good free in place of an allocation fails a later line) */
        found = strstr (plain_error->message, where);
        if (at[j] > 6 && i != 4 && i != 5 && (found == NULL || g_ascii_isdigit (found[strlen (where)])))
          g_error ("expected “%s” in “%s”", where, plain_error->message);
      }
  g_unsetenv ("TIDEMARK_CHUNK_WORDS");
}

/* Blank lines take a byte and make a word each: a chunk of them has more
 * lines than room for words, and goes to the text's own path, while the
 * chunks around it come with words; a run of them ends near a chunk's
 * end too. Either way the trace, and the line of an error past them, are
 * those of the text read without words. */
static void
test_blank_lines_past_words (void)
{
  for (guint bad = 0; bad < 2; bad++)
    {
      g_autoptr(GString) text = g_string_new ("v 10400 3\nX synthetic\nI 1000 1\ns 4 main\ni 1000 1 1\nt 1 0\n"
                                              "a 10 1\na 20 1\n");
      g_autoptr(GBytes) packed = NULL;
      g_autoptr(GError) plain_error = NULL;
      g_autoptr(GError) gz_error = NULL;
      g_autoptr(TideTrace) plain = NULL;
      g_autoptr(TideTrace) gz = NULL;

      for (guint k = 0; k < 40; k++)
        {
          /* runs of events, then up to 200,000 blank lines: the word
           * room of a chunk of 2^18 bytes is 2^16 */
          for (guint i = 0; i < 3000 + (k % 3) * 2000 + k; i++)
            g_string_append (text, "+ 0\n- 0\n+ 1\n");
          if (bad == 1 && k == 33)
            g_string_append (text, "- 2\n");
          g_string_append_len (text, "\n\n\n\n\n\n\n\n", 1 + k % 8);
          for (guint i = 0; i < (k % 3) * 100000; i++)
            g_string_append_c (text, '\n');
        }
      g_string_append (text, "c 3e8\n# strings: 1\n# ips: 1\n");
      packed = gzip_bytes (text->str, text->len);
      plain = load_text_without_words (text, &plain_error);
      gz = tide_test_load_bytes (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed), &gz_error);
      if (bad == 1)
        {
          g_assert_error (plain_error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT);
          g_assert_nonnull (gz_error);
          g_assert_cmpstr (gz_error->message, ==, plain_error->message);
          continue;
        }
      g_assert_no_error (plain_error);
      g_assert_no_error (gz_error);
      /* two a round: 40 runs of 3000, 13 more of 2000 and 13 of 4000,
       * and k more in the k-th */
      g_assert_cmpuint (tide_trace_get_totals (plain)->cost.allocations, ==, 2 * (40 * 3000 + 13 * 2000 + 13 * 4000 + 780));
      g_assert_cmpuint (tide_trace_get_totals (gz)->cost.allocations, ==, tide_trace_get_totals (plain)->cost.allocations);
      g_assert_cmpuint (tide_trace_get_totals (gz)->cost.temporary, ==, tide_trace_get_totals (plain)->cost.temporary);
      g_assert_cmpuint (tide_trace_get_totals (gz)->cost.leaked_bytes, ==, tide_trace_get_totals (plain)->cost.leaked_bytes);
      g_assert_cmpuint (tide_trace_get_n_events (gz), ==, tide_trace_get_n_events (plain));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/malformed/truncated-text", test_truncated_text);
  g_test_add_func ("/core/malformed/truncated-compressed", test_truncated_compressed);
  g_test_add_func ("/core/malformed/byteflip-zstd", test_byteflip_zstd);
  g_test_add_func ("/core/malformed/byteflips-text", test_byteflips_text);
  g_test_add_func ("/core/malformed/hostile-records", test_hostile_records);
  g_test_add_func ("/core/malformed/versions", test_versions);
  g_test_add_func ("/core/malformed/huge-sizes", test_huge_sizes);
  g_test_add_func ("/core/malformed/minimal", test_minimal);
  g_test_add_data_func ("/core/malformed/compressed-same-as-plain", NULL, test_compressed_same_as_plain);
  g_test_add_data_func ("/core/malformed/compressed-same-as-plain/words-on-decoder", "decoder",
                        test_compressed_same_as_plain);
  g_test_add_data_func ("/core/malformed/compressed-same-as-plain/words-on-reader", "reader",
                        test_compressed_same_as_plain);
  g_test_add_func ("/core/malformed/blank-lines-past-words", test_blank_lines_past_words);
  g_test_add_func ("/core/malformed/mprof-truncated", test_mprof_truncated);
  g_test_add_func ("/core/malformed/mprof-hostile", test_mprof_hostile);

  return g_test_run ();
}
