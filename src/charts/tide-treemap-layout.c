/* tide-treemap-layout.c: the boxes of a size-class treemap, as pure geometry
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "tide-treemap-layout.h"

/* A class keeps at least this many header heights for its sites. */
#define HEADER_MIN_CONTENT 2.0
/* Hit-testing grid: about this many cells along the longer side. */
#define GRID_CELLS 128

struct _TideTreemapLayout
{
  TideTrace           *trace;
  TideSizeClassScheme  scheme;
  GPtrArray           *classes;
  TideTreemapOptions   options;
  TideRect             bounds;
  int                  zoom_index;
  guint64              total;
  guint64              requested, handed_out, blocks;

  GArray              *rects;       /* TideTreemapRect */
  GArray              *class_rects; /* guint: index of each class box in rects */

  /* the hit-testing grid, built on first use: cell c lists the site rects
   * overlapping it, cell_items[cell_start[c] .. cell_start[c + 1]) */
  gboolean             have_grid;
  double               cell_size;
  guint                grid_w, grid_h;
  guint               *cell_start;
  guint               *cell_items;
};

void
tide_treemap_options_init (TideTreemapOptions *options)
{
  g_return_if_fail (options != NULL);

  options->value = TIDE_TREEMAP_REQUESTED;
  options->zoom_class = TIDE_TREEMAP_ALL_CLASSES;
  options->header_height = 0;
  options->header_min_width = 0;
}

static guint64
class_value (const TideTreemapLayout *self,
             const TideSizeClass     *c)
{
  return tide_treemap_value_of (self->options.value, c->requested, c->allocated);
}

static guint64
site_value (const TideTreemapLayout *self,
            const TideClassSite     *s)
{
  return tide_treemap_value_of (self->options.value, s->requested, s->allocated);
}

/* The sites of class @ci in @area, appended after its class box. */
static void
layout_sites (TideTreemapLayout *self,
              guint              ci,
              TideRect           area,
              double            *values,
              TideRect          *out)
{
  const TideSizeClass *c = g_ptr_array_index (self->classes, ci);
  guint n = c->sites->len;

  for (guint s = 0; s < n; s++)
    values[s] = (double) site_value (self, &g_array_index (c->sites, TideClassSite, s));
  tide_squarify (values, n, area, out);
  for (guint s = 0; s < n; s++)
    {
      TideTreemapRect r = { out[s].x, out[s].y, out[s].w, out[s].h,
                            site_value (self, &g_array_index (c->sites, TideClassSite, s)), ci, s, 1, FALSE };

      g_array_append_val (self->rects, r);
    }
}

/* Whether a class box of @w x @h has room for a header and sites under it. */
static gboolean
wants_header (const TideTreemapLayout *self,
              double                   w,
              double                   h)
{
  double hh = self->options.header_height;

  return hh > 0 && w >= MAX (self->options.header_min_width, 1) && h >= (1 + HEADER_MIN_CONTENT) * hh;
}

static void
add_class (TideTreemapLayout *self,
           guint              ci,
           TideRect           box,
           gboolean           header,
           double            *values,
           TideRect          *out)
{
  const TideSizeClass *c = g_ptr_array_index (self->classes, ci);
  TideTreemapRect r = { box.x, box.y, box.w, box.h, class_value (self, c), ci, TIDE_TREEMAP_NO_SITE, 0, header };
  guint index = self->rects->len;

  g_array_append_val (self->rects, r);
  g_array_append_val (self->class_rects, index);
  layout_sites (self, ci, tide_treemap_layout_content (self, &r), values, out);
}

