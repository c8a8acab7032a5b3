/* tide-session.h: what the user is looking at in one loaded trace
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view state that every view follows: which part of the run is
 * selected (the peak by default, an instant, or a range picked on the
 * timeline) and the per-stack costs for that selection. Views bind to
 * "costs" and never compute selections themselves. The heap at an instant
 * is rebuilt from the events on a worker thread; "costs" changes (and is
 * notified) on the main context once it is ready, and a newer selection
 * cancels an older one still being computed. "selection-label" is notified
 * at once on every change of selection.
 */
#pragma once

#include <gio/gio.h>

#include "tide-trace.h"

G_BEGIN_DECLS

typedef enum
{
  TIDE_SELECTION_PEAK,    /* the heap when it first reached its peak (default) */
  TIDE_SELECTION_INSTANT, /* the heap live at one instant */
  TIDE_SELECTION_RANGE,   /* what was allocated within a range of time */
} TideSelectionKind;

#define TIDE_TYPE_SESSION (tide_session_get_type ())
G_DECLARE_FINAL_TYPE (TideSession, tide_session, TIDE, SESSION, GObject)

TideSession       *tide_session_new                 (TideTrace    *trace);
TideTrace         *tide_session_get_trace           (TideSession  *self);

TideSelectionKind  tide_session_get_selection_kind  (TideSession  *self);
/* Event indices of the selection: [start, end) for a range; start == end
 * for an instant or the peak (the heap after that many events). */
guint64            tide_session_get_selection_start (TideSession  *self);
guint64            tide_session_get_selection_end   (TideSession  *self);
/* Times (ms) of the selection, as picked. */
guint64            tide_session_get_selection_time_start (TideSession *self);
guint64            tide_session_get_selection_time_end   (TideSession *self);
/* "Peak at 1.67 s", "Live at 0.52 s", "Allocated from 0.50 s to 1.00 s". */
char              *tide_session_dup_selection_label (TideSession  *self);

void               tide_session_select_peak         (TideSession  *self);
void               tide_session_select_instant      (TideSession  *self,
                                                     guint64       time_ms);
void               tide_session_select_range        (TideSession  *self,
                                                     guint64       from_ms,
                                                     guint64       to_ms);

/* Traces made of snapshots (a series of tracemalloc dumps, a recording,
 * massif's detailed snapshots): whether there are several to step through,
 * and a step to the instant of the next (@delta > 0) or previous one from
 * the selection. FALSE, selecting nothing, past either end. */
gboolean           tide_session_can_step            (TideSession  *self);
gboolean           tide_session_step                (TideSession  *self,
                                                     int           delta);

/* Per stack node, the costs of the current selection (see tide-replay.h for
 * what each field means for an instant or a range). Valid until the next
 * notify::costs. */
const TideCost    *tide_session_get_costs           (TideSession  *self);
/* Per allocation info (array of tide_trace_get_n_infos()), the blocks of the
 * selection: live at the peak or at the instant, or allocated within the
 * range. For size classes and treemaps. Valid until the next notify::costs. */
const guint64     *tide_session_get_blocks          (TideSession  *self);
/* TRUE while a selection's costs are being computed. */
gboolean           tide_session_get_busy            (TideSession  *self);

G_END_DECLS
