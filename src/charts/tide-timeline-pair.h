/* tide-timeline-pair.h: two traces' heaps over time on one plot, aligned at their start
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a comparison shows of two timelines: each trace's heap, its time
 * counted from its own first sample, drawn over the other's on one time
 * axis (to the end of the longer run) and one byte axis (to the higher of
 * the two peaks), so that the same bytes are the same height and the same
 * time since start the same place. Each trace's compared instant (or range)
 * is marked in its colour, "before" cool and "after" warm as in the
 * differential flame graph.
 *
 * The layout reduces each series to a min/max per pixel column (drawing
 * follows the pixels, never the sample count); the painter draws it for
 * the window and for export alike. Both traces must count time in the same
 * unit (tide_timeline_pair_can_compare()).
 */
#pragma once

#include "charts/tide-draw-list.h"
#include "charts/tide-timeline-layout.h"

G_BEGIN_DECLS

typedef struct
{
  TideTimelineSource *source;    /* borrowed: it must outlive the pair (the readout reads it) */
  const char         *title;     /* "ht_leaky.zst · Peak at 1.67 s"; copied */
  double              mark_from; /* the compared selection, in the trace's time (NAN: none) */
  double              mark_to;   /* the same for an instant */
} TideTimelinePairSide;

typedef struct _TideTimelinePair TideTimelinePair;

/* Whether both traces have a timeline, in one unit of time. */
gboolean          tide_timeline_pair_can_compare (TideTrace                  *before,
                                                  TideTrace                  *after);
/* Lays both out in a @width x @height drawing (plot inside, axes and
 * legend around it); @sides[0] is "before". The plot shows the window
 * [@t0, @t1] of time since the starts, or the whole of the longer run when
 * @t1 <= @t0 (or either is NAN). */
TideTimelinePair *tide_timeline_pair_new         (const TideTimelinePairSide  sides[2],
                                                  gboolean                    dark,
                                                  double                      width,
                                                  double                      height,
                                                  double                      t0,
                                                  double                      t1);
/* The longer run, since its start: what the whole window spans. */
double            tide_timeline_pair_get_span    (TideTimelinePair           *self);
void              tide_timeline_pair_free        (TideTimelinePair           *self);
void              tide_timeline_pair_get_plot    (TideTimelinePair           *self,
                                                  TideTimelineRect           *plot);
/* The time axis spans the window ([0, the longer run] unzoomed), the value
 * axis [0, at least the higher peak]. */
const TideTimelineAxis *tide_timeline_pair_get_time_axis  (TideTimelinePair *self);
const TideTimelineAxis *tide_timeline_pair_get_value_axis (TideTimelinePair *self);
/* The highest heap of side @which, and when (since its start). */
double            tide_timeline_pair_get_peak    (TideTimelinePair           *self,
                                                  guint                       which,
                                                  double                     *time);
/* Per pixel column of the plot: side @which's lowest and highest heap,
 * NAN where the side has no samples. */
guint             tide_timeline_pair_get_n_columns (TideTimelinePair         *self);
const double     *tide_timeline_pair_get_maxs    (TideTimelinePair           *self,
                                                  guint                       which);
const double     *tide_timeline_pair_get_mins    (TideTimelinePair           *self,
                                                  guint                       which);
double            tide_timeline_pair_x_for_time  (TideTimelinePair           *self,
                                                  double                      time);
double            tide_timeline_pair_y_for_value (TideTimelinePair           *self,
                                                  double                      value);
/* The heap of side @which at @time since its start (the last sample at or
 * before it), NAN outside its run. */
double            tide_timeline_pair_value_at    (TideTimelinePair           *self,
                                                  guint                       which,
                                                  double                      time);
/* "1.23 s\nbefore: 1.0 MB\nafter: 912.0 kB (−112.4 kB)" for the pointer at @x. */
char             *tide_timeline_pair_readout     (TideTimelinePair           *self,
                                                  double                      x);
/* The side's line colour. */
TideColor         tide_timeline_pair_color       (guint                       which,
                                                  gboolean                    dark);
/* Records the chart (and, when @hover_x is not NAN, a crosshair there). */
TideDrawList     *tide_timeline_pair_paint       (TideTimelinePair           *self,
                                                  double                      hover_x);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideTimelinePair, tide_timeline_pair_free)

G_END_DECLS
