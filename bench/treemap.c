/* treemap.c: how long the size-class treemap takes to lay out, paint and draw
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   treemap [--runs N] [--width W] [--height H] [--leaves N] [TRACE]
 *
 * Two inputs. Synthetic: --leaves sites (default 1000000) with made-up
 * byte counts, a few very large and a long tail of small ones, spread over
 * 40 size classes, the larger classes having more sites; the target is
 * about the layout of that many leaves. Real: TRACE (default
 * bench/out/ht_pybig.zst, recorded by bench/run) at its peak, in its
 * default scheme; the target is about one redraw of it. The median of N
 * runs (after one warm-up, which loads the fonts) of: computing the size
 * classes, the layout, the paint (draw list), the cairo render onto a
 * W x H image, and the histogram's redraw. Prints a Markdown report.
 */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <pango/pango.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "charts/tide-histogram-painter.h"
#include "charts/tide-treemap-painter.h"
#include "core/tide-trace-loader.h"

#define SYNTHETIC_CLASSES 40
#define HITS              2000

typedef struct
{
  guint  runs;
  int    width;
  int    height;
  guint  leaves;
  char  *trace;
} Options;

typedef struct
{
  /* synthetic */
  double synth_layout;     /* the target's number */
  double synth_unsorted;   /* the same sites in no order: a sort first */
  double synth_grid;       /* first hit: the grid is built */
  double synth_hit_us;     /* one hit after that, in microseconds */
  double synth_redraw;     /* paint + render of that layout */
  guint  synth_ops;
  /* real */
  double classes;          /* tide_size_classes_compute at the peak */
  double layout;
  double paint, render, redraw;
  double resize;           /* layout + paint + render: what a new size costs */
  double cold_redraw;      /* on a fresh thread: no label measured yet */
  double export_paint;     /* with a tooltip per box */
  double histogram;        /* layout + paint + render */
  double first_redraw;
  guint  n_classes, n_sites, n_ops, n_labels, n_boxes;
} Figures;

/* --------------------------------------------------------- synthetic -- */

static void
size_class_free (gpointer data)
{
  TideSizeClass *c = data;

  g_array_unref (c->sites);
  g_free (c);
}

static int
compare_sites (gconstpointer a,
               gconstpointer b)
{
  const TideClassSite *x = a, *y = b;

  return (x->requested < y->requested) - (x->requested > y->requested);
}

/* @n sites over SYNTHETIC_CLASSES classes: class i gets a share of the
 * sites growing with i, its sites' bytes falling off as a power of their
 * rank, with a little noise from a hash so no two runs of equal values. */
static GPtrArray *
synthetic_classes (guint n)
{
  GPtrArray *classes = g_ptr_array_new_with_free_func (size_class_free);
  double weights = 0;
  guint given = 0;

  for (guint i = 0; i < SYNTHETIC_CLASSES; i++)
    weights += i + 1;
  for (guint i = 0; i < SYNTHETIC_CLASSES; i++)
    {
      TideSizeClass *c = g_new0 (TideSizeClass, 1);
      guint count = i + 1 == SYNTHETIC_CLASSES ? n - given : (guint) (n * (i + 1) / weights);

      c->klass = i;
      c->sites = g_array_sized_new (FALSE, FALSE, sizeof (TideClassSite), count);
      for (guint s = 0; s < count; s++)
        {
          guint32 h = (guint32) ((i * 2654435761u) ^ (s * 40503u));
          TideClassSite site = { 0, 1 + h % 7, 0, 0 };

          site.requested = (guint64) (4.0e8 / pow (s + 1, 1.2)) + h % 4093 + 1;
          site.allocated = site.requested + site.requested / 9;
          c->blocks += site.blocks;
          c->requested += site.requested;
          c->allocated += site.allocated;
          g_array_append_val (c->sites, site);
        }
      /* as tide_size_classes_compute() hands them over: largest first */
      g_array_sort (c->sites, compare_sites);
      given += count;
      g_ptr_array_add (classes, c);
    }
  return classes;
}

