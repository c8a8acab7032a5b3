/* tide-treemap-painter.h: draws a size-class treemap, the same for window and export
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One redraw:
 *   tide_treemap_painter_get_plot (style, w, h, &plot);
 *   options.header_height = tide_treemap_painter_header_height (style);
 *   layout = tide_treemap_layout_new (trace, scheme, classes, &options, plot);
 *   list = tide_treemap_paint (layout, style, w, h);
 * Above the plot goes a summary line ("Live at peak: 10.6 MB requested,
 * 11.2 MB handed out (5.3 % rounding)"). Class boxes are filled with their
 * class's colour (tide_chart_size_class_color()), their header band names
 * the class; site boxes are coloured by class (a shade of it per site) or by
 * site (the flame graph's colour of the function), outlined by a pixel of
 * gap, and labelled where the label fits. Boxes too small to see are left
 * to their class's fill: drawing follows the pixels, not the site count.
 */
#pragma once

#include "charts/tide-draw-list.h"
#include "charts/tide-treemap-layout.h"

G_BEGIN_DECLS

typedef enum
{
  TIDE_TREEMAP_COLOR_BY_CLASS, /* a sequential palette across size classes */
  TIDE_TREEMAP_COLOR_BY_SITE,  /* the flame graph's stable colour of the function */
} TideTreemapColorMode;

typedef struct
{
  gboolean             dark;        /* colours for a dark background */
  TideTreemapColorMode color_mode;
  double               font_px;
  const char          *what;        /* names the data: "Live at peak"; NULL for no summary line */
  int                  hover;       /* rect index outlined (overlay only); -1 for none */
  gboolean             skip_titles; /* record no tooltips: a window that makes its own */
  const guint8        *marks;       /* per rect, non-zero for a search hit; NULL for no search:
                                     * the sites that miss are drawn faded */
  guint                n_marks;
} TideTreemapStyle;

void          tide_treemap_style_init              (TideTreemapStyle       *style);

/* Where the boxes go in a @width x @height drawing: under the summary line. */
void          tide_treemap_painter_get_plot        (const TideTreemapStyle *style,
                                                    double                  width,
                                                    double                  height,
                                                    TideRect               *plot);
/* The height of a class's header band for the style's font. */
double        tide_treemap_painter_header_height   (const TideTreemapStyle *style);
/* The options a layout needs to be painted with @style. */
void          tide_treemap_painter_init_options    (const TideTreemapStyle *style,
                                                    TideTreemapOptions     *options);

/* Records @layout in a @width x @height area (the size get_plot was given). */
TideDrawList *tide_treemap_paint                   (TideTreemapLayout      *layout,
                                                    const TideTreemapStyle *style,
                                                    double                  width,
                                                    double                  height);
/* The hover outline alone, on a transparent background, to draw over a
 * cached paint of the rest. */
TideDrawList *tide_treemap_paint_overlay           (TideTreemapLayout      *layout,
                                                    const TideTreemapStyle *style,
                                                    double                  width,
                                                    double                  height);
/* The box of rect @i as painted, in whole pixels (a class's header band
 * and sites included); FALSE when it is too small to be drawn. */
gboolean      tide_treemap_painter_box             (TideTreemapLayout      *layout,
                                                    guint                   i,
                                                    double                 *x,
                                                    double                 *y,
                                                    double                 *w,
                                                    double                 *h);
/* What the tooltip of rect @i says, exact values and shares:
 * "PyDict_New\nin 129 B – 256 B\n3,245,184 bytes requested (3.2 MB), …". */
char         *tide_treemap_painter_title           (TideTreemapLayout      *layout,
                                                    guint                   i);
/* "Live at peak: 10.6 MB requested, 11.2 MB handed out (5.3 % rounding)";
 * drilled into a class, that class's figures and its share. */
char         *tide_treemap_painter_summary         (TideTreemapLayout      *layout,
                                                    const char             *what);
/* One byte per rect of @layout, 1 for a site whose allocating frame
 * (function, file or module) contains @text, case aside; their count in
 * @n_matched. Free with g_free. */
guint8       *tide_treemap_painter_search          (TideTreemapLayout      *layout,
                                                    const char             *text,
                                                    guint                  *n_matched);
/* The fill of rect @i. */
TideColor     tide_treemap_painter_color           (TideTreemapLayout      *layout,
                                                    guint                   i,
                                                    const TideTreemapStyle *style);
/* "10.6 MB requested, 11.2 MB handed out (5.3 % rounding)" */
char         *tide_treemap_format_rounding         (guint64                 requested,
                                                    guint64                 handed_out);

G_END_DECLS
