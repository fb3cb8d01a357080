/* cr-preferences-window.h — Courrier's preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cr-context.h"

G_BEGIN_DECLS

#define CR_TYPE_PREFERENCES_WINDOW (cr_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CrPreferencesWindow, cr_preferences_window, CR, PREFERENCES_WINDOW, AdwPreferencesWindow)

CrPreferencesWindow *cr_preferences_window_new (GtkWindow *parent,
                                                GSettings *settings,
                                                CrContext *context);

G_END_DECLS
