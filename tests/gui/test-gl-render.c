/* test-gl-render.c: the GL path draws real charts as the cairo path does
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real layouts of the traces in tests/data (a flame graph, a treemap, a
 * stacked timeline) go through both renderers: cairo into an image, the GL
 * renderer into an offscreen framebuffer of a GDK GL context (Mesa's
 * llvmpipe under Xvfb), read back. Outside the glyphs, which both paths
 * take from cairo, at least 99% of the pixels must agree within 8/255, and
 * every box nothing else covers must have its exact colour in both.
 * Without GL (no display, no driver) the tests skip.
 */
#include "config.h"

#include <epoxy/gl.h>
#include <adwaita.h>
#include <math.h>

#include "app/widgets/tide-chart-area.h"
#include "app/widgets/tide-flame-graph.h"
#include "charts/tide-flame-painter.h"
#include "charts/tide-timeline-painter.h"
#include "charts/tide-treemap-painter.h"
#include "core/analysis/tide-size-classes.h"
#include "render/tide-gl-path.h"
#include "render/tide-gl-renderer.h"
#include "render/tide-gl-target.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

static const TideFlameOptions top_down = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, FALSE };

static GdkGLContext *gl_context;
static char *gl_unavailable; /* why, when there is no context */

/* A GL context of the display, as the window's GtkGLArea gets one. */
static void
setup_gl (void)
{
  g_autoptr(GError) error = NULL;
  GdkDisplay *display;

  if (!gtk_init_check ())
    {
      gl_unavailable = g_strdup ("no display");
      return;
    }
  adw_init ();
  display = gdk_display_get_default ();
  gl_context = gdk_display_create_gl_context (display, &error);
  if (gl_context != NULL && !gdk_gl_context_realize (gl_context, &error))
    g_clear_object (&gl_context);
  if (gl_context == NULL)
    {
      gl_unavailable = g_strdup_printf ("no OpenGL: %s", error->message);
      return;
    }
  gdk_gl_context_make_current (gl_context);
  g_test_message ("GL: %s, %s", (const char *) glGetString (GL_RENDERER), (const char *) glGetString (GL_VERSION));
}

static gboolean
need_gl (void)
{
  if (gl_context != NULL)
    return TRUE;
  g_test_skip (gl_unavailable);
  return FALSE;
}

static cairo_surface_t *
render_cairo (TideDrawList *list,
              double        scale)
{
  int w = (int) ceil (tide_draw_list_get_width (list) * scale);
  int h = (int) ceil (tide_draw_list_get_height (list) * scale);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (image);

  cairo_scale (cr, scale, scale);
  tide_draw_list_render (list, cr);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  return image;
}

static cairo_surface_t *
render_gl (TideDrawList *list,
           double        scale,
           guint        *n_draw_calls)
{
  int w = (int) ceil (tide_draw_list_get_width (list) * scale);
  int h = (int) ceil (tide_draw_list_get_height (list) * scale);
  g_autoptr(GError) error = NULL;
  g_autoptr(TideGlRenderer) renderer = tide_gl_renderer_new (&error);
  g_autoptr(TideGlTarget) target = NULL;

  g_assert_no_error (error);
  target = tide_gl_target_new (w, h, &error);
  g_assert_no_error (error);
  tide_gl_target_bind (target);
  tide_gl_renderer_upload (renderer, list, scale);
  tide_gl_renderer_draw (renderer, w, h);
  *n_draw_calls = tide_gl_renderer_get_n_draw_calls (renderer);
  return tide_gl_target_read (target);
}

/* Where some glyph has ink (from cairo alone, the same in both paths),
 * grown by a pixel: one byte per pixel. */
