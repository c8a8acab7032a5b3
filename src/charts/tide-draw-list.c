/* tide-draw-list.c: what a chart draws, recorded once, rendered anywhere
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-chart-text-private.h"
#include "tide-draw-list-private.h"

struct _TideDrawList
{
  double        width;
  double        height;
  TideColor     background;
  GArray       *ops;     /* TideDrawOp */
  GStringChunk *strings; /* texts and titles: one allocation per many */
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
  return self;
}

void
tide_draw_list_free (TideDrawList *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->ops);
  g_string_chunk_free (self->strings);
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

  for (guint i = 0; i < self->ops->len; i++)
    {
      const TideDrawOp *op = &g_array_index (self->ops, TideDrawOp, i);

      switch (op->kind)
        {
        case TIDE_DRAW_RECT:
          render_rect (cr, op);
          break;
        case TIDE_DRAW_TEXT:
          render_text (cr, op);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  cairo_restore (cr);
}
