/* test-renderer-choice.c: where GL runs on the CPU, GTK draws with cairo
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case runs in a subprocess of its own: the choice sets GSK_RENDERER,
 * and GTK keeps the renderer it picked for the first window for the
 * process's lifetime. The window's renderer is what is checked, as GTK
 * made it, against GL_RENDERER read here from a context of our own.
 */
#include "config.h"

#include <epoxy/gl.h>
#include <gtk/gtk.h>

#include "app/tide-renderer-choice.h"
#include "render/tide-gl-software.h"

/* GL_RENDERER of a context of the display; NULL without GL. */
static char *
display_gl_renderer (void)
{
  g_autoptr(GdkGLContext) context = NULL;
  char *name;

  context = gdk_display_create_gl_context (gdk_display_get_default (), NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return NULL;
  gdk_gl_context_make_current (context);
  name = g_strdup ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();
  return name;
}

/* The type of renderer GTK makes for a new window. */
static const char *
first_window_renderer (void)
{
  GtkWidget *window = gtk_window_new ();
  const char *type;

  gtk_widget_realize (window);
  type = G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  return type;
}

static void
choose_child (void)
{
  g_autofree char *gl = NULL;
  gboolean chose;

  g_unsetenv ("GSK_RENDERER");
  g_assert_true (gtk_init_check ());
  gl = display_gl_renderer ();
  chose = tide_renderer_choice_apply (gdk_display_get_default ());
  g_test_message ("GL_RENDERER: %s", gl != NULL ? gl : "(no GL)");

  if (gl != NULL && tide_gl_renderer_name_is_software (gl))
    {
      g_assert_true (chose);
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
      g_assert_cmpstr (first_window_renderer (), ==, "GskCairoRenderer");
    }
  else
    {
      /* a GPU, or no GL at all: GTK's own choice stands */
      g_assert_false (chose);
      g_assert_null (g_getenv ("GSK_RENDERER"));
    }
}

static void
test_choose (void)
{
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return;
    }
  g_test_trap_subprocess ("/gui/renderer-choice/choose/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A renderer named by the user is theirs, whatever GL there is. */
static void
respect_child (void)
{
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_assert_true (gtk_init_check ());
  g_assert_false (tide_renderer_choice_apply (gdk_display_get_default ()));
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
  g_assert_cmpstr (first_window_renderer (), !=, "GskCairoRenderer");
}

static void
test_respect (void)
{
  g_autofree char *gl = NULL;

  if (!gtk_init_check () || (gl = display_gl_renderer ()) == NULL)
    {
      g_test_skip ("no OpenGL on this display");
      return;
    }
  g_test_trap_subprocess ("/gui/renderer-choice/respect/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_names (void)
{
  /* GL_RENDERER strings of Mesa's software drivers and of two GPUs */
  g_assert_true (tide_gl_renderer_name_is_software ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_true (tide_gl_renderer_name_is_software ("softpipe"));
  g_assert_true (tide_gl_renderer_name_is_software ("Software Rasterizer"));
  g_assert_false (tide_gl_renderer_name_is_software ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  g_assert_false (tide_gl_renderer_name_is_software ("AMD Radeon RX 6600 (navi23, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)"));
  g_assert_false (tide_gl_renderer_name_is_software (NULL));
}

int
main (int   argc,
      char *argv[])
{
  /* not gtk_test_init(): it would open the display before a case can
   * set the environment GTK reads */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gui/renderer-choice/names", test_names);
  g_test_add_func ("/gui/renderer-choice/choose", test_choose);
  g_test_add_func ("/gui/renderer-choice/choose/subprocess", choose_child);
  g_test_add_func ("/gui/renderer-choice/respect", test_respect);
  g_test_add_func ("/gui/renderer-choice/respect/subprocess", respect_child);

  return g_test_run ();
}