static guint8 *
text_mask (TideDrawList *list,
           double        scale,
           int           w,
           int           h)
{
  cairo_surface_t *image;
  cairo_t *cr;
  guint8 *mask = g_new0 (guint8, (gsize) w * h);
  int stride;
  const guint8 *data;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (image);
  cairo_scale (cr, scale, scale);
  {
    g_autoptr(TideDrawList) text = tide_draw_list_new (tide_draw_list_get_width (list),
                                                       tide_draw_list_get_height (list),
                                                       (TideColor) { 0, 0, 0, 0 });

    for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
      {
        const TideDrawOp *op = tide_draw_list_get_op (list, i);

        if (op->kind == TIDE_DRAW_TEXT)
          tide_draw_list_add_text (text, op->x, op->y, op->h, (TideColor) { 0, 0, 0, 1 }, op->text);
      }
    tide_draw_list_render (text, cr);
  }
  cairo_destroy (cr);
  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (((const guint32 *) (gconstpointer) (data + (gsize) y * stride))[x] >> 24 != 0)
        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            if (x + dx >= 0 && x + dx < w && y + dy >= 0 && y + dy < h)
              mask[(gsize) (y + dy) * w + x + dx] = 1;
  cairo_surface_destroy (image);
  return mask;
}

/* Whether an op recorded after op @i may paint (@px, @py), in list units. */
static gboolean
covered_later (TideDrawList *list,
               guint         i,
               double        px,
               double        py)
{
  for (guint j = i + 1; j < tide_draw_list_get_n_ops (list); j++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, j);
      double pad = op->kind == TIDE_DRAW_PATH ? op->line_width / 2 + 1 : 0;

      if (op->kind == TIDE_DRAW_TEXT)
        continue; /* the text mask takes care of glyphs */
      if (px + 1 > op->x - pad && px - 1 < op->x + op->w + pad && py + 1 > op->y - pad
          && py - 1 < op->y + op->h + pad)
        return TRUE;
    }
  return FALSE;
}

static guint32
pixel (cairo_surface_t *image,
       int              x,
       int              y)
{
  const guint8 *row = cairo_image_surface_get_data (image) + (gsize) y * cairo_image_surface_get_stride (image);

  return ((const guint32 *) (gconstpointer) row)[x] & 0xffffff;
}

/* Renders @list both ways at @scale and checks they agree; returns how many
 * boxes were checked for their exact colour. */
static guint compare_images (TideDrawList    *list,
                             double           scale,
                             cairo_surface_t *ours,
                             cairo_surface_t *gl,
                             guint            n_calls,
                             const char      *label);

static guint
compare (TideDrawList *list,
         double        scale,
         const char   *label)
{
  guint n_calls = 0;
  cairo_surface_t *ours = render_cairo (list, scale);
  cairo_surface_t *gl = render_gl (list, scale, &n_calls);

  return compare_images (list, scale, ours, gl, n_calls, label);
}

/* Takes both images. */
static guint
compare_images (TideDrawList    *list,
                double           scale,
                cairo_surface_t *ours,
                cairo_surface_t *gl,
                guint            n_calls,
                const char      *label)
{
  int w = cairo_image_surface_get_width (ours), h = cairo_image_surface_get_height (ours);
  g_autofree guint8 *mask = text_mask (list, scale, w, h);
  guint64 outside = 0, close = 0, worst = 0, n_rects = 0;
  guint checked = 0;

  g_assert_cmpint (cairo_image_surface_get_width (gl), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (gl), ==, h);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 a = pixel (ours, x, y), b = pixel (gl, x, y);
        guint64 diff = 0;

        if (mask[(gsize) y * w + x])
          continue;
        outside++;
        for (int shift = 0; shift < 24; shift += 8)
          diff = MAX (diff, (guint64) ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)));
        worst = MAX (worst, diff);
        if (diff <= 8)
          close++;
      }

  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);
      double cx = op->x + op->w / 2, cy = op->y + op->h / 2;
      int px = (int) floor (cx * scale), py = (int) floor (cy * scale);

      if (op->kind != TIDE_DRAW_RECT)
        continue;
      n_rects++;
      if (op->w < 3 || op->h < 3 || op->color.a < 1 || mask[(gsize) py * w + px] || covered_later (list, i, cx, cy))
        continue;
      g_assert_cmphex (pixel (ours, px, py), ==, tide_chart_test_rgb (&op->color));
      g_assert_cmphex (pixel (gl, px, py), ==, tide_chart_test_rgb (&op->color));
      checked++;
    }

  g_test_message ("%s at %gx: %dx%d px, %" G_GUINT64_FORMAT " rects in %u GL draw calls; "
                  "%.3f%% of %" G_GUINT64_FORMAT " pixels off the glyphs within 8/255 (worst %" G_GUINT64_FORMAT "), "
                  "%u box centres exact",
                  label, scale, w, h, n_rects, n_calls, 100.0 * close / MAX (outside, 1), outside, worst, checked);
  if (g_getenv ("TIDE_GL_DUMP") != NULL)
    {
      g_autofree char *a = g_strdup_printf ("%s/%s-cairo.png", g_getenv ("TIDE_GL_DUMP"), label);
      g_autofree char *b = g_strdup_printf ("%s/%s-gl.png", g_getenv ("TIDE_GL_DUMP"), label);

      cairo_surface_write_to_png (ours, a);
      cairo_surface_write_to_png (gl, b);
    }
  /* the glyphs cover a part of the picture, not most of it */
  g_assert_cmpuint (outside, >, (guint64) w * h / 2);
  g_assert_cmpfloat ((double) close / outside, >=, 0.99);
  cairo_surface_destroy (ours);
  cairo_surface_destroy (gl);
  return checked;
}

