/* test-treemap-layout.c: the size-class treemap keeps every byte and tiles its area
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "charts/tide-treemap-layout.h"
#include "core/analysis/tide-replay.h"
#include "tide-chart-test-util.h"
#include "tide-test-util.h"

#define PYTHON_PEAK 10641272
#define PYTHON_END  67485
#define LEAKY_PEAK  1122325
#define LEAKY_END   5141

static const TideSizeClassScheme schemes[] = {
  TIDE_SIZE_CLASSES_POW2, TIDE_SIZE_CLASSES_PYMALLOC, TIDE_SIZE_CLASSES_GLIBC,
};

static const TideRect bounds = { 10, 30, 1000, 700 };

static double
area (const TideTreemapRect *r)
{
  return r->w * r->h;
}

static gboolean
overlap (const TideTreemapRect *a,
         const TideTreemapRect *b)
{
  /* a shared edge, give or take rounding, is not an overlap */
  double eps = 1e-6;

  return a->x + eps < b->x + b->w && b->x + eps < a->x + a->w && a->y + eps < b->y + b->h && b->y + eps < a->y + a->h;
}

/* Every invariant of a layout of @classes: the class boxes tile the bounds
 * in proportion to their bytes, the sites tile each class's content in
 * proportion to theirs, nothing overlaps, and the values add up to @total. */
static void
check_layout (TideTreemapLayout *layout,
              guint64            total)
{
  GPtrArray *classes = tide_treemap_layout_get_classes (layout);
  const TideTreemapOptions *options = tide_treemap_layout_get_options (layout);
  TideRect b = tide_treemap_layout_get_bounds (layout);
  double plot_area = b.w * b.h, class_areas = 0;
  guint64 class_values = 0, site_values = 0;
  guint i = 0, n_classes = 0;

  g_assert_cmpuint (tide_treemap_layout_get_total (layout), ==, total);
  while (i < tide_treemap_layout_get_n_rects (layout))
    {
      const TideTreemapRect *c = tide_treemap_layout_get_rect (layout, i);
      const TideSizeClass *klass = tide_treemap_layout_get_class (layout, c);
      TideRect content = tide_treemap_layout_content (layout, c);
      guint64 sum = 0;
      double sites_area = 0;

      g_assert_cmpuint (c->depth, ==, 0);
      g_assert_cmpuint (c->site_index, ==, TIDE_TREEMAP_NO_SITE);
      g_assert_cmpuint (c->value, ==, tide_treemap_value_of (options->value, klass->requested, klass->allocated));
      g_assert_cmpuint (tide_treemap_layout_class_rect (layout, i), ==, i);
      /* inside the bounds */
      g_assert_cmpfloat (c->x, >=, b.x - 1e-6);
      g_assert_cmpfloat (c->y, >=, b.y - 1e-6);
      g_assert_cmpfloat (c->x + c->w, <=, b.x + b.w + 1e-6);
      g_assert_cmpfloat (c->y + c->h, <=, b.y + b.h + 1e-6);
      /* the class's area is its share of the bytes */
      if (total > 0)
        g_assert_cmpfloat_with_epsilon (area (c) / plot_area, (double) c->value / total, 1e-9);
      class_areas += area (c);
      class_values += c->value;
      if (c->has_header)
        {
          g_assert_cmpfloat (options->header_height, >, 0);
          g_assert_cmpfloat (content.h, >=, 2 * options->header_height - 1e-9);
        }
      else
        g_assert_cmpfloat (content.h, ==, c->h);

      for (guint s = 0; s < klass->sites->len; s++)
        {
          const TideTreemapRect *r = tide_treemap_layout_get_rect (layout, i + 1 + s);
          const TideClassSite *site = tide_treemap_layout_get_site (layout, r);

          g_assert_cmpuint (r->depth, ==, 1);
          g_assert_cmpuint (r->class_index, ==, c->class_index);
          g_assert_cmpuint (r->site_index, ==, s);
          g_assert_cmpuint (tide_treemap_layout_class_rect (layout, i + 1 + s), ==, i);
          g_assert_cmpuint (r->value, ==, tide_treemap_value_of (options->value, site->requested, site->allocated));
          /* within the class, under its header */
          if (r->w > 0 && r->h > 0)
            {
              g_assert_cmpfloat (r->x, >=, content.x - 1e-6);
              g_assert_cmpfloat (r->y, >=, content.y - 1e-6);
              g_assert_cmpfloat (r->x + r->w, <=, content.x + content.w + 1e-6);
              g_assert_cmpfloat (r->y + r->h, <=, content.y + content.h + 1e-6);
            }
          /* its share of the class's content is its share of the class's bytes */
          if (c->value > 0)
            g_assert_cmpfloat_with_epsilon (area (r) / (content.w * content.h), (double) r->value / c->value, 1e-9);
          sites_area += area (r);
          sum += r->value;
        }
      g_assert_cmpuint (sum, ==, c->value);
      if (c->value > 0)
        g_assert_cmpfloat_with_epsilon (sites_area / (content.w * content.h), 1.0, 1e-9);
      /* no two sites of a class overlap (the classes of the real traces are small enough to check all pairs) */
      if (klass->sites->len <= 3000)
        for (guint s = 0; s < klass->sites->len; s++)
          for (guint t = s + 1; t < klass->sites->len; t++)
            g_assert_false (overlap (tide_treemap_layout_get_rect (layout, i + 1 + s),
                                     tide_treemap_layout_get_rect (layout, i + 1 + t)));
      site_values += sum;
      n_classes++;
      i += 1 + klass->sites->len;
    }

  if (tide_treemap_layout_get_zoom_index (layout) < 0)
    g_assert_cmpuint (n_classes, ==, classes->len);
  else
    g_assert_cmpuint (n_classes, ==, 1);
  g_assert_cmpuint (class_values, ==, total);
  g_assert_cmpuint (site_values, ==, total);
  if (total > 0)
    g_assert_cmpfloat_with_epsilon (class_areas / plot_area, 1.0, 1e-9);

  /* and no two classes overlap */
  {
    g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (guint));

    for (guint a = 0; a < tide_treemap_layout_get_n_rects (layout); a++)
      if (tide_treemap_layout_get_rect (layout, a)->depth == 0)
        g_array_append_val (boxes, a);
    for (guint a = 0; a < boxes->len; a++)
      for (guint c = a + 1; c < boxes->len; c++)
        g_assert_false (overlap (tide_treemap_layout_get_rect (layout, g_array_index (boxes, guint, a)),
                                 tide_treemap_layout_get_rect (layout, g_array_index (boxes, guint, c))));
  }
}

