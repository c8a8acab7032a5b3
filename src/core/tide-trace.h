/* tide-trace.h: an immutable, loaded allocation trace
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TideTrace is what every reader produces and every view reads. It is built
 * once by a TideTraceBuilder on a worker thread and never changes afterwards,
 * so it may be read from any thread without locks.
 *
 * Layout, chosen for traces of hundreds of millions of events:
 *  - strings are interned once; everything else refers to them by a 32-bit id
 *    (id 0 is the empty string);
 *  - a frame is a source location (function, file, line, module), interned;
 *  - the call-stack tree is an array of (parent, frame) nodes; node 0 is the
 *    root and has no frame;
 *  - an allocation "info" is a distinct (size, stack) pair; every event of the
 *    trace is one 32-bit word naming an info and whether it was allocated or
 *    freed, stored compressed, so the live heap at any instant can be rebuilt
 *    by replay;
 *  - costs are kept per stack node (self costs, at the allocation site);
 *  - the timeline is one sample per time stamp of the recording.
 */
#pragma once

#include <glib-object.h>

#include "tide-checkpoints.h"

G_BEGIN_DECLS

#define TIDE_TYPE_TRACE (tide_trace_get_type ())
G_DECLARE_FINAL_TYPE (TideTrace, tide_trace, TIDE, TRACE, GObject)

typedef enum
{
  TIDE_TRACE_FORMAT_HEAPTRACK,
  TIDE_TRACE_FORMAT_MASSIF,
  TIDE_TRACE_FORMAT_TRACEMALLOC,
  TIDE_TRACE_FORMAT_FOLDED,     /* weights of stacks, no time, no unit */
  TIDE_TRACE_FORMAT_MPROF,      /* memory_profiler: process memory over time, no stacks */
} TideTraceFormat;

/* What the time stamps of a trace count. Fields named *_ms hold this unit. */
typedef enum
{
  TIDE_TIME_UNIT_MS,           /* milliseconds (heaptrack; massif --time-unit=ms) */
  TIDE_TIME_UNIT_INSTRUCTIONS, /* instructions executed (massif's default) */
  TIDE_TIME_UNIT_BYTES,        /* bytes allocated and freed so far (massif --time-unit=B) */
  TIDE_TIME_UNIT_SNAPSHOTS,    /* the place in a series of dumps: 0 for the first, 1 for the next */
} TideTimeUnit;

typedef struct
{
  guint32 function; /* string id; 0 = unknown */
  guint32 file;     /* string id; 0 = unknown */
  guint32 module;   /* string id; 0 = unknown */
  guint32 line;     /* 0 = unknown */
} TideFrame;

typedef struct
{
  guint32 parent; /* node id; the root (0) is its own parent */
  guint32 frame;  /* frame id; 0 for the root */
} TideStackNode;

/* Costs attributed to one stack node (self), or to a whole trace. */
typedef struct
{
  guint64 allocations;        /* calls to allocation functions */
  guint64 temporary;          /* allocations freed right after (heaptrack's rule) */
  guint64 allocated_bytes;    /* sum of all requested sizes */
  guint64 peak_bytes;         /* bytes live when the whole heap first reached its peak */
  guint64 leaked_bytes;       /* bytes still live at the end */
  guint64 leaked_allocations; /* blocks still live at the end */
} TideCost;

static inline void
tide_cost_add (TideCost       *into,
               const TideCost *c)
{
  into->allocations += c->allocations;
  into->temporary += c->temporary;
  into->allocated_bytes += c->allocated_bytes;
  into->peak_bytes += c->peak_bytes;
  into->leaked_bytes += c->leaked_bytes;
  into->leaked_allocations += c->leaked_allocations;
}

/* The inverse of tide_cost_add(), wrapping as it does. */
static inline void
tide_cost_subtract (TideCost       *from,
                    const TideCost *c)
{
  from->allocations -= c->allocations;
  from->temporary -= c->temporary;
  from->allocated_bytes -= c->allocated_bytes;
  from->peak_bytes -= c->peak_bytes;
  from->leaked_bytes -= c->leaked_bytes;
  from->leaked_allocations -= c->leaked_allocations;
}

