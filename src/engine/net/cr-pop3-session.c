/* cr-pop3-session.c — a logged-in POP3 connection
 *
 * "Connect and log in" over the connection CrSession opened: the
 * greeting, CAPA, STLS that fails closed, then USER/PASS, APOP or AUTH
 * CRAM-MD5. The mailpop3 handle is then
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
#include <stdlib.h>
#include <string.h>

#include "cr-etpan-stream.h"
#include "cr-net-error.h"
#include "cr-pop3-session.h"
#include "cr-sasl.h"

struct _CrPop3Session
{
  CrSession   parent_instance;

  mailpop3   *pop3;
  GHashTable *capabilities;
  GHashTable *sasl;
  gboolean    offers_apop;
};

G_DEFINE_FINAL_TYPE (CrPop3Session, cr_pop3_session, CR_TYPE_SESSION)

#define SESSION(self) (CR_SESSION (self))

static const char *
host (CrPop3Session *self)
{
  return cr_session_get_host (SESSION (self));
}

static CrConnection *
connection (CrPop3Session *self)
{
  return cr_session_get_connection (SESSION (self));
}

static CrServer *
server (CrPop3Session *self)
{
  return cr_session_get_server (SESSION (self));
}

static const char *
response_text (CrPop3Session *self)
{
  if (self->pop3 != NULL && self->pop3->pop3_response != NULL)
    return self->pop3->pop3_response;

  return "";
}

static void
set_pop3_error (CrPop3Session  *self,
                int             r,
                GError        **error)
{
  switch (r)
    {
    case MAILPOP3_ERROR_STREAM:
      cr_session_set_stream_error (SESSION (self), error);
      break;

    case MAILPOP3_ERROR_BAD_USER:
    case MAILPOP3_ERROR_BAD_PASSWORD:
      cr_session_set_auth_error (SESSION (self), response_text (self), error);
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
      cr_session_set_no_starttls_error (SESSION (self), error);
      return FALSE;
    }

  if ((r = mailpop3_stls (self->pop3)) != MAILPOP3_NO_ERROR)
    {
      if (r == MAILPOP3_ERROR_STREAM)
        set_pop3_error (self, r, error);
      else if (!cr_etpan_stream_check_no_pending (self->pop3->pop3_stream, connection (self), error))
        return FALSE;
      else
        cr_session_set_starttls_refused_error (SESSION (self), response_text (self), error);
      return FALSE;
    }

  if (!cr_etpan_stream_starttls (self->pop3->pop3_stream, connection (self), cancellable, error))
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

  if ((r = mailpop3_user (self->pop3, cr_session_get_login (SESSION (self)))) == MAILPOP3_NO_ERROR)
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
                     cr_session_get_login (SESSION (self)), cr_session_get_login (SESSION (self)), password, NULL);
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
  command = g_strdup_printf ("APOP %s %s\r\n", cr_session_get_login (SESSION (self)), g_checksum_get_string (checksum));
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
  cr_session_set_auth_error (SESSION (self), answer, error);
  mmap_string_free (buffer);

  return FALSE;
}

static gboolean
log_in (CrPop3Session  *self,
        const char     *password,
        GError        **error)
{
  CrSecurity security = cr_server_get_security (server (self));

  /* Never a password in clear text, unless the person chose no security. */
  g_return_val_if_fail (security == CR_SECURITY_NONE ||
                        cr_connection_is_secure (connection (self)), FALSE);

  if (cr_server_get_auth_method (server (self)) == CR_AUTH_CRAM_MD5)
    return log_in_cram_md5 (self, password, error);
  if (cr_server_get_auth_method (server (self)) == CR_AUTH_APOP)
    return log_in_apop (self, password, error);

  return log_in_password (self, password, error);
}

