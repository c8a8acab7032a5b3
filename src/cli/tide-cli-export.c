/* tide-cli-export.c: `tidemark export --chart=flamegraph|diff-flamegraph|timeline|treemap|histogram -o OUT FILE…`
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws a chart without a display, through the same layout and painter as
 * the window, to SVG, PNG or PDF; or writes the flame graph's folded stacks.
 * The differential flame graph takes two traces, BEFORE and AFTER.
 * Options of one chart given for another are errors, not silently
 * ignored: a script that passes --metric to a timeline has a bug.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "tide-cli-export.h"
#include "charts/tide-chart-export.h"
#include "charts/tide-flame-painter.h"
#include "charts/tide-histogram-painter.h"
#include "charts/tide-timeline-painter.h"
#include "charts/tide-treemap-painter.h"
#include "core/analysis/tide-diff-flame.h"
#include "core/analysis/tide-flame-search.h"
#include "core/analysis/tide-replay.h"
#include "core/tide-format.h"
#include "core/tide-trace-loader.h"

#define EXIT_USAGE 2
#define MIN_WIDTH 16
#define MAX_WIDTH 32767 /* cairo's largest image */
#define MIN_HEIGHT 100  /* a chart's axes and legend need some room */
#define MAX_STACKED 64  /* sites in a stacked timeline; its legend must still fit */

typedef enum
{
  CHART_FLAMEGRAPH,
  CHART_TIMELINE,
  CHART_TREEMAP,
  CHART_HISTOGRAM,
  CHART_DIFF_FLAMEGRAPH,
  N_CHARTS
} Chart;

static const char * const chart_names[N_CHARTS] = { "flamegraph", "timeline", "treemap", "histogram", "diff-flamegraph" };

/* Which charts an option applies to. */
#define FOR_FLAME     (1u << CHART_FLAMEGRAPH)
#define FOR_TIMELINE  (1u << CHART_TIMELINE)
#define FOR_TREEMAP   (1u << CHART_TREEMAP)
#define FOR_HISTOGRAM (1u << CHART_HISTOGRAM)
#define FOR_SIZES     (FOR_TREEMAP | FOR_HISTOGRAM)
#define FOR_DIFF      (1u << CHART_DIFF_FLAMEGRAPH)
#define FOR_FLAMES    (FOR_FLAME | FOR_DIFF)

typedef struct
{
  Chart              chart;
  /* every chart */
  gboolean           dark;
  int                width;
  char              *output;
  TideExportFormat   format;
  char              *input;
  char              *input_after;  /* the differential flame graph's AFTER (input is BEFORE) */
  /* flame graph (and the treemap's --color) */
  TideMetric         metric;
  TideFlameOptions   tree;
  TideFlameColorMode color;
  char              *search;
  /* timeline (--height and --at for the sizes charts too) */
  TideTimelineOptions series;
  int                stacked;      /* sites; 0 = not stacked */
  int                height;
  gboolean           show_selection;
  TideSelectionKind  selection;
  double             at_s;         /* --at=SECONDS (massif: its time unit); < 0 for peak or end */
  gboolean           at_end;
  double             range_s[2];
  gboolean           have_window;
  double             window_s[2];
  /* treemap and histogram */
  gboolean           have_scheme;  /* else the trace's default */
  TideSizeClassScheme scheme;
  TideTreemapValue   value;
  TideTreemapColorMode class_color;
  gboolean           all;          /* histogram: every allocation, not the live heap */
} ExportArgs;

static void
export_args_clear (ExportArgs *args)
{
  g_free (args->search);
  g_free (args->output);
  g_free (args->input);
  g_free (args->input_after);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExportArgs, export_args_clear)