/* The classes of the layout against a sum straight over the infos. */
static void
check_against_infos (TideTreemapLayout *layout,
                     TideTrace         *trace,
                     const guint64     *blocks)
{
  g_autoptr(GHashTable) direct = tide_chart_test_class_totals (trace, tide_treemap_layout_get_scheme (layout), blocks);
  GPtrArray *classes = tide_treemap_layout_get_classes (layout);
  guint64 requested = 0, handed_out = 0, n_blocks = 0, r, h, nb;

  g_assert_cmpuint (classes->len, ==, g_hash_table_size (direct));
  for (guint i = 0; i < classes->len; i++)
    {
      const TideSizeClass *c = g_ptr_array_index (classes, i);
      const TideClassTotals *t = g_hash_table_lookup (direct, GUINT_TO_POINTER (c->klass + 1));

      g_assert_nonnull (t);
      g_assert_cmpuint (c->blocks, ==, t->blocks);
      g_assert_cmpuint (c->requested, ==, t->requested);
      g_assert_cmpuint (c->allocated, ==, t->handed_out);
      requested += t->requested;
      handed_out += t->handed_out;
      n_blocks += t->blocks;
    }
  tide_treemap_layout_get_totals (layout, &r, &h, &nb);
  g_assert_cmpuint (r, ==, requested);
  g_assert_cmpuint (h, ==, handed_out);
  g_assert_cmpuint (nb, ==, n_blocks);
}

