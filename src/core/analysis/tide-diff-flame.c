/* tide-diff-flame.c: one flame tree over two traces, box by box what grew
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "../tide-id-map.h"
#include "tide-allocators.h"
#include "tide-diff-flame.h"

#define NO_KEY G_MAXUINT32

struct _TideDiffFlame
{
  TideTrace        *traces[2];
  TideMetric        metric;
  TideFlameOptions  options;
  GArray           *nodes;     /* TideDiffFlameNode */
  GArray           *node_key;  /* guint32 per node: index into keys; NO_KEY for the root */
  GArray           *keys;      /* TideDiffFrameKey, strings borrowed from the traces */
  GHashTable       *key_ids;   /* key text -> index + 1 */
  TideIdMap         children;  /* (parent, key) -> node */
  guint             max_depth;
};

typedef struct
{
  guint32 parent;
  guint32 key;
} ChildKey;

/* Per side while building: each frame's key, found once. */
typedef struct
{
  TideDiffFlame      *self;
  const TideDiffSide *side;
  TideDiffWhich       which;
  guint32            *key_of_frame; /* index + 1; 0 = not looked up yet */
  GString            *text;
} SideBuilder;

G_STATIC_ASSERT (TIDE_DIFF_BEFORE == 0 && TIDE_DIFF_AFTER == 1);

static TideDiffFlameNode *
node_at (TideDiffFlame *self,
         guint32        id)
{
  return &g_array_index (self->nodes, TideDiffFlameNode, id);
}

/* Python frames are known by file and line, which is also what their
 * "function" says: one box per line whatever the merge, as in the flame
 * graph of one dump. Native frames merge by function (and module file
 * name) or by source line, as TideFlameTree merges them. */
static TideDiffGrouping
grouping_for (TideTrace              *trace,
              const TideFlameOptions *options)
{
  if (tide_trace_get_format (trace) == TIDE_TRACE_FORMAT_TRACEMALLOC || options->merge == TIDE_FLAME_MERGE_LINE)
    return TIDE_DIFF_BY_TRACEBACK;
  return TIDE_DIFF_BY_FUNCTION;
}

/* The interned key of @key, or NO_KEY when @insert is FALSE and it is new. */
static guint32
intern_key (TideDiffFlame          *self,
            GString                *text,
            const TideDiffFrameKey *key,
            gboolean                insert)
{
  gpointer found;
  guint32 id;

  g_string_truncate (text, 0);
  tide_diff_frame_key_append (text, key);
  found = g_hash_table_lookup (self->key_ids, text->str);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  if (!insert)
    return NO_KEY;
  id = self->keys->len;
  g_array_append_val (self->keys, *key);
  g_hash_table_insert (self->key_ids, g_strdup (text->str), GUINT_TO_POINTER (id + 1));
  return id;
}

static guint32
key_of_frame (SideBuilder *b,
              guint32      frame)
{
  if (b->key_of_frame[frame] == 0)
    {
      TideTrace *trace = b->side->trace;
      TideDiffFrameKey key = tide_diff_frame_key (trace, frame, grouping_for (trace, &b->self->options), FALSE);

      b->key_of_frame[frame] = intern_key (b->self, b->text, &key, TRUE) + 1;
    }
  return b->key_of_frame[frame] - 1;
}

static gboolean
child_equal (guint32       id,
             gconstpointer key,
             gpointer      user_data)
{
  TideDiffFlame *self = user_data;
  const ChildKey *k = key;

  return node_at (self, id)->parent == k->parent && g_array_index (self->node_key, guint32, id) == k->key;
}

static guint32
child_hash (const ChildKey *k)
{
  return tide_hash_mix ((guint64) k->parent << 32 | k->key);
}

static guint32
find_child (TideDiffFlame *self,
            guint32        parent,
            guint32        key)
{
  ChildKey k = { parent, key };

  return tide_id_map_lookup (&self->children, child_hash (&k), &k, child_equal, self);
}

