/* tide-cli-export.c: `tidemark export --chart=flamegraph|timeline -o OUT FILE`
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws a chart without a display, through the same layout and painter as
 * the window, to SVG, PNG or PDF; or writes the flame graph's folded stacks.
 * Options of one chart given for the other are errors, not silently
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
#include "charts/tide-timeline-painter.h"
#include "core/analysis/tide-flame-search.h"
#include "core/tide-trace-loader.h"

#define EXIT_USAGE 2
#define MIN_WIDTH 16
#define MAX_WIDTH 32767 /* cairo's largest image */
#define MIN_HEIGHT 100  /* a timeline's axes and legend need some room */
#define MAX_STACKED 64  /* sites in a stacked timeline; its legend must still fit */

typedef enum
{
  CHART_FLAMEGRAPH,
  CHART_TIMELINE,
} Chart;

typedef struct
{
  Chart              chart;
  /* both charts */
  gboolean           dark;
  int                width;
  char              *output;
  TideExportFormat   format;
  char              *input;
  /* flame graph */
  TideMetric         metric;
  TideFlameOptions   tree;
  TideFlameColorMode color;
  char              *search;
  /* timeline */
  TideTimelineOptions series;
  int                stacked;      /* sites; 0 = not stacked */
  int                height;
  gboolean           show_selection;
  TideSelectionKind  selection;
  double             at_s;         /* --at=SECONDS; < 0 for peak or end */
  gboolean           at_end;
  double             range_s[2];
  gboolean           have_window;
  double             window_s[2];
} ExportArgs;

