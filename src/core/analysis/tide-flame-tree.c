/* tide-flame-tree.c: call stacks merged into the tree a flame graph draws
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "../tide-huge-pages.h"
#include "../tide-id-map.h"
#include "tide-allocators.h"
#include "tide-flame-tree.h"

struct _TideFlameTree
{
  TideTrace        *trace;
  TideFlameOptions  options;
  TideFlameNode    *nodes;     /* exactly n_nodes of them: a GArray rounds
                                * its bytes up to a power of two */
  guint             n_nodes;
  guint             max_depth;
};

/* A box while the tree is built: only what finding and linking children
 * needs, 8 bytes. The 64-byte TideFlameNodes are made once, at their
 * final number, after the map is gone: grown by doubling next to the map
 * and the keys, they were the flame tree's peak (8.9 MB on ht_pylarge),
 * and a GArray kept up to twice the boxes' size for the tree's life. */
typedef struct
{
  guint32 parent;
  guint32 frame;
} Proto;

/* Building state: children are found by (parent, key) in an id map, the
 * keys compared through the boxes themselves. */
typedef struct
{
  TideFlameTree *tree;
  const guint64 *keys;     /* per frame: what boxes merge on */
  Proto         *protos;
  guint          n_protos;
  guint          protos_capacity;
  TideIdMap      children;
} Builder;

typedef struct
{
  guint32 parent;
  guint64 key;
} ChildKey;

static gboolean
cost_is_zero (const TideCost *c)
{
  return c->allocations == 0 && c->peak_bytes == 0 && c->leaked_bytes == 0;
}

/* What boxes merge on, per frame: the frame itself (one box per line), or
 * the function and module (one box per function). Worked out once per
 * frame, not once per probe. */
static guint64 *
frame_keys_new (TideTrace      *trace,
                TideFlameMerge  merge)
{
  const TideFrame *frames = tide_trace_get_frames (trace);
  guint n_frames = tide_trace_get_n_frames (trace);
  guint64 *keys = g_new (guint64, n_frames);

  for (guint f = 0; f < n_frames; f++)
    keys[f] = merge == TIDE_FLAME_MERGE_LINE || frames[f].function == 0
              ? (guint64) 1 << 63 | f
              : (guint64) frames[f].function << 32 | frames[f].module;
  return keys;
}

static gboolean
child_equal (guint32       id,
             gconstpointer key,
             gpointer      user_data)
{
  Builder *b = user_data;
  const ChildKey *k = key;

  return b->protos[id].parent == k->parent && b->keys[b->protos[id].frame] == k->key;
}

static guint32
child_of (Builder *b,
          guint32  parent,
          guint32  frame)
{
  ChildKey k = { parent, b->keys[frame] };
  guint32 hash = tide_hash_mix (k.key ^ tide_hash_mix (parent));
  guint32 id = tide_id_map_lookup (&b->children, hash, &k, child_equal, b);

  if (id != 0)
    return id;

  id = b->n_protos;
  if (id == b->protos_capacity)
    {
      b->protos_capacity *= 2;
      b->protos = g_renew (Proto, b->protos, b->protos_capacity);
    }
  b->protos[id].parent = parent;
  b->protos[id].frame = frame;
  b->n_protos++;
  tide_id_map_insert (&b->children, hash, id);
  return id;
}

/* Fills @flame_of: the box of each trace node's stack end. */
static void
build_top_down (Builder       *b,
                const guint32 *allocating,
                guint32       *flame_of)
{
  TideTrace *trace = b->tree->trace;
  const TideStackNode *nodes = tide_trace_get_nodes (trace);
  guint n_nodes = tide_trace_get_n_nodes (trace);
  g_autofree guint32 *box = g_new (guint32, n_nodes);

  /* a node's parent always has a smaller id, so one pass maps them all */
  box[0] = 0;
  for (guint i = 1; i < n_nodes; i++)
    box[i] = child_of (b, box[nodes[i].parent], nodes[i].frame);
  for (guint i = 0; i < n_nodes; i++)
    flame_of[i] = box[allocating != NULL ? allocating[i] : i];
}

static void
build_bottom_up (Builder        *b,
                 const guint32  *allocating,
                 const TideCost *costs,
                 guint32        *flame_of)
{
  TideTrace *trace = b->tree->trace;
  const TideStackNode *nodes = tide_trace_get_nodes (trace);
  guint n_nodes = tide_trace_get_n_nodes (trace);

  for (guint i = 1; i < n_nodes; i++)
    {
      guint32 flame = 0;

      if (cost_is_zero (&costs[i]))
        continue;

      /* from the allocating frame out to the outermost caller */
      for (guint32 n = allocating != NULL ? allocating[i] : i; n != 0; n = nodes[n].parent)
        flame = child_of (b, flame, nodes[n].frame);
      flame_of[i] = flame;
    }
}

