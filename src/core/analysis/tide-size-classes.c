/* tide-size-classes.c: live memory grouped by allocation size class
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-allocators.h"
#include "tide-size-classes.h"

/* glibc on 64-bit: 8 bytes of chunk header, 16-byte alignment, 32-byte
 * minimum chunk; requests from 128 KiB on are mmap()ed in whole pages. */
#define GLIBC_HEADER         8
#define GLIBC_MIN_CHUNK      32
#define GLIBC_MMAP_THRESHOLD (128 * 1024)
#define GLIBC_PAGE           4096
#define GLIBC_SMALL_MAX      1024 /* exact 16-byte classes up to here */

static const char * const scheme_names[] = { "pow2", "pymalloc", "glibc" };

const char *
tide_size_class_scheme_to_string (TideSizeClassScheme scheme)
{
  g_return_val_if_fail (scheme < G_N_ELEMENTS (scheme_names), NULL);
  return scheme_names[scheme];
}

gboolean
tide_size_class_scheme_from_string (const char          *name,
                                    TideSizeClassScheme *scheme)
{
  for (guint i = 0; i < G_N_ELEMENTS (scheme_names); i++)
    if (g_str_equal (name, scheme_names[i]))
      {
        *scheme = i;
        return TRUE;
      }
  return FALSE;
}

TideSizeClassScheme
tide_size_class_scheme_for_command (const char *command)
{
  g_autofree char *lower = NULL;

  if (command == NULL)
    return TIDE_SIZE_CLASSES_POW2;
  /* "/usr/bin/python3 x.py", "python3.11 -m x", "pytest" via "python -m pytest":
   * a case-insensitive "python" anywhere covers the program and its path */
  lower = g_ascii_strdown (command, -1);
  return strstr (lower, "python") != NULL ? TIDE_SIZE_CLASSES_PYMALLOC : TIDE_SIZE_CLASSES_POW2;
}

TideSizeClassScheme
tide_size_class_scheme_for_trace (TideTrace *trace)
{
  g_return_val_if_fail (TIDE_IS_TRACE (trace), TIDE_SIZE_CLASSES_POW2);
  return tide_size_class_scheme_for_command (tide_trace_get_command (trace));
}

/* Smallest k with 2^k >= n, for n >= 1. */
static guint
ceil_log2 (guint64 n)
{
  return n <= 1 ? 0 : 64 - __builtin_clzll (n - 1);
}

static guint64
glibc_chunk (guint64 size)
{
  if (size >= G_MAXUINT64 - GLIBC_PAGE)
    return G_MAXUINT64;
  if (size >= GLIBC_MMAP_THRESHOLD)
    return (size + 2 * GLIBC_HEADER + GLIBC_PAGE - 1) / GLIBC_PAGE * GLIBC_PAGE;
  return MAX (GLIBC_MIN_CHUNK, (size + GLIBC_HEADER + 15) / 16 * 16);
}

guint64
tide_size_class_allocator_bytes (TideSizeClassScheme scheme,
                                 guint64             size)
{
  if (scheme == TIDE_SIZE_CLASSES_PYMALLOC && size <= TIDE_PYMALLOC_MAX_SMALL)
    return (MAX (size, 1) + 15) / 16 * 16;
  return glibc_chunk (size);
}

guint
tide_size_class_of (TideSizeClassScheme scheme,
                    guint64             size)
{
  switch (scheme)
    {
    case TIDE_SIZE_CLASSES_PYMALLOC:
      if (size > TIDE_PYMALLOC_MAX_SMALL)
        return TIDE_PYMALLOC_MAX_SMALL / 16;
      return size == 0 ? 0 : (size - 1) / 16;
    case TIDE_SIZE_CLASSES_GLIBC:
      {
        guint64 chunk = (size + GLIBC_HEADER + 15) / 16 * 16;

        chunk = MAX (chunk, GLIBC_MIN_CHUNK);
        if (size < G_MAXUINT64 - 32 && chunk <= GLIBC_SMALL_MAX)
          return chunk / 16 - 2;
        /* above: one class per power of two of the request + header */
        return GLIBC_SMALL_MAX / 16 - 2 + ceil_log2 (size + GLIBC_HEADER) - 10;
      }
    case TIDE_SIZE_CLASSES_POW2:
    default:
      return size == 0 ? 0 : ceil_log2 (size) + 1;
    }
}

void
tide_size_class_bounds (TideSizeClassScheme  scheme,
                        guint                klass,
                        guint64             *lo,
                        guint64             *hi)
{
  switch (scheme)
    {
    case TIDE_SIZE_CLASSES_PYMALLOC:
      if (klass >= TIDE_PYMALLOC_MAX_SMALL / 16)
        *lo = TIDE_PYMALLOC_MAX_SMALL + 1, *hi = G_MAXUINT64;
      else
        *lo = klass == 0 ? 0 : 16 * klass + 1, *hi = 16 * (klass + 1);
      break;
    case TIDE_SIZE_CLASSES_GLIBC:
      if (klass <= GLIBC_SMALL_MAX / 16 - 2)
        {
          guint64 chunk = 16 * ((guint64) klass + 2);

          *lo = klass == 0 ? 0 : chunk - 23;
          *hi = chunk - GLIBC_HEADER;
        }
      else
        {
          guint k = klass - (GLIBC_SMALL_MAX / 16 - 2) + 10;

          *lo = ((guint64) 1 << (k - 1)) - GLIBC_HEADER + 1;
          *hi = k >= 64 ? G_MAXUINT64 : ((guint64) 1 << k) - GLIBC_HEADER;
        }
      break;
    case TIDE_SIZE_CLASSES_POW2:
    default:
      if (klass <= 1)
        *lo = *hi = klass;
      else
        {
          *lo = ((guint64) 1 << (klass - 2)) + 1;
          *hi = klass - 1 >= 64 ? G_MAXUINT64 : (guint64) 1 << (klass - 1);
        }
      break;
    }
}

