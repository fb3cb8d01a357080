/* test-single-instance.c — one Courrier per session, D-Bus activatable
 *
 * Starts the real `courrier` program twice on a private session bus and
 * display: the second launch hands over to the first and exits, and the
 * first answers org.freedesktop.Application, as the D-Bus service file and
 * DBusActivatable=true in the desktop file promise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <signal.h>

#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-session.h"

#define OBJECT_PATH "/io/github/courrier/Courrier"

static const char *courrier_path;

static GSubprocess *
launch (GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

  return g_subprocess_launcher_spawn (launcher, error, courrier_path, NULL);
}

static gboolean
name_owned (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APPLICATION_ID),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

static gboolean
wait_for_owner (GDBusConnection *bus,
                guint            timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < deadline)
    {
      if (name_owned (bus))
        return TRUE;
      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }

  return FALSE;
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *exited = TRUE;
}

/* Starts watching @process; *exited becomes TRUE when it ends. */
static void
watch_exit (GSubprocess *process,
            gboolean    *exited)
{
  *exited = FALSE;
  g_subprocess_wait_async (process, NULL, exited_cb, exited);
}

static gboolean
wait_for_exit (gboolean *exited,
               guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!*exited && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }

  return *exited;
}

static void
call_application (GDBusConnection *bus,
                  const char      *method,
                  GVariant        *parameters)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, APPLICATION_ID, OBJECT_PATH,
                                       "org.freedesktop.Application", method,
                                       parameters, NULL, G_DBUS_CALL_FLAGS_NONE,
                                       10000, NULL, &error);
  g_assert_no_error (error);
}

static void
test_single_instance (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  gboolean first_exited = FALSE;
  gboolean second_exited = FALSE;
  GVariantBuilder platform_data;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (name_owned (bus));

  first = launch (&error);
  g_assert_no_error (error);
  watch_exit (first, &first_exited);
  g_assert_true (wait_for_owner (bus, 20000));

  /* The second launch activates the first one and leaves. */
  second = launch (&error);
  g_assert_no_error (error);
  watch_exit (second, &second_exited);
  g_assert_true (wait_for_exit (&second_exited, 20000));
  g_assert_true (g_subprocess_get_if_exited (second));
  g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 0);
  g_assert_false (first_exited);
  g_assert_true (name_owned (bus));

  /* What the desktop does for a DBusActivatable application. */
  g_variant_builder_init (&platform_data, G_VARIANT_TYPE_VARDICT);
  call_application (bus, "Activate", g_variant_new ("(a{sv})", &platform_data));
  g_variant_builder_init (&platform_data, G_VARIANT_TYPE_VARDICT);
  call_application (bus, "ActivateAction",
                    g_variant_new ("(sava{sv})", "quit", NULL, &platform_data));

  /* app.quit ends the first instance cleanly. */
  g_assert_true (wait_for_exit (&first_exited, 20000));
  g_assert_true (g_subprocess_get_if_exited (first));
  g_assert_cmpint (g_subprocess_get_exit_status (first), ==, 0);
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

  g_test_add_func ("/application/single-instance", test_single_instance);

  status = g_test_run ();
  cr_test_env_teardown (env_dir);

  return status;
}
