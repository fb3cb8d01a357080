/* cr-imap-session.c — a logged-in IMAP connection
 *
 * "Connect and log in": TCP, TLS (implicit, or STARTTLS that fails closed),
 * capabilities, then LOGIN or AUTHENTICATE CRAM-MD5. The mailimap handle is
 * then given to the sync engine.
 *
 * A session is used by one thread at a time: the _sync functions block and
 * belong on the account's worker thread; connect_async() runs the same
 * code in a GTask thread for the setup assistant's "Re-tester".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-connection.h"
#include "cr-etpan-stream.h"
#include "cr-imap-session.h"
#include "cr-net-error.h"
#include "cr-sasl.h"

struct _CrImapSession
{
  GObject             parent_instance;

  CrServer           *server;
  char               *login;
  CrCertificateStore *store;
  GTlsDatabase       *database;
  CrConnection       *connection;
  CrCertificateInfo  *certificate_info;
  mailimap           *imap;
  guint               timeout;
};

G_DEFINE_FINAL_TYPE (CrImapSession, cr_imap_session, G_TYPE_OBJECT)

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

/* Closes without LOGOUT: used when something went wrong, when the
 * server must not be told anything more. */
static void
drop_imap (CrImapSession *self)
{
  if (self->imap == NULL)
    return;

  if (self->imap->imap_stream != NULL)
    {
      mailstream_close (self->imap->imap_stream);
      self->imap->imap_stream = NULL;
    }
  g_clear_pointer (&self->imap, mailimap_free);
}

static void
cr_imap_session_dispose (GObject *object)
{
  CrImapSession *self = (CrImapSession *)object;

  /* No goodbye round trip here: the last reference may be dropped on the
   * main thread. cr_imap_session_disconnect() says it properly. */
  drop_imap (self);
  g_clear_object (&self->connection);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  g_clear_object (&self->database);
  g_clear_object (&self->certificate_info);

  G_OBJECT_CLASS (cr_imap_session_parent_class)->dispose (object);
}

static void
cr_imap_session_finalize (GObject *object)
{
  CrImapSession *self = (CrImapSession *)object;

  g_clear_pointer (&self->login, g_free);

  G_OBJECT_CLASS (cr_imap_session_parent_class)->finalize (object);
}

static void
cr_imap_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrImapSession *self = CR_IMAP_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;
    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_imap_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CrImapSession *self = CR_IMAP_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
    case PROP_LOGIN:
      self->login = g_value_dup_string (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;
    case PROP_TIMEOUT:
      cr_imap_session_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_imap_session_class_init (CrImapSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cr_imap_session_dispose;
  object_class->finalize = cr_imap_session_finalize;
  object_class->get_property = cr_imap_session_get_property;
  object_class->set_property = cr_imap_session_set_property;

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
cr_imap_session_init (CrImapSession *self)
{
  self->timeout = CR_CONNECTION_DEFAULT_TIMEOUT;
}

/**
 * cr_imap_session_new:
 * @server: where to connect; a copy is kept
 * @login: (nullable): the login, %NULL for the server's
 * @store: (nullable): the person's certificate exceptions
 * @database: (nullable): CA database, %NULL for the system's
 */
CrImapSession *
cr_imap_session_new (CrServer           *server,
                     const char         *login,
                     CrCertificateStore *store,
                     GTlsDatabase       *database)
{
  g_autoptr(CrServer) copy = NULL;

  g_return_val_if_fail (CR_IS_SERVER (server), NULL);

  copy = cr_server_copy (server);

  return g_object_new (CR_TYPE_IMAP_SESSION,
                       "server", copy,
                       "login", login != NULL ? login : cr_server_get_login (server),
                       "store", store,
                       "database", database,
                       NULL);
}

CrServer *
cr_imap_session_get_server (CrImapSession *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SESSION (self), NULL);

  return self->server;
}

guint
cr_imap_session_get_timeout (CrImapSession *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SESSION (self), 0);

  return self->timeout;
}

