/* tide-sites.c: costs grouped by allocation site (the innermost frame)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-sites.h"

guint64
tide_cost_get (const TideCost *cost,
               TideMetric      metric)
{
  switch (metric)
    {
    case TIDE_METRIC_PEAK:
      return cost->peak_bytes;
    case TIDE_METRIC_LEAKED:
      return cost->leaked_bytes;
    case TIDE_METRIC_ALLOCATIONS:
      return cost->allocations;
    case TIDE_METRIC_TEMPORARY:
      return cost->temporary;
    case TIDE_METRIC_ALLOCATED:
      return cost->allocated_bytes;
    case TIDE_N_METRICS:
    default:
      g_return_val_if_reached (0);
    }
}

const char *
tide_metric_to_string (TideMetric metric)
{
  static const char *names[] = { "peak", "leaked", "allocations", "temporary", "allocated" };

  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);
  return names[metric];
}

gboolean
tide_metric_is_bytes (TideMetric metric)
{
  return metric == TIDE_METRIC_PEAK || metric == TIDE_METRIC_LEAKED || metric == TIDE_METRIC_ALLOCATED;
}

GArray *
tide_sites_collect (TideTrace *trace)
{
  g_return_val_if_fail (TIDE_IS_TRACE (trace), NULL);

  /* the trace's own costs are one array of per-node costs like any other */
  return tide_sites_collect_for_costs (trace, tide_trace_get_node_cost (trace, 0));
}

GArray *
tide_sites_collect_for_costs (TideTrace      *trace,
                              const TideCost *costs)
{
  guint n_frames, n_nodes;
  g_autofree TideCost *per_frame = NULL;
  GArray *sites;

  g_return_val_if_fail (TIDE_IS_TRACE (trace), NULL);
  g_return_val_if_fail (costs != NULL, NULL);

  n_frames = tide_trace_get_n_frames (trace);
  n_nodes = tide_trace_get_n_nodes (trace);
  per_frame = g_new0 (TideCost, n_frames);
  sites = g_array_new (FALSE, FALSE, sizeof (TideSite));

  for (guint i = 0; i < n_nodes; i++)
    tide_cost_add (&per_frame[tide_trace_get_node (trace, i)->frame], &costs[i]);

  for (guint f = 0; f < n_frames; f++)
    {
      const TideCost *c = &per_frame[f];
      TideSite site;

      /* no uninitialised padding: sites compare and hash as bytes (valgrind
       * found the 4 bytes after .frame in test-session's comparison) */
      memset (&site, 0, sizeof site);
      site.frame = f;
      site.cost = *c;
      if (c->allocations != 0 || c->temporary != 0 || c->allocated_bytes != 0 || c->peak_bytes != 0
          || c->leaked_bytes != 0 || c->leaked_allocations != 0)
        g_array_append_val (sites, site);
    }

  return sites;
}

static int
compare_sites (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  TideMetric metric = GPOINTER_TO_UINT (user_data);
  const TideSite *sa = a, *sb = b;
  guint64 va = tide_cost_get (&sa->cost, metric);
  guint64 vb = tide_cost_get (&sb->cost, metric);

  if (va != vb)
    return va > vb ? -1 : 1;
  return sa->frame < sb->frame ? -1 : sa->frame > sb->frame;
}

void
tide_sites_sort (GArray     *sites,
                 TideMetric  metric)
{
  g_array_sort_with_data (sites, compare_sites, GUINT_TO_POINTER (metric));
}

GArray *
tide_sites_top (TideTrace  *trace,
                TideMetric  metric,
                guint       limit)
{
  GArray *sites = tide_sites_collect (trace);
  guint keep = 0;

  tide_sites_sort (sites, metric);
  while (keep < sites->len && keep < limit
         && tide_cost_get (&g_array_index (sites, TideSite, keep).cost, metric) != 0)
    keep++;
  g_array_set_size (sites, keep);
  return sites;
}
