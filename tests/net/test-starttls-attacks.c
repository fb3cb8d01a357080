/* test-starttls-attacks.c — STARTTLS fails closed, against a scripted server
 *
 * A real server will not strip STARTTLS, refuse it, inject bytes after
 * its OK or skip authentication: an attacker in the middle would. Each
 * case must end with the right error and nothing secret sent, which the
 * fake server's record of every byte received shows. Control cases (no
 * security chosen) show the record does catch a password when one is sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-fake-server.h"
#include "cr-imap-session.h"
#include "cr-net-error.h"
#include "cr-pop3-session.h"
#include "cr-smtp-session.h"
#include "cr-test-env.h"

#define LOGIN    "someone@example.org"
#define PASSWORD "Secr3t-pa55"

static CrServer *
make_server (CrProtocol protocol,
             guint16    port,
             CrSecurity security)
{
  CrServer *server = cr_server_new (protocol);

  cr_server_set_host (server, "127.0.0.1");
  cr_server_set_port (server, port);
  cr_server_set_security (server, security);
  cr_server_set_auth_method (server, CR_AUTH_PASSWORD);
  cr_server_set_login (server, LOGIN);

  return server;
}

static void
assert_nothing_secret (const char *received)
{
  g_autofree char *b64_password = g_base64_encode ((const guchar *)PASSWORD, strlen (PASSWORD));

  g_assert_null (strstr (received, PASSWORD));
  g_assert_null (strstr (received, b64_password));
  g_assert_null (strstr (received, " LOGIN "));
  g_assert_null (strstr (received, "AUTHENTICATE"));
  g_assert_null (strstr (received, "USER "));
  g_assert_null (strstr (received, "PASS "));
  g_assert_null (strstr (received, "AUTH "));
}

/* Connects with STARTTLS required; returns what the server received. */
static char *
run_imap (CrFakeServer *fake,
          CrSecurity    security,
          GError      **error)
{
  guint16 port = cr_fake_server_start (fake);
  g_autoptr(CrServer) server = make_server (CR_PROTOCOL_IMAP, port, security);
  g_autoptr(CrImapSession) session = cr_imap_session_new (server, NULL, NULL, NULL);

  cr_session_set_timeout (CR_SESSION (session), 20);
  if (cr_session_connect_sync (CR_SESSION (session), PASSWORD, NULL, error))
    {
      g_assert_true (cr_imap_session_is_connected (session));
      cr_session_disconnect (CR_SESSION (session));
    }
  g_assert_false (cr_imap_session_is_connected (session));

  return cr_fake_server_finish (fake);
}

static void
test_imap_no_starttls (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_IMAP, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = run_imap (fake, CR_SECURITY_STARTTLS, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  assert_nothing_secret (received);
}

static void
test_imap_no_starttls_capability (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_IMAP, "* OK fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  /* No capabilities in the greeting: asked for, and checked. */
  cr_fake_server_reply (fake, "CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n%t OK done\r\n");
  received = run_imap (fake, CR_SECURITY_STARTTLS, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_UNAVAILABLE);
  g_assert_nonnull (strstr (received, "CAPABILITY"));
  g_assert_null (strstr (received, "STARTTLS"));
  assert_nothing_secret (received);
}

static void
test_imap_starttls_refused (gconstpointer data)
{
  const char *answer = data;
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_IMAP, "* OK [CAPABILITY IMAP4rev1 STARTTLS] fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "STARTTLS", answer);
  received = run_imap (fake, CR_SECURITY_STARTTLS, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED);
  g_assert_nonnull (strstr (received, "STARTTLS"));
  assert_nothing_secret (received);
}

static void
test_imap_injection (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_IMAP, "* OK [CAPABILITY IMAP4rev1 STARTTLS] fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "STARTTLS",
                        "%t OK begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n");
  received = run_imap (fake, CR_SECURITY_STARTTLS, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED);
  g_assert_nonnull (strstr (error->message, "unexpected data"));
  assert_nothing_secret (received);
}

