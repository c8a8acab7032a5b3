/* tide-format.c: how numbers and locations read, the same in CLI and window
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "tide-format.h"

char *
tide_format_count (guint64 value)
{
  /* the ' flag groups digits the way the user's locale does */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, value);
}

char *
tide_format_metric (TideMetric metric,
                    guint64    value)
{
  if (tide_metric_is_bytes (metric))
    return g_format_size (value);
  return tide_format_count (value);
}

char *
tide_format_duration (guint64 ms)
{
  /* the number goes in as a string: xgettext cannot see through
   * G_GUINT64_FORMAT inside a translatable string */
  g_autofree char *n = NULL;
  guint64 s;

  if (ms < 1000)
    {
      n = g_strdup_printf ("%" G_GUINT64_FORMAT, ms);
      return g_strdup_printf (_("%s ms"), n);
    }
  if (ms < 60 * 1000)
    return g_strdup_printf (_("%.2f s"), ms / 1000.0);
  /* whole seconds first: 59.6 s past a minute is the next minute, not "60 s" */
  s = ms / 1000 + (ms % 1000 >= 500);
  n = g_strdup_printf ("%" G_GUINT64_FORMAT, s / 60);
  return g_strdup_printf (_("%s min %.0f s"), n, (double) (s % 60));
}

char *
tide_format_trace_time (TideTrace *trace,
                        guint64    value)
{
  g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  switch (tide_trace_get_time_unit (trace))
    {
    case TIDE_TIME_UNIT_INSTRUCTIONS:
      return g_strdup_printf (_("%s instructions"), n);
    case TIDE_TIME_UNIT_BYTES:
      return g_strdup_printf (_("%s B allocated and freed"), n);
    case TIDE_TIME_UNIT_SNAPSHOTS:
      /* TRANSLATORS: the place of a dump in a series of tracemalloc dumps, counted from 1 */
      {
        g_autofree char *place = g_strdup_printf ("%" G_GUINT64_FORMAT, value + 1);

        return g_strdup_printf (_("snapshot %s"), place);
      }
    case TIDE_TIME_UNIT_MS:
    default:
      return tide_format_duration (value);
    }
}

char *
tide_format_function (TideTrace *trace,
                      guint32    frame_id)
{
  const TideFrame *frame = tide_trace_get_frame (trace, frame_id);

  if (frame_id == 0)
    return g_strdup (_("(no stack recorded)"));
  if (frame->function == 0)
    return g_strdup ("??");
  return g_utf8_make_valid (tide_trace_get_string (trace, frame->function), -1);
}

char *
tide_format_location (TideTrace *trace,
                      guint32    frame_id)
{
  const TideFrame *frame = tide_trace_get_frame (trace, frame_id);
  g_autofree char *text = NULL;

  if (frame->file != 0 && frame->line != 0)
    text = g_strdup_printf ("%s:%u", tide_trace_get_string (trace, frame->file), frame->line);
  else if (frame->file != 0)
    text = g_strdup (tide_trace_get_string (trace, frame->file));
  else if (frame->module != 0)
    text = g_strdup (tide_trace_get_string (trace, frame->module));
  else
    text = g_strdup ("??");
  return g_utf8_make_valid (text, -1);
}

char *
tide_format_frame (TideTrace *trace,
                   guint32    frame_id)
{
  const TideFrame *frame = tide_trace_get_frame (trace, frame_id);
  g_autofree char *function = tide_format_function (trace, frame_id);
  g_autofree char *location = tide_format_location (trace, frame_id);
  g_autofree char *module = g_utf8_make_valid (tide_trace_get_string (trace, frame->module), -1);

  if (frame_id == 0)
    return g_steal_pointer (&function);
  if (frame->file != 0 && frame->module != 0)
    return g_strdup_printf ("%s (%s, %s)", function, location, module);
  return g_strdup_printf ("%s (%s)", function, location);
}