static void
export_args_clear (ExportArgs *args)
{
  g_free (args->search);
  g_free (args->output);
  g_free (args->input);
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
  if (chart == NULL || g_str_equal (chart, "flamegraph"))
    *out = CHART_FLAMEGRAPH;
  else if (g_str_equal (chart, "timeline"))
    *out = CHART_TIMELINE;
  else if (g_str_equal (chart, "treemap"))
    return usage_error (error, _("the %s chart cannot be exported yet; only --chart=flamegraph or timeline can"), chart);
  else
    return usage_error (error, _("unknown chart “%s” (flamegraph or timeline)"), chart);
  return TRUE;
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
    return usage_error (error, _("%s must be START:END in seconds, START before END (not “%s”)"), option, text);
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
    return usage_error (error, _("--at must be a time in seconds, peak or end (not “%s”)"), at);
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

/* The first option given that only the other chart understands, or NULL. */
static const char *
foreign_option (Chart       chart,
                const char *const *flame_set,
                const char *const *timeline_set)
{
  const char *const *set = chart == CHART_FLAMEGRAPH ? timeline_set : flame_set;

  for (guint i = 0; set[i] != NULL; i += 2)
    if (set[i + 1] != NULL)
      return set[i];
  return NULL;
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
  if (files == NULL || g_strv_length (files) != 1)
    return usage_error (error, _("expected exactly one trace file"));
  if (args->width < MIN_WIDTH || args->width > MAX_WIDTH)
    return usage_error (error, _("--width must be between %d and %d"), MIN_WIDTH, MAX_WIDTH);
  args->input = g_strdup (files[0]);
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
  gboolean reverse = FALSE;
  int stacked = -1, height = -1;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "chart", 0, 0, G_OPTION_ARG_STRING, &chart, N_("Chart to draw: flamegraph (default) or timeline"), N_("CHART") },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &args->dark, N_("Colours for a dark background"), NULL },
    { "width", 'w', 0, G_OPTION_ARG_INT, &args->width, N_("Width in pixels (default 1200)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output, N_("Write to OUT (.svg, .png, .pdf or, flame graphs only, .folded)"), N_("OUT") },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &metric,
      N_("Flame graph: what box widths measure: peak (default), leaked, allocated, allocations, temporary"), N_("METRIC") },
    { "reverse", 0, 0, G_OPTION_ARG_NONE, &reverse, N_("Flame graph: bottom-up, allocation sites at the base"), NULL },
    { "merge", 0, 0, G_OPTION_ARG_STRING, &merge, N_("Flame graph: one box per function (default) or per line"), N_("function|line") },
    { "hide-allocators", 0, 0, G_OPTION_ARG_NONE, &args->tree.hide_allocators,
      N_("Flame graph: leave malloc, operator new and the like out of the stacks"), NULL },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color, N_("Flame graph: colour boxes by function (default) or module"), N_("function|module") },
    { "search", 's', 0, G_OPTION_ARG_STRING, &args->search, N_("Flame graph: highlight boxes whose function or file contains TEXT"), N_("TEXT") },
    { "series", 0, 0, G_OPTION_ARG_STRING, &series,
      N_("Timeline: series to draw, comma-separated: heap (default), rss, allocations, allocation-rate, temporary-rate"), N_("LIST") },
    { "stacked", 0, 0, G_OPTION_ARG_INT, &stacked, N_("Timeline: the heap split by its N largest sites at the peak, and the rest"), N_("N") },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, N_("Timeline: height in pixels (default 400)"), N_("N") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Timeline: mark the instant selected: SECONDS, peak or end"), N_("WHEN") },
    { "range", 0, 0, G_OPTION_ARG_STRING, &range, N_("Timeline: mark the range selected, in seconds"), N_("A:B") },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window, N_("Timeline: draw only this part of the run, in seconds (default all)"), N_("A:B") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
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
    const char *const flame_set[] = {
      "--metric", metric, "--reverse", reverse ? "" : NULL, "--merge", merge,
      "--hide-allocators", args->tree.hide_allocators ? "" : NULL, "--color", color, "--search", args->search, NULL
    };
    const char *const timeline_set[] = {
      "--series", series, "--stacked", stacked != -1 ? "" : NULL, "--height", height != -1 ? "" : NULL,
      "--at", at, "--range", range, "--window", window, NULL
    };

    foreign = foreign_option (args->chart, flame_set, timeline_set);
  }
  if (foreign != NULL)
    return usage_error (error, _("%s does not apply to the %s chart"), foreign,
                        args->chart == CHART_FLAMEGRAPH ? "flamegraph" : "timeline");
  if (!check_files (args, files, error))
    return FALSE;

  if (args->chart == CHART_TIMELINE)
    return parse_timeline (args, stacked, height, series, at, range, window, error);
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

static gboolean
write_timeline (TideTrace   *trace,
                ExportArgs  *args,
                GFile       *out,
                GError     **error)
{
  const TideTotals *totals = tide_trace_get_totals (trace);
  g_autoptr(TideTimelineSource) source = tide_timeline_source_new (trace);
  g_autoptr(TideTimelineLayout) layout = NULL;
  g_autoptr(TideDrawList) list = NULL;
  TideTimelineStyle style;
  TideTimelineRect plot;
  double t0 = 0, t1 = MAX (totals->duration_ms, 1);

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
      style.selection_start_ms = style.selection_end_ms = args->at_end ? (double) totals->duration_ms : args->at_s * 1000;
      break;
    case TIDE_SELECTION_RANGE:
      style.selection_start_ms = args->range_s[0] * 1000;
      style.selection_end_ms = args->range_s[1] * 1000;
      break;
    default:
      g_assert_not_reached ();
    }
  if (args->have_window)
    {
      t0 = args->window_s[0] * 1000;
      t1 = args->window_s[1] * 1000;
    }

  tide_timeline_painter_get_plot (&style, source, &args->series, args->width, args->height, &plot);
  layout = tide_timeline_layout_new (source, &args->series, t0, t1, &plot);
  list = tide_timeline_paint (layout, &style, args->width, args->height);
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

  out = g_file_new_for_commandline_arg (args.output);
  if (args.chart == CHART_TIMELINE)
    ok = write_timeline (trace, &args, out, &error);
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