static void
test_imap_preauth (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_IMAP, "* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] welcome\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = run_imap (fake, CR_SECURITY_STARTTLS, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED);
  g_assert_cmpstr (received, ==, "");
}

static void
test_imap_login_disabled (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_IMAP, "* OK [CAPABILITY IMAP4rev1 LOGINDISABLED] fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = run_imap (fake, CR_SECURITY_NONE, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE);
  assert_nothing_secret (received);
}

static void
test_imap_control (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_IMAP, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  /* No security chosen: the password goes in clear, and the record shows it. */
  cr_fake_server_reply (fake, "LOGIN", "%t OK logged in\r\n");
  cr_fake_server_reply (fake, "CAPABILITY", "* CAPABILITY IMAP4rev1 IDLE\r\n%t OK done\r\n");
  received = run_imap (fake, CR_SECURITY_NONE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (received, " LOGIN "));
  g_assert_nonnull (strstr (received, PASSWORD));
  g_assert_nonnull (strstr (received, " LOGOUT"));
}

static void
test_imap_wrong_password (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_IMAP, "* OK [CAPABILITY IMAP4rev1] fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "LOGIN", "%t NO [AUTHENTICATIONFAILED] Nope, not you.\r\n");
  received = run_imap (fake, CR_SECURITY_NONE, &error);

  /* The server's own words reach the person. */
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (error->message, "Nope, not you."));
}

static char *
run_pop3 (CrFakeServer *fake,
          CrSecurity    security,
          GError      **error)
{
  guint16 port = cr_fake_server_start (fake);
  g_autoptr(CrServer) server = make_server (CR_PROTOCOL_POP3, port, security);
  g_autoptr(CrPop3Session) session = cr_pop3_session_new (server, NULL, NULL, NULL);

  cr_session_set_timeout (CR_SESSION (session), 20);
  if (cr_session_connect_sync (CR_SESSION (session), PASSWORD, NULL, error))
    {
      g_assert_true (cr_pop3_session_is_connected (session));
      cr_session_disconnect (CR_SESSION (session));
    }
  g_assert_false (cr_pop3_session_is_connected (session));

  return cr_fake_server_finish (fake);
}

static void
test_pop3_no_stls (gconstpointer data)
{
  const char *capa = data;
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_POP3, "+OK fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "CAPA", capa);
  received = run_pop3 (fake, CR_SECURITY_STARTTLS, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_UNAVAILABLE);
  g_assert_null (strstr (received, "STLS"));
  assert_nothing_secret (received);
}

static void
test_pop3_stls_refused (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_POP3, "+OK fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "CAPA", "+OK\r\nSTLS\r\nUSER\r\n.\r\n");
  cr_fake_server_reply (fake, "STLS", "-ERR not now\r\n");
  received = run_pop3 (fake, CR_SECURITY_STARTTLS, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED);
  g_assert_nonnull (strstr (error->message, "not now"));
  assert_nothing_secret (received);
}

static void
test_pop3_injection (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_POP3, "+OK fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "CAPA", "+OK\r\nSTLS\r\nUSER\r\n.\r\n");
  cr_fake_server_reply (fake, "STLS", "+OK begin TLS\r\n+OK injected\r\n");
  received = run_pop3 (fake, CR_SECURITY_STARTTLS, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED);
  g_assert_nonnull (strstr (error->message, "unexpected data"));
  assert_nothing_secret (received);
}

static void
test_pop3_control (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_POP3, "+OK fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "CAPA", "+OK\r\nUSER\r\nUIDL\r\n.\r\n");
  cr_fake_server_reply (fake, "USER", "+OK\r\n");
  cr_fake_server_reply (fake, "PASS", "+OK logged in\r\n");
  received = run_pop3 (fake, CR_SECURITY_NONE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (received, "USER " LOGIN "\r\n"));
  g_assert_nonnull (strstr (received, "PASS " PASSWORD "\r\n"));
}

