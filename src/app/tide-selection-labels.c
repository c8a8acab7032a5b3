/* tide-selection-labels.c: what the metrics are called for the current selection
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/tide-format.h"
#include "tide-selection-labels.h"

static TideSelectionKind
kind_of (TideSession *session)
{
  return session != NULL ? tide_session_get_selection_kind (session) : TIDE_SELECTION_PEAK;
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
      end = tide_format_duration (tide_session_get_selection_time_end (session));
      /* TRANSLATORS: what a selected range allocated that is still live at its end, "Still live at 1.00 s" */
      return g_strdup_printf (_("Still live at %s"), end);
    case TIDE_SELECTION_PEAK:
    default:
      return NULL;
    }
}

gboolean
tide_selection_has_metric (TideSession *session,
                           TideMetric   metric)
{
  g_return_val_if_fail (metric < TIDE_N_METRICS, FALSE);
  return metric != TIDE_METRIC_LEAKED || kind_of (session) == TIDE_SELECTION_PEAK;
}

char *
tide_selection_dup_metric_name (TideSession *session,
                                TideMetric   metric)
{
  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);

  switch (metric)
    {
    case TIDE_METRIC_PEAK:
      {
        char *live = dup_live_name (session);

        return live != NULL ? live : g_strdup (_("Peak"));
      }
    case TIDE_METRIC_LEAKED:
      return g_strdup (_("Leaked"));
    case TIDE_METRIC_ALLOCATIONS:
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
  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);

  switch (metric)
    {
    case TIDE_METRIC_PEAK:
      {
        char *live = dup_live_name (session);

        return live != NULL ? live : g_strdup (_("Peak Memory"));
      }
    case TIDE_METRIC_LEAKED:
      return g_strdup (_("Leaked Memory"));
    case TIDE_METRIC_ALLOCATIONS:
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
tide_selection_format_total (TideSession *session,
                             TideMetric   metric,
                             guint64      value)
{
  g_autofree char *text = tide_format_metric (metric, value);
  g_autofree char *live = NULL;

  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);

  switch (metric)
    {
    case TIDE_METRIC_PEAK:
      live = dup_live_name (session);
      if (live != NULL)
        /* TRANSLATORS: "Live at 0.52 s: 1.1 MB" */
        return g_strdup_printf (_("%s: %s"), live, text);
      return g_strdup_printf (_("Peak: %s"), text);
    case TIDE_METRIC_LEAKED:
      return g_strdup_printf (_("Leaked: %s"), text);
    case TIDE_METRIC_ALLOCATIONS:
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
tide_selection_dup_export_tag (TideSession *session,
                               TideMetric   metric)
{
  /* not translated: file names use the metric names of `tidemark export` */
  const char *name = tide_metric_to_string (metric);

  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);

  switch (kind_of (session))
    {
    case TIDE_SELECTION_INSTANT:
      return g_strdup_printf ("%s-at-%" G_GUINT64_FORMAT "ms",
                              metric == TIDE_METRIC_PEAK ? "live" : name,
                              tide_session_get_selection_time_start (session));
    case TIDE_SELECTION_RANGE:
      return g_strdup_printf ("%s-%" G_GUINT64_FORMAT "ms-%" G_GUINT64_FORMAT "ms",
                              metric == TIDE_METRIC_PEAK ? "live" : name,
                              tide_session_get_selection_time_start (session),
                              tide_session_get_selection_time_end (session));
    case TIDE_SELECTION_PEAK:
    default:
      return g_strdup (name);
    }
}
