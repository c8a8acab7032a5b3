/* tide-timeline-page.h: the timeline of a trace, its series, zoom and export
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A toolbar (series shown, the heap stacked by its top sites, zoom, export),
 * the TideTimelineView itself and a legend whose entries point at their
 * band in the chart. Clicking the chart selects an instant on the session,
 * Shift+drag a range; Escape goes back to the peak. Results of an export
 * are reported with the "toast" signal.
 */
#pragma once

#include <adwaita.h>

#include "charts/tide-chart-export.h"
#include "core/tide-session.h"
#include "widgets/tide-timeline-view.h"

G_BEGIN_DECLS

#define TIDE_TYPE_TIMELINE_PAGE (tide_timeline_page_get_type ())
G_DECLARE_FINAL_TYPE (TideTimelinePage, tide_timeline_page, TIDE, TIMELINE_PAGE, GtkWidget)

GtkWidget        *tide_timeline_page_new         (void);
TideSession      *tide_timeline_page_get_session (TideTimelinePage *self);
void              tide_timeline_page_set_session (TideTimelinePage *self,
                                                  TideSession      *session);
/* The trace's file: names exports ("<trace>-timeline.svg"). */
GFile            *tide_timeline_page_get_file    (TideTimelinePage *self);
void              tide_timeline_page_set_file    (TideTimelinePage *self,
                                                  GFile            *file);
TideTimelineView *tide_timeline_page_get_view    (TideTimelinePage *self);
/* TRUE while the split by sites is computed or an export written. */
gboolean          tide_timeline_page_is_busy     (TideTimelinePage *self);
/* Writes what the chart shows (with a legend, without the crosshair) to
 * @file in the background (what the Export menu does after its file
 * chooser), then emits "toast". */
void              tide_timeline_page_export      (TideTimelinePage *self,
                                                  GFile            *file,
                                                  TideExportFormat  format);
/* The name the file chooser suggests: "ht_leaky-timeline.svg". */
char             *tide_timeline_page_suggest_export_name (TideTimelinePage *self,
                                                          TideExportFormat  format);

G_END_DECLS
