/* tide-timeline-source.h: what a timeline draws from, computed once per trace
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The min/max pyramid of each series a trace has and the view shows
 * (O(samples) to build: milliseconds, up to a second for recordings of
 * hours, each holding up to 8 bytes a sample, so the hidden ones wait
 * until shown), and optionally the heap split by its top allocation sites
 * (O(events): build it on a worker thread with tide_timeline_stack_new()
 * and hand it over). Layouts are made from a source at every redraw and
 * cost O(pixels); what a layout drew from stays while it lives: series are
 * only added, and the stack changes through set_stack() alone.
 */
#pragma once

#include "core/analysis/tide-timeline-series.h"

G_BEGIN_DECLS

typedef struct _TideTimelineSource TideTimelineSource;

/* The heap and the series of @wanted (indexed by TideSeriesKind; NULL for
 * every one) the trace has. The others can be added later, as shown. */
TideTimelineSource *tide_timeline_source_new        (TideTrace          *trace,
                                                     const gboolean     *wanted);
/* Shared with a worker adding series; the owner's thread is the one to
 * read and change it (thread-safe reference counting). */
TideTimelineSource *tide_timeline_source_ref        (TideTimelineSource *self);
void                tide_timeline_source_unref      (TideTimelineSource *self);
/* The series of @wanted (NULL: all) the trace has and @self has not built
 * yet, into @missing; whether there are any. */
gboolean            tide_timeline_source_get_missing (TideTimelineSource *self,
                                                      const gboolean     *wanted,
                                                      gboolean            missing[TIDE_N_SERIES]);
/* Builds the series of @missing (from get_missing()) into @built, without
 * adding them: safe on any thread while @self lives. */
void                tide_timeline_source_build_series (TideTimelineSource *self,
                                                       const gboolean      missing[TIDE_N_SERIES],
                                                       TideMinMaxPyramid  *built[TIDE_N_SERIES]);
/* Takes the series of @built (NULLs them) that @self lacks, frees any it
 * has; on the owner's thread. */
void                tide_timeline_source_add_series (TideTimelineSource *self,
                                                     TideMinMaxPyramid  *built[TIDE_N_SERIES]);
TideTrace          *tide_timeline_source_get_trace  (TideTimelineSource *self);
/* Whether @trace's samples span any time: folded stacks and a tracemalloc
 * dump (every sample at 0) have no timeline to draw. */
gboolean            tide_timeline_trace_has_time    (TideTrace          *trace);
/* Whether the trace recorded @kind (RSS may be missing; massif counts no
 * allocations, so has no series of them). */
gboolean            tide_timeline_source_has_series (TideTimelineSource *self,
                                                     TideSeriesKind      kind);
/* The same, asked of the trace: what a source made from it will have,
 * known before the source is built (on a worker thread, for long runs). */
gboolean            tide_timeline_trace_has_series  (TideTrace          *trace,
                                                     TideSeriesKind      kind);
/* The pyramid of @kind, or NULL when the trace lacks it or it is not
 * built yet (see tide_timeline_source_new()). */
TideMinMaxPyramid  *tide_timeline_source_get_series (TideTimelineSource *self,
                                                     TideSeriesKind      kind);
guint               tide_timeline_source_get_n_samples (TideTimelineSource *self);
/* Time (ms) of sample @i. */
guint64             tide_timeline_source_get_time   (TideTimelineSource *self,
                                                     guint               i);
/* The value of @kind at sample @i (the heap at that instant, or the rate
 * over the interval that ends there); NAN when the trace lacks @kind. */
double              tide_timeline_source_get_value  (TideTimelineSource *self,
                                                     TideSeriesKind      kind,
                                                     guint               i);
/* The trace's extra series (a child process's memory, the memory
 * tracemalloc traced), in bytes: their pyramids, at their own times. */
guint               tide_timeline_source_get_n_extras (TideTimelineSource *self);
TideMinMaxPyramid  *tide_timeline_source_get_extra  (TideTimelineSource *self,
                                                     guint               extra);
/* Its value in effect at @time (NAN before its first point). */
double              tide_timeline_source_get_extra_value (TideTimelineSource *self,
                                                          guint               extra,
                                                          double              time);
/* Takes @stack (NULL drops the one held): stacked layouts draw it. */
void                tide_timeline_source_set_stack  (TideTimelineSource *self,
                                                     TideTimelineStack  *stack);
TideTimelineStack  *tide_timeline_source_get_stack  (TideTimelineSource *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideTimelineSource, tide_timeline_source_unref)

G_END_DECLS
