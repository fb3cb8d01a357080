/* cr-pop3-session.c — a logged-in POP3 connection
 *
 * "Connect and log in": TCP, TLS (implicit, or STLS that fails closed),
 * CAPA, then USER/PASS, APOP or AUTH CRAM-MD5. The mailpop3 handle is then
 * given to the download engine.
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
#include "cr-pop3-session.h"
#include "cr-net-error.h"
#include "cr-pop3-session.h"
#include "cr-sasl.h"

struct _CrPop3Session
{
  GObject             parent_instance;

  CrServer           *server;
  char               *login;
  CrCertificateStore *store;
  GTlsDatabase       *database;
  CrConnection       *connection;
  CrCertificateInfo  *certificate_info;
  mailpop3           *pop3;
  GHashTable         *capabilities;
  GHashTable         *sasl;
  guint               timeout;
  gboolean            offers_apop;
};

G_DEFINE_FINAL_TYPE (CrPop3Session, cr_pop3_session, G_TYPE_OBJECT)

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
drop_pop3 (CrPop3Session *self)
{
  if (self->pop3 == NULL)
    return;

  if (self->pop3->pop3_stream != NULL)
    {
      mailstream_close (self->pop3->pop3_stream);
      self->pop3->pop3_stream = NULL;
    }
  g_clear_pointer (&self->pop3, mailpop3_free);
}

static void
cr_pop3_session_dispose (GObject *object)
{
  CrPop3Session *self = (CrPop3Session *)object;

  /* No goodbye round trip here: the last reference may be dropped on the
   * main thread. cr_pop3_session_disconnect() says it properly. */
  drop_pop3 (self);
  g_clear_object (&self->connection);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  g_clear_object (&self->database);
  g_clear_object (&self->certificate_info);

  G_OBJECT_CLASS (cr_pop3_session_parent_class)->dispose (object);
}

static void
cr_pop3_session_finalize (GObject *object)
{
  CrPop3Session *self = (CrPop3Session *)object;

  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->capabilities, g_hash_table_unref);
  g_clear_pointer (&self->sasl, g_hash_table_unref);

  G_OBJECT_CLASS (cr_pop3_session_parent_class)->finalize (object);
}

