/* tide-settings.c: Tidemark's GSettings, from the installed schema or the build tree's
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tide-settings.h"

/* Every key the app reads or writes, and values it writes that an older
 * schema may not know. */
static const char *const used_keys[] = {
  "window-width",
  "window-height",
  "window-maximized",
  "last-view",
  "flame-metric",
  "size-class-scheme",
  "color-scheme",
};

static gboolean
schema_is_usable (GSettingsSchema *schema)
{
  g_autoptr(GSettingsSchemaKey) scheme_key = NULL;
  g_autoptr(GVariant) automatic = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (used_keys); i++)
    if (!g_settings_schema_has_key (schema, used_keys[i]))
      return FALSE;

  /* "auto" came with the Preferences window */
  scheme_key = g_settings_schema_get_key (schema, "size-class-scheme");
  automatic = g_variant_ref_sink (g_variant_new_string ("auto"));
  return g_settings_schema_key_range_check (scheme_key, automatic);
}

/* The schema in @source if it is usable, else NULL. */
static GSettingsSchema *
lookup_in (GSettingsSchemaSource *source)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, TIDE_SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL || !schema_is_usable (schema))
    return NULL;
  return g_steal_pointer (&schema);
}

/* The schema compiled in @directory, if there is one and it is usable. */
static GSettingsSchema *
lookup_in_directory (const char *directory)
{
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autofree char *compiled = NULL;

  if (directory == NULL || directory[0] == '\0')
    return NULL;
  compiled = g_build_filename (directory, "gschemas.compiled", NULL);
  if (!g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
    return NULL;
  /* trusted = FALSE: the file is checked as it is read */
  source = g_settings_schema_source_new_from_directory (directory, NULL, FALSE, NULL);
  return lookup_in (source);
}

GSettingsSchema *
tide_settings_lookup_schema (void)
{
  GSettingsSchema *schema;

  if ((schema = lookup_in_directory (g_getenv ("TIDEMARK_SCHEMA_DIR"))) != NULL)
    return schema;
  if ((schema = lookup_in (g_settings_schema_source_get_default ())) != NULL)
    return schema;
  return lookup_in_directory (TIDEMARK_BUILD_SCHEMA_DIR);
}

GSettings *
tide_settings_new (void)
{
  g_autoptr(GSettingsSchema) schema = tide_settings_lookup_schema ();

  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}
