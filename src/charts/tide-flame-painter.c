/* tide-flame-painter.c: draws a flame layout, the same for window and export
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/tide-format.h"
#include "tide-chart-colors.h"
#include "tide-flame-painter.h"

#define LABEL_PADDING 3.0 /* px between a box's edge and its label */
#define MIN_CUT_CHARS 3   /* characters a shortened label keeps before its "…" */
#define HATCH_STEP    6.0 /* px between the stripes of a box only "before" had */
#define PAIR_GAP      16.0 /* px between two graphs side by side */

/* Everything one paint needs about the chart, computed once. */
typedef struct
{
  TideFlameLayout      *layout;
  TideFlameTree        *tree;  /* NULL when drawing a difference */
  TideDiffFlame        *diff;  /* NULL when drawing one trace */
  TideTrace            *trace; /* the "after" one of a difference */
  const TideFlameStyle *style;
  double                width;
  double                height;
  guint64               grand_total; /* the root's value: shares are of everything */
} Paint;

void
tide_flame_style_init (TideFlameStyle *style)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->dark = FALSE;
  style->color_mode = TIDE_FLAME_COLOR_BY_FUNCTION;
  style->row_height = 18;
  style->font_px = 12;
  style->hover_node = TIDE_FLAME_NO_NODE;
  style->matches = NULL;
  style->skip_titles = FALSE;
}

double
tide_flame_painter_get_height (TideFlameLayout      *layout,
                               const TideFlameStyle *style)
{
  return tide_flame_layout_get_n_rows (layout) * style->row_height;
}

/* ---------------------------------------------------------------- colour -- */

/* What a box's colour is keyed on: its function (or the module's file name,
 * without the directory, which differs between machines). */
static const char *
color_key (TideFlameTree        *tree,
           guint32               node,
           const TideFlameStyle *style)
{
  TideTrace *trace = tide_flame_tree_get_trace (tree);
  const TideFrame *frame;

  if (node == 0)
    return "all";
  frame = tide_trace_get_frame (trace, tide_flame_tree_get_node (tree, node)->frame);
  if (style->color_mode == TIDE_FLAME_COLOR_BY_MODULE)
    {
      const char *module = tide_trace_get_string (trace, frame->module);
      const char *slash = strrchr (module, '/');

      return slash != NULL ? slash + 1 : module;
    }
  return frame->function != 0 ? tide_trace_get_string (trace, frame->function) : "??";
}

TideColor
tide_flame_painter_color (TideFlameTree        *tree,
                          guint32               node,
                          const TideFlameStyle *style)
{
  g_return_val_if_fail (tree != NULL, tide_chart_rgb8 (0.5, 0.5, 0.5));
  g_return_val_if_fail (style != NULL, tide_chart_rgb8 (0.5, 0.5, 0.5));

  /* merged slivers: no function to tell, so no hue */
  if (node == TIDE_FLAME_NO_NODE)
    return style->dark ? tide_chart_rgb8 (0.33, 0.33, 0.33) : tide_chart_rgb8 (0.78, 0.78, 0.78);

  /* the warm "flame" range, red to yellow */
  return tide_chart_name_color (color_key (tree, node, style), 0, 60.0 / 360.0, style->dark);
}

/* A box's fill once a search is on: hits stand out, the rest fade. */
static TideColor
search_fill (const Paint *p,
             guint32      node,
             TideColor    fill)
{
  double grey, keep = 0.25;

  if (p->style->matches == NULL)
    return fill;
  if (node != TIDE_FLAME_NO_NODE && p->style->matches[node])
    return p->style->dark ? tide_chart_rgb8 (0.62, 0.12, 0.62) : tide_chart_rgb8 (0.92, 0.30, 0.92);
  grey = p->style->dark ? 0.30 + 0.3 * tide_chart_luminance (&fill) : 0.72 + 0.2 * tide_chart_luminance (&fill);
  return tide_chart_rgb8 (grey + keep * (fill.r - grey), grey + keep * (fill.g - grey), grey + keep * (fill.b - grey));
}

static TideColor
mix (TideColor a,
     TideColor b,
     double    t)
{
  return tide_chart_rgb8 (a.r + t * (b.r - a.r), a.g + t * (b.g - a.g), a.b + t * (b.b - a.b));
}