/* The classes with their sites in a scrambled (but fixed) order. */
static GPtrArray *
scrambled (GPtrArray *classes)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (size_class_free);

  for (guint i = 0; i < classes->len; i++)
    {
      const TideSizeClass *c = g_ptr_array_index (classes, i);
      TideSizeClass *d = g_memdup2 (c, sizeof *c);
      guint n = c->sites->len;

      d->sites = g_array_sized_new (FALSE, FALSE, sizeof (TideClassSite), n);
      g_array_set_size (d->sites, n);
      for (guint s = 0; s < n; s++)
        g_array_index (d->sites, TideClassSite, (guint) (((guint64) s * 2654435761u) % n)) =
          g_array_index (c->sites, TideClassSite, s);
      g_ptr_array_add (copy, d);
    }
  return copy;
}

static void
measure_synthetic (TideTrace     *trace,
                   const Options *o,
                   Figures       *f)
{
  enum { LAYOUT, UNSORTED, GRID, HIT, REDRAW, N_TIMES };
  g_autofree double *t = g_new (double, N_TIMES * o->runs);
  g_autoptr(GPtrArray) classes = synthetic_classes (o->leaves);
  g_autoptr(GPtrArray) unsorted = NULL;
  cairo_surface_t *screen = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, o->width, o->height);
  TideTreemapStyle style;
  TideTreemapOptions options;
  TideRect plot;

  tide_treemap_style_init (&style);
  style.skip_titles = TRUE;
  style.what = "Synthetic";
  tide_treemap_options_init (&options);
  tide_treemap_painter_init_options (&style, &options);
  tide_treemap_painter_get_plot (&style, o->width, o->height, &plot);

  for (guint run = 0; run <= o->runs; run++)
    {
      double t0 = bench_now_ms (), t1, t2, t3, t4, u0;
      g_autoptr(TideTreemapLayout) layout = tide_treemap_layout_new (trace, TIDE_SIZE_CLASSES_POW2, classes, &options, plot);
      g_autoptr(TideTreemapLayout) other = NULL;
      g_autoptr(TideDrawList) list = NULL;
      double *m = t + (run > 0 ? run - 1 : 0) * N_TIMES;
      cairo_t *cr;
      int found = 0;

      t1 = bench_now_ms ();
      found += tide_treemap_layout_hit (layout, plot.x + 1, plot.y + 1) >= 0;
      t2 = bench_now_ms ();
      for (guint h = 0; h < HITS; h++)
        found += tide_treemap_layout_hit (layout, plot.x + (h * 7919 % 10007) / 10007.0 * plot.w,
                                          plot.y + (h * 104729 % 10009) / 10009.0 * plot.h) >= 0;
      t3 = bench_now_ms ();
      list = tide_treemap_paint (layout, &style, o->width, o->height);
      cr = cairo_create (screen);
      tide_draw_list_render (list, cr);
      cairo_destroy (cr);
      cairo_surface_flush (screen);
      t4 = bench_now_ms ();
      if (unsorted == NULL)
        unsorted = scrambled (classes);
      u0 = bench_now_ms ();
      other = tide_treemap_layout_new (trace, TIDE_SIZE_CLASSES_POW2, unsorted, &options, plot);
      m[UNSORTED] = bench_now_ms () - u0;
      g_assert (found == HITS + 1);
      g_assert (tide_treemap_layout_get_n_rects (layout) == SYNTHETIC_CLASSES + o->leaves);

      m[LAYOUT] = t1 - t0;
      m[GRID] = t2 - t1;
      m[HIT] = (t3 - t2) * 1000 / HITS;
      m[REDRAW] = t4 - t3;
      f->synth_ops = tide_draw_list_get_n_ops (list);
    }
  f->synth_layout = bench_median_of (t, LAYOUT, N_TIMES, o->runs);
  f->synth_unsorted = bench_median_of (t, UNSORTED, N_TIMES, o->runs);
  f->synth_grid = bench_median_of (t, GRID, N_TIMES, o->runs);
  f->synth_hit_us = bench_median_of (t, HIT, N_TIMES, o->runs);
  f->synth_redraw = bench_median_of (t, REDRAW, N_TIMES, o->runs);
  cairo_surface_destroy (screen);
}

/* -------------------------------------------------------------- real -- */

