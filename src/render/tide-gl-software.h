/* tide-gl-software.h: whether an OpenGL implementation rasterises on the CPU
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* From the GL_RENDERER string: Mesa's llvmpipe, softpipe, swrast and the
 * like draw with the processor. There cairo is faster than GL for our
 * charts (bench/gl) and for GTK's own drawing (bench/window). */
gboolean tide_gl_renderer_name_is_software (const char *name);

G_END_DECLS
