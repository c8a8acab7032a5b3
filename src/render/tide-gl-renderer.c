/* tide-gl-renderer.c: draws a chart's draw list with OpenGL
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <epoxy/gl.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "charts/tide-draw-list-private.h"
#include "tide-gl-path.h"
#include "tide-gl-renderer.h"
#include "tide-gl-software.h"

/* One rectangle as the GPU reads it: 24 bytes, so a million fit in 24 MB. */
typedef struct
{
  float  x, y, w, h;
  guint8 fill[4];   /* premultiplied */
  guint8 stroke[4]; /* premultiplied; alpha 0: no outline */
} RectInstance;

typedef enum
{
  BATCH_RECTS,
  BATCH_PATH,
} BatchKind;

/* A run of rectangles drawn in one call, or one path. */
typedef struct
{
  BatchKind kind;
  guint     first;        /* RECTS: first instance */
  guint     count;        /* RECTS: how many */
  /* PATH: vertex ranges in the path buffer; covers are 6 vertices */
  guint     fill_first, fill_count, fill_cover;
  guint     stroke_first, stroke_count, stroke_cover;
  float     fill[4];      /* premultiplied */
  float     stroke[4];
} Batch;

struct _TideGlRenderer
{
  GLuint  rect_program;
  GLint   rect_viewport, rect_scale, rect_stroke_width;
  GLuint  solid_program;
  GLint   solid_viewport, solid_color;
  GLuint  text_program;
  GLint   text_viewport, text_extent_loc, text_sampler;

  GLuint  rect_vao, corner_vbo, instance_vbo;
  GLuint  path_vao, path_vbo; /* the text quad first, then the paths */
  GLuint  text_texture;

  /* paths antialias through multisampling: drawn here, then resolved into
   * the caller's framebuffer (boxes antialias in their shader and skip it) */
  GLuint  msaa_framebuffer, msaa_color, msaa_stencil;
  int     msaa_width, msaa_height, samples;

  /* what the last upload left */
  GArray *batches;
  gboolean has_text;
  gboolean has_paths;
  float   background[4];
  double  scale;
  float   text_extent[2]; /* the overlay's size in list units */
  gboolean software;
};

/* The text quad: two triangles over the whole list, at the start of the
 * path buffer. */
#define TEXT_QUAD_VERTICES 6

static const char rect_vertex_src[] =
  "uniform vec2 u_viewport;\n"     /* in list units */
  "uniform float u_scale;\n"       /* device pixels per unit */
  "layout(location = 0) in vec2 a_corner;\n"
  "layout(location = 1) in vec4 a_rect;\n"
  "layout(location = 2) in vec4 a_fill;\n"
  "layout(location = 3) in vec4 a_stroke;\n"
  "out vec2 v_pos;\n"
  "flat out vec4 v_rect;\n"
  "flat out vec4 v_fill;\n"
  "flat out vec4 v_stroke;\n"
  "void main () {\n"
  "  vec4 r = a_rect * u_scale;\n"
  /* a pixel of margin: edge pixels the box covers in part blend in part */
  "  vec2 p = mix (r.xy - 1.0, r.xy + r.zw + 1.0, a_corner);\n"
  "  v_pos = p;\n"
  "  v_rect = vec4 (r.xy, r.xy + r.zw);\n"
  "  v_fill = a_fill;\n"
  "  v_stroke = a_stroke;\n"
  "  vec2 ndc = p / (u_viewport * u_scale) * 2.0 - 1.0;\n"
  "  gl_Position = vec4 (ndc.x, -ndc.y, 0.0, 1.0);\n"
  "}\n";

/* How much of this fragment's pixel a box covers: cairo's antialiasing of
 * an axis-aligned rectangle, exactly. */
