/* tide-record-reader.c: reads tidemark-record's recordings of Python programs
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording is a stream of pickles of plain values (docs/record-format.md):
 * a header dict, then one dict per sample with the tracebacks first seen in
 * it and its blocks counted per (domain, size, traceback, depth). The safe
 * pickle VM runs each; the tracemalloc snapshot reader turns tracebacks into
 * stack nodes and counts into the builder's events, as for a series of
 * dumps, so views treat a recording like one.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tide-pickle.h"
#include "tide-record-reader.h"
#include "tide-tracemalloc-private.h"
#include "../tide-trace-error.h"

#define MAGIC "tidemark-record"
#define FORMAT_VERSION 1
/* Beyond these no heap goes: refusing them keeps sums within 64 bits. */
#define MAX_BLOCK_SIZE  (G_GUINT64_CONSTANT (1) << 48)
#define MAX_BLOCK_COUNT (G_GUINT64_CONSTANT (1) << 40)

gboolean
tide_record_sniff (const guint8 *data,
                   gsize         len)
{
  /* PROTO 2-5, then within the first bytes the header's format name */
  if (len < 2 || data[0] != 0x80 || data[1] < 2 || data[1] > 5)
    return FALSE;
  return memmem (data, MIN (len, 64), MAGIC, sizeof MAGIC - 1) != NULL;
}

G_GNUC_PRINTF (4, 5)
static gboolean
record_error (GError    **error,
              const char *name,
              gsize       offset,
              const char *format,
              ...)
{
  g_autofree char *where = g_strdup_printf ("%s: byte %" G_GSIZE_FORMAT, name, offset);
  va_list args;

  va_start (args, format);
  tide_trace_error_set_corrupt (error, where, format, args);
  va_end (args);
  return FALSE;
}

/* A dict's int item that fits 64 bits unsigned. */
static gboolean
lookup_uint (TidePickle *p,
             TidePickleRef dict,
             const char *key,
             guint64    *out)
{
  TidePickleRef ref = tide_pickle_dict_lookup (p, dict, key);

  return ref != G_MAXUINT32 && tide_pickle_get_uint (p, ref, out);
}

static TidePickleRef
lookup_list (TidePickle   *p,
             TidePickleRef dict,
             const char   *key)
{
  TidePickleRef ref = tide_pickle_dict_lookup (p, dict, key);

  return ref != G_MAXUINT32 && tide_pickle_get_kind (p, ref) == TIDE_PICKLE_LIST ? ref : G_MAXUINT32;
}

static gboolean
read_header (TideTraceBuilder *builder,
             const guint8     *data,
             gsize             len,
             gsize            *offset,
             const char       *name,
             GError          **error)
{
  g_autoptr(TidePickle) p = tide_pickle_load_stream (data, len, offset, name, NULL, NULL, error);
  TidePickleRef root, ref;
  const char *str;
  gsize str_len;
  guint64 version;

  if (p == NULL)
    return FALSE;
  root = tide_pickle_get_root (p);
  if (tide_pickle_get_kind (p, root) != TIDE_PICKLE_DICT
      || (ref = tide_pickle_dict_lookup (p, root, "format")) == G_MAXUINT32
      || (str = tide_pickle_get_str (p, ref, &str_len)) == NULL || str_len != strlen (MAGIC)
      || memcmp (str, MAGIC, str_len) != 0)
    return record_error (error, name, 0, "no tidemark-record header");
  if (!lookup_uint (p, root, "version", &version))
    return record_error (error, name, 0, "the header has no version");
  if (version != FORMAT_VERSION)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNSUPPORTED_VERSION,
                   "%s: byte 0: a tidemark-record file of version %" G_GUINT64_FORMAT ", this Tidemark reads %d",
                   name, version, FORMAT_VERSION);
      return FALSE;
    }
  tide_trace_builder_set_format_version (builder, version);
  ref = tide_pickle_dict_lookup (p, root, "command");
  if (ref != G_MAXUINT32 && (str = tide_pickle_get_str (p, ref, &str_len)) != NULL)
    tide_trace_builder_set_command (builder, str, str_len);
  return TRUE;
}

/* One sample's pickle at *@offset: its new tracebacks onto @nodes, its
 * blocks into @reader; its time and tracemalloc's figures out. */
