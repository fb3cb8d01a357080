/* cr-secrets.c — account passwords, in the keyring or for this session
 *
 * Passwords are kept in the Secret Service (GNOME Keyring, KWallet…)
 * through libsecret, under a schema of our own, and nowhere else on disk:
 * not in the accounts file, the database, logs or error messages.
 *
 * Every password given or found is also kept in memory for the session, so
 * that “Retenir le mot de passe” off, a missing Secret Service or a locked
 * keyring still let the person use the account until Courrier closes. The
 * copies are wiped when freed (cr_password_free()).
 *
 * libsecret’s calls block on D-Bus, so each operation runs them in a
 * worker thread; the session cache is shared under a mutex. libsecret
 * 0.20’s simple password API unlocks items behind our back (and hits a
 * CRITICAL when the unlock prompt cannot be shown), so we search, unlock
 * and read the items ourselves to tell a locked keyring apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "cr-secrets.h"

#define SECRETS_BUS_NAME "org.freedesktop.secrets"

struct _CrSecrets
{
  GObject     parent_instance;

  /* Cache key (see make_cache_key()) → CrPassword; under the mutex. */
  GMutex      mutex;
  GHashTable *session;
};

G_DEFINE_FINAL_TYPE (CrSecrets, cr_secrets, G_TYPE_OBJECT)

G_DEFINE_QUARK (cr-secrets-error-quark, cr_secrets_error)

typedef enum
{
  OPERATION_STORE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
} Operation;

typedef struct
{
  Operation   operation;
  GHashTable *attributes;
  char       *label;
  CrPassword *password;
  char       *cache_key;
  gboolean    remember;
} Request;