static gboolean
usage_error (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
usage_error (GError     **error,
             const char  *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
parse_metric (const char  *text,
              TideMetric  *metric,
              GError     **error)
{
  for (TideMetric m = 0; m < TIDE_N_METRICS; m++)
    if (g_str_equal (text, tide_metric_to_string (m)))
      {
        *metric = m;
        return TRUE;
      }
  return usage_error (error, _("unknown metric “%s” (peak, leaked, allocated, allocations or temporary)"), text);
}

static gboolean
parse_chart (const char  *chart,
             Chart       *out,
             GError     **error)
{
  if (chart == NULL)
    {
      *out = CHART_FLAMEGRAPH;
      return TRUE;
    }
  for (Chart c = 0; c < N_CHARTS; c++)
    if (g_str_equal (chart, chart_names[c]))
      {
        *out = c;
        return TRUE;
      }
  return usage_error (error, _("unknown chart “%s” (flamegraph, diff-flamegraph, timeline, treemap or histogram)"), chart);
}

/* "heap,rss": a list of series names, each shown once. */
static gboolean
parse_series (const char           *text,
              TideTimelineOptions  *options,
              GError              **error)
{
  g_auto(GStrv) names = g_strsplit (text, ",", -1);

  options->n_series = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      TideSeriesKind kind;

      if (!tide_series_kind_from_string (g_strstrip (names[i]), &kind))
        return usage_error (error, _("unknown series “%s” (heap, rss, allocations, allocation-rate or temporary-rate)"),
                            names[i]);
      tide_timeline_options_add (options, kind);
    }
  if (options->n_series == 0)
    return usage_error (error, _("--series needs at least one series"));
  return TRUE;
}

/* A number of seconds, whole or not, at or after zero. */
static gboolean
parse_seconds (const char *text,
               double     *seconds)
{
  char *end = NULL;

  if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  *seconds = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*seconds) && *seconds >= 0;
}

/* "A:B" seconds, A < B. */
static gboolean
parse_span (const char  *option,
            const char  *text,
            double      *span,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);

  if (g_strv_length (parts) != 2 || !parse_seconds (parts[0], &span[0]) || !parse_seconds (parts[1], &span[1])
      || span[1] <= span[0])
    return usage_error (error,
                        _("%s must be START:END in seconds (massif: in its time unit), START before END (not “%s”)"),
                        option, text);
  return TRUE;
}

static gboolean
parse_at (ExportArgs  *args,
          const char  *at,
          GError     **error)
{
  args->show_selection = TRUE;
  args->at_s = -1;
  if (g_str_equal (at, "peak"))
    args->selection = TIDE_SELECTION_PEAK;
  else if (g_str_equal (at, "end"))
    args->selection = TIDE_SELECTION_INSTANT, args->at_end = TRUE;
  else if (parse_seconds (at, &args->at_s))
    args->selection = TIDE_SELECTION_INSTANT;
  else
    return usage_error (error, _("--at must be a time in seconds (massif: in its time unit), peak or end (not “%s”)"),
                        at);
  return TRUE;
}

/* What the timeline's own options say, once the flame graph's are known absent. */
static gboolean
parse_timeline (ExportArgs  *args,
                int          stacked,
                int          height,
                const char  *series,
                const char  *at,
                const char  *range,
                const char  *window,
                GError     **error)
{
  tide_timeline_options_init (&args->series);
  if (series != NULL && !parse_series (series, &args->series, error))
    return FALSE;
  /* -1: not given */
  if (stacked != -1 && (stacked < 1 || stacked > MAX_STACKED))
    return usage_error (error, _("--stacked must be between 1 and %d sites"), MAX_STACKED);
  args->stacked = MAX (stacked, 0);
  args->height = height == -1 ? 400 : height;
  if (args->height < MIN_HEIGHT || args->height > MAX_WIDTH)
    return usage_error (error, _("--height must be between %d and %d"), MIN_HEIGHT, MAX_WIDTH);
  if (at != NULL && range != NULL)
    return usage_error (error, _("--at and --range both select: give one of them"));
  if (at != NULL && !parse_at (args, at, error))
    return FALSE;
  if (range != NULL)
    {
      if (!parse_span ("--range", range, args->range_s, error))
        return FALSE;
      args->show_selection = TRUE;
      args->selection = TIDE_SELECTION_RANGE;
    }
  if (window != NULL)
    {
      if (!parse_span ("--window", window, args->window_s, error))
        return FALSE;
      args->have_window = TRUE;
    }
  args->series.stacked = args->stacked > 0;
  if (args->format == TIDE_EXPORT_FOLDED)
    return usage_error (error, _("a timeline has no folded stacks: name the output .svg, .png or .pdf"));
  return TRUE;
}

