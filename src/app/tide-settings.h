/* tide-settings.h: Tidemark's GSettings, from the installed schema or the build tree's
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema io.github.tidemark.Tidemark is looked up, first match wins:
 *
 *  1. in TIDEMARK_SCHEMA_DIR, when set (a directory holding gschemas.compiled);
 *  2. where GLib looks: GSETTINGS_SCHEMA_DIR, then XDG_DATA_DIRS (installed);
 *  3. in the build tree's data/, where data/meson.build compiles it, so a
 *     build runs with its settings without being installed.
 *
 * A schema that lacks a key or a value the app uses (an older version
 * installed beside a newer build) is passed over: GSettings aborts on an
 * unknown key. With no usable schema at all there are no settings: the
 * window runs on the schema's defaults and saves nothing (GSettings cannot
 * exist without a schema, so no backend, memory or other, would help).
 * The backend is GLib's default (dconf installed; GSETTINGS_BACKEND=memory
 * in the tests).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TIDE_SETTINGS_SCHEMA_ID "io.github.tidemark.Tidemark"

/* The usable schema, or NULL; see above. */
GSettingsSchema *tide_settings_lookup_schema (void);
/* Settings over that schema, or NULL without one. */
GSettings       *tide_settings_new           (void);

G_END_DECLS
