/* cr-smtp-session.c — a logged-in SMTP connection
 *
 * "Connect and log in": TCP, TLS (implicit, or STARTTLS that fails closed),
 * EHLO (again after TLS: AUTH is often offered only then), then AUTH. The
 * mailsmtp handle is then given to the outbox.
 *
 * libetpan's mailsmtp_auth() goes through Cyrus SASL and prefers
 * DIGEST-MD5; a normal password is sent here as AUTH PLAIN (or LOGIN) by
 * hand, only over TLS unless the person chose no security.
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
#include "cr-smtp-session.h"
#include "cr-net-error.h"
#include "cr-sasl.h"
#include "cr-smtp-session.h"

struct _CrSmtpSession
{
  GObject             parent_instance;

  CrServer           *server;
  char               *login;
  CrCertificateStore *store;
  GTlsDatabase       *database;
  CrConnection       *connection;
  CrCertificateInfo  *certificate_info;
  mailsmtp           *smtp;
  guint               timeout;
};

G_DEFINE_FINAL_TYPE (CrSmtpSession, cr_smtp_session, G_TYPE_OBJECT)

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
drop_smtp (CrSmtpSession *self)
{
  if (self->smtp == NULL)
    return;

  if (self->smtp->stream != NULL)
    {
      mailstream_close (self->smtp->stream);
      self->smtp->stream = NULL;
    }
  g_clear_pointer (&self->smtp, mailsmtp_free);
}

static void
cr_smtp_session_dispose (GObject *object)
{
  CrSmtpSession *self = (CrSmtpSession *)object;

  /* No goodbye round trip here: the last reference may be dropped on the
   * main thread. cr_smtp_session_disconnect() says it properly. */
  drop_smtp (self);
  g_clear_object (&self->connection);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  g_clear_object (&self->database);
  g_clear_object (&self->certificate_info);

  G_OBJECT_CLASS (cr_smtp_session_parent_class)->dispose (object);
}

static void
cr_smtp_session_finalize (GObject *object)
{
  CrSmtpSession *self = (CrSmtpSession *)object;

  g_clear_pointer (&self->login, g_free);

  G_OBJECT_CLASS (cr_smtp_session_parent_class)->finalize (object);
}