static const char rect_fragment_src[] =
  "uniform float u_stroke_width;\n"
  "in vec2 v_pos;\n"
  "flat in vec4 v_rect;\n"
  "flat in vec4 v_fill;\n"
  "flat in vec4 v_stroke;\n"
  "out vec4 o_color;\n"
  "float coverage (vec4 r) {\n"
  "  vec2 d = max (min (v_pos + 0.5, r.zw) - max (v_pos - 0.5, r.xy), 0.0);\n"
  "  return d.x * d.y;\n"
  "}\n"
  "void main () {\n"
  "  float outer = coverage (v_rect);\n"
  "  vec4 c = v_fill * outer;\n"
  "  if (v_stroke.a > 0.0) {\n"
  /* the outline lies inside the box: what the box covers less its inner part */
  "    vec4 inner = vec4 (v_rect.xy + u_stroke_width, v_rect.zw - u_stroke_width);\n"
  "    float in_cov = (inner.z > inner.x && inner.w > inner.y) ? coverage (inner) : 0.0;\n"
  "    float s = outer - in_cov;\n"
  "    c = v_stroke * s + c * (1.0 - v_stroke.a * s);\n"
  "  }\n"
  "  o_color = c;\n"
  "}\n";

static const char solid_vertex_src[] =
  "uniform vec2 u_viewport;\n"
  "layout(location = 0) in vec2 a_pos;\n"
  "void main () {\n"
  "  vec2 ndc = a_pos / u_viewport * 2.0 - 1.0;\n"
  "  gl_Position = vec4 (ndc.x, -ndc.y, 0.0, 1.0);\n"
  "}\n";

static const char solid_fragment_src[] =
  "uniform vec4 u_color;\n"
  "out vec4 o_color;\n"
  "void main () {\n"
  "  o_color = u_color;\n"
  "}\n";

static const char text_vertex_src[] =
  "uniform vec2 u_viewport;\n"
  "uniform vec2 u_extent;\n"
  "layout(location = 0) in vec2 a_pos;\n"
  "out vec2 v_uv;\n"
  "void main () {\n"
  "  v_uv = a_pos / u_extent;\n"
  "  vec2 ndc = a_pos / u_viewport * 2.0 - 1.0;\n"
  "  gl_Position = vec4 (ndc.x, -ndc.y, 0.0, 1.0);\n"
  "}\n";

/* cairo's ARGB32 is premultiplied and in native-endian words: bytes
 * B, G, R, A on a little-endian machine, A, R, G, B on a big-endian one */
static const char text_fragment_src[] =
  "uniform sampler2D u_text;\n"
  "in vec2 v_uv;\n"
  "out vec4 o_color;\n"
  "void main () {\n"
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  "  o_color = texture (u_text, v_uv).bgra;\n"
#else
  "  o_color = texture (u_text, v_uv).gbar;\n"
#endif
  "}\n";

static GLuint
compile (GLenum       type,
         const char  *source,
         GError     **error)
{
  const char *header = epoxy_is_desktop_gl () ? "#version 330 core\n"
                                              : "#version 300 es\nprecision highp float;\n";
  const char *sources[2] = { header, source };
  GLuint shader = glCreateShader (type);
  GLint ok = GL_FALSE;

  glShaderSource (shader, 2, sources, NULL);
  glCompileShader (shader);
  glGetShaderiv (shader, GL_COMPILE_STATUS, &ok);
  if (!ok)
    {
      char log[1024] = "";

      glGetShaderInfoLog (shader, sizeof log, NULL, log);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Could not compile a chart shader: %s", log);
      glDeleteShader (shader);
      return 0;
    }
  return shader;
}

