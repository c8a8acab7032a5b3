/* tide-packed-runs.h: runs of integers, each packed around its trend
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run of up to TIDE_PACKED_RUN unsigned 64-bit values is kept as a line
 * (a base and a slope) and each value's offset from it, in as few bits as
 * the run needs: a quantity that changes little or steadily from one value
 * to the next costs a few bits a value, one that does not change none.
 * The arithmetic wraps, both ways, so any values come back exact. Any value
 * is read in constant time. Runs are added by one thread; once complete,
 * read by any.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TIDE_PACKED_RUN 256

typedef struct _TidePackedRuns TidePackedRuns;

TidePackedRuns *tide_packed_runs_new      (void);
void            tide_packed_runs_free     (TidePackedRuns       *self);
/* Packs values[0], values[stride], ... : @n of them, 1 to TIDE_PACKED_RUN,
 * as the next run. Returns the run's index. */
guint64         tide_packed_runs_add      (TidePackedRuns       *self,
                                           const guint64        *values,
                                           guint                 n,
                                           gsize                 stride);
/* Gives back what the arrays hold beyond their runs, once all are added. */
void            tide_packed_runs_trim     (TidePackedRuns       *self);
guint64         tide_packed_runs_get_n_runs (const TidePackedRuns *self);
/* Value @i of run @run. */
guint64         tide_packed_runs_get      (const TidePackedRuns *self,
                                           guint64               run,
                                           guint                 i);
/* Bytes of memory held, what the arrays have room for included. */
gsize           tide_packed_runs_get_size (const TidePackedRuns *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TidePackedRuns, tide_packed_runs_free)

G_END_DECLS
