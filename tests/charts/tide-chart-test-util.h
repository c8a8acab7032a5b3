/* tide-chart-test-util.h: helpers shared by the chart tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "charts/tide-draw-list.h"
#include "core/analysis/tide-flame-tree.h"

G_BEGIN_DECLS

/* The flame tree of tests/data/@name, or of @path when it has a '/'. */
TideFlameTree *tide_chart_test_tree      (const char             *name,
                                          const TideFlameOptions *options);
/* The first node (in id order) whose label is @label; fails the test when none. */
guint32        tide_chart_test_find_node (TideFlameTree          *tree,
                                          const char             *label);

/* What a GMarkup parse of an SVG document found. */
typedef struct
{
  guint      n_rects;
  guint      n_titles;
  guint      n_texts;
  GPtrArray *titles; /* char *, in document order */
  GPtrArray *texts;  /* char *, in document order */
} TideSvgStats;

/* Parses @svg as XML (well-formedness); FALSE with @error when it is not. */
gboolean       tide_chart_test_parse_svg (const char             *svg,
                                          TideSvgStats           *stats,
                                          GError                **error);
void           tide_svg_stats_clear      (TideSvgStats           *stats);

/* ARGB32 pixel (x, y) of an image surface as 0xRRGGBB (opaque images). */
guint32        tide_chart_test_pixel     (cairo_surface_t        *image,
                                          int                     x,
                                          int                     y);
/* 0xRRGGBB of a colour, rounded as cairo and SVG renderers do. */
guint32        tide_chart_test_rgb       (const TideColor        *c);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TideSvgStats, tide_svg_stats_clear)

G_END_DECLS
