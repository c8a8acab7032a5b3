/* tide-flame-layout.c: the boxes of a flame graph, as pure geometry
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-flame-layout.h"

/* A layout is made over one of two trees: a trace's flame tree, or the
 * differential tree of two traces (whose boxes are as wide as their
 * "width"); the geometry is the same, so only these few accessors tell
 * them apart. */
struct _TideFlameLayout
{
  TideFlameTree *tree;      /* NULL for a differential layout */
  TideDiffFlame *diff;      /* NULL for a flame tree's */
  TideMetric     metric;
  guint32        zoom;
  guint64        total;     /* the value the full width stands for: the zoomed node's, or more */
  guint64        zoom_value;
  GArray        *rects;     /* TideFlameRect, sorted by (row, x0) */
  GArray        *row_start; /* guint: first rect of each row, then n_rects */
};

/* Building state. Positions are kept as integer offsets (in metric units
 * from the zoomed node's left edge) so that every x is one division away
 * from exact, however deep the box. */
typedef struct
{
  TideFlameLayout *self;
  GArray          *offsets;  /* guint64 per rect */
  double           width_px;
  /* the run of thin siblings being merged */
  guint32          run_node; /* its only node while it has one */
  guint            run_len;
  guint64          run_start;
  guint64          run_value;
} Builder;

static guint64
node_value (TideFlameLayout *self,
            guint32          node)
{
  if (self->diff != NULL)
    return tide_diff_flame_get_node (self->diff, node)->width;
  return tide_cost_get (&tide_flame_tree_get_node (self->tree, node)->total, self->metric);
}

static guint32
node_first_child (TideFlameLayout *self,
                  guint32          node)
{
  if (self->diff != NULL)
    return tide_diff_flame_get_node (self->diff, node)->first_child;
  return tide_flame_tree_get_node (self->tree, node)->first_child;
}

static guint32
node_next_sibling (TideFlameLayout *self,
                   guint32          node)
{
  if (self->diff != NULL)
    return tide_diff_flame_get_node (self->diff, node)->next_sibling;
  return tide_flame_tree_get_node (self->tree, node)->next_sibling;
}

static guint32
node_parent (TideFlameLayout *self,
             guint32          node)
{
  if (self->diff != NULL)
    return tide_diff_flame_get_node (self->diff, node)->parent;
  return tide_flame_tree_get_node (self->tree, node)->parent;
}

static guint32
node_depth (TideFlameLayout *self,
            guint32          node)
{
  if (self->diff != NULL)
    return tide_diff_flame_get_node (self->diff, node)->depth;
  return tide_flame_tree_get_depth (self->tree, node);
}

/* Narrower than a pixel: not descended into, merged with thin neighbours.
 * Multiplying instead of dividing keeps the test exact for integers. */
static gboolean
is_thin (Builder *b,
         guint64  value)
{
  return (double) value * b->width_px < (double) b->self->total;
}

static void
add_rect (Builder *b,
          guint32  node,
          guint32  row,
          guint64  offset,
          guint64  value)
{
  double total = (double) b->self->total;
  TideFlameRect rect = { node, row, offset / total, (offset + value) / total, value };

  g_array_append_val (b->self->rects, rect);
  g_array_append_val (b->offsets, offset);
}

static void
flush_run (Builder *b,
           guint32  row)
{
  if (b->run_len == 0)
    return;
  /* one thin box alone keeps its node, so its tooltip still names it */
  add_rect (b, b->run_len == 1 ? b->run_node : TIDE_FLAME_NO_NODE, row, b->run_start, b->run_value);
  b->run_len = 0;
}

