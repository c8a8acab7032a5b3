/* tide-allocators.h: which frames belong to the allocator, not to the program
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stacks recorded at an allocation often end in the allocator's own code
 * (std::allocator<>::allocate, PyMem_Malloc, g_malloc). Views hide those
 * frames so that the code that asked for the memory is what users see.
 */
#pragma once

#include "../tide-trace.h"

G_BEGIN_DECLS

/* TRUE for allocator-internal functions (malloc, operator new, PyMem_*, ...). */
gboolean  tide_function_is_allocator (const char *function);

/* Per stack node of @trace: the nearest node at or above it whose frame is
 * not an allocator function (the root when there is none). */
guint32  *tide_allocating_nodes_new  (TideTrace  *trace);

G_END_DECLS
