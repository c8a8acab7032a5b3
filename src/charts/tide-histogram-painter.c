/* tide-histogram-painter.c: draws an allocation-size histogram, the same for window and export
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/tide-format.h"
#include "tide-chart-colors.h"
#include "tide-histogram-painter.h"
#include "tide-treemap-painter.h"

#define CAP_HEIGHT  0.73 /* DejaVu Sans' capitals, in em */
#define MARGIN      8.0  /* px around the drawing */
#define TICK_GAP    6.0  /* px between an axis label and its panel */
#define SWATCH     12.0  /* px of a legend swatch */
#define WIDEST_TICK "100 MB"

typedef struct
{
  TideHistogramLayout      *layout;
  const TideHistogramStyle *style;
  TideDrawList             *list;
  double                    width, height;
  double                    tick_px;
  TideColor                 bg, grid, baseline, label, ink;
} Paint;

void
tide_histogram_style_init (TideHistogramStyle *style)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->font_px = 12;
  style->hover = -1;
}

static double
tick_px (const TideHistogramStyle *style)
{
  return round (style->font_px * 0.92);
}

static double
line_height (const TideHistogramStyle *style)
{
  return round (style->font_px * 1.6);
}

void
tide_histogram_painter_get_plots (const TideHistogramStyle *style,
                                  double                    width,
                                  double                    height,
                                  TideRect                 *blocks,
                                  TideRect                 *bytes)
{
  double line, left, top, bottom, panels, gap;

  g_return_if_fail (style != NULL);
  g_return_if_fail (blocks != NULL && bytes != NULL);

  line = line_height (style);
  left = MARGIN + ceil (tide_chart_text_width (WIDEST_TICK, tick_px (style))) + TICK_GAP;
  /* the summary, then each panel's name above it; the class ticks and their caption below */
  top = (style->what != NULL ? round (style->font_px * 2.4) : MARGIN) + line;
  bottom = MARGIN + 2 * line;
  gap = line + round (style->font_px);
  panels = MAX (height - top - bottom - gap, 2);

  blocks->x = bytes->x = left;
  blocks->w = bytes->w = MAX (width - left - 2 * MARGIN, 1);
  blocks->y = top;
  blocks->h = floor (panels * 0.45);
  bytes->y = blocks->y + blocks->h + gap;
  bytes->h = panels - blocks->h;
}

/* ---------------------------------------------------------------- text -- */

char *
tide_histogram_format_tick (guint    exponent,
                            gboolean bytes)
{
  static const char * const count_units[] = { "", "k", "M", "G", "T", "P", "E" };
  /* TRANSLATORS: units of bytes on an axis, decimal as everywhere in Tidemark */
  const char * const byte_units[] = { N_("B"), N_("kB"), N_("MB"), N_("GB"), N_("TB"), N_("PB"), N_("EB") };
  guint group = MIN (exponent / 3, G_N_ELEMENTS (count_units) - 1);
  guint64 mantissa = 1;

  for (guint i = group * 3; i < exponent; i++)
    mantissa *= 10;
  if (bytes)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " %s", mantissa, _(byte_units[group]));
  return g_strdup_printf ("%" G_GUINT64_FORMAT "%s", mantissa, count_units[group]);
}

char *
tide_histogram_class_tick (TideSizeClassScheme scheme,
                           guint               klass)
{
  static const char * const units[] = { "", "K", "M", "G", "T", "P", "E" };
  guint64 lo, hi;
  guint unit = 0;

  tide_size_class_bounds (scheme, klass, &lo, &hi);
  if (scheme == TIDE_SIZE_CLASSES_PYMALLOC && klass >= TIDE_PYMALLOC_MAX_SMALL / 16)
    return g_strdup_printf ("> %u", TIDE_PYMALLOC_MAX_SMALL);
  if (hi == G_MAXUINT64)
    return g_strdup_printf ("> %" G_GUINT64_FORMAT, lo - 1);
  /* binary: class bounds are powers of two, or steps of 16 below 1 KiB */
  while (hi >= 1024 && hi % 1024 == 0 && unit + 1 < G_N_ELEMENTS (units))
    {
      hi /= 1024;
      unit++;
    }
  return g_strdup_printf ("%" G_GUINT64_FORMAT "%s", hi, units[unit]);
}

