/* test-imap-session.c — connect and log in to a real IMAP server
 *
 * Against the private Dovecot: implicit TLS, STARTTLS, CRAM-MD5, and the
 * errors the setup assistant shows (wrong password, closed port, unknown
 * host, a server that never answers).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-imap-session.h"
#include "cr-session-test.h"
#include "cr-test-env.h"

static CrTestDovecot *dovecot;

static CrSession *
imap_session_new (CrServer           *server,
                  CrCertificateStore *store,
                  GTlsDatabase       *database)
{
  return CR_SESSION (cr_imap_session_new (server, NULL, store, database));
}

static gboolean
imap_is_connected (CrSession *session)
{
  return cr_imap_session_is_connected (CR_IMAP_SESSION (session));
}

static const CrSessionTestProtocol imap = {
  "imap-session", CR_PROTOCOL_IMAP, CR_TEST_IMAPS, CR_TEST_IMAP, 993, imap_session_new, imap_is_connected,
};

static CrImapSession *
make_session (const char   *host,
              guint16       port,
              CrSecurity    security,
              CrAuthMethod  auth)
{
  return CR_IMAP_SESSION (cr_session_test_make (host, port, security, auth));
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

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  cr_session_test_start (&imap, env_dir);
  dovecot = cr_session_test_get_dovecot ();

  g_test_add_func ("/imap-session/imaps", test_imaps);
  g_test_add_func ("/imap-session/starttls", test_starttls);
  cr_session_test_add_cases ();

  ret = g_test_run ();

  cr_session_test_stop ();
  cr_test_env_teardown (env_dir);

  return ret;
}
