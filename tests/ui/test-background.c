/* test-background.c — checking mail with the window closed, in English and
 * in French
 *
 * The preferences' switch writes and removes the XDG autostart entry when
 * no portal answers, and asks a fake org.freedesktop.portal.Background on
 * the private bus when one does (granted; granted without autostart, as a
 * portal may answer a program outside a sandbox; denied: the switch goes
 * back off with a message). With the setting on, the
 * application outlives its window, a message delivered meanwhile to the
 * private Dovecot is notified, the notification's click opens it in a new
 * window, closing that window ends its WebKit processes, and Quit ends it
 * all. The real program (`courrier --background`, closing its windows) is
 * in test-background-launch.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cr-application.h"
#include "cr-preferences-window.h"
#include "cr-test-account.h"
#include "cr-test-desktop.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-session.h"
#include "cr-test-ui-util.h"
#include "cr-window.h"

#define SEEDED 3

static CrTestSession *session;
static CrTestMailServer server;
static CrApplication *app;
static CrContext *context;

/* Helpers ------------------------------------------------------------- */

/* The application in this process, made for the first test. */
static void
ensure_app (void)
{
  g_autoptr(GError) error = NULL;

  if (app != NULL)
    return;

  app = cr_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  context = cr_application_get_context (app);
  cr_test_account_add (context, &server);
}

static gboolean
checked_once (gpointer data)
{
  return cr_sync_scheduler_get_checks (cr_test_account_scheduler (context), "imap") >= 1;
}

static void
deliver (const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message_id = g_strdelimit (g_strdup (subject), " ", '.');
  g_autofree char *raw = g_strdup_printf ("From: Alice Durand <alice@example.test>\r\n"
                                          "To: camille@example.test\r\n"
                                          "Subject: %s\r\n"
                                          "Message-ID: <%s@example.test>\r\n"
                                          "Date: Thu, 26 Nov 2026 10:00:00 +0000\r\n"
                                          "Content-Type: text/html; charset=utf-8\r\n"
                                          "\r\n"
                                          "<p>Bonjour Camille, le courrier arrive <b>même fenêtre fermée</b>.</p>\r\n",
                                          subject, message_id);

  g_assert_true (cr_test_dovecot_deliver (server.dovecot, "INBOX", raw, strlen (raw), &error));
  g_assert_no_error (error);
}

/* A screenshot, after the frame that follows a change: a window in the
 * middle of an animation (a switch's slide) can have nothing to render
 * for a frame. */
static void
shot (GtkWidget  *widget,
      const char *what)
{
  g_autofree char *name = g_strdup_printf ("%s-%s", what, cr_test_ui_in_french () ? "fr" : "en");

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GError) error = NULL;

      if (cr_test_save_screenshot (widget, name, &error))
        return;
      gtk_widget_queue_draw (widget);
    }
  g_error ("No screenshot of %s", name);
}

/* WebKit's web processes started by this process (through bubblewrap). */
static guint
count_web_processes (void)
{
  g_autoptr(GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) web = g_ptr_array_new ();
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *comm_path = g_build_filename ("/proc", name, "comm", NULL);
      g_autofree char *stat = NULL;
      g_autofree char *comm = NULL;
      const char *end;
      long pid = strtol (name, NULL, 10);

      if (pid <= 0 || !g_file_get_contents (stat_path, &stat, NULL, NULL) ||
          (end = strrchr (stat, ')')) == NULL)
        continue;
      /* "pid (comm) state ppid …" */
      g_hash_table_insert (parents, GINT_TO_POINTER (pid),
                           GINT_TO_POINTER (strtol (end + 4, NULL, 10)));
      if (g_file_get_contents (comm_path, &comm, NULL, NULL) && g_str_has_prefix (comm, "WebKitWebProces"))
        g_ptr_array_add (web, GINT_TO_POINTER (pid));
    }

  for (guint i = 0; i < web->len; i++)
    for (long pid = GPOINTER_TO_INT (web->pdata[i]); pid > 1;
         pid = GPOINTER_TO_INT (g_hash_table_lookup (parents, GINT_TO_POINTER (pid))))
      if (pid == getpid ())
        {
          count++;
          break;
        }

  return count;
}

