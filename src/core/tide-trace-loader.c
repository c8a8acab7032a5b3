/* tide-trace-loader.c: loads a trace of any supported format on a worker thread
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "formats/tide-folded-reader.h"
#include "formats/tide-heaptrack-reader.h"
#include "formats/tide-massif-reader.h"
#include "formats/tide-mprof-reader.h"
#include "formats/tide-record-reader.h"
#include "formats/tide-tracemalloc-reader.h"
#include "tide-byte-source.h"
#include "tide-trace-error.h"
#include "tide-trace-loader.h"

struct _TideTraceLoader
{
  GObject       parent_instance;

  GFile        *file;
  GPtrArray    *files;         /* GFile: file, then any more loaded with it */
  GMainContext *context;       /* where "fraction" is notified */

  GMutex        mutex;
  double        fraction;      /* published value, main context only */
  double        pending;       /* written by the worker under mutex */
  gboolean      source_queued; /* under mutex */
  gint64        published_at;  /* monotonic time of the last publish, under mutex */
  gboolean      running;
};

enum {
  PROP_0,
  PROP_FILE,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TideTraceLoader, tide_trace_loader, G_TYPE_OBJECT)

static TideTrace *
read_any (TideByteSource  *source,
          GCancellable    *cancellable,
          GError         **error)
{
  const guint8 *head;
  gsize len;

  if (!tide_byte_source_peek (source, &head, &len, cancellable, error))
    return NULL;

  if (len == 0)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_EMPTY,
                   "%s: the file is empty", tide_byte_source_get_name (source));
      return NULL;
    }
  if (tide_heaptrack_sniff (head, len))
    return tide_heaptrack_read (source, cancellable, error);
  if (tide_massif_sniff (head, len))
    return tide_massif_read (source, cancellable, error);
  /* before tracemalloc: a recording's command may name tracemalloc */
  if (tide_record_sniff (head, len))
    return tide_record_read (source, cancellable, error);
  if (tide_tracemalloc_sniff (head, len))
    return tide_tracemalloc_read (source, cancellable, error);
  if (tide_mprof_sniff (head, len))
    return tide_mprof_read (source, cancellable, error);
  /* last: the loosest test, a line of frames and a number */
  if (tide_folded_sniff (head, len))
    return tide_folded_read (source, cancellable, error);

  g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNKNOWN_FORMAT,
               "%s: not a memory trace Tidemark can read (byte 0: neither a heaptrack version record "
               "nor a massif header nor a tracemalloc pickle or recording nor an mprof record nor folded stacks%s)",
               tide_byte_source_get_name (source),
               tide_byte_source_get_compression (source) == TIDE_COMPRESSION_NONE
                 ? ", and no gzip or zstd compression" : " after decompression");
  return NULL;
}

/* Whether @file holds a tracemalloc dump (compressed or not). */
static gboolean
is_dump (GFile         *file,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(TideByteSource) source = tide_byte_source_new_for_file (file, cancellable, error);
  const guint8 *head;
  gsize len;

  return source != NULL && tide_byte_source_peek (source, &head, &len, cancellable, error)
         && tide_tracemalloc_sniff (head, len);
}

/* The dumps in @folder, not looking into folders within. */
static GPtrArray *
dumps_in_folder (GFile         *folder,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) dumps = g_ptr_array_new_with_free_func (g_object_unref);

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (children == NULL)
    return NULL;
  for (;;)
    {
      GFileInfo *info;
      GFile *child;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
        return NULL;
      if (info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR && is_dump (child, cancellable, NULL))
        g_ptr_array_add (dumps, g_object_ref (child));
    }
  if (dumps->len == 0)
    {
      g_autofree char *name = g_file_get_parse_name (folder);

      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_EMPTY,
                   "%s: a folder without tracemalloc dumps (Tidemark opens a folder as a series of them)", name);
      return NULL;
    }
  return g_steal_pointer (&dumps);
}

/* @trace, its events' compressing started: once the reader and the
 * file's decoder are gone, their memory is what the compressor takes
 * (ht_pystamped's peak, at the end of the load, was both at once). */
static TideTrace *
compressing (TideTrace *trace)
{
  if (trace != NULL)
    tide_trace_compress_events_in_background (trace);
  return trace;
}

