/* test-autoconfig-fetcher.c — autoconfig files over HTTPS, HTTP and ISPDB
 *
 * Served from 127.0.0.1 by a small HTTP(S) server, with a certificate from
 * the fixtures’ test CA for the test names, which the fake resolver maps
 * to 127.0.0.1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-autoconfig.h"
#include "cr-autoconfig-fetcher.h"
#include "cr-fake-resolver.h"
#include "cr-setup-util.h"
#include "cr-test-ca.h"
#include "cr-test-env.h"
#include "cr-test-http-server.h"
#include "cr-test-threads.h"

#define ADDRESS "contact@example.test"

static CrFakeResolver *resolver;
static CrTestCa *ca;
static GTlsDatabase *database;
static CrTestHttpServer *https;
static CrTestHttpServer *http;
static CrTestHttpServer *untrusted;

static GBytes *
config_file (const char *imap_host)
{
  char *xml = g_strdup_printf (
    "<clientConfig version=\"1.1\"><emailProvider id=\"example.test\">"
    "<displayName>Example</displayName>"
    "<incomingServer type=\"imap\"><hostname>%s</hostname><port>993</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.example.test</hostname><port>465</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></outgoingServer>"
    "</emailProvider></clientConfig>", imap_host);

  return g_bytes_new_take (xml, strlen (xml));
}

static CrAutoconfigFetcher *
make_fetcher (guint16 https_port)
{
  CrAutoconfigFetcher *fetcher = cr_autoconfig_fetcher_new ();
  g_autofree char *ispdb = g_strdup_printf ("https://ispdb.test:%u/v1.1/", (guint) https_port);

  cr_autoconfig_fetcher_set_tls_database (fetcher, database);
  cr_autoconfig_fetcher_set_ports (fetcher, https_port, cr_test_http_server_get_port (http));
  cr_autoconfig_fetcher_set_ispdb_url (fetcher, ispdb);

  return fetcher;
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static CrSetupResult *
fetch (CrAutoconfigFetcher  *fetcher,
       CrSetupSource         source,
       GCancellable         *cancellable,
       GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_autoconfig_fetcher_fetch_async (fetcher, ADDRESS, source, cancellable, on_fetched, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return cr_autoconfig_fetcher_fetch_finish (fetcher, result, error);
}

static void
reset (void)
{
  cr_test_http_server_clear (https);
  cr_test_http_server_clear (http);
}

static gboolean
requested (CrTestHttpServer *server,
           const char       *request)
{
  g_auto(GStrv) requests = cr_test_http_server_dup_requests (server);

  return g_strv_contains ((const char *const *) requests, request);
}

static void
test_https (void)
{
  g_autoptr(CrAutoconfigFetcher) fetcher = make_fetcher (cr_test_http_server_get_port (https));
  g_autoptr(GBytes) body = config_file ("imap.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;
  g_autofree char *request = NULL;

  reset ();
  cr_test_http_server_add (https, "autoconfig.example.test", "/mail/config-v1.1.xml", 200, NULL, body);

  result = fetch (fetcher, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS);
  g_assert_true (cr_setup_result_is_verified (result));
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==,
                   "imap.example.test");
  g_assert_cmpstr (cr_server_get_login (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==, ADDRESS);

  /* Thunderbird’s request, with the address as a query parameter. */
  request = g_strdup_printf ("GET autoconfig.example.test:%u /mail/config-v1.1.xml?emailaddress=contact%%40example.test",
                             (guint) cr_test_http_server_get_port (https));
  g_assert_true (requested (https, request));
}

