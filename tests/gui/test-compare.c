/* test-compare.c: the comparison window on real pairs of traces
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (Xvfb in CI: `xvfb-run -a dbus-run-session -- meson test`);
 * every test skips without one. The pair is tests/data's tracemalloc dumps
 * (180,030 B before, 935,214 B after, as Python's tracemalloc says), whose
 * rows are checked against Python's own Snapshot.compare_to.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/tide-application.h"
#include "app/tide-compare-window.h"
#include "app/tide-diff-row-item.h"
#include "app/tide-window.h"
#include "app/widgets/tide-timeline-pair-view.h"
#include "app/widgets/tide-treemap-view.h"
#include "core/analysis/tide-diff-flame.h"
#include "core/tide-format.h"
#include "tide-test-util.h"

#define WAIT_SECONDS 20

/* What Python's tracemalloc reports for the two dumps (tests/data/README.md). */
#define BEFORE_BYTES 180030
#define AFTER_BYTES  935214
/* heaptrack_print's peaks of tests/data's heaptrack traces (README.md there) */
#define LEAKY_PEAK   1122325
#define CXX_PEAK     952824

static TideApplication *app;

static GFile *
data_file (const char *name)
{
  g_autofree char *path = tide_test_data_path (name);

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

/* Runs the main context while @busy (@data) holds, failing after a while. */
static void
wait_while (gboolean    (*busy) (gpointer),
            gpointer      data,
            const char   *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, flag_cb, &timed_out);

  while (!timed_out && busy (data))
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("still %s after %d s", what, WAIT_SECONDS);
  g_source_remove (id);
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
window_busy (gpointer data)
{
  return tide_compare_window_is_busy (data);
}

static gboolean
graph_not_laid_out (gpointer data)
{
  return gtk_widget_get_width (data) <= 1 || tide_flame_graph_get_layout (data) == NULL;
}

static gboolean
no_toast (gpointer data)
{
  return tide_compare_window_get_last_toast_title (data) == NULL;
}

/* Destroys @window and checks nothing (a pending task) keeps it alive. */
static void
finish_window (GtkWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (window);
  spin (50);
  g_assert_null (window);
}

static TideCompareWindow *
open_pair (const char *before,
           const char *after)
{
  g_autoptr(GFile) a = data_file (before);
  g_autoptr(GFile) b = data_file (after);
  TideCompareWindow *window = tide_compare_window_open_files (GTK_APPLICATION (app), a, b);

  wait_while (window_busy, window, "loading and comparing");
  g_assert_null (tide_compare_window_get_error (window));
  g_assert_nonnull (tide_compare_window_get_diff (window));
  return window;
}

/* The first box of @layout for a node labelled @label. */
static const TideFlameRect *
rect_labelled (TideFlameGraph *graph,
               const char     *label,
               guint           row)
{
  TideFlameLayout *layout = tide_flame_graph_get_layout (graph);
  TideFlameTree *tree = tide_flame_graph_get_tree (graph);

  for (guint i = 0; i < tide_flame_layout_get_n_rects (layout); i++)
    {
      const TideFlameRect *rect = tide_flame_layout_get_rect (layout, i);
      g_autofree char *text = NULL;

      if (rect->node == TIDE_FLAME_NO_NODE || rect->row != row)
        continue;
      text = tide_flame_tree_get_label (tree, rect->node);
      if (g_strcmp0 (text, label) == 0)
        return rect;
    }
  return NULL;
}

/* Python's after.compare_to(before, @key) as a JSON array of
 * [frames, size, size_diff, count, count_diff]; NULL without python3. */
static JsonParser *
python_rows (const char *key)
{
  g_autofree char *before = tide_test_data_path ("tm_before.pickle");
  g_autofree char *after = tide_test_data_path ("tm_after.pickle");
  g_autofree char *script = tide_test_data_path ("tm_compare.py");
  const char *argv[] = { "python3", script, before, after, key, NULL };
  g_autofree char *out = NULL;
  JsonParser *parser;
  int status;

  if (!tide_test_have ("python3"))
    return NULL;
  out = tide_test_run (argv, NULL, &status);
  g_assert_cmpint (status, ==, 0);
  parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return parser;
}

/* Python's frames of row @w, one per line, as the table's items hold them. */
static char *
python_traceback (JsonArray *w)
{
  JsonArray *frames = json_array_get_array_element (w, 0);
  GString *text = g_string_new (NULL);

  for (guint k = 0; k < json_array_get_length (frames); k++)
    {
      if (k > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, json_array_get_string_element (frames, k));
    }
  return g_string_free (text, FALSE);
}

/* The table's rows, in the order shown, equal Python's @n first (all when 0). */
static void
check_table (TideCompareWindow *window,
             JsonArray         *want,
             guint              n)
{
  GListModel *model = tide_delta_table_get_model (tide_compare_window_get_delta_table (window));

  if (n == 0)
    {
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, json_array_get_length (want));
      n = json_array_get_length (want);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TideDiffRowItem) item = g_list_model_get_item (model, i);
      JsonArray *w = json_array_get_array_element (want, i);
      g_autofree char *frames = python_traceback (w);

      g_assert_cmpstr (tide_diff_row_item_get_traceback (item), ==, frames);
      g_assert_cmpint (tide_diff_row_item_get_size (item), ==, json_array_get_int_element (w, 1));
      g_assert_cmpint (tide_diff_row_item_get_size_diff (item), ==, json_array_get_int_element (w, 2));
      g_assert_cmpint (tide_diff_row_item_get_count (item), ==, json_array_get_int_element (w, 3));
      g_assert_cmpint (tide_diff_row_item_get_count_diff (item), ==, json_array_get_int_element (w, 4));
    }
}

