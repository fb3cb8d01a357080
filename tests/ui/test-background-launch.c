/* test-background-launch.c — the real `courrier`: started hidden, and
 * closed
 *
 * On a private bus and display, with throw-away XDG dirs and settings in a
 * key file (the memory backend is one process's): `courrier --background`
 * ends at once with “run-in-background” off; with it on it runs, on the
 * bus, without a window (none exported, none mapped) until it is
 * activated, and app.quit ends it. Launched normally with the setting off,
 * closing the setup assistant and then the window (WM_DELETE_WINDOW, as a
 * window manager sends it) ends it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-session.h"
#include "cr-test-x11.h"

#define OBJECT_PATH "/io/github/courrier/Courrier"

static const char *courrier_path;
/* Open for the whole run: Xvfb starts afresh when its last client goes. */
static Display *x_display;

static gboolean
predicate_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
name_owned (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APPLICATION_ID),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

static void
call_application (GDBusConnection *bus,
                  const char      *method,
                  GVariant        *parameters)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, APPLICATION_ID, OBJECT_PATH, "org.freedesktop.Application",
                                       method, parameters, NULL, G_DBUS_CALL_FLAGS_NONE, 20000, NULL, &error);
  g_assert_no_error (error);
}

/* The application's windows as it exports them on the bus. Answered by
 * its main loop, hence after its activation. */
static guint
exported_windows (GDBusConnection *bus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GDBusNodeInfo) node = NULL;
  const char *xml = NULL;
  guint n = 0;

  reply = g_dbus_connection_call_sync (bus, APPLICATION_ID, OBJECT_PATH "/window",
                                       "org.freedesktop.DBus.Introspectable", "Introspect", NULL,
                                       G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, 20000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(&s)", &xml);
  node = g_dbus_node_info_new_for_xml (xml, &error);
  g_assert_no_error (error);
  while (node->nodes != NULL && node->nodes[n] != NULL)
    n++;

  return n;
}

typedef struct
{
  Display *display;
  GPid     pid;
  gboolean transient;
  Window   window;
} XWait;

static gboolean
x_window_shown (gpointer data)
{
  XWait *wait = data;

  wait->window = cr_test_x11_find_window (wait->display, wait->pid, wait->transient);

  return wait->window != None;
}

static gboolean
x_window_gone (gpointer data)
{
  return !x_window_shown (data);
}

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static GSubprocess *
launch (const char *dir,
        gboolean    run_in_background,
        gboolean    background_option,
        gboolean   *exited)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *config_dir = g_build_filename (dir, "config", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *cache_dir = g_build_filename (dir, "cache", NULL);
  g_autofree char *settings_dir = g_build_filename (config_dir, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_autofree char *contents = g_strdup_printf ("[io/github/courrier/Courrier]\nrun-in-background=%s\n",
                                               run_in_background ? "true" : "false");
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  /* Settings another process can read: a key file, not the memory backend. */
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (keyfile, contents, -1, &error));
  g_assert_no_error (error);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  /* Its own files: no account, a store of its own. */
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_dir, TRUE);
  /* Under ASan, fontconfig's and Mesa's one-time allocations would make
   * its exit status a leak report: test-background checks the same code
   * for leaks in its own process, where they are suppressed. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, courrier_path,
                                         background_option ? "--background" : NULL, NULL);
  g_assert_no_error (error);
  *exited = FALSE;
  g_subprocess_wait_async (process, NULL, on_exited, exited);

  return process;
}

static gboolean
owned_or_exited (gpointer data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  return *(gboolean *) data || name_owned (bus);
}

static void
test_command_line (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "command-line", NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GSubprocess) process = NULL;
  GVariantBuilder platform_data;
  gboolean exited = FALSE;
  XWait wait = { x_display, 0, FALSE, None };

  g_assert_false (name_owned (bus));

  /* Setting off: nothing to do in the background, it ends at once. */
  process = launch (dir, FALSE, TRUE, &exited);
  g_assert_true (cr_test_iterate_until (predicate_true, &exited, 30000));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_clear_object (&process);

  /* Setting on: running, on the bus, without a window. */
  process = launch (dir, TRUE, TRUE, &exited);
  wait.pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);
  g_assert_true (cr_test_iterate_until (owned_or_exited, &exited, 30000));
  g_assert_false (exited);
  g_assert_cmpuint (exported_windows (bus), ==, 0);
  XSync (wait.display, False);
  g_assert_true (cr_test_x11_find_window (wait.display, wait.pid, FALSE) == None);

  /* Launched again, or its notification clicked: the window comes. */
  g_variant_builder_init (&platform_data, G_VARIANT_TYPE_VARDICT);
  call_application (bus, "Activate", g_variant_new ("(a{sv})", &platform_data));
  g_assert_cmpuint (exported_windows (bus), ==, 1);
  g_assert_true (cr_test_iterate_until (x_window_shown, &wait, 30000));
  g_assert_false (exited);

  /* Quit ends it. */
  g_variant_builder_init (&platform_data, G_VARIANT_TYPE_VARDICT);
  call_application (bus, "ActivateAction", g_variant_new ("(sava{sv})", "quit", NULL, &platform_data));
  g_assert_true (cr_test_iterate_until (predicate_true, &exited, 30000));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

}

/* First launch, setting off: the person closes the setup assistant,
 * then the window, and `courrier` ends. */
static void
test_close_quits (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "close-quits", NULL);
  g_autoptr(GSubprocess) process = NULL;
  gboolean exited = FALSE;
  XWait wait = { x_display, 0, TRUE, None };

  process = launch (dir, FALSE, FALSE, &exited);
  wait.pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);

  g_assert_true (cr_test_iterate_until (x_window_shown, &wait, 30000));
  cr_test_x11_close_window (wait.display, wait.window);
  g_assert_true (cr_test_iterate_until (x_window_gone, &wait, 30000));
  wait.transient = FALSE;
  g_assert_true (cr_test_iterate_until (x_window_shown, &wait, 30000));
  g_assert_false (exited);
  cr_test_x11_close_window (wait.display, wait.window);

  g_assert_true (cr_test_iterate_until (predicate_true, &exited, 30000));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
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

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  courrier_path = argv[1];

  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);
  x_display = XOpenDisplay (NULL);
  g_assert_nonnull (x_display);

  g_test_add_func ("/background/command-line", test_command_line);
  g_test_add_func ("/background/close-quits", test_close_quits);

  status = g_test_run ();
  XCloseDisplay (x_display);
  cr_test_env_teardown (env_dir);

  return status;
}
