/* tide-application.h: the Tidemark application: windows, app-wide actions
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TIDE_TYPE_APPLICATION (tide_application_get_type ())
G_DECLARE_FINAL_TYPE (TideApplication, tide_application, TIDE, APPLICATION, AdwApplication)

TideApplication *tide_application_new          (void);
/* The application's settings (see tide-settings.h), NULL when no schema
 * was found: then nothing is restored or saved. */
GSettings       *tide_application_get_settings (TideApplication *self);

G_END_DECLS