/* A <rect>'s fill and title, from an SVG export. */
typedef struct
{
  GPtrArray *fills;  /* char* */
  GPtrArray *titles; /* char*, "" for an untitled rect */
  gboolean   in_title;
  gboolean   root_svg;
} SvgRects;

static void
svg_start (GMarkupParseContext *context,
           const char          *element,
           const char         **names,
           const char         **values,
           gpointer             user_data,
           GError             **error)
{
  SvgRects *rects = user_data;

  if (g_str_equal (element, "svg"))
    rects->root_svg = TRUE;
  else if (g_str_equal (element, "rect"))
    {
      const char *fill = "";

      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "fill"))
          fill = values[i];
      g_ptr_array_add (rects->fills, g_strdup (fill));
      g_ptr_array_add (rects->titles, g_strdup (""));
    }
  else if (g_str_equal (element, "title"))
    rects->in_title = TRUE;
}

static void
svg_end (GMarkupParseContext *context,
         const char          *element,
         gpointer             user_data,
         GError             **error)
{
  SvgRects *rects = user_data;

  if (g_str_equal (element, "title"))
    rects->in_title = FALSE;
}

static void
svg_text (GMarkupParseContext *context,
          const char          *text,
          gsize                len,
          gpointer             user_data,
          GError             **error)
{
  SvgRects *rects = user_data;
  char **last;

  if (!rects->in_title || rects->titles->len == 0)
    return;
  last = (char **) &g_ptr_array_index (rects->titles, rects->titles->len - 1);
  g_free (*last);
  *last = g_strndup (text, len);
}

/* "#e84d2e" → red, green and blue. */
static void
parse_fill (const char *fill,
            guint      *r,
            guint      *g,
            guint      *b)
{
  g_assert_cmpuint (strlen (fill), ==, 7);
  g_assert_cmpint (fill[0], ==, '#');
  *r = g_ascii_xdigit_value (fill[1]) * 16 + g_ascii_xdigit_value (fill[2]);
  *g = g_ascii_xdigit_value (fill[3]) * 16 + g_ascii_xdigit_value (fill[4]);
  *b = g_ascii_xdigit_value (fill[5]) * 16 + g_ascii_xdigit_value (fill[6]);
}

/* Opens the pair, checks the shared scale of the side-by-side flame graphs,
 * the delta table against compare_to, its filter, and the exports. */