static void
test_well_known (void)
{
  g_autoptr(CrAutoconfigFetcher) fetcher = make_fetcher (cr_test_http_server_get_port (https));
  g_autoptr(GBytes) body = config_file ("mail.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  /* autoconfig.example.test answers 404: the domain itself is next. */
  reset ();
  cr_test_http_server_add (https, "example.test", "/.well-known/autoconfig/mail/config-v1.1.xml",
                           200, NULL, body);

  result = fetch (fetcher, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==,
                   "mail.example.test");
}

static void
test_http_unverified (void)
{
  g_autoptr(CrAutoconfigFetcher) fetcher = make_fetcher (cr_test_http_server_get_port (https));
  g_autoptr(GBytes) body = config_file ("imap.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;
  g_autoptr(CrSetupResult) over_https = NULL;

  reset ();
  cr_test_http_server_add (http, "autoconfig.example.test", "/mail/config-v1.1.xml", 200, NULL, body);

  result = fetch (fetcher, CR_SETUP_SOURCE_AUTOCONFIG_HTTP, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_AUTOCONFIG_HTTP);
  g_assert_false (cr_setup_result_is_verified (result));

  /* The HTTPS fetch never takes a file served over HTTP. */
  over_https = fetch (fetcher, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, NULL, &error);
  g_assert_null (over_https);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND);
}

static void
test_ispdb (void)
{
  g_autoptr(CrAutoconfigFetcher) fetcher = make_fetcher (cr_test_http_server_get_port (https));
  g_autoptr(GBytes) body = config_file ("imap.isp.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  reset ();
  cr_test_http_server_add (https, "ispdb.test", "/v1.1/example.test", 200, NULL, body);

  result = fetch (fetcher, CR_SETUP_SOURCE_ISPDB, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_ISPDB);
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==,
                   "imap.isp.test");
}

static void
test_not_found (void)
{
  g_autoptr(CrAutoconfigFetcher) fetcher = make_fetcher (cr_test_http_server_get_port (https));
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  reset ();
  result = fetch (fetcher, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND);
}

static void
test_malformed_reported (void)
{
  g_autoptr(CrAutoconfigFetcher) fetcher = make_fetcher (cr_test_http_server_get_port (https));
  g_autoptr(GBytes) body = g_bytes_new_static ("<clientConfig><emailProvider>", 29);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  /* A broken file says more than the 404 of the next address. */
  reset ();
  cr_test_http_server_add (https, "autoconfig.example.test", "/mail/config-v1.1.xml", 200, NULL, body);
  result = fetch (fetcher, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG);
}

static void
test_too_large (void)
{
  g_autoptr(CrAutoconfigFetcher) fetcher = make_fetcher (cr_test_http_server_get_port (https));
  g_autoptr(GBytes) body = g_bytes_new_take (g_strnfill (CR_AUTOCONFIG_MAX_SIZE + 1, ' '),
                                             CR_AUTOCONFIG_MAX_SIZE + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  reset ();
  cr_test_http_server_add (https, "autoconfig.example.test", "/mail/config-v1.1.xml", 200, NULL, body);
  result = fetch (fetcher, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_TOO_LARGE);
}

static void
test_redirects (void)
{
  g_autoptr(CrAutoconfigFetcher) fetcher = make_fetcher (cr_test_http_server_get_port (https));
  g_autoptr(GBytes) body = config_file ("redirected.example.test");
  g_autofree char *same_scheme = g_strdup_printf ("https://example.test:%u/moved.xml",
                                                  (guint) cr_test_http_server_get_port (https));
  g_autofree char *downgrade = g_strdup_printf ("http://example.test:%u/moved.xml",
                                                (guint) cr_test_http_server_get_port (http));
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;
  g_auto(GStrv) http_requests = NULL;

  /* HTTPS to HTTPS is followed. */
  reset ();
  cr_test_http_server_add (https, "autoconfig.example.test", "/mail/config-v1.1.xml", 301, same_scheme, NULL);
  cr_test_http_server_add (https, "example.test", "/moved.xml", 200, NULL, body);
  result = fetch (fetcher, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==,
                   "redirected.example.test");
  g_clear_object (&result);

  /* HTTPS to HTTP is not: the answer would not be verified any more. */
  reset ();
  cr_test_http_server_add (https, "autoconfig.example.test", "/mail/config-v1.1.xml", 302, downgrade, NULL);
  cr_test_http_server_add (http, "example.test", "/moved.xml", 200, NULL, body);
  result = fetch (fetcher, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, NULL, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  http_requests = cr_test_http_server_dup_requests (http);
  g_assert_cmpuint (g_strv_length (http_requests), ==, 0);
}

static void
test_untrusted_certificate (void)
{
  g_autoptr(CrAutoconfigFetcher) fetcher = make_fetcher (cr_test_http_server_get_port (untrusted));
  g_autoptr(GBytes) body = config_file ("imap.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  cr_test_http_server_add (untrusted, "autoconfig.example.test", "/mail/config-v1.1.xml", 200, NULL, body);
  result = fetch (fetcher, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_cancelled (void)
{
  g_autoptr(CrAutoconfigFetcher) fetcher = make_fetcher (cr_test_http_server_get_port (https));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;
  g_autofree char *request = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  reset ();
  cr_test_http_server_add_stall (https, "autoconfig.example.test", "/mail/config-v1.1.xml");
  request = g_strdup_printf ("GET autoconfig.example.test:%u /mail/config-v1.1.xml?emailaddress=contact%%40example.test",
                             (guint) cr_test_http_server_get_port (https));

  cr_autoconfig_fetcher_fetch_async (fetcher, ADDRESS, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS,
                                     cancellable, on_fetched, &async_result);
  /* Cancel once the server holds the request. */
  while (!requested (https, request) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (requested (https, request));
  g_cancellable_cancel (cancellable);

  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = cr_autoconfig_fetcher_fetch_finish (fetcher, async_result, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static GTlsCertificate *
issue (const char *dir)
{
  const char *names[] = { "autoconfig.example.test", "example.test", "ispdb.test", NULL };
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  if (dir == NULL)
    g_assert_true (cr_test_ca_issue (ca, "web", names, &cert_path, &key_path, &error));
  else
    g_assert_true (cr_test_ca_self_signed (dir, "web-self-signed", &cert_path, &key_path, &error));
  g_assert_no_error (error);

  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);

  return certificate;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsCertificate) self_signed = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);
  certificate = issue (NULL);
  self_signed = issue (ca_dir);

  resolver = cr_fake_resolver_install ();
  cr_fake_resolver_add_name (resolver, "autoconfig.example.test", "127.0.0.1");
  cr_fake_resolver_add_name (resolver, "example.test", "127.0.0.1");
  cr_fake_resolver_add_name (resolver, "ispdb.test", "127.0.0.1");

  https = cr_test_http_server_new (certificate, &error);
  g_assert_no_error (error);
  http = cr_test_http_server_new (NULL, &error);
  g_assert_no_error (error);
  untrusted = cr_test_http_server_new (self_signed, &error);
  g_assert_no_error (error);

  g_test_add_func ("/autoconfig-fetcher/https", test_https);
  g_test_add_func ("/autoconfig-fetcher/well-known", test_well_known);
  g_test_add_func ("/autoconfig-fetcher/http-unverified", test_http_unverified);
  g_test_add_func ("/autoconfig-fetcher/ispdb", test_ispdb);
  g_test_add_func ("/autoconfig-fetcher/not-found", test_not_found);
  g_test_add_func ("/autoconfig-fetcher/malformed-reported", test_malformed_reported);
  g_test_add_func ("/autoconfig-fetcher/too-large", test_too_large);
  g_test_add_func ("/autoconfig-fetcher/redirects", test_redirects);
  g_test_add_func ("/autoconfig-fetcher/untrusted-certificate", test_untrusted_certificate);
  g_test_add_func ("/autoconfig-fetcher/cancelled", test_cancelled);

  ret = g_test_run ();

  g_clear_pointer (&https, cr_test_http_server_free);
  g_clear_pointer (&http, cr_test_http_server_free);
  g_clear_pointer (&untrusted, cr_test_http_server_free);
  g_clear_object (&database);
  g_clear_pointer (&ca, cr_test_ca_unref);
  g_clear_object (&resolver);
  cr_test_env_teardown (env_dir);
  cr_test_threads_settle ();

  return ret;
}
