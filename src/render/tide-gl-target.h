/* tide-gl-target.h: an offscreen framebuffer to draw charts into and read back
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests and the benchmark, which compare and time the GL path
 * without a window: colour and stencil in renderbuffers of the current
 * context, read back as a cairo image like the cairo path's.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _TideGlTarget TideGlTarget;

/* NULL with @error when the context cannot make such a framebuffer. */
TideGlTarget    *tide_gl_target_new  (int            width,
                                      int            height,
                                      GError       **error);
void             tide_gl_target_free (TideGlTarget  *self);
/* Makes it the framebuffer drawn to. */
void             tide_gl_target_bind (TideGlTarget  *self);
/* Waits for the drawing and returns it as an ARGB32 image, top row first. */
cairo_surface_t *tide_gl_target_read (TideGlTarget  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TideGlTarget, tide_gl_target_free)

G_END_DECLS
