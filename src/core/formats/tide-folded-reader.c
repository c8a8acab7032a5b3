/* tide-folded-reader.c: reads folded stacks ("frame;frame;frame 42")
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interchange format of FlameGraph, inferno and speedscope, and what
 * heaptrack_print -F writes. Each line is one stack, outermost frame first,
 * and its weight; the unit is not in the file. A folded file has no time:
 * it opens as a flame graph, its weights in the "peak" metric. Lines that
 * do not match are skipped and counted, as flamegraph.pl does. See
 * shared/formats/folded.md.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "tide-folded-reader.h"
#include "../tide-line-reader.h"
#include "../tide-trace-builder.h"
#include "../tide-trace-error.h"

/* The weight: the last whitespace-separated token, an unsigned decimal
 * with an optional fraction (rounded). Returns where the stack ends. */
static const char *
split_weight (const char *line,
              const char *end,
              guint64    *weight)
{
  const char *p = end, *num_end, *dot = NULL;
  double v = 0, scale = 0.1;

  while (p > line && (p[-1] == '\r' || p[-1] == ' ' || p[-1] == '\t'))
    p--;
  num_end = p;
  while (p > line && (g_ascii_isdigit (p[-1]) || (p[-1] == '.' && dot == NULL)))
    {
      if (p[-1] == '.')
        dot = p - 1;
      p--;
    }
  if (p == num_end || p == line || (p[-1] != ' ' && p[-1] != '\t') || (dot == p && num_end - p == 1))
    return NULL;

  for (const char *q = p; q < (dot != NULL ? dot : num_end); q++)
    v = v * 10 + (*q - '0');
  if (dot != NULL)
    for (const char *q = dot + 1; q < num_end; q++, scale /= 10)
      v += (*q - '0') * scale;
  if (!(v < 1.8e19))
    return NULL;
  *weight = (guint64) llround (v);

  while (p > line && (p[-1] == ' ' || p[-1] == '\t'))
    p--;
  return p;
}

static guint32
stack_node (TideTraceBuilder *builder,
            const char       *stack,
            const char       *end)
{
  guint32 node = 0;
  const char *p = stack;

  /* a trailing ';' (heaptrack writes one) adds no frame */
  if (end > stack && end[-1] == ';')
    end--;

  while (p <= end)
    {
      const char *semi = memchr (p, ';', end - p);
      const char *frame_end = semi != NULL ? semi : end;
      TideFrame frame = { 0 };

      frame.function = frame_end > p ? tide_trace_builder_intern_string (builder, p, frame_end - p)
                                     : tide_trace_builder_intern_string (builder, "[unknown]", -1);
      node = tide_trace_builder_intern_node (builder, node, tide_trace_builder_intern_frame (builder, &frame));
      if (semi == NULL)
        break;
      p = semi + 1;
    }
  return node;
}

gboolean
tide_folded_sniff (const guint8 *data,
                   gsize         len)
{
  const char *line = (const char *) data;
  const char *nl = memchr (data, '\n', len);
  const char *end = nl != NULL ? nl : line + len;
  guint64 weight;

  /* a first line with a stack of several frames and a weight */
  if (nl == NULL && len >= 4096)
    return FALSE;
  for (const char *p = line; p < end; p++)
    if ((guchar) *p < 0x20 && *p != '\t' && *p != '\r')
      return FALSE;
  return memchr (line, ';', end - line) != NULL && split_weight (line, end, &weight) != NULL;
}

TideTrace *
tide_folded_read (TideByteSource  *source,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autoptr(TideTraceBuilder) builder = tide_trace_builder_new (TIDE_TRACE_FORMAT_FOLDED);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) weights = g_hash_table_new (NULL, NULL); /* node -> index + 1 */
  g_autoptr(GArray) sums = g_array_new (FALSE, TRUE, sizeof (guint64));
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint32));
  TideLineReader lines;
  const char *run;
  gsize run_len;
  guint64 run_offset, line_number = 0, skipped = 0;

  tide_line_reader_init (&lines, source);
  while (tide_line_reader_next_run (&lines, &run, &run_len, &run_offset, cancellable, &local_error))
    {
      const char *p = run, *end = run + run_len;

      while (p < end)
        {
          const char *nl = memchr (p, '\n', end - p);
          const char *line_end = nl != NULL ? nl : end;
          const char *stack_end;
          guint64 weight;

          line_number++;
          stack_end = split_weight (p, line_end, &weight);
          if (stack_end == NULL || stack_end == p)
            skipped += line_end > p;
          else
            {
              guint32 node = stack_node (builder, p, stack_end);
              gpointer index = g_hash_table_lookup (weights, GUINT_TO_POINTER (node));

              /* the same stack may appear on several lines: they add up */
              if (index == NULL)
                {
                  guint64 zero = 0;

                  g_array_append_val (sums, zero);
                  g_array_append_val (nodes, node);
                  index = GUINT_TO_POINTER (sums->len);
                  g_hash_table_insert (weights, GUINT_TO_POINTER (node), index);
                }
              g_array_index (sums, guint64, GPOINTER_TO_UINT (index) - 1) += weight;
            }
          p = nl != NULL ? nl + 1 : end;
        }
    }
  tide_line_reader_clear (&lines);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (sums->len == 0)
    {
      g_set_error (error, TIDE_TRACE_ERROR, skipped == 0 ? TIDE_TRACE_ERROR_EMPTY : TIDE_TRACE_ERROR_CORRUPT,
                   "%s: line %" G_GUINT64_FORMAT ": no “frame;frame;… weight” line in the file",
                   tide_byte_source_get_name (source), line_number);
      return NULL;
    }

  /* one snapshot holding every stack's weight */
  {
    guint64 total = 0;
    guint sample, snapshot;

    for (guint i = 0; i < sums->len; i++)
      total += g_array_index (sums, guint64, i);
    sample = tide_trace_builder_add_sample (builder, 0, total, 0, 0);
    snapshot = tide_trace_builder_add_snapshot (builder, sample);
    for (guint i = 0; i < sums->len; i++)
      tide_trace_builder_add_snapshot_bytes (builder, snapshot, g_array_index (nodes, guint32, i),
                                             g_array_index (sums, guint64, i));
  }
  g_debug ("%s: %" G_GUINT64_FORMAT " lines skipped", tide_byte_source_get_name (source), skipped);

  return tide_trace_builder_finish (g_steal_pointer (&builder));
}
