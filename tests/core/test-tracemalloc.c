/* test-tracemalloc.c: tracemalloc dumps read safely, with Python's own statistics
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "core/analysis/tide-sites.h"
#include "core/formats/tide-pickle.h"
#include "core/formats/tide-tracemalloc-reader.h"
#include "core/tide-trace-error.h"
#include "tide-test-util.h"

static JsonObject *
python_stats (JsonParser *parser,
              const char *dump)
{
  g_autofree char *script = tide_test_data_path ("tm_stats.py");
  const char *argv[] = { "python3", script, dump, NULL };
  g_autofree char *out = NULL;
  int status;

  if (!tide_test_have ("python3"))
    return NULL;
  out = tide_test_run (argv, NULL, &status);
  if (out == NULL || status != 0 || !json_parser_load_from_data (parser, out, -1, NULL))
    return NULL;
  return json_node_get_object (json_parser_get_root (parser));
}

static const TideFrame *
frame_of_node (TideTrace *trace,
               guint32    node)
{
  return tide_trace_get_frame (trace, tide_trace_get_node (trace, node)->frame);
}

/* Our model against Snapshot.statistics('lineno') and ('traceback'). */
static void
assert_matches_python (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (path, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *py;
  JsonArray *lineno, *tb;
  g_autoptr(GArray) sites = NULL;
  guint matched = 0;

  g_assert_no_error (error);
  py = python_stats (parser, path);
  if (py == NULL)
    {
      g_test_message ("python3 could not load %s", path);
      return;
    }

  /* totals: traced bytes, live blocks */
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, ==, json_object_get_int_member (py, "total"));
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.allocations, ==, json_object_get_int_member (py, "traces"));

  /* 'lineno': grouped by the allocating frame, which is our site */
  lineno = json_object_get_array_member (py, "lineno");
  sites = tide_sites_collect (trace);
  g_assert_cmpuint (sites->len, ==, json_array_get_length (lineno));
  for (guint i = 0; i < json_array_get_length (lineno); i++)
    {
      JsonArray *row = json_array_get_array_element (lineno, i);
      const char *file = json_array_get_string_element (row, 0);
      guint line = json_array_get_int_element (row, 1);

      for (guint s = 0; s < sites->len; s++)
        {
          const TideSite *site = &g_array_index (sites, TideSite, s);
          const TideFrame *f = tide_trace_get_frame (trace, site->frame);

          if (f->line == line && g_strcmp0 (tide_trace_get_string (trace, f->file), file) == 0)
            {
              g_assert_cmpuint (site->cost.peak_bytes, ==, json_array_get_int_element (row, 2));
              g_assert_cmpuint (site->cost.allocations, ==, json_array_get_int_element (row, 3));
              matched++;
              break;
            }
        }
    }
  g_assert_cmpuint (matched, ==, sites->len);

  /* 'traceback': each whole traceback is one stack node, outermost first */
  tb = json_object_get_array_member (py, "traceback");
  for (guint i = 0; i < json_array_get_length (tb); i++)
    {
      JsonArray *row = json_array_get_array_element (tb, i);
      JsonArray *frames = json_array_get_array_element (row, 0);
      guint32 node = 0;

      for (guint k = 0; k < json_array_get_length (frames); k++)
        {
          JsonArray *fr = json_array_get_array_element (frames, k);
          guint32 next = G_MAXUINT32;

          /* the child of node with this frame */
          for (guint n = node + 1; n < tide_trace_get_n_nodes (trace) && next == G_MAXUINT32; n++)
            {
              const TideFrame *f;

              if (tide_trace_get_node (trace, n)->parent != node)
                continue;
              f = frame_of_node (trace, n);
              if (f->line == (guint) json_array_get_int_element (fr, 1)
                  && g_strcmp0 (tide_trace_get_string (trace, f->file), json_array_get_string_element (fr, 0)) == 0)
                next = n;
            }
          g_assert_cmpuint (next, !=, G_MAXUINT32);
          node = next;
        }
      g_assert_cmpuint (tide_trace_get_node_cost (trace, node)->peak_bytes, ==, json_array_get_int_element (row, 1));
      g_assert_cmpuint (tide_trace_get_node_cost (trace, node)->allocations, ==, json_array_get_int_element (row, 2));
    }
  g_test_message ("%s: %u sites, %u tracebacks as Python says", path, sites->len, json_array_get_length (tb));
}

