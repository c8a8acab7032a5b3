/* tide-huge-pages.h: large buffers mapped in 2 MiB pages where the kernel can
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page fault costs microseconds, and a fresh buffer of megabytes takes
 * one per 4 KiB page at first touch: a fifth of loading a big tracemalloc
 * dump, and half the time of the flame tree's boxes. Asking for
 * transparent huge pages (madvise) turns those into a few faults of 2 MiB.
 * Only a hint: where the kernel has none, or refuses, nothing changes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A transparent huge page on x86-64 and most arm64 kernels. */
#define TIDE_HUGE_PAGE ((gsize) 2 << 20)

/* Marks the 2 MiB-aligned part of [@data, @data + @len) for huge pages. */
void     tide_prefer_huge_pages (gpointer data,
                                 gsize    len);
/* g_malloc() aligned to a huge page, not marked for them: for a caller
 * that marks the part it wants. Free with g_free(). */
gpointer tide_huge_aligned_alloc (gsize size);
/* g_malloc(), aligned to a huge page and marked for them when @size is
 * worth it. Free with g_free(). */
gpointer tide_huge_alloc        (gsize    size);
/* The same, zeroed; the zeroing faults the huge pages in. */
gpointer tide_huge_alloc0       (gsize    size);
/* g_array_set_size() to a larger @len, for an array made without clear:
 * the new elements are zeroed here, after their pages are marked for huge
 * pages, so that the zeroing faults them in 2 MiB at a time. */
void     tide_array_grow_zeroed (GArray  *array,
                                 guint    len);
/* Faults in the whole pages of [@data, @data + @len), for writing, in one
 * call: a buffer about to be filled, too small for huge pages. A page
 * fault traps into the kernel for each 4 KiB, about 2.4 us on the 2-core
 * VM; one madvise(MADV_POPULATE_WRITE) does the same work for half of
 * that. Only a hint: kernels before 5.14 fault the pages as they come. */
void     tide_populate          (gpointer data,
                                 gsize    len);

G_END_DECLS
