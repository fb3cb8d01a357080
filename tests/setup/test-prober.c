/* test-prober.c — probing the private Dovecot and SMTP sink
 *
 * The usual ports are mapped to the fixtures’ random ones, and the fake
 * resolver maps the test names to 127.0.0.1. Dovecot’s certificate names
 * imap., mail., pop. and pop3.example.test; the SMTP sink’s only names
 * localhost, which the tests use as the domain’s MX host — the prober’s
 * last candidate for every protocol.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "cr-fake-resolver.h"
#include "cr-net-error.h"
#include "cr-prober.h"
#include "cr-setup-util.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"
#include "cr-test-smtp-sink.h"
#include "cr-test-threads.h"

#define ADDRESS "contact@example.test"

static CrFakeResolver *resolver;
static CrTestCa *ca;
static GTlsDatabase *database;
static CrTestDovecot *dovecot;
static CrTestSmtpSink *sink;

static CrProber *
make_prober (void)
{
  CrProber *prober = cr_prober_new ();

  cr_prober_set_tls_database (prober, database);
  cr_prober_map_port (prober, 993, cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS));
  cr_prober_map_port (prober, 143, cr_test_dovecot_get_port (dovecot, CR_TEST_IMAP));
  cr_prober_map_port (prober, 995, cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S));
  cr_prober_map_port (prober, 110, cr_test_dovecot_get_port (dovecot, CR_TEST_POP3));
  cr_prober_map_port (prober, 465, cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS));
  cr_prober_map_port (prober, 587, cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SUBMISSION));

  return prober;
}

static CrServer *
make_server (CrProtocol  protocol,
             const char *host,
             guint16     port,
             CrSecurity  security)
{
  CrServer *server = cr_server_new (protocol);

  cr_server_set_host (server, host);
  cr_server_set_security (server, security);
  cr_server_set_port (server, port);
  cr_server_set_login (server, ADDRESS);

  return server;
}

static void
assert_server (CrServer   *server,
               CrProtocol  protocol,
               const char *host,
               guint16     port,
               CrSecurity  security)
{
  g_assert_nonnull (server);
  g_assert_cmpint (cr_server_get_protocol (server), ==, protocol);
  g_assert_cmpstr (cr_server_get_host (server), ==, host);
  g_assert_cmpuint (cr_server_get_port (server), ==, port);
  g_assert_cmpint (cr_server_get_security (server), ==, security);
  g_assert_cmpstr (cr_server_get_login (server), ==, ADDRESS);
}

static void
test_candidates (void)
{
  const char *mx[] = { "mx.example.test", NULL };
  g_autoptr(CrProber) plain = cr_prober_new ();
  g_autoptr(CrProber) partial = cr_prober_new ();
  g_autoptr(GPtrArray) all = cr_prober_list_candidates (plain, ADDRESS, mx);
  g_autoptr(GPtrArray) some = NULL;
  g_autoptr(GPtrArray) none = cr_prober_list_candidates (plain, "not an address", mx);

  /* IMAP: imap., mail., MX on 993 then 143; POP3: pop., pop3., mail., MX
   * on 995 then 110; SMTP: smtp., mail., MX on 465 then 587. */
  g_assert_cmpuint (all->len, ==, 20);
  assert_server (g_ptr_array_index (all, 0), CR_PROTOCOL_IMAP, "imap.example.test", 993, CR_SECURITY_TLS);
  assert_server (g_ptr_array_index (all, 2), CR_PROTOCOL_IMAP, "mx.example.test", 993, CR_SECURITY_TLS);
  assert_server (g_ptr_array_index (all, 3), CR_PROTOCOL_IMAP, "imap.example.test", 143, CR_SECURITY_STARTTLS);
  assert_server (g_ptr_array_index (all, 6), CR_PROTOCOL_POP3, "pop.example.test", 995, CR_SECURITY_TLS);
  assert_server (g_ptr_array_index (all, 14), CR_PROTOCOL_SMTP, "smtp.example.test", 465, CR_SECURITY_TLS);
  assert_server (g_ptr_array_index (all, 19), CR_PROTOCOL_SMTP, "mx.example.test", 587, CR_SECURITY_STARTTLS);
  g_assert_cmpuint (none->len, ==, 0);

  /* With a port map, unmapped ports are not probed at all. */
  cr_prober_map_port (partial, 993, 10993);
  some = cr_prober_list_candidates (partial, ADDRESS, NULL);
  g_assert_cmpuint (some->len, ==, 2);
  assert_server (g_ptr_array_index (some, 0), CR_PROTOCOL_IMAP, "imap.example.test", 10993, CR_SECURITY_TLS);
  assert_server (g_ptr_array_index (some, 1), CR_PROTOCOL_IMAP, "mail.example.test", 10993, CR_SECURITY_TLS);
}