TideColor
tide_flame_painter_diff_color (TideDiffFlame        *diff,
                               guint32               node,
                               const TideFlameStyle *style)
{
  TideColor neutral, warm, cool;
  guint64 before, after;
  gint64 delta;
  double relative;

  g_return_val_if_fail (diff != NULL, tide_chart_rgb8 (0.5, 0.5, 0.5));
  g_return_val_if_fail (style != NULL, tide_chart_rgb8 (0.5, 0.5, 0.5));

  if (style->dark)
    {
      neutral = tide_chart_rgb8 (0.32, 0.32, 0.32);
      warm = tide_chart_rgb8 (0.80, 0.26, 0.16);
      cool = tide_chart_rgb8 (0.20, 0.42, 0.80);
    }
  else
    {
      neutral = tide_chart_rgb8 (0.84, 0.84, 0.84);
      warm = tide_chart_rgb8 (0.91, 0.30, 0.18);
      cool = tide_chart_rgb8 (0.24, 0.49, 0.87);
    }
  if (node == TIDE_FLAME_NO_NODE)
    return neutral;

  before = tide_diff_flame_get_value (diff, node, TIDE_DIFF_BEFORE);
  after = tide_diff_flame_get_value (diff, node, TIDE_DIFF_AFTER);
  delta = tide_diff_flame_get_delta (diff, node);
  if (delta == 0)
    return neutral;
  /* the change relative to the larger side: 1 for what is new or gone,
   * small for a big box that moved a little. Any change shows a tint, so
   * "unchanged" is never mistaken for "changed a little". */
  relative = (double) ABS (delta) / (double) MAX (before, after);
  return mix (neutral, delta > 0 ? warm : cool, 0.25 + 0.75 * relative);
}

/* ----------------------------------------------------------------- boxes -- */

/* "+1.2 kB" */
static char *
format_delta (TideMetric metric,
              gint64     delta)
{
  g_autofree char *magnitude = tide_format_metric (metric, (guint64) ABS (delta));

  return g_strdup_printf ("%s%s", delta < 0 ? "−" : "+", magnitude);
}

/* "1.0 kB → 1.5 kB (+512 B, +50.0 %)": one side to the other and by how
 * much; a share is left out when there was nothing before. */
static void
append_change (GString    *out,
               TideMetric  metric,
               guint64     before,
               guint64     after)
{
  g_autofree char *b = tide_format_metric (metric, before);
  g_autofree char *a = tide_format_metric (metric, after);
  g_autofree char *d = format_delta (metric, (gint64) after - (gint64) before);

  if (before > 0)
    g_string_append_printf (out, "%s → %s (%s, %+.1f %%)", b, a, d, 100.0 * ((double) after - (double) before) / before);
  else
    g_string_append_printf (out, "%s → %s (%s)", b, a, d);
}

/* "function — before → after (delta, percent) — blocks … — new — file:line — module" */
static char *
make_diff_title (const Paint         *p,
                 const TideFlameRect *r)
{
  TideMetric metric = tide_flame_layout_get_metric (p->layout);
  /* the other unit: blocks beside bytes, bytes beside calls */
  TideMetric other = tide_metric_is_bytes (metric) ? TIDE_METRIC_ALLOCATIONS : TIDE_METRIC_ALLOCATED;
  const TideDiffFlameNode *node;
  g_autofree char *function = NULL;
  GString *title = g_string_new (NULL);
  TideDiffWhich side;
  TideTrace *trace;
  const TideFrame *frame;

  if (r->node == TIDE_FLAME_NO_NODE)
    {
      g_autofree char *value = tide_format_metric (metric, r->value);

      g_string_append_printf (title, "%s — %s", _("(boxes narrower than a pixel)"), value);
      return g_string_free (title, FALSE);
    }

  node = tide_diff_flame_get_node (p->diff, r->node);
  function = r->node == 0 ? g_strdup (_("all")) : tide_diff_flame_get_label (p->diff, r->node);
  g_string_append_printf (title, "%s — ", function);
  append_change (title, metric, tide_diff_flame_get_value (p->diff, r->node, TIDE_DIFF_BEFORE),
                 tide_diff_flame_get_value (p->diff, r->node, TIDE_DIFF_AFTER));
  g_string_append (title, " — ");
  if (tide_metric_is_bytes (metric))
    {
      g_autofree char *b = tide_format_count (node->count[TIDE_DIFF_BEFORE]);
      g_autofree char *a = tide_format_count (node->count[TIDE_DIFF_AFTER]);
      g_autofree char *d = g_strdup_printf ("%+" G_GINT64_FORMAT,
                                            (gint64) node->count[TIDE_DIFF_AFTER] - (gint64) node->count[TIDE_DIFF_BEFORE]);

      /* TRANSLATORS: "blocks 1452 → 10057 (+8605)": before → after (change), in a tooltip */
      g_string_append_printf (title, _("blocks %s → %s (%s)"), b, a, d);
    }
  else
    append_change (title, other, node->size[TIDE_DIFF_BEFORE], node->size[TIDE_DIFF_AFTER]);

  if (node->flags & TIDE_DIFF_FLAME_AFTER_ONLY)
    g_string_append_printf (title, " — %s", _("new: only after"));
  else if (node->flags & TIDE_DIFF_FLAME_BEFORE_ONLY)
    g_string_append_printf (title, " — %s", _("gone: only before"));

  if (r->node == 0)
    return g_string_free (title, FALSE);
  side = node->frame[TIDE_DIFF_AFTER] != 0 ? TIDE_DIFF_AFTER : TIDE_DIFF_BEFORE;
  trace = tide_diff_flame_get_trace (p->diff, side);
  frame = tide_trace_get_frame (trace, node->frame[side]);
  if (frame->file != 0)
    {
      g_autofree char *location = tide_format_location (trace, node->frame[side]);

      g_string_append_printf (title, " — %s", location);
    }
  if (frame->module != 0)
    {
      g_autofree char *module = g_utf8_make_valid (tide_trace_get_string (trace, frame->module), -1);

      g_string_append_printf (title, " — %s", module);
    }
  return g_string_free (title, FALSE);
}

