/* test-pop3-session.c — connect and log in to a real POP3 server
 *
 * Against the private Dovecot: implicit TLS, STLS, CRAM-MD5, and the
 * errors the setup assistant shows (wrong password, closed port, unknown
 * host, a server that never answers).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-pop3-session.h"
#include "cr-session-test.h"
#include "cr-test-env.h"

#define N_SEEDED 3

static CrTestDovecot *dovecot;

static CrSession *
pop3_session_new (CrServer           *server,
                  CrCertificateStore *store,
                  GTlsDatabase       *database)
{
  return CR_SESSION (cr_pop3_session_new (server, NULL, store, database));
}

static gboolean
pop3_is_connected (CrSession *session)
{
  return cr_pop3_session_is_connected (CR_POP3_SESSION (session));
}

static const CrSessionTestProtocol pop3 = {
  "pop3-session", CR_PROTOCOL_POP3, CR_TEST_POP3S, CR_TEST_POP3, 995, pop3_session_new, pop3_is_connected,
};

static CrPop3Session *
make_session (const char   *host,
              guint16       port,
              CrSecurity    security,
              CrAuthMethod  auth)
{
  return CR_POP3_SESSION (cr_session_test_make (host, port, security, auth));
}

static void
test_pop3s (void)
{
  g_autoptr(CrPop3Session) session = make_session ("127.0.0.1", cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S),
                                                   CR_SECURITY_TLS, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;
  struct mailpop3_stat_response *stat = NULL;

  g_assert_true (cr_session_connect_sync (CR_SESSION (session), cr_test_dovecot_get_password (dovecot), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cr_pop3_session_is_connected (session));
  g_assert_true (cr_session_is_secure (CR_SESSION (session)));
  g_assert_true (cr_pop3_session_has_capability (session, "UIDL"));
  g_assert_true (cr_pop3_session_has_capability (session, "top"));
  g_assert_null (cr_session_get_certificate_info (CR_SESSION (session)));

  /* The handle is logged in and usable by the download engine. */
  g_assert_cmpint (mailpop3_stat (cr_pop3_session_get_pop3 (session), &stat), ==, MAILPOP3_NO_ERROR);
  g_assert_cmpuint (stat->msgs_count, ==, N_SEEDED);
  mailpop3_stat_resp_free (stat);

  cr_session_disconnect (CR_SESSION (session));
  g_assert_false (cr_pop3_session_is_connected (session));
  g_assert_null (cr_pop3_session_get_pop3 (session));
}

static void
test_starttls (void)
{
  g_autoptr(CrPop3Session) session = make_session ("127.0.0.1", cr_test_dovecot_get_port (dovecot, CR_TEST_POP3),
                                                   CR_SECURITY_STARTTLS, CR_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_session_connect_sync (CR_SESSION (session), cr_test_dovecot_get_password (dovecot), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cr_session_is_secure (CR_SESSION (session)));

  /* Read again after TLS: STLS is no longer offered. */
  g_assert_false (cr_pop3_session_has_capability (session, "STLS"));
  g_assert_true (cr_pop3_session_has_capability (session, "UIDL"));

  /* A second connect replaces the first. */
  g_assert_true (cr_session_connect_sync (CR_SESSION (session), cr_test_dovecot_get_password (dovecot), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cr_pop3_session_is_connected (session));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  cr_session_test_start (&pop3, env_dir);
  dovecot = cr_session_test_get_dovecot ();
  cr_test_dovecot_seed (dovecot, "INBOX", N_SEEDED, &error);
  g_assert_no_error (error);

  g_test_add_func ("/pop3-session/pop3s", test_pop3s);
  g_test_add_func ("/pop3-session/starttls", test_starttls);
  cr_session_test_add_cases ();

  ret = g_test_run ();

  cr_session_test_stop ();
  cr_test_env_teardown (env_dir);

  return ret;
}