/* One trace from @files: a file by itself, a folder or several dumps as
 * a series. */
static TideTrace *
read_files (GPtrArray         *files,
            TideProgressFunc   progress,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(GPtrArray) series = NULL;

  if (files->len == 1)
    {
      GFile *file = g_ptr_array_index (files, 0);
      g_autoptr(TideByteSource) source = NULL;
      TideTrace *trace;

      if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable) == G_FILE_TYPE_DIRECTORY)
        series = dumps_in_folder (file, cancellable, error);
      else
        {
          source = tide_byte_source_new_for_file (file, cancellable, error);
          if (source == NULL)
            return NULL;
          if (progress != NULL)
            tide_byte_source_set_progress (source, progress, user_data);
          trace = read_any (source, cancellable, error);
          /* the decoder's memory goes before the compressor comes */
          g_clear_pointer (&source, tide_byte_source_free);
          return compressing (trace);
        }
      if (series == NULL)
        return NULL;
    }
  else
    {
      series = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < files->len; i++)
        {
          GFile *file = g_ptr_array_index (files, i);
          g_autoptr(GError) local = NULL;

          if (!is_dump (file, cancellable, &local))
            {
              g_autofree char *name = g_file_get_basename (file);

              if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                {
                  g_propagate_error (error, g_steal_pointer (&local));
                  return NULL;
                }
              g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_NOT_A_SERIES,
                           "%s: not a tracemalloc dump, so the files are no series%s%s", name,
                           local != NULL ? ": " : "", local != NULL ? local->message : "");
              return NULL;
            }
          g_ptr_array_add (series, g_object_ref (file));
        }
    }
  tide_tracemalloc_sort_series (series, cancellable);
  return compressing (tide_tracemalloc_read_series (series, progress, user_data, cancellable, error));
}

/* The reader reports a fraction per decoded chunk, some 2000 a second on
 * ht_pylarge: published each, they woke the main thread as often, and
 * each new text in a bar made GTK lay the window out again, a third of
 * the main thread's CPU time while loading (bench/window). Hence one
 * publish per TIDE_TRACE_LOADER_PROGRESS_INTERVAL_US. @from_source: called
 * by the source the worker queued, which may queue the next one. */
static void
publish_pending (TideTraceLoader *self,
                 gboolean         from_source)
{
  double fraction;

  g_mutex_lock (&self->mutex);
  fraction = self->pending;
  g_mutex_unlock (&self->mutex);

  if (fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }

  /* The interval runs from the end of this publish, its handlers' work
   * (a bar's layout) included: stamped before them, a main thread held up
   * in them had the next publish sooner than an interval after this one
   * reached it (a test saw 14 ms on a loaded machine). With the flag, so a
   * worker that queues the next source sees this time; until then none
   * queues one. */
  g_mutex_lock (&self->mutex);
  self->published_at = g_get_monotonic_time ();
  if (from_source)
    self->source_queued = FALSE;
  g_mutex_unlock (&self->mutex);
}

static gboolean
publish_fraction_cb (gpointer user_data)
{
  publish_pending (user_data, TRUE);
  return G_SOURCE_REMOVE;
}

