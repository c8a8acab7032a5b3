/* tide-fuzz.h: what every fuzz target does with a reader's result
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A target hands the fuzzer's bytes to one reader through an in-memory byte
 * source (the same code path a file takes after open()). Beyond "no crash",
 * it checks what every reader promises: a failure is a GError of our domain
 * (or G_IO_ERROR) with a message, and a trace that loads is consistent
 * enough for the analyses the window runs first (totals, flame tree).
 */
#pragma once

#include <stdint.h>
#include <stdlib.h>

#include "core/analysis/tide-flame-tree.h"
#include "core/tide-byte-source.h"
#include "core/tide-trace-error.h"

typedef TideTrace *(*TideFuzzReader) (TideByteSource  *source,
                                      GCancellable    *cancellable,
                                      GError         **error);

static inline void
tide_fuzz_check (TideTrace *trace,
                 GError    *error)
{
  if (trace == NULL)
    {
      /* a reader that fails must say why, in our words */
      if (error == NULL || error->message == NULL || error->message[0] == '\0')
        abort ();
      if (error->domain != TIDE_TRACE_ERROR && error->domain != G_IO_ERROR)
        abort ();
      return;
    }
  if (error != NULL)
    abort ();

  (void) tide_trace_get_totals (trace);
  for (int orientation = TIDE_FLAME_TOP_DOWN; orientation <= TIDE_FLAME_BOTTOM_UP; orientation++)
    {
      TideFlameOptions options = { orientation, TIDE_FLAME_MERGE_FUNCTION, TRUE };
      TideFlameTree *tree = tide_flame_tree_new (trace, &options);

      if (tide_flame_tree_get_n_nodes (tree) == 0)
        abort ();
      tide_flame_tree_unref (tree);
    }
}

/* Runs @read over @data as a file's contents. */
static inline int
tide_fuzz_read (const uint8_t  *data,
                size_t          size,
                TideFuzzReader  read)
{
  GBytes *bytes = g_bytes_new_static (data, size);
  TideByteSource *source = tide_byte_source_new_for_bytes (bytes);
  GError *error = NULL;
  TideTrace *trace;

  trace = read (source, NULL, &error);
  tide_fuzz_check (trace, error);

  g_clear_object (&trace);
  g_clear_error (&error);
  tide_byte_source_free (source);
  g_bytes_unref (bytes);
  return 0;
}
