/* gl.c: frame times of the GL path against the cairo path
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gl [--runs N] [--width W] [--height H] [TRACE]
 *
 * Needs a display with OpenGL (run it under xvfb-run for Mesa's llvmpipe).
 * Two parts, each the median of N frames after one warm-up frame:
 *
 * - synthetic: 10 000, 100 000 and 1 000 000 visible, opaque boxes tiling
 *   a W x H picture (fractional sizes, so their edges antialias), each
 *   drawn by cairo onto a W x H ARGB32 image and by the GL renderer into a
 *   W x H offscreen framebuffer: upload + draw + glFinish (a new picture),
 *   and draw + glFinish alone (the same picture again);
 * - the charts of TRACE (default bench/out/ht_pybig.zst, recorded by
 *   bench/run): the flame graph (whole and zoomed), the Sizes treemap and
 *   the timeline stacked by its top sites (whole run and 10 ms around the
 *   peak), painted as the window paints them, drawn both ways.
 *
 * Prints a Markdown report.
 */
#include "config.h"

#include <epoxy/gl.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "charts/tide-flame-painter.h"
#include "charts/tide-timeline-painter.h"
#include "charts/tide-treemap-painter.h"
#include "core/analysis/tide-size-classes.h"
#include "core/tide-trace-loader.h"
#include "render/tide-gl-renderer.h"
#include "render/tide-gl-target.h"

#define STACKED_SITES 8
#define DEEP_ZOOM_MS  10.0

typedef struct
{
  guint  runs;
  int    width;
  int    height;
  char  *trace;
} Options;

typedef struct
{
  double cairo;     /* render onto an image */
  double gl_new;    /* upload + draw + finish */
  double gl_again;  /* draw + finish */
  guint  n_ops;
  guint  n_calls;   /* GL draw calls per frame */
} Frame;

/* ------------------------------------------------------------ timing -- */

static Frame
time_list (const Options  *o,
           TideDrawList   *list,
           TideGlRenderer *renderer,
           TideGlTarget   *target)
{
  g_autofree double *t = g_new0 (double, 3 * (o->runs + 1));
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, o->width, o->height);
  Frame f = { 0 };

  tide_gl_target_bind (target);
  for (guint run = 0; run <= o->runs; run++)
    {
      double t0, t1, t2, t3;
      cairo_t *cr = cairo_create (image);

      t0 = bench_now_ms ();
      tide_draw_list_render (list, cr);
      cairo_surface_flush (image);
      t1 = bench_now_ms ();
      cairo_destroy (cr);

      tide_gl_renderer_upload (renderer, list, 1);
      tide_gl_renderer_draw (renderer, o->width, o->height);
      glFinish ();
      t2 = bench_now_ms ();
      tide_gl_renderer_draw (renderer, o->width, o->height);
      glFinish ();
      t3 = bench_now_ms ();

      /* the first run warms up: fonts, shaders, buffers */
      if (run == 0)
        continue;
      t[3 * (run - 1)] = t1 - t0;
      t[3 * (run - 1) + 1] = t2 - t1;
      t[3 * (run - 1) + 2] = t3 - t2;
    }
  f.cairo = bench_median_of (t, 0, 3, o->runs);
  f.gl_new = bench_median_of (t, 1, 3, o->runs);
  f.gl_again = bench_median_of (t, 2, 3, o->runs);
  f.n_ops = tide_draw_list_get_n_ops (list);
  f.n_calls = tide_gl_renderer_get_n_draw_calls (renderer);
  cairo_surface_destroy (image);
  return f;
}

/* ------------------------------------------------------- the pictures -- */

/* @n boxes tiling W x H in a grid of cells as square as may be, each a
 * colour of its own as flame boxes are, a 1/4 px gap right and below. */
static TideDrawList *
synthetic (const Options *o,
           guint          n)
{
  TideDrawList *list = tide_draw_list_new (o->width, o->height, (TideColor) { 1, 1, 1, 1 });
  guint cols = (guint) ceil (sqrt ((double) n * o->width / o->height));
  guint rows = (n + cols - 1) / cols;
  double cw = (double) o->width / cols, ch = (double) o->height / rows;
  TideColor none = { 0, 0, 0, 0 };

  for (guint i = 0; i < n; i++)
    {
      guint c = i % cols, r = i / cols;
      guint32 h = g_int_hash (&i) * 2654435761u;
      TideColor fill = { 0.5 + (h & 0xff) / 510.0, 0.3 + ((h >> 8) & 0xff) / 640.0, 0.2 + ((h >> 16) & 0xff) / 1275.0, 1 };

      tide_draw_list_add_rect (list, c * cw, r * ch, cw * 0.75, ch * 0.75 + 0.25 * (ch < 2), fill, none, NULL);
    }
  return list;
}

