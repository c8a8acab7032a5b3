/* tide-huge-buffer.c: a byte buffer that grows without copying, in 2 MiB pages
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-huge-buffer.h"
#include "tide-huge-pages.h"

#ifdef G_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

#if defined(MAP_ANONYMOUS) && defined(MREMAP_FIXED)
#define HAVE_MAPPINGS 1
#endif

#ifdef HAVE_MAPPINGS
/* A fresh mapping of @size bytes (a multiple of TIDE_HUGE_PAGE) that starts on
 * a huge page, so that every 2 MiB of it may be one. */
static guint8 *
map_aligned (gsize size)
{
  guint8 *p = mmap (NULL, size + TIDE_HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guint8 *start;

  if (p == MAP_FAILED)
    g_error ("%s: failed to map %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);
  start = (guint8 *) (((guintptr) p + TIDE_HUGE_PAGE - 1) & ~(guintptr) (TIDE_HUGE_PAGE - 1));
  if (start > p)
    munmap (p, start - p);
  munmap (start + size, (p + size + TIDE_HUGE_PAGE) - (start + size));
  tide_prefer_huge_pages (start, size);
  return start;
}
#endif

static void
grow (TideHugeBuffer *buf,
      gsize           need)
{
  gsize capacity = MAX (need, buf->capacity <= G_MAXSIZE / 2 ? buf->capacity * 2 : need);

#ifdef HAVE_MAPPINGS
  if (capacity >= TIDE_HUGE_PAGE || buf->mapped)
    {
      guint8 *data;

      if (capacity > G_MAXSIZE - TIDE_HUGE_PAGE * 2)
        g_error ("%s: overflow growing to %" G_GSIZE_FORMAT " bytes", G_STRLOC, need);
      capacity = (capacity + TIDE_HUGE_PAGE - 1) & ~(TIDE_HUGE_PAGE - 1);
      data = map_aligned (capacity);
      if (!buf->mapped)
        {
          if (buf->len > 0)
            memcpy (data, buf->data, buf->len);
          g_free (buf->data);
        }
      /* the old pages move to the new mapping's start, which they
       * replace: page tables change hands, no byte is copied */
      else if (mremap (buf->data, buf->capacity, buf->capacity, MREMAP_MAYMOVE | MREMAP_FIXED, data) == MAP_FAILED)
        {
          memcpy (data, buf->data, buf->len);
          munmap (buf->data, buf->capacity);
        }
      buf->data = data;
      buf->capacity = capacity;
      buf->mapped = TRUE;
      return;
    }
#endif
  buf->data = g_realloc (buf->data, capacity);
  buf->capacity = capacity;
}

void
tide_huge_buffer_set_len (TideHugeBuffer *buf,
                          gsize           len)
{
  if (len > buf->capacity)
    grow (buf, len);
  buf->len = len;
}

gpointer
tide_huge_buffer_append (TideHugeBuffer *buf,
                         gsize           n)
{
  gsize at = buf->len;

  if (n > G_MAXSIZE - at)
    g_error ("%s: overflow appending %" G_GSIZE_FORMAT " bytes", G_STRLOC, n);
  tide_huge_buffer_set_len (buf, at + n);
  return buf->data + at;
}

void
tide_huge_buffer_trim (TideHugeBuffer *buf)
{
#ifdef HAVE_MAPPINGS
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize keep = MAX (page, (buf->len + page - 1) & ~(page - 1));

  /* unmapping the tail of a huge page splits it, and its unused small
   * pages leave the process */
  if (buf->mapped && keep < buf->capacity && munmap (buf->data + keep, buf->capacity - keep) == 0)
    buf->capacity = keep;
#endif
}

void
tide_huge_buffer_clear (TideHugeBuffer *buf)
{
#ifdef HAVE_MAPPINGS
  if (buf->mapped)
    munmap (buf->data, buf->capacity);
  else
#endif
    g_free (buf->data);
  *buf = (TideHugeBuffer) TIDE_HUGE_BUFFER_INIT;
}
