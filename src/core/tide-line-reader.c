/* tide-line-reader.c: lines of any length out of a TideByteSource
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-line-reader.h"
#include "tide-trace-error.h"

#define INITIAL_CARRY (4 * 1024)

void
tide_line_reader_init (TideLineReader *self,
                       TideByteSource *source)
{
  memset (self, 0, sizeof *self);
  self->source = source;
  self->carry_size = INITIAL_CARRY;
  /* one spare byte for the 0 after a last line without '\n' */
  self->carry = g_malloc (self->carry_size + 1);
}

void
tide_line_reader_clear (TideLineReader *self)
{
  g_clear_pointer (&self->carry, g_free);
}

/* Adds @len bytes of the chunk to the line being completed. */
static gboolean
carry (TideLineReader  *self,
       gsize            len,
       GError         **error)
{
  if (len > TIDE_LINE_READER_MAX_LINE - self->carry_len)
    {
      g_set_error (error, TIDE_TRACE_ERROR, TIDE_TRACE_ERROR_TOO_LARGE,
                   "%s: the line at byte %" G_GUINT64_FORMAT " is longer than %u MiB",
                   tide_byte_source_get_name (self->source),
                   self->next_offset, TIDE_LINE_READER_MAX_LINE / (1024 * 1024));
      return FALSE;
    }
  if (self->carry_len + len > self->carry_size)
    {
      while (self->carry_len + len > self->carry_size)
        self->carry_size *= 2;
      self->carry = g_realloc (self->carry, self->carry_size + 1);
    }
  memcpy (self->carry + self->carry_len, self->chunk, len);
  self->carry_len += len;
  self->chunk += len;
  self->chunk_len -= len;
  return TRUE;
}

/* Hands out the carried line(s) as a run. */
static void
take_carry (TideLineReader  *self,
            const char     **data,
            gsize           *len,
            guint64         *offset)
{
  *data = (const char *) self->carry;
  *len = self->carry_len;
  *offset = self->next_offset;
  self->next_offset += self->carry_len;
  self->carry_len = 0;
}

gboolean
tide_line_reader_next_run (TideLineReader  *self,
                           const char     **data,
                           gsize           *len,
                           guint64         *offset,
                           GCancellable    *cancellable,
                           GError         **error)
{
  self->words = NULL;
  self->n_words = 0;
  for (;;)
    {
      if (self->chunk_len > 0 && self->carry_len == 0)
        {
          const guint8 *nl = memrchr (self->chunk, '\n', self->chunk_len);

          if (nl != NULL)
            {
              gsize l = (gsize) (nl - self->chunk) + 1;

              /* the common case: whole lines straight out of the chunk,
               * the very lines its words were made of */
              self->words = self->chunk_words;
              self->n_words = self->chunk_n_words;
              self->chunk_words = NULL;
              *data = (const char *) self->chunk;
              *len = l;
              *offset = self->next_offset;
              self->chunk += l;
              self->chunk_len -= l;
              self->next_offset += l;
              return TRUE;
            }
          if (!carry (self, self->chunk_len, error))
            return FALSE;
        }
      else if (self->chunk_len > 0)
        {
          const guint8 *nl = memchr (self->chunk, '\n', self->chunk_len);

          if (!carry (self, nl != NULL ? (gsize) (nl - self->chunk) + 1 : self->chunk_len, error))
            return FALSE;
          if (nl != NULL)
            {
              take_carry (self, data, len, offset);
              return TRUE;
            }
        }

      /* the chunk is used up */
      if (self->eof)
        {
          if (self->carry_len == 0)
            return FALSE;
          self->carry[self->carry_len] = '\0';
          take_carry (self, data, len, offset);
          return TRUE;
        }
      {
        gssize n = tide_byte_source_borrow (self->source, &self->chunk, cancellable, error);

        if (n < 0)
          return FALSE;
        if (n == 0)
          self->eof = TRUE;
        self->chunk_len = n;
        self->chunk_words = tide_byte_source_get_chunk_words (self->source, &self->chunk_n_words);
      }
    }
}
