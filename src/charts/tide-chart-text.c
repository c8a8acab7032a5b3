/* tide-chart-text.c: measures, fits and shapes chart labels in the chart font
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shaping text is most of what painting and rendering a chart costs, and the
 * same labels come back on every redraw (hover, search) and in many boxes
 * (one function called from many places), so widths, fitted labels and
 * shaped layouts are cached, per thread, in bounded tables.
 */
#include "config.h"

#include <string.h>

#include "tide-chart-text-private.h"
#include "tide-draw-list.h"

#define ELLIPSIS "…"
#define CACHE_LIMIT 8192 /* entries per table; past it the table starts over */

/* Key of the caches: a text at a font size (and, for fits, a width). */
typedef struct
{
  double font_px;
  double max_width;
  char  *text;
} TextKey;

/* Per thread: pango font maps are not safe to share between threads. */
typedef struct
{
  PangoFontMap *font_map;
  PangoLayout  *layout;          /* for measuring: only its text changes */
  double        font_px;         /* the measuring layout's font size */
  double        ellipsis_width;  /* of ELLIPSIS at font_px */
  GHashTable   *widths;          /* TextKey (no width) -> double * */
  GHashTable   *fits;            /* TextKey -> fitted text, or NULL when nothing fits */
  PangoContext *render_context;  /* shared by the layouts kept for drawing */
  GHashTable   *render_layouts;  /* TextKey (no width) -> PangoLayout */
  cairo_matrix_t       render_matrix;  /* what render_context was last updated for */
  cairo_surface_type_t render_target;
} TextState;

static guint
text_key_hash (gconstpointer data)
{
  const TextKey *k = data;

  return g_str_hash (k->text) ^ g_double_hash (&k->font_px) ^ (g_double_hash (&k->max_width) * 31);
}

static gboolean
text_key_equal (gconstpointer a,
                gconstpointer b)
{
  const TextKey *x = a, *y = b;

  return x->font_px == y->font_px && x->max_width == y->max_width && strcmp (x->text, y->text) == 0;
}

static void
text_key_free (gpointer data)
{
  TextKey *k = data;

  g_free (k->text);
  g_free (k);
}

static TextKey *
text_key_copy (const TextKey *k)
{
  TextKey *copy = g_new (TextKey, 1);

  *copy = *k;
  copy->text = g_strdup (k->text);
  return copy;
}

static GHashTable *
cache_new (GDestroyNotify free_value)
{
  return g_hash_table_new_full (text_key_hash, text_key_equal, text_key_free, free_value);
}

/* Bounded: a full table starts over rather than keeping stale labels forever. */
static void
cache_insert (GHashTable    *cache,
              const TextKey *key,
              gpointer       value)
{
  if (g_hash_table_size (cache) >= CACHE_LIMIT)
    g_hash_table_remove_all (cache);
  g_hash_table_insert (cache, text_key_copy (key), value);
}

static void
text_state_free (gpointer data)
{
  TextState *state = data;

  g_clear_pointer (&state->render_layouts, g_hash_table_unref);
  g_clear_pointer (&state->fits, g_hash_table_unref);
  g_clear_pointer (&state->widths, g_hash_table_unref);
  g_clear_object (&state->render_context);
  g_clear_object (&state->layout);
  g_clear_object (&state->font_map);
  g_free (state);
}

static GPrivate text_state_key = G_PRIVATE_INIT (text_state_free);

static TextState *
thread_state (void)
{
  TextState *state = g_private_get (&text_state_key);

  if (state == NULL)
    {
      state = g_new0 (TextState, 1);
      state->font_map = pango_cairo_font_map_new ();
      state->widths = cache_new (g_free);
      state->fits = cache_new (g_free);
      state->render_layouts = cache_new (g_object_unref);
      g_private_set (&text_state_key, state);
    }
  return state;
}

