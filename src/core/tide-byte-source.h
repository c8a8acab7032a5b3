/* tide-byte-source.h: a file's bytes, decompressed on the fly when needed
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Traces arrive as plain text, gzip, zstd or bzip2. The source sniffs the magic (never
 * the file name), streams the decompressed bytes in large chunks, counts the
 * compressed bytes consumed for progress, and turns bad or cut-off compressed
 * data into TIDE_TRACE_ERROR with the byte offset where it went wrong.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  TIDE_COMPRESSION_NONE,
  TIDE_COMPRESSION_GZIP,
  TIDE_COMPRESSION_ZSTD,
  TIDE_COMPRESSION_BZIP2, /* massif files, as massif-visualizer reads them */
} TideCompression;

typedef struct _TideByteSource TideByteSource;

/* Called after every chunk read from the file; returns nothing, may not fail. */
typedef void (*TideProgressFunc) (goffset  consumed,
                                  goffset  total,
                                  gpointer user_data);

/* Turns a decoded chunk's whole lines into at most @capacity 32-bit words
 * in @out and returns how many, or G_MAXSIZE to give none for this chunk,
 * to take work off the reading thread. It runs on the decoding thread
 * while the reader has chunks waiting, else on the reading thread when it
 * asks for the chunk's words: whichever has the time. The lines are those
 * from the first line start in @data (0 when @at_line_start, else just
 * after the first '\n') up to its last '\n': exactly the lines a
 * TideLineReader hands out of the chunk in one run. @data[@len] is a
 * readable 0. Must not fail or touch anything but @out. */
typedef gsize (*TideChunkFunc) (const guint8 *data,
                                gsize         len,
                                gboolean      at_line_start,
                                guint32      *out,
                                gsize         capacity,
                                gpointer      user_data);

TideByteSource *tide_byte_source_new_for_file  (GFile             *file,
                                                GCancellable      *cancellable,
                                                GError           **error);
TideByteSource *tide_byte_source_new_for_bytes (GBytes            *bytes);
void            tide_byte_source_free          (TideByteSource    *self);
/* Gives back the decoder's thread, state and buffers once the reader is
 * done with the bytes (megabytes for a zstd window): the reader's last
 * steps then have that memory. Only the name, total and compression are
 * asked of the source afterwards. */
void            tide_byte_source_close         (TideByteSource    *self);

void            tide_byte_source_set_progress  (TideByteSource    *self,
                                                TideProgressFunc   func,
                                                gpointer           user_data);
TideCompression tide_byte_source_get_compression (TideByteSource  *self);
const char     *tide_byte_source_get_name      (TideByteSource    *self);
goffset         tide_byte_source_get_total     (TideByteSource    *self);
/* The first bytes of the decompressed stream (for sniffing the format). */
gboolean        tide_byte_source_peek          (TideByteSource    *self,
                                                const guint8     **data,
                                                gsize             *len,
                                                GCancellable      *cancellable,
                                                GError           **error);
/* Fills up to @len decompressed bytes; returns 0 at the end, -1 on error. */
gssize          tide_byte_source_read          (TideByteSource    *self,
                                                guint8            *buffer,
                                                gsize              len,
                                                GCancellable      *cancellable,
                                                GError           **error);
/* Like read(), without copying: *data points at the next bytes, valid
 * until the next call of borrow() or read(). Returns how many (0 at the
 * end, -1 on error). */
gssize          tide_byte_source_borrow        (TideByteSource    *self,
                                                const guint8     **data,
                                                GCancellable      *cancellable,
                                                GError           **error);

/* Sets the function the decoding thread runs on each chunk; before the
 * first read() or borrow(). A plain source with a function gets that
 * thread too, to read and make words while the caller applies them;
 * TIDEMARK_CHUNK_WORDS=none leaves the function unset (for tests of the
 * caller's path without words). */
void            tide_byte_source_set_chunk_func (TideByteSource   *self,
                                                 TideChunkFunc     func,
                                                 gpointer          user_data);
/* The words @func made of the chunk the last borrow() handed out, and how
 * many in *@n; NULL when there are none (no function, bytes not from the
 * decoding thread, or it gave none). Valid as long as the chunk. */
const guint32  *tide_byte_source_get_chunk_words (TideByteSource *self,
                                                  gsize          *n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideByteSource, tide_byte_source_free)

G_END_DECLS
