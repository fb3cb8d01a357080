/* cr-test-window.h — the mail window of the UI tests, opened for a context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-test-display.h"
#include "cr-window.h"

G_BEGIN_DECLS

/* A window of @app for @context at 1200×720, presented; returns once
 * @loaded (called with the window) holds and the window is drawn. */
CrWindow *cr_test_window_open        (CrApplication   *app,
                                      CrContext       *context,
                                      CrTestPredicate  loaded);
/* The window's message list shows at least one row. */
gboolean  cr_test_window_list_loaded (gpointer         window);

G_END_DECLS
