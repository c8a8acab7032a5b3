/* tide-cli-export.c: `tidemark export --chart=flamegraph -o OUT FILE`
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws a chart without a display, through the same layout and painter as
 * the window, to SVG, PNG or PDF; or writes the flame graph's folded stacks.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "tide-cli-export.h"
#include "charts/tide-chart-export.h"
#include "charts/tide-flame-painter.h"
#include "core/analysis/tide-flame-search.h"
#include "core/tide-trace-loader.h"

#define EXIT_USAGE 2
#define MIN_WIDTH 16
#define MAX_WIDTH 32767 /* cairo's largest image */

typedef struct
{
  TideMetric         metric;
  TideFlameOptions   tree;
  TideFlameColorMode color;
  gboolean           dark;
  int                width;
  char              *search;
  char              *output;
  TideExportFormat   format;
  char              *input;
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

/* --chart: only the flame graph exists so far */
static gboolean
check_chart (const char  *chart,
             GError     **error)
{
  if (chart == NULL || g_str_equal (chart, "flamegraph"))
    return TRUE;
  if (g_str_equal (chart, "timeline") || g_str_equal (chart, "treemap"))
    return usage_error (error, _("the %s chart cannot be exported yet; only --chart=flamegraph can"), chart);
  return usage_error (error, _("unknown chart “%s” (flamegraph)"), chart);
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
  gboolean reverse = FALSE;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "chart", 0, 0, G_OPTION_ARG_STRING, &chart, N_("Chart to draw (flamegraph)"), N_("CHART") },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &metric,
      N_("What box widths measure: peak (default), leaked, allocated, allocations, temporary"), N_("METRIC") },
    { "reverse", 0, 0, G_OPTION_ARG_NONE, &reverse, N_("Bottom-up: allocation sites at the base"), NULL },
    { "merge", 0, 0, G_OPTION_ARG_STRING, &merge, N_("One box per function (default) or per line"), N_("function|line") },
    { "hide-allocators", 0, 0, G_OPTION_ARG_NONE, &args->tree.hide_allocators,
      N_("Leave malloc, operator new and the like out of the stacks"), NULL },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color, N_("Colour boxes by function (default) or module"), N_("function|module") },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &args->dark, N_("Colours for a dark background"), NULL },
    { "width", 'w', 0, G_OPTION_ARG_INT, &args->width, N_("Width in pixels (default 1200)"), N_("N") },
    { "search", 's', 0, G_OPTION_ARG_STRING, &args->search, N_("Highlight boxes whose function or file contains TEXT"), N_("TEXT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output, N_("Write to OUT (.svg, .png, .pdf or .folded)"), N_("OUT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — draw a chart of a trace to a file"));

  args->metric = TIDE_METRIC_PEAK;
  args->width = 1200;
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return FALSE;
  args->tree.orientation = reverse ? TIDE_FLAME_BOTTOM_UP : TIDE_FLAME_TOP_DOWN;
  return check_chart (chart, error)
      && (metric == NULL || parse_metric (metric, &args->metric, error))
      && parse_choices (args, merge, color, error)
      && check_files (args, files, error);
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

  tree = tide_flame_tree_new (trace, &args.tree);
  out = g_file_new_for_commandline_arg (args.output);
  if (args.format == TIDE_EXPORT_FOLDED)
    ok = write_folded (tree, &args, out, &error);
  else
    ok = write_drawing (tree, &args, out, &error);
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
