/* test-limits.c: hostile inputs meet limits that hold for any input: memory, stack nodes, decompression bombs
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each hostile file is made here, the worst of its kind we know for each
 * reader (tiny records that each cost the most), and loaded in a child
 * process whose peak resident memory the kernel reports: the load may add
 * at most TIDE_LOAD_MEMORY_FACTOR times the decompressed size, plus a
 * floor, to what the process held before (docs/limits.md). Those a limit
 * stops must fail with TIDE_TRACE_ERROR_TOO_LARGE at the exact place.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include "core/tide-trace-error.h"
#include "core/tide-trace-loader.h"
#include "tide-test-util.h"

/* docs/limits.md: what a load may use beyond the input it is given */
#define TIDE_LOAD_MEMORY_FACTOR 64
#define TIDE_LOAD_MEMORY_FLOOR  (48 << 20)

/* Sanitizers and valgrind change what memory means; the limits that
 * fail a load still hold and are still checked. */
static gboolean
measuring_memory (void)
{
#if defined(__SANITIZE_ADDRESS__)
  return FALSE;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return FALSE;
#endif
#endif
  return g_getenv ("TIDE_UNDER_VALGRIND") == NULL;
}

/* A field of /proc/self/status, in KiB. */
static glong
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *at;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  at = strstr (status, field);
  g_assert_nonnull (at);
  return strtol (at + strlen (field), NULL, 10);
}

/* Resets the peak resident memory (VmHWM) to what is resident now, which
 * it returns. */
static glong
reset_peak_kib (void)
{
  /* "5" resets the peak to the current size */
  FILE *clear = fopen ("/proc/self/clear_refs", "w");

  g_assert_nonnull (clear);
  g_assert_cmpint (fputs ("5", clear), >=, 0);
  g_assert_cmpint (fclose (clear), ==, 0);
  return status_kib ("VmRSS:");
}

/* In a process of its own (the loader's thread pools do not survive a
 * fork): maps @path, loads it and prints the resident KiB before the load
 * and the peak during it (the peak is reset first: reading the file is
 * not the load's). The mapped input counts once it is read. */
static int
measure_main (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TideTrace) trace = NULL;
  glong before;

  if (mapped == NULL)
    return 1;
  bytes = g_mapped_file_get_bytes (mapped);
  before = reset_peak_kib ();
  trace = tide_trace_load_bytes (bytes, NULL, NULL);
  g_print ("%ld %ld\n", before, status_kib ("VmHWM:"));
  return 0;
}

/* Loads @text, checks what the load costs, and returns its error. */
static GError *
load_measured (GString    *text,
               const char *what)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text->str, text->len);
  GError *error = NULL;
  g_autoptr(TideTrace) trace = tide_trace_load_bytes (bytes, NULL, &error);

  if (measuring_memory ())
    {
      g_autofree char *dir = g_dir_make_tmp ("tidemark-limits-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "hostile", NULL);
      g_autofree char *out = NULL;
      const char *argv[] = { "/proc/self/exe", "--measure", path, NULL };
      glong base = 0, peak = 0;
      guint64 used;
      int status;

      g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_cmpint (sscanf (out, "%ld %ld", &base, &peak), ==, 2);
      g_assert_cmpint (g_remove (path), ==, 0);
      g_assert_cmpint (g_rmdir (dir), ==, 0);

      used = (guint64) MAX (peak - base, 0) * 1024;
      g_test_message ("%s: %zu bytes, load used %" G_GUINT64_FORMAT " bytes (%.1f per byte)%s", what,
                      text->len, used, (double) used / text->len, error != NULL ? ", refused" : "");
      g_assert_cmpuint (used, <=, (guint64) TIDE_LOAD_MEMORY_FACTOR * text->len + TIDE_LOAD_MEMORY_FLOOR);
    }
  return error;
}

static void
heaptrack_header (GString *s)
{
  g_string_append (s, "v 10400 3\nX ./hostile\nI 1000 1\n");
}

static void
heaptrack_footer (GString *s)
{
  g_string_append (s, "# strings: 0\n# ips: 0\n");
}

/* A time stamp every 4 bytes: one timeline sample each. */
static void
test_heaptrack_timestamps (void)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  heaptrack_header (s);
  for (guint i = 1; s->len < (8 << 20); i++)
    g_string_append_printf (s, "c %x\n", i);
  heaptrack_footer (s);
  error = load_measured (s, "heaptrack time stamps");
  g_assert_no_error (error);
}

