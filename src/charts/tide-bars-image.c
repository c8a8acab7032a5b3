/* tide-bars-image.c: boxes on whole pixels, drawn through one image
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "tide-bars-image.h"

/* The stacked timeline's bands are thousands of boxes a pixel column wide
 * and hundreds of rows tall: cairo fills each row of each box on its own.
 * What that costs, and what an image of them costs instead, in ns
 * (bench/timeline's stacked views at 1920x600: the bands' boxes 2.7 ms,
 * the same pixels through one image 1.0 ms): */
#define BOX_NS          250.0 /* a box */
#define BOX_ROW_NS        2.0 /* a row of a box */
#define IMAGE_PIXEL_NS    1.0 /* a pixel of the image, composited */
#define WRITTEN_NS        0.5 /* a pixel of a box, written into it */

/* Past this an image is not worth its memory, whatever it saves. */
#define MAX_IMAGE_PIXELS (16 << 20)

static gboolean
is_whole (double v)
{
  return v == floor (v);
}

/* Every corner of @op's boxes on a whole pixel, its bounds into the
 * others: x0, y0 (inclusive), x1, y1 (exclusive). */
static gboolean
add_boxes (const TideDrawOp *op,
           double            bounds[4],
           double           *boxes_ns,
           double           *written)
{
  for (guint i = 0; i + 1 < op->n_points; i += 2)
    {
      const TideDrawPoint *a = &op->points[i], *b = &op->points[i + 1];

      if (!is_whole (a->x) || !is_whole (a->y) || !is_whole (b->x) || !is_whole (b->y))
        return FALSE;
      if (b->x <= a->x || b->y <= a->y)
        continue;
      bounds[0] = MIN (bounds[0], a->x);
      bounds[1] = MIN (bounds[1], a->y);
      bounds[2] = MAX (bounds[2], b->x);
      bounds[3] = MAX (bounds[3], b->y);
      *boxes_ns += BOX_NS + BOX_ROW_NS * (b->y - a->y);
      *written += (b->x - a->x) * (b->y - a->y);
    }
  return TRUE;
}

/* Whether whole pixels of user space land on whole pixels of the
 * picture: a raster target (GTK replays its recordings onto one) at a
 * whole scale and whole offsets. A PDF keeps its boxes. */
static gboolean
rasterizes_whole (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_surface_type_t type = cairo_surface_get_type (target);
  cairo_matrix_t m;
  double ox, oy, sx, sy;

  if (type != CAIRO_SURFACE_TYPE_IMAGE && type != CAIRO_SURFACE_TYPE_RECORDING)
    return FALSE;
  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_surface_get_device_scale (target, &sx, &sy);
  return m.xy == 0 && m.yx == 0 && m.xx == m.yy && m.xx >= 1 && is_whole (m.xx)
         && is_whole (m.x0) && is_whole (m.y0) && is_whole (ox) && is_whole (oy)
         && sx == sy && sx >= 1 && is_whole (sx);
}

/* A colour channel as cairo hands it to pixman: 16 bits, then the top 8. */
static guint32
channel (double v)
{
  return (guint32) ((guint16) (CLAMP (v, 0.0, 1.0) * 65535.0 + 0.5) >> 8);
}

static void
fill_boxes (const TideDrawOp *op,
            guint32          *pixels,
            int               stride,
            int               x0,
            int               y0)
{
  guint32 pixel = 0xff000000u | channel (op->color.r) << 16 | channel (op->color.g) << 8 | channel (op->color.b);

  for (guint i = 0; i + 1 < op->n_points; i += 2)
    {
      int left = (int) op->points[i].x - x0, right = (int) op->points[i + 1].x - x0;
      int top = (int) op->points[i].y - y0, bottom = (int) op->points[i + 1].y - y0;

      for (int y = top; y < bottom; y++)
        {
          guint32 *row = pixels + (gsize) y * stride;

          for (int x = left; x < right; x++)
            row[x] = pixel;
        }
    }
}

guint
tide_bars_image_render (const TideDrawOp *ops,
                        guint             n_ops,
                        cairo_t          *cr)
{
  double bounds[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY };
  double boxes_ns = 0, written = 0, area;
  cairo_surface_t *image;
  guint32 *pixels;
  int x0, y0, width, height, stride;
  guint n = 0;

  while (n < n_ops && ops[n].kind == TIDE_DRAW_PATH && ops[n].bars && ops[n].color.a >= 1
         && add_boxes (&ops[n], bounds, &boxes_ns, &written))
    n++;
  if (n == 0 || bounds[2] <= bounds[0] || bounds[3] <= bounds[1])
    return 0;
  area = (bounds[2] - bounds[0]) * (bounds[3] - bounds[1]);
  if (area > MAX_IMAGE_PIXELS || area * IMAGE_PIXEL_NS + written * WRITTEN_NS >= boxes_ns)
    return 0;
  if (!rasterizes_whole (cr))
    return 0;

  x0 = (int) bounds[0];
  y0 = (int) bounds[1];
  width = (int) (bounds[2] - bounds[0]);
  height = (int) (bounds[3] - bounds[1]);
  /* cleared: what no box covers stays as it was under the image */
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      return 0;
    }
  cairo_surface_flush (image);
  pixels = (guint32 *) (gpointer) cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image) / 4;
  /* in order, each over the ones before, as they would be filled */
  for (guint i = 0; i < n; i++)
    fill_boxes (&ops[i], pixels, stride, x0, y0);
  cairo_surface_mark_dirty (image);

  cairo_save (cr);
  cairo_set_source_surface (cr, image, x0, y0);
  /* at a scale of 2 or more, each pixel a block, as the boxes would be */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, x0, y0, width, height);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);
  return n;
}