static void
test_compare_files (void)
{
  TideCompareWindow *window;
  TideFlameGraph *before, *after, *difference;
  const TideFlameRect *rb, *ra;
  TideDiffFlame *diff;
  g_autoptr(JsonParser) lineno = NULL;
  g_autoptr(JsonParser) traceback = NULL;
  JsonArray *want;
  double px_per_byte[2];
  int width;
  /* in both, by the same stack: the JSON encoding the script does */
  const char *frame = "/usr/local/src/tm_pair.py:9";
  /* an import, matched across the two (its stack is the same in both) */
  const char *import = "<frozen importlib._bootstrap>:690";

  if (skip_without_display ())
    return;

  window = open_pair ("tm_before.pickle", "tm_after.pickle");
  diff = tide_compare_window_get_diff (window);
  /* the roots' bytes are Python's totals for each dump */
  g_assert_cmpuint (tide_diff_flame_get_value (diff, 0, TIDE_DIFF_BEFORE), ==, BEFORE_BYTES);
  g_assert_cmpuint (tide_diff_flame_get_value (diff, 0, TIDE_DIFF_AFTER), ==, AFTER_BYTES);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "Comparison: tm_before.pickle → tm_after.pickle");

  /* side by side: one scale, set by the larger root */
  tide_compare_window_show_view (window, "side-by-side");
  before = tide_compare_window_get_graph (window, "before");
  after = tide_compare_window_get_graph (window, "after");
  wait_while (graph_not_laid_out, before, "laying out the before pane");
  wait_while (graph_not_laid_out, after, "laying out the after pane");
  width = gtk_widget_get_width (GTK_WIDGET (after));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (before)), ==, width);
  g_assert_cmpuint (tide_flame_graph_get_scale_value (before), ==, AFTER_BYTES);
  g_assert_cmpuint (tide_flame_graph_get_scale_value (after), ==, AFTER_BYTES);

  ra = rect_labelled (after, "all", 0);
  rb = rect_labelled (before, "all", 0);
  g_assert_nonnull (ra);
  g_assert_nonnull (rb);
  /* the larger root spans the full width, the smaller its share of it */
  g_assert_cmpfloat_with_epsilon (ra->x0, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ra->x1, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rb->x0, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rb->x1, (double) BEFORE_BYTES / AFTER_BYTES, 1e-9);
  g_assert_cmpuint (ra->value, ==, AFTER_BYTES);
  g_assert_cmpuint (rb->value, ==, BEFORE_BYTES);

  /* the same frame: its width per byte is the same in both panes */
  rb = rect_labelled (before, frame, 2);
  ra = rect_labelled (after, frame, 2);
  g_assert_nonnull (rb);
  g_assert_nonnull (ra);
  px_per_byte[0] = (rb->x1 - rb->x0) * width / rb->value;
  px_per_byte[1] = (ra->x1 - ra->x0) * width / ra->value;
  g_test_message ("%s: %" G_GUINT64_FORMAT " B → %" G_GUINT64_FORMAT " B, %.6f and %.6f px/B", frame, rb->value,
                  ra->value, px_per_byte[0], px_per_byte[1]);
  g_assert_cmpfloat_with_epsilon (px_per_byte[0], px_per_byte[1], 1e-9);
  g_assert_cmpfloat_with_epsilon (px_per_byte[1], (double) width / AFTER_BYTES, 1e-9);

  /* pointing at a frame in one pane points at its match in the other */
  rb = rect_labelled (before, import, 1);
  ra = rect_labelled (after, import, 1);
  g_assert_nonnull (rb);
  g_assert_nonnull (ra);
  tide_flame_graph_set_hover_node (after, ra->node);
  g_object_notify (G_OBJECT (after), "hover-node");
  g_assert_cmpuint (tide_flame_graph_get_hover_node (before), ==, rb->node);
  /* zooming into it in one zooms the other, and the scale follows: the
   * larger of the two zoomed boxes fills the width */
  {
    guint64 values[2] = { rb->value, ra->value };
    guint32 nodes[2] = { rb->node, ra->node };

    tide_flame_graph_zoom_to (after, nodes[1]);
    g_assert_cmpuint (tide_flame_graph_get_zoom_node (before), ==, nodes[0]);
    g_assert_cmpuint (tide_flame_graph_get_scale_value (before), ==, MAX (values[0], values[1]));
    g_assert_cmpuint (tide_flame_graph_get_scale_value (after), ==, MAX (values[0], values[1]));
  }
  tide_flame_graph_zoom_reset (after);
  g_assert_cmpuint (tide_flame_graph_get_zoom_node (before), ==, 0);
  g_assert_cmpuint (tide_flame_graph_get_scale_value (before), ==, AFTER_BYTES);

  /* the delta table, by line then by traceback, equals compare_to */
  lineno = python_rows ("lineno");
  if (lineno != NULL)
    {
      tide_compare_window_show_view (window, "changes");
      want = json_node_get_array (json_parser_get_root (lineno));
      g_test_message ("lineno: %u rows", json_array_get_length (want));
      check_table (window, want, 0);

      /* filtered by text: the rows with it in a frame, in the same order */
      tide_compare_window_search (window, "JSON/encoder");
      {
        GListModel *model = tide_delta_table_get_model (tide_compare_window_get_delta_table (window));
        guint expected = 0, shown = 0;

        for (guint i = 0; i < json_array_get_length (want); i++)
          {
            g_autofree char *frames = python_traceback (json_array_get_array_element (want, i));

            if (strstr (frames, "json/encoder") == NULL)
              continue;
            /* the n-th match is the table's n-th row */
            {
              g_autoptr(TideDiffRowItem) item = g_list_model_get_item (model, expected);

              g_assert_nonnull (item);
              g_assert_cmpstr (tide_diff_row_item_get_traceback (item), ==, frames);
            }
            expected++;
          }
        shown = g_list_model_get_n_items (model);
        g_test_message ("“JSON/encoder”: %u of %u rows", shown, json_array_get_length (want));
        g_assert_cmpuint (expected, >=, 2);
        g_assert_cmpuint (shown, ==, expected);
        /* and the graphs mark the same frames */
        g_assert_nonnull (tide_flame_graph_get_search (tide_compare_window_get_graph (window, "difference")));
        g_assert_nonnull (tide_flame_graph_get_search (after));
      }
      tide_compare_window_search (window, NULL);
      check_table (window, want, 0);

      traceback = python_rows ("traceback");
      tide_compare_window_set_grouping (window, TIDE_DIFF_BY_TRACEBACK);
      want = json_node_get_array (json_parser_get_root (traceback));
      g_test_message ("traceback: %u rows", json_array_get_length (want));
      check_table (window, want, 0);
    }
  else
    g_test_message ("python3 is not installed: the table is not checked against compare_to");

  /* the differential flame graph, exported as SVG: what grew is warm */
  {
    g_autofree char *dir = g_dir_make_tmp ("tide-compare-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "difference.svg", NULL);
    g_autofree char *side_path = g_build_filename (dir, "side.png", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFile) side_file = g_file_new_for_path (side_path);
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GMarkupParseContext) context = NULL;
    GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
    SvgRects rects = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free), FALSE, FALSE };
    guint grown = 0, shrunk = 0, titled = 0;
    guint n_boxes = 0;
    TideFlameLayout *layout;

    tide_compare_window_show_view (window, "difference");
    difference = tide_compare_window_get_graph (window, "difference");
    wait_while (graph_not_laid_out, difference, "laying out the difference");
    layout = tide_flame_graph_get_layout (difference);
    /* frames, and the thin ones merged into one box */
    n_boxes = tide_flame_layout_get_n_rects (layout);

    tide_compare_window_export (window, "difference", file, TIDE_EXPORT_SVG);
    wait_while (window_busy, window, "exporting");
    wait_while (no_toast, window, "waiting for the toast");
    g_assert_cmpstr (tide_compare_window_get_last_toast_title (window), ==, "Exported to difference.svg");

    g_assert_true (g_file_get_contents (path, &text, NULL, &error));
    g_assert_no_error (error);
    context = g_markup_parse_context_new (&parser, 0, &rects, NULL);
    g_assert_true (g_markup_parse_context_parse (context, text, -1, &error));
    g_assert_true (g_markup_parse_context_end_parse (context, &error));
    g_assert_no_error (error);
    g_assert_true (rects.root_svg);

    for (guint i = 0; i < rects.titles->len; i++)
      {
        const char *title = g_ptr_array_index (rects.titles, i);
        guint r, g, b;

        if (*title == '\0')
          continue;
        titled++;
        parse_fill (g_ptr_array_index (rects.fills, i), &r, &g, &b);
        /* json/encoder.py:258 under tm_pair.py:9 is new: 0 → 401.5 kB */
        if (g_str_has_prefix (title, "/usr/lib/python3.11/json/encoder.py:258 — ")
            && strstr (title, "blocks 0 → 4000 (+4000) — new: only after") != NULL)
          {
            g_test_message ("grown: %s %s", (const char *) g_ptr_array_index (rects.fills, i), title);
            g_assert_cmpuint (r, >, b + 64);
            grown++;
          }
        /* a shrunk frame is cool */
        if (strstr (title, " bytes, -") != NULL || (strstr (title, "(−") != NULL && strstr (title, "(−0") == NULL))
          {
            if (b > r)
              shrunk++;
          }
      }
    g_test_message ("%u titled boxes in the SVG, %u on screen; %u cool", titled, n_boxes, shrunk);
    /* a box per frame on screen, each with its tooltip */
    g_assert_cmpuint (titled, ==, n_boxes);
    g_assert_cmpuint (grown, ==, 1);
    g_assert_cmpuint (shrunk, >, 0);
    g_ptr_array_unref (rects.fills);
    g_ptr_array_unref (rects.titles);

    /* the side-by-side view as PNG: both panes, twice as wide as one */
    tide_compare_window_export (window, "side-by-side", side_file, TIDE_EXPORT_PNG);
    wait_while (window_busy, window, "exporting");
    g_assert_cmpstr (tide_compare_window_get_last_toast_title (window), ==, "Exported to side.png");
    {
      g_autoptr(GdkTexture) png = gdk_texture_new_from_file (side_file, &error);

      g_assert_no_error (error);
      g_assert_cmpint (gdk_texture_get_width (png), >=, 2 * width);
    }
    g_unlink (path);
    g_unlink (side_path);
    g_rmdir (dir);
  }

  finish_window (GTK_WINDOW (window));
}


