/* test-mail-flow.c — the window and the private Dovecot, used as a person
 * would, in English and in French
 *
 * An IMAP account with a seeded INBOX: the application's scheduler checks
 * it once the window is up; the sidebar names the folder in the person's
 * language and the list shows the seeded messages; selecting one fetches
 * its body from the server and shows it in the reader; a message
 * delivered meanwhile comes with “Relever” (F5's action); a password
 * refused shows the bar that leads to the account's settings.
 * Screenshots of each state go to the log directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cr-application.h"
#include "cr-composer-window.h"
#include "cr-message-list-row.h"
#include "cr-preferences-window.h"
#include "cr-test-account.h"
#include "cr-test-desktop.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-session.h"
#include "cr-test-ui-util.h"
#include "cr-window.h"

#define SEEDED 5

static CrApplication *app;
static CrContext *context;
static CrTestMailServer server;
static CrWindow *window;

/* What the desktop was asked to show: "summary\nbody" each. */
static GPtrArray *notified;

static gboolean
notification_shown (gpointer data)
{
  return cr_test_notifications_has (notified, data);
}

/* Helpers ------------------------------------------------------------- */

/* As the setup assistant does when the person saves the account. */
static void
save_account (void)
{
  g_autoptr(GError) error = NULL;
  CrAccountManager *accounts = cr_context_get_account_manager (context);

  g_assert_true (cr_account_manager_update (accounts, cr_account_manager_lookup (accounts, "imap"), &error));
  g_assert_no_error (error);
}

static gboolean
checked_enough (gpointer data)
{
  return cr_sync_scheduler_get_checks (cr_test_account_scheduler (context), "imap") >= GPOINTER_TO_UINT (data);
}

static void
wait_for_checks (guint checks)
{
  g_assert_true (cr_test_iterate_until (checked_enough, GUINT_TO_POINTER (checks), 60000));
}

static GListModel *
list_model (void)
{
  return G_LIST_MODEL (cr_message_list_get_model (cr_window_get_message_list (window)));
}

static gboolean
list_has (gpointer data)
{
  return list_model () != NULL && g_list_model_get_n_items (list_model ()) == GPOINTER_TO_UINT (data);
}

static gboolean
label_shown (gpointer data)
{
  return cr_test_ui_find_label (GTK_WIDGET (window), data) != NULL;
}

/* A row of the message list shows the subject @data (the rows draw
 * their text: no label). */
static gboolean
row_shown (gpointer data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  cr_test_ui_collect (GTK_WIDGET (window), CR_TYPE_MESSAGE_LIST_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (cr_message_list_row_get_subject_text (rows->pdata[i]), data) == 0 &&
        gtk_widget_is_drawable (rows->pdata[i]))
      return TRUE;

  return FALSE;
}

/* The slide of the bar showing @data is over. */
static gboolean
bar_opened (gpointer data)
{
  GtkWidget *label = cr_test_ui_find_label (GTK_WIDGET (window), data);
  GtkWidget *revealer = label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER) : NULL;

  return revealer != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static gboolean
label_gone (gpointer data)
{
  return cr_test_ui_find_label (GTK_WIDGET (window), data) == NULL;
}

static void
deliver (const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = g_strdup_printf ("From: Alice Durand <alice@example.test>\r\n"
                                          "To: camille@example.test\r\n"
                                          "Subject: %s\r\n"
                                          "Message-ID: <%s@example.test>\r\n"
                                          "Date: Thu, 26 Nov 2026 10:00:00 +0000\r\n"
                                          "Content-Type: text/plain; charset=utf-8\r\n"
                                          "\r\n"
                                          "Bonjour Camille, voici les nouvelles.\r\n",
                                          subject, subject);

  g_assert_true (cr_test_dovecot_deliver (server.dovecot, "INBOX", raw, strlen (raw), &error));
  g_assert_no_error (error);
}

static void
select_inbox (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) inbox = NULL;
  CrStore *store = cr_context_get_store (context, &error);

  g_assert_no_error (error);
  inbox = cr_store_lookup_folder_by_role (store, "imap", CR_FOLDER_ROLE_INBOX, &error);
  g_assert_no_error (error);
  g_assert_nonnull (inbox);
  g_assert_true (cr_folder_sidebar_select_folder (cr_window_get_sidebar (window), inbox->id));
}

static gboolean
reader_loaded (gpointer data)
{
  return cr_reader_view_get_loaded (cr_window_get_reader (window));
}

/* Tests --------------------------------------------------------------- */