static void
cr_pop3_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrPop3Session *self = CR_POP3_SESSION (object);

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
cr_pop3_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CrPop3Session *self = CR_POP3_SESSION (object);

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
      cr_pop3_session_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_pop3_session_class_init (CrPop3SessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cr_pop3_session_dispose;
  object_class->finalize = cr_pop3_session_finalize;
  object_class->get_property = cr_pop3_session_get_property;
  object_class->set_property = cr_pop3_session_set_property;

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
cr_pop3_session_init (CrPop3Session *self)
{
  self->timeout = CR_CONNECTION_DEFAULT_TIMEOUT;
  self->capabilities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sasl = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * cr_pop3_session_new:
 * @server: where to connect; a copy is kept
 * @login: (nullable): the login, %NULL for the server's
 * @store: (nullable): the person's certificate exceptions
 * @database: (nullable): CA database, %NULL for the system's
 */
CrPop3Session *
cr_pop3_session_new (CrServer           *server,
                     const char         *login,
                     CrCertificateStore *store,
                     GTlsDatabase       *database)
{
  g_autoptr(CrServer) copy = NULL;

  g_return_val_if_fail (CR_IS_SERVER (server), NULL);

  copy = cr_server_copy (server);

  return g_object_new (CR_TYPE_POP3_SESSION,
                       "server", copy,
                       "login", login != NULL ? login : cr_server_get_login (server),
                       "store", store,
                       "database", database,
                       NULL);
}

CrServer *
cr_pop3_session_get_server (CrPop3Session *self)
{
  g_return_val_if_fail (CR_IS_POP3_SESSION (self), NULL);

  return self->server;
}

guint
cr_pop3_session_get_timeout (CrPop3Session *self)
{
  g_return_val_if_fail (CR_IS_POP3_SESSION (self), 0);

  return self->timeout;
}

void
cr_pop3_session_set_timeout (CrPop3Session *self,
                             guint          seconds)
{
  g_return_if_fail (CR_IS_POP3_SESSION (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  if (self->connection != NULL)
    cr_connection_set_timeout (self->connection, seconds);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

static const char *
host (CrPop3Session *self)
{
  return cr_server_get_host (self->server);
}

static const char *
response_text (CrPop3Session *self)
{
  if (self->pop3 != NULL && self->pop3->pop3_response != NULL)
    return self->pop3->pop3_response;

  return "";
}

/* libetpan only says which step failed; the connection knows why. */
static void
set_pop3_error (CrPop3Session  *self,
                int             r,
                GError        **error)
{
  GError *io_error;

  switch (r)
    {
    case MAILPOP3_ERROR_STREAM:
      if ((io_error = cr_connection_dup_io_error (self->connection)) != NULL)
        g_propagate_error (error, io_error);
      else
        g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST,
                     /* Translators: %s is a server name */
                     _("The server “%s” closed the connection."), host (self));
      break;

    case MAILPOP3_ERROR_BAD_USER:
    case MAILPOP3_ERROR_BAD_PASSWORD:
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED,
                   /* Translators: %s is a server name, the second %s its answer */
                   _("The server “%s” refused the login or password: %s"),
                   host (self), response_text (self));
      break;

    case MAILPOP3_ERROR_DENIED:
    case MAILPOP3_ERROR_CONNECTION_REFUSED:
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

static void
add_capability (CrPop3Session         *self,
                struct mailpop3_capa  *capa)
{
  g_hash_table_add (self->capabilities, g_ascii_strup (capa->cap_name, -1));

  if (g_ascii_strcasecmp (capa->cap_name, "SASL") != 0 || capa->cap_param == NULL)
    return;

  for (clistiter *iter = clist_begin (capa->cap_param); iter != NULL; iter = clist_next (iter))
    g_hash_table_add (self->sasl, g_ascii_strup (clist_content (iter), -1));
}

/* A server without CAPA simply has no capabilities we can rely on. */
static gboolean
refresh_capabilities (CrPop3Session  *self,
                      GError        **error)
{
  clist *list = NULL;
  int r;

  g_hash_table_remove_all (self->capabilities);
  g_hash_table_remove_all (self->sasl);

  r = mailpop3_capa (self->pop3, &list);
  if (r == MAILPOP3_ERROR_STREAM)
    {
      set_pop3_error (self, r, error);
      return FALSE;
    }
  if (r != MAILPOP3_NO_ERROR)
    return TRUE;

  for (clistiter *iter = clist_begin (list); iter != NULL; iter = clist_next (iter))
    add_capability (self, clist_content (iter));
  mailpop3_capa_resp_free (list);

  return TRUE;
}

/* Fails closed: no STLS offered, a refusal, or clear-text bytes after the
 * server's +OK all end the connection before any password is sent. */
static gboolean
start_tls (CrPop3Session  *self,
           GCancellable   *cancellable,
           GError        **error)
{
  int r;

  if (!refresh_capabilities (self, error))
    return FALSE;

  if (!g_hash_table_contains (self->capabilities, "STLS"))
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_UNAVAILABLE,
                   /* Translators: %s is a server name */
                   _("The server “%s” does not offer STARTTLS, so the connection cannot be secured."),
                   host (self));
      return FALSE;
    }

  if ((r = mailpop3_stls (self->pop3)) != MAILPOP3_NO_ERROR)
    {
      if (r == MAILPOP3_ERROR_STREAM)
        set_pop3_error (self, r, error);
      else if (!cr_etpan_stream_check_no_pending (self->pop3->pop3_stream, self->connection, error))
        return FALSE;
      else
        g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED,
                     /* Translators: %s is a server name, the second %s its answer */
                     _("The server “%s” refused to start a secure connection: %s"),
                     host (self), response_text (self));
      return FALSE;
    }

  if (!cr_etpan_stream_starttls (self->pop3->pop3_stream, self->connection, cancellable, error))
    return FALSE;

  /* What the server said before TLS may have been forged. */
  return refresh_capabilities (self, error);
}

static gboolean
log_in_password (CrPop3Session  *self,
                 const char     *password,
                 GError        **error)
{
  int r;

  if ((r = mailpop3_user (self->pop3, self->login)) == MAILPOP3_NO_ERROR)
    r = mailpop3_pass (self->pop3, password);

  if (r == MAILPOP3_NO_ERROR)
    return TRUE;

  /* Some servers answer -ERR to USER only once PASS is wrong, some to
   * USER itself: both mean the login or password is refused. */
  if (r != MAILPOP3_ERROR_STREAM)
    r = MAILPOP3_ERROR_BAD_PASSWORD;
  set_pop3_error (self, r, error);

  return FALSE;
}

static gboolean
log_in_cram_md5 (CrPop3Session  *self,
                 const char     *password,
                 GError        **error)
{
  int r;

  if (!g_hash_table_contains (self->sasl, "CRAM-MD5"))
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE,
                   /* Translators: %s is a server name */
                   _("The server “%s” does not offer the encrypted password method (CRAM-MD5)."),
                   host (self));
      return FALSE;
    }

  if (!cr_sasl_check_mechanism ("CRAM-MD5", error))
    return FALSE;

  r = mailpop3_auth (self->pop3, "CRAM-MD5", host (self), NULL, NULL,
                     self->login, self->login, password, NULL);
  if (r == MAILPOP3_NO_ERROR)
    return TRUE;

  if (r != MAILPOP3_ERROR_STREAM)
    r = MAILPOP3_ERROR_BAD_PASSWORD;
  set_pop3_error (self, r, error);

  return FALSE;
}