/* The widget named @name of @type under @widget (any when @name is NULL). */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type)
      && (name == NULL || g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), name) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
filter_pending (gpointer data)
{
  return tide_delta_table_get_filter_text (data) == NULL;
}

static gboolean
filter_set (gpointer data)
{
  return tide_delta_table_get_filter_text (data) != NULL;
}

static gboolean
treemap_not_laid_out (gpointer data)
{
  return gtk_widget_get_width (data) <= 1 || tide_treemap_view_get_layout (data) == NULL;
}

/* The area of the class boxes of @view's layout, in px², and their bytes. */
static double
treemap_area (TideTreemapView *view,
              guint64         *bytes)
{
  TideTreemapLayout *layout = tide_treemap_view_get_layout (view);
  double area = 0;

  *bytes = 0;
  for (guint i = 0; i < tide_treemap_layout_get_n_rects (layout); i++)
    {
      const TideTreemapRect *rect = tide_treemap_layout_get_rect (layout, i);

      if (rect->depth != 0)
        continue;
      area += rect->w * rect->h;
      *bytes += rect->value;
    }
  return area;
}

static gboolean
svg_is_valid (GFile *file)
{
  g_autofree char *text = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  SvgRects rects = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free), FALSE, FALSE };
  gboolean ok;

  if (!g_file_load_contents (file, NULL, &text, NULL, NULL, NULL))
    return FALSE;
  context = g_markup_parse_context_new (&parser, 0, &rects, NULL);
  ok = g_markup_parse_context_parse (context, text, -1, NULL) && g_markup_parse_context_end_parse (context, NULL)
       && rects.root_svg && rects.fills->len > 2;
  g_ptr_array_unref (rects.fills);
  g_ptr_array_unref (rects.titles);
  return ok;
}

/* Two heaptrack traces of two programs: the peaks are heaptrack_print's,
 * the treemaps draw the same bytes as the same area (the larger side fills
 * its plot), the timelines share one time and one byte axis, and both
 * views export. */
