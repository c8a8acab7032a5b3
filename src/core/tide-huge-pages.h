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

/* Marks the 2 MiB-aligned part of [@data, @data + @len) for huge pages. */
void     tide_prefer_huge_pages (gpointer data,
                                 gsize    len);
/* g_malloc(), aligned to a huge page and marked for them when @size is
 * worth it. Free with g_free(). */
gpointer tide_huge_alloc        (gsize    size);

G_END_DECLS