static GLuint
link_program (const char  *vertex_src,
              const char  *fragment_src,
              GError     **error)
{
  GLuint vs, fs, program;
  GLint ok = GL_FALSE;

  if ((vs = compile (GL_VERTEX_SHADER, vertex_src, error)) == 0)
    return 0;
  if ((fs = compile (GL_FRAGMENT_SHADER, fragment_src, error)) == 0)
    {
      glDeleteShader (vs);
      return 0;
    }
  program = glCreateProgram ();
  glAttachShader (program, vs);
  glAttachShader (program, fs);
  glLinkProgram (program);
  glDeleteShader (vs);
  glDeleteShader (fs);
  glGetProgramiv (program, GL_LINK_STATUS, &ok);
  if (!ok)
    {
      char log[1024] = "";

      glGetProgramInfoLog (program, sizeof log, NULL, log);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Could not link a chart shader: %s", log);
      glDeleteProgram (program);
      return 0;
    }
  return program;
}

static void
premultiply (const TideColor *c,
             float            out[4])
{
  double a = CLAMP (c->a, 0, 1);

  out[0] = CLAMP (c->r, 0, 1) * a;
  out[1] = CLAMP (c->g, 0, 1) * a;
  out[2] = CLAMP (c->b, 0, 1) * a;
  out[3] = a;
}

static void
premultiply_bytes (const TideColor *c,
                   guint8           out[4])
{
  float f[4];

  premultiply (c, f);
  for (guint i = 0; i < 4; i++)
    out[i] = (guint8) lrint (f[i] * 255);
}

static void
push_quad (GArray *vertices,
           double  x0,
           double  y0,
           double  x1,
           double  y1)
{
  float q[12] = { x0, y0, x1, y0, x1, y1, x0, y0, x1, y1, x0, y1 };

  g_array_append_vals (vertices, q, G_N_ELEMENTS (q));
}

TideGlRenderer *
tide_gl_renderer_new (GError **error)
{
  static const float corners[8] = { 0, 0, 1, 0, 0, 1, 1, 1 };
  g_autoptr(TideGlRenderer) self = NULL;
  int version = epoxy_gl_version ();

  if (epoxy_is_desktop_gl () ? version < 33 : version < 30)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "OpenGL %s %d.%d is too old for the charts: they need OpenGL 3.3 or OpenGL ES 3.0",
                   epoxy_is_desktop_gl () ? "" : "ES", version / 10, version % 10);
      return NULL;
    }

  self = g_new0 (TideGlRenderer, 1);
  self->software = tide_gl_renderer_name_is_software ((const char *) glGetString (GL_RENDERER));
  self->batches = g_array_new (FALSE, FALSE, sizeof (Batch));
  self->scale = 1;

  if ((self->rect_program = link_program (rect_vertex_src, rect_fragment_src, error)) == 0
      || (self->solid_program = link_program (solid_vertex_src, solid_fragment_src, error)) == 0
      || (self->text_program = link_program (text_vertex_src, text_fragment_src, error)) == 0)
    return NULL;
  self->rect_viewport = glGetUniformLocation (self->rect_program, "u_viewport");
  self->rect_scale = glGetUniformLocation (self->rect_program, "u_scale");
  self->rect_stroke_width = glGetUniformLocation (self->rect_program, "u_stroke_width");
  self->solid_viewport = glGetUniformLocation (self->solid_program, "u_viewport");
  self->solid_color = glGetUniformLocation (self->solid_program, "u_color");
  self->text_viewport = glGetUniformLocation (self->text_program, "u_viewport");
  self->text_extent_loc = glGetUniformLocation (self->text_program, "u_extent");
  self->text_sampler = glGetUniformLocation (self->text_program, "u_text");

  /* rectangles: a unit quad per vertex, the boxes per instance */
  glGenVertexArrays (1, &self->rect_vao);
  glBindVertexArray (self->rect_vao);
  glGenBuffers (1, &self->corner_vbo);
  glBindBuffer (GL_ARRAY_BUFFER, self->corner_vbo);
  glBufferData (GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 2, GL_FLOAT, GL_FALSE, 0, NULL);
  glGenBuffers (1, &self->instance_vbo);
  for (guint i = 1; i <= 3; i++)
    {
      glEnableVertexAttribArray (i);
      glVertexAttribDivisor (i, 1);
    }

  /* paths and the text quad: plain positions */
  glGenVertexArrays (1, &self->path_vao);
  glBindVertexArray (self->path_vao);
  glGenBuffers (1, &self->path_vbo);
  glBindBuffer (GL_ARRAY_BUFFER, self->path_vbo);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 2, GL_FLOAT, GL_FALSE, 0, NULL);
  glBindVertexArray (0);

  glGenTextures (1, &self->text_texture);
  glBindTexture (GL_TEXTURE_2D, self->text_texture);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture (GL_TEXTURE_2D, 0);

  /* cairo samples a path's edge pixels 16 times; 4 is close enough and
   * what every driver offers */
  glGetIntegerv (GL_MAX_SAMPLES, &self->samples);
  self->samples = MIN (self->samples, 4);

  return g_steal_pointer (&self);
}

