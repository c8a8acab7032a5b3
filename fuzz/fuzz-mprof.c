/* fuzz-mprof.c: libFuzzer target for the mprof reader (memory_profiler's mprof files (mprof run))
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/formats/tide-mprof-reader.h"
#include "tide-fuzz.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return tide_fuzz_read (data, size, tide_mprof_read);
}
