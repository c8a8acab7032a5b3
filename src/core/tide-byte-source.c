/* tide-byte-source.c: a file's bytes, decompressed on the fly when needed
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <bzlib.h>
#include <zlib.h>
/* zstd's buffer-less decoding (see ring_decode()) */
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zstd_errors.h>

#include "tide-byte-source.h"
#include "tide-huge-pages.h"
#include "tide-trace-error.h"

#define INPUT_CHUNK (256 * 1024)
#define HEAD_SIZE   4096
#define DECODED_CHUNK (256 * 1024)
/* The least a small file's chunks shrink to (see start_decoder()). */
#define SMALL_CHUNK   (64 * 1024)
/* Chunks in the ring between the decoder and the reader. Their speeds
 * change along a trace (a stretch of stamps, of new sites, of runs zstd
 * decodes fast), and a longer ring lets one run ahead while the other is
 * slow instead of waiting: ht_pystamped, 324 -> 317 ms with 8 chunks (+0.2
 * MB of peak RSS). A small file keeps 4: its whole ring is fresh pages. */
#define N_CHUNKS       8
#define N_SMALL_CHUNKS 4
/* Decompression bombs: past the first 64 MiB, the output may not exceed
 * 1000 times the compressed bytes consumed. Real heaptrack traces compress
 * 2 to 30 times; gzip cannot exceed about 1030, so only data made to be a
 * bomb (runs of one byte, zstd's RLE blocks) goes over. Parsing streams,
 * so a bomb costs no memory; the limit saves the time (see docs/limits.md). */
#define BOMB_FLOOR  ((guint64) 64 << 20)
#define BOMB_RATIO  1000

/* Words per chunk from the chunk function: one per line, and the lines
 * worth having words for are 4 bytes or more ("+ 0\n"). */
#define WORDS_PER_CHUNK(size) ((size) / 4)

typedef struct _Chunk
{
  guint8  *data;  /* own, or a slice of the zstd ring */
  guint8  *own;   /* the chunk's buffer, outside ring mode */
  gboolean stop;  /* not a chunk: tells the decoder thread to end */
  gssize   len;   /* -1 with error set, 0 at the end */
  gsize    pos;
  GError  *error;
  guint32 *words;   /* from the chunk function, when there is one */
  gsize    n_words; /* G_MAXSIZE: none for this chunk; WORDS_LATER: not yet */
  gboolean at_line_start; /* for the chunk function */
  gboolean words_faulted; /* words' pages are in memory */
} Chunk;

/* The chunk's words are to be made on the reading thread, when it asks. */
#define WORDS_LATER (G_MAXSIZE - 1)

/* Where chunk words are made: by whichever thread has the time (see
 * decoder_thread()), or, pinned by TIDEMARK_CHUNK_WORDS=decoder|reader for
 * the tests of both ways and for benchmarks, always on one; =none makes
 * none, so the tests can reach the reader's text path from plain bytes. */
typedef enum
{
  WORDS_ON_EITHER,
  WORDS_ON_DECODER,
  WORDS_ON_READER,
  WORDS_NONE,
} WordsOn;

static WordsOn
words_on_from_env (void)
{
  const char *on = g_getenv ("TIDEMARK_CHUNK_WORDS");

  if (g_strcmp0 (on, "decoder") == 0)
    return WORDS_ON_DECODER;
  if (g_strcmp0 (on, "reader") == 0)
    return WORDS_ON_READER;
  if (g_strcmp0 (on, "none") == 0)
    return WORDS_NONE;
  return WORDS_ON_EITHER;
}

struct _TideByteSource
{
  GInputStream    *stream;
  char            *name;
  goffset          total;
  TideCompression  compression;

  TideProgressFunc progress;
  gpointer         progress_data;

  /* compressed (or plain) input */
  guint8          *in_buf;
  gsize            in_pos;
  gsize            in_len;
  goffset          in_offset; /* file offset of in_buf[0] */
  gboolean         in_eof;

  z_stream         zs;
  gboolean         zs_ready;
  /* zstd decodes block by block straight into one ring, the chunks being
   * slices of it: no window of zstd's own, no copy out of it (see
   * ring_decode()) */
  ZSTD_DCtx       *dctx;
  guint8          *ring;
  gsize            ring_size;  /* usable bytes; RING_SLACK more are allocated */
  gsize            ring_w;     /* where the next block goes */
  gsize            ring_start; /* the first decoded byte not handed out yet */
  gsize            ring_faulted; /* its first bytes up to here are in memory */
  gboolean         in_frame;   /* zstd is inside a frame */
  GError          *ring_error; /* kept until the bytes decoded before it are out */
  bz_stream        bz;
  gboolean         bz_ready;
  gboolean         frame_done; /* the decoder is between frames/members */
  gboolean         out_eof;
  guint64          out_total;  /* decompressed bytes produced */