/* Appends the visible children of @parent to @row, left to right. */
static void
add_children (Builder *b,
              guint32  parent,
              guint64  parent_offset,
              guint32  row)
{
  guint64 offset = parent_offset;

  for (guint32 c = node_first_child (b->self, parent); c != TIDE_FLAME_NO_NODE; c = node_next_sibling (b->self, c))
    {
      guint64 value = node_value (b->self, c);

      if (value == 0)
        continue;
      if (!is_thin (b, value))
        {
          flush_run (b, row);
          add_rect (b, c, row, offset, value);
        }
      else
        {
          if (b->run_len == 0)
            {
              b->run_start = offset;
              b->run_value = 0;
              b->run_node = c;
            }
          b->run_len++;
          b->run_value += value;
        }
      offset += value;
    }
  flush_run (b, row);
}

/* Where the zoomed node ends: the right edge, unless the full width stands
 * for more than it holds (a shared scale). */
static double
zoom_right (TideFlameLayout *self)
{
  return self->total > 0 ? (double) self->zoom_value / (double) self->total : 1.0;
}

/* Rows below the zoomed node: its ancestors, each as wide as the zoom. */
static void
add_ancestors (TideFlameLayout *self)
{
  guint depth = node_depth (self, self->zoom);
  g_autofree guint32 *path = g_new (guint32, depth + 1);
  guint32 n = self->zoom;
  double x1 = zoom_right (self);

  for (guint d = depth; d > 0; d--)
    path[d - 1] = n = node_parent (self, n);
  for (guint d = 0; d < depth; d++)
    {
      TideFlameRect rect = { path[d], d, 0.0, x1, node_value (self, path[d]) };

      g_array_append_val (self->rects, rect);
    }
}

/* Row by row from the zoomed node up: each row is the visible children of
 * the boxes of the row below, in order, so the rects come out sorted. Only
 * boxes at least a pixel wide are descended into. */
static void
add_rows (TideFlameLayout *self,
          double           width_px)
{
  guint32 row = node_depth (self, self->zoom);
  Builder b = { self, g_array_new (FALSE, FALSE, sizeof (guint64)), width_px };
  guint row_begin;

  /* offsets of the ancestors are never read: only rows above the zoom are built from */
  g_array_set_size (b.offsets, self->rects->len);
  row_begin = self->rects->len;
  add_rect (&b, self->zoom, row, 0, self->zoom_value);

  while (row_begin < self->rects->len)
    {
      guint row_end = self->rects->len;

      for (guint i = row_begin; i < row_end; i++)
        {
          const TideFlameRect *r = &g_array_index (self->rects, TideFlameRect, i);

          if (r->node != TIDE_FLAME_NO_NODE && !is_thin (&b, r->value))
            add_children (&b, r->node, g_array_index (b.offsets, guint64, i), row + 1);
        }
      row_begin = row_end;
      row++;
    }
  g_array_unref (b.offsets);
}

static void
index_rows (TideFlameLayout *self)
{
  guint row = 0;

  for (guint i = 0; i < self->rects->len; i++)
    for (; row <= g_array_index (self->rects, TideFlameRect, i).row; row++)
      g_array_append_val (self->row_start, i);
  g_array_append_val (self->row_start, self->rects->len);
}

/* Builds the rects of a layout whose tree, metric, zoom and totals are set. */
static TideFlameLayout *
build (TideFlameLayout *self,
       double           width_px)
{
  self->rects = g_array_new (FALSE, FALSE, sizeof (TideFlameRect));
  self->row_start = g_array_new (FALSE, FALSE, sizeof (guint));

  add_ancestors (self);
  /* an empty zoomed node still gets its box, so the chart says "0" rather than nothing */
  if (self->zoom_value == 0)
    {
      TideFlameRect rect = { self->zoom, node_depth (self, self->zoom), 0.0, zoom_right (self), 0 };

      g_array_append_val (self->rects, rect);
    }
  else
    add_rows (self, width_px);
  index_rows (self);
  return self;
}

TideFlameLayout *
tide_flame_layout_new (TideFlameTree *tree,
                       TideMetric     metric,
                       guint32        zoom_node,
                       double         width_px)
{
  return tide_flame_layout_new_scaled (tree, metric, zoom_node, width_px, 0);
}