typedef struct
{
  guint64 size;        /* bytes requested */
  guint64 allocations; /* how many blocks of this size were allocated here */
  guint64 peak_live;   /* blocks live when the heap first reached its peak */
  guint64 end_live;    /* blocks still live at the end */
  guint32 stack;       /* stack node of the allocation site */
} TideAllocInfo;

/* One event word: info index << 1 | 1 when it frees a block of that info. */
#define TIDE_EVENT_IS_FREE(ev) (((ev) & 1u) != 0)
#define TIDE_EVENT_INFO(ev)    ((ev) >> 1)
#define TIDE_EVENT_MAX_INFO    (G_MAXUINT32 >> 1)

typedef struct
{
  guint64 time_ms;          /* time stamp of the sample */
  guint64 event_index;      /* events that happened before this sample */
  guint64 heap_bytes;       /* live bytes at the sample */
  guint64 heap_max_bytes;   /* highest live bytes since the previous sample */
  guint64 heap_min_bytes;   /* lowest live bytes since the previous sample */
  guint64 live_allocations; /* live blocks at the sample */
  guint64 allocations;      /* cumulative allocations */
  guint64 temporary;        /* cumulative temporary allocations */
  guint64 rss_bytes;        /* resident set size, 0 when not recorded */
  guint64 extra_bytes;      /* allocator overhead (massif's extra heap), 0 when not recorded */
  guint64 stack_bytes;      /* stacks (massif --stacks=yes), 0 when not recorded */
} TideTimelineSample;

/* The samples, packed: see tide-sample-table.h. */
typedef struct _TideSampleTable TideSampleTable;

typedef struct
{
  guint32 node;  /* a stack node */
  guint64 bytes; /* live there at the snapshot */
} TideSnapshotEntry;

/* A snapshot of the heap with its own per-stack costs (massif's detailed
 * snapshots): traces without an event stream show these at an instant.
 * Kept sparse, the stack nodes that held bytes then (a node may come more
 * than once: add them up): a file of many small snapshots of a large tree
 * must not cost snapshots x nodes. */
typedef struct
{
  guint                    sample;    /* index of its timeline sample */
  const TideSnapshotEntry *entries;
  guint                    n_entries;
} TideSnapshot;

/* A point of an extra series (a line of its own on the timeline). */
typedef struct
{
  guint64 time;      /* in the trace's unit */
  guint64 value;     /* bytes then */
  guint64 max_value; /* the highest since the point before (the value when not recorded) */
} TideSeriesPoint;

/* A labelled range of time: a function memory_profiler's @profile
 * decorator watched, nested by depth. */
typedef struct
{
  guint32 name;        /* string id */
  guint32 depth;       /* 0: outermost */
  guint64 start;       /* in the trace's unit */
  guint64 end;
  guint64 start_bytes; /* memory at its start and end; 0 when not recorded */
  guint64 end_bytes;
} TideSpan;

typedef struct
{
  TideCost cost;             /* whole-trace totals */
  guint64  peak_time_ms;     /* time stamp in effect when the peak was first reached */
  guint64  peak_event_index; /* events up to and including the one that reached the peak */
  guint64  peak_rss_bytes;   /* 0 when the trace has no RSS */
  guint64  duration_ms;      /* total runtime */
} TideTotals;

TideTraceFormat           tide_trace_get_format           (TideTrace   *self);
const char               *tide_trace_get_format_name      (TideTrace   *self);
guint                     tide_trace_get_format_version   (TideTrace   *self);
const char               *tide_trace_get_command          (TideTrace   *self);
const TideTotals         *tide_trace_get_totals           (TideTrace   *self);
TideTimeUnit              tide_trace_get_time_unit        (TideTrace   *self);
/* FALSE for formats that record sizes but not allocation calls (massif):
 * allocation counts, temporary allocations and bytes allocated are then
 * unknown, not zero. */
gboolean                  tide_trace_counts_allocations   (TideTrace   *self);
/* "ms", "i" or "B", as massif names them; "snapshot" for a series' places. */
const char               *tide_time_unit_to_string        (TideTimeUnit unit);
/* The sample massif marks as peak (or of the largest heap); G_MAXUINT when
 * the trace has an event stream instead. */
guint                     tide_trace_get_peak_sample      (TideTrace   *self);
guint                     tide_trace_get_n_snapshots      (TideTrace   *self);
const TideSnapshot       *tide_trace_get_snapshot         (TideTrace   *self,
                                                           guint        index);

