/* tide-sample-table-private.h: the table's unpacked tail, inline for the builder
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * heaptrack stamps the time, then the RSS, every 10 ms: a recording of
 * hours appends millions of samples, one for every few events. Through a
 * call into the table each, a stamp cost the builder's loop some 80
 * instructions (ht_pystamped: 2.8 million stamps, a sixth of the reading
 * thread's work); the builder appends and amends here inline instead.
 */
#pragma once

#include "tide-huge-buffer.h"
#include "tide-sample-table.h"

G_BEGIN_DECLS

struct _TideSampleTable
{
  /* grown as samples come, without copies (see tide-huge-buffer.h) */
  TideHugeBuffer      blocks;  /* Block */
  TideHugeBuffer      words;   /* guint64: the blocks' columns, then one
                                * word that a read past the last may touch */
  TideHugeBuffer      heap_runs; /* HeapRun: those of the packed blocks */
  guint               n_pending;
  TideTimelineSample  pending[TIDE_SAMPLE_BLOCK];
};

/* Packs the full pending block (n_pending == TIDE_SAMPLE_BLOCK). */
void tide_sample_table_pack_pending (TideSampleTable *self);

/* tide_sample_table_append_slot() */
static inline TideTimelineSample *
tide_sample_table_append_slot_inline (TideSampleTable *self)
{
  /* packed only when the next one comes, so that the last stays amendable */
  if (G_UNLIKELY (self->n_pending == TIDE_SAMPLE_BLOCK))
    tide_sample_table_pack_pending (self);
  return &self->pending[self->n_pending++];
}

/* tide_sample_table_peek_last() */
static inline TideTimelineSample *
tide_sample_table_peek_last_inline (TideSampleTable *self)
{
  return self->n_pending == 0 ? NULL : &self->pending[self->n_pending - 1];
}

G_END_DECLS
