/* test-window.c: the real TideWindow opening, failing and cancelling loads
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (Xvfb in CI: `xvfb-run -a dbus-run-session -- meson test`);
 * every test skips without one.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "app/tide-application.h"
#include "app/tide-flame-page.h"
#include "app/tide-preferences-window.h"
#include "app/tide-settings.h"
#include "app/tide-site-item.h"
#include "app/tide-site-table.h"
#include "app/tide-sizes-page.h"
#include "app/tide-timeline-page.h"
#include "app/tide-window.h"
#include "charts/tide-chart-export.h"
#include "core/analysis/tide-flame-search.h"
#include "core/analysis/tide-replay.h"
#include "core/tide-format.h"

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

/* Every key back to its default: a test starts where a new user would. */
static void
reset_settings (void)
{
  GSettings *settings = tide_application_get_settings (app);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

/* A window on the settings as they are. */
static TideWindow *
open_window (void)
{
  TideWindow *window = tide_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* A window on the default settings. */
static TideWindow *
new_window (void)
{
  reset_settings ();
  return open_window ();
}

/* Destroys @window (closing it as its close button does when @close) and
 * checks nothing (a pending load, a binding) keeps it alive. */
static void
finish_window (TideWindow *window,
               gboolean    close)
{
  gboolean timed_out = FALSE;
  guint id;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  if (close)
    gtk_window_close (GTK_WINDOW (window));
  else
    gtk_window_destroy (GTK_WINDOW (window));

  id = g_timeout_add_seconds (WAIT_SECONDS, flag_cb, &timed_out);
  while (window != NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (window);
  g_source_remove (id);
}

static void
destroy_window (TideWindow *window)
{
  finish_window (window, FALSE);
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

/* One window per trace: loads that fail in two windows, one of them on an
 * input a fuzzer found, while a third loads a good trace, leave that third
 * showing its trace and working, and closing the failed windows with their
 * errors touches nothing else. */
static void
test_windows_survive (void)
{
  g_autofree char *tmpdir = NULL;
  g_autoptr(GFile) good = NULL;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GFile) hostile = NULL;
  g_autoptr(GFile) other = NULL;
  TideWindow *a, *b, *c;
  AdwMessageDialog *dialog;

  if (skip_without_display ())
    return;

  a = new_window ();
  b = open_window ();
  c = open_window ();
  good = data_file ("ht_leaky.zst");
  bad = make_truncated_trace (&tmpdir);
  hostile = data_file ("fuzz-regressions/tracemalloc-empty-tuple-no-items.pickle");

  /* all three at once, on their own workers */
  tide_window_open (a, good);
  tide_window_open (b, bad);
  tide_window_open (c, hostile);
  wait_for_page (b, "empty");
  wait_for_page (c, "empty");
  wait_for_page (a, "summary");

  assert_leaky_shown (a);
  g_assert_null (find_error_dialog (a));
  g_assert_null (tide_window_get_trace (b));
  g_assert_null (tide_window_get_trace (c));
  dialog = find_error_dialog (b);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "truncated"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  dialog = find_error_dialog (c);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "byte 45"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  destroy_window (b);
  destroy_window (c);

  /* the survivor still shows its trace and opens another */
  spin (100);
  assert_leaky_shown (a);
  other = data_file ("massif.out.leaky");
  tide_window_open (a, other);
  wait_for_page (a, "summary");
  g_assert_nonnull (tide_window_get_trace (a));
  g_assert_cmpint (tide_trace_get_format (tide_window_get_trace (a)), ==, TIDE_TRACE_FORMAT_MASSIF);
  g_assert_null (find_error_dialog (a));
  destroy_window (a);

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

/* ---------------------------------------------------------- flame graph -- */

#define LEAKY_PEAK 1122325

static gboolean
page_is_busy (gpointer data)
{
  return tide_flame_page_is_busy (data);
}

static gboolean
graph_not_allocated (gpointer data)
{
  return gtk_widget_get_width (data) <= 0 || gtk_widget_get_height (data) <= 0;
}

static gboolean
label_is_empty (gpointer data)
{
  return gtk_label_get_text (data)[0] == '\0';
}

/* Runs the main context while @pending (@data) holds, up to WAIT_SECONDS. */
static void
wait_while (gboolean  (*pending) (gpointer),
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, flag_cb, &timed_out);

  while (!timed_out && pending (data))
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("still %s after %d s", what, WAIT_SECONDS);
  g_source_remove (id);
}

/* Loads ht_leaky.zst, switches to the flame graph and waits for its tree. */
static TideFlamePage *
open_flame_page (TideWindow *window)
{
  g_autoptr(GFile) file = data_file ("ht_leaky.zst");
  TideFlamePage *page;

  tide_window_open (window, file);
  wait_for_page (window, "summary");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "flamegraph"));
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "flamegraph");

  page = TIDE_FLAME_PAGE (find_of_type (GTK_WIDGET (window), TIDE_TYPE_FLAME_PAGE, NULL, NULL));
  g_assert_nonnull (page);
  wait_while (page_is_busy, page, "building the flame tree");
  g_assert_nonnull (tide_flame_graph_get_tree (tide_flame_page_get_graph (page)));
  wait_while (graph_not_allocated, tide_flame_page_get_graph (page), "waiting for the graph's size");
  return page;
}

/* The first node labelled @label, or NO_NODE. */
static guint32
find_node (TideFlameTree *tree,
           const char    *label)
{
  for (guint32 i = 0; i < tide_flame_tree_get_n_nodes (tree); i++)
    {
      g_autofree char *text = tide_flame_tree_get_label (tree, i);

      if (g_strcmp0 (text, label) == 0)
        return i;
    }
  return TIDE_FLAME_NO_NODE;
}

static const TideFlameRect *
find_rect (TideFlameLayout *layout,
           guint32          node)
{
  for (guint i = 0; i < tide_flame_layout_get_n_rects (layout); i++)
    if (tide_flame_layout_get_rect (layout, i)->node == node)
      return tide_flame_layout_get_rect (layout, i);
  return NULL;
}

/* The pixel at the centre of @rect's box on screen: its x middle, and the
 * middle of the run of pixel rows the graph says belong to it. */
static gboolean
box_centre (TideFlameGraph      *graph,
            const TideFlameRect *rect,
            double              *x,
            double              *y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (graph));
  int height = gtk_widget_get_height (GTK_WIDGET (graph));
  int first = -1, last = -1;

  *x = floor ((rect->x0 + rect->x1) / 2 * width) + 0.5;
  for (int py = 0; py < height; py++)
    if (tide_flame_graph_get_node_at (graph, *x, py + 0.5) == rect->node)
      {
        if (first < 0)
          first = py;
        last = py;
      }
  if (first < 0)
    return FALSE;
  *y = (first + last) / 2 + 0.5;
  return TRUE;
}

/* Sum of the peak under boxes labelled @label, each stack once (nested
 * matches are inside their outermost match). */
static guint64
labelled_peak (TideFlameTree *tree,
               const char    *label)
{
  guint64 sum = 0;

  for (guint32 i = 1; i < tide_flame_tree_get_n_nodes (tree); i++)
    {
      g_autofree char *text = tide_flame_tree_get_label (tree, i);
      gboolean nested = FALSE;

      if (g_strcmp0 (text, label) != 0)
        continue;
      for (guint32 a = tide_flame_tree_get_node (tree, i)->parent; a != 0 && !nested;
           a = tide_flame_tree_get_node (tree, a)->parent)
        {
          g_autofree char *above = tide_flame_tree_get_label (tree, a);

          nested = g_strcmp0 (above, label) == 0;
        }
      if (!nested)
        sum += tide_flame_tree_get_node (tree, i)->total.peak_bytes;
    }
  return sum;
}

