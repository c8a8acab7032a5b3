/* tide-mprof-reader.h: reads memory_profiler's `mprof run` files
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "../tide-byte-source.h"
#include "../tide-trace.h"

G_BEGIN_DECLS

/* TRUE when the first line is an mprof record (CMDLINE, MEM, FUNC, CHLD). */
gboolean   tide_mprof_sniff (const guint8    *data,
                             gsize            len);

/* A trace of the process's memory over time (TIDE_TRACE_FORMAT_MPROF):
 * one sample per MEM record, ms from the first record; each child process
 * of a CHLD record an extra series; each FUNC record a span. No stacks. */
TideTrace *tide_mprof_read  (TideByteSource  *source,
                             GCancellable    *cancellable,
                             GError         **error);

G_END_DECLS
