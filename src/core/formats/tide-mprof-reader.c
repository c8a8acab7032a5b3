/* tide-mprof-reader.c: reads memory_profiler's `mprof run` files
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `mprof run` samples the memory of a process (and with --multiprocess of
 * each child) every 0.1 s and writes one record per line:
 *   CMDLINE <command line>
 *   MEM <MiB> <unix time>
 *   CHLD <pid> <MiB> <unix time>
 *   FUNC <name> <MiB at start> <start time> <MiB at end> <end time> [<depth>]
 * (FUNC records, for functions decorated with @profile, may come first).
 * Memory is the process's resident size as psutil reports it, in MiB of
 * 2^20 bytes; times are the machine's clock in seconds. The trace counts
 * milliseconds from the first MEM record, as `mprof plot` counts from it;
 * a record before it (a FUNC that began earlier) starts at 0.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "tide-mprof-reader.h"
#include "../tide-line-reader.h"
#include "../tide-trace-builder.h"
#include "../tide-trace-error.h"

#define MIB 1048576.0

typedef enum
{
  RECORD_MEM,
  RECORD_CHLD,
  RECORD_FUNC,
} RecordKind;

typedef struct
{
  RecordKind kind;
  guint      depth;   /* FUNC */
  guint64    pid;     /* CHLD */
  char      *name;    /* FUNC */
  double     mib[2];  /* MEM, CHLD: [0]; FUNC: at start and end */
  double     time[2];
} Record;

static void
record_clear (gpointer data)
{
  g_free (((Record *) data)->name);
}

static const char * const kinds[] = { "CMDLINE", "MEM", "FUNC", "CHLD" };

/* The first token of @line is a record name mprof writes. */
static gboolean
is_record (const char *line,
           gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      gsize n = strlen (kinds[i]);

      if (len > n && memcmp (line, kinds[i], n) == 0 && (line[n] == ' ' || line[n] == '\t'))
        return TRUE;
    }
  return FALSE;
}

gboolean
tide_mprof_sniff (const guint8 *data,
                  gsize         len)
{
  const char *p = (const char *) data, *end = p + len;

  /* the first line that is not empty */
  while (p < end && (*p == '\n' || *p == '\r'))
    p++;
  return is_record (p, end - p);
}

/* Bounds that keep bytes and milliseconds within 64 bits: a pebibyte of
 * memory, and clocks up to some 30 million years. */
#define MAX_MIB  1e9
#define MAX_TIME 1e15

/* A number that is a memory size or a time: finite, not negative, at most
 * @max. */
static gboolean
parse_number (const char *token,
              double      max,
              double     *out)
{
  char *end = NULL;
  double v = g_ascii_strtod (token, &end);

  if (end == token || *end != '\0' || !isfinite (v) || v < 0 || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
parse_uint (const char *token,
            guint64    *out)
{
  return g_ascii_string_to_unsigned (token, 10, 0, G_MAXUINT32, out, NULL);
}

G_GNUC_PRINTF (4, 5)
static gboolean
line_error (GError    **error,
            const char *name,
            guint64     line,
            const char *format,
            ...)
{
  g_autofree char *where = g_strdup_printf ("%s: line %" G_GUINT64_FORMAT, name, line);
  va_list args;

  va_start (args, format);
  tide_trace_error_set_corrupt (error, where, format, args);
  va_end (args);
  return FALSE;
}

/* One line into @records (or the command); FALSE with @error when it is
 * not a record mprof writes. */
static gboolean
parse_line (const char  *line,
            gsize        len,
            const char  *name,
            guint64      number,
            GString     *command,
            GArray      *records,
            GError     **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) tokens = NULL;
  Record r = { 0 };
  guint n;

  /* mprof writes text: a 0 byte is a binary file or a damaged one */
  if (memchr (line, '\0', len) != NULL)
    return line_error (error, name, number, "a 0 byte in a text record");
  text = g_strndup (line, len);
  g_strchomp (text);
  if (text[0] == '\0')
    return TRUE;
  if (g_str_has_prefix (text, "CMDLINE ") || g_str_has_prefix (text, "CMDLINE\t"))
    {
      g_string_assign (command, g_strstrip (text + 8));
      return TRUE;
    }
  tokens = g_strsplit_set (text, " \t", -1);
  /* runs of blanks make empty tokens: drop them */
  n = 0;
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (tokens[i][0] != '\0')
        tokens[n++] = tokens[i];
      else
        g_free (tokens[i]);
    }
  tokens[n] = NULL;

  if (g_str_equal (tokens[0], "MEM"))
    {
      r.kind = RECORD_MEM;
      if (n != 3 || !parse_number (tokens[1], MAX_MIB, &r.mib[0]) || !parse_number (tokens[2], MAX_TIME, &r.time[0]))
        return line_error (error, name, number, "a MEM record is “MEM <MiB> <time>”");
    }
  else if (g_str_equal (tokens[0], "CHLD"))
    {
      r.kind = RECORD_CHLD;
      if (n != 4 || !parse_uint (tokens[1], &r.pid) || !parse_number (tokens[2], MAX_MIB, &r.mib[0])
          || !parse_number (tokens[3], MAX_TIME, &r.time[0]))
        return line_error (error, name, number, "a CHLD record is “CHLD <pid> <MiB> <time>”");
    }
  else if (g_str_equal (tokens[0], "FUNC"))
    {
      guint64 depth = 0;

      r.kind = RECORD_FUNC;
      if ((n != 6 && n != 7) || !parse_number (tokens[2], MAX_MIB, &r.mib[0]) || !parse_number (tokens[3], MAX_TIME, &r.time[0])
          || !parse_number (tokens[4], MAX_MIB, &r.mib[1]) || !parse_number (tokens[5], MAX_TIME, &r.time[1])
          || (n == 7 && (!parse_uint (tokens[6], &depth) || depth > 1000)))
        return line_error (error, name, number,
                           "a FUNC record is “FUNC <name> <MiB> <start> <MiB> <end> [<depth>]”");
      r.depth = depth;
      r.name = g_strdup (tokens[1]);
    }
  else
    return line_error (error, name, number, "“%.40s” is no record of mprof (CMDLINE, MEM, CHLD or FUNC)",
                       tokens[0]);
  g_array_append_val (records, r);
  return TRUE;
}

