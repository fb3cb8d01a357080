/* test-pop3-apop.c — APOP logins
 *
 * Against the private Dovecot (which puts the APOP timestamp in its POP3
 * greeting): APOP over POP3S and over STLS, and a wrong password. Against
 * the scripted server: the digest sent is the right one and never the
 * password, a greeting without timestamp means APOP is not offered (and
 * nothing secret is sent), a refusal gives the server's words, and a
 * connection that cannot be secured sends no APOP at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-fake-server.h"
#include "cr-net-error.h"
#include "cr-pop3-session.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"

#define N_SEEDED  3
#define LOGIN     "someone@example.org"
#define PASSWORD  "Secr3t-pa55"
#define TIMESTAMP "<1896.697170952@dbc.mtview.ca.us>"

static CrTestCa *ca;
static CrTestDovecot *dovecot;
static GTlsDatabase *database;
static CrCertificateStore *store;

static CrPop3Session *
make_session (guint16      port,
              CrSecurity   security,
              const char  *login)
{
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_POP3);

  cr_server_set_host (server, "127.0.0.1");
  cr_server_set_port (server, port);
  cr_server_set_security (server, security);
  cr_server_set_auth_method (server, CR_AUTH_APOP);
  cr_server_set_login (server, login);

  return cr_pop3_session_new (server, NULL, store, database);
}

/* How many APOP logins Dovecot has accepted so far. */
static guint
count_apop_logins (void)
{
  g_autofree char *log = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_assert_true (g_file_get_contents (cr_test_dovecot_get_log_path (dovecot), &log, NULL, &error));
  g_assert_no_error (error);

  for (const char *p = log; (p = strstr (p, "method=APOP")) != NULL; p++)
    count++;

  return count;
}

/* Dovecot ------------------------------------------------------------- */

