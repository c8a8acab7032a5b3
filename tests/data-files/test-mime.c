/* test-mime.c: our shared-mime-info types, in a scratch database, name real traces as GIO sees them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The merged MIME XML goes into $XDG_DATA_HOME/mime/packages of a scratch
 * directory, update-mime-database builds the database there, and each test
 * asks GIO for the content type of a copy of a real trace, under the name a
 * profiler gives it or under a neutral one, exactly as Files would.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>

#define HEAPTRACK "application/x-heaptrack"
#define MASSIF "application/x-valgrind-massif"
#define TRACEMALLOC "application/x-python-tracemalloc"

static char *scratch_dir;   /* XDG_DATA_HOME holding our database */
static char *files_dir;     /* copies of the samples, under chosen names */
static char *database_error; /* why the database could not be built, or NULL */

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* Builds the database before anything in GIO reads one: xdgmime reads the
 * environment once, on first use. */
static void
build_database (void)
{
  const char *xml = g_getenv ("TIDE_MIME_XML");
  g_autofree char *packages = NULL;
  g_autofree char *target = NULL;
  g_autofree char *mime_dir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *tool = g_find_program_in_path ("update-mime-database");
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
  int status = 0;
  gsize len;

  scratch_dir = g_dir_make_tmp ("tidemark-mime-XXXXXX", &error);
  g_assert_no_error (error);
  files_dir = g_build_filename (scratch_dir, "files", NULL);
  g_assert_cmpint (g_mkdir (files_dir, 0700), ==, 0);

  if (tool == NULL)
    {
      database_error = g_strdup ("update-mime-database is not installed (shared-mime-info)");
      return;
    }
  g_assert_nonnull (xml);

  mime_dir = g_build_filename (scratch_dir, "mime", NULL);
  packages = g_build_filename (mime_dir, "packages", NULL);
  g_assert_cmpint (g_mkdir_with_parents (packages, 0700), ==, 0);
  g_file_get_contents (xml, &contents, &len, &error);
  g_assert_no_error (error);
  target = g_build_filename (packages, "io.github.tidemark.Tidemark.xml", NULL);
  g_file_set_contents (target, contents, len, &error);
  g_assert_no_error (error);

  /* ours in XDG_DATA_HOME, the system's (zstd, gzip, text) in XDG_DATA_DIRS */
  g_setenv ("XDG_DATA_HOME", scratch_dir, TRUE);
  if (data_dirs == NULL || *data_dirs == '\0')
    g_setenv ("XDG_DATA_DIRS", "/usr/local/share:/usr/share", TRUE);

  {
    const char *argv[] = { tool, mime_dir, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status,
                  &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) || (err != NULL && *err != '\0'))
    database_error = g_strdup_printf ("update-mime-database %s: %s", xml, err);
}

static char *
sample_path (const char *env,
             const char *subdir,
             const char *name)
{
  const char *dir = g_getenv (env);
  char *path;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, subdir != NULL ? subdir : name, subdir != NULL ? name : NULL, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&path, g_free);
  return path;
}

