/* tide-export-flow.h: the steps every chart export in the window takes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A save dialog named after what is exported, the chart written on a worker
 * thread through tide-chart-export (atomically: g_file_replace), and a toast
 * saying where it went (with a button that opens it) or why it failed. The
 * flame graph page, the sizes page and the comparison window share them.
 */
#pragma once

#include <adwaita.h>

#include "charts/tide-chart-export.h"

G_BEGIN_DECLS

/* The save dialog over @parent, titled @title, filtered to @format's files,
 * proposing @name in the folder of @near (may be NULL). Modal; the caller
 * shows it and destroys it on "response". */
GtkFileChooserNative *tide_export_chooser_new    (GtkWindow            *parent,
                                                  const char           *title,
                                                  TideExportFormat      format,
                                                  const char           *name,
                                                  GFile                *near);
/* What the dialog's @response picked: the file, NULL when cancelled; its
 * extension, when it names a format (folded stacks only if @folded_ok),
 * wins over *@format (a typed ".png" over the menu entry the dialog came
 * from). */
GFile                *tide_export_chooser_get_file (GtkFileChooserNative *chooser,
                                                    int                   response,
                                                    gboolean              folded_ok,
                                                    TideExportFormat     *format);

/* Writes @list (taken) as @format, or @bytes (folded stacks) when @list is
 * NULL, to @file on a worker thread; @scale multiplies a PNG's pixels. */
void                  tide_export_write_async    (gpointer              source_object,
                                                  TideDrawList         *list,
                                                  GBytes               *bytes,
                                                  TideExportFormat      format,
                                                  double                scale,
                                                  GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/* The toast that reports the write: "Exported to NAME" with an Open button
 * (opened over @widget's window), or "Could not export: …" that stays; NULL
 * when it was cancelled. Full reference. */
AdwToast             *tide_export_write_finish   (GAsyncResult         *result,
                                                  GtkWidget            *widget);

G_END_DECLS
