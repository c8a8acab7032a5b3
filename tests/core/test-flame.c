/* test-flame.c: the flame tree keeps every byte and matches heaptrack_print's stacks
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/analysis/tide-flame-search.h"
#include "core/analysis/tide-flame-tree.h"
#include "tide-test-util.h"

static const TideMetric all_metrics[] = {
  TIDE_METRIC_PEAK, TIDE_METRIC_LEAKED, TIDE_METRIC_ALLOCATIONS, TIDE_METRIC_TEMPORARY, TIDE_METRIC_ALLOCATED,
};

static TideTrace *
load_data (const char *name)
{
  g_autofree char *path = tide_test_data_path (name);
  g_autoptr(GError) error = NULL;
  TideTrace *trace = tide_test_load (path, &error);

  g_assert_no_error (error);
  return trace;
}

/* Siblings in label order: function, module, file, line by strcmp(). */
static int
label_order (TideTrace *trace,
             guint32    a,
             guint32    b)
{
  const TideFrame *fa = tide_trace_get_frame (trace, a);
  const TideFrame *fb = tide_trace_get_frame (trace, b);
  int c;

  if ((c = strcmp (tide_trace_get_string (trace, fa->function), tide_trace_get_string (trace, fb->function))) != 0)
    return c;
  if ((c = strcmp (tide_trace_get_string (trace, fa->module), tide_trace_get_string (trace, fb->module))) != 0)
    return c;
  if ((c = strcmp (tide_trace_get_string (trace, fa->file), tide_trace_get_string (trace, fb->file))) != 0)
    return c;
  return (fa->line > fb->line) - (fa->line < fb->line);
}

/* Root totals, sums of self costs, parent >= sum of children, and every
 * sibling list in label order. */
static void
assert_tree_consistent (TideFlameTree *tree)
{
  TideTrace *trace = tide_flame_tree_get_trace (tree);
  const TideTotals *t = tide_trace_get_totals (trace);
  guint n = tide_flame_tree_get_n_nodes (tree);

  for (guint i = 0; i < n; i++)
    {
      guint32 prev = TIDE_FLAME_NO_NODE;

      for (guint32 c = tide_flame_tree_get_node (tree, i)->first_child; c != TIDE_FLAME_NO_NODE;
           prev = c, c = tide_flame_tree_get_node (tree, c)->next_sibling)
        if (prev != TIDE_FLAME_NO_NODE)
          g_assert_cmpint (label_order (trace, tide_flame_tree_get_node (tree, prev)->frame,
                                        tide_flame_tree_get_node (tree, c)->frame), <=, 0);
    }

  for (guint m = 0; m < G_N_ELEMENTS (all_metrics); m++)
    {
      TideMetric metric = all_metrics[m];
      guint64 self_sum = 0;

      g_assert_cmpuint (tide_cost_get (&tide_flame_tree_get_node (tree, 0)->total, metric), ==,
                        tide_cost_get (&t->cost, metric));

      for (guint i = 0; i < n; i++)
        {
          const TideFlameNode *node = tide_flame_tree_get_node (tree, i);
          guint64 children = 0;
          TideCost own;

          tide_flame_tree_get_self (tree, i, &own);
          self_sum += tide_cost_get (&own, metric);
          for (guint32 c = node->first_child; c != TIDE_FLAME_NO_NODE; c = tide_flame_tree_get_node (tree, c)->next_sibling)
            {
              g_assert_cmpuint (tide_flame_tree_get_node (tree, c)->parent, ==, i);
              g_assert_cmpuint (tide_flame_tree_get_depth (tree, c), ==, tide_flame_tree_get_depth (tree, i) + 1);
              children += tide_cost_get (&tide_flame_tree_get_node (tree, c)->total, metric);
            }
          /* no box holds less than its children: its own part did not wrap */
          g_assert_cmpuint (children, <=, tide_cost_get (&node->total, metric));
          g_assert_cmpuint (tide_cost_get (&node->total, metric), ==, children + tide_cost_get (&own, metric));
        }
      g_assert_cmpuint (self_sum, ==, tide_cost_get (&t->cost, metric));
    }
}