static gboolean
no_web_process (gpointer data)
{
  return count_web_processes () == 0;
}

/* "summary\nbody" of each notification shown. */
static GPtrArray *notified;

static gboolean
notification_shown (gpointer data)
{
  return cr_test_notifications_has (notified, data);
}

static gboolean
portal_asked (gpointer data)
{
  CrTestPortal *portal = data;

  return portal->requests->len >= portal->wanted;
}

static gboolean
all_answered (gpointer data)
{
  return cr_background_get_n_pending (cr_application_get_background (app)) == 0;
}

/* The preferences ------------------------------------------------------ */

static gboolean
preferences_shown (gpointer data)
{
  return (*(GtkWidget **) data = cr_test_ui_find_toplevel (CR_TYPE_PREFERENCES_WINDOW)) != NULL;
}

static GtkWidget *
open_preferences (void)
{
  GtkWidget *preferences = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (cr_test_iterate_until (preferences_shown, &preferences, 10000));

  return preferences;
}

/* The switch of the row named as the person reads it. */
static GtkSwitch *
background_switch (GtkWidget *preferences)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  cr_test_ui_collect (preferences, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]),
                   _("Check Mail When the _Window Is Closed")) == 0)
      return GTK_SWITCH (adw_action_row_get_activatable_widget (rows->pdata[i]));

  g_assert_not_reached ();
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
file_missing (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
setting_off (gpointer data)
{
  return !g_settings_get_boolean (cr_application_get_settings (app), "run-in-background");
}

static char *
autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APPLICATION_ID ".desktop", NULL);
}

