/* tide-timeline-series.h: the series a timeline draws, from a trace's samples
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "../tide-trace.h"
#include "tide-minmax-pyramid.h"

G_BEGIN_DECLS

typedef enum
{
  TIDE_SERIES_HEAP,              /* bytes live */
  TIDE_SERIES_LIVE_ALLOCATIONS,  /* blocks live */
  TIDE_SERIES_ALLOCATION_RATE,   /* allocations per second */
  TIDE_SERIES_TEMPORARY_RATE,    /* temporary allocations per second */
  TIDE_SERIES_RSS,               /* resident set size, bytes */
  TIDE_N_SERIES
} TideSeriesKind;

const char        *tide_series_kind_to_string (TideSeriesKind kind);
gboolean           tide_series_kind_from_string (const char    *name,
                                                 TideSeriesKind *kind);
gboolean           tide_series_kind_is_bytes  (TideSeriesKind kind);

/* The series as a min/max pyramid over time (ms); NULL when the trace does
 * not have it (no RSS recorded). */
TideMinMaxPyramid *tide_timeline_series_new   (TideTrace     *trace,
                                               TideSeriesKind kind);
/* The heap and each series of @wanted the trace has into @series (NULL for
 * the others). The heap and the live blocks are read from the trace when
 * drawn (each holds a reference on it), the others are worked out in one
 * pass; all have the samples' times, read from the trace. */
void               tide_timeline_series_new_all (TideTrace         *trace,
                                                 const gboolean     wanted[TIDE_N_SERIES],
                                                 TideMinMaxPyramid *series[TIDE_N_SERIES]);
/* The same for the series other than the heap, next to @heap, a heap
 * series of @trace: the rates and RSS share its times. Reads @heap and
 * @trace only, so may run on any thread while they live; @series[HEAP] is
 * left as it is. */
void               tide_timeline_series_new_beside (TideTrace         *trace,
                                                    TideMinMaxPyramid *heap,
                                                    const gboolean     wanted[TIDE_N_SERIES],
                                                    TideMinMaxPyramid *series[TIDE_N_SERIES]);

/* The heap split by its top allocation sites over time. */
typedef struct _TideTimelineStack TideTimelineStack;

/* The @n_sites sites (innermost frames, as in the summary tables) that hold
 * most at the peak; one pass over the events. */
TideTimelineStack *tide_timeline_stack_new    (TideTrace     *trace,
                                               guint          n_sites,
                                               GCancellable  *cancellable,
                                               GError       **error);
void               tide_timeline_stack_free   (TideTimelineStack *self);
/* Bytes of memory held. */
gsize              tide_timeline_stack_get_size    (TideTimelineStack *self);
/* Sites shown, plus one more band "other" as the last. */
guint              tide_timeline_stack_get_n_bands (TideTimelineStack *self);
/* The frame id of band @band; 0 for "other". */
guint32            tide_timeline_stack_get_frame   (TideTimelineStack *self,
                                                    guint              band);
/* Bytes of @band live at sample @sample (the trace's sample index). */
double             tide_timeline_stack_get_value   (TideTimelineStack *self,
                                                    guint              band,
                                                    guint              sample);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideTimelineStack, tide_timeline_stack_free)

G_END_DECLS
