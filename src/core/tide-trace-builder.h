/* tide-trace-builder.h: the one way readers build an immutable TideTrace
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reader interns strings, frames and stack nodes, declares allocation infos
 * (distinct size + stack pairs) and then feeds the event stream in order:
 * allocations, frees, time stamps, RSS readings. The builder keeps every
 * running total (current heap, peak, per-site costs, the timeline) so that
 * all readers agree on what "peak", "leaked" and "temporary" mean.
 * Used from one thread at a time.
 */
#pragma once

#include <glib.h>

#include "tide-trace.h"

G_BEGIN_DECLS

typedef struct _TideTraceBuilder TideTraceBuilder;

TideTraceBuilder *tide_trace_builder_new                (TideTraceFormat   format);
void              tide_trace_builder_free               (TideTraceBuilder *self);

void              tide_trace_builder_set_format_version (TideTraceBuilder *self,
                                                         guint             version);
void              tide_trace_builder_set_command        (TideTraceBuilder *self,
                                                         const char       *command,
                                                         gssize            len);

guint32           tide_trace_builder_intern_string      (TideTraceBuilder *self,
                                                         const char       *str,
                                                         gssize            len);
guint32           tide_trace_builder_intern_frame       (TideTraceBuilder *self,
                                                         const TideFrame  *frame);
guint32           tide_trace_builder_intern_node        (TideTraceBuilder *self,
                                                         guint32           parent,
                                                         guint32           frame);
guint             tide_trace_builder_get_n_nodes        (TideTraceBuilder *self);
guint             tide_trace_builder_get_n_frames       (TideTraceBuilder *self);
const TideFrame  *tide_trace_builder_get_frame          (TideTraceBuilder *self,
                                                         guint32           id);
const char       *tide_trace_builder_get_string         (TideTraceBuilder *self,
                                                         guint32           id);

/* Returns FALSE (and sets @error) when the trace has more infos than fit. */
gboolean          tide_trace_builder_add_info           (TideTraceBuilder *self,
                                                         guint64           size,
                                                         guint32           stack,
                                                         guint32          *out_id,
                                                         GError          **error);
guint             tide_trace_builder_get_n_infos        (TideTraceBuilder *self);

void              tide_trace_builder_allocate           (TideTraceBuilder *self,
                                                         guint32           info);
/* Returns FALSE when no block of @info is live (a corrupt stream). */
gboolean          tide_trace_builder_free_block         (TideTraceBuilder *self,
                                                         guint32           info,
                                                         gboolean          temporary);
/* @n blocks of @info at once (a dump's, or a series' change between two
 * dumps): the same events and totals as @n single calls, in a fraction of
 * the time. free_n returns FALSE when fewer than @n blocks are live. */
void              tide_trace_builder_allocate_n         (TideTraceBuilder *self,
                                                         guint32           info,
                                                         guint64           n);
gboolean          tide_trace_builder_free_n             (TideTraceBuilder *self,
                                                         guint32           info,
                                                         guint64           n);
/* Blocks of @info live now. */
guint64           tide_trace_builder_get_live           (TideTraceBuilder *self,
                                                         guint32           info);
void              tide_trace_builder_set_time           (TideTraceBuilder *self,
                                                         guint64           time_ms);
void              tide_trace_builder_set_rss            (TideTraceBuilder *self,
                                                         guint64           rss_bytes);
/* Runtime to report when it is not the last time stamp. */
void              tide_trace_builder_set_duration       (TideTraceBuilder *self,
                                                         guint64           duration_ms);

/* Series of heap snapshots told as events (tracemalloc dumps): the events
 * between begin and end are the change from the previous snapshot, made at
 * @time; end takes a sample of the heap then (the first replaces the
 * empty sample at time zero), with no spread: nothing is known of what
 * happened between two snapshots. */
void              tide_trace_builder_begin_snapshot     (TideTraceBuilder *self,
                                                         guint64           time);
void              tide_trace_builder_end_snapshot       (TideTraceBuilder *self);

/* Traces of snapshots rather than events (massif): */
void              tide_trace_builder_set_time_unit      (TideTraceBuilder *self,
                                                         TideTimeUnit      unit);
/* A point of the timeline; returns its sample index. */
guint             tide_trace_builder_add_sample         (TideTraceBuilder *self,
                                                         guint64           time,
                                                         guint64           heap_bytes,
                                                         guint64           extra_bytes,
                                                         guint64           stack_bytes);
/* Makes @sample a detailed snapshot, whose bytes per stack node follow. */
guint             tide_trace_builder_add_snapshot       (TideTraceBuilder *self,
                                                         guint             sample);
void              tide_trace_builder_add_snapshot_bytes (TideTraceBuilder *self,
                                                         guint             snapshot,
                                                         guint32           node,
                                                         guint64           bytes);
/* The sample the recorder marked as the peak (else: the largest heap). */
void              tide_trace_builder_set_peak_sample    (TideTraceBuilder *self,
                                                         guint             sample);

/* An extra series (see tide_trace_get_extra_series()); its index. Points
 * come in order of time; @max_value is the highest since the point before
 * (pass @value when not recorded). */
guint             tide_trace_builder_add_series         (TideTraceBuilder *self,
                                                         const char       *name);
void              tide_trace_builder_add_series_point   (TideTraceBuilder *self,
                                                         guint             series,
                                                         guint64           time,
                                                         guint64           value,
                                                         guint64           max_value);
/* A labelled range of time; spans are sorted by start when finished. */
void              tide_trace_builder_add_span           (TideTraceBuilder *self,
                                                         const char       *name,
                                                         gssize            len,
                                                         guint             depth,
                                                         guint64           start,
                                                         guint64           end,
                                                         guint64           start_bytes,
                                                         guint64           end_bytes);

/* Consumes the builder. */
TideTrace        *tide_trace_builder_finish             (TideTraceBuilder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideTraceBuilder, tide_trace_builder_free)

G_END_DECLS
