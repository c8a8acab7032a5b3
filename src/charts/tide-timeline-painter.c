/* tide-timeline-painter.c: draws a timeline layout, the same for window and export
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/tide-format.h"
#include "tide-chart-colors.h"
#include "tide-polyline.h"
#include "tide-timeline-painter.h"

#define CAP_HEIGHT      0.73  /* DejaVu Sans' capitals, in em: centres labels on a line */
#define TICK_GAP        6.0   /* px between an axis label and the plot */
#define LEGEND_TOP      6.0   /* px above the legend */
#define LEGEND_SWATCH  12.0   /* px */
#define LEGEND_GAP     18.0   /* px between legend entries */
#define LEGEND_MAX_NAME 220.0 /* px: longer site names are shortened */
#define PILL_PAD_X      7.0
#define PILL_RADIUS     4.0
#define MARKER_RADIUS   4.5
#define BAND_GAP        0.8   /* px between stacked bands */
#define THIN_TOLERANCE  0.1   /* px a thinned line may stray from the vertices it drops */
#define RIBBON_BUSYNESS 12.0  /* lane heights of travel past which a line is filled, not stroked */
#define SPAN_MAX_DEPTH  4     /* lanes of spans drawn; deeper ones share the last */
#define SPAN_GAP        2.0   /* px between span lanes */

/* Everything one paint needs, computed once. */
typedef struct
{
  TideTimelineLayout      *layout;
  const TideTimelineStyle *style;
  TideTrace               *trace;
  TideTimelineRect         plot;
  double                   tick_px;
  TideDrawList            *list;
  GArray                  *points; /* TideDrawPoint, reused for every path */
  /* colours */
  TideColor                bg, grid, baseline, label, ink, peak, selection, cursor, pill;
} Paint;

typedef struct
{
  char      *name;
  TideColor  color;
  gboolean   line; /* a line's swatch is a bar, an area's a square */
} LegendEntry;

static void
legend_entry_clear (gpointer data)
{
  g_free (((LegendEntry *) data)->name);
}

/* ------------------------------------------------------------- style -- */

void
tide_timeline_style_init (TideTimelineStyle *style)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->dark = FALSE;
  style->font_px = 12;
  style->show_legend = TRUE;
  style->hover_time_ms = NAN;
  style->hover_y = NAN;
  style->show_selection = FALSE;
  style->selection_kind = TIDE_SELECTION_PEAK;
  style->selection_start_ms = style->selection_end_ms = 0;
  style->skip_titles = FALSE;
}

void
tide_timeline_style_set_selection (TideTimelineStyle *style,
                                   TideSession       *session)
{
  g_return_if_fail (style != NULL);
  g_return_if_fail (TIDE_IS_SESSION (session));

  style->show_selection = TRUE;
  style->selection_kind = tide_session_get_selection_kind (session);
  style->selection_start_ms = tide_session_get_selection_time_start (session);
  style->selection_end_ms = tide_session_get_selection_time_end (session);
}

/* ----------------------------------------------------------- colours -- */

