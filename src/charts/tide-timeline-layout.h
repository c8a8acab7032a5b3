/* tide-timeline-layout.h: the geometry of a timeline, one pixel column at a time
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A layout is what one redraw of the timeline needs, for one visible window
 * [t0, t1] of the run (ms, fractional for smooth zoom) and one plot area
 * (px, in the coordinates of the whole drawing):
 *  - per pixel column and per series, the lowest and highest value reached
 *    while the column's time slice lasted, from the source's min/max
 *    pyramids: O(columns x log samples), never O(samples), and a spike of
 *    a single sample shows in some column at every zoom;
 *  - for the heap split by sites ("stacked"), per column the cumulative top
 *    of each band, from the sample in effect at the column's end;
 *  - value axes with "nice" ticks (1, 2 or 5 x 10^k in the unit of the
 *    labels: decimal units for bytes, k/M for counts and rates), a time axis
 *    in the trace's unit (ms, s or min; massif's instructions as i, ki, Mi,
 *    Gi, or bytes as B, kB, MB), the peak's position, the x <-> time
 *    mapping and a hit test.
 *
 * Times are in the trace's unit throughout (TideTimeUnit: milliseconds for
 * heaptrack, where the parameters below are named *_ms).
 *
 * A sample's extremes belong to the interval that ends at it (the trace
 * records the heap's highest and lowest point since the sample before): a
 * column covers every sample whose interval overlaps its time slice, so the
 * peak shows in the column that holds the peak's time stamp.
 *
 * Series with different units get their own axis: the first unit on the
 * left of the plot, the second on its right, and further units in more
 * "lanes" (strips of the plot, one above the other), two units per lane.
 */
#pragma once

#include "charts/tide-timeline-source.h"

G_BEGIN_DECLS

typedef struct
{
  double x, y, width, height;
} TideTimelineRect;

/* The trace's extra series (child processes, traced memory) a layout draws
 * at most, beside the heap, on its axis. */
#define TIDE_TIMELINE_MAX_EXTRAS 16

typedef struct
{
  TideSeriesKind series[TIDE_N_SERIES]; /* shown, in this order; the first is the main one */
  guint          n_series;
  gboolean       stacked;               /* the heap as bands per site (needs the source's stack) */
  gboolean       no_extras;             /* leave out the trace's extra series (shown with any
                                         * series in bytes otherwise) */
} TideTimelineOptions;

typedef enum
{
  TIDE_TIMELINE_UNIT_BYTES, /* heap, RSS */
  TIDE_TIMELINE_UNIT_COUNT, /* live blocks */
  TIDE_TIMELINE_UNIT_RATE,  /* per second */
  TIDE_TIMELINE_UNIT_TIME,  /* ms: the time axis */
} TideTimelineUnit;

typedef struct
{
  double  value; /* in the axis' base unit: bytes, count, per second, or ms */
  double  pos;   /* px: y on a value axis, x on the time axis */
  char   *label; /* "2 MB", "500k/s", "1.5 s" */
} TideTimelineTick;

typedef struct
{
  TideTimelineUnit  unit;
  TideTimeUnit      time_unit; /* the time axis: what its values count */
  double            min, max;  /* the range the axis spans; value axes start at 0 */
  double            step;      /* between ticks, in base units */
  double            unit_size; /* base units per unit of the labels (1000000 for MB, 1000 for s) */
  const char       *unit_name; /* "MB", "k/s", "s", "Mi", … */
  guint             n_ticks;
  TideTimelineTick *ticks;     /* increasing, all within [min, max] */
} TideTimelineAxis;

typedef struct
{
  double           y, height;  /* px: the lane's strip of the plot */
  TideTimelineAxis left;
  gboolean         has_right;
  TideTimelineAxis right;
} TideTimelineLane;

/* One series as drawn: NAN in columns before the first or after the last
 * sample. */
typedef struct
{
  TideSeriesKind  kind;
  guint           lane;
  gboolean        right;  /* on its lane's right axis */
  double         *mins;   /* per column */
  double         *maxs;   /* per column */
} TideTimelineCurve;

