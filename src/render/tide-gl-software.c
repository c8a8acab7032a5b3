/* tide-gl-software.c: whether an OpenGL implementation rasterises on the CPU
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tide-gl-software.h"

gboolean
tide_gl_renderer_name_is_software (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name != NULL ? name : "", -1);

  return strstr (lower, "llvmpipe") != NULL || strstr (lower, "softpipe") != NULL
         || strstr (lower, "swrast") != NULL || strstr (lower, "software") != NULL;
}
