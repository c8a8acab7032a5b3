/* tide-renderer-choice.h: GTK's renderer, chosen before the first window
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Where OpenGL rasterises on the CPU (Mesa's llvmpipe: Xvfb, virtual
 * machines, no GPU driver), asks GTK to draw with cairo instead, unless
 * GSK_RENDERER already says what to use. Call it once, after gtk_init()
 * and before anything else starts a thread or realises a window: it sets
 * GSK_RENDERER, which GTK 4.8 reads when the first window is realised.
 * Returns whether it chose cairo. */
gboolean tide_renderer_choice_apply (GdkDisplay *display);

G_END_DECLS
