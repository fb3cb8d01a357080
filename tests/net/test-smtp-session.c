/* test-smtp-session.c — connect and log in to a real SMTP server
 *
 * Against the private SMTP sink: SMTPS, submission with STARTTLS, and the
 * errors the setup assistant shows. A message sent through the logged-in
 * handle shows the sink saw the login and TLS, not just a 235.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-net-error.h"
#include "cr-smtp-session.h"
#include "cr-test-ca.h"
#include "cr-test-env.h"
#include "cr-test-resolver.h"
#include "cr-test-smtp-sink.h"

#define MESSAGE \
  "From: someone@example.org\r\n" \
  "To: other@example.org\r\n" \
  "Subject: test\r\n" \
  "\r\n" \
  "Hello.\r\n"

static CrTestCa *ca;
static CrTestSmtpSink *sink;
static GTlsDatabase *database;
static CrCertificateStore *store;
static guint n_sent;

static CrSmtpSession *
make_session (const char   *host,
              guint16       port,
              CrSecurity    security,
              CrAuthMethod  auth)
{
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_SMTP);

  cr_server_set_host (server, host);
  cr_server_set_port (server, port);
  cr_server_set_security (server, security);
  cr_server_set_auth_method (server, auth);
  cr_server_set_login (server, cr_test_smtp_sink_get_user (sink));

  return cr_smtp_session_new (server, NULL, store, database);
}

static void
send_message (CrSmtpSession *session)
{
  mailsmtp *smtp = cr_smtp_session_get_smtp (session);
  g_autoptr(JsonObject) facts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (mailesmtp_mail (smtp, "someone@example.org", 1, NULL), ==, MAILSMTP_NO_ERROR);
  g_assert_cmpint (mailesmtp_rcpt (smtp, "other@example.org", 0, NULL), ==, MAILSMTP_NO_ERROR);
  g_assert_cmpint (mailsmtp_data (smtp), ==, MAILSMTP_NO_ERROR);
  g_assert_cmpint (mailsmtp_data_message (smtp, MESSAGE, strlen (MESSAGE)), ==, MAILSMTP_NO_ERROR);

  facts = cr_test_smtp_sink_wait_message (sink, n_sent++, CR_TEST_START_TIMEOUT_MS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (facts, "auth_login"), ==, cr_test_smtp_sink_get_user (sink));
  g_assert_true (json_object_get_boolean_member (facts, "tls"));
}

static void
test_login (gconstpointer data)
{
  CrSecurity security = GPOINTER_TO_INT (data);
  CrTestSmtpService service = security == CR_SECURITY_TLS ? CR_TEST_SMTP_SMTPS : CR_TEST_SMTP_SUBMISSION;
  g_autoptr(CrSmtpSession) session = make_session ("127.0.0.1", cr_test_smtp_sink_get_port (sink, service),
                                                   security, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_session_connect_sync (CR_SESSION (session), cr_test_smtp_sink_get_password (sink), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cr_smtp_session_is_connected (session));
  g_assert_true (cr_session_is_secure (CR_SESSION (session)));
  g_assert_null (cr_session_get_certificate_info (CR_SESSION (session)));
  g_assert_true (cr_smtp_session_has_capability (session, "AUTH=PLAIN"));
  g_assert_true (cr_smtp_session_has_capability (session, "8bitmime"));
  if (security == CR_SECURITY_STARTTLS)
    /* EHLO again after TLS: this is the answer over TLS. */
    g_assert_false (cr_smtp_session_has_capability (session, "STARTTLS"));

  send_message (session);

  cr_session_disconnect (CR_SESSION (session));
  g_assert_false (cr_smtp_session_is_connected (session));
  g_assert_null (cr_smtp_session_get_smtp (session));
}

static void
test_wrong_password (gconstpointer data)
{
  CrSecurity security = GPOINTER_TO_INT (data);
  CrTestSmtpService service = security == CR_SECURITY_TLS ? CR_TEST_SMTP_SMTPS : CR_TEST_SMTP_SUBMISSION;
  g_autoptr(CrSmtpSession) session = make_session ("127.0.0.1", cr_test_smtp_sink_get_port (sink, service),
                                                   security, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_false (cr_session_connect_sync (CR_SESSION (session), "not-the-password", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
  /* The server's own words (aiosmtpd: "535 5.7.8 Authentication
   * credentials invalid"). */
  g_assert_nonnull (strstr (error->message, "credentials invalid"));
  g_assert_false (cr_smtp_session_is_connected (session));
}

static void
test_cram_md5_not_offered (void)
{
  g_autoptr(CrSmtpSession) session = make_session ("127.0.0.1", cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS),
                                                   CR_SECURITY_TLS, CR_AUTH_CRAM_MD5);
  g_autoptr(GError) error = NULL;

  /* The sink offers PLAIN and LOGIN only. */
  g_assert_false (cr_session_connect_sync (CR_SESSION (session), cr_test_smtp_sink_get_password (sink), NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "CRAM-MD5"));
}

static void
test_connection_refused (void)
{
  g_autoptr(CrSmtpSession) session = make_session ("127.0.0.1", cr_test_free_port (),
                                                   CR_SECURITY_STARTTLS, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_false (cr_session_connect_sync (CR_SESSION (session), "x", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_REFUSED);
}

static void
test_host_not_found (void)
{
  g_autoptr(CrSmtpSession) session = make_session ("nosuchhost.invalid", 465,
                                                   CR_SECURITY_TLS, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_false (cr_session_connect_sync (CR_SESSION (session), "x", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_HOST_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nosuchhost.invalid"));
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_session_connect_finish (CR_SESSION (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async (void)
{
  g_autoptr(CrSmtpSession) session = make_session ("127.0.0.1", cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SUBMISSION),
                                                   CR_SECURITY_STARTTLS, CR_AUTH_PASSWORD);
  gboolean done = FALSE;

  cr_session_connect_async (CR_SESSION (session), cr_test_smtp_sink_get_password (sink), NULL, on_connected, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (cr_smtp_session_is_connected (session));
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
  sink = cr_test_smtp_sink_start (ca, &error);
  g_assert_no_error (error);
  store = cr_certificate_store_new (store_path);
  resolver = cr_test_resolver_install ();

  g_test_add_data_func ("/smtp-session/login/smtps", GINT_TO_POINTER (CR_SECURITY_TLS), test_login);
  g_test_add_data_func ("/smtp-session/login/starttls", GINT_TO_POINTER (CR_SECURITY_STARTTLS), test_login);
  g_test_add_data_func ("/smtp-session/wrong-password/smtps", GINT_TO_POINTER (CR_SECURITY_TLS), test_wrong_password);
  g_test_add_data_func ("/smtp-session/wrong-password/starttls", GINT_TO_POINTER (CR_SECURITY_STARTTLS), test_wrong_password);
  g_test_add_func ("/smtp-session/cram-md5-not-offered", test_cram_md5_not_offered);
  g_test_add_func ("/smtp-session/connection-refused", test_connection_refused);
  g_test_add_func ("/smtp-session/host-not-found", test_host_not_found);
  g_test_add_func ("/smtp-session/async", test_async);

  ret = g_test_run ();

  g_clear_object (&store);
  g_clear_object (&database);
  g_clear_pointer (&sink, cr_test_smtp_sink_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
  cr_test_env_teardown (env_dir);

  return ret;
}