PangoContext *
tide_chart_text_context_new (cairo_t *cr)
{
  PangoContext *context = pango_font_map_create_context (thread_state ()->font_map);
  cairo_font_options_t *options = cairo_font_options_create ();

  if (cr != NULL)
    pango_cairo_update_context (cr, context);
  /* Unhinted metrics and positions: widths then scale linearly and agree
   * between the window, PNG, PDF and what SVG renderers do. These override
   * whatever the target surface would pick. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);
  return context;
}

PangoFontDescription *
tide_chart_text_font_new (double font_px)
{
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family_static (font, TIDE_CHART_FONT_FAMILY);
  pango_font_description_set_absolute_size (font, font_px * PANGO_SCALE);
  return font;
}

static void
layout_set_font (PangoLayout *layout,
                 double       font_px)
{
  PangoFontDescription *font = tide_chart_text_font_new (font_px);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
}

static double
layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

/* This thread's state, its measuring layout set to @font_px. */
static TextState *
measuring_state (double font_px)
{
  TextState *state = thread_state ();

  if (state->layout == NULL)
    {
      PangoContext *context = tide_chart_text_context_new (NULL);

      state->layout = pango_layout_new (context);
      state->font_px = -1;
      g_object_unref (context);
    }
  if (state->font_px != font_px)
    {
      layout_set_font (state->layout, font_px);
      state->font_px = font_px;
      pango_layout_set_text (state->layout, ELLIPSIS, -1);
      state->ellipsis_width = layout_width (state->layout);
    }
  return state;
}

static double
measure (TextState  *state,
         const char *text)
{
  pango_layout_set_text (state->layout, text, -1);
  return layout_width (state->layout);
}

/* The width of @text, from the cache when it was measured before. */
static double
cached_width (TextState  *state,
              const char *text,
              double      font_px)
{
  TextKey key = { font_px, 0, (char *) text };
  double *width = g_hash_table_lookup (state->widths, &key);

  if (width == NULL)
    {
      width = g_new (double, 1);
      *width = measure (state, text);
      cache_insert (state->widths, &key, width);
    }
  return *width;
}

double
tide_chart_text_width (const char *text,
                       double      font_px)
{
  g_return_val_if_fail (text != NULL, 0);

  return cached_width (measuring_state (font_px), text, font_px);
}

/* The first @len bytes of @text followed by the ellipsis. */
static char *
cut_text (const char *text,
          gsize       len)
{
  char *cut = g_malloc (len + sizeof ELLIPSIS);

  memcpy (cut, text, len);
  memcpy (cut + len, ELLIPSIS, sizeof ELLIPSIS);
  return cut;
}

/* @text does not fit in @max_width: where to cut it. */
static char *
fit_cut (TextState  *state,
         const char *text,
         double      max_width)
{
  PangoLayoutLine *line;
  int index = 0, trailing = 0;

  if (max_width < state->ellipsis_width)
    return NULL;

  /* With the full text laid out, the character under the point where the
   * ellipsis would have to start is where to cut. One more measurement
   * checks it; kerning can make a step back necessary. */
  pango_layout_set_text (state->layout, text, -1);
  line = pango_layout_get_line_readonly (state->layout, 0);
  pango_layout_line_x_to_index (line, (int) ((max_width - state->ellipsis_width) * PANGO_SCALE),
                                &index, &trailing);
  for (const char *end = text + index; end > text; end = g_utf8_prev_char (end))
    {
      /* measured with the ellipsis, so that kerning against it counts */
      g_autofree char *cut = cut_text (text, end - text);

      if (measure (state, cut) <= max_width)
        return g_steal_pointer (&cut);
    }
  return NULL;
}

char *
tide_chart_fit_text (const char *text,
                     double      font_px,
                     double      max_width)
{
  TextState *state;
  TextKey key = { font_px, max_width, (char *) text };
  gpointer fitted = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (max_width <= 0 || *text == '\0')
    return NULL;
  state = measuring_state (font_px);
  if (cached_width (state, text, font_px) <= max_width)
    return g_strdup (text);

  if (!g_hash_table_lookup_extended (state->fits, &key, NULL, &fitted))
    {
      fitted = fit_cut (state, text, max_width);
      cache_insert (state->fits, &key, fitted);
    }
  return g_strdup (fitted);
}

/* Whether @cr renders glyphs as the render context was last set up for:
 * same kind of surface, same scale and rotation (a translation changes
 * nothing), and updates what was recorded when it does not. */
static gboolean
same_rendering (TextState *state,
                cairo_t   *cr)
{
  cairo_matrix_t m;
  cairo_surface_type_t target = cairo_surface_get_type (cairo_get_target (cr));
  gboolean same;

  cairo_get_matrix (cr, &m);
  same = target == state->render_target
      && m.xx == state->render_matrix.xx && m.yx == state->render_matrix.yx
      && m.xy == state->render_matrix.xy && m.yy == state->render_matrix.yy;
  state->render_matrix = m;
  state->render_target = target;
  return same;
}

PangoLayoutLine *
tide_chart_text_line (cairo_t    *cr,
                      const char *text,
                      double      font_px)
{
  TextState *state = thread_state ();
  TextKey key = { font_px, 0, (char *) text };
  PangoLayout *layout;

  if (state->render_context == NULL)
    {
      state->render_context = tide_chart_text_context_new (cr);
      cairo_get_matrix (cr, &state->render_matrix);
      state->render_target = cairo_surface_get_type (cairo_get_target (cr));
    }
  else if (!same_rendering (state, cr))
    /* another kind of surface or another scale: the kept layouts notice and
     * shape again, once. Not on every call, since an update always makes
     * pango lay out every kept layout again. */
    pango_cairo_update_context (cr, state->render_context);

  layout = g_hash_table_lookup (state->render_layouts, &key);
  if (layout == NULL)
    {
      layout = pango_layout_new (state->render_context);
      layout_set_font (layout, font_px);
      pango_layout_set_text (layout, text, -1);
      cache_insert (state->render_layouts, &key, layout);
    }
  return pango_layout_get_line_readonly (layout, 0);
}