static TideColor
hex (guint32   rgb,
     double    alpha)
{
  return tide_chart_alpha (tide_chart_rgb8 ((rgb >> 16) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0), alpha);
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

const char *
tide_timeline_painter_series_name (TideSeriesKind kind)
{
  switch (kind)
    {
    case TIDE_SERIES_HEAP:
      return _("Heap");
    case TIDE_SERIES_RSS:
      return _("RSS");
    case TIDE_SERIES_LIVE_ALLOCATIONS:
      return _("Live blocks");
    case TIDE_SERIES_ALLOCATION_RATE:
      return _("Allocation rate");
    case TIDE_SERIES_TEMPORARY_RATE:
      return _("Temporary allocation rate");
    case TIDE_N_SERIES:
    default:
      g_return_val_if_reached ("?");
    }
}

const char *
tide_timeline_painter_series_name_for (TideTrace      *trace,
                                       TideSeriesKind  kind)
{
  /* mprof samples what the process holds, not a heap */
  if (kind == TIDE_SERIES_HEAP && trace != NULL && tide_trace_get_format (trace) == TIDE_TRACE_FORMAT_MPROF)
    /* TRANSLATORS: the memory of a process over time, as memory_profiler samples it */
    return _("Memory");
  return tide_timeline_painter_series_name (kind);
}

TideColor
tide_timeline_painter_extra_color (guint    extra,
                                   gboolean dark)
{
  /* GNOME's palette beside the heap's blue and RSS' orange: purple,
   * green, red, brown, yellow, then darker and lighter turns */
  static const guint32 light[] = { 0x9141ac, 0x2ec27e, 0xc01c28, 0x865e3c, 0xe5a50a, 0x613583, 0x26a269, 0xa51d2d };
  static const guint32 darker[] = { 0xc061cb, 0x57e389, 0xf66151, 0xcdab8f, 0xf8e45c, 0xdc8add, 0x8ff0a4, 0xff7b63 };

  return hex ((dark ? darker : light)[extra % G_N_ELEMENTS (light)], 1);
}

TideColor
tide_timeline_painter_series_color (TideSeriesKind kind,
                                    gboolean       dark)
{
  /* GNOME's palette: blue, orange, green, purple, brown; lighter on dark */
  switch (kind)
    {
    case TIDE_SERIES_HEAP:
      return hex (dark ? 0x62a0ea : 0x1c71d8, 1);
    case TIDE_SERIES_RSS:
      return hex (dark ? 0xffa348 : 0xe66100, 1);
    case TIDE_SERIES_LIVE_ALLOCATIONS:
      return hex (dark ? 0x57e389 : 0x26a269, 1);
    case TIDE_SERIES_ALLOCATION_RATE:
      return hex (dark ? 0xdc8add : 0x813d9c, 1);
    case TIDE_SERIES_TEMPORARY_RATE:
      return hex (dark ? 0xcdab8f : 0x865e3c, 1);
    case TIDE_N_SERIES:
    default:
      g_return_val_if_reached (hex (0x808080, 1));
    }
}

static char *
band_name (TideTrace *trace,
           guint32    frame)
{
  return frame == 0 ? g_strdup (_("Other")) : tide_format_function (trace, frame);
}

static const char *
band_key (TideTrace *trace,
          guint32    frame)
{
  const TideFrame *f = tide_trace_get_frame (trace, frame);

  /* the raw function name, as the flame graph keys its boxes */
  return f->function != 0 ? tide_trace_get_string (trace, f->function) : "??";
}

/* Hue distance on the colour wheel, in turns (0..0.5). */
static double
hue_distance (double a,
              double b)
{
  double d = fabs (a - b);

  return MIN (d, 1 - d);
}

/* The hue of band @band out of @frames: its name's, over the whole wheel
 * (neighbouring bands must tell apart at a glance), turned by the golden
 * angle while it is too close to a band before it. The same sites get the
 * same colours; a site keeps its own unless an earlier one took it. */
static double
band_hue (TideTrace     *trace,
          const guint32 *frames,
          guint          n_sites,
          guint          band,
          double        *shade)
{
  double hues[256];
  double spacing = MIN (1.0 / 8, 0.75 / MAX (n_sites, 1));

  g_assert (band < n_sites && n_sites <= G_N_ELEMENTS (hues));
  for (guint b = 0; b <= band; b++)
    {
      tide_chart_name_hue (band_key (trace, frames[b]), 0, 1, &hues[b], shade);
      for (guint tries = 0; tries < 24; tries++)
        {
          guint k;

          for (k = 0; k < b && hue_distance (hues[k], hues[b]) >= spacing; k++)
            ;
          if (k == b)
            break;
          hues[b] += 0.381966;
          hues[b] -= floor (hues[b]);
        }
    }
  return hues[band];
}

static TideColor
band_color (TideTrace     *trace,
            const guint32 *frames,
            guint          n_bands,
            guint          band,
            gboolean       dark)
{
  double hue, shade;

  /* "other", the last band, is no site: grey */
  if (frames[band] == 0)
    return dark ? hex (0x5e5c64, 1) : hex (0xc0bfbc, 1);
  hue = band_hue (trace, frames, n_bands - 1, band, &shade);
  /* softer than the flame graph's boxes: bands are large areas side by side */
  if (dark)
    return tide_chart_hsl (hue, 0.45, 0.40 + 0.06 * shade);
  return tide_chart_hsl (hue, 0.62, 0.64 + 0.06 * shade);
}

/* The frames of @stack's bands (free it). */
static guint32 *
stack_frames (TideTimelineStack *stack)
{
  guint n = tide_timeline_stack_get_n_bands (stack);
  guint32 *frames = g_new (guint32, n);

  for (guint b = 0; b < n; b++)
    frames[b] = tide_timeline_stack_get_frame (stack, b);
  return frames;
}

TideColor
tide_timeline_painter_band_color (TideTimelineLayout *layout,
                                  guint               band,
                                  gboolean            dark)
{
  TideTimelineSource *source = tide_timeline_layout_get_source (layout);
  g_autofree guint32 *frames = NULL;

  g_return_val_if_fail (band < tide_timeline_layout_get_n_bands (layout), hex (0x808080, 1));

  frames = stack_frames (tide_timeline_source_get_stack (source));
  return band_color (tide_timeline_source_get_trace (source), frames, tide_timeline_layout_get_n_bands (layout), band, dark);
}

char *
tide_timeline_painter_band_name (TideTimelineLayout *layout,
                                 guint               band)
{
  TideTrace *trace = tide_timeline_source_get_trace (tide_timeline_layout_get_source (layout));

  return band_name (trace, tide_timeline_layout_get_band_frame (layout, band));
}

static void
paint_colors (Paint *p)
{
  gboolean dark = p->style->dark;

  p->bg = dark ? hex (0x1e1e1e, 1) : hex (0xfafafa, 1);
  /* translucent: drawn over the areas, it shows through them as on the page */
  p->grid = dark ? hex (0xffffff, 0.07) : hex (0x000000, 0.075);
  p->baseline = dark ? hex (0x5e5c64, 1) : hex (0x9a9996, 1);
  p->label = dark ? hex (0xc0bfbc, 1) : hex (0x5e5c64, 1);
  p->ink = dark ? hex (0xf6f5f4, 1) : hex (0x241f31, 1);
  p->peak = dark ? hex (0xff7b63, 1) : hex (0xe01b24, 1);
  p->selection = dark ? hex (0xf8e45c, 1) : hex (0xc88800, 1);
  p->cursor = dark ? hex (0xffffff, 0.55) : hex (0x241f31, 0.55);
  p->pill = dark ? hex (0x303030, 0.94) : hex (0xffffff, 0.94);
}

/* ------------------------------------------------------------ values -- */

static char *
format_value (TideSeriesKind kind,
              double         value)
{
  g_autofree char *count = NULL;

  if (isnan (value))
    return g_strdup ("—");
  if (tide_series_kind_is_bytes (kind))
    return g_format_size ((guint64) MAX (value, 0));
  count = tide_format_count ((guint64) llround (MAX (value, 0)));
  if (tide_timeline_unit_of_series (kind) == TIDE_TIMELINE_UNIT_RATE)
    return g_strdup_printf (_("%s/s"), count);
  return g_steal_pointer (&count);
}

/* The hovered time, as tide_timeline_axis_format_readout() writes it. */
static char *
format_time (TideTimelineLayout *layout,
             double              time_ms)
{
  const TideTimelineAxis *axis = tide_timeline_layout_get_time_axis (layout);

  /* a series of dumps: the one in effect then */
  if (axis->time_unit == TIDE_TIME_UNIT_SNAPSHOTS)
    return tide_format_trace_time (tide_timeline_source_get_trace (tide_timeline_layout_get_source (layout)),
                                   (guint64) MAX (floor (time_ms), 0));
  return tide_timeline_axis_format_readout (axis, time_ms);
}

char *
tide_timeline_painter_peak_label (TideTimelineLayout     *layout,
                                  const TideTimelinePeak *peak)
{
  TideTrace *trace = tide_timeline_source_get_trace (tide_timeline_layout_get_source (layout));
  g_autofree char *size = g_format_size ((guint64) peak->value);
  /* "1.67 s", or massif's "219844 instructions" */
  g_autofree char *when = tide_format_trace_time (trace, (guint64) peak->time_ms);

  return g_strdup_printf (_("Peak %s at %s"), size, when);
}

char *
tide_timeline_painter_readout (TideTimelineLayout    *layout,
                               const TideTimelineHit *hit)
{
  GString *text = g_string_new (NULL);
  g_autofree char *when = format_time (layout, hit->time_ms);

  TideTrace *trace = tide_timeline_source_get_trace (tide_timeline_layout_get_source (layout));

  g_string_append (text, when);
  for (guint i = 0; i < tide_timeline_layout_get_n_curves (layout); i++)
    {
      TideSeriesKind kind = tide_timeline_layout_get_curve (layout, i)->kind;
      g_autofree char *value = format_value (kind, hit->values[kind]);

      g_string_append_printf (text, "\n%s %s", tide_timeline_painter_series_name_for (trace, kind), value);
      /* the column drawn holds a higher point than the instant: say so */
      if (!isnan (hit->values[kind]) && hit->maxs[kind] > hit->values[kind] * 1.005
          && tide_timeline_unit_of_series (kind) != TIDE_TIMELINE_UNIT_RATE)
        {
          g_autofree char *max = format_value (kind, hit->maxs[kind]);

          g_string_append_printf (text, _(" (up to %s)"), max);
        }
    }
  for (guint e = 0; e < tide_timeline_layout_get_n_extras (layout); e++)
    {
      g_autofree char *value = format_value (TIDE_SERIES_HEAP, hit->extra_values[e]);

      g_string_append_printf (text, "\n%s %s", tide_trace_get_extra_series_name (trace, e), value);
    }
  if (hit->band >= 0)
    {
      g_autofree char *name = tide_timeline_painter_band_name (layout, hit->band);
      g_autofree char *value = format_value (TIDE_SERIES_HEAP, hit->band_value);

      g_string_append_printf (text, "\n%s %s", name, value);
    }
  /* the functions running then, outermost first */
  for (guint i = 0; i < tide_trace_get_n_spans (trace); i++)
    {
      const TideSpan *span = tide_trace_get_span (trace, i);

      if (span->start <= hit->time_ms && hit->time_ms <= span->end)
        g_string_append_printf (text, "\n%*s▸ %s", (int) MIN (span->depth, SPAN_MAX_DEPTH) * 2, "",
                                tide_trace_get_string (trace, span->name));
    }
  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------ legend -- */

/* The legend of @kinds: a swatch and a name each, then the bands of
 * @stack (when stacked) from the top of the stack down, as they read. */
static GArray *
legend_entries (TideTrace            *trace,
                const TideSeriesKind *kinds,
                guint                 n,
                guint                 n_extras,
                TideTimelineStack    *stack,
                gboolean              dark)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (LegendEntry));

  g_array_set_clear_func (entries, legend_entry_clear);
  for (guint i = 0; i < n; i++)
    {
      LegendEntry e = { g_strdup (tide_timeline_painter_series_name_for (trace, kinds[i])),
                        tide_timeline_painter_series_color (kinds[i], dark),
                        kinds[i] != TIDE_SERIES_HEAP || stack != NULL };

      g_array_append_val (entries, e);
    }
  for (guint i = 0; i < n_extras; i++)
    {
      LegendEntry e = { g_strdup (tide_trace_get_extra_series_name (trace, i)),
                        tide_timeline_painter_extra_color (i, dark), TRUE };

      g_array_append_val (entries, e);
    }
  if (stack != NULL)
    {
      g_autofree guint32 *frames = stack_frames (stack);
      guint n_bands = tide_timeline_stack_get_n_bands (stack);

      for (guint b = n_bands; b-- > 0;)
        {
          LegendEntry e = { band_name (trace, frames[b]), band_color (trace, frames, n_bands, b, dark), FALSE };

          g_array_append_val (entries, e);
        }
    }
  return entries;
}