void
tide_gl_renderer_free (TideGlRenderer *self)
{
  if (self == NULL)
    return;
  if (self->rect_program != 0)
    glDeleteProgram (self->rect_program);
  if (self->solid_program != 0)
    glDeleteProgram (self->solid_program);
  if (self->text_program != 0)
    glDeleteProgram (self->text_program);
  if (self->rect_vao != 0)
    {
      GLuint buffers[3] = { self->corner_vbo, self->instance_vbo, self->path_vbo };

      glDeleteVertexArrays (1, &self->rect_vao);
      glDeleteVertexArrays (1, &self->path_vao);
      glDeleteBuffers (3, buffers);
      glDeleteTextures (1, &self->text_texture);
    }
  if (self->msaa_framebuffer != 0)
    {
      GLuint buffers[2] = { self->msaa_color, self->msaa_stencil };

      glDeleteFramebuffers (1, &self->msaa_framebuffer);
      glDeleteRenderbuffers (2, buffers);
    }
  g_array_unref (self->batches);
  g_free (self);
}

/* The list's text, set by cairo at device resolution into the overlay. */
static gboolean
upload_text (TideGlRenderer *self,
             TideDrawList   *list,
             int             width,
             int             height,
             double          scale)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean any = FALSE;

  for (guint i = 0; i < tide_draw_list_get_n_ops (list) && !any; i++)
    any = tide_draw_list_get_op (list, i)->kind == TIDE_DRAW_TEXT;
  if (!any || width <= 0 || height <= 0)
    return FALSE;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);

      if (op->kind == TIDE_DRAW_TEXT)
        tide_draw_op_render (op, cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  glBindTexture (GL_TEXTURE_2D, self->text_texture);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei (GL_UNPACK_ROW_LENGTH, cairo_image_surface_get_stride (surface) / 4);
  glTexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                cairo_image_surface_get_data (surface));
  glPixelStorei (GL_UNPACK_ROW_LENGTH, 0);
  glBindTexture (GL_TEXTURE_2D, 0);
  cairo_surface_destroy (surface);
  return TRUE;
}