static void
test_samples (void)
{
  const char *names[] = { "tm_before.pickle", "tm_after.pickle" };
  const char *shared[] = {
    "tracemalloc/tm_domains.pickle", "tracemalloc/tm_limit25.pickle",
    "tracemalloc/xver_3.6.15.pickle", "tracemalloc/xver_3.7.16.pickle", "tracemalloc/xver_3.8.18.pickle",
    "tracemalloc/xver_3.9.18.pickle", "tracemalloc/xver_3.10.13.pickle", "tracemalloc/xver_3.12.1.pickle",
    "tracemalloc/xver_3.13.0.pickle",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = tide_test_data_path (names[i]);
      assert_matches_python (path);
    }
  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    {
      g_autofree char *path = tide_test_shared_path ("samples", shared[i]);

      if (path != NULL)
        assert_matches_python (path);
    }
}

/* The figures of the shared sample README, for dumps of every version. */
static void
test_versions (void)
{
  const struct { const char *name; guint64 traces; guint64 bytes; } dumps[] = {
    { "tracemalloc/xver_3.6.15.pickle", 8237, 686447 },
    { "tracemalloc/xver_3.12.1.pickle", 7829, 617618 },
    { "tracemalloc/xver_3.13.0.pickle", 7849, 833185 },
    { "tracemalloc/tm_domains.pickle", 32, 3221305762 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dumps); i++)
    {
      g_autofree char *path = tide_test_shared_path ("samples", dumps[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(TideTrace) trace = NULL;

      if (path == NULL)
        continue;
      trace = tide_test_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (tide_trace_get_format_name (trace), ==, "tracemalloc");
      g_assert_cmpuint (tide_trace_get_totals (trace)->cost.allocations, ==, dumps[i].traces);
      g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, ==, dumps[i].bytes);
    }
}

/* A dump made now by Python, compared with Python's statistics. */
static void
test_recorded (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-tm-XXXXXX", NULL);
  g_autofree char *script = tide_test_data_path ("tm_workload.py");
  g_autofree char *dump = g_build_filename (dir, "recorded.pickle", NULL);
  const char *argv[] = { "python3", script, "8", dump, NULL };
  g_autofree char *out = NULL;
  int status;

  if (!tide_test_have ("python3"))
    {
      g_test_skip ("python3 is not installed");
      return;
    }
  out = tide_test_run (argv, dir, &status);
  g_assert_cmpint (status, ==, 0);
  assert_matches_python (dump);
  g_unlink (dump);
  g_rmdir (dir);
}

static GBytes *
read_bytes (const char *name)
{
  g_autofree char *path = tide_test_data_path (name);
  char *contents = NULL;
  gsize len;
  gboolean ok = g_file_get_contents (path, &contents, &len, NULL);

  g_assert_true (ok);
  return g_bytes_new_take (contents, len);
}

static TideTrace *load_dump_bytes (const char  *data,
                                   gsize        len,
                                   GError     **error);

/* Cut at many places: refused with the byte offset, never a crash. */
static void
test_truncations (void)
{
  g_autoptr(GBytes) bytes = read_bytes ("tm_before.pickle");
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  for (gsize cut = 0; cut < len; cut += 17)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TidePickle) p = tide_pickle_load (data, cut, "cut", &error);

      g_assert_null (p);
      g_assert_true (g_error_matches (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED)
                     || g_error_matches (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT));
      g_assert_nonnull (strstr (error->message, "byte "));
    }
  /* the same through the reader, whose hooks see the traces go by */
  for (gsize cut = 0; cut < len; cut += 97)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TideTrace) trace = load_dump_bytes ((const char *) data, cut, &error);

      g_assert_null (trace);
      g_assert_nonnull (error);
    }
}

static void
assert_pickle_fails (const char *data,
                     gsize       len,
                     int         code,
                     const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TidePickle) p = tide_pickle_load ((const guint8 *) data, len, "x", &error);

  g_assert_null (p);
  g_assert_error (error, TIDE_TRACE_ERROR, code);
  if (strstr (error->message, where) == NULL)
    g_error ("expected “%s” in “%s”", where, error->message);
}

#define P(s) s, sizeof s - 1