void
cr_imap_session_set_timeout (CrImapSession *self,
                             guint          seconds)
{
  g_return_if_fail (CR_IS_IMAP_SESSION (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  if (self->connection != NULL)
    cr_connection_set_timeout (self->connection, seconds);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

static const char *
host (CrImapSession *self)
{
  return cr_server_get_host (self->server);
}

static const char *
response_text (CrImapSession *self)
{
  if (self->imap != NULL && self->imap->imap_response != NULL)
    return self->imap->imap_response;

  return "";
}

/* libetpan only says which step failed; the connection knows why. */
static void
set_imap_error (CrImapSession  *self,
                int             r,
                GError        **error)
{
  GError *io_error;

  switch (r)
    {
    case MAILIMAP_ERROR_STREAM:
      if ((io_error = cr_connection_dup_io_error (self->connection)) != NULL)
        g_propagate_error (error, io_error);
      else
        g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST,
                     /* Translators: %s is a server name */
                     _("The server “%s” closed the connection."), host (self));
      break;

    case MAILIMAP_ERROR_PARSE:
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_PROTOCOL,
                   /* Translators: %s is a server name */
                   _("The server “%s” sent an answer that could not be understood."),
                   host (self));
      break;

    case MAILIMAP_ERROR_DONT_ACCEPT_CONNECTION:
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_SERVER_ERROR,
                   /* Translators: %s is a server name, the second %s its answer */
                   _("The server “%s” does not accept connections: %s"),
                   host (self), response_text (self));
      break;

    default:
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_SERVER_ERROR,
                   /* Translators: %s is a server name, the second %s its answer */
                   _("The server “%s” reported an error: %s"),
                   host (self), response_text (self));
      break;
    }
}

static gboolean
refresh_capabilities (CrImapSession  *self,
                      GError        **error)
{
  struct mailimap_capability_data *caps = NULL;
  int r;

  if ((r = mailimap_capability (self->imap, &caps)) != MAILIMAP_NO_ERROR)
    {
      set_imap_error (self, r, error);
      return FALSE;
    }

  mailimap_capability_data_free (caps);

  return TRUE;
}

static gboolean
ensure_capabilities (CrImapSession  *self,
                     GError        **error)
{
  /* Many servers list them in the greeting already. */
  if (self->imap->imap_connection_info != NULL &&
      self->imap->imap_connection_info->imap_capability != NULL)
    return TRUE;

  return refresh_capabilities (self, error);
}

/* Fails closed: no STARTTLS offered, a refusal, or clear-text bytes after
 * the server's OK all end the connection before any password is sent. */
static gboolean
start_tls (CrImapSession  *self,
           GCancellable   *cancellable,
           GError        **error)
{
  int r;

  if (!ensure_capabilities (self, error))
    return FALSE;

  if (!mailimap_has_extension (self->imap, "STARTTLS"))
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_UNAVAILABLE,
                   /* Translators: %s is a server name */
                   _("The server “%s” does not offer STARTTLS, so the connection cannot be secured."),
                   host (self));
      return FALSE;
    }

  if ((r = mailimap_starttls (self->imap)) != MAILIMAP_NO_ERROR)
    {
      if (r == MAILIMAP_ERROR_STREAM || r == MAILIMAP_ERROR_PARSE)
        set_imap_error (self, r, error);
      else if (!cr_etpan_stream_check_no_pending (self->imap->imap_stream, self->connection, error))
        return FALSE;
      else
        g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED,
                     /* Translators: %s is a server name, the second %s its answer */
                     _("The server “%s” refused to start a secure connection: %s"),
                     host (self), response_text (self));
      return FALSE;
    }

  if (!cr_etpan_stream_starttls (self->imap->imap_stream, self->connection, cancellable, error))
    return FALSE;

  /* What the server said before TLS may have been forged. */
  return refresh_capabilities (self, error);
}

static gboolean
log_in_password (CrImapSession  *self,
                 const char     *password,
                 GError        **error)
{
  int r;

  if (mailimap_has_extension (self->imap, "LOGINDISABLED"))
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE,
                   /* Translators: %s is a server name */
                   _("The server “%s” does not accept a normal password on this connection."),
                   host (self));
      return FALSE;
    }

  if ((r = mailimap_login (self->imap, self->login, password)) == MAILIMAP_NO_ERROR)
    return TRUE;

  if (r == MAILIMAP_ERROR_LOGIN)
    g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED,
                 /* Translators: %s is a server name, the second %s its answer */
                 _("The server “%s” refused the login or password: %s"),
                 host (self), response_text (self));
  else
    set_imap_error (self, r, error);

  return FALSE;
}

