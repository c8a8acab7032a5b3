/* tide-cli-summary.h: `tidemark summary [--json] FILE`
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

int tide_cli_summary (int    argc,
                      char **argv);