static void
test_compare_heaptrack (void)
{
  TideCompareWindow *window;
  TideDiffFlame *diff;
  TideTreemapView *treemaps[2];
  TideTimelinePairView *timeline;
  TideTimelinePair *pair;
  double area[2], plot_area;
  guint64 bytes[2];
  TideTreemapLayout *layout;
  TideRect bounds;

  if (skip_without_display ())
    return;

  window = open_pair ("ht_leaky.zst", "ht_cxx.zst");
  diff = tide_compare_window_get_diff (window);
  g_assert_cmpuint (tide_diff_flame_get_value (diff, 0, TIDE_DIFF_BEFORE), ==, LEAKY_PEAK);
  g_assert_cmpuint (tide_diff_flame_get_value (diff, 0, TIDE_DIFF_AFTER), ==, CXX_PEAK);
  g_assert_cmpint (tide_diff_flame_get_delta (diff, 0), ==, (gint64) CXX_PEAK - LEAKY_PEAK);

  /* sizes: one byte scale */
  tide_compare_window_show_view (window, "sizes");
  treemaps[0] = TIDE_TREEMAP_VIEW (find_widget (GTK_WIDGET (window), TIDE_TYPE_TREEMAP_VIEW, "before_treemap"));
  treemaps[1] = TIDE_TREEMAP_VIEW (find_widget (GTK_WIDGET (window), TIDE_TYPE_TREEMAP_VIEW, "after_treemap"));
  g_assert_nonnull (treemaps[0]);
  g_assert_nonnull (treemaps[1]);
  wait_while (treemap_not_laid_out, treemaps[0], "laying out the before treemap");
  wait_while (treemap_not_laid_out, treemaps[1], "laying out the after treemap");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (treemaps[0])), ==, gtk_widget_get_width (GTK_WIDGET (treemaps[1])));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (treemaps[0])), ==,
                   gtk_widget_get_height (GTK_WIDGET (treemaps[1])));
  for (guint s = 0; s < 2; s++)
    area[s] = treemap_area (treemaps[s], &bytes[s]);
  g_test_message ("treemaps: %" G_GUINT64_FORMAT " B in %.0f px², %" G_GUINT64_FORMAT " B in %.0f px²", bytes[0],
                  area[0], bytes[1], area[1]);
  /* the heap at the peak, as the treemaps count it: every live block */
  g_assert_cmpuint (bytes[0], ==, LEAKY_PEAK);
  g_assert_cmpuint (bytes[1], ==, CXX_PEAK);
  g_assert_cmpuint (tide_treemap_view_get_scale_value (treemaps[0]), ==, LEAKY_PEAK);
  g_assert_cmpuint (tide_treemap_view_get_scale_value (treemaps[1]), ==, LEAKY_PEAK);
  /* the same area per byte in both, and the larger fills its plot */
  g_assert_cmpfloat_with_epsilon (area[0] / bytes[0], area[1] / bytes[1], 1e-6 * area[0] / bytes[0]);
  layout = tide_treemap_view_get_layout (treemaps[0]);
  bounds = tide_treemap_layout_get_bounds (layout);
  plot_area = bounds.w * bounds.h;
  g_assert_cmpfloat_with_epsilon (area[0], plot_area, 1e-6 * plot_area);
  bounds = tide_treemap_layout_get_bounds (tide_treemap_view_get_layout (treemaps[1]));
  g_assert_cmpfloat_with_epsilon (bounds.w * bounds.h / plot_area, (double) CXX_PEAK / LEAKY_PEAK, 1e-6);

  /* drilling into a class both have drills into it in both */
  {
    GPtrArray *classes = tide_treemap_view_get_classes (treemaps[1]);
    guint both = G_MAXUINT;

    for (guint i = 0; i < classes->len && both == G_MAXUINT; i++)
      {
        GPtrArray *others = tide_treemap_view_get_classes (treemaps[0]);
        guint klass = ((TideSizeClass *) g_ptr_array_index (classes, i))->klass;

        for (guint k = 0; k < others->len; k++)
          if (((TideSizeClass *) g_ptr_array_index (others, k))->klass == klass)
            both = klass;
      }
    g_assert_cmpuint (both, !=, G_MAXUINT);
    tide_treemap_view_zoom_to_class (treemaps[1], both);
    g_assert_cmpuint (tide_treemap_view_get_zoom_class (treemaps[0]), ==, both);
    g_assert_true (tide_treemap_view_zoom_back (treemaps[1]));
    g_assert_cmpuint (tide_treemap_view_get_zoom_class (treemaps[0]), ==, TIDE_TREEMAP_ALL_CLASSES);
    g_assert_cmpuint (tide_treemap_view_get_scale_value (treemaps[1]), ==, LEAKY_PEAK);
  }

  /* one search fades, in both, the sites that do not allocate in "main" */
  tide_compare_window_search (window, "MAIN");
  for (guint s = 0; s < 2; s++)
    {
      TideTreemapLayout *shown = tide_treemap_view_get_layout (treemaps[s]);
      guint expected = 0;

      for (guint i = 0; i < tide_treemap_layout_get_n_rects (shown); i++)
        {
          const TideClassSite *site = tide_treemap_layout_get_site (shown, tide_treemap_layout_get_rect (shown, i));
          g_autofree char *frame = site != NULL ? tide_format_frame (tide_treemap_layout_get_trace (shown), site->frame)
                                                : NULL;

          expected += frame != NULL && strstr (frame, "main") != NULL;
        }
      g_test_message ("“MAIN”: %u site boxes of %u", tide_treemap_view_get_search_matches (treemaps[s]),
                      tide_treemap_layout_get_n_rects (shown));
      g_assert_cmpuint (expected, >, 0);
      g_assert_cmpuint (tide_treemap_view_get_search_matches (treemaps[s]), ==, expected);
    }
  tide_compare_window_search (window, NULL);
  g_assert_cmpuint (tide_treemap_view_get_search_matches (treemaps[0]), ==, 0);

  /* the table's own filter entry is the same search */
  {
    GtkEditable *filter = GTK_EDITABLE (find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, "filter_entry"));
    TideDeltaTable *table = tide_compare_window_get_delta_table (window);
    GListModel *rows = tide_delta_table_get_model (table);
    guint all = g_list_model_get_n_items (rows);

    g_assert_nonnull (filter);
    gtk_editable_set_text (filter, "cxxalloc");
    wait_while (filter_pending, table, "filtering the table");
    g_test_message ("“cxxalloc”: %u of %u rows", g_list_model_get_n_items (rows), all);
    g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
    g_assert_cmpuint (g_list_model_get_n_items (rows), <, all);
    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(TideDiffRowItem) item = g_list_model_get_item (rows, i);

        g_assert_nonnull (strstr (tide_diff_row_item_get_traceback (item), "cxxalloc"));
      }
    g_assert_nonnull (tide_flame_graph_get_search (tide_compare_window_get_graph (window, "difference")));
    gtk_editable_set_text (filter, "");
    wait_while (filter_set, table, "clearing the filter");
    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, all);
  }

  /* timeline: one time axis from both starts, one byte axis */
  tide_compare_window_show_view (window, "timeline");
  timeline = TIDE_TIMELINE_PAIR_VIEW (find_widget (GTK_WIDGET (window), TIDE_TYPE_TIMELINE_PAIR_VIEW, NULL));
  g_assert_nonnull (timeline);
  spin (100);
  pair = tide_timeline_pair_view_get_layout (timeline);
  g_assert_nonnull (pair);
  {
    double t0, t1;
    const double *maxs[2] = { tide_timeline_pair_get_maxs (pair, 0), tide_timeline_pair_get_maxs (pair, 1) };
    double highest[2] = { 0, 0 };

    /* the heaps' highest points are heaptrack_print's peaks */
    g_assert_cmpfloat (tide_timeline_pair_get_peak (pair, 0, &t0), ==, LEAKY_PEAK);
    g_assert_cmpfloat (tide_timeline_pair_get_peak (pair, 1, &t1), ==, CXX_PEAK);
    g_test_message ("timeline peaks at %.0f and %.0f ms since each start; axes to %.0f ms and %.0f B", t0, t1,
                    tide_timeline_pair_get_time_axis (pair)->max, tide_timeline_pair_get_value_axis (pair)->max);
    g_assert_cmpfloat (tide_timeline_pair_get_time_axis (pair)->min, ==, 0);
    g_assert_cmpfloat (tide_timeline_pair_get_time_axis (pair)->max, >=, MAX (t0, t1));
    g_assert_cmpfloat (tide_timeline_pair_get_value_axis (pair)->max, >=, LEAKY_PEAK);
    /* and as drawn: one column of each reaches its peak */
    for (guint s = 0; s < 2; s++)
      for (guint c = 0; c < tide_timeline_pair_get_n_columns (pair); c++)
        if (!isnan (maxs[s][c]))
          highest[s] = MAX (highest[s], maxs[s][c]);
    g_assert_cmpfloat (highest[0], ==, LEAKY_PEAK);
    g_assert_cmpfloat (highest[1], ==, CXX_PEAK);
    /* at the same height for the same bytes */
    g_assert_cmpfloat_with_epsilon (tide_timeline_pair_y_for_value (pair, LEAKY_PEAK) -
                                      tide_timeline_pair_y_for_value (pair, 0),
                                    -(double) LEAKY_PEAK / tide_timeline_pair_get_value_axis (pair)->max *
                                      (tide_timeline_pair_y_for_value (pair, 0) -
                                       tide_timeline_pair_y_for_value (pair, tide_timeline_pair_get_value_axis (pair)->max)),
                                    1e-6);
  }

  /* zoomed: both runs' first 50 ms, on the same axis; "0" shows all again */
  {
    double span = tide_timeline_pair_get_span (pair);
    double t;

    tide_timeline_pair_view_set_window (timeline, 0, 50);
    pair = tide_timeline_pair_view_get_layout (timeline);
    g_assert_cmpfloat (tide_timeline_pair_get_time_axis (pair)->min, ==, 0);
    g_assert_cmpfloat (tide_timeline_pair_get_time_axis (pair)->max, ==, 50);
    /* leaky's peak (at 8 ms) is inside, and still drawn at its height */
    g_assert_cmpfloat (tide_timeline_pair_get_peak (pair, 0, &t), ==, LEAKY_PEAK);
    g_assert_cmpfloat (t, <, 50);
    {
      const double *maxs = tide_timeline_pair_get_maxs (pair, 0);
      double highest = 0;

      for (guint c = 0; c < tide_timeline_pair_get_n_columns (pair); c++)
        if (!isnan (maxs[c]))
          highest = MAX (highest, maxs[c]);
      g_assert_cmpfloat (highest, ==, LEAKY_PEAK);
    }
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (timeline), "pair.zoom", "i", 0));
    pair = tide_timeline_pair_view_get_layout (timeline);
    g_assert_cmpfloat (tide_timeline_pair_get_time_axis (pair)->max, ==, span);
  }

  /* both views export as valid SVG, with a toast */
  {
    g_autofree char *dir = g_dir_make_tmp ("tide-compare-XXXXXX", NULL);
    const char *views[] = { "sizes", "timeline" };

    for (guint v = 0; v < G_N_ELEMENTS (views); v++)
      {
        g_autofree char *name = g_strdup_printf ("%s.svg", views[v]);
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autoptr(GFile) file = g_file_new_for_path (path);
        g_autofree char *toast = g_strdup_printf ("Exported to %s", name);

        tide_compare_window_export (window, views[v], file, TIDE_EXPORT_SVG);
        wait_while (window_busy, window, "exporting");
        g_assert_cmpstr (tide_compare_window_get_last_toast_title (window), ==, toast);
        g_assert_true (svg_is_valid (file));
        g_unlink (path);
      }
    g_rmdir (dir);
  }
  finish_window (GTK_WINDOW (window));
}

