/* tide-summary-json.c: the machine-readable summary of a trace
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-sites.h"
#include "tide-summary-json.h"

void
tide_json_append_string (GString    *out,
                         const char *str)
{
  /* file names and symbols in traces are bytes, not always UTF-8 */
  g_autofree char *valid = g_utf8_make_valid (str, -1);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_seconds (GString *out,
                guint64  ms)
{
  g_string_append_printf (out, "%" G_GUINT64_FORMAT ".%03u", ms / 1000, (guint) (ms % 1000));
}

static void
append_sites (GString    *out,
              TideTrace  *trace,
              const char *key,
              TideMetric  metric)
{
  g_autoptr(GArray) sites = tide_sites_top (trace, metric, TIDE_SUMMARY_TOP_ROWS);

  g_string_append_printf (out, ",\n  \"%s\": [", key);
  for (guint i = 0; i < sites->len; i++)
    {
      const TideSite *site = &g_array_index (sites, TideSite, i);
      const TideFrame *frame = tide_trace_get_frame (trace, site->frame);

      g_string_append (out, i == 0 ? "\n    {" : ",\n    {");
      g_string_append (out, "\"function\": ");
      tide_json_append_string (out, tide_trace_get_string (trace, frame->function));
      g_string_append (out, ", \"file\": ");
      tide_json_append_string (out, tide_trace_get_string (trace, frame->file));
      g_string_append_printf (out, ", \"line\": %u, \"module\": ", frame->line);
      tide_json_append_string (out, tide_trace_get_string (trace, frame->module));
      g_string_append_printf (out, ", \"value\": %" G_GUINT64_FORMAT "}", tide_cost_get (&site->cost, metric));
    }
  g_string_append (out, sites->len > 0 ? "\n  ]" : "]");
}

char *
tide_summary_to_json (TideTrace *trace)
{
  const TideTotals *t = tide_trace_get_totals (trace);
  GString *out = g_string_new ("{\n  \"format\": ");

  tide_json_append_string (out, tide_trace_get_format_name (trace));
  g_string_append_printf (out, ",\n  \"format_version\": %u", tide_trace_get_format_version (trace));
  g_string_append (out, ",\n  \"command\": ");
  tide_json_append_string (out, tide_trace_get_command (trace));
  g_string_append (out, ",\n  \"duration_s\": ");
  append_seconds (out, t->duration_ms);
  g_string_append_printf (out, ",\n  \"allocations\": %" G_GUINT64_FORMAT, t->cost.allocations);
  g_string_append_printf (out, ",\n  \"temporary_allocations\": %" G_GUINT64_FORMAT, t->cost.temporary);
  g_string_append_printf (out, ",\n  \"allocated_bytes\": %" G_GUINT64_FORMAT, t->cost.allocated_bytes);
  g_string_append_printf (out, ",\n  \"peak_bytes\": %" G_GUINT64_FORMAT, t->cost.peak_bytes);
  g_string_append (out, ",\n  \"peak_time_s\": ");
  append_seconds (out, t->peak_time_ms);
  if (t->peak_rss_bytes != 0)
    g_string_append_printf (out, ",\n  \"peak_rss_bytes\": %" G_GUINT64_FORMAT, t->peak_rss_bytes);
  else
    g_string_append (out, ",\n  \"peak_rss_bytes\": null");
  g_string_append_printf (out, ",\n  \"leaked_bytes\": %" G_GUINT64_FORMAT, t->cost.leaked_bytes);
  g_string_append_printf (out, ",\n  \"leaked_allocations\": %" G_GUINT64_FORMAT, t->cost.leaked_allocations);

  append_sites (out, trace, "top_peak", TIDE_METRIC_PEAK);
  append_sites (out, trace, "top_leaked", TIDE_METRIC_LEAKED);
  append_sites (out, trace, "top_allocations", TIDE_METRIC_ALLOCATIONS);
  append_sites (out, trace, "top_temporary", TIDE_METRIC_TEMPORARY);
  g_string_append (out, "\n}\n");

  return g_string_free (out, FALSE);
}