static void
test_flame_zoom_search_export (void)
{
  TideWindow *window;
  TideFlamePage *page;
  TideFlameGraph *graph;
  TideFlameTree *tree;
  TideFlameLayout *layout;
  const TideFlameRect *rect;
  GtkWidget *entry;
  GtkLabel *share_label;
  guint32 main_node, clicked = TIDE_FLAME_NO_NODE;
  double x, y;
  guint64 make_buf_peak;
  g_autofree char *expected_share = NULL;
  g_autofree char *suggested = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *svg_path = NULL;
  g_autofree char *svg = NULL;
  g_autoptr(GFile) svg_file = NULL;
  g_autoptr(GMarkupParseContext) parser = NULL;
  g_autoptr(GError) error = NULL;
  static const GMarkupParser no_callbacks = { 0 };
  gsize svg_len;

  if (skip_without_display ())
    return;

  window = new_window ();
  page = open_flame_page (window);
  graph = tide_flame_page_get_graph (page);
  tree = tide_flame_graph_get_tree (graph);

  /* the root spans the width and stands for the whole peak */
  layout = tide_flame_graph_get_layout (graph);
  g_assert_nonnull (layout);
  g_assert_cmpuint (tide_flame_layout_get_total (layout), ==, LEAKY_PEAK);
  rect = find_rect (layout, 0);
  g_assert_nonnull (rect);
  g_assert_cmpuint (rect->row, ==, 0);
  g_assert_cmpfloat (rect->x0, ==, 0.0);
  g_assert_cmpfloat (rect->x1, ==, 1.0);
  g_assert_cmpuint (rect->value, ==, LEAKY_PEAK);

  /* a click on main's box: found on screen, then zoomed into as a click does */
  main_node = find_node (tree, "main");
  g_assert_cmpuint (main_node, !=, TIDE_FLAME_NO_NODE);
  rect = find_rect (layout, main_node);
  g_assert_nonnull (rect);
  g_assert_true (box_centre (graph, rect, &x, &y));
  clicked = tide_flame_graph_get_node_at (graph, x, y);
  g_assert_cmpuint (clicked, ==, main_node);
  tide_flame_graph_zoom_to (graph, clicked);
  g_assert_cmpuint (tide_flame_graph_get_zoom_node (graph), ==, main_node);
  layout = tide_flame_graph_get_layout (graph);
  rect = find_rect (layout, main_node);
  g_assert_nonnull (rect);
  g_assert_cmpfloat (rect->x0, ==, 0.0);
  g_assert_cmpfloat (rect->x1, ==, 1.0);
  g_assert_cmpuint (tide_flame_layout_get_total (layout), ==, tide_flame_tree_get_node (tree, main_node)->total.peak_bytes);
  g_assert_nonnull (strstr (label_text (window, "legend"), "% of the total"));

  /* back (Alt+Left, Escape) on the graph and on the page, then Home */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (graph), "flamegraph.zoom-back", NULL));
  g_assert_cmpuint (tide_flame_graph_get_zoom_node (graph), ==, 0);
  g_assert_false (tide_flame_graph_can_zoom_back (graph));
  tide_flame_graph_zoom_to (graph, main_node);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "flame.zoom-back", NULL));
  g_assert_cmpuint (tide_flame_graph_get_zoom_node (graph), ==, 0);
  tide_flame_graph_zoom_to (graph, main_node);
  tide_flame_graph_zoom_to (graph, tide_flame_tree_get_node (tree, main_node)->first_child);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (graph), "flamegraph.zoom-back", NULL));
  g_assert_cmpuint (tide_flame_graph_get_zoom_node (graph), ==, main_node);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "flame.zoom-reset", NULL));
  g_assert_cmpuint (tide_flame_graph_get_zoom_node (graph), ==, 0);
  g_assert_false (tide_flame_graph_can_zoom_back (graph));
  rect = find_rect (tide_flame_graph_get_layout (graph), 0);
  g_assert_cmpfloat (rect->x1, ==, 1.0);

  /* search: the share of make_buf's boxes in the peak */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "flame.search", NULL));
  /* by name: the dropdowns have search entries of their own */
  entry = find_named (GTK_WIDGET (page), "search-entry");
  g_assert_nonnull (entry);
  share_label = GTK_LABEL (find_named (GTK_WIDGET (page), "search-share"));
  g_assert_nonnull (share_label);
  gtk_editable_set_text (GTK_EDITABLE (entry), "make_buf");
  wait_while (label_is_empty, share_label, "waiting for the search");
  make_buf_peak = labelled_peak (tree, "make_buf");
  g_assert_cmpuint (make_buf_peak, >, 0);
  expected_share = g_strdup_printf ("search: %.1f %% of peak", 100.0 * make_buf_peak / LEAKY_PEAK);
  g_test_message ("%s", gtk_label_get_text (share_label));
  g_assert_cmpstr (gtk_label_get_text (share_label), ==, expected_share);
  g_assert_nonnull (tide_flame_graph_get_search (graph));

  /* export: the same picture, through the page, with a toast */
  suggested = tide_flame_page_suggest_export_name (page, TIDE_EXPORT_SVG);
  g_assert_cmpstr (suggested, ==, "ht_leaky-peak-flamegraph.svg");
  tmpdir = g_dir_make_tmp ("tidemark-gui-XXXXXX", &error);
  g_assert_no_error (error);
  svg_path = g_build_filename (tmpdir, suggested, NULL);
  svg_file = g_file_new_for_path (svg_path);
  tide_flame_page_export (page, svg_file, TIDE_EXPORT_SVG);
  wait_while (page_is_busy, page, "exporting");
  g_assert_true (g_file_test (svg_path, G_FILE_TEST_IS_REGULAR));
  g_file_get_contents (svg_path, &svg, &svg_len, &error);
  g_assert_no_error (error);
  parser = g_markup_parse_context_new (&no_callbacks, 0, NULL, NULL);
  g_markup_parse_context_parse (parser, svg, svg_len, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (parser, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (svg, "make_buf"));
  g_assert_cmpstr (tide_window_get_last_toast_title (window), ==, "Exported to ht_leaky-peak-flamegraph.svg");

  g_assert_cmpint (g_unlink (svg_path), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
  destroy_window (window);
}

static gboolean
button_has_label (GtkWidget     *widget,
                  gconstpointer  data)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

/* The toolbar rebuilds the tree (bottom-up, by line) and switches metric. */
static void
test_flame_options (void)
{
  TideWindow *window;
  TideFlamePage *page;
  TideFlameGraph *graph;
  TideFlameTree *before;
  const TideFlameOptions *options;
  GtkWidget *button, *dropdown;
  g_autofree char *leaked = g_format_size (5141);

  if (skip_without_display ())
    return;

  window = new_window ();
  page = open_flame_page (window);
  graph = tide_flame_page_get_graph (page);
  before = tide_flame_graph_get_tree (graph);
  options = tide_flame_tree_get_options (before);
  g_assert_cmpint (options->orientation, ==, TIDE_FLAME_TOP_DOWN);
  g_assert_cmpint (options->merge, ==, TIDE_FLAME_MERGE_FUNCTION);
  g_assert_true (options->hide_allocators);
  tide_flame_graph_zoom_to (graph, find_node (before, "main"));

  button = find_of_type (GTK_WIDGET (page), GTK_TYPE_TOGGLE_BUTTON, button_has_label, "_Bottom-Up");
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  button = find_of_type (GTK_WIDGET (page), GTK_TYPE_TOGGLE_BUTTON, button_has_label, "_Line");
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  g_assert_true (tide_flame_page_is_busy (page));
  wait_while (page_is_busy, page, "rebuilding the flame tree");

  options = tide_flame_tree_get_options (tide_flame_graph_get_tree (graph));
  g_assert_cmpint (options->orientation, ==, TIDE_FLAME_BOTTOM_UP);
  g_assert_cmpint (options->merge, ==, TIDE_FLAME_MERGE_LINE);
  /* a new tree starts unzoomed */
  g_assert_cmpuint (tide_flame_graph_get_zoom_node (graph), ==, 0);
  g_assert_false (tide_flame_graph_can_zoom_back (graph));
  g_assert_cmpuint (tide_flame_layout_get_total (tide_flame_graph_get_layout (graph)), ==, LEAKY_PEAK);

  /* the metric dropdown lists Peak, Leaked, ... */
  dropdown = find_of_type (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, NULL, NULL);
  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  g_assert_cmpuint (tide_flame_graph_get_metric (graph), ==, TIDE_METRIC_LEAKED);
  g_assert_cmpuint (tide_flame_layout_get_total (tide_flame_graph_get_layout (graph)), ==, 5141);
  g_assert_nonnull (strstr (label_text (window, "legend"), leaked));
  {
    g_autofree char *name = tide_flame_page_suggest_export_name (page, TIDE_EXPORT_PNG);

    g_assert_cmpstr (name, ==, "ht_leaky-leaked-flamegraph.png");
  }

  destroy_window (window);
}

/* B8G8R8A8 premultiplied, as cairo and gdk_texture_download() lay it out. */
static guchar *
download (GdkTexture *texture,
          gsize      *stride)
{
  guchar *pixels;

  *stride = gdk_texture_get_width (texture) * 4;
  pixels = g_malloc (*stride * gdk_texture_get_height (texture));
  gdk_texture_download (texture, pixels, *stride);
  return pixels;
}

/* Frames drawn in a row at the same size: a revealer sliding a bar in or
 * out resizes the graph over several frames. */
typedef struct
{
  int width, height;
  guint stable;
} FrameWatch;

static gboolean
count_stable_frame_cb (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  FrameWatch *watch = user_data;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width == watch->width && height == watch->height)
    watch->stable++;
  else
    watch->stable = 0;
  watch->width = width;
  watch->height = height;
  return watch->stable < 3 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
size_unsettled (gpointer data)
{
  return ((FrameWatch *) data)->stable < 3;
}

/* The graph as its own snapshot() draws it, rendered by the window's renderer,
 * once its size has settled. */
static GdkTexture *
render_widget (GtkWidget *widget)
{
  FrameWatch watch = { -1, -1, 0 };
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width, height;

  /* the paintable shows the widget as last drawn: let frames draw it */
  gtk_widget_add_tick_callback (widget, count_stable_frame_cb, &watch, NULL);
  wait_while (size_unsettled, &watch, "waiting for the widget's size to settle");
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_nonnull (renderer);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* The chart on screen is the draw list it last painted: the widget rendered
 * by the window's renderer against the same list rendered by cairo, pixel
 * by pixel. The list must draw something besides its background, and almost
 * every pixel must agree (the crosshair and hover marks are drawn on top). */
static void
assert_shows_draw_list (GtkWidget    *widget,
                        TideDrawList *list)
{
  g_autoptr(GdkTexture) shown = render_widget (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autofree guchar *a = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  const guchar *b;
  gsize stride_a;
  int stride_b;
  guint64 differ = 0, inked = 0;

  g_assert_nonnull (list);
  g_assert_cmpint (gdk_texture_get_width (shown), ==, width);
  g_assert_cmpint (gdk_texture_get_height (shown), ==, height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  tide_draw_list_render (list, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  b = cairo_image_surface_get_data (surface);
  stride_b = cairo_image_surface_get_stride (surface);
  a = download (shown, &stride_a);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *pa = a + (gsize) y * stride_a + (gsize) x * 4;
        const guchar *pb = b + (gsize) y * stride_b + (gsize) x * 4;
        int d = 0;

        for (guint c = 0; c < 3; c++)
          d = MAX (d, ABS ((int) pa[c] - (int) pb[c]));
        differ += d > 8;
        inked += memcmp (pb, b, 4) != 0;
      }
  cairo_surface_destroy (surface);
  g_test_message ("%" G_GUINT64_FORMAT " of %d pixels differ from the draw list, %" G_GUINT64_FORMAT " not background",
                  differ, width * height, inked);
  g_assert_cmpuint (inked, >, (guint64) width * height / 20);
  g_assert_cmpuint (differ, <, (guint64) width * height / 50);
}

/* Compares the graph on screen with the PNG export of the same draw list at
 * the same size, pixel by pixel at the centre of every box wide enough to
 * have one; returns how many boxes were compared. */
static guint
compare_with_export (TideFlameGraph *graph,
                     guint32        *background)
{
  g_autoptr(GdkTexture) shown = render_widget (GTK_WIDGET (graph));
  int width = gtk_widget_get_width (GTK_WIDGET (graph));
  int height = gtk_widget_get_height (GTK_WIDGET (graph));
  g_autoptr(GdkTexture) exported = NULL;
  g_autoptr(TideDrawList) list = tide_flame_graph_paint (graph, height);
  g_autoptr(GFile) png_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *png_path = NULL;
  g_autofree guchar *a = NULL;
  g_autofree guchar *b = NULL;
  TideFlameLayout *layout = tide_flame_graph_get_layout (graph);
  gsize stride_a, stride_b;
  guint compared = 0;

  g_assert_cmpint (gdk_texture_get_width (shown), ==, width);
  g_assert_cmpint (gdk_texture_get_height (shown), ==, height);
  g_assert_nonnull (list);

  tmpdir = g_dir_make_tmp ("tidemark-gui-XXXXXX", &error);
  g_assert_no_error (error);
  png_path = g_build_filename (tmpdir, "shown.png", NULL);
  png_file = g_file_new_for_path (png_path);
  g_assert_true (tide_export_draw_list (list, TIDE_EXPORT_PNG, 1.0, png_file, NULL, &error));
  g_assert_no_error (error);
  exported = gdk_texture_new_from_file (png_file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (exported), ==, width);
  g_assert_cmpint (gdk_texture_get_height (exported), ==, height);
  g_assert_cmpint (g_unlink (png_path), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);

  a = download (shown, &stride_a);
  b = download (exported, &stride_b);
  for (guint i = 0; i < tide_flame_layout_get_n_rects (layout); i++)
    {
      const TideFlameRect *rect = tide_flame_layout_get_rect (layout, i);
      double x, y;
      const guchar *pa, *pb;

      /* the hovered box has an outline the export leaves out */
      if (rect->node == TIDE_FLAME_NO_NODE || rect->node == tide_flame_graph_get_hover_node (graph)
          || (rect->x1 - rect->x0) * width < 4 || !box_centre (graph, rect, &x, &y))
        continue;
      pa = a + (gsize) y * stride_a + (gsize) x * 4;
      pb = b + (gsize) y * stride_b + (gsize) x * 4;
      for (guint c = 0; c < 4; c++)
        if (ABS ((int) pa[c] - (int) pb[c]) > 2)
          g_error ("box %u at (%.1f, %.1f): window %02x%02x%02x%02x, export %02x%02x%02x%02x", rect->node, x, y,
                   pa[2], pa[1], pa[0], pa[3], pb[2], pb[1], pb[0], pb[3]);
      compared++;
    }
  /* the top left corner is background: rows start at the bottom */
  memcpy (background, a, 4);
  g_test_message ("%u boxes compared in a %d x %d graph", compared, width, height);
  return compared;
}

static gboolean
graph_not_dark (gpointer data)
{
  return !adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* The window draws what an export writes, in light and dark styles, search
 * marks included. */
static void
test_flame_render (void)
{
  AdwStyleManager *style_manager;
  TideWindow *window;
  TideFlamePage *page;
  TideFlameGraph *graph;
  guint32 light_background, dark_background;

  if (skip_without_display ())
    return;

  window = new_window ();
  page = open_flame_page (window);
  graph = tide_flame_page_get_graph (page);
  /* matches some boxes (bright) and not others (dimmed) */
  gtk_widget_activate_action (GTK_WIDGET (page), "flame.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (page), "search-entry")), "main");
  wait_while (label_is_empty, find_named (GTK_WIDGET (page), "search-share"), "waiting for the search");

  g_assert_cmpuint (compare_with_export (graph, &light_background), >=, 4);

  style_manager = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_while (graph_not_dark, NULL, "waiting for the dark style");
  g_assert_cmpuint (compare_with_export (graph, &dark_background), >=, 4);
  g_assert_cmpuint (light_background, !=, dark_background);
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);

  destroy_window (window);
}

/* ------------------------------------------------------------ selection -- */

#define PYTHON_PEAK 10641272

static gboolean
session_or_page_busy (gpointer data)
{
  TideWindow *window = data;
  TideFlamePage *page = TIDE_FLAME_PAGE (find_of_type (GTK_WIDGET (window), TIDE_TYPE_FLAME_PAGE, NULL, NULL));

  return tide_session_get_busy (tide_window_get_session (window)) || tide_flame_page_is_busy (page);
}

static guint64
sum_costs (TideTrace      *trace,
           const TideCost *costs,
           TideMetric      metric)
{
  guint64 sum = 0;

  for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
    sum += tide_cost_get (&costs[i], metric);
  return sum;
}

/* What a site table lists, added up. */
static guint64
sum_table (TideSiteTable *table,
           TideMetric     metric)
{
  GListModel *model = tide_site_table_get_model (table);
  guint64 sum = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TideSiteItem) item = g_list_model_get_item (model, i);

      sum += tide_site_item_get_value (item, metric);
    }
  return sum;
}

static guint64
flame_root (TideWindow *window,
            TideMetric  metric)
{
  TideFlamePage *page = TIDE_FLAME_PAGE (find_of_type (GTK_WIDGET (window), TIDE_TYPE_FLAME_PAGE, NULL, NULL));
  TideFlameTree *tree = tide_flame_graph_get_tree (tide_flame_page_get_graph (page));

  g_assert_nonnull (tree);
  return tide_cost_get (&tide_flame_tree_get_node (tree, 0)->total, metric);
}

static TideWindow *
open_python (void)
{
  g_autoptr(GFile) file = data_file ("ht_python.zst");
  TideWindow *window = new_window ();

  tide_window_open (window, file);
  wait_for_page (window, "summary");
  return window;
}

/* An instant chosen on the session: every view follows, and Clear (the
 * window's action) goes back to the peak. */
static void
test_selection_instant (void)
{
  TideWindow *window;
  TideSession *session;
  TideTrace *trace;
  TideFlamePage *page;
  GtkWidget *dropdown, *spinner;
  g_autoptr(TideReplay) replay = NULL;
  g_autofree TideCost *replayed = NULL;
  g_autofree char *label = NULL;
  g_autofree char *name = NULL;
  TideTimelineSample sample;
  guint64 t, live;

  if (skip_without_display ())
    return;

  window = open_python ();
  session = tide_window_get_session (window);
  trace = tide_window_get_trace (window);
  g_assert_nonnull (session);
  g_assert_true (tide_session_get_trace (session) == trace);
  g_assert_cmpint (tide_session_get_selection_kind (session), ==, TIDE_SELECTION_PEAK);
  g_assert_true (g_str_has_prefix (label_text (window, "selection-label"), "Peak at "));
  g_assert_false (gtk_widget_is_sensitive (find_of_type (GTK_WIDGET (window), GTK_TYPE_BUTTON, button_has_label,
                                                          "_Back to Peak")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "flamegraph"));
  wait_while (session_or_page_busy, window, "building the flame tree");
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_PEAK), ==, PYTHON_PEAK);
  g_assert_cmpuint (sum_table (find_table (window, TIDE_METRIC_PEAK), TIDE_METRIC_PEAK), ==, PYTHON_PEAK);

  /* a third into the run: a smaller heap than at the peak */
  sample = tide_trace_get_sample (trace, tide_trace_get_n_samples (trace) / 3);
  t = sample.time_ms;
  tide_session_select_instant (session, t);
  g_assert_true (tide_session_get_busy (session));
  spinner = GTK_WIDGET (find_of_type (GTK_WIDGET (window), GTK_TYPE_SPINNER, NULL, NULL));
  g_assert_true (gtk_widget_get_visible (spinner));
  label = tide_session_dup_selection_label (session);
  g_assert_true (g_str_has_prefix (label, "Live at "));
  g_assert_cmpstr (label_text (window, "selection-label"), ==, label);
  wait_while (session_or_page_busy, window, "computing the instant");
  g_assert_false (gtk_widget_get_visible (spinner));

  /* the flame graph, the session and an independent replay agree */
  replay = tide_replay_new (trace, NULL, NULL);
  replayed = tide_replay_live_at (replay, tide_trace_event_index_at_time (trace, t));
  live = sum_costs (trace, replayed, TIDE_METRIC_PEAK);
  g_test_message ("live at %" G_GUINT64_FORMAT " ms: %" G_GUINT64_FORMAT " bytes", t, live);
  g_assert_cmpuint (live, >, 0);
  g_assert_cmpuint (live, !=, PYTHON_PEAK);
  g_assert_cmpuint (sum_costs (trace, tide_session_get_costs (session), TIDE_METRIC_PEAK), ==, live);
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_PEAK), ==, live);
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_ALLOCATIONS), ==,
                    sum_costs (trace, replayed, TIDE_METRIC_ALLOCATIONS));

  /* the views name the metric after the instant */
  page = TIDE_FLAME_PAGE (find_of_type (GTK_WIDGET (window), TIDE_TYPE_FLAME_PAGE, NULL, NULL));
  dropdown = find_of_type (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, NULL, NULL);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), 0),
                   ==, label);
  /* no "Leaked" away from the peak: it would hold the same bytes */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), ==, 4);
  g_assert_true (g_str_has_prefix (label_text (window, "legend"), label));
  name = tide_flame_page_suggest_export_name (page, TIDE_EXPORT_SVG);
  g_assert_true (g_str_has_prefix (name, "ht_python-live-at-"));

  /* the summary's tables follow */
  g_assert_cmpuint (sum_table (find_table (window, TIDE_METRIC_PEAK), TIDE_METRIC_PEAK), ==, live);
  g_assert_cmpuint (sum_table (find_table (window, TIDE_METRIC_ALLOCATIONS), TIDE_METRIC_ALLOCATIONS), ==,
                    sum_costs (trace, replayed, TIDE_METRIC_ALLOCATIONS));
  g_assert_cmpstr (tide_site_table_get_column_title (find_table (window, TIDE_METRIC_PEAK), TIDE_METRIC_PEAK), ==,
                   label);

  /* Clear: back to the peak, at once for the session, soon for the graph */
  g_assert_true (gtk_widget_is_sensitive (find_of_type (GTK_WIDGET (window), GTK_TYPE_BUTTON, button_has_label,
                                                         "_Back to Peak")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.clear-selection", NULL));
  g_assert_cmpint (tide_session_get_selection_kind (session), ==, TIDE_SELECTION_PEAK);
  g_assert_true (g_str_has_prefix (label_text (window, "selection-label"), "Peak at "));
  wait_while (session_or_page_busy, window, "going back to the peak");
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_PEAK), ==, PYTHON_PEAK);
  g_assert_cmpuint (sum_table (find_table (window, TIDE_METRIC_PEAK), TIDE_METRIC_PEAK), ==, PYTHON_PEAK);
  g_assert_cmpstr (tide_site_table_get_column_title (find_table (window, TIDE_METRIC_PEAK), TIDE_METRIC_PEAK), ==,
                   "Peak");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), ==, 5);
  g_assert_false (gtk_widget_is_sensitive (find_of_type (GTK_WIDGET (window), GTK_TYPE_BUTTON, button_has_label,
                                                          "_Back to Peak")));

  destroy_window (window);
}

