/* tide-replay.h: the heap as it was at any instant, rebuilt from the events
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trace keeps, every TIDE_REPLAY_INTERVAL events, how many blocks of
 * each allocation info were live (taken while it loaded: see
 * tide-checkpoints.h). A question about instant t then starts from the
 * checkpoint before t and replays at most one interval of events, so it
 * costs the same early or late in a trace of any length, and the first
 * question is as quick as the next. Immutable; queries are safe from any
 * thread.
 */
#pragma once

#include <gio/gio.h>

#include "../tide-trace.h"

G_BEGIN_DECLS

#define TIDE_REPLAY_INTERVAL TIDE_CHECKPOINT_INTERVAL

typedef struct _TideReplay TideReplay;

/* Cheap: the checkpoints are the trace's. NULL with @error when cancelled. */
TideReplay *tide_replay_new         (TideTrace     *trace,
                                     GCancellable  *cancellable,
                                     GError       **error);
void        tide_replay_free        (TideReplay    *self);
TideTrace  *tide_replay_get_trace   (TideReplay    *self);
/* Bytes the checkpoints hold (they belong to the trace). */
gsize       tide_replay_get_size    (TideReplay    *self);

/* Per stack node (array of tide_trace_get_n_nodes() costs), the heap after
 * the first @event_index events: peak_bytes and leaked_bytes hold the bytes
 * live then, leaked_allocations the blocks live then; allocations,
 * allocated_bytes and temporary count what happened before that point. */
TideCost   *tide_replay_live_at     (TideReplay    *self,
                                     guint64        event_index);
/* Per allocation info, the blocks live after the first @event_index events. */
guint64    *tide_replay_live_blocks_at (TideReplay *self,
                                        guint64     event_index);
/* Per allocation info, the blocks allocated in events [@from, @to). */
guint64    *tide_replay_allocated_blocks (TideReplay *self,
                                          guint64     from,
                                          guint64     to);
/* Per stack node, what happened in events [@from, @to): allocations,
 * allocated_bytes and temporary (heaptrack's rule) counted in the range;
 * peak_bytes, leaked_bytes and leaked_allocations hold what of it is still
 * live at @to. */
TideCost   *tide_replay_range       (TideReplay    *self,
                                     guint64        from,
                                     guint64        to);

/* The number of events recorded up to @time_ms: the instant's event index. */
guint64     tide_trace_event_index_at_time (TideTrace *trace,
                                            guint64    time_ms);
/* The time stamp in effect at @event_index. */
guint64     tide_trace_time_at_event_index (TideTrace *trace,
                                            guint64    event_index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideReplay, tide_replay_free)

G_END_DECLS
