/* test-histogram.c: the size histogram counts every block and byte, on log axes
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "charts/tide-histogram-painter.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

static const TideSizeClassScheme schemes[] = {
  TIDE_SIZE_CLASSES_POW2, TIDE_SIZE_CLASSES_PYMALLOC, TIDE_SIZE_CLASSES_GLIBC,
};

static const TideRect blocks_plot = { 60, 40, 900, 200 };
static const TideRect bytes_plot = { 60, 300, 900, 250 };

static TideHistogramLayout *
make_layout (TideTrace           *trace,
             TideSizeClassScheme  scheme,
             const guint64       *blocks)
{
  g_autoptr(GPtrArray) classes = tide_size_classes_compute (trace, scheme, blocks);

  return tide_histogram_layout_new (scheme, classes, blocks_plot, bytes_plot);
}

/* The bars against a sum straight over the infos: each class's blocks and
 * bytes, and their totals; empty classes between have empty bars. */
static void
check_bars (TideTrace           *trace,
            TideSizeClassScheme  scheme,
            const guint64       *blocks)
{
  g_autoptr(TideHistogramLayout) layout = make_layout (trace, scheme, blocks);
  g_autoptr(GHashTable) direct = tide_chart_test_class_totals (trace, scheme, blocks);
  guint64 n_blocks = 0, requested = 0, handed_out = 0, tb, tr, th;
  guint n = tide_histogram_layout_get_n_bars (layout), seen = 0;

  for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
    {
      n_blocks += blocks[i];
      requested += blocks[i] * tide_trace_get_info (trace, i)->size;
      handed_out += blocks[i] * tide_size_class_allocator_bytes (scheme, tide_trace_get_info (trace, i)->size);
    }
  tide_histogram_layout_get_totals (layout, &tb, &tr, &th);
  g_assert_cmpuint (tb, ==, n_blocks);
  g_assert_cmpuint (tr, ==, requested);
  g_assert_cmpuint (th, ==, handed_out);

  tb = tr = th = 0;
  for (guint i = 0; i < n; i++)
    {
      const TideHistogramBar *bar = tide_histogram_layout_get_bar (layout, i);
      const TideClassTotals *t = g_hash_table_lookup (direct, GUINT_TO_POINTER (bar->klass + 1));

      /* one slot per class, in order, side by side */
      if (i > 0)
        {
          g_assert_cmpuint (bar->klass, ==, tide_histogram_layout_get_bar (layout, i - 1)->klass + 1);
          g_assert_cmpfloat_with_epsilon (bar->x0, tide_histogram_layout_get_bar (layout, i - 1)->x1, 1e-9);
        }
      if (t == NULL)
        {
          g_assert_cmpint (bar->class_index, ==, -1);
          g_assert_cmpuint (bar->blocks, ==, 0);
          continue;
        }
      seen++;
      g_assert_cmpuint (bar->blocks, ==, t->blocks);
      g_assert_cmpuint (bar->requested, ==, t->requested);
      g_assert_cmpuint (bar->handed_out, ==, t->handed_out);
      tb += bar->blocks;
      tr += bar->requested;
      th += bar->handed_out;
    }
  g_assert_cmpuint (seen, ==, g_hash_table_size (direct));
  g_assert_cmpuint (tb, ==, n_blocks);
  g_assert_cmpuint (tr, ==, requested);
  g_assert_cmpuint (th, ==, handed_out);
  if (n > 0)
    {
      g_assert_cmpfloat_with_epsilon (tide_histogram_layout_get_bar (layout, 0)->x0, blocks_plot.x, 1e-9);
      g_assert_cmpfloat_with_epsilon (tide_histogram_layout_get_bar (layout, n - 1)->x1, blocks_plot.x + blocks_plot.w, 1e-6);
    }
}

