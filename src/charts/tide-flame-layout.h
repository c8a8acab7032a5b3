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
 */
#pragma once

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
void                 tide_flame_layout_free        (TideFlameLayout *self);

TideFlameTree       *tide_flame_layout_get_tree    (TideFlameLayout *self);
TideMetric           tide_flame_layout_get_metric  (TideFlameLayout *self);
guint32              tide_flame_layout_get_zoom    (TideFlameLayout *self);
/* The value the full width stands for: the zoomed node's total. */
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