typedef struct
{
  TideTreemapLayout      *layout;
  const TideTreemapStyle *style;
  cairo_surface_t        *surface;
  double                  paint_ms, render_ms;
  TideDrawList           *list; /* of the last redraw */
} Redraw;

static gpointer
redraw (gpointer data)
{
  Redraw *r = data;
  double t0 = bench_now_ms (), t1, t2;
  TideDrawList *list = tide_treemap_paint (r->layout, r->style, cairo_image_surface_get_width (r->surface),
                                           cairo_image_surface_get_height (r->surface));
  cairo_t *cr;

  t1 = bench_now_ms ();
  cr = cairo_create (r->surface);
  tide_draw_list_render (list, cr);
  cairo_destroy (cr);
  cairo_surface_flush (r->surface);
  t2 = bench_now_ms ();
  r->paint_ms = t1 - t0;
  r->render_ms = t2 - t1;
  g_clear_pointer (&r->list, tide_draw_list_free);
  r->list = list;
  return NULL;
}

static double
histogram_redraw (TideSizeClassScheme  scheme,
                  GPtrArray           *classes,
                  cairo_surface_t     *surface)
{
  double t0 = bench_now_ms ();
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  TideHistogramStyle style;
  TideRect blocks, bytes;
  g_autoptr(TideHistogramLayout) layout = NULL;
  g_autoptr(TideDrawList) list = NULL;
  cairo_t *cr;

  tide_histogram_style_init (&style);
  style.skip_titles = TRUE;
  style.what = "Live at peak";
  tide_histogram_painter_get_plots (&style, w, h, &blocks, &bytes);
  layout = tide_histogram_layout_new (scheme, classes, blocks, bytes);
  list = tide_histogram_paint (layout, &style, w, h);
  cr = cairo_create (surface);
  tide_draw_list_render (list, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return bench_now_ms () - t0;
}

static void
measure_real (TideTrace     *trace,
              const Options *o,
              Figures       *f)
{
  enum { CLASSES, LAYOUT, PAINT, RENDER, REDRAW, RESIZE, COLD, EXPORT, HISTOGRAM, N_TIMES };
  g_autofree double *t = g_new (double, N_TIMES * o->runs);
  g_autofree guint64 *peak = tide_size_classes_blocks_at_peak (trace);
  TideSizeClassScheme scheme = tide_size_class_scheme_for_trace (trace);
  cairo_surface_t *screen = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, o->width, o->height);
  TideTreemapStyle window, export;
  TideTreemapOptions options;
  TideRect plot;

  tide_treemap_style_init (&window);
  window.skip_titles = TRUE;
  window.what = "Live at peak";
  export = window;
  export.skip_titles = FALSE;
  tide_treemap_options_init (&options);
  tide_treemap_painter_init_options (&window, &options);
  tide_treemap_painter_get_plot (&window, o->width, o->height, &plot);

  for (guint run = 0; run <= o->runs; run++)
    {
      double t0 = bench_now_ms (), t1, t2, t3, t4;
      g_autoptr(GPtrArray) classes = tide_size_classes_compute (trace, scheme, peak);
      g_autoptr(TideTreemapLayout) layout = NULL;
      Redraw r = { NULL, &window, screen, 0, 0, NULL }, cold, exp;
      double *m = t + (run > 0 ? run - 1 : 0) * N_TIMES;

      t1 = bench_now_ms ();
      layout = tide_treemap_layout_new (trace, scheme, classes, &options, plot);
      t2 = bench_now_ms ();
      r.layout = layout;
      redraw (&r);
      if (run == 0)
        {
          /* font map and glyph caches are built here */
          f->first_redraw = r.paint_ms + r.render_ms;
          f->n_classes = classes->len;
          f->n_sites = tide_treemap_layout_get_n_rects (layout) - classes->len;
          f->n_ops = tide_draw_list_get_n_ops (r.list);
          for (guint i = 0; i < f->n_ops; i++)
            if (tide_draw_list_get_op (r.list, i)->kind == TIDE_DRAW_TEXT)
              f->n_labels++;
            else
              f->n_boxes++;
        }
      /* a new size: a layout and a redraw */
      t3 = bench_now_ms ();
      {
        g_autoptr(TideTreemapLayout) resized = tide_treemap_layout_new (trace, scheme, classes, &options, plot);
        Redraw again = { resized, &window, screen, 0, 0, NULL };

        redraw (&again);
        tide_draw_list_free (again.list);
      }
      t4 = bench_now_ms ();
      cold = exp = r;
      cold.list = exp.list = NULL;
      /* a thread of its own has a font map and label caches of its own */
      g_thread_join (g_thread_new ("cold", redraw, &cold));
      exp.style = &export;
      redraw (&exp);

      m[CLASSES] = t1 - t0;
      m[LAYOUT] = t2 - t1;
      m[PAINT] = r.paint_ms;
      m[RENDER] = r.render_ms;
      m[REDRAW] = r.paint_ms + r.render_ms;
      m[RESIZE] = t4 - t3;
      m[COLD] = cold.paint_ms + cold.render_ms;
      m[EXPORT] = exp.paint_ms;
      m[HISTOGRAM] = histogram_redraw (scheme, classes, screen);
      tide_draw_list_free (r.list);
      tide_draw_list_free (cold.list);
      tide_draw_list_free (exp.list);
    }

  f->classes = bench_median_of (t, CLASSES, N_TIMES, o->runs);
  f->layout = bench_median_of (t, LAYOUT, N_TIMES, o->runs);
  f->paint = bench_median_of (t, PAINT, N_TIMES, o->runs);
  f->render = bench_median_of (t, RENDER, N_TIMES, o->runs);
  f->redraw = bench_median_of (t, REDRAW, N_TIMES, o->runs);
  f->resize = bench_median_of (t, RESIZE, N_TIMES, o->runs);
  f->cold_redraw = bench_median_of (t, COLD, N_TIMES, o->runs);
  f->export_paint = bench_median_of (t, EXPORT, N_TIMES, o->runs);
  f->histogram = bench_median_of (t, HISTOGRAM, N_TIMES, o->runs);
  cairo_surface_destroy (screen);
}