static void
test_sums (void)
{
  const char *names[] = { "ht_python.zst", "ht_leaky.zst", "ht_cxx.zst" };

  for (guint t = 0; t < G_N_ELEMENTS (names); t++)
    {
      g_autoptr(TideTrace) trace = tide_chart_test_trace (names[t]);
      g_autofree guint64 *peak = tide_size_classes_blocks_at_peak (trace);
      g_autofree guint64 *end = tide_size_classes_blocks_at_end (trace);
      g_autofree guint64 *all = tide_size_classes_allocations (trace);

      for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
        {
          check_bars (trace, schemes[s], peak);
          check_bars (trace, schemes[s], end);
          check_bars (trace, schemes[s], all);
        }
    }
}

/* The axes: powers of ten around the values, evenly spaced, and bars whose
 * tops are at their values on them. */
static void
check_axis (const TideHistogramAxis *axis,
            guint64                  min,
            guint64                  max)
{
  double bottom = axis->plot.y + axis->plot.h;

  g_assert_cmpfloat (axis->lo, <=, (double) MAX (min, 1));
  g_assert_cmpfloat (axis->hi, >=, (double) max);
  g_assert_cmpfloat (axis->lo * 10, >, (double) MAX (min, 1));
  g_assert_cmpfloat (axis->hi, <=, (double) MAX (max, 1) * 10);
  g_assert_cmpuint (axis->n_ticks, >=, 2);
  g_assert_cmpfloat (axis->ticks[0].value, ==, axis->lo);
  g_assert_cmpfloat (axis->ticks[axis->n_ticks - 1].value, ==, axis->hi);
  g_assert_cmpfloat_with_epsilon (axis->ticks[0].y, bottom, 1e-9);
  g_assert_cmpfloat_with_epsilon (axis->ticks[axis->n_ticks - 1].y, axis->plot.y, 1e-9);
  for (guint i = 1; i < axis->n_ticks; i++)
    {
      g_assert_cmpfloat (axis->ticks[i].value, ==, axis->ticks[i - 1].value * 10);
      g_assert_cmpuint (axis->ticks[i].exponent, ==, axis->ticks[i - 1].exponent + 1);
      g_assert_cmpfloat_with_epsilon (axis->ticks[i - 1].y - axis->ticks[i].y, axis->plot.h / (axis->n_ticks - 1), 1e-9);
    }
}

static void
test_log_axes (void)
{
  g_autoptr(TideTrace) python = tide_chart_test_trace ("ht_python.zst");
  g_autofree guint64 *all = tide_size_classes_allocations (python);

  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    {
      g_autoptr(TideHistogramLayout) layout = make_layout (python, schemes[s], all);
      const TideHistogramAxis *blocks = tide_histogram_layout_get_blocks_axis (layout);
      const TideHistogramAxis *bytes = tide_histogram_layout_get_bytes_axis (layout);
      guint64 max_blocks = 0, min_bytes = G_MAXUINT64, max_bytes = 0;

      for (guint i = 0; i < tide_histogram_layout_get_n_bars (layout); i++)
        {
          const TideHistogramBar *bar = tide_histogram_layout_get_bar (layout, i);
          double bottom = blocks->plot.y + blocks->plot.h, bytes_bottom = bytes->plot.y + bytes->plot.h;

          if (bar->blocks == 0)
            {
              g_assert_cmpfloat (bar->blocks_top, ==, bottom);
              continue;
            }
          max_blocks = MAX (max_blocks, bar->blocks);
          max_bytes = MAX (max_bytes, bar->handed_out);
          if (bar->requested > 0)
            min_bytes = MIN (min_bytes, bar->requested);
          /* at its value on the log axis, or the smallest bar that shows */
          g_assert_cmpfloat_with_epsilon (bar->blocks_top,
                                          MIN (bottom - blocks->plot.h * log10 (bar->blocks / blocks->lo)
                                                          / log10 (blocks->hi / blocks->lo),
                                               bottom - TIDE_HISTOGRAM_MIN_BAR), 1e-6);
          g_assert_cmpfloat (bar->requested_top, >=, bar->handed_out_top);
          g_assert_cmpfloat (bar->handed_out_top, <=, bytes_bottom - TIDE_HISTOGRAM_MIN_BAR);
          g_assert_cmpfloat (bar->handed_out_top, >=, bytes->plot.y - 1e-9);
        }
      check_axis (blocks, 1, max_blocks);
      check_axis (bytes, min_bytes, max_bytes);
      g_assert_cmpfloat (blocks->lo, ==, 1);
    }
}

