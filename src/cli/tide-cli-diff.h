/* tide-cli-diff.h: `tidemark diff [--json] A B`, what grew between two traces
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

int tide_cli_diff (int    argc,
                   char **argv);
