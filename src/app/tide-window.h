/* tide-window.h: a window showing one memory trace
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages: "empty" (open a trace, recent traces), "loading" (progress and
 * cancel), then the loaded trace in four views a switcher in the header
 * bar chooses between: "summary" (Ctrl+1), "timeline" (Ctrl+2), "flamegraph"
 * (Ctrl+3) and "sizes" (Ctrl+4); a load shows the one shown last. A failed or
 * cancelled load returns to the page shown before it, so the previous trace
 * stays on screen.
 *
 * Settings (see tide-settings.h): a new window takes the size of the last
 * one closed (window-width, -height, -maximized); a trace opens in the view
 * shown last (last-view) with the flame graph's metric picked last
 * (flame-metric), and the Sizes view starts with size-class-scheme.
 *
 * Each loaded trace gets one TideSession: its selection (the peak, an
 * instant, a range) drives every view. A bar over the views names it, spins
 * while it is computed, and goes back to the peak (window.clear-selection,
 * Ctrl+Backspace). In traces made of snapshots (a series of dumps, a
 * recording, massif), Page Down and Page Up step to the next and previous
 * one (window.step-snapshot).
 */
#pragma once

#include <adwaita.h>

#include "core/tide-session.h"
#include "core/tide-trace.h"
#include "tide-application.h"

G_BEGIN_DECLS

#define TIDE_TYPE_WINDOW (tide_window_get_type ())
G_DECLARE_FINAL_TYPE (TideWindow, tide_window, TIDE, WINDOW, AdwApplicationWindow)

TideWindow *tide_window_new              (TideApplication *app);
/* Loads @file in the background; cancels a load in progress first. */
void        tide_window_open             (TideWindow      *self,
                                          GFile           *file);
/* What the Open dialog does with the file picked (and the recent list and
 * a drop): one trace per window, so @file loads here while this window
 * neither shows nor loads one, in a new window otherwise. Returns the
 * window loading it. */
TideWindow *tide_window_open_chosen      (TideWindow      *self,
                                          GFile           *file);
/* Several files chosen or dropped together: tracemalloc dumps (or a
 * folder of them) open as one series, other files one window each. */
void        tide_window_open_files       (TideWindow      *self,
                                          GFile * const   *files,
                                          guint            n_files);
TideWindow *tide_window_open_chosen_files (TideWindow     *self,
                                           GFile * const  *files,
                                           guint           n_files);
/* The trace on display, NULL until one has loaded. */
TideTrace  *tide_window_get_trace        (TideWindow      *self);
/* The session of the trace on display (what every view shows), NULL until
 * one has loaded. */
TideSession *tide_window_get_session    (TideWindow      *self);
/* The file of the trace on display, NULL until one has loaded. */
GFile      *tide_window_get_file         (TideWindow      *self);
/* "empty", "loading", "summary", "timeline", "flamegraph" or "sizes". */
const char *tide_window_get_visible_page (TideWindow      *self);
/* TRUE while a load runs (and the window shows the "loading" page). */
gboolean    tide_window_is_loading       (TideWindow      *self);
/* Shows @toast (taking ownership) in the window's overlay. */
void        tide_window_add_toast        (TideWindow      *self,
                                          AdwToast        *toast);
/* The title of the last toast shown, NULL before any: for tests. */
const char *tide_window_get_last_toast_title (TideWindow  *self);

G_END_DECLS
