/* tide-preferences-window.h: the Preferences window (app.preferences, Ctrl+,)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edits the settings directly (bound with g_settings_bind): the style
 * (follow the system, light, dark), the metric a flame graph starts with,
 * and the size classes the Sizes view starts with ("Automatic" leaves it to
 * each trace: pymalloc for Python programs, powers of two otherwise).
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TIDE_TYPE_PREFERENCES_WINDOW (tide_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (TidePreferencesWindow, tide_preferences_window, TIDE, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *tide_preferences_window_new          (GSettings             *settings);
GSettings *tide_preferences_window_get_settings (TidePreferencesWindow *self);

G_END_DECLS
