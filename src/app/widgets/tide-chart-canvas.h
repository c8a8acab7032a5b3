/* tide-chart-canvas.h: where a chart widget's draw list goes, GPU or cairo
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each chart widget paints its layout into a draw list; this puts the list
 * on screen: through a TideChartArea child (OpenGL) when GL realises, else
 * as a cached cairo render node. Hover, tooltips and keys stay with the
 * widget, which hit-tests its layout, so both paths behave alike.
 * By default GL is used where a GPU draws it, not where Mesa rasterises on
 * the CPU (slower than cairo there, see bench/RESULTS-gl.md);
 * TIDEMARK_RENDERER=gl uses it wherever it realises, =cairo never.
 */
#pragma once

#include <gtk/gtk.h>

#include "charts/tide-draw-list.h"

G_BEGIN_DECLS

typedef struct _TideChartCanvas TideChartCanvas;

/* In the widget's init; adds the GL child unless cairo is forced. */
TideChartCanvas *tide_chart_canvas_new        (GtkWidget       *owner);
/* In the widget's dispose. The calls below do nothing on the NULL left
 * behind, should GTK allocate or draw the widget after that. */
void             tide_chart_canvas_free       (TideChartCanvas *self);
/* In the widget's size_allocate. */
void             tide_chart_canvas_allocate   (TideChartCanvas *self,
                                               int              width,
                                               int              height,
                                               int              baseline);
/* Before the widget frees the draw list it last drew. */
void             tide_chart_canvas_invalidate (TideChartCanvas *self);
/* Draws @list (kept by the widget until it invalidates). */
void             tide_chart_canvas_snapshot   (TideChartCanvas *self,
                                               GtkSnapshot     *snapshot,
                                               TideDrawList    *list);
/* Whether the last snapshot went through OpenGL. */
gboolean         tide_chart_canvas_uses_gl    (TideChartCanvas *self);

G_END_DECLS