/* A range: allocations within it, in the flame graph and the tables. */
static void
test_selection_range (void)
{
  TideWindow *window;
  TideSession *session;
  TideTrace *trace;
  g_autoptr(TideReplay) replay = NULL;
  g_autofree TideCost *replayed = NULL;
  guint64 from, to, allocations;
  guint n;

  if (skip_without_display ())
    return;

  window = open_python ();
  session = tide_window_get_session (window);
  trace = tide_window_get_trace (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "flamegraph"));

  n = tide_trace_get_n_samples (trace);
  from = tide_trace_get_sample_time (trace, n / 4);
  to = tide_trace_get_sample_time (trace, n / 2);
  tide_session_select_range (session, from, to);
  g_assert_true (g_str_has_prefix (label_text (window, "selection-label"), "Allocated from "));
  wait_while (session_or_page_busy, window, "computing the range");

  replay = tide_replay_new (trace, NULL, NULL);
  replayed = tide_replay_range (replay, tide_trace_event_index_at_time (trace, from),
                                tide_trace_event_index_at_time (trace, to));
  allocations = sum_costs (trace, replayed, TIDE_METRIC_ALLOCATIONS);
  g_assert_cmpuint (allocations, >, 0);
  g_assert_cmpuint (allocations, <, tide_trace_get_totals (trace)->cost.allocations);
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_ALLOCATIONS), ==, allocations);
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_ALLOCATED), ==, sum_costs (trace, replayed, TIDE_METRIC_ALLOCATED));
  g_assert_cmpuint (sum_table (find_table (window, TIDE_METRIC_ALLOCATIONS), TIDE_METRIC_ALLOCATIONS), ==,
                    allocations);
  g_assert_cmpuint (sum_table (find_table (window, TIDE_METRIC_PEAK), TIDE_METRIC_PEAK), ==,
                    sum_costs (trace, replayed, TIDE_METRIC_PEAK));
  g_assert_true (g_str_has_prefix (tide_site_table_get_column_title (find_table (window, TIDE_METRIC_PEAK),
                                                                     TIDE_METRIC_PEAK), "Still live at "));

  /* Ctrl+Backspace's action */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.clear-selection", NULL));
  wait_while (session_or_page_busy, window, "going back to the peak");
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_PEAK), ==, PYTHON_PEAK);

  destroy_window (window);
}

/* ------------------------------------------------------------- timeline -- */

static gboolean
timeline_busy (gpointer data)
{
  return tide_timeline_page_is_busy (data);
}

static TideTimelinePage *
open_timeline_page (TideWindow *window)
{
  TideTimelinePage *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "timeline"));
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "timeline");
  page = TIDE_TIMELINE_PAGE (find_of_type (GTK_WIDGET (window), TIDE_TYPE_TIMELINE_PAGE, NULL, NULL));
  g_assert_nonnull (page);
  g_assert_true (tide_timeline_page_get_session (page) == tide_window_get_session (window));
  wait_while (graph_not_allocated, tide_timeline_page_get_view (page), "waiting for the timeline's size");
  /* the series are built on a worker thread */
  wait_while (timeline_busy, page, "waiting for the timeline's series");
  return page;
}

/* Whether @list draws @text. */
static gboolean
draws_text (TideDrawList *list,
            const char   *text)
{
  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);

      if (op->kind == TIDE_DRAW_TEXT && g_strcmp0 (op->text, text) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The timeline shows the summary's peak, zooms, selects the instant clicked
 * (the flame graph follows) and exports what it shows. */
static void
test_timeline (void)
{
  TideWindow *window;
  TideTimelinePage *page;
  TideTimelineView *view;
  TideTimelineLayout *layout;
  TideSession *session;
  TideTrace *trace;
  const TideTotals *totals;
  TideTimelinePeak peak;
  g_autofree char *peak_label = NULL;
  g_autofree char *peak_size = g_format_size (PYTHON_PEAK);
  g_autoptr(TideReplay) replay = NULL;
  g_autofree TideCost *replayed = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *suggested = NULL;
  g_autofree char *svg_path = NULL;
  g_autofree char *svg = NULL;
  g_autoptr(GFile) svg_file = NULL;
  g_autoptr(GMarkupParseContext) parser = NULL;
  g_autoptr(GError) error = NULL;
  static const GMarkupParser no_callbacks = { 0 };
  double t0, t1, z0, z1, x, chosen;
  guint64 selected, live;
  gsize svg_len;

  if (skip_without_display ())
    return;

  window = open_python ();
  session = tide_window_get_session (window);
  trace = tide_window_get_trace (window);
  totals = tide_trace_get_totals (trace);
  page = open_timeline_page (window);
  view = tide_timeline_page_get_view (page);

  /* the peak marker: the summary's peak, when it was reached */
  layout = tide_timeline_view_get_layout (view);
  g_assert_nonnull (layout);
  g_assert_true (tide_timeline_layout_get_peak (layout, &peak));
  g_assert_cmpfloat (peak.value, ==, PYTHON_PEAK);
  g_assert_cmpfloat (peak.time_ms, ==, totals->peak_time_ms);
  g_assert_cmpstr (label_text (window, "peak-value"), ==, peak_size);
  peak_label = tide_timeline_painter_peak_label (layout, &peak);
  g_test_message ("%s", peak_label);
  g_assert_true (draws_text (tide_timeline_view_get_draw_list (view), peak_label));
  /* and what the window shows is that drawing */
  assert_shows_draw_list (GTK_WIDGET (view), tide_timeline_view_get_draw_list (view));

  /* zoom in with the action: half the window; back gives the whole run */
  tide_timeline_view_get_window (view, &t0, &t1);
  g_assert_cmpfloat (t0, ==, 0);
  g_assert_cmpfloat (t1, >=, totals->duration_ms);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "timeline.zoom-in", NULL));
  tide_timeline_view_get_window (view, &z0, &z1);
  g_assert_cmpfloat (z1 - z0, <, t1 - t0);
  g_assert_cmpfloat_with_epsilon (z1 - z0, (t1 - t0) / 2, 1e-6);
  g_assert_true (tide_timeline_view_can_zoom_back (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "timeline.zoom-back", NULL));
  tide_timeline_view_get_window (view, &z0, &z1);
  g_assert_cmpfloat (z0, ==, t0);
  g_assert_cmpfloat (z1, ==, t1);
  g_assert_false (tide_timeline_view_can_zoom_back (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "timeline.zoom-in", NULL));
  tide_timeline_view_get_window (view, &z0, &z1);

  /* a click on an instant within the zoomed window: the x of its time */
  chosen = tide_trace_get_sample_time (trace, tide_trace_get_n_samples (trace) / 3);
  g_assert_cmpfloat (chosen, >, z0);
  g_assert_cmpfloat (chosen, <, z1);
  layout = tide_timeline_view_get_layout (view);
  x = tide_timeline_layout_x_for_time (layout, chosen);
  g_assert_true (tide_timeline_view_select_at (view, x));
  g_assert_cmpint (tide_session_get_selection_kind (session), ==, TIDE_SELECTION_INSTANT);
  selected = tide_session_get_selection_time_start (session);
  g_test_message ("chose %.0f ms at x %.1f, selected %" G_GUINT64_FORMAT " ms", chosen, x, selected);
  g_assert_cmpfloat (fabs ((double) selected - chosen), <=, 1.0);

  /* the flame graph follows: the heap at that instant, as a replay has it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "flamegraph"));
  wait_while (session_or_page_busy, window, "computing the instant");
  replay = tide_replay_new (trace, NULL, NULL);
  replayed = tide_replay_live_at (replay, tide_trace_event_index_at_time (trace, selected));
  live = sum_costs (trace, replayed, TIDE_METRIC_PEAK);
  g_assert_cmpuint (live, >, 0);
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_PEAK), ==, live);

  /* Shift+drag's path: a range; Escape's action: the peak again */
  page = open_timeline_page (window);
  layout = tide_timeline_view_get_layout (view);
  g_assert_true (tide_timeline_view_select_between (view, tide_timeline_layout_x_for_time (layout, z1 - 1),
                                                    tide_timeline_layout_x_for_time (layout, z0 + 1)));
  g_assert_cmpint (tide_session_get_selection_kind (session), ==, TIDE_SELECTION_RANGE);
  g_assert_cmpuint (tide_session_get_selection_time_start (session), <, tide_session_get_selection_time_end (session));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "timeline.clear-selection", NULL));
  g_assert_cmpint (tide_session_get_selection_kind (session), ==, TIDE_SELECTION_PEAK);

  /* export: what the window shows, with the peak's label, as valid SVG */
  suggested = tide_timeline_page_suggest_export_name (page, TIDE_EXPORT_SVG);
  g_assert_cmpstr (suggested, ==, "ht_python-timeline.svg");
  tmpdir = g_dir_make_tmp ("tidemark-gui-XXXXXX", &error);
  g_assert_no_error (error);
  svg_path = g_build_filename (tmpdir, suggested, NULL);
  svg_file = g_file_new_for_path (svg_path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "timeline.zoom-reset", NULL));
  tide_timeline_page_export (page, svg_file, TIDE_EXPORT_SVG);
  wait_while (timeline_busy, page, "exporting");
  g_file_get_contents (svg_path, &svg, &svg_len, &error);
  g_assert_no_error (error);
  parser = g_markup_parse_context_new (&no_callbacks, 0, NULL, NULL);
  g_markup_parse_context_parse (parser, svg, svg_len, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (parser, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (svg, "Peak "));
  g_assert_cmpstr (tide_window_get_last_toast_title (window), ==, "Exported to ht_python-timeline.svg");

  g_assert_cmpint (g_unlink (svg_path), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
  destroy_window (window);
}

static guint
n_legend_entries (TideTimelinePage *page)
{
  GtkWidget *legend = find_named (GTK_WIDGET (page), "timeline-legend");
  guint n = 0;

  g_assert_nonnull (legend);
  for (GtkWidget *child = gtk_widget_get_first_child (legend); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* Series switch on and off, the heap splits by its top sites, the legend
 * follows. */
static void
test_timeline_series (void)
{
  TideWindow *window;
  TideTimelinePage *page;
  TideTimelineView *view;
  TideTimelineLayout *layout;
  TideTimelinePeak peak;
  GtkWidget *button;

  if (skip_without_display ())
    return;

  window = open_python ();
  page = open_timeline_page (window);
  view = tide_timeline_page_get_view (page);
  g_assert_cmpuint (n_legend_entries (page), ==, 1);

  /* an overlay: live blocks on their own axis, built when first shown, on
   * a worker: the heap alone until they come, the legend saying what is on */
  g_object_set (view, "show-live-allocations", TRUE, NULL);
  g_assert_true (tide_timeline_view_is_busy (view));
  g_assert_cmpuint (tide_timeline_layout_get_n_curves (tide_timeline_view_get_layout (view)), ==, 1);
  wait_while (timeline_busy, page, "building the live blocks");
  layout = tide_timeline_view_get_layout (view);
  g_assert_cmpuint (tide_timeline_layout_get_n_curves (layout), ==, 2);
  g_assert_nonnull (tide_timeline_layout_find_curve (layout, TIDE_SERIES_LIVE_ALLOCATIONS));
  g_assert_cmpuint (n_legend_entries (page), ==, 2);
  /* a switch: the heap off, then the last series cannot go */
  tide_timeline_view_set_series_shown (view, TIDE_SERIES_HEAP, FALSE);
  tide_timeline_view_set_series_shown (view, TIDE_SERIES_LIVE_ALLOCATIONS, FALSE);
  g_assert_true (tide_timeline_view_get_series_shown (view, TIDE_SERIES_LIVE_ALLOCATIONS));
  layout = tide_timeline_view_get_layout (view);
  g_assert_cmpuint (tide_timeline_layout_get_n_curves (layout), ==, 1);
  /* no heap, no peak marker */
  g_assert_false (tide_timeline_layout_get_peak (layout, &peak));
  tide_timeline_view_set_series_shown (view, TIDE_SERIES_HEAP, TRUE);
  tide_timeline_view_set_series_shown (view, TIDE_SERIES_LIVE_ALLOCATIONS, FALSE);

  /* stacked by the top 5 sites (the toolbar's toggle), on a worker */
  button = find_of_type (GTK_WIDGET (page), GTK_TYPE_TOGGLE_BUTTON, button_has_label, "Stac_ked by Site");
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  g_assert_true (tide_timeline_view_get_stacked (view));
  wait_while (timeline_busy, page, "splitting the heap by site");
  layout = tide_timeline_view_get_layout (view);
  g_assert_cmpuint (tide_timeline_layout_get_n_bands (layout), ==, 5 + 1);
  /* the heap's outline, then each band */
  g_assert_cmpuint (n_legend_entries (page), ==, 1 + 5 + 1);
  tide_timeline_view_set_highlight_band (view, 0);
  tide_timeline_view_set_n_sites (view, 10);
  wait_while (timeline_busy, page, "splitting the heap by site");
  g_assert_cmpuint (tide_timeline_layout_get_n_bands (tide_timeline_view_get_layout (view)), ==, 10 + 1);
  g_assert_cmpuint (n_legend_entries (page), ==, 1 + 10 + 1);

  destroy_window (window);
}

/* ---------------------------------------------------------------- sizes -- */

static gboolean
sizes_busy (gpointer data)
{
  return tide_sizes_page_is_busy (data);
}

static gboolean
sizes_or_session_busy (gpointer data)
{
  TideSizesPage *page = data;

  return tide_sizes_page_is_busy (page) || tide_session_get_busy (tide_sizes_page_get_session (page));
}

static TideSizesPage *
open_sizes_page (TideWindow *window)
{
  TideSizesPage *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "sizes"));
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "sizes");
  page = TIDE_SIZES_PAGE (find_of_type (GTK_WIDGET (window), TIDE_TYPE_SIZES_PAGE, NULL, NULL));
  g_assert_nonnull (page);
  g_assert_true (tide_sizes_page_get_session (page) == tide_window_get_session (window));
  wait_while (sizes_busy, page, "computing the size classes");
  return page;
}

