/* tide-application.c: the Tidemark application: windows, app-wide actions
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "tide-application.h"
#include "tide-compare-window.h"
#include "tide-preferences-window.h"
#include "tide-resources.h"
#include "tide-settings.h"
#include "tide-window.h"

struct _TideApplication
{
  AdwApplication  parent_instance;

  /* owned references */
  GSettings      *settings; /* NULL without a schema */

  gboolean        compare;  /* --compare: the two files given, in one comparison */
};

G_DEFINE_FINAL_TYPE (TideApplication, tide_application, ADW_TYPE_APPLICATION)

/* A window to open a file in: the active one if it shows nothing yet. */
static TideWindow *
reusable_window (TideApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (TIDE_IS_WINDOW (active)
      && tide_window_get_trace (TIDE_WINDOW (active)) == NULL
      && !tide_window_is_loading (TIDE_WINDOW (active)))
    return TIDE_WINDOW (active);
  return NULL;
}

/* The schema's "color-scheme" nicks as libadwaita's schemes: "follow" is
 * the default, which follows the system's preference. */
static gboolean
get_color_scheme_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  if (g_str_equal (nick, "light"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (nick, "dark"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    g_value_set_enum (value, ADW_COLOR_SCHEME_DEFAULT);
  return TRUE;
}

/* Closes every window the way its close button does, so the window shown
 * last saves its size; the application ends with the last one. */
static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  /* most recently focused first: close that one last */
  g_autoptr(GList) windows = g_list_reverse (g_list_copy (gtk_application_get_windows (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_application_quit (G_APPLICATION (app));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (tide_window_new (TIDE_APPLICATION (user_data))));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Tidemark developers", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Tidemark"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Shows where a program’s memory goes: reads heaptrack traces, Valgrind "
                                      "Massif profiles, Python tracemalloc snapshots and folded stacks, and shows "
                                      "them as a summary, a timeline, a flame graph and the sizes of allocations"),
                        "developer-name", _("The Tidemark developers"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TideApplication *self = TIDE_APPLICATION (user_data);
  GtkWindow *preferences;

  g_return_if_fail (self->settings != NULL);

  preferences = GTK_WINDOW (tide_preferences_window_new (self->settings));
  gtk_window_set_transient_for (preferences, gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (preferences);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "new-window", .activate = new_window_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "about", .activate = about_action },
};

static void
tide_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  TideApplication *self = TIDE_APPLICATION (application);

  G_APPLICATION_CLASS (tide_application_parent_class)->startup (application);

  /* found in the GResource's icons/, which GtkApplication adds to the theme */
  gtk_window_set_default_icon_name (APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions, G_N_ELEMENTS (app_actions),
                                   application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.new-window", new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences", preferences_accels);

  self->settings = tide_settings_new ();
  if (self->settings != NULL)
    g_settings_bind_with_mapping (self->settings, "color-scheme", adw_style_manager_get_default (), "color-scheme",
                                  G_SETTINGS_BIND_GET, get_color_scheme_mapping, NULL, NULL, NULL);
  else
    g_message ("No settings schema %s found (install Tidemark, or set TIDEMARK_SCHEMA_DIR): "
               "settings are neither restored nor saved",
               TIDE_SETTINGS_SCHEMA_ID);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (application),
                                                                            "preferences")),
                               self->settings != NULL);
}

static void
tide_application_shutdown (GApplication *application)
{
  TideApplication *self = TIDE_APPLICATION (application);

  if (self->settings != NULL)
    g_settings_unbind (adw_style_manager_get_default (), "color-scheme");
  g_clear_object (&self->settings);

  G_APPLICATION_CLASS (tide_application_parent_class)->shutdown (application);
}

static void
tide_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (tide_window_new (TIDE_APPLICATION (application)));
  gtk_window_present (window);
}

static void
tide_application_open (GApplication  *application,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  TideApplication *self = TIDE_APPLICATION (application);

  if (self->compare)
    {
      if (n_files == 2)
        {
          tide_compare_window_open_files (GTK_APPLICATION (self), files[0], files[1]);
          return;
        }
      g_printerr ("%s\n", _("--compare takes two traces: the one before, then the one after"));
    }

  /* one trace per window */
  for (int i = 0; i < n_files; i++)
    {
      TideWindow *window = reusable_window (self);

      if (window == NULL)
        window = tide_window_new (self);
      tide_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static int
tide_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  TideApplication *self = TIDE_APPLICATION (application);

  self->compare = g_variant_dict_contains (options, "compare");
  return -1;
}

static void
tide_application_class_init (TideApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = tide_application_startup;
  app_class->shutdown = tide_application_shutdown;
  app_class->activate = tide_application_activate;
  app_class->open = tide_application_open;
  app_class->handle_local_options = tide_application_handle_local_options;

  /* Registered by hand: from a static library the constructor that would
   * register it automatically is not always linked in. */
  tide_register_resource ();
}

static void
tide_application_init (TideApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "compare", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Compare two traces (before, then after), each at its peak"), NULL);
}

GSettings *
tide_application_get_settings (TideApplication *self)
{
  g_return_val_if_fail (TIDE_IS_APPLICATION (self), NULL);
  return self->settings;
}

TideApplication *
tide_application_new (void)
{
  /* NON_UNIQUE: each run has its own process and windows, which keeps
   * tests and side-by-side sessions independent. */
  return g_object_new (TIDE_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
