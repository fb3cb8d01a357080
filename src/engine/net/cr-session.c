/* cr-session.c — what the IMAP, POP3 and SMTP sessions share
 *
 * The connection's life (TCP, implicit TLS, timeouts, cancellation, the
 * refused certificate kept for the person to review), the threaded
 * connect, and the errors the three protocols word alike. Each protocol
 * subclass speaks its own greeting, STARTTLS and login in log_in().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-net-error.h"
#include "cr-session.h"

typedef struct
{
  CrServer           *server;
  char               *login;
  CrCertificateStore *store;
  GTlsDatabase       *database;
  CrConnection       *connection;
  CrCertificateInfo  *certificate_info;
  guint               timeout;
} CrSessionPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CrSession, cr_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER,
  PROP_LOGIN,
  PROP_STORE,
  PROP_DATABASE,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
drop (CrSession *self)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  CR_SESSION_GET_CLASS (self)->drop (self);
  g_clear_object (&priv->connection);
}

static void
cr_session_dispose (GObject *object)
{
  CrSession *self = (CrSession *)object;
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  /* No goodbye round trip here: the last reference may be dropped on the
   * main thread. cr_session_disconnect() says it properly. */
  drop (self);
  g_clear_object (&priv->server);
  g_clear_object (&priv->store);
  g_clear_object (&priv->database);
  g_clear_object (&priv->certificate_info);

  G_OBJECT_CLASS (cr_session_parent_class)->dispose (object);
}

static void
cr_session_finalize (GObject *object)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (CR_SESSION (object));

  g_clear_pointer (&priv->login, g_free);

  G_OBJECT_CLASS (cr_session_parent_class)->finalize (object);
}

static void
cr_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (CR_SESSION (object));

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, priv->server);
      break;
    case PROP_LOGIN:
      g_value_set_string (value, priv->login);
      break;
    case PROP_STORE:
      g_value_set_object (value, priv->store);
      break;
    case PROP_DATABASE:
      g_value_set_object (value, priv->database);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, priv->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CrSession *self = CR_SESSION (object);
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SERVER:
      /* A copy: the account's server may be edited while we connect. */
      priv->server = cr_server_copy (g_value_get_object (value));
      break;
    case PROP_LOGIN:
      priv->login = g_value_dup_string (value);
      break;
    case PROP_STORE:
      priv->store = g_value_dup_object (value);
      break;
    case PROP_DATABASE:
      priv->database = g_value_dup_object (value);
      break;
    case PROP_TIMEOUT:
      cr_session_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_session_constructed (GObject *object)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (CR_SESSION (object));

  G_OBJECT_CLASS (cr_session_parent_class)->constructed (object);

  g_assert (CR_IS_SERVER (priv->server));
  if (priv->login == NULL)
    priv->login = g_strdup (cr_server_get_login (priv->server));
}

static void
cr_session_class_init (CrSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = cr_session_constructed;
  object_class->dispose = cr_session_dispose;
  object_class->finalize = cr_session_finalize;
  object_class->get_property = cr_session_get_property;
  object_class->set_property = cr_session_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, CR_TYPE_SERVER, construct);
  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL, NULL, construct);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CR_TYPE_CERTIFICATE_STORE, construct);
  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, G_TYPE_TLS_DATABASE, construct);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT, CR_CONNECTION_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_session_init (CrSession *self)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  priv->timeout = CR_CONNECTION_DEFAULT_TIMEOUT;
}

CrServer *
cr_session_get_server (CrSession *self)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  g_return_val_if_fail (CR_IS_SESSION (self), NULL);

  return priv->server;
}

const char *
cr_session_get_host (CrSession *self)
{
  g_return_val_if_fail (CR_IS_SESSION (self), NULL);

  return cr_server_get_host (cr_session_get_server (self));
}

const char *
cr_session_get_login (CrSession *self)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  g_return_val_if_fail (CR_IS_SESSION (self), NULL);

  return priv->login;
}

guint
cr_session_get_timeout (CrSession *self)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  g_return_val_if_fail (CR_IS_SESSION (self), 0);

  return priv->timeout;
}

void
cr_session_set_timeout (CrSession *self,
                        guint      seconds)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  g_return_if_fail (CR_IS_SESSION (self));
  g_return_if_fail (seconds > 0);

  if (priv->timeout == seconds)
    return;

  priv->timeout = seconds;
  if (priv->connection != NULL)
    cr_connection_set_timeout (priv->connection, seconds);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * cr_session_get_connection:
 *
 * Returns: (transfer none) (nullable): the open connection, for the
 *   protocol subclass; %NULL when not connected
 */
CrConnection *
cr_session_get_connection (CrSession *self)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  g_return_val_if_fail (CR_IS_SESSION (self), NULL);

  return priv->connection;
}

static gboolean
open_connection (CrSession     *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  priv->connection = cr_connection_new (cr_server_get_host (priv->server),
                                        cr_server_get_port (priv->server),
                                        priv->store, priv->database);
  cr_connection_set_timeout (priv->connection, priv->timeout);
  cr_connection_set_cancellable (priv->connection, cancellable);

  if (!cr_connection_connect_sync (priv->connection, cancellable, error))
    return FALSE;

  if (cr_server_get_security (priv->server) == CR_SECURITY_TLS)
    return cr_connection_start_tls_sync (priv->connection, cancellable, error);

  return TRUE;
}