static void
print_row (const char  *what,
           const Frame *f)
{
  g_print ("| %s | %u | %u | %.2f ms | %.2f ms | %.2f ms | %.1fx |\n", what, f->n_ops, f->n_calls, f->cairo,
           f->gl_new, f->gl_again, f->cairo / f->gl_new);
}

static TideTrace *
load (const char  *path,
      double      *ms)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  double t0 = bench_now_ms ();
  TideTrace *trace = tide_trace_load_file (file, NULL, &error);

  *ms = bench_now_ms () - t0;
  if (trace == NULL)
    g_printerr ("gl: %s: %s\n", path, error->message);
  return trace;
}

static TideDrawList *
flame (const Options *o,
       TideTrace     *trace,
       gboolean       zoomed,
       guint         *n_boxes)
{
  const TideFlameOptions top_down = { TIDE_FLAME_TOP_DOWN, TIDE_FLAME_MERGE_FUNCTION, FALSE };
  g_autoptr(TideFlameTree) tree = tide_flame_tree_new (trace, &top_down);
  guint32 zoom = 0;
  g_autoptr(TideFlameLayout) layout = NULL;
  TideFlameStyle style;

  /* zoomed: into the heaviest child of the root's heaviest child */
  for (guint depth = 0; zoomed && depth < 2; depth++)
    {
      const TideFlameNode *n = tide_flame_tree_get_node (tree, zoom);
      guint32 best = TIDE_FLAME_NO_NODE;

      for (guint32 c = n->first_child; c != TIDE_FLAME_NO_NODE; c = tide_flame_tree_get_node (tree, c)->next_sibling)
        if (best == TIDE_FLAME_NO_NODE
            || tide_flame_tree_get_node (tree, c)->total.peak_bytes > tide_flame_tree_get_node (tree, best)->total.peak_bytes)
          best = c;
      if (best != TIDE_FLAME_NO_NODE)
        zoom = best;
    }
  layout = tide_flame_layout_new (tree, TIDE_METRIC_PEAK, zoom, o->width);
  tide_flame_style_init (&style);
  style.skip_titles = TRUE;
  *n_boxes = tide_flame_layout_get_n_rects (layout);
  return tide_flame_paint (layout, &style, o->width, o->height);
}

static TideDrawList *
treemap (const Options *o,
         TideTrace     *trace)
{
  g_autofree guint64 *peak = tide_size_classes_blocks_at_peak (trace);
  g_autoptr(GPtrArray) classes = tide_size_classes_compute (trace, TIDE_SIZE_CLASSES_PYMALLOC, peak);
  g_autoptr(TideTreemapLayout) layout = NULL;
  TideTreemapStyle style;
  TideTreemapOptions options;
  TideRect plot;

  tide_treemap_style_init (&style);
  style.skip_titles = TRUE;
  tide_treemap_options_init (&options);
  tide_treemap_painter_init_options (&style, &options);
  tide_treemap_painter_get_plot (&style, o->width, o->height, &plot);
  layout = tide_treemap_layout_new (trace, TIDE_SIZE_CLASSES_PYMALLOC, classes, &options, plot);
  return tide_treemap_paint (layout, &style, o->width, o->height);
}

static TideDrawList *
timeline (const Options      *o,
          TideTrace          *trace,
          TideTimelineSource *source,
          gboolean            deep)
{
  const TideTotals *totals = tide_trace_get_totals (trace);
  g_autoptr(TideTimelineLayout) layout = NULL;
  TideTimelineOptions options;
  TideTimelineStyle style;
  TideTimelineRect plot;
  double t0 = 0, t1 = MAX (totals->duration_ms, 1);

  if (deep)
    {
      t0 = MAX ((double) totals->peak_time_ms - DEEP_ZOOM_MS / 2, 0);
      t1 = t0 + DEEP_ZOOM_MS;
    }
  tide_timeline_options_init (&options);
  options.stacked = TRUE;
  tide_timeline_style_init (&style);
  tide_timeline_painter_get_plot (&style, source, &options, o->width, o->height, &plot);
  layout = tide_timeline_layout_new (source, &options, t0, t1, &plot);
  return tide_timeline_paint (layout, &style, o->width, o->height);
}

/* -------------------------------------------------------------- main -- */

