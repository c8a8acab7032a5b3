/* tide-chart-test-util.c: helpers shared by the chart tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
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

TideTrace *
tide_chart_test_trace (const char *name)
{
  g_autofree char *path = strchr (name, '/') != NULL ? g_strdup (name) : tide_test_data_path (name);
  g_autoptr(GError) error = NULL;
  TideTrace *trace = tide_test_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (trace);
  return trace;
}

GHashTable *
tide_chart_test_class_totals (TideTrace           *trace,
                              TideSizeClassScheme  scheme,
                              const guint64       *blocks)
{
  GHashTable *totals = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  for (guint i = 0; i < tide_trace_get_n_infos (trace); i++)
    {
      const TideAllocInfo *info = tide_trace_get_info (trace, i);
      gpointer key = GUINT_TO_POINTER (tide_size_class_of (scheme, info->size) + 1);
      TideClassTotals *t;

      if (blocks[i] == 0)
        continue;
      t = g_hash_table_lookup (totals, key);
      if (t == NULL)
        {
          t = g_new0 (TideClassTotals, 1);
          g_hash_table_insert (totals, key, t);
        }
      t->blocks += blocks[i];
      t->requested += blocks[i] * info->size;
      t->handed_out += blocks[i] * tide_size_class_allocator_bytes (scheme, info->size);
    }
  return totals;
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

char *
tide_chart_test_export (TideDrawList     *list,
                        TideExportFormat  format,
                        double            scale,
                        const char       *dir,
                        const char       *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (tide_export_draw_list (list, format, scale, file, NULL, &error));
  g_assert_no_error (error);
  return path;
}

void
tide_chart_test_remove_dir (const char *dir)
{
  tide_test_remove_tree (dir);
}

/* Whether an op recorded after box @i may paint pixel (@px, @py). */
static gboolean
covered_later (TideDrawList *list,
               guint         i,
               int           px,
               int           py)
{
  for (guint j = i + 1; j < tide_draw_list_get_n_ops (list); j++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, j);
      double x0 = op->x, y0 = op->y, x1 = op->x + op->w, y1 = op->y + op->h;

      if (op->kind == TIDE_DRAW_TEXT)
        {
          /* from the ascent above the baseline to the descent below it */
          x1 = op->x + tide_chart_text_width (op->text, op->h);
          y0 = op->y - op->h;
          y1 = op->y + 0.3 * op->h;
        }
      else if (op->kind == TIDE_DRAW_PATH)
        {
          /* a stroke reaches half its width past the points, and antialiasing a pixel more */
          double pad = op->line_width / 2 + 1;

          x0 -= pad, y0 -= pad, x1 += pad, y1 += pad;
        }
      if (px + 1 > x0 && px < x1 && py + 1 > y0 && py < y1)
        return TRUE;
    }
  return FALSE;
}

void
tide_chart_test_compare_rsvg (TideDrawList *list,
                              const char   *label,
                              guint         min_boxes)
{
  g_autofree char *dir = g_dir_make_tmp ("tide-rsvg-XXXXXX", NULL);
  g_autofree char *svg = tide_chart_test_export (list, TIDE_EXPORT_SVG, 1, dir, "chart.svg");
  g_autofree char *png = tide_chart_test_export (list, TIDE_EXPORT_PNG, 1, dir, "chart.png");
  g_autofree char *rsvg_png = g_build_filename (dir, "rsvg.png", NULL);
  const char *argv[] = { "rsvg-convert", "-b", "white", "-o", rsvg_png, svg, NULL };
  g_autofree char *out = NULL;
  cairo_surface_t *ours, *theirs;
  int status, w, h;
  guint64 differing = 0, checked = 0;

  out = tide_test_run (argv, NULL, &status);
  g_assert_nonnull (out);
  g_assert_cmpint (status, ==, 0);
  ours = cairo_image_surface_create_from_png (png);
  theirs = cairo_image_surface_create_from_png (rsvg_png);
  g_assert_cmpint (cairo_surface_status (ours), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (theirs), ==, CAIRO_STATUS_SUCCESS);
  w = cairo_image_surface_get_width (ours);
  h = cairo_image_surface_get_height (ours);
  g_assert_cmpint (w, ==, (int) tide_draw_list_get_width (list));
  g_assert_cmpint (h, ==, (int) tide_draw_list_get_height (list));
  g_assert_cmpint (cairo_image_surface_get_width (theirs), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (theirs), ==, h);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 a = tide_chart_test_pixel (ours, x, y), b = tide_chart_test_pixel (theirs, x, y);

        for (int shift = 0; shift < 24; shift += 8)
          if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 40)
            {
              differing++;
              break;
            }
      }

  /* box colours: at the centre of unlabelled boxes, off the text of labelled ones */
  for (guint i = 0; i < tide_draw_list_get_n_ops (list); i++)
    {
      const TideDrawOp *op = tide_draw_list_get_op (list, i);
      gboolean labelled = i + 1 < tide_draw_list_get_n_ops (list) && tide_draw_list_get_op (list, i + 1)->kind == TIDE_DRAW_TEXT;
      int px, py;

      if (op->kind != TIDE_DRAW_RECT || op->w < 3 || op->h < 3 || op->stroke.a > 0 || op->color.a < 1)
        continue;
      px = labelled ? (int) op->x + 1 : (int) (op->x + op->w / 2);
      py = labelled ? (int) op->y + 1 : (int) (op->y + op->h / 2);
      if (covered_later (list, labelled ? i + 1 : i, px, py))
        continue;
      g_assert_cmphex (tide_chart_test_pixel (ours, px, py), ==, tide_chart_test_rgb (&op->color));
      g_assert_cmphex (tide_chart_test_pixel (theirs, px, py), ==, tide_chart_test_rgb (&op->color));
      checked++;
    }

  g_test_message ("%s: %dx%d, %" G_GUINT64_FORMAT " pixels differ by more than 40/255 (%.3f%%), %" G_GUINT64_FORMAT " box colours equal",
                  label, w, h, differing, 100.0 * differing / ((double) w * h), checked);
  g_assert_cmpuint (checked, >=, min_boxes);
  /* cairo 1.16 puts glyphs on whole pixels, librsvg fills their outlines
   * where they fall: the edges of letters differ, nothing else */
  g_assert_cmpfloat ((double) differing / ((double) w * h), <, 0.03);
  cairo_surface_destroy (ours);
  cairo_surface_destroy (theirs);
  tide_chart_test_remove_dir (dir);
}

void
tide_chart_test_run_tidemark (TideChartRun *r,
                              const char   *first,
                              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "DISPLAY");
  va_list args;
  int wait_status;

  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  g_assert_nonnull (g_getenv ("TIDEMARK_BIN"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("TIDEMARK_BIN"));
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, 0, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  r->status = 0;
  if (!g_spawn_check_wait_status (wait_status, &error))
    r->status = error->domain == G_SPAWN_EXIT_ERROR ? error->code : -1;
}

void
tide_chart_run_clear (TideChartRun *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

void
tide_chart_test_assert_fails (TideChartRun *r,
                              int           status,
                              const char   *mention)
{
  g_test_message ("stderr: %s", r->err);
  g_assert_cmpint (r->status, ==, status);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_true (g_str_has_suffix (r->err, "\n"));
  g_assert_cmpuint (strchr (r->err, '\n') - r->err, ==, strlen (r->err) - 1);
  g_assert_nonnull (strstr (r->err, mention));
}