  /* compressed input is decoded on a thread of its own, one chunk ahead */
  GThread         *decoder;
  GAsyncQueue     *full;     /* Chunk: decoded, waiting to be read */
  GAsyncQueue     *empty;    /* Chunk: free for the decoder */
  GCancellable    *decoder_cancellable;
  gboolean         decoder_done;
  struct _Chunk   *current;  /* being read */
  gsize            chunk_size; /* decoded bytes per chunk, at most */
  guint            n_chunks;   /* in the ring between decoder and reader */

  /* what borrow() hands out when no decoder thread runs */
  guint8          *borrow_buf;

  /* run by the decoder thread on each chunk */
  TideChunkFunc    chunk_func;
  gpointer         chunk_func_data;
  gint             words_on;   /* WordsOn: where chunk words are made, read
                                * from the environment with chunk_func */
  gboolean         at_line_start; /* the decoder's next chunk starts a line */
  gboolean         borrowed_whole; /* the last borrow() was a whole chunk */

  gboolean         closed;   /* tide_byte_source_close(): nothing more to read */

  /* decompressed bytes kept by peek() and served first by read() */
  guint8           head[HEAD_SIZE];
  gsize            head_len;
  gsize            head_pos;
  gboolean         head_filled;
};

static goffset
consumed (TideByteSource *self)
{
  return self->in_offset + self->in_pos;
}

/* Makes the next @n bytes of input (at most INPUT_CHUNK) one run from
 * in_buf[in_pos], moving what is left to the buffer's start and reading
 * after it. Returns how many there are (fewer at the end of the file), or
 * -1 on I/O error or cancel. */
static gssize
input_gather (TideByteSource  *self,
              gsize            n,
              GCancellable    *cancellable,
              GError         **error)
{
  gsize have = self->in_len - self->in_pos;

  g_assert (n <= INPUT_CHUNK);
  while (have < n && !self->in_eof)
    {
      gsize want = INPUT_CHUNK - have, got = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return -1;
      memmove (self->in_buf, self->in_buf + self->in_pos, have);
      self->in_offset += self->in_pos;
      self->in_pos = 0;
      self->in_len = have;
      if (!g_input_stream_read_all (self->stream, self->in_buf + have, want, &got, cancellable, error))
        return -1;
      self->in_len = have += got;
      if (got < want)
        self->in_eof = TRUE;
      if (self->progress != NULL)
        self->progress (self->in_offset + self->in_len, self->total, self->progress_data);
    }
  return MIN (have, n);
}

/* Refills in_buf when it is empty. Returns FALSE on I/O error or cancel. */
static gboolean
fill_input (TideByteSource  *self,
            GCancellable    *cancellable,
            GError         **error)
{
  return input_gather (self, 1, cancellable, error) >= 0;
}

static gboolean
input_exhausted (TideByteSource *self)
{
  return self->in_eof && self->in_pos >= self->in_len;
}

static void
set_truncated (TideByteSource  *self,
               const char      *what,
               GError         **error)
{
  g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TRUNCATED,
               "%s: %s data ends unexpectedly at byte %" G_GOFFSET_FORMAT " (truncated file?)",
               self->name, what, consumed (self));
}

static gssize
read_gzip (TideByteSource  *self,
           guint8          *buffer,
           gsize            len,
           GCancellable    *cancellable,
           GError         **error)
{
  for (;;)
    {
      int ret;
      gsize produced;

      if (!fill_input (self, cancellable, error))
        return -1;

      if (self->frame_done)
        {
          if (input_exhausted (self))
            return 0;
          /* another gzip member follows (concatenated files) */
          if (inflateReset (&self->zs) != Z_OK)
            return -1;
          self->frame_done = FALSE;
        }

      if (input_exhausted (self))
        {
          set_truncated (self, "gzip", error);
          return -1;
        }

      self->zs.next_in = self->in_buf + self->in_pos;
      self->zs.avail_in = self->in_len - self->in_pos;
      self->zs.next_out = buffer;
      self->zs.avail_out = MIN (len, G_MAXUINT32);

      ret = inflate (&self->zs, Z_NO_FLUSH);
      self->in_pos = self->in_len - self->zs.avail_in;
      produced = MIN (len, G_MAXUINT32) - self->zs.avail_out;

      if (ret == Z_STREAM_END)
        self->frame_done = TRUE;
      else if (ret != Z_OK && ret != Z_BUF_ERROR)
        {
          g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT,
                       "%s: gzip data is corrupt near byte %" G_GOFFSET_FORMAT ": %s",
                       self->name, consumed (self), self->zs.msg ? self->zs.msg : "inflate failed");
          return -1;
        }

      if (produced > 0)
        return produced;
    }
}

