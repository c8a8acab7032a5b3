/* tide-flame-tree.c: call stacks merged into the tree a flame graph draws
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

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
 * needs, 12 bytes. The 120-byte TideFlameNodes are made once, at their
 * final number, after the map is gone: grown by doubling next to the map
 * and the keys, they were the flame tree's peak (8.9 MB on ht_pylarge),
 * and a GArray kept up to twice the boxes' size for the tree's life. */
typedef struct
{
  guint32 parent;
  guint32 frame;   /* its key is worked out again from this when compared */
  guint32 depth;
} Proto;

/* Building state: children are found by (parent, key) in an id map. */
typedef struct
{
  TideFlameTree *tree;
  TideIdMap      children;
  GArray        *protos;   /* Proto per box */
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

/* What boxes merge on: the frame itself (one box per line), or the
 * function and module (one box per function). */
static guint64
frame_key (TideFlameTree *tree,
           guint32        frame_id)
{
  const TideFrame *frame = tide_trace_get_frame (tree->trace, frame_id);

  if (tree->options.merge == TIDE_FLAME_MERGE_LINE || frame->function == 0)
    return (guint64) 1 << 63 | frame_id;
  return (guint64) frame->function << 32 | frame->module;
}

static gboolean
child_equal (guint32       id,
             gconstpointer key,
             gpointer      user_data)
{
  Builder *b = user_data;
  const ChildKey *k = key;
  const Proto *proto = &g_array_index (b->protos, Proto, id);

  return proto->parent == k->parent && frame_key (b->tree, proto->frame) == k->key;
}

static guint32
child_of (Builder *b,
          guint32  parent,
          guint32  frame_id)
{
  ChildKey k = { parent, frame_key (b->tree, frame_id) };
  guint32 hash = tide_hash_mix (k.key ^ tide_hash_mix (parent));
  guint32 id = tide_id_map_lookup (&b->children, hash, &k, child_equal, b);
  Proto proto;

  if (id != 0)
    return id;

  proto.parent = parent;
  proto.frame = frame_id;
  proto.depth = g_array_index (b->protos, Proto, parent).depth + 1;
  id = b->protos->len;
  g_array_append_val (b->protos, proto);
  tide_id_map_insert (&b->children, hash, id);
  b->tree->max_depth = MAX (b->tree->max_depth, proto.depth);
  return id;
}

/* Fills @flame_of: the box of each trace node's stack end. */
static void
build_top_down (Builder       *b,
                const guint32 *allocating,
                guint32       *flame_of)
{
  TideTrace *trace = b->tree->trace;
  guint n_nodes = tide_trace_get_n_nodes (trace);
  g_autofree guint32 *box = g_new0 (guint32, n_nodes);

  /* a node's parent always has a smaller id, so one pass maps them all */
  for (guint i = 1; i < n_nodes; i++)
    {
      const TideStackNode *node = tide_trace_get_node (trace, i);

      box[i] = child_of (b, box[node->parent], node->frame);
    }
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
  guint n_nodes = tide_trace_get_n_nodes (trace);

  for (guint i = 1; i < n_nodes; i++)
    {
      guint32 flame = 0;

      if (cost_is_zero (&costs[i]))
        continue;

      /* from the allocating frame out to the outermost caller */
      for (guint32 n = allocating != NULL ? allocating[i] : i;
           n != 0; n = tide_trace_get_node (trace, n)->parent)
        flame = child_of (b, flame, tide_trace_get_node (trace, n)->frame);
      flame_of[i] = flame;
    }
}

static int
compare_children (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  TideFlameTree *tree = user_data;
  const TideFlameNode *na = &tree->nodes[*(const guint32 *) a];
  const TideFlameNode *nb = &tree->nodes[*(const guint32 *) b];
  const TideFrame *fa = tide_trace_get_frame (tree->trace, na->frame);
  const TideFrame *fb = tide_trace_get_frame (tree->trace, nb->frame);
  int c;

  c = strcmp (tide_trace_get_string (tree->trace, fa->function), tide_trace_get_string (tree->trace, fb->function));
  if (c != 0)
    return c;
  c = strcmp (tide_trace_get_string (tree->trace, fa->module), tide_trace_get_string (tree->trace, fb->module));
  if (c != 0)
    return c;
  c = strcmp (tide_trace_get_string (tree->trace, fa->file), tide_trace_get_string (tree->trace, fb->file));
  if (c != 0)
    return c;
  return (fa->line > fb->line) - (fa->line < fb->line);
}

/* Inclusive totals, and sibling lists in label order. */
static void
finish_tree (TideFlameTree *tree)
{
  guint n = tree->n_nodes;
  TideFlameNode *nodes = tree->nodes;
  g_autofree guint32 *child_start = g_new0 (guint32, n + 1);
  g_autofree guint32 *children = g_new (guint32, n);
  g_autofree guint32 *fill = NULL;

  for (guint i = 0; i < n; i++)
    nodes[i].total = nodes[i].self;
  /* children come after their parents, so walking backwards sums upwards */
  for (guint i = n - 1; i > 0; i--)
    tide_cost_add (&nodes[nodes[i].parent].total, &nodes[i].total);

  /* bucket the children of each node, sort each bucket, link the lists */
  for (guint i = 1; i < n; i++)
    child_start[nodes[i].parent + 1]++;
  for (guint i = 0; i < n; i++)
    child_start[i + 1] += child_start[i];
  fill = g_memdup2 (child_start, (n + 1) * sizeof (guint32));
  for (guint i = 1; i < n; i++)
    children[fill[nodes[i].parent]++] = i;

  for (guint p = 0; p < n; p++)
    {
      guint32 first = child_start[p], count = child_start[p + 1] - first;

      if (count == 0)
        continue;
      g_qsort_with_data (children + first, count, sizeof (guint32), compare_children, tree);
      nodes[p].first_child = children[first];
      for (guint j = 0; j + 1 < count; j++)
        nodes[children[first + j]].next_sibling = children[first + j + 1];
    }
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
  Proto root = { 0, 0, 0 };
  g_autofree guint32 *allocating = NULL;
  g_autofree guint32 *flame_of = NULL;
  TideFlameNode *nodes;
  guint n_nodes;
  Builder b;

  g_return_val_if_fail (TIDE_IS_TRACE (trace), NULL);

  tree->trace = g_object_ref (trace);
  tree->options = *options;

  b.tree = tree;
  b.protos = g_array_new (FALSE, FALSE, sizeof (Proto));
  g_array_append_val (b.protos, root);
  tide_id_map_init (&b.children);

  n_nodes = tide_trace_get_n_nodes (trace);
  flame_of = g_new0 (guint32, n_nodes);
  if (options->hide_allocators)
    allocating = tide_allocating_nodes_new (trace);
  if (options->orientation == TIDE_FLAME_BOTTOM_UP)
    build_bottom_up (&b, allocating, costs, flame_of);
  else
    build_top_down (&b, allocating, flame_of);
  tide_id_map_clear (&b.children);
  g_clear_pointer (&allocating, g_free);

  /* the boxes at their final size, zeroed costs included */
  tree->n_nodes = b.protos->len;
  tree->nodes = nodes = g_new0 (TideFlameNode, tree->n_nodes);
  for (guint i = 0; i < b.protos->len; i++)
    {
      const Proto *proto = &g_array_index (b.protos, Proto, i);

      nodes[i].parent = proto->parent;
      nodes[i].frame = proto->frame;
      nodes[i].depth = proto->depth;
      nodes[i].first_child = nodes[i].next_sibling = TIDE_FLAME_NO_NODE;
    }
  g_array_unref (b.protos);

  /* bottom-up, the root takes the costs of frameless stacks as they are */
  for (guint i = 0; i < n_nodes; i++)
    if (!cost_is_zero (&costs[i]) || (i == 0 && options->orientation == TIDE_FLAME_BOTTOM_UP))
      tide_cost_add (&nodes[flame_of[i]].self, &costs[i]);
  g_clear_pointer (&flame_of, g_free);

  finish_tree (tree);

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
  guint64 rootless = tide_cost_get (&self->nodes[0].self, metric);

  /* allocations recorded without any stack frame */
  if (rootless != 0)
    g_string_append_printf (out, "[unknown] %" G_GUINT64_FORMAT "\n", rootless);

  for (guint i = 1; i < self->n_nodes; i++)
    {
      guint64 value = tide_cost_get (&self->nodes[i].self, metric);

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
