/* test-imap-session.c — connect and log in to a real IMAP server
 *
 * Against the private Dovecot: implicit TLS, STARTTLS, CRAM-MD5, and the
 * errors the setup assistant shows (wrong password, closed port, unknown
 * host, a server that never answers).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-imap-session.h"
#include "cr-net-error.h"
#include "cr-sasl.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"
#include "cr-test-resolver.h"

static CrTestCa *ca;
static CrTestDovecot *dovecot;
static GTlsDatabase *database;
static CrCertificateStore *store;

static CrImapSession *
make_session (const char   *host,
              guint16       port,
              CrSecurity    security,
              CrAuthMethod  auth)
{
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_IMAP);

  cr_server_set_host (server, host);
  cr_server_set_port (server, port);
  cr_server_set_security (server, security);
  cr_server_set_auth_method (server, auth);
  cr_server_set_login (server, cr_test_dovecot_get_user (dovecot));

  return cr_imap_session_new (server, NULL, store, database);
}

static void
test_imaps (void)
{
  g_autoptr(CrImapSession) session = make_session ("127.0.0.1", cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS),
                                                   CR_SECURITY_TLS, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;
  struct mailimap_mailbox_list *item;
  clist *list = NULL;

  g_assert_true (cr_session_connect_sync (CR_SESSION (session), cr_test_dovecot_get_password (dovecot), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cr_imap_session_is_connected (session));
  g_assert_true (cr_session_is_secure (CR_SESSION (session)));
  g_assert_true (cr_imap_session_has_capability (session, "IMAP4rev1"));
  g_assert_true (cr_imap_session_has_capability (session, "idle"));
  g_assert_null (cr_session_get_certificate_info (CR_SESSION (session)));

  /* The handle is logged in and usable by the sync engine. */
  g_assert_cmpint (mailimap_list (cr_imap_session_get_imap (session), "", "INBOX", &list), ==, MAILIMAP_NO_ERROR);
  g_assert_cmpint (clist_count (list), ==, 1);
  item = clist_content (clist_begin (list));
  g_assert_cmpstr (item->mb_name, ==, "INBOX");
  mailimap_list_result_free (list);

  cr_session_disconnect (CR_SESSION (session));
  g_assert_false (cr_imap_session_is_connected (session));
  g_assert_null (cr_imap_session_get_imap (session));
}