/* An option of the command line: whether it was given, and for which charts it means something. */
typedef struct
{
  const char *name;
  gboolean    given;
  guint       charts;
} Given;

/* The first option given that @chart does not understand, or NULL. */
static const char *
foreign_option (Chart        chart,
                const Given *given,
                guint        n)
{
  for (guint i = 0; i < n; i++)
    if (given[i].given && (given[i].charts & (1u << chart)) == 0)
      return given[i].name;
  return NULL;
}

/* What the treemap's and the histogram's own options say. */
static gboolean
parse_sizes (ExportArgs  *args,
             const char  *classes,
             const char  *value,
             const char  *color,
             const char  *at,
             int          height,
             gboolean     live,
             GError     **error)
{
  if (classes != NULL)
    {
      if (!tide_size_class_scheme_from_string (classes, &args->scheme))
        return usage_error (error, _("unknown --classes “%s” (pow2, pymalloc or glibc)"), classes);
      args->have_scheme = TRUE;
    }
  if (value == NULL || g_str_equal (value, "requested"))
    args->value = TIDE_TREEMAP_REQUESTED;
  else if (g_str_equal (value, "handed-out"))
    args->value = TIDE_TREEMAP_HANDED_OUT;
  else
    return usage_error (error, _("unknown --value “%s” (requested or handed-out)"), value);
  if (color == NULL || g_str_equal (color, "class"))
    args->class_color = TIDE_TREEMAP_COLOR_BY_CLASS;
  else if (g_str_equal (color, "site"))
    args->class_color = TIDE_TREEMAP_COLOR_BY_SITE;
  else
    return usage_error (error, _("unknown --color “%s” (class or site)"), color);
  if (live && args->all)
    return usage_error (error, _("--live and --all both choose what to count: give one of them"));
  if (args->all && at != NULL)
    return usage_error (error, _("--at picks the live heap at an instant; --all counts every allocation: give one of them"));
  args->selection = TIDE_SELECTION_PEAK;
  if (at != NULL && !parse_at (args, at, error))
    return FALSE;
  args->height = height == -1 ? (args->chart == CHART_TREEMAP ? 800 : 600) : height;
  if (args->height < MIN_HEIGHT || args->height > MAX_WIDTH)
    return usage_error (error, _("--height must be between %d and %d"), MIN_HEIGHT, MAX_WIDTH);
  if (args->format == TIDE_EXPORT_FOLDED)
    return usage_error (error, _("a %s has no folded stacks: name the output .svg, .png or .pdf"), chart_names[args->chart]);
  return TRUE;
}

static gboolean
parse_choices (ExportArgs  *args,
               const char  *merge,
               const char  *color,
               GError     **error)
{
  if (merge == NULL || g_str_equal (merge, "function"))
    args->tree.merge = TIDE_FLAME_MERGE_FUNCTION;
  else if (g_str_equal (merge, "line"))
    args->tree.merge = TIDE_FLAME_MERGE_LINE;
  else
    return usage_error (error, _("unknown --merge “%s” (function or line)"), merge);

  if (color == NULL || g_str_equal (color, "function"))
    args->color = TIDE_FLAME_COLOR_BY_FUNCTION;
  else if (g_str_equal (color, "module"))
    args->color = TIDE_FLAME_COLOR_BY_MODULE;
  else
    return usage_error (error, _("unknown --color “%s” (function or module)"), color);
  return TRUE;
}

