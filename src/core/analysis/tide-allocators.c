/* tide-allocators.c: which frames belong to the allocator, not to the program
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-allocators.h"

static const char * const allocator_patterns[] = {
  /* C */
  "malloc", "calloc", "realloc", "reallocarray", "free", "cfree", "valloc", "pvalloc",
  "memalign", "aligned_alloc", "posix_memalign", "__libc_*", "_int_malloc", "_int_realloc",
  "strdup", "strndup", "__strdup", "mi_*",
  /* C++ */
  "operator new*", "operator delete*",
  "std::__new_allocator<*>::allocate*", "__gnu_cxx::new_allocator<*>::allocate*",
  "std::allocator<*>::allocate*", "std::allocator_traits<*>::allocate*",
  "std::_Vector_base<*>::_M_allocate*", "std::__cxx11::basic_string<*>::_M_create*",
  /* GLib */
  "g_malloc*", "g_realloc*", "g_try_malloc*", "g_try_realloc*", "g_slice_alloc*", "g_memdup*",
  /* CPython's allocators, when the trace is of the interpreter itself */
  "PyMem_*", "_PyMem_*", "PyObject_Malloc", "PyObject_Calloc", "PyObject_Realloc",
  "_PyObject_Malloc", "_PyObject_Calloc", "_PyObject_Realloc", "pymalloc_*", "_PyObject_MallocWithType",
};

/* A pattern's text before its first '*': most names differ from it in the
 * first byte, so most tests end there without the glob matcher (run for
 * every pattern, it was a quarter of a flame tree's build). */
typedef struct
{
  GPatternSpec *spec;    /* NULL when the prefix is the whole test */
  gsize         prefix;
  gboolean      exact;   /* no '*' at all */
} Pattern;

static const Pattern *
patterns_get (void)
{
  static Pattern patterns[G_N_ELEMENTS (allocator_patterns)];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (allocator_patterns); i++)
        {
          const char *text = allocator_patterns[i];
          const char *star = strchr (text, '*');

          patterns[i].prefix = star != NULL ? (gsize) (star - text) : strlen (text);
          patterns[i].exact = star == NULL;
          /* "name*" is its prefix alone; inner stars need the matcher */
          if (star != NULL && star[1] != '\0')
            patterns[i].spec = g_pattern_spec_new (text);
        }
      g_once_init_leave (&initialized, 1);
    }
  return patterns;
}

gboolean
tide_function_is_allocator (const char *function)
{
  const Pattern *patterns = patterns_get ();

  for (guint i = 0; i < G_N_ELEMENTS (allocator_patterns); i++)
    {
      const char *text = allocator_patterns[i];
      const Pattern *p = &patterns[i];

      if (function[0] != text[0] || strncmp (function, text, p->prefix) != 0)
        continue;
      if (p->exact ? function[p->prefix] == '\0'
                   : p->spec == NULL || g_pattern_spec_match_string (p->spec, function))
        return TRUE;
    }
  return FALSE;
}

guint32 *
tide_allocating_nodes_new (TideTrace *trace)
{
  const TideFrame *frames = tide_trace_get_frames (trace);
  const TideStackNode *nodes = tide_trace_get_nodes (trace);
  guint n_nodes = tide_trace_get_n_nodes (trace);
  guint n_frames = tide_trace_get_n_frames (trace);
  /* per function name, as frames share them (a function's lines): 0 not
   * asked yet, else 1 + the answer. The patterns cost a microsecond. */
  g_autofree guint8 *by_function = g_new0 (guint8, tide_trace_get_n_strings (trace));
  g_autofree guint8 *is_allocator = g_new0 (guint8, n_frames);
  guint32 *allocating = g_new0 (guint32, n_nodes);

  for (guint f = 1; f < n_frames; f++)
    {
      guint32 function = frames[f].function;

      if (function == 0)
        continue;
      if (by_function[function] == 0)
        by_function[function] = 1 + tide_function_is_allocator (tide_trace_get_string (trace, function));
      is_allocator[f] = by_function[function] - 1;
    }
  /* a parent has a smaller id than its children: its answer is known first */
  for (guint i = 1; i < n_nodes; i++)
    allocating[i] = is_allocator[nodes[i].frame] ? allocating[nodes[i].parent] : i;
  return allocating;
}