typedef struct
{
  double time_ms;
  double value; /* bytes */
  double x, y;  /* px */
} TideTimelinePeak;

typedef struct
{
  double time_ms;                /* under the pixel */
  int    column;                 /* -1 off the plot */
  int    sample;                 /* the sample in effect then; -1 before the first */
  double values[TIDE_N_SERIES];  /* each shown series then (rates: over the interval
                                  * that holds the time); NAN when not shown */
  double maxs[TIDE_N_SERIES];    /* the column's highest value, as drawn; NAN likewise */
  int    band;                   /* stacked: the band under the point, -1 for none */
  double band_value;             /* its bytes */
  double extra_values[TIDE_TIMELINE_MAX_EXTRAS]; /* each extra series drawn then; NAN otherwise */
} TideTimelineHit;

typedef struct _TideTimelineLayout TideTimelineLayout;

/* Heap alone. */
void                     tide_timeline_options_init       (TideTimelineOptions *options);
/* Appends @kind unless already shown; FALSE when all are. */
gboolean                 tide_timeline_options_add        (TideTimelineOptions *options,
                                                           TideSeriesKind       kind);
/* Whether the series of @options need a right axis (two units or more). */
gboolean                 tide_timeline_options_has_right_axis (const TideTimelineOptions *options);
TideTimelineUnit         tide_timeline_unit_of_series     (TideSeriesKind       kind);
/* The series a layout of @options on @source shows, in order, into @kinds:
 * those the trace lacks or @source has not built left out, the heap first
 * when stacked. Their count; @stacked (may be NULL) tells whether the heap
 * is drawn as bands. */
guint                    tide_timeline_options_resolve    (const TideTimelineOptions *options,
                                                           TideTimelineSource        *source,
                                                           TideSeriesKind            *kinds,
                                                           gboolean                  *stacked);

/* Series the source lacks (RSS) or has not built are left out; stacked
 * without a stack in the source draws the heap as one area. @t1 > @t0;
 * @plot at least 1 px. */
TideTimelineLayout      *tide_timeline_layout_new         (TideTimelineSource        *source,
                                                           const TideTimelineOptions *options,
                                                           double                     t0_ms,
                                                           double                     t1_ms,
                                                           const TideTimelineRect    *plot);
void                     tide_timeline_layout_free        (TideTimelineLayout  *self);

TideTimelineSource      *tide_timeline_layout_get_source  (TideTimelineLayout  *self);
void                     tide_timeline_layout_get_window  (TideTimelineLayout  *self,
                                                           double              *t0_ms,
                                                           double              *t1_ms);
void                     tide_timeline_layout_get_plot    (TideTimelineLayout  *self,
                                                           TideTimelineRect    *plot);
guint                    tide_timeline_layout_get_n_columns (TideTimelineLayout *self);

guint                    tide_timeline_layout_get_n_curves (TideTimelineLayout *self);
const TideTimelineCurve *tide_timeline_layout_get_curve   (TideTimelineLayout  *self,
                                                           guint                i);
/* The curve of @kind, or NULL when it is not shown. */
const TideTimelineCurve *tide_timeline_layout_find_curve  (TideTimelineLayout  *self,
                                                           TideSeriesKind       kind);
guint                    tide_timeline_layout_get_n_lanes (TideTimelineLayout  *self);
const TideTimelineLane  *tide_timeline_layout_get_lane    (TideTimelineLayout  *self,
                                                           guint                lane);
const TideTimelineAxis  *tide_timeline_layout_get_time_axis (TideTimelineLayout *self);

/* The trace's extra series drawn (the first TIDE_TIMELINE_MAX_EXTRAS),
 * each a curve on the bytes axis: extra @i is the trace's extra series @i. */
guint                    tide_timeline_layout_get_n_extras (TideTimelineLayout *self);
const TideTimelineCurve *tide_timeline_layout_get_extra   (TideTimelineLayout  *self,
                                                           guint                i);

/* Stacked: bands (the stack's sites, then "other"), 0 when not stacked. */
guint                    tide_timeline_layout_get_n_bands (TideTimelineLayout  *self);
/* The frame of @band's site; 0 for "other". */
guint32                  tide_timeline_layout_get_band_frame (TideTimelineLayout *self,
                                                           guint                band);
