/* tide-draw-list-private.h: what the cairo and SVG renderers must agree on
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tide-draw-list.h"

G_BEGIN_DECLS

/* Outlines are drawn inside their box, so that they never cover a
 * neighbour and a 1 px gap stays a gap. */
#define TIDE_DRAW_STROKE_WIDTH 2.0

/* The rectangle an outline of a @w x @h box at (@x, @y) is stroked along. */
static inline void
tide_draw_stroke_path (const TideDrawOp *op,
                       double           *x,
                       double           *y,
                       double           *w,
                       double           *h)
{
  double inset = TIDE_DRAW_STROKE_WIDTH / 2;

  *x = op->x + inset;
  *y = op->y + inset;
  *w = MAX (op->w - TIDE_DRAW_STROKE_WIDTH, 0);
  *h = MAX (op->h - TIDE_DRAW_STROKE_WIDTH, 0);
}

/* Renders one op with cairo, as tide_draw_list_render() does: the GL
 * renderer draws its text this way, so both paths share the glyphs. */
void tide_draw_op_render (const TideDrawOp *op,
                          cairo_t          *cr);

G_END_DECLS
