/* tide-tracemalloc-reader.c: reads Python tracemalloc snapshot dumps, alone or as a series
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dump is tracemalloc.Snapshot pickled: one (domain, size, traceback
 * [, total_nframe]) tuple per live block, frames innermost first. The safe
 * pickle VM hands this file each trace tuple as it is made (the list of
 * traces is never stored); it checks their shape and counts blocks per
 * allocation info, which become the builder's events, so every view
 * (summary, flame graph, size classes) reads a dump like any other trace.
 * A frame is a source location: its "function" is "file:line", as Python
 * users name it. See shared/formats/tracemalloc.md.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "tide-pickle.h"
#include "tide-tracemalloc-private.h"
#include "tide-tracemalloc-reader.h"
#include "../tide-huge-pages.h"
#include "../tide-id-map.h"
#include "../tide-trace-error.h"

/* A dump is read whole; over this it is refused rather than buffered. */
#define MAX_DUMP_SIZE ((gsize) 4 << 30)
/* Traces between two looks at the cancellable. */
#define CANCEL_EVERY  65536

/* Blocks of one size from one traceback share an allocation info: a slot
 * of an open-addressing table from (size, stack node) to info + 1, held
 * inline so that finding a block's info is one probe in one array. */
typedef struct
{
  guint64 size;
  guint32 node;
  guint32 info;  /* + 1; 0: an empty slot */
} InfoSlot;

struct _TideSnapshotReader
{
  TideTraceBuilder *builder;

  /* per pickle */
  TidePickle       *p;
  const char       *name;
  GCancellable     *cancellable;
  guint32          *stack_of;    /* per pickle value: stack node + 1 of a traceback */
  guint32          *frame_of;    /* per pickle value: frame id + 1 of a frame tuple */
  gsize             cache_len;   /* of both */
  gboolean          streamed;    /* the list of traces went to the hook */

  /* across pickles */
  InfoSlot         *info_slots;  /* (size, node) -> info + 1 */
  gsize             info_mask;   /* slots - 1, a power of two minus one */
  guint32           n_infos;
  guint64          *count;       /* per info: blocks in the snapshot being read */
  gsize             count_len;
  GArray           *counted;     /* guint32: infos with a count, in order of first block */
  GArray           *live;        /* guint32: infos live after the last commit */
  guint64           blocks;
  guint64           bytes;
  guint64           n_traces;    /* of the pickle being read */
};

static inline gsize
info_slot (guint64 size,
           guint32 node,
           gsize   mask)
{
  /* fully mixed: a bare multiply would put every size that is a multiple
   * of a large power of two in one slot, which a hostile dump could use
   * to make every lookup walk the whole table */
  return tide_hash_mix (size * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ node) & mask;
}

