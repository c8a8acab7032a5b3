/* tide-histogram-layout.c: the bars of an allocation-size histogram, as pure geometry
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "tide-histogram-layout.h"

struct _TideHistogramLayout
{
  TideSizeClassScheme  scheme;
  GArray              *bars;   /* TideHistogramBar */
  TideHistogramAxis    blocks; /* the axes' plots are their panels */
  TideHistogramAxis    bytes;
  guint64              total_blocks, total_requested, total_handed_out;
};

/* Powers of ten around [@min, @max] (values above zero): lo <= min, hi >= max, lo < hi. */
static void
axis_init (TideHistogramAxis *axis,
           TideRect           plot,
           guint64            min,
           guint64            max)
{
  double lo = 1, hi = 10;
  guint e_lo = 0, e_hi = 1;

  axis->plot = plot;
  if (max > 0)
    {
      for (lo = 1, e_lo = 0; lo * 10 <= (double) MAX (min, 1); lo *= 10)
        e_lo++;
      for (hi = lo * 10, e_hi = e_lo + 1; hi < (double) max; hi *= 10)
        e_hi++;
    }
  axis->lo = lo;
  axis->hi = hi;
  axis->n_ticks = e_hi - e_lo + 1;
  axis->ticks = g_new (TideHistogramTick, axis->n_ticks);
  for (guint i = 0; i < axis->n_ticks; i++)
    {
      TideHistogramTick *t = &axis->ticks[i];

      t->exponent = e_lo + i;
      t->value = pow (10, t->exponent);
      t->y = tide_histogram_axis_y (axis, t->value);
    }
}

double
tide_histogram_axis_y (const TideHistogramAxis *axis,
                       double                   value)
{
  double bottom = axis->plot.y + axis->plot.h;

  if (value <= axis->lo)
    return bottom;
  return bottom - axis->plot.h * (log10 (value) - log10 (axis->lo)) / (log10 (axis->hi) - log10 (axis->lo));
}

/* The top of a bar of @value: at least MIN_BAR px above the bottom when it has any. */
static double
bar_top (const TideHistogramAxis *axis,
         guint64                  value)
{
  double bottom = axis->plot.y + axis->plot.h;

  if (value == 0)
    return bottom;
  return MIN (tide_histogram_axis_y (axis, (double) value), bottom - TIDE_HISTOGRAM_MIN_BAR);
}

TideHistogramLayout *
tide_histogram_layout_new (TideSizeClassScheme scheme,
                           GPtrArray          *classes,
                           TideRect            blocks_plot,
                           TideRect            bytes_plot)
{
  TideHistogramLayout *self;
  guint first = G_MAXUINT, last = 0;
  guint64 max_blocks = 0, min_bytes = G_MAXUINT64, max_bytes = 0;
  double slot;

  g_return_val_if_fail (classes != NULL, NULL);

  self = g_new0 (TideHistogramLayout, 1);
  self->scheme = scheme;
  self->bars = g_array_new (FALSE, TRUE, sizeof (TideHistogramBar));

  for (guint i = 0; i < classes->len; i++)
    {
      const TideSizeClass *c = g_ptr_array_index (classes, i);

      if (c->blocks == 0)
        continue;
      first = MIN (first, c->klass);
      last = MAX (last, c->klass);
      max_blocks = MAX (max_blocks, c->blocks);
      max_bytes = MAX (max_bytes, MAX (c->requested, c->allocated));
      if (c->requested > 0)
        min_bytes = MIN (min_bytes, c->requested);
      if (c->allocated > 0)
        min_bytes = MIN (min_bytes, c->allocated);
      self->total_blocks += c->blocks;
      self->total_requested += c->requested;
      self->total_handed_out += c->allocated;
    }
  axis_init (&self->blocks, blocks_plot, 1, max_blocks);
  axis_init (&self->bytes, bytes_plot, min_bytes == G_MAXUINT64 ? 1 : min_bytes, max_bytes);
  if (first == G_MAXUINT)
    return self;

  g_array_set_size (self->bars, last - first + 1);
  slot = blocks_plot.w / self->bars->len;
  for (guint k = first; k <= last; k++)
    {
      TideHistogramBar *bar = &g_array_index (self->bars, TideHistogramBar, k - first);

      bar->klass = k;
      bar->class_index = -1;
      bar->x0 = blocks_plot.x + (k - first) * slot;
      bar->x1 = blocks_plot.x + (k - first + 1) * slot;
    }
  for (guint i = 0; i < classes->len; i++)
    {
      const TideSizeClass *c = g_ptr_array_index (classes, i);
      TideHistogramBar *bar;

      if (c->blocks == 0)
        continue;
      bar = &g_array_index (self->bars, TideHistogramBar, c->klass - first);
      bar->class_index = i;
      bar->blocks = c->blocks;
      bar->requested = c->requested;
      bar->handed_out = c->allocated;
    }
  for (guint i = 0; i < self->bars->len; i++)
    {
      TideHistogramBar *bar = &g_array_index (self->bars, TideHistogramBar, i);

      bar->blocks_top = bar_top (&self->blocks, bar->blocks);
      bar->requested_top = bar_top (&self->bytes, bar->requested);
      bar->handed_out_top = bar_top (&self->bytes, bar->handed_out);
    }
  return self;
}

void
tide_histogram_layout_free (TideHistogramLayout *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->bars);
  g_free (self->blocks.ticks);
  g_free (self->bytes.ticks);
  g_free (self);
}

TideSizeClassScheme
tide_histogram_layout_get_scheme (TideHistogramLayout *self)
{
  return self->scheme;
}

guint
tide_histogram_layout_get_n_bars (TideHistogramLayout *self)
{
  return self->bars->len;
}

const TideHistogramBar *
tide_histogram_layout_get_bar (TideHistogramLayout *self,
                               guint                i)
{
  g_return_val_if_fail (i < self->bars->len, NULL);
  return &g_array_index (self->bars, TideHistogramBar, i);
}

const TideHistogramAxis *
tide_histogram_layout_get_blocks_axis (TideHistogramLayout *self)
{
  return &self->blocks;
}

const TideHistogramAxis *
tide_histogram_layout_get_bytes_axis (TideHistogramLayout *self)
{
  return &self->bytes;
}

void
tide_histogram_layout_get_totals (TideHistogramLayout *self,
                                  guint64             *blocks,
                                  guint64             *requested,
                                  guint64             *handed_out)
{
  if (blocks != NULL)
    *blocks = self->total_blocks;
  if (requested != NULL)
    *requested = self->total_requested;
  if (handed_out != NULL)
    *handed_out = self->total_handed_out;
}

int
tide_histogram_layout_hit (TideHistogramLayout *self,
                           double               x,
                           double               y)
{
  TideRect a = self->blocks.plot, b = self->bytes.plot;
  double top = MIN (a.y, b.y), bottom = MAX (a.y + a.h, b.y + b.h);
  guint i;

  if (self->bars->len == 0 || x < a.x || x >= a.x + a.w || y < top || y >= bottom)
    return -1;
  i = (guint) ((x - a.x) / (a.w / self->bars->len));
  return MIN (i, self->bars->len - 1);
}
