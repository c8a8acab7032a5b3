/* test-cli.c: `tidemark summary` as scripts and users run it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tide-test-util.h"

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_tidemark (Run        *r,
              const char *arg1,
              const char *arg2,
              const char *arg3)
{
  const char *argv[] = { g_getenv ("TIDEMARK_BIN"), arg1, arg2, arg3, NULL };
  g_autoptr(GError) error = NULL;
  int wait_status;
  /* no display: the command line never needs one */
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "DISPLAY");

  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, 0, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  r->status = 0;
  if (!g_spawn_check_wait_status (wait_status, &error))
    r->status = error->domain == G_SPAWN_EXIT_ERROR ? error->code : -1;
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_rows (JsonObject *o,
             const char *key)
{
  JsonArray *rows = json_object_get_array_member (o, key);

  g_assert_nonnull (rows);
  g_assert_cmpuint (json_array_get_length (rows), <=, 10);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_assert_true (json_object_has_member (row, "function"));
      g_assert_true (json_object_has_member (row, "file"));
      g_assert_true (json_object_has_member (row, "line"));
      g_assert_true (json_object_has_member (row, "module"));
      g_assert_cmpint (json_object_get_int_member (row, "value"), >, 0);
      /* largest first */
      if (i > 0)
        g_assert_cmpint (json_object_get_int_member (row, "value"), <=,
                         json_object_get_int_member (json_array_get_object_element (rows, i - 1), "value"));
    }
}

static void
test_json_leaky (void)
{
  g_autofree char *path = tide_test_data_path ("ht_leaky.zst");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) r = { 0 };
  JsonObject *o, *top_leak;

  run_tidemark (&r, "summary", "--json", path);
  g_assert_cmpint (r.status, ==, 0);
  o = parse_object (parser, r.out);

  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "heaptrack");
  g_assert_cmpstr (json_object_get_string_member (o, "command"), ==, "./leaky");
  g_assert_cmpfloat (json_object_get_double_member (o, "duration_s"), ==, 0.009);
  g_assert_cmpint (json_object_get_int_member (o, "allocations"), ==, 913);
  g_assert_cmpint (json_object_get_int_member (o, "temporary_allocations"), ==, 502);
  g_assert_cmpint (json_object_get_int_member (o, "peak_bytes"), ==, 1122325);
  g_assert_cmpfloat (json_object_get_double_member (o, "peak_time_s"), ==, 0.0);
  g_assert_cmpint (json_object_get_int_member (o, "peak_rss_bytes"), ==, 0x3ef * 4096);
  g_assert_cmpint (json_object_get_int_member (o, "leaked_bytes"), ==, 5141);
  g_assert_cmpint (json_object_get_int_member (o, "leaked_allocations"), ==, 11);
  g_assert_cmpint (json_object_get_int_member (o, "allocated_bytes"), >, 1048576);

  assert_rows (o, "top_peak");
  assert_rows (o, "top_leaked");
  assert_rows (o, "top_allocations");
  assert_rows (o, "top_temporary");

  top_leak = json_array_get_object_element (json_object_get_array_member (o, "top_leaked"), 1);
  g_assert_cmpstr (json_object_get_string_member (top_leak, "function"), ==, "make_buf");
  g_assert_cmpstr (json_object_get_string_member (top_leak, "file"), ==, "./leaky.c");
  g_assert_cmpint (json_object_get_int_member (top_leak, "line"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (top_leak, "module"), ==, "/usr/local/src/leaky");
  g_assert_cmpint (json_object_get_int_member (top_leak, "value"), ==, 1045);
  /* heaptrack_print's "most calls" lists six sites: 500, 210, 200, 1, 1, 1 */
  {
    JsonArray *calls = json_object_get_array_member (o, "top_allocations");
    const gint64 expected[] = { 500, 210, 200, 1, 1, 1 };

    g_assert_cmpint (json_array_get_length (calls), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (calls, i), "value"), ==, expected[i]);
  }
}

/* The JSON agrees with heaptrack_print run on the same file now. */
static void
test_json_matches_heaptrack_print (void)
{
  g_autofree char *path = tide_test_data_path ("ht_cxx.zst");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) r = { 0 };
  JsonObject *o;
  guint64 peak, leaked, allocations, temporary;

  if (!tide_test_heaptrack_total (path, "peak", &peak)
      || !tide_test_heaptrack_total (path, "leaked", &leaked)
      || !tide_test_heaptrack_total (path, "allocations", &allocations)
      || !tide_test_heaptrack_total (path, "temporary", &temporary))
    {
      g_test_skip ("heaptrack_print is not installed");
      return;
    }

  run_tidemark (&r, "summary", "--json", path);
  g_assert_cmpint (r.status, ==, 0);
  o = parse_object (parser, r.out);
  g_assert_cmpint (json_object_get_int_member (o, "peak_bytes"), ==, peak);
  g_assert_cmpint (json_object_get_int_member (o, "leaked_bytes"), ==, leaked);
  g_assert_cmpint (json_object_get_int_member (o, "allocations"), ==, allocations);
  g_assert_cmpint (json_object_get_int_member (o, "temporary_allocations"), ==, temporary);
}

static void
test_text (void)
{
  g_autofree char *path = tide_test_data_path ("ht_leaky.txt");
  g_auto(Run) r = { 0 };

  run_tidemark (&r, "summary", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* the rates as heaptrack_print prints them, cut to whole calls:
   * "913 (101444/s)", "502 (55777/s)" (55777.8 rounded would be 55778) */
  g_assert_nonnull (strstr (r.out, "Calls to allocation functions: 913 (101444/s)"));
  g_assert_nonnull (strstr (r.out, "Temporary allocations: 502 (55777/s)"));
  g_assert_nonnull (strstr (r.out, "(1122325 B)"));
  g_assert_nonnull (strstr (r.out, "make_buf (./leaky.c:4, /usr/local/src/leaky)"));
}

/* Errors: non-zero status, one line on stderr that says what and where. */
static void
test_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-cli-XXXXXX", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.txt", NULL);
  g_autofree char *good = tide_test_data_path ("ht_leaky.txt");
  g_autofree char *contents = NULL;
  gsize len;
  g_auto(Run) r1 = { 0 };
  g_auto(Run) r2 = { 0 };
  g_auto(Run) r3 = { 0 };

  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (cut, contents, 5000, NULL));

  run_tidemark (&r1, "summary", "--json", cut);
  g_assert_cmpint (r1.status, !=, 0);
  g_assert_cmpstr (r1.out, ==, "");
  g_assert_nonnull (strstr (r1.err, "cut.txt"));
  g_assert_nonnull (strstr (r1.err, "truncated"));
  g_assert_nonnull (strstr (r1.err, "line "));
  g_assert_cmpuint (strchr (r1.err, '\n') - r1.err, ==, strlen (r1.err) - 1);

  run_tidemark (&r2, "summary", "--json", "/nonexistent/trace.zst");
  g_assert_cmpint (r2.status, !=, 0);
  g_assert_nonnull (strstr (r2.err, "trace.zst"));

  run_tidemark (&r3, "summary", NULL, NULL);
  g_assert_cmpint (r3.status, ==, 2);

  g_unlink (cut);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/summary/json-leaky", test_json_leaky);
  g_test_add_func ("/cli/summary/json-matches-heaptrack-print", test_json_matches_heaptrack_print);
  g_test_add_func ("/cli/summary/text", test_text);
  g_test_add_func ("/cli/summary/errors", test_errors);

  return g_test_run ();
}
