/* tide-diff.c: what grew between two traces, site by site
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tide-allocators.h"
#include "tide-diff.h"

typedef struct
{
  GArray *frames;   /* TideDiffFrameKey, outermost first; strings borrowed from the traces */
  gint64  size[2];  /* before, after */
  gint64  count[2];
  gboolean seen[2];
  guint   order;    /* first seen in "after" (or "before" for the rest) */
} Group;

static const char *
str (TideTrace *trace,
     guint32    id)
{
  return tide_trace_get_string (trace, id);
}

/* A symbol heaptrack could not name is shown by its address, which differs
 * from run to run: such frames are matched by their module alone. */
static gboolean
is_address (const char *function)
{
  if (function[0] != '0' || function[1] != 'x' || function[2] == '\0')
    return FALSE;
  for (const char *p = function + 2; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

/* Modules are matched by file name: two builds of a program, or one copy
 * run from two directories, are the same program. */
static const char *
module_name (TideTrace *trace,
             guint32    module)
{
  const char *path = str (trace, module);
  const char *slash = strrchr (path, '/');

  return slash != NULL ? slash + 1 : path;
}

TideDiffFrameKey
tide_diff_frame_key (TideTrace        *trace,
                     guint32           frame_id,
                     TideDiffGrouping  grouping,
                     gboolean          innermost)
{
  const TideFrame *f = tide_trace_get_frame (trace, frame_id);
  gboolean python = tide_trace_get_format (trace) == TIDE_TRACE_FORMAT_TRACEMALLOC;
  const char *function = str (trace, f->function);
  TideDiffFrameKey k = { "", 0, "", "" };

  if (is_address (function))
    function = "??";

  if (python)
    {
      /* as tracemalloc: (filename, lineno), or the file alone by "function" */
      k.file = str (trace, f->file);
      k.line = grouping == TIDE_DIFF_BY_FUNCTION ? 0 : f->line;
      return k;
    }

  switch (grouping)
    {
    case TIDE_DIFF_BY_FUNCTION:
      k.function = function;
      k.module = module_name (trace, f->module);
      break;
    case TIDE_DIFF_BY_LINE:
    case TIDE_DIFF_BY_TRACEBACK:
    default:
      k.file = str (trace, f->file);
      k.line = f->line;
      /* without a source file, the function and module tell sites apart */
      if (f->file == 0 || !innermost || grouping == TIDE_DIFF_BY_TRACEBACK)
        {
          k.function = function;
          k.module = f->file == 0 ? module_name (trace, f->module) : "";
        }
      break;
    }
  return k;
}

int
tide_diff_frame_key_compare (const TideDiffFrameKey *a,
                             const TideDiffFrameKey *b)
{
  int c = strcmp (a->file, b->file);

  if (c != 0)
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  c = strcmp (a->function, b->function);
  if (c != 0)
    return c;
  return strcmp (a->module, b->module);
}

/* Tuples compare element by element; a prefix is the smaller. */
static int
compare_frames (GArray *a,
                GArray *b)
{
  for (guint i = 0; i < a->len && i < b->len; i++)
    {
      int c = tide_diff_frame_key_compare (&g_array_index (a, TideDiffFrameKey, i), &g_array_index (b, TideDiffFrameKey, i));

      if (c != 0)
        return c;
    }
  return (a->len > b->len) - (a->len < b->len);
}

void
tide_diff_frame_key_append (GString                *s,
                            const TideDiffFrameKey *k)
{
  g_string_append (s, k->file);
  g_string_append_printf (s, "\x1f%u\x1f", k->line);
  g_string_append (s, k->function);
  g_string_append_c (s, '\x1f');
  g_string_append (s, k->module);
  g_string_append_c (s, '\x1e');
}

char *
tide_diff_frame_key_to_string (const TideDiffFrameKey *k)
{
  g_autofree char *text = NULL;

  if (*k->function == '\0')
    text = k->line != 0 ? g_strdup_printf ("%s:%u", k->file, k->line) : g_strdup (k->file);
  else if (*k->file != '\0')
    text = g_strdup_printf ("%s (%s:%u)", k->function, k->file, k->line);
  else if (*k->module != '\0')
    text = g_strdup_printf ("%s (%s)", k->function, k->module);
  else
    text = g_strdup (k->function);
  return g_utf8_make_valid (text, -1);
}

static void
group_free (gpointer data)
{
  Group *g = data;

  g_array_unref (g->frames);
  g_free (g);
}

static void
add_side (GHashTable         *groups,
          GPtrArray          *order,
          const TideDiffSide *side,
          guint               which,
          TideDiffGrouping    grouping)
{
  TideTrace *trace = side->trace;
  guint n_nodes = tide_trace_get_n_nodes (trace);
  g_autofree guint32 *allocating = tide_allocating_nodes_new (trace);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (TideDiffFrameKey));

  for (guint i = 0; i < n_nodes; i++)
    {
      Group *g;

      if (side->size[i] == 0 && side->count[i] == 0)
        continue;

      g_array_set_size (frames, 0);
      if (grouping == TIDE_DIFF_BY_TRACEBACK)
        {
          /* innermost first while walking, then turned around */
          for (guint32 n = i; n != 0; n = tide_trace_get_node (trace, n)->parent)
            {
              TideDiffFrameKey k = tide_diff_frame_key (trace, tide_trace_get_node (trace, n)->frame, grouping, n == i);
              g_array_prepend_val (frames, k);
            }
        }
      else
        {
          /* native stacks end in the allocator: the site is the caller */
          guint32 site = tide_trace_get_format (trace) == TIDE_TRACE_FORMAT_TRACEMALLOC ? i : allocating[i];
          TideDiffFrameKey k = tide_diff_frame_key (trace, tide_trace_get_node (trace, site)->frame, grouping, TRUE);

          g_array_append_val (frames, k);
        }

      g_string_truncate (text, 0);
      for (guint k = 0; k < frames->len; k++)
        tide_diff_frame_key_append (text, &g_array_index (frames, TideDiffFrameKey, k));

      g = g_hash_table_lookup (groups, text->str);
      if (g == NULL)
        {
          g = g_new0 (Group, 1);
          g->frames = g_array_copy (frames);
          g->order = order->len;
          g_ptr_array_add (order, g);
          g_hash_table_insert (groups, g_strdup (text->str), g);
        }
      g->size[which] += side->size[i];
      g->count[which] += side->count[i];
      g->seen[which] = TRUE;
    }
}

static gint64
abs64 (gint64 v)
{
  return v < 0 ? -v : v;
}

/* compare_to sorts by (|size_diff|, size, |count_diff|, count, traceback),
 * largest first. */
static int
compare_rows (gconstpointer pa,
              gconstpointer pb,
              gpointer      user_data)
{
  const TideDiffRow *a = *(TideDiffRow * const *) pa;
  const TideDiffRow *b = *(TideDiffRow * const *) pb;
  GHashTable *keys = user_data;

  if (abs64 (a->size_diff) != abs64 (b->size_diff))
    return abs64 (a->size_diff) > abs64 (b->size_diff) ? -1 : 1;
  if (a->size != b->size)
    return a->size > b->size ? -1 : 1;
  if (abs64 (a->count_diff) != abs64 (b->count_diff))
    return abs64 (a->count_diff) > abs64 (b->count_diff) ? -1 : 1;
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return -compare_frames (g_hash_table_lookup (keys, a), g_hash_table_lookup (keys, b));
}

static void
row_free (gpointer data)
{
  TideDiffRow *row = data;

  g_ptr_array_unref (row->frames);
  g_free (row);
}

gboolean
tide_diff_grouping_from_string (const char       *name,
                                TideDiffGrouping *grouping)
{
  if (g_str_equal (name, "traceback"))
    *grouping = TIDE_DIFF_BY_TRACEBACK;
  else if (g_str_equal (name, "line") || g_str_equal (name, "lineno"))
    *grouping = TIDE_DIFF_BY_LINE;
  else if (g_str_equal (name, "function") || g_str_equal (name, "filename"))
    *grouping = TIDE_DIFF_BY_FUNCTION;
  else
    return FALSE;
  return TRUE;
}

void
tide_diff_side_at_peak (TideTrace  *trace,
                        guint64   **size,
                        guint64   **count)
{
  guint n_nodes = tide_trace_get_n_nodes (trace);

  *size = g_new0 (guint64, n_nodes);
  *count = g_new0 (guint64, n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    (*size)[i] = tide_trace_get_node_cost (trace, i)->peak_bytes;
  /* blocks per node from the infos, when the trace has them */
  for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
    {
      const TideAllocInfo *info = tide_trace_get_info (trace, i);

      (*count)[info->stack] += info->peak_live;
    }
}

void
tide_diff_side_for_costs (TideTrace       *trace,
                          const TideCost  *costs,
                          const guint64   *blocks,
                          TideMetric       metric,
                          guint64        **size,
                          guint64        **count)
{
  guint n_nodes = tide_trace_get_n_nodes (trace);

  g_return_if_fail (TIDE_IS_TRACE (trace));
  g_return_if_fail (costs != NULL);

  *size = g_new0 (guint64, n_nodes);
  *count = g_new0 (guint64, n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      const TideCost *c = &costs[i];

      switch (metric)
        {
        case TIDE_METRIC_PEAK:
          (*size)[i] = c->peak_bytes;
          break;
        case TIDE_METRIC_LEAKED:
          (*size)[i] = c->leaked_bytes;
          (*count)[i] = c->leaked_allocations;
          break;
        case TIDE_METRIC_ALLOCATED:
        case TIDE_METRIC_ALLOCATIONS:
          (*size)[i] = c->allocated_bytes;
          (*count)[i] = c->allocations;
          break;
        case TIDE_METRIC_TEMPORARY:
          (*count)[i] = c->temporary;
          break;
        case TIDE_N_METRICS:
        default:
          g_return_if_reached ();
        }
    }
  /* live blocks are counted per allocation info, not per node */
  if (metric == TIDE_METRIC_PEAK && blocks != NULL)
    for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
      (*count)[tide_trace_get_info (trace, i)->stack] += blocks[i];
}

GPtrArray *
tide_diff_compute (const TideDiffSide *before,
                   const TideDiffSide *after,
                   TideDiffGrouping    grouping)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) after_order = g_ptr_array_new_with_free_func (group_free);
  g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);

  /* "after" first, so its sites come first, as in compare_to */
  add_side (groups, after_order, after, 1, grouping);
  add_side (groups, after_order, before, 0, grouping);

  for (guint i = 0; i < after_order->len; i++)
    {
      Group *g = g_ptr_array_index (after_order, i);
      TideDiffRow *row = g_new0 (TideDiffRow, 1);

      row->frames = g_ptr_array_new_with_free_func (g_free);
      for (guint k = 0; k < g->frames->len; k++)
        g_ptr_array_add (row->frames, tide_diff_frame_key_to_string (&g_array_index (g->frames, TideDiffFrameKey, k)));
      row->size = g->size[1];
      row->count = g->count[1];
      row->size_diff = g->size[1] - g->size[0];
      row->count_diff = g->count[1] - g->count[0];
      g_hash_table_insert (keys, row, g->frames);
      g_ptr_array_add (rows, row);
    }

  g_ptr_array_sort_with_data (rows, compare_rows, keys);
  return rows;
}