/**
 * cr_session_connect_sync:
 * @password: the password; it is not kept
 *
 * Connects, secures the connection as the server's security says, and
 * logs in. Any earlier connection is closed first. Blocks: call it from
 * the account's worker thread.
 *
 * Returns: %TRUE when logged in; otherwise a #CR_NET_ERROR error (or
 *   %G_IO_ERROR_CANCELLED), and if a certificate was refused,
 *   cr_session_get_certificate_info() describes it
 */
gboolean
cr_session_connect_sync (CrSession     *self,
                         const char    *password,
                         GCancellable  *cancellable,
                         GError       **error)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  g_return_val_if_fail (CR_IS_SESSION (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (priv->login != NULL, FALSE);

  cr_session_disconnect (self);
  g_clear_object (&priv->certificate_info);

  if (!open_connection (self, cancellable, error) ||
      !CR_SESSION_GET_CLASS (self)->log_in (self, priv->connection, password,
                                            cancellable, error))
    {
      g_set_object (&priv->certificate_info,
                    cr_connection_get_certificate_info (priv->connection));
      drop (self);
      return FALSE;
    }

  cr_connection_set_cancellable (priv->connection, NULL);

  return TRUE;
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (cr_session_connect_sync (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
free_password (gpointer password)
{
  memset (password, 0, strlen (password));
  g_free (password);
}

/**
 * cr_session_connect_async:
 *
 * cr_session_connect_sync() in a worker thread. Do not use the session
 * otherwise until @callback runs.
 */
void
cr_session_connect_async (CrSession           *self,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CR_IS_SESSION (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_session_connect_async);
  g_task_set_task_data (task, g_strdup (password), free_password);
  g_task_run_in_thread (task, connect_thread);
}

gboolean
cr_session_connect_finish (CrSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (CR_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_session_connect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cr_session_is_secure (CrSession *self)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  g_return_val_if_fail (CR_IS_SESSION (self), FALSE);

  return priv->connection != NULL && cr_connection_is_secure (priv->connection);
}

/**
 * cr_session_get_certificate_info:
 *
 * Returns: (transfer none) (nullable): the certificate refused by the
 *   last connection attempt
 */
CrCertificateInfo *
cr_session_get_certificate_info (CrSession *self)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  g_return_val_if_fail (CR_IS_SESSION (self), NULL);

  return priv->certificate_info;
}

/**
 * cr_session_set_cancellable:
 * @cancellable: (nullable): what interrupts the next reads and writes
 *
 * A blocking libetpan call on this session stops with
 * %G_IO_ERROR_CANCELLED when @cancellable is cancelled.
 */
void
cr_session_set_cancellable (CrSession    *self,
                            GCancellable *cancellable)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  g_return_if_fail (CR_IS_SESSION (self));

  if (priv->connection != NULL)
    cr_connection_set_cancellable (priv->connection, cancellable);
}

/**
 * cr_session_set_stream_error:
 *
 * For a libetpan stream failure: libetpan only says which step failed,
 * the connection knows why (timeout, TLS, reset); without a reason the
 * server hung up.
 */
void
cr_session_set_stream_error (CrSession  *self,
                             GError    **error)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);
  GError *io_error = NULL;

  g_return_if_fail (CR_IS_SESSION (self));

  if (priv->connection != NULL)
    io_error = cr_connection_dup_io_error (priv->connection);

  if (io_error != NULL)
    g_propagate_error (error, io_error);
  else
    g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST,
                 /* Translators: %s is a server name */
                 _("The server “%s” closed the connection."),
                 cr_session_get_host (self));
}

void
cr_session_set_auth_error (CrSession   *self,
                           const char  *answer,
                           GError     **error)
{
  g_return_if_fail (CR_IS_SESSION (self));

  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED,
               /* Translators: %s is a server name, the second %s its answer */
               _("The server “%s” refused the login or password: %s"),
               cr_session_get_host (self), answer != NULL ? answer : "");
}

void
cr_session_set_no_starttls_error (CrSession  *self,
                                  GError    **error)
{
  g_return_if_fail (CR_IS_SESSION (self));

  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_UNAVAILABLE,
               /* Translators: %s is a server name */
               _("The server “%s” does not offer STARTTLS, so the connection cannot be secured."),
               cr_session_get_host (self));
}

void
cr_session_set_starttls_refused_error (CrSession   *self,
                                       const char  *answer,
                                       GError     **error)
{
  g_return_if_fail (CR_IS_SESSION (self));

  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED,
               /* Translators: %s is a server name, the second %s its answer */
               _("The server “%s” refused to start a secure connection: %s"),
               cr_session_get_host (self), answer != NULL ? answer : "");
}

/**
 * cr_session_disconnect:
 *
 * Says goodbye if the connection is still alive, then closes it.
 */
void
cr_session_disconnect (CrSession *self)
{
  CrSessionPrivate *priv = cr_session_get_instance_private (self);

  g_return_if_fail (CR_IS_SESSION (self));

  if (priv->connection != NULL)
    CR_SESSION_GET_CLASS (self)->say_goodbye (self);

  drop (self);
}

/**
 * cr_session_abandon:
 *
 * Closes without a word to the server: for a session that is out of
 * step with it (an answer could not be read), where a goodbye would only
 * wait for the wrong answer. The next use connects again.
 */
void
cr_session_abandon (CrSession *self)
{
  g_return_if_fail (CR_IS_SESSION (self));

  drop (self);
}
