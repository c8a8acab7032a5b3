/* tide-cli-export.h: `tidemark export --chart=flamegraph|timeline|treemap|histogram -o OUT FILE`
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

int tide_cli_export (int    argc,
                     char **argv);
