/* tide-trace-error.h: the error domain every trace reader reports into
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TIDE_TRACE_ERROR (tide_trace_error_quark ())

typedef enum
{
  TIDE_TRACE_ERROR_EMPTY,               /* zero bytes, or no records at all */
  TIDE_TRACE_ERROR_UNKNOWN_FORMAT,      /* not a trace we know */
  TIDE_TRACE_ERROR_UNSUPPORTED_VERSION, /* a trace, but a version we cannot read */
  TIDE_TRACE_ERROR_TRUNCATED,           /* ends before its closing records */
  TIDE_TRACE_ERROR_CORRUPT,             /* malformed record, bad index, bad compressed data */
  TIDE_TRACE_ERROR_TOO_LARGE,           /* a size or count over our hard limits */
  TIDE_TRACE_ERROR_NOT_A_SERIES,        /* several files, not all tracemalloc dumps: open them one by one */
} TideTraceError;

GQuark tide_trace_error_quark (void);

/* Sets a TIDE_TRACE_ERROR_CORRUPT error reading "WHERE: WHAT", WHERE
 * naming the file and the position ("ht.zst: line 12 (byte 340)"), WHAT
 * formatted from @format; returns FALSE, for a reader's "return fail (…)". */
gboolean tide_trace_error_set_corrupt (GError    **error,
                                       const char *where,
                                       const char *format,
                                       va_list     args) G_GNUC_PRINTF (3, 0);

G_END_DECLS