static void
test_consistent_all_options (void)
{
  const char *files[] = { "ht_leaky.zst", "ht_cxx.zst", "ht_python.zst" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(TideTrace) trace = load_data (files[f]);

      for (guint o = 0; o < 8; o++)
        {
          TideFlameOptions options = {
            .orientation = o & 1 ? TIDE_FLAME_BOTTOM_UP : TIDE_FLAME_TOP_DOWN,
            .merge = o & 2 ? TIDE_FLAME_MERGE_LINE : TIDE_FLAME_MERGE_FUNCTION,
            .hide_allocators = (o & 4) != 0,
          };
          g_autoptr(TideFlameTree) tree = tide_flame_tree_new (trace, &options);

          g_test_message ("%s options %u: %u boxes", files[f], o, tide_flame_tree_get_n_nodes (tree));
          assert_tree_consistent (tree);
        }
    }
}

/* Bottom-up, the first row holds the allocation sites: the same figures the
 * summary's per-site tables give, grouped by function. */
static void
test_bottom_up_sites (void)
{
  g_autoptr(TideTrace) trace = load_data ("ht_leaky.zst");
  TideFlameOptions options = { TIDE_FLAME_BOTTOM_UP, TIDE_FLAME_MERGE_LINE, FALSE };
  g_autoptr(TideFlameTree) tree = tide_flame_tree_new (trace, &options);
  g_autoptr(GArray) sites = tide_sites_collect (trace);
  guint first_row = 0;

  for (guint32 c = tide_flame_tree_get_node (tree, 0)->first_child; c != TIDE_FLAME_NO_NODE;
       c = tide_flame_tree_get_node (tree, c)->next_sibling)
    {
      const TideFlameNode *node = tide_flame_tree_get_node (tree, c);
      gboolean found = FALSE;

      for (guint s = 0; s < sites->len; s++)
        {
          const TideSite *site = &g_array_index (sites, TideSite, s);

          if (site->frame == node->frame)
            {
              g_assert_cmpmem (&site->cost, sizeof (TideCost), &node->total, sizeof (TideCost));
              found = TRUE;
            }
        }
      g_assert_true (found);
      first_row++;
    }
  g_assert_cmpuint (first_row, ==, sites->len);
}

/* Hiding allocator frames moves C++ allocations from std::allocator's
 * allocate() to the code that asked for them, and loses nothing. */
static void
test_hide_allocators (void)
{
  g_autoptr(TideTrace) trace = load_data ("ht_cxx.zst");
  TideFlameOptions shown = { TIDE_FLAME_BOTTOM_UP, TIDE_FLAME_MERGE_FUNCTION, FALSE };
  TideFlameOptions hidden = { TIDE_FLAME_BOTTOM_UP, TIDE_FLAME_MERGE_FUNCTION, TRUE };
  g_autoptr(TideFlameTree) a = tide_flame_tree_new (trace, &shown);
  g_autoptr(TideFlameTree) b = tide_flame_tree_new (trace, &hidden);
  guint allocators_a = 0, allocators_b = 0;

  for (guint32 c = tide_flame_tree_get_node (a, 0)->first_child; c != TIDE_FLAME_NO_NODE;
       c = tide_flame_tree_get_node (a, c)->next_sibling)
    {
      g_autofree char *label = tide_flame_tree_get_label (a, c);
      allocators_a += tide_function_is_allocator (label);
    }
  for (guint32 c = tide_flame_tree_get_node (b, 0)->first_child; c != TIDE_FLAME_NO_NODE;
       c = tide_flame_tree_get_node (b, c)->next_sibling)
    {
      g_autofree char *label = tide_flame_tree_get_label (b, c);
      allocators_b += tide_function_is_allocator (label);
    }
  g_assert_cmpuint (allocators_a, >, 0);
  g_assert_cmpuint (allocators_b, ==, 0);
  g_assert_cmpuint (tide_flame_tree_get_node (b, 0)->total.peak_bytes, ==, 952824);

  g_assert_true (tide_function_is_allocator ("malloc"));
  g_assert_true (tide_function_is_allocator ("operator new(unsigned long)"));
  g_assert_true (tide_function_is_allocator ("std::__new_allocator<double>::allocate(unsigned long, void const*)"));
  g_assert_true (tide_function_is_allocator ("PyMem_RawMalloc"));
  g_assert_false (tide_function_is_allocator ("main"));
  g_assert_false (tide_function_is_allocator ("make_buf"));
  g_assert_false (tide_function_is_allocator ("mallocate_things"));
  /* each kind of pattern: a name, a prefix, stars inside */
  g_assert_true (tide_function_is_allocator ("posix_memalign"));
  g_assert_false (tide_function_is_allocator ("posix_memalig"));
  g_assert_false (tide_function_is_allocator ("posix_memalign2"));
  g_assert_true (tide_function_is_allocator ("__libc_malloc"));
  g_assert_true (tide_function_is_allocator ("g_malloc0_n"));
  g_assert_false (tide_function_is_allocator ("g_mallo"));
  g_assert_true (tide_function_is_allocator ("operator new[](unsigned long)"));
  g_assert_false (tide_function_is_allocator ("operator"));
  g_assert_true (tide_function_is_allocator ("std::allocator<int>::allocate(unsigned long)"));
  g_assert_false (tide_function_is_allocator ("std::allocator<int>::deallocate(int*, unsigned long)"));
  g_assert_false (tide_function_is_allocator ("std::vector<int>::push_back(int const&)"));
  g_assert_false (tide_function_is_allocator (""));
}

