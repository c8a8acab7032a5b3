/* tide-tracemalloc-reader.c: reads Python tracemalloc snapshot dumps
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dump is tracemalloc.Snapshot pickled: one (domain, size, traceback
 * [, total_nframe]) tuple per live block, frames innermost first. The safe
 * pickle VM builds plain values; this file checks their shape and feeds
 * the blocks to the builder as allocations, so every view (summary, flame
 * graph, size classes) reads a dump like any other trace. A frame is a
 * source location: its "function" is "file:line", as Python users name it.
 * See shared/formats/tracemalloc.md.
 */
#include "config.h"

#include <string.h>

#include "tide-pickle.h"
#include "tide-tracemalloc-reader.h"
#include "../tide-id-map.h"
#include "../tide-trace-builder.h"
#include "../tide-trace-error.h"

/* A dump is read whole; over this it is refused rather than buffered. */
#define MAX_DUMP_SIZE ((gsize) 4 << 30)

typedef struct
{
  TidePickle       *p;
  TideTraceBuilder *builder;
  const char       *name;
  guint32          *stack_of;  /* per pickle value: stack node + 1 of a traceback */
  guint32          *frame_of;  /* per pickle value: frame id + 1 of a frame tuple */
  TideIdMap         info_map;  /* (size, node) -> info + 1 */
  GArray           *info_keys; /* InfoKey per info */
} Reader;

/* Blocks of one size from one traceback share an allocation info. */
typedef struct
{
  guint64 size;
  guint32 node;
} InfoKey;

static guint32
info_key_hash (const InfoKey *k)
{
  return tide_hash_mix (k->size * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ k->node);
}

static gboolean
info_key_equal (guint32       id,
                gconstpointer key,
                gpointer      user_data)
{
  Reader *r = user_data;
  const InfoKey *x = &g_array_index (r->info_keys, InfoKey, id - 1);
  const InfoKey *y = key;

  return x->size == y->size && x->node == y->node;
}

G_GNUC_PRINTF (3, 4)
static gboolean
shape_error (Reader      *r,
             GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT,
               "%s: not a tracemalloc snapshot: %s", r->name, what);
  return FALSE;
}

static gboolean
is_class (Reader        *r,
          TidePickleRef  object,
          const char    *class_name)
{
  gsize len;
  const char *name;

  if (tide_pickle_get_kind (r->p, object) != TIDE_PICKLE_OBJECT)
    return FALSE;
  name = tide_pickle_get_str (r->p, tide_pickle_get_item (r->p, object, 0), &len);
  return name != NULL && len == strlen (class_name) && memcmp (name, class_name, len) == 0;
}

static guint32
intern_frame (Reader         *r,
              TidePickleRef   ref,
              GError        **error)
{
  guint32 cached = tide_pickle_is_value (r->p, ref) ? r->frame_of[ref] : 0;
  TideFrame frame = { 0 };
  const char *file;
  gsize len;
  guint64 line;
  g_autofree char *label = NULL;
  guint32 id;

  if (cached != 0)
    return cached - 1;

  if (tide_pickle_get_kind (r->p, ref) != TIDE_PICKLE_TUPLE || tide_pickle_get_n_items (r->p, ref) != 2
      || (file = tide_pickle_get_str (r->p, tide_pickle_get_item (r->p, ref, 0), &len)) == NULL
      || !tide_pickle_get_uint (r->p, tide_pickle_get_item (r->p, ref, 1), &line) || line > G_MAXUINT32)
    {
      shape_error (r, error, "a frame that is not (filename, lineno)");
      return 0;
    }

  frame.file = tide_trace_builder_intern_string (r->builder, file, len);
  frame.line = line;
  /* Python code is known by file and line; that is its "function" here */
  label = g_strdup_printf ("%.*s:%u", (int) len, file, (guint) line);
  frame.function = tide_trace_builder_intern_string (r->builder, label, -1);
  id = tide_trace_builder_intern_frame (r->builder, &frame);
  r->frame_of[ref] = id + 1;
  return id;
}

/* The stack node of a traceback tuple; identical tracebacks are one
 * tuple in the pickle, so each is walked once. */
static gboolean
stack_of (Reader         *r,
          TidePickleRef   traceback,
          guint32        *out,
          GError        **error)
{
  guint32 node = 0;
  guint n;

  if (tide_pickle_get_kind (r->p, traceback) != TIDE_PICKLE_TUPLE)
    return shape_error (r, error, "a traceback that is not a tuple");
  if (r->stack_of[traceback] != 0)
    {
      *out = r->stack_of[traceback] - 1;
      return TRUE;
    }

  /* stored innermost first: the outermost frame is the last one */
  n = tide_pickle_get_n_items (r->p, traceback);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(GError) local = NULL;
      guint32 frame = intern_frame (r, tide_pickle_get_item (r->p, traceback, i - 1), &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      node = tide_trace_builder_intern_node (r->builder, node, frame);
    }

  r->stack_of[traceback] = node + 1;
  *out = node;
  return TRUE;
}

