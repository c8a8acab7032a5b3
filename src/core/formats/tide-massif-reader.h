/* tide-massif-reader.h: reads Valgrind massif output (massif.out.*)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "../tide-byte-source.h"
#include "../tide-trace.h"

G_BEGIN_DECLS

/* TRUE when the first decompressed bytes look like massif output. */
gboolean   tide_massif_sniff (const guint8    *data,
                              gsize            len);

TideTrace *tide_massif_read  (TideByteSource  *source,
                              GCancellable    *cancellable,
                              GError         **error);

G_END_DECLS
