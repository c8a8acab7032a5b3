/* tide-chart-colors.c: colours every chart picks the same way
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "tide-chart-colors.h"

/* Name colours' luminance limits: with them, dark ink on light colours and
 * light ink on dark ones both reach WCAG AA contrast (4.5:1). */
#define LIGHT_MIN_LUMINANCE 0.28
#define DARK_MAX_LUMINANCE  0.14

TideColor
tide_chart_rgb8 (double r,
                 double g,
                 double b)
{
  TideColor c = { round (CLAMP (r, 0, 1) * 255) / 255, round (CLAMP (g, 0, 1) * 255) / 255,
                  round (CLAMP (b, 0, 1) * 255) / 255, 1.0 };
  return c;
}

TideColor
tide_chart_alpha (TideColor c,
                  double    a)
{
  c.a = a;
  return c;
}

static double
hue_channel (double p,
             double q,
             double t)
{
  if (t < 0)
    t += 1;
  if (t > 1)
    t -= 1;
  if (t < 1.0 / 6)
    return p + (q - p) * 6 * t;
  if (t < 1.0 / 2)
    return q;
  if (t < 2.0 / 3)
    return p + (q - p) * (2.0 / 3 - t) * 6;
  return p;
}

TideColor
tide_chart_hsl (double h,
                double s,
                double l)
{
  double q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  double p = 2 * l - q;

  return tide_chart_rgb8 (hue_channel (p, q, h + 1.0 / 3), hue_channel (p, q, h), hue_channel (p, q, h - 1.0 / 3));
}

double
tide_chart_luminance (const TideColor *c)
{
  double v[3] = { c->r, c->g, c->b };

  for (guint i = 0; i < 3; i++)
    v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

TideColor
tide_chart_hsl_within (double h,
                       double s,
                       double l,
                       double min_l,
                       double max_l)
{
  TideColor c = tide_chart_hsl (h, s, l);

  for (; tide_chart_luminance (&c) < min_l && l < 0.95; l += 0.01)
    c = tide_chart_hsl (h, s, l);
  for (; tide_chart_luminance (&c) > max_l && l > 0.05; l -= 0.01)
    c = tide_chart_hsl (h, s, l);
  return c;
}

TideColor
tide_chart_ink_for (const TideColor *fill)
{
  static const TideColor dark = { 0x1c / 255.0, 0x1c / 255.0, 0x1c / 255.0, 1 };
  static const TideColor light = { 0xf6 / 255.0, 0xf6 / 255.0, 0xf6 / 255.0, 1 };
  double l = tide_chart_luminance (fill);
  double on_dark = (l + 0.05) / (tide_chart_luminance (&dark) + 0.05);
  double on_light = (tide_chart_luminance (&light) + 0.05) / (l + 0.05);

  return on_dark >= on_light ? dark : light;
}

guint32
tide_chart_name_hash (const char *name)
{
  guint32 h = 2166136261u;

  for (const char *s = name; *s != '\0'; s++)
    {
      h ^= (guint8) *s;
      h *= 16777619u;
    }
  return h;
}

void
tide_chart_name_hue (const char *name,
                     double      hue_from,
                     double      hue_span,
                     double     *hue,
                     double     *shade)
{
  guint32 h = tide_chart_name_hash (name);

  *hue = hue_from + (h & 0xffff) / 65535.0 * hue_span;
  *hue -= floor (*hue);
  *shade = (h >> 24) / 255.0;
}

TideColor
tide_chart_name_color (const char *name,
                       double      hue_from,
                       double      hue_span,
                       gboolean    dark)
{
  double hue, shade;

  tide_chart_name_hue (name, hue_from, hue_span, &hue, &shade);
  if (dark)
    return tide_chart_hsl_within (hue, 0.55, 0.36 + 0.08 * shade, 0, DARK_MAX_LUMINANCE);
  return tide_chart_hsl_within (hue, 0.85, 0.60 + 0.08 * shade, LIGHT_MIN_LUMINANCE, 1);
}

/* Where a class sits in the palette, 0..1. Powers of two and glibc's
 * chunks by the logarithm of their largest request, from 16 B to 8 MiB,
 * so one size has one colour in both; pymalloc's 32 small classes and its
 * system-malloc group evenly, or its classes (16 to 512 B) would all look
 * alike. Anything smaller or larger takes an end of the palette. */
static double
size_class_position (TideSizeClassScheme scheme,
                     guint               klass)
{
  guint64 lo, hi;

  if (scheme == TIDE_SIZE_CLASSES_PYMALLOC)
    return CLAMP (klass / (double) (TIDE_PYMALLOC_MAX_SMALL / 16), 0, 1);
  tide_size_class_bounds (scheme, klass, &lo, &hi);
  /* glibc's classes end 8 bytes (the chunk header) short of a chunk size */
  if (scheme == TIDE_SIZE_CLASSES_GLIBC && hi < G_MAXUINT64 - 8)
    hi += 8;
  if (hi <= 16)
    return 0;
  return CLAMP ((log2 ((double) hi) - 4) / (23 - 4), 0, 1);
}

TideColor
tide_chart_size_class_color (TideSizeClassScheme scheme,
                             guint               klass,
                             gboolean            dark)
{
  double t = size_class_position (scheme, klass);
  /* yellow-green (60 degrees) through green and teal to blue and violet (280) */
  double hue = (60 + 220 * t) / 360;

  if (dark)
    return tide_chart_hsl_within (hue, 0.55, 0.42 - 0.10 * t, 0, DARK_MAX_LUMINANCE);
  return tide_chart_hsl_within (hue, 0.68, 0.76 - 0.22 * t, LIGHT_MIN_LUMINANCE, 1);
}
