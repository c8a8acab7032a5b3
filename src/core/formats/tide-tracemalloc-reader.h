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

G_END_DECLS
