/* tide-diff-row-item.h: one row of a comparison's delta table, as a list-model item
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A site (one frame, or a whole traceback) with its size and count in the
 * "after" trace and their change since "before", as tide_diff_compute()
 * makes them; properties for the table's sorters and filter.
 */
#pragma once

#include <glib-object.h>

#include "core/analysis/tide-diff.h"

G_BEGIN_DECLS

#define TIDE_TYPE_DIFF_ROW_ITEM (tide_diff_row_item_get_type ())
G_DECLARE_FINAL_TYPE (TideDiffRowItem, tide_diff_row_item, TIDE, DIFF_ROW_ITEM, GObject)

TideDiffRowItem *tide_diff_row_item_new            (const TideDiffRow *row);
/* The innermost frame: where the bytes were allocated. */
const char      *tide_diff_row_item_get_site       (TideDiffRowItem   *self);
/* Every frame, outermost first, one per line (the site alone but for
 * tracebacks). */
const char      *tide_diff_row_item_get_traceback  (TideDiffRowItem   *self);
guint            tide_diff_row_item_get_n_frames   (TideDiffRowItem   *self);
gint64           tide_diff_row_item_get_size       (TideDiffRowItem   *self);
gint64           tide_diff_row_item_get_size_diff  (TideDiffRowItem   *self);
gint64           tide_diff_row_item_get_count      (TideDiffRowItem   *self);
gint64           tide_diff_row_item_get_count_diff (TideDiffRowItem   *self);

G_END_DECLS
