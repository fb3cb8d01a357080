/* cr-account-keyfile.c — one account as a group of the accounts file
 *
 *   [account 1b4e28ba-2fa1-11d2-883f-0016d3cca427]
 *   display-name=Bonvenon
 *   address=contact@bonvenon.fr
 *   incoming-protocol=imap
 *   incoming-host=imap.lautre.net
 *   incoming-port=993
 *   incoming-security=tls
 *   incoming-auth=password
 *   incoming-login=
 *   outgoing-host=smtp.lautre.net
 *   …
 *
 * Enums are written as their nicks so the file stays readable. Never a
 * password: those live in the keyring only (CrSecrets).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-account-enums.h"
#include "cr-account-keyfile.h"
#include "cr-account-validate.h"

char *
cr_account_keyfile_group (const char *id)
{
  return g_strconcat (CR_ACCOUNT_GROUP_PREFIX, id, NULL);
}

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  g_return_val_if_fail (enum_value != NULL, NULL);

  /* Nicks are static strings of the GType: they outlive the class ref. */
  return enum_value->value_nick;
}

static void
write_server (GKeyFile   *key_file,
              const char *group,
              const char *prefix,
              CrServer   *server)
{
  g_autofree char *protocol = g_strconcat (prefix, "-protocol", NULL);
  g_autofree char *host = g_strconcat (prefix, "-host", NULL);
  g_autofree char *port = g_strconcat (prefix, "-port", NULL);
  g_autofree char *security = g_strconcat (prefix, "-security", NULL);
  g_autofree char *auth = g_strconcat (prefix, "-auth", NULL);
  g_autofree char *login = g_strconcat (prefix, "-login", NULL);

  g_key_file_set_string (key_file, group, protocol,
                         cr_protocol_to_string (cr_server_get_protocol (server)));
  g_key_file_set_string (key_file, group, host, cr_server_get_host (server));
  g_key_file_set_uint64 (key_file, group, port, cr_server_get_port (server));
  g_key_file_set_string (key_file, group, security,
                         enum_nick (CR_TYPE_SECURITY, cr_server_get_security (server)));
  g_key_file_set_string (key_file, group, auth,
                         enum_nick (CR_TYPE_AUTH_METHOD, cr_server_get_auth_method (server)));
  g_key_file_set_string (key_file, group, login, cr_server_get_login (server));
}

/**
 * cr_account_keyfile_write:
 *
 * Writes @account as the group “account ID” of @key_file, replacing it.
 */
void
cr_account_keyfile_write (CrAccount *account,
                          GKeyFile  *key_file)
{
  g_autofree char *group = cr_account_keyfile_group (cr_account_get_id (account));

  g_key_file_remove_group (key_file, group, NULL);

  g_key_file_set_string (key_file, group, "display-name", cr_account_get_display_name (account));
  g_key_file_set_string (key_file, group, "address", cr_account_get_address (account));
  g_key_file_set_string (key_file, group, "organisation", cr_account_get_organisation (account));
  g_key_file_set_string (key_file, group, "signature", cr_account_get_signature (account));
  g_key_file_set_string (key_file, group, "reply-to", cr_account_get_reply_to (account));
  write_server (key_file, group, "incoming", cr_account_get_incoming (account));
  write_server (key_file, group, "outgoing", cr_account_get_outgoing (account));
  g_key_file_set_boolean (key_file, group, "leave-on-server", cr_account_get_leave_on_server (account));
  g_key_file_set_uint64 (key_file, group, "delete-after-days", cr_account_get_delete_after_days (account));
  g_key_file_set_boolean (key_file, group, "delete-when-deleted-here",
                          cr_account_get_delete_when_deleted_here (account));
  g_key_file_set_uint64 (key_file, group, "check-interval", cr_account_get_check_interval (account));
  g_key_file_set_boolean (key_file, group, "use-idle", cr_account_get_use_idle (account));
  g_key_file_set_boolean (key_file, group, "remember-password", cr_account_get_remember_password (account));
}

