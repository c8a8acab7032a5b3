/* tide-event-log.c: every allocation event of a trace, compressed in blocks
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <zstd.h>

#include "tide-event-log.h"
#include "tide-huge-pages.h"

/* Level 1 is the fastest level that still finds the long repeats of real
 * event streams (allocate/free pairs of the same site). */
#define COMPRESSION_LEVEL 1

/* Raw blocks in circulation: one being filled, the others queued or being
 * compressed. More would only hold memory without adding speed. */
#define RAW_BLOCKS 2
/* The first block fills in steps, in words: the first as its pages are
 * touched (a small trace's events need no more), each next one faulted in
 * at once by tide_populate() when it is reached: 217 of ht_xmllint's page
 * faults were the first block's, on the reading thread, 2.4 us each. A
 * step of 64 KiB wastes little on a trace that stops inside it. */
#define FIRST_STEP    4096
#define POPULATE_STEP (16 * 1024)

#define RAW_BLOCK_BYTES (TIDE_EVENT_BLOCK_SIZE * sizeof (guint32))

/* Disk a load may fill with raw blocks, 256 million events: past it, blocks
 * are compressed while loading, as without a file. A trace far larger than
 * the 100-million-allocation one of bench/ then loads a little slower
 * rather than take gigabytes of the user's disk for a while. */
#define RAW_BUDGET ((guint64) 1 << 30)

/* A full block for the storing thread (the last, partial one never goes
 * there: finish() keeps it). */
typedef struct
{
  guint    index;
  guint32 *block;
} Job;

/* Where a block to compress is: in memory at @data, or in @spill at
 * @offset, read a piece at a time into @piece (PIECE_BYTES): the
 * compressor then holds a piece of a raw block, not all of it. */
typedef struct
{
  const guint8        *data;
  const TideSpillFile *spill;
  guint64              offset;
  guint8              *piece;
} Source;

/* Compresses @size bytes from @src into @dst (ZSTD_compressBound (@size)
 * bytes) in pieces, and gives up (returns 0) between two when @stop is set:
 * the log's end then waits for one piece, not a whole block, from a thread
 * that runs at the lowest priority. The same function on both threads, so
 * a block compresses to the same bytes whichever does it. */
#define PIECE_BYTES (64 * 1024)

static gsize
compress_block (ZSTD_CCtx    *cctx,
                guint8       *dst,
                gsize         bound,
                const Source *src,
                gsize         size,
                const gint   *stop)
{
  ZSTD_outBuffer out = { dst, bound, 0 };
  gsize done = 0;

  ZSTD_CCtx_reset (cctx, ZSTD_reset_session_only);
  ZSTD_CCtx_setParameter (cctx, ZSTD_c_compressionLevel, COMPRESSION_LEVEL);
  ZSTD_CCtx_setPledgedSrcSize (cctx, size);
  for (;;)
    {
      gsize piece = MIN (PIECE_BYTES, size - done);
      gboolean last = done + piece == size;
      ZSTD_inBuffer in = { src->piece, piece, 0 };
      gsize left;

      if (src->data != NULL)
        in.src = src->data + done;
      else
        tide_spill_file_read (src->spill, src->offset + done, src->piece, piece);
      do
        {
          left = ZSTD_compressStream2 (cctx, &out, &in, last ? ZSTD_e_end : ZSTD_e_continue);
          /* into a buffer of ZSTD_compressBound() size it cannot fail */
          g_assert (!ZSTD_isError (left));
        }
      while (in.pos < in.size || (last && left != 0));
      done += piece;
      if (last)
        return out.pos;
      if (stop != NULL && g_atomic_int_get (stop))
        return 0;
    }
}

static void
record_block (TideEventLog         *self,
              guint                 index,
              const TideEventBlock *block)
{
  g_rw_lock_writer_lock (&self->lock);
  g_assert (g_array_index (self->sealed, TideEventBlock, index).stored.size == 0);
  g_array_index (self->sealed, TideEventBlock, index) = *block;
  self->stored_bytes += block->stored.size;
  if (block->stored.data == NULL)
    self->spilled_bytes += block->stored.size;
  g_rw_lock_writer_unlock (&self->lock);
}

