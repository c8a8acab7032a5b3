/* tide-checkpoints.h: the live blocks of every allocation info, every so many events
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checkpoint k holds, per allocation info, how many of its blocks were live
 * after the first k * TIDE_CHECKPOINT_INTERVAL events, so the heap at any
 * instant is rebuilt by replaying at most one interval from the checkpoint
 * before it. The trace builder takes them while the events stream in (it
 * holds every live count then anyway), so no pass over the events is left
 * to do after a load. Each is compressed: most infos have few or no live
 * blocks at a given instant, which turns 4 bytes per info into a fraction
 * of a byte. Appending is for one thread; reading, once complete, for any.
 */
#pragma once

#include <glib.h>

#include "tide-spill-file.h"

G_BEGIN_DECLS

/* A query replays at most this many events: about 4 MiB to decompress,
 * a few milliseconds. */
#define TIDE_CHECKPOINT_INTERVAL (1u << 20)

typedef struct _TideCheckpoints TideCheckpoints;

/* Checkpoints go to @spill (borrowed, may be NULL) if it can take them. */
TideCheckpoints *tide_checkpoints_new      (TideSpillFile         *spill);
void             tide_checkpoints_free     (TideCheckpoints       *self);
/* Appends the next checkpoint: @live[i] for the first @n_infos infos (infos
 * declared later had no block then). */
void             tide_checkpoints_add      (TideCheckpoints       *self,
                                            const guint32         *live,
                                            guint                  n_infos);
/* No more checkpoints will come: lets go of what adding them needed. */
void             tide_checkpoints_finish   (TideCheckpoints       *self);
guint            tide_checkpoints_get_len  (const TideCheckpoints *self);
/* Fills @live[0, n_infos) with checkpoint @k. */
void             tide_checkpoints_get      (const TideCheckpoints *self,
                                            guint                  k,
                                            guint32               *live,
                                            guint                  n_infos);
/* Bytes of memory held. */
gsize            tide_checkpoints_get_size (const TideCheckpoints *self);
/* Bytes held in a temporary file instead (see tide-spill-file.h). */
guint64          tide_checkpoints_get_spilled_size (const TideCheckpoints *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideCheckpoints, tide_checkpoints_free)

G_END_DECLS