static void
assert_autostart_file (const char *path)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;

  g_assert_true (g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, "courrier --background");
  g_assert_true (g_key_file_get_boolean (keyfile, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", &error));
  g_assert_no_error (error);
}

/* Tests: the preferences ---------------------------------------------- */

static void
test_autostart_file (void)
{
  g_autofree char *path = autostart_path ();
  GSettings *settings;
  GtkWidget *preferences;
  GtkSwitch *toggle;

  ensure_app ();
  settings = cr_application_get_settings (app);
  preferences = open_preferences ();
  toggle = background_switch (preferences);
  g_assert_false (gtk_switch_get_active (toggle));
  g_assert_false (g_settings_get_boolean (settings, "run-in-background"));
  shot (preferences, "background-preferences-off");

  /* No portal on this bus: the autostart entry is written... */
  gtk_switch_set_active (toggle, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_true (cr_test_iterate_until (file_exists, path, 20000));
  assert_autostart_file (path);
  shot (preferences, "background-preferences-on");
  g_assert_cmpint (cr_background_get_last_method (cr_application_get_background (app)), ==,
                   CR_BACKGROUND_METHOD_AUTOSTART_FILE);

  /* ...and removed. */
  gtk_switch_set_active (toggle, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_true (cr_test_iterate_until (file_missing, path, 20000));

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_portal_granted (void)
{
  g_autoptr(CrTestPortal) portal = cr_test_portal_start (cr_test_session_get_address (session),
                                                         CR_TEST_PORTAL_GRANT);
  g_autofree char *path = autostart_path ();
  g_autofree char *reason = NULL;
  g_autofree const char **commandline = NULL;
  GSettings *settings;
  GtkWidget *preferences;
  GtkSwitch *toggle;
  gboolean autostart = FALSE;

  ensure_app ();
  settings = cr_application_get_settings (app);
  preferences = open_preferences ();
  toggle = background_switch (preferences);

  gtk_switch_set_active (toggle, TRUE);
  portal->wanted = 1;
  g_assert_true (cr_test_iterate_until (portal_asked, portal, 20000));
  g_assert_true (g_variant_lookup (portal->requests->pdata[0], "autostart", "b", &autostart));
  g_assert_true (autostart);
  g_assert_true (g_variant_lookup (portal->requests->pdata[0], "commandline", "^a&s", &commandline));
  g_assert_cmpstrv (commandline, ((const char *[]) { "courrier", "--background", NULL }));
  g_assert_true (g_variant_lookup (portal->requests->pdata[0], "reason", "s", &reason));
  g_assert_cmpstr (reason, ==, _("Courrier checks for new mail when its window is closed."));
  /* Answered: the portal starts Courrier at login, not the file. */
  g_assert_true (cr_test_iterate_until (all_answered, NULL, 20000));
  g_assert_cmpint (cr_background_get_last_method (cr_application_get_background (app)), ==,
                   CR_BACKGROUND_METHOD_PORTAL);
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_true (gtk_switch_get_active (toggle));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Off: the portal is told to stop starting Courrier at login. */
  gtk_switch_set_active (toggle, FALSE);
  portal->wanted = 2;
  g_assert_true (cr_test_iterate_until (portal_asked, portal, 20000));
  g_assert_true (cr_test_iterate_until (all_answered, NULL, 20000));
  g_assert_true (g_variant_lookup (portal->requests->pdata[1], "autostart", "b", &autostart));
  g_assert_false (autostart);

  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* Let run but not started at login (autostart false in the answer): the
 * autostart file does it. */
static void
test_portal_granted_without_autostart (void)
{
  g_autoptr(CrTestPortal) portal = cr_test_portal_start (cr_test_session_get_address (session),
                                                         CR_TEST_PORTAL_GRANT_WITHOUT_AUTOSTART);
  g_autofree char *path = autostart_path ();
  GSettings *settings;

  ensure_app ();
  settings = cr_application_get_settings (app);
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_assert_true (cr_test_iterate_until (file_exists, path, 20000));
  assert_autostart_file (path);
  g_assert_true (cr_test_iterate_until (all_answered, NULL, 20000));
  g_assert_cmpuint (portal->requests->len, ==, 1);
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));

  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_true (cr_test_iterate_until (file_missing, path, 20000));
  g_assert_true (cr_test_iterate_until (all_answered, NULL, 20000));
  g_assert_cmpuint (portal->requests->len, ==, 2);
}

static gboolean
dialog_shown (gpointer data)
{
  return (*(GtkWidget **) data = cr_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL;
}

static void
test_portal_denied (void)
{
  g_autoptr(CrTestPortal) portal = cr_test_portal_start (cr_test_session_get_address (session),
                                                         CR_TEST_PORTAL_DENY);
  g_autofree char *path = autostart_path ();
  GtkWidget *preferences;
  GtkWidget *dialog = NULL;
  GtkSwitch *toggle;

  ensure_app ();
  preferences = open_preferences ();
  toggle = background_switch (preferences);

  gtk_switch_set_active (toggle, TRUE);
  g_assert_true (cr_test_iterate_until (setting_off, NULL, 20000));
  g_assert_false (gtk_switch_get_active (toggle));
  g_assert_true (cr_test_iterate_until (dialog_shown, &dialog, 10000));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   _("Courrier Cannot Check Mail in the Background"));
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==,
                   _("Courrier was not allowed to run in the background. "
                     "You can allow it in the system’s settings for applications."));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  shot (dialog, "background-denied");
  /* Turned back off: the portal is told so too. */
  g_assert_true (cr_test_iterate_until (all_answered, NULL, 20000));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* Tests: closing the window -------------------------------------------- */

typedef struct
{
  gboolean closed;
  gboolean scenario_done;
  gboolean timed_out;
  guint    step_source;
} Run;

static Run run;

static gboolean
on_watchdog (gpointer data)
{
  run.timed_out = TRUE;
  g_application_quit (G_APPLICATION (app));

  return G_SOURCE_REMOVE;
}

/* g_application_run(), as main() does, with @activated after activation
 * and a deadline in case the application never ends. */
static void
run_application (GCallback activated)
{
  char *argv[] = { (char *) "courrier", NULL };
  gulong handler;
  guint watchdog;
  int status;

  memset (&run, 0, sizeof run);
  handler = g_signal_connect_after (app, "activate", activated, NULL);
  watchdog = g_timeout_add_seconds (120, on_watchdog, NULL);
  status = g_application_run (G_APPLICATION (app), 1, argv);
  g_clear_handle_id (&run.step_source, g_source_remove);
  g_signal_handler_disconnect (app, handler);
  if (!run.timed_out)
    g_source_remove (watchdog);

  g_assert_cmpint (status, ==, 0);
  g_assert_false (run.timed_out);
}

static GtkWindow *
main_window (void)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  for (GList *l = windows; l != NULL; l = l->next)
    if (CR_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

/* As the window manager's close button: close-request, then destroyed. */
static void
close_main_window (void)
{
  GtkWindow *window = main_window ();

  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_window_close (window);
  g_assert_null (main_window ());
  run.closed = TRUE;
}

static gboolean
shown_in_reader (gpointer data)
{
  GtkWindow *window = main_window ();
  CrReaderView *reader = window != NULL ? cr_window_get_reader (CR_WINDOW (window)) : NULL;
  CrMimeMessage *message = reader != NULL ? cr_reader_view_get_message (reader) : NULL;

  return message != NULL && g_strcmp0 (cr_mime_message_get_subject (message), data) == 0 &&
         cr_reader_view_get_loaded (reader);
}

/* Runs only if the application outlived its window. */
static gboolean
check_in_background (gpointer data)
{
  const char *subject = "Courrier en arrière-plan";
  g_autofree char *expected = g_strdup_printf ("Alice Durand\n%s", subject);
  gint64 message_id;

  run.step_source = 0;
  g_assert_null (main_window ());
  g_assert_cmpuint (notified->len, ==, 0);

  /* The scheduler's own timer, made short. HTML, so that WebKit shows it. */
  deliver (subject);
  cr_sync_scheduler_set_interval (cr_test_account_scheduler (context), 1);
  g_assert_true (cr_test_iterate_until (notification_shown, expected, 60000));
  message_id = cr_application_get_last_notified (app);
  g_assert_cmpint (message_id, >, 0);

  /* Its click: a new window, on that message. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-message", g_variant_new_int64 (message_id));
  g_assert_nonnull (main_window ());
  g_assert_true (cr_test_iterate_until (shown_in_reader, (gpointer) subject, 30000));
  shot (GTK_WIDGET (main_window ()), "background-notification-opened");
  g_assert_cmpuint (count_web_processes (), >, 0);

  /* Closed again: the window's memory and its WebKit process go. */
  close_main_window ();
  g_assert_true (cr_test_iterate_until (no_web_process, NULL, 30000));

  /* Quit (Ctrl+Q) ends it, window or not. */
  run.scenario_done = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static gboolean
close_after_first_check (gpointer data)
{
  run.step_source = 0;
  /* Mail that came with the first check is not new. */
  g_assert_true (cr_test_iterate_until (checked_once, NULL, 60000));
  close_main_window ();
  /* If closing ended the application, g_application_run() returns
   * before this source can run. */
  run.step_source = g_timeout_add (100, check_in_background, NULL);

  return G_SOURCE_REMOVE;
}

static void
on_activated_wait (void)
{
  run.step_source = g_idle_add (close_after_first_check, NULL);
}

static void
test_close_keeps_checking (void)
{
  GSettings *settings;
  g_autofree char *path = autostart_path ();

  ensure_app ();
  settings = cr_application_get_settings (app);
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_assert_true (cr_test_iterate_until (file_exists, path, 20000));

  run_application (G_CALLBACK (on_activated_wait));
  g_assert_true (run.closed);
  g_assert_true (run.scenario_done);

  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_true (cr_test_iterate_until (file_missing, path, 20000));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
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

  g_test_add_func ("/background/autostart-file", test_autostart_file);
  g_test_add_func ("/background/portal-granted", test_portal_granted);
  g_test_add_func ("/background/portal-granted-without-autostart", test_portal_granted_without_autostart);
  g_test_add_func ("/background/portal-denied", test_portal_denied);
  /* Last: g_application_run() shuts the application down at its end. */
  g_test_add_func ("/background/close-keeps-checking", test_close_keeps_checking);

  status = g_test_run ();

  cr_test_iterate (100);
  g_clear_object (&app);
  cr_test_mail_server_stop (&server);
  g_clear_pointer (&notified, g_ptr_array_unref);
  g_clear_pointer (&session, cr_test_session_stop);
  cr_test_env_teardown (env_dir);

  return status;
}
