/* tide-flame-search.c: which boxes of a flame graph match a search
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-flame-search.h"

gboolean
tide_flame_search (TideFlameTree  *tree,
                   const char     *pattern,
                   gboolean        regex,
                   TideMetric      metric,
                   guint8         *marks,
                   guint64        *matched,
                   GError        **error)
{
  TideTrace *trace = tide_flame_tree_get_trace (tree);
  guint n = tide_flame_tree_get_n_nodes (tree);
  guint n_frames = tide_trace_get_n_frames (trace);
  g_autoptr(GRegex) re = NULL;
  g_autofree char *needle = NULL;
  /* frames are shared by many boxes: decide once per frame */
  g_autofree guint8 *frame_state = g_new0 (guint8, n_frames); /* 0 unknown, 1 no, 2 yes */
  g_autofree guint8 *under_match = g_new0 (guint8, n);

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
      const TideFlameNode *node = tide_flame_tree_get_node (tree, i);
      guint32 f = node->frame;

      if (frame_state[f] == 0)
        {
          const TideFrame *frame = tide_trace_get_frame (trace, f);
          g_autofree char *label = tide_flame_tree_get_label (tree, i);
          g_autofree char *file = g_utf8_make_valid (tide_trace_get_string (trace, frame->file), -1);
          gboolean hit;

          if (re != NULL)
            hit = g_regex_match (re, label, 0, NULL) || g_regex_match (re, file, 0, NULL);
          else
            {
              g_autofree char *l = g_utf8_casefold (label, -1);
              g_autofree char *fl = g_utf8_casefold (file, -1);

              hit = strstr (l, needle) != NULL || strstr (fl, needle) != NULL;
            }
          frame_state[f] = hit ? 2 : 1;
        }
      marks[i] = frame_state[f] == 2;

      /* parents come first: a box under a matched one is already counted */
      if (under_match[node->parent])
        under_match[i] = 1;
      else if (marks[i])
        {
          under_match[i] = 1;
          *matched += tide_cost_get (&node->total, metric);
        }
    }

  return TRUE;
}