/* Counts @n more decoded bytes; FALSE, with @error, once they are a
 * decompression bomb's. */
static gboolean
count_output (TideByteSource  *self,
              gsize            n,
              GError         **error)
{
  self->out_total += n;
  if (self->out_total > BOMB_FLOOR && self->out_total / BOMB_RATIO > (guint64) consumed (self))
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TOO_LARGE,
                   "%s: byte %" G_GOFFSET_FORMAT " of the compressed data: it expands to more than %d "
                   "times its size (%" G_GUINT64_FORMAT " bytes so far), a decompression bomb, not a trace",
                   self->name, consumed (self), BOMB_RATIO, self->out_total);
      return FALSE;
    }
  return TRUE;
}

static void
set_zstd_corrupt (TideByteSource  *self,
                  const char      *why,
                  GError         **error)
{
  g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT,
               "%s: zstd data is corrupt near byte %" G_GOFFSET_FORMAT ": %s",
               self->name, consumed (self), why);
}

/* The ring a frame of @window bytes needs. While zstd decodes a block at
 * ring_w, it reads the @window bytes before it, and the reader may hold
 * the chunks before it but one: the newest of those bytes are the ones
 * kept, plus the tail a wrap leaves unused (less than a chunk) and the
 * chunk being decoded. */
static gsize
ring_size_for (TideByteSource *self,
               gsize           window)
{
  return MAX (window, (self->n_chunks - 1) * self->chunk_size) + 2 * self->chunk_size;
}

/* Bytes past the ring's end: the 0 after a chunk that ends there, and
 * room for loads of a few bytes past a line's end. */
#define RING_SLACK 64

/* Makes the ring big enough for a frame of @window bytes. A bigger ring
 * is made only with every chunk back from the reader (a later frame of a
 * concatenated file may have a larger window); the bytes not handed out
 * yet keep their places. */
static gboolean
ring_fit (TideByteSource  *self,
          gsize            window,
          GError         **error)
{
  gsize size = ring_size_for (self, window);
  GQueue held = G_QUEUE_INIT;
  gboolean stopped = FALSE;

  if (size <= self->ring_size)
    return TRUE;
  /* the decoder thread holds one chunk; the others come back as read */
  for (guint i = 0; self->decoder != NULL && i + 1 < self->n_chunks; i++)
    {
      Chunk *chunk = g_async_queue_pop (self->empty);

      g_queue_push_tail (&held, chunk);
      stopped |= chunk->stop;
    }
  if (!stopped)
    {
      guint8 *ring = tide_huge_aligned_alloc (size + RING_SLACK);

      /* The ring is written through, a page fault for every 4 KiB of it:
       * past its first 2 MiB, in huge pages, 2 MiB a fault. The first
       * 2 MiB are all of a small trace's ring, whose output may end in
       * its first pages: zeroing a whole huge page there cost the first
       * chunk 0.35 ms (ht_xmllint decodes to 1.2 MB). They are faulted
       * in a block at a time instead, as they are reached (see
       * ring_reach()). */
      if (size + RING_SLACK > TIDE_HUGE_PAGE)
        tide_prefer_huge_pages (ring + TIDE_HUGE_PAGE, size + RING_SLACK - TIDE_HUGE_PAGE);
      self->ring_faulted = 0;
      if (self->ring != NULL)
        {
          memcpy (ring, self->ring, self->ring_size + RING_SLACK);
          self->ring_faulted = self->ring_size + RING_SLACK;
        }
      g_free (self->ring);
      self->ring = ring;
      self->ring_size = size;
    }
  while (!g_queue_is_empty (&held))
    g_async_queue_push (self->empty, g_queue_pop_head (&held));
  if (stopped)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The reader went away");
  return !stopped;
}

/* Starts a frame: its header says how large a window, so how large a
 * ring. A skippable frame is passed over here, zstd never sees it. Sets
 * out_eof at the end of the data. */
