/* main.c: entry point: the command-line verbs, or else the window
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "app/tide-application.h"
#include "app/tide-renderer-choice.h"
#include "cli/tide-cli.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(TideApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* the tests point this at the build's po/, where the .mo files are built */
  localedir = g_getenv ("TIDEMARK_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* `tidemark summary FILE` and friends never need a display */
  if (tide_cli_wants (argc, argv))
    return tide_cli_run (argc, argv);

  /* before GApplication starts its threads: the choice sets a variable of
   * the environment. Without a display, GtkApplication reports it. */
  if (gtk_init_check ())
    tide_renderer_choice_apply (gdk_display_get_default ());

  g_set_application_name (_("Tidemark"));
  app = tide_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
