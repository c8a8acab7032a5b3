/* tide-compare-window-export.c: the comparison's views written to SVG, PNG or PDF
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "charts/tide-flame-painter.h"
#include "tide-compare-window-private.h"
#include "tide-export-flow.h"

/* As TideFlameGraph lays out before it is first allocated. */
#define PANE_FALLBACK_WIDTH 1200

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TideCompareWindow *self = TIDE_COMPARE_WINDOW (object);
  AdwToast *toast;

  g_assert (self->n_exports > 0);
  self->n_exports--;
  tide_compare_window_update_actions (self);
  /* the window is gone: nobody to tell */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  toast = tide_export_write_finish (result, GTK_WIDGET (self));
  if (toast != NULL)
    tide_compare_window_show_toast (self, toast);
}

/* Both panes as they are on screen, side by side under their titles. */
static TideDrawList *
paint_side_by_side (TideCompareWindow *self)
{
  TideFlameLayout *layouts[2];
  TideFlameStyle styles[2];
  const TideFlameStyle *style_of[2] = { &styles[0], &styles[1] };
  g_autofree char *titles[2] = { NULL, NULL };
  const char *title_of[2];
  int width = gtk_widget_get_width (GTK_WIDGET (self->before_graph));

  for (guint s = 0; s < 2; s++)
    {
      layouts[s] = tide_flame_graph_get_layout (tide_compare_window_pane (self, s));
      if (layouts[s] == NULL)
        return NULL;
      tide_flame_graph_get_export_style (tide_compare_window_pane (self, s), &styles[s]);
      titles[s] = g_strdup (gtk_label_get_text (s == 0 ? self->before_title : self->after_title));
      title_of[s] = titles[s];
    }
  /* the layouts were made for the panes' width; panes never shown lay out
   * at the graphs' fallback width */
  if (width <= 0)
    width = PANE_FALLBACK_WIDTH;
  return tide_flame_paint_pair (layouts, style_of, title_of, width);
}

/* The views an export writes: the differential flame graph, the
 * side-by-side flame graphs or treemaps under their titles, and the
 * overlaid timelines; "shown" is the one on display. */
static gboolean
is_export_view (const char *view)
{
  static const char *const views[] = { "difference", "side-by-side", "sizes", "timeline", "shown", NULL };

  return view != NULL && g_strv_contains (views, view);
}

static const char *
export_title (const char *view)
{
  if (g_str_equal (view, "difference"))
    return _("Export Difference");
  if (g_str_equal (view, "sizes"))
    return _("Export Treemaps Side by Side");
  if (g_str_equal (view, "timeline"))
    return _("Export Timelines");
  return _("Export Side by Side");
}

/* "shown" → the view on display. */
static const char *
resolve_view (TideCompareWindow *self,
              const char        *view)
{
  if (g_strcmp0 (view, "shown") == 0)
    return adw_view_stack_get_visible_child_name (self->view_stack);
  return view;
}

/* Both treemaps at their size on screen, under their titles. */
static TideDrawList *
paint_treemaps (TideCompareWindow *self)
{
  TideDrawList *panes[2] = { NULL, NULL };
  TideDrawList *list = NULL;
  const char *titles[2];
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  /* the treemaps' own backgrounds and ink */
  TideColor background = dark ? (TideColor) { 0.14, 0.14, 0.14, 1 } : (TideColor) { 1, 1, 1, 1 };
  TideColor ink = dark ? (TideColor) { 0.92, 0.92, 0.92, 1 } : (TideColor) { 0.13, 0.13, 0.13, 1 };

  for (TideDiffWhich s = TIDE_DIFF_BEFORE; s <= TIDE_DIFF_AFTER; s++)
    {
      panes[s] = tide_treemap_view_paint (tide_compare_window_treemap (self, s), -1, -1);
      titles[s] = gtk_label_get_text (s == TIDE_DIFF_BEFORE ? self->before_sizes_title : self->after_sizes_title);
    }
  if (panes[0] != NULL && panes[1] != NULL)
    list = tide_draw_list_new_pair (panes, titles, 13, 12, background, ink);
  g_clear_pointer (&panes[0], tide_draw_list_free);
  g_clear_pointer (&panes[1], tide_draw_list_free);
  return list;
}