/* What sorting siblings reads: each box's frame from the 8-byte protos
 * (from the boxes, the comparisons missed the cache), and each frame's
 * function name looked up once, not twice per comparison. */
typedef struct
{
  TideTrace           *trace;
  const Proto         *protos;
  const TideFrame     *frames;
  const char         **functions; /* per frame */
} SortContext;

/* Label order: function, module, file, line. */
static int
compare_children (guint32            a,
                  guint32            b,
                  const SortContext *ctx)
{
  guint32 frame_a = ctx->protos[a].frame, frame_b = ctx->protos[b].frame;
  const TideFrame *fa = &ctx->frames[frame_a];
  const TideFrame *fb = &ctx->frames[frame_b];
  int c;

  if (fa->function != fb->function)
    {
      c = strcmp (ctx->functions[frame_a], ctx->functions[frame_b]);
      if (c != 0)
        return c;
    }
  if (fa->module != fb->module)
    {
      c = strcmp (tide_trace_get_string (ctx->trace, fa->module), tide_trace_get_string (ctx->trace, fb->module));
      if (c != 0)
        return c;
    }
  if (fa->file != fb->file)
    {
      c = strcmp (tide_trace_get_string (ctx->trace, fa->file), tide_trace_get_string (ctx->trace, fb->file));
      if (c != 0)
        return c;
    }
  return (fa->line > fb->line) - (fa->line < fb->line);
}

static int
compare_children_qsort (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  return compare_children (*(const guint32 *) a, *(const guint32 *) b, user_data);
}

/* Most boxes have a few children: an insertion sort of those in place
 * costs a fraction of g_qsort_with_data()'s set-up. Both are stable. */
static void
sort_children (guint32           *children,
               guint              count,
               const SortContext *ctx)
{
  if (count > 16)
    {
      g_qsort_with_data (children, count, sizeof (guint32), compare_children_qsort, (gpointer) ctx);
      return;
    }
  for (guint i = 1; i < count; i++)
    {
      guint32 child = children[i];
      guint j = i;

      for (; j > 0 && compare_children (children[j - 1], child, ctx) > 0; j--)
        children[j] = children[j - 1];
      children[j] = child;
    }
}

/* The deepest box's depth: a parent comes before its children. */
static guint
max_depth (const Proto *protos,
           guint        n)
{
  g_autofree guint32 *depth = g_new (guint32, n);
  guint deepest = 0;

  depth[0] = 0;
  for (guint i = 1; i < n; i++)
    {
      depth[i] = depth[protos[i].parent] + 1;
      deepest = MAX (deepest, depth[i]);
    }
  return deepest;
}

/* Each box's children in label order, bucketed and sorted from the 8-byte
 * protos before the 64-byte boxes exist (the same passes over the boxes
 * missed the cache): the children of box p are children[start (p) ..
 * ends[p]), start (p) being ends[p - 1] (0 for the root). */
static void
sort_siblings (TideTrace    *trace,
               const Proto  *protos,
               guint         n,
               guint32     **ends_out,
               guint32     **children_out)
{
  guint n_frames = tide_trace_get_n_frames (trace);
  guint32 *ends = g_new0 (guint32, n + 1);
  guint32 *children = g_new (guint32, n);
  g_autofree const char **functions = g_new (const char *, n_frames);
  SortContext ctx = { trace, protos, tide_trace_get_frames (trace), functions };

  /* counted into ends[p + 1], summed into each bucket's start, and
   * filled: each start moves to its bucket's end */
  for (guint i = 1; i < n; i++)
    ends[protos[i].parent + 1]++;
  for (guint i = 0; i < n; i++)
    ends[i + 1] += ends[i];
  for (guint i = 1; i < n; i++)
    children[ends[protos[i].parent]++] = i;

  for (guint f = 0; f < n_frames; f++)
    functions[f] = tide_trace_get_string (trace, ctx.frames[f].function);
  for (guint p = 0; p < n; p++)
    {
      guint32 first = p == 0 ? 0 : ends[p - 1];

      if (ends[p] - first > 1)
        sort_children (children + first, ends[p] - first, &ctx);
    }
  *ends_out = ends;
  *children_out = children;
}

