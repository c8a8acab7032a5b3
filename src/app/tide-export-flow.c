/* tide-export-flow.c: the steps every chart export in the window takes
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "tide-export-flow.h"

typedef struct
{
  TideDrawList     *list;
  GBytes           *bytes;
  TideExportFormat  format;
  double            scale;
  GFile            *file;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_pointer (&data->list, tide_draw_list_free);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_clear_object (&data->file);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (data->list != NULL)
    ok = tide_export_draw_list (data->list, data->format, data->scale, data->file, cancellable, &error);
  else
    ok = tide_export_bytes (data->bytes, data->file, cancellable, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
open_cb (AdwToast  *toast,
         GtkWidget *widget)
{
  GFile *file = g_object_get_data (G_OBJECT (toast), "tide-file");
  g_autofree char *uri = g_file_get_uri (file);
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

GtkFileChooserNative *
tide_export_chooser_new (GtkWindow        *parent,
                         const char       *title,
                         TideExportFormat  format,
                         const char       *name,
                         GFile            *near)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  switch (format)
    {
    case TIDE_EXPORT_SVG:
      gtk_file_filter_set_name (filter, _("SVG Images"));
      gtk_file_filter_add_pattern (filter, "*.svg");
      break;
    case TIDE_EXPORT_PNG:
      gtk_file_filter_set_name (filter, _("PNG Images"));
      gtk_file_filter_add_pattern (filter, "*.png");
      break;
    case TIDE_EXPORT_PDF:
      gtk_file_filter_set_name (filter, _("PDF Documents"));
      gtk_file_filter_add_pattern (filter, "*.pdf");
      break;
    case TIDE_EXPORT_FOLDED:
      gtk_file_filter_set_name (filter, _("Folded Stacks"));
      gtk_file_filter_add_pattern (filter, "*.folded");
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (near != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (near);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  return chooser;
}

GFile *
tide_export_chooser_get_file (GtkFileChooserNative *chooser,
                              int                   response,
                              gboolean              folded_ok,
                              TideExportFormat     *format)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  TideExportFormat named;

  g_return_val_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (chooser), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL)
    return NULL;
  name = g_file_get_basename (file);
  /* folded stacks only where they are offered: a flame graph's text */
  if (name != NULL && tide_export_format_from_name (name, &named) && (named != TIDE_EXPORT_FOLDED || folded_ok))
    *format = named;
  return g_steal_pointer (&file);
}

void
tide_export_write_async (gpointer             source_object,
                         TideDrawList        *list,
                         GBytes              *bytes,
                         TideExportFormat     format,
                         double               scale,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (list != NULL || bytes != NULL);
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (WriteData, 1);
  data->list = list;
  data->bytes = list == NULL ? g_bytes_ref (bytes) : NULL;
  data->format = format;
  data->scale = scale;
  data->file = g_object_ref (file);
  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, tide_export_write_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

AdwToast *
tide_export_write_finish (GAsyncResult *result,
                          GtkWidget    *widget)
{
  WriteData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (data->file);
  g_autofree char *display = g_filename_display_name (name);
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tide_export_write_async, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return NULL;
      title = g_strdup_printf (_("Could not export: %s"), error->message);
      toast = adw_toast_new (title);
      /* an error stays until read */
      adw_toast_set_timeout (toast, 0);
      return g_object_ref_sink (toast);
    }
  title = g_strdup_printf (_("Exported to %s"), display);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data_full (G_OBJECT (toast), "tide-file", g_object_ref (data->file), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_cb), widget, 0);
  return g_object_ref_sink (toast);
}