/* The child of @parent for @frame of the side being added, made if new. */
static guint32
child_of (SideBuilder *b,
          guint32      parent,
          guint32      frame)
{
  TideDiffFlame *self = b->self;
  ChildKey k = { parent, key_of_frame (b, frame) };
  guint32 id = tide_id_map_lookup (&self->children, child_hash (&k), &k, child_equal, self);
  TideDiffFlameNode node = { 0 };

  if (id == 0)
    {
      node.parent = parent;
      node.depth = node_at (self, parent)->depth + 1;
      node.first_child = node.next_sibling = TIDE_FLAME_NO_NODE;
      id = self->nodes->len;
      g_array_append_val (self->nodes, node);
      g_array_append_val (self->node_key, k.key);
      tide_id_map_insert (&self->children, child_hash (&k), id);
      self->max_depth = MAX (self->max_depth, node.depth);
    }
  /* the first frame of this side that matched it names the box there */
  if (node_at (self, id)->frame[b->which] == 0)
    node_at (self, id)->frame[b->which] = frame;
  return id;
}

static void
add_self (SideBuilder *b,
          guint32      node,
          guint32      stack)
{
  TideDiffFlameNode *n = node_at (b->self, node);

  n->self_size[b->which] += b->side->size[stack];
  n->self_count[b->which] += b->side->count[stack];
}

static gboolean
stack_is_empty (const TideDiffSide *side,
                guint32             stack)
{
  return side->size[stack] == 0 && side->count[stack] == 0;
}

/* Callers at the base. Only stacks holding something get boxes: the diff
 * node of a stack node is found by walking up to the nearest one already
 * placed, then placing the path back down. */
static void
add_top_down (SideBuilder   *b,
              const guint32 *allocating)
{
  TideTrace *trace = b->side->trace;
  guint n_nodes = tide_trace_get_n_nodes (trace);
  g_autofree guint32 *placed = g_new (guint32, n_nodes);
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint32));

  memset (placed, 0xff, n_nodes * sizeof (guint32));
  placed[0] = 0;
  for (guint i = 0; i < n_nodes; i++)
    {
      guint32 site = allocating != NULL ? allocating[i] : i;
      guint32 n;

      if (stack_is_empty (b->side, i))
        continue;
      g_array_set_size (path, 0);
      for (n = site; placed[n] == TIDE_FLAME_NO_NODE; n = tide_trace_get_node (trace, n)->parent)
        g_array_append_val (path, n);
      for (guint k = path->len; k > 0; k--)
        {
          guint32 s = g_array_index (path, guint32, k - 1);
          const TideStackNode *sn = tide_trace_get_node (trace, s);

          placed[s] = child_of (b, placed[sn->parent], sn->frame);
        }
      add_self (b, placed[site], i);
    }
}

/* Allocation sites at the base, then their callers. */
static void
add_bottom_up (SideBuilder   *b,
               const guint32 *allocating)
{
  TideTrace *trace = b->side->trace;
  guint n_nodes = tide_trace_get_n_nodes (trace);

  for (guint i = 1; i < n_nodes; i++)
    {
      guint32 node = 0;

      if (stack_is_empty (b->side, i))
        continue;
      for (guint32 n = allocating != NULL ? allocating[i] : i; n != 0; n = tide_trace_get_node (trace, n)->parent)
        node = child_of (b, node, tide_trace_get_node (trace, n)->frame);
      add_self (b, node, i);
    }
  /* stacks with no frame at all stay on the root */
  add_self (b, 0, 0);
}

static void
add_side (TideDiffFlame      *self,
          const TideDiffSide *side,
          TideDiffWhich       which)
{
  SideBuilder b = { self, side, which, NULL, g_string_new (NULL) };
  g_autofree guint32 *allocating = NULL;

  b.key_of_frame = g_new0 (guint32, MAX (tide_trace_get_n_frames (side->trace), 1));
  if (self->options.hide_allocators)
    allocating = tide_allocating_nodes_new (side->trace);
  if (self->options.orientation == TIDE_FLAME_BOTTOM_UP)
    add_bottom_up (&b, allocating);
  else
    add_top_down (&b, allocating);
  g_free (b.key_of_frame);
  g_string_free (b.text, TRUE);
}

static guint64
primary (TideDiffFlame *self,
         const guint64  size[2],
         const guint64  count[2],
         TideDiffWhich  which)
{
  return tide_metric_is_bytes (self->metric) ? size[which] : count[which];
}

