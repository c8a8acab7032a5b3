/* tide-timeline-pair-view.h: two traces' heaps over time, overlaid, in a widget
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws a TideTimelinePair (charts/tide-timeline-pair.h) at the widget's
 * size, so what the window shows is what an export writes: both heaps on
 * one time axis from their starts and one byte axis. The pointer shows a
 * crosshair, and the tooltip both heaps at that time and their difference.
 * Zooming (Ctrl+scroll around the pointer, + and -, 0 for the whole runs)
 * and panning (Shift+scroll) move both heaps together.
 */
#pragma once

#include <gtk/gtk.h>

#include "charts/tide-timeline-pair.h"

G_BEGIN_DECLS

#define TIDE_TYPE_TIMELINE_PAIR_VIEW (tide_timeline_pair_view_get_type ())
G_DECLARE_FINAL_TYPE (TideTimelinePairView, tide_timeline_pair_view, TIDE, TIMELINE_PAIR_VIEW, GtkWidget)

GtkWidget        *tide_timeline_pair_view_new        (void);
/* Takes the sources of @sides (tide_timeline_source_unref()s them); NULL: nothing to show. */
void              tide_timeline_pair_view_set_sides  (TideTimelinePairView       *self,
                                                      const TideTimelinePairSide *sides);
/* Shows [@t0, @t1] of time since the starts; NAN (or @t1 <= @t0): all. */
void              tide_timeline_pair_view_set_window (TideTimelinePairView     *self,
                                                      double                    t0,
                                                      double                    t1);
/* The layout on screen, at the widget's size; NULL with nothing to show. */
TideTimelinePair *tide_timeline_pair_view_get_layout (TideTimelinePairView       *self);
/* The chart at @width x @height (the widget's size when <= 0), without the
 * crosshair: what an export writes. NULL with nothing to show. */
TideDrawList     *tide_timeline_pair_view_paint      (TideTimelinePairView       *self,
                                                      double                      width,
                                                      double                      height);

G_END_DECLS