TideFlameLayout *
tide_flame_layout_new_scaled (TideFlameTree *tree,
                              TideMetric     metric,
                              guint32        zoom_node,
                              double         width_px,
                              guint64        full_width_value)
{
  TideFlameLayout *self;

  g_return_val_if_fail (tree != NULL, NULL);
  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);
  g_return_val_if_fail (zoom_node < tide_flame_tree_get_n_nodes (tree), NULL);
  g_return_val_if_fail (width_px > 0, NULL);

  self = g_new0 (TideFlameLayout, 1);
  self->tree = tide_flame_tree_ref (tree);
  self->metric = metric;
  self->zoom = zoom_node;
  self->zoom_value = node_value (self, zoom_node);
  self->total = MAX (self->zoom_value, full_width_value);
  return build (self, width_px);
}

TideFlameLayout *
tide_flame_layout_new_for_diff (TideDiffFlame *diff,
                                guint32        zoom_node,
                                double         width_px)
{
  TideFlameLayout *self;

  g_return_val_if_fail (diff != NULL, NULL);
  g_return_val_if_fail (zoom_node < tide_diff_flame_get_n_nodes (diff), NULL);
  g_return_val_if_fail (width_px > 0, NULL);

  self = g_new0 (TideFlameLayout, 1);
  self->diff = tide_diff_flame_ref (diff);
  self->metric = tide_diff_flame_get_metric (diff);
  self->zoom = zoom_node;
  self->zoom_value = self->total = node_value (self, zoom_node);
  return build (self, width_px);
}

void
tide_flame_layout_free (TideFlameLayout *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->tree, tide_flame_tree_unref);
  g_clear_pointer (&self->diff, tide_diff_flame_unref);
  g_array_unref (self->rects);
  g_array_unref (self->row_start);
  g_free (self);
}

TideFlameTree *
tide_flame_layout_get_tree (TideFlameLayout *self)
{
  return self->tree;
}

TideDiffFlame *
tide_flame_layout_get_diff (TideFlameLayout *self)
{
  return self->diff;
}

TideMetric
tide_flame_layout_get_metric (TideFlameLayout *self)
{
  return self->metric;
}

guint32
tide_flame_layout_get_zoom (TideFlameLayout *self)
{
  return self->zoom;
}

guint64
tide_flame_layout_get_total (TideFlameLayout *self)
{
  return self->total;
}

guint
tide_flame_layout_get_n_rows (TideFlameLayout *self)
{
  return self->row_start->len - 1;
}

guint
tide_flame_layout_get_n_rects (TideFlameLayout *self)
{
  return self->rects->len;
}

const TideFlameRect *
tide_flame_layout_get_rect (TideFlameLayout *self,
                            guint            i)
{
  g_return_val_if_fail (i < self->rects->len, NULL);
  return &g_array_index (self->rects, TideFlameRect, i);
}

gboolean
tide_flame_layout_get_row (TideFlameLayout *self,
                           guint            row,
                           guint           *first,
                           guint           *n_rects)
{
  if (row >= tide_flame_layout_get_n_rows (self))
    {
      *first = *n_rects = 0;
      return FALSE;
    }
  *first = g_array_index (self->row_start, guint, row);
  *n_rects = g_array_index (self->row_start, guint, row + 1) - *first;
  return TRUE;
}

int
tide_flame_layout_hit (TideFlameLayout *self,
                       double           x,
                       guint            row)
{
  guint lo, hi;
  const TideFlameRect *r;

  if (row >= tide_flame_layout_get_n_rows (self))
    return -1;
  lo = g_array_index (self->row_start, guint, row);
  hi = g_array_index (self->row_start, guint, row + 1);
  /* the last rect of the row that starts at or before x */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->rects, TideFlameRect, mid).x0 <= x)
        lo = mid;
      else
        hi = mid;
    }
  if (lo == hi)
    return -1;
  r = &g_array_index (self->rects, TideFlameRect, lo);
  /* the right edge of the chart belongs to the last box */
  if (x >= r->x0 && (x < r->x1 || (x == r->x1 && r->x1 >= 1.0)))
    return (int) lo;
  return -1;
}
