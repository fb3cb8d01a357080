/* test-certificates.c — untrusted certificates stop the connection, and
 * an approved exception is pinned to one certificate on one host:port
 *
 * Against the private Dovecot, restarted with the certificate each case
 * needs: one issued by the test CA (trusted through the CA database, the
 * way the system's CAs are in production), and self-signed ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-imap-session.h"
#include "cr-net-error.h"
#include "cr-pop3-session.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"
#include "cr-test-resolver.h"

static char *env_dir;
static CrTestCa *ca;
static CrTestDovecot *dovecot;
static GTlsDatabase *database;
static CrTestResolver *resolver;

typedef struct
{
  char               *dir;
  CrCertificateStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cr-certificates-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "certificates.ini", NULL);
  f->store = cr_certificate_store_new (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (f->store);
  g_assert_true (cr_test_rm_rf (f->dir, &error));
  g_free (f->dir);
}

/* Restarts Dovecot with a new self-signed certificate named @name. */
static char *
use_self_signed (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;

  g_assert_true (cr_test_ca_self_signed (env_dir, name, &cert, &key, &error));
  g_assert_no_error (error);
  g_assert_true (cr_test_dovecot_restart_with_cert (dovecot, cert, key, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&cert);
}

static void
use_ca_issued (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;

  g_assert_true (cr_test_ca_issue (ca, name, NULL, &cert, &key, &error));
  g_assert_no_error (error);
  g_assert_true (cr_test_dovecot_restart_with_cert (dovecot, cert, key, &error));
  g_assert_no_error (error);
}

static CrImapSession *
make_imap (const char         *host,
           CrTestService       service,
           CrCertificateStore *store,
           GTlsDatabase       *db)
{
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_IMAP);

  cr_server_set_host (server, host);
  cr_server_set_port (server, cr_test_dovecot_get_port (dovecot, service));
  cr_server_set_security (server, service == CR_TEST_IMAPS ? CR_SECURITY_TLS : CR_SECURITY_STARTTLS);
  cr_server_set_login (server, cr_test_dovecot_get_user (dovecot));

  return cr_imap_session_new (server, NULL, store, db);
}

/* Connects once; on success returns NULL, else the refused certificate. */
static CrCertificateInfo *
try_imap (const char          *host,
          CrTestService        service,
          CrCertificateStore  *store,
          GTlsDatabase        *db,
          GError             **error)
{
  g_autoptr(CrImapSession) session = make_imap (host, service, store, db);
  CrCertificateInfo *info;

  if (cr_session_connect_sync (CR_SESSION (session), cr_test_dovecot_get_password (dovecot), NULL, error))
    {
      g_assert_true (cr_session_is_secure (CR_SESSION (session)));
      return NULL;
    }

  info = cr_session_get_certificate_info (CR_SESSION (session));
  return info != NULL ? g_object_ref (info) : NULL;
}

static void
test_ca_issued (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrCertificateInfo) info = NULL;

  use_ca_issued ("good");

  /* Trusted through the CA database: no exception needed. */
  g_assert_null (try_imap ("127.0.0.1", CR_TEST_IMAPS, f->store, database, &error));
  g_assert_no_error (error);
  g_assert_null (try_imap ("localhost", CR_TEST_IMAP, f->store, database, &error));
  g_assert_no_error (error);

  /* Not trusted by the system's CAs. */
  info = try_imap ("127.0.0.1", CR_TEST_IMAPS, f->store, NULL, &error);
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED);
  g_assert_nonnull (info);
  g_assert_true (cr_certificate_info_get_errors (info) & G_TLS_CERTIFICATE_UNKNOWN_CA);
}

static void
test_wrong_host (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrCertificateInfo) info = NULL;

  use_ca_issued ("good");

  /* The right server at another name: the certificate (localhost,
   * 127.0.0.1) does not name it. */
  info = try_imap ("other-name.test", CR_TEST_IMAPS, f->store, database, &error);
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED);
  g_assert_nonnull (info);
  g_assert_cmpint (cr_certificate_info_get_errors (info), ==, G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_assert_cmpstr (cr_certificate_info_get_host (info), ==, "other-name.test");
  g_assert_nonnull (strstr (error->message, "does not match"));
}