/* A new allocation info (distinct size) per line, each allocated once. */
static void
test_heaptrack_infos (void)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  heaptrack_header (s);
  while (s->len < (8 << 20))
    g_string_append_printf (s, "a %x 0\n+ %x\n", n + 1, n), n++;
  heaptrack_footer (s);
  error = load_measured (s, "heaptrack allocation infos");
  g_assert_no_error (error);
}

/* One ip with 4096 inlined frames; every trace line hangs it under the
 * previous trace, 4096 new stack nodes for six bytes. Stopped when the
 * nodes outgrow the bytes read. */
static void
test_heaptrack_inline_bomb (void)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  guint64 line = 0, offset = 0;
  guint i;

  heaptrack_header (s);
  g_string_append (s, "s 1 a\ni 1 0 1 0 0");
  for (i = 1; i < 4096; i++)
    g_string_append (s, " 1 0 0");
  g_string_append_c (s, '\n');
  /* docs/limits.md: 2^16 stack nodes plus one per 4 bytes read; the root
   * is a node, and trace i brings 4096 more */
  for (i = 0; i < 1000; i++)
    {
      if (line == 0 && 1 + 4096 * (guint64) (i + 1) > (1u << 16) + s->len / 4)
        line = 6 + i, offset = s->len;
      g_string_append_printf (s, "t 1 %x\n", i);
    }
  heaptrack_footer (s);
  g_assert_cmpuint (line, >, 0);

  error = load_measured (s, "heaptrack inlined frames");
  g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TOO_LARGE);
  where = g_strdup_printf ("line %" G_GUINT64_FORMAT " (byte %" G_GUINT64_FORMAT "): more stack nodes",
                           line, offset);
  if (strstr (error->message, where) == NULL)
    g_error ("expected “%s” in “%s”", where, error->message);
}

/* A stack as deep as the file is long, a frame per two bytes. */
static void
test_folded_deep (void)
{
  /* a short first line: the format is told by it */
  g_autoptr(GString) s = g_string_new ("main;f 1\n");
  g_autoptr(GError) error = NULL;

  for (guint line = 0; line < 4; line++)
    {
      g_string_append_printf (s, "%c", 'a' + line);
      for (guint i = 0; i < (1 << 20); i++)
        g_string_append (s, ";a");
      g_string_append (s, " 1\n");
    }
  error = load_measured (s, "folded deep stacks");
  g_assert_no_error (error);
}

/* A tree of many nodes, then many detailed snapshots of one node each:
 * kept densely, that was snapshots x nodes. */
static void
test_massif_snapshots (void)
{
  g_autoptr(GString) s = g_string_new ("desc: (none)\ncmd: ./hostile\ntime_unit: i\n");
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_string_append (s, "#-----------\nsnapshot=0\n#-----------\ntime=0\nmem_heap_B=40000\n"
                      "mem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=detailed\nn20000: 40000 (root)\n");
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (s, " n0: 2 0x%x: f%u (a.c:%u)\n", i, i, i);
  for (n = 1; s->len < (4 << 20); n++)
    g_string_append_printf (s, "#-----------\nsnapshot=%u\n#-----------\ntime=%u\nmem_heap_B=2\n"
                               "heap_tree=detailed\nn1: 2 (root)\n n0: 2 0x1: f1 (a.c:1)\n", n, n);
  error = load_measured (s, "massif snapshots");
  g_assert_no_error (error);
}

/* How a dump starts: protocol 4, a frame, the class tracemalloc.Snapshot
 * (memo 0 to 2). */
#define SNAPSHOT_HEAD "\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00" \
                      "\x8c\x0btracemalloc\x94\x8c\x08Snapshot\x94\x93\x94"

/* EMPTY_DICT after EMPTY_DICT: a value and an array per byte. */
static void
test_pickle_dicts (void)
{
  g_autoptr(GString) s = g_string_new_len (SNAPSHOT_HEAD, sizeof SNAPSHOT_HEAD - 1);
  g_autoptr(GError) error = NULL;
  const char *at;
  guint64 byte;

  for (guint i = 0; i < (4 << 20); i++)
    g_string_append_c (s, '}');
  g_string_append_c (s, '.');

  error = load_measured (s, "pickle dicts");
  g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TOO_LARGE);
  /* the byte named is the EMPTY_DICT that went over */
  at = strstr (error->message, ": byte ");
  g_assert_nonnull (at);
  byte = g_ascii_strtoull (at + 7, NULL, 10);
  g_assert_cmpuint (byte, >=, sizeof SNAPSHOT_HEAD - 1);
  g_assert_cmpuint (byte, <, s->len - 1);
  g_assert_cmpint (s->str[byte], ==, '}');
}

