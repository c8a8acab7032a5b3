/* tide-line-reader.c: lines of any length out of a TideByteSource
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-line-reader.h"
#include "tide-trace-error.h"

#define INITIAL_SIZE (256 * 1024)

void
tide_line_reader_init (TideLineReader *self,
                       TideByteSource *source)
{
  memset (self, 0, sizeof *self);
  self->source = source;
  self->size = INITIAL_SIZE;
  /* one spare byte for the 0 after a last line without '\n' */
  self->buf = g_malloc (self->size + 1);
}

void
tide_line_reader_clear (TideLineReader *self)
{
  g_clear_pointer (&self->buf, g_free);
}

/* Moves the unread tail to the front, grows if a line fills the whole
 * buffer, and reads more. Returns FALSE on error. */
static gboolean
refill (TideLineReader  *self,
        GCancellable    *cancellable,
        GError         **error)
{
  gssize n;

  if (self->start > 0)
    {
      memmove (self->buf, self->buf + self->start, self->end - self->start);
      self->end -= self->start;
      self->start = 0;
    }

  if (self->end == self->size)
    {
      if (self->size >= TIDE_LINE_READER_MAX_LINE)
        {
          g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TOO_LARGE,
                       "%s: the line at byte %" G_GUINT64_FORMAT " is longer than %u MiB",
                       tide_byte_source_get_name (self->source),
                       self->next_offset, TIDE_LINE_READER_MAX_LINE / (1024 * 1024));
          return FALSE;
        }
      self->size *= 2;
      self->buf = g_realloc (self->buf, self->size + 1);
    }

  n = tide_byte_source_read (self->source, self->buf + self->end, self->size - self->end,
                             cancellable, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    self->eof = TRUE;
  self->end += n;
  return TRUE;
}

gboolean
tide_line_reader_next_run (TideLineReader  *self,
                           const char     **data,
                           gsize           *len,
                           guint64         *offset,
                           GCancellable    *cancellable,
                           GError         **error)
{
  gsize scanned = 0;

  for (;;)
    {
      guint8 *p = self->buf + self->start;
      gsize avail = self->end - self->start;
      guint8 *nl = scanned < avail ? memrchr (p + scanned, '\n', avail - scanned) : NULL;

      if (nl != NULL || (self->eof && avail > 0))
        {
          gsize l = nl != NULL ? (gsize) (nl - p) + 1 : avail;

          if (nl == NULL)
            p[l] = '\0';
          *data = (const char *) p;
          *len = l;
          *offset = self->next_offset;
          self->start += l;
          self->next_offset += l;
          return TRUE;
        }

      if (self->eof)
        return FALSE;

      scanned = avail;
      if (!refill (self, cancellable, error))
        return FALSE;
    }
}
