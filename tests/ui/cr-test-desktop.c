/* cr-test-desktop.c — desktop services faked on the private bus
 *
 * A notification server (org.freedesktop.Notifications) that keeps what
 * it was asked to show, and a Background portal
 * (org.freedesktop.portal.Background) answering RequestBackground as
 * xdg-desktop-portal does once the person has chosen: the real portal
 * cannot run here, and a refusal cannot be had from it without a person.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-test-desktop.h"

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
  GPtrArray *notified = user_data;

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
own_name (GDBusConnection *bus,
          const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  guint32 result = 0;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", name, 4 /* DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1 /* PRIMARY_OWNER */);
}

/**
 * cr_test_notifications_start:
 *
 * Returns: (transfer full): "summary\nbody" of each notification shown,
 *   filled as they come
 */
GPtrArray *
cr_test_notifications_start (void)
{
  static const GDBusInterfaceVTable vtable = { on_notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  GPtrArray *notified = g_ptr_array_new_with_free_func (g_free);

  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", node->interfaces[0],
                                     &vtable, g_ptr_array_ref (notified),
                                     (GDestroyNotify) g_ptr_array_unref, &error);
  g_assert_no_error (error);
  own_name (bus, "org.freedesktop.Notifications");

  return notified;
}

gboolean
cr_test_notifications_has (GPtrArray  *notified,
                           const char *text)
{
  for (guint i = 0; i < notified->len; i++)
    if (g_str_equal (notified->pdata[i], text))
      return TRUE;

  return FALSE;
}

/* A fake Background portal on its own connection ----------------------- */

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Background'>"
  "    <method name='RequestBackground'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

static void
on_portal_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *path,
                const char            *interface,
                const char            *method,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  CrTestPortal *portal = user_data;
  g_autoptr(GVariant) options = g_variant_get_child_value (parameters, 1);
  g_autofree char *escaped = g_strdup (sender + 1);
  g_autofree char *handle = NULL;
  const char *token = "t";
  gboolean autostart = FALSE;
  GVariantBuilder results;
  guint32 response = 0;

  g_variant_lookup (options, "handle_token", "&s", &token);
  g_variant_lookup (options, "autostart", "b", &autostart);
  g_ptr_array_add (portal->requests, g_variant_ref (options));
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s",
                            g_strdelimit (escaped, ".", '_'), token);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));

  /* What xdg-desktop-portal answers once the person has chosen. */
  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  if (portal->answer == CR_TEST_PORTAL_DENY)
    response = 1;
  else
    {
      g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (TRUE));
      g_variant_builder_add (&results, "{sv}", "autostart",
                             g_variant_new_boolean (autostart && portal->answer == CR_TEST_PORTAL_GRANT));
    }
  g_dbus_connection_emit_signal (connection, sender, handle, "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(ua{sv})", response, &results), NULL);
}

static GVariant *
on_portal_get_property (GDBusConnection  *connection,
                        const char       *sender,
                        const char       *path,
                        const char       *interface,
                        const char       *property,
                        GError          **error,
                        gpointer          user_data)
{
  return g_variant_new_uint32 (1);
}

CrTestPortal *
cr_test_portal_start (const char         *bus_address,
                      CrTestPortalAnswer  answer)
{
  static const GDBusInterfaceVTable vtable = { on_portal_call, on_portal_get_property, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (portal_xml, &error);
  CrTestPortal *portal = g_new0 (CrTestPortal, 1);

  g_assert_no_error (error);
  portal->answer = answer;
  portal->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  portal->bus = g_dbus_connection_new_for_address_sync (bus_address,
                                                        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                        G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                        NULL, NULL, &error);
  g_assert_no_error (error);
  portal->object_id = g_dbus_connection_register_object (portal->bus, "/org/freedesktop/portal/desktop",
                                                         node->interfaces[0], &vtable, portal, NULL, &error);
  g_assert_no_error (error);
  own_name (portal->bus, "org.freedesktop.portal.Desktop");

  return portal;
}

void
cr_test_portal_stop (CrTestPortal *portal)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_unregister_object (portal->bus, portal->object_id);
  g_dbus_connection_close_sync (portal->bus, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (portal->bus);
  g_ptr_array_unref (portal->requests);
  g_free (portal);
}