static gboolean
ring_begin_frame (TideByteSource  *self,
                  GCancellable    *cancellable,
                  GError         **error)
{
  ZSTD_frameHeader header;
  gssize have = input_gather (self, ZSTD_FRAMEHEADERSIZE_MAX, cancellable, error);
  size_t ret;

  if (have < 0)
    return FALSE;
  if (have == 0)
    {
      self->out_eof = TRUE;
      return TRUE;
    }
  ret = ZSTD_getFrameHeader (&header, self->in_buf + self->in_pos, have);
  if (ZSTD_isError (ret))
    {
      set_zstd_corrupt (self, ZSTD_getErrorName (ret), error);
      return FALSE;
    }
  if (ret > 0)
    {
      /* the file ends inside the header: say where it ends */
      self->in_pos += have;
      set_truncated (self, "zstd", error);
      return FALSE;
    }

  if (header.frameType == ZSTD_skippableFrame)
    {
      /* zstd 1.5.4 leaves headerSize 0 for these */
      guint64 skip = ZSTD_SKIPPABLEHEADERSIZE + header.frameContentSize;

      while (skip > 0)
        {
          have = input_gather (self, MIN (skip, INPUT_CHUNK), cancellable, error);
          if (have < 0)
            return FALSE;
          if (have == 0)
            {
              set_truncated (self, "zstd", error);
              return FALSE;
            }
          self->in_pos += have;
          skip -= have;
        }
      return TRUE;
    }

  /* as zstd's streaming decoder refuses by default */
  if (header.windowSize > ((guint64) 1 << ZSTD_WINDOWLOG_LIMIT_DEFAULT))
    {
      set_zstd_corrupt (self, ZSTD_getErrorString (ZSTD_error_frameParameter_windowTooLarge), error);
      return FALSE;
    }
  if (!ring_fit (self, header.windowSize, error))
    return FALSE;
  ZSTD_decompressBegin (self->dctx);
  self->in_frame = TRUE;
  return TRUE;
}

/* Faults in the ring's pages up to @end, in one call, while in its first
 * huge page's span (see ring_fit()); past it, huge pages come a fault at a
 * time. */
static void
ring_reach (TideByteSource *self,
            gsize           end)
{
  /* whole pages of any size (4 to 64 KiB) */
  end = MIN ((end + 0xffff) & ~(gsize) 0xffff, TIDE_HUGE_PAGE);
  if (end <= self->ring_faulted)
    return;
  tide_populate (self->ring + self->ring_faulted, end - self->ring_faulted);
  self->ring_faulted = end;
}

/* Feeds zstd the next piece of its input (a header, a block), which it
 * decodes at ring_w; @room bytes are free there, at least a block's.
 * Returns the bytes decoded (0 for all but blocks), or -1 with @error.
 * zstd reads the last window of bytes decoded where it wrote them: in
 * the same run of the ring, or, after a wrap, in the run before. */
static gssize
ring_decode (TideByteSource  *self,
             gsize            room,
             GCancellable    *cancellable,
             GError         **error)
{
  gsize need;
  gssize have;
  size_t ret;

  if (!self->in_frame)
    return ring_begin_frame (self, cancellable, error) ? 0 : -1;

  need = ZSTD_nextSrcSizeToDecompress (self->dctx);
  if (need > INPUT_CHUNK)
    {
      /* only a skippable frame has pieces so large, and those never get here */
      set_zstd_corrupt (self, "a piece larger than a block", error);
      return -1;
    }
  have = input_gather (self, need, cancellable, error);
  if (have < 0)
    return -1;
  if ((gsize) have < need)
    {
      self->in_pos += have;
      set_truncated (self, "zstd", error);
      return -1;
    }
  ring_reach (self, self->ring_w + MIN (room, ZSTD_BLOCKSIZE_MAX));
  ret = ZSTD_decompressContinue (self->dctx, self->ring + self->ring_w, room, self->in_buf + self->in_pos, need);
  self->in_pos += need;
  if (ZSTD_isError (ret))
    {
      set_zstd_corrupt (self, ZSTD_getErrorName (ret), error);
      return -1;
    }
  /* 0: the frame's last block (and checksum) is done */
  if (ZSTD_nextSrcSizeToDecompress (self->dctx) == 0)
    self->in_frame = FALSE;
  self->ring_w += ret;
  if (!count_output (self, ret, error))
    return -1;
  return ret;
}

/* The next decoded bytes in the ring, [ring_start, ring_w) once it
 * returns, up to a chunk of them: blocks are decoded into the chunk as
 * long as another fits. Returns how many (0 at the end), or -1; the
 * bytes before an error come first, the error with the next call. */
static gssize
ring_next_chunk (TideByteSource  *self,
                 GCancellable    *cancellable,
                 GError         **error)
{
  gsize cap = self->chunk_size;

  if (self->ring_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->ring_error));
      return -1;
    }
  /* a chunk is one run: when one may not fit before the ring's end, the
   * next starts at its beginning */
  if (self->ring_start == self->ring_w && self->ring_size - self->ring_w < cap)
    self->ring_start = self->ring_w = 0;
  while (!self->out_eof && self->ring_w - self->ring_start + ZSTD_BLOCKSIZE_MAX <= cap)
    {
      if (ring_decode (self, cap - (self->ring_w - self->ring_start), cancellable, &self->ring_error) < 0)
        {
          if (self->ring_w > self->ring_start)
            break;
          g_propagate_error (error, g_steal_pointer (&self->ring_error));
          return -1;
        }
    }
  return self->ring_w - self->ring_start;
}