static void
test_pop3_wrong_password (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_POP3, "+OK fake\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "USER", "+OK\r\n");
  cr_fake_server_reply (fake, "PASS", "-ERR [AUTH] Nope, not you.\r\n");
  received = run_pop3 (fake, CR_SECURITY_NONE, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (error->message, "Nope, not you."));
}

static char *
run_smtp (CrFakeServer *fake,
          CrSecurity    security,
          GError      **error)
{
  guint16 port = cr_fake_server_start (fake);
  g_autoptr(CrServer) server = make_server (CR_PROTOCOL_SMTP, port, security);
  g_autoptr(CrSmtpSession) session = cr_smtp_session_new (server, NULL, NULL, NULL);

  cr_session_set_timeout (CR_SESSION (session), 20);
  if (cr_session_connect_sync (CR_SESSION (session), PASSWORD, NULL, error))
    {
      g_assert_true (cr_smtp_session_is_connected (session));
      cr_session_disconnect (CR_SESSION (session));
    }
  g_assert_false (cr_smtp_session_is_connected (session));

  return cr_fake_server_finish (fake);
}

static void
test_smtp_no_starttls (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_SMTP, "220 fake ESMTP\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "EHLO", "250-fake\r\n250 AUTH PLAIN LOGIN\r\n");
  received = run_smtp (fake, CR_SECURITY_STARTTLS, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_UNAVAILABLE);
  g_assert_nonnull (strstr (received, "EHLO "));
  assert_nothing_secret (received);
}

static void
test_smtp_starttls_refused (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_SMTP, "220 fake ESMTP\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "EHLO", "250-fake\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n");
  cr_fake_server_reply (fake, "STARTTLS", "454 4.7.0 TLS not available now\r\n");
  received = run_smtp (fake, CR_SECURITY_STARTTLS, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED);
  g_assert_nonnull (strstr (error->message, "TLS not available now"));
  g_assert_nonnull (strstr (received, "STARTTLS"));
  assert_nothing_secret (received);
}

static void
test_smtp_injection (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_SMTP, "220 fake ESMTP\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "EHLO", "250-fake\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n");
  cr_fake_server_reply (fake, "STARTTLS", "220 2.0.0 go ahead\r\n250 injected\r\n");
  received = run_smtp (fake, CR_SECURITY_STARTTLS, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED);
  g_assert_nonnull (strstr (error->message, "unexpected data"));
  assert_nothing_secret (received);
}

static void
test_smtp_control_plain (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_SMTP, "220 fake ESMTP\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;
  g_autofree char *expected = NULL;
  const char raw[] = "\0" LOGIN "\0" PASSWORD;

  cr_fake_server_reply (fake, "EHLO", "250-fake\r\n250 AUTH LOGIN PLAIN\r\n");
  cr_fake_server_reply (fake, "AUTH", "235 2.7.0 Authentication successful\r\n");
  received = run_smtp (fake, CR_SECURITY_NONE, &error);

  /* RFC 4616 PLAIN: empty authorization id, login, password. */
  g_assert_no_error (error);
  expected = g_base64_encode ((const guchar *)raw, sizeof raw - 1);
  g_assert_nonnull (strstr (received, "AUTH PLAIN "));
  g_assert_nonnull (strstr (received, expected));
  g_assert_nonnull (strstr (received, "QUIT\r\n"));
}