/* "function — value (share) — file:line — module" */
static char *
make_title (const Paint         *p,
            const TideFlameRect *r)
{
  TideMetric metric = tide_flame_layout_get_metric (p->layout);
  /* folded stacks weigh without a unit: a plain number */
  g_autofree char *value = tide_trace_get_format (p->trace) == TIDE_TRACE_FORMAT_FOLDED
                             ? tide_format_count (r->value)
                             : tide_format_metric (metric, r->value);
  double share = p->grand_total > 0 ? 100.0 * r->value / p->grand_total : 0;
  g_autofree char *function = NULL;
  GString *title;

  if (p->diff != NULL)
    return make_diff_title (p, r);

  title = g_string_new (NULL);
  if (r->node == TIDE_FLAME_NO_NODE)
    function = g_strdup (_("(boxes narrower than a pixel)"));
  else if (r->node == 0)
    function = g_strdup (_("all"));
  else
    function = tide_format_function (p->trace, tide_flame_tree_get_node (p->tree, r->node)->frame);
  g_string_append_printf (title, "%s — %s (%.2f%%)", function, value, share);

  if (r->node != TIDE_FLAME_NO_NODE && r->node != 0)
    {
      guint32 frame_id = tide_flame_tree_get_node (p->tree, r->node)->frame;
      const TideFrame *frame = tide_trace_get_frame (p->trace, frame_id);

      if (frame->file != 0)
        {
          g_autofree char *location = tide_format_location (p->trace, frame_id);

          g_string_append_printf (title, " — %s", location);
        }
      if (frame->module != 0)
        {
          g_autofree char *module = g_utf8_make_valid (tide_trace_get_string (p->trace, frame->module), -1);

          g_string_append_printf (title, " — %s", module);
        }
    }
  return g_string_free (title, FALSE);
}

/* Pixel columns of a box: edges rounded to whole pixels so boxes are
 * crisp and never overlap. A box under half a pixel may round to nothing;
 * it is still recorded (and in the SVG), with no width. */
static void
box_columns (const Paint         *p,
             const TideFlameRect *r,
             double              *x,
             double              *w)
{
  double left = round (r->x0 * p->width);
  double right = round (r->x1 * p->width);

  *x = left;
  *w = right - left;
}

/* Top of the box of @row: row 0 sits at the bottom of the area. */
static double
row_top (const Paint *p,
         guint        row)
{
  return p->height - (row + 1) * p->style->row_height;
}

static void
paint_label (const Paint     *p,
             TideDrawList    *list,
             guint32          node,
             double           x,
             double           y,
             double           w,
             const TideColor *fill)
{
  double room = w - 2 * LABEL_PADDING;
  double box_h = p->style->row_height - 1;
  g_autofree char *label = NULL;
  g_autofree char *fitted = NULL;

  /* a quick no: not even an ellipsis would fit */
  if (room < p->style->font_px * 0.8)
    return;
  label = p->diff != NULL ? tide_diff_flame_get_label (p->diff, node) : tide_flame_tree_get_label (p->tree, node);
  /* a line break would make pango draw two lines */
  g_strdelimit (label, "\n\r\t", ' ');
  fitted = tide_chart_fit_text (label, p->style->font_px, room);
  /* "0…" or "P…" tell nothing: a cut label keeps a few characters or goes */
  if (fitted == NULL || (!g_str_equal (fitted, label) && g_utf8_strlen (fitted, -1) < MIN_CUT_CHARS + 1))
    return;
  /* centre capitals vertically: DejaVu Sans' cap height is 0.73 em */
  tide_draw_list_add_text (list, x + LABEL_PADDING, round (y + (box_h + 0.73 * p->style->font_px) / 2),
                           p->style->font_px, tide_chart_ink_for (fill), fitted);
}

