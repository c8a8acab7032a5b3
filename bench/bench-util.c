/* bench-util.c: timing and reporting shared by the chart benchmarks
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "core/tide-trace-builder.h"

#define EVENT_CHUNK 65536

double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_median_of (const double *table,
                 guint         col,
                 guint         stride,
                 guint         n)
{
  g_autofree double *v = g_new (double, n);

  for (guint i = 0; i < n; i++)
    v[i] = table[i * stride + col];
  qsort (v, n, sizeof (double), compare_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

char *
bench_cpu_model (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL))
    return g_strdup ("unknown");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      return g_strdup (g_strstrip (strchr (lines[i], ':') + 1));
  return g_strdup ("unknown");
}

char *
bench_commit (void)
{
  g_autofree char *out = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync ("git rev-parse --short HEAD", &out, NULL, &status, NULL) || status != 0 || out == NULL)
    return g_strdup ("unknown");
  return g_strdup (g_strstrip (out));
}

/* ---------------------------------------------------------- big traces -- */

static guint32
copy_string (TideTraceBuilder *b,
             TideTrace        *trace,
             guint32           id)
{
  return tide_trace_builder_intern_string (b, tide_trace_get_string (trace, id), -1);
}

/* The frames of @trace in @b, by id. */
static guint32 *
copy_frames (TideTraceBuilder *b,
             TideTrace        *trace)
{
  guint n = tide_trace_get_n_frames (trace);
  guint32 *map = g_new0 (guint32, n);

  for (guint f = 1; f < n; f++)
    {
      const TideFrame *src = tide_trace_get_frame (trace, f);
      TideFrame frame = { copy_string (b, trace, src->function), copy_string (b, trace, src->file),
                          copy_string (b, trace, src->module), src->line };

      map[f] = tide_trace_builder_intern_frame (b, &frame);
    }
  return map;
}

/* Copy @k of the stack tree, under its own root frame. */
static guint32 *
copy_nodes (TideTraceBuilder *b,
            TideTrace        *trace,
            const guint32    *frames,
            guint             k)
{
  guint n = tide_trace_get_n_nodes (trace);
  guint32 *map = g_new0 (guint32, n);
  g_autofree char *name = g_strdup_printf ("worker %u", k);
  TideFrame root = { tide_trace_builder_intern_string (b, name, -1), 0,
                     tide_trace_builder_intern_string (b, "synthetic", -1), 0 };

  map[0] = tide_trace_builder_intern_node (b, 0, tide_trace_builder_intern_frame (b, &root));
  /* parents have smaller ids than their children */
  for (guint i = 1; i < n; i++)
    {
      const TideStackNode *node = tide_trace_get_node (trace, i);

      map[i] = tide_trace_builder_intern_node (b, map[node->parent], frames[node->frame]);
    }
  return map;
}

/* Replays every event of @trace in each of the @k copies, in lockstep; a
 * free right after its own allocation stays a temporary allocation. Time
 * stamps are the trace's own, or one every @every events, 10 ms apart. */
static void
replay (TideTraceBuilder *b,
        TideTrace        *trace,
        guint32         **infos,
        guint             k,
        guint             every)
{
  g_autofree guint32 *events = g_new (guint32, EVENT_CHUNK);
  guint64 n = tide_trace_get_n_events (trace);
  guint sample = 0;
  guint32 prev = G_MAXUINT32;

  for (guint64 start = 0; start < n; start += EVENT_CHUNK)
    {
      gsize got = tide_trace_copy_events (trace, start, events, EVENT_CHUNK);

      for (gsize e = 0; e < got; e++)
        {
          guint32 info = TIDE_EVENT_INFO (events[e]);
          gboolean is_free = TIDE_EVENT_IS_FREE (events[e]);

          if (every > 0 && (start + e) % every == 0)
            tide_trace_builder_set_time (b, (start + e) / every * 10);
          while (every == 0 && sample < tide_trace_get_n_samples (trace)
                 && tide_trace_get_sample_event_index (trace, sample) <= start + e)
            tide_trace_builder_set_time (b, tide_trace_get_sample_time (trace, sample++));
          for (guint c = 0; c < k; c++)
            {
              if (!is_free)
                tide_trace_builder_allocate (b, infos[c][info]);
              else if (!tide_trace_builder_free_block (b, infos[c][info], prev == (info << 1)))
                g_error ("the replayed event stream is inconsistent");
            }
          prev = events[e];
        }
    }
  if (every > 0)
    tide_trace_builder_set_time (b, (n + every - 1) / every * 10);
  else
    tide_trace_builder_set_duration (b, tide_trace_get_totals (trace)->duration_ms);
}

TideTrace *
bench_copy_trace (TideTrace *trace,
                  guint      k,
                  guint      every)
{
  g_autoptr(TideTraceBuilder) b = tide_trace_builder_new (TIDE_TRACE_FORMAT_HEAPTRACK);
  g_autofree guint32 *frames = NULL;
  guint32 **nodes = g_new0 (guint32 *, k);
  guint32 **infos = g_new0 (guint32 *, k);
  TideTrace *big;

  tide_trace_builder_set_command (b, tide_trace_get_command (trace), -1);
  frames = copy_frames (b, trace);
  for (guint c = 0; c < k; c++)
    {
      nodes[c] = copy_nodes (b, trace, frames, c);
      infos[c] = g_new (guint32, tide_trace_get_n_infos (trace));
      for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
        {
          const TideAllocInfo *info = tide_trace_get_info (trace, i);
          g_autoptr(GError) error = NULL;

          if (!tide_trace_builder_add_info (b, info->size, nodes[c][info->stack], &infos[c][i], &error))
            g_error ("%s", error->message);
        }
    }
  replay (b, trace, infos, k, every);
  big = tide_trace_builder_finish (g_steal_pointer (&b));

  for (guint c = 0; c < k; c++)
    {
      g_free (nodes[c]);
      g_free (infos[c]);
    }
  g_free (nodes);
  g_free (infos);
  return big;
}