static gboolean
check_files (ExportArgs  *args,
             char       **files,
             GError     **error)
{
  if (args->output == NULL)
    return usage_error (error, _("no output file: use -o OUT.svg, .png, .pdf or .folded"));
  if (!tide_export_format_from_name (args->output, &args->format))
    return usage_error (error, _("cannot tell the format of “%s”: name it .svg, .png, .pdf or .folded"), args->output);
  if (args->chart == CHART_DIFF_FLAMEGRAPH && (files == NULL || g_strv_length (files) != 2))
    return usage_error (error, _("expected two trace files: BEFORE AFTER"));
  if (args->chart != CHART_DIFF_FLAMEGRAPH && (files == NULL || g_strv_length (files) != 1))
    return usage_error (error, _("expected exactly one trace file"));
  if (args->width < MIN_WIDTH || args->width > MAX_WIDTH)
    return usage_error (error, _("--width must be between %d and %d"), MIN_WIDTH, MAX_WIDTH);
  args->input = g_strdup (files[0]);
  args->input_after = g_strdup (files[1]);
  return TRUE;
}

static gboolean
parse_args (ExportArgs  *args,
            int          argc,
            char       **argv,
            GError     **error)
{
  g_autofree char *chart = NULL;
  g_autofree char *metric = NULL;
  g_autofree char *merge = NULL;
  g_autofree char *color = NULL;
  g_autofree char *series = NULL;
  g_autofree char *at = NULL;
  g_autofree char *range = NULL;
  g_autofree char *window = NULL;
  g_autofree char *classes = NULL;
  g_autofree char *value = NULL;
  gboolean reverse = FALSE, live = FALSE;
  int stacked = -1, height = -1;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "chart", 0, 0, G_OPTION_ARG_STRING, &chart,
      N_("Chart to draw: flamegraph (default), diff-flamegraph (of two traces: BEFORE AFTER), timeline, treemap or histogram"),
      N_("CHART") },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &args->dark, N_("Colours for a dark background"), NULL },
    { "width", 'w', 0, G_OPTION_ARG_INT, &args->width, N_("Width in pixels (default 1200)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output, N_("Write to OUT (.svg, .png, .pdf or, flame graphs only, .folded)"), N_("OUT") },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &metric,
      N_("Flame graph: what box widths measure: peak (default), leaked, allocated, allocations, temporary"), N_("METRIC") },
    { "reverse", 0, 0, G_OPTION_ARG_NONE, &reverse, N_("Flame graph: bottom-up, allocation sites at the base"), NULL },
    { "merge", 0, 0, G_OPTION_ARG_STRING, &merge, N_("Flame graph: one box per function (default) or per line"), N_("function|line") },
    { "hide-allocators", 0, 0, G_OPTION_ARG_NONE, &args->tree.hide_allocators,
      N_("Flame graph: leave malloc, operator new and the like out of the stacks"), NULL },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color,
      N_("Flame graph: colour boxes by function (default) or module; treemap: by size class (default) or site"), N_("COLOURS") },
    { "search", 's', 0, G_OPTION_ARG_STRING, &args->search, N_("Flame graph: highlight boxes whose function or file contains TEXT"), N_("TEXT") },
    { "series", 0, 0, G_OPTION_ARG_STRING, &series,
      N_("Timeline: series to draw, comma-separated: heap (default), rss, allocations, allocation-rate, temporary-rate"), N_("LIST") },
    { "stacked", 0, 0, G_OPTION_ARG_INT, &stacked, N_("Timeline: the heap split by its N largest sites at the peak, and the rest"), N_("N") },
    { "height", 0, 0, G_OPTION_ARG_INT, &height,
      N_("Timeline, treemap, histogram: height in pixels (default 400, 800, 600)"), N_("N") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      N_("Timeline: mark the instant selected; treemap, histogram: the heap live then: SECONDS (massif: in its time unit), peak (default) or end"),
      N_("WHEN") },
    { "range", 0, 0, G_OPTION_ARG_STRING, &range,
      N_("Timeline: mark the range selected, in seconds (massif: in its time unit)"), N_("A:B") },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window,
      N_("Timeline: draw only this part of the run, in seconds (massif: in its time unit; default all)"), N_("A:B") },
    { "classes", 0, 0, G_OPTION_ARG_STRING, &classes,
      N_("Treemap, histogram: size classes: pow2, pymalloc or glibc (default: pymalloc for Python programs, else pow2)"), N_("SCHEME") },
    { "value", 0, 0, G_OPTION_ARG_STRING, &value,
      N_("Treemap: areas measure the bytes requested (default) or handed-out by the allocator"), N_("requested|handed-out") },
    { "live", 0, 0, G_OPTION_ARG_NONE, &live, N_("Histogram: count the blocks live at --at (default)"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &args->all, N_("Histogram: count every allocation of the run"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE|BEFORE AFTER") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— draw a chart of a trace to a file"));
  const char *foreign;

  args->metric = TIDE_METRIC_PEAK;
  args->width = 1200;
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return FALSE;
  if (!parse_chart (chart, &args->chart, error))
    return FALSE;

  {
    const Given given[] = {
      { "--metric", metric != NULL, FOR_FLAMES },
      { "--reverse", reverse, FOR_FLAMES },
      { "--merge", merge != NULL, FOR_FLAMES },
      { "--hide-allocators", args->tree.hide_allocators, FOR_FLAMES },
      /* a difference is coloured by its change */
      { "--color", color != NULL, FOR_FLAME | FOR_TREEMAP },
      { "--search", args->search != NULL, FOR_FLAMES },
      { "--series", series != NULL, FOR_TIMELINE },
      { "--stacked", stacked != -1, FOR_TIMELINE },
      { "--height", height != -1, FOR_TIMELINE | FOR_SIZES },
      { "--at", at != NULL, FOR_TIMELINE | FOR_SIZES },
      { "--range", range != NULL, FOR_TIMELINE },
      { "--window", window != NULL, FOR_TIMELINE },
      { "--classes", classes != NULL, FOR_SIZES },
      { "--value", value != NULL, FOR_TREEMAP },
      { "--live", live, FOR_HISTOGRAM },
      { "--all", args->all, FOR_HISTOGRAM },
    };

    foreign = foreign_option (args->chart, given, G_N_ELEMENTS (given));
  }
  if (foreign != NULL)
    return usage_error (error, _("%s does not apply to the %s chart"), foreign, chart_names[args->chart]);
  if (!check_files (args, files, error))
    return FALSE;

  if (args->chart == CHART_TIMELINE)
    return parse_timeline (args, stacked, height, series, at, range, window, error);
  if (args->chart == CHART_TREEMAP || args->chart == CHART_HISTOGRAM)
    return parse_sizes (args, classes, value, color, at, height, live, error);
  if (args->chart == CHART_DIFF_FLAMEGRAPH && args->format == TIDE_EXPORT_FOLDED)
    return usage_error (error, _("a differential flame graph has no folded stacks: name the output .svg, .png or .pdf"));
  args->tree.orientation = reverse ? TIDE_FLAME_BOTTOM_UP : TIDE_FLAME_TOP_DOWN;
  return (metric == NULL || parse_metric (metric, &args->metric, error))
      && parse_choices (args, merge, color, error);
}