static void
test_flame (void)
{
  g_autoptr(TideFlameTree) tree = NULL;
  g_autoptr(TideFlameLayout) layout = NULL;
  TideFlameStyle style;

  if (!need_gl ())
    return;

  tree = tide_chart_test_tree ("ht_cxx.zst", &top_down);
  layout = tide_flame_layout_new (tree, TIDE_METRIC_PEAK, 0, 1200);
  for (guint variant = 0; variant < 3; variant++)
    {
      g_autoptr(TideDrawList) list = NULL;

      tide_flame_style_init (&style);
      style.skip_titles = TRUE;
      /* dark, with a hovered box: outlines over fills */
      style.dark = variant >= 1;
      style.hover_node = variant >= 1 ? tide_chart_test_find_node (tree, "main") : TIDE_FLAME_NO_NODE;
      list = tide_flame_paint (layout, &style, 1200, tide_flame_painter_get_height (layout, &style));
      /* variant 2 on a HiDPI screen: twice the pixels, the same agreement */
      g_assert_cmpuint (compare (list, variant == 2 ? 2 : 1, variant == 0 ? "flame" : variant == 1 ? "flame-dark-hover"
                                                                                              : "flame-2x"),
                        >=, 10);
    }
}

static void
test_treemap (void)
{
  g_autoptr(TideTrace) trace = NULL;
  g_autofree guint64 *peak = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(TideTreemapLayout) layout = NULL;
  g_autoptr(TideDrawList) list = NULL;
  TideTreemapStyle style;
  TideTreemapOptions options;
  TideRect plot;

  if (!need_gl ())
    return;

  trace = tide_chart_test_trace ("ht_python.zst");
  peak = tide_size_classes_blocks_at_peak (trace);
  classes = tide_size_classes_compute (trace, TIDE_SIZE_CLASSES_PYMALLOC, peak);
  tide_treemap_style_init (&style);
  style.skip_titles = TRUE;
  tide_treemap_options_init (&options);
  tide_treemap_painter_init_options (&style, &options);
  tide_treemap_painter_get_plot (&style, 1000, 700, &plot);
  layout = tide_treemap_layout_new (trace, TIDE_SIZE_CLASSES_PYMALLOC, classes, &options, plot);
  list = tide_treemap_paint (layout, &style, 1000, 700);
  g_assert_cmpuint (compare (list, 1, "treemap"), >=, 10);
}

/* The whole run of tests/data/@name as the timeline page paints it, in
 * @width x @height: the series in @options, the heap split by @stacked
 * sites (0: not). */
