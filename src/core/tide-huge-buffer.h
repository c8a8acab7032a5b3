/* tide-huge-buffer.h: a byte buffer that grows without copying, in 2 MiB pages
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table that grows as a trace is read (the timeline's packed samples:
 * 9 MB on ht_pystamped) faulted each fresh 4 KiB page in, and each
 * doubling copied what it held into more fresh pages. Past a huge page
 * the buffer is a mapping of its own, marked for 2 MiB pages, and a
 * larger one takes the old pages over where they are (mremap), so nothing
 * is copied and a fault fills 2 MiB. Below that it is g_realloc()'s.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint8 *data;
  gsize   len;      /* bytes in use */
  gsize   capacity; /* bytes that data may hold */
  gboolean mapped;  /* data is a mapping of its own, not g_malloc()'s */
} TideHugeBuffer;

#define TIDE_HUGE_BUFFER_INIT { NULL, 0, 0, FALSE }

/* Sets the bytes in use to @len, growing the buffer if it must; the
 * bytes it gains are not initialised. Keeps those it had. */
void     tide_huge_buffer_set_len (TideHugeBuffer *buf,
                                   gsize           len);
/* @n more bytes in use, not initialised: where they start. */
gpointer tide_huge_buffer_append  (TideHugeBuffer *buf,
                                   gsize           n);
/* Gives back the pages past the bytes in use, once the buffer is done
 * growing: the last huge page is otherwise whole in memory however
 * little of it is used. */
void     tide_huge_buffer_trim    (TideHugeBuffer *buf);
/* Frees the buffer's memory; it is empty again, and may be used again. */
void     tide_huge_buffer_clear   (TideHugeBuffer *buf);

G_END_DECLS
