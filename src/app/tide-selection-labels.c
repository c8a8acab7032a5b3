/* tide-selection-labels.c: what the metrics are called for the current selection and trace
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "charts/tide-timeline-source.h"
#include "core/tide-format.h"
#include "tide-selection-labels.h"

static TideSelectionKind
kind_of (TideSession *session)
{
  return session != NULL ? tide_session_get_selection_kind (session) : TIDE_SELECTION_PEAK;
}

static TideTrace *
trace_of (TideSession *session)
{
  return session != NULL ? tide_session_get_trace (session) : NULL;
}

/* A trace's format, heaptrack's (every metric, in its usual names) without one. */
static TideTraceFormat
format_of (TideTrace *trace)
{
  return trace != NULL ? tide_trace_get_format (trace) : TIDE_TRACE_FORMAT_HEAPTRACK;
}

/* A lone tracemalloc dump: the heap at one moment, its blocks live then.
 * A series of dumps (or a recording) has a peak like any run. */
static gboolean
is_one_dump (TideTrace *trace)
{
  return format_of (trace) == TIDE_TRACE_FORMAT_TRACEMALLOC && !tide_timeline_trace_has_time (trace);
}

/* "Live at 0.52 s" for an instant (the session's own label); for a range,
 * when its blocks still live are counted: at its end. NULL at the peak. */
static char *
dup_live_name (TideSession *session)
{
  g_autofree char *end = NULL;

  switch (kind_of (session))
    {
    case TIDE_SELECTION_INSTANT:
      return tide_session_dup_selection_label (session);
    case TIDE_SELECTION_RANGE:
      end = tide_format_trace_time (trace_of (session), tide_session_get_selection_time_end (session));
      /* TRANSLATORS: what a selected range allocated that is still live at its end, "Still live at 1.00 s" */
      return g_strdup_printf (_("Still live at %s"), end);
    case TIDE_SELECTION_PEAK:
    default:
      return NULL;
    }
}

/* Massif knows what each site still held at the end only when its last
 * snapshot is detailed; otherwise the total alone (the sites' costs are
 * zero, which means unknown). Computed once per trace. */
static gboolean
site_leaks_known (TideTrace *trace)
{
  static GQuark quark;
  gpointer cached;
  guint64 sum = 0;
  gboolean known;

  if (quark == 0)
    quark = g_quark_from_static_string ("tide-site-leaks-known");
  cached = g_object_get_qdata (G_OBJECT (trace), quark);
  if (cached != NULL)
    return GPOINTER_TO_INT (cached) == 2;

  for (guint32 i = 0; i < tide_trace_get_n_nodes (trace); i++)
    sum += tide_trace_get_node_cost (trace, i)->leaked_bytes;
  known = sum == tide_trace_get_totals (trace)->cost.leaked_bytes;
  /* the trace never changes: its answer neither */
  g_object_set_qdata (G_OBJECT (trace), quark, GINT_TO_POINTER (known ? 2 : 1));
  return known;
}