static const SecretSchema secrets_schema = {
  "io.github.courrier.Courrier.Password", SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "protocol", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
    { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/**
 * cr_password_free:
 *
 * Overwrites @password, then frees it.
 */
void
cr_password_free (CrPassword *password)
{
  secret_password_free (password);
}

static void
request_free (Request *request)
{
  g_clear_pointer (&request->attributes, g_hash_table_unref);
  g_clear_pointer (&request->label, g_free);
  g_clear_pointer (&request->password, cr_password_free);
  g_clear_pointer (&request->cache_key, g_free);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
cr_secrets_finalize (GObject *object)
{
  CrSecrets *self = CR_SECRETS (object);

  g_clear_pointer (&self->session, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cr_secrets_parent_class)->finalize (object);
}

static void
cr_secrets_class_init (CrSecretsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cr_secrets_finalize;
}

static void
cr_secrets_init (CrSecrets *self)
{
  g_mutex_init (&self->mutex);
  self->session = g_hash_table_new_full (g_str_hash, g_str_equal,
                                         g_free, (GDestroyNotify) cr_password_free);
}

CrSecrets *
cr_secrets_new (void)
{
  return g_object_new (CR_TYPE_SECRETS, NULL);
}

/* “ID\n” alone names a whole account; newlines cannot be in an id. */
static char *
make_account_prefix (CrAccount *account)
{
  return g_strconcat (cr_account_get_id (account), "\n", NULL);
}

static char *
make_cache_key (CrAccount *account,
                CrServer  *server)
{
  return g_strdup_printf ("%s\n%s\n%s\n%u\n%s",
                          cr_account_get_id (account),
                          cr_protocol_to_string (cr_server_get_protocol (server)),
                          cr_server_get_host (server),
                          (guint) cr_server_get_port (server),
                          cr_account_get_login (account, server));
}

static GHashTable *
make_attributes (CrAccount *account,
                 CrServer  *server)
{
  if (server == NULL)
    return secret_attributes_build (&secrets_schema,
                                    "account", cr_account_get_id (account),
                                    NULL);

  return secret_attributes_build (&secrets_schema,
                                  "account", cr_account_get_id (account),
                                  "protocol", cr_protocol_to_string (cr_server_get_protocol (server)),
                                  "host", cr_server_get_host (server),
                                  "port", (int) cr_server_get_port (server),
                                  "login", cr_account_get_login (account, server),
                                  NULL);
}

static void
session_insert (CrSecrets  *self,
                const char *key,
                const char *password)
{
  g_mutex_lock (&self->mutex);
  g_hash_table_insert (self->session, g_strdup (key), g_strdup (password));
  g_mutex_unlock (&self->mutex);
}

static CrPassword *
session_lookup (CrSecrets  *self,
                const char *key)
{
  CrPassword *password;

  g_mutex_lock (&self->mutex);
  password = g_strdup (g_hash_table_lookup (self->session, key));
  g_mutex_unlock (&self->mutex);

  return password;
}

static gboolean
has_prefix (gpointer key,
            gpointer value,
            gpointer user_data)
{
  return g_str_has_prefix (key, user_data);
}

static void
session_remove (CrSecrets  *self,
                const char *key,
                gboolean    is_prefix)
{
  g_mutex_lock (&self->mutex);
  if (is_prefix)
    g_hash_table_foreach_remove (self->session, has_prefix, (gpointer) key);
  else
    g_hash_table_remove (self->session, key);
  g_mutex_unlock (&self->mutex);
}

static gboolean
is_unavailable_error (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_SERVER) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static void
set_unavailable (GError **error)
{
  g_set_error_literal (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_UNAVAILABLE,
                       _("No keyring is available to keep passwords: "
                         "they will be asked for again the next time Courrier starts."));
}

static void
set_locked (GError **error)
{
  g_set_error_literal (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_LOCKED,
                       _("The keyring is locked and could not be unlocked: "
                         "passwords will be asked for again the next time Courrier starts."));
}

/* Turns libsecret’s and D-Bus’s errors into ours; cancellation stays. */
static void
propagate_keyring_error (GError  *keyring_error,
                         GError **error)
{
  g_autoptr(GError) local_error = keyring_error;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (g_error_matches (local_error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    set_locked (error);
  else if (is_unavailable_error (local_error))
    set_unavailable (error);
  else
    g_set_error (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_FAILED,
                 /* Translators: %s is the keyring’s own error message */
                 _("The keyring could not be used (%s): "
                   "passwords will be asked for again the next time Courrier starts."),
                 local_error->message);
}

static gboolean
list_has_name (GVariant   *names,
               const char *name)
{
  g_autofree const char **strv = g_variant_get_strv (names, NULL);

  return g_strv_contains (strv, name);
}

/* Asking libsecret for a service nobody provides would wait for D-Bus
 * activation to fail; the bus can say at once whether it is there or can
 * be started.
 */
static gboolean
service_is_present (GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) names = NULL;
  GError *local_error = NULL;
  gboolean has_owner = FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &local_error);
  if (bus == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, local_error);
      else
        {
          g_error_free (local_error);
          set_unavailable (error);
        }
      return FALSE;
    }

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", SECRETS_BUS_NAME),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, cancellable, &local_error);
  if (reply == NULL)
    {
      propagate_keyring_error (local_error, error);
      return FALSE;
    }

  g_variant_get (reply, "(b)", &has_owner);
  if (has_owner)
    return TRUE;

  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListActivatableNames",
                                       NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, cancellable, &local_error);
  if (reply == NULL)
    {
      propagate_keyring_error (local_error, error);
      return FALSE;
    }

  names = g_variant_get_child_value (reply, 0);
  if (list_has_name (names, SECRETS_BUS_NAME))
    return TRUE;

  set_unavailable (error);

  return FALSE;
}

static SecretService *
get_service (GCancellable  *cancellable,
             GError       **error)
{
  SecretService *service;
  GError *local_error = NULL;

  if (!service_is_present (cancellable, error))
    return NULL;

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, cancellable, &local_error);
  if (service == NULL)
    propagate_keyring_error (local_error, error);

  return service;
}

/* Unlocking may show the desktop’s prompt; where none can be shown, or
 * the person dismisses it, the items stay locked.
 */
static gboolean
unlock (SecretService  *service,
        GList          *objects,
        GCancellable   *cancellable,
        GError        **error)
{
  GList *unlocked = NULL;
  GError *local_error = NULL;
  guint n_unlocked;

  secret_service_unlock_sync (service, objects, cancellable, &unlocked, &local_error);
  n_unlocked = g_list_length (unlocked);
  g_list_free_full (unlocked, g_object_unref);

  if (local_error != NULL)
    {
      propagate_keyring_error (local_error, error);
      return FALSE;
    }

  if (n_unlocked < g_list_length (objects))
    {
      set_locked (error);
      return FALSE;
    }

  return TRUE;
}