/* ------------------------------------------------------------- report -- */

static void
report (const Options *o,
        TideTrace     *trace,
        double         load_ms,
        const Figures *f)
{
  g_autofree char *cpu = bench_cpu_model ();
  g_autofree char *os = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);
  g_autoptr(GDateTime) date = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (date, "%Y-%m-%d %H:%M UTC");
  g_autofree char *commit = bench_commit ();
  const char *scheme = tide_size_class_scheme_to_string (tide_size_class_scheme_for_trace (trace));

  g_print ("# Tidemark size-class treemap benchmark results\n\n");
  g_print ("Produced by `bench/treemap --runs %u` on %s. See [README.md](README.md#treemap-benchmark).\n\n", o->runs,
           when);
  g_print ("## Inputs\n\n");
  g_print ("- synthetic: %u sites over %d size classes (a site's bytes fall off as a power of its rank, "
           "larger classes have more sites)\n", o->leaves, SYNTHETIC_CLASSES);
  g_print ("- `%s` at its peak (%" G_GUINT64_FORMAT " bytes live), in its default scheme (%s): %u size classes, "
           "%u sites; %u allocation infos, %" G_GUINT64_FORMAT " events; loaded in %.0f ms. Painted at %dx%d: "
           "%u boxes and %u labels (%u ops)\n\n",
           o->trace, tide_trace_get_totals (trace)->cost.peak_bytes, scheme, f->n_classes, f->n_sites,
           tide_trace_get_n_infos (trace), tide_trace_get_n_events (trace), load_ms, o->width, o->height, f->n_boxes,
           f->n_labels, f->n_ops);
  g_print ("## Times\n\nMedians of %u runs after one warm-up run.\n\n", o->runs);
  g_print ("| step | median |\n|---|---|\n");
  g_print ("| **layout of %u leaves** (%d classes, then their sites, squarified) | **%.1f ms** |\n", o->leaves,
           SYNTHETIC_CLASSES, f->synth_layout);
  g_print ("| the same sites in no order (sorted first; the core hands them over sorted) | %.1f ms |\n",
           f->synth_unsorted);
  g_print ("| first hit test on it (builds the hit grid) | %.1f ms |\n", f->synth_grid);
  g_print ("| one hit test after that | %.4f ms |\n", f->synth_hit_us / 1000);
  g_print ("| paint + render of it at %dx%d (%u ops: boxes under 2 px are left to their class) | %.1f ms |\n",
           o->width, o->height, f->synth_ops, f->synth_redraw);
  g_print ("| size classes of the real trace at its peak (the page's worker thread) | %.2f ms |\n", f->classes);
  g_print ("| layout at %dx%d | %.3f ms |\n", o->width, o->height, f->layout);
  g_print ("| paint (draw list), as the window does (no tooltips) | %.3f ms |\n", f->paint);
  g_print ("| cairo render onto a %dx%d image | %.3f ms |\n", o->width, o->height, f->render);
  g_print ("| **one redraw** (paint + render) | **%.3f ms** |\n", f->redraw);
  g_print ("| a new size (layout + paint + render) | %.3f ms |\n", f->resize);
  g_print ("| one redraw with no label cached yet (a fresh thread) | %.3f ms |\n", f->cold_redraw);
  g_print ("| paint with a tooltip per box, as for export | %.3f ms |\n", f->export_paint);
  g_print ("| the histogram of the same classes (layout + paint + render) | %.3f ms |\n", f->histogram);
  g_print ("| first redraw of the process (fonts loaded) | %.1f ms |\n\n", f->first_redraw);
  g_print ("Hovering does not redraw: the window keeps the rendering and draws the hovered box's outline over it.\n\n");
  g_print ("## Against the targets\n\n");
  g_print ("- layout of %u leaves: %.1f ms (target < 200 ms: %s)\n", o->leaves, f->synth_layout,
           f->synth_layout < 200 ? "met" : "NOT met");
  g_print ("- one redraw at %dx%d: %.2f ms, %.2f ms with no label cached (target < 8 ms: %s)\n\n", o->width, o->height,
           f->redraw, f->cold_redraw, MAX (f->redraw, f->cold_redraw) < 8 ? "met" : "NOT met");
  g_print ("## Machine\n\n- CPU: %s, %u cores available\n- OS: %s\n- Tidemark %s (working tree at %s), cairo %s, pango %s\n",
           cpu, g_get_num_processors (), os, PACKAGE_VERSION, commit, cairo_version_string (), pango_version_string ());
}

