/* tide-cli-diff.c: `tidemark diff [--json] A B`, what grew between two traces
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For scripts and CI: the top changes between a "before" and an "after"
 * trace, in the order of tracemalloc's compare_to, and an exit status of 3
 * when the growth passes a threshold.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

#include "tide-cli-diff.h"
#include "core/analysis/tide-diff.h"
#include "core/analysis/tide-summary-json.h"
#include "core/tide-trace-loader.h"

#define EXIT_GROWTH 3

typedef struct
{
  TideTrace *trace;
  guint64   *size;
  guint64   *count;
  guint64    total_size;
} Side;

static gboolean
load_side (const char  *arg,
           Side        *side,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (arg);

  side->trace = tide_trace_load_file (file, NULL, error);
  if (side->trace == NULL)
    return FALSE;
  tide_diff_side_at_peak (side->trace, &side->size, &side->count);
  side->total_size = tide_trace_get_totals (side->trace)->cost.peak_bytes;
  return TRUE;
}

static void
side_clear (Side *side)
{
  g_clear_object (&side->trace);
  g_clear_pointer (&side->size, g_free);
  g_clear_pointer (&side->count, g_free);
}

/* "1000000", "5%": bytes or a share of the "before" total. */
static gboolean
parse_threshold (const char *text,
                 gboolean   *percent,
                 double     *value)
{
  char *end;

  *value = g_ascii_strtod (text, &end);
  *percent = *end == '%';
  if (*percent)
    end++;
  return end != text && *end == '\0' && *value >= 0;
}

static void
append_side_json (GString    *out,
                  const char *key,
                  const char *path,
                  Side       *side)
{
  g_string_append_printf (out, "  \"%s\": {\"file\": ", key);
  tide_json_append_string (out, path);
  g_string_append (out, ", \"format\": ");
  tide_json_append_string (out, tide_trace_get_format_name (side->trace));
  g_string_append_printf (out, ", \"peak_bytes\": %" G_GUINT64_FORMAT "},\n", side->total_size);
}

static void
append_row_json (GString           *out,
                 const TideDiffRow *row,
                 TideDiffGrouping   grouping)
{
  g_string_append (out, "    {\"site\": ");
  if (grouping == TIDE_DIFF_BY_TRACEBACK)
    {
      g_string_append_c (out, '[');
      for (guint k = 0; k < row->frames->len; k++)
        {
          if (k > 0)
            g_string_append (out, ", ");
          tide_json_append_string (out, g_ptr_array_index (row->frames, k));
        }
      g_string_append_c (out, ']');
    }
  else
    tide_json_append_string (out, g_ptr_array_index (row->frames, 0));
  g_string_append_printf (out, ", \"size\": %" G_GINT64_FORMAT ", \"size_diff\": %" G_GINT64_FORMAT
                          ", \"count\": %" G_GINT64_FORMAT ", \"count_diff\": %" G_GINT64_FORMAT "}",
                          row->size, row->size_diff, row->count, row->count_diff);
}

static void
print_row_text (const TideDiffRow *row)
{
  g_autofree char *size = g_format_size (ABS (row->size));
  g_autofree char *diff = g_format_size (ABS (row->size_diff));
  const char *site = g_ptr_array_index (row->frames, row->frames->len - 1);

  g_print ("%s: %s=%s (%c%s), %s=%" G_GINT64_FORMAT " (%+" G_GINT64_FORMAT ")\n", site,
           _("size"), size, row->size_diff < 0 ? '-' : '+', diff,
           _("count"), row->count, row->count_diff);
  for (guint k = row->frames->len - 1; k > 0; k--)
    g_print ("    %s\n", (const char *) g_ptr_array_index (row->frames, k - 1));
}

int
tide_cli_diff (int    argc,
               char **argv)
{
  gboolean json = FALSE;
  g_autofree char *group_by = NULL;
  g_autofree char *fail_if = NULL;
  int top = 10;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { "group-by", 0, 0, G_OPTION_ARG_STRING, &group_by, N_("Group sites by traceback, line (default) or function"), N_("KEY") },
    { "top", 0, 0, G_OPTION_ARG_INT, &top, N_("How many changes to show (default 10; 0 for all)"), N_("N") },
    { "fail-if-growth", 0, 0, G_OPTION_ARG_STRING, &fail_if,
      N_("Exit with status 3 when the peak grew by more than BYTES, or by more than PERCENT%"), N_("BYTES|PERCENT%") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("BEFORE AFTER") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— what grew between two traces"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  TideDiffGrouping grouping = TIDE_DIFF_BY_LINE;
  Side a = { 0 }, b = { 0 };
  TideDiffSide before, after;
  gboolean percent = FALSE;
  double threshold = 0;
  gint64 growth;
  int status = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("tidemark diff: %s\n", error->message);
      return 2;
    }
  if (files == NULL || g_strv_length (files) != 2)
    {
      g_printerr ("tidemark diff: %s\n", _("expected two traces: BEFORE AFTER"));
      return 2;
    }
  if (group_by != NULL && !tide_diff_grouping_from_string (group_by, &grouping))
    {
      g_printerr ("tidemark diff: %s\n", _("--group-by takes traceback, line or function"));
      return 2;
    }
  if (fail_if != NULL && !parse_threshold (fail_if, &percent, &threshold))
    {
      g_printerr ("tidemark diff: %s\n", _("--fail-if-growth takes a number of bytes or a percentage like 5%"));
      return 2;
    }
  if (top < 0)
    {
      g_printerr ("tidemark diff: %s\n", _("--top takes a number from 0"));
      return 2;
    }

  if (!load_side (files[0], &a, &error) || !load_side (files[1], &b, &error))
    {
      g_printerr ("tidemark: %s\n", error->message);
      side_clear (&a);
      side_clear (&b);
      return 1;
    }

  before = (TideDiffSide) { a.trace, a.size, a.count };
  after = (TideDiffSide) { b.trace, b.size, b.count };
  rows = tide_diff_compute (&before, &after, grouping);
  if (top > 0 && rows->len > (guint) top)
    g_ptr_array_set_size (rows, top);

  growth = (gint64) b.total_size - (gint64) a.total_size;
  if (fail_if != NULL)
    {
      double limit = percent ? threshold / 100.0 * a.total_size : threshold;

      if (growth > limit)
        status = EXIT_GROWTH;
    }

  if (json)
    {
      GString *out = g_string_new ("{\n");

      append_side_json (out, "before", files[0], &a);
      append_side_json (out, "after", files[1], &b);
      g_string_append_printf (out, "  \"peak_diff\": %" G_GINT64_FORMAT ",\n  \"rows\": [", growth);
      for (guint i = 0; i < rows->len; i++)
        {
          g_string_append (out, i == 0 ? "\n" : ",\n");
          append_row_json (out, g_ptr_array_index (rows, i), grouping);
        }
      g_string_append (out, rows->len > 0 ? "\n  ]\n}\n" : "]\n}\n");
      fputs (out->str, stdout);
      g_string_free (out, TRUE);
    }
  else
    {
      g_autofree char *pa = g_format_size (a.total_size);
      g_autofree char *pb = g_format_size (b.total_size);

      g_print ("%s: %s → %s (%+" G_GINT64_FORMAT " B)\n\n", _("Peak"), pa, pb, growth);
      for (guint i = 0; i < rows->len; i++)
        print_row_text (g_ptr_array_index (rows, i));
    }

  if (status == EXIT_GROWTH)
    g_printerr ("tidemark diff: %s\n", _("the peak grew more than --fail-if-growth allows"));
  side_clear (&a);
  side_clear (&b);
  return status;
}
