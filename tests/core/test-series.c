/* test-series.c: several tracemalloc dumps opened as one series
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/analysis/tide-replay.h"
#include "core/formats/tide-tracemalloc-reader.h"
#include "core/tide-format.h"
#include "core/tide-trace-error.h"
#include "core/tide-trace-loader.h"
#include "tide-test-util.h"

/* "file:line;file:line" of a node, outermost first. */
static char *
node_path (TideTrace *trace,
           guint32    node)
{
  GString *path = g_string_new (NULL);

  for (; node != 0; node = tide_trace_get_node (trace, node)->parent)
    {
      const TideFrame *f = tide_trace_get_frame (trace, tide_trace_get_node (trace, node)->frame);

      g_string_prepend_c (path, ';');
      g_string_prepend (path, tide_trace_get_string (trace, f->function));
    }
  return g_string_free (path, FALSE);
}

/* Bytes per stack path, without the empty ones: what a flame graph of
 * @costs draws. */
static GHashTable *
bytes_by_path (TideTrace      *trace,
               const TideCost *costs)
{
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint32 n = 1; n < tide_trace_get_n_nodes (trace); n++)
    if (costs[n].peak_bytes != 0)
      g_hash_table_insert (map, node_path (trace, n), GSIZE_TO_POINTER ((gsize) costs[n].peak_bytes));
  return map;
}

static void
assert_same_bytes (GHashTable *a,
                   GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpuint (GPOINTER_TO_SIZE (value), ==, GPOINTER_TO_SIZE (g_hash_table_lookup (b, key)));
}

static GFile *
data_file (const char *name)
{
  g_autofree char *path = tide_test_data_path (name);

  return g_file_new_for_path (path);
}

/* tm_before then tm_after: two samples, each the heap of its dump, and at
 * each instant the same flame graph as the dump loaded alone. */
static void
test_two_dumps (void)
{
  const char *names[] = { "tm_before.pickle", "tm_after.pickle" };
  const guint64 heaps[] = { 180030, 935214 };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) series = NULL;
  g_autoptr(TideReplay) replay = NULL;
  g_autofree char *when = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (files, data_file (names[i]));
  series = tide_tracemalloc_read_series (files, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (tide_trace_get_format_name (series), ==, "tracemalloc");
  g_assert_cmpint (tide_trace_get_time_unit (series), ==, TIDE_TIME_UNIT_SNAPSHOTS);
  g_assert_cmpuint (tide_trace_get_n_samples (series), ==, 2);
  g_assert_cmpuint (tide_trace_get_totals (series)->cost.peak_bytes, ==, 935214);
  g_assert_cmpuint (tide_trace_get_totals (series)->peak_time_ms, ==, 1);
  g_assert_cmpuint (tide_trace_get_totals (series)->cost.leaked_bytes, ==, 935214);
  when = tide_format_trace_time (series, 1);
  g_assert_cmpstr (when, ==, "snapshot 2");

  replay = tide_replay_new (series, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      TideTimelineSample s = tide_trace_get_sample (series, i);
      g_autofree char *path = tide_test_data_path (names[i]);
      g_autoptr(TideTrace) alone = tide_test_load (path, &error);
      g_autofree TideCost *costs = NULL;
      g_autofree TideCost *alone_costs = NULL;
      g_autoptr(GHashTable) ours = NULL;
      g_autoptr(GHashTable) theirs = NULL;
      guint64 total = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (s.time_ms, ==, i);
      g_assert_cmpuint (s.heap_bytes, ==, heaps[i]);
      /* nothing is known between two dumps: no spread */
      g_assert_cmpuint (s.heap_max_bytes, ==, heaps[i]);
      g_assert_cmpuint (s.heap_min_bytes, ==, heaps[i]);
      g_assert_cmpuint (s.live_allocations, ==, tide_trace_get_totals (alone)->cost.allocations);

      /* the heap at the instant, as the session asks for it */
      costs = tide_replay_live_at (replay, tide_trace_event_index_at_time (series, i));
      for (guint32 n = 0; n < tide_trace_get_n_nodes (series); n++)
        total += costs[n].peak_bytes;
      g_assert_cmpuint (total, ==, heaps[i]);
      ours = bytes_by_path (series, costs);
      alone_costs = g_new0 (TideCost, tide_trace_get_n_nodes (alone));
      for (guint32 n = 0; n < tide_trace_get_n_nodes (alone); n++)
        alone_costs[n] = *tide_trace_get_node_cost (alone, n);
      theirs = bytes_by_path (alone, alone_costs);
      assert_same_bytes (ours, theirs);
    }
}

