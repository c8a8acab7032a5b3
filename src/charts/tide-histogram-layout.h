/* tide-histogram-layout.h: the bars of an allocation-size histogram, as pure geometry
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One slot per size class from the smallest class with blocks to the
 * largest (empty classes between them keep their slot: a gap on a size axis
 * says something), side by side across two panels that share the x axis:
 * blocks per class above, bytes per class below (requested, and handed out
 * behind it, so the difference is the rounding). Both y axes are
 * logarithmic, with a tick per power of ten; a bar of any value above zero
 * is at least MIN_BAR px tall, so a class of one block still shows.
 */
#pragma once

#include "charts/tide-squarify.h"
#include "core/analysis/tide-size-classes.h"

G_BEGIN_DECLS

#define TIDE_HISTOGRAM_MIN_BAR 2.0 /* px */

typedef struct
{
  guint   klass;          /* the size class (TideSizeClass.klass) */
  int     class_index;    /* into the classes; -1 for an empty class */
  guint64 blocks;
  guint64 requested;
  guint64 handed_out;
  double  x0, x1;         /* px: the slot, bars are drawn inside it */
  double  blocks_top;     /* px: top of the blocks bar (its panel's bottom when 0) */
  double  requested_top;  /* px, in the bytes panel */
  double  handed_out_top; /* px, in the bytes panel */
} TideHistogramBar;

typedef struct
{
  double  value;          /* a power of ten */
  double  y;              /* px */
  guint   exponent;       /* value = 10^exponent */
} TideHistogramTick;

typedef struct
{
  TideRect           plot;      /* the panel */
  double             lo, hi;    /* the axis' range: powers of ten, lo < hi */
  guint              n_ticks;
  TideHistogramTick *ticks;     /* lo, 10 lo, …, hi */
} TideHistogramAxis;

typedef struct _TideHistogramLayout TideHistogramLayout;

/* Bars for @classes (tide_size_classes_compute() with @scheme; only their
 * totals are read, the array is not kept) in two panels of the same width
 * and x: @blocks_plot above, @bytes_plot below. */
TideHistogramLayout     *tide_histogram_layout_new         (TideSizeClassScheme  scheme,
                                                            GPtrArray           *classes,
                                                            TideRect             blocks_plot,
                                                            TideRect             bytes_plot);
void                     tide_histogram_layout_free        (TideHistogramLayout *self);

TideSizeClassScheme      tide_histogram_layout_get_scheme  (TideHistogramLayout *self);
guint                    tide_histogram_layout_get_n_bars  (TideHistogramLayout *self);
const TideHistogramBar  *tide_histogram_layout_get_bar     (TideHistogramLayout *self,
                                                            guint                i);
const TideHistogramAxis *tide_histogram_layout_get_blocks_axis (TideHistogramLayout *self);
const TideHistogramAxis *tide_histogram_layout_get_bytes_axis  (TideHistogramLayout *self);
/* Sums over the bars. */
void                     tide_histogram_layout_get_totals  (TideHistogramLayout *self,
                                                            guint64             *blocks,
                                                            guint64             *requested,
                                                            guint64             *handed_out);
/* The y of @value on @axis (its bottom for values at or below lo). */
double                   tide_histogram_axis_y             (const TideHistogramAxis *axis,
                                                            double               value);
/* The bar whose slot holds @x (within either panel's width), or -1. */
int                      tide_histogram_layout_hit         (TideHistogramLayout *self,
                                                            double               x,
                                                            double               y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideHistogramLayout, tide_histogram_layout_free)

G_END_DECLS
