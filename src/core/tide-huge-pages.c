/* tide-huge-pages.c: large buffers mapped in 2 MiB pages where the kernel can
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tide-huge-pages.h"

#ifdef G_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

void
tide_prefer_huge_pages (gpointer data,
                        gsize    len)
{
#ifdef MADV_HUGEPAGE
  guintptr start = ((guintptr) data + TIDE_HUGE_PAGE - 1) & ~(TIDE_HUGE_PAGE - 1);
  guintptr end = ((guintptr) data + len) & ~(TIDE_HUGE_PAGE - 1);

  if (end > start)
    (void) madvise ((gpointer) start, end - start, MADV_HUGEPAGE);
#endif
}

/* Linux 5.14; the C library's headers may be older than the kernel */
#if defined(__linux__) && !defined(MADV_POPULATE_WRITE)
#define MADV_POPULATE_WRITE 23
#endif

void
tide_populate (gpointer data,
               gsize    len)
{
#ifdef MADV_POPULATE_WRITE
  /* asked each time: called from any thread, a few times a megabyte */
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  guintptr start, end;

  start = ((guintptr) data + page - 1) & ~(guintptr) (page - 1);
  end = ((guintptr) data + len) & ~(guintptr) (page - 1);
  if (end > start)
    (void) madvise ((gpointer) start, end - start, MADV_POPULATE_WRITE);
#endif
}

gpointer
tide_huge_aligned_alloc (gsize size)
{
  gpointer data = NULL;

  /* the memory of free() and so of g_free(), as GLib's allocator is the system's */
  if (posix_memalign (&data, TIDE_HUGE_PAGE, size) != 0)
    g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);
  return data;
}

gpointer
tide_huge_alloc (gsize size)
{
  gpointer data;

  if (size < TIDE_HUGE_PAGE)
    return g_malloc (size);
  data = tide_huge_aligned_alloc (size);
  tide_prefer_huge_pages (data, size);
  return data;
}

gpointer
tide_huge_alloc0 (gsize size)
{
  gpointer data = tide_huge_alloc (size);

  memset (data, 0, size);
  return data;
}

void
tide_array_grow_zeroed (GArray *array,
                        guint   len)
{
  guint old = array->len, size = g_array_get_element_size (array);
  guint8 *fresh;

  g_return_if_fail (len >= old);

  g_array_set_size (array, len);
  if (len == old)
    return;
  fresh = (guint8 *) array->data + (gsize) old * size;
  tide_prefer_huge_pages (fresh, (gsize) (len - old) * size);
  memset (fresh, 0, (gsize) (len - old) * size);
}
