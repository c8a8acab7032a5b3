/* tide-flame-search.h: which boxes of a flame graph match a search
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tide-flame-tree.h"

G_BEGIN_DECLS

/* Marks (non-zero in @marks, one byte per flame node) every box whose label
 * or file contains @pattern, case-insensitively, or matches it as a regular
 * expression when @regex is set. *matched is the part of the root's @metric
 * under matched boxes, each stack counted once even when several of its
 * boxes match. Returns FALSE with @error for an invalid regular expression. */
gboolean tide_flame_search (TideFlameTree  *tree,
                            const char     *pattern,
                            gboolean        regex,
                            TideMetric      metric,
                            guint8         *marks,
                            guint64        *matched,
                            GError        **error);

G_END_DECLS
