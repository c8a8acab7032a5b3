/* tide-timeline-view.h: the run over time; click an instant, Shift+drag a range
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws the session's trace through the charts library (timeline layout,
 * painter, draw list), so what the window shows is what an export writes:
 * the heap and any other series over a window of time, optionally the heap
 * stacked by its top sites, the peak, the session's selection and a
 * crosshair with the values under the pointer.
 *
 * Pointer: a click selects the heap at that instant, Shift+drag a range
 * (tide_session_select_instant/_range); drag or scroll pans; Ctrl+scroll or
 * a pinch zooms around the pointer, a double click zooms in there. Every
 * zoom is remembered: zoom_back() undoes one. A redraw costs O(pixels): the
 * layout asks the series' min/max pyramids one question per column.
 */
#pragma once

#include <gtk/gtk.h>

#include "charts/tide-draw-list.h"
#include "charts/tide-timeline-layout.h"
#include "charts/tide-timeline-painter.h"
#include "core/tide-session.h"

G_BEGIN_DECLS

#define TIDE_TYPE_TIMELINE_VIEW (tide_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (TideTimelineView, tide_timeline_view, TIDE, TIMELINE_VIEW, GtkWidget)

GtkWidget          *tide_timeline_view_new            (void);
/* The accessible label last set (GTK 4.8 has no getter): "Timeline (Heap,
 * RSS), from 0.50 s to 1.20 s". */
const char         *tide_timeline_view_get_accessible_label (TideTimelineView *self);

TideSession        *tide_timeline_view_get_session    (TideTimelineView *self);
/* A new session shows its whole run, with no zoom history. */
void                tide_timeline_view_set_session    (TideTimelineView *self,
                                                       TideSession      *session);

/* Series shown (also the "show-heap", "show-rss", ... properties); the
 * last one shown cannot be hidden. RSS only when the trace recorded it. */
gboolean            tide_timeline_view_get_series_shown (TideTimelineView *self,
                                                       TideSeriesKind    kind);
void                tide_timeline_view_set_series_shown (TideTimelineView *self,
                                                       TideSeriesKind    kind,
                                                       gboolean          shown);
gboolean            tide_timeline_view_has_series     (TideTimelineView *self,
                                                       TideSeriesKind    kind);
/* The heap as bands of its @n_sites top sites; the split is computed on a
 * worker thread the first time (the heap shows as one area until then). */
gboolean            tide_timeline_view_get_stacked    (TideTimelineView *self);
void                tide_timeline_view_set_stacked    (TideTimelineView *self,
                                                       gboolean          stacked);
guint               tide_timeline_view_get_n_sites    (TideTimelineView *self);
void                tide_timeline_view_set_n_sites    (TideTimelineView *self,
                                                       guint             n_sites);
/* TRUE while the split by sites is being computed. */
gboolean            tide_timeline_view_is_busy        (TideTimelineView *self);

/* The visible window of the run, in ms. */
void                tide_timeline_view_get_window     (TideTimelineView *self,
                                                       double           *t0_ms,
                                                       double           *t1_ms);
/* The whole run: what zoom_reset() shows. */
void                tide_timeline_view_get_extent     (TideTimelineView *self,
                                                       double           *t0_ms,
                                                       double           *t1_ms);
/* Zooms by @factor (< 1 zooms in) keeping @anchor_ms in place, and
 * remembers the window it leaves for zoom_back(). */
void                tide_timeline_view_zoom           (TideTimelineView *self,
                                                       double            factor,
                                                       double            anchor_ms);
/* Halves (doubles) the window around the pointer, or the middle. */
void                tide_timeline_view_zoom_in        (TideTimelineView *self);
void                tide_timeline_view_zoom_out       (TideTimelineView *self);
/* The whole run again (remembered too: it can be undone). */
void                tide_timeline_view_zoom_reset     (TideTimelineView *self);
/* The window before the last zoom; FALSE when there is none. */
gboolean            tide_timeline_view_zoom_back      (TideTimelineView *self);
gboolean            tide_timeline_view_can_zoom_back  (TideTimelineView *self);
gboolean            tide_timeline_view_can_zoom_in    (TideTimelineView *self);
gboolean            tide_timeline_view_is_zoomed      (TideTimelineView *self);
/* Moves the window by @fraction of its span (negative: earlier). */
void                tide_timeline_view_pan            (TideTimelineView *self,
                                                       double            fraction);

/* What a click at @x (widget coordinates) does: selects the heap at that
 * instant on the session. FALSE when @x is off the plot. */
gboolean            tide_timeline_view_select_at      (TideTimelineView *self,
                                                       double            x);
/* What a Shift+drag from @x0 to @x1 does: selects that range. */
gboolean            tide_timeline_view_select_between (TideTimelineView *self,
                                                       double            x0,
                                                       double            x1);

/* The band under the pointer (stacked), -1 for none. */
int                 tide_timeline_view_get_hover_band (TideTimelineView *self);
/* Outlines band @band (the legend's entry under the pointer); -1 for none. */
void                tide_timeline_view_set_highlight_band (TideTimelineView *self,
                                                       int               band);

/* The layout on screen, valid until the next change of window, series,
 * size or stack; NULL without a session. */
TideTimelineLayout *tide_timeline_view_get_layout     (TideTimelineView *self);
/* What the last frame drew, or NULL. */
TideDrawList       *tide_timeline_view_get_draw_list  (TideTimelineView *self);
/* The same window, series and selection without the crosshair, with a
 * legend, at @width x @height (the widget's size when <= 0): what an
 * export writes. NULL without a session. */
TideDrawList       *tide_timeline_view_paint          (TideTimelineView *self,
                                                       double            width,
                                                       double            height);

G_END_DECLS
