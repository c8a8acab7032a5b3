/* tide-chart-test-util.h: helpers shared by the chart tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "charts/tide-chart-export.h"
#include "charts/tide-draw-list.h"
#include "core/analysis/tide-flame-tree.h"
#include "core/analysis/tide-size-classes.h"

G_BEGIN_DECLS

/* The flame tree of tests/data/@name, or of @path when it has a '/'. */
TideFlameTree *tide_chart_test_tree      (const char             *name,
                                          const TideFlameOptions *options);
/* The first node (in id order) whose label is @label; fails the test when none. */
guint32        tide_chart_test_find_node (TideFlameTree          *tree,
                                          const char             *label);

/* A trace of tests/data/@name, or of @path when it has a '/'. */
TideTrace     *tide_chart_test_trace     (const char             *name);

/* One size class's figures, summed straight over a trace's infos. */
typedef struct
{
  guint64 blocks;
  guint64 requested;
  guint64 handed_out;
} TideClassTotals;

/* Per size class (key: GUINT_TO_POINTER (klass + 1), value: TideClassTotals),
 * each info's @blocks counted in its class with no help from the analysis:
 * what the charts' classes are checked against. */
GHashTable    *tide_chart_test_class_totals (TideTrace           *trace,
                                          TideSizeClassScheme     scheme,
                                          const guint64          *blocks);

/* What a GMarkup parse of an SVG document found. */
typedef struct
{
  guint      n_rects;
  guint      n_titles;
  guint      n_texts;
  GPtrArray *titles; /* char *, in document order */
  GPtrArray *texts;  /* char *, in document order */
} TideSvgStats;

/* Parses @svg as XML (well-formedness); FALSE with @error when it is not. */
gboolean       tide_chart_test_parse_svg (const char             *svg,
                                          TideSvgStats           *stats,
                                          GError                **error);
void           tide_svg_stats_clear      (TideSvgStats           *stats);

/* ARGB32 pixel (x, y) of an image surface as 0xRRGGBB (opaque images). */
guint32        tide_chart_test_pixel     (cairo_surface_t        *image,
                                          int                     x,
                                          int                     y);
/* 0xRRGGBB of a colour, rounded as cairo and SVG renderers do. */
guint32        tide_chart_test_rgb       (const TideColor        *c);

/* Exports @list to @dir/@name (the test fails if it cannot); the path. */
char          *tide_chart_test_export    (TideDrawList           *list,
                                          TideExportFormat        format,
                                          double                  scale,
                                          const char             *dir,
                                          const char             *name);
/* Removes @dir and everything under it. */
void           tide_chart_test_remove_dir (const char            *dir);
/* Renders @list's SVG with librsvg and compares it with cairo's PNG of the
 * same list: few pixels differ at all (glyph and path edges antialias a
 * little differently), and the opaque boxes nothing else covers have
 * exactly their colour in both, at least @min_boxes of them. The caller
 * checks that rsvg-convert is installed. */
void           tide_chart_test_compare_rsvg (TideDrawList        *list,
                                          const char             *label,
                                          guint                   min_boxes);

/* `tidemark ARGS…` run as users run it: without a display. */
typedef struct
{
  char *out;
  char *err;
  int   status; /* exit status; -1 when killed by a signal */
} TideChartRun;

/* Runs $TIDEMARK_BIN with the NULL-terminated arguments. */
void           tide_chart_test_run_tidemark (TideChartRun        *r,
                                          const char             *first,
                                          ...) G_GNUC_NULL_TERMINATED;
void           tide_chart_run_clear      (TideChartRun           *r);
/* The run failed with @status, one line on stderr that mentions
 * @mention, nothing on stdout. */
void           tide_chart_test_assert_fails (TideChartRun        *r,
                                          int                     status,
                                          const char             *mention);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TideSvgStats, tide_svg_stats_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TideChartRun, tide_chart_run_clear)

G_END_DECLS
