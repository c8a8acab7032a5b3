/* tide-gl-renderer.h: draws a chart's draw list with OpenGL
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same draw list the cairo painter renders, drawn on the GPU: every run
 * of rectangles in one instanced draw (a box's fill, outline and
 * antialiased edges computed per pixel), paths filled and stroked through
 * the stencil buffer, and the text set by cairo (the same glyphs as on the
 * cairo path) into one overlay texture laid over the rest. Text is drawn
 * last: the painters never cover a label with a later shape.
 *
 * No GTK: any current context of OpenGL 3.3 core or OpenGL ES 3.0 will do,
 * with a stencil buffer on the framebuffer drawn to (GtkGLArea's, or a
 * TideGlTarget's). Every call needs that context current.
 */
#pragma once

#include "charts/tide-draw-list.h"

G_BEGIN_DECLS

typedef struct _TideGlRenderer TideGlRenderer;

/* Compiles the shaders in the current context; NULL with @error when the
 * context cannot run them (too old, or a driver that refuses them). */
TideGlRenderer *tide_gl_renderer_new     (GError        **error);
void            tide_gl_renderer_free    (TideGlRenderer *self);

/* Turns @list into vertex buffers and a text texture at @scale device
 * pixels per unit: the costly part, done once per list. The list is not
 * kept; NULL empties the renderer. */
void            tide_gl_renderer_upload  (TideGlRenderer *self,
                                          TideDrawList   *list,
                                          double          scale);
/* Draws what was uploaded into the bound framebuffer, @width x @height
 * device pixels, over the list's background. */
void            tide_gl_renderer_draw    (TideGlRenderer *self,
                                          int             width,
                                          int             height);
/* Whether the context rasterises on the CPU (Mesa's llvmpipe, softpipe):
 * there cairo draws the charts faster than this renderer (bench/gl). */
gboolean        tide_gl_renderer_is_software (TideGlRenderer *self);
/* How many draw calls the last upload needs per frame (tests, benchmarks). */
guint           tide_gl_renderer_get_n_draw_calls (TideGlRenderer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideGlRenderer, tide_gl_renderer_free)

G_END_DECLS