/* A pickle is a program: nothing outside the snapshot's subset runs. */
static void
test_hostile (void)
{
  g_autofree char *reduce = tide_test_shared_path ("samples", "bad/tm_reduce_print.pickle");

  /* the shared sample that calls print() when Python loads it */
  if (reduce != NULL)
    {
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (reduce, &contents, &len, NULL));
      assert_pickle_fails (contents, len, TIDE_TRACE_ERROR_CORRUPT, "refusing the global builtins.print");
    }
  /* os.system by GLOBAL, REDUCE, INST, OBJ, EXT1, PERSID: all refused */
  assert_pickle_fails (P ("\x80\x02" "cos\nsystem\n" "X\x02\x00\x00\x00ls" "\x85R."), TIDE_TRACE_ERROR_CORRUPT,
                       "byte 2: refusing the global os.system");
  assert_pickle_fails (P ("\x80\x04" "R."), TIDE_TRACE_ERROR_CORRUPT, "byte 2: opcode 0x52");
  assert_pickle_fails (P ("\x80\x04(io\nx\n."), TIDE_TRACE_ERROR_CORRUPT, "byte 3: opcode 0x69");
  assert_pickle_fails (P ("\x80\x04\x82\x01."), TIDE_TRACE_ERROR_CORRUPT, "opcode 0x82");
  assert_pickle_fails (P ("\x80\x04P1\n."), TIDE_TRACE_ERROR_CORRUPT, "opcode 0x50");
  /* memo, stack and mark misuse */
  assert_pickle_fails (P ("\x80\x04h\x05."), TIDE_TRACE_ERROR_CORRUPT, "memo index 5 was never stored");
  assert_pickle_fails (P ("\x80\x04j\xff\xff\xff\xff."), TIDE_TRACE_ERROR_CORRUPT, "memo index 4294967295");
  assert_pickle_fails (P ("\x80\x04" "q\xff" "K\x01."), TIDE_TRACE_ERROR_CORRUPT, "PUT with an empty stack");
  assert_pickle_fails (P ("\x80\x04" "K\x01r\xff\xff\xff\x7f."), TIDE_TRACE_ERROR_CORRUPT, "out of order");
  assert_pickle_fails (P ("\x80\x04t."), TIDE_TRACE_ERROR_CORRUPT, "no MARK");
  assert_pickle_fails (P ("\x80\x04" "K\x01(\x86."), TIDE_TRACE_ERROR_CORRUPT, "TUPLE2 with fewer");
  assert_pickle_fails (P ("\x80\x04" "K\x01K\x02."), TIDE_TRACE_ERROR_CORRUPT, "STOP with 2 values");
  assert_pickle_fails (P ("\x80\x09."), TIDE_TRACE_ERROR_CORRUPT, "protocol 9");
  /* lengths that claim more than the file holds */
  assert_pickle_fails (P ("\x80\x04X\xff\xff\xff\x0f" "abc"), TIDE_TRACE_ERROR_TRUNCATED, "byte 2");
  assert_pickle_fails (P ("\x80\x04\x8d\xff\xff\xff\xff\xff\xff\xff\x7f."), TIDE_TRACE_ERROR_CORRUPT, "a string of");
  assert_pickle_fails (P ("\x80\x04\x8b\xff\xff\xff\x7f"), TIDE_TRACE_ERROR_TRUNCATED, "byte 2");
  assert_pickle_fails (P ("\x80\x04"), TIDE_TRACE_ERROR_TRUNCATED, "byte 2");
}

/* Deep nesting costs no recursion: a million MARKs and tuples. */
static void
test_deep_nesting (void)
{
  const gsize depth = 1000000;
  GString *s = g_string_new ("\x80\x04");
  g_autoptr(GError) error = NULL;
  g_autoptr(TidePickle) p = NULL;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (s, '(');
  g_string_append (s, "K\x07");
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (s, 't');
  g_string_append_c (s, '.');
  p = tide_pickle_load ((const guint8 *) s->str, s->len, "deep", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tide_pickle_get_kind (p, tide_pickle_get_root (p)), ==, TIDE_PICKLE_TUPLE);
  g_string_free (s, TRUE);
}

static TideTrace *
load_dump_bytes (const char  *data,
                 gsize        len,
                 GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(TideByteSource) source = tide_byte_source_new_for_bytes (bytes);

  return tide_tracemalloc_read (source, NULL, error);
}

static void
assert_load_fails (const char *data,
                   gsize       len,
                   const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = load_dump_bytes (data, len, &error);

  g_assert_null (trace);
  g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT);
  if (strstr (error->message, what) == NULL)
    g_error ("expected “%s” in “%s”", what, error->message);
}

/* The traces stream to the reader as they are made and are never stored:
 * a pickle that uses one anywhere else is refused, not misread. */