/* libetpan's POP3_STATE_TRANSACTION, private to mailpop3.c: the state its
 * own commands (STAT, LIST…) expect once logged in. */
#define ETPAN_POP3_STATE_TRANSACTION 2

/* APOP (RFC 1939): the MD5 of the greeting's timestamp and the password,
 * never the password itself. Without a timestamp the server does not
 * offer it: fail rather than fall back to sending the password. With
 * STLS the timestamp was read before TLS: a forged one only changes what
 * is hashed, and the digest itself goes over TLS.
 *
 * The command is sent here rather than with mailpop3_apop(): libetpan's
 * own MD5 is wrong on 64-bit builds (it gives e4c23762… for ""), so its
 * digest is refused by every server. */
static gboolean
log_in_apop (CrPop3Session  *self,
             const char     *password,
             GError        **error)
{
  mailstream *stream = self->pop3->pop3_stream;
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree char *command = NULL;
  MMAPString *buffer;
  const char *answer;
  gsize len;

  if (self->pop3->pop3_timestamp == NULL)
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE,
                   /* Translators: %s is a server name */
                   _("The server “%s” does not offer APOP."),
                   host (self));
      return FALSE;
    }

  checksum = g_checksum_new (G_CHECKSUM_MD5);
  g_checksum_update (checksum, (const guchar *) self->pop3->pop3_timestamp, -1);
  g_checksum_update (checksum, (const guchar *) password, -1);
  command = g_strdup_printf ("APOP %s %s\r\n", self->login, g_checksum_get_string (checksum));
  len = strlen (command);

  if (mailstream_write (stream, command, len) != (ssize_t) len ||
      mailstream_flush (stream) != 0)
    {
      set_pop3_error (self, MAILPOP3_ERROR_STREAM, error);
      return FALSE;
    }

  buffer = mmap_string_new ("");
  answer = mailstream_read_line_remove_eol (stream, buffer);
  if (answer == NULL)
    {
      mmap_string_free (buffer);
      set_pop3_error (self, MAILPOP3_ERROR_STREAM, error);
      return FALSE;
    }

  if (g_str_has_prefix (answer, "+OK"))
    {
      mmap_string_free (buffer);
      self->pop3->pop3_state = ETPAN_POP3_STATE_TRANSACTION;
      return TRUE;
    }

  if (g_str_has_prefix (answer, "-ERR"))
    answer += strlen ("-ERR");
  while (*answer == ' ')
    answer++;
  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED,
               /* Translators: %s is a server name, the second %s its answer */
               _("The server “%s” refused the login or password: %s"),
               host (self), answer);
  mmap_string_free (buffer);

  return FALSE;
}

static gboolean
log_in (CrPop3Session  *self,
        const char     *password,
        GError        **error)
{
  CrSecurity security = cr_server_get_security (self->server);

  /* Never a password in clear text, unless the person chose no security. */
  g_return_val_if_fail (security == CR_SECURITY_NONE ||
                        cr_connection_is_secure (self->connection), FALSE);

  if (cr_server_get_auth_method (self->server) == CR_AUTH_CRAM_MD5)
    return log_in_cram_md5 (self, password, error);
  if (cr_server_get_auth_method (self->server) == CR_AUTH_APOP)
    return log_in_apop (self, password, error);

  return log_in_password (self, password, error);
}

