/* tide-draw-list.c: what a chart draws, recorded once, rendered anywhere
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "tide-bars-image.h"
#include "tide-chart-text-private.h"
#include "tide-draw-list-private.h"

struct _TideDrawList
{
  double        width;
  double        height;
  TideColor     background;
  GArray       *ops;     /* TideDrawOp */
  GStringChunk *strings; /* texts and titles: one allocation per many */
  GPtrArray    *points;  /* TideDrawPoint[], one per path: ops point into them */
};

TideDrawList *
tide_draw_list_new (double    width,
                    double    height,
                    TideColor background)
{
  TideDrawList *self = g_new0 (TideDrawList, 1);

  self->width = width;
  self->height = height;
  self->background = background;
  self->ops = g_array_new (FALSE, FALSE, sizeof (TideDrawOp));
  self->strings = g_string_chunk_new (16 * 1024);
  self->points = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
tide_draw_list_free (TideDrawList *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->ops);
  g_string_chunk_free (self->strings);
  g_ptr_array_unref (self->points);
  g_free (self);
}

double
tide_draw_list_get_width (TideDrawList *self)
{
  return self->width;
}

double
tide_draw_list_get_height (TideDrawList *self)
{
  return self->height;
}

TideColor
tide_draw_list_get_background (TideDrawList *self)
{
  return self->background;
}

void
tide_draw_list_add_rect (TideDrawList *self,
                         double        x,
                         double        y,
                         double        w,
                         double        h,
                         TideColor     fill,
                         TideColor     stroke,
                         const char   *title)
{
  TideDrawOp op = { TIDE_DRAW_RECT, x, y, w, h, fill, stroke, NULL, NULL };

  if (title != NULL)
    op.title = g_string_chunk_insert (self->strings, title);
  g_array_append_val (self->ops, op);
}

void
tide_draw_list_add_text (TideDrawList *self,
                         double        x,
                         double        baseline,
                         double        font_px,
                         TideColor     ink,
                         const char   *text)
{
  TideDrawOp op = { TIDE_DRAW_TEXT, x, baseline, 0, font_px, ink, { 0 }, NULL, NULL };

  g_return_if_fail (text != NULL);

  op.text = g_string_chunk_insert (self->strings, text);
  g_array_append_val (self->ops, op);
}

void
tide_draw_list_add_path (TideDrawList        *self,
                         const TideDrawPoint *points,
                         guint                n_points,
                         gboolean             closed,
                         TideColor            fill,
                         TideColor            stroke,
                         double               line_width,
                         const char          *title)
{
  TideDrawOp op = { TIDE_DRAW_PATH, 0, 0, 0, 0, fill, stroke, NULL, NULL };
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  TideDrawPoint *copy;

  g_return_if_fail (points != NULL || n_points == 0);

  if (n_points < 2)
    return;
  copy = g_memdup2 (points, n_points * sizeof *points);
  g_ptr_array_add (self->points, copy);
  for (guint i = 0; i < n_points; i++)
    {
      x0 = MIN (x0, points[i].x);
      y0 = MIN (y0, points[i].y);
      x1 = MAX (x1, points[i].x);
      y1 = MAX (y1, points[i].y);
    }
  op.x = x0;
  op.y = y0;
  op.w = x1 - x0;
  op.h = y1 - y0;
  op.points = copy;
  op.n_points = n_points;
  op.closed = closed;
  op.line_width = line_width;
  if (!closed)
    op.color.a = 0;
  if (title != NULL)
    op.title = g_string_chunk_insert (self->strings, title);
  g_array_append_val (self->ops, op);
}

void
tide_draw_list_add_bars (TideDrawList        *self,
                         const TideDrawPoint *corners,
                         guint                n_bars,
                         TideColor            fill,
                         const char          *title)
{
  static const TideColor none = { 0 };
  guint len = self->ops->len;

  g_return_if_fail (corners != NULL || n_bars == 0);

  if (n_bars == 0)
    return;
  /* the same bounding box, copy and title as a closed path of those points */
  tide_draw_list_add_path (self, corners, 2 * n_bars, TRUE, fill, none, 0, title);
  g_assert (self->ops->len == len + 1);
  g_array_index (self->ops, TideDrawOp, len).bars = TRUE;
}

