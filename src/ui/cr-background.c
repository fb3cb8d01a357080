/* cr-background.c — starting hidden at login: the Background portal or an
 * XDG autostart file
 *
 * Inside Flatpak only the portal (org.freedesktop.portal.Background) can
 * make Courrier start at login. Outside, it is asked when a desktop portal
 * answers; when none does (a plain session), or when the portal lets
 * Courrier run but says it will not start it at login, Courrier writes its
 * own $XDG_CONFIG_HOME/autostart entry. Either way the command line is
 * `courrier --background`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "cr-background.h"

#define PORTAL_BUS_NAME    "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_INTERFACE   "org.freedesktop.portal.Background"
#define REQUEST_INTERFACE  "org.freedesktop.portal.Request"
/* A desktop portal started on demand answers well within this. */
#define PROBE_TIMEOUT_MS   5000

struct _CrBackground
{
  GObject             parent_instance;

  CrBackgroundMethod  last_method;
  guint               n_requests;
  guint               n_pending;
};

G_DEFINE_FINAL_TYPE (CrBackground, cr_background, G_TYPE_OBJECT)

G_DEFINE_QUARK (cr-background-error-quark, cr_background_error)

typedef struct
{
  CrBackground    *background;
  gboolean         autostart;
  GDBusConnection *bus;
  char            *handle;
  guint            response_id;
  GSource         *cancel_source;
} Request;

/* Both the subscription and the cancellation source hold the task. */
static void
stop_waiting (Request *request)
{
  if (request->response_id != 0)
    g_dbus_connection_signal_unsubscribe (request->bus, request->response_id);
  request->response_id = 0;
  if (request->cancel_source != NULL)
    g_source_destroy (request->cancel_source);
  g_clear_pointer (&request->cancel_source, g_source_unref);
}

static void
request_free (Request *request)
{
  stop_waiting (request);
  request->background->n_pending--;
  g_clear_object (&request->background);
  g_clear_object (&request->bus);
  g_free (request->handle);
  g_free (request);
}

