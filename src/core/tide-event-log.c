/* tide-event-log.c: every allocation event of a trace, compressed in blocks
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <zstd.h>

#include "tide-event-log.h"

/* Level 1 is the fastest level that still finds the long repeats of real
 * event streams (allocate/free pairs of the same site). */
#define COMPRESSION_LEVEL 1

/* Raw blocks in circulation: one being filled, the others queued or being
 * compressed. More would only hold memory without adding speed. */
#define RAW_BLOCKS 2

typedef struct
{
  guint    index;
  guint32 *block;
  gsize    fill;
} Job;

/* Puts compressed block @index (@size bytes at the start of @data, taken)
 * in the spill file, or in memory when it cannot take it. Only full
 * blocks go to the file: the last one, sealed by finish, is small next to
 * a file's cost on a small trace (tests, fuzzing, most real files make no
 * file at all), and at most one block on a large one. */
static void
store_block (TideEventLog *self,
             guint         index,
             guint8       *data,
             gsize         size,
             gboolean      full)
{
  TideSpillBlock block;
  gboolean spilled = tide_spill_block_store (full ? self->spill : NULL, &block, data, size);

  g_mutex_lock (&self->mutex);
  g_assert (g_array_index (self->sealed, TideSpillBlock, index).size == 0);
  g_array_index (self->sealed, TideSpillBlock, index) = block;
  self->compressed_bytes += size;
  if (spilled)
    self->spilled_bytes += size;
  self->largest_block = MAX (self->largest_block, size);
  g_mutex_unlock (&self->mutex);
}

static void
compress_job (gpointer data,
              gpointer user_data)
{
  Job *job = data;
  TideEventLog *self = user_data;
  gsize src_size = job->fill * sizeof (guint32);
  gsize bound = ZSTD_compressBound (src_size);
  guint8 *dst = g_malloc (bound);
  gsize n = ZSTD_compressCCtx (self->cctx, dst, bound, job->block, src_size, COMPRESSION_LEVEL);

  /* compressing into a buffer of ZSTD_compressBound() size cannot fail */
  g_assert (!ZSTD_isError (n));

  store_block (self, job->index, dst, n, job->fill == TIDE_EVENT_BLOCK_SIZE);

  g_async_queue_push (self->free_blocks, job->block);
  g_free (job);
}

TideEventLog *
tide_event_log_new (TideSpillFile *spill)
{
  TideEventLog *self = g_new0 (TideEventLog, 1);

  self->spill = spill;
  g_mutex_init (&self->mutex);
  self->sealed = g_array_new (FALSE, TRUE, sizeof (TideSpillBlock));
  g_array_set_clear_func (self->sealed, (GDestroyNotify) tide_spill_block_clear);
  self->cctx = ZSTD_createCCtx ();
  /* small traces never need more than a small first block */
  self->capacity = 4096;
  self->block = g_new (guint32, self->capacity);
  return self;
}

/* Waits for the compressing thread and lets go of everything used to append. */
static void
stop_appending (TideEventLog *self)
{
  if (self->pool != NULL)
    {
      g_thread_pool_free (self->pool, FALSE, TRUE);
      self->pool = NULL;
    }
  g_clear_pointer (&self->free_blocks, g_async_queue_unref);
  g_clear_pointer (&self->block, g_free);
  if (self->cctx != NULL)
    {
      ZSTD_freeCCtx (self->cctx);
      self->cctx = NULL;
    }
}