/* On the pool's thread, a full block (the last one is kept by finish()):
 * to the spill file as it is (a copy into the page cache, far cheaper than
 * compressing it), or, when the file cannot take it or past the raw
 * budget, compressed and stored in the file or in memory. */
static void
store_job (gpointer data,
           gpointer user_data)
{
  Job *job = data;
  TideEventLog *self = user_data;
  gsize src_size = RAW_BLOCK_BYTES;
  TideEventBlock block = { { NULL, 0, src_size }, TRUE };

  if (self->raw_written + src_size > self->raw_budget
      || !tide_spill_file_append (self->spill, (const guint8 *) job->block, src_size, &block.stored.offset))
    {
      gsize bound = ZSTD_compressBound (src_size);
      guint8 *dst = g_malloc (bound);
      Source src = { .data = (const guint8 *) job->block };
      gsize n = compress_block (self->cctx, dst, bound, &src, src_size, NULL);

      tide_spill_block_store (self->spill, &block.stored, dst, n);
      block.raw = FALSE;
    }
  else
    self->raw_written += src_size;
  record_block (self, job->index, &block);

  g_async_queue_push (self->free_blocks, job->block);
  g_free (job);
}

/* Makes this thread yield to every other of the process: on Linux the nice
 * value is per thread, and who == 0 names the calling one. */
static void
lower_priority (void)
{
#ifdef __linux__
  (void) setpriority (PRIO_PROCESS, 0, 19);
#endif
}

/* Compresses the last block, kept raw in memory: the new bytes replace
 * the raw ones under the lock. */
static void
compress_raw_block_in_memory (TideEventLog *self,
                              guint         index,
                              guint8       *dst,
                              gsize         bound)
{
  TideEventBlock *block = &g_array_index (self->sealed, TideEventBlock, index);
  gsize size = block->stored.size;
  gsize n;
  gpointer raw;
  Source src = { .data = block->stored.data };

  /* only this thread changes a raw block once the log is finished */
  n = compress_block (self->cctx, dst, bound, &src, size, &self->stop);
  if (n == 0 || n >= size)
    return;

  g_rw_lock_writer_lock (&self->lock);
  raw = block->stored.data;
  block->stored.data = g_memdup2 (dst, n);
  block->stored.size = n;
  block->raw = FALSE;
  self->stored_bytes -= size - n;
  g_rw_lock_writer_unlock (&self->lock);
  g_free (raw);
}

/* Compresses raw block @index in place in the file (unless it would not
 * shrink: then it stays raw). */
static void
compress_raw_block (TideEventLog *self,
                    guint         index,
                    guint8       *piece,
                    guint8       *dst,
                    gsize         bound)
{
  TideEventBlock *block = &g_array_index (self->sealed, TideEventBlock, index);
  guint64 offset = block->stored.offset;
  Source src = { .spill = self->spill, .offset = offset, .piece = piece };
  gsize n, kept;

  if (block->stored.data != NULL)
    {
      compress_raw_block_in_memory (self, index, dst, bound);
      return;
    }

  /* only this thread changes a raw block once the log is finished, so it
   * is read without the lock */
  n = compress_block (self->cctx, dst, bound, &src, RAW_BLOCK_BYTES, &self->stop);
  /* stopped, or it would not shrink */
  if (n == 0 || n >= RAW_BLOCK_BYTES)
    return;

  /* readers hold the lock while they read a block: none is reading this
   * one while it is overwritten */
  g_rw_lock_writer_lock (&self->lock);
  /* the bytes of the file the block still takes */
  kept = n;
  if (!tide_spill_file_rewrite (self->spill, offset, dst, n))
    {
      /* part of the raw words may be overwritten: keep the block in memory */
      block->stored.data = g_memdup2 (dst, n);
      block->stored.offset = 0;
      kept = 0;
    }
  self->spilled_bytes -= RAW_BLOCK_BYTES - kept;
  self->stored_bytes -= RAW_BLOCK_BYTES - n;
  block->stored.size = n;
  block->raw = FALSE;
  g_rw_lock_writer_unlock (&self->lock);

  /* nothing refers to the rest any more */
  tide_spill_file_release (self->spill, offset + kept, RAW_BLOCK_BYTES - kept);
}

