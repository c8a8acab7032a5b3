/* tide-test-util.c: shared helpers of the test suites
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tide-byte-source.h"
#include "core/analysis/tide-replay.h"
#include "core/tide-trace-builder.h"
#include "core/tide-trace-loader.h"
#include "core/formats/tide-heaptrack-reader.h"
#include "tide-test-util.h"

char *
tide_test_data_path (const char *name)
{
  const char *dir = g_getenv ("TIDE_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

TideTestTmpDir *
tide_test_tmp_dir_new (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
tide_test_remove_tree (const char *path)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  /* a symbolic link is removed, never followed */
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    d = g_dir_open (path, 0, NULL);
  if (d == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      tide_test_remove_tree (child);
    }
  g_rmdir (path);
}

void
tide_test_tmp_dir_free (TideTestTmpDir *dir)
{
  if (dir == NULL)
    return;
  tide_test_remove_tree (dir);
  g_free (dir);
}

char *
tide_test_shared_path (const char *kind,
                       const char *name)
{
  const char *dir = g_getenv (g_str_equal (kind, "peers") ? "TIDE_PEERS_DIR" : "TIDE_SAMPLES_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, name, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS) ? g_steal_pointer (&path) : NULL;
}

TideTrace *
tide_test_load (const char  *path,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return tide_trace_load_file (file, NULL, error);
}

TideTrace *
tide_test_load_bytes (const char  *data,
                      gsize        len,
                      GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(TideByteSource) source = tide_byte_source_new_for_bytes (bytes);

  return tide_heaptrack_read (source, NULL, error);
}

char *
tide_test_run (const char * const *argv,
               const char         *cwd,
               int                *exit_status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    {
      g_test_message ("could not run %s: %s", argv[0], error->message);
      return NULL;
    }
  if (exit_status != NULL)
    {
      g_autoptr(GError) wait_error = NULL;

      *exit_status = 0;
      if (!g_spawn_check_wait_status (status, &wait_error))
        *exit_status = wait_error->domain == G_SPAWN_EXIT_ERROR ? wait_error->code : -1;
    }
  if (err != NULL && *err != '\0')
    g_test_message ("%s stderr: %s", argv[0], err);
  return g_steal_pointer (&out);
}

gboolean
tide_test_have (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  return path != NULL;
}

gboolean
tide_test_heaptrack_total (const char *trace,
                           const char *cost_type,
                           guint64    *total)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-folded-XXXXXX", NULL);
  g_autofree char *folded = g_build_filename (dir, "out.folded", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = {
    "heaptrack_print", trace, "--disable-builtin-suppressions", "--disable-embedded-suppressions",
    "--print-peaks=0", "--print-allocators=0", "--print-temporary=0",
    "--flamegraph-cost-type", cost_type, "-F", folded, NULL
  };
  int status;

  out = tide_test_run (argv, NULL, &status);
  if (out == NULL || status != 0 || !g_file_get_contents (folded, &text, NULL, NULL))
    return FALSE;

  *total = 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *space = strrchr (lines[i], ' ');

      if (space != NULL)
        *total += g_ascii_strtoull (space + 1, NULL, 10);
    }

  g_unlink (folded);
  g_rmdir (dir);
  return TRUE;
}

char *
tide_test_record_heaptrack (const char *dir,
                            const char *source,
                            const char *compiler)
{
  g_autofree char *src = tide_test_data_path (source);
  g_autofree char *exe = g_build_filename (dir, "prog", NULL);
  g_autofree char *out_base = g_build_filename (dir, "recorded", NULL);
  g_autofree char *trace = g_strconcat (out_base, ".zst", NULL);
  g_autofree char *gz = g_strconcat (out_base, ".gz", NULL);
  g_autofree char *o1 = NULL;
  g_autofree char *o2 = NULL;
  const char *cc_argv[] = { compiler, "-g", "-O1", "-fno-builtin", "-o", exe, src, NULL };
  const char *ht_argv[] = { "env", "-u", "DISPLAY", "heaptrack", "-o", out_base, exe, NULL };
  int status;

  if (!tide_test_have (compiler) || !tide_test_have ("heaptrack") || !tide_test_have ("heaptrack_print"))
    return NULL;

  o1 = tide_test_run (cc_argv, dir, &status);
  if (o1 == NULL || status != 0)
    return NULL;
  o2 = tide_test_run (ht_argv, dir, &status);
  if (o2 == NULL || status != 0)
    return NULL;

  /* heaptrack writes .gz when it finds no zstd */
  if (g_file_test (trace, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&trace);
  if (g_file_test (gz, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&gz);
  return NULL;
}

TideTrace *
tide_test_bulk_checkpoint_trace (guint32 *first,
                                 guint32 *late)
{
  g_autoptr(TideTraceBuilder) b = tide_trace_builder_new (TIDE_TRACE_FORMAT_TRACEMALLOC);
  TideFrame f1 = { .line = 1 }, f2 = { .line = 2 };
  guint32 node1 = tide_trace_builder_intern_node (b, 0, tide_trace_builder_intern_frame (b, &f1));
  guint32 node2 = tide_trace_builder_intern_node (b, 0, tide_trace_builder_intern_frame (b, &f2));

  g_assert_true (tide_trace_builder_add_info (b, 32, node1, first, NULL));
  /* one call across the first checkpoint, then frees across the second */
  tide_trace_builder_allocate_n (b, *first, TIDE_REPLAY_INTERVAL + TIDE_REPLAY_INTERVAL / 2);
  g_assert_true (tide_trace_builder_add_info (b, 64, node2, late, NULL));
  tide_trace_builder_allocate_n (b, *late, 1000);
  g_assert_true (tide_trace_builder_free_n (b, *first, TIDE_REPLAY_INTERVAL));
  tide_trace_builder_allocate_n (b, *late, 7);
  return tide_trace_builder_finish (g_steal_pointer (&b));
}

typedef struct
{
  GMainLoop *loop;
  TideTrace *trace;
  GError    *error;
} AsyncLoad;

static void
async_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncLoad *load = user_data;

  load->trace = tide_trace_loader_load_finish (TIDE_TRACE_LOADER (object), result, &load->error);
  g_main_loop_quit (load->loop);
}

TideTrace *
tide_test_load_async (GFile        **files,
                      guint          n_files,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(TideTraceLoader) loader = tide_trace_loader_new_for_files (files, n_files);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncLoad load = { loop, NULL, NULL };

  tide_trace_loader_load_async (loader, cancellable, async_loaded_cb, &load);
  g_main_loop_run (loop);
  if (load.error != NULL)
    g_propagate_error (error, load.error);
  return load.trace;
}
