/* tide-sample-table.h: a trace's timeline samples, packed
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * heaptrack stamps the time every 10 ms of a run, busy or not: a service
 * traced for hours has millions of samples, and at 88 bytes each they were
 * most of what such a trace held. Consecutive samples differ little, so
 * each run of TIDE_SAMPLE_BLOCK of them is packed column by column: each
 * field as its offset from the run's smallest value, or from the run's
 * trend line when that is smaller (the counters that only grow), its
 * trailing zeros dropped, in as few bits as the run needs. Any sample,
 * or one field of it, is still read in constant time.
 *
 * The last samples, up to a whole block, stay unpacked: the builder amends
 * the last one (an RSS reading follows its time stamp). Appending is for
 * one thread; reading, once complete, for any.
 */
#pragma once

#include <glib.h>

#include "tide-trace.h"

G_BEGIN_DECLS

#define TIDE_SAMPLE_BLOCK 256
/* The samples of a run of the heap's extremes (see
 * tide_sample_table_get_heap_runs()): 2^5. */
#define TIDE_SAMPLE_HEAP_RUN_BITS 5

/* The fields of a TideTimelineSample, in its order. */
typedef enum
{
  TIDE_SAMPLE_TIME,
  TIDE_SAMPLE_EVENT_INDEX,
  TIDE_SAMPLE_HEAP,
  TIDE_SAMPLE_HEAP_MAX,
  TIDE_SAMPLE_HEAP_MIN,
  TIDE_SAMPLE_LIVE_ALLOCATIONS,
  TIDE_SAMPLE_ALLOCATIONS,
  TIDE_SAMPLE_TEMPORARY,
  TIDE_SAMPLE_RSS,
  TIDE_SAMPLE_EXTRA,
  TIDE_SAMPLE_STACK,
  TIDE_SAMPLE_N_FIELDS
} TideSampleField;

TideSampleTable    *tide_sample_table_new        (void);
void                tide_sample_table_free       (TideSampleTable          *self);
guint               tide_sample_table_get_len    (const TideSampleTable    *self);
void                tide_sample_table_append     (TideSampleTable          *self,
                                                  const TideTimelineSample *sample);
/* A new last sample, whose fields are the caller's to set: filled in
 * place, a sample is not copied (a copy of one just written field by
 * field waits for the stores to land). */
TideTimelineSample *tide_sample_table_append_slot (TideSampleTable          *self);
/* The last sample, to amend before the next is appended; NULL when empty. */
TideTimelineSample *tide_sample_table_peek_last  (TideSampleTable          *self);
void                tide_sample_table_clear      (TideSampleTable          *self);
/* Lets go of the room kept for more samples, once none will come (more
 * may still be appended, at the cost of growing again). */
void                tide_sample_table_trim       (TideSampleTable          *self);

void                tide_sample_table_get        (const TideSampleTable    *self,
                                                  guint                     index,
                                                  TideTimelineSample       *sample);
/* One field alone: a search by time reads the times only. */
guint64             tide_sample_table_get_field  (const TideSampleTable    *self,
                                                  TideSampleField           field,
                                                  guint                     index);
/* Field @field of samples [first, first + n) into @values. */
void                tide_sample_table_copy_field (const TideSampleTable    *self,
                                                  TideSampleField           field,
                                                  guint                     first,
                                                  guint                     n,
                                                  guint64                  *values);
/* The lowest and the highest heap over samples [first, first + n), each
 * sample's extremes since the one before included, folded into *@lowest
 * and *@highest (which keep what they hold when lower, or higher): what
 * a chart of the heap asks of a range, with nothing per sample. */
void                tide_sample_table_fold_heap_extremes (const TideSampleTable *self,
                                                          guint                  first,
                                                          guint                  n,
                                                          guint64               *lowest,
                                                          guint64               *highest);
/* The heap's extremes over runs [first, first + n) of
 * 2^TIDE_SAMPLE_HEAP_RUN_BITS samples (whole runs of the table), each as
 * tide_sample_table_fold_heap_extremes() folds it alone, into
 * @lowest[i] and @highest[i]. The table folds each run as it packs it:
 * a chart of the heap makes its lowest level from them with no pass over
 * the samples (on a recording hours long, 90 million instructions). */
void                tide_sample_table_get_heap_runs (const TideSampleTable *self,
                                                     guint                  first,
                                                     guint                  n,
                                                     guint64               *lowest,
                                                     guint64               *highest);
/* Samples [first, first + n) into @samples, a block at a time. */
void                tide_sample_table_copy       (const TideSampleTable    *self,
                                                  guint                     first,
                                                  guint                     n,
                                                  TideTimelineSample       *samples);
/* Bytes of memory held. */
gsize               tide_sample_table_get_size   (const TideSampleTable    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideSampleTable, tide_sample_table_free)

G_END_DECLS
