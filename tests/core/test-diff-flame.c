/* test-diff-flame.c: the differential flame tree matches frames as tide-diff does, and keeps every byte
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/analysis/tide-diff-flame.h"
#include "tide-test-util.h"

typedef struct
{
  TideTrace *trace;
  guint64   *size;
  guint64   *count;
} Side;

static void
side_load (Side       *side,
           const char *path)
{
  g_autoptr(GError) error = NULL;

  side->trace = tide_test_load (path, &error);
  g_assert_no_error (error);
  tide_diff_side_at_peak (side->trace, &side->size, &side->count);
}

static void
side_load_data (Side       *side,
                const char *name)
{
  g_autofree char *path = tide_test_data_path (name);

  side_load (side, path);
}

static void
side_clear (Side *side)
{
  g_clear_object (&side->trace);
  g_clear_pointer (&side->size, g_free);
  g_clear_pointer (&side->count, g_free);
}

static TideDiffFlame *
diff_flame (Side                   *before,
            Side                   *after,
            const TideFlameOptions *options)
{
  TideDiffSide b = { before->trace, before->size, before->count };
  TideDiffSide a = { after->trace, after->size, after->count };

  return tide_diff_flame_new (&b, &a, TIDE_METRIC_PEAK, options);
}

static guint64
side_sum (const guint64 *values,
          TideTrace     *trace)
{
  guint64 sum = 0;

  for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
    sum += values[i];
  return sum;
}

/* Totals are self plus children on both sides; widths likewise, with a
 * vanished box holding its "before" value and every other its "after". */
static void
assert_consistent (TideDiffFlame *diff)
{
  guint n = tide_diff_flame_get_n_nodes (diff);

  for (guint i = 0; i < n; i++)
    {
      const TideDiffFlameNode *node = tide_diff_flame_get_node (diff, i);
      guint64 size[2] = { node->self_size[0], node->self_size[1] };
      guint64 count[2] = { node->self_count[0], node->self_count[1] };
      gboolean before = node->size[0] != 0 || node->count[0] != 0;
      gboolean after = node->size[1] != 0 || node->count[1] != 0;
      guint64 width = after ? node->self_size[1] : node->self_size[0];
      guint32 previous = TIDE_FLAME_NO_NODE;

      for (guint32 c = node->first_child; c != TIDE_FLAME_NO_NODE; c = tide_diff_flame_get_node (diff, c)->next_sibling)
        {
          const TideDiffFlameNode *child = tide_diff_flame_get_node (diff, c);

          g_assert_cmpuint (child->parent, ==, i);
          g_assert_cmpuint (child->depth, ==, node->depth + 1);
          for (guint s = 0; s < 2; s++)
            {
              size[s] += child->size[s];
              count[s] += child->count[s];
            }
          width += child->width;
          /* siblings in key order, each key once */
          if (previous != TIDE_FLAME_NO_NODE)
            g_assert_cmpint (tide_diff_frame_key_compare (tide_diff_flame_get_key (diff, previous),
                                                          tide_diff_flame_get_key (diff, c)), <, 0);
          previous = c;
        }
      for (guint s = 0; s < 2; s++)
        {
          g_assert_cmpuint (node->size[s], ==, size[s]);
          g_assert_cmpuint (node->count[s], ==, count[s]);
        }
      g_assert_cmpuint (node->width, ==, width);
      /* every box holds something on some side */
      g_assert_true (i == 0 || before || after);
      g_assert_cmpint ((node->flags & TIDE_DIFF_FLAME_BEFORE_ONLY) != 0, ==, before && !after);
      g_assert_cmpint ((node->flags & TIDE_DIFF_FLAME_AFTER_ONLY) != 0, ==, after && !before);
      if (node->flags & TIDE_DIFF_FLAME_BEFORE_ONLY)
        g_assert_cmpuint (node->width, ==, node->size[0]);
      g_assert_cmpuint (node->width, >=, node->size[1]);
      g_assert_cmpint (tide_diff_flame_get_delta (diff, i), ==, (gint64) node->size[1] - (gint64) node->size[0]);
    }
}

static const TideFlameOptions all_options[] = {
  { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, FALSE },
  { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_LINE, FALSE },
  { TIDE_FLAME_BOTTOM_UP, TIDE_FLAME_MERGE_FUNCTION, FALSE },
  { TIDE_FLAME_BOTTOM_UP, TIDE_FLAME_MERGE_LINE, TRUE },
  { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, TRUE },
};