static gboolean
parse_options (int      *argc,
               char   ***argv,
               Options  *o)
{
  int runs = 7, width = 1920, height = 1080;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed frames per picture (default 7)", "N" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Picture width (default 1920)", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Picture height (default 1080)", "H" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[TRACE]");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error) || runs < 1 || width < 16 || height < 16)
    {
      g_printerr ("gl: %s\n", error != NULL ? error->message : "bad --runs, --width or --height");
      return FALSE;
    }
  o->runs = runs;
  o->width = width;
  o->height = height;
  o->trace = g_strdup (*argc > 1 ? (*argv)[1] : "bench/out/ht_pybig.zst");
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  static const guint counts[] = { 10000, 100000, 1000000 };
  Options o;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(TideGlRenderer) renderer = NULL;
  g_autoptr(TideGlTarget) target = NULL;
  g_autoptr(TideTrace) trace = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
  g_autofree char *cpu = bench_cpu_model ();
  double load_ms = 0;

  if (!parse_options (&argc, &argv, &o))
    return 2;
  if (!gtk_init_check ())
    {
      g_printerr ("gl: no display (run it under xvfb-run)\n");
      return 1;
    }
  context = gdk_display_create_gl_context (gdk_display_get_default (), &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_printerr ("gl: no OpenGL: %s\n", error->message);
      return 1;
    }
  gdk_gl_context_make_current (context);
  if ((renderer = tide_gl_renderer_new (&error)) == NULL
      || (target = tide_gl_target_new (o.width, o.height, &error)) == NULL)
    {
      g_printerr ("gl: %s\n", error->message);
      return 1;
    }

  g_print ("# Tidemark GL renderer benchmark results\n\n");
  g_print ("Produced by `bench/gl --runs %u` on %s. See [README.md](README.md#gl-renderer-benchmark).\n\n",
           o.runs, stamp);
  g_print ("## Machine\n\n- CPU: %s, %u threads\n- OpenGL: %s, %s (%s)\n- picture: %dx%d\n\n", cpu,
           g_get_num_processors (), (const char *) glGetString (GL_RENDERER), (const char *) glGetString (GL_VERSION),
           (const char *) glGetString (GL_VENDOR), o.width, o.height);

  g_print ("## Visible boxes\n\nMedians of %u frames after one warm-up frame. cairo: `tide_draw_list_render` "
           "onto an ARGB32 image; GL new: upload + draw + glFinish; GL again: draw + glFinish of what was "
           "uploaded.\n\n", o.runs);
  g_print ("| picture | ops | GL draw calls | cairo | GL new | GL again | cairo / GL new |\n|---|---|---|---|---|---|---|\n");
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(TideDrawList) list = synthetic (&o, counts[i]);
      g_autofree char *what = g_strdup_printf ("%u boxes", counts[i]);
      Frame f = time_list (&o, list, renderer, target);

      print_row (what, &f);
    }

  trace = g_file_test (o.trace, G_FILE_TEST_EXISTS) ? load (o.trace, &load_ms) : NULL;
  if (trace == NULL)
    {
      g_print ("\n`%s` is missing: run `bench/run` once to record it for the charts' figures.\n", o.trace);
      return 0;
    }

  g_print ("\n## The charts of a large trace\n\n`%s`: %" G_GUINT64_FORMAT " allocations, loaded in %.0f ms. "
           "Painted as the window paints them (no tooltips), at %dx%d.\n\n",
           o.trace, tide_trace_get_totals (trace)->cost.allocations, load_ms, o.width, o.height);
  g_print ("| chart | ops | GL draw calls | cairo | GL new | GL again | cairo / GL new |\n|---|---|---|---|---|---|---|\n");
  {
    g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace, NULL);
    TideDrawList *lists[5];
    const char *names[5] = { "flame graph, whole", "flame graph, zoomed two levels in", "Sizes treemap (pymalloc classes)",
                             "timeline stacked by 8 sites, whole run", "timeline stacked by 8 sites, 10 ms at the peak" };
    guint n_boxes[2];

    tide_timeline_source_set_stack (source, tide_timeline_stack_new (trace, STACKED_SITES, NULL, NULL));
    lists[0] = flame (&o, trace, FALSE, &n_boxes[0]);
    lists[1] = flame (&o, trace, TRUE, &n_boxes[1]);
    lists[2] = treemap (&o, trace);
    lists[3] = timeline (&o, trace, source, FALSE);
    lists[4] = timeline (&o, trace, source, TRUE);
    for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
      {
        Frame f = time_list (&o, lists[i], renderer, target);

        print_row (names[i], &f);
        tide_draw_list_free (lists[i]);
      }
  }

  g_free (o.trace);
  return 0;
}