void
tide_gl_renderer_upload (TideGlRenderer *self,
                         TideDrawList   *list,
                         double          scale)
{
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GArray) vertices = NULL;
  int text_width, text_height;

  g_return_if_fail (self != NULL);

  g_array_set_size (self->batches, 0);
  self->has_text = FALSE;
  self->has_paths = FALSE;
  memset (self->background, 0, sizeof self->background);
  if (list == NULL)
    return;

  self->scale = scale > 0 ? scale : 1;
  premultiply ((TideColor[]) { tide_draw_list_get_background (list) }, self->background);
  rects = g_array_sized_new (FALSE, FALSE, sizeof (RectInstance), tide_draw_list_get_n_ops (list));
  vertices = g_array_new (FALSE, FALSE, sizeof (float));
  /* the overlay covers whole device pixels, texel on pixel */
  text_width = (int) ceil (tide_draw_list_get_width (list) * self->scale);
  text_height = (int) ceil (tide_draw_list_get_height (list) * self->scale);
  self->text_extent[0] = text_width / self->scale;
  self->text_extent[1] = text_height / self->scale;
  push_quad (vertices, 0, 0, self->text_extent[0], self->text_extent[1]);

  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);
      Batch *last = self->batches->len > 0 ? &g_array_index (self->batches, Batch, self->batches->len - 1) : NULL;

      switch (op->kind)
        {
        case TIDE_DRAW_RECT:
          {
            RectInstance r = { op->x, op->y, op->w, op->h };

            premultiply_bytes (&op->color, r.fill);
            premultiply_bytes (&op->stroke, r.stroke);
            if (r.fill[3] == 0 && r.stroke[3] == 0)
              break;
            g_array_append_val (rects, r);
            if (last != NULL && last->kind == BATCH_RECTS)
              last->count++;
            else
              g_array_append_vals (self->batches, &(Batch) { BATCH_RECTS, rects->len - 1, 1 }, 1);
          }
          break;
        case TIDE_DRAW_PATH:
          if (op->bars)
            {
              /* boxes, as the rectangles above */
              for (guint k = 0; k + 1 < op->n_points; k += 2)
                {
                  RectInstance r = { op->points[k].x, op->points[k].y, op->points[k + 1].x - op->points[k].x,
                                     op->points[k + 1].y - op->points[k].y };

                  premultiply_bytes (&op->color, r.fill);
                  g_array_append_val (rects, r);
                  last = self->batches->len > 0 ? &g_array_index (self->batches, Batch, self->batches->len - 1) : NULL;
                  if (last != NULL && last->kind == BATCH_RECTS)
                    last->count++;
                  else
                    g_array_append_vals (self->batches, &(Batch) { BATCH_RECTS, rects->len - 1, 1 }, 1);
                }
              break;
            }
          {
            Batch b = { BATCH_PATH };
            gboolean stroke = op->stroke.a > 0 && op->line_width > 0;
            double margin = stroke ? op->line_width : 0;

            premultiply (&op->color, b.fill);
            premultiply (&op->stroke, b.stroke);
            if (op->closed && op->color.a > 0)
              {
                b.fill_first = vertices->len / 2;
                tide_gl_path_fill_triangles (op->points, op->n_points, vertices);
                b.fill_count = vertices->len / 2 - b.fill_first;
                b.fill_cover = vertices->len / 2;
                push_quad (vertices, op->x, op->y, op->x + op->w, op->y + op->h);
              }
            if (stroke)
              {
                b.stroke_first = vertices->len / 2;
                tide_gl_path_stroke_triangles (op->points, op->n_points, op->closed, op->line_width, vertices);
                b.stroke_count = vertices->len / 2 - b.stroke_first;
                b.stroke_cover = vertices->len / 2;
                push_quad (vertices, op->x - margin, op->y - margin, op->x + op->w + margin,
                           op->y + op->h + margin);
              }
            if (b.fill_count > 0 || b.stroke_count > 0)
              {
                g_array_append_val (self->batches, b);
                self->has_paths = TRUE;
              }
          }
          break;
        case TIDE_DRAW_TEXT:
          /* into the overlay, below */
          break;
        default:
          g_assert_not_reached ();
        }
    }

  glBindBuffer (GL_ARRAY_BUFFER, self->instance_vbo);
  glBufferData (GL_ARRAY_BUFFER, MAX (rects->len, 1) * sizeof (RectInstance), rects->data, GL_STATIC_DRAW);
  glBindBuffer (GL_ARRAY_BUFFER, self->path_vbo);
  glBufferData (GL_ARRAY_BUFFER, vertices->len * sizeof (float), vertices->data, GL_STATIC_DRAW);
  glBindBuffer (GL_ARRAY_BUFFER, 0);

  self->has_text = upload_text (self, list, text_width, text_height, self->scale);
}

/* Marks a shape's pixels in the stencil buffer, then paints them once in
 * @color and clears the marks (the @cover quad holds all of them). */