/* The text of the last summary line a draw list has: the treemap's. */
static const char *
last_text (TideDrawList *list)
{
  for (guint i = tide_draw_list_get_n_ops (list); i-- > 0;)
    if (tide_draw_list_get_op (list, i)->kind == TIDE_DRAW_TEXT)
      return tide_draw_list_get_op (list, i)->text;
  return NULL;
}

static guint
n_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* The Sizes view: the treemap holds the summary's peak, drills into the
 * class clicked and back, follows an instant picked on the session (the
 * replay's live bytes then), the histogram counts the same, and the chart
 * exports as shown. */
static void
test_sizes (void)
{
  TideWindow *window;
  TideSizesPage *page;
  TideTreemapView *treemap;
  TideTreemapLayout *layout;
  TideHistogramLayout *histogram;
  TideSession *session;
  TideTrace *trace;
  GtkWidget *breadcrumb;
  const TideTreemapRect *largest = NULL;
  g_autoptr(TideReplay) replay = NULL;
  g_autofree guint64 *live_blocks = NULL;
  g_autofree TideCost *replayed = NULL;
  g_autofree char *peak_size = g_format_size (PYTHON_PEAK);
  g_autofree char *class_label = NULL;
  g_autofree char *suggested = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *svg_path = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GFile) svg_file = NULL;
  g_autoptr(GMarkupParseContext) parser = NULL;
  g_autoptr(GError) error = NULL;
  static const GMarkupParser no_callbacks = { 0 };
  guint64 t, live = 0, blocks, requested;
  guint klass;
  double x, y, w, h;
  gsize svg_len;

  if (skip_without_display ())
    return;

  window = open_python ();
  session = tide_window_get_session (window);
  trace = tide_window_get_trace (window);
  page = open_sizes_page (window);
  treemap = tide_sizes_page_get_treemap (page);
  wait_while (graph_not_allocated, treemap, "waiting for the treemap's size");

  /* a Python program starts with pymalloc's classes; the areas hold the summary's peak */
  g_assert_cmpint (tide_sizes_page_get_scheme (page), ==, TIDE_SIZE_CLASSES_PYMALLOC);
  g_assert_cmpint (tide_sizes_page_get_chart (page), ==, TIDE_SIZES_TREEMAP);
  layout = tide_treemap_view_get_layout (treemap);
  g_assert_nonnull (layout);
  g_assert_cmpuint (tide_treemap_layout_get_total (layout), ==, PYTHON_PEAK);
  g_assert_cmpuint (tide_treemap_layout_get_total (layout), ==, tide_trace_get_totals (trace)->cost.peak_bytes);
  g_assert_cmpstr (label_text (window, "peak-value"), ==, peak_size);
  g_assert_true (g_str_has_prefix (last_text (tide_treemap_view_get_draw_list (treemap)), "Live at peak: "));
  assert_shows_draw_list (GTK_WIDGET (treemap), tide_treemap_view_get_draw_list (treemap));
  {
    TideRect bounds = tide_treemap_layout_get_bounds (layout);
    double area = 0;

    for (guint i = 0; i < tide_treemap_layout_get_n_rects (layout); i++)
      {
        const TideTreemapRect *r = tide_treemap_layout_get_rect (layout, i);

        if (r->depth == 0)
          {
            area += r->w * r->h;
            if (largest == NULL || r->value > largest->value)
              largest = r;
          }
      }
    g_assert_cmpfloat_with_epsilon (area / (bounds.w * bounds.h), 1.0, 1e-9);
  }

  /* a click on the largest class's header: drilled into it */
  klass = tide_treemap_layout_get_class (layout, largest)->klass;
  g_assert_true (tide_treemap_painter_box (layout, largest - tide_treemap_layout_get_rect (layout, 0), &x, &y, &w, &h));
  g_assert_true (tide_treemap_view_activate_at (treemap, x + w / 2, y + 4));
  g_assert_cmpuint (tide_treemap_view_get_zoom_class (treemap), ==, klass);
  g_assert_true (tide_treemap_view_can_zoom_back (treemap));
  layout = tide_treemap_view_get_layout (treemap);
  g_assert_cmpint (tide_treemap_layout_get_zoom_index (layout), >=, 0);
  g_assert_cmpuint (tide_treemap_layout_get_total (layout),
                    ==, tide_treemap_layout_get_class (layout, tide_treemap_layout_get_rect (layout, 0))->requested);
  breadcrumb = find_named (GTK_WIDGET (page), "sizes-breadcrumb");
  g_assert_nonnull (breadcrumb);
  g_assert_cmpuint (n_children (breadcrumb), ==, 3);
  class_label = tide_size_class_label (TIDE_SIZE_CLASSES_PYMALLOC, klass);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_widget_get_last_child (breadcrumb))), ==, class_label);
  /* in a class, a click drills no further */
  g_assert_false (tide_treemap_view_activate_at (treemap, x + w / 2, y + h / 2));

  /* Alt+Left's action: back to every class; then Escape's, on the view itself */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sizes.zoom-back", NULL));
  g_assert_cmpuint (tide_treemap_view_get_zoom_class (treemap), ==, TIDE_TREEMAP_ALL_CLASSES);
  g_assert_false (tide_treemap_view_can_zoom_back (treemap));
  g_assert_cmpuint (n_children (breadcrumb), ==, 1);
  tide_treemap_view_zoom_to_class (treemap, klass);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (treemap), "treemap.zoom-back", NULL));
  g_assert_cmpuint (tide_treemap_layout_get_total (tide_treemap_view_get_layout (treemap)), ==, PYTHON_PEAK);

  /* an instant picked on the session: the treemap follows, holding the
   * bytes a replay says were live then */
  t = tide_trace_get_sample_time (trace, tide_trace_get_n_samples (trace) / 3);
  tide_session_select_instant (session, t);
  wait_while (sizes_or_session_busy, page, "computing the instant");
  replay = tide_replay_new (trace, NULL, NULL);
  live_blocks = tide_replay_live_blocks_at (replay, tide_trace_event_index_at_time (trace, t));
  replayed = tide_replay_live_at (replay, tide_trace_event_index_at_time (trace, t));
  for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
    live += live_blocks[i] * tide_trace_get_info (trace, i)->size;
  g_test_message ("live at %" G_GUINT64_FORMAT " ms: %" G_GUINT64_FORMAT " bytes", t, live);
  g_assert_cmpuint (live, >, 0);
  g_assert_cmpuint (live, !=, PYTHON_PEAK);
  g_assert_cmpuint (live, ==, sum_costs (trace, replayed, TIDE_METRIC_PEAK));
  layout = tide_treemap_view_get_layout (treemap);
  g_assert_cmpuint (tide_treemap_layout_get_total (layout), ==, live);
  label = tide_session_dup_selection_label (session);
  g_assert_true (g_str_has_prefix (last_text (tide_treemap_view_get_draw_list (treemap)), label));

  /* the histogram: the same blocks and bytes, then every allocation */
  tide_sizes_page_set_chart (page, TIDE_SIZES_HISTOGRAM);
  histogram = tide_histogram_view_get_layout (tide_sizes_page_get_histogram (page));
  g_assert_nonnull (histogram);
  tide_histogram_layout_get_totals (histogram, &blocks, &requested, NULL);
  g_assert_cmpuint (requested, ==, live);
  tide_sizes_page_set_all (page, TRUE);
  wait_while (sizes_busy, page, "counting every allocation");
  histogram = tide_histogram_view_get_layout (tide_sizes_page_get_histogram (page));
  tide_histogram_layout_get_totals (histogram, &blocks, &requested, NULL);
  g_assert_cmpuint (blocks, ==, tide_trace_get_totals (trace)->cost.allocations);
  g_assert_cmpuint (requested, ==, tide_trace_get_totals (trace)->cost.allocated_bytes);
  suggested = tide_sizes_page_suggest_export_name (page, TIDE_EXPORT_PNG);
  g_assert_cmpstr (suggested, ==, "ht_python-all-histogram.png");
  g_clear_pointer (&suggested, g_free);

  /* another scheme: the treemap still holds the live bytes */
  tide_sizes_page_set_chart (page, TIDE_SIZES_TREEMAP);
  tide_sizes_page_set_scheme (page, TIDE_SIZE_CLASSES_GLIBC);
  wait_while (sizes_busy, page, "computing glibc's classes");
  g_assert_cmpint (tide_treemap_view_get_scheme (treemap), ==, TIDE_SIZE_CLASSES_GLIBC);
  g_assert_cmpuint (tide_treemap_layout_get_total (tide_treemap_view_get_layout (treemap)), ==, live);

  /* export: what the window shows, as valid SVG, with a toast */
  suggested = tide_sizes_page_suggest_export_name (page, TIDE_EXPORT_SVG);
  g_assert_true (g_str_has_prefix (suggested, "ht_python-live-at-"));
  g_assert_true (g_str_has_suffix (suggested, "-treemap.svg"));
  tmpdir = g_dir_make_tmp ("tidemark-gui-XXXXXX", &error);
  g_assert_no_error (error);
  svg_path = g_build_filename (tmpdir, suggested, NULL);
  svg_file = g_file_new_for_path (svg_path);
  tide_sizes_page_export (page, svg_file, TIDE_EXPORT_SVG);
  wait_while (sizes_busy, page, "exporting");
  g_file_get_contents (svg_path, &svg, &svg_len, &error);
  g_assert_no_error (error);
  parser = g_markup_parse_context_new (&no_callbacks, 0, NULL, NULL);
  g_markup_parse_context_parse (parser, svg, svg_len, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (parser, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (svg, label));
  g_assert_nonnull (strstr (svg, "<title>"));
  {
    g_autofree char *toast = g_strdup_printf ("Exported to %s", suggested);

    g_assert_cmpstr (tide_window_get_last_toast_title (window), ==, toast);
  }

  g_assert_cmpint (g_unlink (svg_path), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
  destroy_window (window);
}

static gboolean
status_has_title (GtkWidget     *widget,
                  gconstpointer  data)
{
  return g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), data) == 0;
}