static gboolean
log_in_cram_md5 (CrImapSession  *self,
                 const char     *password,
                 GError        **error)
{
  int r;

  if (!mailimap_has_authentication (self->imap, "CRAM-MD5"))
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE,
                   /* Translators: %s is a server name */
                   _("The server “%s” does not offer the encrypted password method (CRAM-MD5)."),
                   host (self));
      return FALSE;
    }

  if (!cr_sasl_check_mechanism ("CRAM-MD5", error))
    return FALSE;

  r = mailimap_authenticate (self->imap, "CRAM-MD5", host (self), NULL, NULL,
                             self->login, self->login, password, NULL);
  if (r == MAILIMAP_NO_ERROR)
    return TRUE;

  if (r == MAILIMAP_ERROR_SASL || r == MAILIMAP_ERROR_LOGIN)
    g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED,
                 /* Translators: %s is a server name, the second %s its answer */
                 _("The server “%s” refused the login or password: %s"),
                 host (self), response_text (self));
  else
    set_imap_error (self, r, error);

  return FALSE;
}

static gboolean
log_in (CrImapSession  *self,
        const char     *password,
        GError        **error)
{
  CrSecurity security = cr_server_get_security (self->server);

  /* Never a password in clear text, unless the person chose no security. */
  g_return_val_if_fail (security == CR_SECURITY_NONE ||
                        cr_connection_is_secure (self->connection), FALSE);

  if (cr_server_get_auth_method (self->server) == CR_AUTH_CRAM_MD5)
    {
      if (!log_in_cram_md5 (self, password, error))
        return FALSE;
    }
  else if (!log_in_password (self, password, error))
    return FALSE;

  /* Servers often offer more once the person is known. */
  return refresh_capabilities (self, error);
}

static gboolean
open_connection (CrImapSession  *self,
                 GCancellable   *cancellable,
                 GError        **error)
{
  self->connection = cr_connection_new (host (self), cr_server_get_port (self->server),
                                        self->store, self->database);
  cr_connection_set_timeout (self->connection, self->timeout);
  cr_connection_set_cancellable (self->connection, cancellable);

  if (!cr_connection_connect_sync (self->connection, cancellable, error))
    return FALSE;

  if (cr_server_get_security (self->server) == CR_SECURITY_TLS)
    return cr_connection_start_tls_sync (self->connection, cancellable, error);

  return TRUE;
}

static gboolean
connect_and_log_in (CrImapSession  *self,
                    const char     *password,
                    GCancellable   *cancellable,
                    GError        **error)
{
  CrSecurity security = cr_server_get_security (self->server);
  gboolean preauth;
  int r;

  if (!open_connection (self, cancellable, error))
    return FALSE;

  self->imap = mailimap_new (0, NULL);
  r = mailimap_connect (self->imap, cr_etpan_stream_new (self->connection));
  if (r != MAILIMAP_NO_ERROR_AUTHENTICATED && r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
    {
      set_imap_error (self, r, error);
      return FALSE;
    }

  /* PREAUTH before TLS means the server skipped authentication on a
   * connection anyone could be sitting in the middle of. */
  preauth = (r == MAILIMAP_NO_ERROR_AUTHENTICATED);
  if (preauth && security == CR_SECURITY_STARTTLS)
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED,
                   /* Translators: %s is a server name */
                   _("The server “%s” logged in before the connection was secured; "
                     "the connection was closed for safety."),
                   host (self));
      return FALSE;
    }

  if (security == CR_SECURITY_STARTTLS)
    {
      if (!start_tls (self, cancellable, error))
        return FALSE;
    }
  else if (!ensure_capabilities (self, error))
    return FALSE;

  if (preauth)
    return TRUE;

  return log_in (self, password, error);
}

/**
 * cr_imap_session_connect_sync:
 * @password: the password; it is not kept
 *
 * Connects, secures the connection as the server's security says, and
 * logs in. Any earlier connection is closed first. Blocks: call it from
 * the account's worker thread.
 *
 * Returns: %TRUE when logged in; otherwise a #CR_NET_ERROR error (or
 *   %G_IO_ERROR_CANCELLED), and if a certificate was refused,
 *   cr_imap_session_get_certificate_info() describes it
 */
