/* test-folded.c: folded stacks keep every line's weight, and export back the same
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/analysis/tide-flame-tree.h"
#include "core/tide-trace-error.h"
#include "tide-test-util.h"

/* stack -> summed weight, as flamegraph.pl reads a file */
static GHashTable *
read_folded (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GHashTable *stacks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *space = strrchr (lines[i], ' ');
      guint64 v;
      gsize len;

      if (space == NULL)
        continue;
      v = g_ascii_strtoull (space + 1, NULL, 10);
      /* heaptrack ends stacks with "; " */
      while (space > lines[i] && (space[-1] == ' ' || space[-1] == ';'))
        space--;
      len = space - lines[i];
      {
        g_autofree char *key = g_strndup (lines[i], len);

        if (v != 0)
          g_hash_table_insert (stacks, g_strdup (key),
                               GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (stacks, key)) + v));
      }
    }
  return stacks;
}

static void
test_round_trip (void)
{
  const char *names[] = { "ht_leaky.leaked.folded", "ht_cxx.peak.folded" };
  const guint64 totals[] = { 5141, 952824 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = tide_test_data_path (names[i]);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TideTrace) trace = tide_test_load (path, &error);
      TideFlameOptions options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, FALSE };
      g_autoptr(TideFlameTree) tree = NULL;
      GString *out = g_string_new (NULL);
      g_autoptr(GHashTable) before = NULL;
      g_autoptr(GHashTable) after = NULL;
      GHashTableIter iter;
      gpointer key, value;

      g_assert_no_error (error);
      g_assert_cmpstr (tide_trace_get_format_name (trace), ==, "folded");
      g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, ==, totals[i]);
      g_assert_false (tide_trace_counts_allocations (trace));

      /* what we write is what we read: the same stacks with the same weights */
      tree = tide_flame_tree_new (trace, &options);
      g_assert_cmpuint (tide_flame_tree_get_node (tree, 0)->total.peak_bytes, ==, totals[i]);
      tide_flame_tree_write_folded (tree, TIDE_METRIC_PEAK, out);
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      before = read_folded (text);
      after = read_folded (out->str);
      g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
      g_hash_table_iter_init (&iter, before);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_assert_cmpuint (GPOINTER_TO_SIZE (g_hash_table_lookup (after, key)), ==, GPOINTER_TO_SIZE (value));
      g_string_free (out, TRUE);
    }
}

static TideTrace *
load_text (const char  *text,
           GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-folded-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "stacks.txt", NULL);
  TideTrace *trace;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  trace = tide_test_load (path, error);
  g_unlink (path);
  g_rmdir (dir);
  return trace;
}

static void
test_syntax (void)
{
  g_autoptr(GError) error = NULL;
  /* duplicates add up; fractions round; CR and bad lines are skipped;
   * an interior empty frame is [unknown] */
  g_autoptr(TideTrace) trace = load_text ("main;f;g 10\n"
                                          "main;f;g 5\n"
                                          "main;;h 2.6\r\n"
                                          "# a comment 12x\n"
                                          "main;f 1\n"
                                          "no weight here\n", &error);
  TideFlameOptions options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, FALSE };
  g_autoptr(TideFlameTree) tree = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, ==, 10 + 5 + 3 + 1);
  tree = tide_flame_tree_new (trace, &options);
  tide_flame_tree_write_folded (tree, TIDE_METRIC_PEAK, out);
  g_assert_nonnull (strstr (out->str, "main;f;g 15\n"));
  g_assert_nonnull (strstr (out->str, "main;[unknown];h 3\n"));
  g_assert_nonnull (strstr (out->str, "main;f 1\n"));
  g_string_free (out, TRUE);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  /* starts like folded stacks, but no line carries a weight after all */
  g_assert_null (load_text ("main;f 1\x01\nmain;g -3\n", &error));
  g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNKNOWN_FORMAT);
  /* not sniffed as folded: no ';' on the first line */
  g_assert_null (load_text ("hello 12\nmain;f 3\n", &error2));
  g_assert_error (error2, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNKNOWN_FORMAT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/folded/round-trip", test_round_trip);
  g_test_add_func ("/core/folded/syntax", test_syntax);
  g_test_add_func ("/core/folded/errors", test_errors);

  return g_test_run ();
}