static char *
format_bound (guint64 bytes)
{
  if (bytes < 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

char *
tide_size_class_label (TideSizeClassScheme scheme,
                       guint               klass)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  guint64 lo, hi;

  tide_size_class_bounds (scheme, klass, &lo, &hi);
  a = format_bound (lo);
  if (scheme == TIDE_SIZE_CLASSES_PYMALLOC && klass >= TIDE_PYMALLOC_MAX_SMALL / 16)
    return g_strdup_printf ("> %u B (system malloc)", TIDE_PYMALLOC_MAX_SMALL);
  if (lo == hi)
    return g_steal_pointer (&a);
  b = format_bound (hi);
  return g_strdup_printf ("%s – %s", a, b);
}

static void
size_class_free (gpointer data)
{
  TideSizeClass *c = data;

  g_array_unref (c->sites);
  g_free (c);
}

static int
compare_sites (gconstpointer a,
               gconstpointer b)
{
  const TideClassSite *x = a, *y = b;

  if (x->requested != y->requested)
    return x->requested > y->requested ? -1 : 1;
  return (x->frame > y->frame) - (x->frame < y->frame);
}

static int
compare_classes (gconstpointer a,
                 gconstpointer b)
{
  const TideSizeClass *x = *(TideSizeClass * const *) a;
  const TideSizeClass *y = *(TideSizeClass * const *) b;

  return (x->klass > y->klass) - (x->klass < y->klass);
}

GPtrArray *
tide_size_classes_compute (TideTrace           *trace,
                           TideSizeClassScheme  scheme,
                           const guint64       *blocks_per_info)
{
  g_autofree guint32 *allocating = tide_allocating_nodes_new (trace);
  g_autoptr(GHashTable) by_class = g_hash_table_new (NULL, NULL);
  /* (class, frame) -> index + 1 into that class's sites */
  g_autoptr(GHashTable) site_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *classes = g_ptr_array_new_with_free_func (size_class_free);

  for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
    {
      const TideAllocInfo *info = tide_trace_get_info (trace, i);
      guint64 blocks = blocks_per_info[i];
      guint k;
      TideSizeClass *c;
      TideClassSite *site;
      gint64 key;
      gpointer found;
      guint32 frame;

      if (blocks == 0)
        continue;

      k = tide_size_class_of (scheme, info->size);
      c = g_hash_table_lookup (by_class, GUINT_TO_POINTER (k + 1));
      if (c == NULL)
        {
          c = g_new0 (TideSizeClass, 1);
          c->klass = k;
          c->sites = g_array_new (FALSE, TRUE, sizeof (TideClassSite));
          g_hash_table_insert (by_class, GUINT_TO_POINTER (k + 1), c);
          g_ptr_array_add (classes, c);
        }

      frame = tide_trace_get_node (trace, allocating[info->stack])->frame;
      key = (gint64) k << 32 | frame;
      found = g_hash_table_lookup (site_index, &key);
      if (found == NULL)
        {
          TideClassSite empty = { frame, 0, 0, 0 };
          gint64 *stored = g_new (gint64, 1);

          *stored = key;
          g_array_append_val (c->sites, empty);
          found = GUINT_TO_POINTER (c->sites->len);
          g_hash_table_insert (site_index, stored, found);
        }
      site = &g_array_index (c->sites, TideClassSite, GPOINTER_TO_UINT (found) - 1);
      site->blocks += blocks;
      site->requested += blocks * info->size;
      site->allocated += blocks * tide_size_class_allocator_bytes (scheme, info->size);
      c->blocks += blocks;
      c->requested += blocks * info->size;
      c->allocated += blocks * tide_size_class_allocator_bytes (scheme, info->size);
    }

  /* the keys were allocated one by one; free them with the table */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, site_index);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_free (key);
  }

  for (guint i = 0; i < classes->len; i++)
    g_array_sort (((TideSizeClass *) g_ptr_array_index (classes, i))->sites, compare_sites);
  g_ptr_array_sort (classes, compare_classes);
  return classes;
}

typedef enum { AT_PEAK, AT_END, ALLOCATIONS } Which;

static guint64 *
blocks_from_infos (TideTrace *trace,
                   Which      which)
{
  guint n = tide_trace_get_n_infos (trace);
  guint64 *blocks = g_new (guint64, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const TideAllocInfo *info = tide_trace_get_info (trace, i);

      blocks[i] = which == AT_PEAK ? info->peak_live : which == AT_END ? info->end_live : info->allocations;
    }
  return blocks;
}

guint64 *
tide_size_classes_blocks_at_peak (TideTrace *trace)
{
  return blocks_from_infos (trace, AT_PEAK);
}

guint64 *
tide_size_classes_blocks_at_end (TideTrace *trace)
{
  return blocks_from_infos (trace, AT_END);
}

guint64 *
tide_size_classes_allocations (TideTrace *trace)
{
  return blocks_from_infos (trace, ALLOCATIONS);
}