TideTreemapLayout *
tide_treemap_layout_new (TideTrace                *trace,
                         TideSizeClassScheme       scheme,
                         GPtrArray                *classes,
                         const TideTreemapOptions *options,
                         TideRect                  bounds)
{
  TideTreemapLayout *self;
  g_autofree double *values = NULL;
  g_autofree TideRect *out = NULL;
  guint max_sites = 0, n_sites = 0;

  g_return_val_if_fail (TIDE_IS_TRACE (trace), NULL);
  g_return_val_if_fail (classes != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_new0 (TideTreemapLayout, 1);
  self->trace = g_object_ref (trace);
  self->scheme = scheme;
  self->classes = g_ptr_array_ref (classes);
  self->options = *options;
  self->bounds = bounds;
  self->zoom_index = -1;

  for (guint i = 0; i < classes->len; i++)
    {
      const TideSizeClass *c = g_ptr_array_index (classes, i);

      self->requested += c->requested;
      self->handed_out += c->allocated;
      self->blocks += c->blocks;
      max_sites = MAX (max_sites, c->sites->len);
      n_sites += c->sites->len;
      if (c->klass == options->zoom_class && options->zoom_class != TIDE_TREEMAP_ALL_CLASSES)
        self->zoom_index = i;
    }

  values = g_new (double, MAX (MAX (max_sites, classes->len), 1));
  out = g_new (TideRect, MAX (MAX (max_sites, classes->len), 1));

  if (self->zoom_index >= 0)
    {
      const TideSizeClass *c = g_ptr_array_index (classes, self->zoom_index);

      self->total = class_value (self, c);
      self->rects = g_array_sized_new (FALSE, FALSE, sizeof (TideTreemapRect), 1 + c->sites->len);
      self->class_rects = g_array_sized_new (FALSE, FALSE, sizeof (guint), 1);
      add_class (self, self->zoom_index, bounds, FALSE, values, out);
      return self;
    }

  self->total = tide_treemap_value_of (options->value, self->requested, self->handed_out);
  self->rects = g_array_sized_new (FALSE, FALSE, sizeof (TideTreemapRect), classes->len + n_sites);
  self->class_rects = g_array_sized_new (FALSE, FALSE, sizeof (guint), classes->len);
  for (guint i = 0; i < classes->len; i++)
    values[i] = (double) class_value (self, g_ptr_array_index (classes, i));
  tide_squarify (values, classes->len, bounds, out);
  {
    /* out[] is reused for each class's sites: keep the class boxes apart */
    g_autofree TideRect *boxes = g_memdup2 (out, sizeof (TideRect) * classes->len);

    for (guint i = 0; i < classes->len; i++)
      add_class (self, i, boxes[i], wants_header (self, boxes[i].w, boxes[i].h), values, out);
  }
  return self;
}

void
tide_treemap_layout_free (TideTreemapLayout *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->trace);
  g_ptr_array_unref (self->classes);
  g_array_unref (self->rects);
  g_array_unref (self->class_rects);
  g_free (self->cell_start);
  g_free (self->cell_items);
  g_free (self);
}

TideTrace *
tide_treemap_layout_get_trace (TideTreemapLayout *self)
{
  return self->trace;
}

TideSizeClassScheme
tide_treemap_layout_get_scheme (TideTreemapLayout *self)
{
  return self->scheme;
}

GPtrArray *
tide_treemap_layout_get_classes (TideTreemapLayout *self)
{
  return self->classes;
}

const TideTreemapOptions *
tide_treemap_layout_get_options (TideTreemapLayout *self)
{
  return &self->options;
}

TideRect
tide_treemap_layout_get_bounds (TideTreemapLayout *self)
{
  return self->bounds;
}

int
tide_treemap_layout_get_zoom_index (TideTreemapLayout *self)
{
  return self->zoom_index;
}

guint64
tide_treemap_layout_get_total (TideTreemapLayout *self)
{
  return self->total;
}

void
tide_treemap_layout_get_totals (TideTreemapLayout *self,
                                guint64           *requested,
                                guint64           *handed_out,
                                guint64           *blocks)
{
  if (requested != NULL)
    *requested = self->requested;
  if (handed_out != NULL)
    *handed_out = self->handed_out;
  if (blocks != NULL)
    *blocks = self->blocks;
}

guint
tide_treemap_layout_get_n_rects (TideTreemapLayout *self)
{
  return self->rects->len;
}

const TideTreemapRect *
tide_treemap_layout_get_rect (TideTreemapLayout *self,
                              guint              i)
{
  g_return_val_if_fail (i < self->rects->len, NULL);
  return &g_array_index (self->rects, TideTreemapRect, i);
}

const TideSizeClass *
tide_treemap_layout_get_class (TideTreemapLayout     *self,
                               const TideTreemapRect *rect)
{
  return g_ptr_array_index (self->classes, rect->class_index);
}

const TideClassSite *
tide_treemap_layout_get_site (TideTreemapLayout     *self,
                              const TideTreemapRect *rect)
{
  const TideSizeClass *c = g_ptr_array_index (self->classes, rect->class_index);

  if (rect->site_index == TIDE_TREEMAP_NO_SITE)
    return NULL;
  return &g_array_index (c->sites, TideClassSite, rect->site_index);
}

TideRect
tide_treemap_layout_content (TideTreemapLayout     *self,
                             const TideTreemapRect *rect)
{
  TideRect r = { rect->x, rect->y, rect->w, rect->h };

  if (rect->depth == 0 && rect->has_header)
    {
      r.y += self->options.header_height;
      r.h -= self->options.header_height;
    }
  return r;
}

