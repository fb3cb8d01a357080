/* test-setup-detector.c — the whole detection, from every source
 *
 * Built-in list, autoconfig over HTTPS and HTTP and the ISPDB served from
 * 127.0.0.1, MX and SRV records from the fake resolver, and probing of the
 * private Dovecot and SMTP sink: which answer wins, what is reported on
 * the way, and that cancelling leaves nothing running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-fake-resolver.h"
#include "cr-setup-detector.h"
#include "cr-setup-util.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"
#include "cr-test-http-server.h"
#include "cr-test-threads.h"
#include "cr-test-smtp-sink.h"

static CrFakeResolver *resolver;
static CrTestCa *ca;
static GTlsDatabase *database;
static CrTestHttpServer *https;
static CrTestHttpServer *http;
static CrTestDovecot *dovecot;
static CrTestSmtpSink *sink;
static GThread *main_thread;

typedef struct
{
  CrSetupSource    source;
  CrSetupStepState state;
} Step;

static void
on_progress (CrSetupDetector  *detector,
             CrSetupSource     source,
             CrSetupStepState  state,
             GArray           *steps)
{
  Step step = { source, state };

  /* Always in the caller’s thread, never in a worker. */
  g_assert_true (g_thread_self () == main_thread);
  g_array_append_val (steps, step);
}

static CrSetupDetector *
make_detector (GArray *steps)
{
  CrSetupDetector *detector = cr_setup_detector_new (NULL);
  CrAutoconfigFetcher *fetcher = cr_setup_detector_get_fetcher (detector);
  CrProber *prober = cr_setup_detector_get_prober (detector);
  g_autofree char *ispdb = g_strdup_printf ("https://ispdb.test:%u/v1.1/",
                                            (guint) cr_test_http_server_get_port (https));

  cr_autoconfig_fetcher_set_tls_database (fetcher, database);
  cr_autoconfig_fetcher_set_ports (fetcher, cr_test_http_server_get_port (https),
                                   cr_test_http_server_get_port (http));
  cr_autoconfig_fetcher_set_ispdb_url (fetcher, ispdb);

  cr_prober_set_tls_database (prober, database);
  cr_prober_map_port (prober, 993, cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS));
  cr_prober_map_port (prober, 143, cr_test_dovecot_get_port (dovecot, CR_TEST_IMAP));
  cr_prober_map_port (prober, 995, cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S));
  cr_prober_map_port (prober, 110, cr_test_dovecot_get_port (dovecot, CR_TEST_POP3));
  cr_prober_map_port (prober, 465, cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS));
  cr_prober_map_port (prober, 587, cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SUBMISSION));

  g_signal_connect (detector, "progress", G_CALLBACK (on_progress), steps);

  return detector;
}

static void
reset (void)
{
  cr_fake_resolver_clear (resolver);
  cr_fake_resolver_add_name (resolver, "autoconfig.example.test", "127.0.0.1");
  cr_fake_resolver_add_name (resolver, "example.test", "127.0.0.1");
  cr_fake_resolver_add_name (resolver, "ispdb.test", "127.0.0.1");
  cr_fake_resolver_add_name (resolver, "imap.probe.test", "127.0.0.1");
  cr_fake_resolver_add_name (resolver, "pop.probe.test", "127.0.0.1");
  cr_fake_resolver_add_name (resolver, "localhost", "127.0.0.1");
  cr_test_http_server_clear (https);
  cr_test_http_server_clear (http);
}

