/* test-window.c: the real TideWindow opening, failing and cancelling loads
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (Xvfb in CI: `xvfb-run -a dbus-run-session -- meson test`);
 * every test skips without one.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "app/tide-application.h"
#include "app/tide-site-item.h"
#include "app/tide-site-table.h"
#include "app/tide-window.h"

#define WAIT_SECONDS 10

static TideApplication *app;

static GFile *
data_file (const char *name)
{
  const char *dir = g_getenv ("TIDE_TEST_DATA");
  g_autofree char *path = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  return g_file_new_for_path (path);
}

static gboolean
skip_without_display (void)
{
  if (app != NULL)
    return FALSE;
  g_test_skip ("no display (run under xvfb-run)");
  return TRUE;
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until the load is over and @page shows. */
static void
wait_for_page (TideWindow *window,
               const char *page)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, flag_cb, &timed_out);

  while (!timed_out
         && (tide_window_is_loading (window) || g_strcmp0 (tide_window_get_visible_page (window), page) != 0))
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("page “%s” not shown within %d s (showing “%s”)", page, WAIT_SECONDS,
             tide_window_get_visible_page (window));
  g_source_remove (id);
}

/* Lets pending idles and the worker's callback run for @ms. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static TideWindow *
new_window (void)
{
  TideWindow *window = tide_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Destroys @window and checks nothing (a pending load, a binding) keeps it alive. */
static void
destroy_window (TideWindow *window)
{
  gboolean timed_out = FALSE;
  guint id;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));

  id = g_timeout_add_seconds (WAIT_SECONDS, flag_cb, &timed_out);
  while (window != NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (window);
  g_source_remove (id);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_of_type (GtkWidget  *root,
              GType       type,
              gboolean  (*match) (GtkWidget *, gconstpointer),
              gconstpointer data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
table_has_metric (GtkWidget     *widget,
                  gconstpointer  data)
{
  return tide_site_table_get_metric (TIDE_SITE_TABLE (widget)) == GPOINTER_TO_UINT (data);
}

static TideSiteTable *
find_table (TideWindow *window,
            TideMetric  metric)
{
  GtkWidget *table = find_of_type (GTK_WIDGET (window), TIDE_TYPE_SITE_TABLE, table_has_metric,
                                   GUINT_TO_POINTER (metric));

  g_assert_nonnull (table);
  return TIDE_SITE_TABLE (table);
}

static gboolean
row_has_title (GtkWidget     *widget,
               gconstpointer  data)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static const char *
label_text (TideWindow *window,
            const char *name)
{
  GtkWidget *label = find_named (GTK_WIDGET (window), name);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The error dialog shown for @window, if any. */
static AdwMessageDialog *
find_error_dialog (TideWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data)
        && gtk_window_get_transient_for (l->data) == GTK_WINDOW (window)
        && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static void
assert_leaky_shown (TideWindow *window)
{
  TideTrace *trace = tide_window_get_trace (window);
  const TideTotals *totals;
  g_autofree char *peak = g_format_size (1122325);

  g_assert_nonnull (trace);
  totals = tide_trace_get_totals (trace);
  g_assert_cmpuint (totals->cost.allocations, ==, 913);
  g_assert_cmpuint (totals->cost.temporary, ==, 502);
  g_assert_cmpuint (totals->cost.peak_bytes, ==, 1122325);
  g_assert_cmpuint (totals->cost.leaked_bytes, ==, 5141);

  g_assert_cmpstr (label_text (window, "peak-value"), ==, peak);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "ht_leaky.zst");
}

static void
test_load_summary (void)
{
  g_autoptr(GFile) file = NULL;
  TideWindow *window;
  GListModel *model;
  g_autoptr(TideSiteItem) first = NULL;
  g_autofree char *leaked = g_format_size (5141);

  if (skip_without_display ())
    return;

  window = new_window ();
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "empty");
  g_assert_null (tide_window_get_trace (window));

  file = data_file ("ht_leaky.zst");
  tide_window_open (window, file);
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "loading");
  wait_for_page (window, "summary");

  assert_leaky_shown (window);
  g_assert_cmpstr (label_text (window, "leaked-value"), ==, leaked);
  g_assert_cmpstr (label_text (window, "command-value"), ==, "./leaky");

  /* heaptrack_print's "PEAK MEMORY CONSUMERS": main first; leaks: two sites */
  model = tide_site_table_get_model (find_table (window, TIDE_METRIC_PEAK));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (tide_site_item_get_function (first), ==, "main");
  g_assert_cmpstr (tide_site_item_get_location (first), ==, "./leaky.c:14");
  g_assert_cmpuint (g_list_model_get_n_items (tide_site_table_get_model (find_table (window, TIDE_METRIC_LEAKED))), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (tide_site_table_get_model (find_table (window, TIDE_METRIC_TEMPORARY))), ==, 3);

  destroy_window (window);
}

