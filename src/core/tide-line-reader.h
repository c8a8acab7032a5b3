/* tide-line-reader.h: lines of any length out of a TideByteSource
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hands out runs of whole lines as pointers into the byte source's own
 * decoded chunks (no copy, no allocation per line); only a line cut by a
 * chunk's end is copied, into a buffer of its own. Each run comes with the
 * decompressed byte offset where it starts, so readers can say exactly
 * where a file is wrong.
 */
#pragma once

#include "tide-byte-source.h"

G_BEGIN_DECLS

/* A single line longer than this is refused instead of buffered. */
#define TIDE_LINE_READER_MAX_LINE (256 * 1024 * 1024)

typedef struct
{
  TideByteSource *source;    /* borrowed */
  const guint8   *chunk;     /* the source's, not handed out yet */
  gsize           chunk_len;
  guint8         *carry;     /* a line cut by a chunk's end, being completed */
  gsize           carry_len;
  gsize           carry_size; /* allocated, less the byte for a final 0 */
  gboolean        eof;
  guint64         next_offset;
  const guint32  *chunk_words; /* the chunk function's words for chunk */
  gsize           chunk_n_words;
  const guint32  *words;       /* ... for the run handed out last */
  gsize           n_words;
} TideLineReader;

void     tide_line_reader_init  (TideLineReader  *self,
                                 TideByteSource  *source);
void     tide_line_reader_clear (TideLineReader  *self);
/* The next run of whole lines, [*data, *data + *len), ending with '\n'
 * except for a last line that has none; that one is followed by a readable 0
 * byte. *offset is the stream offset of *data. The run stays valid until
 * the next call. Returns FALSE at the end (error unset) or on error. The
 * caller counts lines itself. */
gboolean tide_line_reader_next_run (TideLineReader  *self,
                                    const char     **data,
                                    gsize           *len,
                                    guint64         *offset,
                                    GCancellable    *cancellable,
                                    GError         **error);

/* The words the byte source's chunk function made of the lines of the
 * last run, one per line (see TideChunkFunc), and how many in *@n; NULL
 * when the run has none (a line put together from two chunks, bytes not
 * from the decoding thread). Valid as long as the run. */
static inline const guint32 *
tide_line_reader_get_words (TideLineReader *self,
                            gsize          *n)
{
  *n = self->n_words;
  return self->words;
}

G_END_DECLS