static double
legend_entry_width (const LegendEntry *e,
                    double             font_px,
                    char             **fitted)
{
  char *text = tide_chart_fit_text (e->name, font_px, LEGEND_MAX_NAME);

  if (text == NULL)
    text = g_strdup ("…");
  *fitted = text;
  return LEGEND_SWATCH + 6 + tide_chart_text_width (text, font_px);
}

/* Lays the legend out in rows across @width from @x0; the number of rows.
 * With @p, also records it, rows starting at @top. */
static guint
legend_flow (GArray *entries,
             double  font_px,
             double  x0,
             double  width,
             double  top,
             Paint  *p)
{
  double row_h = round (font_px * 1.6);
  double x = x0;
  guint row = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      const LegendEntry *e = &g_array_index (entries, LegendEntry, i);
      g_autofree char *text = NULL;
      double w = legend_entry_width (e, font_px, &text);
      double mid;

      if (x > x0 && x + w > x0 + width)
        {
          x = x0;
          row++;
        }
      if (p != NULL)
        {
          static const TideColor none = { 0 };

          mid = top + row * row_h + row_h / 2;
          if (e->line)
            tide_draw_list_add_rect (p->list, x, round (mid) - 1, LEGEND_SWATCH, 3, e->color, none, NULL);
          else
            tide_draw_list_add_rect (p->list, x, round (mid - LEGEND_SWATCH / 2), LEGEND_SWATCH, LEGEND_SWATCH,
                                     e->color, none, NULL);
          tide_draw_list_add_text (p->list, x + LEGEND_SWATCH + 6, round (mid + CAP_HEIGHT * font_px / 2),
                                   font_px, p->ink, text);
        }
      x += w + LEGEND_GAP;
    }
  return entries->len > 0 ? row + 1 : 0;
}

/* -------------------------------------------------------------- plot -- */

static double
tick_font (const TideTimelineStyle *style)
{
  return round (style->font_px * 11 / 12);
}

/* Room for the widest label an axis of @unit is likely to show. */
static double
axis_label_room (TideTimelineUnit unit,
                 double           font_px)
{
  const char *widest = unit == TIDE_TIMELINE_UNIT_BYTES ? "1000 MB"
                     : unit == TIDE_TIMELINE_UNIT_RATE ? "1000k/s" : "1000.5k";

  return ceil (tide_chart_text_width (widest, font_px)) + 2 * TICK_GAP;
}

/* The extra series a layout of @options shows: beside a series in bytes. */
static guint
extras_shown (const TideTimelineOptions *options,
              TideTimelineSource        *source,
              const TideSeriesKind      *kinds,
              guint                      n)
{
  for (guint i = 0; i < n && !options->no_extras; i++)
    if (tide_timeline_unit_of_series (kinds[i]) == TIDE_TIMELINE_UNIT_BYTES)
      return MIN (tide_timeline_source_get_n_extras (source), TIDE_TIMELINE_MAX_EXTRAS);
  return 0;
}

static double
span_row_height (const TideTimelineStyle *style)
{
  return round (style->font_px * 1.5);
}

/* Span lanes: one per depth, the deepest shared. */
static guint
span_lanes (TideTrace *trace)
{
  guint lanes = 0;

  for (guint i = 0; i < tide_trace_get_n_spans (trace); i++)
    lanes = MAX (lanes, MIN (tide_trace_get_span (trace, i)->depth, SPAN_MAX_DEPTH - 1) + 1);
  return lanes;
}

double
tide_timeline_painter_get_spans_height (const TideTimelineStyle *style,
                                        TideTimelineSource      *source)
{
  guint lanes;

  g_return_val_if_fail (style != NULL && source != NULL, 0);
  lanes = span_lanes (tide_timeline_source_get_trace (source));
  return lanes == 0 ? 0 : 4 + lanes * (span_row_height (style) + SPAN_GAP);
}

/* Below the time axis' labels: where the spans start. */
static double
time_labels_height (double tick_px)
{
  return round (tick_px * 1.3) + TICK_GAP + 6;
}

void
tide_timeline_painter_get_plot (const TideTimelineStyle   *style,
                                TideTimelineSource        *source,
                                const TideTimelineOptions *options,
                                double                     width,
                                double                     height,
                                TideTimelineRect          *plot)
{
  TideSeriesKind kinds[TIDE_N_SERIES];
  gboolean stacked;
  guint n;
  double tick_px, left, right, top, bottom;

  g_return_if_fail (style != NULL && source != NULL && options != NULL && plot != NULL);

  tick_px = tick_font (style);
  n = tide_timeline_options_resolve (options, source, kinds, &stacked);
  left = axis_label_room (n > 0 ? tide_timeline_unit_of_series (kinds[0]) : TIDE_TIMELINE_UNIT_BYTES, tick_px);
  right = 24; /* half of the last time label */
  for (guint i = 1; i < n; i++)
    if (tide_timeline_unit_of_series (kinds[i]) != tide_timeline_unit_of_series (kinds[0]))
      right = MAX (right, axis_label_room (tide_timeline_unit_of_series (kinds[i]), tick_px));
  /* room for half the top tick's label */
  top = round (tick_px * 0.8) + 4;
  if (style->show_legend)
    {
      TideTimelineStack *stack = tide_timeline_source_get_stack (source);
      g_autoptr(GArray) entries = legend_entries (tide_timeline_source_get_trace (source), kinds, n,
                                                  extras_shown (options, source, kinds, n), stacked ? stack : NULL,
                                                  style->dark);
      guint rows = legend_flow (entries, style->font_px, left, MAX (round (width - left - right), 1), 0, NULL);

      top += LEGEND_TOP + rows * round (style->font_px * 1.6);
    }
  bottom = time_labels_height (tick_px) + tide_timeline_painter_get_spans_height (style, source);

  plot->x = left;
  plot->y = top;
  plot->width = MAX (round (width - left - right), 1);
  plot->height = MAX (round (height - top - bottom), 1);
}