static void
parse_options (Options *o,
               int      argc,
               char   **argv)
{
  int runs = 9, leaves = 1000000;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs (default 9)", "N" },
    { "width", 'w', 0, G_OPTION_ARG_INT, &o->width, "Width in px (default 1920)", "W" },
    { "height", 'h', 0, G_OPTION_ARG_INT, &o->height, "Height in px (default 1080)", "H" },
    { "leaves", 0, 0, G_OPTION_ARG_INT, &leaves, "Sites in the synthetic input (default 1000000)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "TRACE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[TRACE] — time the size-class treemap");
  g_autoptr(GError) error = NULL;

  o->width = 1920;
  o->height = 1080;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || runs < 1 || leaves < SYNTHETIC_CLASSES
      || o->width < 100 || o->height < 100)
    {
      g_printerr ("treemap: %s\n", error != NULL ? error->message : "bad --runs, --leaves, --width or --height");
      exit (2);
    }
  o->runs = runs;
  o->leaves = leaves;
  o->trace = g_strdup (rest != NULL && rest[0] != NULL ? rest[0] : "bench/out/ht_pybig.zst");
}

int
main (int    argc,
      char **argv)
{
  Options o = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = NULL;
  Figures f = { 0 };
  double t0, load_ms;

  parse_options (&o, argc, argv);
  file = g_file_new_for_commandline_arg (o.trace);
  t0 = bench_now_ms ();
  trace = tide_trace_load_file (file, NULL, &error);
  load_ms = bench_now_ms () - t0;
  if (trace == NULL)
    {
      g_printerr ("treemap: %s (record it with bench/run)\n", error->message);
      return 1;
    }

  /* the real trace first: a million synthetic sites leave the heap (and
   * the caches) in a state no window redraw starts from */
  measure_real (trace, &o, &f);
  measure_synthetic (trace, &o, &f);
  report (&o, trace, load_ms, &f);
  g_free (o.trace);
  return 0;
}
