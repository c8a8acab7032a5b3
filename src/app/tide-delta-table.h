/* tide-delta-table.h: what grew between two traces, site by site, in a table
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of tide_diff_compute(), as `tidemark diff` prints them: site,
 * size in "after" and its change, count and its change. They come in
 * compare_to's order (the largest change first); a click on a column
 * header sorts by it instead. A filter text keeps the rows one of whose
 * frames contains it.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TIDE_TYPE_DELTA_TABLE (tide_delta_table_get_type ())
G_DECLARE_FINAL_TYPE (TideDeltaTable, tide_delta_table, TIDE, DELTA_TABLE, GtkWidget)

GtkWidget  *tide_delta_table_new             (void);
/* @rows: TideDiffRow, read and not kept; NULL for none. */
void        tide_delta_table_set_rows        (TideDeltaTable *self,
                                              GPtrArray      *rows);
const char *tide_delta_table_get_filter_text (TideDeltaTable *self);
void        tide_delta_table_set_filter_text (TideDeltaTable *self,
                                              const char     *text);
/* The rows shown, in the order shown (TideDiffRowItem). */
GListModel *tide_delta_table_get_model       (TideDeltaTable *self);

G_END_DECLS