/* Decoded bytes copied out of the ring: what peek() keeps. */
static gssize
read_zstd (TideByteSource  *self,
           guint8          *buffer,
           gsize            len,
           GCancellable    *cancellable,
           GError         **error)
{
  gsize n;

  if (self->ring_start == self->ring_w && ring_next_chunk (self, cancellable, error) < 0)
    return -1;
  n = MIN (len, self->ring_w - self->ring_start);
  if (n == 0)
    return 0;
  memcpy (buffer, self->ring + self->ring_start, n);
  self->ring_start += n;
  return n;
}

static gssize
read_bzip2 (TideByteSource  *self,
            guint8          *buffer,
            gsize            len,
            GCancellable    *cancellable,
            GError         **error)
{
  for (;;)
    {
      int ret;
      gsize produced;

      if (!fill_input (self, cancellable, error))
        return -1;

      if (self->frame_done)
        {
          if (input_exhausted (self))
            return 0;
          /* another bzip2 stream follows (as pbzip2 and cat write them) */
          BZ2_bzDecompressEnd (&self->bz);
          memset (&self->bz, 0, sizeof self->bz);
          if (BZ2_bzDecompressInit (&self->bz, 0, 0) != BZ_OK)
            g_error ("bzip2 could not be initialised (out of memory)");
          self->frame_done = FALSE;
        }

      if (input_exhausted (self))
        {
          set_truncated (self, "bzip2", error);
          return -1;
        }

      self->bz.next_in = (char *) self->in_buf + self->in_pos;
      self->bz.avail_in = self->in_len - self->in_pos;
      self->bz.next_out = (char *) buffer;
      self->bz.avail_out = MIN (len, G_MAXUINT32);

      ret = BZ2_bzDecompress (&self->bz);
      self->in_pos = self->in_len - self->bz.avail_in;
      produced = MIN (len, G_MAXUINT32) - self->bz.avail_out;

      if (ret == BZ_STREAM_END)
        self->frame_done = TRUE;
      else if (ret != BZ_OK)
        {
          g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_CORRUPT,
                       "%s: bzip2 data is corrupt near byte %" G_GOFFSET_FORMAT " (error %d)",
                       self->name, consumed (self), ret);
          return -1;
        }

      if (produced > 0)
        return produced;
    }
}

static gssize
read_plain (TideByteSource  *self,
            guint8          *buffer,
            gsize            len,
            GCancellable    *cancellable,
            GError         **error)
{
  gsize n;

  if (!fill_input (self, cancellable, error))
    return -1;
  if (input_exhausted (self))
    return 0;

  n = MIN (len, self->in_len - self->in_pos);
  memcpy (buffer, self->in_buf + self->in_pos, n);
  self->in_pos += n;
  return n;
}

static gssize
read_decoded (TideByteSource  *self,
              guint8          *buffer,
              gsize            len,
              GCancellable    *cancellable,
              GError         **error)
{
  gssize n;

  switch (self->compression)
    {
    case TIDE_COMPRESSION_GZIP:
      n = read_gzip (self, buffer, len, cancellable, error);
      break;
    case TIDE_COMPRESSION_ZSTD:
      /* counted as decoded into the ring */
      return read_zstd (self, buffer, len, cancellable, error);
    case TIDE_COMPRESSION_BZIP2:
      n = read_bzip2 (self, buffer, len, cancellable, error);
      break;
    case TIDE_COMPRESSION_NONE:
    default:
      return read_plain (self, buffer, len, cancellable, error);
    }

  if (n > 0 && !count_output (self, n, error))
    return -1;
  return n;
}

static void
run_chunk_func (TideByteSource *self,
                Chunk          *chunk)
{
  /* the words' pages in one call, the first time (a chunk is handed from
   * thread to thread, never shared) */
  if (!chunk->words_faulted)
    {
      tide_populate (chunk->words, WORDS_PER_CHUNK (self->chunk_size) * sizeof (guint32));
      chunk->words_faulted = TRUE;
    }
  chunk->n_words = self->chunk_func (chunk->data, chunk->len, chunk->at_line_start,
                                     chunk->words, WORDS_PER_CHUNK (self->chunk_size), self->chunk_func_data);
  g_assert (chunk->n_words <= WORDS_PER_CHUNK (self->chunk_size) || chunk->n_words == G_MAXSIZE);
}

