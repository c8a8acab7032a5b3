/* tide-chart-text-private.h: the chart font, shared by measuring and rendering
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text is measured and drawn through one pango font map per thread (pango's
 * font maps are not safe to share between threads), with the same font
 * options everywhere, so a label fitted on one thread draws the same width
 * on any surface.
 */
#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* A new context on this thread's font map with the chart's font options;
 * with @cr, also that cairo context's transformation and target. */
PangoContext         *tide_chart_text_context_new (cairo_t    *cr);
/* The chart font at @font_px pixels (free it). */
PangoFontDescription *tide_chart_text_font_new    (double      font_px);
/* @text shaped for drawing on @cr, its baseline's left end at the origin:
 * valid until the next call on this thread. */
PangoLayoutLine      *tide_chart_text_line        (cairo_t    *cr,
                                                   const char *text,
                                                   double      font_px);

G_END_DECLS
