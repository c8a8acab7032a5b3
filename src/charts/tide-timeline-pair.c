/* tide-timeline-pair.c: two traces' heaps over time on one plot, aligned at their start
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "charts/tide-chart-colors.h"
#include "charts/tide-timeline-pair.h"
#include "core/tide-format.h"

#define MARGIN      12.0
#define LEFT_AXIS   64.0  /* px for the byte labels */
#define BOTTOM_AXIS 24.0  /* px for the time labels */
#define LEGEND      26.0  /* px for the legend above the plot */
#define SWATCH      14.0
#define LINE_WIDTH  1.6

struct _TideTimelinePair
{
  TideTimelinePairSide sides[2];
  char                *titles[2];
  TideTrace           *traces[2];
  double               offsets[2];  /* the time of each side's first sample */
  double               span;        /* the longer run, since its start */
  double               peaks[2];
  double               peak_times[2];
  double              *mins[2];
  double              *maxs[2];
  guint                n_columns;
  double               width, height;
  gboolean             dark;
  TideTimelineRect     plot;
  TideTimelineAxis     time_axis;
  TideTimelineAxis     value_axis;
};

gboolean
tide_timeline_pair_can_compare (TideTrace *before,
                                TideTrace *after)
{
  g_return_val_if_fail (TIDE_IS_TRACE (before) && TIDE_IS_TRACE (after), FALSE);

  return tide_timeline_trace_has_time (before) && tide_timeline_trace_has_time (after)
         && tide_trace_get_time_unit (before) == tide_trace_get_time_unit (after);
}

TideColor
tide_timeline_pair_color (guint    which,
                          gboolean dark)
{
  /* the differential flame graph's cool and warm */
  if (which == 0)
    return dark ? tide_chart_rgb8 (0.45, 0.64, 0.96) : tide_chart_rgb8 (0.20, 0.42, 0.80);
  return dark ? tide_chart_rgb8 (1.0, 0.50, 0.36) : tide_chart_rgb8 (0.85, 0.28, 0.14);
}

/* Each column's extremes, the heap's highest and lowest points within its
 * time slice as the trace recorded them (between samples too); nothing
 * past the side's last sample. */
static void
reduce (TideTimelinePair *self,
        guint             s)
{
  TideMinMaxPyramid *pyramid = tide_timeline_source_get_series (self->sides[s].source, TIDE_SERIES_HEAP);
  gsize n = pyramid != NULL ? tide_minmax_pyramid_get_n (pyramid) : 0;
  double t0 = self->time_axis.min, t1 = self->time_axis.max;

  self->mins[s] = g_new (double, self->n_columns);
  self->maxs[s] = g_new (double, self->n_columns);
  for (guint c = 0; c < self->n_columns; c++)
    self->mins[s][c] = self->maxs[s][c] = NAN;
  if (n == 0)
    return;
  tide_minmax_pyramid_columns (pyramid, (guint64) (self->offsets[s] + floor (t0)),
                               (guint64) (self->offsets[s] + ceil (t1)), self->n_columns, self->mins[s], self->maxs[s]);
  {
    double end = (double) tide_minmax_pyramid_get_time (pyramid, n - 1) - self->offsets[s];

    for (guint c = 0; c < self->n_columns; c++)
      if (t0 + (double) c / self->n_columns * (t1 - t0) > end)
        self->mins[s][c] = self->maxs[s][c] = NAN;
  }
}