static GFile *
copy_with_mtime (const char *dir,
                 const char *name,
                 const char *as,
                 guint64     mtime)
{
  g_autoptr(GFile) from = data_file (name);
  g_autofree char *path = g_build_filename (dir, as, NULL);
  GFile *to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_file_set_attribute_uint64 (to, G_FILE_ATTRIBUTE_TIME_MODIFIED, mtime, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  return to;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Chosen together in any order, or a folder: the oldest dump comes first,
 * names break ties in their numbers' order. */
static void
test_order_and_loader (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-series-XXXXXX", NULL);
  /* named against their age: the newest sorts first by name */
  g_autoptr(GFile) a = copy_with_mtime (dir, "tm_after.pickle", "a.pickle", 1700000200);
  g_autoptr(GFile) b = copy_with_mtime (dir, "tm_before.pickle", "b.pickle", 1700000100);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  GFile *chosen[] = { a, b };
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) series = NULL;
  g_autoptr(TideTrace) from_folder = NULL;
  g_autoptr(GPtrArray) ties = g_ptr_array_new_with_free_func (g_object_unref);

  series = tide_trace_load_files (chosen, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tide_trace_get_n_samples (series), ==, 2);
  g_assert_cmpuint (tide_trace_get_sample (series, 0).heap_bytes, ==, 180030);
  g_assert_cmpuint (tide_trace_get_sample (series, 1).heap_bytes, ==, 935214);

  /* a folder is the series of the dumps in it; other files are passed over */
  {
    g_autofree char *notes = g_build_filename (dir, "notes.txt", NULL);

    g_assert_true (g_file_set_contents (notes, "not a dump\n", -1, NULL));
  }
  from_folder = tide_trace_load_file (folder, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tide_trace_get_n_samples (from_folder), ==, 2);
  g_assert_cmpuint (tide_trace_get_sample (from_folder, 0).heap_bytes, ==, 180030);

  /* the same time: by name, dump2 before dump10 */
  g_ptr_array_add (ties, copy_with_mtime (dir, "tm_before.pickle", "dump10.pickle", 1700000000));
  g_ptr_array_add (ties, copy_with_mtime (dir, "tm_before.pickle", "dump2.pickle", 1700000000));
  tide_tracemalloc_sort_series (ties, NULL);
  {
    g_autofree char *first = g_file_get_basename (g_ptr_array_index (ties, 0));

    g_assert_cmpstr (first, ==, "dump2.pickle");
  }
  remove_dir (dir);
}

/* Several files that are not all dumps are no series: the caller opens
 * them one by one. */
static void
test_not_a_series (void)
{
  g_autoptr(GFile) dump = data_file ("tm_before.pickle");
  g_autoptr(GFile) heaptrack = data_file ("ht_leaky.zst");
  GFile *files[] = { dump, heaptrack };
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_trace_load_files (files, 2, NULL, &error);
  g_autofree char *dir = g_dir_make_tmp ("tide-series-empty-XXXXXX", NULL);
  g_autoptr(GFile) empty = g_file_new_for_path (dir);
  g_autoptr(GError) empty_error = NULL;
  g_autoptr(TideTrace) none = tide_trace_load_file (empty, NULL, &empty_error);

  g_assert_null (trace);
  g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_NOT_A_SERIES);
  g_assert_nonnull (strstr (error->message, "ht_leaky.zst"));
  g_assert_null (none);
  g_assert_error (empty_error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_EMPTY);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/series/two-dumps", test_two_dumps);
  g_test_add_func ("/core/series/order-and-loader", test_order_and_loader);
  g_test_add_func ("/core/series/not-a-series", test_not_a_series);

  return g_test_run ();
}