/* Two tracemalloc dumps: the roots hold each dump's live bytes and blocks. */
static void
test_tracemalloc_roots (void)
{
  Side before = { 0 }, after = { 0 };

  side_load_data (&before, "tm_before.pickle");
  side_load_data (&after, "tm_after.pickle");
  for (guint o = 0; o < G_N_ELEMENTS (all_options); o++)
    {
      g_autoptr(TideDiffFlame) diff = diff_flame (&before, &after, &all_options[o]);
      const TideDiffFlameNode *root = tide_diff_flame_get_node (diff, 0);

      g_test_message ("options %u: %u boxes", o, tide_diff_flame_get_n_nodes (diff));
      g_assert_cmpuint (root->size[TIDE_DIFF_BEFORE], ==, 180030);
      g_assert_cmpuint (root->size[TIDE_DIFF_AFTER], ==, 935214);
      g_assert_cmpuint (tide_diff_flame_get_value (diff, 0, TIDE_DIFF_BEFORE), ==, 180030);
      g_assert_cmpint (tide_diff_flame_get_delta (diff, 0), ==, 935214 - 180030);
      g_assert_cmpuint (root->count[TIDE_DIFF_BEFORE], ==, side_sum (before.count, before.trace));
      g_assert_cmpuint (root->count[TIDE_DIFF_AFTER], ==, side_sum (after.count, after.trace));
      g_assert_cmpuint (root->flags, ==, 0);
      g_assert_true (tide_diff_flame_get_trace (diff, TIDE_DIFF_BEFORE) == before.trace);
      g_assert_true (tide_diff_flame_get_trace (diff, TIDE_DIFF_AFTER) == after.trace);
      assert_consistent (diff);
    }
  side_clear (&before);
  side_clear (&after);
}

/* Top-down, every stack end of the tree is one of tide_diff_compute()'s
 * traceback rows, with the same frames, sizes, counts and deltas. */
static void
test_matches_traceback_rows (void)
{
  Side before = { 0 }, after = { 0 };
  TideFlameOptions options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_LINE, FALSE };
  g_autoptr(TideDiffFlame) diff = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) by_site = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint ends = 0, before_only = 0, after_only = 0;
  TideDiffSide b, a;

  side_load_data (&before, "tm_before.pickle");
  side_load_data (&after, "tm_after.pickle");
  b = (TideDiffSide) { before.trace, before.size, before.count };
  a = (TideDiffSide) { after.trace, after.size, after.count };
  diff = tide_diff_flame_new (&b, &a, TIDE_METRIC_PEAK, &options);
  rows = tide_diff_compute (&b, &a, TIDE_DIFF_BY_TRACEBACK);

  for (guint r = 0; r < rows->len; r++)
    {
      TideDiffRow *row = g_ptr_array_index (rows, r);
      GString *site = g_string_new (NULL);

      for (guint k = 0; k < row->frames->len; k++)
        g_string_append_printf (site, "%s%s", k > 0 ? "|" : "", (const char *) g_ptr_array_index (row->frames, k));

      g_hash_table_insert (by_site, g_string_free (site, FALSE), row);
    }

  for (guint i = 1; i < tide_diff_flame_get_n_nodes (diff); i++)
    {
      const TideDiffFlameNode *node = tide_diff_flame_get_node (diff, i);
      g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *site = NULL;
      TideDiffRow *row;

      before_only += (node->flags & TIDE_DIFF_FLAME_BEFORE_ONLY) != 0;
      after_only += (node->flags & TIDE_DIFF_FLAME_AFTER_ONLY) != 0;
      if (node->self_size[0] == 0 && node->self_size[1] == 0 && node->self_count[0] == 0 && node->self_count[1] == 0)
        continue;
      for (guint32 n = i; n != 0; n = tide_diff_flame_get_node (diff, n)->parent)
        g_ptr_array_insert (path, 0, tide_diff_frame_key_to_string (tide_diff_flame_get_key (diff, n)));
      g_ptr_array_add (path, NULL);
      site = g_strjoinv ("|", (char **) path->pdata);
      row = g_hash_table_lookup (by_site, site);
      g_assert_nonnull (row);
      g_assert_cmpint (row->size, ==, (gint64) node->self_size[1]);
      g_assert_cmpint (row->size_diff, ==, (gint64) node->self_size[1] - (gint64) node->self_size[0]);
      g_assert_cmpint (row->count, ==, (gint64) node->self_count[1]);
      g_assert_cmpint (row->count_diff, ==, (gint64) node->self_count[1] - (gint64) node->self_count[0]);
      ends++;
    }
  g_test_message ("%u rows, %u boxes only before, %u only after", rows->len, before_only, after_only);
  g_assert_cmpuint (ends, ==, rows->len);
  /* the second dump has new code paths: the new boxes are marked */
  g_assert_cmpuint (after_only, >, 0);
  side_clear (&before);
  side_clear (&after);
}

