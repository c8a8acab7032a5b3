/* tide-event-log.h: every allocation event of a trace, compressed in blocks
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An event is one 32-bit word (see TIDE_EVENT_* in tide-trace.h). Words are
 * appended into a fixed block. zstd turns the 4 bytes of an event into well
 * under one on real traces, so a trace of hundreds of millions of events is
 * kept whole and the heap at any instant can be rebuilt by replaying it.
 *
 * Compressing costs a core about as much time as decompressing the trace
 * file, which a load must not wait for. So, while loading, full blocks are
 * written as they are to the trace's spill file (see tide-spill-file.h), out
 * of the process's memory, by a second thread, and the last block stays in
 * memory as it is; once the load is finished a thread of the lowest
 * priority compresses them, in place in the file (giving the rest of their
 * room back) and in memory. Until then a raw block is read as it is. Where
 * there is no spill file, full blocks are compressed while loading (on the
 * second thread) and kept in memory; past 1 GiB of raw blocks, they are
 * compressed while loading and spilled.
 * Appending is for one thread; reading, once finished, for any.
 */
#pragma once

#include <glib.h>

#include "tide-spill-file.h"

G_BEGIN_DECLS

#define TIDE_EVENT_BLOCK_SIZE (1u << 18)

typedef struct _TideEventLog TideEventLog;

struct _TideEventLog
{
  /*< private >*/
  guint32   *block;      /* block being filled; NULL once finished */
  gsize      fill;
  gsize      capacity;   /* of block: grows up to TIDE_EVENT_BLOCK_SIZE */
  guint64    n_events;
  GArray    *sealed;     /* TideEventBlock: all full but the last */
  GRWLock    lock;       /* guards sealed's blocks and the sizes below */
  gsize      stored_bytes;  /* of the blocks, compressed or raw */
  gsize      spilled_bytes; /* of them, in the spill file */
  TideSpillFile *spill;  /* borrowed: where sealed blocks go; NULL: memory */
  GThreadPool *pool;     /* one thread storing full blocks while we parse */
  GAsyncQueue *free_blocks; /* raw blocks to fill; bounds the blocks in flight */
  gpointer   cctx;       /* ZSTD_CCtx, for the pool's thread, then the compressor's */
  guint64    raw_written; /* raw bytes the pool's thread put in the file */
  guint64    raw_budget;  /* and how many it may (RAW_BUDGET; tests change it) */
  GThread   *compressor; /* compresses raw blocks once finished; NULL when done */
  gboolean   compress_asked; /* the compressor was started (or had nothing to do) */
  GMutex     join_lock;  /* guards compressor and compress_asked */
  gint       stop;       /* tells the compressor to stop (atomic) */
};

typedef struct
{
  TideSpillBlock stored;
  gboolean       raw;    /* words as appended: in the spill file, or in
                          * memory (stored.data) for the last block */
} TideEventBlock;

/* Sealed blocks go to @spill (borrowed, may be NULL) if it can take them. */
TideEventLog *tide_event_log_new        (TideSpillFile      *spill);
void          tide_event_log_free       (TideEventLog       *self);
/* Grows the first block, or hands a full block to the compressing thread. */
void          tide_event_log_make_room  (TideEventLog       *self);
/* Seals the last block (raw, in memory); the log is read-only afterwards. */
void          tide_event_log_finish     (TideEventLog       *self);
/* Starts compressing the blocks kept raw, on a thread of the lowest
 * priority (once; later calls do nothing). The loader calls it once the
 * file's decoder and the reader have let go of their memory, so that the
 * compressor's buffers take theirs rather than add to it. */
void          tide_event_log_compress_in_background (TideEventLog *self);
/* Waits until every raw block is compressed (or found not to shrink),
 * starting the compressing first if nothing has. */
void          tide_event_log_wait_compressed (TideEventLog  *self);

static inline void
tide_event_log_append (TideEventLog *self,
                       guint32       word)
{
  if (G_UNLIKELY (self->fill == self->capacity))
    tide_event_log_make_room (self);
  self->block[self->fill++] = word;
  self->n_events++;
}

/* @n copies of @word: a run fills the block directly (a dump's blocks of
 * one size from one line are one run). */
void          tide_event_log_append_n       (TideEventLog       *self,
                                             guint32             word,
                                             guint64             n);

guint64       tide_event_log_get_n_events   (const TideEventLog *self);
/* Bytes of memory held for the events once finished: the last block
 * raw until the compressing gets to it, far fewer after. */
gsize         tide_event_log_get_size       (TideEventLog       *self);
/* Bytes of them held in a temporary file instead (see tide-spill-file.h):
 * 4 per event at first, far fewer once compressed. */
guint64       tide_event_log_get_spilled_size (TideEventLog     *self);
/* Called with the words of events in the order they came, a run at a time. */
typedef void (*TideEventWordsFunc) (const guint32 *words,
                                    gsize          n,
                                    gpointer       user_data);

/* Calls @func on events [start, start + n), as far as the log goes: where a
 * block is in memory as appended, on its words where they are (no copy),
 * otherwise on a copy. Safe from any thread once finished. */
void          tide_event_log_foreach        (TideEventLog       *self,
                                             guint64             start,
                                             guint64             n,
                                             TideEventWordsFunc  func,
                                             gpointer            user_data);
/* Copies events [start, start + n) into @out; returns how many were copied
 * (fewer at the end of the log). Safe from any thread once finished. */
gsize         tide_event_log_copy           (TideEventLog       *self,
                                             guint64             start,
                                             guint32            *out,
                                             gsize               n);

G_END_DECLS