/* A trace without allocation sizes (massif's) says so instead of a chart. */
static void
test_sizes_without_sizes (void)
{
  g_autoptr(GFile) file = data_file ("massif.out.leaky");
  TideWindow *window;
  TideSizesPage *page;
  GtkWidget *empty;

  if (skip_without_display ())
    return;

  window = new_window ();
  tide_window_open (window, file);
  wait_for_page (window, "summary");
  page = open_sizes_page (window);
  g_assert_null (tide_treemap_view_get_classes (tide_sizes_page_get_treemap (page)));
  empty = find_of_type (GTK_WIDGET (page), ADW_TYPE_STATUS_PAGE, status_has_title, "No Allocation Sizes");
  g_assert_nonnull (empty);
  g_assert_true (gtk_widget_get_mapped (empty));
  destroy_window (window);
}

/* -------------------------------------------------------------- formats -- */

static gboolean
named_visible (TideWindow *window,
               const char *name)
{
  GtkWidget *widget = find_named (GTK_WIDGET (window), name);

  g_assert_nonnull (widget);
  return gtk_widget_get_visible (widget);
}

static const char *
row_subtitle (TideWindow *window,
              const char *name)
{
  GtkWidget *row = find_named (GTK_WIDGET (window), name);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static const char *
row_title (TideWindow *window,
           const char *name)
{
  GtkWidget *row = find_named (GTK_WIDGET (window), name);

  g_assert_true (ADW_IS_PREFERENCES_ROW (row));
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* Whether the summary offers the table of @metric. */
static gboolean
table_shown (TideWindow *window,
             TideMetric  metric)
{
  GtkWidget *table = GTK_WIDGET (find_table (window, metric));
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (table));

  return gtk_stack_page_get_visible (gtk_stack_get_page (stack, table));
}

/* Whether the peak table has a visible column titled @title. */
static gboolean
peak_column_shown (TideWindow *window,
                   const char *title)
{
  GtkWidget *view = find_of_type (GTK_WIDGET (find_table (window, TIDE_METRIC_PEAK)), GTK_TYPE_COLUMN_VIEW, NULL, NULL);
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return gtk_column_view_column_get_visible (column);
    }
  return FALSE;
}

/* The flame page's metric dropdown: its rows, joined by "|". */
static char *
flame_metrics (TideFlamePage *page)
{
  GtkWidget *dropdown = find_of_type (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, NULL, NULL);
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  GString *rows = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (rows, "%s%s", i > 0 ? "|" : "",
                            gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  return g_string_free (rows, FALSE);
}

static TideFlamePage *
show_flame_page (TideWindow *window)
{
  TideFlamePage *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "flamegraph"));
  page = TIDE_FLAME_PAGE (find_of_type (GTK_WIDGET (window), TIDE_TYPE_FLAME_PAGE, NULL, NULL));
  wait_while (page_is_busy, page, "building the flame tree");
  g_assert_nonnull (tide_flame_graph_get_tree (tide_flame_page_get_graph (page)));
  return page;
}

/* The status page titled @title under @page, mapped: the view says what
 * the trace lacks instead of drawing nothing. */
static void
assert_status_shown (GtkWidget  *page,
                     const char *title)
{
  GtkWidget *status = find_of_type (page, ADW_TYPE_STATUS_PAGE, status_has_title, title);

  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));
}

/* Massif counts no allocation calls and times in instructions: the views
 * leave the counts out (unknown, not zero) and write its time as it is. */
static void
test_formats_massif (void)
{
  g_autoptr(GFile) file = data_file ("massif.out.leaky");
  g_autofree char *peak = g_format_size (1049621);
  g_autofree char *runtime = NULL;
  g_autofree char *peak_time = NULL;
  g_autofree char *metrics = NULL;
  g_autofree char *peak_label = NULL;
  TideWindow *window;
  TideTrace *trace;
  TideFlamePage *flame;
  TideTimelinePage *timeline;
  TideTimelineLayout *layout;
  const TideTimelineAxis *axis;
  TideTimelinePeak peak_mark;

  if (skip_without_display ())
    return;

  window = new_window ();
  tide_window_open (window, file);
  wait_for_page (window, "summary");
  trace = tide_window_get_trace (window);
  g_assert_cmpint (tide_trace_get_time_unit (trace), ==, TIDE_TIME_UNIT_INSTRUCTIONS);

  /* no calls, temporary or allocated bytes; no RSS in a massif file */
  g_assert_false (named_visible (window, "calls-row"));
  g_assert_false (named_visible (window, "temporary-row"));
  g_assert_false (named_visible (window, "allocated-row"));
  g_assert_false (named_visible (window, "rss-row"));
  runtime = tide_format_trace_time (trace, 224259);
  g_assert_cmpstr (label_text (window, "runtime-value"), ==, runtime);
  g_assert_cmpstr (runtime, ==, "224259 instructions");
  /* the peak massif marks: 1.0 MB, snapshot 63, after 219844 instructions */
  g_assert_cmpstr (label_text (window, "peak-value"), ==, peak);
  peak_time = tide_format_trace_time (trace, 219844);
  g_assert_nonnull (strstr (row_subtitle (window, "peak-row"), peak_time));
  g_assert_nonnull (strstr (row_subtitle (window, "peak-row"), "63"));
  /* its last snapshot: massif cannot tell it from a leak */
  g_assert_true (named_visible (window, "leaked-row"));
  g_assert_cmpstr (row_title (window, "leaked-row"), ==, "Still allocated at the end");
  g_assert_cmpstr (row_subtitle (window, "leaked-row"), ==, "");

  g_assert_true (table_shown (window, TIDE_METRIC_PEAK));
  g_assert_false (table_shown (window, TIDE_METRIC_ALLOCATIONS));
  g_assert_false (table_shown (window, TIDE_METRIC_TEMPORARY));
  /* the last snapshot is not detailed: nothing per site at the end */
  g_assert_false (table_shown (window, TIDE_METRIC_LEAKED));
  g_assert_true (peak_column_shown (window, "Peak"));
  g_assert_false (peak_column_shown (window, "Allocations"));
  g_assert_false (peak_column_shown (window, "Temporary"));
  g_assert_false (peak_column_shown (window, "Allocated"));

  /* the flame graph offers what the trace has, per site */
  flame = show_flame_page (window);
  metrics = flame_metrics (flame);
  g_assert_cmpstr (metrics, ==, "Peak Memory");
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_PEAK), ==, 1049621);

  /* the timeline counts instructions, and draws no allocation series */
  timeline = open_timeline_page (window);
  layout = tide_timeline_view_get_layout (tide_timeline_page_get_view (timeline));
  g_assert_nonnull (layout);
  axis = tide_timeline_layout_get_time_axis (layout);
  g_assert_cmpint (axis->time_unit, ==, TIDE_TIME_UNIT_INSTRUCTIONS);
  g_assert_cmpstr (axis->unit_name, ==, "ki");
  g_assert_true (g_str_has_suffix (axis->ticks[axis->n_ticks - 1].label, " ki"));
  g_assert_false (tide_timeline_view_has_series (tide_timeline_page_get_view (timeline), TIDE_SERIES_ALLOCATION_RATE));
  g_assert_false (tide_timeline_view_has_series (tide_timeline_page_get_view (timeline), TIDE_SERIES_LIVE_ALLOCATIONS));
  g_assert_true (tide_timeline_layout_get_peak (layout, &peak_mark));
  peak_label = tide_timeline_painter_peak_label (layout, &peak_mark);
  g_assert_nonnull (strstr (peak_label, peak_time));
  g_assert_true (draws_text (tide_timeline_view_get_draw_list (tide_timeline_page_get_view (timeline)), peak_label));

  destroy_window (window);
}

/* Folded stacks: weights without time or unit. One metric, "Weight";
 * no timeline, no sizes. */
static void
test_formats_folded (void)
{
  g_autoptr(GFile) file = data_file ("ht_leaky.leaked.folded");
  g_autofree char *weight = tide_format_count (5141);
  g_autofree char *legend = g_strdup_printf ("Weight: %s", weight);
  g_autofree char *metrics = NULL;
  TideWindow *window;
  TideFlamePage *flame;
  GtkWidget *page;

  if (skip_without_display ())
    return;

  window = new_window ();
  tide_window_open (window, file);
  wait_for_page (window, "summary");

  /* no instant to pick: no bar naming one */
  g_assert_false (gtk_widget_is_visible (find_named (GTK_WIDGET (window), "selection-label")));
  g_assert_false (named_visible (window, "runtime-row"));
  g_assert_false (named_visible (window, "calls-row"));
  g_assert_false (named_visible (window, "temporary-row"));
  g_assert_false (named_visible (window, "allocated-row"));
  g_assert_false (named_visible (window, "rss-row"));
  g_assert_false (named_visible (window, "leaked-row"));
  g_assert_cmpstr (row_title (window, "peak-row"), ==, "Total weight");
  g_assert_cmpstr (label_text (window, "peak-value"), ==, weight);
  g_assert_true (table_shown (window, TIDE_METRIC_PEAK));
  g_assert_false (table_shown (window, TIDE_METRIC_LEAKED));
  g_assert_false (table_shown (window, TIDE_METRIC_ALLOCATIONS));
  g_assert_false (table_shown (window, TIDE_METRIC_TEMPORARY));
  g_assert_cmpstr (tide_site_table_get_column_title (find_table (window, TIDE_METRIC_PEAK), TIDE_METRIC_PEAK), ==,
                   "Weight");

  flame = show_flame_page (window);
  metrics = flame_metrics (flame);
  g_assert_cmpstr (metrics, ==, "Weight");
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_PEAK), ==, 5141);
  g_assert_cmpstr (label_text (window, "legend"), ==, legend);
  g_assert_cmpstr (tide_flame_graph_get_accessible_label (tide_flame_page_get_graph (flame)), ==,
                   "Flame graph of weights");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "timeline"));
  page = find_of_type (GTK_WIDGET (window), TIDE_TYPE_TIMELINE_PAGE, NULL, NULL);
  assert_status_shown (page, "No Timeline");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (tide_timeline_page_get_view (TIDE_TIMELINE_PAGE (page)))));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "sizes"));
  page = find_of_type (GTK_WIDGET (window), TIDE_TYPE_SIZES_PAGE, NULL, NULL);
  assert_status_shown (page, "No Allocation Sizes");

  destroy_window (window);
}

/* A tracemalloc dump: the blocks live when it was taken, and their bytes;
 * no time, no frees (so no temporary allocations). */
static void
test_formats_tracemalloc (void)
{
  g_autoptr(GFile) file = data_file ("tm_before.pickle");
  g_autofree char *blocks = tide_format_count (1452);
  g_autofree char *bytes = tide_format_count (180030);
  g_autofree char *size = g_format_size (180030);
  g_autofree char *metrics = NULL;
  const char *tooltip;
  TideWindow *window;
  GtkWidget *page;

  if (skip_without_display ())
    return;

  window = new_window ();
  tide_window_open (window, file);
  wait_for_page (window, "summary");

  /* no instant to pick: no bar naming one */
  g_assert_false (gtk_widget_is_visible (find_named (GTK_WIDGET (window), "selection-label")));
  g_assert_false (named_visible (window, "runtime-row"));
  g_assert_true (named_visible (window, "calls-row"));
  g_assert_cmpstr (row_title (window, "calls-row"), ==, "Live blocks");
  g_assert_cmpstr (label_text (window, "calls-value"), ==, blocks);
  g_assert_cmpstr (row_title (window, "peak-row"), ==, "Live memory");
  g_assert_cmpstr (label_text (window, "peak-value"), ==, size);
  tooltip = gtk_widget_get_tooltip_text (find_named (GTK_WIDGET (window), "peak-value"));
  g_assert_nonnull (strstr (tooltip, bytes));
  g_assert_false (named_visible (window, "temporary-row"));
  g_assert_false (named_visible (window, "allocated-row"));
  g_assert_false (named_visible (window, "leaked-row"));
  g_assert_false (named_visible (window, "rss-row"));
  g_assert_true (table_shown (window, TIDE_METRIC_PEAK));
  g_assert_true (table_shown (window, TIDE_METRIC_ALLOCATIONS));
  g_assert_false (table_shown (window, TIDE_METRIC_LEAKED));
  g_assert_false (table_shown (window, TIDE_METRIC_TEMPORARY));
  g_assert_cmpuint (sum_table (find_table (window, TIDE_METRIC_ALLOCATIONS), TIDE_METRIC_ALLOCATIONS), ==, 1452);

  metrics = flame_metrics (show_flame_page (window));
  g_assert_cmpstr (metrics, ==, "Live Memory|Blocks");
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_PEAK), ==, 180030);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "timeline"));
  page = find_of_type (GTK_WIDGET (window), TIDE_TYPE_TIMELINE_PAGE, NULL, NULL);
  assert_status_shown (page, "No Timeline");

  destroy_window (window);
}