static gboolean
column_has_title (GtkColumnViewColumn *column,
                  const char          *title)
{
  return g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0;
}

/* Clicking a header sorts by that column; check the model order both ways. */
static void
test_sort (void)
{
  g_autoptr(GFile) file = NULL;
  TideWindow *window;
  TideSiteTable *table;
  GtkColumnView *view;
  GListModel *columns, *model;
  g_autoptr(GtkColumnViewColumn) allocations = NULL;
  guint n;

  if (skip_without_display ())
    return;

  window = new_window ();
  file = data_file ("ht_cxx.zst");
  tide_window_open (window, file);
  wait_for_page (window, "summary");

  table = find_table (window, TIDE_METRIC_PEAK);
  view = GTK_COLUMN_VIEW (find_of_type (GTK_WIDGET (table), GTK_TYPE_COLUMN_VIEW, NULL, NULL));
  g_assert_nonnull (view);
  columns = gtk_column_view_get_columns (view);
  for (guint i = 0; i < g_list_model_get_n_items (columns) && allocations == NULL; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (column_has_title (column, "Allocations"))
        allocations = g_steal_pointer (&column);
    }
  g_assert_nonnull (allocations);

  model = tide_site_table_get_model (table);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, 1);

  /* initially: by peak, largest first */
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(TideSiteItem) a = g_list_model_get_item (model, i - 1);
      g_autoptr(TideSiteItem) b = g_list_model_get_item (model, i);

      g_assert_cmpuint (tide_site_item_get_value (a, TIDE_METRIC_PEAK), >=, tide_site_item_get_value (b, TIDE_METRIC_PEAK));
      g_assert_cmpuint (tide_site_item_get_value (b, TIDE_METRIC_PEAK), >, 0);
    }

  gtk_column_view_sort_by_column (view, allocations, GTK_SORT_ASCENDING);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(TideSiteItem) a = g_list_model_get_item (model, i - 1);
      g_autoptr(TideSiteItem) b = g_list_model_get_item (model, i);

      g_assert_cmpuint (tide_site_item_get_value (a, TIDE_METRIC_ALLOCATIONS), <=,
                        tide_site_item_get_value (b, TIDE_METRIC_ALLOCATIONS));
    }

  gtk_column_view_sort_by_column (view, allocations, GTK_SORT_DESCENDING);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(TideSiteItem) a = g_list_model_get_item (model, i - 1);
      g_autoptr(TideSiteItem) b = g_list_model_get_item (model, i);

      g_assert_cmpuint (tide_site_item_get_value (a, TIDE_METRIC_ALLOCATIONS), >=,
                        tide_site_item_get_value (b, TIDE_METRIC_ALLOCATIONS));
    }

  destroy_window (window);
}

/* A copy of ht_leaky.txt cut off in the middle of a line. */
static GFile *
make_truncated_trace (char **tmpdir)
{
  g_autoptr(GFile) source = data_file ("ht_leaky.txt");
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gsize len, cut;

  g_file_load_contents (source, NULL, &contents, &len, NULL, &error);
  g_assert_no_error (error);
  cut = len * 3 / 4;
  while (cut > 0 && (contents[cut - 1] == '\n' || contents[cut] == '\n'))
    cut--;

  *tmpdir = g_dir_make_tmp ("tidemark-gui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*tmpdir, "ht_leaky.txt", NULL);
  g_file_set_contents (path, contents, cut, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_bad_file (void)
{
  g_autofree char *tmpdir = NULL;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GFile) good = NULL;
  AdwMessageDialog *dialog;
  TideTrace *trace;
  TideWindow *window;

  if (skip_without_display ())
    return;

  window = new_window ();
  bad = make_truncated_trace (&tmpdir);
  tide_window_open (window, bad);
  wait_for_page (window, "empty");
  g_assert_null (tide_window_get_trace (window));

  dialog = find_error_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "truncated"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "ht_leaky.txt"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* the window is still usable */
  good = data_file ("ht_leaky.zst");
  tide_window_open (window, good);
  wait_for_page (window, "summary");
  assert_leaky_shown (window);
  trace = tide_window_get_trace (window);

  /* a failed load over a shown trace goes back to it */
  tide_window_open (window, bad);
  wait_for_page (window, "summary");
  g_assert_true (tide_window_get_trace (window) == trace);
  assert_leaky_shown (window);
  dialog = find_error_dialog (window);
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));

  destroy_window (window);

  {
    g_autofree char *path = g_file_get_path (bad);

    g_assert_cmpint (g_unlink (path), ==, 0);
    g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
  }
}

