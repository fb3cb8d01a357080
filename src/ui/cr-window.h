/* cr-window.h — Courrier's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cr-application.h"

G_BEGIN_DECLS

#define CR_TYPE_WINDOW (cr_window_get_type ())

G_DECLARE_FINAL_TYPE (CrWindow, cr_window, CR, WINDOW, AdwApplicationWindow)

CrWindow *cr_window_new (CrApplication *application);

G_END_DECLS