/* Stripes at 45° across a box that only "before" had: it is gone, and
 * its colour alone (the coolest) would not say so. */
static void
paint_hatching (const Paint *p,
                TideDrawList *list,
                double        x,
                double        y,
                double        w,
                double        h)
{
  TideColor ink = p->style->dark ? tide_chart_alpha (tide_chart_rgb8 (1, 1, 1), 0.45)
                                 : tide_chart_alpha (tide_chart_rgb8 (0, 0, 0), 0.28);
  TideColor none = { 0, 0, 0, 0 };

  /* stripe c is the line u + v = c (u across from the left edge, v up
   * from the bottom one), cut at the box's edges */
  for (double c = HATCH_STEP / 2; c < w + h; c += HATCH_STEP)
    {
      TideDrawPoint line[2];
      double u0 = MAX (0, c - h), u1 = MIN (w, c);

      line[0].x = x + u0;
      line[0].y = y + h - (c - u0);
      line[1].x = x + u1;
      line[1].y = y + h - (c - u1);
      if (line[1].x - line[0].x < 0.5)
        continue;
      tide_draw_list_add_path (list, line, 2, FALSE, none, ink, 1.0, NULL);
    }
}

static void
paint_box (const Paint         *p,
           TideDrawList        *list,
           const TideFlameRect *r)
{
  static const TideColor no_stroke = { 0, 0, 0, 0 };
  TideColor base = p->diff != NULL ? tide_flame_painter_diff_color (p->diff, r->node, p->style)
                                   : tide_flame_painter_color (p->tree, r->node, p->style);
  TideColor fill = search_fill (p, r->node, base);
  TideColor stroke = no_stroke;
  guint32 flags = p->diff != NULL && r->node != TIDE_FLAME_NO_NODE ? tide_diff_flame_get_node (p->diff, r->node)->flags : 0;
  g_autofree char *title = p->style->skip_titles ? NULL : make_title (p, r);
  double x, w, y = row_top (p, r->row);
  double box_w, box_h = p->style->row_height - 1;

  box_columns (p, r, &x, &w);
  box_w = w >= 4 ? w - 1 : w;
  /* new boxes are outlined in the growth colour's darkest shade */
  if (flags & TIDE_DIFF_FLAME_AFTER_ONLY)
    stroke = p->style->dark ? tide_chart_rgb8 (1.0, 0.62, 0.52) : tide_chart_rgb8 (0.55, 0.08, 0.02);
  if (r->node != TIDE_FLAME_NO_NODE && r->node == p->style->hover_node)
    stroke = p->style->dark ? tide_chart_rgb8 (1, 1, 1) : tide_chart_rgb8 (0, 0, 0);
  /* a pixel of gap above each row; between boxes only where there is room */
  tide_draw_list_add_rect (list, x, y, box_w, box_h, fill, stroke, title);
  if ((flags & TIDE_DIFF_FLAME_BEFORE_ONLY) && box_w >= 2)
    paint_hatching (p, list, x, y, box_w, box_h);
  if (r->node != TIDE_FLAME_NO_NODE)
    paint_label (p, list, r->node, x, y, w - 1, &fill);
}

static TideColor
paint_background (gboolean dark)
{
  return dark ? tide_chart_rgb8 (0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0)
              : tide_chart_rgb8 (0xfa / 255.0, 0xfa / 255.0, 0xfa / 255.0);
}

/* The tree (or difference) and trace of p->layout, and the share's base. */
static void
init_paint (Paint *p)
{
  TideMetric metric = tide_flame_layout_get_metric (p->layout);

  p->tree = tide_flame_layout_get_tree (p->layout);
  p->diff = tide_flame_layout_get_diff (p->layout);
  if (p->diff != NULL)
    {
      p->trace = tide_diff_flame_get_trace (p->diff, TIDE_DIFF_AFTER);
      p->grand_total = tide_diff_flame_get_value (p->diff, 0, TIDE_DIFF_AFTER);
      return;
    }
  p->trace = tide_flame_tree_get_trace (p->tree);
  p->grand_total = tide_cost_get (&tide_flame_tree_get_node (p->tree, 0)->total, metric);
}

