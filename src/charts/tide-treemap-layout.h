/* tide-treemap-layout.h: the boxes of a size-class treemap, as pure geometry
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two levels of squarified treemap (tide-squarify.h) over the result of
 * tide_size_classes_compute(): the size classes share the bounds in
 * proportion to their bytes, and each class's allocation sites share its
 * box. A class box tall and wide enough gets a header band at its top (its
 * label goes there), and its sites share the rest of it; a smaller class
 * gives its sites the whole box. Drilled into one class, that class alone
 * fills the bounds, with no header (the breadcrumb names it).
 *
 * What stays exact, whatever the header bands:
 *  - the class boxes tile the bounds, each with area / bounds area =
 *    class bytes / total bytes, so the sum of the areas is the live bytes;
 *  - within a class, the site boxes tile the class's content (its box less
 *    the header), each in proportion to its bytes; drilled in, or where a
 *    class has no header, that makes site areas exact across the chart.
 *
 * Rects come class by class: a class box, then its sites (largest first),
 * then the next class. Hit-testing goes through a grid of cells built on
 * first use, so it costs the same with ten sites or a million.
 */
#pragma once

#include "charts/tide-squarify.h"
#include "core/analysis/tide-size-classes.h"

G_BEGIN_DECLS

#define TIDE_TREEMAP_ALL_CLASSES G_MAXUINT /* zoom: no class drilled into */
#define TIDE_TREEMAP_NO_SITE     G_MAXUINT32

typedef enum
{
  TIDE_TREEMAP_REQUESTED, /* bytes the program asked for (default) */
  TIDE_TREEMAP_HANDED_OUT, /* bytes the allocator reserved for them */
} TideTreemapValue;

typedef struct
{
  TideTreemapValue value;
  guint            zoom_class;    /* a class number (TideSizeClass.klass), or TIDE_TREEMAP_ALL_CLASSES */
  double           header_height; /* px of a class's header band; 0 for none */
  double           header_min_width; /* a class narrower than this gets no header */
} TideTreemapOptions;

typedef struct
{
  double  x, y, w, h;
  guint64 value;       /* the bytes the box stands for (requested or handed out) */
  guint32 class_index; /* into the classes array */
  guint32 site_index;  /* into that class's sites; TIDE_TREEMAP_NO_SITE for a class box */
  guint8  depth;       /* 0: a class, 1: a site */
  guint8  has_header;  /* class boxes: a header band of the layout's header height at the top */
} TideTreemapRect;

typedef struct _TideTreemapLayout TideTreemapLayout;

void                   tide_treemap_options_init         (TideTreemapOptions       *options);

/* Lays @classes (tide_size_classes_compute() of @trace with @scheme; kept
 * with a reference) out in @bounds. */
TideTreemapLayout     *tide_treemap_layout_new           (TideTrace                *trace,
                                                          TideSizeClassScheme       scheme,
                                                          GPtrArray                *classes,
                                                          const TideTreemapOptions *options,
                                                          TideRect                  bounds);
void                   tide_treemap_layout_free          (TideTreemapLayout        *self);

TideTrace             *tide_treemap_layout_get_trace     (TideTreemapLayout        *self);
TideSizeClassScheme    tide_treemap_layout_get_scheme    (TideTreemapLayout        *self);
GPtrArray             *tide_treemap_layout_get_classes   (TideTreemapLayout        *self);
const TideTreemapOptions *tide_treemap_layout_get_options (TideTreemapLayout       *self);
TideRect               tide_treemap_layout_get_bounds    (TideTreemapLayout        *self);
/* The class drilled into (its index into the classes), or -1 when none
 * (or when the zoom names a class the array does not have). */
int                    tide_treemap_layout_get_zoom_index (TideTreemapLayout       *self);
/* What the bounds stand for: the bytes of every class, or of the zoomed one. */
guint64                tide_treemap_layout_get_total     (TideTreemapLayout        *self);
/* Requested and handed-out bytes and blocks of all classes (not only the zoomed one). */
void                   tide_treemap_layout_get_totals    (TideTreemapLayout        *self,
                                                          guint64                  *requested,
                                                          guint64                  *handed_out,
                                                          guint64                  *blocks);
guint                  tide_treemap_layout_get_n_rects   (TideTreemapLayout        *self);
const TideTreemapRect *tide_treemap_layout_get_rect      (TideTreemapLayout        *self,
                                                          guint                     i);
/* The class and site a rect stands for (site NULL for a class box). */
const TideSizeClass   *tide_treemap_layout_get_class     (TideTreemapLayout        *self,
                                                          const TideTreemapRect    *rect);
const TideClassSite   *tide_treemap_layout_get_site      (TideTreemapLayout        *self,
                                                          const TideTreemapRect    *rect);
/* Where a class's sites go: its box less the header band. */
TideRect               tide_treemap_layout_content       (TideTreemapLayout        *self,
                                                          const TideTreemapRect    *rect);
/* The deepest rect containing (@x, @y): a site, or a class where the
 * point is on its header (or on a site box of no area); -1 outside. */
int                    tide_treemap_layout_hit           (TideTreemapLayout        *self,
                                                          double                    x,
                                                          double                    y);
/* The index of the class box of rect @i. */
guint                  tide_treemap_layout_class_rect    (TideTreemapLayout        *self,
                                                          guint                     i);

/* The bytes of a class or site as @value counts them. */
static inline guint64
tide_treemap_value_of (TideTreemapValue value,
                       guint64          requested,
                       guint64          handed_out)
{
  return value == TIDE_TREEMAP_HANDED_OUT ? handed_out : requested;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideTreemapLayout, tide_treemap_layout_free)

G_END_DECLS
