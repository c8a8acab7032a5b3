/* test-fuzz-regressions.c: every input the fuzzers found a fault with now fails cleanly, at its place
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each file of tests/data/fuzz-regressions/ is what a fuzz/ target found
 * (named TARGET-what); it is read by the same reader the target drives and
 * must fail with the error code and position listed here. A file without
 * an entry fails the test, so no finding goes unchecked.
 */
#include "config.h"

#include <string.h>

#include "core/formats/tide-folded-reader.h"
#include "core/formats/tide-heaptrack-reader.h"
#include "core/formats/tide-massif-reader.h"
#include "core/formats/tide-tracemalloc-reader.h"
#include "core/tide-trace-error.h"
#include "core/tide-trace-loader.h"
#include "tide-test-util.h"

typedef TideTrace *(*Reader) (TideByteSource *, GCancellable *, GError **);

typedef struct
{
  const char *file;
  Reader      read;   /* NULL: through tide_trace_load_bytes, as fuzz-compressed */
  int         code;
  const char *where;  /* in the message */
} Regression;

static const Regression regressions[] = {
  /* UBSan: memset (NULL, 0, 0) of the snapshot reader's caches */
  { "tracemalloc-empty.pickle", tide_tracemalloc_read, TIDE_TRACE_ERROR_TRUNCATED, "byte 0:" },
  /* UBSan: &stack[0] of a stack never allocated, MARK then TUPLE */
  { "tracemalloc-mark-tuple-no-stack.pickle", tide_tracemalloc_read, TIDE_TRACE_ERROR_CORRUPT,
    "byte 83: memo index 265 was never stored" },
  /* UBSan: memcpy to the tuple items before any were allocated, an empty TUPLE */
  { "tracemalloc-empty-tuple-no-items.pickle", tide_tracemalloc_read, TIDE_TRACE_ERROR_TRUNCATED,
    "byte 45: the pickle ends inside an instruction" },
  /* UBSan: the decoding thread's chunk made a slice of a zstd ring not
   * made yet, when the first frame's header is refused */
  { "massif-zstd-bad-frame-header.zst", tide_massif_read, TIDE_TRACE_ERROR_CORRUPT,
    "zstd data is corrupt near byte 0: Unsupported frame parameter" },
};

static void
test_regression (gconstpointer data)
{
  const Regression *reg = data;
  g_autofree char *name = g_build_filename ("fuzz-regressions", reg->file, NULL);
  g_autofree char *path = tide_test_data_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = g_bytes_new_take (contents, len);
  if (reg->read == NULL)
    trace = tide_trace_load_bytes (bytes, NULL, &error);
  else
    {
      g_autoptr(TideByteSource) source = tide_byte_source_new_for_bytes (bytes);

      trace = reg->read (source, NULL, &error);
    }

  g_assert_null (trace);
  g_assert_error (error, TIDE_TRACE_ERROR, reg->code);
  if (strstr (error->message, reg->where) == NULL)
    g_error ("%s: expected “%s” in “%s”", reg->file, reg->where, error->message);
}

/* Every file in the folder has its entry. */
static void
test_all_listed (void)
{
  g_autofree char *dir_path = tide_test_data_path ("fuzz-regressions");
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean listed = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (regressions); i++)
        listed |= g_str_equal (regressions[i].file, name);
      if (!listed)
        g_error ("tests/data/fuzz-regressions/%s has no entry in test-fuzz-regressions.c", name);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (regressions));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (regressions); i++)
    {
      g_autofree char *test = g_strdup_printf ("/core/fuzz-regressions/%s", regressions[i].file);

      g_test_add_data_func (test, &regressions[i], test_regression);
    }
  g_test_add_func ("/core/fuzz-regressions/all-listed", test_all_listed);
  return g_test_run ();
}