TideDrawList *
tide_flame_paint (TideFlameLayout      *layout,
                  const TideFlameStyle *style,
                  double                width,
                  double                height)
{
  Paint p = { layout, NULL, NULL, NULL, style, width, height, 0 };
  TideDrawList *list;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  list = tide_draw_list_new (width, height, paint_background (style->dark));
  init_paint (&p);

  for (guint i = 0; i < tide_flame_layout_get_n_rects (layout); i++)
    {
      const TideFlameRect *r = tide_flame_layout_get_rect (layout, i);

      /* rows above the area are not drawn (nor those below it, if any) */
      if (row_top (&p, r->row) + style->row_height <= 0 || row_top (&p, r->row) >= height)
        continue;
      paint_box (&p, list, r);
    }
  return list;
}

TideDrawList *
tide_flame_paint_pair (TideFlameLayout      *const layouts[2],
                       const TideFlameStyle *const styles[2],
                       const char           *const titles[2],
                       double                pane_width)
{
  double header, rows = 0, font_px;
  TideDrawList *list;
  TideColor ink;

  g_return_val_if_fail (layouts != NULL && layouts[0] != NULL && layouts[1] != NULL, NULL);
  g_return_val_if_fail (styles != NULL && styles[0] != NULL && styles[1] != NULL, NULL);
  g_return_val_if_fail (pane_width > 0, NULL);

  font_px = styles[0]->font_px;
  header = ceil (font_px * 2.2);
  for (guint i = 0; i < 2; i++)
    rows = MAX (rows, tide_flame_painter_get_height (layouts[i], styles[i]));
  list = tide_draw_list_new (2 * pane_width + PAIR_GAP, header + rows, paint_background (styles[0]->dark));
  ink = styles[0]->dark ? tide_chart_rgb8 (0.92, 0.92, 0.92) : tide_chart_rgb8 (0.13, 0.13, 0.13);
  for (guint i = 0; i < 2; i++)
    {
      double x = i * (pane_width + PAIR_GAP);
      g_autoptr(TideDrawList) pane = tide_flame_paint (layouts[i], styles[i], pane_width, rows);
      g_autofree char *fitted = titles != NULL && titles[i] != NULL
                                  ? tide_chart_fit_text (titles[i], font_px, pane_width - 2 * LABEL_PADDING)
                                  : NULL;

      if (fitted != NULL)
        tide_draw_list_add_text (list, x + LABEL_PADDING, round (header * 0.62), font_px, ink, fitted);
      /* both roots on one baseline: the panes are as tall as the taller */
      tide_draw_list_append (list, pane, x, header);
    }
  return list;
}

char *
tide_flame_painter_title (TideFlameLayout *layout,
                          guint            i)
{
  Paint p = { layout, NULL, NULL, NULL, NULL, 0, 0, 0 };

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (i < tide_flame_layout_get_n_rects (layout), NULL);

  init_paint (&p);
  return make_title (&p, tide_flame_layout_get_rect (layout, i));
}

guint32
tide_flame_painter_hit (TideFlameLayout      *layout,
                        const TideFlameStyle *style,
                        double                width,
                        double                height,
                        double                x,
                        double                y)
{
  Paint p = { layout, tide_flame_layout_get_tree (layout), tide_flame_layout_get_diff (layout), NULL, style, width, height, 0 };
  double row_f = floor ((height - y) / style->row_height);
  guint first, n, lo, hi;
  double bx, bw;

  if (x < 0 || x >= width || y < 0 || y >= height || row_f < 0
      || !tide_flame_layout_get_row (layout, (guint) row_f, &first, &n) || n == 0)
    return TIDE_FLAME_NO_NODE;

  /* The boxes as drawn, with edges rounded to pixels, not the layout's
   * exact edges: the last box of the row whose drawn left edge is at or
   * before x (boxes rounded to nothing come before the box they touch). */
  lo = first;
  hi = first + n;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      box_columns (&p, tide_flame_layout_get_rect (layout, mid), &bx, &bw);
      if (bx <= x)
        lo = mid;
      else
        hi = mid;
    }
  box_columns (&p, tide_flame_layout_get_rect (layout, lo), &bx, &bw);
  if (x >= bx && x < bx + bw)
    return tide_flame_layout_get_rect (layout, lo)->node;
  return TIDE_FLAME_NO_NODE;
}