/* ------------------------------------------------------------- paths -- */

/* Appends a vertex, merging runs of one height into their two ends. */
static void
add_point (GArray *points,
           double  x,
           double  y)
{
  TideDrawPoint pt = { x, y };

  if (points->len >= 2)
    {
      TideDrawPoint *last = &g_array_index (points, TideDrawPoint, points->len - 1);
      TideDrawPoint *prev = &g_array_index (points, TideDrawPoint, points->len - 2);

      if (last->y == y && prev->y == y)
        {
          last->x = x;
          return;
        }
    }
  g_array_append_val (points, pt);
}

/* Thins the vertices gathered for a series' line or area: a long
 * recording's heap is a vertex a pixel column, much of it on straight
 * slopes, and cairo strokes and fills by the vertex. Whole-run heap of
 * ht_pystamped at 1920x600: its line 1837 -> 466 vertices, the redraw's
 * cairo work 12.8M -> 9.8M instructions. Within a tenth of a pixel, the
 * line looks the same (and the SVG is a third of the size). */
static void
thin_points (Paint *p)
{
  g_array_set_size (p->points, tide_polyline_simplify ((TideDrawPoint *) (gpointer) p->points->data,
                                                       p->points->len, THIN_TOLERANCE));
}

static void
flush_path (Paint      *p,
            gboolean    closed,
            TideColor   fill,
            TideColor   stroke,
            double      line_width,
            const char *title)
{
  static const TideColor none = { 0 };

  tide_draw_list_add_path (p->list, (const TideDrawPoint *) (gconstpointer) p->points->data, p->points->len,
                           closed, closed ? fill : none, stroke, line_width, p->style->skip_titles ? NULL : title);
  g_array_set_size (p->points, 0);
}

/* The edge through @values over columns [@c0, @c1], left to right (or
 * right to left): a vertex at each column's centre, and at the run's outer
 * edges so that areas cover whole columns. With @below, the edge is lowered
 * by @gap px where the band down to @below is thick enough to spare it. */
static void
add_edge (Paint        *p,
          const double *values,
          const double *below,
          double        gap,
          guint         c0,
          guint         c1,
          gboolean      backwards,
          guint         lane,
          gboolean      right)
{
  for (guint k = 0; k <= c1 - c0 + 2; k++)
    {
      guint c;
      double x, y;

      /* k = 0 and the last k are the outer edges */
      if (k == 0)
        c = backwards ? c1 : c0, x = backwards ? c1 + 1 : c0;
      else if (k == c1 - c0 + 2)
        c = backwards ? c0 : c1, x = backwards ? c0 : c1 + 1;
      else
        c = backwards ? c1 - (k - 1) : c0 + (k - 1), x = c + 0.5;
      y = tide_timeline_layout_y_for_value (p->layout, lane, right, values[c]);
      if (below != NULL && tide_timeline_layout_y_for_value (p->layout, lane, right, below[c]) - y > 3 * gap)
        y += gap;
      add_point (p->points, p->plot.x + x, y);
    }
}

/* Calls @draw for each run of columns where @values has data. */
typedef void (*RunFunc) (Paint *p, guint c0, guint c1, gpointer data);

static void
for_each_run (Paint        *p,
              const double *values,
              RunFunc       draw,
              gpointer      data)
{
  guint n = tide_timeline_layout_get_n_columns (p->layout);

  for (guint c = 0; c < n;)
    {
      guint c0;

      for (; c < n && isnan (values[c]); c++)
        ;
      if (c == n)
        break;
      for (c0 = c; c < n && !isnan (values[c]); c++)
        ;
      draw (p, c0, c - 1, data);
    }
}

typedef struct
{
  const TideTimelineCurve *curve;
  const double            *upper;
  const double            *lower; /* NULL: the axis' zero */
  double                   gap;   /* px of background left under the upper edge */
  TideColor                fill;
  TideColor                stroke;
  double                   line_width;
  const char              *title;
} Shape;

static void
area_run (Paint   *p,
          guint    c0,
          guint    c1,
          gpointer data)
{
  const Shape *s = data;
  double base = tide_timeline_layout_y_for_value (p->layout, s->curve->lane, s->curve->right, 0);

  add_edge (p, s->upper, s->gap > 0 ? s->lower : NULL, s->gap, c0, c1, FALSE, s->curve->lane, s->curve->right);
  if (s->lower != NULL)
    add_edge (p, s->lower, NULL, 0, c0, c1, TRUE, s->curve->lane, s->curve->right);
  else
    {
      add_point (p->points, p->plot.x + c1 + 1, base);
      add_point (p->points, p->plot.x + c0, base);
    }
  thin_points (p);
  flush_path (p, TRUE, s->fill, s->stroke, s->line_width, s->title);
}

static void
line_run (Paint   *p,
          guint    c0,
          guint    c1,
          gpointer data)
{
  const Shape *s = data;

  add_edge (p, s->upper, NULL, 0, c0, c1, FALSE, s->curve->lane, s->curve->right);
  thin_points (p);
  flush_path (p, FALSE, s->fill, s->stroke, s->line_width, NULL);
}

/* The line through both extremes of every column, the nearer one first:
 * one stroke that shows a column's spikes and dips alike (a band under a
 * line through the highest points costs as much again to fill, for the
 * same picture). */
static void
envelope_run (Paint   *p,
              guint    c0,
              guint    c1,
              gpointer data)
{
  const Shape *s = data;
  const TideTimelineCurve *curve = s->curve;
  double y = 0;

  for (guint c = c0; c <= c1; c++)
    {
      double hi = tide_timeline_layout_y_for_value (p->layout, curve->lane, curve->right, curve->maxs[c]);
      double lo = tide_timeline_layout_y_for_value (p->layout, curve->lane, curve->right, curve->mins[c]);
      double x = p->plot.x + c + 0.5;
      /* y grows downwards: coming from below, the low point is the nearer */
      gboolean from_below = c > c0 && y > (hi + lo) / 2;
      double first = from_below ? lo : hi, second = from_below ? hi : lo;

      if (c == c0)
        add_point (p->points, p->plot.x + c0, first);
      add_point (p->points, x, first);
      if (second != first)
        add_point (p->points, x, second);
      y = second;
    }
  add_point (p->points, p->plot.x + c1 + 1, y);
  thin_points (p);
  flush_path (p, FALSE, s->fill, s->stroke, s->line_width, s->title);
}

/* The heap as an area: lightly filled up to the highest point of each
 * column, fuller up to the lowest, so a column's spread (a spike, a burst
 * of short-lived blocks) reads as a pale band under the line. */
