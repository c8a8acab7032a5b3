/* tide-bars-image.h: boxes on whole pixels, drawn through one image
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "tide-draw-list.h"

G_BEGIN_DECLS

/* Renders the run of opaque bars ops that starts @ops (of @n_ops) as one
 * image, when @cr rasterizes (an image, or a recording replayed onto
 * one) at a whole scale with whole offsets and that is cheaper than
 * cairo filling the boxes: the same pixels, at any whole scale. Returns
 * how many ops it drew; 0 leaves the first to be drawn as it is. */
guint tide_bars_image_render (const TideDrawOp *ops,
                              guint             n_ops,
                              cairo_t          *cr);

G_END_DECLS