static void
assert_probe (CrProber   *prober,
              CrProtocol  protocol,
              const char *host,
              guint16     port,
              CrSecurity  security,
              int         expected_error)
{
  g_autoptr(CrServer) server = make_server (protocol, host, port, security);
  g_autoptr(GError) error = NULL;
  gboolean ok = cr_prober_probe_sync (prober, server, NULL, &error);

  if (expected_error < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, CR_NET_ERROR, expected_error);
    }
}

static void
test_probe (void)
{
  g_autoptr(CrProber) prober = make_prober ();
  guint16 imaps = cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS);
  guint16 imap = cr_test_dovecot_get_port (dovecot, CR_TEST_IMAP);
  guint16 pop3s = cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S);
  guint16 pop3 = cr_test_dovecot_get_port (dovecot, CR_TEST_POP3);
  guint16 smtps = cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS);
  guint16 submission = cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SUBMISSION);

  assert_probe (prober, CR_PROTOCOL_IMAP, "imap.example.test", imaps, CR_SECURITY_TLS, -1);
  assert_probe (prober, CR_PROTOCOL_IMAP, "imap.example.test", imap, CR_SECURITY_STARTTLS, -1);
  assert_probe (prober, CR_PROTOCOL_POP3, "pop.example.test", pop3s, CR_SECURITY_TLS, -1);
  assert_probe (prober, CR_PROTOCOL_POP3, "pop.example.test", pop3, CR_SECURITY_STARTTLS, -1);
  assert_probe (prober, CR_PROTOCOL_SMTP, "localhost", smtps, CR_SECURITY_TLS, -1);
  assert_probe (prober, CR_PROTOCOL_SMTP, "localhost", submission, CR_SECURITY_STARTTLS, -1);

  /* A POP3 server is not an IMAP server. */
  assert_probe (prober, CR_PROTOCOL_IMAP, "pop.example.test", pop3s, CR_SECURITY_TLS, CR_NET_ERROR_PROTOCOL);
  /* The sink’s certificate does not name smtp.example.test. */
  cr_fake_resolver_add_name (resolver, "smtp.example.test", "127.0.0.1");
  assert_probe (prober, CR_PROTOCOL_SMTP, "smtp.example.test", smtps, CR_SECURITY_TLS,
                CR_NET_ERROR_CERTIFICATE_UNTRUSTED);
  assert_probe (prober, CR_PROTOCOL_SMTP, "smtp.example.test", submission, CR_SECURITY_STARTTLS,
                CR_NET_ERROR_CERTIFICATE_UNTRUSTED);
  /* Unknown names, and no encryption at all, are never proposed. */
  assert_probe (prober, CR_PROTOCOL_IMAP, "nosuch.example.test", imaps, CR_SECURITY_TLS,
                CR_NET_ERROR_HOST_NOT_FOUND);
  assert_probe (prober, CR_PROTOCOL_IMAP, "imap.example.test", imap, CR_SECURITY_NONE,
                CR_NET_ERROR_STARTTLS_UNAVAILABLE);
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
run (CrProber           *prober,
     const char         *address,
     const char *const  *mx,
     GCancellable       *cancellable,
     GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_prober_run_async (prober, address, mx, cancellable, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return cr_prober_run_finish (prober, result, error);
}

static void
test_run (void)
{
  const char *mx[] = { "localhost", NULL };
  g_autoptr(CrProber) prober = make_prober ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;
  GPtrArray *incoming;

  cr_prober_set_max_parallel (prober, 3);
  result = run (prober, ADDRESS, mx, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_PROBE);

  /* Implicit TLS first, the usual names before the MX host. */
  assert_server (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP), CR_PROTOCOL_IMAP,
                 "imap.example.test", cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS), CR_SECURITY_TLS);
  assert_server (cr_setup_result_get_first (result, CR_PROTOCOL_POP3), CR_PROTOCOL_POP3,
                 "pop.example.test", cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S), CR_SECURITY_TLS);
  assert_server (cr_setup_result_get_first (result, CR_PROTOCOL_SMTP), CR_PROTOCOL_SMTP,
                 "localhost", cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS), CR_SECURITY_TLS);
  g_assert_cmpuint (cr_setup_result_get_outgoing (result)->len, ==, 2);

  /* Every server that answered is there, the STARTTLS ones too. */
  incoming = cr_setup_result_get_incoming (result);
  g_assert_cmpuint (incoming->len, ==, 14);
  assert_server (g_ptr_array_index (incoming, 3), CR_PROTOCOL_IMAP, "imap.example.test",
                 cr_test_dovecot_get_port (dovecot, CR_TEST_IMAP), CR_SECURITY_STARTTLS);
}

