/* tide-polyline.h: fewer vertices for a line drawn through pixel columns
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tide-draw-list.h"

G_BEGIN_DECLS

/* Drops the vertices of @points (in place) that the line through the
 * kept ones passes within @tolerance px of, measured up or down; returns
 * how many are kept. The first and last stay, and so does every vertex
 * where the line turns back in x or goes straight up or down: only runs
 * that go one way in x are thinned, each vertex kept where a straight
 * segment from the one before can no longer pass near every vertex
 * between. Order and direction are unchanged. */
guint tide_polyline_simplify (TideDrawPoint *points,
                              guint          n_points,
                              double         tolerance);

G_END_DECLS