static void
test_search (void)
{
  g_autoptr(TideTrace) trace = load_data ("ht_leaky.zst");
  TideFlameOptions options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, TRUE };
  g_autoptr(TideFlameTree) tree = tide_flame_tree_new (trace, &options);
  guint n = tide_flame_tree_get_n_nodes (tree);
  g_autofree guint8 *marks = g_new0 (guint8, n);
  g_autoptr(GError) error = NULL;
  guint64 matched = 0, expected = 0, marked = 0;
  g_autoptr(GArray) sites = tide_sites_collect (trace);

  /* independently: the peak of every site in make_buf */
  for (guint s = 0; s < sites->len; s++)
    {
      const TideSite *site = &g_array_index (sites, TideSite, s);
      const TideFrame *frame = tide_trace_get_frame (trace, site->frame);

      if (g_strcmp0 (tide_trace_get_string (trace, frame->function), "make_buf") == 0)
        expected += site->cost.peak_bytes;
    }
  g_assert_cmpuint (expected, ==, 1045);

  g_assert_true (tide_flame_search (tree, "MAKE_BUF", FALSE, TIDE_METRIC_PEAK, marks, &matched, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (matched, ==, expected);
  for (guint i = 0; i < n; i++)
    marked += marks[i];
  g_assert_cmpuint (marked, ==, 2); /* under leak_some and under grow */

  /* main holds everything below it: the whole heap at the peak, less the
   * emergency pool that libstdc++ allocates before main */
  g_assert_true (tide_flame_search (tree, "^main$", TRUE, TIDE_METRIC_PEAK, marks, &matched, &error));
  g_assert_cmpuint (matched, ==, 1122325 - 72704);

  g_assert_false (tide_flame_search (tree, "(unclosed", TRUE, TIDE_METRIC_PEAK, marks, &matched, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_REGEX_ERROR);

  g_clear_error (&error);
  g_assert_true (tide_flame_search (tree, "", FALSE, TIDE_METRIC_PEAK, marks, &matched, NULL));
  g_assert_cmpuint (matched, ==, 0);
}

/* heaptrack_print -F per stack: stacks printing identically are summed. */
static GArray *
heaptrack_stack_values (const char *trace_path,
                        const char *cost_type)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-flame-XXXXXX", NULL);
  g_autofree char *folded = g_build_filename (dir, "out.folded", NULL);
  const char *argv[] = {
    "heaptrack_print", trace_path, "--disable-builtin-suppressions", "--disable-embedded-suppressions",
    "--print-peaks=0", "--print-allocators=0", "--print-temporary=0",
    "--flamegraph-cost-type", cost_type, "-F", folded, NULL
  };
  g_autofree char *out = tide_test_run (argv, NULL, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) per_stack = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;
  GArray *values = g_array_new (FALSE, FALSE, sizeof (guint64));
  GHashTableIter iter;
  gpointer key, value;

  if (out == NULL || !g_file_get_contents (folded, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *space = strrchr (lines[i], ' ');
      guint64 v;

      if (space == NULL)
        continue;
      v = g_ascii_strtoull (space + 1, NULL, 10);
      *space = '\0';
      g_hash_table_insert (per_stack, g_strdup (lines[i]),
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (per_stack, lines[i])) + v));
    }
  g_hash_table_iter_init (&iter, per_stack);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint64 v = GPOINTER_TO_SIZE (value);

      if (v != 0)
        g_array_append_val (values, v);
    }
  g_unlink (folded);
  g_rmdir (dir);
  return values;
}