char *
tide_histogram_painter_summary (TideHistogramLayout *layout,
                                const char          *what)
{
  guint64 blocks, requested, handed_out;
  g_autofree char *count = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *n_blocks = NULL;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  tide_histogram_layout_get_totals (layout, &blocks, &requested, &handed_out);
  count = tide_format_count (blocks);
  n_blocks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s block", "%s blocks", blocks), count);
  figures = tide_treemap_format_rounding (requested, handed_out);
  /* TRANSLATORS: "Live at peak: 354,997 blocks, 10.6 MB requested, 11.2 MB handed out (5.3 % rounding)" */
  return g_strdup_printf (_("%s: %s, %s"), what, n_blocks, figures);
}

char *
tide_histogram_painter_title (TideHistogramLayout *layout,
                              guint                i)
{
  const TideHistogramBar *bar;
  g_autofree char *label = NULL;
  g_autofree char *count = NULL;
  g_autofree char *req = NULL;
  g_autofree char *req_human = NULL;
  g_autofree char *out = NULL;
  guint64 blocks, requested;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (i < tide_histogram_layout_get_n_bars (layout), NULL);

  bar = tide_histogram_layout_get_bar (layout, i);
  tide_histogram_layout_get_totals (layout, &blocks, &requested, NULL);
  label = tide_size_class_label (tide_histogram_layout_get_scheme (layout), bar->klass);
  g_string_append (text, label);
  if (bar->blocks == 0)
    {
      g_string_append_printf (text, "\n%s", _("No blocks"));
      return g_string_free (text, FALSE);
    }
  count = tide_format_count (bar->blocks);
  req = tide_format_count (bar->requested);
  req_human = g_format_size (bar->requested);
  out = tide_format_count (bar->handed_out);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s block", "%s blocks", bar->blocks), count);
  /* TRANSLATORS: after a number of blocks: " (3.5 % of all)" */
  g_string_append_printf (text, _(" (%.1f %% of all)"), blocks > 0 ? 100.0 * bar->blocks / blocks : 0);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("%s bytes requested (%s), %s handed out (%.1f %% rounding)"), req, req_human, out,
                          bar->handed_out > 0
                            ? MAX (100.0 * ((double) bar->handed_out - (double) bar->requested) / bar->handed_out, 0)
                            : 0);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("%.1f %% of the bytes requested"),
                          requested > 0 ? 100.0 * bar->requested / requested : 0);
  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------- colours -- */

static TideColor
hex (guint32 rgb,
     double  alpha)
{
  return tide_chart_alpha (tide_chart_rgb8 ((rgb >> 16) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0),
                           alpha);
}

static TideColor
over (TideColor top,
      double    alpha,
      TideColor under)
{
  return tide_chart_rgb8 (under.r + alpha * (top.r - under.r), under.g + alpha * (top.g - under.g),
                          under.b + alpha * (top.b - under.b));
}

static void
paint_colors (Paint *p)
{
  gboolean dark = p->style->dark;

  p->bg = dark ? hex (0x1e1e1e, 1) : hex (0xfafafa, 1);
  p->grid = dark ? hex (0xffffff, 0.08) : hex (0x000000, 0.08);
  p->baseline = dark ? hex (0x5e5c64, 1) : hex (0x9a9996, 1);
  p->label = dark ? hex (0xc0bfbc, 1) : hex (0x5e5c64, 1);
  p->ink = dark ? hex (0xf6f5f4, 1) : hex (0x241f31, 1);
}

/* A class's bar, and the lighter one of what the allocator handed out. */
static TideColor
bar_color (const Paint *p,
           guint        klass)
{
  TideColor c = tide_chart_size_class_color (tide_histogram_layout_get_scheme (p->layout), klass, p->style->dark);

  /* in the light style the palette's palest classes need a deeper bar on the page */
  return p->style->dark ? c : over (hex (0x000000, 1), 0.08, c);
}

static TideColor
handed_out_color (const Paint *p,
                  guint        klass)
{
  return over (p->bg, 0.55, bar_color (p, klass));
}

/* ---------------------------------------------------------------- paint -- */