/* Many small tuples (as tracebacks are): legal, and within the budget. */
static void
test_pickle_tuples (void)
{
  g_autoptr(GString) s = g_string_new_len (SNAPSHOT_HEAD "(N\x94", sizeof SNAPSHOT_HEAD + 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;

  /* memo 3 is the None */
  while (s->len < (4 << 20))
    g_string_append (s, "h\x03h\x03\x86");
  g_string_append (s, "t.");
  error = load_measured (s, "pickle tuples");
  /* well-formed up to its STOP, which leaves the class and the tuple */
  g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT);
  where = g_strdup_printf ("byte %zu: STOP with 2 values", s->len - 1);
  if (strstr (error->message, where) == NULL)
    g_error ("expected “%s” in “%s”", where, error->message);
}

/* ---- decompression bombs ---- */

typedef enum { BOMB_GZIP, BOMB_ZSTD, BOMB_BZIP2 } BombKind;

/* @data compressed as one gzip member, zstd frame or bzip2 stream. */
static GBytes *
compress_member (BombKind      kind,
                 const guint8 *data,
                 gsize         len)
{
  gsize cap = len / 100 + 65536;
  guint8 *out = g_malloc (cap);
  gsize out_len = 0;

  if (kind == BOMB_ZSTD)
    {
      out_len = ZSTD_compress (out, cap, data, len, 3);
      g_assert_false (ZSTD_isError (out_len));
    }
  else if (kind == BOMB_GZIP)
    {
      z_stream zs = { 0 };

      /* run-length matching: as tight as deflate gets on one byte, and fast */
      g_assert_cmpint (deflateInit2 (&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_RLE), ==, Z_OK);
      zs.next_in = (guint8 *) data;
      zs.avail_in = len;
      zs.next_out = out;
      zs.avail_out = cap;
      g_assert_cmpint (deflate (&zs, Z_FINISH), ==, Z_STREAM_END);
      out_len = zs.total_out;
      deflateEnd (&zs);
    }
  else
    {
      unsigned int n = cap;

      g_assert_cmpint (BZ2_bzBuffToBuffCompress ((char *) out, &n, (char *) data, len, 9, 0, 0), ==, BZ_OK);
      out_len = n;
    }
  return g_bytes_new_take (g_realloc (out, out_len), out_len);
}

/* A file that expands to @total bytes: @head, then members of 16 MiB of
 * @fill, one after another (as concatenated gzip, zstd or bzip2 allow). */
static char *
write_bomb (const char *dir,
            BombKind    kind,
            const char *head,
            char        fill,
            guint64     total,
            gsize      *file_size)
{
  static const char *ext[] = { "gz", "zst", "bz2" };
  gsize chunk = 16 << 20;
  g_autofree guint8 *plain = g_malloc (chunk);
  g_autoptr(GBytes) member = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GFile) file = NULL;
  char *path = g_strdup_printf ("%s/bomb.%s", dir, ext[kind]);
  gsize len;
  const guint8 *data;

  memset (plain, fill, chunk);
  member = compress_member (kind, plain, chunk);
  data = g_bytes_get_data (member, &len);
  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL);
  g_assert_nonnull (out);
  *file_size = 0;
  if (head != NULL)
    {
      g_autoptr(GBytes) h = compress_member (kind, (const guint8 *) head, strlen (head));
      gsize hl;
      const guint8 *hd = g_bytes_get_data (h, &hl);

      g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), hd, hl, NULL, NULL, NULL));
      *file_size += hl;
    }
  for (guint64 made = 0; made < total; made += chunk)
    {
      g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), data, len, NULL, NULL, NULL));
      *file_size += len;
    }
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL));
  return path;
}

typedef struct
{
  const char *name;
  BombKind    kind;
  const char *head;     /* decompressed start, or NULL */
  char        fill;
  int         code;
  const char *where;
} Bomb;

