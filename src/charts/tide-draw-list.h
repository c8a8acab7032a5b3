/* tide-draw-list.h: what a chart draws, recorded once, rendered anywhere
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Painters do not draw directly: they record rectangles, paths (polylines
 * and filled polygons, for series over time) and (already fitted) text into
 * a draw list. The list is then rendered by cairo (the window, PNG,
 * PDF) or written as SVG (with a <title> per box and real, selectable <text>),
 * so an export is exactly what the window shows. Coordinates are in pixels,
 * origin top-left.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double r, g, b, a;
} TideColor;

typedef enum
{
  TIDE_DRAW_RECT,
  TIDE_DRAW_TEXT,
  TIDE_DRAW_PATH,
} TideDrawKind;

typedef struct
{
  double x, y;
} TideDrawPoint;

typedef struct
{
  TideDrawKind         kind;
  double               x, y;       /* RECT: top-left; TEXT: left end of the baseline;
                                    * PATH: top-left of the points' bounding box */
  double               w, h;       /* RECT: size; TEXT: w unused, h = font size in px;
                                    * PATH: size of the bounding box */
  TideColor            color;      /* RECT: fill; TEXT: ink; PATH: fill (closed paths only) */
  TideColor            stroke;     /* RECT, PATH: outline, alpha 0 for none */
  char                *text;       /* TEXT: the string as drawn (ellipsized already) */
  char                *title;      /* RECT, PATH: tooltip text for SVG <title>, or NULL */
  const TideDrawPoint *points;     /* PATH: vertices, in order */
  guint                n_points;   /* PATH */
  gboolean             closed;     /* PATH: a polygon, back to its first point */
  double               line_width; /* PATH: of the stroke, in px (round joins) */
  gboolean             bars;       /* PATH: the points pair up as the top-left and bottom-right
                                    * corners of filled boxes (closed, no stroke), not one polygon */
} TideDrawOp;

typedef struct _TideDrawList TideDrawList;

/* The one font every chart uses, on screen and in exports. */
#define TIDE_CHART_FONT_FAMILY "DejaVu Sans"

TideDrawList     *tide_draw_list_new       (double            width,
                                            double            height,
                                            TideColor         background);
void              tide_draw_list_free      (TideDrawList     *self);
double            tide_draw_list_get_width (TideDrawList     *self);
double            tide_draw_list_get_height (TideDrawList    *self);
TideColor         tide_draw_list_get_background (TideDrawList *self);
void              tide_draw_list_add_rect  (TideDrawList     *self,
                                            double            x,
                                            double            y,
                                            double            w,
                                            double            h,
                                            TideColor         fill,
                                            TideColor         stroke,
                                            const char       *title);
void              tide_draw_list_add_text  (TideDrawList     *self,
                                            double            x,
                                            double            baseline,
                                            double            font_px,
                                            TideColor         ink,
                                            const char       *text);
/* A polyline (@closed FALSE: only @stroke is used) or a polygon, filled
 * with @fill (alpha 0 for none) under a @stroke outline @line_width px wide
 * (alpha 0 or width 0 for none). The points are copied; fewer than two
 * record nothing. Cairo antialiases paths on a 4x4 grid, fast enough for
 * series of thousands of vertices. */
void              tide_draw_list_add_path  (TideDrawList     *self,
                                            const TideDrawPoint *points,
                                            guint             n_points,
                                            gboolean          closed,
                                            TideColor         fill,
                                            TideColor         stroke,
                                            double            line_width,
                                            const char       *title);
/* @n_bars filled boxes of one colour, one op: @corners holds each box's
 * top-left then bottom-right corner (2 x @n_bars points, copied). For a
 * shape made of columns (a series' ribbon): cairo fills thousands of boxes
 * in a fraction of the time it scans a polygon of the same outline, whose
 * tall edges all cross most rows. Boxes may abut but should not overlap. */
void              tide_draw_list_add_bars  (TideDrawList     *self,
                                            const TideDrawPoint *corners,
                                            guint             n_bars,
                                            TideColor         fill,
                                            const char       *title);
/* Records every op of @other moved by (@dx, @dy), in order, over what
 * @self holds (its background is not drawn): a chart made of panes. */
void              tide_draw_list_append    (TideDrawList     *self,
                                            TideDrawList     *other,
                                            double            dx,
                                            double            dy);
/* Two panes side by side, @gap px apart, each under its title (@titles
 * may be NULL, or hold NULL), in a list of @background as tall as the
 * taller pane: how a comparison exports two charts of one kind. */
TideDrawList     *tide_draw_list_new_pair  (TideDrawList     *const panes[2],
                                            const char       *const titles[2],
                                            double            font_px,
                                            double            gap,
                                            TideColor         background,
                                            TideColor         ink);
guint             tide_draw_list_get_n_ops (TideDrawList     *self);
const TideDrawOp *tide_draw_list_get_op    (TideDrawList     *self,
                                            guint             i);

/* Renders with cairo at the current transformation (screen, PNG, PDF). */
void              tide_draw_list_render    (TideDrawList     *self,
                                            cairo_t          *cr);
/* A standalone SVG document (UTF-8, valid XML). */
void              tide_draw_list_write_svg (TideDrawList     *self,
                                            GString          *out);

/* Width in px of @text in the chart font at @font_px, as cairo renders it. */
double            tide_chart_text_width    (const char       *text,
                                            double            font_px);
/* @text shortened with "…" to fit @max_width px; NULL when not even one
 * character and the ellipsis fit. */
char             *tide_chart_fit_text      (const char       *text,
                                            double            font_px,
                                            double            max_width);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideDrawList, tide_draw_list_free)

G_END_DECLS