static void
test_dovecot (gconstpointer data)
{
  CrSecurity security = GPOINTER_TO_INT (data);
  CrTestService service = security == CR_SECURITY_TLS ? CR_TEST_POP3S : CR_TEST_POP3;
  g_autoptr(CrPop3Session) session = make_session (cr_test_dovecot_get_port (dovecot, service),
                                                   security, cr_test_dovecot_get_user (dovecot));
  g_autoptr(GError) error = NULL;
  struct mailpop3_stat_response *stat = NULL;
  guint before = count_apop_logins ();
  gboolean ok;

  ok = cr_session_connect_sync (CR_SESSION (session), cr_test_dovecot_get_password (dovecot), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (cr_pop3_session_is_connected (session));
  g_assert_true (cr_session_is_secure (CR_SESSION (session)));
  g_assert_true (cr_pop3_session_offers_apop (session));

  g_assert_cmpint (mailpop3_stat (cr_pop3_session_get_pop3 (session), &stat), ==, MAILPOP3_NO_ERROR);
  g_assert_cmpuint (stat->msgs_count, ==, N_SEEDED);
  mailpop3_stat_resp_free (stat);

  cr_session_disconnect (CR_SESSION (session));

  /* Dovecot says which method it accepted (the log may lag a little). */
  for (guint i = 0; i < 50 && count_apop_logins () == before; i++)
    g_usleep (G_USEC_PER_SEC / 50);
  g_assert_cmpuint (count_apop_logins (), ==, before + 1);
}

static void
test_dovecot_wrong_password (gconstpointer data)
{
  CrSecurity security = GPOINTER_TO_INT (data);
  CrTestService service = security == CR_SECURITY_TLS ? CR_TEST_POP3S : CR_TEST_POP3;
  g_autoptr(CrPop3Session) session = make_session (cr_test_dovecot_get_port (dovecot, service),
                                                   security, cr_test_dovecot_get_user (dovecot));
  g_autoptr(GError) error = NULL;

  g_assert_false (cr_session_connect_sync (CR_SESSION (session), "not-the-password", NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
  /* Dovecot's own words. */
  g_assert_nonnull (strstr (error->message, "Authentication failed"));
  g_assert_false (cr_pop3_session_is_connected (session));
  /* The greeting was read: a prober still knows APOP is offered. */
  g_assert_true (cr_pop3_session_offers_apop (session));
}

/* Scripted server ----------------------------------------------------- */

static char *
run_fake (CrFakeServer   *fake,
          CrSecurity      security,
          gboolean       *out_offers_apop,
          GError        **error)
{
  guint16 port = cr_fake_server_start (fake);
  g_autoptr(CrPop3Session) session = make_session (port, security, LOGIN);

  cr_session_set_timeout (CR_SESSION (session), 20);
  if (cr_session_connect_sync (CR_SESSION (session), PASSWORD, NULL, error))
    {
      g_assert_true (cr_pop3_session_is_connected (session));
      cr_session_disconnect (CR_SESSION (session));
    }
  g_assert_false (cr_pop3_session_is_connected (session));
  *out_offers_apop = cr_pop3_session_offers_apop (session);

  return cr_fake_server_finish (fake);
}

static void
assert_nothing_secret (const char *received)
{
  g_assert_null (strstr (received, PASSWORD));
  g_assert_null (strstr (received, "USER "));
  g_assert_null (strstr (received, "PASS "));
  g_assert_null (strstr (received, "AUTH "));
}

static void
test_fake_digest (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_POP3, "+OK POP3 server ready " TIMESTAMP "\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_MD5, TIMESTAMP PASSWORD, -1);
  g_autofree char *expected = g_strdup_printf ("APOP " LOGIN " %s\r\n", digest);
  gboolean offers_apop = FALSE;

  cr_fake_server_reply (fake, "CAPA", "+OK\r\nUSER\r\nUIDL\r\n.\r\n");
  cr_fake_server_reply (fake, "APOP", "+OK maildrop has 0 messages\r\n");
  received = run_fake (fake, CR_SECURITY_NONE, &offers_apop, &error);

  g_assert_no_error (error);
  g_assert_true (offers_apop);
  /* RFC 1939's example: the MD5 of the timestamp and the password. */
  g_assert_nonnull (strstr (received, expected));
  assert_nothing_secret (received);
}

static void
test_fake_refused (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_POP3, "+OK ready " TIMESTAMP "\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;
  gboolean offers_apop = FALSE;

  cr_fake_server_reply (fake, "CAPA", "+OK\r\nUSER\r\n.\r\n");
  cr_fake_server_reply (fake, "APOP", "-ERR [AUTH] Nope, not you.\r\n");
  received = run_fake (fake, CR_SECURITY_NONE, &offers_apop, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (error->message, "Nope, not you."));
  g_assert_true (offers_apop);
  assert_nothing_secret (received);
}

static void
test_fake_no_timestamp (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_POP3, "+OK POP3 server ready\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;
  gboolean offers_apop = TRUE;

  cr_fake_server_reply (fake, "CAPA", "+OK\r\nUSER\r\nUIDL\r\n.\r\n");
  cr_fake_server_reply (fake, "USER", "+OK\r\n");
  cr_fake_server_reply (fake, "PASS", "+OK logged in\r\n");
  received = run_fake (fake, CR_SECURITY_NONE, &offers_apop, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "APOP"));
  g_assert_false (offers_apop);
  /* No fallback to USER/PASS, no APOP either. */
  assert_nothing_secret (received);
  g_assert_null (strstr (received, "APOP"));
}

static void
test_fake_no_stls (void)
{
  g_autoptr(CrFakeServer) fake = cr_fake_server_new (CR_FAKE_POP3, "+OK ready " TIMESTAMP "\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL;
  gboolean offers_apop = FALSE;

  /* STARTTLS chosen, not offered: not even a digest goes out. */
  cr_fake_server_reply (fake, "CAPA", "+OK\r\nUSER\r\n.\r\n");
  cr_fake_server_reply (fake, "APOP", "+OK\r\n");
  received = run_fake (fake, CR_SECURITY_STARTTLS, &offers_apop, &error);

  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_UNAVAILABLE);
  assert_nothing_secret (received);
  g_assert_null (strstr (received, "APOP"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autofree char *store_path = g_build_filename (env_dir, "config", "courrier", "certificates.ini", NULL);
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
  cr_test_dovecot_seed (dovecot, "INBOX", N_SEEDED, &error);
  g_assert_no_error (error);
  store = cr_certificate_store_new (store_path);

  g_test_add_data_func ("/pop3-apop/dovecot/tls", GINT_TO_POINTER (CR_SECURITY_TLS), test_dovecot);
  g_test_add_data_func ("/pop3-apop/dovecot/starttls", GINT_TO_POINTER (CR_SECURITY_STARTTLS), test_dovecot);
  g_test_add_data_func ("/pop3-apop/dovecot/wrong-password/tls", GINT_TO_POINTER (CR_SECURITY_TLS),
                        test_dovecot_wrong_password);
  g_test_add_data_func ("/pop3-apop/dovecot/wrong-password/starttls", GINT_TO_POINTER (CR_SECURITY_STARTTLS),
                        test_dovecot_wrong_password);
  g_test_add_func ("/pop3-apop/fake/digest", test_fake_digest);
  g_test_add_func ("/pop3-apop/fake/refused", test_fake_refused);
  g_test_add_func ("/pop3-apop/fake/no-timestamp", test_fake_no_timestamp);
  g_test_add_func ("/pop3-apop/fake/no-stls", test_fake_no_stls);

  ret = g_test_run ();

  g_clear_object (&store);
  g_clear_object (&database);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
  cr_test_env_teardown (env_dir);

  return ret;
}
