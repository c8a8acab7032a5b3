/* tide-draw-list.h: what a chart draws, recorded once, rendered anywhere
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Painters do not draw directly: they record rectangles and (already fitted)
 * text into a draw list. The list is then rendered by cairo (the window, PNG,
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
} TideDrawKind;

typedef struct
{
  TideDrawKind kind;
  double       x, y;    /* RECT: top-left; TEXT: left end of the baseline */
  double       w, h;    /* RECT: size; TEXT: w unused, h = font size in px */
  TideColor    color;   /* RECT: fill; TEXT: ink */
  TideColor    stroke;  /* RECT: outline, alpha 0 for none */
  char        *text;    /* TEXT: the string as drawn (ellipsized already) */
  char        *title;   /* RECT: tooltip text for SVG <title>, or NULL */
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