static gpointer
compress_raw_blocks (gpointer data)
{
  TideEventLog *self = data;
  gsize bound = ZSTD_compressBound (RAW_BLOCK_BYTES);
  g_autofree guint8 *piece = g_malloc (PIECE_BYTES);
  g_autofree guint8 *dst = g_malloc (bound);

  lower_priority ();
  /* the log is finished: sealed no longer grows. The blocks held raw in
   * memory first (the last, partial one: up to a megabyte), whose memory
   * their compression gives back while the window builds its views; then
   * those in the file */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->sealed->len && !g_atomic_int_get (&self->stop); i++)
      {
        const TideEventBlock *block = &g_array_index (self->sealed, TideEventBlock, i);

        if (block->raw && (block->stored.data != NULL) == (pass == 0))
          compress_raw_block (self, i, piece, dst, bound);
      }
  return NULL;
}

static void
clear_event_block (gpointer data)
{
  tide_spill_block_clear (&((TideEventBlock *) data)->stored);
}

TideEventLog *
tide_event_log_new (TideSpillFile *spill)
{
  TideEventLog *self = g_new0 (TideEventLog, 1);

  self->spill = spill;
  self->raw_budget = RAW_BUDGET;
  g_rw_lock_init (&self->lock);
  g_mutex_init (&self->join_lock);
  self->sealed = g_array_new (FALSE, TRUE, sizeof (TideEventBlock));
  g_array_set_clear_func (self->sealed, clear_event_block);
  self->cctx = ZSTD_createCCtx ();
  /* the first block whole, as address space: its pages come as it fills
   * (see tide_event_log_make_room()), and it never moves */
  self->block = g_new (guint32, TIDE_EVENT_BLOCK_SIZE);
  self->capacity = FIRST_STEP;
  return self;
}

/* Waits for the storing thread and lets go of everything used to append. */
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
}

/* With join_lock held, once the log is finished. */
static void
start_compressor (TideEventLog *self)
{
  if (self->compress_asked)
    return;
  self->compress_asked = TRUE;
  for (guint i = 0; i < self->sealed->len; i++)
    if (g_array_index (self->sealed, TideEventBlock, i).raw)
      {
        self->compressor = g_thread_new ("tide-compress", compress_raw_blocks, self);
        break;
      }
}

/* With join_lock held: waits for the compressor to end, if it runs. */
static void
join_compressor (TideEventLog *self)
{
  if (self->compressor != NULL)
    {
      g_thread_join (self->compressor);
      self->compressor = NULL;
    }
}

void
tide_event_log_compress_in_background (TideEventLog *self)
{
  g_return_if_fail (self->block == NULL);

  g_mutex_lock (&self->join_lock);
  start_compressor (self);
  g_mutex_unlock (&self->join_lock);
}

void
tide_event_log_wait_compressed (TideEventLog *self)
{
  g_mutex_lock (&self->join_lock);
  if (self->block == NULL)
    start_compressor (self);
  join_compressor (self);
  g_mutex_unlock (&self->join_lock);
}

/* Stops the compressor after the piece in hand, if it runs. */
static void
stop_compressor (TideEventLog *self)
{
  g_atomic_int_set (&self->stop, TRUE);
  g_mutex_lock (&self->join_lock);
  /* a compressor not started yet never will be */
  self->compress_asked = TRUE;
  join_compressor (self);
  g_mutex_unlock (&self->join_lock);
}

void
tide_event_log_free (TideEventLog *self)
{
  if (self == NULL)
    return;
  stop_appending (self);
  stop_compressor (self);
  if (self->cctx != NULL)
    ZSTD_freeCCtx (self->cctx);
  g_array_unref (self->sealed);
  g_rw_lock_clear (&self->lock);
  g_mutex_clear (&self->join_lock);
  g_free (self);
}