static gboolean
open_connection (CrPop3Session  *self,
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
connect_and_log_in (CrPop3Session  *self,
                    const char     *password,
                    GCancellable   *cancellable,
                    GError        **error)
{
  int r;

  if (!open_connection (self, cancellable, error))
    return FALSE;

  self->pop3 = mailpop3_new (0, NULL);
  r = mailpop3_connect (self->pop3, cr_etpan_stream_new (self->connection));
  if (r != MAILPOP3_NO_ERROR)
    {
      set_pop3_error (self, r, error);
      return FALSE;
    }
  self->offers_apop = self->pop3->pop3_timestamp != NULL;

  if (cr_server_get_security (self->server) == CR_SECURITY_STARTTLS)
    {
      if (!start_tls (self, cancellable, error))
        return FALSE;
    }
  else if (!refresh_capabilities (self, error))
    return FALSE;

  return log_in (self, password, error);
}

/**
 * cr_pop3_session_connect_sync:
 * @password: the password; it is not kept
 *
 * Connects, secures the connection as the server's security says, and
 * logs in. Any earlier connection is closed first. Blocks: call it from
 * the account's worker thread.
 *
 * Returns: %TRUE when logged in; otherwise a #CR_NET_ERROR error (or
 *   %G_IO_ERROR_CANCELLED), and if a certificate was refused,
 *   cr_pop3_session_get_certificate_info() describes it
 */
gboolean
cr_pop3_session_connect_sync (CrPop3Session  *self,
                              const char     *password,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_return_val_if_fail (CR_IS_POP3_SESSION (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (self->login != NULL, FALSE);

  cr_pop3_session_disconnect (self);
  g_clear_object (&self->certificate_info);
  self->offers_apop = FALSE;

  if (!connect_and_log_in (self, password, cancellable, error))
    {
      g_set_object (&self->certificate_info,
                    cr_connection_get_certificate_info (self->connection));
      drop_pop3 (self);
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
  CrPop3Session *self = source_object;
  const char *password = task_data;
  GError *error = NULL;

  if (cr_pop3_session_connect_sync (self, password, cancellable, &error))
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
 * cr_pop3_session_connect_async:
 *
 * cr_pop3_session_connect_sync() in a worker thread. Do not use the
 * session otherwise until @callback runs.
 */
void
cr_pop3_session_connect_async (CrPop3Session       *self,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CR_IS_POP3_SESSION (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_pop3_session_connect_async);
  g_task_set_task_data (task, g_strdup (password), free_password);
  g_task_run_in_thread (task, connect_thread);
}

gboolean
cr_pop3_session_connect_finish (CrPop3Session  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (CR_IS_POP3_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_pop3_session_connect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cr_pop3_session_is_connected (CrPop3Session *self)
{
  g_return_val_if_fail (CR_IS_POP3_SESSION (self), FALSE);

  return self->pop3 != NULL && self->pop3->pop3_stream != NULL;
}

gboolean
cr_pop3_session_is_secure (CrPop3Session *self)
{
  g_return_val_if_fail (CR_IS_POP3_SESSION (self), FALSE);

  return self->connection != NULL && cr_connection_is_secure (self->connection);
}

/**
 * cr_pop3_session_has_capability:
 * @name: a CAPA name such as "UIDL" or "SASL"
 */
gboolean
cr_pop3_session_has_capability (CrPop3Session *self,
                                const char    *name)
{
  g_return_val_if_fail (CR_IS_POP3_SESSION (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  g_autofree char *upper = g_ascii_strup (name, -1);

  return g_hash_table_contains (self->capabilities, upper);
}

/**
 * cr_pop3_session_offers_apop:
 *
 * Whether the last greeting carried the timestamp that APOP needs. It
 * stays known after a failed login, so a prober can tell the setup
 * assistant whether to offer APOP.
 */
gboolean
cr_pop3_session_offers_apop (CrPop3Session *self)
{
  g_return_val_if_fail (CR_IS_POP3_SESSION (self), FALSE);

  return self->offers_apop;
}

/**
 * cr_pop3_session_get_certificate_info:
 *
 * Returns: (transfer none) (nullable): the certificate refused by the
 *   last connection attempt
 */
CrCertificateInfo *
cr_pop3_session_get_certificate_info (CrPop3Session *self)
{
  g_return_val_if_fail (CR_IS_POP3_SESSION (self), NULL);

  return self->certificate_info;
}

/**
 * cr_pop3_session_get_pop3:
 *
 * Returns: (transfer none) (nullable): the logged-in libetpan session, for
 *   the download engine; %NULL when not connected
 */
mailpop3 *
cr_pop3_session_get_pop3 (CrPop3Session *self)
{
  g_return_val_if_fail (CR_IS_POP3_SESSION (self), NULL);

  return self->pop3;
}

/**
 * cr_pop3_session_disconnect:
 *
 * Says QUIT if the connection is still alive, then closes it. QUIT is
 * also what makes the server apply deletions.
 */
void
cr_pop3_session_disconnect (CrPop3Session *self)
{
  g_return_if_fail (CR_IS_POP3_SESSION (self));

  if (self->pop3 != NULL && self->pop3->pop3_stream != NULL)
    mailpop3_quit (self->pop3);

  drop_pop3 (self);
  g_clear_object (&self->connection);
}
