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
#include "cr-test-ca.h"
#include "cr-test-display.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"
#include "cr-test-session.h"
#include "cr-test-ui-util.h"
#include "cr-window.h"

#define SEEDED 5

static CrApplication *app;
static CrContext *context;
static CrTestDovecot *dovecot;
static CrWindow *window;

/* A notification server on the private bus ---------------------------- */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

/* What the desktop was asked to show: "summary\nbody" each. */
static GPtrArray *notified;

static void
on_notifications_call (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *path,
                       const char            *interface,
                       const char            *method,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      const char *summary = NULL, *body = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (notified, g_strdup_printf ("%s\n%s", summary, body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notified->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed ("(@as ['body', 'actions'],)"));
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "courrier", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { on_notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) reply = NULL;

  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", node->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  notified = g_ptr_array_new_with_free_func (g_free);
}

static gboolean
notification_shown (gpointer data)
{
  for (guint i = 0; i < notified->len; i++)
    if (g_str_equal (notified->pdata[i], data))
      return TRUE;

  return FALSE;
}

/* Helpers ------------------------------------------------------------- */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
set_password (const char *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  CrAccount *account = cr_account_manager_lookup (cr_context_get_account_manager (context), "imap");
  CrSecrets *secrets = cr_context_get_secrets (context);

  cr_secrets_store_async (secrets, account, cr_account_get_incoming (account), password, FALSE,
                          NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* Without a keyring it fails, but the session keeps the password. */
  cr_secrets_store_finish (secrets, result, NULL);
}

static void
add_account (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrAccount) account = cr_account_new ("imap");
  g_autoptr(CrServer) incoming = cr_server_new (CR_PROTOCOL_IMAP);
  g_autoptr(CrServer) outgoing = cr_server_new (CR_PROTOCOL_SMTP);

  cr_server_set_host (incoming, "127.0.0.1");
  cr_server_set_port (incoming, cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS));
  cr_server_set_security (incoming, CR_SECURITY_TLS);
  cr_server_set_auth_method (incoming, CR_AUTH_PASSWORD);
  cr_server_set_login (incoming, cr_test_dovecot_get_user (dovecot));
  cr_server_set_host (outgoing, "127.0.0.1");
  cr_server_set_port (outgoing, 465);
  cr_server_set_security (outgoing, CR_SECURITY_TLS);
  cr_server_set_auth_method (outgoing, CR_AUTH_PASSWORD);
  cr_server_set_login (outgoing, cr_test_dovecot_get_user (dovecot));
  cr_account_set_display_name (account, "Camille Martin");
  cr_account_set_address (account, "camille@example.test");
  cr_account_set_incoming (account, incoming);
  cr_account_set_outgoing (account, outgoing);

  g_assert_true (cr_account_manager_add (cr_context_get_account_manager (context), account, &error));
  g_assert_no_error (error);
}

/* As the setup assistant does when the person saves the account. */
static void
save_account (void)
{
  g_autoptr(GError) error = NULL;
  CrAccountManager *accounts = cr_context_get_account_manager (context);

  g_assert_true (cr_account_manager_update (accounts, cr_account_manager_lookup (accounts, "imap"), &error));
  g_assert_no_error (error);
}

static CrSyncScheduler *
scheduler (void)
{
  g_autoptr(GError) error = NULL;
  CrSyncScheduler *scheduler = cr_context_get_scheduler (context, &error);

  g_assert_no_error (error);

  return scheduler;
}

static gboolean
checked_enough (gpointer data)
{
  return cr_sync_scheduler_get_checks (scheduler (), "imap") >= GPOINTER_TO_UINT (data);
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

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  cr_test_ui_collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0 &&
        gtk_widget_is_drawable (labels->pdata[i]))
      return labels->pdata[i];

  return NULL;
}

static gboolean
label_shown (gpointer data)
{
  return find_label (GTK_WIDGET (window), data) != NULL;
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
  GtkWidget *label = find_label (GTK_WIDGET (window), data);
  GtkWidget *revealer = label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER) : NULL;

  return revealer != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static gboolean
label_gone (gpointer data)
{
  return find_label (GTK_WIDGET (window), data) == NULL;
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

  g_assert_true (cr_test_dovecot_deliver (dovecot, "INBOX", raw, strlen (raw), &error));
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
  g_assert_cmpint (cr_sync_scheduler_get_state (scheduler (), "imap"), ==, CR_SYNC_STATE_IDLE);

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
  g_assert_nonnull (find_label (GTK_WIDGET (window), cr_mime_message_get_subject (message)));
  cr_test_ui_shot (GTK_WIDGET (window), "mail-flow-reader");
}

static gboolean
composer_shown (gpointer data)
{
  GList *windows = gtk_window_list_toplevels ();
  gboolean found = FALSE;

  for (GList *l = windows; l != NULL; l = l->next)
    if (CR_IS_COMPOSER_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      {
        *(CrComposerWindow **) data = l->data;
        found = TRUE;
      }
  g_list_free (windows);

  return found;
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
  guint checks = cr_sync_scheduler_get_checks (scheduler (), "imap");

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
  set_password ("not the password");
  save_account ();
  /* A new worker: its checks are counted afresh. */
  wait_for_checks (1);
  g_assert_cmpint (cr_sync_scheduler_get_state (scheduler (), "imap"), ==, CR_SYNC_STATE_ERROR);

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
  set_password (cr_test_dovecot_get_password (dovecot));
  save_account ();
  wait_for_checks (1);
  g_assert_cmpint (cr_sync_scheduler_get_state (scheduler (), "imap"), ==, CR_SYNC_STATE_IDLE);
  g_assert_true (cr_test_iterate_until (label_gone, refused, 10000));
  cr_test_ui_shot (GTK_WIDGET (window), "mail-flow-password-fixed");
}

static gboolean
preferences_shown (gpointer data)
{
  GList *windows = gtk_window_list_toplevels ();
  gboolean found = FALSE;

  for (GList *l = windows; l != NULL; l = l->next)
    if (CR_IS_PREFERENCES_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      {
        *(GtkWidget **) data = l->data;
        found = TRUE;
      }
  g_list_free (windows);

  return found;
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
  g_assert_nonnull (find_label (preferences, "Camille Martin"));
  g_assert_nonnull (find_label (preferences, "camille@example.test"));
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
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(CrTestCa) ca = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  cr_test_ui_init_locale ();
  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);
  g_assert_true (cr_test_dovecot_seed (dovecot, "INBOX", SEEDED, &error));
  g_assert_no_error (error);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  start_notification_server ();

  app = cr_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  context = cr_application_get_context (app);
  cr_context_set_tls_database (context, database);
  add_account ();
  set_password (cr_test_dovecot_get_password (dovecot));

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
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&notified, g_ptr_array_unref);
  cr_test_env_teardown (env_dir);

  return status;
}