/* Per column, bytes of bands 0..@band together (the band's top edge). */
const double            *tide_timeline_layout_get_band_tops (TideTimelineLayout *self,
                                                           guint                band);
/* The sample whose bands column @column shows: the last one at or before
 * the column's end; -1 for columns without data. */
int                      tide_timeline_layout_get_column_sample (TideTimelineLayout *self,
                                                           guint                column);

/* The heap's peak, when the heap is shown and the peak is in the window. */
gboolean                 tide_timeline_layout_get_peak    (TideTimelineLayout  *self,
                                                           TideTimelinePeak    *peak);

double                   tide_timeline_layout_x_for_time  (TideTimelineLayout  *self,
                                                           double               time_ms);
double                   tide_timeline_layout_time_for_x  (TideTimelineLayout  *self,
                                                           double               x);
/* px of @value on @lane's left (or right) axis. */
double                   tide_timeline_layout_y_for_value (TideTimelineLayout  *self,
                                                           guint                lane,
                                                           gboolean             right,
                                                           double               value);
/* What is at (@x, @y): the time, the series' values then, the band.
 * FALSE (with @hit still filled for @x) when the point is off the plot. */
gboolean                 tide_timeline_layout_hit         (TideTimelineLayout  *self,
                                                           double               x,
                                                           double               y,
                                                           TideTimelineHit     *hit);

/* A value axis from 0 to at least @data_max (NAN or 0: a small default),
 * as layouts make them for a lane @height px tall whose top is at @top. */
void                     tide_timeline_axis_init_values   (TideTimelineAxis    *axis,
                                                           TideTimelineUnit     unit,
                                                           double               data_max,
                                                           double               top,
                                                           double               height);
/* The time axis of the window [@t0_ms, @t1_ms] drawn @width px wide from @x. */
void                     tide_timeline_axis_init_time     (TideTimelineAxis    *axis,
                                                           double               t0_ms,
                                                           double               t1_ms,
                                                           double               x,
                                                           double               width);
/* The same for times in @unit: ticks in seconds (or ms, min) for
 * milliseconds, in decimal multiples of instructions ("1.5 Mi") or bytes
 * ("500 kB") for massif's other units. Layouts make theirs in the unit of
 * their source's trace. */
void                     tide_timeline_axis_init_time_in  (TideTimelineAxis    *axis,
                                                           TideTimeUnit         unit,
                                                           double               t0,
                                                           double               t1,
                                                           double               x,
                                                           double               width);
/* @value on the time @axis, written with the digits a step of @step needs:
 * "1.234 s", "224.12 ki". */
char                    *tide_timeline_axis_format_time   (const TideTimelineAxis *axis,
                                                           double               value,
                                                           double               step);
/* @value on the time @axis for a readout: a digit more than the axis'
 * labels ("1.25 s" beside "1.2 s"), whole seconds beside minutes ("105 min
 * 19 s" where the axis reads "100 min"). Not for a series of dumps, whose
 * times are the trace's to name. */
char                    *tide_timeline_axis_format_readout (const TideTimelineAxis *axis,
                                                            double                  value);
void                     tide_timeline_axis_clear         (TideTimelineAxis    *axis);

/* Zooms the window [*@t0, *@t1] by @factor (< 1 zooms in) around
 * @anchor_ms, which keeps its place on screen; the span stays within
 * [@min_span, @max_end - @min_start] and the window within
 * [@min_start, @max_end]. */
void                     tide_timeline_window_zoom        (double              *t0_ms,
                                                           double              *t1_ms,
                                                           double               anchor_ms,
                                                           double               factor,
                                                           double               min_span,
                                                           double               min_start,
                                                           double               max_end);
/* Moves the window by @delta_ms, keeping it within [@min_start, @max_end]. */
void                     tide_timeline_window_pan         (double              *t0_ms,
                                                           double              *t1_ms,
                                                           double               delta_ms,
                                                           double               min_start,
                                                           double               max_end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideTimelineLayout, tide_timeline_layout_free)

G_END_DECLS