static gpointer
decoder_thread (gpointer user_data)
{
  TideByteSource *self = user_data;

  for (;;)
    {
      Chunk *chunk = g_async_queue_pop (self->empty);
      gssize len;

      if (chunk->stop)
        {
          /* the reader is going away */
          g_free (chunk);
          return NULL;
        }
      chunk->pos = 0;
      if (self->dctx != NULL)
        {
          len = ring_next_chunk (self, self->decoder_cancellable, &chunk->error);
          /* no ring before a first frame's header is read */
          if (len > 0)
            {
              chunk->data = self->ring + self->ring_start;
              self->ring_start = self->ring_w;
            }
        }
      else
        len = read_decoded (self, chunk->data, self->chunk_size, self->decoder_cancellable, &chunk->error);
      chunk->len = len;
      if (len > 0 && self->chunk_func != NULL)
        {
          chunk->data[len] = 0;
          chunk->at_line_start = self->at_line_start;
          /* Whichever thread has time makes the words. A decoded chunk
           * waiting for the reader means the reader is the slower (the
           * usual case: applying events costs more than decompressing
           * them), and this thread would only wait for an empty chunk;
           * none waiting means the reader waits for us, and takes the
           * words on itself (a trace whose events decompress slowly, as
           * ht_pylarge's). */
          if (self->words_on == WORDS_ON_DECODER
              || (self->words_on == WORDS_ON_EITHER && g_async_queue_length (self->full) > 0))
            run_chunk_func (self, chunk);
          else
            chunk->n_words = WORDS_LATER;
          self->at_line_start = chunk->data[len - 1] == '\n';
        }
      /* progress per decoded chunk too: one compressed input chunk can
       * decode to 30 of them (a quarter of a second of parsing and more),
       * too coarse for a bar that should move at least 4 times a second */
      if (len > 0 && self->progress != NULL)
        self->progress (consumed (self), self->total, self->progress_data);
      /* once pushed, the chunk belongs to the reader, who may free it */
      g_async_queue_push (self->full, chunk);
      if (len <= 0)
        return NULL;
    }
}

static void
chunk_free (gpointer data)
{
  Chunk *chunk = data;

  g_free (chunk->own);
  g_free (chunk->words);
  g_clear_error (&chunk->error);
  g_free (chunk);
}

static void
start_decoder (TideByteSource *self)
{
  self->full = g_async_queue_new_full (chunk_free);
  self->empty = g_async_queue_new_full (chunk_free);
  self->decoder_cancellable = g_cancellable_new ();
  for (guint i = 0; i < self->n_chunks; i++)
    {
      Chunk *chunk = g_new0 (Chunk, 1);

      /* one more byte: the 0 a chunk function may read after the data;
       * zstd's chunks are slices of its ring */
      if (self->dctx == NULL)
        chunk->data = chunk->own = g_malloc (self->chunk_size + 1);
      if (self->chunk_func != NULL)
        chunk->words = g_new (guint32, WORDS_PER_CHUNK (self->chunk_size));
      g_async_queue_push (self->empty, chunk);
    }
  /* the decoder goes on where the bytes peek() kept end */
  self->at_line_start = self->head_len == 0 || self->head[self->head_len - 1] == '\n';
  self->decoder = g_thread_new ("tidemark-decode", decoder_thread, self);
}

static void
stop_decoder (TideByteSource *self)
{
  if (self->decoder == NULL)
    return;

  /* wake the decoder wherever it waits: on the file, or for an empty chunk */
  g_cancellable_cancel (self->decoder_cancellable);
  {
    Chunk *stop = g_new0 (Chunk, 1);

    stop->stop = TRUE;
    g_async_queue_push (self->empty, stop);
  }
  g_thread_join (self->decoder);
  self->decoder = NULL;

  if (self->current != NULL)
    chunk_free (self->current);
  self->current = NULL;
  g_clear_pointer (&self->full, g_async_queue_unref);
  g_clear_pointer (&self->empty, g_async_queue_unref);
  g_clear_object (&self->decoder_cancellable);
}

/* Makes self->current a chunk of the decoder thread's with bytes left,
 * giving the one read to its end back and starting the decoder on first
 * use; honours the caller's cancellable. Returns 1, 0 at the end of the
 * data, or -1 with @error. */
static gssize
next_chunk (TideByteSource  *self,
            GCancellable    *cancellable,
            GError         **error)
{
  if (self->current != NULL && self->current->pos == (gsize) self->current->len)
    {
      g_async_queue_push (self->empty, self->current);
      self->current = NULL;
    }
  if (self->decoder_done)
    return 0;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  if (self->decoder == NULL)
    start_decoder (self);

  if (self->current == NULL)
    {
      Chunk *chunk = g_async_queue_pop (self->full);

      if (chunk->len <= 0)
        {
          gssize result = chunk->len;

          if (chunk->error != NULL)
            g_propagate_error (error, g_steal_pointer (&chunk->error));
          chunk_free (chunk);
          self->decoder_done = TRUE;
          return result;
        }
      self->current = chunk;
    }
  return 1;
}