G_GNUC_PRINTF (3, 4) G_GNUC_NO_INLINE
static gboolean
shape_error (TideSnapshotReader  *r,
             GError             **error,
             const char          *format,
             ...)
{
  g_autofree char *where = g_strdup_printf ("%s: not a tracemalloc snapshot", r->name);
  va_list args;

  va_start (args, format);
  tide_trace_error_set_corrupt (error, where, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
is_class (TideSnapshotReader *r,
          TidePickleRef       object,
          const char         *class_name)
{
  gsize len;
  const char *name;

  if (tide_pickle_get_kind (r->p, object) != TIDE_PICKLE_OBJECT)
    return FALSE;
  name = tide_pickle_get_str (r->p, tide_pickle_get_item (r->p, object, 0), &len);
  return name != NULL && len == strlen (class_name) && memcmp (name, class_name, len) == 0;
}

/* The cache slots of value @ref, grown to cover it (the arena grows while
 * the traces stream in). */
static void
ensure_cache (TideSnapshotReader *r,
              TidePickleRef       ref)
{
  gsize len;

  if (G_LIKELY (ref < r->cache_len))
    return;
  len = MAX (MAX (r->cache_len * 2, (gsize) ref + 1), 4096);
  r->stack_of = g_renew (guint32, r->stack_of, len);
  r->frame_of = g_renew (guint32, r->frame_of, len);
  memset (r->stack_of + r->cache_len, 0, (len - r->cache_len) * sizeof (guint32));
  memset (r->frame_of + r->cache_len, 0, (len - r->cache_len) * sizeof (guint32));
  r->cache_len = len;
}

static gboolean
intern_frame (TideSnapshotReader  *r,
              TidePickleRef        ref,
              guint32             *out,
              GError             **error)
{
  TideFrame frame = { 0 };
  const char *file;
  gsize len;
  guint64 line;
  g_autofree char *label = NULL;
  guint32 id;

  if (tide_pickle_get_kind (r->p, ref) != TIDE_PICKLE_TUPLE || tide_pickle_get_n_items (r->p, ref) != 2
      || (file = tide_pickle_get_str (r->p, tide_pickle_get_item (r->p, ref, 0), &len)) == NULL
      || !tide_pickle_get_uint (r->p, tide_pickle_get_item (r->p, ref, 1), &line) || line > G_MAXUINT32)
    return shape_error (r, error, "a frame that is not (filename, lineno)");

  ensure_cache (r, ref);
  if (r->frame_of[ref] != 0)
    {
      *out = r->frame_of[ref] - 1;
      return TRUE;
    }

  frame.file = tide_trace_builder_intern_string (r->builder, file, len);
  frame.line = line;
  /* Python code is known by file and line; that is its "function" here */
  label = g_strdup_printf ("%.*s:%u", (int) len, file, (guint) line);
  frame.function = tide_trace_builder_intern_string (r->builder, label, -1);
  id = tide_trace_builder_intern_frame (r->builder, &frame);
  r->frame_of[ref] = id + 1;
  *out = id;
  return TRUE;
}

/* The stack node of a traceback tuple; identical tracebacks are one
 * tuple in the pickle, so each is walked once. */
static G_GNUC_NO_INLINE gboolean
stack_of (TideSnapshotReader  *r,
          TidePickleRef        traceback,
          guint32             *out,
          GError             **error)
{
  guint32 node = 0;
  guint n;
  const TidePickleRef *frames;

  /* only a tuple's slot is ever set */
  if (G_LIKELY (traceback < r->cache_len && r->stack_of[traceback] != 0))
    {
      *out = r->stack_of[traceback] - 1;
      return TRUE;
    }
  if (tide_pickle_get_kind (r->p, traceback) != TIDE_PICKLE_TUPLE)
    return shape_error (r, error, "a traceback that is not a tuple");
  ensure_cache (r, traceback);

  /* stored innermost first: the outermost frame is the last one */
  frames = tide_pickle_get_items (r->p, traceback, &n);
  for (guint i = n; i > 0; i--)
    {
      guint32 frame = 0;

      if (!intern_frame (r, frames[i - 1], &frame, error))
        return FALSE;
      node = tide_trace_builder_intern_node (r->builder, node, frame);
    }

  r->stack_of[traceback] = node + 1;
  *out = node;
  return TRUE;
}

static G_GNUC_NO_INLINE void
grow_count (TideSnapshotReader *r,
            guint32             info)
{
  gsize len = MAX (MAX (r->count_len * 2, (gsize) info + 1), 1024);

  r->count = g_renew (guint64, r->count, len);
  memset (r->count + r->count_len, 0, (len - r->count_len) * sizeof (guint64));
  r->count_len = len;
}

static inline void
count_blocks (TideSnapshotReader *r,
              guint32             info,
              guint64             n)
{
  if (G_UNLIKELY (info >= r->count_len))
    grow_count (r, info);
  if (r->count[info] == 0)
    g_array_append_val (r->counted, info);
  r->count[info] += n;
}

/* Doubles the info table, keeping its load under a half. */
static void
grow_infos (TideSnapshotReader *r)
{
  gsize old_len = r->info_mask + 1, mask = old_len * 2 - 1;
  InfoSlot *slots = g_new0 (InfoSlot, mask + 1);

  for (gsize i = 0; i < old_len; i++)
    {
      const InfoSlot *s = &r->info_slots[i];
      gsize j;

      if (s->info == 0)
        continue;
      for (j = info_slot (s->size, s->node, mask); slots[j].info != 0; j = (j + 1) & mask)
        ;
      slots[j] = *s;
    }
  g_free (r->info_slots);
  r->info_slots = slots;
  r->info_mask = mask;
}

/* A new allocation info in empty slot @s. Out of line, as is everything
 * a trace rarely needs: the hot path then keeps to few registers. */
static G_GNUC_NO_INLINE gboolean
new_info (TideSnapshotReader  *r,
          guint64              size,
          guint32              node,
          InfoSlot            *s,
          guint32             *out,
          GError             **error)
{
  guint32 info;

  if (!tide_trace_builder_add_info (r->builder, size, node, &info, error))
    return FALSE;
  /* every info of the builder is one of this table's */
  g_assert (info == r->n_infos);
  *s = (InfoSlot) { size, node, info + 1 };
  if (++r->n_infos * 2 > r->info_mask + 1)
    grow_infos (r);
  *out = info;
  return TRUE;
}

/* The allocation info of blocks of @size from @node, made on first use. */
static inline gboolean
find_info (TideSnapshotReader  *r,
           guint64              size,
           guint32              node,
           guint32             *out,
           GError             **error)
{
  gsize i = info_slot (size, node, r->info_mask);
  InfoSlot *s;

  for (s = &r->info_slots[i]; s->info != 0; i = (i + 1) & r->info_mask, s = &r->info_slots[i])
    if (s->size == size && s->node == node)
      {
        *out = s->info - 1;
        return TRUE;
      }
  return new_info (r, size, node, s, out, error);
}

static inline gboolean
add_trace (TideSnapshotReader   *r,
           const TidePickleRef  *items,
           guint                 n,
           GError              **error)
{
  guint64 size, domain = 0;
  guint32 node = 0, info;
  TidePickleRef size_ref, traceback_ref;

  if (items == NULL || n < 2 || n > 4)
    return shape_error (r, error, "a trace that is not a (domain, size, traceback[, total_nframe]) tuple");

  /* 3.4-3.5: (size, traceback); 3.6-3.8 add the domain; 3.9+ the depth */
  size_ref = items[n == 2 ? 0 : 1];
  traceback_ref = items[n == 2 ? 1 : 2];
  if (n >= 3 && !tide_pickle_ref_is_small_int (items[0]) && !tide_pickle_get_uint (r->p, items[0], &domain))
    return shape_error (r, error, "a trace whose domain is not a number");
  if (tide_pickle_ref_is_small_int (size_ref))
    size = size_ref & ~TIDE_PICKLE_REF_SMALL_INT;
  else if (!tide_pickle_get_uint (r->p, size_ref, &size))
    return shape_error (r, error, "a trace whose size is not a number");
  /* a traceback seen before, without a call */
  if (G_LIKELY (traceback_ref < r->cache_len && r->stack_of[traceback_ref] != 0))
    node = r->stack_of[traceback_ref] - 1;
  else if (!stack_of (r, traceback_ref, &node, error))
    return FALSE;
  if (!find_info (r, size, node, &info, error))
    return FALSE;
  count_blocks (r, info, 1);
  r->blocks++;
  r->bytes += size;
  (void) domain;
  return TRUE;
}

static gboolean
stream_list_cb (const char *key,
                gsize       key_len,
                gpointer    user_data)
{
  TideSnapshotReader *r = user_data;

  /* _Traces' state: {'_traces': [trace, ...]} */
  if (key_len != 7 || memcmp (key, "_traces", 7) != 0 || r->streamed)
    return FALSE;
  r->streamed = TRUE;
  return TRUE;
}

static gboolean
item_cb (TidePickle           *p,
         TidePickleRef         ref,
         const TidePickleRef  *fields,
         guint                 n_fields,
         gpointer              user_data,
         GError              **error)
{
  TideSnapshotReader *r = user_data;

  r->p = p;
  if (G_UNLIKELY (r->n_traces++ % CANCEL_EVERY == 0) && g_cancellable_set_error_if_cancelled (r->cancellable, error))
    return FALSE;
  if (fields == NULL)
    {
      if (tide_pickle_get_kind (p, ref) != TIDE_PICKLE_TUPLE)
        return shape_error (r, error, "a trace that is not a (domain, size, traceback[, total_nframe]) tuple");
      fields = tide_pickle_get_items (p, ref, &n_fields);
    }
  return add_trace (r, fields, n_fields, error);
}

static const TidePickleHooks hooks = { stream_list_cb, item_cb };

TideSnapshotReader *
tide_snapshot_reader_new (TideTraceBuilder *builder)
{
  TideSnapshotReader *r = g_new0 (TideSnapshotReader, 1);

  r->builder = builder;
  r->info_mask = 1023;
  r->info_slots = g_new0 (InfoSlot, r->info_mask + 1);
  r->counted = g_array_new (FALSE, FALSE, sizeof (guint32));
  r->live = g_array_new (FALSE, FALSE, sizeof (guint32));
  return r;
}

void
tide_snapshot_reader_free (TideSnapshotReader *r)
{
  if (r == NULL)
    return;
  g_free (r->info_slots);
  g_array_unref (r->counted);
  g_array_unref (r->live);
  g_free (r->count);
  g_free (r->stack_of);
  g_free (r->frame_of);
  g_free (r);
}

/* The snapshot's shape, once its traces went by. */
static gboolean
check_shape (TideSnapshotReader  *r,
             GError             **error)
{
  TidePickle *p = r->p;
  TidePickleRef root, state, traces, traces_state, list, limit;

  root = tide_pickle_get_root (p);
  if (!is_class (r, root, "tracemalloc.Snapshot"))
    return shape_error (r, error, "the pickle holds no tracemalloc.Snapshot");
  state = tide_pickle_get_item (p, root, 1);
  traces = tide_pickle_dict_lookup (p, state, "traces");
  limit = tide_pickle_dict_lookup (p, state, "traceback_limit");
  if (traces == G_MAXUINT32 || !is_class (r, traces, "tracemalloc._Traces"))
    return shape_error (r, error, "the snapshot has no traces");
  traces_state = tide_pickle_get_item (p, traces, 1);
  list = tide_pickle_dict_lookup (p, traces_state, "_traces");
  if (list == G_MAXUINT32 || tide_pickle_get_kind (p, list) != TIDE_PICKLE_LIST)
    return shape_error (r, error, "the traces are not a list");
  /* the list the hook had must be this one: a list not streamed still
   * holds its items, and any other list would have streamed nothing */
  if (!r->streamed || tide_pickle_get_n_items (p, list) != 0)
    return shape_error (r, error, "the traces are not where a snapshot keeps them");
  if (limit == G_MAXUINT32 || tide_pickle_get_kind (p, limit) != TIDE_PICKLE_INT)
    return shape_error (r, error, "the snapshot has no traceback_limit");
  return TRUE;
}

/* Forgets what a pickle before (or a failed read) left: counts, and the
 * caches by value, which only hold within one pickle. */
static void
reset (TideSnapshotReader *r,
       const char         *name)
{
  for (guint i = 0; i < r->counted->len; i++)
    r->count[g_array_index (r->counted, guint32, i)] = 0;
  g_array_set_size (r->counted, 0);
  r->blocks = r->bytes = r->n_traces = 0;
  r->streamed = FALSE;
  r->name = name;
  if (r->cache_len > 0)
    {
      memset (r->stack_of, 0, r->cache_len * sizeof (guint32));
      memset (r->frame_of, 0, r->cache_len * sizeof (guint32));
    }
}

void
tide_snapshot_reader_begin (TideSnapshotReader *r,
                            TidePickle         *p,
                            const char         *name)
{
  reset (r, name);
  r->p = p;
}

gboolean
tide_snapshot_reader_intern_traceback (TideSnapshotReader  *r,
                                       TidePickleRef        traceback,
                                       guint32             *node,
                                       GError             **error)
{
  g_return_val_if_fail (r->p != NULL, FALSE);
  return stack_of (r, traceback, node, error);
}

gboolean
tide_snapshot_reader_add_blocks (TideSnapshotReader  *r,
                                 guint64              size,
                                 guint32              node,
                                 guint64              count,
                                 GError             **error)
{
  guint32 info;

  if (count == 0)
    return TRUE;
  if (!find_info (r, size, node, &info, error))
    return FALSE;
  count_blocks (r, info, count);
  r->blocks += count;
  /* the caller bounds both so that this cannot wrap */
  r->bytes += size * count;
  return TRUE;
}

void
tide_snapshot_reader_end (TideSnapshotReader *r)
{
  r->p = NULL;
}

gboolean
tide_snapshot_reader_read (TideSnapshotReader  *r,
                           const guint8        *data,
                           gsize                len,
                           gsize               *offset,
                           const char          *name,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_autoptr(TidePickle) p = NULL;
  gboolean ok;

  /* what a failed read counted is dropped */
  reset (r, name);
  r->cancellable = cancellable;

  p = tide_pickle_load_stream (data, len, offset, name, &hooks, r, error);
  r->p = p;
  ok = p != NULL && check_shape (r, error);
  r->p = NULL;
  r->cancellable = NULL;
  return ok;
}

guint64
tide_snapshot_reader_get_blocks (TideSnapshotReader *r)
{
  return r->blocks;
}

guint64
tide_snapshot_reader_get_bytes (TideSnapshotReader *r)
{
  return r->bytes;
}

void
tide_snapshot_reader_commit_dump (TideSnapshotReader *r)
{
  for (guint i = 0; i < r->counted->len; i++)
    {
      guint32 info = g_array_index (r->counted, guint32, i);

      tide_trace_builder_allocate_n (r->builder, info, r->count[info]);
    }
}

void
tide_snapshot_reader_commit_at (TideSnapshotReader *r,
                                guint64             time)
{
  g_autoptr(GArray) live = g_array_new (FALSE, FALSE, sizeof (guint32));

  tide_trace_builder_begin_snapshot (r->builder, time);
  /* frees first: between two snapshots the heap never exceeds both */
  for (guint i = 0; i < r->live->len; i++)
    {
      guint32 info = g_array_index (r->live, guint32, i);
      guint64 was = tide_trace_builder_get_live (r->builder, info);
      guint64 now = info < r->count_len ? r->count[info] : 0;

      if (now < was)
        tide_trace_builder_free_n (r->builder, info, was - now);
    }
  for (guint i = 0; i < r->counted->len; i++)
    {
      guint32 info = g_array_index (r->counted, guint32, i);
      guint64 was = tide_trace_builder_get_live (r->builder, info);

      if (r->count[info] > was)
        tide_trace_builder_allocate_n (r->builder, info, r->count[info] - was);
      g_array_append_val (live, info);
    }
  tide_trace_builder_end_snapshot (r->builder);
  g_array_unref (r->live);
  r->live = g_steal_pointer (&live);
}

GBytes *
tide_read_all_bytes (TideByteSource  *source,
                     GCancellable    *cancellable,
                     GError         **error)
{
  const char *name = tide_byte_source_get_name (source);
  /* a plain file's size, or a compressed one's: at least that much */
  gsize capacity = MAX (64 * 1024, (gsize) MIN (tide_byte_source_get_total (source), (goffset) MAX_DUMP_SIZE) + 1);
  gsize len = 0;
  g_autofree guint8 *data = g_malloc (capacity);

  tide_prefer_huge_pages (data, capacity);
  for (;;)
    {
      gssize n;

      if (len == capacity)
        {
          if (capacity >= MAX_DUMP_SIZE)
            {
              g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TOO_LARGE,
                           "%s: byte %" G_GSIZE_FORMAT ": a tracemalloc file over 4 GiB", name, len);
              return NULL;
            }
          capacity = MIN (capacity * 2, MAX_DUMP_SIZE);
          data = g_realloc (data, capacity);
          tide_prefer_huge_pages (data, capacity);
        }
      /* straight into place: no copy of what was read */
      n = tide_byte_source_read (source, data + len, capacity - len, cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      len += n;
    }
  return g_bytes_new_take (g_steal_pointer (&data), len);
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

typedef struct
{
  GFile   *file;
  guint64  mtime;
  char    *key;   /* collation key of the name */
} SeriesEntry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const SeriesEntry *x = a, *y = b;

  if (x->mtime != y->mtime)
    return x->mtime < y->mtime ? -1 : 1;
  return strcmp (x->key, y->key);
}

void
tide_tracemalloc_sort_series (GPtrArray    *files,
                              GCancellable *cancellable)
{
  g_autofree SeriesEntry *entries = NULL;

  g_return_if_fail (files != NULL);

  entries = g_new0 (SeriesEntry, MAX (files->len, 1));
  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                     G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC, G_FILE_QUERY_INFO_NONE,
                                                     cancellable, NULL);
      g_autofree char *name = g_file_get_basename (file);

      entries[i].file = file;
      /* unknown times sort first, by name */
      if (info != NULL)
        entries[i].mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * 1000000
                           + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
      entries[i].key = g_utf8_collate_key_for_filename (name != NULL ? name : "", -1);
    }
  qsort (entries, files->len, sizeof (SeriesEntry), compare_entries);
  for (guint i = 0; i < files->len; i++)
    {
      files->pdata[i] = entries[i].file;
      g_free (entries[i].key);
    }
}

