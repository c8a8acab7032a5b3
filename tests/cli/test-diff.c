/* test-diff.c: `tidemark diff` orders and counts exactly as compare_to does
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "tide-test-util.h"

static char *
run_tidemark (const char * const *args,
              int                *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) g_getenv ("TIDEMARK_BIN"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return tide_test_run ((const char * const *) argv->pdata, NULL, status);
}

/* Every row, in order, against Python's compare_to. */
static void
check_grouping (const char *ours,
                const char *python_key)
{
  g_autofree char *before = tide_test_data_path ("tm_before.pickle");
  g_autofree char *after = tide_test_data_path ("tm_after.pickle");
  g_autofree char *script = tide_test_data_path ("tm_compare.py");
  g_autofree char *group = g_strconcat ("--group-by=", ours, NULL);
  const char *args[] = { "diff", "--json", "--top=0", group, before, after, NULL };
  const char *py[] = { "python3", script, before, after, python_key, NULL };
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  JsonArray *rows, *want;
  int status;

  if (!tide_test_have ("python3"))
    {
      g_test_skip ("python3 is not installed");
      return;
    }
  out = run_tidemark (args, &status);
  g_assert_cmpint (status, ==, 0);
  expected = tide_test_run (py, NULL, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (p1, out, -1, NULL));
  g_assert_true (json_parser_load_from_data (p2, expected, -1, NULL));

  rows = json_object_get_array_member (json_node_get_object (json_parser_get_root (p1)), "rows");
  want = json_node_get_array (json_parser_get_root (p2));
  g_test_message ("%s: %u rows", ours, json_array_get_length (want));
  g_assert_cmpuint (json_array_get_length (rows), ==, json_array_get_length (want));
  for (guint i = 0; i < json_array_get_length (want); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonArray *w = json_array_get_array_element (want, i);
      JsonArray *frames = json_array_get_array_element (w, 0);
      JsonNode *site = json_object_get_member (row, "site");

      g_assert_cmpint (json_object_get_int_member (row, "size"), ==, json_array_get_int_element (w, 1));
      g_assert_cmpint (json_object_get_int_member (row, "size_diff"), ==, json_array_get_int_element (w, 2));
      g_assert_cmpint (json_object_get_int_member (row, "count"), ==, json_array_get_int_element (w, 3));
      g_assert_cmpint (json_object_get_int_member (row, "count_diff"), ==, json_array_get_int_element (w, 4));
      if (JSON_NODE_HOLDS_ARRAY (site))
        {
          JsonArray *ours_frames = json_node_get_array (site);

          g_assert_cmpuint (json_array_get_length (ours_frames), ==, json_array_get_length (frames));
          for (guint k = 0; k < json_array_get_length (frames); k++)
            g_assert_cmpstr (json_array_get_string_element (ours_frames, k), ==,
                             json_array_get_string_element (frames, k));
        }
      else
        g_assert_cmpstr (json_node_get_string (site), ==, json_array_get_string_element (frames, 0));
    }
}

static void
test_lineno (void)
{
  check_grouping ("line", "lineno");
}

static void
test_traceback (void)
{
  check_grouping ("traceback", "traceback");
}

static void
test_filename (void)
{
  check_grouping ("function", "filename");
}

static void
test_threshold (void)
{
  g_autofree char *before = tide_test_data_path ("tm_before.pickle");
  g_autofree char *after = tide_test_data_path ("tm_after.pickle");
  /* after - before = 755,184 B, 419 % of 180,030 B */
  const struct { const char *limit; int status; } cases[] = {
    { "--fail-if-growth=100000", 3 }, { "--fail-if-growth=755184", 0 }, { "--fail-if-growth=755183", 3 },
    { "--fail-if-growth=400%", 3 }, { "--fail-if-growth=500%", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[] = { "diff", cases[i].limit, before, after, NULL };
      g_autofree char *out = NULL;
      int status;

      out = run_tidemark (args, &status);
      g_assert_cmpint (status, ==, cases[i].status);
      g_assert_nonnull (strstr (out, "+755184 B"));
    }
  {
    const char *bad[] = { "diff", "--fail-if-growth=lots", before, after, NULL };
    const char *one[] = { "diff", before, NULL };
    const char *group[] = { "diff", "--group-by=module", before, after, NULL };
    g_autofree char *o1 = NULL;
    g_autofree char *o2 = NULL;
    g_autofree char *o3 = NULL;
    int status;

    o1 = run_tidemark (bad, &status);
    g_assert_cmpint (status, ==, 2);
    o2 = run_tidemark (one, &status);
    g_assert_cmpint (status, ==, 2);
    o3 = run_tidemark (group, &status);
    g_assert_cmpint (status, ==, 2);
  }
}

/* Two heaptrack runs of one program: libraries load at other addresses,
 * yet every site matches, and the peak delta is heaptrack_print's. */
static void
test_heaptrack_runs (void)
{
  g_autofree char *d1 = g_dir_make_tmp ("tide-diff-a-XXXXXX", NULL);
  g_autofree char *d2 = g_dir_make_tmp ("tide-diff-b-XXXXXX", NULL);
  g_autofree char *a = tide_test_record_heaptrack (d1, "leaky.c", "gcc");
  g_autofree char *b = tide_test_record_heaptrack (d2, "leaky.c", "gcc");
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *args[] = { "diff", "--json", "--top=0", "--group-by=traceback", NULL, NULL, NULL };
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s' '%s'", d1, d2);
  JsonObject *o;
  JsonArray *rows;
  guint64 pa, pb;
  int status;

  if (a == NULL || b == NULL)
    {
      g_test_skip ("heaptrack or gcc is not installed");
      return;
    }
  args[4] = a;
  args[5] = b;
  out = run_tidemark (args, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));

  g_assert_true (tide_test_heaptrack_total (a, "peak", &pa));
  g_assert_true (tide_test_heaptrack_total (b, "peak", &pb));
  g_assert_cmpint (json_object_get_int_member (o, "peak_diff"), ==, (gint64) pb - (gint64) pa);

  /* the same program: nothing on either side alone, nothing changed. At
   * the peak three stacks hold memory: the 1 MiB calloc in main, the ten
   * blocks of leak_some and libstdc++'s emergency pool (an unnamed frame,
   * matched by its module, not by its address) */
  rows = json_object_get_array_member (o, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_assert_cmpint (json_object_get_int_member (row, "size_diff"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (row, "count_diff"), ==, 0);
    }
  g_assert_cmpint (system (rm), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/diff/lineno", test_lineno);
  g_test_add_func ("/cli/diff/traceback", test_traceback);
  g_test_add_func ("/cli/diff/filename", test_filename);
  g_test_add_func ("/cli/diff/threshold", test_threshold);
  g_test_add_func ("/cli/diff/heaptrack-runs", test_heaptrack_runs);

  return g_test_run ();
}
