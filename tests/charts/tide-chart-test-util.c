/* tide-chart-test-util.c: helpers shared by the chart tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "tide-chart-test-util.h"
#include "tide-test-util.h"

TideFlameTree *
tide_chart_test_tree (const char             *name,
                      const TideFlameOptions *options)
{
  g_autofree char *path = strchr (name, '/') != NULL ? g_strdup (name) : tide_test_data_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(TideTrace) trace = tide_test_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (trace);
  return tide_flame_tree_new (trace, options);
}

guint32
tide_chart_test_find_node (TideFlameTree *tree,
                           const char    *label)
{
  for (guint32 i = 0; i < tide_flame_tree_get_n_nodes (tree); i++)
    {
      g_autofree char *l = tide_flame_tree_get_label (tree, i);

      if (g_str_equal (l, label))
        return i;
    }
  g_error ("no box is labelled %s", label);
  return TIDE_FLAME_NO_NODE;
}

/* Parse state: which element the character data belongs to. */
typedef struct
{
  TideSvgStats *stats;
  GString      *chars;
  gboolean      in_text;
  gboolean      in_title;
} SvgParse;

static void
svg_start_cb (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              user_data,
              GError              **error)
{
  SvgParse *p = user_data;

  if (g_str_equal (element, "rect"))
    p->stats->n_rects++;
  else if (g_str_equal (element, "title"))
    p->in_title = TRUE;
  else if (g_str_equal (element, "text"))
    p->in_text = TRUE;
  g_string_truncate (p->chars, 0);
}

static void
svg_end_cb (GMarkupParseContext  *context,
            const char           *element,
            gpointer              user_data,
            GError              **error)
{
  SvgParse *p = user_data;

  if (g_str_equal (element, "title"))
    {
      p->stats->n_titles++;
      g_ptr_array_add (p->stats->titles, g_strdup (p->chars->str));
      p->in_title = FALSE;
    }
  else if (g_str_equal (element, "text"))
    {
      p->stats->n_texts++;
      g_ptr_array_add (p->stats->texts, g_strdup (p->chars->str));
      p->in_text = FALSE;
    }
}

static void
svg_text_cb (GMarkupParseContext  *context,
             const char           *text,
             gsize                 len,
             gpointer              user_data,
             GError              **error)
{
  SvgParse *p = user_data;

  if (p->in_text || p->in_title)
    g_string_append_len (p->chars, text, len);
}

gboolean
tide_chart_test_parse_svg (const char    *svg,
                           TideSvgStats  *stats,
                           GError       **error)
{
  static const GMarkupParser parser = { svg_start_cb, svg_end_cb, svg_text_cb, NULL, NULL };
  SvgParse p = { stats, g_string_new (NULL), FALSE, FALSE };
  GMarkupParseContext *context;
  gboolean ok;

  memset (stats, 0, sizeof *stats);
  stats->titles = g_ptr_array_new_with_free_func (g_free);
  stats->texts = g_ptr_array_new_with_free_func (g_free);
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &p, NULL);
  /* the XML declaration is a processing instruction GMarkup passes over */
  ok = g_markup_parse_context_parse (context, svg, -1, error)
    && g_markup_parse_context_end_parse (context, error);
  g_markup_parse_context_free (context);
  g_string_free (p.chars, TRUE);
  return ok;
}

void
tide_svg_stats_clear (TideSvgStats *stats)
{
  g_clear_pointer (&stats->titles, g_ptr_array_unref);
  g_clear_pointer (&stats->texts, g_ptr_array_unref);
}

guint32
tide_chart_test_pixel (cairo_surface_t *image,
                       int              x,
                       int              y)
{
  const guint8 *row = cairo_image_surface_get_data (image) + (gsize) y * cairo_image_surface_get_stride (image);

  g_assert_true (x >= 0 && x < cairo_image_surface_get_width (image));
  g_assert_true (y >= 0 && y < cairo_image_surface_get_height (image));
  return ((const guint32 *) (gconstpointer) row)[x] & 0xffffff;
}

guint32
tide_chart_test_rgb (const TideColor *c)
{
  return (guint32) lround (c->r * 255) << 16 | (guint32) lround (c->g * 255) << 8 | (guint32) lround (c->b * 255);
}
