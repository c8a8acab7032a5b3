/* tide-gl-target.c: an offscreen framebuffer to draw charts into and read back
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <epoxy/gl.h>
#include <gio/gio.h>

#include "tide-gl-target.h"

struct _TideGlTarget
{
  int    width, height;
  GLuint framebuffer;
  GLuint color, stencil; /* renderbuffers */
};

TideGlTarget *
tide_gl_target_new (int      width,
                    int      height,
                    GError **error)
{
  g_autoptr(TideGlTarget) self = g_new0 (TideGlTarget, 1);
  GLint max_size = 0;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  glGetIntegerv (GL_MAX_RENDERBUFFER_SIZE, &max_size);
  if (width > max_size || height > max_size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "A %d x %d framebuffer is larger than OpenGL allows here (%d)", width, height, max_size);
      return NULL;
    }

  self->width = width;
  self->height = height;
  glGenFramebuffers (1, &self->framebuffer);
  glBindFramebuffer (GL_FRAMEBUFFER, self->framebuffer);
  glGenRenderbuffers (1, &self->color);
  glBindRenderbuffer (GL_RENDERBUFFER, self->color);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_RGBA8, width, height);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, self->color);
  glGenRenderbuffers (1, &self->stencil);
  glBindRenderbuffer (GL_RENDERBUFFER, self->stencil);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, width, height);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, self->stencil);
  glBindRenderbuffer (GL_RENDERBUFFER, 0);
  if (glCheckFramebufferStatus (GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "OpenGL cannot draw into a %d x %d colour and stencil framebuffer", width, height);
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
tide_gl_target_free (TideGlTarget *self)
{
  if (self == NULL)
    return;
  if (self->framebuffer != 0)
    {
      GLuint buffers[2] = { self->color, self->stencil };

      glBindFramebuffer (GL_FRAMEBUFFER, 0);
      glDeleteFramebuffers (1, &self->framebuffer);
      glDeleteRenderbuffers (2, buffers);
    }
  g_free (self);
}

void
tide_gl_target_bind (TideGlTarget *self)
{
  glBindFramebuffer (GL_FRAMEBUFFER, self->framebuffer);
}

cairo_surface_t *
tide_gl_target_read (TideGlTarget *self)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, self->width, self->height);
  int stride = cairo_image_surface_get_stride (image);
  guchar *dest = cairo_image_surface_get_data (image);
  g_autofree guchar *rows = g_malloc ((gsize) self->width * self->height * 4);

  glBindFramebuffer (GL_FRAMEBUFFER, self->framebuffer);
  glPixelStorei (GL_PACK_ALIGNMENT, 4);
  glReadPixels (0, 0, self->width, self->height, GL_RGBA, GL_UNSIGNED_BYTE, rows);

  /* GL's rows run bottom up, bytes R, G, B, A (premultiplied, like cairo's) */
  for (int y = 0; y < self->height; y++)
    {
      const guchar *src = rows + (gsize) (self->height - 1 - y) * self->width * 4;
      guint32 *out = (guint32 *) (gpointer) (dest + (gsize) y * stride);

      for (int x = 0; x < self->width; x++)
        out[x] = (guint32) src[4 * x + 3] << 24 | (guint32) src[4 * x] << 16 | (guint32) src[4 * x + 1] << 8
                 | src[4 * x + 2];
    }
  cairo_surface_mark_dirty (image);
  return image;
}
