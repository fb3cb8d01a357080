/* cr-session-test.c — the connection cases IMAP and POP3 sessions are tested alike on
 *
 * Against the private Dovecot: CRAM-MD5, and the errors the setup
 * assistant shows (wrong password, closed port, unknown host, a server
 * that never answers), synchronously and asynchronously.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-net-error.h"
#include "cr-sasl.h"
#include "cr-session-test.h"
#include "cr-test-ca.h"
#include "cr-test-env.h"
#include "cr-test-resolver.h"

static const CrSessionTestProtocol *protocol;
static CrTestCa *ca;
static CrTestDovecot *dovecot;
static GTlsDatabase *database;
static CrCertificateStore *store;
static CrTestResolver *resolver;

void
cr_session_test_start (const CrSessionTestProtocol *test_protocol,
                       const char                  *env_dir)
{
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autofree char *store_path = g_build_filename (env_dir, "config", "courrier", "certificates.ini", NULL);
  g_autoptr(GError) error = NULL;

  protocol = test_protocol;
  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);
  store = cr_certificate_store_new (store_path);
  resolver = cr_test_resolver_install ();
}

void
cr_session_test_stop (void)
{
  g_clear_object (&resolver);
  g_clear_object (&store);
  g_clear_object (&database);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
}

CrTestDovecot *
cr_session_test_get_dovecot (void)
{
  return dovecot;
}

CrSession *
cr_session_test_make (const char   *host,
                      guint16       port,
                      CrSecurity    security,
                      CrAuthMethod  auth)
{
  g_autoptr(CrServer) server = cr_server_new (protocol->protocol);

  cr_server_set_host (server, host);
  cr_server_set_port (server, port);
  cr_server_set_security (server, security);
  cr_server_set_auth_method (server, auth);
  cr_server_set_login (server, cr_test_dovecot_get_user (dovecot));

  return protocol->session_new (server, store, database);
}

static void
test_cram_md5 (gconstpointer data)
{
  g_autoptr(CrSession) session = cr_session_test_make ("127.0.0.1", cr_test_dovecot_get_port (dovecot, protocol->tls),
                                                       CR_SECURITY_TLS, CR_AUTH_CRAM_MD5);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = cr_session_connect_sync (session, cr_test_dovecot_get_password (dovecot), NULL, &error);

  /* Without Cyrus SASL's plugin the method is missing here, and says so. */
  if (cr_sasl_has_mechanism ("CRAM-MD5"))
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE);
      g_assert_nonnull (strstr (error->message, "CRAM-MD5"));
    }
}

static void
test_cram_md5_wrong_password (gconstpointer data)
{
  g_autoptr(CrSession) session = cr_session_test_make ("127.0.0.1", cr_test_dovecot_get_port (dovecot, protocol->tls),
                                                       CR_SECURITY_TLS, CR_AUTH_CRAM_MD5);
  g_autoptr(GError) error = NULL;

  if (!cr_sasl_has_mechanism ("CRAM-MD5"))
    {
      g_test_skip ("Cyrus SASL has no CRAM-MD5 plugin here");
      return;
    }

  g_assert_false (cr_session_connect_sync (session, "wrong", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
}

static void
test_wrong_password (gconstpointer data)
{
  CrSecurity security = GPOINTER_TO_INT (data);
  CrTestService service = security == CR_SECURITY_TLS ? protocol->tls : protocol->plain;
  g_autoptr(CrSession) session = cr_session_test_make ("127.0.0.1", cr_test_dovecot_get_port (dovecot, service),
                                                       security, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_false (cr_session_connect_sync (session, "not-the-password", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
  /* Dovecot's own words. */
  g_assert_nonnull (strstr (error->message, "Authentication failed"));
  g_assert_false (protocol->is_connected (session));
}

static void
test_connection_refused (gconstpointer data)
{
  g_autoptr(CrSession) session = cr_session_test_make ("127.0.0.1", cr_test_free_port (),
                                                       CR_SECURITY_TLS, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_false (cr_session_connect_sync (session, "x", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_REFUSED);
}

static void
test_host_not_found (gconstpointer data)
{
  g_autoptr(CrSession) session = cr_session_test_make ("nosuchhost.invalid", protocol->tls_port,
                                                       CR_SECURITY_TLS, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_false (cr_session_connect_sync (session, "x", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_HOST_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nosuchhost.invalid"));
}

static void
test_timeout (gconstpointer data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSession) session = NULL;
  guint16 port;

  /* Listening but never accepting: the kernel completes the TCP
   * handshake, and no greeting ever comes. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  session = cr_session_test_make ("127.0.0.1", port, CR_SECURITY_TLS, CR_AUTH_PASSWORD);
  cr_session_set_timeout (session, 1);

  g_assert_false (cr_session_connect_sync (session, "x", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_TIMEOUT);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  if (!cr_session_connect_finish (CR_SESSION (source), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "connected");
}

static GError *
connect_async_and_wait (CrSession    *session,
                        const char   *password,
                        GCancellable *cancellable)
{
  GError *error = NULL;

  /* The callback always sets an error (EXISTS means success) so the loop
   * knows when it ran. */
  cr_session_connect_async (session, password, cancellable, on_connected, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  return error;
}

static void
test_async (gconstpointer data)
{
  g_autoptr(CrSession) session = cr_session_test_make ("127.0.0.1", cr_test_dovecot_get_port (dovecot, protocol->plain),
                                                       CR_SECURITY_STARTTLS, CR_AUTH_PASSWORD);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) ok = NULL;
  g_autoptr(GError) wrong = NULL;
  g_autoptr(GError) cancelled = NULL;

  ok = connect_async_and_wait (session, cr_test_dovecot_get_password (dovecot), NULL);
  g_assert_error (ok, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (protocol->is_connected (session));

  wrong = connect_async_and_wait (session, "not-the-password", NULL);
  g_assert_error (wrong, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
  g_assert_false (protocol->is_connected (session));

  g_cancellable_cancel (cancellable);
  cancelled = connect_async_and_wait (session, cr_test_dovecot_get_password (dovecot), cancellable);
  g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
add_case (const char    *name,
          GTestDataFunc  func,
          gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/%s/%s", protocol->name, name);

  g_test_add_data_func (path, data, func);
}

void
cr_session_test_add_cases (void)
{
  add_case ("cram-md5", test_cram_md5, NULL);
  add_case ("cram-md5-wrong-password", test_cram_md5_wrong_password, NULL);
  add_case ("wrong-password/tls", test_wrong_password, GINT_TO_POINTER (CR_SECURITY_TLS));
  add_case ("wrong-password/starttls", test_wrong_password, GINT_TO_POINTER (CR_SECURITY_STARTTLS));
  add_case ("connection-refused", test_connection_refused, NULL);
  add_case ("host-not-found", test_host_not_found, NULL);
  add_case ("timeout", test_timeout, NULL);
  add_case ("async", test_async, NULL);
}
