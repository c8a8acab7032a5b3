/* tide-timeline-painter.h: draws a timeline layout, the same for window and export
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One redraw:
 *   tide_timeline_painter_get_plot (style, source, options, w, h, &plot);
 *   layout = tide_timeline_layout_new (source, options, t0, t1, &plot);
 *   list = tide_timeline_paint (layout, style, w, h);
 *   tide_draw_list_render (list, cr);
 * The plot is where the series go; around it are the axes' labels and, above
 * it, the legend; under the time axis, a trace's labelled spans (the
 * functions memory_profiler watched), one lane per depth.
 *
 * A window that follows the pointer need not redraw the chart on every
 * motion: it can cache the rendering of a paint with no selection and no
 * hover (show_selection FALSE, hover_time_ms NAN) until the data, the zoom,
 * the size or the theme change, and draw tide_timeline_paint_overlay() (the
 * selection, the crosshair and its readout, on a transparent background)
 * over it on each motion.
 */
#pragma once

#include "charts/tide-draw-list.h"
#include "charts/tide-timeline-layout.h"
#include "core/tide-session.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean          dark;            /* colours for a dark background */
  double            font_px;         /* labels and legend */
  gboolean          show_legend;
  double            hover_time_ms;   /* crosshair and readout there; NAN for none */
  double            hover_y;         /* px: stacked, the band there joins the readout; NAN for none */
  gboolean          show_selection;
  TideSelectionKind selection_kind;  /* peak and instant: a line; range: a shaded band */
  double            selection_start_ms;
  double            selection_end_ms;
  gboolean          skip_titles;     /* record no tooltips: a window that makes its own */
} TideTimelineStyle;

void          tide_timeline_style_init          (TideTimelineStyle         *style);
/* Shows @session's selection (peak, instant or range). */
void          tide_timeline_style_set_selection (TideTimelineStyle         *style,
                                                 TideSession               *session);

/* Where the plot goes in a @width x @height drawing of @options. */
void          tide_timeline_painter_get_plot    (const TideTimelineStyle   *style,
                                                 TideTimelineSource        *source,
                                                 const TideTimelineOptions *options,
                                                 double                     width,
                                                 double                     height,
                                                 TideTimelineRect          *plot);
/* Records @layout in a @width x @height area (the size get_plot was given). */
TideDrawList *tide_timeline_paint               (TideTimelineLayout        *layout,
                                                 const TideTimelineStyle   *style,
                                                 double                     width,
                                                 double                     height);

/* The selection and the hover crosshair with its readout alone, on a
 * transparent background, to draw over a cached paint of the rest. */
TideDrawList *tide_timeline_paint_overlay       (TideTimelineLayout        *layout,
                                                 const TideTimelineStyle   *style,
                                                 double                     width,
                                                 double                     height);

/* "Heap", "RSS", "Live blocks", "Allocation rate", "Temporary allocation rate" */
const char   *tide_timeline_painter_series_name (TideSeriesKind             kind);
/* The same for @trace: memory_profiler's "heap" is the process's memory,
 * "Memory". */
const char   *tide_timeline_painter_series_name_for (TideTrace             *trace,
                                                     TideSeriesKind         kind);
/* The line colour of the trace's extra series @extra. */
TideColor     tide_timeline_painter_extra_color (guint                      extra,
                                                 gboolean                   dark);
/* Height (px) of the lanes of labelled spans (memory_profiler's functions)
 * under the time axis in a drawing of @source: 0 without spans. */
double        tide_timeline_painter_get_spans_height (const TideTimelineStyle *style,
                                                      TideTimelineSource      *source);
/* The line colour of a series. */
TideColor     tide_timeline_painter_series_color (TideSeriesKind            kind,
                                                 gboolean                   dark);
/* The fill of stacked band @band: from a hash of the site's function name,
 * as the flame graph's boxes, so the same sites keep their colours; turned
 * away from the hue of a band before it when too close. Grey for "other". */
TideColor     tide_timeline_painter_band_color  (TideTimelineLayout        *layout,
                                                 guint                      band,
                                                 gboolean                   dark);
/* The name of stacked band @band: the site's function, or "other". */
char         *tide_timeline_painter_band_name   (TideTimelineLayout        *layout,
                                                 guint                      band);
/* "Peak 10.6 MB at 1.67 s", "Peak 1.0 MB at 219844 instructions": @peak
 * of @layout, in its trace's time unit */
char         *tide_timeline_painter_peak_label  (TideTimelineLayout        *layout,
                                                 const TideTimelinePeak    *peak);
/* What a tooltip says about @hit, one line per shown series:
 * "1.23 s\nHeap 8.1 MB\nRSS 20.3 MB" (and the band under the pointer). */
char         *tide_timeline_painter_readout     (TideTimelineLayout        *layout,
                                                 const TideTimelineHit     *hit);

G_END_DECLS