/* What one side alone has is marked, and a vanished box keeps its room. */
static void
test_one_side_only (void)
{
  Side before = { 0 }, after = { 0 };
  TideFlameOptions options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_LINE, FALSE };
  g_autoptr(TideDiffFlame) diff = NULL;
  TideTrace *trace;
  g_autofree gboolean *has_child = NULL;
  guint32 largest = 0, found = TIDE_FLAME_NO_NODE;
  guint64 removed;
  const TideDiffFlameNode *root;

  side_load_data (&before, "ht_leaky.zst");
  side_load_data (&after, "ht_leaky.zst");
  trace = after.trace;
  /* "after" loses the largest stack that no other stack passes through
   * (main's 1 MiB calloc); one box per line, its box is left with nothing */
  has_child = g_new0 (gboolean, tide_trace_get_n_nodes (trace));
  for (guint i = 1; i < tide_trace_get_n_nodes (trace); i++)
    has_child[tide_trace_get_node (trace, i)->parent] = TRUE;
  for (guint i = 1; i < tide_trace_get_n_nodes (trace); i++)
    if (!has_child[i] && after.size[i] > after.size[largest])
      largest = i;
  removed = after.size[largest];
  g_assert_cmpuint (removed, ==, 1048576);
  after.size[largest] = after.count[largest] = 0;
  diff = diff_flame (&before, &after, &options);
  assert_consistent (diff);

  root = tide_diff_flame_get_node (diff, 0);
  g_assert_cmpint (tide_diff_flame_get_delta (diff, 0), ==, -(gint64) removed);
  g_assert_cmpuint (root->width, ==, root->size[TIDE_DIFF_AFTER] + removed);
  for (guint i = 1; i < tide_diff_flame_get_n_nodes (diff); i++)
    {
      const TideDiffFlameNode *node = tide_diff_flame_get_node (diff, i);

      g_assert_false (node->flags & TIDE_DIFF_FLAME_AFTER_ONLY);
      if ((node->flags & TIDE_DIFF_FLAME_BEFORE_ONLY) && node->self_size[0] == removed)
        found = i;
    }
  g_assert_cmpuint (found, !=, TIDE_FLAME_NO_NODE);
  g_assert_cmpuint (tide_diff_flame_get_node (diff, found)->width, ==, removed);
  g_assert_cmpint (tide_diff_flame_get_delta (diff, found), ==, -(gint64) removed);
  side_clear (&before);
  side_clear (&after);
}

/* Two heaptrack runs of one program: libraries load elsewhere and unnamed
 * frames have other addresses, yet every box matches and nothing changed. */
static void
test_heaptrack_runs (void)
{
  g_autofree char *d1 = g_dir_make_tmp ("tide-dflame-a-XXXXXX", NULL);
  g_autofree char *d2 = g_dir_make_tmp ("tide-dflame-b-XXXXXX", NULL);
  g_autofree char *a = tide_test_record_heaptrack (d1, "leaky.c", "gcc");
  g_autofree char *b = tide_test_record_heaptrack (d2, "leaky.c", "gcc");
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s' '%s'", d1, d2);
  Side before = { 0 }, after = { 0 };

  if (a == NULL || b == NULL)
    {
      g_test_skip ("heaptrack or gcc is not installed");
      g_assert_cmpint (system (rm), ==, 0);
      return;
    }
  side_load (&before, a);
  side_load (&after, b);
  for (guint o = 0; o < G_N_ELEMENTS (all_options); o++)
    {
      g_autoptr(TideDiffFlame) diff = diff_flame (&before, &after, &all_options[o]);

      assert_consistent (diff);
      g_assert_cmpuint (tide_diff_flame_get_node (diff, 0)->size[0], >, 0);
      for (guint i = 0; i < tide_diff_flame_get_n_nodes (diff); i++)
        {
          const TideDiffFlameNode *node = tide_diff_flame_get_node (diff, i);

          g_assert_cmpint (tide_diff_flame_get_delta (diff, i), ==, 0);
          g_assert_cmpuint (node->count[0], ==, node->count[1]);
          g_assert_cmpuint (node->flags, ==, 0);
          g_assert_cmpuint (node->width, ==, node->size[1]);
          /* matched: both sides name the box */
          g_assert_true (i == 0 || (node->frame[0] != 0 && node->frame[1] != 0));
        }
    }
  side_clear (&before);
  side_clear (&after);
  g_assert_cmpint (system (rm), ==, 0);
}