static void
test_ticks (void)
{
  const struct { guint exponent; const char *blocks, *bytes; } ticks[] = {
    { 0, "1", "1 B" }, { 1, "10", "10 B" }, { 2, "100", "100 B" }, { 3, "1k", "1 kB" }, { 4, "10k", "10 kB" },
    { 6, "1M", "1 MB" }, { 8, "100M", "100 MB" }, { 9, "1G", "1 GB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ticks); i++)
    {
      g_autofree char *b = tide_histogram_format_tick (ticks[i].exponent, FALSE);
      g_autofree char *y = tide_histogram_format_tick (ticks[i].exponent, TRUE);

      g_assert_cmpstr (b, ==, ticks[i].blocks);
      g_assert_cmpstr (y, ==, ticks[i].bytes);
    }
  {
    g_autofree char *a = tide_histogram_class_tick (TIDE_SIZE_CLASSES_POW2, tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 100));
    g_autofree char *b = tide_histogram_class_tick (TIDE_SIZE_CLASSES_POW2, tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 3000));
    g_autofree char *c = tide_histogram_class_tick (TIDE_SIZE_CLASSES_PYMALLOC, 0);
    g_autofree char *d = tide_histogram_class_tick (TIDE_SIZE_CLASSES_PYMALLOC, 32);
    g_autofree char *e = tide_histogram_class_tick (TIDE_SIZE_CLASSES_GLIBC, tide_size_class_of (TIDE_SIZE_CLASSES_GLIBC, 100));
    g_autofree char *f = tide_histogram_class_tick (TIDE_SIZE_CLASSES_POW2, tide_size_class_of (TIDE_SIZE_CLASSES_POW2, 3 << 20));

    g_assert_cmpstr (a, ==, "128");
    g_assert_cmpstr (b, ==, "4K");
    g_assert_cmpstr (c, ==, "16");
    g_assert_cmpstr (d, ==, "> 512");
    g_assert_cmpstr (e, ==, "104");
    g_assert_cmpstr (f, ==, "4M");
  }
}

static void
test_hit (void)
{
  g_autoptr(TideTrace) leaky = tide_chart_test_trace ("ht_leaky.zst");
  g_autofree guint64 *all = tide_size_classes_allocations (leaky);
  g_autoptr(TideHistogramLayout) layout = make_layout (leaky, TIDE_SIZE_CLASSES_POW2, all);

  g_assert_cmpuint (tide_histogram_layout_get_n_bars (layout), >, 3);
  for (guint i = 0; i < tide_histogram_layout_get_n_bars (layout); i++)
    {
      const TideHistogramBar *bar = tide_histogram_layout_get_bar (layout, i);

      g_assert_cmpint (tide_histogram_layout_hit (layout, (bar->x0 + bar->x1) / 2, blocks_plot.y + 5), ==, (int) i);
      g_assert_cmpint (tide_histogram_layout_hit (layout, (bar->x0 + bar->x1) / 2, bytes_plot.y + bytes_plot.h - 1), ==, (int) i);
    }
  g_assert_cmpint (tide_histogram_layout_hit (layout, blocks_plot.x - 1, blocks_plot.y + 5), ==, -1);
  g_assert_cmpint (tide_histogram_layout_hit (layout, blocks_plot.x + 5, blocks_plot.y - 1), ==, -1);
  g_assert_cmpint (tide_histogram_layout_hit (layout, blocks_plot.x + 5, bytes_plot.y + bytes_plot.h), ==, -1);
}