void
tide_event_log_free (TideEventLog *self)
{
  if (self == NULL)
    return;
  stop_appending (self);
  g_array_unref (self->sealed);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

static void
seal_block (TideEventLog *self)
{
  Job *job = g_new (Job, 1);

  if (self->pool == NULL)
    {
      self->free_blocks = g_async_queue_new_full (g_free);
      for (guint i = 1; i < RAW_BLOCKS; i++)
        g_async_queue_push (self->free_blocks, g_new (guint32, TIDE_EVENT_BLOCK_SIZE));
      /* an exclusive pool of one thread */
      self->pool = g_thread_pool_new (compress_job, self, 1, TRUE, NULL);
    }

  g_mutex_lock (&self->mutex);
  job->index = self->sealed->len;
  g_array_set_size (self->sealed, self->sealed->len + 1);
  g_mutex_unlock (&self->mutex);

  job->block = self->block;
  job->fill = self->fill;
  g_thread_pool_push (self->pool, job, NULL);

  /* waits when the compressing thread is RAW_BLOCKS - 1 blocks behind */
  self->block = g_async_queue_pop (self->free_blocks);
  self->capacity = TIDE_EVENT_BLOCK_SIZE;
  self->fill = 0;
}

void
tide_event_log_make_room (TideEventLog *self)
{
  if (self->capacity < TIDE_EVENT_BLOCK_SIZE)
    {
      self->capacity = MIN (self->capacity * 4, TIDE_EVENT_BLOCK_SIZE);
      self->block = g_renew (guint32, self->block, self->capacity);
    }
  else
    seal_block (self);
}

void
tide_event_log_append_n (TideEventLog *self,
                         guint32       word,
                         guint64       n)
{
  while (n > 0)
    {
      guint32 *to;
      gsize room;

      if (self->fill == self->capacity)
        tide_event_log_make_room (self);
      room = (gsize) MIN (n, (guint64) (self->capacity - self->fill));
      /* through a local pointer: the stores then cannot change self */
      to = self->block + self->fill;
      for (gsize k = 0; k < room; k++)
        to[k] = word;
      self->fill += room;
      self->n_events += room;
      n -= room;
    }
}

void
tide_event_log_finish (TideEventLog *self)
{
  if (self->block == NULL)
    return;
  if (self->fill > 0)
    seal_block (self);
  stop_appending (self);
}

guint64
tide_event_log_get_n_events (const TideEventLog *self)
{
  return self->n_events;
}

gsize
tide_event_log_get_size (const TideEventLog *self)
{
  return self->compressed_bytes - self->spilled_bytes
         + self->sealed->len * sizeof (TideSpillBlock);
}

guint64
tide_event_log_get_spilled_size (const TideEventLog *self)
{
  return self->spilled_bytes;
}

gsize
tide_event_log_copy (const TideEventLog *self,
                     guint64             start,
                     guint32            *out,
                     gsize               n)
{
  g_autofree guint32 *scratch = NULL;
  g_autofree guint8 *compressed = NULL;
  gsize copied = 0;

  g_return_val_if_fail (self->block == NULL, 0);

  if (start >= self->n_events)
    return 0;
  n = MIN (n, self->n_events - start);

  while (copied < n)
    {
      guint64 at = start + copied;
      guint block = at / TIDE_EVENT_BLOCK_SIZE;
      gsize offset = at % TIDE_EVENT_BLOCK_SIZE;
      gsize want = MIN (n - copied, TIDE_EVENT_BLOCK_SIZE - offset);
      const TideSpillBlock *stored = &g_array_index (self->sealed, TideSpillBlock, block);
      gsize size = stored->size;
      gconstpointer data;
      gsize got;

      if (stored->data == NULL && compressed == NULL)
        compressed = g_malloc (self->largest_block);
      data = tide_spill_block_load (self->spill, stored, compressed);

      if (offset == 0 && want == TIDE_EVENT_BLOCK_SIZE)
        {
          /* a whole block: straight into the caller's buffer */
          got = ZSTD_decompress (out + copied, want * sizeof (guint32), data, size);
        }
      else
        {
          if (scratch == NULL)
            scratch = g_new (guint32, TIDE_EVENT_BLOCK_SIZE);
          got = ZSTD_decompress (scratch, TIDE_EVENT_BLOCK_SIZE * sizeof (guint32), data, size);
          if (!ZSTD_isError (got))
            memcpy (out + copied, scratch + offset, want * sizeof (guint32));
        }
      /* we compressed these bytes ourselves; failure means memory corruption */
      g_assert (!ZSTD_isError (got));
      copied += want;
    }

  return copied;
}
