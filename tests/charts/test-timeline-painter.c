/* test-timeline-painter.c: what the timeline painter records, and how SVG and PNG agree on it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "charts/tide-chart-export.h"
#include "charts/tide-timeline-painter.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

typedef struct
{
  TideTrace          *trace;
  TideTimelineSource *source;
  TideTimelineLayout *layout;
  TideDrawList       *list;
  TideTimelineRect    plot;
} Chart;

static void
chart_clear (Chart *c)
{
  g_clear_pointer (&c->list, tide_draw_list_free);
  g_clear_pointer (&c->layout, tide_timeline_layout_free);
  g_clear_pointer (&c->source, tide_timeline_source_unref);
  g_clear_object (&c->trace);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Chart, chart_clear)

/* A timeline of tests/data/@name as the window would draw it, the whole
 * run in @width x @height; @stacked sites (0: none). */
static void
chart_init (Chart                     *c,
            const char                *name,
            const TideTimelineOptions *options,
            guint                      stacked,
            const TideTimelineStyle   *style,
            double                     width,
            double                     height)
{
  g_autofree char *path = tide_test_data_path (name);
  g_autoptr(GError) error = NULL;

  c->trace = tide_test_load (path, &error);
  g_assert_no_error (error);
  c->source = tide_timeline_source_new (c->trace, NULL);
  if (stacked > 0)
    tide_timeline_source_set_stack (c->source, tide_timeline_stack_new (c->trace, stacked, NULL, NULL));
  tide_timeline_painter_get_plot (style, c->source, options, width, height, &c->plot);
  c->layout = tide_timeline_layout_new (c->source, options, 0, MAX (tide_trace_get_totals (c->trace)->duration_ms, 1),
                                        &c->plot);
  c->list = tide_timeline_paint (c->layout, style, width, height);
}

static gboolean
has_text (TideDrawList *list,
          const char   *text)
{
  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);

      if (op->kind == TIDE_DRAW_TEXT && g_str_equal (op->text, text))
        return TRUE;
    }
  return FALSE;
}

/* The plot sits inside the drawing with room for labels on every side;
 * a right axis and a legend of many sites take more room. */
static void
test_plot_area (void)
{
  g_autofree char *path = tide_test_data_path ("ht_python.zst");
  g_autoptr(TideTrace) trace = tide_test_load (path, NULL);
  g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace, NULL);
  TideTimelineOptions heap, two, stacked;
  TideTimelineStyle style;
  TideTimelineRect a, b, c, d, e;

  tide_timeline_style_init (&style);
  tide_timeline_options_init (&heap);
  tide_timeline_options_init (&two);
  tide_timeline_options_add (&two, TIDE_SERIES_ALLOCATION_RATE);
  tide_timeline_options_init (&stacked);
  stacked.stacked = TRUE;

  tide_timeline_painter_get_plot (&style, source, &heap, 1200, 400, &a);
  tide_timeline_painter_get_plot (&style, source, &two, 1200, 400, &b);
  g_assert_cmpfloat (a.x, >, 30);
  g_assert_cmpfloat (a.y, >, 20);
  g_assert_cmpfloat (a.x + a.width, <, 1200);
  g_assert_cmpfloat (a.y + a.height, <, 400 - 15);
  g_assert_cmpfloat (a.width, ==, round (a.width));
  g_assert_cmpfloat (b.width, <, a.width - 20);

  /* stacked with many sites at a narrow width: the legend wraps, the plot shrinks */
  tide_timeline_painter_get_plot (&style, source, &stacked, 600, 400, &c);
  g_assert_cmpfloat (c.y, ==, a.y); /* no stack yet: the heap alone */
  tide_timeline_source_set_stack (source, tide_timeline_stack_new (trace, 12, NULL, NULL));
  tide_timeline_painter_get_plot (&style, source, &stacked, 600, 400, &d);
  g_assert_cmpfloat (d.y, >, a.y + 40);
  style.show_legend = FALSE;
  tide_timeline_painter_get_plot (&style, source, &stacked, 600, 400, &e);
  g_assert_cmpfloat (e.y, <, a.y);
}

/* The heap: a filled area with its line, the peak marked and labelled as
 * the summary says it, axes labelled in decimal units and seconds. */