guint
tide_treemap_layout_class_rect (TideTreemapLayout *self,
                                guint              i)
{
  const TideTreemapRect *r;
  guint lo = 0, hi;

  g_return_val_if_fail (i < self->rects->len, 0);

  r = &g_array_index (self->rects, TideTreemapRect, i);
  if (r->depth == 0)
    return i;
  /* class boxes are in rect order: the last one at or before i */
  hi = self->class_rects->len;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->class_rects, guint, mid) <= i)
        lo = mid;
      else
        hi = mid;
    }
  return g_array_index (self->class_rects, guint, lo);
}

/* ------------------------------------------------------------ hit test -- */

static void
cell_range (const TideTreemapLayout *self,
            const TideTreemapRect   *r,
            guint                   *x0,
            guint                   *y0,
            guint                   *x1,
            guint                   *y1)
{
  double fx0 = floor ((r->x - self->bounds.x) / self->cell_size);
  double fy0 = floor ((r->y - self->bounds.y) / self->cell_size);
  double fx1 = floor ((r->x + r->w - self->bounds.x) / self->cell_size);
  double fy1 = floor ((r->y + r->h - self->bounds.y) / self->cell_size);

  *x0 = (guint) CLAMP (fx0, 0, self->grid_w - 1);
  *y0 = (guint) CLAMP (fy0, 0, self->grid_h - 1);
  *x1 = (guint) CLAMP (fx1, 0, self->grid_w - 1);
  *y1 = (guint) CLAMP (fy1, 0, self->grid_h - 1);
}

static void
build_grid (TideTreemapLayout *self)
{
  double longer = MAX (self->bounds.w, self->bounds.h);
  guint n_cells;

  self->have_grid = TRUE;
  if (longer <= 0)
    return;
  self->cell_size = MAX (longer / GRID_CELLS, 1);
  self->grid_w = MAX ((guint) ceil (self->bounds.w / self->cell_size), 1);
  self->grid_h = MAX ((guint) ceil (self->bounds.h / self->cell_size), 1);
  n_cells = self->grid_w * self->grid_h;
  self->cell_start = g_new0 (guint, n_cells + 1);

  /* counting pass, then a fill pass into one array */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autofree guint *fill = pass == 1 ? g_memdup2 (self->cell_start, sizeof (guint) * n_cells) : NULL;

      for (guint i = 0; i < self->rects->len; i++)
        {
          const TideTreemapRect *r = &g_array_index (self->rects, TideTreemapRect, i);
          guint x0, y0, x1, y1;

          if (r->depth == 0 || r->w <= 0 || r->h <= 0)
            continue;
          cell_range (self, r, &x0, &y0, &x1, &y1);
          for (guint cy = y0; cy <= y1; cy++)
            for (guint cx = x0; cx <= x1; cx++)
              {
                guint cell = cy * self->grid_w + cx;

                if (pass == 0)
                  self->cell_start[cell + 1]++;
                else
                  self->cell_items[fill[cell]++] = i;
              }
        }
      if (pass == 0)
        {
          for (guint c = 0; c < n_cells; c++)
            self->cell_start[c + 1] += self->cell_start[c];
          self->cell_items = g_new (guint, MAX (self->cell_start[n_cells], 1));
        }
    }
}

static gboolean
contains (const TideTreemapRect *r,
          double                 x,
          double                 y)
{
  return x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

int
tide_treemap_layout_hit (TideTreemapLayout *self,
                         double             x,
                         double             y)
{
  g_return_val_if_fail (self != NULL, -1);

  if (!self->have_grid)
    build_grid (self);
  if (self->cell_start != NULL && x >= self->bounds.x && y >= self->bounds.y
      && x < self->bounds.x + self->bounds.w && y < self->bounds.y + self->bounds.h)
    {
      guint cx = MIN ((guint) ((x - self->bounds.x) / self->cell_size), self->grid_w - 1);
      guint cy = MIN ((guint) ((y - self->bounds.y) / self->cell_size), self->grid_h - 1);
      guint cell = cy * self->grid_w + cx;

      for (guint k = self->cell_start[cell]; k < self->cell_start[cell + 1]; k++)
        if (contains (&g_array_index (self->rects, TideTreemapRect, self->cell_items[k]), x, y))
          return self->cell_items[k];
    }
  /* a header, or a sliver between sites: the class */
  for (guint k = 0; k < self->class_rects->len; k++)
    {
      guint i = g_array_index (self->class_rects, guint, k);

      if (contains (&g_array_index (self->rects, TideTreemapRect, i), x, y))
        return i;
    }
  return -1;
}
