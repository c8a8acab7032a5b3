/* tide-chart-export.h: writes a chart to SVG, PNG or PDF, atomically
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "charts/tide-draw-list.h"

G_BEGIN_DECLS

typedef enum
{
  TIDE_EXPORT_SVG,
  TIDE_EXPORT_PNG,
  TIDE_EXPORT_PDF,
  TIDE_EXPORT_FOLDED, /* flame graphs only: folded stacks text */
} TideExportFormat;

/* From the file name's extension; FALSE when it names none we write. */
gboolean tide_export_format_from_name (const char        *name,
                                       TideExportFormat  *format);
/* Writes @list (SVG, PNG or PDF) to @file atomically: the previous file
 * stays intact until the new one is complete, even if the process is killed
 * mid-write, and no temporary file is left behind on a local disk (an
 * unnamed O_TMPFILE renamed into place; g_file_replace() elsewhere). @scale
 * multiplies the pixel size of PNG output (HiDPI). */
gboolean tide_export_draw_list        (TideDrawList      *list,
                                       TideExportFormat   format,
                                       double             scale,
                                       GFile             *file,
                                       GCancellable      *cancellable,
                                       GError           **error);
/* Writes @bytes to @file the same atomic way. */
gboolean tide_export_bytes            (GBytes            *bytes,
                                       GFile             *file,
                                       GCancellable      *cancellable,
                                       GError           **error);

G_END_DECLS