static GArray *
our_stack_values (TideFlameTree *tree,
                  TideMetric     metric)
{
  GString *folded = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  GArray *values = g_array_new (FALSE, FALSE, sizeof (guint64));

  tide_flame_tree_write_folded (tree, metric, folded);
  lines = g_strsplit (folded->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *space = strrchr (lines[i], ' ');

      if (space != NULL)
        {
          guint64 v = g_ascii_strtoull (space + 1, NULL, 10);
          g_array_append_val (values, v);
        }
    }
  g_string_free (folded, TRUE);
  return values;
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

static void
assert_folded_matches (const char *path)
{
  const struct { TideMetric metric; const char *cost_type; } kinds[] = {
    { TIDE_METRIC_PEAK, "peak" }, { TIDE_METRIC_LEAKED, "leaked" },
    { TIDE_METRIC_ALLOCATIONS, "allocations" }, { TIDE_METRIC_TEMPORARY, "temporary" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (path, &error);
  /* heaptrack_print merges by function and shows every frame */
  TideFlameOptions options = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, FALSE };
  g_autoptr(TideFlameTree) tree = NULL;

  g_assert_no_error (error);
  tree = tide_flame_tree_new (trace, &options);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GArray) theirs = heaptrack_stack_values (path, kinds[k].cost_type);
      g_autoptr(GArray) ours = our_stack_values (tree, kinds[k].metric);
      guint64 sum = 0;

      g_assert_nonnull (theirs);
      g_test_message ("%s %s: %u stacks here, %u in heaptrack_print", path, kinds[k].cost_type, ours->len, theirs->len);
      g_array_sort (theirs, compare_u64);
      g_array_sort (ours, compare_u64);
      g_assert_cmpuint (ours->len, ==, theirs->len);
      for (guint i = 0; i < ours->len; i++)
        {
          g_assert_cmpuint (g_array_index (ours, guint64, i), ==, g_array_index (theirs, guint64, i));
          sum += g_array_index (ours, guint64, i);
        }
      g_assert_cmpuint (sum, ==, tide_cost_get (&tide_trace_get_totals (trace)->cost, kinds[k].metric));
    }
}

static void
test_folded_samples (void)
{
  const char *files[] = { "ht_leaky.zst", "ht_cxx.zst" };

  if (!tide_test_have ("heaptrack_print"))
    {
      g_test_skip ("heaptrack_print is not installed");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = tide_test_data_path (files[i]);
      assert_folded_matches (path);
    }
}

static void
test_folded_recorded (void)
{
  g_autoptr(TideTestTmpDir) dir = tide_test_tmp_dir_new ("tide-flame-rec-XXXXXX");
  g_autofree char *path = tide_test_record_heaptrack (dir, "cxxalloc.cpp", "g++");

  if (path == NULL)
    {
      g_test_skip ("heaptrack or g++ is not installed");
      return;
    }
  assert_folded_matches (path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/flame/consistent", test_consistent_all_options);
  g_test_add_func ("/core/flame/bottom-up-sites", test_bottom_up_sites);
  g_test_add_func ("/core/flame/hide-allocators", test_hide_allocators);
  g_test_add_func ("/core/flame/search", test_search);
  g_test_add_func ("/core/flame/folded-samples", test_folded_samples);
  g_test_add_func ("/core/flame/folded-recorded", test_folded_recorded);

  return g_test_run ();
}
