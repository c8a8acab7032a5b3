/* tide-draw-list-svg.c: a draw list as a standalone SVG document
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written by hand rather than through cairo's SVG surface, which turns text
 * into glyph outlines: here every box keeps a <title> (the tooltip in a
 * browser) and every label is a real <text>, so it can be searched and
 * copied. Sizes, colours and the font are those of the cairo rendering.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "tide-draw-list-private.h"

/* A number without locale and without trailing zeros: "12", "12.5". */
static void
append_number (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gsize len;

  g_ascii_formatd (buf, sizeof buf, "%.3f", value);
  len = strlen (buf);
  while (len > 0 && buf[len - 1] == '0')
    len--;
  if (len > 0 && buf[len - 1] == '.')
    len--;
  if (len == 2 && buf[0] == '-' && buf[1] == '0')
    len = 1, buf[0] = '0';
  g_string_append_len (out, buf, len);
}

static guint
channel (double c)
{
  return (guint) CLAMP (lround (c * 255), 0, 255);
}

/* fill="#rrggbb" (with fill-opacity when not opaque); @what is "fill" or "stroke" */
static void
append_paint (GString         *out,
              const char      *what,
              const TideColor *c)
{
  g_string_append_printf (out, " %s=\"#%02x%02x%02x\"", what, channel (c->r), channel (c->g), channel (c->b));
  if (c->a < 1)
    {
      g_string_append_printf (out, " %s-opacity=\"", what);
      append_number (out, CLAMP (c->a, 0, 1));
      g_string_append_c (out, '"');
    }
}

/* Character data or attribute text: escaped, and only characters XML 1.0
 * allows (control characters become U+FFFD). */
static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&apos;"); break;
        default:
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff)
            g_string_append (out, "\xef\xbf\xbd");
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
}

static void
append_attr (GString    *out,
             const char *name,
             double      value)
{
  g_string_append_printf (out, " %s=\"", name);
  append_number (out, value);
  g_string_append_c (out, '"');
}

static void
write_rect (GString          *out,
            const TideDrawOp *op)
{
  g_string_append (out, "<rect");
  append_attr (out, "x", op->x);
  append_attr (out, "y", op->y);
  append_attr (out, "width", op->w);
  append_attr (out, "height", op->h);
  append_paint (out, "fill", &op->color);
  if (op->title == NULL)
    g_string_append (out, "/>\n");
  else
    {
      g_string_append (out, "><title>");
      append_escaped (out, op->title);
      g_string_append (out, "</title></rect>\n");
    }

  if (op->stroke.a > 0)
    {
      double x, y, w, h;

      tide_draw_stroke_path (op, &x, &y, &w, &h);
      g_string_append (out, "<rect");
      append_attr (out, "x", x);
      append_attr (out, "y", y);
      append_attr (out, "width", w);
      append_attr (out, "height", h);
      g_string_append (out, " fill=\"none\"");
      append_paint (out, "stroke", &op->stroke);
      append_attr (out, "stroke-width", TIDE_DRAW_STROKE_WIDTH);
      g_string_append (out, " pointer-events=\"none\"/>\n");
    }
}

static void
write_text (GString          *out,
            const TideDrawOp *op)
{
  g_string_append (out, "<text");
  append_attr (out, "x", op->x);
  append_attr (out, "y", op->y);
  append_attr (out, "font-size", op->h);
  append_paint (out, "fill", &op->color);
  g_string_append_c (out, '>');
  append_escaped (out, op->text);
  g_string_append (out, "</text>\n");
}

/* One <path>: "M x y L x y … Z", the same outline cairo fills and strokes. */
static void
write_path (GString          *out,
            const TideDrawOp *op)
{
  gboolean stroke = op->stroke.a > 0 && op->line_width > 0;

  g_string_append (out, "<path d=\"");
  if (op->bars)
    {
      /* each box as "M x0 y0 H x1 V y1 H x0 Z" */
      for (guint i = 0; i + 1 < op->n_points; i += 2)
        {
          g_string_append_c (out, 'M');
          append_number (out, op->points[i].x);
          g_string_append_c (out, ' ');
          append_number (out, op->points[i].y);
          g_string_append_c (out, 'H');
          append_number (out, op->points[i + 1].x);
          g_string_append_c (out, 'V');
          append_number (out, op->points[i + 1].y);
          g_string_append_c (out, 'H');
          append_number (out, op->points[i].x);
          g_string_append_c (out, 'Z');
        }
    }
  else
    g_string_append_c (out, 'M');
  for (guint i = 0; i < op->n_points && !op->bars; i++)
    {
      if (i == 1)
        g_string_append_c (out, 'L');
      else if (i > 1)
        g_string_append_c (out, ' ');
      append_number (out, op->points[i].x);
      g_string_append_c (out, ' ');
      append_number (out, op->points[i].y);
    }
  if (op->closed && !op->bars)
    g_string_append_c (out, 'Z');
  g_string_append_c (out, '"');
  if (op->closed && op->color.a > 0)
    append_paint (out, "fill", &op->color);
  else
    g_string_append (out, " fill=\"none\"");
  if (stroke)
    {
      append_paint (out, "stroke", &op->stroke);
      append_attr (out, "stroke-width", op->line_width);
      g_string_append (out, " stroke-linejoin=\"round\"");
    }
  if (op->title == NULL)
    g_string_append (out, "/>\n");
  else
    {
      g_string_append (out, "><title>");
      append_escaped (out, op->title);
      g_string_append (out, "</title></path>\n");
    }
}

void
tide_draw_list_write_svg (TideDrawList *self,
                          GString      *out)
{
  TideColor background;
  double width, height;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  background = tide_draw_list_get_background (self);
  width = tide_draw_list_get_width (self);
  height = tide_draw_list_get_height (self);

  g_string_append (out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
  append_attr (out, "width", width);
  append_attr (out, "height", height);
  g_string_append (out, " viewBox=\"0 0 ");
  append_number (out, width);
  g_string_append_c (out, ' ');
  append_number (out, height);
  /* labels are drawn above the boxes and must not swallow their tooltips */
  g_string_append (out, "\">\n<style>text { pointer-events: none; }</style>\n<rect x=\"0\" y=\"0\"");
  append_attr (out, "width", width);
  append_attr (out, "height", height);
  append_paint (out, "fill", &background);
  /* xml:space keeps runs of spaces as cairo draws them */
  g_string_append (out, "/>\n<g font-family=\"" TIDE_CHART_FONT_FAMILY "\" xml:space=\"preserve\">\n");

  for (guint i = 0; i < tide_draw_list_get_n_ops (self); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (self, i);

      switch (op->kind)
        {
        case TIDE_DRAW_RECT:
          write_rect (out, op);
          break;
        case TIDE_DRAW_TEXT:
          write_text (out, op);
          break;
        case TIDE_DRAW_PATH:
          write_path (out, op);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_string_append (out, "</g>\n</svg>\n");
}
