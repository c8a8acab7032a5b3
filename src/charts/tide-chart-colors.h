/* tide-chart-colors.h: colours every chart picks the same way
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Colours keyed on a name (a function, a module) stay the same between two
 * loads, two traces and two charts: the flame graph's box for a function
 * and that function's band on the timeline are found by the same hash.
 * Channels are whole steps of 1/255, so cairo and an SVG renderer fill
 * exactly the same 8-bit colour.
 */
#pragma once

#include "charts/tide-draw-list.h"
#include "core/analysis/tide-size-classes.h"

G_BEGIN_DECLS

/* Opaque, rounded to whole steps of 1/255. */
TideColor tide_chart_rgb8        (double           r,
                                  double           g,
                                  double           b);
/* The same colour with alpha @a. */
TideColor tide_chart_alpha       (TideColor        c,
                                  double           a);
/* @h in turns (0..1), @s and @l in 0..1. */
TideColor tide_chart_hsl         (double           h,
                                  double           s,
                                  double           l);
/* That hue and saturation, lightened or darkened until its luminance is
 * in [@min_l, @max_l]: yellow is much brighter than red at the same
 * lightness, and labels must stay readable on both. */
TideColor tide_chart_hsl_within  (double           h,
                                  double           s,
                                  double           l,
                                  double           min_l,
                                  double           max_l);
/* Relative luminance (WCAG), for contrast decisions. */
double    tide_chart_luminance   (const TideColor *c);
/* Dark or light ink, whichever contrasts more with @fill. */
TideColor tide_chart_ink_for     (const TideColor *fill);
/* FNV-1a of @name: names are what stays the same between loads, unlike ids. */
guint32   tide_chart_name_hash   (const char      *name);
/* A hue (turns) from the hash of @name within [@hue_from, @hue_from +
 * @hue_span), and a shade (0..1) from other bits of it. */
void      tide_chart_name_hue    (const char      *name,
                                  double           hue_from,
                                  double           hue_span,
                                  double          *hue,
                                  double          *shade);
/* The colour of @name: a hue from its hash within [@hue_from, @hue_from +
 * @hue_span) turns, a shade varied a little by other bits of the hash (so
 * neighbours of similar hue still stand apart), light or dark as asked,
 * with dark or light ink on it reaching WCAG AA contrast. */
TideColor tide_chart_name_color  (const char      *name,
                                  double           hue_from,
                                  double           hue_span,
                                  gboolean         dark);

/* The colour of size class @klass of @scheme: a sequential palette from
 * the smallest requests (light yellow-green) to the largest (deep blue,
 * then violet), placed by the class's number within the scheme's usual span,
 * so a class keeps its colour whatever the selection or the trace. Labels
 * on it get WCAG AA contrast from tide_chart_ink_for(). */
TideColor tide_chart_size_class_color (TideSizeClassScheme scheme,
                                       guint               klass,
                                       gboolean            dark);

G_END_DECLS