static gboolean
read_enum (GKeyFile    *key_file,
           const char  *group,
           const char  *key,
           GType        type,
           int         *out_value,
           GError     **error)
{
  g_autoptr(GEnumClass) klass = NULL;
  g_autofree char *nick = g_key_file_get_string (key_file, group, key, error);
  GEnumValue *value;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (type);
  value = g_enum_get_value_by_nick (klass, nick);
  if (value == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   /* Translators: the first %s is a value, the second a setting name */
                   _("Unknown value “%s” for “%s”"), nick, key);
      return FALSE;
    }

  *out_value = value->value;

  return TRUE;
}

/* Optional settings keep their default when the key is missing. */
static gboolean
read_optional_string (GKeyFile    *key_file,
                      const char  *group,
                      const char  *key,
                      char       **out_value,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *out_value = g_key_file_get_string (key_file, group, key, &local_error);
  if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    return TRUE;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_optional_boolean (GKeyFile    *key_file,
                       const char  *group,
                       const char  *key,
                       gboolean    *in_out_value,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean value;

  if (!g_key_file_has_key (key_file, group, key, NULL))
    return TRUE;

  value = g_key_file_get_boolean (key_file, group, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *in_out_value = value;

  return TRUE;
}

static gboolean
read_optional_uint (GKeyFile    *key_file,
                    const char  *group,
                    const char  *key,
                    guint       *in_out_value,
                    GError     **error)
{
  g_autofree char *text = NULL;
  guint64 value = 0;

  if (!g_key_file_has_key (key_file, group, key, NULL))
    return TRUE;

  text = g_key_file_get_string (key_file, group, key, error);
  if (text == NULL)
    return FALSE;

  if (!g_ascii_isdigit (text[0]) ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   /* Translators: the first %s is a value, the second a setting name */
                   _("Unknown value “%s” for “%s”"), text, key);
      return FALSE;
    }

  *in_out_value = (guint) value;

  return TRUE;
}

static CrServer *
read_server (GKeyFile    *key_file,
             const char  *group,
             const char  *prefix,
             GError     **error)
{
  g_autofree char *protocol_key = g_strconcat (prefix, "-protocol", NULL);
  g_autofree char *host_key = g_strconcat (prefix, "-host", NULL);
  g_autofree char *port_key = g_strconcat (prefix, "-port", NULL);
  g_autofree char *security_key = g_strconcat (prefix, "-security", NULL);
  g_autofree char *auth_key = g_strconcat (prefix, "-auth", NULL);
  g_autofree char *login_key = g_strconcat (prefix, "-login", NULL);
  g_autofree char *host = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *login = NULL;
  g_autoptr(CrServer) server = NULL;
  int protocol, security, auth;
  guint16 port;

  if (!read_enum (key_file, group, protocol_key, CR_TYPE_PROTOCOL, &protocol, error) ||
      !read_enum (key_file, group, security_key, CR_TYPE_SECURITY, &security, error) ||
      !read_enum (key_file, group, auth_key, CR_TYPE_AUTH_METHOD, &auth, error))
    return NULL;

  host = g_key_file_get_string (key_file, group, host_key, error);
  if (host == NULL)
    return NULL;

  port_text = g_key_file_get_string (key_file, group, port_key, error);
  if (port_text == NULL || !cr_account_parse_port (port_text, &port, error))
    return NULL;

  if (!read_optional_string (key_file, group, login_key, &login, error))
    return NULL;

  server = cr_server_new (protocol);
  cr_server_set_host (server, host);
  cr_server_set_port (server, port);
  cr_server_set_security (server, security);
  cr_server_set_auth_method (server, auth);
  cr_server_set_login (server, login);

  return g_steal_pointer (&server);
}

static gboolean
read_options (CrAccount   *account,
              GKeyFile    *key_file,
              const char  *group,
              GError     **error)
{
  gboolean leave_on_server = cr_account_get_leave_on_server (account);
  gboolean delete_when_deleted_here = cr_account_get_delete_when_deleted_here (account);
  gboolean use_idle = cr_account_get_use_idle (account);
  gboolean remember_password = cr_account_get_remember_password (account);
  guint delete_after_days = cr_account_get_delete_after_days (account);
  guint check_interval = cr_account_get_check_interval (account);

  if (!read_optional_boolean (key_file, group, "leave-on-server", &leave_on_server, error) ||
      !read_optional_boolean (key_file, group, "delete-when-deleted-here", &delete_when_deleted_here, error) ||
      !read_optional_boolean (key_file, group, "use-idle", &use_idle, error) ||
      !read_optional_boolean (key_file, group, "remember-password", &remember_password, error) ||
      !read_optional_uint (key_file, group, "delete-after-days", &delete_after_days, error) ||
      !read_optional_uint (key_file, group, "check-interval", &check_interval, error))
    return FALSE;

  cr_account_set_leave_on_server (account, leave_on_server);
  cr_account_set_delete_when_deleted_here (account, delete_when_deleted_here);
  cr_account_set_use_idle (account, use_idle);
  cr_account_set_remember_password (account, remember_password);
  cr_account_set_delete_after_days (account, delete_after_days);
  cr_account_set_check_interval (account, check_interval);

  return TRUE;
}

static gboolean
read_identity (CrAccount   *account,
               GKeyFile    *key_file,
               const char  *group,
               GError     **error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *reply_to = NULL;

  display_name = g_key_file_get_string (key_file, group, "display-name", error);
  if (display_name == NULL)
    return FALSE;

  address = g_key_file_get_string (key_file, group, "address", error);
  if (address == NULL)
    return FALSE;

  if (!read_optional_string (key_file, group, "organisation", &organisation, error) ||
      !read_optional_string (key_file, group, "signature", &signature, error) ||
      !read_optional_string (key_file, group, "reply-to", &reply_to, error))
    return FALSE;

  cr_account_set_display_name (account, display_name);
  cr_account_set_address (account, address);
  cr_account_set_organisation (account, organisation);
  cr_account_set_signature (account, signature);
  cr_account_set_reply_to (account, reply_to);

  return TRUE;
}

/**
 * cr_account_keyfile_read:
 * @group: a group named “account ID”
 *
 * Reads and validates one account. A server without encryption was
 * confirmed by the person when it was set up, so it is accepted here.
 *
 * Returns: (transfer full) (nullable): the account, or %NULL with @error
 *   saying what is wrong with it
 */
CrAccount *
cr_account_keyfile_read (GKeyFile    *key_file,
                         const char  *group,
                         GError     **error)
{
  g_autoptr(CrAccount) account = NULL;
  g_autoptr(CrServer) incoming = NULL;
  g_autoptr(CrServer) outgoing = NULL;
  const char *id;

  g_return_val_if_fail (g_str_has_prefix (group, CR_ACCOUNT_GROUP_PREFIX), NULL);

  id = group + strlen (CR_ACCOUNT_GROUP_PREFIX);
  if (!cr_account_is_valid_id (id))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("“%s” is not a valid account name"), id);
      return NULL;
    }

  account = cr_account_new (id);

  if (!read_identity (account, key_file, group, error))
    return NULL;

  incoming = read_server (key_file, group, "incoming", error);
  if (incoming == NULL)
    return NULL;

  outgoing = read_server (key_file, group, "outgoing", error);
  if (outgoing == NULL)
    return NULL;

  cr_account_set_incoming (account, incoming);
  cr_account_set_outgoing (account, outgoing);

  if (!read_options (account, key_file, group, error) ||
      !cr_account_validate (account, CR_VALIDATE_ALLOW_INSECURE, error))
    return NULL;

  return g_steal_pointer (&account);
}