/* All the items matching @attributes, unlocked. */
static gboolean
find_items (SecretService  *service,
            GHashTable     *attributes,
            GList         **out_items,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autolist(SecretItem) items = NULL;
  g_autoptr(GList) locked = NULL;
  GError *local_error = NULL;

  items = secret_service_search_sync (service, &secrets_schema, attributes,
                                      SECRET_SEARCH_ALL, cancellable, &local_error);
  if (local_error != NULL)
    {
      propagate_keyring_error (local_error, error);
      return FALSE;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      if (secret_item_get_locked (l->data))
        locked = g_list_prepend (locked, l->data);
    }

  if (locked != NULL && !unlock (service, locked, cancellable, error))
    return FALSE;

  *out_items = g_steal_pointer (&items);

  return TRUE;
}

static gboolean
unlock_default_collection (SecretService  *service,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(SecretCollection) collection = NULL;
  GError *local_error = NULL;
  GList objects = { NULL, NULL, NULL };

  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, cancellable,
                                                 &local_error);
  if (collection == NULL)
    {
      if (local_error != NULL)
        propagate_keyring_error (local_error, error);
      else
        set_locked (error);
      return FALSE;
    }

  objects.data = collection;

  return unlock (service, &objects, cancellable, error);
}

static gboolean
store_in_keyring (SecretService  *service,
                  Request        *request,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autoptr(SecretValue) value = NULL;
  GError *local_error = NULL;

  /* SecretValue keeps its copy in memory that is never swapped out. */
  value = secret_value_new (request->password, -1, "text/plain");

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      if (secret_service_store_sync (service, &secrets_schema, request->attributes,
                                     SECRET_COLLECTION_DEFAULT, request->label, value,
                                     cancellable, &local_error))
        return TRUE;

      /* The keyring is locked: unlock it (a prompt on a desktop), once. */
      if (attempt == 0 && g_error_matches (local_error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
        {
          g_clear_error (&local_error);
          if (!unlock_default_collection (service, cancellable, error))
            return FALSE;
          continue;
        }

      break;
    }

  propagate_keyring_error (local_error, error);

  return FALSE;
}

static gboolean
clear_in_keyring (SecretService  *service,
                  GHashTable     *attributes,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autolist(SecretItem) items = NULL;

  if (!find_items (service, attributes, &items, cancellable, error))
    return FALSE;

  for (GList *l = items; l != NULL; l = l->next)
    {
      GError *local_error = NULL;

      if (!secret_item_delete_sync (l->data, cancellable, &local_error))
        {
          propagate_keyring_error (local_error, error);
          return FALSE;
        }
    }

  return TRUE;
}

static CrPassword *
lookup_in_keyring (SecretService  *service,
                   GHashTable     *attributes,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autolist(SecretItem) items = NULL;
  g_autoptr(SecretValue) value = NULL;
  GError *local_error = NULL;
  SecretItem *item;
  const char *text;

  if (!find_items (service, attributes, &items, cancellable, error))
    return NULL;

  /* Not found is no error: the person will be asked. */
  if (items == NULL)
    return NULL;

  item = items->data;
  if (!secret_item_load_secret_sync (item, cancellable, &local_error))
    {
      propagate_keyring_error (local_error, error);
      return NULL;
    }

  value = secret_item_get_secret (item);
  text = value != NULL ? secret_value_get_text (value) : NULL;
  if (text == NULL)
    {
      g_set_error (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_FAILED,
                   /* Translators: %s is the keyring’s own error message */
                   _("The keyring could not be used (%s): "
                     "passwords will be asked for again the next time Courrier starts."),
                   _("the saved password is not text"));
      return NULL;
    }

  return g_strdup (text);
}

static void
cr_secrets_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  CrSecrets *self = source_object;
  Request *request = task_data;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  CrPassword *password;

  service = get_service (cancellable, &error);
  if (service == NULL)
    {
      /* Nothing can have been kept in a keyring that is not there. */
      if (request->operation == OPERATION_STORE && !request->remember &&
          g_error_matches (error, CR_SECRETS_ERROR, CR_SECRETS_ERROR_UNAVAILABLE))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (request->operation)
    {
    case OPERATION_STORE:
      if (request->remember ?
          store_in_keyring (service, request, cancellable, &error) :
          clear_in_keyring (service, request->attributes, cancellable, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      break;

    case OPERATION_LOOKUP:
      password = lookup_in_keyring (service, request->attributes, cancellable, &error);
      if (error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          break;
        }
      if (password != NULL)
        session_insert (self, request->cache_key, password);
      g_task_return_pointer (task, password, (GDestroyNotify) cr_password_free);
      break;

    case OPERATION_CLEAR:
      if (clear_in_keyring (service, request->attributes, cancellable, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      break;

    default:
      g_assert_not_reached ();
    }
}

static Request *
request_new (Operation  operation,
             CrAccount *account,
             CrServer  *server)
{
  Request *request = g_new0 (Request, 1);

  request->operation = operation;
  request->attributes = make_attributes (account, server);
  request->cache_key = server != NULL ?
                       make_cache_key (account, server) :
                       make_account_prefix (account);

  return request;
}

/**
 * cr_secrets_store_async:
 * @remember: “Retenir le mot de passe”: keep @password in the keyring;
 *   when %FALSE, any copy kept there before is removed
 *
 * Keeps @password for @server of @account for this session at once, then
 * in the keyring if @remember. When the keyring cannot be used, the
 * operation fails with a #CrSecretsError the UI can show, and the password
 * is still known for the session.
 */
void
cr_secrets_store_async (CrSecrets           *self,
                        CrAccount           *account,
                        CrServer            *server,
                        const char          *password,
                        gboolean             remember,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(Request) request = NULL;

  g_return_if_fail (CR_IS_SECRETS (self));
  g_return_if_fail (CR_IS_ACCOUNT (account));
  g_return_if_fail (CR_IS_SERVER (server));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_secrets_store_async);

  request = request_new (OPERATION_STORE, account, server);
  request->password = g_strdup (password);
  request->remember = !!remember;
  request->label = g_strdup_printf (/* Translators: the first %s is an identifier, the second a server name */
                                    _("Courrier password for %s on %s"),
                                    cr_account_get_login (account, server),
                                    cr_server_get_host (server));

  session_insert (self, request->cache_key, password);

  g_task_set_task_data (task, g_steal_pointer (&request), (GDestroyNotify) request_free);
  g_task_run_in_thread (task, cr_secrets_thread);
}

gboolean
cr_secrets_store_finish (CrSecrets     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (CR_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * cr_secrets_lookup_async:
 *
 * Finds the password for @server of @account: first the one known for this
 * session, then the keyring’s, which may ask the desktop to unlock it.
 */
void
cr_secrets_lookup_async (CrSecrets           *self,
                         CrAccount           *account,
                         CrServer            *server,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(Request) request = NULL;
  CrPassword *password;

  g_return_if_fail (CR_IS_SECRETS (self));
  g_return_if_fail (CR_IS_ACCOUNT (account));
  g_return_if_fail (CR_IS_SERVER (server));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_secrets_lookup_async);

  request = request_new (OPERATION_LOOKUP, account, server);

  password = session_lookup (self, request->cache_key);
  if (password != NULL)
    {
      g_task_return_pointer (task, password, (GDestroyNotify) cr_password_free);
      return;
    }

  g_task_set_task_data (task, g_steal_pointer (&request), (GDestroyNotify) request_free);
  g_task_run_in_thread (task, cr_secrets_thread);
}

/**
 * cr_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the password, or %NULL if none is
 *   known (without @error: ask the person) or on error
 */
CrPassword *
cr_secrets_lookup_finish (CrSecrets     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (CR_IS_SECRETS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cr_secrets_clear_async:
 * @server: (nullable): one server, or %NULL for every password of @account
 *
 * Forgets the passwords, for the session at once and in the keyring.
 */
void
cr_secrets_clear_async (CrSecrets           *self,
                        CrAccount           *account,
                        CrServer            *server,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(Request) request = NULL;

  g_return_if_fail (CR_IS_SECRETS (self));
  g_return_if_fail (CR_IS_ACCOUNT (account));
  g_return_if_fail (server == NULL || CR_IS_SERVER (server));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_secrets_clear_async);

  request = request_new (OPERATION_CLEAR, account, server);
  session_remove (self, request->cache_key, server == NULL);

  g_task_set_task_data (task, g_steal_pointer (&request), (GDestroyNotify) request_free);
  g_task_run_in_thread (task, cr_secrets_thread);
}

gboolean
cr_secrets_clear_finish (CrSecrets     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (CR_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_secrets_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