static gboolean
in_flatpak (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* The autostart file ------------------------------------------------- */

static gboolean
write_autostart_file (GError **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = cr_background_get_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;

  g_key_file_set_string (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME, _("Courrier"));
  g_key_file_set_string (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, APPLICATION_ID);
  g_key_file_set_string (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, "courrier --background");
  g_key_file_set_boolean (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TERMINAL, FALSE);
  /* An entry of the session, not of the application menus. */
  g_key_file_set_boolean (keyfile, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, TRUE);
  g_key_file_set_boolean (keyfile, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);
  data = g_key_file_to_data (keyfile, NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, data, -1, &local_error))
    {
      g_set_error (error, CR_BACKGROUND_ERROR, CR_BACKGROUND_ERROR_FAILED,
                   _("Courrier could not be set to start at login: “%s” could not be written (%s)."),
                   path, local_error != NULL ? local_error->message : g_strerror (errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
remove_autostart_file (GError **error)
{
  g_autofree char *path = cr_background_get_autostart_path ();

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, CR_BACKGROUND_ERROR, CR_BACKGROUND_ERROR_FAILED,
                   _("Courrier could not stop starting at login: “%s” could not be removed (%s)."),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static void
use_autostart_file (GTask *task)
{
  CrBackground *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  self->last_method = CR_BACKGROUND_METHOD_AUTOSTART_FILE;
  if (request->autostart ? write_autostart_file (&error) : remove_autostart_file (&error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The portal ---------------------------------------------------------- */

/* The object path of the request, known before the call so that the
 * Response cannot come before we listen to it. */
static char *
request_handle (GDBusConnection *bus,
                const char      *token)
{
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (bus) + 1);

  g_strdelimit (sender, ".", '_');

  return g_strdup_printf (PORTAL_OBJECT_PATH "/request/%s/%s", sender, token);
}

static void
on_response (GDBusConnection *bus,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) results = NULL;
  gboolean background = FALSE;
  gboolean autostart = FALSE;
  guint32 response = 2;
  GError *error = NULL;

  if (request->response_id == 0 || !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    return;
  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &background);
  g_variant_lookup (results, "autostart", "b", &autostart);

  /* The subscription held the last reference. */
  g_object_ref (task);
  stop_waiting (request);

  if (request->autostart && (response != 0 || !background))
    g_task_return_new_error (task, CR_BACKGROUND_ERROR, CR_BACKGROUND_ERROR_DENIED,
                             _("Courrier was not allowed to run in the background. "
                               "You can allow it in the system’s settings for applications."));
  /* Let run, but not started at login (a portal may answer so a program
   * outside a sandbox): then the autostart file does it. */
  else if (request->autostart && !autostart && !in_flatpak ())
    use_autostart_file (task);
  else if (!request->autostart && !in_flatpak () && !remove_autostart_file (&error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);

  g_object_unref (task);
}

static void
on_requested (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *handle = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (request->response_id == 0)
    return;  /* cancelled meanwhile */
  if (reply == NULL)
    {
      stop_waiting (request);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, CR_BACKGROUND_ERROR, CR_BACKGROUND_ERROR_FAILED,
                                 _("The desktop could not be asked to let Courrier run in the background (%s)."),
                                 error->message);
      return;
    }

  /* Portals older than version 0.9 chose their own path. */
  g_variant_get (reply, "(&o)", &handle);
  if (g_strcmp0 (handle, request->handle) != 0)
    {
      g_dbus_connection_signal_unsubscribe (request->bus, request->response_id);
      g_free (request->handle);
      request->handle = g_strdup (handle);
      request->response_id =
        g_dbus_connection_signal_subscribe (request->bus, PORTAL_BUS_NAME, REQUEST_INTERFACE, "Response",
                                            request->handle, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                            on_response, g_object_ref (task), g_object_unref);
    }
}

/* A request waits for the person's answer: stop waiting when cancelled. */
static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  if (request->response_id != 0)
    {
      g_object_ref (task);
      stop_waiting (request);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }

  return G_SOURCE_REMOVE;
}

static void
call_portal (GTask *task)
{
  CrBackground *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *token = g_strdup_printf ("courrier%u_%u", (guint) getpid (), ++self->n_requests);
  const char *commandline[] = { "courrier", "--background", NULL };
  GVariantBuilder options;

  self->last_method = CR_BACKGROUND_METHOD_PORTAL;
  request->handle = request_handle (request->bus, token);
  request->response_id =
    g_dbus_connection_signal_subscribe (request->bus, PORTAL_BUS_NAME, REQUEST_INTERFACE, "Response",
                                        request->handle, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_response, g_object_ref (task), g_object_unref);
  if (cancellable != NULL)
    {
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, request->cancel_source, G_SOURCE_FUNC (on_cancelled));
    }

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Courrier checks for new mail when its window is closed.")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (request->autostart));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  /* No parent window: the request can come from the settings alone. */
  g_dbus_connection_call (request->bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, PORTAL_INTERFACE,
                          "RequestBackground", g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                          on_requested, g_object_ref (task));
}

static void
on_probed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (reply == NULL)
    use_autostart_file (task);
  else
    call_portal (task);
}

static void
on_bus (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  request->bus = g_bus_get_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (request->bus == NULL)
    use_autostart_file (task);
  else if (in_flatpak ())
    call_portal (task);
  else
    /* Outside Flatpak: is there a desktop portal with Background? */
    g_dbus_connection_call (request->bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH,
                            "org.freedesktop.DBus.Properties", "Get",
                            g_variant_new ("(ss)", PORTAL_INTERFACE, "version"),
                            G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, PROBE_TIMEOUT_MS,
                            cancellable, on_probed, g_steal_pointer (&task));
}

/* GObject ------------------------------------------------------------- */

static void
cr_background_class_init (CrBackgroundClass *klass)
{
}

static void
cr_background_init (CrBackground *self)
{
}

CrBackground *
cr_background_new (void)
{
  return g_object_new (CR_TYPE_BACKGROUND, NULL);
}

/**
 * cr_background_get_autostart_path:
 *
 * Returns: (transfer full): where the autostart entry is written when no
 *   portal does it
 */
char *
cr_background_get_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APPLICATION_ID ".desktop", NULL);
}

/**
 * cr_background_request_async:
 * @autostart: whether Courrier starts hidden at login from now on
 *
 * Asks the desktop to let Courrier run in the background and start at
 * login (@autostart %TRUE), or not to start it at login any more. With
 * the portal the person may be asked first: the answer can take long.
 */
void
cr_background_request_async (CrBackground        *self,
                             gboolean             autostart,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (CR_IS_BACKGROUND (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_background_request_async);
  request = g_new0 (Request, 1);
  request->background = g_object_ref (self);
  request->autostart = autostart;
  self->n_pending++;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_bus, g_steal_pointer (&task));
}

/**
 * cr_background_request_finish:
 *
 * Returns: %TRUE when done; %FALSE with %CR_BACKGROUND_ERROR_DENIED when
 *   the person or the system said no
 */
gboolean
cr_background_request_finish (CrBackground  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (CR_IS_BACKGROUND (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_background_request_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * cr_background_get_last_method:
 *
 * Returns: how the last request was carried out (the portal or the
 *   autostart file), %CR_BACKGROUND_METHOD_NONE before any
 */
CrBackgroundMethod
cr_background_get_last_method (CrBackground *self)
{
  g_return_val_if_fail (CR_IS_BACKGROUND (self), CR_BACKGROUND_METHOD_NONE);

  return self->last_method;
}

/**
 * cr_background_get_n_pending:
 *
 * Returns: how many requests are not answered yet
 */
guint
cr_background_get_n_pending (CrBackground *self)
{
  g_return_val_if_fail (CR_IS_BACKGROUND (self), 0);

  return self->n_pending;
}