gboolean
cr_imap_session_connect_sync (CrImapSession  *self,
                              const char     *password,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_return_val_if_fail (CR_IS_IMAP_SESSION (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (self->login != NULL, FALSE);

  cr_imap_session_disconnect (self);
  g_clear_object (&self->certificate_info);

  if (!connect_and_log_in (self, password, cancellable, error))
    {
      g_set_object (&self->certificate_info,
                    cr_connection_get_certificate_info (self->connection));
      drop_imap (self);
      g_clear_object (&self->connection);
      return FALSE;
    }

  cr_connection_set_cancellable (self->connection, NULL);

  return TRUE;
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CrImapSession *self = source_object;
  const char *password = task_data;
  GError *error = NULL;

  if (cr_imap_session_connect_sync (self, password, cancellable, &error))
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
 * cr_imap_session_connect_async:
 *
 * cr_imap_session_connect_sync() in a worker thread. Do not use the
 * session otherwise until @callback runs.
 */
void
cr_imap_session_connect_async (CrImapSession       *self,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CR_IS_IMAP_SESSION (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_imap_session_connect_async);
  g_task_set_task_data (task, g_strdup (password), free_password);
  g_task_run_in_thread (task, connect_thread);
}

gboolean
cr_imap_session_connect_finish (CrImapSession  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (CR_IS_IMAP_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_imap_session_connect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cr_imap_session_is_connected (CrImapSession *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SESSION (self), FALSE);

  return self->imap != NULL && self->imap->imap_stream != NULL;
}

gboolean
cr_imap_session_is_secure (CrImapSession *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SESSION (self), FALSE);

  return self->connection != NULL && cr_connection_is_secure (self->connection);
}

/**
 * cr_imap_session_has_capability:
 * @name: a capability such as "IDLE", or "AUTH=PLAIN"
 */
gboolean
cr_imap_session_has_capability (CrImapSession *self,
                                const char    *name)
{
  g_return_val_if_fail (CR_IS_IMAP_SESSION (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->imap == NULL || self->imap->imap_connection_info == NULL ||
      self->imap->imap_connection_info->imap_capability == NULL)
    return FALSE;

  if (g_ascii_strncasecmp (name, "AUTH=", 5) == 0)
    return mailimap_has_authentication (self->imap, name + 5);

  return mailimap_has_extension (self->imap, name);
}

/**
 * cr_imap_session_get_certificate_info:
 *
 * Returns: (transfer none) (nullable): the certificate refused by the
 *   last connection attempt
 */
CrCertificateInfo *
cr_imap_session_get_certificate_info (CrImapSession *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SESSION (self), NULL);

  return self->certificate_info;
}

/**
 * cr_imap_session_get_imap:
 *
 * Returns: (transfer none) (nullable): the logged-in libetpan session, for
 *   the sync engine; %NULL when not connected
 */
mailimap *
cr_imap_session_get_imap (CrImapSession *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SESSION (self), NULL);

  return self->imap;
}

/**
 * cr_imap_session_set_cancellable:
 * @cancellable: (nullable): what interrupts the next reads and writes
 *
 * For the sync engine: a blocking libetpan call on this session stops
 * with %G_IO_ERROR_CANCELLED when @cancellable is cancelled.
 */
void
cr_imap_session_set_cancellable (CrImapSession *self,
                                 GCancellable  *cancellable)
{
  g_return_if_fail (CR_IS_IMAP_SESSION (self));

  if (self->connection != NULL)
    cr_connection_set_cancellable (self->connection, cancellable);
}

/**
 * cr_imap_session_set_error:
 * @r: what a libetpan call on this session returned
 *
 * Sets @error the way the session's own calls do: the connection's I/O
 * error when the stream failed, else a #CR_NET_ERROR with the server's
 * answer.
 */
void
cr_imap_session_set_error (CrImapSession  *self,
                           int             r,
                           GError        **error)
{
  g_return_if_fail (CR_IS_IMAP_SESSION (self));

  set_imap_error (self, r, error);
}

/**
 * cr_imap_session_disconnect:
 *
 * Says LOGOUT if the connection is still alive, then closes it.
 */
void
cr_imap_session_disconnect (CrImapSession *self)
{
  g_return_if_fail (CR_IS_IMAP_SESSION (self));

  if (self->imap != NULL && self->imap->imap_stream != NULL)
    mailimap_logout (self->imap);

  drop_imap (self);
  g_clear_object (&self->connection);
}