static gboolean
present (const TideDiffFlameNode *n,
         TideDiffWhich            which)
{
  return n->size[which] != 0 || n->count[which] != 0;
}

static int
compare_children (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  TideDiffFlame *self = user_data;
  guint32 ka = g_array_index (self->node_key, guint32, *(const guint32 *) a);
  guint32 kb = g_array_index (self->node_key, guint32, *(const guint32 *) b);

  return tide_diff_frame_key_compare (&g_array_index (self->keys, TideDiffFrameKey, ka),
                                      &g_array_index (self->keys, TideDiffFrameKey, kb));
}

/* Totals, flags and widths, summed upwards (children come after their
 * parents), then the sibling lists in key order. */
static void
finish (TideDiffFlame *self)
{
  guint n = self->nodes->len;
  TideDiffFlameNode *nodes = (TideDiffFlameNode *) (gpointer) self->nodes->data;
  g_autofree guint32 *child_start = g_new0 (guint32, n + 1);
  g_autofree guint32 *children = g_new (guint32, n);
  g_autofree guint32 *fill = NULL;

  for (guint i = 0; i < n; i++)
    for (guint s = 0; s < 2; s++)
      {
        nodes[i].size[s] = nodes[i].self_size[s];
        nodes[i].count[s] = nodes[i].self_count[s];
      }
  for (guint i = n - 1; i > 0; i--)
    for (guint s = 0; s < 2; s++)
      {
        nodes[nodes[i].parent].size[s] += nodes[i].size[s];
        nodes[nodes[i].parent].count[s] += nodes[i].count[s];
      }

  for (guint i = 0; i < n; i++)
    {
      TideDiffFlameNode *node = &nodes[i];
      gboolean before = present (node, TIDE_DIFF_BEFORE), after = present (node, TIDE_DIFF_AFTER);

      node->flags = (before && !after ? TIDE_DIFF_FLAME_BEFORE_ONLY : 0)
                  | (after && !before ? TIDE_DIFF_FLAME_AFTER_ONLY : 0);
      /* a vanished box keeps the room it had; the rest are as they are now */
      node->width = primary (self, node->self_size, node->self_count, after ? TIDE_DIFF_AFTER : TIDE_DIFF_BEFORE);
    }
  for (guint i = n - 1; i > 0; i--)
    nodes[nodes[i].parent].width += nodes[i].width;

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
      g_qsort_with_data (children + first, count, sizeof (guint32), compare_children, self);
      nodes[p].first_child = children[first];
      for (guint j = 0; j + 1 < count; j++)
        nodes[children[first + j]].next_sibling = children[first + j + 1];
    }
}