TideTimelinePair *
tide_timeline_pair_new (const TideTimelinePairSide sides[2],
                        gboolean                   dark,
                        double                     width,
                        double                     height,
                        double                     t0,
                        double                     t1)
{
  TideTimelinePair *self;
  double span = 0, top = 0;

  g_return_val_if_fail (sides != NULL && sides[0].source != NULL && sides[1].source != NULL, NULL);

  self = g_new0 (TideTimelinePair, 1);
  self->width = MAX (width, 2 * MARGIN + LEFT_AXIS + 16);
  self->height = MAX (height, 2 * MARGIN + LEGEND + BOTTOM_AXIS + 16);
  self->dark = dark;
  for (guint s = 0; s < 2; s++)
    {
      TideTimelineSource *source = sides[s].source;
      guint n = tide_timeline_source_get_n_samples (source);

      self->sides[s] = sides[s];
      self->titles[s] = g_strdup (sides[s].title != NULL ? sides[s].title : "");
      self->sides[s].title = self->titles[s];
      self->traces[s] = tide_timeline_source_get_trace (source);
      self->offsets[s] = n > 0 ? (double) tide_timeline_source_get_time (source, 0) : 0;
      self->peak_times[s] = NAN;
      {
        TideMinMaxPyramid *pyramid = tide_timeline_source_get_series (source, TIDE_SERIES_HEAP);
        gsize samples = pyramid != NULL ? tide_minmax_pyramid_get_n (pyramid) : 0;

        /* a sample's maximum is the highest point since the one before */
        for (gsize i = 0; i < samples; i++)
          {
            double lo, hi;

            if (tide_minmax_pyramid_range (pyramid, i, i + 1, &lo, &hi) && !isnan (hi) && hi > self->peaks[s])
              {
                self->peaks[s] = hi;
                self->peak_times[s] = (double) tide_minmax_pyramid_get_time (pyramid, i) - self->offsets[s];
              }
          }
      }
      if (n > 0)
        span = MAX (span, (double) tide_timeline_source_get_time (source, n - 1) - self->offsets[s]);
      top = MAX (top, self->peaks[s]);
    }
  if (span <= 0)
    span = 1;
  self->span = span;
  if (isnan (t0) || isnan (t1) || t1 <= t0)
    {
      t0 = 0;
      t1 = span;
    }

  self->plot.x = MARGIN + LEFT_AXIS;
  self->plot.y = MARGIN + LEGEND;
  self->plot.width = self->width - self->plot.x - MARGIN;
  self->plot.height = self->height - self->plot.y - MARGIN - BOTTOM_AXIS;
  tide_timeline_axis_init_time_in (&self->time_axis, tide_trace_get_time_unit (self->traces[0]), t0, t1,
                                   self->plot.x, self->plot.width);
  tide_timeline_axis_init_values (&self->value_axis, TIDE_TIMELINE_UNIT_BYTES, top, self->plot.y, self->plot.height);
  self->n_columns = MAX (1, (guint) ceil (self->plot.width));
  for (guint s = 0; s < 2; s++)
    reduce (self, s);
  return self;
}

void
tide_timeline_pair_free (TideTimelinePair *self)
{
  if (self == NULL)
    return;
  for (guint s = 0; s < 2; s++)
    {
      g_free (self->titles[s]);
      g_free (self->mins[s]);
      g_free (self->maxs[s]);
    }
  tide_timeline_axis_clear (&self->time_axis);
  tide_timeline_axis_clear (&self->value_axis);
  g_free (self);
}

void
tide_timeline_pair_get_plot (TideTimelinePair *self,
                             TideTimelineRect *plot)
{
  *plot = self->plot;
}

double
tide_timeline_pair_get_span (TideTimelinePair *self)
{
  return self->span;
}

const TideTimelineAxis *
tide_timeline_pair_get_time_axis (TideTimelinePair *self)
{
  return &self->time_axis;
}

const TideTimelineAxis *
tide_timeline_pair_get_value_axis (TideTimelinePair *self)
{
  return &self->value_axis;
}

double
tide_timeline_pair_get_peak (TideTimelinePair *self,
                             guint             which,
                             double           *time)
{
  g_return_val_if_fail (which < 2, NAN);
  if (time != NULL)
    *time = self->peak_times[which];
  return self->peaks[which];
}

guint
tide_timeline_pair_get_n_columns (TideTimelinePair *self)
{
  return self->n_columns;
}

const double *
tide_timeline_pair_get_maxs (TideTimelinePair *self,
                             guint             which)
{
  g_return_val_if_fail (which < 2, NULL);
  return self->maxs[which];
}

const double *
tide_timeline_pair_get_mins (TideTimelinePair *self,
                             guint             which)
{
  g_return_val_if_fail (which < 2, NULL);
  return self->mins[which];
}

double
tide_timeline_pair_x_for_time (TideTimelinePair *self,
                               double            time)
{
  return self->plot.x + (time - self->time_axis.min) / (self->time_axis.max - self->time_axis.min) * self->plot.width;
}

double
tide_timeline_pair_y_for_value (TideTimelinePair *self,
                                double            value)
{
  return self->plot.y + self->plot.height - value / self->value_axis.max * self->plot.height;
}

