/* tide-sites.h: costs grouped by allocation site (the innermost frame)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables of the summary ("peak contributors", "leaks", ...) group the
 * self costs of every stack node by the node's own frame: one row per source
 * location that called an allocation function.
 */
#pragma once

#include "../tide-trace.h"

G_BEGIN_DECLS

typedef enum
{
  TIDE_METRIC_PEAK,
  TIDE_METRIC_LEAKED,
  TIDE_METRIC_ALLOCATIONS,
  TIDE_METRIC_TEMPORARY,
  TIDE_METRIC_ALLOCATED,
  TIDE_N_METRICS
} TideMetric;

typedef struct
{
  guint32  frame; /* frame id in the trace; 0 when no frame was recorded */
  TideCost cost;
} TideSite;

guint64     tide_cost_get         (const TideCost *cost,
                                   TideMetric      metric);
const char *tide_metric_to_string (TideMetric      metric);
gboolean    tide_metric_is_bytes  (TideMetric      metric);

/* Every site with any cost, in frame order. Array of TideSite. */
GArray     *tide_sites_collect    (TideTrace      *trace);
/* The same over other per-stack-node costs than the trace's own (an array of
 * tide_trace_get_n_nodes() costs: the heap at an instant, a range of the run,
 * see tide-replay.h); a site is kept when any of its costs is non-zero. */
GArray     *tide_sites_collect_for_costs (TideTrace      *trace,
                                          const TideCost *costs);
/* Sorts by @metric, largest first; ties keep frame order. */
void        tide_sites_sort       (GArray         *sites,
                                   TideMetric      metric);
/* The @limit largest sites with a non-zero @metric. */
GArray     *tide_sites_top        (TideTrace      *trace,
                                   TideMetric      metric,
                                   guint           limit);

G_END_DECLS
