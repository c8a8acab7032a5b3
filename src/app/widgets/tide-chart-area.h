/* tide-chart-area.h: a GtkGLArea that draws a chart's draw list on the GPU
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "charts/tide-draw-list.h"

G_BEGIN_DECLS

#define TIDE_TYPE_CHART_AREA (tide_chart_area_get_type ())
G_DECLARE_FINAL_TYPE (TideChartArea, tide_chart_area, TIDE, CHART_AREA, GtkGLArea)

/* @allow_software: draw even where GL rasterises on the CPU, slower than
 * cairo (TIDEMARK_RENDERER=gl); otherwise such a context is not usable. */
GtkWidget *tide_chart_area_new           (gboolean       allow_software);
/* What to draw, borrowed: the caller keeps @list alive until it sets
 * another (or NULL). Uploaded at the next render, drawn until then. */
void       tide_chart_area_set_draw_list (TideChartArea *self,
                                          TideDrawList  *list);
/* Realised, with a context the renderer runs in: the GL path works. */
gboolean   tide_chart_area_is_usable     (TideChartArea *self);

/* Whether an area of this process has found GL unusable, as any other
 * would (software only, or none at all). */
gboolean   tide_chart_area_unusable_seen (void);

G_END_DECLS
