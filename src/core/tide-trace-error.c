/* tide-trace-error.c: the error domain every trace reader reports into
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-trace-error.h"

G_DEFINE_QUARK (tide-trace-error-quark, tide_trace_error)

gboolean
tide_trace_error_set_corrupt (GError    **error,
                              const char *where,
                              const char *format,
                              va_list     args)
{
  g_autofree char *what = g_strdup_vprintf (format, args);

  g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT, "%s: %s", where, what);
  return FALSE;
}