static void
test_heap (void)
{
  g_auto(Chart) c = { 0 };
  TideTimelineOptions options;
  TideTimelineStyle style;
  TideTimelinePeak peak;
  guint n_paths = 0, n_titled = 0, n_reaching = 0;

  tide_timeline_options_init (&options);
  tide_timeline_style_init (&style);
  chart_init (&c, "ht_python.zst", &options, 0, &style, 1200, 400);

  g_assert_true (tide_timeline_layout_get_peak (c.layout, &peak));
  /* GLib puts a no-break space between a size and its unit */
  g_assert_true (has_text (c.list, "Peak 10.6\xc2\xa0MB at 1.67 s"));
  g_assert_true (has_text (c.list, "Heap"));
  g_assert_true (has_text (c.list, "10 MB"));
  g_assert_true (has_text (c.list, "1.6 s"));
  g_assert_true (has_text (c.list, "0"));

  for (guint i = 0; i < tide_draw_list_get_n_ops (c.list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (c.list, i);

      if (op->kind != TIDE_DRAW_PATH)
        continue;
      n_paths++;
      if (op->title != NULL)
        {
          n_titled++;
          g_assert_cmpstr (op->title, ==, "Heap");
        }
      if (op->closed && op->h > c.plot.height / 2)
        {
          /* the areas stay in the plot, down to its floor */
          g_assert_cmpfloat (op->x, >=, c.plot.x);
          g_assert_cmpfloat (op->x + op->w, <=, c.plot.x + c.plot.width);
          g_assert_cmpfloat (op->y, >=, peak.y - 1e-9);
          g_assert_cmpfloat (op->y + op->h, ==, c.plot.y + c.plot.height);
          /* runs of one height are merged: far fewer vertices than columns */
          g_assert_cmpuint (op->n_points, <, c.plot.width);
          /* the lighter one reaches the peak */
          if (fabs (op->y - peak.y) < 1e-9)
            n_reaching++;
        }
    }
  g_assert_cmpuint (n_titled, ==, 1);
  g_assert_cmpuint (n_reaching, ==, 1);
  g_assert_cmpuint (n_paths, >=, 5); /* two areas, the line, the peak's dot and callout */

  /* without titles: none */
  style.skip_titles = TRUE;
  {
    g_autoptr(TideDrawList) bare = tide_timeline_paint (c.layout, &style, 1200, 400);

    for (guint i = 0; i < tide_draw_list_get_n_ops (bare); i++)
      g_assert_null (tide_draw_list_get_op (bare, i)->title);
  }
}

/* The PNG shows the peak marker where the layout put it, and the heap's
 * colour under its line. */
static void
test_pixels (void)
{
  g_auto(Chart) c = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("tide-timeline-XXXXXX", NULL);
  g_autofree char *png = NULL;
  TideTimelineOptions options;
  TideTimelineStyle style;
  TideTimelinePeak peak;
  cairo_surface_t *image;
  guint32 marker, background;

  tide_timeline_options_init (&options);
  tide_timeline_style_init (&style);
  chart_init (&c, "ht_python.zst", &options, 0, &style, 1200, 400);
  g_assert_true (tide_timeline_layout_get_peak (c.layout, &peak));
  png = tide_chart_test_export (c.list, TIDE_EXPORT_PNG, 1, dir, "heap.png");
  image = cairo_image_surface_create_from_png (png);
  marker = tide_chart_test_pixel (image, (int) peak.x, (int) peak.y);
  background = tide_chart_test_pixel (image, 2, 398);
  g_assert_cmphex (marker, ==, 0xe01b24);
  g_assert_cmphex (background, ==, 0xfafafa);
  /* under the area, halfway down at the peak: a blue, darker than the page */
  {
    guint32 area = tide_chart_test_pixel (image, (int) peak.x + 2, (int) (peak.y + c.plot.y + c.plot.height) / 2);

    g_assert_cmpuint (area & 0xff, >, (area >> 16) & 0xff);
    g_assert_cmpuint (area, !=, background);
  }
  cairo_surface_destroy (image);
  tide_chart_test_remove_dir (dir);
}

/* Stacked: a band per site (named by its function) and "Other", coloured
 * the same on every paint and apart from each other. */
static void
test_stacked (void)
{
  g_auto(Chart) c = { 0 };
  g_auto(Chart) again = { 0 };
  TideTimelineOptions options;
  TideTimelineStyle style;
  guint n_bands;

  tide_timeline_options_init (&options);
  options.stacked = TRUE;
  tide_timeline_style_init (&style);
  chart_init (&c, "ht_python.zst", &options, 8, &style, 1200, 400);
  chart_init (&again, "ht_python.zst", &options, 8, &style, 900, 300);
  n_bands = tide_timeline_layout_get_n_bands (c.layout);
  g_assert_cmpuint (n_bands, ==, 9);
  g_assert_true (has_text (c.list, "Other"));
  g_assert_true (has_text (c.list, "_PyObject_GC_New"));

  for (guint b = 0; b < n_bands; b++)
    {
      g_autofree char *name = tide_timeline_painter_band_name (c.layout, b);
      TideColor color = tide_timeline_painter_band_color (c.layout, b, FALSE);
      TideColor same = tide_timeline_painter_band_color (again.layout, b, FALSE);
      gboolean found = FALSE;

      g_assert_cmphex (tide_chart_test_rgb (&color), ==, tide_chart_test_rgb (&same));
      for (guint k = 0; k < b; k++)
        {
          TideColor other = tide_timeline_painter_band_color (c.layout, k, FALSE);

          g_assert_cmphex (tide_chart_test_rgb (&color), !=, tide_chart_test_rgb (&other));
        }
      /* a titled area per band, named as the legend names it */
      for (guint i = 0; i < tide_draw_list_get_n_ops (c.list); i++)
        {
          const TideDrawOp *op = tide_draw_list_get_op (c.list, i);

          if (op->kind == TIDE_DRAW_PATH && op->title != NULL && g_str_equal (op->title, name))
            {
              g_assert_cmphex (tide_chart_test_rgb (&op->color), ==, tide_chart_test_rgb (&color));
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
  g_assert_true (tide_timeline_layout_get_band_frame (c.layout, n_bands - 1) == 0);
}

/* Selections: an instant is a line, a range a tinted band with two edges;
 * the hover crosshair brings a readout of every series. */
static void
test_marks (void)
{
  g_auto(Chart) c = { 0 };
  TideTimelineOptions options;
  TideTimelineStyle style;
  TideTimelineHit hit;
  g_autofree char *readout = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_tints = 0, n_before;

  tide_timeline_options_init (&options);
  tide_timeline_options_add (&options, TIDE_SERIES_RSS);
  tide_timeline_options_add (&options, TIDE_SERIES_ALLOCATION_RATE);
  tide_timeline_style_init (&style);
  style.show_selection = TRUE;
  style.selection_kind = TIDE_SELECTION_RANGE;
  style.selection_start_ms = 600;
  style.selection_end_ms = 1000;
  style.hover_time_ms = 1250;
  chart_init (&c, "ht_python.zst", &options, 0, &style, 1200, 400);

  for (guint i = 0; i < tide_draw_list_get_n_ops (c.list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (c.list, i);

      if (op->kind == TIDE_DRAW_RECT && op->color.a < 0.5 && op->h == c.plot.height && op->w > 1)
        {
          g_assert_cmpfloat_with_epsilon (op->x, tide_timeline_layout_x_for_time (c.layout, 600), 1e-9);
          g_assert_cmpfloat_with_epsilon (op->x + op->w, tide_timeline_layout_x_for_time (c.layout, 1000), 1e-9);
          n_tints++;
        }
    }
  g_assert_cmpuint (n_tints, ==, 1);

  tide_timeline_layout_hit (c.layout, tide_timeline_layout_x_for_time (c.layout, 1250), 100, &hit);
  readout = tide_timeline_painter_readout (c.layout, &hit);
  lines = g_strsplit (readout, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "1.25 s"); /* a digit more than the axis */
  g_assert_true (g_str_has_prefix (lines[1], "Heap "));
  g_assert_true (g_str_has_prefix (lines[2], "RSS "));
  g_assert_true (g_str_has_prefix (lines[3], "Allocation rate "));
  g_assert_true (g_str_has_suffix (lines[3], "/s"));
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_true (has_text (c.list, lines[i]));

  /* the overlay: the same marks alone, on a transparent background */
  {
    g_autoptr(TideDrawList) overlay = tide_timeline_paint_overlay (c.layout, &style, 1200, 400);
    TideColor clear = tide_draw_list_get_background (overlay);
    guint n_overlay_tints = 0;

    g_assert_cmpfloat (clear.a, ==, 0);
    for (guint i = 0; lines[i] != NULL; i++)
      g_assert_true (has_text (overlay, lines[i]));
    g_assert_false (has_text (overlay, "Heap"));
    g_assert_false (has_text (overlay, "1.6 s"));
    for (guint i = 0; i < tide_draw_list_get_n_ops (overlay); i++)
      {
        const TideDrawOp *op = tide_draw_list_get_op (overlay, i);

        if (op->kind == TIDE_DRAW_RECT && op->color.a < 0.5 && op->h == c.plot.height && op->w > 1)
          n_overlay_tints++;
      }
    g_assert_cmpuint (n_overlay_tints, ==, 1);
    g_assert_cmpuint (tide_draw_list_get_n_ops (overlay), <, tide_draw_list_get_n_ops (c.list) / 2);
  }

  /* no hover, no readout */
  n_before = tide_draw_list_get_n_ops (c.list);
  style.hover_time_ms = NAN;
  {
    g_autoptr(TideDrawList) calm = tide_timeline_paint (c.layout, &style, 1200, 400);

    g_assert_cmpuint (tide_draw_list_get_n_ops (calm), <, n_before);
    g_assert_false (has_text (calm, lines[0]));
  }
}

/* SVG: well-formed, every label a <text>, every title kept; and librsvg
 * draws it as cairo does, within the flame graph's tolerance. */
static void
test_svg (void)
{
  struct
  {
    const char     *label;
    TideSeriesKind  extra[2];
    guint           n_extra;
    guint           stacked;
    gboolean        dark;
    double          hover;
    TideSelectionKind selection;
    guint           min_boxes;
  } cases[] = {
    { "heap, light", { 0 }, 0, 0, FALSE, NAN, TIDE_SELECTION_PEAK, 1 },
    { "heap, rss and rate, dark, instant", { TIDE_SERIES_RSS, TIDE_SERIES_ALLOCATION_RATE }, 2, 0, TRUE, 1250,
      TIDE_SELECTION_INSTANT, 3 },
    { "stacked, range", { TIDE_SERIES_LIVE_ALLOCATIONS }, 1, 8, FALSE, 1400, TIDE_SELECTION_RANGE, 9 },
    { "stacked, dark", { 0 }, 0, 5, TRUE, NAN, TIDE_SELECTION_PEAK, 6 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_auto(Chart) c = { 0 };
      g_auto(TideSvgStats) stats = { 0 };
      g_autoptr(GError) error = NULL;
      GString *svg = g_string_new (NULL);
      TideTimelineOptions options;
      TideTimelineStyle style;
      guint n_texts = 0, n_titles = 0;

      tide_timeline_options_init (&options);
      for (guint i = 0; i < cases[k].n_extra; i++)
        tide_timeline_options_add (&options, cases[k].extra[i]);
      options.stacked = cases[k].stacked > 0;
      tide_timeline_style_init (&style);
      style.dark = cases[k].dark;
      style.hover_time_ms = cases[k].hover;
      style.hover_y = 300;
      style.show_selection = TRUE;
      style.selection_kind = cases[k].selection;
      style.selection_start_ms = 700;
      style.selection_end_ms = cases[k].selection == TIDE_SELECTION_RANGE ? 1100 : 700;
      chart_init (&c, "ht_python.zst", &options, cases[k].stacked, &style, 1000, 360);

      tide_draw_list_write_svg (c.list, svg);
      g_assert_true (g_utf8_validate (svg->str, svg->len, NULL));
      g_assert_true (tide_chart_test_parse_svg (svg->str, &stats, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < tide_draw_list_get_n_ops (c.list); i++)
        {
          const TideDrawOp *op = tide_draw_list_get_op (c.list, i);

          if (op->kind == TIDE_DRAW_TEXT)
            g_assert_cmpstr (op->text, ==, stats.texts->pdata[n_texts++]);
          else if (op->title != NULL)
            g_assert_cmpstr (op->title, ==, stats.titles->pdata[n_titles++]);
        }
      g_assert_cmpuint (stats.n_texts, ==, n_texts);
      g_assert_cmpuint (stats.n_titles, ==, n_titles);
      g_assert_cmpuint (n_titles, >=, 1 + cases[k].stacked);
      g_string_free (svg, TRUE);

      if (tide_test_have ("rsvg-convert"))
        tide_chart_test_compare_rsvg (c.list, cases[k].label, cases[k].min_boxes);
    }
  if (!tide_test_have ("rsvg-convert"))
    g_test_skip ("rsvg-convert (librsvg2-bin) is not installed: SVG not compared with PNG");
}

/* A series too busy to stroke (the allocation rate of a real run squeezed
 * into a narrow plot) is filled as boxes, one per column or run of alike
 * columns: they tile its lane from left to right on whole pixels, carry the
 * series' colour and name, and cairo paints that colour in each of them. */
static void
test_ribbon (void)
{
  g_auto(Chart) c = { 0 };
  TideTimelineOptions options;
  TideTimelineStyle style;
  const TideDrawOp *bars = NULL;
  TideColor color;
  cairo_surface_t *image;
  cairo_t *cr;
  guint n_bars = 0, n_columns = 0, n_checked = 0;

  tide_timeline_options_init (&options);
  tide_timeline_options_add (&options, TIDE_SERIES_ALLOCATION_RATE);
  tide_timeline_style_init (&style);
  chart_init (&c, "ht_python.zst", &options, 0, &style, 400, 300);
  color = tide_timeline_painter_series_color (TIDE_SERIES_ALLOCATION_RATE, FALSE);

  for (guint i = 0; i < tide_draw_list_get_n_ops (c.list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (c.list, i);

      if (op->kind == TIDE_DRAW_PATH && op->bars)
        {
          n_bars++;
          bars = op;
        }
    }
  g_assert_cmpuint (n_bars, ==, 1);
  g_assert_cmpstr (bars->title, ==, tide_timeline_painter_series_name_for (c.trace, TIDE_SERIES_ALLOCATION_RATE));
  g_assert_cmphex (tide_chart_test_rgb (&bars->color), ==, tide_chart_test_rgb (&color));
  g_assert_cmpuint (bars->n_points % 2, ==, 0);
  g_assert_cmpuint (bars->n_points / 2, >, 20);

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cr = cairo_create (image);
  tide_draw_list_render (c.list, cr);
  cairo_destroy (cr);

  for (guint k = 0; k + 1 < bars->n_points; k += 2)
    {
      const TideDrawPoint *a = &bars->points[k], *b = &bars->points[k + 1];

      /* whole pixels, inside the plot, left to right without gaps */
      g_assert_cmpfloat (a->x, ==, round (a->x));
      g_assert_cmpfloat (a->y, ==, round (a->y));
      g_assert_cmpfloat (b->x, ==, round (b->x));
      g_assert_cmpfloat (b->y, ==, round (b->y));
      g_assert_cmpfloat (a->x, <, b->x);
      g_assert_cmpfloat (a->y, <, b->y);
      g_assert_cmpfloat (a->x, >=, c.plot.x);
      g_assert_cmpfloat (b->x, <=, c.plot.x + c.plot.width);
      g_assert_cmpfloat (a->y, >=, c.plot.y - 2);
      g_assert_cmpfloat (b->y, <=, c.plot.y + c.plot.height + 2);
      if (k > 0)
        g_assert_cmpfloat (a->x, >=, bars->points[k - 1].x);
      n_columns += (guint) (b->x - a->x);

      /* the box's middle pixel, where the cursor line and labels are not */
      {
        int px = (int) ((a->x + b->x) / 2), py = (int) ((a->y + b->y) / 2);

        if (px < c.plot.x + c.plot.width - 1 && tide_chart_test_pixel (image, px, py) == tide_chart_test_rgb (&color))
          n_checked++;
      }
    }
  /* a box per column at most, and nearly every box shows its colour
   * (grid lines cross a few) */
  g_assert_cmpuint (n_columns, <=, c.plot.width);
  g_assert_cmpuint (n_checked, >=, bars->n_points / 2 * 9 / 10);
  cairo_surface_destroy (image);

  if (tide_test_have ("rsvg-convert"))
    tide_chart_test_compare_rsvg (c.list, "ribbon", 1);
}

/* A tiny drawing still paints, with every label inside it. */
static void
test_small (void)
{
  g_auto(Chart) c = { 0 };
  TideTimelineOptions options;
  TideTimelineStyle style;

  tide_timeline_options_init (&options);
  tide_timeline_options_add (&options, TIDE_SERIES_TEMPORARY_RATE);
  tide_timeline_style_init (&style);
  chart_init (&c, "ht_leaky.zst", &options, 0, &style, 200, 100);
  g_assert_cmpfloat (c.plot.width, >=, 1);
  g_assert_cmpfloat (c.plot.height, >=, 1);
  for (guint i = 0; i < tide_draw_list_get_n_ops (c.list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (c.list, i);

      if (op->kind == TIDE_DRAW_TEXT && op->y < 100 && op->x >= 0)
        g_assert_cmpfloat (op->x, <, 200);
    }
}

/* memory_profiler: the heap is the process's "Memory", a child process a
 * line of its own with its value in the readout, the functions watched
 * spans under the time axis (room made for them) named in the readout
 * while they run. */
static void
test_mprof (void)
{
  g_auto(Chart) func = { 0 };
  g_auto(Chart) multi = { 0 };
  g_auto(Chart) plain = { 0 };
  TideTimelineOptions options;
  TideTimelineStyle style;
  TideTimelineHit hit;
  g_autofree char *readout = NULL;
  g_autofree char *child_readout = NULL;
  g_autofree char *child_value = g_format_size (93036543);
  g_autofree char *child_line = g_strdup_printf ("Child 26588 %s", child_value);
  TideTimelineOptions no_extras;

  tide_timeline_options_init (&options);
  tide_timeline_style_init (&style);
  chart_init (&func, "mprof_func.dat", &options, 0, &style, 1000, 400);
  chart_init (&plain, "massif.out.leaky", &options, 0, &style, 1000, 400);
  g_assert_true (has_text (func.list, "Memory"));
  g_assert_false (has_text (func.list, "Heap"));
  g_assert_true (has_text (func.list, "__main__.main"));
  g_assert_true (has_text (func.list, "__main__.build"));
  /* three lanes of spans take room from the plot */
  g_assert_cmpfloat (tide_timeline_painter_get_spans_height (&style, func.source), >, 0);
  g_assert_cmpfloat (tide_timeline_painter_get_spans_height (&style, plain.source), ==, 0);
  g_assert_cmpfloat (func.plot.height + tide_timeline_painter_get_spans_height (&style, func.source), ==,
                     plain.plot.height);

  /* 200 ms: main and build run */
  tide_timeline_layout_hit (func.layout, tide_timeline_layout_x_for_time (func.layout, 200), func.plot.y + 10, &hit);
  readout = tide_timeline_painter_readout (func.layout, &hit);
  g_assert_nonnull (strstr (readout, "\nMemory "));
  g_assert_nonnull (strstr (readout, "▸ __main__.main"));
  g_assert_nonnull (strstr (readout, "  ▸ __main__.build"));
  g_assert_null (strstr (readout, "encode"));

  chart_init (&multi, "mprof_multiprocess.dat", &options, 0, &style, 1000, 400);
  g_assert_cmpuint (tide_timeline_layout_get_n_extras (multi.layout), ==, 1);
  g_assert_true (has_text (multi.list, "Child 26588"));
  tide_timeline_layout_hit (multi.layout, tide_timeline_layout_x_for_time (multi.layout, 500), multi.plot.y + 10, &hit);
  g_assert_cmpfloat (hit.extra_values[0], ==, 93036543);
  child_readout = tide_timeline_painter_readout (multi.layout, &hit);
  g_assert_nonnull (strstr (child_readout, child_line));
  /* the child's line ends with the child; the axis holds its high */
  tide_timeline_layout_hit (multi.layout, tide_timeline_layout_x_for_time (multi.layout, 1000), multi.plot.y + 10, &hit);
  g_assert_true (isnan (hit.extra_values[0]));
  g_assert_cmpfloat (tide_timeline_layout_get_lane (multi.layout, 0)->left.max, >=, 149.0 * 1048576);

  /* left out on request */
  tide_timeline_options_init (&no_extras);
  no_extras.no_extras = TRUE;
  {
    g_autoptr(TideTimelineLayout) layout = tide_timeline_layout_new (multi.source, &no_extras, 0, 1000, &multi.plot);

    g_assert_cmpuint (tide_timeline_layout_get_n_extras (layout), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/timeline-painter/plot-area", test_plot_area);
  g_test_add_func ("/charts/timeline-painter/heap", test_heap);
  g_test_add_func ("/charts/timeline-painter/pixels", test_pixels);
  g_test_add_func ("/charts/timeline-painter/stacked", test_stacked);
  g_test_add_func ("/charts/timeline-painter/marks", test_marks);
  g_test_add_func ("/charts/timeline-painter/svg", test_svg);
  g_test_add_func ("/charts/timeline-painter/ribbon", test_ribbon);
  g_test_add_func ("/charts/timeline-painter/small", test_small);
  g_test_add_func ("/charts/timeline-painter/mprof", test_mprof);

  return g_test_run ();
}