/* A copy of @source named @name in the scratch directory. */
static char *
copy_as (const char *source,
         const char *name)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (files_dir, name, NULL);
  gsize len;

  g_file_get_contents (source, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
write_as (const char *name,
          const char *contents,
          gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (files_dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

/* The type Files shows: GIO's guess from the name, then from the content. */
static char *
content_type (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (g_file_info_get_content_type (info));
}

#define assert_type(path, expected) \
  G_STMT_START { \
    g_autofree char *type_ = content_type (path); \
    if (g_strcmp0 (type_, (expected)) != 0) \
      g_test_message ("%s: %s, expected %s", (path), type_, (expected)); \
    g_assert_cmpstr (type_, ==, (expected)); \
  } G_STMT_END

#define assert_not_type(path, unexpected) \
  G_STMT_START { \
    g_autofree char *type_ = content_type (path); \
    g_test_message ("%s: %s", (path), type_); \
    g_assert_cmpstr (type_, !=, (unexpected)); \
  } G_STMT_END

static gboolean
database_ready (void)
{
  if (database_error == NULL)
    return TRUE;
  g_test_skip (database_error);
  return FALSE;
}

static void
test_types_known (void)
{
  static const struct { const char *type, *description; } types[] = {
    { HEAPTRACK, "heaptrack memory trace" },
    { MASSIF, "Valgrind Massif heap profile" },
    { TRACEMALLOC, "Python tracemalloc snapshot" },
  };

  if (!database_ready ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *description = g_content_type_get_description (types[i].type);
      g_assert_cmpstr (description, ==, types[i].description);
    }
  /* what opens text opens a Massif profile */
  g_assert_true (g_content_type_is_a (MASSIF, "text/plain"));
}

static void
test_heaptrack_by_content (void)
{
  g_autofree char *source = sample_path ("TIDE_TEST_DATA", NULL, "ht_leaky.txt");
  g_autofree char *path = NULL;

  if (!database_ready ())
    return;
  g_assert_nonnull (source);
  /* a name no glob knows: the magic decides */
  path = copy_as (source, "ht_leaky");
  assert_type (path, HEAPTRACK);
}

static void
test_heaptrack_by_name (void)
{
  g_autofree char *source = sample_path ("TIDE_TEST_DATA", NULL, "ht_leaky.txt");
  g_autofree char *path = NULL;

  if (!database_ready ())
    return;
  g_assert_nonnull (source);
  /* `zstd -d heaptrack.leaky.4711.zst` leaves this name */
  path = copy_as (source, "heaptrack.leaky.4711");
  assert_type (path, HEAPTRACK);
}

/* heaptrack's own names for compressed traces. GIO consults a glob with a
 * '*' inside only when no suffix glob (*.zst) matches, so it names the
 * container; what we can check is that our type is a subclass of it. */
static void
test_heaptrack_compressed (void)
{
  static const struct { const char *sample, *name, *container; } cases[] = {
    { "ht_leaky.zst", "heaptrack.leaky.4711.zst", "application/zstd" },
    { "ht_leaky.gz", "heaptrack.leaky.4711.gz", "application/gzip" },
  };

  if (!database_ready ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *source = sample_path ("TIDE_TEST_DATA", NULL, cases[i].sample);
      g_autofree char *path = NULL;
      g_autofree char *type = NULL;

      g_assert_nonnull (source);
      path = copy_as (source, cases[i].name);
      type = content_type (path);
      g_test_message ("%s: %s", cases[i].name, type);
      g_assert_true (g_str_equal (type, HEAPTRACK) || g_str_equal (type, cases[i].container));
      g_assert_true (g_content_type_is_a (HEAPTRACK, cases[i].container));
    }
}

/* Text that merely starts like a trace, and C source named after heaptrack. */
static void
test_heaptrack_not_text (void)
{
  g_autofree char *vendetta = NULL;
  g_autofree char *no_command = NULL;
  g_autofree char *source = NULL;

  if (!database_ready ())
    return;
  vendetta = write_as ("notes", "v for vendetta\nX marks the spot\n", -1);
  assert_type (vendetta, "text/plain");
  no_command = write_as ("versions", "v 1 is out\nv 2 is not\nX\n", -1);
  assert_type (no_command, "text/plain");
  source = write_as ("heaptrack.c", "#include <stdio.h>\nint main (void) { return 0; }\n", -1);
  assert_type (source, "text/x-csrc");
}

static char *
massif_sample (void)
{
  char *path = sample_path ("TIDE_TEST_DATA", NULL, "massif.out.leaky");

  if (path == NULL)
    path = sample_path ("TIDE_SAMPLES_DIR", "massif", "massif.out.leaky");
  return path;
}

static void
test_massif (void)
{
  g_autofree char *source = massif_sample ();
  g_autofree char *by_name = NULL;
  g_autofree char *by_content = NULL;
  g_autofree char *desc_only = NULL;

  if (!database_ready ())
    return;
  if (source == NULL)
    {
      g_test_skip ("no massif.out.leaky in TIDE_TEST_DATA or TIDE_SAMPLES_DIR/massif");
      return;
    }
  by_name = copy_as (source, "massif.out.4711");
  assert_type (by_name, MASSIF);
  by_content = copy_as (source, "leaky-heap-profile");
  assert_type (by_content, MASSIF);
  desc_only = write_as ("todo", "desc: the shopping list\nmilk\n", -1);
  assert_type (desc_only, "text/plain");
}

static void
test_tracemalloc (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "samples", "tm_domains.pickle", NULL);
  g_autofree char *by_content = NULL;
  g_autofree char *by_name = NULL;

  if (!database_ready ())
    return;
  by_content = copy_as (source, "tm_domains.pickle");
  assert_type (by_content, TRACEMALLOC);
  by_name = copy_as (source, "snapshot.tracemalloc");
  assert_type (by_name, TRACEMALLOC);
}

/* Pickles of anything else are not snapshots. */
static void
test_tracemalloc_not_other_pickles (void)
{
  /* pickle.dumps({'a': 1}, protocol=5) */
  static const char dict_pickle[] =
    "\x80\x05\x95\x0a\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\x01\x61\x94K\x01s.";
  g_autofree char *plain = NULL;
  g_autofree char *reduce = sample_path ("TIDE_SAMPLES_DIR", "bad", "tm_reduce_print.pickle");

  if (!database_ready ())
    return;
  plain = write_as ("dict.pickle", dict_pickle, sizeof dict_pickle - 1);
  assert_not_type (plain, TRACEMALLOC);
  if (reduce != NULL)
    {
      /* a crafted pickle that calls print() instead of building a snapshot */
      g_autofree char *copy = copy_as (reduce, "tm_reduce_print.pickle");
      assert_not_type (copy, TRACEMALLOC);
    }
}

/* Every dump of the shared set: protocols 4 and 5, CPython 3.6 to 3.13. */
static void
test_tracemalloc_every_version (void)
{
  const char *samples = g_getenv ("TIDE_SAMPLES_DIR");
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint seen = 0;

  if (!database_ready ())
    return;
  if (samples != NULL)
    {
      dir_path = g_build_filename (samples, "tracemalloc", NULL);
      dir = g_dir_open (dir_path, 0, NULL);
    }
  if (dir == NULL)
    {
      g_test_skip ("no TIDE_SAMPLES_DIR/tracemalloc");
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      if (!g_str_has_suffix (name, ".pickle"))
        continue;
      assert_type (path, TRACEMALLOC);
      seen++;
    }
  g_assert_cmpuint (seen, >, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* descriptions in English, whatever the session's language */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");

  g_test_init (&argc, &argv, NULL);
  build_database ();

  g_test_add_func ("/data-files/mime/types-known", test_types_known);
  g_test_add_func ("/data-files/mime/heaptrack/by-content", test_heaptrack_by_content);
  g_test_add_func ("/data-files/mime/heaptrack/by-name", test_heaptrack_by_name);
  g_test_add_func ("/data-files/mime/heaptrack/compressed", test_heaptrack_compressed);
  g_test_add_func ("/data-files/mime/heaptrack/not-text", test_heaptrack_not_text);
  g_test_add_func ("/data-files/mime/massif", test_massif);
  g_test_add_func ("/data-files/mime/tracemalloc", test_tracemalloc);
  g_test_add_func ("/data-files/mime/tracemalloc/not-other-pickles", test_tracemalloc_not_other_pickles);
  g_test_add_func ("/data-files/mime/tracemalloc/every-version", test_tracemalloc_every_version);

  status = g_test_run ();
  remove_tree (scratch_dir);
  g_free (scratch_dir);
  g_free (files_dir);
  g_free (database_error);
  return status;
}