static void
paint_heap_area (Paint                   *p,
                 const TideTimelineCurve *curve)
{
  TideColor color = tide_timeline_painter_series_color (curve->kind, p->style->dark);
  Shape s = { curve, curve->maxs, NULL, 0, over (color, p->style->dark ? 0.30 : 0.22, p->bg), { 0 }, 0, NULL };

  /* Opaque, the grid drawn over them: cairo fills an opaque polygon at a
   * fraction of the cost of blending a translucent one into the page. The
   * second overlaps the first rather than abutting it, so no seam shows. */
  for_each_run (p, curve->maxs, area_run, &s);
  s.upper = curve->mins;
  s.fill = over (color, p->style->dark ? 0.52 : 0.45, p->bg);
  s.title = tide_timeline_painter_series_name_for (p->trace, curve->kind);
  for_each_run (p, curve->mins, area_run, &s);
}

/* The y of @s's upper and lower values over columns [@c0, @c0 + @n), for
 * the shapes drawn as a box per column. */
static void
shape_ys (Paint       *p,
          const Shape *s,
          guint        c0,
          guint        n,
          double      *uppers,
          double      *lowers)
{
  const TideTimelineCurve *curve = s->curve;

  for (guint i = 0; i < n; i++)
    {
      uppers[i] = tide_timeline_layout_y_for_value (p->layout, curve->lane, curve->right, s->upper[c0 + i]);
      lowers[i] = tide_timeline_layout_y_for_value (p->layout, curve->lane, curve->right, s->lower[c0 + i]);
    }
}

/* Columns [@c0, @c0 + @n) as boxes from @tops[i] down to @bottoms[i], on
 * whole pixels, a run of columns alike as one box, all in one op: cairo
 * fills boxes far faster than a polygon through the same columns. A
 * column with nothing between its two gets no box. */
static void
add_column_boxes (Paint        *p,
                  guint         c0,
                  guint         n,
                  const double *tops,
                  const double *bottoms,
                  TideColor     color,
                  const char   *title)
{
  g_assert (p->points->len == 0);
  for (guint i = 0; i < n;)
    {
      guint j = i + 1;

      while (j < n && tops[j] == tops[i] && bottoms[j] == bottoms[i])
        j++;
      if (bottoms[i] > tops[i])
        {
          TideDrawPoint corners[2] = {
            { p->plot.x + c0 + i, tops[i] },
            { p->plot.x + c0 + j, bottoms[i] },
          };

          g_array_append_vals (p->points, corners, 2);
        }
      i = j;
    }
  if (p->points->len > 0)
    tide_draw_list_add_bars (p->list, (const TideDrawPoint *) (gconstpointer) p->points->data, p->points->len / 2,
                             color, p->style->skip_titles ? NULL : title);
  g_array_set_size (p->points, 0);
}

/* A series too busy to stroke (its line travels up and down the lane many
 * times: dense samples, bursts) as a filled ribbon: each column from the
 * shape's lower to its upper value, @line_width thick where flat, and
 * columns that do not overlap extended to meet halfway so it never breaks.
 * It looks like the envelope stroked, and its fill costs a fraction: a
 * stroke of one such series took 40 ms at 1920x600. */
static void
ribbon_run (Paint   *p,
            guint    c0,
            guint    c1,
            gpointer data)
{
  const Shape *s = data;
  guint n = c1 - c0 + 1;
  g_autofree double *top = g_new (double, n);
  g_autofree double *bottom = g_new (double, n);
  g_autofree double *hi = g_new (double, n);
  g_autofree double *lo = g_new (double, n);

  shape_ys (p, s, c0, n, hi, lo);
  memcpy (top, hi, n * sizeof (double));
  memcpy (bottom, lo, n * sizeof (double));
  for (guint i = 1; i < n; i++)
    {
      /* y grows downwards */
      if (hi[i] > lo[i - 1])
        {
          bottom[i - 1] = MAX (bottom[i - 1], (hi[i] + lo[i - 1]) / 2);
          top[i] = MIN (top[i], (hi[i] + lo[i - 1]) / 2);
        }
      else if (lo[i] < hi[i - 1])
        {
          top[i - 1] = MIN (top[i - 1], (lo[i] + hi[i - 1]) / 2);
          bottom[i] = MAX (bottom[i], (lo[i] + hi[i - 1]) / 2);
        }
    }
  /* as boxes: the polygon of their outline took 6.2 ms for the allocation
   * rate of ht_pylarge at 1920x600, all of its tall edges crossing most
   * rows, the boxes a fraction of a millisecond */
  for (guint i = 0; i < n; i++)
    {
      top[i] = round (top[i] - s->line_width / 2);
      bottom[i] = round (bottom[i] + s->line_width / 2);
    }
  add_column_boxes (p, c0, n, top, bottom, s->stroke, s->title);
}

/* How far, in lane heights, a pen drawing the curve travels up and down
 * (through its highest points only, or through both extremes of every
 * column): what stroking it costs. */
static double
busyness (Paint                   *p,
          const TideTimelineCurve *curve,
          gboolean                 envelope)
{
  const TideTimelineLane *lane = tide_timeline_layout_get_lane (p->layout, curve->lane);
  const TideTimelineAxis *axis = curve->right ? &lane->right : &lane->left;
  double travel = 0, last = NAN;

  for (guint c = 0; c < tide_timeline_layout_get_n_columns (p->layout); c++)
    {
      if (isnan (curve->maxs[c]))
        continue;
      if (envelope)
        travel += curve->maxs[c] - curve->mins[c];
      if (!isnan (last))
        travel += fabs (curve->maxs[c] - last);
      last = curve->maxs[c];
    }
  return travel / axis->max;
}

/* A series as a line: the heap's along its highest points (its area shows
 * the rest), another's through both extremes of every column. */
static void
paint_curve (Paint                   *p,
             const TideTimelineCurve *curve,
             double                   line_width)
{
  TideColor color = tide_timeline_painter_series_color (curve->kind, p->style->dark);
  Shape s = { curve, curve->maxs, NULL, 0, { 0 }, color, line_width,
              curve->kind == TIDE_SERIES_HEAP ? NULL : tide_timeline_painter_series_name_for (p->trace, curve->kind) };
  gboolean envelope = curve->kind != TIDE_SERIES_HEAP;
  RunFunc draw = envelope ? envelope_run : line_run;

  if (busyness (p, curve, envelope) > RIBBON_BUSYNESS)
    {
      draw = ribbon_run;
      s.lower = envelope ? curve->mins : curve->maxs;
    }
  for_each_run (p, curve->maxs, draw, &s);
}

/* Extra series @i (a child process, traced memory) as a line through both
 * extremes of every column. */
static void
paint_extra (Paint *p,
             guint  i)
{
  const TideTimelineCurve *curve = tide_timeline_layout_get_extra (p->layout, i);
  Shape s = { curve, curve->maxs, NULL, 0, { 0 }, tide_timeline_painter_extra_color (i, p->style->dark), 1.5,
              tide_trace_get_extra_series_name (p->trace, i) };
  RunFunc draw = envelope_run;

  if (busyness (p, curve, TRUE) > RIBBON_BUSYNESS)
    {
      draw = ribbon_run;
      s.lower = curve->mins;
    }
  for_each_run (p, curve->maxs, draw, &s);
}

/* The trace's labelled spans (functions memory_profiler watched) under the
 * time axis: a bar per span from its start to its end, a lane per depth,
 * its name inside when it fits. */
