/* tide-preferences-window.c: the Preferences window (app.preferences, Ctrl+,)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-preferences-window.h"

/* Each row's items, as the nicks of its key, in the .ui file's order. */
static const char *const color_scheme_nicks[] = { "follow", "light", "dark", NULL };
static const char *const flame_metric_nicks[] = { "peak", "leaked", "allocated", "allocations", "temporary", NULL };
static const char *const size_class_nicks[] = { "auto", "pow2", "pymalloc", "glibc", NULL };

struct _TidePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwComboRow          *color_scheme_row;
  AdwComboRow          *flame_metric_row;
  AdwComboRow          *size_classes_row;

  /* owned references */
  GSettings            *settings;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TidePreferencesWindow, tide_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* enum key (a nick) → the row's "selected" */
static gboolean
get_selected_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char *const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

/* the row's "selected" → the nick */
static GVariant *
set_selected_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  const char *const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[selected]);
}

static void
bind_row (TidePreferencesWindow *self,
          const char            *key,
          AdwComboRow           *row,
          const char *const     *nicks)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                get_selected_mapping, set_selected_mapping, (gpointer) nicks, NULL);
}

static void
tide_preferences_window_constructed (GObject *object)
{
  TidePreferencesWindow *self = TIDE_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (tide_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (G_IS_SETTINGS (self->settings));
  bind_row (self, "color-scheme", self->color_scheme_row, color_scheme_nicks);
  bind_row (self, "flame-metric", self->flame_metric_row, flame_metric_nicks);
  bind_row (self, "size-class-scheme", self->size_classes_row, size_class_nicks);
}

static void
tide_preferences_window_dispose (GObject *object)
{
  TidePreferencesWindow *self = TIDE_PREFERENCES_WINDOW (object);

  /* the rows go with the template; they must not write on their way out */
  if (self->settings != NULL)
    {
      g_settings_unbind (self->color_scheme_row, "selected");
      g_settings_unbind (self->flame_metric_row, "selected");
      g_settings_unbind (self->size_classes_row, "selected");
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), TIDE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tide_preferences_window_parent_class)->dispose (object);
}

static void
tide_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  TidePreferencesWindow *self = TIDE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  TidePreferencesWindow *self = TIDE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tide_preferences_window_class_init (TidePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tide_preferences_window_constructed;
  object_class->dispose = tide_preferences_window_dispose;
  object_class->get_property = tide_preferences_window_get_property;
  object_class->set_property = tide_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tidemark/Tidemark/ui/tide-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TidePreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, TidePreferencesWindow, flame_metric_row);
  gtk_widget_class_bind_template_child (widget_class, TidePreferencesWindow, size_classes_row);
}

static void
tide_preferences_window_init (TidePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tide_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (TIDE_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}

GSettings *
tide_preferences_window_get_settings (TidePreferencesWindow *self)
{
  g_return_val_if_fail (TIDE_IS_PREFERENCES_WINDOW (self), NULL);
  return self->settings;
}
