/* tide-summary-json.h: the machine-readable summary of a trace
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `tidemark summary --json` prints this object; scripts depend on its keys.
 */
#pragma once

#include "../tide-trace.h"

G_BEGIN_DECLS

#define TIDE_SUMMARY_TOP_ROWS 10

char *tide_summary_to_json (TideTrace *trace);

/* Appends @str as a JSON string literal (invalid UTF-8 is replaced). */
void  tide_json_append_string (GString    *out,
                               const char *str);

G_END_DECLS
