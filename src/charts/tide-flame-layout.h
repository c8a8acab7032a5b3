/* tide-flame-layout.h: the boxes of a flame graph, as pure geometry
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A layout places the nodes of a TideFlameTree for one metric and one zoom:
 * x in [0, 1] across the width (so it survives a resize), and a row per
 * depth (row 0 = the root, "all"). The zoomed node fills the width, its
 * ancestors are full-width rows below it. Boxes narrower than one pixel at
 * the width the layout was made for are not descended into, and runs of
 * such thin siblings are merged into one box, so the work follows what can
 * be seen, not the size of the trace. Rects are sorted by (row, x0), which
 * makes hit-testing a binary search.
 *
 * The same geometry serves a differential flame tree (tide-diff-flame.h),
 * whose boxes are as wide as their "width", and two flame graphs side by
 * side on one scale, where the full width stands for more than the zoomed
 * node holds and the smaller graph is narrower.
 */
#pragma once

#include "core/analysis/tide-diff-flame.h"
#include "core/analysis/tide-flame-tree.h"

G_BEGIN_DECLS

typedef struct
{
  guint32 node;  /* flame node, or TIDE_FLAME_NO_NODE for merged thin boxes */
  guint32 row;   /* depth relative to the layout's base; 0 = the root */
  double  x0;    /* 0..1 */
  double  x1;    /* 0..1, x1 > x0 */
  guint64 value; /* the metric's value for this box (sum for merged boxes) */
} TideFlameRect;

typedef struct _TideFlameLayout TideFlameLayout;

TideFlameLayout     *tide_flame_layout_new         (TideFlameTree   *tree,
                                                    TideMetric       metric,
                                                    guint32          zoom_node,
                                                    double           width_px);
/* The full width stands for @full_width_value (when more than the zoomed
 * node's value): the zoomed node and the rows below it end at value /
 * @full_width_value. Two graphs laid out against the larger of their roots
 * draw the same bytes the same width. */
TideFlameLayout     *tide_flame_layout_new_scaled  (TideFlameTree   *tree,
                                                    TideMetric       metric,
                                                    guint32          zoom_node,
                                                    double           width_px,
                                                    guint64          full_width_value);
/* The boxes of a differential tree, each as wide as its node's "width";
 * the metric is the tree's. */
TideFlameLayout     *tide_flame_layout_new_for_diff (TideDiffFlame  *diff,
                                                    guint32          zoom_node,
                                                    double           width_px);
void                 tide_flame_layout_free        (TideFlameLayout *self);

/* The tree laid out: one of these two is NULL. */
TideFlameTree       *tide_flame_layout_get_tree    (TideFlameLayout *self);
TideDiffFlame       *tide_flame_layout_get_diff    (TideFlameLayout *self);
TideMetric           tide_flame_layout_get_metric  (TideFlameLayout *self);
guint32              tide_flame_layout_get_zoom    (TideFlameLayout *self);
/* The value the full width stands for: the zoomed node's total (or the
 * larger value of a scaled layout). */
guint64              tide_flame_layout_get_total   (TideFlameLayout *self);
guint                tide_flame_layout_get_n_rows  (TideFlameLayout *self);
guint                tide_flame_layout_get_n_rects (TideFlameLayout *self);
const TideFlameRect *tide_flame_layout_get_rect    (TideFlameLayout *self,
                                                    guint            i);
/* The rects of @row are [@first, @first + @n_rects); FALSE past the last row. */
gboolean             tide_flame_layout_get_row     (TideFlameLayout *self,
                                                    guint            row,
                                                    guint           *first,
                                                    guint           *n_rects);
/* Index of the rect at (@x in 0..1, @row), or -1. */
int                  tide_flame_layout_hit         (TideFlameLayout *self,
                                                    double           x,
                                                    guint            row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideFlameLayout, tide_flame_layout_free)

G_END_DECLS
