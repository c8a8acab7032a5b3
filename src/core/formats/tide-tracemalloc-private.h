/* tide-tracemalloc-private.h: reading tracemalloc snapshots into a builder, shared by the dump, series and record readers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TideSnapshotReader turns one pickled tracemalloc.Snapshot at a time
 * into counts of blocks per allocation info (a distinct size and stack),
 * then into the builder's events: a single dump as its blocks' allocations,
 * a series as the change from the snapshot before (frees first, so the
 * heap between two snapshots never exceeds both). Stack nodes, frames and
 * infos are shared by every snapshot read, so the same code has the same
 * frames in every dump of a series.
 */
#pragma once

#include <gio/gio.h>

#include "tide-pickle.h"
#include "../tide-byte-source.h"
#include "../tide-trace-builder.h"

G_BEGIN_DECLS

typedef struct _TideSnapshotReader TideSnapshotReader;

TideSnapshotReader *tide_snapshot_reader_new    (TideTraceBuilder    *builder);
void                tide_snapshot_reader_free   (TideSnapshotReader  *self);

/* Runs the pickle at *@offset of @data (moved past it) and counts its
 * blocks; a pickle that is no Snapshot is refused, naming @name. */
gboolean            tide_snapshot_reader_read   (TideSnapshotReader  *self,
                                                 const guint8        *data,
                                                 gsize                len,
                                                 gsize               *offset,
                                                 const char          *name,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
/* Blocks and bytes of the snapshot read last. */
guint64             tide_snapshot_reader_get_blocks (TideSnapshotReader *self);
guint64             tide_snapshot_reader_get_bytes  (TideSnapshotReader *self);
/* The snapshot read last, as the events of a lone dump (all allocations,
 * no sample taken). */
void                tide_snapshot_reader_commit_dump (TideSnapshotReader *self);
/* The snapshot read last, as the next of a series: the change from the
 * previous one, and a sample at @time. */
void                tide_snapshot_reader_commit_at   (TideSnapshotReader *self,
                                                      guint64             time);

/* Pieces for files that keep tracebacks and blocks their own way
 * (tidemark-record): between begin and end, @p's traceback tuples become
 * stack nodes (frames interned as a dump's are) and blocks are counted per
 * (size, node) for the next commit_at(). Errors name @name. */
void                tide_snapshot_reader_begin  (TideSnapshotReader  *self,
                                                 TidePickle          *p,
                                                 const char          *name);
gboolean            tide_snapshot_reader_intern_traceback (TideSnapshotReader  *self,
                                                           TidePickleRef        traceback,
                                                           guint32             *node,
                                                           GError             **error);
/* @count blocks of @size bytes allocated at @node. */
gboolean            tide_snapshot_reader_add_blocks (TideSnapshotReader  *self,
                                                     guint64              size,
                                                     guint32              node,
                                                     guint64              count,
                                                     GError             **error);
void                tide_snapshot_reader_end    (TideSnapshotReader  *self);

/* The whole of a file, read into memory (a dump is parsed in place). */
GBytes             *tide_read_all_bytes         (TideByteSource      *source,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideSnapshotReader, tide_snapshot_reader_free)

G_END_DECLS