static void
paint_spans (Paint *p)
{
  static const TideColor none = { 0 };
  double font_px = round (p->style->font_px * 11 / 12);
  double row_h = span_row_height (p->style);
  double top = p->plot.y + p->plot.height + time_labels_height (p->tick_px) + 4;
  double left = p->plot.x, right = p->plot.x + p->plot.width;

  for (guint i = 0; i < tide_trace_get_n_spans (p->trace); i++)
    {
      const TideSpan *span = tide_trace_get_span (p->trace, i);
      const char *name = tide_trace_get_string (p->trace, span->name);
      double x0 = tide_timeline_layout_x_for_time (p->layout, span->start);
      double x1 = tide_timeline_layout_x_for_time (p->layout, span->end);
      double y = top + MIN (span->depth, SPAN_MAX_DEPTH - 1) * (row_h + SPAN_GAP);
      double hue, shade;
      g_autofree char *title = NULL;
      g_autofree char *label = NULL;
      g_autofree char *from = g_format_size (span->start_bytes);
      g_autofree char *to = g_format_size (span->end_bytes);
      g_autofree char *took = tide_format_trace_time (p->trace, span->end - span->start);
      TideColor fill, ink;

      if (x1 < left || x0 > right)
        continue;
      x0 = round (MAX (x0, left));
      x1 = round (MIN (x1, right));
      x1 = MAX (x1, x0 + 2);
      tide_chart_name_hue (name, 0, 1, &hue, &shade);
      fill = p->style->dark ? tide_chart_hsl (hue, 0.45, 0.36 + 0.06 * shade) : tide_chart_hsl (hue, 0.62, 0.78 + 0.05 * shade);
      ink = p->style->dark ? hex (0xf6f5f4, 1) : hex (0x241f31, 1);
      /* TRANSLATORS: a function memory_profiler watched: "__main__.build: 22.9 MB → 69.8 MB in 0.26 s" */
      title = g_strdup_printf (_("%s: %s → %s in %s"), name, from, to, took);
      tide_draw_list_add_rect (p->list, x0, y, x1 - x0, row_h, fill, none, p->style->skip_titles ? NULL : title);
      label = x1 - x0 > 16 ? tide_chart_fit_text (name, font_px, x1 - x0 - 8) : NULL;
      if (label != NULL)
        tide_draw_list_add_text (p->list, x0 + 4, round (y + (row_h + CAP_HEIGHT * font_px) / 2), font_px, ink, label);
    }
}

/* A band of the stacked heap, each column a box from the band below to
 * this one's top (add_column_boxes()). As polygons through the columns'
 * centres, the bands of ht_pybig took 8.4 ms to render at 1920x1080, as
 * boxes 5.0 (bench/timeline --height 1080); at a pixel a column the two
 * look alike. */
static void
band_run (Paint   *p,
          guint    c0,
          guint    c1,
          gpointer data)
{
  const Shape *s = data;
  guint n = c1 - c0 + 1;
  g_autofree double *top = g_new (double, n);
  g_autofree double *bottom = g_new (double, n);

  shape_ys (p, s, c0, n, top, bottom);
  for (guint i = 0; i < n; i++)
    {
      /* y grows downwards; the gap as add_edge() leaves it */
      if (bottom[i] - top[i] > 3 * s->gap)
        top[i] += s->gap;
      top[i] = round (top[i]);
      bottom[i] = round (bottom[i]);
    }
  add_column_boxes (p, c0, n, top, bottom, s->fill, s->title);
}

static void
paint_bands (Paint                   *p,
             const TideTimelineCurve *heap)
{
  guint n_bands = tide_timeline_layout_get_n_bands (p->layout);
  guint n = tide_timeline_layout_get_n_columns (p->layout);
  g_autofree double *zero = g_new (double, n);

  for (guint c = 0; c < n; c++)
    zero[c] = isnan (tide_timeline_layout_get_band_tops (p->layout, 0)[c]) ? NAN : 0;
  /* A hairline of background between bands keeps two of similar hue
   * apart: each band's top is lowered a little (a stroke per band would
   * cost as much to draw as all the fills). */
  for (guint b = 0; b < n_bands; b++)
    {
      g_autofree char *name = tide_timeline_painter_band_name (p->layout, b);
      Shape s = { heap, tide_timeline_layout_get_band_tops (p->layout, b),
                  b == 0 ? zero : tide_timeline_layout_get_band_tops (p->layout, b - 1), b + 1 < n_bands ? BAND_GAP : 0,
                  tide_timeline_painter_band_color (p->layout, b, p->style->dark), { 0 }, 0, name };

      for_each_run (p, s.upper, band_run, &s);
    }
}

/* A regular polygon close enough to a circle at this size. */
static void
paint_dot (Paint     *p,
           double     x,
           double     y,
           double     r,
           TideColor  fill,
           TideColor  ring)
{
  for (guint i = 0; i < 20; i++)
    add_point (p->points, x + r * cos (i * G_PI / 10), y + r * sin (i * G_PI / 10));
  flush_path (p, TRUE, fill, ring, 1.5, NULL);
}

/* A rectangle with rounded corners: labels floating over the data. */
static void
paint_pill (Paint     *p,
            double     x,
            double     y,
            double     w,
            double     h,
            TideColor  fill,
            TideColor  outline)
{
  const double cx[] = { x + w - PILL_RADIUS, x + w - PILL_RADIUS, x + PILL_RADIUS, x + PILL_RADIUS };
  const double cy[] = { y + PILL_RADIUS, y + h - PILL_RADIUS, y + h - PILL_RADIUS, y + PILL_RADIUS };

  for (guint corner = 0; corner < 4; corner++)
    for (guint i = 0; i <= 4; i++)
      {
        double a = (corner + 3) * G_PI / 2 + i * G_PI / 8;

        add_point (p->points, cx[corner] + PILL_RADIUS * cos (a), cy[corner] + PILL_RADIUS * sin (a));
      }
  flush_path (p, TRUE, fill, outline, 1, NULL);
}

/* -------------------------------------------------------------- axes -- */

static void
paint_grid (Paint *p)
{
  static const TideColor none = { 0 };
  const TideTimelineAxis *time = tide_timeline_layout_get_time_axis (p->layout);

  for (guint l = 0; l < tide_timeline_layout_get_n_lanes (p->layout); l++)
    {
      const TideTimelineLane *lane = tide_timeline_layout_get_lane (p->layout, l);

      for (guint i = 0; i < lane->left.n_ticks; i++)
        {
          double y = round (lane->left.ticks[i].pos);

          /* the zero line is the area's floor: drawn with the axes, over the data */
          if (i > 0)
            tide_draw_list_add_rect (p->list, p->plot.x, MIN (y, lane->y + lane->height - 1), p->plot.width, 1,
                                     p->grid, none, NULL);
        }
      for (guint i = 0; i < time->n_ticks; i++)
        {
          double x = floor (time->ticks[i].pos);

          if (x >= p->plot.x && x < p->plot.x + p->plot.width)
            tide_draw_list_add_rect (p->list, x, lane->y, 1, lane->height, p->grid, none, NULL);
        }
    }
}