static gboolean
cr_pop3_session_log_in (CrSession     *session,
                        CrConnection  *conn,
                        const char    *password,
                        GCancellable  *cancellable,
                        GError       **error)
{
  CrPop3Session *self = CR_POP3_SESSION (session);
  int r;

  self->offers_apop = FALSE;
  self->pop3 = mailpop3_new (0, NULL);
  r = mailpop3_connect (self->pop3, cr_etpan_stream_new (conn));
  if (r != MAILPOP3_NO_ERROR)
    {
      set_pop3_error (self, r, error);
      return FALSE;
    }
  self->offers_apop = self->pop3->pop3_timestamp != NULL;

  if (cr_server_get_security (server (self)) == CR_SECURITY_STARTTLS)
    {
      if (!start_tls (self, cancellable, error))
        return FALSE;
    }
  else if (!refresh_capabilities (self, error))
    return FALSE;

  return log_in (self, password, error);
}

/* What libetpan frees only in mailpop3_quit(), which a dropped session
 * must not call: the APOP timestamp and the LIST table. */
static void
free_quit_state (mailpop3 *pop3)
{
  g_clear_pointer (&pop3->pop3_timestamp, free);
  if (pop3->pop3_msg_tab == NULL)
    return;

  for (guint i = 0; i < carray_count (pop3->pop3_msg_tab); i++)
    {
      struct mailpop3_msg_info *info = carray_get (pop3->pop3_msg_tab, i);

      free (info->msg_uidl);
      free (info);
    }
  g_clear_pointer (&pop3->pop3_msg_tab, carray_free);
}

/* Closes without QUIT: used when something went wrong, when the server
 * must not be told anything more (nor apply deletions). */
static void
cr_pop3_session_drop (CrSession *session)
{
  CrPop3Session *self = CR_POP3_SESSION (session);

  if (self->pop3 == NULL)
    return;

  if (self->pop3->pop3_stream != NULL)
    {
      mailstream_close (self->pop3->pop3_stream);
      self->pop3->pop3_stream = NULL;
    }
  free_quit_state (self->pop3);
  g_clear_pointer (&self->pop3, mailpop3_free);
}

/* QUIT is also what makes the server apply deletions. */
static void
cr_pop3_session_say_goodbye (CrSession *session)
{
  CrPop3Session *self = CR_POP3_SESSION (session);

  if (self->pop3 != NULL && self->pop3->pop3_stream != NULL)
    mailpop3_quit (self->pop3);
}

static void
cr_pop3_session_finalize (GObject *object)
{
  CrPop3Session *self = (CrPop3Session *)object;

  g_clear_pointer (&self->capabilities, g_hash_table_unref);
  g_clear_pointer (&self->sasl, g_hash_table_unref);

  G_OBJECT_CLASS (cr_pop3_session_parent_class)->finalize (object);
}

static void
cr_pop3_session_class_init (CrPop3SessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CrSessionClass *session_class = CR_SESSION_CLASS (klass);

  object_class->finalize = cr_pop3_session_finalize;

  session_class->log_in = cr_pop3_session_log_in;
  session_class->drop = cr_pop3_session_drop;
  session_class->say_goodbye = cr_pop3_session_say_goodbye;
}

static void
cr_pop3_session_init (CrPop3Session *self)
{
  self->capabilities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sasl = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * cr_pop3_session_new:
 * @server: where to connect; a copy is kept
 * @login: (nullable): the login, %NULL for the server's
 * @store: (nullable): the person's certificate exceptions
 * @database: (nullable): CA database, %NULL for the system's
 *
 * Connect, disconnect and the rest are CrSession's: cr_session_connect_sync()
 * and the others.
 */
CrPop3Session *
cr_pop3_session_new (CrServer           *server,
                     const char         *login,
                     CrCertificateStore *store,
                     GTlsDatabase       *database)
{
  g_return_val_if_fail (CR_IS_SERVER (server), NULL);

  return g_object_new (CR_TYPE_POP3_SESSION,
                       "server", server, "login", login,
                       "store", store, "database", database,
                       NULL);
}

gboolean
cr_pop3_session_is_connected (CrPop3Session *self)
{
  g_return_val_if_fail (CR_IS_POP3_SESSION (self), FALSE);

  return self->pop3 != NULL && self->pop3->pop3_stream != NULL;
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
