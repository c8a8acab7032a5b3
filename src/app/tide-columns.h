/* tide-columns.h: children side by side where they fit, one above the other where not
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libadwaita 1.2 has no breakpoints: this container puts its children in
 * equal columns while each column gets at least column-width px, and stacks
 * them (each as wide as the container) on a narrower allocation. It asks
 * only for the widest child's minimum width, so it never keeps a window
 * wide; its height follows the width it gets (height-for-width). Children
 * get their natural height, top-aligned, so cards do not stretch.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TIDE_TYPE_COLUMNS (tide_columns_get_type ())
G_DECLARE_FINAL_TYPE (TideColumns, tide_columns, TIDE, COLUMNS, GtkWidget)

GtkWidget *tide_columns_new              (void);
int        tide_columns_get_spacing      (TideColumns *self);
void       tide_columns_set_spacing      (TideColumns *self,
                                          int          spacing);
int        tide_columns_get_column_width (TideColumns *self);
void       tide_columns_set_column_width (TideColumns *self,
                                          int          column_width);
/* Whether an allocation @width px wide puts the children side by side. */
gboolean   tide_columns_fits_columns     (TideColumns *self,
                                          int          width);
/* Whether the last allocation put them side by side. */
gboolean   tide_columns_get_side_by_side (TideColumns *self);

G_END_DECLS