static gboolean
add_trace (Reader         *r,
           TidePickleRef   trace,
           GError        **error)
{
  guint n = 0;
  const TidePickleRef *items = tide_pickle_get_kind (r->p, trace) == TIDE_PICKLE_TUPLE
                               ? tide_pickle_get_items (r->p, trace, &n) : NULL;
  guint64 size, domain = 0;
  guint32 node = 0, info, found, hash;
  InfoKey key;
  TidePickleRef size_ref, traceback_ref;

  if (items == NULL || n < 2 || n > 4)
    return shape_error (r, error, "a trace that is not a (domain, size, traceback[, total_nframe]) tuple");

  /* 3.4-3.5: (size, traceback); 3.6-3.8 add the domain; 3.9+ the depth */
  size_ref = items[n == 2 ? 0 : 1];
  traceback_ref = items[n == 2 ? 1 : 2];
  if (n >= 3 && !tide_pickle_get_uint (r->p, items[0], &domain))
    return shape_error (r, error, "a trace whose domain is not a number");
  if (!tide_pickle_get_uint (r->p, size_ref, &size))
    return shape_error (r, error, "a trace whose size is not a number");
  if (!stack_of (r, traceback_ref, &node, error))
    return FALSE;

  key.size = size;
  key.node = node;
  hash = info_key_hash (&key);
  found = tide_id_map_lookup (&r->info_map, hash, &key, info_key_equal, r);
  if (found == 0)
    {
      if (!tide_trace_builder_add_info (r->builder, size, node, &info, error))
        return FALSE;
      g_array_append_val (r->info_keys, key);
      g_assert (r->info_keys->len == info + 1);
      tide_id_map_insert (&r->info_map, hash, info + 1);
    }
  else
    info = found - 1;

  tide_trace_builder_allocate (r->builder, info);
  (void) domain;
  return TRUE;
}

gboolean
tide_tracemalloc_sniff (const guint8 *data,
                        gsize         len)
{
  static const char needle[] = "tracemalloc";

  /* PROTO 2-5, then within the first bytes the module name */
  if (len < 2 || data[0] != 0x80 || data[1] < 2 || data[1] > 5)
    return FALSE;
  return memmem (data, MIN (len, 64), needle, sizeof needle - 1) != NULL;
}

static TideTrace *build (Reader        *rp,
                         GCancellable  *cancellable,
                         GError       **error);

TideTrace *
tide_tracemalloc_read (TideByteSource  *source,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(TidePickle) p = NULL;
  g_autoptr(TideTraceBuilder) builder = NULL;
  g_autofree guint32 *stacks = NULL;
  g_autofree guint32 *frames = NULL;
  g_autoptr(GArray) info_keys = g_array_new (FALSE, FALSE, sizeof (InfoKey));
  TideTrace *trace;
  const char *name = tide_byte_source_get_name (source);
  guint8 buffer[64 * 1024];
  Reader r;

  for (;;)
    {
      gssize n = tide_byte_source_read (source, buffer, sizeof buffer, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (bytes->len + (gsize) n > MAX_DUMP_SIZE)
        {
          g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TOO_LARGE,
                       "%s: byte %u: a tracemalloc dump over 4 GiB", name, bytes->len);
          return NULL;
        }
      g_byte_array_append (bytes, buffer, n);
    }

  p = tide_pickle_load (bytes->data, bytes->len, name, error);
  if (p == NULL)
    return NULL;

  builder = tide_trace_builder_new (TIDE_TRACE_FORMAT_TRACEMALLOC);
  stacks = g_new0 (guint32, MAX (tide_pickle_get_n_values (p), 1));
  frames = g_new0 (guint32, MAX (tide_pickle_get_n_values (p), 1));
  r = (Reader) { p, builder, name, stacks, frames, { 0 }, info_keys };
  tide_id_map_init (&r.info_map);

  trace = build (&r, cancellable, error);
  tide_id_map_clear (&r.info_map);
  if (trace != NULL)
    g_steal_pointer (&builder);
  return trace;
}

/* Checks the snapshot's shape and feeds its blocks to the builder. */
static TideTrace *
build (Reader        *rp,
       GCancellable  *cancellable,
       GError       **error)
{
  Reader r = *rp;
  TidePickle *p = r.p;
  TidePickleRef root, state, traces, traces_state, list, limit;

  root = tide_pickle_get_root (p);
  if (!is_class (&r, root, "tracemalloc.Snapshot"))
    return shape_error (&r, error, "the pickle holds no tracemalloc.Snapshot"), NULL;
  state = tide_pickle_get_item (p, root, 1);
  traces = tide_pickle_dict_lookup (p, state, "traces");
  limit = tide_pickle_dict_lookup (p, state, "traceback_limit");
  if (traces == G_MAXUINT32 || !is_class (&r, traces, "tracemalloc._Traces"))
    return shape_error (&r, error, "the snapshot has no traces"), NULL;
  traces_state = tide_pickle_get_item (p, traces, 1);
  list = tide_pickle_dict_lookup (p, traces_state, "_traces");
  if (list == G_MAXUINT32 || tide_pickle_get_kind (p, list) != TIDE_PICKLE_LIST)
    return shape_error (&r, error, "the traces are not a list"), NULL;

  if (limit == G_MAXUINT32 || tide_pickle_get_kind (p, limit) != TIDE_PICKLE_INT)
    return shape_error (&r, error, "the snapshot has no traceback_limit"), NULL;

  {
    guint n;
    const TidePickleRef *all = tide_pickle_get_items (p, list, &n);

    for (guint i = 0; i < n; i++)
      {
        if (i % 65536 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
          return NULL;
        if (!add_trace (rp, all[i], error))
          return NULL;
      }
  }

  return tide_trace_builder_finish (r.builder);
}