static void
worker_progress (goffset  consumed,
                 goffset  total,
                 gpointer user_data)
{
  TideTraceLoader *self = user_data;
  gboolean queue;
  gint64 wait_us = 0;

  g_mutex_lock (&self->mutex);
  self->pending = total > 0 ? CLAMP ((double) consumed / total, 0.0, 1.0) : 0.0;
  queue = !self->source_queued;
  self->source_queued = TRUE;
  if (queue)
    wait_us = self->published_at + TIDE_TRACE_LOADER_PROGRESS_INTERVAL_US - g_get_monotonic_time ();
  g_mutex_unlock (&self->mutex);

  if (queue)
    {
      /* at once when the last publish is an interval old, else when it
       * will be: then with the fraction of that time */
      GSource *source = wait_us > 0 ? g_timeout_source_new ((guint) (wait_us / 1000) + 1) : g_idle_source_new ();

      /* above GTK's redraw (HIGH_IDLE + 20), so the next frame shows the
       * latest fraction: at DEFAULT_IDLE it waits behind a frame clock that
       * is always due (a busy machine, an animation) */
      g_source_set_priority (source, G_PRIORITY_HIGH_IDLE);
      g_source_set_callback (source, publish_fraction_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[tidemark] load progress");
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TideTraceLoader *self = source_object;
  GError *error = NULL;
  TideTrace *trace;

  trace = read_files (self->files, worker_progress, self, cancellable, &error);
  if (trace == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, trace, g_object_unref);
}

static void
tide_trace_loader_finalize (GObject *object)
{
  TideTraceLoader *self = TIDE_TRACE_LOADER (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (tide_trace_loader_parent_class)->finalize (object);
}

static void
tide_trace_loader_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TideTraceLoader *self = TIDE_TRACE_LOADER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_trace_loader_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TideTraceLoader *self = TIDE_TRACE_LOADER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      if (self->file != NULL && self->files->len == 0)
        g_ptr_array_add (self->files, g_object_ref (self->file));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_trace_loader_class_init (TideTraceLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tide_trace_loader_finalize;
  object_class->get_property = tide_trace_loader_get_property;
  object_class->set_property = tide_trace_loader_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tide_trace_loader_init (TideTraceLoader *self)
{
  g_mutex_init (&self->mutex);
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
}

TideTraceLoader *
tide_trace_loader_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (TIDE_TYPE_TRACE_LOADER, "file", file, NULL);
}

TideTraceLoader *
tide_trace_loader_new_for_files (GFile * const *files,
                                 guint         n_files)
{
  TideTraceLoader *self;

  g_return_val_if_fail (files != NULL && n_files > 0, NULL);
  for (guint i = 0; i < n_files; i++)
    g_return_val_if_fail (G_IS_FILE (files[i]), NULL);

  self = g_object_new (TIDE_TYPE_TRACE_LOADER, "file", files[0], NULL);
  for (guint i = 1; i < n_files; i++)
    g_ptr_array_add (self->files, g_object_ref (files[i]));
  return self;
}

guint
tide_trace_loader_get_n_files (TideTraceLoader *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE_LOADER (self), 0);
  return self->files->len;
}

GFile *
tide_trace_loader_get_nth_file (TideTraceLoader *self,
                                guint            i)
{
  g_return_val_if_fail (TIDE_IS_TRACE_LOADER (self), NULL);
  g_return_val_if_fail (i < self->files->len, NULL);
  return g_ptr_array_index (self->files, i);
}

GFile *
tide_trace_loader_get_file (TideTraceLoader *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE_LOADER (self), NULL);
  return self->file;
}

double
tide_trace_loader_get_fraction (TideTraceLoader *self)
{
  g_return_val_if_fail (TIDE_IS_TRACE_LOADER (self), 0.0);
  return self->fraction;
}

void
tide_trace_loader_load_async (TideTraceLoader     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TIDE_IS_TRACE_LOADER (self));
  g_return_if_fail (!self->running);

  self->running = TRUE;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tide_trace_loader_load_async);
  g_task_set_name (task, "[tidemark] load trace");
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_thread);
}

TideTrace *
tide_trace_loader_load_finish (TideTraceLoader  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (TIDE_IS_TRACE_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  self->running = FALSE;
  /* the last fraction may still wait for its interval: it comes first */
  publish_pending (self, FALSE);
  return g_task_propagate_pointer (G_TASK (result), error);
}

TideTrace *
tide_trace_load_file (GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return tide_trace_load_files (&file, 1, cancellable, error);
}

TideTrace *
tide_trace_load_files (GFile * const  *files,
                       guint           n_files,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (files != NULL && n_files > 0, NULL);

  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (list, g_object_ref (files[i]));
  return read_files (list, NULL, NULL, cancellable, error);
}

TideTrace *
tide_trace_load_bytes (GBytes        *bytes,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(TideByteSource) source = NULL;
  TideTrace *trace;

  g_return_val_if_fail (bytes != NULL, NULL);

  source = tide_byte_source_new_for_bytes (bytes);
  trace = read_any (source, cancellable, error);
  g_clear_pointer (&source, tide_byte_source_free);
  return compressing (trace);
}