static gboolean
write_folded (TideFlameTree  *tree,
              ExportArgs     *args,
              GFile          *out,
              GError        **error)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;

  tide_flame_tree_write_folded (tree, args->metric, text);
  bytes = g_string_free_to_bytes (text);
  return tide_export_bytes (bytes, out, NULL, error);
}

static gboolean
write_drawing (TideFlameTree  *tree,
               ExportArgs     *args,
               GFile          *out,
               GError        **error)
{
  g_autoptr(TideFlameLayout) layout = tide_flame_layout_new (tree, args->metric, 0, args->width);
  g_autofree guint8 *marks = NULL;
  g_autoptr(TideDrawList) list = NULL;
  TideFlameStyle style;

  tide_flame_style_init (&style);
  style.dark = args->dark;
  style.color_mode = args->color;
  if (args->search != NULL && *args->search != '\0')
    {
      guint64 matched;

      marks = g_new0 (guint8, tide_flame_tree_get_n_nodes (tree));
      if (!tide_flame_search (tree, args->search, FALSE, args->metric, marks, &matched, error))
        return FALSE;
      style.matches = marks;
    }
  list = tide_flame_paint (layout, &style, args->width, tide_flame_painter_get_height (layout, &style));
  return tide_export_draw_list (list, args->format, 1.0, out, NULL, error);
}

