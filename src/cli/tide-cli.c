/* tide-cli.c: the command-line verbs, which never need a display
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "tide-cli.h"
#include "tide-cli-export.h"
#include "tide-cli-diff.h"
#include "tide-cli-summary.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *help;
} Verb;

static const Verb verbs[] = {
  { "summary", tide_cli_summary, N_("Print the totals and top allocation sites of a trace") },
  { "diff", tide_cli_diff, N_("Show what grew between two traces (exit status 3 past a threshold)") },
  { "export", tide_cli_export, N_("Draw a flame graph, timeline, size-class treemap or histogram to SVG, PNG or PDF, or write folded stacks") },
};

gboolean
tide_cli_wants (int    argc,
                char **argv)
{
  if (argc < 2)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (argv[1], verbs[i].name))
      return TRUE;
  return g_str_equal (argv[1], "help");
}

int
tide_cli_run (int    argc,
              char **argv)
{
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (argv[1], verbs[i].name))
      return verbs[i].run (argc - 1, argv + 1);

  g_print ("%s\n\n", _("Usage: tidemark [FILE…]  or  tidemark COMMAND [OPTION…] FILE"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    g_print ("  %-10s %s\n", verbs[i].name, _(verbs[i].help));
  g_print ("\n%s\n", _("Run “tidemark COMMAND --help” for the options of a command."));
  return 0;
}
