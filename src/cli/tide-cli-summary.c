/* tide-cli-summary.c: `tidemark summary [--json] FILE`
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <stdio.h>

#include "tide-cli-summary.h"
#include "core/analysis/tide-sites.h"
#include "core/analysis/tide-summary-json.h"
#include "core/tide-format.h"
#include "core/tide-trace-loader.h"

static void
print_sites (TideTrace  *trace,
             const char *title,
             TideMetric  metric)
{
  g_autoptr(GArray) sites = tide_sites_top (trace, metric, TIDE_SUMMARY_TOP_ROWS);

  g_print ("\n%s\n", title);
  if (sites->len == 0)
    g_print ("  %s\n", _("(none)"));
  for (guint i = 0; i < sites->len; i++)
    {
      const TideSite *site = &g_array_index (sites, TideSite, i);
      g_autofree char *value = tide_format_metric (metric, tide_cost_get (&site->cost, metric));
      g_autofree char *location = tide_format_frame (trace, site->frame);

      g_print ("  %12s  %s\n", value, location);
    }
}

/* Massif knows per site only what detailed snapshots hold: when the last
 * snapshot has no tree, what is left at the end has no sites. */
static gboolean
leaks_known_per_site (TideTrace *trace)
{
  guint64 sum = 0;

  for (guint i = 0; i < tide_trace_get_n_nodes (trace); i++)
    sum += tide_trace_get_node_cost (trace, i)->leaked_bytes;
  return sum == tide_trace_get_totals (trace)->cost.leaked_bytes;
}

/* The trace's extra series (child processes, traced memory), each's high. */
static void
print_extra_series (TideTrace *trace)
{
  for (guint e = 0; e < tide_trace_get_n_extra_series (trace); e++)
    {
      guint n;
      const TideSeriesPoint *points = tide_trace_get_extra_series (trace, e, &n);
      guint64 high = 0;
      g_autofree char *size = NULL;

      for (guint i = 0; i < n; i++)
        high = MAX (high, points[i].max_value);
      size = g_format_size (high);
      /* TRANSLATORS: the highest point of a series, "Child 26588: up to 93.0 MB (88.73 MiB)" */
      g_print (_("%s: up to %s (%.2f MiB)\n"), tide_trace_get_extra_series_name (trace, e), size, high / 1048576.0);
    }
}

/* memory_profiler: the process's memory over time and the functions it
 * watched; no stacks, so no sites. */
static void
print_mprof (TideTrace *trace)
{
  const TideTotals *t = tide_trace_get_totals (trace);
  g_autofree char *command = g_utf8_make_valid (tide_trace_get_command (trace), -1);
  g_autofree char *runtime = tide_format_trace_time (trace, t->duration_ms);
  g_autofree char *peak = g_format_size (t->cost.peak_bytes);
  g_autofree char *peak_time = tide_format_trace_time (trace, t->peak_time_ms);
  g_autofree char *end = g_format_size (t->cost.leaked_bytes);

  g_print ("%s: %s (%s)\n", _("Command"), command, tide_trace_get_format_name (trace));
  g_print ("%s: %s (%u)\n", _("Total runtime (samples)"), runtime, tide_trace_get_n_samples (trace));
  g_print ("%s: %s (%.2f MiB) %s %s\n", _("Peak memory"), peak, t->cost.peak_bytes / 1048576.0, _("at"), peak_time);
  g_print ("%s: %s (%.2f MiB)\n", _("Memory at the end"), end, t->cost.leaked_bytes / 1048576.0);
  print_extra_series (trace);
  if (tide_trace_get_n_spans (trace) > 0)
    g_print ("\n%s\n", _("Functions (@profile)"));
  for (guint i = 0; i < tide_trace_get_n_spans (trace); i++)
    {
      const TideSpan *span = tide_trace_get_span (trace, i);
      g_autofree char *took = tide_format_trace_time (trace, span->end - span->start);

      g_print ("  %*s%s  %s, %.2f → %.2f MiB\n", (int) MIN (span->depth, 8) * 2, "",
               tide_trace_get_string (trace, span->name), took, span->start_bytes / 1048576.0,
               span->end_bytes / 1048576.0);
    }
}

