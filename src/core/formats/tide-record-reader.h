/* tide-record-reader.h: reads tidemark-record's recordings of Python programs
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "../tide-byte-source.h"
#include "../tide-trace.h"

G_BEGIN_DECLS

/* TRUE when the first decompressed bytes are a recording's header pickle. */
gboolean   tide_record_sniff (const guint8    *data,
                              gsize            len);

/* A recording (docs/record-format.md) as a tracemalloc trace in ms from
 * the first sample: each sample's blocks as the change from the sample
 * before (so every view shows the heap of the sample in effect at an
 * instant), and tracemalloc's own count of traced memory, with its peak
 * since the sample before, as an extra series. */
TideTrace *tide_record_read  (TideByteSource  *source,
                              GCancellable    *cancellable,
                              GError         **error);

G_END_DECLS