static void
paint_axis (Paint                   *p,
            const TideHistogramAxis *axis,
            gboolean                 bytes,
            const char              *name)
{
  static const TideColor none = { 0 };
  double spacing = axis->n_ticks > 1 ? (axis->plot.h / (axis->n_ticks - 1)) : axis->plot.h;
  guint every = 1;
  double last_y = G_MAXDOUBLE;

  /* labels at every power of ten while they fit, else every other, … */
  while (spacing * every < p->tick_px * 1.5)
    every++;
  for (guint i = 0; i < axis->n_ticks; i++)
    {
      const TideHistogramTick *t = &axis->ticks[i];
      double y = round (t->y);
      g_autofree char *label = NULL;
      double w;

      if (i > 0)
        tide_draw_list_add_rect (p->list, axis->plot.x, MIN (y, axis->plot.y + axis->plot.h - 1), axis->plot.w, 1,
                                 p->grid, none, NULL);
      if ((axis->n_ticks - 1 - i) % every != 0 || last_y - y < p->tick_px)
        continue;
      label = tide_histogram_format_tick (t->exponent, bytes);
      w = tide_chart_text_width (label, p->tick_px);
      tide_draw_list_add_text (p->list, round (axis->plot.x - TICK_GAP - w), round (y + CAP_HEIGHT * p->tick_px / 2),
                               p->tick_px, p->label, label);
      last_y = y;
    }
  /* the panel's name above its top left corner */
  tide_draw_list_add_text (p->list, axis->plot.x, round (axis->plot.y - line_height (p->style) + CAP_HEIGHT * p->style->font_px),
                           p->style->font_px, p->ink, name);
}

static void
paint_bars (Paint *p)
{
  static const TideColor none = { 0 };
  const TideHistogramAxis *blocks = tide_histogram_layout_get_blocks_axis (p->layout);
  const TideHistogramAxis *bytes = tide_histogram_layout_get_bytes_axis (p->layout);
  double blocks_bottom = blocks->plot.y + blocks->plot.h, bytes_bottom = bytes->plot.y + bytes->plot.h;

  for (guint i = 0; i < tide_histogram_layout_get_n_bars (p->layout); i++)
    {
      const TideHistogramBar *bar = tide_histogram_layout_get_bar (p->layout, i);
      double x0 = round (bar->x0), x1 = round (bar->x1);
      double inset = x1 - x0 >= 8 ? MAX (1, round ((x1 - x0) * 0.12)) : (x1 - x0 >= 3 ? 1 : 0);
      double x = x0 + inset, w = MAX (x1 - x0 - 2 * inset, 1);
      TideColor color = bar_color (p, bar->klass);
      g_autofree char *title = NULL;

      if (bar->blocks == 0)
        continue;
      if (!p->style->skip_titles)
        title = tide_histogram_painter_title (p->layout, i);
      tide_draw_list_add_rect (p->list, x, round (bar->blocks_top), w, blocks_bottom - round (bar->blocks_top), color,
                               none, title);
      tide_draw_list_add_rect (p->list, x, round (bar->handed_out_top), w, bytes_bottom - round (bar->handed_out_top),
                               handed_out_color (p, bar->klass), none, title);
      tide_draw_list_add_rect (p->list, x, round (bar->requested_top), w, bytes_bottom - round (bar->requested_top), color,
                               none, title);
    }
  /* the floors, over the bars' ends */
  tide_draw_list_add_rect (p->list, blocks->plot.x, blocks_bottom - 1, blocks->plot.w, 1, p->baseline, none, NULL);
  tide_draw_list_add_rect (p->list, bytes->plot.x, bytes_bottom - 1, bytes->plot.w, 1, p->baseline, none, NULL);
}

/* The classes along the bottom: every one, or every other, … as fit
 * without touching, counted from the last (the largest is always named). */
static void
paint_class_ticks (Paint *p)
{
  static const TideColor none = { 0 };
  const TideHistogramAxis *bytes = tide_histogram_layout_get_bytes_axis (p->layout);
  TideSizeClassScheme scheme = tide_histogram_layout_get_scheme (p->layout);
  double y = bytes->plot.y + bytes->plot.h;
  guint n = tide_histogram_layout_get_n_bars (p->layout);
  const char *caption = _("Size class, by its largest request in bytes");
  double widest = 0, slot;
  guint every = 1;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = tide_histogram_class_tick (scheme, tide_histogram_layout_get_bar (p->layout, i)->klass);

      widest = MAX (widest, tide_chart_text_width (label, p->tick_px));
    }
  slot = bytes->plot.w / n;
  while (every < n && every * slot < widest + 6)
    every++;

  for (guint i = (n - 1) % every; i < n; i += every)
    {
      const TideHistogramBar *bar = tide_histogram_layout_get_bar (p->layout, i);
      g_autofree char *label = tide_histogram_class_tick (scheme, bar->klass);
      double w = tide_chart_text_width (label, p->tick_px);
      double centre = (bar->x0 + bar->x1) / 2;
      double x = round (CLAMP (centre - w / 2, 0, p->width - w));

      tide_draw_list_add_rect (p->list, floor (centre), y, 1, 4, p->baseline, none, NULL);
      tide_draw_list_add_text (p->list, x, round (y + TICK_GAP + 2 + CAP_HEIGHT * p->tick_px), p->tick_px, p->label, label);
    }
  tide_draw_list_add_text (p->list, round (bytes->plot.x + bytes->plot.w - tide_chart_text_width (caption, p->tick_px)),
                           round (y + line_height (p->style) + TICK_GAP + CAP_HEIGHT * p->tick_px), p->tick_px, p->label,
                           caption);
}

