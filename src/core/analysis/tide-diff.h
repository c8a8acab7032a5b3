/* tide-diff.h: what grew between two traces, site by site
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sites are matched across traces by what they are (function, file, line,
 * module), never by address: two runs load libraries at different places.
 * Rows follow tracemalloc's Snapshot.compare_to exactly: every site of the
 * "after" trace with its size and count and their change, then the sites
 * only the "before" trace has, sorted by |size_diff|, size, |count_diff|,
 * count and site, largest first.
 */
#pragma once

#include "../tide-trace.h"
#include "tide-sites.h"

G_BEGIN_DECLS

typedef enum
{
  TIDE_DIFF_BY_TRACEBACK, /* the whole call stack */
  TIDE_DIFF_BY_LINE,      /* the allocating source line */
  TIDE_DIFF_BY_FUNCTION,  /* the allocating function (the file, for Python) */
} TideDiffGrouping;

/* What each trace contributes: bytes and blocks per stack node. */
typedef struct
{
  TideTrace     *trace;
  const guint64 *size;  /* per node */
  const guint64 *count; /* per node */
} TideDiffSide;

typedef struct
{
  GPtrArray *frames;     /* char*: the site, outermost first (one frame but for tracebacks) */
  gint64     size;       /* bytes in "after" */
  gint64     size_diff;  /* after - before */
  gint64     count;      /* blocks in "after" */
  gint64     count_diff;
} TideDiffRow;

/* One frame as it is matched across traces: what a grouping does not
 * compare is "" (or line 0). Strings are borrowed from the trace. Shared
 * with the differential flame tree (tide-diff-flame.h), so a box and a
 * row name the same site the same way. */
typedef struct
{
  const char *file;
  guint       line;
  const char *function;
  const char *module;   /* file name only: the directory differs between machines */
} TideDiffFrameKey;

gboolean   tide_diff_grouping_from_string (const char        *name,
                                           TideDiffGrouping  *grouping);

/* The key of @frame of @trace for @grouping; @innermost: the frame is a
 * stack's allocating end (by line, only that frame drops its function). */
TideDiffFrameKey tide_diff_frame_key      (TideTrace              *trace,
                                           guint32                 frame,
                                           TideDiffGrouping        grouping,
                                           gboolean                innermost);
/* A total order: file, line, function, module. */
int        tide_diff_frame_key_compare    (const TideDiffFrameKey *a,
                                           const TideDiffFrameKey *b);
/* Appends an unambiguous text of @key to @out, to hash keys by. */
void       tide_diff_frame_key_append     (GString                *out,
                                           const TideDiffFrameKey *key);
/* "function (file:line)", "file:line" or "function (module)": how rows name
 * a frame (valid UTF-8). */
char      *tide_diff_frame_key_to_string  (const TideDiffFrameKey *key);

/* Per stack node of @trace, the bytes and blocks it holds: at the peak for
 * a trace of events (live blocks when the heap peaked), every live block for
 * a dump. Free both with g_free. */
void       tide_diff_side_at_peak         (TideTrace         *trace,
                                           guint64          **size,
                                           guint64          **count);

/* The same for other per-node @costs (a session's selection) and per-info
 * @blocks (NULL: none), for @metric: bytes in @size and blocks in @count,
 * live ones for peak (blocks from @blocks), leaked ones, or allocated ones
 * for allocated and allocations; temporary allocations have no bytes. */
void       tide_diff_side_for_costs       (TideTrace         *trace,
                                           const TideCost    *costs,
                                           const guint64     *blocks,
                                           TideMetric         metric,
                                           guint64          **size,
                                           guint64          **count);

/* Rows in compare_to's order; free with g_ptr_array_unref. */
GPtrArray *tide_diff_compute              (const TideDiffSide *before,
                                           const TideDiffSide *after,
                                           TideDiffGrouping    grouping);

G_END_DECLS