static GBytes *
config_file (const char *imap_host)
{
  char *xml = g_strdup_printf (
    "<clientConfig version=\"1.1\"><emailProvider id=\"x\">"
    "<incomingServer type=\"imap\"><hostname>%s</hostname><port>993</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.example.test</hostname><port>465</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></outgoingServer>"
    "</emailProvider></clientConfig>", imap_host);

  return g_bytes_new_take (xml, strlen (xml));
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static CrSetupResult *
detect (CrSetupDetector  *detector,
        const char       *address,
        GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_setup_detector_run_async (detector, address, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Every source has ended: nothing is running any more. */
  g_assert_null (cr_setup_detector_get_status (detector));
  g_assert_cmpuint (cr_fake_resolver_get_stalled (resolver), ==, 0);

  return cr_setup_detector_run_finish (detector, result, error);
}

static CrSetupStepState
last_state (GArray        *steps,
            CrSetupSource  source)
{
  int state = -1;

  for (guint i = 0; i < steps->len; i++)
    if (g_array_index (steps, Step, i).source == source)
      state = g_array_index (steps, Step, i).state;

  g_assert_cmpint (state, >=, 0);
  return state;
}

static gboolean
was_started (GArray        *steps,
             CrSetupSource  source)
{
  for (guint i = 0; i < steps->len; i++)
    if (g_array_index (steps, Step, i).source == source &&
        g_array_index (steps, Step, i).state == CR_SETUP_STEP_RUNNING)
      return TRUE;

  return FALSE;
}

static void
test_builtin (void)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(CrSetupDetector) detector = make_detector (steps);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;
  g_auto(GStrv) requests = NULL;

  reset ();
  result = detect (detector, "contact@lautre.net", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_BUILTIN);
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==,
                   "imaps.lautre.net");

  /* A known domain asks nothing of the network. */
  g_assert_cmpuint (steps->len, ==, 2);
  g_assert_cmpint (last_state (steps, CR_SETUP_SOURCE_BUILTIN), ==, CR_SETUP_STEP_FOUND);
  g_assert_cmpuint (cr_fake_resolver_count (resolver, "lautre.net"), ==, 0);
  requests = cr_test_http_server_dup_requests (https);
  g_assert_cmpuint (g_strv_length (requests), ==, 0);
}

/* bonvenon.fr, hosted at L’Autre Net: the guide’s own example. */
static void
test_mx_provider (void)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(CrSetupDetector) detector = make_detector (steps);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  reset ();
  cr_fake_resolver_add_mx (resolver, "bonvenon.fr", 10, "mx1.lautre.net");

  result = detect (detector, "contact@bonvenon.fr", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_MX);
  g_assert_cmpstr (cr_setup_result_get_provider_name (result), ==, "L’Autre Net");
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==,
                   "imaps.lautre.net");
  g_assert_cmpstr (cr_server_get_login (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==,
                   "contact@bonvenon.fr");
  g_assert_cmpstr (cr_server_get_login (cr_setup_result_get_first (result, CR_PROTOCOL_SMTP)), ==,
                   "contact@bonvenon.fr");

  /* The better sources were asked and found nothing. */
  g_assert_cmpint (last_state (steps, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS), ==, CR_SETUP_STEP_NOT_FOUND);
  g_assert_cmpint (last_state (steps, CR_SETUP_SOURCE_ISPDB), ==, CR_SETUP_STEP_NOT_FOUND);
  g_assert_cmpint (last_state (steps, CR_SETUP_SOURCE_MX), ==, CR_SETUP_STEP_FOUND);
  g_assert_cmpuint (cr_fake_resolver_count (resolver, "autoconfig.bonvenon.fr"), >=, 1);
}

static void
test_https_first (void)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(CrSetupDetector) detector = make_detector (steps);
  g_autoptr(GBytes) https_file = config_file ("https.example.test");
  g_autoptr(GBytes) ispdb_file = config_file ("ispdb.example.test");
  g_autoptr(GBytes) http_file = config_file ("http.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  /* Every source has an answer: the most trustworthy one wins. */
  reset ();
  cr_test_http_server_add (https, "autoconfig.example.test", "/mail/config-v1.1.xml", 200, NULL, https_file);
  cr_test_http_server_add (https, "ispdb.test", "/v1.1/example.test", 200, NULL, ispdb_file);
  cr_test_http_server_add (http, "autoconfig.example.test", "/mail/config-v1.1.xml", 200, NULL, http_file);
  cr_fake_resolver_add_mx (resolver, "example.test", 10, "mx1.lautre.net");
  cr_fake_resolver_add_srv (resolver, "_imaps._tcp.example.test", 0, 0, 993, "srv.example.test");
  cr_fake_resolver_add_srv (resolver, "_submissions._tcp.example.test", 0, 0, 465, "srv.example.test");

  result = detect (detector, "contact@example.test", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS);
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==,
                   "https.example.test");
}

