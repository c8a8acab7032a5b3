/* tide-folded-reader.h: reads folded stacks ("frame;frame;frame 42")
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "../tide-byte-source.h"
#include "../tide-trace.h"

G_BEGIN_DECLS

/* TRUE when the first line is a stack of frames and a weight. */
gboolean   tide_folded_sniff (const guint8    *data,
                              gsize            len);

TideTrace *tide_folded_read  (TideByteSource  *source,
                              GCancellable    *cancellable,
                              GError         **error);

G_END_DECLS
