/* fuzz-record.c: libFuzzer target for the record reader (tidemark-record recordings (pickle stream))
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/formats/tide-record-reader.h"
#include "tide-fuzz.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return tide_fuzz_read (data, size, tide_record_read);
}