static void
draw_stenciled (TideGlRenderer *self,
                guint           first,
                guint           count,
                guint           cover,
                const float     color[4],
                gboolean        winding)
{
  glColorMask (GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
  glStencilFunc (GL_ALWAYS, 1, 0xff);
  if (winding)
    {
      glStencilOpSeparate (GL_FRONT, GL_KEEP, GL_KEEP, GL_INCR_WRAP);
      glStencilOpSeparate (GL_BACK, GL_KEEP, GL_KEEP, GL_DECR_WRAP);
    }
  else
    glStencilOp (GL_KEEP, GL_KEEP, GL_REPLACE);
  glDrawArrays (GL_TRIANGLES, first, count);

  glColorMask (GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glStencilFunc (GL_NOTEQUAL, 0, 0xff);
  glStencilOp (GL_KEEP, GL_KEEP, GL_ZERO);
  glUniform4fv (self->solid_color, 1, color);
  glDrawArrays (GL_TRIANGLES, cover, 6);
}

/* A multisampled framebuffer of @width x @height, or FALSE when the
 * driver offers none. */
static gboolean
ensure_msaa (TideGlRenderer *self,
             int             width,
             int             height)
{
  if (self->samples < 2)
    return FALSE;
  if (self->msaa_framebuffer != 0 && self->msaa_width == width && self->msaa_height == height)
    return TRUE;

  if (self->msaa_framebuffer == 0)
    {
      glGenFramebuffers (1, &self->msaa_framebuffer);
      glGenRenderbuffers (1, &self->msaa_color);
      glGenRenderbuffers (1, &self->msaa_stencil);
    }
  glBindFramebuffer (GL_FRAMEBUFFER, self->msaa_framebuffer);
  glBindRenderbuffer (GL_RENDERBUFFER, self->msaa_color);
  glRenderbufferStorageMultisample (GL_RENDERBUFFER, self->samples, GL_RGBA8, width, height);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, self->msaa_color);
  glBindRenderbuffer (GL_RENDERBUFFER, self->msaa_stencil);
  glRenderbufferStorageMultisample (GL_RENDERBUFFER, self->samples, GL_DEPTH24_STENCIL8, width, height);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, self->msaa_stencil);
  glBindRenderbuffer (GL_RENDERBUFFER, 0);
  self->msaa_width = width;
  self->msaa_height = height;
  if (glCheckFramebufferStatus (GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
    {
      /* drawn aliased from now on, rather than not at all */
      self->samples = 0;
      return FALSE;
    }
  return TRUE;
}

void
tide_gl_renderer_draw (TideGlRenderer *self,
                       int             width,
                       int             height)
{
  float viewport[2] = { width / self->scale, height / self->scale };
  GLint target = 0;
  gboolean msaa;

  g_return_if_fail (self != NULL);

  glGetIntegerv (GL_DRAW_FRAMEBUFFER_BINDING, &target);
  msaa = self->has_paths && ensure_msaa (self, width, height);
  glBindFramebuffer (GL_FRAMEBUFFER, msaa ? self->msaa_framebuffer : (GLuint) target);

  glViewport (0, 0, width, height);
  glDisable (GL_DEPTH_TEST);
  glDisable (GL_SCISSOR_TEST);
  glDisable (GL_CULL_FACE);
  glColorMask (GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glStencilMask (0xff);
  glClearColor (self->background[0], self->background[1], self->background[2], self->background[3]);
  glClearStencil (0);
  /* only paths use the stencil; on llvmpipe clearing it costs as much
   * again as clearing the colour */
  glClear (GL_COLOR_BUFFER_BIT | (self->has_paths ? GL_STENCIL_BUFFER_BIT : 0));
  glEnable (GL_BLEND);
  glBlendFunc (GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  glUseProgram (self->rect_program);
  glUniform2fv (self->rect_viewport, 1, viewport);
  glUniform1f (self->rect_scale, self->scale);
  glUniform1f (self->rect_stroke_width, TIDE_DRAW_STROKE_WIDTH * self->scale);
  glUseProgram (self->solid_program);
  glUniform2fv (self->solid_viewport, 1, viewport);

  for (guint i = 0; i < self->batches->len; i++)
    {
      const Batch *b = &g_array_index (self->batches, Batch, i);

      if (b->kind == BATCH_RECTS)
        {
          gsize base = b->first * sizeof (RectInstance);

          glUseProgram (self->rect_program);
          glBindVertexArray (self->rect_vao);
          /* no base instance in GL 3.3 / ES 3.0: the run's offset instead */
          glBindBuffer (GL_ARRAY_BUFFER, self->instance_vbo);
          glVertexAttribPointer (1, 4, GL_FLOAT, GL_FALSE, sizeof (RectInstance), GSIZE_TO_POINTER (base));
          glVertexAttribPointer (2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof (RectInstance),
                                 GSIZE_TO_POINTER (base + G_STRUCT_OFFSET (RectInstance, fill)));
          glVertexAttribPointer (3, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof (RectInstance),
                                 GSIZE_TO_POINTER (base + G_STRUCT_OFFSET (RectInstance, stroke)));
          glDrawArraysInstanced (GL_TRIANGLE_STRIP, 0, 4, b->count);
        }
      else
        {
          glUseProgram (self->solid_program);
          glBindVertexArray (self->path_vao);
          glEnable (GL_STENCIL_TEST);
          if (b->fill_count > 0)
            draw_stenciled (self, b->fill_first, b->fill_count, b->fill_cover, b->fill, TRUE);
          /* an opaque stroke may cover a pixel twice: no need to mark
           * them first, and no cover over the whole path to pay for */
          if (b->stroke_count > 0 && b->stroke[3] >= 1)
            {
              glDisable (GL_STENCIL_TEST);
              glUniform4fv (self->solid_color, 1, b->stroke);
              glDrawArrays (GL_TRIANGLES, b->stroke_first, b->stroke_count);
            }
          else if (b->stroke_count > 0)
            draw_stenciled (self, b->stroke_first, b->stroke_count, b->stroke_cover, b->stroke, FALSE);
          glDisable (GL_STENCIL_TEST);
        }
    }

  if (self->has_text)
    {
      glUseProgram (self->text_program);
      glUniform2fv (self->text_viewport, 1, viewport);
      glUniform2fv (self->text_extent_loc, 1, self->text_extent);
      glUniform1i (self->text_sampler, 0);
      glActiveTexture (GL_TEXTURE0);
      glBindTexture (GL_TEXTURE_2D, self->text_texture);
      glBindVertexArray (self->path_vao);
      glDrawArrays (GL_TRIANGLES, 0, TEXT_QUAD_VERTICES);
      glBindTexture (GL_TEXTURE_2D, 0);
    }

  glBindVertexArray (0);
  glBindBuffer (GL_ARRAY_BUFFER, 0);
  glUseProgram (0);
  glDisable (GL_BLEND);

  if (msaa)
    {
      glBindFramebuffer (GL_READ_FRAMEBUFFER, self->msaa_framebuffer);
      glBindFramebuffer (GL_DRAW_FRAMEBUFFER, target);
      glBlitFramebuffer (0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
  glBindFramebuffer (GL_FRAMEBUFFER, target);
}

gboolean
tide_gl_renderer_is_software (TideGlRenderer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->software;
}

guint
tide_gl_renderer_get_n_draw_calls (TideGlRenderer *self)
{
  guint n = self->has_text ? 1 : 0;

  for (guint i = 0; i < self->batches->len; i++)
    {
      const Batch *b = &g_array_index (self->batches, Batch, i);

      n += b->kind == BATCH_RECTS ? 1 : (b->fill_count > 0 ? 2 : 0) + (b->stroke_count > 0 ? (b->stroke[3] >= 1 ? 1 : 2) : 0);
    }
  return n;
}
