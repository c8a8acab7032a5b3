/* test-files.c: a user's files are safe: inputs opened read-only and never changed, exports atomic even when killed
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inputs: a copy of one trace of every format sits in a folder watched
 * with inotify while the app's loader (TideTraceLoader, on its worker
 * thread) and the command line (`tidemark summary` and `export`) read
 * them. Every file must be opened and closed without write access
 * (IN_CLOSE_NOWRITE, never IN_CLOSE_WRITE, IN_MODIFY or IN_ATTRIB), keep its
 * SHA-256, and nothing may appear in or vanish from the folder.
 *
 * Exports: `tidemark export` is killed (SIGKILL) half-way through writing
 * (TIDEMARK_TEST_EXPORT_STALL stops it there); the previous file must be
 * intact and the folder hold nothing else.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/tide-trace-loader.h"
#include "tide-test-util.h"

/* one of each format and compression */
static const char *inputs[] = {
  "ht_leaky.txt", "ht_leaky.zst", "ht_leaky.gz", "massif.out.leaky",
  "tm_before.pickle", "tm_after.pickle", "ht_leaky.leaked.folded",
};

static char *
sha256_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static char *
copy_inputs (void)
{
  char *dir = g_dir_make_tmp ("tidemark-inputs-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *from = tide_test_data_path (inputs[i]);
      g_autofree char *to = g_build_filename (dir, inputs[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (to, contents, len, NULL));
    }
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The window's way: the loader on its worker thread. */
static void
load_as_the_app (GFile **files,
                 guint   n_files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load_async (files, n_files, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (trace);
}

static void
run_cli (const char * const *argv)
{
  int status = 0;
  g_autofree char *out = tide_test_run (argv, NULL, &status);

  g_assert_nonnull (out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_inputs_read_only (void)
{
  g_autofree char *dir = copy_inputs ();
  g_autofree char *out_dir = g_dir_make_tmp ("tidemark-out-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (out_dir, "flame.svg", NULL);
  g_autoptr(GHashTable) closed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char *hashes[G_N_ELEMENTS (inputs)];
  GFile *files[G_N_ELEMENTS (inputs)];
  guint8 events[64 * 1024] __attribute__ ((aligned (8)));
  int fd, watch;
  gssize n;

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *path = g_build_filename (dir, inputs[i], NULL);

      hashes[i] = sha256_of (path);
      files[i] = g_file_new_for_path (path);
    }

  fd = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  watch = inotify_add_watch (fd, dir, IN_ALL_EVENTS);
  g_assert_cmpint (watch, >=, 0);

  /* each alone, and the two dumps as a series */
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      const char *summary[] = { g_getenv ("TIDEMARK_BIN"), "summary", path, NULL };
      const char *export[] = { g_getenv ("TIDEMARK_BIN"), "export", path, "-o", svg, NULL };

      load_as_the_app (&files[i], 1);
      run_cli (summary);
      run_cli (export);
    }
  load_as_the_app (&files[4], 2);

  while ((n = read (fd, events, sizeof events)) > 0)
    for (guint8 *p = events; p < events + n;)
      {
        const struct inotify_event *e = (const struct inotify_event *) (gpointer) p;

        if (e->mask & (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE
                       | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF))
          g_error ("%s: an input was changed (inotify event 0x%x)", e->len > 0 ? e->name : dir, e->mask);
        if ((e->mask & IN_CLOSE_NOWRITE) && e->len > 0)
          g_hash_table_add (closed, g_strdup (e->name));
        p += sizeof *e + e->len;
      }
  close (fd);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      g_autofree char *after = sha256_of (path);

      /* opened (and closed) without write access, and the same bytes */
      g_assert_true (g_hash_table_contains (closed, inputs[i]));
      g_assert_cmpstr (after, ==, hashes[i]);
      g_free (hashes[i]);
      g_object_unref (files[i]);
    }
  remove_dir (dir);
  remove_dir (out_dir);
}

/* Runs `tidemark export` into @out until it says it stalled half-way,
 * then kills it with SIGKILL. */
static void
kill_export_midway (const char *out)
{
  g_autofree char *trace = tide_test_data_path ("ht_leaky.zst");
  const char *argv[] = { g_getenv ("TIDEMARK_BIN"), "export", trace, "-o", out, NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_environ_unsetenv (g_get_environ (), "DISPLAY"),
                                         "TIDEMARK_TEST_EXPORT_STALL", "1", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) err_channel = NULL;
  g_autofree char *line = NULL;
  GPid pid;
  int err_fd, status;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                           &pid, NULL, NULL, &err_fd, &error));
  g_assert_no_error (error);
  err_channel = g_io_channel_unix_new (err_fd);
  g_io_channel_set_close_on_unref (err_channel, TRUE);
  do
    {
      g_clear_pointer (&line, g_free);
      g_assert_cmpint (g_io_channel_read_line (err_channel, &line, NULL, NULL, NULL), ==, G_IO_STATUS_NORMAL);
    }
  while (strstr (line, "stalled half written") == NULL);

  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_spawn_close_pid (pid);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_export_killed (void)
{
  static const char previous[] = "<svg>the previous export</svg>\n";
  g_autofree char *dir = g_dir_make_tmp ("tidemark-export-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "flame.svg", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  /* over a previous export: that stays, whole, and alone */
  g_assert_true (g_file_set_contents (out, previous, -1, NULL));
  kill_export_midway (out);
  g_assert_true (g_file_get_contents (out, &contents, &len, NULL));
  g_assert_cmpstr (contents, ==, previous);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_clear_pointer (&contents, g_free);

  /* a first export killed: no file at all, not half of one */
  g_assert_cmpint (g_unlink (out), ==, 0);
  kill_export_midway (out);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  /* and not killed, it replaces the file and leaves nothing else */
  g_assert_true (g_file_set_contents (out, previous, -1, NULL));
  {
    g_autofree char *trace = tide_test_data_path ("ht_leaky.zst");
    const char *argv[] = { g_getenv ("TIDEMARK_BIN"), "export", trace, "-o", out, NULL };

    run_cli (argv);
  }
  g_assert_true (g_file_get_contents (out, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_assert_nonnull (strstr (contents, "</svg>"));
  g_assert_cmpuint (count_entries (dir), ==, 1);

  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/files/inputs-read-only", test_inputs_read_only);
  g_test_add_func ("/cli/files/export-killed", test_export_killed);
  return g_test_run ();
}