TideDiffFlame *
tide_diff_flame_new (const TideDiffSide     *before,
                     const TideDiffSide     *after,
                     TideMetric              metric,
                     const TideFlameOptions *options)
{
  TideDiffFlame *self;
  TideDiffFlameNode root = { 0 };
  guint32 no_key = NO_KEY;

  g_return_val_if_fail (before != NULL && TIDE_IS_TRACE (before->trace), NULL);
  g_return_val_if_fail (after != NULL && TIDE_IS_TRACE (after->trace), NULL);
  g_return_val_if_fail (metric < TIDE_N_METRICS, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_atomic_rc_box_new0 (TideDiffFlame);
  self->traces[TIDE_DIFF_BEFORE] = g_object_ref (before->trace);
  self->traces[TIDE_DIFF_AFTER] = g_object_ref (after->trace);
  self->metric = metric;
  self->options = *options;
  self->nodes = g_array_new (FALSE, FALSE, sizeof (TideDiffFlameNode));
  self->node_key = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->keys = g_array_new (FALSE, FALSE, sizeof (TideDiffFrameKey));
  self->key_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  tide_id_map_init (&self->children);

  root.first_child = root.next_sibling = TIDE_FLAME_NO_NODE;
  g_array_append_val (self->nodes, root);
  g_array_append_val (self->node_key, no_key);

  /* "after" first: where both sides name a box, its frames and order of
   * making follow what is there now */
  add_side (self, after, TIDE_DIFF_AFTER);
  add_side (self, before, TIDE_DIFF_BEFORE);
  finish (self);
  return self;
}

TideDiffFlame *
tide_diff_flame_ref (TideDiffFlame *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
diff_flame_clear (gpointer data)
{
  TideDiffFlame *self = data;

  tide_id_map_clear (&self->children);
  g_clear_pointer (&self->key_ids, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_array_unref);
  g_clear_pointer (&self->node_key, g_array_unref);
  g_clear_pointer (&self->nodes, g_array_unref);
  g_clear_object (&self->traces[0]);
  g_clear_object (&self->traces[1]);
}

void
tide_diff_flame_unref (TideDiffFlame *self)
{
  g_atomic_rc_box_release_full (self, diff_flame_clear);
}

TideTrace *
tide_diff_flame_get_trace (TideDiffFlame *self,
                           TideDiffWhich  which)
{
  g_return_val_if_fail (which <= TIDE_DIFF_AFTER, NULL);
  return self->traces[which];
}

TideMetric
tide_diff_flame_get_metric (TideDiffFlame *self)
{
  return self->metric;
}

const TideFlameOptions *
tide_diff_flame_get_options (TideDiffFlame *self)
{
  return &self->options;
}

guint
tide_diff_flame_get_n_nodes (TideDiffFlame *self)
{
  return self->nodes->len;
}

guint
tide_diff_flame_get_max_depth (TideDiffFlame *self)
{
  return self->max_depth;
}

const TideDiffFlameNode *
tide_diff_flame_get_node (TideDiffFlame *self,
                          guint32        node)
{
  g_return_val_if_fail (node < self->nodes->len, NULL);
  return node_at (self, node);
}

guint64
tide_diff_flame_get_value (TideDiffFlame *self,
                           guint32        node,
                           TideDiffWhich  which)
{
  const TideDiffFlameNode *n = tide_diff_flame_get_node (self, node);

  g_return_val_if_fail (n != NULL && which <= TIDE_DIFF_AFTER, 0);
  return primary (self, n->size, n->count, which);
}

gint64
tide_diff_flame_get_delta (TideDiffFlame *self,
                           guint32        node)
{
  return (gint64) tide_diff_flame_get_value (self, node, TIDE_DIFF_AFTER)
       - (gint64) tide_diff_flame_get_value (self, node, TIDE_DIFF_BEFORE);
}

const TideDiffFrameKey *
tide_diff_flame_get_key (TideDiffFlame *self,
                         guint32        node)
{
  static const TideDiffFrameKey root = { "", 0, "all", "" };
  guint32 key;

  g_return_val_if_fail (node < self->nodes->len, NULL);
  key = g_array_index (self->node_key, guint32, node);
  return key == NO_KEY ? &root : &g_array_index (self->keys, TideDiffFrameKey, key);
}

/* The frame that names @node: the "after" one where there is one. */
static const TideFrame *
name_frame (TideDiffFlame *self,
            guint32        node,
            TideTrace    **trace)
{
  const TideDiffFlameNode *n = node_at (self, node);
  TideDiffWhich which = n->frame[TIDE_DIFF_AFTER] != 0 ? TIDE_DIFF_AFTER : TIDE_DIFF_BEFORE;

  *trace = self->traces[which];
  return tide_trace_get_frame (*trace, n->frame[which]);
}

char *
tide_diff_flame_get_label (TideDiffFlame *self,
                           guint32        node)
{
  TideTrace *trace;
  const TideFrame *frame;
  const char *function;
  g_autofree char *text = NULL;

  g_return_val_if_fail (node < self->nodes->len, NULL);

  if (node == 0)
    return g_strdup ("all");
  frame = name_frame (self, node, &trace);
  function = frame->function != 0 ? tide_trace_get_string (trace, frame->function) : "??";
  if (self->options.merge == TIDE_FLAME_MERGE_LINE && frame->line != 0)
    text = g_strdup_printf ("%s:%u", function, frame->line);
  else
    text = g_strdup (function);
  return g_utf8_make_valid (text, -1);
}

guint32
tide_diff_flame_from_flame (TideDiffFlame *self,
                            TideDiffWhich  which,
                            TideFlameTree *tree,
                            guint32        flame_node)
{
  TideTrace *trace = tide_flame_tree_get_trace (tree);
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GString) text = g_string_new (NULL);
  guint32 node = 0;

  g_return_val_if_fail (which <= TIDE_DIFF_AFTER, 0);
  g_return_val_if_fail (flame_node < tide_flame_tree_get_n_nodes (tree), 0);

  for (guint32 n = flame_node; n != 0; n = tide_flame_tree_get_node (tree, n)->parent)
    g_array_append_val (path, n);
  for (guint k = path->len; k > 0; k--)
    {
      guint32 frame = tide_flame_tree_get_node (tree, g_array_index (path, guint32, k - 1))->frame;
      TideDiffFrameKey key = tide_diff_frame_key (trace, frame, grouping_for (trace, &self->options), FALSE);
      guint32 key_id = intern_key (self, text, &key, FALSE);
      guint32 child = key_id != NO_KEY ? find_child (self, node, key_id) : 0;

      if (child == 0)
        break;
      node = child;
    }
  return node;
}

guint32
tide_diff_flame_to_flame (TideDiffFlame *self,
                          TideDiffWhich  which,
                          TideFlameTree *tree,
                          guint32        node)
{
  TideTrace *trace = tide_flame_tree_get_trace (tree);
  TideDiffGrouping grouping = grouping_for (trace, &self->options);
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 flame = 0;

  g_return_val_if_fail (which <= TIDE_DIFF_AFTER, 0);
  g_return_val_if_fail (node < self->nodes->len, 0);

  for (guint32 n = node; n != 0; n = node_at (self, n)->parent)
    g_array_append_val (path, n);
  for (guint k = path->len; k > 0; k--)
    {
      const TideDiffFrameKey *want = tide_diff_flame_get_key (self, g_array_index (path, guint32, k - 1));
      guint32 found = TIDE_FLAME_NO_NODE;

      for (guint32 c = tide_flame_tree_get_node (tree, flame)->first_child; c != TIDE_FLAME_NO_NODE;
           c = tide_flame_tree_get_node (tree, c)->next_sibling)
        {
          TideDiffFrameKey key = tide_diff_frame_key (trace, tide_flame_tree_get_node (tree, c)->frame, grouping, FALSE);

          if (tide_diff_frame_key_compare (&key, want) == 0)
            {
              found = c;
              break;
            }
        }
      if (found == TIDE_FLAME_NO_NODE)
        break;
      flame = found;
    }
  return flame;
}

gboolean
tide_diff_flame_search (TideDiffFlame  *self,
                        const char     *pattern,
                        gboolean        regex,
                        guint8         *marks,
                        guint64        *matched,
                        GError        **error)
{
  guint n = self->nodes->len;
  g_autofree guint8 *under_match = g_new0 (guint8, n);
  g_autoptr(GRegex) re = NULL;
  g_autofree char *needle = NULL;

  g_return_val_if_fail (marks != NULL, FALSE);

  *matched = 0;
  memset (marks, 0, n);
  if (pattern == NULL || *pattern == '\0')
    return TRUE;
  if (regex)
    {
      re = g_regex_new (pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, error);
      if (re == NULL)
        return FALSE;
    }
  else
    needle = g_utf8_casefold (pattern, -1);

  for (guint i = 1; i < n; i++)
    {
      const TideDiffFlameNode *node = node_at (self, i);
      g_autofree char *label = tide_diff_flame_get_label (self, i);
      TideTrace *trace;
      const TideFrame *frame = name_frame (self, i, &trace);
      g_autofree char *file = g_utf8_make_valid (tide_trace_get_string (trace, frame->file), -1);
      gboolean hit;

      if (re != NULL)
        hit = g_regex_match (re, label, 0, NULL) || g_regex_match (re, file, 0, NULL);
      else
        {
          g_autofree char *l = g_utf8_casefold (label, -1);
          g_autofree char *f = g_utf8_casefold (file, -1);

          hit = strstr (l, needle) != NULL || strstr (f, needle) != NULL;
        }
      marks[i] = hit;
      /* parents come first: a box under a matched one is already counted */
      if (under_match[node->parent])
        under_match[i] = 1;
      else if (hit)
        {
          under_match[i] = 1;
          *matched += primary (self, node->size, node->count, TIDE_DIFF_AFTER);
        }
    }
  return TRUE;
}