/* --------------------------------------------------------------- narrow -- */

#define NARROW_MAX_WIDTH 800

/* Logs the chain of widest children under @widget, down to @depth levels:
 * what to shrink when a view is too wide. */
static void
log_widest (GtkWidget *widget,
            guint      depth)
{
  for (guint level = 0; widget != NULL && level < depth; level++)
    {
      GtkWidget *widest = NULL;
      int widest_min = -1;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int min;

          if (!gtk_widget_get_visible (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
          g_test_message ("%*s%s%s%s: %d px", (int) level * 2, "", G_OBJECT_TYPE_NAME (child),
                          gtk_widget_get_name (child)[0] != '\0' ? " " : "",
                          gtk_widget_get_name (child), min);
          if (min > widest_min)
            widest = child, widest_min = min;
        }
      widget = widest;
    }
}

/* The window fits a small screen (GNOME's apps go down to 360 px): no view
 * asks for more than NARROW_MAX_WIDTH px, in whatever language the test
 * runs (meson runs it again with LANGUAGE=de, whose labels are longer). */
static void
assert_narrow (TideWindow *window,
               const char *view)
{
  int min = 0;

  if (view != NULL)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", view));
      g_assert_cmpstr (tide_window_get_visible_page (window), ==, view);
    }
  spin (50);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min > NARROW_MAX_WIDTH)
    log_widest (GTK_WIDGET (window), 24);
  g_test_message ("%s: at least %d px wide", view != NULL ? view : tide_window_get_visible_page (window), min);
  g_assert_cmpint (min, <=, NARROW_MAX_WIDTH);
}

static void
test_narrow (void)
{
  static const char * const traces[] = { "ht_leaky.zst", "massif.out.leaky", "ht_leaky.leaked.folded",
                                         "tm_before.pickle" };
  static const char * const views[] = { "summary", "timeline", "flamegraph", "sizes" };

  if (skip_without_display ())
    return;
  /* the German run must not measure English labels */
  if (g_str_has_prefix (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "", "de"))
    g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Summary"), !=, "_Summary");

  for (guint i = 0; i < G_N_ELEMENTS (traces); i++)
    {
      g_autoptr(GFile) file = data_file (traces[i]);
      TideWindow *window = new_window ();

      g_test_message ("%s", traces[i]);
      if (i == 0)
        assert_narrow (window, NULL);
      tide_window_open (window, file);
      wait_for_page (window, "summary");
      for (guint v = 0; v < G_N_ELEMENTS (views); v++)
        assert_narrow (window, views[v]);
      destroy_window (window);
    }
}

/* ------------------------------------------------------------- settings -- */

static GtkWidget *
find_combo_row (GtkWidget  *root,
                const char *title)
{
  GtkWidget *row = find_of_type (root, ADW_TYPE_COMBO_ROW, row_has_title, title);

  g_assert_nonnull (row);
  return row;
}

static gboolean
not_active (gpointer window)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app)) != window;
}

/* Opens the Preferences window from @window's menu action. */
static GtkWidget *
open_preferences (TideWindow *window)
{
  GtkWindow *preferences;

  g_autoptr(GList) toplevels = NULL;

  /* The action opens it over the application's active window, the one
   * focused last. Under load a window of an earlier test, closing, can
   * still take the focus after @window came up: @window is brought to
   * the front first, as the user's click on its menu would. */
  gtk_window_present (GTK_WINDOW (window));
  wait_while (not_active, window, "waiting for the window to be the active one");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL));
  /* the one on top of @window: a Preferences window an earlier test closed
   * may still be in the list until its destruction runs */
  preferences = NULL;
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, TIDE_TYPE_PREFERENCES_WINDOW) && gtk_widget_get_visible (l->data)
        && gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      preferences = l->data;
  g_assert_nonnull (preferences);
  return GTK_WIDGET (preferences);
}

/* A new window takes the size of the last one closed; closing saves it. */
static void
test_settings_window_size (void)
{
  GSettings *settings;
  TideWindow *window;
  int width, height;

  if (skip_without_display ())
    return;

  reset_settings ();
  settings = tide_application_get_settings (app);
  g_settings_set_int (settings, "window-width", 1250);
  g_settings_set_int (settings, "window-height", 900);
  /* asked for before it is shown; once shown the display has its say */
  window = tide_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1250);
  g_assert_cmpint (height, ==, 900);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));
  gtk_window_present (GTK_WINDOW (window));

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  finish_window (window, TRUE);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1200);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 760);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* maximized, over the size it had before; destroying saves nothing */
  g_settings_set_boolean (settings, "window-maximized", TRUE);
  window = tide_window_new (app);
  g_assert_true (gtk_window_is_maximized (GTK_WINDOW (window)));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1200);
  g_assert_cmpint (height, ==, 760);
  destroy_window (window);
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));

  /* a broken size does not hide the window */
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  g_settings_set_int (settings, "window-width", 0);
  g_settings_set_int (settings, "window-height", -20);
  window = tide_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, >=, 360);
  g_assert_cmpint (height, >=, 300);
  destroy_window (window);
  reset_settings ();
}

/* A trace opens in the view shown last, in any window, read when it loads. */
static void
test_settings_last_view (void)
{
  g_autoptr(GFile) leaky = data_file ("ht_leaky.zst");
  g_autoptr(GFile) cxx = data_file ("ht_cxx.zst");
  GSettings *settings;
  TideWindow *first, *second;
  g_autofree char *view = NULL;

  if (skip_without_display ())
    return;

  first = new_window ();
  settings = tide_application_get_settings (app);
  /* made before the view changes: it must still follow */
  second = open_window ();

  tide_window_open (first, leaky);
  wait_for_page (first, "summary");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (first), "window.show-page", "s", "flamegraph"));
  view = g_settings_get_string (settings, "last-view");
  g_assert_cmpstr (view, ==, "flamegraph");

  tide_window_open (second, cxx);
  wait_for_page (second, "flamegraph");
  g_assert_cmpstr (tide_window_get_visible_page (first), ==, "flamegraph");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (second), "window.show-page", "s", "sizes"));
  /* a window going away takes its views with it, not the setting */
  destroy_window (first);
  destroy_window (second);
  g_free (view);
  view = g_settings_get_string (settings, "last-view");
  g_assert_cmpstr (view, ==, "sizes");

  first = open_window ();
  tide_window_open (first, leaky);
  wait_for_page (first, "sizes");
  destroy_window (first);
  reset_settings ();
}

/* The style follows the setting, and the Preferences window sets it. */
static void
test_settings_color_scheme (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GSettings *settings;
  TideWindow *window;
  GtkWidget *preferences, *row;
  g_autofree char *scheme = NULL;

  if (skip_without_display ())
    return;

  window = new_window ();
  settings = tide_application_get_settings (app);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  g_settings_set_string (settings, "color-scheme", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  g_settings_set_string (settings, "color-scheme", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style));

  preferences = open_preferences (window);
  row = find_combo_row (preferences, "_Style");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);
  scheme = g_settings_get_string (settings, "color-scheme");
  g_assert_cmpstr (scheme, ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* Ctrl+, opens it too */
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_assert_null (find_toplevel (TIDE_TYPE_PREFERENCES_WINDOW));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");

    g_assert_nonnull (accels[0]);
    g_assert_cmpstr (accels[0], ==, "<Control>comma");
  }

  destroy_window (window);
  reset_settings ();
}

static gboolean
flame_or_session_busy (gpointer data)
{
  TideFlamePage *page = data;

  return tide_flame_page_is_busy (page) || tide_session_get_busy (tide_flame_page_get_session (page));
}

/* The flame graph starts with the metric set, keeps it through a selection
 * without it, and a pick becomes the next trace's metric. */
static void
test_settings_flame_metric (void)
{
  GSettings *settings;
  TideWindow *window, *other;
  TideFlamePage *page;
  TideFlameGraph *graph;
  TideSession *session;
  TideTrace *trace;
  GtkWidget *dropdown, *preferences, *row;
  g_autofree char *metric = NULL;

  if (skip_without_display ())
    return;

  reset_settings ();
  settings = tide_application_get_settings (app);
  g_settings_set_string (settings, "flame-metric", "leaked");
  window = open_window ();
  page = open_flame_page (window);
  graph = tide_flame_page_get_graph (page);
  dropdown = find_of_type (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, NULL, NULL);
  g_assert_cmpstr (tide_flame_page_get_metric (page), ==, "leaked");
  g_assert_cmpuint (tide_flame_graph_get_metric (graph), ==, TIDE_METRIC_LEAKED);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 1);
  g_assert_cmpuint (tide_flame_layout_get_total (tide_flame_graph_get_layout (graph)), ==, 5141);

  /* an instant has no leaks of its own: the first row shows until the peak is back */
  session = tide_window_get_session (window);
  trace = tide_window_get_trace (window);
  tide_session_select_instant (session, tide_trace_get_sample_time (trace, tide_trace_get_n_samples (trace) / 2));
  wait_while (flame_or_session_busy, page, "computing the instant");
  g_assert_cmpuint (tide_flame_graph_get_metric (graph), ==, TIDE_METRIC_PEAK);
  g_assert_cmpstr (tide_flame_page_get_metric (page), ==, "leaked");
  metric = g_settings_get_string (settings, "flame-metric");
  g_assert_cmpstr (metric, ==, "leaked");
  tide_session_select_peak (session);
  wait_while (flame_or_session_busy, page, "going back to the peak");
  g_assert_cmpuint (tide_flame_graph_get_metric (graph), ==, TIDE_METRIC_LEAKED);

  /* a pick is what the next trace opens with */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 3);
  g_assert_cmpuint (tide_flame_graph_get_metric (graph), ==, TIDE_METRIC_ALLOCATIONS);
  g_free (metric);
  metric = g_settings_get_string (settings, "flame-metric");
  g_assert_cmpstr (metric, ==, "allocations");

  /* the Preferences window shows it and sets it, for the traces opened next */
  preferences = open_preferences (window);
  row = find_combo_row (preferences, "Flame Graph _Metric");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 4);
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_free (metric);
  metric = g_settings_get_string (settings, "flame-metric");
  g_assert_cmpstr (metric, ==, "temporary");
  g_assert_cmpuint (tide_flame_graph_get_metric (graph), ==, TIDE_METRIC_ALLOCATIONS);

  /* (open_flame_page() expects the summary first) */
  g_settings_reset (settings, "last-view");
  other = open_window ();
  page = open_flame_page (other);
  g_assert_cmpstr (tide_flame_page_get_metric (page), ==, "temporary");
  g_assert_cmpuint (tide_flame_graph_get_metric (tide_flame_page_get_graph (page)), ==, TIDE_METRIC_TEMPORARY);

  destroy_window (other);
  destroy_window (window);
  reset_settings ();
}

static TideSizesPage *open_sizes_page (TideWindow *window);

/* "auto" leaves the scheme to each trace; another value is every trace's. */
static void
test_settings_size_classes (void)
{
  g_autoptr(GFile) python = data_file ("ht_python.zst");
  g_autoptr(GFile) leaky = data_file ("ht_leaky.zst");
  GSettings *settings;
  TideWindow *window, *other;
  TideSizesPage *page;
  GtkWidget *preferences, *row;
  g_autofree char *scheme = NULL;

  if (skip_without_display ())
    return;

  window = new_window ();
  settings = tide_application_get_settings (app);
  tide_window_open (window, python);
  wait_for_page (window, "summary");
  page = open_sizes_page (window);
  g_assert_cmpint (tide_sizes_page_get_scheme (page), ==, TIDE_SIZE_CLASSES_PYMALLOC);

  /* the trace on display keeps its scheme */
  g_settings_set_string (settings, "size-class-scheme", "glibc");
  g_assert_cmpint (tide_sizes_page_get_scheme (page), ==, TIDE_SIZE_CLASSES_PYMALLOC);
  other = open_window ();
  tide_window_open (other, python);
  wait_for_page (other, "sizes");
  page = open_sizes_page (other);
  g_assert_cmpint (tide_sizes_page_get_scheme (page), ==, TIDE_SIZE_CLASSES_GLIBC);
  destroy_window (other);

  preferences = open_preferences (window);
  row = find_combo_row (preferences, "Si_ze Classes");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
  gtk_window_destroy (GTK_WINDOW (preferences));
  scheme = g_settings_get_string (settings, "size-class-scheme");
  g_assert_cmpstr (scheme, ==, "auto");

  /* automatic again: a C program's trace starts with powers of two */
  other = open_window ();
  tide_window_open (other, leaky);
  wait_for_page (other, "sizes");
  page = open_sizes_page (other);
  g_assert_cmpint (tide_sizes_page_get_scheme (page), ==, TIDE_SIZE_CLASSES_POW2);

  destroy_window (other);
  destroy_window (window);
  reset_settings ();
}

/* Compiles a copy of the schema into a new directory under @parent, with
 * window-width defaulting to @width and, unless @with_auto, the
 * size-class-scheme enum of a version before "auto". */
