/* fuzz-compressed.c: libFuzzer target for gzip/zstd/bzip2 traces, through the sniffing byte source
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bytes go where a file's would: compression is told by magic, the
 * decoder runs on its thread, and the format is told by the decompressed
 * head, as tide_trace_load_file() does it.
 */
#include "config.h"

#include "core/tide-trace-loader.h"
#include "tide-fuzz.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GBytes *bytes = g_bytes_new_static (data, size);
  GError *error = NULL;
  TideTrace *trace = tide_trace_load_bytes (bytes, NULL, &error);

  tide_fuzz_check (trace, error);
  g_clear_object (&trace);
  g_clear_error (&error);
  g_bytes_unref (bytes);
  return 0;
}
