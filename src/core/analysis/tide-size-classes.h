/* tide-size-classes.h: live memory grouped by allocation size class
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three ways to bucket request sizes: powers of two (native code), CPython's
 * pymalloc classes (16-byte steps up to 512 bytes on 64-bit builds; larger
 * requests go to the system malloc), and glibc's chunk sizes. For each class
 * the requested bytes stand beside the bytes the allocator really hands out
 * (glibc: request + 8 bytes of header rounded up to 16, at least 32; pymalloc:
 * the 16-byte class), so internal fragmentation shows.
 */
#pragma once

#include "../tide-trace.h"

G_BEGIN_DECLS

typedef enum
{
  TIDE_SIZE_CLASSES_POW2,
  TIDE_SIZE_CLASSES_PYMALLOC,
  TIDE_SIZE_CLASSES_GLIBC,
} TideSizeClassScheme;

#define TIDE_PYMALLOC_MAX_SMALL 512

const char *tide_size_class_scheme_to_string   (TideSizeClassScheme  scheme);
gboolean    tide_size_class_scheme_from_string (const char          *name,
                                                TideSizeClassScheme *scheme);
/* The scheme a view starts with for @trace (the user may pick another):
 * pymalloc when the recorded command is a Python program (its program
 * starts with "python", or the command mentions python at all), powers of
 * two otherwise. The one place this rule lives. */
TideSizeClassScheme tide_size_class_scheme_for_trace (TideTrace *trace);
/* The same rule on a command line, for callers without a trace. */
TideSizeClassScheme tide_size_class_scheme_for_command (const char *command);

/* Class index of a request; classes are ordered by size. */
guint       tide_size_class_of                 (TideSizeClassScheme  scheme,
                                                guint64              size);
/* Smallest and largest request of a class (inclusive). */
void        tide_size_class_bounds             (TideSizeClassScheme  scheme,
                                                guint                klass,
                                                guint64             *lo,
                                                guint64             *hi);
/* "129 B – 256 B", "> 512 B (system malloc)" (valid UTF-8). */
char       *tide_size_class_label              (TideSizeClassScheme  scheme,
                                                guint                klass);
/* Bytes the allocator behind the scheme reserves for a request. */
guint64     tide_size_class_allocator_bytes    (TideSizeClassScheme  scheme,
                                                guint64              size);

typedef struct
{
  guint32 frame;     /* the allocating frame (allocator frames skipped); 0 = none */
  guint64 blocks;
  guint64 requested; /* bytes asked for */
  guint64 allocated; /* bytes handed out */
} TideClassSite;

typedef struct
{
  guint   klass;
  guint64 blocks;
  guint64 requested;
  guint64 allocated;
  GArray *sites;     /* TideClassSite, largest requested first */
} TideSizeClass;

/* Groups @blocks_per_info (one count per allocation info of @trace: live
 * blocks at some instant, or allocations) by size class and, within a
 * class, by allocating frame. Returns the non-empty classes, ordered by
 * class; free with g_ptr_array_unref. */
GPtrArray  *tide_size_classes_compute          (TideTrace           *trace,
                                                TideSizeClassScheme  scheme,
                                                const guint64       *blocks_per_info);
/* Convenience counts per info from the trace itself. */
guint64    *tide_size_classes_blocks_at_peak   (TideTrace           *trace);
guint64    *tide_size_classes_blocks_at_end    (TideTrace           *trace);
guint64    *tide_size_classes_allocations      (TideTrace           *trace);

G_END_DECLS