/* Copies from the decoder thread's chunks. */
static gssize
read_threaded (TideByteSource  *self,
               guint8          *buffer,
               gsize            len,
               GCancellable    *cancellable,
               GError         **error)
{
  gssize ready = next_chunk (self, cancellable, error);
  gsize n;

  if (ready <= 0)
    return ready;
  n = MIN (len, self->current->len - self->current->pos);
  memcpy (buffer, self->current->data + self->current->pos, n);
  self->current->pos += n;
  /* read to its end: the decoder may refill it at once */
  if (self->current->pos == (gsize) self->current->len)
    {
      g_async_queue_push (self->empty, self->current);
      self->current = NULL;
    }
  return n;
}

/* The rest of the current chunk, or the next one, without a copy; the
 * chunk stays the reader's until the next call. */
static gssize
borrow_threaded (TideByteSource  *self,
                 const guint8   **data,
                 GCancellable    *cancellable,
                 GError         **error)
{
  gssize ready = next_chunk (self, cancellable, error);
  gsize n;

  if (ready <= 0)
    return ready;
  self->borrowed_whole = self->current->pos == 0;
  *data = self->current->data + self->current->pos;
  n = self->current->len - self->current->pos;
  self->current->pos = self->current->len;
  return n;
}

static TideByteSource *
source_new (GInputStream *stream,
            const char   *name,
            goffset       total)
{
  TideByteSource *self = g_new0 (TideByteSource, 1);

  self->stream = stream;
  self->name = g_strdup (name);
  self->total = total;
  self->in_buf = g_malloc (INPUT_CHUNK);
  return self;
}

/* A small file, small chunks: the decoder runs ahead and fills every
 * chunk of the ring, fresh pages each faulted in (2 us a page on the
 * 2-core VM), 2 MiB with their words, for a file that may decode to 1 MB
 * (ht_xmllint: 1436 -> 1038 page faults). A trace decodes to 2 to 30
 * times its compressed size, so a chunk the compressed size (64 KiB at
 * least) still leaves the handoffs few. A chunk of zstd's ring holds a
 * block at least. */
static void
plan_chunks (TideByteSource *self)
{
  self->chunk_size = DECODED_CHUNK;
  if (self->total > 0 && self->total < DECODED_CHUNK)
    self->chunk_size = MAX (SMALL_CHUNK, (gsize) 1 << g_bit_storage (self->total - 1));
  self->n_chunks = self->chunk_size == DECODED_CHUNK ? N_CHUNKS : N_SMALL_CHUNKS;
  if (self->dctx != NULL)
    self->chunk_size = MAX (self->chunk_size, ZSTD_BLOCKSIZE_MAX);
}