static void
test_bomb (gconstpointer user_data)
{
  const Bomb *bomb = user_data;
  g_autofree char *dir = g_dir_make_tmp ("tidemark-bomb-XXXXXX", NULL);
  /* 40 GiB once decompressed */
  guint64 total = (guint64) 40 << 30;
  gsize file_size;
  g_autofree char *path = write_bomb (dir, bomb->kind, bomb->head, bomb->fill, total, &file_size);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = NULL;
  glong before, peak;
  gint64 start;
  double seconds;

  before = reset_peak_kib ();
  start = g_get_monotonic_time ();
  trace = tide_trace_load_file (file, NULL, &error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  peak = status_kib ("VmHWM:");

  g_test_message ("%s: %zu bytes for %" G_GUINT64_FORMAT " GiB: %s after %.2f s, load used %ld KiB at most",
                  path, file_size, total >> 30, error != NULL ? error->message : "(loaded)",
                  seconds, peak - before);
  g_assert_null (trace);
  g_assert_error (error, TIDE_TRACE_ERROR, bomb->code);
  if (strstr (error->message, bomb->where) == NULL)
    g_error ("expected “%s” in “%s”", bomb->where, error->message);
  if (bomb->code == TIDE_TRACE_ERROR_TOO_LARGE)
    {
      /* cut off at a compressed byte within the first 64 MiB of output */
      const char *at = strstr (error->message, ": byte ");
      guint64 byte;

      g_assert_nonnull (at);
      byte = g_ascii_strtoull (at + 7, NULL, 10);
      g_assert_cmpuint (byte, >, 0);
      g_assert_cmpuint (byte, <=, MIN (file_size, (64 << 20) / 1000 + (1 << 20)));
    }
  /* the first 64 MiB at most are decompressed and parsed, and at most
   * one line of them (docs/limits.md) held at once */
  g_assert_cmpfloat (seconds, <, 60);
  if (measuring_memory ())
    g_assert_cmpint (peak - before, <, 256 * 1024);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

#define HEAPTRACK_HEAD "v 10400 3\nX ./bomb\n"

static const Bomb bombs[] = {
  /* a valid start, then empty lines: nothing is wrong but the ratio */
  { "heaptrack-empty-lines.zst", BOMB_ZSTD, HEAPTRACK_HEAD, '\n', TIDE_TRACE_ERROR_TOO_LARGE, "a decompression bomb" },
  { "heaptrack-empty-lines.gz", BOMB_GZIP, HEAPTRACK_HEAD, '\n', TIDE_TRACE_ERROR_TOO_LARGE, "a decompression bomb" },
  { "heaptrack-empty-lines.bz2", BOMB_BZIP2, HEAPTRACK_HEAD, '\n', TIDE_TRACE_ERROR_TOO_LARGE, "a decompression bomb" },
  /* zeros: not a trace from the first byte */
  { "zeros.zst", BOMB_ZSTD, NULL, 0, TIDE_TRACE_ERROR_UNKNOWN_FORMAT, "byte 0" },
  { "zeros.gz", BOMB_GZIP, NULL, 0, TIDE_TRACE_ERROR_UNKNOWN_FORMAT, "byte 0" },
  /* zeros after a valid start: one endless line, until the ratio stops it */
  { "heaptrack-zeros.bz2", BOMB_BZIP2, HEAPTRACK_HEAD, 0, TIDE_TRACE_ERROR_TOO_LARGE, "a decompression bomb" },
  /* a valid massif start, then spaces: the same */
  { "massif-spaces.zst", BOMB_ZSTD, "desc: (none)\ncmd: ./bomb\ntime_unit: i\n", ' ', TIDE_TRACE_ERROR_TOO_LARGE,
    "a decompression bomb" },
};

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--measure"))
    return measure_main (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/limits/heaptrack-timestamps", test_heaptrack_timestamps);
  g_test_add_func ("/core/limits/heaptrack-infos", test_heaptrack_infos);
  g_test_add_func ("/core/limits/heaptrack-inline-bomb", test_heaptrack_inline_bomb);
  g_test_add_func ("/core/limits/folded-deep", test_folded_deep);
  g_test_add_func ("/core/limits/massif-snapshots", test_massif_snapshots);
  g_test_add_func ("/core/limits/pickle-dicts", test_pickle_dicts);
  g_test_add_func ("/core/limits/pickle-tuples", test_pickle_tuples);
  for (guint i = 0; i < G_N_ELEMENTS (bombs); i++)
    {
      g_autofree char *name = g_strdup_printf ("/core/limits/bomb/%s", bombs[i].name);
      g_test_add_data_func (name, &bombs[i], test_bomb);
    }
  return g_test_run ();
}
