/* tide-diff-flame.h: one flame tree over two traces, box by box what grew
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The call stacks of a "before" and an "after" trace merged into one tree.
 * A box stands for the same frame on both sides, matched with the keys
 * tide-diff matches sites with (function, file, line, module file name;
 * never an address, which differs from run to run), and carries both
 * sides' bytes and blocks, for this box and everything above it ("total")
 * and for stacks ending right here ("self").
 *
 * Widths: a flame graph of the difference draws what is there now, so a
 * box's width is its "after" value; a box only "before" has (it vanished)
 * keeps its "before" value, so it can still be seen and pointed at, and
 * its ancestors grow by that much to hold it. Where nothing vanished, the
 * width is exactly the "after" value.
 *
 * Like TideFlameTree: node 0 is the root, children follow their parent
 * and are ordered by key, so the picture is the same on every load.
 * Immutable and reference counted once built.
 */
#pragma once

#include "tide-diff.h"
#include "tide-flame-tree.h"

G_BEGIN_DECLS

typedef enum
{
  TIDE_DIFF_BEFORE = 0,
  TIDE_DIFF_AFTER  = 1,
} TideDiffWhich;

typedef enum
{
  TIDE_DIFF_FLAME_BEFORE_ONLY = 1 << 0, /* nothing left of it "after" */
  TIDE_DIFF_FLAME_AFTER_ONLY  = 1 << 1, /* new: nothing of it "before" */
} TideDiffFlameFlags;

typedef struct
{
  guint32 parent;        /* the root is its own parent */
  guint32 first_child;   /* TIDE_FLAME_NO_NODE when none */
  guint32 next_sibling;  /* TIDE_FLAME_NO_NODE when last */
  guint32 depth;         /* the root is 0 */
  guint32 frame[2];      /* a frame of each side's trace; 0 on a side without it (and for the root) */
  guint32 flags;         /* TideDiffFlameFlags */
  guint64 size[2];       /* bytes, before and after: this box and everything above it */
  guint64 count[2];      /* blocks, likewise */
  guint64 self_size[2];  /* bytes of the stacks ending here */
  guint64 self_count[2];
  guint64 width;         /* what the box's width stands for (see above), in the metric's unit */
} TideDiffFlameNode;

typedef struct _TideDiffFlame TideDiffFlame;

/* @before and @after hold each side's bytes and blocks per stack node of
 * its trace (tide_diff_side_for_costs()); they are read, not kept. @metric
 * says what they count, and so whether widths are bytes (peak, leaked,
 * allocated) or blocks (allocations, temporary). @options: orientation,
 * one box per function or per line, allocator frames hidden. */
TideDiffFlame           *tide_diff_flame_new          (const TideDiffSide     *before,
                                                       const TideDiffSide     *after,
                                                       TideMetric              metric,
                                                       const TideFlameOptions *options);
TideDiffFlame           *tide_diff_flame_ref          (TideDiffFlame          *self);
void                     tide_diff_flame_unref        (TideDiffFlame          *self);

TideTrace               *tide_diff_flame_get_trace    (TideDiffFlame          *self,
                                                       TideDiffWhich           which);
TideMetric               tide_diff_flame_get_metric   (TideDiffFlame          *self);
const TideFlameOptions  *tide_diff_flame_get_options  (TideDiffFlame          *self);
guint                    tide_diff_flame_get_n_nodes  (TideDiffFlame          *self);
guint                    tide_diff_flame_get_max_depth (TideDiffFlame         *self);
const TideDiffFlameNode *tide_diff_flame_get_node     (TideDiffFlame          *self,
                                                       guint32                 node);
/* The metric's value of @node on one side: bytes, or blocks for a metric
 * counting calls. */
guint64                  tide_diff_flame_get_value    (TideDiffFlame          *self,
                                                       guint32                 node,
                                                       TideDiffWhich           which);
/* After minus before of that value. */
gint64                   tide_diff_flame_get_delta    (TideDiffFlame          *self,
                                                       guint32                 node);
/* The text of a box, as TideFlameTree labels it: "function" or
 * "function:line" (valid UTF-8); "all" for the root. */
char                    *tide_diff_flame_get_label    (TideDiffFlame          *self,
                                                       guint32                 node);
/* The key @node is matched by. */
const TideDiffFrameKey  *tide_diff_flame_get_key      (TideDiffFlame          *self,
                                                       guint32                 node);

/* From a box of a flame tree of one side (built with the same options, over
 * @which's trace) to the box of @self it is matched with, and back: the
 * nearest matched ancestor when the box itself has no match. For zooming
 * two flame graphs side by side together. */
guint32                  tide_diff_flame_from_flame   (TideDiffFlame          *self,
                                                       TideDiffWhich           which,
                                                       TideFlameTree          *tree,
                                                       guint32                 flame_node);
guint32                  tide_diff_flame_to_flame     (TideDiffFlame          *self,
                                                       TideDiffWhich           which,
                                                       TideFlameTree          *tree,
                                                       guint32                 node);

/* As tide_flame_search(): marks (one byte per node) every box whose label
 * or file contains @pattern (case-insensitively) or matches it as a regular
 * expression; *matched is the "after" value under matched boxes, each stack
 * counted once. FALSE with @error for an invalid expression. */
gboolean                 tide_diff_flame_search       (TideDiffFlame          *self,
                                                       const char             *pattern,
                                                       gboolean                regex,
                                                       guint8                 *marks,
                                                       guint64                *matched,
                                                       GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideDiffFlame, tide_diff_flame_unref)

G_END_DECLS