static void
paint_value_labels (Paint                  *p,
                    const TideTimelineLane *lane,
                    const TideTimelineAxis *axis,
                    gboolean                right,
                    TideColor               ink)
{
  for (guint i = 0; i < axis->n_ticks; i++)
    {
      const TideTimelineTick *t = &axis->ticks[i];
      double w = tide_chart_text_width (t->label, p->tick_px);
      double x = right ? p->plot.x + p->plot.width + TICK_GAP : p->plot.x - TICK_GAP - w;

      tide_draw_list_add_text (p->list, round (x), round (t->pos + CAP_HEIGHT * p->tick_px / 2), p->tick_px, ink,
                               t->label);
    }
}

static void
paint_axes (Paint *p)
{
  static const TideColor none = { 0 };
  const TideTimelineAxis *time = tide_timeline_layout_get_time_axis (p->layout);
  double width = tide_draw_list_get_width (p->list);
  double last_right = -G_MAXDOUBLE;
  guint n_lanes = tide_timeline_layout_get_n_lanes (p->layout);

  for (guint l = 0; l < n_lanes; l++)
    {
      const TideTimelineLane *lane = tide_timeline_layout_get_lane (p->layout, l);
      TideColor right_ink = p->label;
      guint on_right = 0;

      tide_draw_list_add_rect (p->list, p->plot.x, round (lane->y + lane->height) - 1, p->plot.width, 1,
                               p->baseline, none, NULL);
      paint_value_labels (p, lane, &lane->left, FALSE, p->label);
      if (!lane->has_right)
        continue;
      /* a right axis of one series takes its colour: which axis is whose */
      for (guint i = 0; i < tide_timeline_layout_get_n_curves (p->layout); i++)
        {
          const TideTimelineCurve *c = tide_timeline_layout_get_curve (p->layout, i);

          if (c->lane == l && c->right)
            {
              on_right++;
              right_ink = tide_timeline_painter_series_color (c->kind, p->style->dark);
            }
        }
      paint_value_labels (p, lane, &lane->right, TRUE, on_right == 1 ? right_ink : p->label);
    }

  for (guint i = 0; i < time->n_ticks; i++)
    {
      const TideTimelineTick *t = &time->ticks[i];
      double w = tide_chart_text_width (t->label, p->tick_px);
      double x = round (CLAMP (t->pos - w / 2, 2, width - w - 2));

      /* a label that would run into the one before is left out */
      if (x < last_right + 8)
        continue;
      tide_draw_list_add_rect (p->list, floor (t->pos), p->plot.y + p->plot.height, 1, 4, p->baseline, none, NULL);
      tide_draw_list_add_text (p->list, x, round (p->plot.y + p->plot.height + TICK_GAP + 4 + CAP_HEIGHT * p->tick_px),
                               p->tick_px, p->label, t->label);
      last_right = x + w;
    }
}

/* ------------------------------------------------------------ marks -- */

/* The label in a pill beside (@x, @y): above and right of it when there is
 * room, else beside it, else to its left. */
static void
paint_callout (Paint      *p,
               double      x,
               double      y,
               const char *text,
               TideColor   ink,
               TideColor   outline)
{
  double font_px = p->style->font_px;
  double w = ceil (tide_chart_text_width (text, font_px)) + 2 * PILL_PAD_X;
  double h = round (font_px * 1.75);
  double left = x + 10, top = y - h - 6;

  if (top < p->plot.y + 2)
    top = y - h / 2;
  if (left + w > p->plot.x + p->plot.width - 2)
    left = x - 10 - w;
  left = round (MAX (left, p->plot.x + 2));
  top = round (CLAMP (top, p->plot.y + 2, p->plot.y + p->plot.height - h - 2));
  paint_pill (p, left + 0.5, top + 0.5, w, h, p->pill, outline);
  tide_draw_list_add_text (p->list, left + PILL_PAD_X, round (top + (h + CAP_HEIGHT * font_px) / 2), font_px, ink, text);
}

static void
paint_peak (Paint *p)
{
  static const TideColor none = { 0 };
  TideTimelinePeak peak;
  g_autofree char *label = NULL;
  double bottom;

  if (!tide_timeline_layout_get_peak (p->layout, &peak))
    return;
  label = tide_timeline_painter_peak_label (p->layout, &peak);
  bottom = p->plot.y + p->plot.height;
  for (guint l = 0; l < tide_timeline_layout_get_n_lanes (p->layout); l++)
    {
      const TideTimelineLane *lane = tide_timeline_layout_get_lane (p->layout, l);

      if (peak.y >= lane->y && peak.y <= lane->y + lane->height)
        bottom = lane->y + lane->height;
    }
  tide_draw_list_add_rect (p->list, floor (peak.x), peak.y, 1, bottom - peak.y, tide_chart_alpha (p->peak, 0.6), none,
                           NULL);
  paint_dot (p, peak.x, peak.y, MARKER_RADIUS, p->peak, p->bg);
  paint_callout (p, peak.x, peak.y, label, p->peak, tide_chart_alpha (p->peak, 0.6));
}

static void
paint_selection_band (Paint *p)
{
  static const TideColor none = { 0 };
  const TideTimelineStyle *s = p->style;
  double x0, x1;

  if (!s->show_selection || s->selection_kind != TIDE_SELECTION_RANGE)
    return;
  x0 = CLAMP (tide_timeline_layout_x_for_time (p->layout, s->selection_start_ms), p->plot.x, p->plot.x + p->plot.width);
  x1 = CLAMP (tide_timeline_layout_x_for_time (p->layout, s->selection_end_ms), p->plot.x, p->plot.x + p->plot.width);
  if (x1 - x0 < 1)
    x1 = x0 + 1;
  tide_draw_list_add_rect (p->list, x0, p->plot.y, x1 - x0, p->plot.height,
                           tide_chart_alpha (p->selection, p->style->dark ? 0.14 : 0.12), none, NULL);
}

/* An instant (or the peak, when it is what is selected): a line through the
 * plot with a handle on top; a range: its edges. */
static void
paint_selection_lines (Paint *p)
{
  static const TideColor none = { 0 };
  const TideTimelineStyle *s = p->style;
  double times[2] = { s->selection_start_ms, s->selection_end_ms };
  guint n = s->selection_kind == TIDE_SELECTION_RANGE ? 2 : 1;

  if (!s->show_selection)
    return;
  for (guint i = 0; i < n; i++)
    {
      double x = round (tide_timeline_layout_x_for_time (p->layout, times[i]));

      if (x < p->plot.x - 1 || x > p->plot.x + p->plot.width + 1)
        continue;
      tide_draw_list_add_rect (p->list, x - 1, p->plot.y, 2, p->plot.height, p->selection, none, NULL);
      add_point (p->points, x - 5, p->plot.y);
      add_point (p->points, x + 5, p->plot.y);
      add_point (p->points, x, p->plot.y + 7);
      flush_path (p, TRUE, p->selection, none, 0, NULL);
    }
}