static TideTreemapLayout *
make_layout (TideTrace           *trace,
             TideSizeClassScheme  scheme,
             const guint64       *blocks,
             TideTreemapValue     value,
             guint                zoom)
{
  g_autoptr(GPtrArray) classes = tide_size_classes_compute (trace, scheme, blocks);
  TideTreemapOptions options;

  tide_treemap_options_init (&options);
  options.value = value;
  options.zoom_class = zoom;
  options.header_height = 20;
  options.header_min_width = 80;
  return tide_treemap_layout_new (trace, scheme, classes, &options, bounds);
}

/* Every scheme, requested and handed-out, at @blocks: the areas hold the
 * bytes and the classes equal a sum straight over the infos. */
static void
check_trace (TideTrace     *trace,
             const guint64 *blocks,
             guint64        expected_requested)
{
  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    {
      g_autoptr(TideTreemapLayout) requested = make_layout (trace, schemes[s], blocks, TIDE_TREEMAP_REQUESTED,
                                                            TIDE_TREEMAP_ALL_CLASSES);
      g_autoptr(TideTreemapLayout) handed = make_layout (trace, schemes[s], blocks, TIDE_TREEMAP_HANDED_OUT,
                                                         TIDE_TREEMAP_ALL_CLASSES);
      guint64 handed_total;

      check_layout (requested, expected_requested);
      check_against_infos (requested, trace, blocks);
      tide_treemap_layout_get_totals (handed, NULL, &handed_total, NULL);
      g_assert_cmpuint (handed_total, >=, expected_requested);
      check_layout (handed, handed_total);
      check_against_infos (handed, trace, blocks);
    }
}

static void
test_real_traces (void)
{
  g_autoptr(TideTrace) python = tide_chart_test_trace ("ht_python.zst");
  g_autoptr(TideTrace) leaky = tide_chart_test_trace ("ht_leaky.zst");
  g_autofree guint64 *python_peak = tide_size_classes_blocks_at_peak (python);
  g_autofree guint64 *python_end = tide_size_classes_blocks_at_end (python);
  g_autofree guint64 *leaky_peak = tide_size_classes_blocks_at_peak (leaky);
  g_autofree guint64 *leaky_end = tide_size_classes_blocks_at_end (leaky);

  check_trace (python, python_peak, PYTHON_PEAK);
  check_trace (python, python_end, PYTHON_END);
  check_trace (leaky, leaky_peak, LEAKY_PEAK);
  check_trace (leaky, leaky_end, LEAKY_END);
}

/* A trace recorded now: the treemap at the peak holds the peak the trace
 * (and heaptrack_print) reports. */
static void
test_recorded (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-treemap-rec-XXXXXX", NULL);
  g_autofree char *path = tide_test_record_heaptrack (dir, "leaky.c", "cc");
  g_autoptr(TideTrace) trace = NULL;
  g_autofree guint64 *peak = NULL;
  g_autofree guint64 *end = NULL;
  guint64 printed;

  if (path == NULL)
    {
      tide_chart_test_remove_dir (dir);
      g_test_skip ("heaptrack or cc is not installed");
      return;
    }
  trace = tide_chart_test_trace (path);
  peak = tide_size_classes_blocks_at_peak (trace);
  end = tide_size_classes_blocks_at_end (trace);
  g_assert_true (tide_test_heaptrack_total (path, "peak", &printed));
  g_assert_cmpuint (printed, ==, tide_trace_get_totals (trace)->cost.peak_bytes);
  check_trace (trace, peak, printed);
  g_assert_true (tide_test_heaptrack_total (path, "leaked", &printed));
  check_trace (trace, end, printed);
  tide_chart_test_remove_dir (dir);
}

/* The heap at an instant, replayed from the events: the treemap holds the
 * live bytes then. */