static gboolean
read_sample (TideSnapshotReader *reader,
             GArray             *nodes,
             const guint8       *data,
             gsize               len,
             gsize              *offset,
             const char         *name,
             guint               index,
             guint64            *t_us,
             guint64            *current,
             guint64            *peak,
             GError            **error)
{
  gsize at = *offset;
  g_autoptr(TidePickle) p = tide_pickle_load_stream (data, len, offset, name, NULL, NULL, error);
  g_autofree char *where = NULL;
  TidePickleRef root, tracebacks, traces;
  const TidePickleRef *items;
  guint n;
  gboolean ok = TRUE;

  if (p == NULL)
    return FALSE;
  root = tide_pickle_get_root (p);
  if (tide_pickle_get_kind (p, root) != TIDE_PICKLE_DICT || !lookup_uint (p, root, "t_us", t_us)
      || !lookup_uint (p, root, "current", current) || !lookup_uint (p, root, "peak", peak)
      || (tracebacks = lookup_list (p, root, "tracebacks")) == G_MAXUINT32
      || (traces = lookup_list (p, root, "traces")) == G_MAXUINT32)
    return record_error (error, name, at, "sample %u is not a dict of t_us, current, peak, tracebacks and traces",
                         index);

  /* the snapshot reader's messages name the sample */
  where = g_strdup_printf ("%s: byte %" G_GSIZE_FORMAT ": sample %u", name, at, index);
  tide_snapshot_reader_begin (reader, p, where);
  items = tide_pickle_get_items (p, tracebacks, &n);
  for (guint i = 0; i < n && ok; i++)
    {
      guint32 node;

      ok = tide_snapshot_reader_intern_traceback (reader, items[i], &node, error);
      if (ok)
        g_array_append_val (nodes, node);
    }
  items = tide_pickle_get_items (p, traces, &n);
  for (guint i = 0; i < n && ok; i++)
    {
      guint64 v[5];
      guint m = 0;
      const TidePickleRef *fields = NULL;

      if (tide_pickle_get_kind (p, items[i]) != TIDE_PICKLE_TUPLE
          || (fields = tide_pickle_get_items (p, items[i], &m), m != 5))
        ok = record_error (error, name, at, "sample %u: trace %u is not (domain, size, traceback, depth, count)",
                           index, i);
      for (guint k = 0; k < 5 && ok; k++)
        if (!tide_pickle_get_uint (p, fields[k], &v[k]))
          ok = record_error (error, name, at, "sample %u: trace %u holds something else than numbers", index, i);
      if (ok && v[2] >= nodes->len)
        ok = record_error (error, name, at, "sample %u: trace %u names traceback %" G_GUINT64_FORMAT
                           " of %u written so far", index, i, v[2], nodes->len);
      if (ok && (v[1] > MAX_BLOCK_SIZE || v[4] > MAX_BLOCK_COUNT))
        ok = record_error (error, name, at, "sample %u: trace %u: %" G_GUINT64_FORMAT " blocks of %" G_GUINT64_FORMAT
                           " bytes is more than any heap", index, i, v[4], v[1]);
      if (ok)
        ok = tide_snapshot_reader_add_blocks (reader, v[1], g_array_index (nodes, guint32, v[2]), v[4], error);
    }
  tide_snapshot_reader_end (reader);
  return ok;
}

TideTrace *
tide_record_read (TideByteSource  *source,
                  GCancellable    *cancellable,
                  GError         **error)
{
  const char *name = tide_byte_source_get_name (source);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TideTraceBuilder) builder = NULL;
  g_autoptr(TideSnapshotReader) reader = NULL;
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint32));
  const guint8 *data;
  gsize len, offset = 0;
  guint series, n_samples = 0;
  guint64 last_ms = 0;

  bytes = tide_read_all_bytes (source, cancellable, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);

  builder = tide_trace_builder_new (TIDE_TRACE_FORMAT_TRACEMALLOC);
  tide_trace_builder_set_time_unit (builder, TIDE_TIME_UNIT_MS);
  if (!read_header (builder, data, len, &offset, name, error))
    return NULL;
  /* TRANSLATORS: on the timeline of a tidemark-record recording: the memory tracemalloc counted, with its peak */
  series = tide_trace_builder_add_series (builder, _("Traced by tracemalloc"));
  reader = tide_snapshot_reader_new (builder);
  while (offset < len)
    {
      guint64 t_us, current, peak;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!read_sample (reader, nodes, data, len, &offset, name, n_samples, &t_us, &current, &peak, error))
        return NULL;
      /* time never goes back on the timeline */
      last_ms = MAX (last_ms, t_us / 1000);
      tide_snapshot_reader_commit_at (reader, last_ms);
      tide_trace_builder_add_series_point (builder, series, last_ms, current, MAX (current, peak));
      n_samples++;
    }
  if (n_samples == 0)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_EMPTY,
                   "%s: byte %" G_GSIZE_FORMAT ": a header and no sample: the program ended before the first",
                   name, offset);
      return NULL;
    }
  g_clear_pointer (&reader, tide_snapshot_reader_free);
  return tide_trace_builder_finish (g_steal_pointer (&builder));
}
