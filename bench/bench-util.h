/* bench-util.h: timing and reporting shared by the chart benchmarks
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/tide-trace.h"

G_BEGIN_DECLS

/* The monotonic clock, in ms. */
double bench_now_ms      (void);
/* Median of column @col of a table of @n rows of @stride doubles. */
double bench_median_of   (const double *table,
                          guint         col,
                          guint         stride,
                          guint         n);
/* The CPU's model name, from /proc/cpuinfo. */
char  *bench_cpu_model   (void);
/* The commit the working tree is at, when run inside it. */
char  *bench_commit      (void);

/* @k copies of @trace, each under a root frame of its own ("worker k"),
 * its events replayed in lockstep as @k identical processes would make
 * them; with the trace's time stamps, or (@every > 0) one stamp every
 * @every events, 10 ms apart, as a longer recording would have. */
TideTrace *bench_copy_trace (TideTrace *trace,
                             guint      k,
                             guint      every);

G_END_DECLS