static void
test_instant (void)
{
  g_autoptr(TideTrace) python = tide_chart_test_trace ("ht_python.zst");
  g_autoptr(TideReplay) replay = tide_replay_new (python, NULL, NULL);
  guint n = tide_trace_get_n_samples (python);

  for (guint k = 1; k < 4; k++)
    {
      guint64 index = tide_trace_get_sample_event_index (python, n * k / 4);
      g_autofree guint64 *blocks = tide_replay_live_blocks_at (replay, index);
      g_autofree TideCost *costs = tide_replay_live_at (replay, index);
      guint64 live = 0;

      for (guint i = 0; i < tide_trace_get_n_nodes (python); i++)
        live += costs[i].peak_bytes;
      g_test_message ("after %" G_GUINT64_FORMAT " events: %" G_GUINT64_FORMAT " bytes live", index, live);
      g_assert_cmpuint (live, >, 0);
      check_trace (python, blocks, live);
    }
}

/* Drilled into a class: it fills the bounds, with no header, its sites
 * tile them exactly; back out (or a class not there) shows all. */
static void
test_drill (void)
{
  g_autoptr(TideTrace) python = tide_chart_test_trace ("ht_python.zst");
  g_autofree guint64 *peak = tide_size_classes_blocks_at_peak (python);
  g_autoptr(GPtrArray) classes = tide_size_classes_compute (python, TIDE_SIZE_CLASSES_PYMALLOC, peak);

  for (guint i = 0; i < classes->len; i++)
    {
      const TideSizeClass *c = g_ptr_array_index (classes, i);
      g_autoptr(TideTreemapLayout) layout = make_layout (python, TIDE_SIZE_CLASSES_PYMALLOC, peak,
                                                         TIDE_TREEMAP_REQUESTED, c->klass);
      const TideTreemapRect *r = tide_treemap_layout_get_rect (layout, 0);

      g_assert_cmpint (tide_treemap_layout_get_zoom_index (layout), ==, (int) i);
      g_assert_cmpuint (tide_treemap_layout_get_n_rects (layout), ==, 1 + c->sites->len);
      g_assert_cmpfloat (r->x, ==, bounds.x);
      g_assert_cmpfloat (r->y, ==, bounds.y);
      g_assert_cmpfloat (r->w, ==, bounds.w);
      g_assert_cmpfloat (r->h, ==, bounds.h);
      g_assert_false (r->has_header);
      check_layout (layout, c->requested);
      /* no header: each site's area is its share of the bounds */
      for (guint s = 1; s < tide_treemap_layout_get_n_rects (layout); s++)
        {
          const TideTreemapRect *site = tide_treemap_layout_get_rect (layout, s);

          g_assert_cmpfloat_with_epsilon (area (site) / (bounds.w * bounds.h), (double) site->value / c->requested, 1e-9);
        }
      /* the other classes' totals stay known, for shares */
      {
        guint64 requested;

        tide_treemap_layout_get_totals (layout, &requested, NULL, NULL);
        g_assert_cmpuint (requested, ==, PYTHON_PEAK);
      }
    }

  {
    g_autoptr(TideTreemapLayout) none = make_layout (python, TIDE_SIZE_CLASSES_PYMALLOC, peak, TIDE_TREEMAP_REQUESTED, 9999);

    g_assert_cmpint (tide_treemap_layout_get_zoom_index (none), ==, -1);
    check_layout (none, PYTHON_PEAK);
  }
}

/* A hit at the centre of a box finds that box; on a header, its class;
 * outside, nothing. */