/* Two runs of one program recorded now: the peaks are heaptrack_print's,
 * and every frame finds its match though the libraries loaded at other
 * addresses. */
static void
test_compare_recorded (void)
{
  g_autofree char *d1 = g_dir_make_tmp ("tide-compare-run1-XXXXXX", NULL);
  g_autofree char *d2 = g_dir_make_tmp ("tide-compare-run2-XXXXXX", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s' '%s'", d1, d2);
  g_autoptr(GFile) fa = NULL;
  g_autoptr(GFile) fb = NULL;
  TideCompareWindow *window;
  TideDiffFlame *diff;
  guint64 peaks[2];
  GListModel *rows;

  if (skip_without_display ())
    return;
  a = tide_test_record_heaptrack (d1, "leaky.c", "gcc");
  b = tide_test_record_heaptrack (d2, "leaky.c", "gcc");
  if (a == NULL || b == NULL || !tide_test_heaptrack_total (a, "peak", &peaks[0])
      || !tide_test_heaptrack_total (b, "peak", &peaks[1]))
    {
      g_test_skip ("heaptrack or gcc is not installed");
      g_assert_cmpint (system (rm), ==, 0);
      return;
    }
  fa = g_file_new_for_path (a);
  fb = g_file_new_for_path (b);
  window = tide_compare_window_open_files (GTK_APPLICATION (app), fa, fb);
  wait_while (window_busy, window, "loading and comparing");
  g_assert_null (tide_compare_window_get_error (window));
  diff = tide_compare_window_get_diff (window);
  g_test_message ("heaptrack_print's peaks: %" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT, peaks[0], peaks[1]);
  g_assert_cmpuint (tide_diff_flame_get_value (diff, 0, TIDE_DIFF_BEFORE), ==, peaks[0]);
  g_assert_cmpuint (tide_diff_flame_get_value (diff, 0, TIDE_DIFF_AFTER), ==, peaks[1]);
  g_assert_cmpint (tide_diff_flame_get_delta (diff, 0), ==, (gint64) peaks[1] - (gint64) peaks[0]);
  for (guint i = 1; i < tide_diff_flame_get_n_nodes (diff); i++)
    g_assert_cmpuint (tide_diff_flame_get_node (diff, i)->flags, ==, 0);
  /* the same program: nothing changed, site by site */
  rows = tide_delta_table_get_model (tide_compare_window_get_delta_table (window));
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(TideDiffRowItem) item = g_list_model_get_item (rows, i);

      g_assert_cmpint (tide_diff_row_item_get_size_diff (item), ==, 0);
      g_assert_cmpint (tide_diff_row_item_get_count_diff (item), ==, 0);
    }
  finish_window (GTK_WINDOW (window));
  g_assert_cmpint (system (rm), ==, 0);
}