double
tide_timeline_pair_value_at (TideTimelinePair *self,
                             guint             which,
                             double            time)
{
  TideTimelineSource *source;
  guint lo = 0, hi;
  double t0;

  g_return_val_if_fail (which < 2, NAN);
  source = self->sides[which].source;
  hi = tide_timeline_source_get_n_samples (source);
  t0 = self->offsets[which];
  if (hi == 0 || time < 0 || time > (double) tide_timeline_source_get_time (source, hi - 1) - t0)
    return NAN;
  /* the last sample at or before @time */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if ((double) tide_timeline_source_get_time (source, mid) - t0 <= time)
        lo = mid;
      else
        hi = mid;
    }
  return tide_timeline_source_get_value (source, TIDE_SERIES_HEAP, lo);
}

char *
tide_timeline_pair_readout (TideTimelinePair *self,
                            double            x)
{
  double time = self->time_axis.min + (x - self->plot.x) / self->plot.width * (self->time_axis.max - self->time_axis.min);
  g_autofree char *when = NULL;
  GString *text;
  double values[2];

  if (x < self->plot.x || x > self->plot.x + self->plot.width)
    return NULL;
  when = tide_format_trace_time (self->traces[0], (guint64) MAX (0, round (time)));
  text = g_string_new (when);
  for (guint s = 0; s < 2; s++)
    {
      g_autofree char *value = NULL;

      values[s] = tide_timeline_pair_value_at (self, s, time);
      value = isnan (values[s]) ? g_strdup (_("ended")) : g_format_size ((guint64) values[s]);
      g_string_append_c (text, '\n');
      /* TRANSLATORS: a line of the compared timelines' readout: "before: 1.0 MB" */
      g_string_append_printf (text, s == 0 ? _("before: %s") : _("after: %s"), value);
    }
  if (!isnan (values[0]) && !isnan (values[1]))
    {
      double delta = values[1] - values[0];
      g_autofree char *magnitude = g_format_size ((guint64) fabs (delta));

      g_string_append_printf (text, " (%s%s)", delta < 0 ? "−" : "+", magnitude);
    }
  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------ painting -- */

/* One side's heap as its column maxima, a line broken where it has none. */
static void
paint_series (TideTimelinePair *self,
              TideDrawList     *list,
              guint             s)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (TideDrawPoint));
  TideColor color = tide_timeline_pair_color (s, self->dark);
  TideColor none = { 0, 0, 0, 0 };
  g_autofree char *title = NULL;
  g_autofree char *peak = g_format_size ((guint64) self->peaks[s]);

  /* TRANSLATORS: the tooltip of a compared timeline's line: "ht_leaky.zst · Peak at 1.67 s — peak 1.1 MB" */
  title = g_strdup_printf (_("%s — peak %s"), self->titles[s], peak);
  for (guint c = 0; c <= self->n_columns; c++)
    {
      gboolean gap = c == self->n_columns || isnan (self->maxs[s][c]);

      if (gap)
        {
          if (points->len > 1)
            tide_draw_list_add_path (list, (TideDrawPoint *) (void *) points->data, points->len, FALSE, none, color,
                                     LINE_WIDTH, title);
          g_array_set_size (points, 0);
          continue;
        }
      /* the column's extremes: a vertical run where it moved within it */
      {
        double x = self->plot.x + c + 0.5;
        TideDrawPoint lo = { x, tide_timeline_pair_y_for_value (self, self->mins[s][c]) };
        TideDrawPoint hi = { x, tide_timeline_pair_y_for_value (self, self->maxs[s][c]) };

        g_array_append_val (points, lo);
        if (hi.y != lo.y)
          g_array_append_val (points, hi);
      }
    }
}

