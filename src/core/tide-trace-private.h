/* tide-trace-private.h: the storage behind TideTrace, shared with its builder
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tide-trace.h"

G_BEGIN_DECLS

/* Events are stored in fixed blocks so that appending never copies what is
 * already stored (a single growing array would need twice its size while it
 * is reallocated). */
#define TIDE_EVENT_BLOCK_SHIFT 20
#define TIDE_EVENT_BLOCK_SIZE  (1u << TIDE_EVENT_BLOCK_SHIFT)
#define TIDE_EVENT_BLOCK_MASK  (TIDE_EVENT_BLOCK_SIZE - 1)

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
  GArray         *node_costs;   /* TideCost, parallel to nodes */
  GArray         *infos;        /* TideAllocInfo */
  GPtrArray      *event_blocks; /* guint32[TIDE_EVENT_BLOCK_SIZE] each */
  guint64         n_events;
  GArray         *samples;      /* TideTimelineSample */

  TideTotals      totals;
};

TideTrace *tide_trace_new_empty (TideTraceFormat format);

G_END_DECLS