/* Painted: valid SVG, a tooltip on every bar, the panels named, the
 * summary first in its line; librsvg draws what cairo draws. */
static void
test_paint (void)
{
  g_autoptr(TideTrace) python = tide_chart_test_trace ("ht_python.zst");
  g_autofree guint64 *peak = tide_size_classes_blocks_at_peak (python);
  g_autoptr(GPtrArray) classes = tide_size_classes_compute (python, TIDE_SIZE_CLASSES_PYMALLOC, peak);
  TideHistogramStyle style;
  TideRect a, b;
  g_autoptr(TideHistogramLayout) layout = NULL;
  g_autoptr(TideDrawList) list = NULL;
  g_autoptr(GString) svg = g_string_new (NULL);
  g_auto(TideSvgStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gboolean said_summary = FALSE, said_blocks = FALSE, said_bytes = FALSE, said_system = FALSE;
  guint n_full = 0;

  tide_histogram_style_init (&style);
  style.what = "Live at peak";
  tide_histogram_painter_get_plots (&style, 1000, 600, &a, &b);
  g_assert_cmpfloat (a.x, ==, b.x);
  g_assert_cmpfloat (a.w, ==, b.w);
  g_assert_cmpfloat (a.y + a.h, <, b.y);
  g_assert_cmpfloat (b.y + b.h, <, 600);
  g_assert_cmpfloat (a.x + a.w, <=, 1000);
  layout = tide_histogram_layout_new (TIDE_SIZE_CLASSES_PYMALLOC, classes, a, b);
  list = tide_histogram_paint (layout, &style, 1000, 600);
  tide_draw_list_write_svg (list, svg);
  g_assert_true (tide_chart_test_parse_svg (svg->str, &stats, &error));
  g_assert_no_error (error);
  summary = tide_histogram_painter_summary (layout, "Live at peak");
  g_test_message ("%s", summary);
  g_assert_true (g_str_has_prefix (summary, "Live at peak: "));
  {
    g_autofree char *size = g_format_size (10641272);
    g_autofree char *requested = g_strdup_printf ("%s requested", size);

    g_assert_nonnull (strstr (summary, requested));
  }
  for (guint i = 0; i < stats.texts->len; i++)
    {
      const char *text = g_ptr_array_index (stats.texts, i);

      said_summary |= g_str_equal (text, summary);
      said_blocks |= g_str_equal (text, "Blocks per size class");
      said_bytes |= g_str_equal (text, "Bytes per size class");
      said_system |= g_str_equal (text, "> 512");
    }
  g_assert_true (said_summary);
  g_assert_true (said_blocks);
  g_assert_true (said_bytes);
  /* the last class is always named */
  g_assert_true (said_system);
  for (guint i = 0; i < tide_histogram_layout_get_n_bars (layout); i++)
    n_full += tide_histogram_layout_get_bar (layout, i)->blocks > 0;
  /* each class with blocks: three bars, titled alike */
  g_assert_cmpuint (stats.n_titles, ==, 3 * n_full);

  if (!tide_test_have ("rsvg-convert"))
    {
      g_test_skip ("rsvg-convert is not installed");
      return;
    }
  tide_chart_test_compare_rsvg (list, "histogram", 10);
  style.dark = TRUE;
  {
    g_autoptr(TideDrawList) dark = tide_histogram_paint (layout, &style, 1000, 600);

    tide_chart_test_compare_rsvg (dark, "histogram, dark", 10);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/histogram/sums", test_sums);
  g_test_add_func ("/charts/histogram/log-axes", test_log_axes);
  g_test_add_func ("/charts/histogram/ticks", test_ticks);
  g_test_add_func ("/charts/histogram/hit", test_hit);
  g_test_add_func ("/charts/histogram/paint", test_paint);

  return g_test_run ();
}
