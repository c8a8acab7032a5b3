/* tide-treemap-painter.c: draws a size-class treemap, the same for window and export
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/tide-format.h"
#include "tide-chart-colors.h"
#include "tide-treemap-painter.h"

#define CAP_HEIGHT     0.73 /* DejaVu Sans' capitals, in em: centres labels on a line */
#define MARGIN         6.0  /* px left of the plot (right and below: less the class gap) */
#define CLASS_GAP      2.0  /* px of background between class boxes */
#define LABEL_PAD      4.0  /* px between a box's edge and its label */
#define LINE_SPACING   1.25 /* em from one label line to the next */
#define MIN_CUT_CHARS  3    /* characters a shortened label keeps before its "…" */
#define MIN_DRAWN      2.0  /* px: a site box narrower or lower is left to its class's fill */
#define MIN_LABEL_EM   3.5  /* em of room a site label needs */
#define WIDEST_EM      1.3  /* em: wider than any character DejaVu Sans (or an emoji) draws */

/* Everything one paint needs, computed once. */
typedef struct
{
  TideTreemapLayout      *layout;
  const TideTreemapStyle *style;
  TideTrace              *trace;
  TideDrawList           *list;
  double                  width, height;
  guint64                 grand_total; /* of every class: shares are of everything */
  TideColor               bg, ink, label;
  GHashTable             *fills;       /* frame + 1 -> TideColor: of the class painted, or of any */
} Paint;

/* A box in whole pixels: [x0, x1) x [y0, y1). */
typedef struct
{
  double x0, y0, x1, y1;
} Box;

void
tide_treemap_style_init (TideTreemapStyle *style)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->dark = FALSE;
  style->color_mode = TIDE_TREEMAP_COLOR_BY_CLASS;
  style->font_px = 12;
  style->what = NULL;
  style->hover = -1;
  style->skip_titles = FALSE;
}

static double
summary_height (const TideTreemapStyle *style)
{
  return style->what != NULL ? round (style->font_px * 2.4) : MARGIN;
}

void
tide_treemap_painter_get_plot (const TideTreemapStyle *style,
                               double                  width,
                               double                  height,
                               TideRect               *plot)
{
  double top;

  g_return_if_fail (style != NULL);
  g_return_if_fail (plot != NULL);

  top = summary_height (style);
  plot->x = MARGIN;
  plot->y = top;
  /* the class gap is at the right and bottom of every class box */
  plot->w = MAX (width - 2 * MARGIN + CLASS_GAP, 0);
  plot->h = MAX (height - top - MARGIN + CLASS_GAP, 0);
}

double
tide_treemap_painter_header_height (const TideTreemapStyle *style)
{
  g_return_val_if_fail (style != NULL, 0);
  return round (style->font_px * 1.75);
}

void
tide_treemap_painter_init_options (const TideTreemapStyle *style,
                                   TideTreemapOptions     *options)
{
  g_return_if_fail (style != NULL);
  g_return_if_fail (options != NULL);

  options->header_height = tide_treemap_painter_header_height (style);
  /* room for a range such as "129 B – 256 B" */
  options->header_min_width = style->font_px * 7;
}

/* ------------------------------------------------------------ colours -- */

