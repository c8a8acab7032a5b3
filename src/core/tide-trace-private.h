/* tide-trace-private.h: the storage behind TideTrace, shared with its builder
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tide-checkpoints.h"
#include "tide-event-log.h"
#include "tide-sample-table.h"
#include "tide-trace.h"

G_BEGIN_DECLS

struct _TideTrace
{
  GObject parent_instance;

  TideTraceFormat format;
  guint           format_version;
  char           *command;

  GStringChunk   *string_chunk; /* owns the bytes of every string */
  GPtrArray      *strings;      /* id -> const char *, borrowed from string_chunk */
  GArray         *frames;       /* TideFrame */
  GArray         *nodes;        /* TideStackNode */
  TideCost       *node_costs;   /* parallel to nodes: tide_huge_alloc0() */
  guint           n_node_costs;
  GArray         *infos;        /* TideAllocInfo */
  TideEventLog   *events;
  TideCheckpoints *checkpoints; /* live blocks per info every TIDE_CHECKPOINT_INTERVAL events */
  TideSpillFile  *spill;       /* where both keep their sealed blocks */
  TideSampleTable *samples;    /* packed TideTimelineSample */
  GArray         *snapshots;    /* TideSnapshot, costs owned */
  GPtrArray      *series_names; /* char *, per extra series */
  GPtrArray      *series;       /* GArray of TideSeriesPoint, per extra series */
  GArray         *spans;        /* TideSpan */
  TideTimeUnit    time_unit;
  guint           peak_sample;

  TideTotals      totals;
};

TideTrace *tide_trace_new_empty (TideTraceFormat format);

G_END_DECLS