/* The compared instant (a line) or range (a band) of side @s. */
static void
paint_mark (TideTimelinePair *self,
            TideDrawList     *list,
            guint             s)
{
  TideColor color = tide_timeline_pair_color (s, self->dark);
  TideColor none = { 0, 0, 0, 0 };
  double from = self->sides[s].mark_from - self->offsets[s];
  double to = self->sides[s].mark_to - self->offsets[s];
  double x0, x1;

  if (isnan (from) || (isnan (to) ? from : to) < self->time_axis.min || from > self->time_axis.max)
    return;
  x0 = CLAMP (tide_timeline_pair_x_for_time (self, from), self->plot.x, self->plot.x + self->plot.width);
  x1 = isnan (to) ? x0 : CLAMP (tide_timeline_pair_x_for_time (self, to), self->plot.x, self->plot.x + self->plot.width);
  if (x1 - x0 >= 2)
    tide_draw_list_add_rect (list, x0, self->plot.y, x1 - x0, self->plot.height, tide_chart_alpha (color, 0.12), none,
                             NULL);
  else
    {
      TideDrawPoint line[2] = { { x0, self->plot.y }, { x0, self->plot.y + self->plot.height } };

      tide_draw_list_add_path (list, line, 2, FALSE, none, tide_chart_alpha (color, 0.8), 1.0, NULL);
    }
}

TideDrawList *
tide_timeline_pair_paint (TideTimelinePair *self,
                          double            hover_x)
{
  TideColor bg = self->dark ? tide_chart_rgb8 (0.14, 0.14, 0.14) : tide_chart_rgb8 (1, 1, 1);
  TideColor ink = self->dark ? tide_chart_rgb8 (0.92, 0.92, 0.92) : tide_chart_rgb8 (0.11, 0.11, 0.11);
  TideColor label = self->dark ? tide_chart_rgb8 (0.70, 0.70, 0.70) : tide_chart_rgb8 (0.36, 0.36, 0.36);
  TideColor grid = self->dark ? tide_chart_rgb8 (0.26, 0.26, 0.26) : tide_chart_rgb8 (0.90, 0.90, 0.90);
  TideColor none = { 0, 0, 0, 0 };
  const double font = 12;
  TideDrawList *list = tide_draw_list_new (self->width, self->height, bg);
  double legend_x = self->plot.x;

  /* the grid and the axes' labels */
  for (guint i = 0; i < self->value_axis.n_ticks; i++)
    {
      const TideTimelineTick *tick = &self->value_axis.ticks[i];
      TideDrawPoint line[2] = { { self->plot.x, tick->pos }, { self->plot.x + self->plot.width, tick->pos } };

      tide_draw_list_add_path (list, line, 2, FALSE, none, grid, 1.0, NULL);
      tide_draw_list_add_text (list, self->plot.x - 6 - tide_chart_text_width (tick->label, font), tick->pos + font * 0.36,
                               font, label, tick->label);
    }
  for (guint i = 0; i < self->time_axis.n_ticks; i++)
    {
      const TideTimelineTick *tick = &self->time_axis.ticks[i];
      double w = tide_chart_text_width (tick->label, font);
      double x = CLAMP (tick->pos - w / 2, self->plot.x - LEFT_AXIS / 2, self->width - MARGIN - w);

      tide_draw_list_add_text (list, x, self->plot.y + self->plot.height + 6 + font, font, label, tick->label);
    }
  {
    TideDrawPoint base[2] = { { self->plot.x, self->plot.y + self->plot.height },
                              { self->plot.x + self->plot.width, self->plot.y + self->plot.height } };

    tide_draw_list_add_path (list, base, 2, FALSE, none, label, 1.0, NULL);
  }

  /* the legend: a swatch and the title of each side */
  for (guint s = 0; s < 2; s++)
    {
      double room = (self->plot.width - 2 * (SWATCH + 12)) / 2;
      g_autofree char *name = tide_chart_fit_text (self->titles[s], font, room);

      tide_draw_list_add_rect (list, legend_x, MARGIN + 6, SWATCH, 3, tide_timeline_pair_color (s, self->dark), none,
                               NULL);
      legend_x += SWATCH + 6;
      if (name != NULL)
        {
          tide_draw_list_add_text (list, legend_x, MARGIN + 6 + font * 0.4, font, ink, name);
          legend_x += tide_chart_text_width (name, font);
        }
      legend_x += 18;
    }

  for (guint s = 0; s < 2; s++)
    paint_mark (self, list, s);
  for (guint s = 0; s < 2; s++)
    paint_series (self, list, s);

  if (!isnan (hover_x) && hover_x >= self->plot.x && hover_x <= self->plot.x + self->plot.width)
    {
      TideDrawPoint line[2] = { { hover_x, self->plot.y }, { hover_x, self->plot.y + self->plot.height } };

      tide_draw_list_add_path (list, line, 2, FALSE, none, tide_chart_alpha (ink, 0.6), 1.0, NULL);
    }
  return list;
}
