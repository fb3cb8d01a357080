/* test-dns-lookup.c — MX and SRV records through a fake resolver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-dns-lookup.h"
#include "cr-fake-resolver.h"
#include "cr-setup-util.h"

static CrFakeResolver *resolver;

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static char **
lookup_mx (const char    *domain,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_dns_lookup_mx_async (domain, cancellable, on_done, &result);
  return cr_dns_lookup_mx_finish (wait_for (&result), error);
}

static CrSetupResult *
lookup_srv (const char    *address,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_dns_lookup_srv_async (address, cancellable, on_done, &result);
  return cr_dns_lookup_srv_finish (wait_for (&result), error);
}

static void
test_mx_sorted (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) hosts = NULL;

  cr_fake_resolver_clear (resolver);
  cr_fake_resolver_add_mx (resolver, "bonvenon.fr", 20, "mx2.lautre.net.");
  cr_fake_resolver_add_mx (resolver, "bonvenon.fr", 10, "MX1.lautre.net");
  cr_fake_resolver_add_mx (resolver, "bonvenon.fr", 5, "bad host/name");
  cr_fake_resolver_add_mx (resolver, "bonvenon.fr", 30, ".");

  hosts = lookup_mx ("bonvenon.fr", NULL, &error);
  g_assert_no_error (error);
  /* By preference, lower case, no root dot, invalid names dropped. */
  g_assert_cmpuint (g_strv_length (hosts), ==, 2);
  g_assert_cmpstr (hosts[0], ==, "mx1.lautre.net");
  g_assert_cmpstr (hosts[1], ==, "mx2.lautre.net");
}

static void
test_mx_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) hosts = NULL;

  cr_fake_resolver_clear (resolver);
  hosts = lookup_mx ("nowhere.example", NULL, &error);
  g_assert_null (hosts);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
}

static void
test_mx_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) hosts = NULL;

  cr_fake_resolver_clear (resolver);
  cr_fake_resolver_add_stall (resolver, "slow.example");

  cr_dns_lookup_mx_async ("slow.example", cancellable, on_done, &result);
  g_cancellable_cancel (cancellable);
  hosts = cr_dns_lookup_mx_finish (wait_for (&result), &error);
  g_assert_null (hosts);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
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
  g_assert_cmpstr (cr_server_get_login (server), ==, "contact@example.test");
}

static void
test_srv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;
  GPtrArray *incoming, *outgoing;

  cr_fake_resolver_clear (resolver);
  /* Priority first, then weight. */
  cr_fake_resolver_add_srv (resolver, "_imaps._tcp.example.test", 10, 0, 993, "backup.example.test.");
  cr_fake_resolver_add_srv (resolver, "_imaps._tcp.example.test", 0, 1, 993, "imap.example.test.");
  cr_fake_resolver_add_srv (resolver, "_imaps._tcp.example.test", 0, 5, 1993, "heavy.example.test.");
  cr_fake_resolver_add_srv (resolver, "_imap._tcp.example.test", 0, 0, 143, "imap.example.test.");
  /* RFC 6186: “.” says POP3 is not offered. */
  cr_fake_resolver_add_srv (resolver, "_pop3s._tcp.example.test", 0, 0, 0, ".");
  cr_fake_resolver_add_srv (resolver, "_submission._tcp.example.test", 0, 0, 587, "smtp.example.test.");

  result = lookup_srv ("contact@example.test", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_SRV);

  incoming = cr_setup_result_get_incoming (result);
  outgoing = cr_setup_result_get_outgoing (result);
  g_assert_cmpuint (incoming->len, ==, 2);
  g_assert_cmpuint (outgoing->len, ==, 1);
  assert_server (g_ptr_array_index (incoming, 0), CR_PROTOCOL_IMAP, "heavy.example.test", 1993, CR_SECURITY_TLS);
  assert_server (g_ptr_array_index (incoming, 1), CR_PROTOCOL_IMAP, "imap.example.test", 143, CR_SECURITY_STARTTLS);
  assert_server (g_ptr_array_index (outgoing, 0), CR_PROTOCOL_SMTP, "smtp.example.test", 587, CR_SECURITY_STARTTLS);

  /* All six services were asked for. */
  g_assert_cmpuint (cr_fake_resolver_count (resolver, "_pop3._tcp.example.test"), ==, 1);
  g_assert_cmpuint (cr_fake_resolver_count (resolver, "_submissions._tcp.example.test"), ==, 1);
}

static void
test_srv_incomplete (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  cr_fake_resolver_clear (resolver);
  /* Something to read with but nothing to send with: no account. */
  cr_fake_resolver_add_srv (resolver, "_imaps._tcp.example.test", 0, 0, 993, "imap.example.test");
  cr_fake_resolver_add_srv (resolver, "_submissions._tcp.example.test", 0, 0, 465, "bad/host");

  result = lookup_srv ("contact@example.test", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_NOT_FOUND);
}

static void
test_srv_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  cr_fake_resolver_clear (resolver);
  cr_fake_resolver_add_stall (resolver, "_imaps._tcp.slow.example");
  cr_fake_resolver_add_srv (resolver, "_submissions._tcp.slow.example", 0, 0, 465, "smtp.slow.example");

  cr_dns_lookup_srv_async ("contact@slow.example", cancellable, on_done, &async_result);
  g_cancellable_cancel (cancellable);
  result = cr_dns_lookup_srv_finish (wait_for (&async_result), &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  resolver = cr_fake_resolver_install ();

  g_test_add_func ("/dns-lookup/mx-sorted", test_mx_sorted);
  g_test_add_func ("/dns-lookup/mx-not-found", test_mx_not_found);
  g_test_add_func ("/dns-lookup/mx-cancelled", test_mx_cancelled);
  g_test_add_func ("/dns-lookup/srv", test_srv);
  g_test_add_func ("/dns-lookup/srv-incomplete", test_srv_incomplete);
  g_test_add_func ("/dns-lookup/srv-cancelled", test_srv_cancelled);

  ret = g_test_run ();

  g_clear_object (&resolver);

  return ret;
}