static guint64
to_ms (double time,
       double t0)
{
  return (guint64) llround (MAX (time - t0, 0) * 1000);
}

static guint64
to_bytes (double mib)
{
  return (guint64) llround (mib * MIB);
}

TideTrace *
tide_mprof_read (TideByteSource  *source,
                 GCancellable    *cancellable,
                 GError         **error)
{
  const char *name = tide_byte_source_get_name (source);
  g_autoptr(TideTraceBuilder) builder = tide_trace_builder_new (TIDE_TRACE_FORMAT_MPROF);
  g_autoptr(GArray) records = g_array_new (FALSE, TRUE, sizeof (Record));
  g_autoptr(GString) command = g_string_new (NULL);
  g_autoptr(GHashTable) children = g_hash_table_new (g_int64_hash, g_int64_equal); /* pid -> series + 1 */
  g_autoptr(GError) local_error = NULL;
  TideLineReader lines;
  const char *run;
  gsize run_len;
  guint64 run_offset, line_number = 0, n_mem = 0, last_ms = 0;
  double t0 = 0;

  g_array_set_clear_func (records, record_clear);
  tide_line_reader_init (&lines, source);
  while (local_error == NULL
         && tide_line_reader_next_run (&lines, &run, &run_len, &run_offset, cancellable, &local_error))
    {
      const char *p = run, *end = run + run_len;

      while (p < end)
        {
          const char *nl = memchr (p, '\n', end - p);
          const char *line_end = nl != NULL ? nl : end;

          line_number++;
          if (!parse_line (p, line_end - p, name, line_number, command, records, &local_error))
            break;
          p = nl != NULL ? nl + 1 : end;
        }
    }
  tide_line_reader_clear (&lines);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (guint i = 0; i < records->len; i++)
    {
      const Record *r = &g_array_index (records, Record, i);

      /* time 0 is the first MEM sample, as `mprof plot` draws it */
      if (r->kind == RECORD_MEM && n_mem++ == 0)
        t0 = r->time[0];
    }
  if (n_mem == 0)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_EMPTY,
                   "%s: line %" G_GUINT64_FORMAT ": no MEM record: mprof sampled no memory", name, line_number);
      return NULL;
    }

  tide_trace_builder_set_command (builder, command->str, command->len);
  for (guint i = 0; i < records->len; i++)
    {
      const Record *r = &g_array_index (records, Record, i);
      gpointer series;

      switch (r->kind)
        {
        case RECORD_MEM:
          /* a clock set back does not turn the timeline back */
          last_ms = MAX (last_ms, to_ms (r->time[0], t0));
          tide_trace_builder_add_sample (builder, last_ms, to_bytes (r->mib[0]), 0, 0);
          break;
        case RECORD_CHLD:
          series = g_hash_table_lookup (children, &r->pid);
          if (series == NULL)
            {
              g_autofree char *pid = g_strdup_printf ("%" G_GUINT64_FORMAT, r->pid);
              /* TRANSLATORS: a child process's memory on the timeline, "Child 26588" */
              g_autofree char *label = g_strdup_printf (_("Child %s"), pid);

              series = GUINT_TO_POINTER (tide_trace_builder_add_series (builder, label) + 1);
              g_hash_table_insert (children, (gpointer) &r->pid, series);
            }
          tide_trace_builder_add_series_point (builder, GPOINTER_TO_UINT (series) - 1, to_ms (r->time[0], t0),
                                               to_bytes (r->mib[0]), to_bytes (r->mib[0]));
          break;
        case RECORD_FUNC:
          tide_trace_builder_add_span (builder, r->name, -1, r->depth, to_ms (r->time[0], t0),
                                       to_ms (r->time[1], t0), to_bytes (r->mib[0]), to_bytes (r->mib[1]));
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return tide_trace_builder_finish (g_steal_pointer (&builder));
}
