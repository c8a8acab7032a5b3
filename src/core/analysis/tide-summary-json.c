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

/* A time in the trace's unit: seconds for milliseconds (heaptrack's, and
 * massif's --time-unit=ms), the value itself for instructions or bytes. */
static void
append_time (GString   *out,
             TideTrace *trace,
             guint64    value)
{
  if (tide_trace_get_format (trace) == TIDE_TRACE_FORMAT_HEAPTRACK)
    append_seconds (out, value);
  else
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, value);
}

static void
append_count (GString    *out,
              const char *key,
              gboolean    known,
              guint64     value)
{
  if (known)
    g_string_append_printf (out, ",\n  \"%s\": %" G_GUINT64_FORMAT, key, value);
  else
    g_string_append_printf (out, ",\n  \"%s\": null", key);
}

char *
tide_summary_to_json (TideTrace *trace)
{
  const TideTotals *t = tide_trace_get_totals (trace);
  gboolean counts = tide_trace_counts_allocations (trace);
  gboolean heaptrack = tide_trace_get_format (trace) == TIDE_TRACE_FORMAT_HEAPTRACK;
  GString *out = g_string_new ("{\n  \"format\": ");

  tide_json_append_string (out, tide_trace_get_format_name (trace));
  g_string_append_printf (out, ",\n  \"format_version\": %u", tide_trace_get_format_version (trace));
  g_string_append (out, ",\n  \"command\": ");
  tide_json_append_string (out, tide_trace_get_command (trace));
  /* the unit of duration_s and peak_time_s: seconds, or massif's own */
  g_string_append (out, ",\n  \"time_unit\": ");
  tide_json_append_string (out, heaptrack ? "s" : tide_time_unit_to_string (tide_trace_get_time_unit (trace)));
  g_string_append (out, ",\n  \"duration_s\": ");
  append_time (out, trace, t->duration_ms);
  append_count (out, "allocations", counts, t->cost.allocations);
  append_count (out, "temporary_allocations", counts, t->cost.temporary);
  append_count (out, "allocated_bytes", counts, t->cost.allocated_bytes);
  g_string_append_printf (out, ",\n  \"peak_bytes\": %" G_GUINT64_FORMAT, t->cost.peak_bytes);
  g_string_append (out, ",\n  \"peak_time_s\": ");
  append_time (out, trace, t->peak_time_ms);
  if (tide_trace_get_peak_sample (trace) != G_MAXUINT)
    g_string_append_printf (out, ",\n  \"peak_snapshot\": %u", tide_trace_get_peak_sample (trace));
  append_count (out, "peak_rss_bytes", t->peak_rss_bytes != 0, t->peak_rss_bytes);
  g_string_append_printf (out, ",\n  \"leaked_bytes\": %" G_GUINT64_FORMAT, t->cost.leaked_bytes);
  append_count (out, "leaked_allocations", counts, t->cost.leaked_allocations);

  append_sites (out, trace, "top_peak", TIDE_METRIC_PEAK);
  append_sites (out, trace, "top_leaked", TIDE_METRIC_LEAKED);
  append_sites (out, trace, "top_allocations", TIDE_METRIC_ALLOCATIONS);
  append_sites (out, trace, "top_temporary", TIDE_METRIC_TEMPORARY);
  g_string_append (out, "\n}\n");

  return g_string_free (out, FALSE);
}