static TideDrawList *
paint_timeline (const char          *name,
                TideTimelineOptions *options,
                guint                stacked,
                double               width,
                double               height)
{
  g_autofree char *path = tide_test_data_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (path, &error);
  g_autoptr(TideTimelineSource) source = NULL;
  g_autoptr(TideTimelineLayout) layout = NULL;
  TideTimelineStyle style;
  TideTimelineRect plot;

  g_assert_no_error (error);
  source = tide_timeline_source_new (trace, NULL);
  if (stacked > 0)
    tide_timeline_source_set_stack (source, tide_timeline_stack_new (trace, stacked, NULL, NULL));
  options->stacked = stacked > 0;
  tide_timeline_style_init (&style);
  tide_timeline_painter_get_plot (&style, source, options, width, height, &plot);
  layout = tide_timeline_layout_new (source, options, 0, MAX (tide_trace_get_totals (trace)->duration_ms, 1), &plot);
  return tide_timeline_paint (layout, &style, width, height);
}

static void
test_timeline (void)
{
  g_autoptr(TideDrawList) list = NULL;
  TideTimelineOptions options;
  guint n_paths = 0;

  if (!need_gl ())
    return;

  tide_timeline_options_init (&options);
  list = paint_timeline ("ht_cxx.zst", &options, 6, 1200, 500);
  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    n_paths += tide_draw_list_get_op (list, i)->kind == TIDE_DRAW_PATH;
  /* stacked bands and series lines: the paths really are drawn */
  g_assert_cmpuint (n_paths, >=, 2);
  compare (list, 1, "timeline");
}

/* A busy series filled as boxes (the allocation rate in a narrow plot):
 * the GL path draws them as rectangles, where cairo fills them as one path. */
static void
test_timeline_ribbon (void)
{
  g_autoptr(TideDrawList) list = NULL;
  TideTimelineOptions options;
  guint n_bars = 0;

  if (!need_gl ())
    return;

  tide_timeline_options_init (&options);
  tide_timeline_options_add (&options, TIDE_SERIES_ALLOCATION_RATE);
  list = paint_timeline ("ht_python.zst", &options, 0, 400, 300);
  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    n_bars += tide_draw_list_get_op (list, i)->bars;
  g_assert_cmpuint (n_bars, ==, 1);
  compare (list, 1, "timeline ribbon");
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* The widget as its snapshot() draws it, rendered by its window's renderer,
 * once a few frames have been drawn. */
static cairo_surface_t *
render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint frames = 0, id;
  int w, h;
  cairo_surface_t *image;

  id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);
  while (frames < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  gtk_widget_remove_tick_callback (widget, id);
  g_assert_cmpuint (frames, >=, 3);

  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  gdk_texture_download (texture, cairo_image_surface_get_data (image), cairo_image_surface_get_stride (image));
  cairo_surface_mark_dirty (image);
  return image;
}

/* The flame graph widget in a window: TIDEMARK_RENDERER=gl draws it
 * through its GL child, and what shows is the cairo rendering of its draw
 * list; =cairo adds no GL child; unset, GL is used unless the GL of the
 * display rasterises on the CPU (llvmpipe under Xvfb), where cairo is
 * faster. The widget draws the same in every mode. */
