/* tide-trace-loader.c: loads a trace of any supported format on a worker thread
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "formats/tide-folded-reader.h"
#include "formats/tide-heaptrack-reader.h"
#include "formats/tide-massif-reader.h"
#include "formats/tide-tracemalloc-reader.h"
#include "tide-byte-source.h"
#include "tide-trace-error.h"
#include "tide-trace-loader.h"

struct _TideTraceLoader
{
  GObject       parent_instance;

  GFile        *file;
  GMainContext *context;       /* where "fraction" is notified */

  GMutex        mutex;
  double        fraction;      /* published value, main context only */
  double        pending;       /* written by the worker under mutex */
  gboolean      idle_queued;   /* under mutex */
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
  if (tide_tracemalloc_sniff (head, len))
    return tide_tracemalloc_read (source, cancellable, error);
  /* last: the loosest test, a line of frames and a number */
  if (tide_folded_sniff (head, len))
    return tide_folded_read (source, cancellable, error);

  g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_UNKNOWN_FORMAT,
               "%s: not a memory trace Tidemark can read (byte 0: neither a heaptrack version record "
               "nor a massif header nor a tracemalloc pickle nor folded stacks%s)",
               tide_byte_source_get_name (source),
               tide_byte_source_get_compression (source) == TIDE_COMPRESSION_NONE
                 ? ", and no gzip or zstd compression" : " after decompression");
  return NULL;
}

static gboolean
publish_fraction_cb (gpointer user_data)
{
  TideTraceLoader *self = user_data;
  double fraction;

  g_mutex_lock (&self->mutex);
  fraction = self->pending;
  self->idle_queued = FALSE;
  g_mutex_unlock (&self->mutex);

  if (fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  return G_SOURCE_REMOVE;
}

static void
worker_progress (goffset  consumed,
                 goffset  total,
                 gpointer user_data)
{
  TideTraceLoader *self = user_data;
  gboolean queue;

  g_mutex_lock (&self->mutex);
  self->pending = total > 0 ? CLAMP ((double) consumed / total, 0.0, 1.0) : 0.0;
  queue = !self->idle_queued;
  self->idle_queued = TRUE;
  g_mutex_unlock (&self->mutex);

  if (queue)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
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
  g_autoptr(TideByteSource) source = NULL;
  GError *error = NULL;
  TideTrace *trace;

  source = tide_byte_source_new_for_file (self->file, cancellable, &error);
  if (source == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  tide_byte_source_set_progress (source, worker_progress, self);

  trace = read_any (source, cancellable, &error);
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
}

TideTraceLoader *
tide_trace_loader_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (TIDE_TYPE_TRACE_LOADER, "file", file, NULL);
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
  return g_task_propagate_pointer (G_TASK (result), error);
}

TideTrace *
tide_trace_load_file (GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(TideByteSource) source = NULL;

  source = tide_byte_source_new_for_file (file, cancellable, error);
  if (source == NULL)
    return NULL;
  return read_any (source, cancellable, error);
}
