/* test-certificate-store.c — the person's certificate exceptions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cr-certificate-info.h"
#include "cr-certificate-store.h"
#include "cr-test-certs.h"
#include "cr-test-env.h"

typedef struct
{
  char               *dir;
  char               *path;
  CrCertificateStore *store;
  GTlsCertificate    *cert_a;
  GTlsCertificate    *cert_b;
} Fixture;

static GTlsCertificate *
load_cert (const char *pem)
{
  g_autoptr(GError) error = NULL;
  GTlsCertificate *cert = g_tls_certificate_new_from_pem (pem, -1, &error);

  g_assert_no_error (error);
  return cert;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cr-store-XXXXXX", &error);
  g_assert_no_error (error);
  /* A folder that does not exist yet: the store creates it. */
  f->path = g_build_filename (f->dir, "config", "certificates.ini", NULL);
  f->store = cr_certificate_store_new (f->path);
  f->cert_a = load_cert (test_cert_a);
  f->cert_b = load_cert (test_cert_b);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *config = g_path_get_dirname (f->path);

  g_assert_finalize_object (f->store);
  g_clear_object (&f->cert_a);
  g_clear_object (&f->cert_b);
  g_unlink (f->path);
  g_rmdir (config);
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static void
test_fingerprint (void)
{
  g_autoptr(GTlsCertificate) a = load_cert (test_cert_a);
  g_autoptr(GTlsCertificate) b = load_cert (test_cert_b);
  g_autofree char *fa = cr_certificate_fingerprint (a);
  g_autofree char *fb = cr_certificate_fingerprint (b);

  /* What `openssl x509 -fingerprint -sha256` printed for them. */
  g_assert_cmpstr (fa, ==, TEST_CERT_A_SHA256);
  g_assert_cmpstr (fb, ==, TEST_CERT_B_SHA256);
}

static void
test_normalize (void)
{
  g_autofree char *lower = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *upper_bare = g_strdup (TEST_CERT_A_SHA256);
  char *w = upper_bare;

  for (const char *r = TEST_CERT_A_SHA256; *r; r++)
    if (*r != ':')
      *w++ = g_ascii_tolower (*r);
  *w = '\0';

  bare = cr_certificate_normalize_fingerprint (upper_bare);
  g_assert_cmpstr (bare, ==, TEST_CERT_A_SHA256);
  lower = g_ascii_strdown (TEST_CERT_A_SHA256, -1);
  g_free (bare);
  bare = cr_certificate_normalize_fingerprint (lower);
  g_assert_cmpstr (bare, ==, TEST_CERT_A_SHA256);

  g_assert_null (cr_certificate_normalize_fingerprint (""));
  g_assert_null (cr_certificate_normalize_fingerprint ("AB:CD"));
  g_assert_null (cr_certificate_normalize_fingerprint (TEST_CERT_A_SHA256 ":00"));
  w = g_strdup (TEST_CERT_A_SHA256);
  w[0] = 'Z';
  g_assert_null (cr_certificate_normalize_fingerprint (w));
  g_free (w);
}

static void
test_info (void)
{
  g_autoptr(GTlsCertificate) cert = load_cert (test_cert_a);
  g_autoptr(CrCertificateInfo) info = NULL;
  g_autoptr(CrCertificateInfo) changed = NULL;
  g_autoptr(GDateTime) expected_start = g_date_time_new_utc (2026, 11, 26, 9, 25, 8);
  g_autoptr(GDateTime) expected_end = g_date_time_new_utc (2126, 11, 2, 9, 25, 8);
  g_auto(GStrv) reasons = NULL;
  g_auto(GStrv) changed_reasons = NULL;
  g_autofree char *text = NULL;

  info = cr_certificate_info_new ("imap.example.org", 993, cert,
                                  G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_BAD_IDENTITY,
                                  FALSE);

  g_assert_cmpstr (cr_certificate_info_get_host (info), ==, "imap.example.org");
  g_assert_cmpuint (cr_certificate_info_get_port (info), ==, 993);
  g_assert_true (cr_certificate_info_get_certificate (info) == cert);
  g_assert_cmpstr (cr_certificate_info_get_fingerprint (info), ==, TEST_CERT_A_SHA256);
  g_assert_nonnull (strstr (cr_certificate_info_get_subject (info), "test-a.example"));
  g_assert_nonnull (strstr (cr_certificate_info_get_issuer (info), "test-a.example"));
  g_assert_true (g_date_time_equal (cr_certificate_info_get_not_before (info), expected_start));
  g_assert_true (g_date_time_equal (cr_certificate_info_get_not_after (info), expected_end));
  g_assert_false (cr_certificate_info_get_changed (info));

  /* One sentence per problem, in a stable order. */
  reasons = cr_certificate_info_get_reasons (info);
  g_assert_cmpuint (g_strv_length (reasons), ==, 2);
  g_assert_cmpstr (reasons[0], ==, "The certificate was not issued by a known certificate authority.");
  g_assert_cmpstr (reasons[1], ==, "The certificate does not match the server’s name.");
  text = cr_certificate_info_describe (info);
  g_assert_nonnull (strstr (text, reasons[0]));
  g_assert_nonnull (strstr (text, reasons[1]));

  changed = cr_certificate_info_new ("imap.example.org", 993, cert,
                                     G_TLS_CERTIFICATE_EXPIRED, TRUE);
  changed_reasons = cr_certificate_info_get_reasons (changed);
  g_assert_cmpuint (g_strv_length (changed_reasons), ==, 2);
  g_assert_nonnull (strstr (changed_reasons[0], "differs"));
  g_assert_cmpstr (changed_reasons[1], ==, "The certificate has expired.");
}