static void
test_self_signed (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cert = use_self_signed ("self-1");
  g_autofree char *sha256 = cr_test_cert_sha256 (cert);
  guint16 port = cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrCertificateInfo) info = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* Refused, with what the person needs to decide. */
  info = try_imap ("127.0.0.1", CR_TEST_IMAPS, f->store, database, &error);
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (info);
  g_assert_cmpstr (cr_certificate_info_get_fingerprint (info), ==, sha256);
  g_assert_cmpstr (cr_certificate_info_get_host (info), ==, "127.0.0.1");
  g_assert_cmpuint (cr_certificate_info_get_port (info), ==, port);
  g_assert_nonnull (strstr (cr_certificate_info_get_subject (info), "Somebody Else"));
  g_assert_cmpstr (cr_certificate_info_get_issuer (info), ==, cr_certificate_info_get_subject (info));
  g_assert_true (g_date_time_compare (cr_certificate_info_get_not_before (info), now) <= 0);
  g_assert_true (g_date_time_compare (cr_certificate_info_get_not_after (info), now) > 0);
  g_assert_true (cr_certificate_info_get_errors (info) & G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_assert_false (cr_certificate_info_get_changed (info));
  g_clear_error (&error);

  /* Approved: the same connection now succeeds, STARTTLS too once its
   * port is approved as well. */
  g_assert_true (cr_certificate_store_trust (f->store, info, &error));
  g_assert_no_error (error);
  g_assert_null (try_imap ("127.0.0.1", CR_TEST_IMAPS, f->store, database, &error));
  g_assert_no_error (error);

  g_clear_object (&info);
  info = try_imap ("127.0.0.1", CR_TEST_IMAP, f->store, database, &error);
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED);
  g_assert_nonnull (info);
  g_clear_error (&error);
  g_assert_true (cr_certificate_store_trust_fingerprint (f->store, "127.0.0.1",
                                                         cr_test_dovecot_get_port (dovecot, CR_TEST_IMAP),
                                                         sha256, &error));
  g_assert_null (try_imap ("127.0.0.1", CR_TEST_IMAP, f->store, database, &error));
  g_assert_no_error (error);
}

static void
test_pinned_per_port (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *cert = use_self_signed ("self-2");
  g_autofree char *sha256 = cr_test_cert_sha256 (cert);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_POP3);
  g_autoptr(CrPop3Session) pop3 = NULL;

  /* Approved for IMAPS only: POP3S on the same host is another server. */
  g_assert_true (cr_certificate_store_trust_fingerprint (f->store, "127.0.0.1",
                                                         cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS),
                                                         sha256, &error));
  g_assert_null (try_imap ("127.0.0.1", CR_TEST_IMAPS, f->store, database, &error));
  g_assert_no_error (error);

  cr_server_set_host (server, "127.0.0.1");
  cr_server_set_port (server, cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S));
  cr_server_set_security (server, CR_SECURITY_TLS);
  cr_server_set_login (server, cr_test_dovecot_get_user (dovecot));
  pop3 = cr_pop3_session_new (server, NULL, f->store, database);
  g_assert_false (cr_session_connect_sync (CR_SESSION (pop3), cr_test_dovecot_get_password (dovecot), NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED);
  g_assert_cmpstr (cr_certificate_info_get_fingerprint (cr_session_get_certificate_info (CR_SESSION (pop3))), ==, sha256);
}

static void
test_changed (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *first = use_self_signed ("self-3");
  g_autofree char *first_sha256 = cr_test_cert_sha256 (first);
  g_autofree char *second = NULL;
  g_autofree char *second_sha256 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrCertificateInfo) info = NULL;
  g_auto(GStrv) reasons = NULL;

  info = try_imap ("127.0.0.1", CR_TEST_IMAPS, f->store, database, &error);
  g_assert_nonnull (info);
  g_clear_error (&error);
  g_assert_true (cr_certificate_store_trust (f->store, info, &error));
  g_assert_null (try_imap ("127.0.0.1", CR_TEST_IMAPS, f->store, database, &error));
  g_assert_no_error (error);
  g_clear_object (&info);

  /* Another certificate on the same port: refused again, and the person
   * is told it is not the one they approved. */
  second = use_self_signed ("self-4");
  second_sha256 = cr_test_cert_sha256 (second);
  g_assert_cmpstr (first_sha256, !=, second_sha256);

  info = try_imap ("127.0.0.1", CR_TEST_IMAPS, f->store, database, &error);
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED);
  g_assert_nonnull (info);
  g_assert_cmpstr (cr_certificate_info_get_fingerprint (info), ==, second_sha256);
  g_assert_true (cr_certificate_info_get_changed (info));
  reasons = cr_certificate_info_get_reasons (info);
  g_assert_nonnull (strstr (reasons[0], "differs"));
  g_assert_nonnull (strstr (error->message, "differs"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *ca_dir = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  env_dir = cr_test_env_setup ();
  g_test_init (&argc, &argv, NULL);

  ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);
  resolver = cr_test_resolver_install ();
  cr_test_resolver_add (resolver, "other-name.test", "127.0.0.1");

#define ADD(path, func) \
  g_test_add ("/certificates/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("ca-issued", test_ca_issued);
  ADD ("wrong-host", test_wrong_host);
  ADD ("self-signed", test_self_signed);
  ADD ("pinned-per-port", test_pinned_per_port);
  ADD ("changed", test_changed);
#undef ADD

  ret = g_test_run ();

  g_clear_object (&resolver);
  g_clear_object (&database);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
  cr_test_env_teardown (env_dir);
  g_free (env_dir);

  return ret;
}