static char *
compile_schema_variant (const char *parent,
                        const char *name,
                        int         width,
                        gboolean    with_auto)
{
  const char *source_dir = g_getenv ("TIDE_SCHEMA_SOURCE");
  g_autofree char *source = g_build_filename (source_dir, "io.github.tidemark.Tidemark.gschema.xml", NULL);
  g_autofree char *dir = g_build_filename (parent, name, NULL);
  g_autofree char *target = g_build_filename (dir, "io.github.tidemark.Tidemark.gschema.xml", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *default_width = g_strdup_printf ("<default>%d</default>", width);
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "glib-compile-schemas", "--strict", dir, NULL };
  int status;

  g_file_get_contents (source, &xml, NULL, &error);
  g_assert_no_error (error);
  text = g_string_new (xml);
  g_assert_cmpuint (g_string_replace (text, "<default>1180</default>", default_width, 1), ==, 1);
  if (!with_auto)
    {
      g_assert_cmpuint (g_string_replace (text, "<value nick=\"auto\" value=\"3\"/>", "", 1), ==, 1);
      g_assert_cmpuint (g_string_replace (text, "<default>'auto'</default>", "<default>'pow2'</default>", 1), ==, 1);
    }
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_file_set_contents (target, text->str, text->len, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (g_unlink (target), ==, 0);
  return g_steal_pointer (&dir);
}

static int
schema_default_width (GSettingsSchema *schema)
{
  g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, "window-width");
  g_autoptr(GVariant) value = g_settings_schema_key_get_default_value (key);

  return g_variant_get_int32 (value);
}

/* TIDEMARK_SCHEMA_DIR first, then where GLib looks; a schema older than
 * the app (no "auto" size classes) is passed over. Needs no display. */
static void
test_settings_schema_lookup (void)
{
  g_autofree char *tmpdir = NULL;
  g_autofree char *good = NULL;
  g_autofree char *old = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("TIDEMARK_SCHEMA_DIR"));
  g_autoptr(GError) error = NULL;
  g_autofree char *compiler = g_find_program_in_path ("glib-compile-schemas");
  GSettingsSchema *schema;

  if (compiler == NULL)
    {
      g_test_skip ("glib-compile-schemas is not installed (libglib2.0-bin)");
      return;
    }

  tmpdir = g_dir_make_tmp ("tidemark-schema-XXXXXX", &error);
  g_assert_no_error (error);
  good = compile_schema_variant (tmpdir, "good", 777, TRUE);
  old = compile_schema_variant (tmpdir, "old", 555, FALSE);

  g_setenv ("TIDEMARK_SCHEMA_DIR", good, TRUE);
  schema = tide_settings_lookup_schema ();
  g_assert_nonnull (schema);
  g_assert_cmpint (schema_default_width (schema), ==, 777);
  g_settings_schema_unref (schema);

  /* the older one is skipped for the build's (GSETTINGS_SCHEMA_DIR here) */
  g_setenv ("TIDEMARK_SCHEMA_DIR", old, TRUE);
  schema = tide_settings_lookup_schema ();
  g_assert_nonnull (schema);
  g_assert_cmpint (schema_default_width (schema), ==, 1180);
  g_settings_schema_unref (schema);

  /* a directory without a compiled schema is no error */
  g_setenv ("TIDEMARK_SCHEMA_DIR", tmpdir, TRUE);
  schema = tide_settings_lookup_schema ();
  g_assert_nonnull (schema);
  g_settings_schema_unref (schema);

  if (saved != NULL)
    g_setenv ("TIDEMARK_SCHEMA_DIR", saved, TRUE);
  else
    g_unsetenv ("TIDEMARK_SCHEMA_DIR");
  {
    g_autofree char *good_compiled = g_build_filename (good, "gschemas.compiled", NULL);
    g_autofree char *old_compiled = g_build_filename (old, "gschemas.compiled", NULL);

    g_assert_cmpint (g_unlink (good_compiled), ==, 0);
    g_assert_cmpint (g_unlink (old_compiled), ==, 0);
    g_assert_cmpint (g_rmdir (good), ==, 0);
    g_assert_cmpint (g_rmdir (old), ==, 0);
    g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
  }
}

/* ------------------------------------------------------------- opening -- */

/* Whether @filter has a rule of @kind (0 a glob, 1 a MIME type) for @what. */
static gboolean
filter_has_rule (GtkFileFilter *filter,
                 guint32        kind,
                 const char    *what)
{
  g_autoptr(GVariant) description = gtk_file_filter_to_gvariant (filter);
  g_autoptr(GVariant) rules = g_variant_get_child_value (description, 1);
  GVariantIter iter;
  guint32 rule_kind;
  const char *rule;

  g_variant_iter_init (&iter, rules);
  while (g_variant_iter_next (&iter, "(u&s)", &rule_kind, &rule))
    if (rule_kind == kind && g_strcmp0 (rule, what) == 0)
      return TRUE;
  return FALSE;
}

static guint
count_trace_windows (void)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (TIDE_IS_WINDOW (l->data))
      n++;
  return n;
}

/* The Open dialog's filters, then what it does with a file: the same
 * function the dialog's response calls. A trace per window. */
static void
test_open_chosen (void)
{
  g_autoptr(GFile) leaky = data_file ("ht_leaky.zst");
  g_autoptr(GFile) cxx = data_file ("ht_cxx.zst");
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GtkFileFilter) traces = NULL;
  g_autoptr(GFile) svg_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *svg_path = NULL;
  TideWindow *window, *second;
  TideFlamePage *page;
  GtkWindow *dialog;

  if (skip_without_display ())
    return;

  window = new_window ();
  g_assert_cmpuint (count_trace_windows (), ==, 1);

  /* GIO types heaptrack.x.zst as application/zstd: names must match too */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.open", NULL));
  dialog = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (dialog);
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 2);
  traces = g_list_model_get_item (filters, 0);
  g_assert_cmpstr (gtk_file_filter_get_name (traces), ==, "Memory Traces");
  g_assert_true (filter_has_rule (traces, 0, "heaptrack.*"));
  g_assert_true (filter_has_rule (traces, 0, "massif.out.*"));
  g_assert_true (filter_has_rule (traces, 0, "*.tracemalloc"));
  g_assert_true (filter_has_rule (traces, 1, "application/x-heaptrack"));
  g_assert_true (filter_has_rule (traces, 1, "application/x-valgrind-massif"));
  g_assert_true (filter_has_rule (traces, 1, "application/zstd"));
  g_assert_true (gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog)) == traces);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  spin (50);
  g_assert_null (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "empty");

  /* a file picked in an empty window opens there */
  g_assert_true (tide_window_open_chosen (window, leaky) == window);
  wait_for_page (window, "summary");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "ht_leaky.zst");
  g_assert_cmpuint (count_trace_windows (), ==, 1);

  /* the next one in a window of its own; the first keeps its trace */
  second = tide_window_open_chosen (window, cxx);
  g_assert_true (second != window);
  g_assert_true (TIDE_IS_WINDOW (second));
  wait_for_page (second, "summary");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (second)), ==, "ht_cxx.zst");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "ht_leaky.zst");
  g_assert_true (g_file_equal (tide_window_get_file (window), leaky));
  g_assert_true (g_file_equal (tide_window_get_file (second), cxx));
  g_assert_cmpuint (count_trace_windows (), ==, 2);

  /* an export from the new window says so in a toast */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (second), "window.show-page", "s", "flamegraph"));
  page = TIDE_FLAME_PAGE (find_of_type (GTK_WIDGET (second), TIDE_TYPE_FLAME_PAGE, NULL, NULL));
  wait_while (page_is_busy, page, "building the flame tree");
  tmpdir = g_dir_make_tmp ("tidemark-gui-XXXXXX", &error);
  g_assert_no_error (error);
  svg_path = g_build_filename (tmpdir, "cxx.svg", NULL);
  svg_file = g_file_new_for_path (svg_path);
  g_assert_null (tide_window_get_last_toast_title (second));
  tide_flame_page_export (page, svg_file, TIDE_EXPORT_SVG);
  wait_while (page_is_busy, page, "exporting");
  g_assert_true (g_file_test (svg_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (tide_window_get_last_toast_title (second), ==, "Exported to cxx.svg");
  g_assert_null (tide_window_get_last_toast_title (window));

  g_assert_cmpint (g_unlink (svg_path), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
  destroy_window (second);
  destroy_window (window);
}

/* A copy of test data @name as @dir/@as, modified at @mtime. */
static GFile *
copy_dated (const char *dir,
            const char *name,
            const char *as,
            guint64     mtime)
{
  g_autoptr(GFile) from = data_file (name);
  g_autofree char *path = g_build_filename (dir, as, NULL);
  GFile *to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_file_set_attribute_uint64 (to, G_FILE_ATTRIBUTE_TIME_MODIFIED, mtime, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  return to;
}

/* Two dumps chosen together are one series, oldest first; Page Down and Up
 * step through them and every view follows. Files that are no series open
 * one window each. */
static void
test_open_series (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tidemark-gui-series-XXXXXX", NULL);
  g_autoptr(GFile) newer = copy_dated (dir, "tm_after.pickle", "a.pickle", 1700000200);
  g_autoptr(GFile) older = copy_dated (dir, "tm_before.pickle", "b.pickle", 1700000100);
  g_autoptr(GFile) leaky = data_file ("ht_leaky.zst");
  GFile *chosen[] = { newer, older };
  GFile *mixed[] = { older, leaky };
  g_autofree char *peak = g_format_size (935214);
  g_autofree char *label = NULL;
  TideSession *session;
  TideWindow *window, *other = NULL;

  if (skip_without_display ())
    return;

  window = new_window ();
  g_assert_true (tide_window_open_chosen_files (window, chosen, 2) == window);
  wait_for_page (window, "summary");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "a.pickle and 1 more");
  g_assert_cmpstr (row_title (window, "runtime-row"), ==, "Snapshots");
  g_assert_cmpstr (label_text (window, "runtime-value"), ==, "2");
  g_assert_cmpstr (row_title (window, "peak-row"), ==, "Peak heap consumption");
  g_assert_cmpstr (label_text (window, "peak-value"), ==, peak);
  g_assert_false (named_visible (window, "calls-row"));

  /* the peak is the last dump: nothing after it, the first before */
  session = tide_window_get_session (window);
  show_flame_page (window);
  g_assert_true (tide_session_can_step (session));
  g_assert_false (tide_session_step (session, 1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.step-snapshot", "i", -1));
  g_assert_cmpint (tide_session_get_selection_kind (session), ==, TIDE_SELECTION_INSTANT);
  g_assert_cmpuint (tide_session_get_selection_time_start (session), ==, 0);
  label = tide_session_dup_selection_label (session);
  g_assert_cmpstr (label, ==, "Live at snapshot 1");
  wait_while (session_or_page_busy, window, "building the flame tree");
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_PEAK), ==, 180030);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.step-snapshot", "i", 1));
  wait_while (session_or_page_busy, window, "building the flame tree");
  g_assert_cmpuint (tide_session_get_selection_time_start (session), ==, 1);
  g_assert_cmpuint (flame_root (window, TIDE_METRIC_PEAK), ==, 935214);
  destroy_window (window);

  /* a dump and a heaptrack trace: two windows */
  window = new_window ();
  tide_window_open_chosen_files (window, mixed, 2);
  wait_for_page (window, "summary");
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (TIDE_IS_WINDOW (l->data) && l->data != (gpointer) window)
      other = l->data;
  g_assert_nonnull (other);
  wait_for_page (other, "summary");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "b.pickle");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (other)), ==, "ht_leaky.zst");
  g_assert_false (tide_session_can_step (tide_window_get_session (other)));
  destroy_window (other);
  destroy_window (window);

  g_unlink (g_file_peek_path (newer));
  g_unlink (g_file_peek_path (older));
  g_rmdir (dir);
}

/* Whether the legend of the timeline page names @name. */
static gboolean
legend_has (TideWindow *window,
            const char *name)
{
  GtkWidget *page = find_of_type (GTK_WIDGET (window), TIDE_TYPE_TIMELINE_PAGE, NULL, NULL);
  GtkWidget *box = find_of_type (page, GTK_TYPE_FLOW_BOX, NULL, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (gtk_widget_get_tooltip_text (label), name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* memory_profiler: the memory over time with its child processes and
 * functions; no flame graph or sizes to show, no sites to list. */
static void
test_formats_mprof (void)
{
  g_autoptr(GFile) func = data_file ("mprof_func.dat");
  g_autoptr(GFile) multi = data_file ("mprof_multiprocess.dat");
  g_autofree char *peak = g_format_size (117534720);
  TideTimelineView *view;
  TideWindow *window;

  if (skip_without_display ())
    return;

  window = new_window ();
  tide_window_open (window, func);
  wait_for_page (window, "summary");
  g_assert_cmpstr (row_title (window, "peak-row"), ==, "Peak memory");
  g_assert_cmpstr (label_text (window, "peak-value"), ==, peak);
  g_assert_cmpstr (row_title (window, "leaked-row"), ==, "Memory at the end");
  g_assert_true (named_visible (window, "runtime-row"));
  g_assert_false (named_visible (window, "calls-row"));
  g_assert_false (named_visible (window, "sites-box"));

  /* no flame graph, no sizes: Ctrl+3 and Ctrl+4 stay where they are */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "flamegraph"));
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "summary");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "sizes"));
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "summary");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "timeline"));
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "timeline");
  spin (100);
  g_assert_true (legend_has (window, "Memory"));
  g_assert_false (legend_has (window, "Heap"));
  /* no sites to stack the memory by, and the plot drawn on screen */
  g_assert_false (named_visible (window, "timeline-sites-box"));
  view = tide_timeline_page_get_view (open_timeline_page (window));
  assert_shows_draw_list (GTK_WIDGET (view), tide_timeline_view_get_draw_list (view));
  destroy_window (window);

  /* a child process on a line of its own */
  window = new_window ();
  tide_window_open (window, multi);
  wait_for_page (window, "summary");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "timeline"));
  spin (100);
  g_assert_true (legend_has (window, "Child 26588"));
  destroy_window (window);
}

