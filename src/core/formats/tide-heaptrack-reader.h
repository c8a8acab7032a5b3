/* tide-heaptrack-reader.h: reads the data files heaptrack 1.x writes
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "../tide-byte-source.h"
#include "../tide-trace.h"

G_BEGIN_DECLS

/* TRUE when the first decompressed bytes look like heaptrack output. */
gboolean   tide_heaptrack_sniff (const guint8    *data,
                                 gsize            len);

TideTrace *tide_heaptrack_read  (TideByteSource  *source,
                                 GCancellable    *cancellable,
                                 GError         **error);

G_END_DECLS