/* A copy of tests/data's @name as @dir/@copy, modified at @mtime: a series
 * is ordered by modification time. */
static GFile *
copy_dated (const char *dir,
            const char *name,
            const char *copy,
            guint64     mtime)
{
  g_autoptr(GFile) source = data_file (name);
  g_autofree char *path = g_build_filename (dir, copy, NULL);
  GFile *target = g_file_new_for_path (path);

  g_assert_true (g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
  g_assert_true (g_file_set_attribute_uint64 (target, G_FILE_ATTRIBUTE_TIME_MODIFIED, mtime, G_FILE_QUERY_INFO_NONE,
                                              NULL, NULL));
  return target;
}

static gboolean
session_busy (gpointer data)
{
  return tide_window_is_loading (data) || tide_window_get_session (data) == NULL
         || tide_session_get_busy (tide_window_get_session (data));
}

/* A series of two dumps: the first snapshot marked as "before" (Page Up,
 * Ctrl+M), the next one compared with it (Page Down, Ctrl+Shift+M); then
 * the same in one step (Ctrl+Page Up). */
static void
test_compare_marked (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-compare-series-XXXXXX", NULL);
  g_autoptr(GFile) older = copy_dated (dir, "tm_before.pickle", "b.pickle", 1700000100);
  g_autoptr(GFile) newer = copy_dated (dir, "tm_after.pickle", "a.pickle", 1700000200);
  GFile *files[] = { newer, older };
  TideWindow *window;
  TideCompareWindow *compare = NULL;

  if (skip_without_display ())
    return;
  window = tide_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  tide_window_open_files (window, files, 2);
  wait_while (session_busy, window, "loading the series");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.step-snapshot", "i", -1));
  wait_while (session_busy, window, "selecting the first snapshot");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.mark-before", NULL));
  g_assert_true (g_str_has_prefix (tide_window_get_last_toast_title (window), "“Live at snapshot 1” is “before”"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.step-snapshot", "i", 1));
  wait_while (session_busy, window, "selecting the next snapshot");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.compare-marked", NULL));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (TIDE_IS_COMPARE_WINDOW (l->data))
      compare = l->data;
  g_assert_nonnull (compare);
  wait_while (window_busy, compare, "comparing");
  g_assert_cmpstr (tide_compare_side_get_title (tide_compare_window_get_side (compare, TIDE_DIFF_BEFORE)), ==,
                   "a.pickle · Live at snapshot 1");
  g_assert_cmpstr (tide_compare_side_get_title (tide_compare_window_get_side (compare, TIDE_DIFF_AFTER)), ==,
                   "a.pickle · Live at snapshot 2");
  g_assert_cmpuint (tide_diff_flame_get_value (tide_compare_window_get_diff (compare), 0, TIDE_DIFF_BEFORE), ==,
                    BEFORE_BYTES);
  g_assert_cmpuint (tide_diff_flame_get_value (tide_compare_window_get_diff (compare), 0, TIDE_DIFF_AFTER), ==,
                    AFTER_BYTES);
  finish_window (GTK_WINDOW (compare));

  /* the snapshot on display and the one before it, in one step */
  compare = NULL;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.compare-previous", NULL));
  {
    gboolean timed_out = FALSE;
    guint id = g_timeout_add_seconds (WAIT_SECONDS, flag_cb, &timed_out);

    /* the earlier snapshot's heap is rebuilt first */
    while (compare == NULL && !timed_out)
      {
        g_main_context_iteration (NULL, TRUE);
        for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
          if (TIDE_IS_COMPARE_WINDOW (l->data))
            compare = l->data;
      }
    g_assert_false (timed_out);
    g_source_remove (id);
  }
  wait_while (window_busy, compare, "comparing");
  g_assert_cmpstr (tide_compare_side_get_title (tide_compare_window_get_side (compare, TIDE_DIFF_BEFORE)), ==,
                   "a.pickle · Live at snapshot 1");
  g_assert_cmpstr (tide_compare_side_get_title (tide_compare_window_get_side (compare, TIDE_DIFF_AFTER)), ==,
                   "a.pickle · Live at snapshot 2");
  g_assert_cmpuint (tide_diff_flame_get_value (tide_compare_window_get_diff (compare), 0, TIDE_DIFF_BEFORE), ==,
                    BEFORE_BYTES);
  g_assert_cmpuint (tide_diff_flame_get_value (tide_compare_window_get_diff (compare), 0, TIDE_DIFF_AFTER), ==,
                    AFTER_BYTES);
  finish_window (GTK_WINDOW (compare));

  /* nothing before the first */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.step-snapshot", "i", -1));
  wait_while (session_busy, window, "selecting the first snapshot");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.compare-previous", NULL));
  g_assert_cmpstr (tide_window_get_last_toast_title (window), ==, "This is the first snapshot: there is none before it");
  finish_window (GTK_WINDOW (window));
  g_unlink (g_file_peek_path (newer));
  g_unlink (g_file_peek_path (older));
  g_rmdir (dir);
}

/* "Compare With…": the selection on display against a file picked, of
 * another format (a massif recording of the same program against its
 * heaptrack trace: ms_print's and heaptrack_print's peaks, 952,824 B both). */
static void
test_compare_with_file (void)
{
  g_autofree char *massif = tide_test_data_path ("massif.out.cxx_ms");
  g_autoptr(GFile) massif_file = g_file_new_for_path (massif);
  g_autoptr(GFile) heaptrack = data_file ("ht_cxx.zst");
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (massif, &error);
  g_autoptr(TideCompareSide) before = NULL;
  TideCompareWindow *window;
  TideDiffFlame *diff;

  if (skip_without_display ())
    return;
  g_assert_no_error (error);
  before = tide_compare_side_new_at_peak (trace, massif_file);
  window = tide_compare_window_open_file (GTK_APPLICATION (app), before, heaptrack);
  wait_while (window_busy, window, "loading the trace to compare with");
  g_assert_null (tide_compare_window_get_error (window));
  diff = tide_compare_window_get_diff (window);
  g_assert_cmpuint (tide_diff_flame_get_value (diff, 0, TIDE_DIFF_BEFORE), ==, CXX_PEAK);
  g_assert_cmpuint (tide_diff_flame_get_value (diff, 0, TIDE_DIFF_AFTER), ==, CXX_PEAK);
  g_test_message ("%s", gtk_window_get_title (GTK_WINDOW (window)));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "Comparison: massif.out.cxx_ms"));
  finish_window (GTK_WINDOW (window));
}

/* A file that is no trace: the window says what went wrong, and where. */
static void
test_compare_bad_file (void)
{
  g_autoptr(GFile) good = data_file ("tm_before.pickle");
  g_autoptr(GFile) bad = data_file ("leaky.c");
  TideCompareWindow *window;

  if (skip_without_display ())
    return;
  window = tide_compare_window_open_files (GTK_APPLICATION (app), good, bad);
  wait_while (window_busy, window, "loading");
  g_assert_nonnull (tide_compare_window_get_error (window));
  g_assert_null (tide_compare_window_get_diff (window));
  finish_window (GTK_WINDOW (window));
}

/* Every GtkShortcutsGroup under @widget, in a table of title → count. */
static void
count_groups (GtkWidget  *widget,
              GHashTable *titles)
{
  if (GTK_IS_SHORTCUTS_GROUP (widget))
    {
      g_autofree char *title = NULL;

      g_object_get (widget, "title", &title, NULL);
      g_hash_table_insert (titles, g_strdup (title),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (titles, title)) + 1));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    count_groups (child, titles);
}