static void
test_first_sync (void)
{
  static const CrExpected inbox = { "Inbox", "Boîte de réception" };

  /* Launched: the window first, then the first check. */
  g_application_activate (G_APPLICATION (app));
  window = CR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 720);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  wait_for_checks (1);
  g_assert_cmpint (cr_sync_scheduler_get_state (cr_test_account_scheduler (context), "imap"), ==, CR_SYNC_STATE_IDLE);

  g_assert_true (cr_test_iterate_until (label_shown, (gpointer) cr_test_ui_expected (&inbox), 10000));
  select_inbox ();
  g_assert_true (cr_test_iterate_until (list_has, GUINT_TO_POINTER (SEEDED), 10000));
  cr_test_ui_shot (GTK_WIDGET (window), "mail-flow-synced");
}

static void
test_read (void)
{
  CrMimeMessage *message;

  cr_message_list_select (cr_window_get_message_list (window), 0);
  /* The body is not in the store: the worker fetches it. */
  if (!cr_test_iterate_until (reader_loaded, NULL, 30000))
    {
      cr_test_ui_shot (GTK_WIDGET (window), "mail-flow-reader-not-loaded");
      g_error ("The message was not shown in the reader");
    }
  message = cr_reader_view_get_message (cr_window_get_reader (window));
  g_assert_nonnull (message);
  g_assert_nonnull (cr_mime_message_get_subject (message));
  g_assert_nonnull (cr_test_ui_find_label (GTK_WIDGET (window), cr_mime_message_get_subject (message)));
  cr_test_ui_shot (GTK_WIDGET (window), "mail-flow-reader");
}

static gboolean
composer_shown (gpointer data)
{
  return (*(CrComposerWindow **) data = (CrComposerWindow *) cr_test_ui_find_toplevel (CR_TYPE_COMPOSER_WINDOW)) != NULL;
}

static void
test_reply (void)
{
  CrMimeMessage *message = cr_reader_view_get_message (cr_window_get_reader (window));
  CrComposerWindow *composer = NULL;
  g_autoptr(CrMessageBuilder) builder = NULL;
  g_autofree char *subject = NULL;

  g_assert_nonnull (message);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reply", NULL));
  g_assert_true (cr_test_iterate_until (composer_shown, &composer, 10000));

  builder = cr_composer_window_dup_builder (composer);
  subject = g_strdup_printf ("Re: %s", cr_mime_message_get_subject (message));
  g_assert_cmpstr (cr_message_builder_get_subject (builder), ==, subject);
  g_assert_cmpuint (cr_message_builder_get_to (builder)->len, ==, 1);
  cr_test_ui_shot (GTK_WIDGET (composer), "mail-flow-reply");
  gtk_window_destroy (GTK_WINDOW (composer));
}

static gboolean
shown_in_reader (gpointer data)
{
  CrMimeMessage *message = cr_reader_view_get_message (cr_window_get_reader (window));

  return message != NULL && g_strcmp0 (cr_mime_message_get_subject (message), data) == 0 &&
         cr_reader_view_get_loaded (cr_window_get_reader (window));
}


static void
test_check_now (void)
{
  guint checks = cr_sync_scheduler_get_checks (cr_test_account_scheduler (context), "imap");

  deliver ("Nouvelles du jour");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.check-mail", NULL));
  wait_for_checks (checks + 1);
  g_assert_true (cr_test_iterate_until (list_has, GUINT_TO_POINTER (SEEDED + 1), 10000));
  g_assert_true (cr_test_iterate_until (row_shown, (gpointer) "Nouvelles du jour", 10000));
  cr_test_ui_shot (GTK_WIDGET (window), "mail-flow-checked");

  /* Notified, and the notification's click opens it. */
  {
    g_autoptr(GError) error = NULL;
    gint64 notified_id = cr_application_get_last_notified (app);
    g_autoptr(CrMessageInfo) info = NULL;

    g_assert_cmpint (notified_id, >, 0);
    info = cr_store_get_message (cr_context_get_store (context, NULL), notified_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (info->subject, ==, "Nouvelles du jour");
    /* On the bus, as the desktop gets it: the sender, then the subject. */
    g_assert_true (cr_test_iterate_until (notification_shown, (gpointer) "Alice Durand\nNouvelles du jour", 10000));
    /* The first sync announced nothing. */
    g_assert_cmpuint (notified->len, ==, 1);
    g_action_group_activate_action (G_ACTION_GROUP (app), "show-message", g_variant_new_int64 (notified_id));
    g_assert_true (cr_test_iterate_until (shown_in_reader, (gpointer) "Nouvelles du jour", 30000));
    cr_test_ui_shot (GTK_WIDGET (window), "mail-flow-notification-opened");
  }
}

static void
test_password_refused (void)
{
  static const CrExpected fix = { "_Enter Password…", "_Enter Password…" };
  g_autofree char *refused = NULL;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  gboolean button_shown = FALSE;

  /* Saved in the account's settings: a new connection, refused. */
  cr_test_account_set_password (context, "not the password");
  save_account ();
  /* A new worker: its checks are counted afresh. */
  wait_for_checks (1);
  g_assert_cmpint (cr_sync_scheduler_get_state (cr_test_account_scheduler (context), "imap"), ==, CR_SYNC_STATE_ERROR);

  /* Translators' words, from the catalogue the window uses. */
  refused = g_strdup_printf (_("The password of “%s” was refused."), "Camille Martin");
  g_assert_true (cr_test_iterate_until (label_shown, refused, 10000));
  cr_test_ui_collect (GTK_WIDGET (window), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_is_drawable (buttons->pdata[i]) &&
        g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), _(fix.en)) == 0)
      button_shown = TRUE;
  g_assert_true (button_shown);
  cr_test_ui_assert_named (GTK_WIDGET (window));
  g_assert_true (cr_test_iterate_until (bar_opened, refused, 10000));
  cr_test_ui_shot (GTK_WIDGET (window), "mail-flow-password-refused");

  /* The right password again: the bar goes. */
  cr_test_account_set_password (context, cr_test_dovecot_get_password (server.dovecot));
  save_account ();
  wait_for_checks (1);
  g_assert_cmpint (cr_sync_scheduler_get_state (cr_test_account_scheduler (context), "imap"), ==, CR_SYNC_STATE_IDLE);
  g_assert_true (cr_test_iterate_until (label_gone, refused, 10000));
  cr_test_ui_shot (GTK_WIDGET (window), "mail-flow-password-fixed");
}