static void
test_cancel (void)
{
  g_autoptr(GFile) file = NULL;
  TideWindow *window;

  if (skip_without_display ())
    return;

  window = new_window ();
  file = data_file ("ht_python.zst");
  tide_window_open (window, file);
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "loading");
  g_assert_true (tide_window_is_loading (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "window.cancel-load", NULL);
  g_assert_false (tide_window_is_loading (window));
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "empty");
  g_assert_null (tide_window_get_trace (window));

  /* the worker's late result must not show up */
  spin (300);
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "empty");
  g_assert_null (tide_window_get_trace (window));
  g_assert_null (find_error_dialog (window));

  destroy_window (window);
}

/* Closing the window mid-load cancels it and frees the window. */
static void
test_close_while_loading (void)
{
  g_autoptr(GFile) file = NULL;
  TideWindow *window;

  if (skip_without_display ())
    return;

  window = new_window ();
  file = data_file ("ht_python.zst");
  tide_window_open (window, file);
  destroy_window (window);
}

/* A loaded trace shows up in the recent list of a new window; clicking it opens it. */
static void
test_recent (void)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  TideWindow *window;
  GtkWidget *row;

  if (skip_without_display ())
    return;

  window = new_window ();
  file = data_file ("ht_leaky.zst");
  tide_window_open (window, file);
  wait_for_page (window, "summary");
  destroy_window (window);

  uri = g_file_get_uri (file);
  g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));

  window = new_window ();
  row = find_of_type (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, row_has_title, "ht_leaky.zst");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_visible (row));
  gtk_widget_activate (row);
  wait_for_page (window, "summary");
  assert_leaky_shown (window);
  destroy_window (window);
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* The menu's Keyboard Shortcuts and About entries open their windows. */
static void
test_menu_windows (void)
{
  TideWindow *window;
  GtkWindow *shown;

  if (skip_without_display ())
    return;

  window = new_window ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shown = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shown);
  gtk_widget_set_visible (GTK_WIDGET (shown), FALSE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.about", NULL));
  shown = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (shown);
  g_assert_true (gtk_window_get_transient_for (shown) == GTK_WINDOW (window));
  gtk_window_destroy (shown);

  destroy_window (window);
}

static void
remove_tree (GFile *dir)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;
  GFile *child;

  while (children != NULL && g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_file_delete (child, NULL, NULL);
    }
  g_file_delete (dir, NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  g_autoptr(GFile) home_file = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* Recent files and settings go to a private directory, not the user's
   * (G_TEST_OPTION_ISOLATE_DIRS would change it under the recent manager). */
  home = g_dir_make_tmp ("tidemark-gui-home-XXXXXX", &error);
  g_assert_no_error (error);
  home_file = g_file_new_for_path (home);
  for (guint i = 0; i < 3; i++)
    {
      static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME" };
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_mkdir (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    {
      app = tide_application_new ();
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/gui/window/load-summary", test_load_summary);
  g_test_add_func ("/gui/window/sort", test_sort);
  g_test_add_func ("/gui/window/bad-file", test_bad_file);
  g_test_add_func ("/gui/window/cancel", test_cancel);
  g_test_add_func ("/gui/window/close-while-loading", test_close_while_loading);
  g_test_add_func ("/gui/window/recent", test_recent);
  g_test_add_func ("/gui/window/menu-windows", test_menu_windows);

  status = g_test_run ();

  g_clear_object (&app);
  remove_tree (home_file);
  return status;
}
