/* cr-test-window.c — the mail window of the UI tests, opened for a context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-test-window.h"

CrWindow *
cr_test_window_open (CrApplication   *app,
                     CrContext       *context,
                     CrTestPredicate  loaded)
{
  CrWindow *window = cr_window_new_for_context (app, context);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cr_test_iterate_until (loaded, window, 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  return window;
}

gboolean
cr_test_window_list_loaded (gpointer window)
{
  CrMessageListModel *model = cr_message_list_get_model (cr_window_get_message_list (window));

  return model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}
