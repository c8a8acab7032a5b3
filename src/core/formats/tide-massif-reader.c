/* tide-massif-reader.c: reads Valgrind massif output (massif.out.*)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every snapshot becomes a timeline sample (useful heap, extra heap,
 * stacks); every detailed snapshot's tree becomes per-stack bytes. Massif's
 * trees start at the allocator and end at main, so each path is reversed
 * into our outermost-first stack tree; a node's own bytes are what its
 * children do not account for. See shared/formats/massif.md.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tide-massif-reader.h"
#include "../tide-line-reader.h"
#include "../tide-trace-builder.h"
#include "../tide-trace-error.h"

typedef struct
{
  gsize   indent;
  guint64 bytes;
  guint64 children;  /* bytes of the children seen so far */
  guint64 expected;  /* children the line announced ("n3:") */
  guint64 seen;      /* children read so far */
  guint32 frame;     /* 0 for the synthetic root */
} Open;

typedef struct
{
  TideByteSource   *source;
  TideTraceBuilder *builder;
  guint64           line_number;
  guint64           line_offset;

  gboolean          in_snapshot;
  double            time_scale;  /* seconds in the file are kept as ms */
  guint64           time;
  guint64           heap;
  guint64           extra;
  guint64           stacks;
  int               tree_kind;   /* 0 empty, 1 detailed, 2 peak */
  guint             have;        /* which keys of the current snapshot were seen */
  guint             n_snapshots;

  guint             snapshot;    /* builder snapshot of the tree being read */
  GArray           *open;        /* Open: the path from the root to the current node */
} Reader;

enum { HAVE_TIME = 1, HAVE_HEAP = 2, HAVE_EXTRA = 4, HAVE_STACKS = 8, HAVE_TREE = 16 };

G_GNUC_PRINTF (3, 4)
static gboolean
fail (Reader      *r,
      GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *where = g_strdup_printf ("%s: line %" G_GUINT64_FORMAT " (byte %" G_GUINT64_FORMAT ")",
                                            tide_byte_source_get_name (r->source), r->line_number, r->line_offset);
  va_list args;

  va_start (args, format);
  tide_trace_error_set_corrupt (error, where, format, args);
  va_end (args);
  return FALSE;
}