static void
test_widget (void)
{
  const char *modes[] = { "gl", "cairo", NULL };
  g_autoptr(TideFlameTree) tree = NULL;
  gboolean software;

  if (!need_gl ())
    return;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TideGlRenderer) probe = NULL;

    gdk_gl_context_make_current (gl_context);
    probe = tide_gl_renderer_new (&error);
    g_assert_no_error (error);
    software = tide_gl_renderer_is_software (probe);
  }

  tree = tide_chart_test_tree ("ht_cxx.zst", &top_down);
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      GtkWidget *window = gtk_window_new ();
      GtkWidget *graph;
      GtkWidget *child;
      g_autoptr(TideDrawList) list = NULL;
      cairo_surface_t *shown, *ours;
      g_autofree char *label = g_strdup_printf ("widget-%s", modes[m] != NULL ? modes[m] : "auto");
      gboolean gl;

      if (modes[m] != NULL)
        g_setenv ("TIDEMARK_RENDERER", modes[m], TRUE);
      else
        g_unsetenv ("TIDEMARK_RENDERER");
      /* the widget reads the variable when it is made */
      graph = tide_flame_graph_new ();
      tide_flame_graph_set_tree (TIDE_FLAME_GRAPH (graph), tree);
      gtk_window_set_default_size (GTK_WINDOW (window), 1000, 300);
      gtk_window_set_child (GTK_WINDOW (window), graph);
      gtk_window_present (GTK_WINDOW (window));
      shown = render_widget (graph);

      child = gtk_widget_get_first_child (graph);
      gl = child != NULL && TIDE_IS_CHART_AREA (child) && tide_chart_area_is_usable (TIDE_CHART_AREA (child));
      if (m == 0)
        g_assert_true (gl);
      else if (m == 1)
        g_assert_null (child);
      else
        g_assert_true (gl == !software);

      gdk_gl_context_make_current (gl_context);
      list = tide_flame_graph_paint (TIDE_FLAME_GRAPH (graph), gtk_widget_get_height (graph));
      g_assert_cmpint (cairo_image_surface_get_width (shown), ==, (int) tide_draw_list_get_width (list));
      g_assert_cmpint (cairo_image_surface_get_height (shown), ==, (int) tide_draw_list_get_height (list));
      ours = render_cairo (list, 1);
      g_assert_cmpuint (compare_images (list, 1, ours, shown, 0, label), >=, 10);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  g_unsetenv ("TIDEMARK_RENDERER");
}

/* The fill's strips sum to the polygon's area (signed, as a winding
 * count sees them); a straight stroke covers its length times its width. */
static void
test_path_triangles (void)
{
  /* an L-shaped, concave hexagon of area 3 */
  static const TideDrawPoint ell[] = { { 0, 0 }, { 2, 0 }, { 2, 1 }, { 1, 1 }, { 1, 2 }, { 0, 2 } };
  static const TideDrawPoint line[] = { { 0, 0 }, { 10, 0 } };
  g_autoptr(GArray) tris = g_array_new (FALSE, FALSE, sizeof (float));
  double area = 0;

  tide_gl_path_fill_triangles (ell, G_N_ELEMENTS (ell), tris);
  /* two triangles for each of the three horizontal edges, none for the vertical ones */
  g_assert_cmpuint (tris->len, ==, 6 * 6);
  for (guint t = 0; t < tris->len; t += 6)
    {
      const float *v = &g_array_index (tris, float, t);

      area += ((v[2] - v[0]) * (v[5] - v[1]) - (v[4] - v[0]) * (v[3] - v[1])) / 2;
    }
  g_assert_cmpfloat_with_epsilon (area, 3, 1e-6);

  g_array_set_size (tris, 0);
  tide_gl_path_stroke_triangles (line, 2, FALSE, 2, tris);
  /* one quad, no joins on an open line of one segment */
  g_assert_cmpuint (tris->len, ==, 2 * 6);
  area = 0;
  for (guint t = 0; t < tris->len; t += 6)
    {
      const float *v = &g_array_index (tris, float, t);

      area += fabs ((v[2] - v[0]) * (v[5] - v[1]) - (v[4] - v[0]) * (v[3] - v[1])) / 2;
    }
  g_assert_cmpfloat_with_epsilon (area, 20, 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  setup_gl ();

  g_test_add_func ("/render/gl/path-triangles", test_path_triangles);
  g_test_add_func ("/render/gl/flame", test_flame);
  g_test_add_func ("/render/gl/treemap", test_treemap);
  g_test_add_func ("/render/gl/timeline", test_timeline);
  g_test_add_func ("/render/gl/timeline-ribbon", test_timeline_ribbon);
  g_test_add_func ("/render/gl/widget", test_widget);

  status = g_test_run ();
  g_clear_object (&gl_context);
  g_free (gl_unavailable);
  return status;
}