static void
print_text (TideTrace *trace)
{
  const TideTotals *t = tide_trace_get_totals (trace);
  double seconds = t->duration_ms / 1000.0;
  gboolean counts = tide_trace_counts_allocations (trace);
  g_autofree char *allocated = g_format_size (t->cost.allocated_bytes);
  g_autofree char *peak = g_format_size (t->cost.peak_bytes);
  g_autofree char *rss = g_format_size (t->peak_rss_bytes);
  g_autofree char *leaked = g_format_size (t->cost.leaked_bytes);
  g_autofree char *command = g_utf8_make_valid (tide_trace_get_command (trace), -1);
  g_autofree char *runtime = tide_format_trace_time (trace, t->duration_ms);
  g_autofree char *peak_time = tide_format_trace_time (trace, t->peak_time_ms);

  if (tide_trace_get_format (trace) == TIDE_TRACE_FORMAT_MPROF)
    {
      print_mprof (trace);
      return;
    }
  g_print ("%s: %s (%s %u)\n", _("Command"), command,
           tide_trace_get_format_name (trace), tide_trace_get_format_version (trace));
  if (tide_trace_get_time_unit (trace) == TIDE_TIME_UNIT_SNAPSHOTS)
    /* a series of dumps: how many, not how long */
    g_print ("%s: %u\n", _("Snapshots"), tide_trace_get_n_samples (trace));
  else
    g_print ("%s: %s\n", _("Total runtime"), runtime);
  if (counts)
    {
      /* rates cut to whole calls, as heaptrack_print prints them */
      g_print ("%s: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT "/s)\n", _("Calls to allocation functions"),
               t->cost.allocations, seconds > 0 ? (guint64) (t->cost.allocations / seconds) : 0);
      g_print ("%s: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT "/s)\n", _("Temporary allocations"),
               t->cost.temporary, seconds > 0 ? (guint64) (t->cost.temporary / seconds) : 0);
      g_print ("%s: %s (%" G_GUINT64_FORMAT " B)\n", _("Bytes allocated in total"), allocated, t->cost.allocated_bytes);
    }
  g_print ("%s: %s (%" G_GUINT64_FORMAT " B) %s %s\n", _("Peak heap consumption"), peak,
           t->cost.peak_bytes, _("at"), peak_time);
  if (tide_trace_get_peak_sample (trace) != G_MAXUINT)
    g_print ("%s: %u\n", _("Peak snapshot"), tide_trace_get_peak_sample (trace));
  if (t->peak_rss_bytes != 0)
    g_print ("%s: %s\n", _("Peak RSS (including profiler overhead)"), rss);
  print_extra_series (trace);
  if (counts)
    {
      g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, t->cost.leaked_bytes);
      g_autofree char *blocks = g_strdup_printf ("%" G_GUINT64_FORMAT, t->cost.leaked_allocations);
      /* TRANSLATORS: bytes and blocks still allocated at the end */
      g_autofree char *detail = g_strdup_printf (_("%s B in %s blocks"), bytes, blocks);

      g_print ("%s: %s (%s)\n", _("Leaked"), leaked, detail);
    }
  else
    g_print ("%s: %s (%" G_GUINT64_FORMAT " B)\n", _("Still allocated at the end"), leaked, t->cost.leaked_bytes);

  print_sites (trace, _("Peak contributors"), TIDE_METRIC_PEAK);
  if (leaks_known_per_site (trace))
    print_sites (trace, _("Leaks"), TIDE_METRIC_LEAKED);
  else
    g_print ("\n%s\n  %s\n", _("Leaks"), _("(not recorded per site: the last snapshot has no allocation tree)"));
  if (counts)
    {
      print_sites (trace, _("Most allocations"), TIDE_METRIC_ALLOCATIONS);
      print_sites (trace, _("Most temporary allocations"), TIDE_METRIC_TEMPORARY);
    }
}

int
tide_cli_summary (int    argc,
                  char **argv)
{
  gboolean json = FALSE;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— print a trace's totals and top sites"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(TideTrace) trace = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("tidemark summary: %s\n", error->message);
      return 2;
    }
  if (files == NULL || g_strv_length (files) != 1)
    {
      g_printerr ("tidemark summary: %s\n", _("expected exactly one trace file"));
      return 2;
    }

  file = g_file_new_for_commandline_arg (files[0]);
  trace = tide_trace_load_file (file, NULL, &error);
  if (trace == NULL)
    {
      g_printerr ("tidemark: %s\n", error->message);
      return 1;
    }

  if (json)
    {
      g_autofree char *text = tide_summary_to_json (trace);
      fputs (text, stdout);
    }
  else
    print_text (trace);

  return 0;
}
