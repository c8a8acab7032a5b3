/* tide-renderer-choice.c: GTK's renderer, chosen before the first window
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 draws with OpenGL wherever a context can be made, software ones
 * included. On llvmpipe its renderer's threads took half of a 2-core
 * machine while a 100M-event trace loaded, and the window's frames came up
 * to 331 ms apart although the main thread was idle; with cairo the longest
 * gap was 24 ms (bench/RESULTS-window.md). A real GPU keeps GTK's choice.
 */
#include "config.h"

#include <epoxy/gl.h>

#include "render/tide-gl-software.h"
#include "tide-renderer-choice.h"

/* The GL_RENDERER of a context like the one GTK would make; NULL when no
 * context can be made, where GTK falls back to cairo by itself. */
static char *
probe_gl_renderer (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  char *name;

  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No OpenGL context: %s", error != NULL ? error->message : "unknown reason");
      return NULL;
    }
  gdk_gl_context_make_current (context);
  name = g_strdup ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();
  return name;
}

gboolean
tide_renderer_choice_apply (GdkDisplay *display)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);

  if (g_getenv ("GSK_RENDERER") != NULL)
    return FALSE;
  name = probe_gl_renderer (display);
  if (name == NULL || !tide_gl_renderer_name_is_software (name))
    return FALSE;

  g_debug ("OpenGL rasterises on the CPU here (%s): GTK draws with cairo", name);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  return TRUE;
}