/* A decimal number filling [p, end) exactly. */
static gboolean
parse_u64 (const char *p,
           const char *end,
           guint64    *out)
{
  guint64 v = 0;

  if (p >= end)
    return FALSE;
  for (; p < end; p++)
    {
      if (*p < '0' || *p > '9' || v > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
    }
  *out = v;
  return TRUE;
}

/* time= may be fractional in files other tools write. */
static gboolean
parse_time (Reader     *r,
            const char *p,
            const char *end,
            guint64    *out)
{
  char buf[64];
  char *stop;
  double v;

  if (parse_u64 (p, end, out) && r->time_scale == 1.0)
    return TRUE;
  if (end - p <= 0 || end - p >= (gssize) sizeof buf)
    return FALSE;
  memcpy (buf, p, end - p);
  buf[end - p] = '\0';
  v = g_ascii_strtod (buf, &stop);
  if (*stop != '\0' || !(v >= 0) || v * r->time_scale > 1.8e19)
    return FALSE;
  *out = (guint64) (v * r->time_scale + 0.5);
  return TRUE;
}

/* Interns the frame of a code label: "0xADDR: fn (file:line)",
 * "0xADDR: fn (in /object)", "0xADDR: ???", or the below-threshold entry. */
static guint32
intern_label (Reader     *r,
              const char *label,
              const char *end)
{
  TideFrame frame = { 0 };
  const char *fn = label;
  const char *fn_end = end;

  if (g_str_has_prefix (label, "in ") && strstr (label, "below massif's threshold") != NULL)
    {
      frame.function = tide_trace_builder_intern_string (r->builder, "[below massif's threshold]", -1);
      return tide_trace_builder_intern_frame (r->builder, &frame);
    }

  /* skip the code address */
  if (label[0] == '0' && label[1] == 'x')
    {
      const char *colon = memchr (label, ':', end - label);

      if (colon != NULL && colon + 1 < end && colon[1] == ' ')
        fn = colon + 2;
    }

  /* the location, parsed from the end: "(in path)" or "(file:line)" */
  if (end > fn && end[-1] == ')')
    {
      const char *open = NULL;
      int depth = 0;

      for (const char *q = end - 1; q >= fn; q--)
        {
          if (*q == ')')
            depth++;
          else if (*q == '(' && --depth == 0)
            {
              open = q;
              break;
            }
        }
      if (open != NULL && open > fn && open[-1] == ' ')
        {
          const char *inner = open + 1, *inner_end = end - 1;

          if (g_str_has_prefix (inner, "in "))
            {
              frame.module = tide_trace_builder_intern_string (r->builder, inner + 3, inner_end - inner - 3);
              fn_end = open - 1;
            }
          else
            {
              const char *colon = NULL;
              guint64 line;

              for (const char *q = inner_end - 1; q > inner; q--)
                if (*q == ':')
                  {
                    colon = q;
                    break;
                  }
              if (colon != NULL && parse_u64 (colon + 1, inner_end, &line) && line <= G_MAXUINT32)
                {
                  frame.file = tide_trace_builder_intern_string (r->builder, inner, colon - inner);
                  frame.line = line;
                  fn_end = open - 1;
                }
            }
        }
    }

  frame.function = tide_trace_builder_intern_string (r->builder, fn, fn_end - fn);
  return tide_trace_builder_intern_frame (r->builder, &frame);
}

/* The innermost open node is complete: its own bytes go to its path,
 * reversed. FALSE when it has fewer children than it announced. */
static gboolean
close_node (Reader  *r,
            GError **error)
{
  Open *o = &g_array_index (r->open, Open, r->open->len - 1);
  guint64 self = o->bytes > o->children ? o->bytes - o->children : 0;
  guint64 bytes = o->bytes;

  if (r->open->len > 1 && self > 0)
    {
      guint32 node = 0;

      /* open[1] is the allocating frame, the last one the outermost caller */
      for (guint i = r->open->len - 1; i >= 1; i--)
        node = tide_trace_builder_intern_node (r->builder, node, g_array_index (r->open, Open, i).frame);
      tide_trace_builder_add_snapshot_bytes (r->builder, r->snapshot, node, self);
    }
  if (o->seen != o->expected)
    return fail (r, error, "a heap tree node announced %" G_GUINT64_FORMAT " children but has %" G_GUINT64_FORMAT,
                 o->expected, o->seen);
  g_array_set_size (r->open, r->open->len - 1);
  if (r->open->len > 0)
    g_array_index (r->open, Open, r->open->len - 1).children += bytes;
  return TRUE;
}

static gboolean
close_tree (Reader  *r,
            GError **error)
{
  while (r->open->len > 0)
    if (!close_node (r, error))
      return FALSE;
  return TRUE;
}

static gboolean
parse_tree_line (Reader      *r,
                 const char  *line,
                 const char  *end,
                 GError     **error)
{
  const char *p = line;
  const char *colon, *space;
  guint64 children, bytes;
  gsize indent;
  Open o = { 0 };

  while (p < end && *p == ' ')
    p++;
  indent = p - line;
  colon = memchr (p, ':', end - p);
  if (colon == NULL || !parse_u64 (p + 1, colon, &children) || colon + 1 >= end || colon[1] != ' ')
    return fail (r, error, "malformed heap tree node");
  space = memchr (colon + 2, ' ', end - colon - 2);
  if (!parse_u64 (colon + 2, space != NULL ? space : end, &bytes))
    return fail (r, error, "malformed byte count in heap tree node");

  if (r->open->len == 0)
    {
      if (indent != 0)
        return fail (r, error, "heap tree does not start at its root");
    }
  else
    {
      /* the parent is the nearest open line with less indentation */
      while (r->open->len > 0 && g_array_index (r->open, Open, r->open->len - 1).indent >= indent)
        if (!close_node (r, error))
          return FALSE;
      if (r->open->len == 0)
        return fail (r, error, "a second root in one heap tree");
      g_array_index (r->open, Open, r->open->len - 1).seen++;
      o.frame = intern_label (r, space != NULL ? space + 1 : end, end);
    }

  o.indent = indent;
  o.bytes = bytes;
  o.expected = children;
  g_array_append_val (r->open, o);
  return TRUE;
}

static gboolean
finish_snapshot (Reader  *r,
                 GError **error)
{
  r->in_snapshot = FALSE;
  return close_tree (r, error);
}

static gboolean
start_tree (Reader  *r,
            GError **error)
{
  guint sample;

  if ((r->have & (HAVE_TIME | HAVE_HEAP)) != (HAVE_TIME | HAVE_HEAP))
    return fail (r, error, "snapshot without time= and mem_heap_B= before its heap_tree=");
  sample = tide_trace_builder_add_sample (r->builder, r->time, r->heap, r->extra, r->stacks);
  if (r->tree_kind == 2)
    tide_trace_builder_set_peak_sample (r->builder, sample);
  if (r->tree_kind != 0)
    r->snapshot = tide_trace_builder_add_snapshot (r->builder, sample);
  r->n_snapshots++;
  return TRUE;
}

static gboolean
parse_key (Reader      *r,
           const char  *line,
           const char  *eq,
           const char  *end,
           GError     **error)
{
  gsize klen = eq - line;
  const char *v = eq + 1;

#define KEY(name) (klen == strlen (name) && memcmp (line, name, klen) == 0)

  if (KEY ("snapshot"))
    {
      guint64 n;

      if (!finish_snapshot (r, error))
        return FALSE;
      if (!parse_u64 (v, end, &n))
        return fail (r, error, "malformed snapshot number");
      r->in_snapshot = TRUE;
      r->have = 0;
      r->extra = r->stacks = 0;
      return TRUE;
    }
  if (!r->in_snapshot)
    return fail (r, error, "“%.*s” outside a snapshot", (int) klen, line);

  if (KEY ("time"))
    {
      if (!parse_time (r, v, end, &r->time))
        return fail (r, error, "malformed time");
      r->have |= HAVE_TIME;
    }
  else if (KEY ("mem_heap_B"))
    {
      if (!parse_u64 (v, end, &r->heap))
        return fail (r, error, "malformed mem_heap_B");
      r->have |= HAVE_HEAP;
    }
  else if (KEY ("mem_heap_extra_B"))
    {
      if (!parse_u64 (v, end, &r->extra))
        return fail (r, error, "malformed mem_heap_extra_B");
    }
  else if (KEY ("mem_stacks_B"))
    {
      if (!parse_u64 (v, end, &r->stacks))
        return fail (r, error, "malformed mem_stacks_B");
    }
  else if (KEY ("heap_tree"))
    {
      if (end - v == 5 && memcmp (v, "empty", 5) == 0)
        r->tree_kind = 0;
      else if (end - v == 8 && memcmp (v, "detailed", 8) == 0)
        r->tree_kind = 1;
      else if (end - v == 4 && memcmp (v, "peak", 4) == 0)
        r->tree_kind = 2;
      else
        return fail (r, error, "unknown heap_tree kind “%.*s”", (int) (end - v), v);
      if (r->have & HAVE_TREE)
        return fail (r, error, "a second heap_tree= in one snapshot");
      r->have |= HAVE_TREE;
      return start_tree (r, error);
    }
  /* other keys: newer valgrind may add some; skip them */
#undef KEY
  return TRUE;
}

static gboolean
parse_header (Reader      *r,
              const char  *line,
              const char  *end,
              GError     **error)
{
  if (g_str_has_prefix (line, "cmd:"))
    {
      const char *v = line + 4;

      while (v < end && *v == ' ')
        v++;
      tide_trace_builder_set_command (r->builder, v, end - v);
      return TRUE;
    }
  if (g_str_has_prefix (line, "time_unit:"))
    {
      const char *v = line + 10;
      gsize len;

      while (v < end && *v == ' ')
        v++;
      len = end - v;
      if (len == 1 && v[0] == 'i')
        tide_trace_builder_set_time_unit (r->builder, TIDE_TIME_UNIT_INSTRUCTIONS);
      else if (len == 1 && v[0] == 'B')
        tide_trace_builder_set_time_unit (r->builder, TIDE_TIME_UNIT_BYTES);
      else if (len == 2 && memcmp (v, "ms", 2) == 0)
        tide_trace_builder_set_time_unit (r->builder, TIDE_TIME_UNIT_MS);
      else if (len == 1 && v[0] == 's')
        {
          tide_trace_builder_set_time_unit (r->builder, TIDE_TIME_UNIT_MS);
          r->time_scale = 1000.0;
        }
      else
        return fail (r, error, "unknown time unit “%.*s”", (int) len, v);
      return TRUE;
    }
  /* desc: carries massif's options; nothing to keep */
  return TRUE;
}

static gboolean
parse_line (Reader      *r,
            const char  *line,
            gsize        len,
            GError     **error)
{
  const char *end = line + len;
  const char *p = line;
  const char *eq;

  if (len == 0 || line[0] == '#')
    return TRUE;

  while (p < end && *p == ' ')
    p++;
  if (p < end && *p == 'n' && r->in_snapshot && (r->have & HAVE_TREE) && r->tree_kind != 0)
    return parse_tree_line (r, line, end, error);

  if (g_str_has_prefix (line, "desc:") || g_str_has_prefix (line, "cmd:") || g_str_has_prefix (line, "time_unit:"))
    return parse_header (r, line, end, error);

  eq = memchr (line, '=', len);
  if (eq == NULL || eq == line)
    return fail (r, error, "not a massif line");
  return parse_key (r, line, eq, end, error);
}

gboolean
tide_massif_sniff (const guint8 *data,
                   gsize         len)
{
  static const char *starts[] = { "desc:", "#-----------\nsnapshot=" };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    if (len >= strlen (starts[i]) && memcmp (data, starts[i], strlen (starts[i])) == 0)
      return TRUE;
  return FALSE;
}

TideTrace *
tide_massif_read (TideByteSource  *source,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autoptr(TideTraceBuilder) builder = tide_trace_builder_new (TIDE_TRACE_FORMAT_MASSIF);
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (Open));
  g_autoptr(GError) local_error = NULL;
  TideLineReader lines;
  Reader r = {
    .source = source,
    .builder = builder,
    .time_scale = 1.0,
    .open = open,
  };
  const char *run;
  gsize run_len;
  guint64 run_offset;
  gboolean ok = TRUE;
  gboolean last_had_newline = TRUE;

  tide_trace_builder_set_time_unit (builder, TIDE_TIME_UNIT_INSTRUCTIONS);
  tide_line_reader_init (&lines, source);
  while (ok && tide_line_reader_next_run (&lines, &run, &run_len, &run_offset, cancellable, &local_error))
    {
      const char *p = run, *end = run + run_len;

      while (ok && p < end)
        {
          const char *nl = memchr (p, '\n', end - p);

          r.line_number++;
          r.line_offset = run_offset + (p - run);
          last_had_newline = nl != NULL;
          ok = parse_line (&r, p, (nl != NULL ? nl : end) - p, &local_error);
          p = nl != NULL ? nl + 1 : end;
        }
    }
  tide_line_reader_clear (&lines);

  if (local_error != NULL)
    {
      /* a line cut by the end of the file: a truncated recording */
      if (g_error_matches (local_error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT) && !last_had_newline)
        {
          g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED,
                       "%s: the file ends inside line %" G_GUINT64_FORMAT " (byte %" G_GUINT64_FORMAT
                       "); it is truncated", tide_byte_source_get_name (source), r.line_number, r.line_offset);
          return NULL;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (r.line_number == 0)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_EMPTY,
                   "%s: the file is empty", tide_byte_source_get_name (source));
      return NULL;
    }
  if (r.n_snapshots == 0)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED,
                   "%s: line %" G_GUINT64_FORMAT ": the file ends before its first complete snapshot",
                   tide_byte_source_get_name (source), r.line_number);
      return NULL;
    }

  /* a tree whose nodes have fewer children than they announced was cut
   * off: massif always writes every child it announces */
  if (!close_tree (&r, NULL))
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED,
                   "%s: the file ends inside the heap tree at line %" G_GUINT64_FORMAT " (byte %" G_GUINT64_FORMAT
                   "); it is truncated", tide_byte_source_get_name (source), r.line_number, r.line_offset);
      return NULL;
    }

  return tide_trace_builder_finish (g_steal_pointer (&builder));
}
