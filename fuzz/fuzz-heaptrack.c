/* fuzz-heaptrack.c: libFuzzer target for the heaptrack reader (heaptrack's text format, uncompressed)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/formats/tide-heaptrack-reader.h"
#include "tide-fuzz.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return tide_fuzz_read (data, size, tide_heaptrack_read);
}
