/* tide-sizes-page.h: the heap by size class: treemap, histogram, their options and export
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A toolbar (Treemap | Histogram, the size-class scheme, colours, requested
 * or handed-out areas, the selection or every allocation, export), the
 * treemap's drill-in path as buttons, and the chart. Both charts show the
 * session's selection (the peak, the heap at an instant, what a range
 * allocated); the histogram can count every allocation of the run instead.
 * Classes are computed on a worker thread whenever the selection or the
 * scheme changes; the old chart stays until the new one is ready. The
 * scheme starts at "default-scheme": the trace's own default
 * (tide_size_class_scheme_for_trace()) unless the user chose one.
 * Results of an export are reported with the "toast" signal.
 */
#pragma once

#include <adwaita.h>

#include "charts/tide-chart-export.h"
#include "core/tide-session.h"
#include "widgets/tide-histogram-view.h"
#include "widgets/tide-treemap-view.h"

G_BEGIN_DECLS

typedef enum
{
  TIDE_SIZES_TREEMAP,
  TIDE_SIZES_HISTOGRAM,
} TideSizesChart;

#define TIDE_TYPE_SIZES_PAGE (tide_sizes_page_get_type ())
G_DECLARE_FINAL_TYPE (TideSizesPage, tide_sizes_page, TIDE, SIZES_PAGE, GtkWidget)

GtkWidget           *tide_sizes_page_new           (void);
TideSession         *tide_sizes_page_get_session   (TideSizesPage       *self);
void                 tide_sizes_page_set_session   (TideSizesPage       *self,
                                                    TideSession         *session);
/* The trace's file: names exports ("<trace>-peak-treemap.svg"). */
GFile               *tide_sizes_page_get_file      (TideSizesPage       *self);
void                 tide_sizes_page_set_file      (TideSizesPage       *self,
                                                    GFile               *file);
TideTreemapView     *tide_sizes_page_get_treemap   (TideSizesPage       *self);
TideHistogramView   *tide_sizes_page_get_histogram (TideSizesPage       *self);
TideSizesChart       tide_sizes_page_get_chart     (TideSizesPage       *self);
void                 tide_sizes_page_set_chart     (TideSizesPage       *self,
                                                    TideSizesChart       chart);
TideSizeClassScheme  tide_sizes_page_get_scheme    (TideSizesPage       *self);
void                 tide_sizes_page_set_scheme    (TideSizesPage       *self,
                                                    TideSizeClassScheme  scheme);
/* The scheme a trace starts with ("default-scheme"): "auto", "pow2",
 * "pymalloc" or "glibc". */
const char          *tide_sizes_page_get_default_scheme (TideSizesPage *self);
void                 tide_sizes_page_set_default_scheme (TideSizesPage *self,
                                                         const char    *scheme);
/* The histogram counts every allocation of the run rather than the selection. */
gboolean             tide_sizes_page_get_all       (TideSizesPage       *self);
void                 tide_sizes_page_set_all       (TideSizesPage       *self,
                                                    gboolean             all);
/* TRUE while classes are being computed or an export written. */
gboolean             tide_sizes_page_is_busy       (TideSizesPage       *self);
/* Writes the chart shown, as shown, to @file in the background (what the
 * Export menu does after its file chooser), then emits "toast". */
void                 tide_sizes_page_export        (TideSizesPage       *self,
                                                    GFile               *file,
                                                    TideExportFormat     format);
/* The name the file chooser suggests: "ht_python-peak-treemap.svg",
 * "ht_python-live-at-520ms-histogram.png", "ht_python-all-histogram.pdf". */
char                *tide_sizes_page_suggest_export_name (TideSizesPage    *self,
                                                          TideExportFormat  format);

G_END_DECLS