static void
test_hit (void)
{
  g_autoptr(TideTrace) python = tide_chart_test_trace ("ht_python.zst");
  g_autofree guint64 *peak = tide_size_classes_blocks_at_peak (python);
  g_autoptr(TideTreemapLayout) layout = make_layout (python, TIDE_SIZE_CLASSES_POW2, peak, TIDE_TREEMAP_REQUESTED,
                                                     TIDE_TREEMAP_ALL_CLASSES);
  guint headers = 0, sites = 0;

  for (guint i = 0; i < tide_treemap_layout_get_n_rects (layout); i++)
    {
      const TideTreemapRect *r = tide_treemap_layout_get_rect (layout, i);

      if (r->depth == 1 && r->w > 1e-3 && r->h > 1e-3)
        {
          g_assert_cmpint (tide_treemap_layout_hit (layout, r->x + r->w / 2, r->y + r->h / 2), ==, (int) i);
          sites++;
        }
      else if (r->depth == 0 && r->has_header)
        {
          g_assert_cmpint (tide_treemap_layout_hit (layout, r->x + 3, r->y + 3), ==, (int) i);
          headers++;
        }
    }
  g_assert_cmpuint (sites, >, 50);
  g_assert_cmpuint (headers, >, 2);
  g_assert_cmpint (tide_treemap_layout_hit (layout, bounds.x - 1, bounds.y + 5), ==, -1);
  g_assert_cmpint (tide_treemap_layout_hit (layout, bounds.x + 5, bounds.y + bounds.h), ==, -1);
  g_assert_cmpint (tide_treemap_layout_hit (layout, bounds.x + bounds.w + 0.5, bounds.y + 5), ==, -1);
}

/* Synthetic values: a million sites in one class, and empty inputs. */
static void
test_synthetic (void)
{
  g_autoptr(TideTrace) leaky = tide_chart_test_trace ("ht_leaky.zst");
  g_autoptr(GPtrArray) classes = g_ptr_array_new ();
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  TideSizeClass big = { 5, 0, 0, 0, g_array_sized_new (FALSE, TRUE, sizeof (TideClassSite), 1000000) };
  TideSizeClass small = { 9, 3, 300, 320, g_array_new (FALSE, TRUE, sizeof (TideClassSite)) };
  TideClassSite one = { 0, 3, 300, 320 };
  TideTreemapOptions options;
  g_autoptr(TideTreemapLayout) layout = NULL;
  g_autoptr(TideTreemapLayout) empty = NULL;

  for (guint i = 0; i < 1000000; i++)
    {
      TideClassSite s = { 0, 1, 1 + (i * 2654435761u) % 4096, 0 };

      s.allocated = s.requested + 8;
      big.blocks += 1;
      big.requested += s.requested;
      big.allocated += s.allocated;
      g_array_append_val (big.sites, s);
    }
  g_array_append_val (small.sites, one);
  g_ptr_array_add (classes, &big);
  g_ptr_array_add (classes, &small);
  tide_treemap_options_init (&options);
  options.header_height = 18;
  layout = tide_treemap_layout_new (leaky, TIDE_SIZE_CLASSES_POW2, classes, &options, bounds);
  g_assert_cmpuint (tide_treemap_layout_get_n_rects (layout), ==, 2 + 1000001);
  check_layout (layout, big.requested + small.requested);
  /* a hit anywhere in the big class finds a site in the grid */
  for (double x = bounds.x + 5; x < bounds.x + bounds.w; x += 97)
    {
      int i = tide_treemap_layout_hit (layout, x, bounds.y + bounds.h / 2);

      g_assert_cmpint (i, >=, 0);
    }

  empty = tide_treemap_layout_new (leaky, TIDE_SIZE_CLASSES_POW2, none, &options, bounds);
  g_assert_cmpuint (tide_treemap_layout_get_n_rects (empty), ==, 0);
  g_assert_cmpuint (tide_treemap_layout_get_total (empty), ==, 0);
  g_assert_cmpint (tide_treemap_layout_hit (empty, 100, 100), ==, -1);
  g_array_unref (big.sites);
  g_array_unref (small.sites);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/treemap-layout/real-traces", test_real_traces);
  g_test_add_func ("/charts/treemap-layout/recorded", test_recorded);
  g_test_add_func ("/charts/treemap-layout/instant", test_instant);
  g_test_add_func ("/charts/treemap-layout/drill", test_drill);
  g_test_add_func ("/charts/treemap-layout/hit", test_hit);
  g_test_add_func ("/charts/treemap-layout/synthetic", test_synthetic);

  return g_test_run ();
}
