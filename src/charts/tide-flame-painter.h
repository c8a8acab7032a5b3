/* tide-flame-painter.h: draws a flame layout, the same for window and export
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "charts/tide-draw-list.h"
#include "charts/tide-flame-layout.h"

G_BEGIN_DECLS

typedef enum
{
  TIDE_FLAME_COLOR_BY_FUNCTION, /* hue from a hash of the function name */
  TIDE_FLAME_COLOR_BY_MODULE,   /* hue from a hash of the module (library) */
} TideFlameColorMode;

typedef struct
{
  gboolean            dark;        /* colours for a dark background */
  TideFlameColorMode  color_mode;
  double              row_height;  /* px */
  double              font_px;
  guint32             hover_node;  /* outlined; TIDE_FLAME_NO_NODE for none */
  const guint8       *matches;     /* per flame node, non-zero = search hit; NULL = no search */
  gboolean            skip_titles; /* record no tooltip per box: a window that makes its own
                                    * saves formatting one per box on every paint */
} TideFlameStyle;

void          tide_flame_style_init         (TideFlameStyle        *style);

/* Height that shows every row of @layout. */
double        tide_flame_painter_get_height (TideFlameLayout       *layout,
                                             const TideFlameStyle  *style);
/* Records @layout in a @width x @height area, root row at the bottom. */
TideDrawList *tide_flame_paint              (TideFlameLayout       *layout,
                                             const TideFlameStyle  *style,
                                             double                 width,
                                             double                 height);
/* Two flame graphs side by side, each @pane_width wide under its title (or
 * none for NULL @titles), roots on one baseline: the comparison's
 * side-by-side view as exported. For the same bytes to be the same width
 * in both, lay them out against the larger root
 * (tide_flame_layout_new_scaled()). */
TideDrawList *tide_flame_paint_pair         (TideFlameLayout       *const layouts[2],
                                             const TideFlameStyle  *const styles[2],
                                             const char            *const titles[2],
                                             double                 pane_width);
/* The flame node painted at (@x, @y) of such an area, or TIDE_FLAME_NO_NODE. */
guint32       tide_flame_painter_hit        (TideFlameLayout       *layout,
                                             const TideFlameStyle  *style,
                                             double                 width,
                                             double                 height,
                                             double                 x,
                                             double                 y);
/* The tooltip of rect @i of @layout, as painted into titles:
 * "function — value (share of all) — file:line — module"; for a
 * differential layout "function — before → after (change, percent) —
 * blocks before → after (change) — file:line — module", and whether the
 * box is new or gone. */
char         *tide_flame_painter_title      (TideFlameLayout       *layout,
                                             guint                  i);
/* The fill colour of a box of a differential layout: neutral grey when
 * unchanged, warm (towards red) where it grew and cool (towards blue) where
 * it shrank, the stronger the larger the change relative to the larger
 * side. Boxes only "before" had are also striped when painted, new ones
 * outlined. */
TideColor     tide_flame_painter_diff_color (TideDiffFlame         *diff,
                                             guint32                node,
                                             const TideFlameStyle  *style);
/* The fill colour of a box: stable for the same function (or module). */
TideColor     tide_flame_painter_color      (TideFlameTree         *tree,
                                             guint32                node,
                                             const TideFlameStyle  *style);

G_END_DECLS
