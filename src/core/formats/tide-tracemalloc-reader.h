/* tide-tracemalloc-reader.h: reads Python tracemalloc snapshot dumps
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "../tide-byte-source.h"
#include "../tide-trace.h"

G_BEGIN_DECLS

/* TRUE when the first decompressed bytes are a pickle of tracemalloc.Snapshot. */
gboolean   tide_tracemalloc_sniff (const guint8    *data,
                                   gsize            len);

TideTrace *tide_tracemalloc_read  (TideByteSource  *source,
                                   GCancellable    *cancellable,
                                   GError         **error);

/* Orders @files (GFile) as a series is read: by modification time, oldest
 * first, then by name (numbers in names by value: dump2 before dump10). */
void       tide_tracemalloc_sort_series (GPtrArray       *files,
                                         GCancellable    *cancellable);

/* Several dumps, in the order of @files (GFile), as one trace: a sample
 * per dump at its place in the series (TIDE_TIME_UNIT_SNAPSHOTS), the heap
 * of each dump at its sample, told as the blocks that came and went from
 * one to the next, so every view shows the dump in effect at an instant and
 * a range shows what appeared between two dumps. The stack tree is shared:
 * the same code is the same frames in every dump. @progress (may be NULL)
 * hears the share of the whole series read. */
TideTrace *tide_tracemalloc_read_series (GPtrArray        *files,
                                         TideProgressFunc  progress,
                                         gpointer          user_data,
                                         GCancellable     *cancellable,
                                         GError          **error);

G_END_DECLS