/* tidemark-record: a series in time with tracemalloc's own count beside
 * the heap, and every view of stacks and sizes there. */
static void
test_formats_record (void)
{
  g_autoptr(GFile) file = data_file ("rec_small.record");
  g_autofree char *peak = g_format_size (21750);
  TideWindow *window;

  if (skip_without_display ())
    return;

  window = new_window ();
  tide_window_open (window, file);
  wait_for_page (window, "summary");
  g_assert_cmpstr (label_text (window, "peak-value"), ==, peak);
  g_assert_true (named_visible (window, "sites-box"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "timeline"));
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "timeline");
  spin (100);
  g_assert_true (legend_has (window, "Heap"));
  g_assert_true (legend_has (window, "Traced by tracemalloc"));
  g_assert_true (named_visible (window, "timeline-sites-box"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "flamegraph"));
  g_assert_cmpstr (tide_window_get_visible_page (window), ==, "flamegraph");
  /* let the views finish their work: a window closed while they run
   * lingers, and would be the next one's neighbour */
  wait_while (session_or_page_busy, window, "building the flame tree");
  open_sizes_page (window);
  destroy_window (window);
}

/* ------------------------------------------------------- accessibility -- */

/* Whether @widget shows text: a label inside it with some. */
static gboolean
has_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_text (child))
      return TRUE;
  return FALSE;
}

/* Adds to @unnamed every button under @widget nobody could name: a button
 * with text needs nothing else; one with an icon only needs a tooltip (for
 * the eye) and an accessible label (for a screen reader). The buttons
 * inside a GtkMenuButton or GtkDropDown are theirs: those are checked. A
 * button hidden on purpose is left out (a hidden page's are not); the
 * window's own (close, maximize) GTK labels without tooltips. */
static void
collect_unnamed_buttons (GtkWidget *widget,
                         GString   *unnamed)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  gboolean inner = parent != NULL && (GTK_IS_MENU_BUTTON (parent) || GTK_IS_DROP_DOWN (parent));
  gboolean window_control = parent != NULL && GTK_IS_WINDOW_CONTROLS (parent);

  if ((GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget)) && !inner
      && gtk_widget_get_visible (widget))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (widget);
      gboolean has_tooltip = (tooltip != NULL && tooltip[0] != '\0') || window_control;
      gboolean has_label = gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);

      if (!has_text (widget) && !GTK_IS_DROP_DOWN (widget) && !(has_tooltip && has_label))
        g_string_append_printf (unnamed, " %s in %s(tooltip %s, label %s, icon %s)", G_OBJECT_TYPE_NAME (widget),
                                G_OBJECT_TYPE_NAME (parent),
                                has_tooltip ? tooltip : "none", has_label ? "set" : "none",
                                GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget))
                                : GTK_IS_MENU_BUTTON (widget) ? gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget))
                                                             : "?");
      /* a dropdown names its choice but not what it chooses */
      if (GTK_IS_DROP_DOWN (widget) && !has_tooltip && !has_label)
        g_string_append_printf (unnamed, " GtkDropDown(no tooltip, no label)");
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed_buttons (child, unnamed);
}

/* Every button of every view, shown or not, has a name. */
static void
test_a11y_buttons (void)
{
  g_autoptr(GString) unnamed = g_string_new (NULL);
  TideWindow *window;
  GtkWidget *preferences;

  if (skip_without_display ())
    return;

  window = new_window ();
  collect_unnamed_buttons (GTK_WIDGET (window), unnamed);
  g_assert_cmpstr (unnamed->str, ==, "");

  window = open_python ();
  /* breadcrumbs and legends appear with a trace and its charts */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "flamegraph"));
  wait_while (session_or_page_busy, window, "building the flame tree");
  open_sizes_page (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "timeline"));
  collect_unnamed_buttons (GTK_WIDGET (window), unnamed);
  g_assert_cmpstr (unnamed->str, ==, "");

  preferences = open_preferences (window);
  collect_unnamed_buttons (preferences, unnamed);
  g_assert_cmpstr (unnamed->str, ==, "");
  gtk_window_destroy (GTK_WINDOW (preferences));
  destroy_window (window);
}

/* Each chart's accessible label says what it shows, and follows it. */
static void
test_a11y_charts (void)
{
  TideWindow *window;
  TideFlameGraph *graph;
  TideFlameTree *tree;
  TideTimelineView *timeline;
  TideSizesPage *sizes;
  TideTreemapView *treemap;
  TideHistogramView *histogram;
  g_autofree char *node = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *t0 = NULL;
  g_autofree char *t1 = NULL;
  g_autofree char *klass = NULL;
  double w0, w1;
  GPtrArray *classes;

  if (skip_without_display ())
    return;

  window = open_python ();

  /* the flame graph: its metric, and where it is zoomed */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "flamegraph"));
  wait_while (session_or_page_busy, window, "building the flame tree");
  graph = TIDE_FLAME_GRAPH (find_of_type (GTK_WIDGET (window), TIDE_TYPE_FLAME_GRAPH, NULL, NULL));
  gtk_test_accessible_assert_role (graph, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_cmpstr (tide_flame_graph_get_accessible_label (graph), ==, "Flame graph of peak memory");
  gtk_test_accessible_assert_property (graph, GTK_ACCESSIBLE_PROPERTY_LABEL, "Flame graph of peak memory");
  tree = tide_flame_graph_get_tree (graph);
  node = tide_flame_tree_get_label (tree, 1);
  tide_flame_graph_zoom_to (graph, 1);
  expected = g_strdup_printf ("Flame graph of peak memory, zoomed into %s", node);
  g_assert_cmpstr (tide_flame_graph_get_accessible_label (graph), ==, expected);
  gtk_test_accessible_assert_property (graph, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  tide_flame_graph_set_metric (graph, TIDE_METRIC_ALLOCATIONS);
  g_free (expected);
  expected = g_strdup_printf ("Flame graph of allocations, zoomed into %s", node);
  g_assert_cmpstr (tide_flame_graph_get_accessible_label (graph), ==, expected);
  tide_flame_graph_zoom_reset (graph);
  g_assert_cmpstr (tide_flame_graph_get_accessible_label (graph), ==, "Flame graph of allocations");

  /* the timeline: its series, the stack and the window of time */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.show-page", "s", "timeline"));
  timeline = TIDE_TIMELINE_VIEW (find_of_type (GTK_WIDGET (window), TIDE_TYPE_TIMELINE_VIEW, NULL, NULL));
  gtk_test_accessible_assert_role (timeline, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_cmpstr (tide_timeline_view_get_accessible_label (timeline), ==, "Timeline (Heap)");
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_LABEL, "Timeline (Heap)");
  tide_timeline_view_set_series_shown (timeline, TIDE_SERIES_ALLOCATION_RATE, TRUE);
  g_assert_cmpstr (tide_timeline_view_get_accessible_label (timeline), ==, "Timeline (Heap, Allocation rate)");
  tide_timeline_view_set_series_shown (timeline, TIDE_SERIES_ALLOCATION_RATE, FALSE);
  tide_timeline_view_get_extent (timeline, &w0, &w1);
  tide_timeline_view_zoom (timeline, 0.5, (w0 + w1) / 2);
  tide_timeline_view_get_window (timeline, &w0, &w1);
  t0 = tide_format_duration ((guint64) w0);
  t1 = tide_format_duration ((guint64) w1);
  g_free (expected);
  expected = g_strdup_printf ("Timeline (Heap), from %s to %s", t0, t1);
  g_assert_cmpstr (tide_timeline_view_get_accessible_label (timeline), ==, expected);
  tide_timeline_view_set_stacked (timeline, TRUE);
  g_free (expected);
  expected = g_strdup_printf ("Timeline of the heap stacked by its top 5 sites, from %s to %s", t0, t1);
  g_assert_cmpstr (tide_timeline_view_get_accessible_label (timeline), ==, expected);
  gtk_test_accessible_assert_property (timeline, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  tide_timeline_view_zoom_reset (timeline);
  g_assert_cmpstr (tide_timeline_view_get_accessible_label (timeline), ==,
                   "Timeline of the heap stacked by its top 5 sites");
  wait_while ((gboolean (*) (gpointer)) tide_timeline_view_is_busy, timeline, "stacking the heap by site");

  /* the treemap: what it holds, and the class drilled into; the histogram */
  sizes = open_sizes_page (window);
  treemap = tide_sizes_page_get_treemap (sizes);
  gtk_test_accessible_assert_role (treemap, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_cmpstr (tide_treemap_view_get_accessible_label (treemap), ==,
                   "Treemap of memory by size class and allocation site (Live at peak)");
  gtk_test_accessible_assert_property (treemap, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Treemap of memory by size class and allocation site (Live at peak)");
  classes = tide_treemap_view_get_classes (treemap);
  g_assert_nonnull (classes);
  g_assert_cmpuint (classes->len, >, 0);
  tide_treemap_view_zoom_to_class (treemap, ((TideSizeClass *) g_ptr_array_index (classes, 0))->klass);
  klass = tide_size_class_label (TIDE_SIZE_CLASSES_PYMALLOC, ((TideSizeClass *) g_ptr_array_index (classes, 0))->klass);
  g_free (expected);
  expected = g_strdup_printf ("Treemap of memory by size class and allocation site (Live at peak), zoomed into %s",
                              klass);
  g_assert_cmpstr (tide_treemap_view_get_accessible_label (treemap), ==, expected);
  gtk_test_accessible_assert_property (treemap, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);

  tide_sizes_page_set_chart (sizes, TIDE_SIZES_HISTOGRAM);
  histogram = tide_sizes_page_get_histogram (sizes);
  gtk_test_accessible_assert_role (histogram, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_cmpstr (tide_histogram_view_get_accessible_label (histogram), ==,
                   "Histogram of allocation sizes (Live at peak): blocks and bytes per size class");
  gtk_test_accessible_assert_property (histogram, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Histogram of allocation sizes (Live at peak): blocks and bytes per size class");

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

  /* as main.c does: meson points this at the build's catalogues, for the
   * run with LANGUAGE=de */
  if (g_getenv ("TIDEMARK_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TIDEMARK_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    {
      app = tide_application_new ();
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
      /* meson points GSETTINGS_SCHEMA_DIR at the build's compiled schema */
      g_assert_nonnull (tide_application_get_settings (app));
      /* sizes settle at once: no revealer or stack transition in between */
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    }

  g_test_add_func ("/gui/window/load-summary", test_load_summary);
  g_test_add_func ("/gui/window/sort", test_sort);
  g_test_add_func ("/gui/window/bad-file", test_bad_file);
  g_test_add_func ("/gui/window/windows-survive", test_windows_survive);
  g_test_add_func ("/gui/window/cancel", test_cancel);
  g_test_add_func ("/gui/window/close-while-loading", test_close_while_loading);
  g_test_add_func ("/gui/window/recent", test_recent);
  g_test_add_func ("/gui/window/menu-windows", test_menu_windows);
  g_test_add_func ("/gui/flame/zoom-search-export", test_flame_zoom_search_export);
  g_test_add_func ("/gui/flame/options", test_flame_options);
  g_test_add_func ("/gui/flame/render", test_flame_render);
  g_test_add_func ("/gui/selection/instant", test_selection_instant);
  g_test_add_func ("/gui/selection/range", test_selection_range);
  g_test_add_func ("/gui/timeline/peak-zoom-select-export", test_timeline);
  g_test_add_func ("/gui/timeline/series", test_timeline_series);
  g_test_add_func ("/gui/sizes/treemap-drill-instant-export", test_sizes);
  g_test_add_func ("/gui/sizes/without-sizes", test_sizes_without_sizes);
  g_test_add_func ("/gui/window/narrow", test_narrow);
  g_test_add_func ("/gui/formats/massif", test_formats_massif);
  g_test_add_func ("/gui/formats/folded", test_formats_folded);
  g_test_add_func ("/gui/formats/tracemalloc", test_formats_tracemalloc);
  g_test_add_func ("/gui/settings/window-size", test_settings_window_size);
  g_test_add_func ("/gui/settings/last-view", test_settings_last_view);
  g_test_add_func ("/gui/settings/color-scheme", test_settings_color_scheme);
  g_test_add_func ("/gui/settings/flame-metric", test_settings_flame_metric);
  g_test_add_func ("/gui/settings/size-classes", test_settings_size_classes);
  g_test_add_func ("/gui/settings/schema-lookup", test_settings_schema_lookup);
  g_test_add_func ("/gui/window/open-chosen", test_open_chosen);
  g_test_add_func ("/gui/window/open-series", test_open_series);
  g_test_add_func ("/gui/formats/mprof", test_formats_mprof);
  g_test_add_func ("/gui/formats/record", test_formats_record);
  g_test_add_func ("/gui/a11y/buttons", test_a11y_buttons);
  g_test_add_func ("/gui/a11y/charts", test_a11y_charts);

  status = g_test_run ();

  g_clear_object (&app);
  remove_tree (home_file);
  return status;
}