void
tide_draw_list_append (TideDrawList *self,
                       TideDrawList *other,
                       double        dx,
                       double        dy)
{
  g_return_if_fail (self != NULL && other != NULL && self != other);

  for (guint i = 0; i < other->ops->len; i++)
    {
      const TideDrawOp *op = &g_array_index (other->ops, TideDrawOp, i);

      switch (op->kind)
        {
        case TIDE_DRAW_RECT:
          tide_draw_list_add_rect (self, op->x + dx, op->y + dy, op->w, op->h, op->color, op->stroke, op->title);
          break;
        case TIDE_DRAW_TEXT:
          tide_draw_list_add_text (self, op->x + dx, op->y + dy, op->h, op->color, op->text);
          break;
        case TIDE_DRAW_PATH:
          {
            g_autofree TideDrawPoint *moved = g_memdup2 (op->points, op->n_points * sizeof *op->points);

            for (guint k = 0; k < op->n_points; k++)
              {
                moved[k].x += dx;
                moved[k].y += dy;
              }
            if (op->bars)
              tide_draw_list_add_bars (self, moved, op->n_points / 2, op->color, op->title);
            else
              tide_draw_list_add_path (self, moved, op->n_points, op->closed, op->color, op->stroke,
                                       op->line_width, op->title);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

guint
tide_draw_list_get_n_ops (TideDrawList *self)
{
  return self->ops->len;
}

const TideDrawOp *
tide_draw_list_get_op (TideDrawList *self,
                       guint         i)
{
  g_return_val_if_fail (i < self->ops->len, NULL);
  return &g_array_index (self->ops, TideDrawOp, i);
}

static void
set_color (cairo_t         *cr,
           const TideColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static void
render_rect (cairo_t          *cr,
             const TideDrawOp *op)
{
  double x, y, w, h;

  set_color (cr, &op->color);
  cairo_rectangle (cr, op->x, op->y, op->w, op->h);
  cairo_fill (cr);
  if (op->stroke.a <= 0)
    return;
  tide_draw_stroke_path (op, &x, &y, &w, &h);
  set_color (cr, &op->stroke);
  cairo_set_line_width (cr, TIDE_DRAW_STROKE_WIDTH);
  cairo_rectangle (cr, x, y, w, h);
  cairo_stroke (cr);
}

static void
render_text (cairo_t          *cr,
             const TideDrawOp *op)
{
  set_color (cr, &op->color);
  /* show_layout_line puts the baseline's left end at the current point */
  cairo_move_to (cr, op->x, op->y);
  pango_cairo_show_layout_line (cr, tide_chart_text_line (cr, op->text, op->h));
}

static void
render_path (cairo_t          *cr,
             const TideDrawOp *op)
{
  gboolean stroke = op->stroke.a > 0 && op->line_width > 0;

  if (op->bars)
    {
      /* boxes on whole pixels (the timeline's are) take cairo's fastest
       * path, one fill for all: a fill per box took half as long again */
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
      for (guint i = 0; i + 1 < op->n_points; i += 2)
        cairo_rectangle (cr, op->points[i].x, op->points[i].y, op->points[i + 1].x - op->points[i].x,
                         op->points[i + 1].y - op->points[i].y);
      set_color (cr, &op->color);
      cairo_fill (cr);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
      return;
    }

  /* A series drawn per pixel column is thousands of segments, many of them
   * tall jumps: with cairo's finest rasterizer (15x17 samples a pixel) one
   * such line took 8 ms at 1920x600, with its 4x4 one a third of that, and
   * at these sizes the two look the same. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_move_to (cr, op->points[0].x, op->points[0].y);
  for (guint i = 1; i < op->n_points; i++)
    cairo_line_to (cr, op->points[i].x, op->points[i].y);
  if (op->closed)
    cairo_close_path (cr);
  if (op->closed && op->color.a > 0)
    {
      set_color (cr, &op->color);
      if (stroke)
        cairo_fill_preserve (cr);
      else
        cairo_fill (cr);
    }
  if (stroke)
    {
      set_color (cr, &op->stroke);
      cairo_set_line_width (cr, op->line_width);
      /* what an SVG renderer draws for stroke-linejoin="round" */
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_stroke (cr);
    }
  cairo_new_path (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
}

void
tide_draw_list_render (TideDrawList *self,
                       cairo_t      *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  set_color (cr, &self->background);
  cairo_rectangle (cr, 0, 0, self->width, self->height);
  cairo_fill (cr);

  for (guint i = 0; i < self->ops->len;)
    {
      const TideDrawOp *op = &g_array_index (self->ops, TideDrawOp, i);
      guint done = tide_bars_image_render (op, self->ops->len - i, cr);

      if (done == 0)
        {
          tide_draw_op_render (op, cr);
          done = 1;
        }
      i += done;
    }
  cairo_restore (cr);
}

TideDrawList *
tide_draw_list_new_pair (TideDrawList *const panes[2],
                         const char   *const titles[2],
                         double              font_px,
                         double              gap,
                         TideColor           background,
                         TideColor           ink)
{
  double header = titles != NULL ? ceil (font_px * 2.2) : 0;
  double height = 0, x = 0;
  TideDrawList *list;

  g_return_val_if_fail (panes != NULL && panes[0] != NULL && panes[1] != NULL, NULL);

  for (guint i = 0; i < 2; i++)
    height = MAX (height, panes[i]->height);
  list = tide_draw_list_new (panes[0]->width + gap + panes[1]->width, header + height, background);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *fitted = titles != NULL && titles[i] != NULL
                                  ? tide_chart_fit_text (titles[i], font_px, panes[i]->width - 12) : NULL;

      if (fitted != NULL)
        tide_draw_list_add_text (list, x + 6, round (header * 0.62), font_px, ink, fitted);
      tide_draw_list_append (list, panes[i], x, header);
      x += panes[i]->width + gap;
    }
  return list;
}

void
tide_draw_op_render (const TideDrawOp *op,
                     cairo_t          *cr)
{
  switch (op->kind)
    {
    case TIDE_DRAW_RECT:
      render_rect (cr, op);
      break;
    case TIDE_DRAW_TEXT:
      render_text (cr, op);
      break;
    case TIDE_DRAW_PATH:
      render_path (cr, op);
      break;
    default:
      g_assert_not_reached ();
    }
}