static void
seal_block (TideEventLog *self)
{
  Job *job = g_new (Job, 1);

  g_assert (self->fill == TIDE_EVENT_BLOCK_SIZE);

  if (self->pool == NULL)
    {
      self->free_blocks = g_async_queue_new_full (g_free);
      for (guint i = 1; i < RAW_BLOCKS; i++)
        {
          guint32 *block = g_new (guint32, TIDE_EVENT_BLOCK_SIZE);

          tide_populate (block, TIDE_EVENT_BLOCK_SIZE * sizeof (guint32));
          g_async_queue_push (self->free_blocks, block);
        }
      /* an exclusive pool of one thread */
      self->pool = g_thread_pool_new (store_job, self, 1, TRUE, NULL);
    }

  g_rw_lock_writer_lock (&self->lock);
  job->index = self->sealed->len;
  g_array_set_size (self->sealed, self->sealed->len + 1);
  g_rw_lock_writer_unlock (&self->lock);

  job->block = self->block;
  g_thread_pool_push (self->pool, job, NULL);

  /* waits when the storing thread is RAW_BLOCKS - 1 blocks behind */
  self->block = g_async_queue_pop (self->free_blocks);
  self->capacity = TIDE_EVENT_BLOCK_SIZE;
  self->fill = 0;
}

