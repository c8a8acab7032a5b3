/* tide-cli.h: the command-line verbs, which never need a display
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when argv names a command-line verb rather than files for the window. */
gboolean tide_cli_wants (int    argc,
                         char **argv);
int      tide_cli_run   (int    argc,
                         char **argv);

G_END_DECLS
