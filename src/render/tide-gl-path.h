/* tide-gl-path.h: a draw list's paths as triangles a GPU can fill
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure geometry, no GL: the renderer fills these triangles into the stencil
 * buffer and covers what they marked, so overlapping triangles blend once
 * and a polygon of any shape fills by cairo's non-zero winding rule.
 */
#pragma once

#include "charts/tide-draw-list.h"

G_BEGIN_DECLS

/* Appends to @out (GArray of float x, y pairs, three per triangle) two
 * triangles per non-vertical edge of the polygon (closed back to the first
 * point), the strip between the edge and the polygon's lowest y: with
 * front faces counted up and back faces down, a pixel's count is its
 * winding number. */
void  tide_gl_path_fill_triangles   (const TideDrawPoint *points,
                                     guint                n_points,
                                     GArray              *out);
/* Appends the triangles covering a @width px stroke along the points
 * (closed: back to the first), butt ends and round joins, as cairo strokes
 * with CAIRO_LINE_JOIN_ROUND and CAIRO_LINE_CAP_BUTT. */
void  tide_gl_path_stroke_triangles (const TideDrawPoint *points,
                                     guint                n_points,
                                     gboolean             closed,
                                     double               width,
                                     GArray              *out);

G_END_DECLS