gboolean
tide_selection_trace_has_metric (TideTrace  *trace,
                                 TideMetric  metric)
{
  g_return_val_if_fail (TIDE_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (metric < TIDE_N_METRICS, FALSE);

  switch (tide_trace_get_format (trace))
    {
    case TIDE_TRACE_FORMAT_MASSIF:
      return metric == TIDE_METRIC_PEAK || (metric == TIDE_METRIC_LEAKED && site_leaks_known (trace));
    case TIDE_TRACE_FORMAT_TRACEMALLOC:
      /* a series counts blocks that came between dumps, not calls */
      return metric == TIDE_METRIC_PEAK || (metric == TIDE_METRIC_ALLOCATIONS && is_one_dump (trace));
    case TIDE_TRACE_FORMAT_FOLDED:
    case TIDE_TRACE_FORMAT_MPROF:
      return metric == TIDE_METRIC_PEAK;
    case TIDE_TRACE_FORMAT_HEAPTRACK:
    default:
      /* a format added later: what the core says it counts */
      return tide_trace_counts_allocations (trace) || metric == TIDE_METRIC_PEAK || metric == TIDE_METRIC_LEAKED;
    }
}

gboolean
tide_selection_trace_has_time (TideTrace *trace)
{
  g_return_val_if_fail (TIDE_IS_TRACE (trace), FALSE);
  return tide_timeline_trace_has_time (trace);
}

gboolean
tide_selection_trace_has_stacks (TideTrace *trace)
{
  g_return_val_if_fail (TIDE_IS_TRACE (trace), FALSE);
  return tide_trace_get_format (trace) != TIDE_TRACE_FORMAT_MPROF;
}

gboolean
tide_selection_has_metric (TideSession *session,
                           TideMetric   metric)
{
  g_return_val_if_fail (metric < TIDE_N_METRICS, FALSE);

  if (metric == TIDE_METRIC_LEAKED && kind_of (session) != TIDE_SELECTION_PEAK)
    return FALSE;
  return session == NULL || tide_selection_trace_has_metric (trace_of (session), metric);
}

char *
tide_selection_dup_metric_name (TideSession *session,
                                TideMetric   metric)
{
  TideTraceFormat format = format_of (trace_of (session));

  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);

  switch (metric)
    {
    case TIDE_METRIC_PEAK:
      {
        char *live = dup_live_name (session);

        if (live != NULL)
          return live;
        if (format == TIDE_TRACE_FORMAT_FOLDED)
          /* TRANSLATORS: what a stack weighs in a folded-stacks file, a number without a unit */
          return g_strdup (_("Weight"));
        if (is_one_dump (trace_of (session)))
          /* TRANSLATORS: the bytes live when a tracemalloc snapshot was taken */
          return g_strdup (_("Live"));
        return g_strdup (_("Peak"));
      }
    case TIDE_METRIC_LEAKED:
      if (format == TIDE_TRACE_FORMAT_MASSIF)
        /* TRANSLATORS: a column header: bytes still allocated when the program ended (massif cannot tell leaks) */
        return g_strdup (_("At the end"));
      return g_strdup (_("Leaked"));
    case TIDE_METRIC_ALLOCATIONS:
      if (format == TIDE_TRACE_FORMAT_TRACEMALLOC)
        /* TRANSLATORS: memory blocks live when a tracemalloc snapshot was taken */
        return g_strdup (_("Blocks"));
      return g_strdup (_("Allocations"));
    case TIDE_METRIC_TEMPORARY:
      return g_strdup (_("Temporary"));
    case TIDE_METRIC_ALLOCATED:
      return g_strdup (_("Allocated"));
    case TIDE_N_METRICS:
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
tide_selection_dup_metric_title (TideSession *session,
                                 TideMetric   metric)
{
  TideTraceFormat format = format_of (trace_of (session));

  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);

  switch (metric)
    {
    case TIDE_METRIC_PEAK:
      {
        char *live = dup_live_name (session);

        if (live != NULL)
          return live;
        if (format == TIDE_TRACE_FORMAT_FOLDED)
          return g_strdup (_("Weight"));
        if (is_one_dump (trace_of (session)))
          return g_strdup (_("Live Memory"));
        return g_strdup (_("Peak Memory"));
      }
    case TIDE_METRIC_LEAKED:
      if (format == TIDE_TRACE_FORMAT_MASSIF)
        return g_strdup (_("Still Allocated at the End"));
      return g_strdup (_("Leaked Memory"));
    case TIDE_METRIC_ALLOCATIONS:
      if (format == TIDE_TRACE_FORMAT_TRACEMALLOC)
        return g_strdup (_("Blocks"));
      return g_strdup (_("Allocations"));
    case TIDE_METRIC_TEMPORARY:
      return g_strdup (_("Temporary Allocations"));
    case TIDE_METRIC_ALLOCATED:
      return g_strdup (_("Allocated Bytes"));
    case TIDE_N_METRICS:
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
tide_selection_format_value (TideTrace  *trace,
                             TideMetric  metric,
                             guint64     value)
{
  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);

  /* a weight has no unit: neither bytes nor calls */
  if (format_of (trace) == TIDE_TRACE_FORMAT_FOLDED)
    return tide_format_count (value);
  return tide_format_metric (metric, value);
}

char *
tide_selection_format_trace_total (TideTrace  *trace,
                                   TideMetric  metric,
                                   guint64     value)
{
  TideTraceFormat format = format_of (trace);
  g_autofree char *text = tide_selection_format_value (trace, metric, value);

  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);

  switch (metric)
    {
    case TIDE_METRIC_PEAK:
      if (format == TIDE_TRACE_FORMAT_FOLDED)
        return g_strdup_printf (_("Weight: %s"), text);
      if (is_one_dump (trace))
        return g_strdup_printf (_("Live: %s"), text);
      return g_strdup_printf (_("Peak: %s"), text);
    case TIDE_METRIC_LEAKED:
      if (format == TIDE_TRACE_FORMAT_MASSIF)
        return g_strdup_printf (_("Still allocated at the end: %s"), text);
      return g_strdup_printf (_("Leaked: %s"), text);
    case TIDE_METRIC_ALLOCATIONS:
      if (format == TIDE_TRACE_FORMAT_TRACEMALLOC)
        return g_strdup_printf (_("Blocks: %s"), text);
      return g_strdup_printf (_("Allocations: %s"), text);
    case TIDE_METRIC_TEMPORARY:
      return g_strdup_printf (_("Temporary allocations: %s"), text);
    case TIDE_METRIC_ALLOCATED:
      return g_strdup_printf (_("Allocated: %s"), text);
    case TIDE_N_METRICS:
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
tide_selection_format_total (TideSession *session,
                             TideMetric   metric,
                             guint64      value)
{
  g_autofree char *live = NULL;

  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);

  if (metric == TIDE_METRIC_PEAK && (live = dup_live_name (session)) != NULL)
    {
      g_autofree char *text = tide_selection_format_value (trace_of (session), metric, value);

      /* TRANSLATORS: "Live at 0.52 s: 1.1 MB" */
      return g_strdup_printf (_("%s: %s"), live, text);
    }
  return tide_selection_format_trace_total (trace_of (session), metric, value);
}

char *
tide_selection_dup_export_tag (TideSession *session,
                               TideMetric   metric)
{
  /* not translated: file names use the metric names of `tidemark export` */
  const char *name = tide_metric_to_string (metric);
  TideTrace *trace = trace_of (session);
  /* "ms", or massif's "i" and "B" */
  const char *unit = tide_time_unit_to_string (trace != NULL ? tide_trace_get_time_unit (trace) : TIDE_TIME_UNIT_MS);

  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);

  switch (kind_of (session))
    {
    case TIDE_SELECTION_INSTANT:
      return g_strdup_printf ("%s-at-%" G_GUINT64_FORMAT "%s",
                              metric == TIDE_METRIC_PEAK ? "live" : name,
                              tide_session_get_selection_time_start (session), unit);
    case TIDE_SELECTION_RANGE:
      return g_strdup_printf ("%s-%" G_GUINT64_FORMAT "%s-%" G_GUINT64_FORMAT "%s",
                              metric == TIDE_METRIC_PEAK ? "live" : name,
                              tide_session_get_selection_time_start (session), unit,
                              tide_session_get_selection_time_end (session), unit);
    case TIDE_SELECTION_PEAK:
    default:
      return g_strdup (name);
    }
}
