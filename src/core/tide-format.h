/* tide-format.h: how numbers and locations read, the same in CLI and window
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "analysis/tide-sites.h"
#include "tide-trace.h"

G_BEGIN_DECLS

char *tide_format_count    (guint64     value);
char *tide_format_metric   (TideMetric  metric,
                            guint64     value);
char *tide_format_duration (guint64     ms);
/* A time stamp of @trace in its own unit: a duration for milliseconds,
 * "219844 instructions" or "1531432 B" for massif's other units,
 * "snapshot 2" in a series of dumps (its places count from 0). */
char *tide_format_trace_time (TideTrace *trace,
                              guint64    value);
/* "function (file:line, module)", valid UTF-8, "??" for unknown parts. */
char *tide_format_frame    (TideTrace  *trace,
                            guint32     frame);
/* The function name alone, valid UTF-8. */
char *tide_format_function (TideTrace  *trace,
                            guint32     frame);
/* "file:line" (or the module when there is no file), valid UTF-8. */
char *tide_format_location (TideTrace  *trace,
                            guint32     frame);

G_END_DECLS
