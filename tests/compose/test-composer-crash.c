/* test-composer-crash.c — a message being written survives a crash: the
 * application (composer-crash-child) is killed with SIGKILL while a
 * composer is open; started again, Courrier opens that composer with the
 * text. A composer closed by the person is not offered again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <signal.h>
#include <string.h>

#include "cr-application.h"
#include "cr-composer-window.h"
#include "cr-drafts.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-session.h"
#include "cr-window.h"

#define RECIPIENT "elodie@example.org"
#define TEXT "Bonjour Élodie, voici le texte écrit avant la panne."

static const char *child_path;

static void
add_account (void)
{
  g_autoptr(CrContext) context = cr_context_new (NULL);
  g_autoptr(CrAccount) account = cr_account_new ("crash");
  g_autoptr(CrServer) in = cr_server_new (CR_PROTOCOL_POP3);
  g_autoptr(CrServer) out = cr_server_new (CR_PROTOCOL_SMTP);
  g_autoptr(GError) error = NULL;

  cr_context_load (context);
  cr_account_set_display_name (account, "Amélie Poulain");
  cr_account_set_address (account, "amelie@example.test");
  /* Nothing listens there: the draft stays local, as for POP3. */
  cr_server_set_host (in, "127.0.0.1");
  cr_server_set_port (in, 9);
  cr_server_set_host (out, "127.0.0.1");
  cr_server_set_port (out, 9);
  cr_account_set_incoming (account, in);
  cr_account_set_outgoing (account, out);
  g_assert_true (cr_account_manager_add (cr_context_get_account_manager (context), account, &error));
  g_assert_no_error (error);
}

static CrComposerWindow *
find_composer (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CR_IS_COMPOSER_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return CR_COMPOSER_WINDOW (window);
    }
  return NULL;
}

static gboolean
composer_shown (gpointer data)
{
  return find_composer () != NULL;
}

static gboolean
has_queue (gpointer data)
{
  return cr_window_get_send_queue (data) != NULL;
}

/* Runs the application in a child, writing, and kills it once the draft
 * is on disk. */
static void
crash_while_writing (void)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, child_path, RECIPIENT, TEXT, "avant la panne", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "saved");

  g_subprocess_send_signal (child, SIGKILL);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

static gboolean
no_local_draft (gpointer data)
{
  g_autoptr(GPtrArray) keys = cr_drafts_list (data);

  return keys->len == 0;
}

static void
test_restored_after_crash (void)
{
  g_autoptr(CrApplication) app = NULL;
  g_autoptr(CrMessageBuilder) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrContext) context = NULL;
  g_autoptr(GPtrArray) again = NULL;
  CrComposerWindow *composer;
  GtkWindow *window;
  GPtrArray *to;

  add_account ();
  crash_while_writing ();

  /* Courrier again, in this process now that the other one is gone. */
  app = cr_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CR_IS_WINDOW (window));
  g_assert_true (cr_test_iterate_until (composer_shown, NULL, 30000));
  composer = find_composer ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (composer));
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (composer), "composer-restored", &error));
  g_assert_no_error (error);
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (window), "composer-restored-toast", &error));
  g_assert_no_error (error);

  restored = cr_composer_window_dup_builder (composer);
  g_assert_nonnull (strstr (cr_message_builder_get_body (restored), TEXT));
  to = cr_message_builder_get_to (restored);
  g_assert_cmpuint (to->len, ==, 1);
  g_assert_cmpstr (((CrMimeAddress *) g_ptr_array_index (to, 0))->address, ==, RECIPIENT);

  /* While it is open it is nobody's crash; closed by the person, the
   * draft goes to the account's Brouillons (local: POP3), leaves the
   * disk, and is not offered again. */
  context = cr_context_new (NULL);
  cr_context_load (context);
  g_assert_true (cr_test_iterate_until (has_queue, window, 30000));
  again = cr_composer_window_restore_drafts (context, cr_window_get_send_queue (CR_WINDOW (window)));
  g_assert_cmpuint (again->len, ==, 0);
  g_clear_pointer (&again, g_ptr_array_unref);
  gtk_window_close (GTK_WINDOW (composer));
  cr_test_iterate (100);
  again = cr_composer_window_restore_drafts (context, cr_window_get_send_queue (CR_WINDOW (window)));
  g_assert_cmpuint (again->len, ==, 0);
  {
    g_autoptr(CrDrafts) drafts = cr_drafts_new (cr_context_get_paths (context));
    CrStore *store = cr_context_get_store (context, &error);
    g_autoptr(CrFolderInfo) folder = NULL;
    guint total = 0;
    guint unread = 0;

    g_assert_true (cr_test_iterate_until (no_local_draft, drafts, 30000));
    g_assert_no_error (error);
    folder = cr_store_lookup_folder_by_role (store, "crash", CR_FOLDER_ROLE_DRAFTS, &error);
    g_assert_no_error (error);
    g_assert_nonnull (folder);
    g_assert_true (cr_store_get_counts (store, folder->id, &total, &unread, &error));
    g_assert_cmpuint (total, ==, 1);
  }

  gtk_window_destroy (window);
  cr_test_iterate (100);
}

int
main (int argc, char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_cmpint (argc, >=, 2);
  child_path = argv[1];

  g_test_add_func ("/composer-crash/restored", test_restored_after_crash);

  ret = g_test_run ();

  g_clear_pointer (&display, cr_test_display_stop);
  g_clear_pointer (&session, cr_test_session_stop);
  cr_test_env_teardown (env_dir);
  return ret;
}
