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

/* Clocks that count milliseconds of a run (heaptrack's, memory_profiler's,
 * tidemark-record's) are told in seconds; massif's units, its
 * --time-unit=ms included, as massif writes them. */
static gboolean
in_seconds (TideTrace *trace)
{
  return tide_trace_get_format (trace) != TIDE_TRACE_FORMAT_MASSIF
         && tide_trace_get_time_unit (trace) == TIDE_TIME_UNIT_MS;
}

/* A time in the trace's unit: seconds (see in_seconds()), else the value
 * itself. */
static void
append_time (GString   *out,
             TideTrace *trace,
             guint64    value)
{
  if (in_seconds (trace))
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
  GString *out = g_string_new ("{\n  \"format\": ");

  tide_json_append_string (out, tide_trace_get_format_name (trace));
  g_string_append_printf (out, ",\n  \"format_version\": %u", tide_trace_get_format_version (trace));
  g_string_append (out, ",\n  \"command\": ");
  tide_json_append_string (out, tide_trace_get_command (trace));
  /* the unit of duration_s and peak_time_s: seconds, or massif's own */
  g_string_append (out, ",\n  \"time_unit\": ");
  tide_json_append_string (out, in_seconds (trace) ? "s" : tide_time_unit_to_string (tide_trace_get_time_unit (trace)));
  g_string_append (out, ",\n  \"duration_s\": ");
  append_time (out, trace, t->duration_ms);
  append_count (out, "allocations", counts, t->cost.allocations);
  append_count (out, "temporary_allocations", counts, t->cost.temporary);
  append_count (out, "allocated_bytes", counts, t->cost.allocated_bytes);
  g_string_append_printf (out, ",\n  \"peak_bytes\": %" G_GUINT64_FORMAT, t->cost.peak_bytes);
  g_string_append (out, ",\n  \"peak_time_s\": ");
  append_time (out, trace, t->peak_time_ms);
  /* massif's snapshot numbers; memory_profiler's samples are no snapshots */
  if (tide_trace_get_peak_sample (trace) != G_MAXUINT && tide_trace_get_format (trace) != TIDE_TRACE_FORMAT_MPROF)
    g_string_append_printf (out, ",\n  \"peak_snapshot\": %u", tide_trace_get_peak_sample (trace));
  append_count (out, "peak_rss_bytes", t->peak_rss_bytes != 0, t->peak_rss_bytes);
  g_string_append_printf (out, ",\n  \"leaked_bytes\": %" G_GUINT64_FORMAT, t->cost.leaked_bytes);
  append_count (out, "leaked_allocations", counts, t->cost.leaked_allocations);

  /* what only some traces have, only when they have it */
  if (tide_trace_get_n_extra_series (trace) > 0)
    {
      g_string_append (out, ",\n  \"extra_series\": [");
      for (guint e = 0; e < tide_trace_get_n_extra_series (trace); e++)
        {
          guint n;
          const TideSeriesPoint *points = tide_trace_get_extra_series (trace, e, &n);
          guint64 high = 0;

          for (guint i = 0; i < n; i++)
            high = MAX (high, points[i].max_value);
          g_string_append (out, e > 0 ? ",\n    {\"name\": " : "\n    {\"name\": ");
          tide_json_append_string (out, tide_trace_get_extra_series_name (trace, e));
          g_string_append_printf (out, ", \"points\": %u, \"max_bytes\": %" G_GUINT64_FORMAT "}", n, high);
        }
      g_string_append (out, "\n  ]");
    }
  if (tide_trace_get_n_spans (trace) > 0)
    {
      g_string_append (out, ",\n  \"spans\": [");
      for (guint i = 0; i < tide_trace_get_n_spans (trace); i++)
        {
          const TideSpan *span = tide_trace_get_span (trace, i);

          g_string_append (out, i > 0 ? ",\n    {\"name\": " : "\n    {\"name\": ");
          tide_json_append_string (out, tide_trace_get_string (trace, span->name));
          g_string_append_printf (out, ", \"depth\": %u, \"start_s\": ", span->depth);
          append_time (out, trace, span->start);
          g_string_append (out, ", \"end_s\": ");
          append_time (out, trace, span->end);
          g_string_append_printf (out, ", \"start_bytes\": %" G_GUINT64_FORMAT ", \"end_bytes\": %" G_GUINT64_FORMAT "}",
                                  span->start_bytes, span->end_bytes);
        }
      g_string_append (out, "\n  ]");
    }

  append_sites (out, trace, "top_peak", TIDE_METRIC_PEAK);
  append_sites (out, trace, "top_leaked", TIDE_METRIC_LEAKED);
  append_sites (out, trace, "top_allocations", TIDE_METRIC_ALLOCATIONS);
  append_sites (out, trace, "top_temporary", TIDE_METRIC_TEMPORARY);
  g_string_append (out, "\n}\n");

  return g_string_free (out, FALSE);
}