/* A box of either side's own flame graph finds its match and back. */
static void
test_flame_mapping (void)
{
  Side before = { 0 }, after = { 0 };
  TideFlameOptions options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, TRUE };
  g_autoptr(TideDiffFlame) diff = NULL;
  guint mapped = 0;

  side_load_data (&before, "tm_before.pickle");
  side_load_data (&after, "tm_after.pickle");
  diff = diff_flame (&before, &after, &options);
  for (TideDiffWhich which = TIDE_DIFF_BEFORE; which <= TIDE_DIFF_AFTER; which++)
    {
      g_autoptr(TideFlameTree) tree = tide_flame_tree_new (tide_diff_flame_get_trace (diff, which), &options);

      for (guint32 f = 1; f < tide_flame_tree_get_n_nodes (tree); f++)
        {
          guint32 d;
          g_autofree char *flame_label = NULL;
          g_autofree char *diff_label = NULL;

          if (tide_flame_tree_get_node (tree, f)->total.peak_bytes == 0)
            continue;
          d = tide_diff_flame_from_flame (diff, which, tree, f);
          g_assert_cmpuint (d, !=, 0);
          flame_label = tide_flame_tree_get_label (tree, f);
          diff_label = tide_diff_flame_get_label (diff, d);
          g_assert_cmpstr (flame_label, ==, diff_label);
          g_assert_cmpuint (tide_diff_flame_get_value (diff, d, which), ==,
                            tide_flame_tree_get_node (tree, f)->total.peak_bytes);
          g_assert_cmpuint (tide_diff_flame_to_flame (diff, which, tree, d), ==, f);
          mapped++;
        }
      g_assert_cmpuint (tide_diff_flame_from_flame (diff, which, tree, 0), ==, 0);
      g_assert_cmpuint (tide_diff_flame_to_flame (diff, which, tree, 0), ==, 0);
    }
  g_assert_cmpuint (mapped, >, 100);
  side_clear (&before);
  side_clear (&after);
}

static void
test_search (void)
{
  Side before = { 0 }, after = { 0 };
  TideFlameOptions options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_LINE, FALSE };
  g_autoptr(TideDiffFlame) diff = NULL;
  g_autofree guint8 *marks = NULL;
  g_autoptr(GError) error = NULL;
  guint64 matched = 0, marked = 0;
  guint n;

  side_load_data (&before, "tm_before.pickle");
  side_load_data (&after, "tm_after.pickle");
  diff = diff_flame (&before, &after, &options);
  n = tide_diff_flame_get_n_nodes (diff);
  marks = g_new0 (guint8, n);

  /* every stack starts in the workload's script */
  g_assert_true (tide_diff_flame_search (diff, "TM_PAIR", FALSE, marks, &matched, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    marked += marks[i];
  g_assert_cmpuint (marked, >, 0);
  g_assert_cmpuint (matched, <=, 935214);
  g_assert_cmpuint (matched, >, 0);

  g_assert_false (tide_diff_flame_search (diff, "(unclosed", TRUE, marks, &matched, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_REGEX_ERROR);
  g_assert_true (tide_diff_flame_search (diff, "", FALSE, marks, &matched, NULL));
  g_assert_cmpuint (matched, ==, 0);
  side_clear (&before);
  side_clear (&after);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/diff-flame/tracemalloc-roots", test_tracemalloc_roots);
  g_test_add_func ("/core/diff-flame/traceback-rows", test_matches_traceback_rows);
  g_test_add_func ("/core/diff-flame/one-side-only", test_one_side_only);
  g_test_add_func ("/core/diff-flame/heaptrack-runs", test_heaptrack_runs);
  g_test_add_func ("/core/diff-flame/flame-mapping", test_flame_mapping);
  g_test_add_func ("/core/diff-flame/search", test_search);

  return g_test_run ();
}