static TideColor
hex (guint32 rgb)
{
  return tide_chart_rgb8 ((rgb >> 16) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

/* @top at @alpha over @under, as one opaque colour. */
static TideColor
over (TideColor top,
      double    alpha,
      TideColor under)
{
  return tide_chart_rgb8 (under.r + alpha * (top.r - under.r), under.g + alpha * (top.g - under.g),
                          under.b + alpha * (top.b - under.b));
}

static double
contrast (const TideColor *a,
          const TideColor *b)
{
  double la = tide_chart_luminance (a), lb = tide_chart_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* @fill, lightened or darkened just enough that the ink chosen for it
 * reaches WCAG AA contrast (4.5:1): shades of a class and header bands
 * move away from the palette, which keeps that contrast by itself. */
static TideColor
legible (TideColor fill)
{
  for (guint step = 0; step < 20; step++)
    {
      TideColor ink = tide_chart_ink_for (&fill);

      if (contrast (&ink, &fill) >= 4.5)
        break;
      fill = tide_chart_luminance (&ink) < 0.5 ? over (hex (0xffffff), 0.08, fill) : over (hex (0x000000), 0.08, fill);
    }
  return fill;
}

static const char *
site_key (TideTrace *trace,
          guint32    frame)
{
  const TideFrame *f = tide_trace_get_frame (trace, frame);

  return frame != 0 && f->function != 0 ? tide_trace_get_string (trace, f->function) : NULL;
}

/* A class's own colour: its header band and the pixels between its sites. */
static TideColor
class_fill (TideTreemapLayout *layout,
            guint              class_index,
            gboolean           dark)
{
  const TideSizeClass *c = g_ptr_array_index (tide_treemap_layout_get_classes (layout), class_index);
  TideColor base = tide_chart_size_class_color (tide_treemap_layout_get_scheme (layout), c->klass, dark);

  /* deeper than its sites in the light style, brighter in the dark one */
  return legible (dark ? over (hex (0xffffff), 0.14, base) : over (hex (0x000000), 0.10, base));
}

static TideColor
site_fill (TideTreemapLayout     *layout,
           const TideTreemapRect *r,
           const TideTreemapStyle *style)
{
  TideTrace *trace = tide_treemap_layout_get_trace (layout);
  const TideClassSite *site = tide_treemap_layout_get_site (layout, r);
  const char *key = site_key (trace, site->frame);
  const TideSizeClass *c = tide_treemap_layout_get_class (layout, r);
  double shade;

  if (style->color_mode == TIDE_TREEMAP_COLOR_BY_SITE)
    {
      /* no function to tell: no hue */
      if (key == NULL)
        return style->dark ? hex (0x545454) : hex (0xc8c8c8);
      return tide_chart_name_color (key, 0, 60.0 / 360.0, style->dark);
    }
  /* a shade of the class's colour per function, so neighbours stand apart */
  shade = (tide_chart_name_hash (key != NULL ? key : "??") >> 24) / 255.0;
  if (style->dark)
    return legible (over (hex (0x000000), 0.04 + 0.16 * shade,
                          tide_chart_size_class_color (tide_treemap_layout_get_scheme (layout), c->klass, TRUE)));
  return legible (over (hex (0xffffff), 0.10 + 0.22 * shade,
                        tide_chart_size_class_color (tide_treemap_layout_get_scheme (layout), c->klass, FALSE)));
}

TideColor
tide_treemap_painter_color (TideTreemapLayout      *layout,
                            guint                   i,
                            const TideTreemapStyle *style)
{
  const TideTreemapRect *r;

  g_return_val_if_fail (layout != NULL, hex (0x808080));
  g_return_val_if_fail (style != NULL, hex (0x808080));
  g_return_val_if_fail (i < tide_treemap_layout_get_n_rects (layout), hex (0x808080));

  r = tide_treemap_layout_get_rect (layout, i);
  if (r->depth == 0)
    return class_fill (layout, r->class_index, style->dark);
  return site_fill (layout, r, style);
}

/* --------------------------------------------------------------- text -- */

char *
tide_treemap_format_rounding (guint64 requested,
                              guint64 handed_out)
{
  g_autofree char *req = g_format_size (requested);
  g_autofree char *out = g_format_size (handed_out);
  double waste = handed_out > 0 ? 100.0 * ((double) handed_out - (double) requested) / handed_out : 0;

  /* TRANSLATORS: "10.6 MB requested, 11.2 MB handed out (5.3 % rounding)": what
   * the allocator reserved beyond the requests, as a share of what it reserved */
  return g_strdup_printf (_("%s requested, %s handed out (%.1f %% rounding)"), req, out, MAX (waste, 0));
}

static char *
class_label (TideTreemapLayout   *layout,
             const TideSizeClass *c)
{
  return tide_size_class_label (tide_treemap_layout_get_scheme (layout), c->klass);
}

char *
tide_treemap_painter_summary (TideTreemapLayout *layout,
                              const char        *what)
{
  guint64 requested, handed_out;
  int zoom;
  g_autofree char *figures = NULL;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  tide_treemap_layout_get_totals (layout, &requested, &handed_out, NULL);
  zoom = tide_treemap_layout_get_zoom_index (layout);
  if (zoom < 0)
    {
      figures = tide_treemap_format_rounding (requested, handed_out);
      /* TRANSLATORS: "Live at peak: 10.6 MB requested, …" */
      return g_strdup_printf (_("%s: %s"), what, figures);
    }
  else
    {
      const TideSizeClass *c = g_ptr_array_index (tide_treemap_layout_get_classes (layout), zoom);
      g_autofree char *label = class_label (layout, c);
      double share = requested > 0 ? 100.0 * c->requested / requested : 0;

      figures = tide_treemap_format_rounding (c->requested, c->allocated);
      /* TRANSLATORS: "Live at peak › 129 B – 256 B: 1.2 MB requested, 1.5 MB handed out
       * (20.0 % rounding), 11.3 % of the requests" */
      return g_strdup_printf (_("%s › %s: %s, %.1f %% of the requests"), what, label, figures, share);
    }
}

static void
append_bytes_line (GString *text,
                   guint64  requested,
                   guint64  handed_out)
{
  g_autofree char *req = tide_format_count (requested);
  g_autofree char *req_human = g_format_size (requested);
  g_autofree char *out = tide_format_count (handed_out);
  double waste = handed_out > 0 ? 100.0 * ((double) handed_out - (double) requested) / handed_out : 0;

  g_string_append_c (text, '\n');
  /* TRANSLATORS: "3,245,184 bytes requested (3.2 MB), 3,600,000 handed out (9.9 % rounding)" */
  g_string_append_printf (text, _("%s bytes requested (%s), %s handed out (%.1f %% rounding)"), req, req_human, out,
                          MAX (waste, 0));
}

char *
tide_treemap_painter_title (TideTreemapLayout *layout,
                            guint              i)
{
  const TideTreemapRect *r;
  const TideSizeClass *c;
  TideTrace *trace;
  g_autofree char *klass = NULL;
  g_autofree char *blocks = NULL;
  guint64 total;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (i < tide_treemap_layout_get_n_rects (layout), NULL);

  r = tide_treemap_layout_get_rect (layout, i);
  c = tide_treemap_layout_get_class (layout, r);
  trace = tide_treemap_layout_get_trace (layout);
  klass = class_label (layout, c);
  tide_treemap_layout_get_totals (layout, &total, NULL, NULL);
  if (tide_treemap_layout_get_options (layout)->value == TIDE_TREEMAP_HANDED_OUT)
    tide_treemap_layout_get_totals (layout, NULL, &total, NULL);

  if (r->depth == 0)
    {
      g_autofree char *sites = tide_format_count (c->sites->len);

      blocks = tide_format_count (c->blocks);
      g_string_append (text, klass);
      append_bytes_line (text, c->requested, c->allocated);
      g_string_append_c (text, '\n');
      /* TRANSLATORS: "12,345 blocks from 57 sites" */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s block", "%s blocks", c->blocks), blocks);
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " from %s site", " from %s sites", c->sites->len),
                              sites);
      if (total > 0)
        {
          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("%.1f %% of the total"), 100.0 * r->value / total);
        }
    }
  else
    {
      const TideClassSite *s = tide_treemap_layout_get_site (layout, r);
      g_autofree char *function = tide_format_function (trace, s->frame);

      blocks = tide_format_count (s->blocks);
      g_string_append (text, function);
      g_string_append_c (text, '\n');
      /* TRANSLATORS: the size class a site's blocks are in: "in 129 B – 256 B" */
      g_string_append_printf (text, _("in %s"), klass);
      append_bytes_line (text, s->requested, s->allocated);
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s block", "%s blocks", s->blocks), blocks);
      if (total > 0)
        {
          guint64 class_value = tide_treemap_value_of (tide_treemap_layout_get_options (layout)->value,
                                                       c->requested, c->allocated);

          g_string_append_c (text, '\n');
          /* TRANSLATORS: "30.5 % of the class, 3.1 % of the total" */
          g_string_append_printf (text, _("%.1f %% of the class, %.1f %% of the total"),
                                  class_value > 0 ? 100.0 * r->value / class_value : 0, 100.0 * r->value / total);
        }
      if (s->frame != 0)
        {
          const TideFrame *frame = tide_trace_get_frame (trace, s->frame);
          g_autofree char *module = g_utf8_make_valid (tide_trace_get_string (trace, frame->module), -1);

          if (frame->file != 0)
            {
              g_autofree char *location = tide_format_location (trace, s->frame);

              g_string_append_printf (text, "\n%s", location);
              if (frame->module != 0)
                g_string_append_printf (text, " — %s", module);
            }
          else if (frame->module != 0)
            {
              g_string_append_c (text, '\n');
              /* TRANSLATORS: the library or executable a function is in */
              g_string_append_printf (text, _("in %s"), module);
            }
        }
    }
  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------ geometry -- */

static Box
pixel_box (const TideTreemapRect *r)
{
  Box b = { round (r->x), round (r->y), round (r->x + r->w), round (r->y + r->h) };

  return b;
}

/* A class box as filled: less the gap at its right and bottom. */
static Box
class_box (const TideTreemapRect *r)
{
  Box b = pixel_box (r);

  b.x1 -= CLASS_GAP;
  b.y1 -= CLASS_GAP;
  return b;
}

/* Where a class's sites are drawn: its box under its header. */
static Box
class_content (TideTreemapLayout     *layout,
               const TideTreemapRect *r)
{
  Box b = class_box (r);
  TideRect content = tide_treemap_layout_content (layout, r);

  if (r->has_header)
    b.y0 = round (content.y);
  return b;
}

static Box
site_box (const TideTreemapRect *r,
          const Box             *content)
{
  Box b = pixel_box (r);

  /* a pixel of the background right of and below each site */
  b.x1 -= 1;
  b.y1 -= 1;
  b.x0 = MAX (b.x0, content->x0);
  b.y0 = MAX (b.y0, content->y0);
  b.x1 = MIN (b.x1, content->x1);
  b.y1 = MIN (b.y1, content->y1);
  return b;
}

static gboolean
box_drawn (const Box *b,
           double     min)
{
  return b->x1 - b->x0 >= min && b->y1 - b->y0 >= min;
}

gboolean
tide_treemap_painter_box (TideTreemapLayout *layout,
                          guint              i,
                          double            *x,
                          double            *y,
                          double            *w,
                          double            *h)
{
  const TideTreemapRect *r;
  Box b;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (i < tide_treemap_layout_get_n_rects (layout), FALSE);

  r = tide_treemap_layout_get_rect (layout, i);
  if (r->depth == 0)
    b = class_box (r);
  else
    {
      Box content = class_content (layout, tide_treemap_layout_get_rect (layout, tide_treemap_layout_class_rect (layout, i)));

      b = site_box (r, &content);
    }
  *x = b.x0;
  *y = b.y0;
  *w = MAX (b.x1 - b.x0, 0);
  *h = MAX (b.y1 - b.y0, 0);
  return box_drawn (&b, r->depth == 0 ? 1 : MIN_DRAWN);
}

/* ------------------------------------------------------------- labels -- */

/* Whether @text surely fits @room px without measuring it: no character
 * of the chart font (nor of a fallback one) is wider than WIDEST_EM. On a
 * thread whose label caches are cold, measuring is most of a paint. */
static gboolean
surely_fits (const char *text,
             double      font_px,
             double      room)
{
  return g_utf8_strlen (text, -1) * font_px * WIDEST_EM <= room;
}

static gboolean
fits (const char *text,
      double      font_px,
      double      room)
{
  return surely_fits (text, font_px, room) || tide_chart_text_width (text, font_px) <= room;
}

/* @text fitted to @room px, or NULL when what fits would tell nothing. */
static char *
fit (const char *text,
     double      font_px,
     double      room)
{
  char *fitted;

  if (room < font_px * 0.8)
    return NULL;
  if (surely_fits (text, font_px, room))
    return g_strdup (text);
  fitted = tide_chart_fit_text (text, font_px, room);
  /* "0…" or "P…" tell nothing: a cut label keeps a few characters or goes */
  if (fitted != NULL && !g_str_equal (fitted, text) && g_utf8_strlen (fitted, -1) < MIN_CUT_CHARS + 1)
    g_clear_pointer (&fitted, g_free);
  return fitted;
}

/* The function, then its bytes, then its blocks, as many lines as fit. */
static void
paint_site_label (const Paint           *p,
                  const TideTreemapRect *r,
                  const Box             *b,
                  const TideColor       *fill)
{
  const TideClassSite *site = tide_treemap_layout_get_site (p->layout, r);
  double font_px = p->style->font_px;
  double line = round (font_px * LINE_SPACING);
  double room = b->x1 - b->x0 - 2 * LABEL_PAD;
  double first = b->y0 + LABEL_PAD + round (CAP_HEIGHT * font_px);
  guint n_lines = 0;
  TideColor ink = tide_chart_ink_for (fill);
  char *lines[3] = { NULL, NULL, NULL };

  /* a label narrower than a few characters tells little and crowds the chart */
  if (room < font_px * MIN_LABEL_EM || b->y1 - b->y0 < font_px + 2 * LABEL_PAD - 2)
    return;
  n_lines = (guint) MIN (3, floor ((b->y1 - b->y0 - 2 * LABEL_PAD - CAP_HEIGHT * font_px) / line) + 1);
  lines[0] = tide_format_function (p->trace, site->frame);
  g_strdelimit (lines[0], "\n\r\t", ' ');
  if (n_lines > 1)
    lines[1] = g_format_size (r->value);
  if (n_lines > 2)
    {
      g_autofree char *count = tide_format_count (site->blocks);

      lines[2] = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s block", "%s blocks", site->blocks), count);
    }
  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *fitted = fit (lines[i], font_px, room);

      if (fitted == NULL)
        break;
      tide_draw_list_add_text (p->list, b->x0 + LABEL_PAD, first + i * line, font_px, ink, fitted);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    g_free (lines[i]);
}

/* "129 B – 256 B · 3.2 MB requested, 3.6 MB handed out · 12,345 blocks",
 * then less of it, as much as fits. */
static void
paint_header (const Paint           *p,
              const TideTreemapRect *r,
              const Box             *b,
              const TideColor       *fill)
{
  const TideSizeClass *c = tide_treemap_layout_get_class (p->layout, r);
  double font_px = p->style->font_px;
  double header = tide_treemap_layout_get_options (p->layout)->header_height;
  double room = b->x1 - b->x0 - 2 * LABEL_PAD;
  g_autofree char *range = class_label (p->layout, c);
  g_autofree char *bytes = g_format_size (r->value);
  g_autofree char *count = tide_format_count (c->blocks);
  g_autofree char *blocks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s block", "%s blocks", c->blocks), count);
  g_autofree char *requested = g_format_size (c->requested);
  g_autofree char *handed_out = g_format_size (c->allocated);
  /* TRANSLATORS: a size class's header in the treemap: "129 B – 256 B · 3.2 MB
   * requested, 3.6 MB handed out · 12,345 blocks" */
  g_autofree char *fullest = g_strdup_printf (_("%s · %s requested, %s handed out · %s"), range, requested, handed_out,
                                              blocks);
  g_autofree char *full = g_strdup_printf ("%s · %s · %s", range, bytes, blocks);
  g_autofree char *shorter = g_strdup_printf ("%s · %s", range, bytes);
  const char *tries[] = { fullest, full, shorter };
  double baseline = round (b->y0 + (header - 1 + CAP_HEIGHT * font_px) / 2);
  TideColor ink = tide_chart_ink_for (fill);

  for (guint i = 0; i < G_N_ELEMENTS (tries); i++)
    if (fits (tries[i], font_px, room))
      {
        tide_draw_list_add_text (p->list, b->x0 + LABEL_PAD, baseline, font_px, ink, tries[i]);
        return;
      }
  {
    g_autofree char *fitted = fit (range, font_px, room);

    if (fitted != NULL)
      tide_draw_list_add_text (p->list, b->x0 + LABEL_PAD, baseline, font_px, ink, fitted);
  }
}

/* -------------------------------------------------------------- paint -- */

static void
paint_colors (Paint *p)
{
  p->bg = p->style->dark ? hex (0x1e1e1e) : hex (0xfafafa);
  p->ink = p->style->dark ? hex (0xf6f5f4) : hex (0x241f31);
  p->label = p->style->dark ? hex (0xc0bfbc) : hex (0x5e5c64);
}

/* Whether a site box cannot be drawn, known without rounding its edges: a
 * drawn box is MIN_DRAWN px or more after its pixel of gap, so more than
 * MIN_DRAWN px each way before it. A million sites are mostly such. */
static gboolean
too_small (const TideTreemapRect *r)
{
  return r->w * r->h <= MIN_DRAWN * MIN_DRAWN;
}

static gboolean
site_drawn (const TideTreemapRect *r,
            const Box             *content)
{
  Box b = site_box (r, content);

  return box_drawn (&b, MIN_DRAWN);
}

/* A site's fill, computed once per function (per class, coloured by
 * class): making a colour legible takes a few luminances, each a few pow(). */
static TideColor
cached_site_fill (Paint                 *p,
                  const TideTreemapRect *r)
{
  gpointer key = GUINT_TO_POINTER (tide_treemap_layout_get_site (p->layout, r)->frame + 1);
  TideColor *fill = g_hash_table_lookup (p->fills, key);

  if (fill == NULL)
    {
      fill = g_new (TideColor, 1);
      *fill = site_fill (p->layout, r, p->style);
      g_hash_table_insert (p->fills, key, fill);
    }
  return *fill;
}

static void
paint_class (Paint *p,
             guint  i)
{
  static const TideColor none = { 0 };
  const TideTreemapRect *r = tide_treemap_layout_get_rect (p->layout, i);
  const TideSizeClass *c = tide_treemap_layout_get_class (p->layout, r);
  Box b = class_box (r), content, rest = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  TideColor fill = class_fill (p->layout, r->class_index, p->style->dark);
  g_autofree char *title = NULL;

  if (!box_drawn (&b, 1))
    return;
  if (p->style->color_mode == TIDE_TREEMAP_COLOR_BY_CLASS)
    g_hash_table_remove_all (p->fills);
  if (!p->style->skip_titles)
    title = tide_treemap_painter_title (p->layout, i);
  content = class_content (p->layout, r);
  if (r->has_header)
    {
      tide_draw_list_add_rect (p->list, b.x0, b.y0, b.x1 - b.x0, content.y0 - b.y0, fill, none, title);
      paint_header (p, r, &b, &fill);
    }

  /* Sites too small to draw are left to the class's colour, filled once
   * under all of them: they come last (smallest), so that is a corner of
   * the class, not the whole of it. Filling only that, and letting the
   * background show between sites, keeps every pixel of a treemap painted
   * twice at most (background, box), which is most of what a redraw costs. */
  for (guint s = 0; s < c->sites->len; s++)
    {
      const TideTreemapRect *sr = tide_treemap_layout_get_rect (p->layout, i + 1 + s);

      if (sr->w <= 0 || sr->h <= 0 || (!too_small (sr) && site_drawn (sr, &content)))
        continue;
      rest.x0 = MIN (rest.x0, sr->x);
      rest.y0 = MIN (rest.y0, sr->y);
      rest.x1 = MAX (rest.x1, sr->x + sr->w);
      rest.y1 = MAX (rest.y1, sr->y + sr->h);
    }
  rest.x0 = MAX (round (rest.x0), content.x0);
  rest.y0 = MAX (round (rest.y0), content.y0);
  rest.x1 = MIN (round (rest.x1), content.x1);
  rest.y1 = MIN (round (rest.y1), content.y1);
  if (rest.x1 > rest.x0 && rest.y1 > rest.y0)
    tide_draw_list_add_rect (p->list, rest.x0, rest.y0, rest.x1 - rest.x0, rest.y1 - rest.y0, fill, none, title);
  else if (!r->has_header && c->sites->len == 0)
    tide_draw_list_add_rect (p->list, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0, fill, none, title);

  for (guint s = 0; s < c->sites->len; s++)
    {
      guint k = i + 1 + s;
      const TideTreemapRect *sr = tide_treemap_layout_get_rect (p->layout, k);
      Box sb;
      TideColor site_color;
      g_autofree char *site_title = NULL;

      if (too_small (sr))
        continue;
      sb = site_box (sr, &content);
      if (!box_drawn (&sb, MIN_DRAWN))
        continue;
      site_color = cached_site_fill (p, sr);
      /* a search: what misses fades into the background */
      if (p->style->marks != NULL && k < p->style->n_marks && p->style->marks[k] == 0)
        site_color = tide_chart_rgb8 (p->bg.r + 0.3 * (site_color.r - p->bg.r), p->bg.g + 0.3 * (site_color.g - p->bg.g),
                                      p->bg.b + 0.3 * (site_color.b - p->bg.b));
      if (!p->style->skip_titles)
        site_title = tide_treemap_painter_title (p->layout, k);
      tide_draw_list_add_rect (p->list, sb.x0, sb.y0, sb.x1 - sb.x0, sb.y1 - sb.y0, site_color, none, site_title);
      paint_site_label (p, sr, &sb, &site_color);
    }
}

static void
paint_summary (Paint *p)
{
  g_autofree char *summary = NULL;
  g_autofree char *fitted = NULL;
  double font_px = p->style->font_px;

  if (p->style->what == NULL)
    return;
  summary = tide_treemap_painter_summary (p->layout, p->style->what);
  fitted = tide_chart_fit_text (summary, font_px, p->width - 2 * MARGIN);
  if (fitted != NULL)
    tide_draw_list_add_text (p->list, MARGIN, round ((summary_height (p->style) + CAP_HEIGHT * font_px) / 2), font_px,
                             p->ink, fitted);
}

static void
paint_begin (Paint                  *p,
             TideTreemapLayout      *layout,
             const TideTreemapStyle *style,
             double                  width,
             double                  height,
             gboolean                overlay)
{
  static const TideColor clear = { 0 };

  memset (p, 0, sizeof *p);
  p->layout = layout;
  p->style = style;
  p->trace = tide_treemap_layout_get_trace (layout);
  p->width = width;
  p->height = height;
  paint_colors (p);
  p->list = tide_draw_list_new (width, height, overlay ? clear : p->bg);
  p->fills = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

TideDrawList *
tide_treemap_paint (TideTreemapLayout      *layout,
                    const TideTreemapStyle *style,
                    double                  width,
                    double                  height)
{
  Paint p;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  paint_begin (&p, layout, style, width, height, FALSE);
  for (guint i = 0; i < tide_treemap_layout_get_n_rects (layout);)
    {
      const TideTreemapRect *r = tide_treemap_layout_get_rect (layout, i);
      const TideSizeClass *c = tide_treemap_layout_get_class (layout, r);

      g_assert (r->depth == 0);
      paint_class (&p, i);
      i += 1 + c->sites->len;
    }
  paint_summary (&p);
  g_hash_table_unref (p.fills);
  return p.list;
}

guint8 *
tide_treemap_painter_search (TideTreemapLayout *layout,
                             const char        *text,
                             guint             *n_matched)
{
  guint n = tide_treemap_layout_get_n_rects (layout);
  guint8 *marks = g_new0 (guint8, MAX (n, 1));
  g_autofree char *needle = text != NULL ? g_utf8_casefold (text, -1) : NULL;
  g_autoptr(GHashTable) frames = g_hash_table_new (NULL, NULL); /* frame + 1 → match + 1 */
  TideTrace *trace = tide_treemap_layout_get_trace (layout);
  guint matched = 0;

  for (guint i = 0; i < n && needle != NULL && *needle != '\0'; i++)
    {
      const TideClassSite *site = tide_treemap_layout_get_site (layout, tide_treemap_layout_get_rect (layout, i));
      gpointer key, known;

      if (site == NULL)
        continue;
      /* a function allocates in many classes: look it up once */
      key = GUINT_TO_POINTER (site->frame + 1);
      known = g_hash_table_lookup (frames, key);
      if (known == NULL)
        {
          g_autofree char *label = tide_format_frame (trace, site->frame);
          g_autofree char *folded = g_utf8_casefold (label, -1);

          known = GUINT_TO_POINTER (strstr (folded, needle) != NULL ? 2 : 1);
          g_hash_table_insert (frames, key, known);
        }
      marks[i] = GPOINTER_TO_UINT (known) == 2;
      matched += marks[i];
    }
  if (n_matched != NULL)
    *n_matched = matched;
  return marks;
}

TideDrawList *
tide_treemap_paint_overlay (TideTreemapLayout      *layout,
                            const TideTreemapStyle *style,
                            double                  width,
                            double                  height)
{
  static const TideColor none = { 0 };
  Paint p;
  double x, y, w, h;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  paint_begin (&p, layout, style, width, height, TRUE);
  if (style->hover >= 0 && (guint) style->hover < tide_treemap_layout_get_n_rects (layout)
      && tide_treemap_painter_box (layout, style->hover, &x, &y, &w, &h))
    tide_draw_list_add_rect (p.list, x, y, w, h, none, style->dark ? hex (0xffffff) : hex (0x000000), NULL);
  g_hash_table_unref (p.fills);
  return p.list;
}