/* The sibling lists, and inclusive totals: children come after their
 * parents, so walking backwards sums upwards (a box's total, its own
 * costs so far, holds its children's when its turn comes). */
static void
finish_tree (TideFlameTree  *tree,
             const guint32  *ends,
             const guint32  *children)
{
  TideFlameNode *nodes = tree->nodes;

  for (guint p = 0; p < tree->n_nodes; p++)
    {
      guint32 first = p == 0 ? 0 : ends[p - 1];

      if (ends[p] == first)
        continue;
      nodes[p].first_child = children[first];
      for (guint32 j = first; j + 1 < ends[p]; j++)
        nodes[children[j]].next_sibling = children[j + 1];
    }
  for (guint i = tree->n_nodes - 1; i > 0; i--)
    tide_cost_add (&nodes[nodes[i].parent].total, &nodes[i].total);
}

TideFlameTree *
tide_flame_tree_new (TideTrace              *trace,
                     const TideFlameOptions *options)
{
  g_return_val_if_fail (TIDE_IS_TRACE (trace), NULL);

  /* the node costs are one array inside the trace */
  return tide_flame_tree_new_for_costs (trace, tide_trace_get_node_cost (trace, 0), options);
}

TideFlameTree *
tide_flame_tree_new_for_costs (TideTrace              *trace,
                               const TideCost         *costs,
                               const TideFlameOptions *options)
{
  TideFlameTree *tree = g_atomic_rc_box_new0 (TideFlameTree);
  g_autofree guint32 *allocating = NULL;
  g_autofree guint32 *flame_of = NULL;
  g_autofree guint64 *keys = NULL;
  g_autofree guint32 *ends = NULL;
  g_autofree guint32 *children = NULL;
  TideFlameNode *nodes;
  guint n_nodes;
  Builder b;

  g_return_val_if_fail (TIDE_IS_TRACE (trace), NULL);

  tree->trace = g_object_ref (trace);
  tree->options = *options;
  n_nodes = tide_trace_get_n_nodes (trace);

  keys = frame_keys_new (trace, options->merge);
  b.tree = tree;
  b.keys = keys;
  b.protos_capacity = MAX (64, n_nodes + 1);
  b.protos = g_new (Proto, b.protos_capacity);
  b.protos[0] = (Proto) { 0, 0 };
  b.n_protos = 1;
  /* top-down, a box per trace node at most */
  tide_id_map_init_for (&b.children, n_nodes + 1);

  flame_of = g_new0 (guint32, n_nodes);
  if (options->hide_allocators)
    allocating = tide_allocating_nodes_new (trace);
  if (options->orientation == TIDE_FLAME_BOTTOM_UP)
    build_bottom_up (&b, allocating, costs, flame_of);
  else
    build_top_down (&b, allocating, flame_of);
  tide_id_map_clear (&b.children);
  g_clear_pointer (&allocating, g_free);
  g_clear_pointer (&keys, g_free);

  tree->max_depth = max_depth (b.protos, b.n_protos);
  sort_siblings (trace, b.protos, b.n_protos, &ends, &children);

  /* the boxes at their final size, every field written once (no zeroing
   * pass first over megabytes); a parent comes before its children */
  tree->n_nodes = b.n_protos;
  tree->nodes = nodes = tide_huge_alloc (tree->n_nodes * sizeof (TideFlameNode));
  for (guint i = 0; i < b.n_protos; i++)
    nodes[i] = (TideFlameNode) {
      .parent = b.protos[i].parent,
      .frame = b.protos[i].frame,
      .first_child = TIDE_FLAME_NO_NODE,
      .next_sibling = TIDE_FLAME_NO_NODE,
    };
  g_free (b.protos);

  /* bottom-up, the root takes the costs of frameless stacks as they are */
  for (guint i = 0; i < n_nodes; i++)
    if (!cost_is_zero (&costs[i]) || (i == 0 && options->orientation == TIDE_FLAME_BOTTOM_UP))
      tide_cost_add (&nodes[flame_of[i]].total, &costs[i]);
  g_clear_pointer (&flame_of, g_free);

  finish_tree (tree, ends, children);

  return tree;
}