static void
test_nothing (void)
{
  g_autoptr(CrProber) prober = make_prober ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = run (prober, "contact@nowhere.test", NULL, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND);
}

static void
test_cancelled (void)
{
  g_autoptr(CrProber) prober = make_prober ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  cr_fake_resolver_add_stall (resolver, "imap.slow.test");
  cr_fake_resolver_add_stall (resolver, "mail.slow.test");

  cr_prober_run_async (prober, "contact@slow.test", NULL, cancellable, on_done, &async_result);
  while (cr_fake_resolver_get_stalled (resolver) < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (cr_fake_resolver_get_stalled (resolver), >=, 2);
  g_cancellable_cancel (cancellable);

  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = cr_prober_run_finish (prober, async_result, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Nothing is left running once the run has ended. */
  g_assert_cmpuint (cr_fake_resolver_get_stalled (resolver), ==, 0);
}

static void
test_deadline (void)
{
  g_autoptr(CrProber) prober = make_prober ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  cr_fake_resolver_add_stall (resolver, "imap.late.test");
  cr_fake_resolver_add_stall (resolver, "smtp.late.test");
  cr_prober_set_deadline (prober, 1);

  /* What answered by the deadline is the answer: nothing, here. */
  result = run (prober, "contact@late.test", NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND);
  g_assert_cmpuint (cr_fake_resolver_get_stalled (resolver), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  const char *names[] = { "imap.example.test", "mail.example.test", "pop.example.test", "pop3.example.test", NULL };
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);
  g_assert_true (cr_test_ca_issue (ca, "dovecot-example", names, &cert_path, &key_path, &error));
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start_full (ca, cert_path, key_path, &error);
  g_assert_no_error (error);
  sink = cr_test_smtp_sink_start (ca, &error);
  g_assert_no_error (error);

  resolver = cr_fake_resolver_install ();
  for (guint i = 0; names[i] != NULL; i++)
    cr_fake_resolver_add_name (resolver, names[i], "127.0.0.1");
  cr_fake_resolver_add_name (resolver, "localhost", "127.0.0.1");

  g_test_add_func ("/prober/candidates", test_candidates);
  g_test_add_func ("/prober/probe", test_probe);
  g_test_add_func ("/prober/run", test_run);
  g_test_add_func ("/prober/nothing", test_nothing);
  g_test_add_func ("/prober/cancelled", test_cancelled);
  g_test_add_func ("/prober/deadline", test_deadline);

  ret = g_test_run ();

  g_clear_pointer (&sink, cr_test_smtp_sink_stop);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_object (&database);
  g_clear_pointer (&ca, cr_test_ca_unref);
  g_clear_object (&resolver);
  cr_test_env_teardown (env_dir);
  cr_test_threads_settle ();

  return ret;
}