static void
cr_smtp_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrSmtpSession *self = CR_SMTP_SESSION (object);

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
cr_smtp_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CrSmtpSession *self = CR_SMTP_SESSION (object);

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
      cr_smtp_session_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_smtp_session_class_init (CrSmtpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cr_smtp_session_dispose;
  object_class->finalize = cr_smtp_session_finalize;
  object_class->get_property = cr_smtp_session_get_property;
  object_class->set_property = cr_smtp_session_set_property;

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
cr_smtp_session_init (CrSmtpSession *self)
{
  self->timeout = CR_CONNECTION_DEFAULT_TIMEOUT;
}

/**
 * cr_smtp_session_new:
 * @server: where to connect; a copy is kept
 * @login: (nullable): the login, %NULL for the server's
 * @store: (nullable): the person's certificate exceptions
 * @database: (nullable): CA database, %NULL for the system's
 */
CrSmtpSession *
cr_smtp_session_new (CrServer           *server,
                     const char         *login,
                     CrCertificateStore *store,
                     GTlsDatabase       *database)
{
  g_autoptr(CrServer) copy = NULL;

  g_return_val_if_fail (CR_IS_SERVER (server), NULL);

  copy = cr_server_copy (server);

  return g_object_new (CR_TYPE_SMTP_SESSION,
                       "server", copy,
                       "login", login != NULL ? login : cr_server_get_login (server),
                       "store", store,
                       "database", database,
                       NULL);
}

CrServer *
cr_smtp_session_get_server (CrSmtpSession *self)
{
  g_return_val_if_fail (CR_IS_SMTP_SESSION (self), NULL);

  return self->server;
}

guint
cr_smtp_session_get_timeout (CrSmtpSession *self)
{
  g_return_val_if_fail (CR_IS_SMTP_SESSION (self), 0);

  return self->timeout;
}

void
cr_smtp_session_set_timeout (CrSmtpSession *self,
                             guint          seconds)
{
  g_return_if_fail (CR_IS_SMTP_SESSION (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  if (self->connection != NULL)
    cr_connection_set_timeout (self->connection, seconds);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

typedef struct
{
  const char *keyword;
  int         flag;
} Keyword;

static const Keyword esmtp_keywords[] = {
  { "EXPN", MAILSMTP_ESMTP_EXPN },
  { "8BITMIME", MAILSMTP_ESMTP_8BITMIME },
  { "SIZE", MAILSMTP_ESMTP_SIZE },
  { "ETRN", MAILSMTP_ESMTP_ETRN },
  { "STARTTLS", MAILSMTP_ESMTP_STARTTLS },
  { "DSN", MAILSMTP_ESMTP_DSN },
  { "PIPELINING", MAILSMTP_ESMTP_PIPELINING },
  { "CLIENTID", MAILSMTP_ESMTP_CLIENTID },
};

static const Keyword auth_keywords[] = {
  { "CRAM-MD5", MAILSMTP_AUTH_CRAM_MD5 },
  { "PLAIN", MAILSMTP_AUTH_PLAIN },
  { "LOGIN", MAILSMTP_AUTH_LOGIN },
  { "DIGEST-MD5", MAILSMTP_AUTH_DIGEST_MD5 },
  { "GSSAPI", MAILSMTP_AUTH_GSSAPI },
  { "SRP", MAILSMTP_AUTH_SRP },
  { "NTLM", MAILSMTP_AUTH_NTLM },
  { "KERBEROS_V4", MAILSMTP_AUTH_KERBEROS_V4 },
};

static int
flag_for (const Keyword *keywords,
          gsize          n_keywords,
          const char    *keyword)
{
  for (gsize i = 0; i < n_keywords; i++)
    if (g_ascii_strcasecmp (keywords[i].keyword, keyword) == 0)
      return keywords[i].flag;

  return 0;
}

static const char *
host (CrSmtpSession *self)
{
  return cr_server_get_host (self->server);
}

static const char *
response_text (CrSmtpSession *self)
{
  if (self->smtp != NULL && self->smtp->response != NULL)
    return self->smtp->response;

  return "";
}

static void
set_stream_error (CrSmtpSession  *self,
                  GError        **error)
{
  GError *io_error;

  if ((io_error = cr_connection_dup_io_error (self->connection)) != NULL)
    g_propagate_error (error, io_error);
  else
    g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST,
                 /* Translators: %s is a server name */
                 _("The server “%s” closed the connection."), host (self));
}

/* libetpan only says which step failed; the connection knows why. */
static void
set_smtp_error (CrSmtpSession  *self,
                int             r,
                GError        **error)
{
  switch (r)
    {
    case MAILSMTP_ERROR_STREAM:
      set_stream_error (self, error);
      break;

    case MAILSMTP_ERROR_SERVICE_NOT_AVAILABLE:
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_SERVER_ERROR,
                   /* Translators: %s is a server name, the second %s its answer */
                   _("The server “%s” does not accept connections: %s"),
                   host (self), response_text (self));
      break;

    case MAILSMTP_ERROR_AUTH_LOGIN:
    case MAILSMTP_ERROR_AUTH_AUTHENTICATION_FAILED:
    case MAILSMTP_ERROR_AUTH_NOT_SUPPORTED:
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED,
                   /* Translators: %s is a server name, the second %s its answer */
                   _("The server “%s” refused the login or password: %s"),
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
ehlo (CrSmtpSession  *self,
      GError        **error)
{
  int r = mailesmtp_ehlo (self->smtp);

  /* An old server without ESMTP can still be used without security. */
  if (r == MAILSMTP_ERROR_NOT_IMPLEMENTED &&
      cr_server_get_security (self->server) == CR_SECURITY_NONE)
    r = mailsmtp_helo (self->smtp);

  if (r == MAILSMTP_NO_ERROR)
    return TRUE;

  set_smtp_error (self, r, error);
  return FALSE;
}

/* Fails closed: no STARTTLS offered, a refusal, or clear-text bytes after
 * the server's 220 all end the connection before any password is sent. */
static gboolean
start_tls (CrSmtpSession  *self,
           GCancellable   *cancellable,
           GError        **error)
{
  int r;

  if ((self->smtp->esmtp & MAILSMTP_ESMTP_STARTTLS) == 0)
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_UNAVAILABLE,
                   /* Translators: %s is a server name */
                   _("The server “%s” does not offer STARTTLS, so the connection cannot be secured."),
                   host (self));
      return FALSE;
    }

  if ((r = mailesmtp_starttls (self->smtp)) != MAILSMTP_NO_ERROR)
    {
      if (r == MAILSMTP_ERROR_STREAM)
        set_smtp_error (self, r, error);
      else if (!cr_etpan_stream_check_no_pending (self->smtp->stream, self->connection, error))
        return FALSE;
      else
        g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED,
                     /* Translators: %s is a server name, the second %s its answer */
                     _("The server “%s” refused to start a secure connection: %s"),
                     host (self), response_text (self));
      return FALSE;
    }

  if (!cr_etpan_stream_starttls (self->smtp->stream, self->connection, cancellable, error))
    return FALSE;

  /* What the server said before TLS may have been forged, and AUTH is
   * often offered only now. */
  return ehlo (self, error);
}

/* Strings holding a password are zeroed before they are freed. */
typedef char CrSecret;

static void
wipe (CrSecret *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrSecret, wipe)

/* Sends one line that carries a secret (kept out of libetpan's logs) and
 * returns the server's reply code, 0 if the connection failed. */
static int
send_secret_line (CrSmtpSession *self,
                  const char    *line)
{
  g_autoptr(CrSecret) command = g_strconcat (line, "\r\n", NULL);

  if (mailsmtp_send_command_private (self->smtp, command) == -1)
    return 0;

  return mailsmtp_read_response (self->smtp);
}

static gboolean
check_auth_reply (CrSmtpSession  *self,
                  int             code,
                  int             expected,
                  GError        **error)
{
  if (code == expected)
    return TRUE;

  if (code == 0)
    set_stream_error (self, error);
  else if (code >= 500)
    set_smtp_error (self, MAILSMTP_ERROR_AUTH_AUTHENTICATION_FAILED, error);
  else
    set_smtp_error (self, MAILSMTP_ERROR_AUTH_TEMPORARY_FAILTURE, error);

  return FALSE;
}

static gboolean
auth_plain (CrSmtpSession  *self,
            const char     *password,
            GError        **error)
{
  gsize login_len = strlen (self->login);
  gsize password_len = strlen (password);
  gsize len = 1 + login_len + 1 + password_len;
  char *raw = g_malloc0 (len);
  g_autoptr(CrSecret) encoded = NULL;
  g_autoptr(CrSecret) line = NULL;

  /* RFC 4616: authorization id (empty) NUL login NUL password. */
  memcpy (raw + 1, self->login, login_len);
  memcpy (raw + 2 + login_len, password, password_len);
  encoded = g_base64_encode ((const guchar *)raw, len);
  memset (raw, 0, len);
  g_free (raw);
  line = g_strconcat ("AUTH PLAIN ", encoded, NULL);

  return check_auth_reply (self, send_secret_line (self, line), 235, error);
}

static gboolean
auth_login (CrSmtpSession  *self,
            const char     *password,
            GError        **error)
{
  g_autoptr(CrSecret) user = g_base64_encode ((const guchar *)self->login, strlen (self->login));
  g_autoptr(CrSecret) pass = g_base64_encode ((const guchar *)password, strlen (password));

  return check_auth_reply (self, send_secret_line (self, "AUTH LOGIN"), 334, error) &&
         check_auth_reply (self, send_secret_line (self, user), 334, error) &&
         check_auth_reply (self, send_secret_line (self, pass), 235, error);
}

static gboolean
auth_cram_md5 (CrSmtpSession  *self,
               const char     *password,
               GError        **error)
{
  int r;

  if ((self->smtp->auth & MAILSMTP_AUTH_CRAM_MD5) == 0)
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE,
                   /* Translators: %s is a server name */
                   _("The server “%s” does not offer the encrypted password method (CRAM-MD5)."),
                   host (self));
      return FALSE;
    }

  if (!cr_sasl_check_mechanism ("CRAM-MD5", error))
    return FALSE;

  r = mailesmtp_auth_sasl (self->smtp, "CRAM-MD5", host (self), NULL, NULL,
                           self->login, self->login, password, NULL);
  if (r == MAILSMTP_NO_ERROR)
    return TRUE;

  set_smtp_error (self, r == MAILSMTP_ERROR_STREAM ? r : MAILSMTP_ERROR_AUTH_AUTHENTICATION_FAILED,
                  error);
  return FALSE;
}