static void
test_trust (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CrCertificateInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *pem = NULL;
  GStatBuf st;

  g_assert_false (cr_certificate_store_is_trusted (f->store, "mail.example.org", 993, f->cert_a));

  info = cr_certificate_info_new ("mail.example.org", 993, f->cert_a, G_TLS_CERTIFICATE_UNKNOWN_CA, FALSE);
  g_assert_true (cr_certificate_store_trust (f->store, info, &error));
  g_assert_no_error (error);

  /* Pinned to this certificate on this host and port only. */
  g_assert_true (cr_certificate_store_is_trusted (f->store, "mail.example.org", 993, f->cert_a));
  g_assert_true (cr_certificate_store_is_trusted (f->store, "MAIL.Example.ORG", 993, f->cert_a));
  g_assert_false (cr_certificate_store_is_trusted (f->store, "mail.example.org", 993, f->cert_b));
  g_assert_false (cr_certificate_store_is_trusted (f->store, "mail.example.org", 465, f->cert_a));
  g_assert_false (cr_certificate_store_is_trusted (f->store, "smtp.example.org", 993, f->cert_a));

  /* Private to the user, with the fingerprint, the certificate and the date. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (f->path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "[mail.example.org:993]"));
  g_assert_nonnull (strstr (contents, "sha256=" TEST_CERT_A_SHA256));
  g_assert_nonnull (strstr (contents, "approved="));
  g_assert_nonnull (strstr (contents, "BEGIN CERTIFICATE"));
}

static void
test_persistent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CrCertificateStore) other = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_certificate_store_trust_fingerprint (f->store, "mail.example.org", 993,
                                                         TEST_CERT_A_SHA256, &error));
  g_assert_no_error (error);

  /* Another instance (the command-line client, a restart) sees it. */
  other = cr_certificate_store_new (f->path);
  g_assert_true (cr_certificate_store_is_trusted (other, "mail.example.org", 993, f->cert_a));

  /* And exceptions approved elsewhere are seen without a restart. */
  g_assert_true (cr_certificate_store_trust_fingerprint (other, "mail.example.org", 995,
                                                         TEST_CERT_B_SHA256, &error));
  g_assert_no_error (error);
  g_assert_true (cr_certificate_store_is_trusted (f->store, "mail.example.org", 995, f->cert_b));
}

static void
test_trust_fingerprint (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = g_ascii_strdown (TEST_CERT_B_SHA256, -1);
  g_autofree char *stored = NULL;

  g_assert_true (cr_certificate_store_trust_fingerprint (f->store, "mail.example.org", 587, lower, &error));
  g_assert_no_error (error);
  g_assert_true (cr_certificate_store_is_trusted (f->store, "mail.example.org", 587, f->cert_b));
  g_assert_false (cr_certificate_store_is_trusted (f->store, "mail.example.org", 587, f->cert_a));
  stored = cr_certificate_store_get_fingerprint (f->store, "mail.example.org", 587);
  g_assert_cmpstr (stored, ==, TEST_CERT_B_SHA256);

  g_assert_false (cr_certificate_store_trust_fingerprint (f->store, "mail.example.org", 587,
                                                          "not a fingerprint", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "not a fingerprint"));

  /* A refused fingerprint leaves the earlier exception alone. */
  g_assert_true (cr_certificate_store_is_trusted (f->store, "mail.example.org", 587, f->cert_b));
}

static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CrCertificateInfo) a = cr_certificate_info_new ("mail.example.org", 993, f->cert_a, 0, FALSE);
  g_autoptr(CrCertificateInfo) b = cr_certificate_info_new ("mail.example.org", 993, f->cert_b, 0, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (cr_certificate_store_trust (f->store, a, &error));
  g_assert_true (cr_certificate_store_trust (f->store, b, &error));
  g_assert_no_error (error);

  /* One exception per server: the newer approval replaces the older. */
  g_assert_false (cr_certificate_store_is_trusted (f->store, "mail.example.org", 993, f->cert_a));
  g_assert_true (cr_certificate_store_is_trusted (f->store, "mail.example.org", 993, f->cert_b));
  g_assert_true (g_file_get_contents (f->path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, TEST_CERT_A_SHA256));
}

