/* test-bars-image.c: boxes drawn through one image show the same pixels
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "charts/tide-bars-image.h"
#include "charts/tide-draw-list-private.h"
#include "charts/tide-timeline-painter.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

/* Draws @list op by op, no run of them as one image: the reference. */
static void
render_op_by_op (TideDrawList *list,
                 cairo_t      *cr)
{
  TideColor bg = tide_draw_list_get_background (list);

  cairo_save (cr);
  cairo_set_source_rgba (cr, bg.r, bg.g, bg.b, bg.a);
  cairo_rectangle (cr, 0, 0, tide_draw_list_get_width (list), tide_draw_list_get_height (list));
  cairo_fill (cr);
  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    tide_draw_op_render (tide_draw_list_get_op (list, i), cr);
  cairo_restore (cr);
}

/* @list at @scale, on an image straight or through a recording replayed
 * onto it as GTK replays a chart's, both ways: the same bytes. */
static void
assert_same_pixels (TideDrawList *list,
                    int           scale,
                    gboolean      recorded)
{
  int w = (int) tide_draw_list_get_width (list) * scale, h = (int) tide_draw_list_get_height (list) * scale;
  cairo_surface_t *images[2];

  for (guint way = 0; way < 2; way++)
    {
      cairo_surface_t *target;
      cairo_t *cr;

      images[way] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      target = recorded ? cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL) : cairo_surface_reference (images[way]);
      cr = cairo_create (target);
      if (!recorded)
        cairo_scale (cr, scale, scale);
      if (way == 0)
        tide_draw_list_render (list, cr);
      else
        render_op_by_op (list, cr);
      cairo_destroy (cr);
      if (recorded)
        {
          cr = cairo_create (images[way]);
          cairo_scale (cr, scale, scale);
          cairo_set_source_surface (cr, target, 0, 0);
          cairo_paint (cr);
          cairo_destroy (cr);
        }
      cairo_surface_destroy (target);
      cairo_surface_flush (images[way]);
    }
  g_assert_cmpmem (cairo_image_surface_get_data (images[0]), cairo_image_surface_get_stride (images[0]) * h,
                   cairo_image_surface_get_data (images[1]), cairo_image_surface_get_stride (images[1]) * h);
  cairo_surface_destroy (images[0]);
  cairo_surface_destroy (images[1]);
}

/* Tall columns of opaque boxes in three colours, a run of each shared,
 * as the stacked bands are: worth an image. */
static TideDrawList *
bands_list (void)
{
  TideDrawList *list = tide_draw_list_new (300, 200, (TideColor) { 0.98, 0.98, 0.98, 1 });
  static const TideColor colors[] = { { 0.2, 0.4, 0.8, 1 }, { 0.9, 0.6, 0.1, 1 }, { 0.3, 0.7, 0.35, 1 } };
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  double top[280];

  for (guint c = 0; c < 280; c++)
    top[c] = 195;
  tide_draw_list_add_text (list, 4, 12, 11, (TideColor) { 0, 0, 0, 1 }, "Bands");
  for (guint b = 0; b < 3; b++)
    {
      g_autofree TideDrawPoint *corners = g_new (TideDrawPoint, 2 * 280);

      for (guint c = 0; c < 280; c++)
        {
          double height = g_rand_int_range (rand, 5, 60);

          corners[2 * c] = (TideDrawPoint) { 10 + c, top[c] - height };
          corners[2 * c + 1] = (TideDrawPoint) { 11 + c, top[c] };
          top[c] -= height;
        }
      tide_draw_list_add_bars (list, corners, 280, colors[b], NULL);
    }
  /* a line over them, as the heap's is */
  {
    TideDrawPoint line[] = { { 10, 100 }, { 150, 40 }, { 290, 120 } };

    tide_draw_list_add_path (list, line, 3, FALSE, (TideColor) { 0 }, (TideColor) { 0.1, 0.1, 0.1, 1 }, 1.5, NULL);
  }
  return list;
}

/* The bands go through the image (all three in one), and the picture is
 * the boxes' at scales 1, 2 and 3, straight and recorded. */
static void
test_bands (void)
{
  g_autoptr(TideDrawList) list = bands_list ();
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 200);
  cairo_t *cr = cairo_create (image);

  g_assert_cmpuint (tide_bars_image_render (tide_draw_list_get_op (list, 1), 3, cr), ==, 3);
  /* a text is not a box */
  g_assert_cmpuint (tide_bars_image_render (tide_draw_list_get_op (list, 0), 4, cr), ==, 0);
  /* half a pixel off: the boxes would not land on whole pixels */
  cairo_translate (cr, 0.5, 0);
  g_assert_cmpuint (tide_bars_image_render (tide_draw_list_get_op (list, 1), 3, cr), ==, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (image);

  for (int scale = 1; scale <= 3; scale++)
    {
      assert_same_pixels (list, scale, FALSE);
      assert_same_pixels (list, scale, TRUE);
    }
}

/* A PDF keeps its boxes as boxes. */
static void
test_pdf_keeps_boxes (void)
{
  g_autoptr(TideDrawList) list = bands_list ();
  g_autofree char *dir = g_dir_make_tmp ("tide-bars-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bands.pdf", NULL);
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, 300, 200);
  cairo_t *cr = cairo_create (pdf);

  g_assert_cmpuint (tide_bars_image_render (tide_draw_list_get_op (list, 1), 3, cr), ==, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (pdf);
  g_unlink (path);
  g_rmdir (dir);
}

/* A real stacked timeline, and one with the allocation rate as a ribbon:
 * whichever way each run goes, the pixels are the boxes'. */
static void
test_timelines (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (path, &error);
  const TideTotals *totals;

  g_assert_no_error (error);
  totals = tide_trace_get_totals (trace);
  for (guint view = 0; view < 2; view++)
    {
      TideTimelineSource *source = tide_timeline_source_new (trace, NULL);
      TideTimelineOptions options;
      TideTimelineStyle style;
      TideTimelineRect plot;
      TideTimelineLayout *layout;
      g_autoptr(TideDrawList) list = NULL;
      guint n_bars = 0;

      tide_timeline_options_init (&options);
      tide_timeline_style_init (&style);
      if (view == 0)
        {
          tide_timeline_source_set_stack (source, tide_timeline_stack_new (trace, 6, NULL, NULL));
          options.stacked = TRUE;
        }
      else
        tide_timeline_options_add (&options, TIDE_SERIES_ALLOCATION_RATE);
      tide_timeline_painter_get_plot (&style, source, &options, 900, 400, &plot);
      layout = tide_timeline_layout_new (source, &options, 0, MAX (totals->duration_ms, 1), &plot);
      list = tide_timeline_paint (layout, &style, 900, 400);
      for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
        n_bars += tide_draw_list_get_op (list, i)->bars;
      g_assert_cmpuint (n_bars, >=, view == 0 ? 6 : 1);
      assert_same_pixels (list, 1, FALSE);
      assert_same_pixels (list, 2, FALSE);
      assert_same_pixels (list, 2, TRUE);
      tide_timeline_layout_free (layout);
      tide_timeline_source_unref (source);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/bars-image/bands", test_bands);
  g_test_add_func ("/charts/bars-image/pdf-keeps-boxes", test_pdf_keeps_boxes);
  g_test_add_func ("/charts/bars-image/timelines", test_timelines);
  return g_test_run ();
}