/* One side of a difference: the trace's own figures for the metric (for
 * the peak, the blocks live then), as `tidemark diff` takes them. */
static void
diff_side (TideTrace  *trace,
           TideMetric  metric,
           guint64   **size,
           guint64   **count)
{
  if (metric == TIDE_METRIC_PEAK)
    tide_diff_side_at_peak (trace, size, count);
  else
    tide_diff_side_for_costs (trace, tide_trace_get_node_cost (trace, 0), NULL, metric, size, count);
}

static gboolean
write_diff (TideTrace   *before,
            TideTrace   *after,
            ExportArgs  *args,
            GFile       *out,
            GError     **error)
{
  g_autofree guint64 *size_before = NULL;
  g_autofree guint64 *count_before = NULL;
  g_autofree guint64 *size_after = NULL;
  g_autofree guint64 *count_after = NULL;
  g_autoptr(TideDiffFlame) diff = NULL;
  g_autoptr(TideFlameLayout) layout = NULL;
  g_autoptr(TideDrawList) list = NULL;
  g_autofree guint8 *marks = NULL;
  TideDiffSide sides[2];
  TideFlameStyle style;

  diff_side (before, args->metric, &size_before, &count_before);
  diff_side (after, args->metric, &size_after, &count_after);
  sides[0] = (TideDiffSide) { before, size_before, count_before };
  sides[1] = (TideDiffSide) { after, size_after, count_after };
  diff = tide_diff_flame_new (&sides[0], &sides[1], args->metric, &args->tree);
  layout = tide_flame_layout_new_for_diff (diff, 0, args->width);

  tide_flame_style_init (&style);
  style.dark = args->dark;
  if (args->search != NULL && *args->search != '\0')
    {
      guint64 matched;

      marks = g_new0 (guint8, tide_diff_flame_get_n_nodes (diff));
      if (!tide_diff_flame_search (diff, args->search, FALSE, marks, &matched, error))
        return FALSE;
      style.matches = marks;
    }
  list = tide_flame_paint (layout, &style, args->width, tide_flame_painter_get_height (layout, &style));
  return tide_export_draw_list (list, args->format, 1.0, out, NULL, error);
}

/* A time given on the command line in the trace's own unit: seconds for
 * a trace timed in milliseconds, massif's instructions or bytes as they are,
 * a series' dumps counted from 1. */
static double
trace_time (TideTrace *trace,
            double     value)
{
  switch (tide_trace_get_time_unit (trace))
    {
    case TIDE_TIME_UNIT_MS:
      return value * 1000;
    case TIDE_TIME_UNIT_SNAPSHOTS:
      return value - 1;
    case TIDE_TIME_UNIT_INSTRUCTIONS:
    case TIDE_TIME_UNIT_BYTES:
    default:
      return value;
    }
}