/* The summary at the left, the legend's two swatches at the right when they fit. */
static void
paint_summary (Paint *p)
{
  static const TideColor none = { 0 };
  double font_px = p->style->font_px;
  double baseline = round ((round (font_px * 2.4) + CAP_HEIGHT * font_px) / 2);
  const char *requested = _("requested");
  const char *handed_out = _("handed out (the rest is rounding)");
  TideColor solid = p->style->dark ? hex (0x9a9996, 1) : hex (0x77767b, 1);
  double legend_w = 2 * (SWATCH + 6) + tide_chart_text_width (requested, font_px)
                    + tide_chart_text_width (handed_out, font_px) + 18;
  g_autofree char *summary = NULL;
  g_autofree char *fitted = NULL;
  double room = p->width - 2 * MARGIN;
  double x;

  if (p->style->what == NULL)
    return;
  summary = tide_histogram_painter_summary (p->layout, p->style->what);
  if (tide_chart_text_width (summary, font_px) + 24 + legend_w <= room)
    {
      x = p->width - MARGIN - legend_w;
      tide_draw_list_add_rect (p->list, round (x), baseline - SWATCH + 1, SWATCH, SWATCH, solid, none, NULL);
      x += SWATCH + 6;
      tide_draw_list_add_text (p->list, round (x), baseline, font_px, p->label, requested);
      x += tide_chart_text_width (requested, font_px) + 18;
      tide_draw_list_add_rect (p->list, round (x), baseline - SWATCH + 1, SWATCH, SWATCH, over (p->bg, 0.55, solid), none,
                               NULL);
      x += SWATCH + 6;
      tide_draw_list_add_text (p->list, round (x), baseline, font_px, p->label, handed_out);
    }
  fitted = tide_chart_fit_text (summary, font_px, room);
  if (fitted != NULL)
    tide_draw_list_add_text (p->list, MARGIN, baseline, font_px, p->ink, fitted);
}

static void
paint_begin (Paint                    *p,
             TideHistogramLayout      *layout,
             const TideHistogramStyle *style,
             double                    width,
             double                    height,
             gboolean                  overlay)
{
  static const TideColor clear = { 0 };

  memset (p, 0, sizeof *p);
  p->layout = layout;
  p->style = style;
  p->width = width;
  p->height = height;
  p->tick_px = tick_px (style);
  paint_colors (p);
  p->list = tide_draw_list_new (width, height, overlay ? clear : p->bg);
}

TideDrawList *
tide_histogram_paint (TideHistogramLayout      *layout,
                      const TideHistogramStyle *style,
                      double                    width,
                      double                    height)
{
  Paint p;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  paint_begin (&p, layout, style, width, height, FALSE);
  paint_axis (&p, tide_histogram_layout_get_blocks_axis (layout), FALSE, _("Blocks per size class"));
  paint_axis (&p, tide_histogram_layout_get_bytes_axis (layout), TRUE, _("Bytes per size class"));
  paint_bars (&p);
  paint_class_ticks (&p);
  paint_summary (&p);
  return p.list;
}

TideDrawList *
tide_histogram_paint_overlay (TideHistogramLayout      *layout,
                              const TideHistogramStyle *style,
                              double                    width,
                              double                    height)
{
  static const TideColor none = { 0 };
  Paint p;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  paint_begin (&p, layout, style, width, height, TRUE);
  if (style->hover >= 0 && (guint) style->hover < tide_histogram_layout_get_n_bars (layout))
    {
      const TideHistogramBar *bar = tide_histogram_layout_get_bar (layout, style->hover);
      const TideHistogramAxis *axes[] = { tide_histogram_layout_get_blocks_axis (layout),
                                          tide_histogram_layout_get_bytes_axis (layout) };
      TideColor tint = style->dark ? hex (0xffffff, 0.10) : hex (0x000000, 0.07);

      for (guint a = 0; a < G_N_ELEMENTS (axes); a++)
        tide_draw_list_add_rect (p.list, round (bar->x0), axes[a]->plot.y, MAX (round (bar->x1) - round (bar->x0), 1),
                                 axes[a]->plot.h, tint, none, NULL);
    }
  return p.list;
}