static gboolean
log_in (CrSmtpSession  *self,
        const char     *password,
        GError        **error)
{
  CrSecurity security = cr_server_get_security (self->server);

  /* Never a password in clear text, unless the person chose no security. */
  g_return_val_if_fail (security == CR_SECURITY_NONE ||
                        cr_connection_is_secure (self->connection), FALSE);

  if (cr_server_get_auth_method (self->server) == CR_AUTH_CRAM_MD5)
    return auth_cram_md5 (self, password, error);

  if ((self->smtp->auth & MAILSMTP_AUTH_PLAIN) != 0)
    return auth_plain (self, password, error);

  if ((self->smtp->auth & MAILSMTP_AUTH_LOGIN) != 0)
    return auth_login (self, password, error);

  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE,
               /* Translators: %s is a server name */
               _("The server “%s” does not offer to log in with a normal password."),
               host (self));
  return FALSE;
}

static gboolean
open_connection (CrSmtpSession  *self,
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
connect_and_log_in (CrSmtpSession  *self,
                    const char     *password,
                    GCancellable   *cancellable,
                    GError        **error)
{
  int r;

  if (!open_connection (self, cancellable, error))
    return FALSE;

  self->smtp = mailsmtp_new (0, NULL);
  /* On failure libetpan closes the stream itself. */
  r = mailsmtp_connect (self->smtp, cr_etpan_stream_new (self->connection));
  if (r != MAILSMTP_NO_ERROR)
    {
      set_smtp_error (self, r, error);
      return FALSE;
    }

  if (!ehlo (self, error))
    return FALSE;

  if (cr_server_get_security (self->server) == CR_SECURITY_STARTTLS &&
      !start_tls (self, cancellable, error))
    return FALSE;

  return log_in (self, password, error);
}

/**
 * cr_smtp_session_connect_sync:
 * @password: the password; it is not kept
 *
 * Connects, secures the connection as the server's security says, and
 * logs in. Any earlier connection is closed first. Blocks: call it from
 * the account's worker thread.
 *
 * Returns: %TRUE when logged in; otherwise a #CR_NET_ERROR error (or
 *   %G_IO_ERROR_CANCELLED), and if a certificate was refused,
 *   cr_smtp_session_get_certificate_info() describes it
 */
gboolean
cr_smtp_session_connect_sync (CrSmtpSession  *self,
                              const char     *password,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_return_val_if_fail (CR_IS_SMTP_SESSION (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (self->login != NULL, FALSE);

  cr_smtp_session_disconnect (self);
  g_clear_object (&self->certificate_info);

  if (!connect_and_log_in (self, password, cancellable, error))
    {
      g_set_object (&self->certificate_info,
                    cr_connection_get_certificate_info (self->connection));
      drop_smtp (self);
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
  CrSmtpSession *self = source_object;
  const char *password = task_data;
  GError *error = NULL;

  if (cr_smtp_session_connect_sync (self, password, cancellable, &error))
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
 * cr_smtp_session_connect_async:
 *
 * cr_smtp_session_connect_sync() in a worker thread. Do not use the
 * session otherwise until @callback runs.
 */
void
cr_smtp_session_connect_async (CrSmtpSession       *self,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CR_IS_SMTP_SESSION (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_smtp_session_connect_async);
  g_task_set_task_data (task, g_strdup (password), free_password);
  g_task_run_in_thread (task, connect_thread);
}

gboolean
cr_smtp_session_connect_finish (CrSmtpSession  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (CR_IS_SMTP_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_smtp_session_connect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cr_smtp_session_is_connected (CrSmtpSession *self)
{
  g_return_val_if_fail (CR_IS_SMTP_SESSION (self), FALSE);

  return self->smtp != NULL && self->smtp->stream != NULL;
}

gboolean
cr_smtp_session_is_secure (CrSmtpSession *self)
{
  g_return_val_if_fail (CR_IS_SMTP_SESSION (self), FALSE);

  return self->connection != NULL && cr_connection_is_secure (self->connection);
}

/**
 * cr_smtp_session_has_capability:
 * @name: an EHLO keyword such as "8BITMIME", or "AUTH=PLAIN"
 */
gboolean
cr_smtp_session_has_capability (CrSmtpSession *self,
                                const char    *name)
{
  g_return_val_if_fail (CR_IS_SMTP_SESSION (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->smtp == NULL)
    return FALSE;

  if (g_ascii_strncasecmp (name, "AUTH=", 5) == 0)
    return (self->smtp->auth & flag_for (auth_keywords, G_N_ELEMENTS (auth_keywords), name + 5)) != 0;

  return (self->smtp->esmtp & flag_for (esmtp_keywords, G_N_ELEMENTS (esmtp_keywords), name)) != 0;
}

/**
 * cr_smtp_session_get_certificate_info:
 *
 * Returns: (transfer none) (nullable): the certificate refused by the
 *   last connection attempt
 */
CrCertificateInfo *
cr_smtp_session_get_certificate_info (CrSmtpSession *self)
{
  g_return_val_if_fail (CR_IS_SMTP_SESSION (self), NULL);

  return self->certificate_info;
}

/**
 * cr_smtp_session_get_smtp:
 *
 * Returns: (transfer none) (nullable): the logged-in libetpan session, for
 *   the outbox; %NULL when not connected
 */
mailsmtp *
cr_smtp_session_get_smtp (CrSmtpSession *self)
{
  g_return_val_if_fail (CR_IS_SMTP_SESSION (self), NULL);

  return self->smtp;
}

/**
 * cr_smtp_session_disconnect:
 *
 * Says QUIT if the connection is still alive, then closes it.
 */
void
cr_smtp_session_disconnect (CrSmtpSession *self)
{
  g_return_if_fail (CR_IS_SMTP_SESSION (self));

  if (self->smtp != NULL && self->smtp->stream != NULL)
    mailsmtp_quit (self->smtp);

  drop_smtp (self);
  g_clear_object (&self->connection);
}