static void
test_ranking (void)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(CrSetupDetector) detector = make_detector (steps);
  g_autoptr(GBytes) ispdb_file = config_file ("ispdb.example.test");
  g_autoptr(GBytes) http_file = config_file ("http.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) ispdb = NULL;
  g_autoptr(CrSetupResult) srv = NULL;
  g_autoptr(CrSetupResult) unverified = NULL;

  /* ISPDB before MX → provider. */
  reset ();
  cr_test_http_server_add (https, "ispdb.test", "/v1.1/example.test", 200, NULL, ispdb_file);
  cr_fake_resolver_add_mx (resolver, "example.test", 10, "mx1.lautre.net");
  ispdb = detect (detector, "contact@example.test", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (ispdb), ==, CR_SETUP_SOURCE_ISPDB);

  /* SRV before HTTP. */
  reset ();
  cr_test_http_server_add (http, "autoconfig.example.test", "/mail/config-v1.1.xml", 200, NULL, http_file);
  cr_fake_resolver_add_srv (resolver, "_imaps._tcp.example.test", 0, 0, 993, "srv.example.test");
  cr_fake_resolver_add_srv (resolver, "_submissions._tcp.example.test", 0, 0, 465, "srv.example.test");
  srv = detect (detector, "contact@example.test", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (srv), ==, CR_SETUP_SOURCE_SRV);
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (srv, CR_PROTOCOL_IMAP)), ==,
                   "srv.example.test");

  /* HTTP alone: taken, and labelled unverified. */
  reset ();
  cr_test_http_server_add (http, "autoconfig.example.test", "/mail/config-v1.1.xml", 200, NULL, http_file);
  unverified = detect (detector, "contact@example.test", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (unverified), ==, CR_SETUP_SOURCE_AUTOCONFIG_HTTP);
  g_assert_false (cr_setup_result_is_verified (unverified));
}

static void
test_probe (void)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(CrSetupDetector) detector = make_detector (steps);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  /* Nothing published: probing finds the private servers, the SMTP one
   * through the MX host. */
  reset ();
  cr_fake_resolver_add_mx (resolver, "probe.test", 10, "localhost");

  result = detect (detector, "contact@probe.test", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_PROBE);
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==,
                   "imap.probe.test");
  g_assert_cmpuint (cr_server_get_port (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==,
                    cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS));
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (result, CR_PROTOCOL_POP3)), ==,
                   "pop.probe.test");
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (result, CR_PROTOCOL_SMTP)), ==,
                   "localhost");
  g_assert_cmpstr (cr_server_get_login (cr_setup_result_get_first (result, CR_PROTOCOL_SMTP)), ==,
                   "contact@probe.test");
  g_assert_true (was_started (steps, CR_SETUP_SOURCE_PROBE));
  g_assert_cmpint (last_state (steps, CR_SETUP_SOURCE_PROBE), ==, CR_SETUP_STEP_FOUND);
}

static void
test_nothing (void)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(CrSetupDetector) detector = make_detector (steps);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  reset ();
  result = detect (detector, "contact@nowhere.test", &error);
  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND);

  /* Every source was tried, and said so. */
  for (guint source = 0; source < CR_SETUP_N_SOURCES; source++)
    g_assert_cmpint (last_state (steps, source), ==, CR_SETUP_STEP_NOT_FOUND);
}

static void
test_invalid_address (void)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(CrSetupDetector) detector = make_detector (steps);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  result = detect (detector, "contact", &error);
  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_ADDRESS);
  g_assert_cmpuint (steps->len, ==, 0);
}