/* The help overlay lists the comparison's shortcuts, in one group that is
 * not split across columns (GTK 4.8 warns of a negative width when a group
 * is, which G_DEBUG=fatal-warnings makes fatal here). */
static void
test_compare_shortcuts (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWindow *overlay;
  GHashTableIter iter;
  gpointer key, value;
  guint n_shortcuts = 0;

  if (skip_without_display ())
    return;
  builder = gtk_builder_new_from_resource ("/io/github/tidemark/Tidemark/gtk/help-overlay.ui");
  overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  g_assert_nonnull (overlay);
  gtk_window_present (overlay);
  spin (300);

  count_groups (GTK_WIDGET (overlay), titles);
  g_assert_true (g_hash_table_contains (titles, "Comparison"));
  g_hash_table_iter_init (&iter, titles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_test_message ("group “%s”: %u", (const char *) key, GPOINTER_TO_UINT (value));
      g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 1);
    }
  /* the comparison's group names its keys */
  {
    GObject *object;
    GSList *objects = gtk_builder_get_objects (builder);

    for (GSList *l = objects; l != NULL; l = l->next)
      {
        g_autofree char *accelerator = NULL;

        object = l->data;
        if (!GTK_IS_SHORTCUTS_SHORTCUT (object))
          continue;
        g_object_get (object, "accelerator", &accelerator, NULL);
        if (g_strcmp0 (accelerator, "<Control>m") == 0 || g_strcmp0 (accelerator, "<Control><Shift>m") == 0
            || g_strcmp0 (accelerator, "<Control>d") == 0 || g_strcmp0 (accelerator, "<Control><Shift>d") == 0
            || g_strcmp0 (accelerator, "<Control>1...<Control>5") == 0
            || g_strcmp0 (accelerator, "<Control>Page_Up") == 0)
          n_shortcuts++;
      }
    g_slist_free (objects);
  }
  g_assert_cmpuint (n_shortcuts, ==, 6);
  gtk_window_destroy (overlay);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    {
      app = tide_application_new ();
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    }

  g_test_add_func ("/gui/compare/files", test_compare_files);
  g_test_add_func ("/gui/compare/heaptrack", test_compare_heaptrack);
  g_test_add_func ("/gui/compare/recorded", test_compare_recorded);
  g_test_add_func ("/gui/compare/marked", test_compare_marked);
  g_test_add_func ("/gui/compare/with-file", test_compare_with_file);
  g_test_add_func ("/gui/compare/bad-file", test_compare_bad_file);
  g_test_add_func ("/gui/compare/shortcuts", test_compare_shortcuts);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