static gboolean
write_timeline (TideTrace   *trace,
                ExportArgs  *args,
                GFile       *out,
                GError     **error)
{
  const TideTotals *totals = tide_trace_get_totals (trace);
  g_autoptr(TideTimelineSource) source = NULL;
  g_autoptr(TideTimelineLayout) layout = NULL;
  g_autoptr(TideDrawList) list = NULL;
  gboolean wanted[TIDE_N_SERIES] = { FALSE };
  TideTimelineStyle style;
  TideTimelineRect plot;
  double t0 = 0, t1 = MAX (totals->duration_ms, 1);

  /* the series drawn, and no other */
  for (guint i = 0; i < args->series.n_series; i++)
    wanted[args->series.series[i]] = TRUE;
  source = tide_timeline_source_new (trace, wanted);
  for (guint i = 0; i < args->series.n_series; i++)
    if (!tide_timeline_source_has_series (source, args->series.series[i]))
      g_printerr (_("tidemark export: %s: the trace has no %s series; it is left out\n"), args->input,
                  tide_series_kind_to_string (args->series.series[i]));
  if (args->stacked > 0)
    {
      TideTimelineStack *stack = tide_timeline_stack_new (trace, args->stacked, NULL, error);

      if (stack == NULL)
        return FALSE;
      tide_timeline_source_set_stack (source, stack);
    }

  tide_timeline_style_init (&style);
  style.dark = args->dark;
  style.show_selection = args->show_selection;
  style.selection_kind = args->selection;
  switch (args->selection)
    {
    case TIDE_SELECTION_PEAK:
      style.selection_start_ms = style.selection_end_ms = totals->peak_time_ms;
      break;
    case TIDE_SELECTION_INSTANT:
      style.selection_start_ms = style.selection_end_ms = args->at_end ? (double) totals->duration_ms
                                                                        : trace_time (trace, args->at_s);
      break;
    case TIDE_SELECTION_RANGE:
      style.selection_start_ms = trace_time (trace, args->range_s[0]);
      style.selection_end_ms = trace_time (trace, args->range_s[1]);
      break;
    default:
      g_assert_not_reached ();
    }
  if (args->have_window)
    {
      t0 = trace_time (trace, args->window_s[0]);
      t1 = trace_time (trace, args->window_s[1]);
    }

  tide_timeline_painter_get_plot (&style, source, &args->series, args->width, args->height, &plot);
  layout = tide_timeline_layout_new (source, &args->series, t0, t1, &plot);
  list = tide_timeline_paint (layout, &style, args->width, args->height);
  return tide_export_draw_list (list, args->format, 1.0, out, NULL, error);
}

/* The blocks per info the sizes charts count, and what to call them. */
static guint64 *
sizes_blocks (TideTrace   *trace,
              ExportArgs  *args,
              char       **what,
              GError     **error)
{
  g_autofree char *when = NULL;
  guint64 *blocks;

  if (args->all)
    {
      *what = g_strdup (_("All allocations"));
      return tide_size_classes_allocations (trace);
    }
  if (args->selection == TIDE_SELECTION_PEAK)
    {
      /* TRANSLATORS: what a treemap or histogram of the heap at its peak shows */
      *what = g_strdup (_("Live at peak"));
      return tide_size_classes_blocks_at_peak (trace);
    }
  if (args->at_end)
    {
      *what = g_strdup (_("Still live at the end"));
      return tide_size_classes_blocks_at_end (trace);
    }
  {
    g_autoptr(TideReplay) replay = tide_replay_new (trace, NULL, error);
    guint64 ms = (guint64) llround (trace_time (trace, args->at_s));

    if (replay == NULL)
      return NULL;
    blocks = tide_replay_live_blocks_at (replay, tide_trace_event_index_at_time (trace, ms));
    when = tide_format_trace_time (trace, ms);
    *what = g_strdup_printf (_("Live at %s"), when);
    return blocks;
  }
}

static gboolean
write_sizes (TideTrace   *trace,
             ExportArgs  *args,
             GFile       *out,
             GError     **error)
{
  TideSizeClassScheme scheme = args->have_scheme ? args->scheme : tide_size_class_scheme_for_trace (trace);
  g_autofree char *what = NULL;
  g_autofree guint64 *blocks = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(TideDrawList) list = NULL;

  blocks = sizes_blocks (trace, args, &what, error);
  if (blocks == NULL)
    return FALSE;
  classes = tide_size_classes_compute (trace, scheme, blocks);

  if (args->chart == CHART_TREEMAP)
    {
      g_autoptr(TideTreemapLayout) layout = NULL;
      TideTreemapStyle style;
      TideTreemapOptions options;
      TideRect plot;

      tide_treemap_style_init (&style);
      style.dark = args->dark;
      style.color_mode = args->class_color;
      style.what = what;
      tide_treemap_options_init (&options);
      tide_treemap_painter_init_options (&style, &options);
      options.value = args->value;
      tide_treemap_painter_get_plot (&style, args->width, args->height, &plot);
      layout = tide_treemap_layout_new (trace, scheme, classes, &options, plot);
      list = tide_treemap_paint (layout, &style, args->width, args->height);
    }
  else
    {
      g_autoptr(TideHistogramLayout) layout = NULL;
      TideHistogramStyle style;
      TideRect blocks_plot, bytes_plot;

      tide_histogram_style_init (&style);
      style.dark = args->dark;
      style.what = what;
      tide_histogram_painter_get_plots (&style, args->width, args->height, &blocks_plot, &bytes_plot);
      layout = tide_histogram_layout_new (scheme, classes, blocks_plot, bytes_plot);
      list = tide_histogram_paint (layout, &style, args->width, args->height);
    }
  return tide_export_draw_list (list, args->format, 1.0, out, NULL, error);
}

