/* tide-flame-tree.h: call stacks merged into the tree a flame graph draws
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built from a trace's stack tree and per-site costs, once per choice of
 * orientation, merging and allocator hiding; every metric is kept in each
 * node, so switching metric needs no rebuild. Immutable and reference
 * counted: safe to share between threads once built.
 *
 * Node 0 is the root (all stacks). Children of a node are ordered by label,
 * so the picture is the same for the same trace on every load.
 */
#pragma once

#include "../tide-trace.h"
#include "tide-allocators.h"
#include "tide-sites.h"

G_BEGIN_DECLS

typedef enum
{
  TIDE_FLAME_TOP_DOWN,  /* callers at the base: main, then what it calls */
  TIDE_FLAME_BOTTOM_UP, /* allocation sites at the base, then their callers */
} TideFlameOrientation;

typedef enum
{
  TIDE_FLAME_MERGE_FUNCTION, /* one box per function (and module) */
  TIDE_FLAME_MERGE_LINE,     /* one box per source line */
} TideFlameMerge;

typedef struct
{
  TideFlameOrientation orientation;
  TideFlameMerge       merge;
  gboolean             hide_allocators; /* drop malloc/new/PyMem_* frames at the allocating end */
} TideFlameOptions;

#define TIDE_FLAME_NO_NODE G_MAXUINT32

typedef struct
{
  guint32  parent;       /* the root is its own parent */
  guint32  first_child;  /* TIDE_FLAME_NO_NODE when none */
  guint32  next_sibling; /* TIDE_FLAME_NO_NODE when last */
  guint32  frame;        /* a frame of the trace this box stands for; 0 for the root */
  TideCost total;        /* this box and everything above it */
} TideFlameNode;

typedef struct _TideFlameTree TideFlameTree;

TideFlameTree       *tide_flame_tree_new              (TideTrace              *trace,
                                                       const TideFlameOptions *options);
/* The same over other per-stack-node costs than the trace's own (the heap
 * at an instant, a range of the run: see tide-replay.h); @costs is copied
 * from as needed and not kept. */
TideFlameTree       *tide_flame_tree_new_for_costs    (TideTrace              *trace,
                                                       const TideCost         *costs,
                                                       const TideFlameOptions *options);
TideFlameTree       *tide_flame_tree_ref              (TideFlameTree          *self);
void                 tide_flame_tree_unref            (TideFlameTree          *self);

TideTrace           *tide_flame_tree_get_trace        (TideFlameTree          *self);
const TideFlameOptions *tide_flame_tree_get_options   (TideFlameTree          *self);
guint                tide_flame_tree_get_n_nodes      (TideFlameTree          *self);
guint                tide_flame_tree_get_max_depth    (TideFlameTree          *self);
const TideFlameNode *tide_flame_tree_get_node         (TideFlameTree          *self,
                                                       guint32                 node);
/* How many boxes @node is above the root (0). Walked down to the root, not
 * kept: with it a box took 72 bytes, not 64, and the boxes are the peak
 * of a long recording's first frame. */
guint                tide_flame_tree_get_depth        (TideFlameTree          *self,
                                                       guint32                 node);
/* What box @node allocated right here (it is a stack's end): its total
 * less its children's. Worked out rather than kept: it doubled the size
 * of a box, and only a few readers ask. */
void                 tide_flame_tree_get_self         (TideFlameTree          *self,
                                                       guint32                 node,
                                                       TideCost               *cost);
/* The text of a box: "function" or "function:line" (valid UTF-8). */
char                *tide_flame_tree_get_label        (TideFlameTree          *self,
                                                       guint32                 node);
/* Writes one "frame;frame;frame value" line per stack end with a non-zero
 * @metric, outermost frame first, frames as "function (file)". */
void                 tide_flame_tree_write_folded     (TideFlameTree          *self,
                                                       TideMetric              metric,
                                                       GString                *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideFlameTree, tide_flame_tree_unref)

G_END_DECLS