TideFlameTree *
tide_flame_tree_ref (TideFlameTree *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
tree_clear (gpointer data)
{
  TideFlameTree *self = data;

  g_clear_object (&self->trace);
  g_clear_pointer (&self->nodes, g_free);
}

void
tide_flame_tree_unref (TideFlameTree *self)
{
  g_atomic_rc_box_release_full (self, tree_clear);
}

TideTrace *
tide_flame_tree_get_trace (TideFlameTree *self)
{
  return self->trace;
}

const TideFlameOptions *
tide_flame_tree_get_options (TideFlameTree *self)
{
  return &self->options;
}

guint
tide_flame_tree_get_n_nodes (TideFlameTree *self)
{
  return self->n_nodes;
}

guint
tide_flame_tree_get_max_depth (TideFlameTree *self)
{
  return self->max_depth;
}

const TideFlameNode *
tide_flame_tree_get_node (TideFlameTree *self,
                          guint32        node)
{
  g_return_val_if_fail (node < self->n_nodes, NULL);
  return &self->nodes[node];
}

guint
tide_flame_tree_get_depth (TideFlameTree *self,
                           guint32        node)
{
  guint depth = 0;

  g_return_val_if_fail (node < self->n_nodes, 0);
  for (; node != 0; node = self->nodes[node].parent)
    depth++;
  return depth;
}

void
tide_flame_tree_get_self (TideFlameTree *self,
                          guint32        node,
                          TideCost      *cost)
{
  const TideFlameNode *n = tide_flame_tree_get_node (self, node);

  *cost = (TideCost) { 0 };
  g_return_if_fail (n != NULL);
  *cost = n->total;
  /* exact: the totals were summed from these, wrapping alike */
  for (guint32 c = n->first_child; c != TIDE_FLAME_NO_NODE; c = self->nodes[c].next_sibling)
    tide_cost_subtract (cost, &self->nodes[c].total);
}

char *
tide_flame_tree_get_label (TideFlameTree *self,
                           guint32        node)
{
  const TideFlameNode *n = tide_flame_tree_get_node (self, node);
  const TideFrame *frame = tide_trace_get_frame (self->trace, n->frame);
  const char *function = tide_trace_get_string (self->trace, frame->function);
  g_autofree char *text = NULL;

  if (node == 0)
    return g_strdup ("all");
  if (frame->function == 0)
    function = "??";
  if (self->options.merge == TIDE_FLAME_MERGE_LINE && frame->line != 0)
    text = g_strdup_printf ("%s:%u", function, frame->line);
  else
    text = g_strdup (function);
  return g_utf8_make_valid (text, -1);
}

/* "function (file)" with the file's base name, as heaptrack_print writes
 * frames; ';' and line breaks would split the stack, so they are replaced. */
static void
append_folded_frame (TideFlameTree *self,
                     guint32        node,
                     GString       *out)
{
  const TideFrame *frame = tide_trace_get_frame (self->trace, tide_flame_tree_get_node (self, node)->frame);
  g_autofree char *label = tide_flame_tree_get_label (self, node);
  gsize start = out->len;

  g_string_append (out, label);
  if (frame->file != 0)
    {
      const char *file = tide_trace_get_string (self->trace, frame->file);
      const char *slash = strrchr (file, '/');
      g_autofree char *base = g_utf8_make_valid (slash != NULL ? slash + 1 : file, -1);

      g_string_append_printf (out, " (%s)", base);
    }
  for (gsize i = start; i < out->len; i++)
    if (out->str[i] == ';' || out->str[i] == '\n' || out->str[i] == '\r')
      out->str[i] = ',';
}

void
tide_flame_tree_write_folded (TideFlameTree *self,
                              TideMetric     metric,
                              GString       *out)
{
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint32));
  TideCost own;
  guint64 rootless;

  tide_flame_tree_get_self (self, 0, &own);
  rootless = tide_cost_get (&own, metric);

  /* allocations recorded without any stack frame */
  if (rootless != 0)
    g_string_append_printf (out, "[unknown] %" G_GUINT64_FORMAT "\n", rootless);

  for (guint i = 1; i < self->n_nodes; i++)
    {
      guint64 value;

      tide_flame_tree_get_self (self, i, &own);
      value = tide_cost_get (&own, metric);
      if (value == 0)
        continue;

      g_array_set_size (path, 0);
      for (guint32 n = i; n != 0; n = self->nodes[n].parent)
        g_array_append_val (path, n);
      /* outermost first */
      for (guint j = path->len; j > 0; j--)
        {
          append_folded_frame (self, g_array_index (path, guint32, j - 1), out);
          if (j > 1)
            g_string_append_c (out, ';');
        }
      g_string_append_printf (out, " %" G_GUINT64_FORMAT "\n", value);
    }
}