/* Looks at the first bytes of the file and sets up the right decoder. */
static gboolean
sniff_compression (TideByteSource  *self,
                   GCancellable    *cancellable,
                   GError         **error)
{
  static const guint8 zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
  const guint8 *p;
  gsize avail;

  if (!fill_input (self, cancellable, error))
    return FALSE;

  p = self->in_buf;
  avail = self->in_len;
  if (avail >= 2 && p[0] == 0x1f && p[1] == 0x8b)
    {
      self->compression = TIDE_COMPRESSION_GZIP;
      if (inflateInit2 (&self->zs, 15 + 32) != Z_OK)
        g_error ("zlib could not be initialised (out of memory)");
      self->zs_ready = TRUE;
    }
  else if (avail >= 4 && memcmp (p, zstd_magic, 4) == 0)
    {
      self->compression = TIDE_COMPRESSION_ZSTD;
      self->dctx = ZSTD_createDCtx ();
      if (self->dctx == NULL)
        g_error ("zstd could not be initialised (out of memory)");
    }
  else if (avail >= 4 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' && p[3] >= '1' && p[3] <= '9')
    {
      self->compression = TIDE_COMPRESSION_BZIP2;
      if (BZ2_bzDecompressInit (&self->bz, 0, 0) != BZ_OK)
        g_error ("bzip2 could not be initialised (out of memory)");
      self->bz_ready = TRUE;
    }
  else
    self->compression = TIDE_COMPRESSION_NONE;

  plan_chunks (self);
  return TRUE;
}

TideByteSource *
tide_byte_source_new_for_file (GFile         *file,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(TideByteSource) self = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, error);
  if (info == NULL)
    return NULL;

  name = g_file_get_basename (file);
  self = source_new (G_INPUT_STREAM (g_steal_pointer (&stream)), name, g_file_info_get_size (info));
  if (!sniff_compression (self, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

TideByteSource *
tide_byte_source_new_for_bytes (GBytes *bytes)
{
  TideByteSource *self;

  self = source_new (g_memory_input_stream_new_from_bytes (bytes), "<memory>", g_bytes_get_size (bytes));
  /* a memory stream neither fails nor is cancelled */
  sniff_compression (self, NULL, NULL);
  return self;
}

void
tide_byte_source_close (TideByteSource *self)
{
  stop_decoder (self);
  if (self->zs_ready)
    inflateEnd (&self->zs);
  self->zs_ready = FALSE;
  if (self->bz_ready)
    BZ2_bzDecompressEnd (&self->bz);
  self->bz_ready = FALSE;
  g_clear_pointer (&self->dctx, ZSTD_freeDCtx);
  g_clear_error (&self->ring_error);
  g_clear_pointer (&self->ring, g_free);
  g_clear_object (&self->stream);
  g_clear_pointer (&self->in_buf, g_free);
  g_clear_pointer (&self->borrow_buf, g_free);
  self->closed = TRUE;
}

void
tide_byte_source_free (TideByteSource *self)
{
  if (self == NULL)
    return;

  tide_byte_source_close (self);
  g_free (self->name);
  g_free (self);
}

void
tide_byte_source_set_progress (TideByteSource   *self,
                               TideProgressFunc  func,
                               gpointer          user_data)
{
  self->progress = func;
  self->progress_data = user_data;
}

TideCompression
tide_byte_source_get_compression (TideByteSource *self)
{
  return self->compression;
}

const char *
tide_byte_source_get_name (TideByteSource *self)
{
  return self->name;
}

goffset
tide_byte_source_get_total (TideByteSource *self)
{
  return self->total;
}

gboolean
tide_byte_source_peek (TideByteSource  *self,
                       const guint8   **data,
                       gsize           *len,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_return_val_if_fail (!self->closed, FALSE);

  if (!self->head_filled)
    {
      g_assert (self->head_pos == 0);

      while (self->head_len < HEAD_SIZE)
        {
          gssize n = read_decoded (self, self->head + self->head_len, HEAD_SIZE - self->head_len,
                                   cancellable, error);
          if (n < 0)
            return FALSE;
          if (n == 0)
            break;
          self->head_len += n;
        }
      self->head_filled = TRUE;
    }

  *data = self->head;
  *len = self->head_len;
  return TRUE;
}

/* Decompressing is worth a thread of its own, and so is making a chunk's
 * words, from plain bytes too (ht_pybig decompressed: 267 -> 157 ms);
 * copying plain bytes alone is not. */
static gboolean
threaded (TideByteSource *self)
{
  return self->compression != TIDE_COMPRESSION_NONE || self->chunk_func != NULL;
}

gssize
tide_byte_source_read (TideByteSource  *self,
                       guint8          *buffer,
                       gsize            len,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_return_val_if_fail (!self->closed, -1);

  if (self->head_pos < self->head_len)
    {
      gsize n = MIN (len, self->head_len - self->head_pos);

      memcpy (buffer, self->head + self->head_pos, n);
      self->head_pos += n;
      return n;
    }

  if (threaded (self))
    return read_threaded (self, buffer, len, cancellable, error);
  return read_decoded (self, buffer, len, cancellable, error);
}

gssize
tide_byte_source_borrow (TideByteSource  *self,
                         const guint8   **data,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_return_val_if_fail (!self->closed, -1);

  self->borrowed_whole = FALSE;
  if (self->head_pos < self->head_len)
    {
      gsize n = self->head_len - self->head_pos;

      *data = self->head + self->head_pos;
      self->head_pos = self->head_len;
      return n;
    }

  if (threaded (self))
    return borrow_threaded (self, data, cancellable, error);

  /* plain bytes: one copy, as read() makes */
  if (self->borrow_buf == NULL)
    self->borrow_buf = g_malloc (DECODED_CHUNK);
  *data = self->borrow_buf;
  return read_decoded (self, self->borrow_buf, DECODED_CHUNK, cancellable, error);
}

void
tide_byte_source_set_chunk_func (TideByteSource *self,
                                 TideChunkFunc   func,
                                 gpointer        user_data)
{
  g_return_if_fail (self->decoder == NULL);

  self->words_on = words_on_from_env ();
  if (self->words_on == WORDS_NONE)
    return;
  self->chunk_func = func;
  self->chunk_func_data = user_data;
}

const guint32 *
tide_byte_source_get_chunk_words (TideByteSource *self,
                                  gsize          *n)
{
  if (!self->borrowed_whole || self->current == NULL || self->current->words == NULL)
    return NULL;
  if (self->current->n_words == WORDS_LATER)
    run_chunk_func (self, self->current);
  if (self->current->n_words == G_MAXSIZE)
    return NULL;
  *n = self->current->n_words;
  return self->current->words;
}