static void
test_streamed_traces (void)
{
  /* tracemalloc.Snapshot([t, t], 1) with one tuple t: the second is a
   * memo reference to the first */
  assert_load_fails (P ("\x80\x04\x95|\x00\x00\x00\x00\x00\x00\x00\x8c\x0btracemalloc\x94\x8c\x08Snapshot\x94\x93\x94)"
                        "\x81\x94}\x94(\x8c\x06traces\x94h\x00\x8c\x07_Traces\x94\x93\x94)\x81\x94}\x94\x8c\x07_traces\x94]"
                        "\x94((K\x00K@\x8c\x04" "a.py\x94K\x01\x86\x94\x85\x94K\x01t\x94h\x0f" "esb\x8c\x0ftraceback_limit\x94K"
                        "\x01ub."),
                     "memo index 15 refers back to an item of the list of traces");
  /* tracemalloc.Snapshot([(t,)], 1): a trace inside a tuple in the list */
  assert_load_fails (P ("\x80\x04\x95{\x00\x00\x00\x00\x00\x00\x00\x8c\x0btracemalloc\x94\x8c\x08Snapshot\x94\x93\x94)"
                        "\x81\x94}\x94(\x8c\x06traces\x94h\x00\x8c\x07_Traces\x94\x93\x94)\x81\x94}\x94\x8c\x07_traces\x94]"
                        "\x94(K\x00K@\x8c\x04" "a.py\x94K\x01\x86\x94\x85\x94K\x01t\x94\x85\x94" "asb\x8c\x0ftraceback_limit\x94K"
                        "\x01ub."),
                     "an item of the list of traces used elsewhere");
}

/* tracemalloc.Snapshot([(0, 64, tb, 1), (0, 32, tb, 1), (0, 16, tb, 1)], 1)
 * with tb = (("a.py", 1),), as pickle.dumps (protocol 4) writes it: the
 * second and third traces are "( K K h K t" with the traceback from the
 * memo, the shape the VM reads in one step. %s is the second trace. */
#define FAST_DUMP(second) \
  "\x80\x04\x95\x90\x00\x00\x00\x00\x00\x00\x00\x8c\x0btracemalloc\x94\x8c\x08Snapshot\x94\x93\x94)\x81\x94}\x94(" \
  "\x8c\x06traces\x94h\x00\x8c\x07_Traces\x94\x93\x94)\x81\x94}\x94\x8c\x07_traces\x94]\x94((K\x00K@\x8c\x04" \
  "a.py\x94K\x01\x86\x94\x85\x94K\x01t\x94" second "(K\x00K\x10h\x0eK\x01t\x94" \
  "esb\x8c\x0ftraceback_limit\x94K\x01ub."

static void
assert_fast_dump_loads (const char *data,
                        gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = load_dump_bytes (data, len, &error);

  g_assert_no_error (error);
  /* what Snapshot.statistics("lineno") of it says: 112 bytes in 3 blocks */
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.peak_bytes, ==, 112);
  g_assert_cmpuint (tide_trace_get_totals (trace)->cost.allocations, ==, 3);
}

/* The VM reads the usual trace in one step; that step accepts exactly what
 * the instructions one by one would, and nothing more. */
static void
test_fast_traces (void)
{
  /* 3.9 on: MARK ... TUPLE; 3.6-3.8: TUPLE3 of (domain, size, traceback) */
  assert_fast_dump_loads (P (FAST_DUMP ("(K\x00K h\x0eK\x01t\x94")));
  assert_fast_dump_loads (P (FAST_DUMP ("K\x00K h\x0e\x87\x94")));
  /* four fields closed by NEWTRUE (0x88, which is TUPLE3 + 1) are no tuple */
  assert_load_fails (P (FAST_DUMP ("K\x00K h\x0eK\x01\x88\x94")), "opcode 0x88 is not allowed");
  /* a tuple of two where three were pushed leaves the domain behind, in the list */
  assert_load_fails (P (FAST_DUMP ("K\x00K h\x0e\x86\x94")), "a trace that is not a");
  /* a trace whose traceback is a trace handed over before */
  assert_load_fails (P (FAST_DUMP ("(K\x00K h\x0fK\x01t\x94")), "memo index 15 refers back");
}

/* Valid pickles that are not snapshots are refused by shape. */
static void
test_wrong_shape (void)
{
  const char *tuple_pickle = "\x80\x04\x8c\x0btracemalloc\x94K\x01\x86.";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tide-tm-shape-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shape.pickle", NULL);

  g_assert_true (g_file_set_contents (path, tuple_pickle, strlen (tuple_pickle) + 1, NULL));
  g_assert_null (tide_test_load (path, &error));
  g_assert_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "not a tracemalloc snapshot"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/tracemalloc/samples", test_samples);
  g_test_add_func ("/core/tracemalloc/versions", test_versions);
  g_test_add_func ("/core/tracemalloc/recorded", test_recorded);
  g_test_add_func ("/core/tracemalloc/truncations", test_truncations);
  g_test_add_func ("/core/tracemalloc/hostile", test_hostile);
  g_test_add_func ("/core/tracemalloc/deep-nesting", test_deep_nesting);
  g_test_add_func ("/core/tracemalloc/wrong-shape", test_wrong_shape);
  g_test_add_func ("/core/tracemalloc/streamed-traces", test_streamed_traces);
  g_test_add_func ("/core/tracemalloc/fast-traces", test_fast_traces);

  return g_test_run ();
}
