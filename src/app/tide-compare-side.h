/* tide-compare-side.h: one side of a comparison: a trace and the part of it compared
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a comparison takes from each of its two traces: the per-stack costs
 * and per-info blocks of one selection (the peak, an instant, a range), a
 * copy made when the comparison starts, so the window the side came from
 * may pick another instant meanwhile; and a title naming the file and the
 * instant. Immutable and reference counted.
 */
#pragma once

#include <gio/gio.h>

#include "core/analysis/tide-sites.h"
#include "core/tide-session.h"

G_BEGIN_DECLS

typedef struct _TideCompareSide TideCompareSide;

#define TIDE_TYPE_COMPARE_SIDE (tide_compare_side_get_type ())
GType             tide_compare_side_get_type       (void) G_GNUC_CONST;

/* The selection @session shows now; @file names it (may be NULL). */
TideCompareSide  *tide_compare_side_new_for_session (TideSession     *session,
                                                     GFile           *file);
/* @trace at its peak (or, for a dump, all of it). */
TideCompareSide  *tide_compare_side_new_at_peak    (TideTrace       *trace,
                                                    GFile           *file);
TideCompareSide  *tide_compare_side_ref            (TideCompareSide *self);
void              tide_compare_side_unref          (TideCompareSide *self);

TideTrace        *tide_compare_side_get_trace      (TideCompareSide *self);
GFile            *tide_compare_side_get_file       (TideCompareSide *self);
TideSelectionKind tide_compare_side_get_kind       (TideCompareSide *self);
/* When the selection starts, in the trace's time unit (0 without time). */
guint64           tide_compare_side_get_time       (TideCompareSide *self);
/* When a range ends (as the start for an instant or the peak). */
guint64           tide_compare_side_get_time_end   (TideCompareSide *self);
/* Per stack node and per allocation info: the selection's costs and blocks. */
const TideCost   *tide_compare_side_get_costs      (TideCompareSide *self);
const guint64    *tide_compare_side_get_blocks     (TideCompareSide *self);
/* "ht_leaky.zst", or "ht_leaky.zst · Live at 0.52 s" for a trace with
 * time; valid UTF-8. */
const char       *tide_compare_side_get_title      (TideCompareSide *self);
/* "Live at 0.52 s", "Peak at 1.67 s"; NULL for a trace without time. */
const char       *tide_compare_side_get_when       (TideCompareSide *self);
/* Bytes and blocks per stack node for @metric (tide_diff_side_for_costs());
 * free both with g_free. Safe from any thread. */
void              tide_compare_side_get_values     (TideCompareSide *self,
                                                    TideMetric       metric,
                                                    guint64        **size,
                                                    guint64        **count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideCompareSide, tide_compare_side_unref)

G_END_DECLS