static void
on_status (CrSetupDetector *detector,
           GParamSpec      *pspec,
           GPtrArray       *statuses)
{
  const char *status = cr_setup_detector_get_status (detector);

  if (status != NULL)
    g_ptr_array_add (statuses, g_strdup (status));
}

static void
test_cancelled (void)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(CrSetupDetector) detector = make_detector (steps);
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* Everything hangs: the domain’s server, the DNS, the probed names. */
  reset ();
  cr_test_http_server_add_stall (https, "autoconfig.example.test", "/mail/config-v1.1.xml");
  cr_fake_resolver_add_stall (resolver, "example.test");
  cr_fake_resolver_add_stall (resolver, "_imaps._tcp.example.test");
  cr_fake_resolver_add_stall (resolver, "ispdb.test");
  g_signal_connect (detector, "notify::status", G_CALLBACK (on_status), statuses);

  cr_setup_detector_run_async (detector, "contact@example.test", cancellable, on_done, &async_result);
  while (cr_fake_resolver_get_stalled (resolver) < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (cr_fake_resolver_get_stalled (resolver), >=, 3);
  g_assert_nonnull (cr_setup_detector_get_status (detector));
  g_cancellable_cancel (cancellable);

  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = cr_setup_detector_run_finish (detector, async_result, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Nothing left running, every source said it stopped, the status
   * named the work while it lasted. */
  g_assert_cmpuint (cr_fake_resolver_get_stalled (resolver), ==, 0);
  g_assert_null (cr_setup_detector_get_status (detector));
  g_assert_cmpint (last_state (steps, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS), ==, CR_SETUP_STEP_STOPPED);
  g_assert_cmpint (last_state (steps, CR_SETUP_SOURCE_MX), ==, CR_SETUP_STEP_STOPPED);
  g_assert_cmpuint (statuses->len, >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  const char *web_names[] = { "autoconfig.example.test", "example.test", "ispdb.test", NULL };
  const char *mail_names[] = { "imap.probe.test", "pop.probe.test", NULL };
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autofree char *web_cert = NULL, *web_key = NULL;
  g_autofree char *mail_cert = NULL, *mail_key = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);
  g_assert_true (cr_test_ca_issue (ca, "web", web_names, &web_cert, &web_key, &error));
  g_assert_true (cr_test_ca_issue (ca, "mail", mail_names, &mail_cert, &mail_key, &error));
  g_assert_no_error (error);
  certificate = g_tls_certificate_new_from_files (web_cert, web_key, &error);
  g_assert_no_error (error);

  dovecot = cr_test_dovecot_start_full (ca, mail_cert, mail_key, &error);
  g_assert_no_error (error);
  sink = cr_test_smtp_sink_start (ca, &error);
  g_assert_no_error (error);
  https = cr_test_http_server_new (certificate, &error);
  g_assert_no_error (error);
  http = cr_test_http_server_new (NULL, &error);
  g_assert_no_error (error);
  resolver = cr_fake_resolver_install ();

  g_test_add_func ("/setup-detector/builtin", test_builtin);
  g_test_add_func ("/setup-detector/mx-provider", test_mx_provider);
  g_test_add_func ("/setup-detector/https-first", test_https_first);
  g_test_add_func ("/setup-detector/ranking", test_ranking);
  g_test_add_func ("/setup-detector/probe", test_probe);
  g_test_add_func ("/setup-detector/nothing", test_nothing);
  g_test_add_func ("/setup-detector/invalid-address", test_invalid_address);
  g_test_add_func ("/setup-detector/cancelled", test_cancelled);

  ret = g_test_run ();

  g_clear_pointer (&https, cr_test_http_server_free);
  g_clear_pointer (&http, cr_test_http_server_free);
  g_clear_pointer (&sink, cr_test_smtp_sink_stop);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_object (&database);
  g_clear_pointer (&ca, cr_test_ca_unref);
  g_clear_object (&resolver);
  cr_test_env_teardown (env_dir);
  cr_test_threads_settle ();

  return ret;
}
