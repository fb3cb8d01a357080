/* cr-smtp-session.c — a logged-in SMTP connection
 *
 * "Connect and log in" over the connection CrSession opened: the
 * greeting, EHLO, STARTTLS that fails closed, EHLO again (AUTH is often
 * offered only after TLS), then AUTH. The
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

#include "cr-etpan-stream.h"
#include "cr-net-error.h"
#include "cr-sasl.h"
#include "cr-smtp-session.h"

struct _CrSmtpSession
{
  CrSession  parent_instance;

  mailsmtp  *smtp;
};

G_DEFINE_FINAL_TYPE (CrSmtpSession, cr_smtp_session, CR_TYPE_SESSION)

#define SESSION(self) (CR_SESSION (self))

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
  return cr_session_get_host (SESSION (self));
}

static CrConnection *
connection (CrSmtpSession *self)
{
  return cr_session_get_connection (SESSION (self));
}

static CrServer *
server (CrSmtpSession *self)
{
  return cr_session_get_server (SESSION (self));
}

static const char *
response_text (CrSmtpSession *self)
{
  if (self->smtp != NULL && self->smtp->response != NULL)
    return self->smtp->response;

  return "";
}

static void
set_smtp_error (CrSmtpSession  *self,
                int             r,
                GError        **error)
{
  switch (r)
    {
    case MAILSMTP_ERROR_STREAM:
      cr_session_set_stream_error (SESSION (self), error);
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
      cr_session_set_auth_error (SESSION (self), response_text (self), error);
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
      cr_server_get_security (server (self)) == CR_SECURITY_NONE)
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
      cr_session_set_no_starttls_error (SESSION (self), error);
      return FALSE;
    }

  if ((r = mailesmtp_starttls (self->smtp)) != MAILSMTP_NO_ERROR)
    {
      if (r == MAILSMTP_ERROR_STREAM)
        set_smtp_error (self, r, error);
      else if (!cr_etpan_stream_check_no_pending (self->smtp->stream, connection (self), error))
        return FALSE;
      else
        cr_session_set_starttls_refused_error (SESSION (self), response_text (self), error);
      return FALSE;
    }

  if (!cr_etpan_stream_starttls (self->smtp->stream, connection (self), cancellable, error))
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
    cr_session_set_stream_error (SESSION (self), error);
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
  gsize login_len = strlen (cr_session_get_login (SESSION (self)));
  gsize password_len = strlen (password);
  gsize len = 1 + login_len + 1 + password_len;
  char *raw = g_malloc0 (len);
  g_autoptr(CrSecret) encoded = NULL;
  g_autoptr(CrSecret) line = NULL;

  /* RFC 4616: authorization id (empty) NUL login NUL password. */
  memcpy (raw + 1, cr_session_get_login (SESSION (self)), login_len);
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
  g_autoptr(CrSecret) user = g_base64_encode ((const guchar *)cr_session_get_login (SESSION (self)), strlen (cr_session_get_login (SESSION (self))));
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
                           cr_session_get_login (SESSION (self)), cr_session_get_login (SESSION (self)), password, NULL);
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
  CrSecurity security = cr_server_get_security (server (self));

  /* Never a password in clear text, unless the person chose no security. */
  g_return_val_if_fail (security == CR_SECURITY_NONE ||
                        cr_connection_is_secure (connection (self)), FALSE);

  if (cr_server_get_auth_method (server (self)) == CR_AUTH_CRAM_MD5)
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
cr_smtp_session_log_in (CrSession     *session,
                        CrConnection  *conn,
                        const char    *password,
                        GCancellable  *cancellable,
                        GError       **error)
{
  CrSmtpSession *self = CR_SMTP_SESSION (session);
  int r;

  self->smtp = mailsmtp_new (0, NULL);
  /* On failure libetpan closes the stream itself. */
  r = mailsmtp_connect (self->smtp, cr_etpan_stream_new (conn));
  if (r != MAILSMTP_NO_ERROR)
    {
      set_smtp_error (self, r, error);
      return FALSE;
    }

  if (!ehlo (self, error))
    return FALSE;

  if (cr_server_get_security (server (self)) == CR_SECURITY_STARTTLS &&
      !start_tls (self, cancellable, error))
    return FALSE;

  return log_in (self, password, error);
}

/* Closes without QUIT: used when something went wrong, when the server
 * must not be told anything more. */
static void
cr_smtp_session_drop (CrSession *session)
{
  CrSmtpSession *self = CR_SMTP_SESSION (session);

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
cr_smtp_session_say_goodbye (CrSession *session)
{
  CrSmtpSession *self = CR_SMTP_SESSION (session);

  if (self->smtp != NULL && self->smtp->stream != NULL)
    mailsmtp_quit (self->smtp);
}

static void
cr_smtp_session_class_init (CrSmtpSessionClass *klass)
{
  CrSessionClass *session_class = CR_SESSION_CLASS (klass);

  session_class->log_in = cr_smtp_session_log_in;
  session_class->drop = cr_smtp_session_drop;
  session_class->say_goodbye = cr_smtp_session_say_goodbye;
}

static void
cr_smtp_session_init (CrSmtpSession *self)
{
}

/**
 * cr_smtp_session_new:
 * @server: where to connect; a copy is kept
 * @login: (nullable): the login, %NULL for the server's
 * @store: (nullable): the person's certificate exceptions
 * @database: (nullable): CA database, %NULL for the system's
 *
 * Connect, disconnect and the rest are CrSession's: cr_session_connect_sync()
 * and the others.
 */
CrSmtpSession *
cr_smtp_session_new (CrServer           *server,
                     const char         *login,
                     CrCertificateStore *store,
                     GTlsDatabase       *database)
{
  g_return_val_if_fail (CR_IS_SERVER (server), NULL);

  return g_object_new (CR_TYPE_SMTP_SESSION,
                       "server", server, "login", login,
                       "store", store, "database", database,
                       NULL);
}

gboolean
cr_smtp_session_is_connected (CrSmtpSession *self)
{
  g_return_val_if_fail (CR_IS_SMTP_SESSION (self), FALSE);

  return self->smtp != NULL && self->smtp->stream != NULL;
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