static void
test_smtp_control_login (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_SMTP, "220 fake ESMTP\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;
  g_autofree char *user = g_base64_encode ((const guchar *)LOGIN, strlen (LOGIN));
  g_autofree char *pass = g_base64_encode ((const guchar *)PASSWORD, strlen (PASSWORD));
  g_autofree char *expected = NULL;

  /* PLAIN not offered: LOGIN, one challenge at a time. */
  cr_fake_server_reply (fake, "EHLO", "250-fake\r\n250 AUTH LOGIN\r\n");
  cr_fake_server_reply (fake, "AUTH", "334 VXNlcm5hbWU6\r\n");
  cr_fake_server_then (fake, "334 UGFzc3dvcmQ6\r\n");
  cr_fake_server_then (fake, "235 2.7.0 Authentication successful\r\n");
  received = run_smtp (fake, CR_SECURITY_NONE, &error);

  g_assert_no_error (error);
  expected = g_strdup_printf ("AUTH LOGIN\r\n%s\r\n%s\r\n", user, pass);
  g_assert_nonnull (strstr (received, expected));
}

static void
test_smtp_wrong_password (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_SMTP, "220 fake ESMTP\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "EHLO", "250-fake\r\n250 AUTH PLAIN\r\n");
  cr_fake_server_reply (fake, "AUTH", "535 5.7.8 Nope, not you.\r\n");
  received = run_smtp (fake, CR_SECURITY_NONE, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (error->message, "Nope, not you."));
}

static void
test_smtp_no_auth (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_SMTP, "220 fake ESMTP\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;

  cr_fake_server_reply (fake, "EHLO", "250-fake\r\n250 8BITMIME\r\n");
  received = run_smtp (fake, CR_SECURITY_NONE, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE);
  assert_nothing_secret (received);
}

int
main (int   argc,
      char *argv[])
{
  /* A throw-away HOME rather than G_TEST_OPTION_ISOLATE_DIRS, which
   * leaks in GLib 2.74 and would fail the AddressSanitizer build. */
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/starttls-attacks/imap/no-starttls", test_imap_no_starttls);
  g_test_add_func ("/starttls-attacks/imap/no-starttls-capability", test_imap_no_starttls_capability);
  g_test_add_data_func ("/starttls-attacks/imap/starttls-no", "%t NO not now\r\n", test_imap_starttls_refused);
  g_test_add_data_func ("/starttls-attacks/imap/starttls-bad", "%t BAD what?\r\n", test_imap_starttls_refused);
  g_test_add_func ("/starttls-attacks/imap/injection", test_imap_injection);
  g_test_add_func ("/starttls-attacks/imap/preauth", test_imap_preauth);
  g_test_add_func ("/starttls-attacks/imap/login-disabled", test_imap_login_disabled);
  g_test_add_func ("/starttls-attacks/imap/control", test_imap_control);
  g_test_add_func ("/starttls-attacks/imap/wrong-password", test_imap_wrong_password);

  g_test_add_data_func ("/starttls-attacks/pop3/no-stls", "+OK\r\nUSER\r\nUIDL\r\n.\r\n", test_pop3_no_stls);
  g_test_add_data_func ("/starttls-attacks/pop3/no-capa", "-ERR what?\r\n", test_pop3_no_stls);
  g_test_add_func ("/starttls-attacks/pop3/stls-refused", test_pop3_stls_refused);
  g_test_add_func ("/starttls-attacks/pop3/injection", test_pop3_injection);
  g_test_add_func ("/starttls-attacks/pop3/control", test_pop3_control);
  g_test_add_func ("/starttls-attacks/pop3/wrong-password", test_pop3_wrong_password);

  g_test_add_func ("/starttls-attacks/smtp/no-starttls", test_smtp_no_starttls);
  g_test_add_func ("/starttls-attacks/smtp/starttls-refused", test_smtp_starttls_refused);
  g_test_add_func ("/starttls-attacks/smtp/injection", test_smtp_injection);
  g_test_add_func ("/starttls-attacks/smtp/control-plain", test_smtp_control_plain);
  g_test_add_func ("/starttls-attacks/smtp/control-login", test_smtp_control_login);
  g_test_add_func ("/starttls-attacks/smtp/wrong-password", test_smtp_wrong_password);
  g_test_add_func ("/starttls-attacks/smtp/no-auth", test_smtp_no_auth);

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
