/* tide-histogram-painter.h: draws an allocation-size histogram, the same for window and export
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One redraw:
 *   tide_histogram_painter_get_plots (style, w, h, &blocks, &bytes);
 *   layout = tide_histogram_layout_new (scheme, classes, blocks, bytes);
 *   list = tide_histogram_paint (layout, style, w, h);
 * A summary line on top ("Live at peak: 354,997 blocks, 10.6 MB requested,
 * …") with a legend, then the blocks panel and the bytes panel, each with
 * its log axis (a grid line per power of ten), and the classes' upper
 * bounds along the bottom. Bars take their class's colour
 * (tide_chart_size_class_color()), as in the treemap; in the bytes panel
 * the handed-out bar stands lighter behind the requested one, so what
 * shows of it is the rounding.
 */
#pragma once

#include "charts/tide-draw-list.h"
#include "charts/tide-histogram-layout.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean    dark;        /* colours for a dark background */
  double      font_px;
  const char *what;        /* names the data: "Live at peak", "All allocations"; NULL for no summary */
  int         hover;       /* bar highlighted (overlay only); -1 for none */
  gboolean    skip_titles; /* record no tooltips: a window that makes its own */
} TideHistogramStyle;

void          tide_histogram_style_init          (TideHistogramStyle       *style);
/* Where the two panels go in a @width x @height drawing. */
void          tide_histogram_painter_get_plots   (const TideHistogramStyle *style,
                                                  double                    width,
                                                  double                    height,
                                                  TideRect                 *blocks,
                                                  TideRect                 *bytes);
TideDrawList *tide_histogram_paint               (TideHistogramLayout      *layout,
                                                  const TideHistogramStyle *style,
                                                  double                    width,
                                                  double                    height);
/* The hover highlight alone, on a transparent background. */
TideDrawList *tide_histogram_paint_overlay       (TideHistogramLayout      *layout,
                                                  const TideHistogramStyle *style,
                                                  double                    width,
                                                  double                    height);
/* The tooltip of bar @i: the class, its blocks, bytes and shares. */
char         *tide_histogram_painter_title       (TideHistogramLayout      *layout,
                                                  guint                     i);
/* "Live at peak: 354,997 blocks, 10.6 MB requested, 11.2 MB handed out (5.3 % rounding)" */
char         *tide_histogram_painter_summary     (TideHistogramLayout      *layout,
                                                  const char               *what);
/* A tick of a log axis: "1", "10", "1k", "10M" for blocks; "1 B", "10 kB" for bytes. */
char         *tide_histogram_format_tick         (guint                     exponent,
                                                  gboolean                  bytes);
/* A class under its bar: its largest request, "16", "512", "1K", "2M",
 * "> 512" for pymalloc's system-malloc group. */
char         *tide_histogram_class_tick          (TideSizeClassScheme       scheme,
                                                  guint                     klass);

G_END_DECLS