int
tide_cli_export (int    argc,
                 char **argv)
{
  g_auto(ExportArgs) args = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) in = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(TideTrace) trace = NULL;
  g_autoptr(TideTrace) after = NULL;
  g_autoptr(TideFlameTree) tree = NULL;
  gboolean ok;

  if (!parse_args (&args, argc, argv, &error))
    {
      g_printerr ("tidemark export: %s\n", error->message);
      return EXIT_USAGE;
    }

  in = g_file_new_for_commandline_arg (args.input);
  trace = tide_trace_load_file (in, NULL, &error);
  if (trace == NULL)
    {
      g_printerr ("tidemark: %s\n", error->message);
      return 1;
    }
  if (args.input_after != NULL)
    {
      g_autoptr(GFile) in_after = g_file_new_for_commandline_arg (args.input_after);

      after = tide_trace_load_file (in_after, NULL, &error);
      if (after == NULL)
        {
          g_printerr ("tidemark: %s\n", error->message);
          return 1;
        }
    }

  /* memory_profiler samples memory, not stacks */
  if (args.chart == CHART_FLAMEGRAPH && tide_trace_get_format (trace) == TIDE_TRACE_FORMAT_MPROF)
    {
      g_printerr (_("tidemark export: %s: the trace records no stacks (a %s trace has none), so it has no flame graph; "
                    "try --chart=timeline\n"),
                  args.input, tide_trace_get_format_name (trace));
      return 1;
    }

  if ((args.chart == CHART_TREEMAP || args.chart == CHART_HISTOGRAM) && tide_trace_get_n_infos (trace) == 0)
    {
      g_printerr (_("tidemark export: %s: the trace records no allocation sizes (a %s trace has none), so it has no %s\n"),
                  args.input, tide_trace_get_format_name (trace), chart_names[args.chart]);
      return 1;
    }

  /* the time axis (in the trace's unit: the layout asks its source) needs
   * some time to span */
  if (args.chart == CHART_TIMELINE && !tide_timeline_trace_has_time (trace))
    {
      g_printerr (_("tidemark export: %s: the trace records no time (a %s trace has none), so it has no timeline\n"),
                  args.input, tide_trace_get_format_name (trace));
      return 1;
    }

  out = g_file_new_for_commandline_arg (args.output);
  if (args.chart == CHART_DIFF_FLAMEGRAPH)
    ok = write_diff (trace, after, &args, out, &error);
  else if (args.chart == CHART_TIMELINE)
    ok = write_timeline (trace, &args, out, &error);
  else if (args.chart == CHART_TREEMAP || args.chart == CHART_HISTOGRAM)
    ok = write_sizes (trace, &args, out, &error);
  else
    {
      tree = tide_flame_tree_new (trace, &args.tree);
      if (args.format == TIDE_EXPORT_FOLDED)
        ok = write_folded (tree, &args, out, &error);
      else
        ok = write_drawing (tree, &args, out, &error);
    }
  if (!ok)
    {
      g_autofree char *name = g_file_get_parse_name (out);

      /* GIO's messages name the file already, cairo's do not */
      if (strstr (error->message, name) != NULL)
        g_printerr ("tidemark export: %s\n", error->message);
      else
        g_printerr ("tidemark export: %s: %s\n", name, error->message);
      return 1;
    }
  return 0;
}
