/* cr-imap-session.c — a logged-in IMAP connection
 *
 * "Connect and log in" over the connection CrSession opened: the
 * greeting, capabilities, STARTTLS that fails closed, then LOGIN or
 * AUTHENTICATE CRAM-MD5. The mailimap handle is then given to the sync
 * engine.
 *
 * A session is used by one thread at a time: the _sync functions block and
 * belong on the account's worker thread; connect_async() runs the same
 * code in a GTask thread for the setup assistant's "Re-tester".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-etpan-stream.h"
#include "cr-imap-session.h"
#include "cr-net-error.h"
#include "cr-sasl.h"

struct _CrImapSession
{
  CrSession  parent_instance;

  mailimap  *imap;
};

G_DEFINE_FINAL_TYPE (CrImapSession, cr_imap_session, CR_TYPE_SESSION)

#define SESSION(self) (CR_SESSION (self))

static const char *
host (CrImapSession *self)
{
  return cr_session_get_host (SESSION (self));
}

static CrConnection *
connection (CrImapSession *self)
{
  return cr_session_get_connection (SESSION (self));
}

static const char *
response_text (CrImapSession *self)
{
  if (self->imap != NULL && self->imap->imap_response != NULL)
    return self->imap->imap_response;

  return "";
}

static void
set_imap_error (CrImapSession  *self,
                int             r,
                GError        **error)
{
  switch (r)
    {
    case MAILIMAP_ERROR_STREAM:
      cr_session_set_stream_error (SESSION (self), error);
      break;

    case MAILIMAP_ERROR_PARSE:
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_PROTOCOL,
                   /* Translators: %s is a server name */
                   _("The server “%s” sent an answer that could not be understood."),
                   host (self));
      break;

    case MAILIMAP_ERROR_FATAL:
      /* A BYE: the server is closing the connection. */
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST,
                   /* Translators: %s is a server name, the second %s its answer */
                   _("The server “%s” closed the connection: %s"),
                   host (self), response_text (self));
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
      cr_session_set_no_starttls_error (SESSION (self), error);
      return FALSE;
    }

  if ((r = mailimap_starttls (self->imap)) != MAILIMAP_NO_ERROR)
    {
      if (r == MAILIMAP_ERROR_STREAM || r == MAILIMAP_ERROR_PARSE)
        set_imap_error (self, r, error);
      else if (!cr_etpan_stream_check_no_pending (self->imap->imap_stream, connection (self), error))
        return FALSE;
      else
        cr_session_set_starttls_refused_error (SESSION (self), response_text (self), error);
      return FALSE;
    }

  if (!cr_etpan_stream_starttls (self->imap->imap_stream, connection (self), cancellable, error))
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

  if ((r = mailimap_login (self->imap, cr_session_get_login (SESSION (self)), password)) == MAILIMAP_NO_ERROR)
    return TRUE;

  if (r == MAILIMAP_ERROR_LOGIN)
    cr_session_set_auth_error (SESSION (self), response_text (self), error);
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
                             cr_session_get_login (SESSION (self)), cr_session_get_login (SESSION (self)), password, NULL);
  if (r == MAILIMAP_NO_ERROR)
    return TRUE;

  if (r == MAILIMAP_ERROR_SASL || r == MAILIMAP_ERROR_LOGIN)
    cr_session_set_auth_error (SESSION (self), response_text (self), error);
  else
    set_imap_error (self, r, error);

  return FALSE;
}

static gboolean
log_in (CrImapSession  *self,
        const char     *password,
        GError        **error)
{
  CrSecurity security = cr_server_get_security (cr_session_get_server (SESSION (self)));

  /* Never a password in clear text, unless the person chose no security. */
  g_return_val_if_fail (security == CR_SECURITY_NONE ||
                        cr_session_is_secure (SESSION (self)), FALSE);

  if (cr_server_get_auth_method (cr_session_get_server (SESSION (self))) == CR_AUTH_CRAM_MD5)
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
cr_imap_session_log_in (CrSession     *session,
                        CrConnection  *conn,
                        const char    *password,
                        GCancellable  *cancellable,
                        GError       **error)
{
  CrImapSession *self = CR_IMAP_SESSION (session);
  CrSecurity security = cr_server_get_security (cr_session_get_server (session));
  gboolean preauth;
  int r;

  self->imap = mailimap_new (0, NULL);
  r = mailimap_connect (self->imap, cr_etpan_stream_new (conn));
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

/* Closes without LOGOUT: used when something went wrong, when the
 * server must not be told anything more. */
static void
cr_imap_session_drop (CrSession *session)
{
  CrImapSession *self = CR_IMAP_SESSION (session);

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
cr_imap_session_say_goodbye (CrSession *session)
{
  CrImapSession *self = CR_IMAP_SESSION (session);

  if (self->imap != NULL && self->imap->imap_stream != NULL)
    mailimap_logout (self->imap);
}

static void
cr_imap_session_class_init (CrImapSessionClass *klass)
{
  CrSessionClass *session_class = CR_SESSION_CLASS (klass);

  session_class->log_in = cr_imap_session_log_in;
  session_class->drop = cr_imap_session_drop;
  session_class->say_goodbye = cr_imap_session_say_goodbye;
}

static void
cr_imap_session_init (CrImapSession *self)
{
}

/**
 * cr_imap_session_new:
 * @server: where to connect; a copy is kept
 * @login: (nullable): the login, %NULL for the server's
 * @store: (nullable): the person's certificate exceptions
 * @database: (nullable): CA database, %NULL for the system's
 *
 * Connect, disconnect and the rest are CrSession's: cr_session_connect_sync()
 * and the others.
 */
CrImapSession *
cr_imap_session_new (CrServer           *server,
                     const char         *login,
                     CrCertificateStore *store,
                     GTlsDatabase       *database)
{
  g_return_val_if_fail (CR_IS_SERVER (server), NULL);

  return g_object_new (CR_TYPE_IMAP_SESSION,
                       "server", server, "login", login,
                       "store", store, "database", database,
                       NULL);
}

gboolean
cr_imap_session_is_connected (CrImapSession *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SESSION (self), FALSE);

  return self->imap != NULL && self->imap->imap_stream != NULL;
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