typedef struct
{
  TideProgressFunc progress;
  gpointer         user_data;
  guint            index;
  guint            n;
} SeriesProgress;

/* A file's share, scaled into the series' */
static void
series_progress_cb (goffset  consumed,
                    goffset  total,
                    gpointer user_data)
{
  SeriesProgress *sp = user_data;
  const goffset scale = 1 << 20;
  double fraction = total > 0 ? CLAMP ((double) consumed / total, 0, 1) : 0;

  sp->progress ((goffset) ((sp->index + fraction) * scale), (goffset) sp->n * scale, sp->user_data);
}

TideTrace *
tide_tracemalloc_read_series (GPtrArray        *files,
                              TideProgressFunc  progress,
                              gpointer          user_data,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_autoptr(TideTraceBuilder) builder = NULL;
  g_autoptr(TideSnapshotReader) reader = NULL;
  SeriesProgress sp = { progress, user_data, 0, 0 };

  g_return_val_if_fail (files != NULL, NULL);

  if (files->len == 0)
    {
      g_set_error_literal (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_EMPTY, "a series of no tracemalloc dumps");
      return NULL;
    }

  builder = tide_trace_builder_new (TIDE_TRACE_FORMAT_TRACEMALLOC);
  tide_trace_builder_set_time_unit (builder, TIDE_TIME_UNIT_SNAPSHOTS);
  reader = tide_snapshot_reader_new (builder);
  sp.n = files->len;
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(TideByteSource) source = NULL;
      g_autoptr(GBytes) bytes = NULL;
      const guint8 *data;
      gsize len, offset = 0;

      source = tide_byte_source_new_for_file (g_ptr_array_index (files, i), cancellable, error);
      if (source == NULL)
        return NULL;
      sp.index = i;
      if (progress != NULL)
        tide_byte_source_set_progress (source, series_progress_cb, &sp);
      bytes = tide_read_all_bytes (source, cancellable, error);
      if (bytes == NULL)
        return NULL;
      data = g_bytes_get_data (bytes, &len);
      if (!tide_tracemalloc_sniff (data, len))
        {
          g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNKNOWN_FORMAT,
                       "%s: not a tracemalloc dump, so not part of a series of them",
                       tide_byte_source_get_name (source));
          return NULL;
        }
      if (!tide_snapshot_reader_read (reader, data, len, &offset, tide_byte_source_get_name (source), cancellable,
                                      error))
        return NULL;
      tide_snapshot_reader_commit_at (reader, i);
    }
  g_clear_pointer (&reader, tide_snapshot_reader_free);
  return tide_trace_builder_finish (g_steal_pointer (&builder));
}

TideTrace *
tide_tracemalloc_read (TideByteSource  *source,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TideTraceBuilder) builder = NULL;
  g_autoptr(TideSnapshotReader) reader = NULL;
  const guint8 *data;
  gsize len, offset = 0;

  bytes = tide_read_all_bytes (source, cancellable, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);

  builder = tide_trace_builder_new (TIDE_TRACE_FORMAT_TRACEMALLOC);
  reader = tide_snapshot_reader_new (builder);
  if (!tide_snapshot_reader_read (reader, data, len, &offset, tide_byte_source_get_name (source), cancellable, error))
    return NULL;
  tide_snapshot_reader_commit_dump (reader);
  g_clear_pointer (&reader, tide_snapshot_reader_free);
  return tide_trace_builder_finish (g_steal_pointer (&builder));
}