static void
test_ipv6 (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (cr_certificate_store_trust_fingerprint (f->store, "::1", 993, TEST_CERT_A_SHA256, &error));
  g_assert_true (cr_certificate_store_trust_fingerprint (f->store, "::1:993", 143, TEST_CERT_B_SHA256, &error));
  g_assert_no_error (error);

  /* "::1" port 993 and "::1:993" port 143 must not collide. */
  g_assert_true (cr_certificate_store_is_trusted (f->store, "::1", 993, f->cert_a));
  g_assert_false (cr_certificate_store_is_trusted (f->store, "::1", 993, f->cert_b));
  g_assert_true (cr_certificate_store_is_trusted (f->store, "::1:993", 143, f->cert_b));
  g_assert_true (g_file_get_contents (f->path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "[::1:993]"));
  g_assert_nonnull (strstr (contents, "[::1:993:143]"));
}

static void
test_forget (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Forgetting what was never trusted is not an error. */
  g_assert_true (cr_certificate_store_forget (f->store, "mail.example.org", 993, &error));
  g_assert_no_error (error);

  g_assert_true (cr_certificate_store_trust_fingerprint (f->store, "mail.example.org", 993, TEST_CERT_A_SHA256, &error));
  g_assert_true (cr_certificate_store_trust_fingerprint (f->store, "mail.example.org", 995, TEST_CERT_A_SHA256, &error));
  g_assert_true (cr_certificate_store_forget (f->store, "mail.example.org", 993, &error));
  g_assert_no_error (error);

  g_assert_false (cr_certificate_store_is_trusted (f->store, "mail.example.org", 993, f->cert_a));
  g_assert_null (cr_certificate_store_get_fingerprint (f->store, "mail.example.org", 993));
  g_assert_true (cr_certificate_store_is_trusted (f->store, "mail.example.org", 995, f->cert_a));
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_path_get_dirname (f->path);
  g_autofree char *contents = NULL;
  const char *garbage = "this is [not a key file\n\x01\x02";

  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, garbage, -1, &error));

  /* An unreadable file trusts nothing, and is not overwritten. */
  g_assert_false (cr_certificate_store_is_trusted (f->store, "mail.example.org", 993, f->cert_a));
  g_assert_false (cr_certificate_store_trust_fingerprint (f->store, "mail.example.org", 993,
                                                          TEST_CERT_A_SHA256, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_true (g_file_get_contents (f->path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, garbage);
}

typedef struct
{
  CrCertificateStore *store;
  guint16             port;
} ThreadData;

static gpointer
trust_in_thread (gpointer user_data)
{
  ThreadData *td = user_data;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 10; i++)
    {
      g_assert_true (cr_certificate_store_trust_fingerprint (td->store, "mail.example.org",
                                                             td->port, TEST_CERT_A_SHA256, &error));
      g_assert_no_error (error);
    }

  return NULL;
}

static void
test_threads (Fixture       *f,
              gconstpointer  data)
{
  ThreadData td[8];
  GThread *threads[8];

  /* Sessions on several worker threads write at once: none is lost. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      td[i].store = f->store;
      td[i].port = (guint16) (1000 + i);
      threads[i] = g_thread_new ("trust", trust_in_thread, &td[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (cr_certificate_store_is_trusted (f->store, "mail.example.org",
                                                    (guint16) (1000 + i), f->cert_a));
}

static void
test_for_paths (void)
{
  g_autoptr(CrPaths) paths = cr_paths_new ("/nonexistent/config", NULL, NULL);
  g_autoptr(CrCertificateStore) store = cr_certificate_store_new_for_paths (paths);

  g_assert_cmpstr (cr_certificate_store_get_path (store), ==, "/nonexistent/config/certificates.ini");
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

  g_test_add_func ("/certificate-store/fingerprint", test_fingerprint);
  g_test_add_func ("/certificate-store/normalize", test_normalize);
  g_test_add_func ("/certificate-store/info", test_info);
  g_test_add_func ("/certificate-store/for-paths", test_for_paths);
#define ADD(path, func) \
  g_test_add ("/certificate-store/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("trust", test_trust);
  ADD ("persistent", test_persistent);
  ADD ("trust-fingerprint", test_trust_fingerprint);
  ADD ("replace", test_replace);
  ADD ("ipv6", test_ipv6);
  ADD ("forget", test_forget);
  ADD ("corrupt", test_corrupt);
  ADD ("threads", test_threads);
#undef ADD

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
