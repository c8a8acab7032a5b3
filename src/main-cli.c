/* main-cli.c: entry point of a build without GTK: the command-line verbs only
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cli/tide-cli.h"

int
main (int    argc,
      char **argv)
{
  const char *localedir;

  setlocale (LC_ALL, "");
  /* the tests point this at the build's po/, where the .mo files are built */
  localedir = g_getenv ("TIDEMARK_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!tide_cli_wants (argc, argv))
    {
      g_printerr ("tidemark: %s\n", _("built without GTK; only the command-line verbs are available"));
      argv[1] = (char *) "help";
      argc = 2;
    }
  return tide_cli_run (argc, argv);
}