static TideDrawList *
paint_view (TideCompareWindow *self,
            const char        *view)
{
  view = resolve_view (self, view);
  if (g_strcmp0 (view, "side-by-side") == 0)
    return paint_side_by_side (self);
  if (g_strcmp0 (view, "sizes") == 0)
    return paint_treemaps (self);
  if (g_strcmp0 (view, "timeline") == 0)
    return tide_timeline_pair_view_paint (self->timeline_view, -1, -1);
  if (g_strcmp0 (view, "difference") == 0)
    return tide_flame_graph_paint (self->diff_graph, -1);
  return NULL;
}

/* Whether @view (or the one on display, for "shown") has a picture. */
gboolean
tide_compare_window_can_export (TideCompareWindow *self,
                                const char        *view)
{
  view = resolve_view (self, view);
  if (self->diff == NULL || g_strcmp0 (view, "changes") == 0)
    return FALSE;
  if (g_strcmp0 (view, "sizes") == 0)
    return tide_treemap_view_get_classes (self->before_treemap) != NULL
           && tide_treemap_view_get_classes (self->after_treemap) != NULL;
  if (g_strcmp0 (view, "timeline") == 0)
    return tide_timeline_pair_view_get_layout (self->timeline_view) != NULL;
  return TRUE;
}

static void
chooser_response_cb (TideCompareWindow    *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  TideExportFormat format = self->chooser_format;
  g_autoptr(GFile) file = tide_export_chooser_get_file (chooser, response, FALSE, &format);

  if (file != NULL)
    tide_compare_window_export (self, self->chooser_view, file, format);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

/* "tm_before-vs-tm_after-difference.svg"; not translated: a file name */
static char *
suggest_export_name (TideCompareWindow *self,
                     const char        *view,
                     const char        *extension)
{
  g_autofree char *names[2] = { NULL, NULL };

  for (guint s = 0; s < 2; s++)
    {
      GFile *file = tide_compare_side_get_file (self->sides[s]);
      g_autofree char *base = file != NULL ? g_file_get_basename (file) : NULL;
      char *dot;

      names[s] = base != NULL ? g_filename_display_name (base) : g_strdup (s == 0 ? "before" : "after");
      dot = strrchr (names[s], '.');
      if (dot != NULL && dot != names[s])
        *dot = '\0';
    }
  return g_strdup_printf ("%s-vs-%s-%s.%s", names[0], names[1], view, extension);
}

/* The save dialog for @view ("shown": the one on display) as @extension. */
static void
choose_export (TideCompareWindow *self,
               const char        *view,
               const char        *extension)
{
  g_autofree char *pattern = g_strdup_printf ("*.%s", extension);
  g_autofree char *name = NULL;
  TideExportFormat format;

  view = resolve_view (self, view);
  if (!is_export_view (view) || !tide_export_format_from_name (pattern, &format) || format == TIDE_EXPORT_FOLDED)
    g_return_if_reached ();
  if (!tide_compare_window_can_export (self, view))
    return;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_free (self->chooser_view);
  self->chooser_view = g_strdup (view);
  self->chooser_format = format;

  name = suggest_export_name (self, view, extension);
  self->chooser = tide_export_chooser_new (GTK_WINDOW (self), export_title (view), format, name,
                                           tide_compare_side_get_file (self->sides[1]));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* "difference.svg", "side-by-side.pdf": which view, in which format. */
void
tide_compare_window_export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (parameter, NULL), ".", 2);

  if (g_strv_length (parts) != 2)
    g_return_if_reached ();
  choose_export (TIDE_COMPARE_WINDOW (widget), parts[0], parts[1]);
}

/* "svg", "png", "pdf": the view on display. */
void
tide_compare_window_export_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_export (TIDE_COMPARE_WINDOW (widget), "shown", g_variant_get_string (parameter, NULL));
}

/* -------------------------------------------------------------- public -- */

void
tide_compare_window_export (TideCompareWindow *self,
                            const char        *view,
                            GFile             *file,
                            TideExportFormat   format)
{
  TideDrawList *list;

  g_return_if_fail (TIDE_IS_COMPARE_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format != TIDE_EXPORT_FOLDED);
  g_return_if_fail (is_export_view (view));
  g_return_if_fail (tide_compare_window_can_export (self, view));

  list = paint_view (self, view);
  g_return_if_fail (list != NULL);

  self->n_exports++;
  tide_compare_window_update_actions (self);
  /* PNG at the screen's pixel density, so a HiDPI export is as sharp */
  tide_export_write_async (self, list, NULL, format, gtk_widget_get_scale_factor (GTK_WIDGET (self)), file,
                           self->cancellable, export_cb, NULL);
}