/* Per stack node (free with g_free): peak_bytes = leaked_bytes = bytes live then. */
TideCost                 *tide_trace_dup_snapshot_costs   (TideTrace   *self,
                                                           guint        index);

guint                     tide_trace_get_n_strings        (TideTrace   *self);
const char               *tide_trace_get_string           (TideTrace   *self,
                                                           guint32      id);
guint                     tide_trace_get_n_frames         (TideTrace   *self);
const TideFrame          *tide_trace_get_frame            (TideTrace   *self,
                                                           guint32      id);
guint                     tide_trace_get_n_nodes          (TideTrace   *self);
const TideStackNode      *tide_trace_get_node             (TideTrace   *self,
                                                           guint32      id);
/* Every frame, every node, indexed by id: for passes over all of them,
 * where a checked call per row costs more than the row's own work. */
const TideFrame          *tide_trace_get_frames           (TideTrace   *self);
const TideStackNode      *tide_trace_get_nodes            (TideTrace   *self);
const TideCost           *tide_trace_get_node_cost        (TideTrace   *self,
                                                           guint32      id);
guint                     tide_trace_get_n_infos          (TideTrace   *self);
const TideAllocInfo      *tide_trace_get_info             (TideTrace   *self,
                                                           guint32      id);
guint64                   tide_trace_get_n_events         (TideTrace   *self);
/* Copies events [start, start + n) to @out; returns how many were copied. */
gsize                     tide_trace_copy_events          (TideTrace   *self,
                                                           guint64      start,
                                                           guint32     *out,
                                                           gsize        n);
/* Bytes of memory held for the event stream (it is stored compressed). */
gsize                     tide_trace_get_events_size      (TideTrace   *self);
/* Bytes of it, and of the checkpoints, held in a temporary file instead of
 * memory (see tide-spill-file.h); the events go there uncompressed while
 * loading, and are compressed there afterwards (see tide-event-log.h). */
guint64                   tide_trace_get_events_spilled_size (TideTrace *self);
/* Starts that compressing, on a thread of the lowest priority: the loader
 * does once the file's decoder and the reader are gone. A trace made
 * otherwise keeps its events as they are until this or the wait below. */
void                      tide_trace_compress_events_in_background (TideTrace *self);
/* Waits until that compressing is done (benchmarks and tests), starting
 * it if nothing has. */
void                      tide_trace_wait_events_compressed (TideTrace  *self);
/* Bytes of disk the temporary file takes. */
guint64                   tide_trace_get_spill_disk_usage (TideTrace   *self);
/* The live blocks per info every TIDE_CHECKPOINT_INTERVAL events, taken
 * while loading: checkpoint k for every k * INTERVAL <= the event count. */
const TideCheckpoints    *tide_trace_get_checkpoints      (TideTrace   *self);
guint                     tide_trace_get_n_samples        (TideTrace   *self);
/* The samples are stored packed (see tide-sample-table.h): each comes
 * back as a copy. */
TideTimelineSample        tide_trace_get_sample           (TideTrace   *self,
                                                           guint        index);
/* One field of a sample, for a search by time or by event. */
guint64                   tide_trace_get_sample_time      (TideTrace   *self,
                                                           guint        index);
guint64                   tide_trace_get_sample_event_index (TideTrace *self,
                                                             guint      index);
/* The samples themselves, for a pass over one field of many. */
const TideSampleTable    *tide_trace_get_sample_table     (TideTrace   *self);

/* Series recorded beside the heap, in bytes, each with its own times: a
 * child process's memory (memory_profiler --multiprocess), the memory
 * tracemalloc traced (tidemark-record). */
guint                     tide_trace_get_n_extra_series   (TideTrace   *self);
const char               *tide_trace_get_extra_series_name (TideTrace  *self,
                                                           guint        index);
/* Its points, increasing in time. */
const TideSeriesPoint    *tide_trace_get_extra_series     (TideTrace   *self,
                                                           guint        index,
                                                           guint       *n_points);

/* Labelled ranges of time, in order of start (then depth). */
guint                     tide_trace_get_n_spans          (TideTrace   *self);
const TideSpan           *tide_trace_get_span             (TideTrace   *self,
                                                           guint        index);

G_END_DECLS