static void
paint_crosshair (Paint *p)
{
  static const TideColor none = { 0 };
  TideTimelineHit hit;
  g_autofree char *readout = NULL;
  g_auto(GStrv) lines = NULL;
  double x, font_px = p->style->font_px, line_h, w = 0, h, left, top;

  if (isnan (p->style->hover_time_ms))
    return;
  x = tide_timeline_layout_x_for_time (p->layout, p->style->hover_time_ms);
  if (x < p->plot.x || x >= p->plot.x + p->plot.width)
    return;
  tide_timeline_layout_hit (p->layout, x, isnan (p->style->hover_y) ? -1 : p->style->hover_y, &hit);
  tide_draw_list_add_rect (p->list, floor (x), p->plot.y, 1, p->plot.height, p->cursor, none, NULL);

  for (guint i = 0; i < tide_timeline_layout_get_n_curves (p->layout); i++)
    {
      const TideTimelineCurve *c = tide_timeline_layout_get_curve (p->layout, i);

      if (!isnan (hit.maxs[c->kind]))
        paint_dot (p, floor (x) + 0.5, tide_timeline_layout_y_for_value (p->layout, c->lane, c->right, hit.maxs[c->kind]),
                   3.5, tide_timeline_painter_series_color (c->kind, p->style->dark), p->bg);
    }
  for (guint e = 0; e < tide_timeline_layout_get_n_extras (p->layout); e++)
    {
      const TideTimelineCurve *c = tide_timeline_layout_get_extra (p->layout, e);

      if (!isnan (hit.extra_values[e]))
        paint_dot (p, floor (x) + 0.5, tide_timeline_layout_y_for_value (p->layout, c->lane, c->right, hit.extra_values[e]),
                   3.5, tide_timeline_painter_extra_color (e, p->style->dark), p->bg);
    }

  /* the readout: one line per series, beside the line near the top */
  readout = tide_timeline_painter_readout (p->layout, &hit);
  lines = g_strsplit (readout, "\n", -1);
  line_h = round (font_px * 1.45);
  for (guint i = 0; lines[i] != NULL; i++)
    w = MAX (w, tide_chart_text_width (lines[i], font_px) + (i > 0 ? LEGEND_SWATCH : 0));
  w = ceil (w) + 2 * PILL_PAD_X;
  h = g_strv_length (lines) * line_h + 8;
  left = x + 12 + w > p->plot.x + p->plot.width ? x - 12 - w : x + 12;
  left = round (MAX (left, p->plot.x + 2));
  top = p->plot.y + 8;
  paint_pill (p, left + 0.5, top + 0.5, w, h, p->pill, p->baseline);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      double baseline = round (top + 4 + i * line_h + (line_h + CAP_HEIGHT * font_px) / 2);
      double text_x = left + PILL_PAD_X;
      guint n_curves = tide_timeline_layout_get_n_curves (p->layout);
      guint n_extras = tide_timeline_layout_get_n_extras (p->layout);
      gboolean swatch = TRUE;
      TideColor color = { 0 };

      /* the readout's lines: the time, the curves, the extra series, the
       * band under the pointer, then the spans running (no swatch) */
      if (i == 0)
        swatch = FALSE;
      else if (i <= n_curves)
        color = tide_timeline_painter_series_color (tide_timeline_layout_get_curve (p->layout, i - 1)->kind,
                                                    p->style->dark);
      else if (i <= n_curves + n_extras)
        color = tide_timeline_painter_extra_color (i - 1 - n_curves, p->style->dark);
      else if (i == n_curves + n_extras + 1 && hit.band >= 0)
        color = tide_timeline_painter_band_color (p->layout, hit.band, p->style->dark);
      else
        swatch = FALSE;
      if (swatch)
        {
          tide_draw_list_add_rect (p->list, text_x, baseline - CAP_HEIGHT * font_px / 2 - 4, 8, 8, color, none, NULL);
          text_x += LEGEND_SWATCH;
        }
      tide_draw_list_add_text (p->list, text_x, baseline, font_px, i == 0 ? p->label : p->ink, lines[i]);
    }
}

/* ------------------------------------------------------------- paint -- */

static void
paint_begin (Paint                   *p,
             TideTimelineLayout      *layout,
             const TideTimelineStyle *style,
             double                   width,
             double                   height,
             gboolean                 overlay)
{
  static const TideColor clear = { 0 };

  memset (p, 0, sizeof *p);
  p->layout = layout;
  p->style = style;
  paint_colors (p);
  p->trace = tide_timeline_source_get_trace (tide_timeline_layout_get_source (layout));
  tide_timeline_layout_get_plot (layout, &p->plot);
  p->tick_px = tick_font (style);
  p->list = tide_draw_list_new (width, height, overlay ? clear : p->bg);
  p->points = g_array_sized_new (FALSE, FALSE, sizeof (TideDrawPoint), 2 * tide_timeline_layout_get_n_columns (layout) + 8);
}

static TideDrawList *
paint_end (Paint *p)
{
  g_array_unref (p->points);
  return p->list;
}

TideDrawList *
tide_timeline_paint (TideTimelineLayout      *layout,
                     const TideTimelineStyle *style,
                     double                   width,
                     double                   height)
{
  Paint p;
  const TideTimelineCurve *heap;
  gboolean stacked;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  paint_begin (&p, layout, style, width, height, FALSE);
  heap = tide_timeline_layout_find_curve (layout, TIDE_SERIES_HEAP);
  stacked = tide_timeline_layout_get_n_bands (layout) > 0;

  /* back to front: areas, grid, lines, marks, labels */
  if (stacked)
    paint_bands (&p, heap);
  else if (heap != NULL)
    paint_heap_area (&p, heap);
  paint_grid (&p);
  for (guint i = tide_timeline_layout_get_n_curves (layout); i-- > 0;)
    {
      const TideTimelineCurve *c = tide_timeline_layout_get_curve (layout, i);

      paint_curve (&p, c, c->kind == TIDE_SERIES_HEAP ? (stacked ? 1.25 : 1.75) : 1.5);
    }
  for (guint i = tide_timeline_layout_get_n_extras (layout); i-- > 0;)
    paint_extra (&p, i);
  paint_spans (&p);
  /* a range tints what it covers */
  paint_selection_band (&p);
  paint_axes (&p);
  paint_selection_lines (&p);
  paint_peak (&p);
  if (style->show_legend)
    {
      TideSeriesKind kinds[TIDE_N_SERIES];
      guint n = tide_timeline_layout_get_n_curves (layout);
      g_autoptr(GArray) entries = NULL;

      for (guint i = 0; i < n; i++)
        kinds[i] = tide_timeline_layout_get_curve (layout, i)->kind;
      entries = legend_entries (p.trace, kinds, n, tide_timeline_layout_get_n_extras (layout),
                                stacked ? tide_timeline_source_get_stack (tide_timeline_layout_get_source (layout)) : NULL,
                                style->dark);
      legend_flow (entries, style->font_px, p.plot.x, p.plot.width, LEGEND_TOP, &p);
    }
  paint_crosshair (&p);
  return paint_end (&p);
}

TideDrawList *
tide_timeline_paint_overlay (TideTimelineLayout      *layout,
                             const TideTimelineStyle *style,
                             double                   width,
                             double                   height)
{
  Paint p;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  paint_begin (&p, layout, style, width, height, TRUE);
  paint_selection_band (&p);
  paint_selection_lines (&p);
  paint_crosshair (&p);
  return paint_end (&p);
}