static gboolean
preferences_shown (gpointer data)
{
  return (*(GtkWidget **) data = cr_test_ui_find_toplevel (CR_TYPE_PREFERENCES_WINDOW)) != NULL;
}

static void
test_preferences (void)
{
  GSettings *settings = cr_application_get_settings (app);
  GtkWidget *preferences = NULL;
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (cr_test_iterate_until (preferences_shown, &preferences, 10000));

  /* The account is listed, with its address. */
  g_assert_nonnull (cr_test_ui_find_label (preferences, "Camille Martin"));
  g_assert_nonnull (cr_test_ui_find_label (preferences, "camille@example.test"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "add-account"));
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    guint add_buttons = 0;

    cr_test_ui_collect (preferences, GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "app.add-account") == 0)
        {
          g_assert_true (gtk_widget_is_sensitive (buttons->pdata[i]));
          add_buttons++;
        }
    g_assert_cmpuint (add_buttons, ==, 1);
  }
  cr_test_ui_shot (preferences, "mail-flow-preferences");

  /* The switches and spin buttons are the settings. */
  cr_test_ui_collect (preferences, GTK_TYPE_SWITCH, switches);
  /* Notifications, checking with the window closed, plain text. */
  g_assert_cmpuint (switches->len, ==, 3);
  g_assert_true (g_settings_get_boolean (settings, "notify-new-mail"));
  for (guint i = 0; i < switches->len; i++)
    gtk_switch_set_active (switches->pdata[i], !gtk_switch_get_active (switches->pdata[i]));
  g_assert_false (g_settings_get_boolean (settings, "notify-new-mail"));
  g_assert_true (g_settings_get_boolean (settings, "prefer-plain-text"));
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  g_settings_reset (settings, "notify-new-mail");
  g_settings_reset (settings, "run-in-background");
  g_settings_reset (settings, "prefer-plain-text");

  cr_test_ui_collect (preferences, GTK_TYPE_SPIN_BUTTON, spins);
  g_assert_cmpuint (spins->len, ==, 2);
  g_settings_set_int (settings, "check-interval", 15);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spins->pdata[0]), ==, 15);
  g_settings_reset (settings, "check-interval");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  cr_test_ui_init_locale ();
  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);
  cr_test_mail_server_start (&server, env_dir, SEEDED);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  notified = cr_test_notifications_start ();

  app = cr_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  context = cr_application_get_context (app);
  cr_test_account_add (context, &server);

  g_test_add_func ("/mail-flow/first-sync", test_first_sync);
  g_test_add_func ("/mail-flow/read", test_read);
  g_test_add_func ("/mail-flow/reply", test_reply);
  g_test_add_func ("/mail-flow/check-now", test_check_now);
  g_test_add_func ("/mail-flow/password-refused", test_password_refused);
  g_test_add_func ("/mail-flow/preferences", test_preferences);

  status = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  cr_test_iterate (100);
  g_clear_object (&app);
  cr_test_mail_server_stop (&server);
  g_clear_pointer (&notified, g_ptr_array_unref);
  cr_test_env_teardown (env_dir);

  return status;
}