void
tide_event_log_make_room (TideEventLog *self)
{
  if (self->capacity < TIDE_EVENT_BLOCK_SIZE)
    {
      gsize to = MIN (self->capacity + POPULATE_STEP, TIDE_EVENT_BLOCK_SIZE);

      tide_populate (self->block + self->capacity, (to - self->capacity) * sizeof (guint32));
      self->capacity = to;
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

/* The last block, full or not, stays in memory as it is: compressing it
 * here (a megabyte at most, some 2.5 ms) kept every load waiting, and
 * most traces have only this block. The background compressor takes it
 * with the blocks in the file. */
static void
keep_last_block_raw (TideEventLog *self)
{
  TideEventBlock block = { { NULL, 0, self->fill * sizeof (guint32) }, TRUE };

  block.stored.data = g_realloc (g_steal_pointer (&self->block), block.stored.size);
  g_rw_lock_writer_lock (&self->lock);
  g_array_append_val (self->sealed, block);
  self->stored_bytes += block.stored.size;
  g_rw_lock_writer_unlock (&self->lock);
}

void
tide_event_log_finish (TideEventLog *self)
{
  if (self->block == NULL)
    return;
  if (self->fill > 0)
    keep_last_block_raw (self);
  stop_appending (self);
}

guint64
tide_event_log_get_n_events (const TideEventLog *self)
{
  return self->n_events;
}

gsize
tide_event_log_get_size (TideEventLog *self)
{
  gsize size;

  g_rw_lock_reader_lock (&self->lock);
  size = self->stored_bytes - self->spilled_bytes + self->sealed->len * sizeof (TideEventBlock);
  g_rw_lock_reader_unlock (&self->lock);
  return size;
}

guint64
tide_event_log_get_spilled_size (TideEventLog *self)
{
  guint64 size;

  g_rw_lock_reader_lock (&self->lock);
  size = self->spilled_bytes;
  g_rw_lock_reader_unlock (&self->lock);
  return size;
}

/* Copies words [offset, offset + want) of a sealed block to @out. */
static void
copy_from_block (TideEventLog *self,
                 guint         index,
                 gsize         offset,
                 gsize         want,
                 guint32      *out,
                 GByteArray   *compressed,
                 guint32     **scratch)
{
  const TideEventBlock *block;
  const guint8 *data;
  gsize got;

  /* held while the block is read: the compressor may rewrite it */
  g_rw_lock_reader_lock (&self->lock);
  block = &g_array_index (self->sealed, TideEventBlock, index);
  if (block->raw)
    {
      if (block->stored.data != NULL)
        memcpy (out, (const guint32 *) (gconstpointer) block->stored.data + offset, want * sizeof (guint32));
      else
        tide_spill_file_read (self->spill, block->stored.offset + offset * sizeof (guint32),
                              (guint8 *) out, want * sizeof (guint32));
      g_rw_lock_reader_unlock (&self->lock);
      return;
    }

  if (block->stored.data == NULL && compressed->len < block->stored.size)
    g_byte_array_set_size (compressed, block->stored.size);
  data = tide_spill_block_load (self->spill, &block->stored, compressed->data);

  if (offset == 0 && want == TIDE_EVENT_BLOCK_SIZE)
    {
      /* a whole block: straight into the caller's buffer */
      got = ZSTD_decompress (out, want * sizeof (guint32), data, block->stored.size);
    }
  else
    {
      if (*scratch == NULL)
        *scratch = g_new (guint32, TIDE_EVENT_BLOCK_SIZE);
      got = ZSTD_decompress (*scratch, TIDE_EVENT_BLOCK_SIZE * sizeof (guint32), data, block->stored.size);
      if (!ZSTD_isError (got))
        memcpy (out, *scratch + offset, want * sizeof (guint32));
    }
  g_rw_lock_reader_unlock (&self->lock);
  /* we compressed these bytes ourselves; failure means memory corruption */
  g_assert (!ZSTD_isError (got));
}

/* Words tide_event_log_foreach() copies at a time from a block that is
 * not in memory as appended. */
#define FOREACH_COPY (64 * 1024)

void
tide_event_log_foreach (TideEventLog       *self,
                        guint64             start,
                        guint64             n,
                        TideEventWordsFunc  func,
                        gpointer            user_data)
{
  g_autofree guint32 *copy = NULL;
  g_autofree guint32 *scratch = NULL;
  g_autoptr(GByteArray) compressed = NULL;
  gsize copy_room = 0;

  g_return_if_fail (self->block == NULL);

  if (start >= self->n_events)
    return;
  n = MIN (n, self->n_events - start);
  while (n > 0)
    {
      guint index = start / TIDE_EVENT_BLOCK_SIZE;
      gsize offset = start % TIDE_EVENT_BLOCK_SIZE;
      gsize want = MIN (n, TIDE_EVENT_BLOCK_SIZE - offset);
      const TideEventBlock *block;

      g_rw_lock_reader_lock (&self->lock);
      block = &g_array_index (self->sealed, TideEventBlock, index);
      if (block->raw && block->stored.data != NULL)
        {
          /* held while the words are read: the compressor may rewrite it */
          func ((const guint32 *) (gconstpointer) block->stored.data + offset, want, user_data);
          g_rw_lock_reader_unlock (&self->lock);
        }
      else
        {
          /* raw in the file: read a piece at a time, into fewer fresh
           * pages; compressed: decompressed once */
          gsize room = block->raw ? FOREACH_COPY : TIDE_EVENT_BLOCK_SIZE;

          g_rw_lock_reader_unlock (&self->lock);
          want = MIN (want, room);
          if (copy == NULL || copy_room < room)
            {
              g_free (copy);
              copy = g_new (guint32, room);
              copy_room = room;
            }
          if (compressed == NULL)
            compressed = g_byte_array_new ();
          copy_from_block (self, index, offset, want, copy, compressed, &scratch);
          func (copy, want, user_data);
        }
      start += want;
      n -= want;
    }
}

gsize
tide_event_log_copy (TideEventLog *self,
                     guint64       start,
                     guint32      *out,
                     gsize         n)
{
  g_autofree guint32 *scratch = NULL;
  g_autoptr(GByteArray) compressed = NULL;
  gsize copied = 0;

  g_return_val_if_fail (self->block == NULL, 0);

  if (start >= self->n_events)
    return 0;
  n = MIN (n, self->n_events - start);
  compressed = g_byte_array_new ();

  while (copied < n)
    {
      guint64 at = start + copied;
      gsize offset = at % TIDE_EVENT_BLOCK_SIZE;
      gsize want = MIN (n - copied, TIDE_EVENT_BLOCK_SIZE - offset);

      copy_from_block (self, at / TIDE_EVENT_BLOCK_SIZE, offset, want, out + copied, compressed, &scratch);
      copied += want;
    }

  return copied;
}