static void
test_starttls (void)
{
  g_autoptr(CrImapSession) session = make_session ("127.0.0.1", cr_test_dovecot_get_port (dovecot, CR_TEST_IMAP),
                                                   CR_SECURITY_STARTTLS, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_session_connect_sync (CR_SESSION (session), cr_test_dovecot_get_password (dovecot), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cr_session_is_secure (CR_SESSION (session)));

  /* Read again after TLS and login: STARTTLS is no longer offered, and
   * what comes with the login is there. */
  g_assert_false (cr_imap_session_has_capability (session, "STARTTLS"));
  g_assert_true (cr_imap_session_has_capability (session, "IDLE"));
  g_assert_true (cr_imap_session_has_capability (session, "UIDPLUS"));

  /* A second connect replaces the first. */
  g_assert_true (cr_session_connect_sync (CR_SESSION (session), cr_test_dovecot_get_password (dovecot), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cr_imap_session_is_connected (session));
}

static void
test_cram_md5 (void)
{
  g_autoptr(CrImapSession) session = make_session ("127.0.0.1", cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS),
                                                   CR_SECURITY_TLS, CR_AUTH_CRAM_MD5);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = cr_session_connect_sync (CR_SESSION (session), cr_test_dovecot_get_password (dovecot), NULL, &error);

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
test_cram_md5_wrong_password (void)
{
  g_autoptr(CrImapSession) session = make_session ("127.0.0.1", cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS),
                                                   CR_SECURITY_TLS, CR_AUTH_CRAM_MD5);
  g_autoptr(GError) error = NULL;

  if (!cr_sasl_has_mechanism ("CRAM-MD5"))
    {
      g_test_skip ("Cyrus SASL has no CRAM-MD5 plugin here");
      return;
    }

  g_assert_false (cr_session_connect_sync (CR_SESSION (session), "wrong", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
}

static void
test_wrong_password (gconstpointer data)
{
  CrSecurity security = GPOINTER_TO_INT (data);
  CrTestService service = security == CR_SECURITY_TLS ? CR_TEST_IMAPS : CR_TEST_IMAP;
  g_autoptr(CrImapSession) session = make_session ("127.0.0.1", cr_test_dovecot_get_port (dovecot, service),
                                                   security, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_false (cr_session_connect_sync (CR_SESSION (session), "not-the-password", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
  /* Dovecot's own words. */
  g_assert_nonnull (strstr (error->message, "Authentication failed"));
  g_assert_false (cr_imap_session_is_connected (session));
}

static void
test_connection_refused (void)
{
  g_autoptr(CrImapSession) session = make_session ("127.0.0.1", cr_test_free_port (),
                                                   CR_SECURITY_TLS, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_false (cr_session_connect_sync (CR_SESSION (session), "x", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_REFUSED);
}

static void
test_host_not_found (void)
{
  g_autoptr(CrImapSession) session = make_session ("nosuchhost.invalid", 993,
                                                   CR_SECURITY_TLS, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_false (cr_session_connect_sync (CR_SESSION (session), "x", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_HOST_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nosuchhost.invalid"));
}

static void
test_timeout (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CrImapSession) session = NULL;
  guint16 port;

  /* Listening but never accepting: the kernel completes the TCP
   * handshake, and no greeting ever comes. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  session = make_session ("127.0.0.1", port, CR_SECURITY_TLS, CR_AUTH_PASSWORD);
  cr_session_set_timeout (CR_SESSION (session), 1);

  g_assert_false (cr_session_connect_sync (CR_SESSION (session), "x", NULL, &error));
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
connect_async_and_wait (CrImapSession *session,
                        const char    *password,
                        GCancellable  *cancellable)
{
  GError *error = NULL;

  /* The callback always sets an error (EXISTS means success) so the loop
   * knows when it ran. */
  cr_session_connect_async (CR_SESSION (session), password, cancellable, on_connected, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  return error;
}

static void
test_async (void)
{
  g_autoptr(CrImapSession) session = make_session ("127.0.0.1", cr_test_dovecot_get_port (dovecot, CR_TEST_IMAP),
                                                   CR_SECURITY_STARTTLS, CR_AUTH_PASSWORD);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) ok = NULL;
  g_autoptr(GError) wrong = NULL;
  g_autoptr(GError) cancelled = NULL;

  ok = connect_async_and_wait (session, cr_test_dovecot_get_password (dovecot), NULL);
  g_assert_error (ok, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (cr_imap_session_is_connected (session));

  wrong = connect_async_and_wait (session, "not-the-password", NULL);
  g_assert_error (wrong, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
  g_assert_false (cr_imap_session_is_connected (session));

  g_cancellable_cancel (cancellable);
  cancelled = connect_async_and_wait (session, cr_test_dovecot_get_password (dovecot), cancellable);
  g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autofree char *store_path = g_build_filename (env_dir, "config", "courrier", "certificates.ini", NULL);
  g_autoptr(CrTestResolver) resolver = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);
  store = cr_certificate_store_new (store_path);
  resolver = cr_test_resolver_install ();

  g_test_add_func ("/imap-session/imaps", test_imaps);
  g_test_add_func ("/imap-session/starttls", test_starttls);
  g_test_add_func ("/imap-session/cram-md5", test_cram_md5);
  g_test_add_func ("/imap-session/cram-md5-wrong-password", test_cram_md5_wrong_password);
  g_test_add_data_func ("/imap-session/wrong-password/tls", GINT_TO_POINTER (CR_SECURITY_TLS), test_wrong_password);
  g_test_add_data_func ("/imap-session/wrong-password/starttls", GINT_TO_POINTER (CR_SECURITY_STARTTLS), test_wrong_password);
  g_test_add_func ("/imap-session/connection-refused", test_connection_refused);
  g_test_add_func ("/imap-session/host-not-found", test_host_not_found);
  g_test_add_func ("/imap-session/timeout", test_timeout);
  g_test_add_func ("/imap-session/async", test_async);

  ret = g_test_run ();

  g_clear_object (&store);
  g_clear_object (&database);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
  cr_test_env_teardown (env_dir);

  return ret;
}
