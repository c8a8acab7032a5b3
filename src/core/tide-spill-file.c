/* tide-spill-file.c: sealed blocks kept in an unlinked temporary file, not the heap
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tide-spill-file.h"

struct _TideSpillFile
{
  GMutex   lock;   /* guards all below while storing */
  int      fd;     /* -1 until the first block, or when none can be made */
  gboolean tried;  /* to make the file */
  gboolean broken; /* a write failed: keep the rest in memory */
  guint64  end;    /* bytes written */
};

/* A file in @dir that no other process can open and that disappears with
 * its last descriptor. */
static int
open_unnamed (const char *dir)
{
  g_autofree char *templ = NULL;
  int fd;

#ifdef O_TMPFILE
  fd = open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC | O_EXCL, 0600);
  if (fd >= 0)
    return fd;
  /* EISDIR/EOPNOTSUPP: a kernel or file system without O_TMPFILE; any other
   * error would fail for a named file as well */
  if (errno != EISDIR && errno != EOPNOTSUPP && errno != EINVAL)
    return -1;
#endif

  templ = g_build_filename (dir, "tidemark-spill-XXXXXX", NULL);
  fd = g_mkstemp_full (templ, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    return -1;
  if (g_unlink (templ) != 0)
    {
      /* it would outlive us: do not use it */
      close (fd);
      return -1;
    }
  return fd;
}

/* Where the user or the system keeps temporary files; see the header. */
static int
open_spill_file (void)
{
  const char *tmpdir = g_getenv ("TMPDIR");
  int fd;

  /* not g_get_tmp_dir (): it reads $TMPDIR once per process */
  if (tmpdir != NULL && tmpdir[0] != '\0')
    return open_unnamed (tmpdir);
  fd = open_unnamed ("/var/tmp");
  if (fd < 0)
    fd = open_unnamed ("/tmp");
  return fd;
}

TideSpillFile *
tide_spill_file_new (void)
{
  TideSpillFile *self = g_new0 (TideSpillFile, 1);

  g_mutex_init (&self->lock);
  self->fd = -1;
  return self;
}

void
tide_spill_file_free (TideSpillFile *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  g_mutex_clear (&self->lock);
  g_free (self);
}

guint64
tide_spill_file_get_size (TideSpillFile *self)
{
  guint64 end;

  if (self == NULL)
    return 0;
  g_mutex_lock (&self->lock);
  end = self->end;
  g_mutex_unlock (&self->lock);
  return end;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         size,
           guint64       offset)
{
  while (size > 0)
    {
      ssize_t n = pwrite (fd, data, size, (off_t) offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      size -= n;
      offset += n;
    }
  return TRUE;
}

/* Opens the file on first use; FALSE when there is none to write to. */
static gboolean
usable_locked (TideSpillFile *self)
{
  if (!self->tried)
    {
      self->fd = open_spill_file ();
      self->tried = TRUE;
    }
  return self->fd >= 0 && !self->broken;
}

gboolean
tide_spill_file_append (TideSpillFile *self,
                        const guint8  *data,
                        gsize          size,
                        guint64       *offset)
{
  gboolean written = FALSE;

  if (self == NULL)
    return FALSE;
  g_mutex_lock (&self->lock);
  if (usable_locked (self))
    {
      written = write_all (self->fd, data, size, self->end);
      if (written)
        {
          *offset = self->end;
          self->end += size;
        }
      else
        self->broken = TRUE;
    }
  g_mutex_unlock (&self->lock);
  return written;
}

gboolean
tide_spill_file_rewrite (TideSpillFile *self,
                         guint64        offset,
                         const guint8  *data,
                         gsize          size)
{
  g_return_val_if_fail (self != NULL && self->fd >= 0, FALSE);
  g_return_val_if_fail (offset + size <= self->end, FALSE);

  /* a write inside bytes already written: it needs no new room, so a full
   * disk or a file size limit cannot fail it, and it does not mark the
   * file broken for appends */
  return write_all (self->fd, data, size, offset);
}

void
tide_spill_file_release (TideSpillFile *self,
                         guint64        offset,
                         guint64        size)
{
  g_return_if_fail (self != NULL && self->fd >= 0);

#ifdef FALLOC_FL_PUNCH_HOLE
  /* whole pages only are given back; a file system that cannot punch
   * holes keeps the bytes, which costs disk but nothing else */
  if (size > 0)
    (void) fallocate (self->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t) offset, (off_t) size);
#endif
}

guint64
tide_spill_file_get_disk_usage (TideSpillFile *self)
{
  struct stat st;

  if (self == NULL || self->fd < 0 || fstat (self->fd, &st) != 0)
    return 0;
  return (guint64) st.st_blocks * 512;
}

void
tide_spill_file_read (const TideSpillFile *self,
                      guint64              offset,
                      guint8              *buffer,
                      gsize                size)
{
  gsize done = 0;

  g_assert (self != NULL);
  while (done < size)
    {
      ssize_t n = pread (self->fd, buffer + done, size - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      /* we wrote these bytes a moment ago into a file only we can reach:
       * failing to read them is a broken disk, like corrupt memory */
      if (n <= 0)
        g_error ("cannot read back %" G_GSIZE_FORMAT " bytes of a temporary file at %" G_GUINT64_FORMAT ": %s",
                 size, offset + done, n < 0 ? g_strerror (errno) : "unexpected end of file");
      done += n;
    }
}

gboolean
tide_spill_block_store (TideSpillFile  *self,
                        TideSpillBlock *block,
                        guint8         *data,
                        gsize           size)
{
  gboolean stored = tide_spill_file_append (self, data, size, &block->offset);

  block->size = size;
  if (stored)
    {
      block->data = NULL;
      g_free (data);
    }
  else
    {
      /* the caller's buffer may be larger than the block (a compression bound) */
      block->data = g_realloc (data, size);
      block->offset = 0;
    }
  return stored;
}

const guint8 *
tide_spill_block_load (const TideSpillFile  *self,
                       const TideSpillBlock *block,
                       guint8               *scratch)
{
  if (block->data != NULL || block->size == 0)
    return block->data;
  tide_spill_file_read (self, block->offset, scratch, block->size);
  return scratch;
}

void
tide_spill_block_clear (TideSpillBlock *block)
{
  g_clear_pointer (&block->data, g_free);
  block->size = 0;
}
