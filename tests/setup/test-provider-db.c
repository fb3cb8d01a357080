/* test-provider-db.c — the built-in provider list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-provider-db.h"
#include "cr-setup-util.h"

static CrProviderDb *db;

static void
assert_server (CrServer     *server,
               CrProtocol    protocol,
               const char   *host,
               guint16       port,
               CrSecurity    security,
               const char   *login)
{
  g_assert_nonnull (server);
  g_assert_cmpint (cr_server_get_protocol (server), ==, protocol);
  g_assert_cmpstr (cr_server_get_host (server), ==, host);
  g_assert_cmpuint (cr_server_get_port (server), ==, port);
  g_assert_cmpint (cr_server_get_security (server), ==, security);
  g_assert_cmpint (cr_server_get_auth_method (server), ==, CR_AUTH_PASSWORD);
  g_assert_cmpstr (cr_server_get_login (server), ==, login);
}

static void
test_default_list (void)
{
  /* Every entry of the shipped file passed the checks of the loader. */
  g_assert_cmpuint (cr_provider_db_get_n_providers (db), >=, 15);
}

/* The values of the guide’s pictures, identifier = the full address. */
static void
test_lautre_net (void)
{
  g_autoptr(CrSetupResult) result = cr_provider_db_lookup_domain (db, "contact@lautre.net");
  GPtrArray *incoming, *outgoing;

  g_assert_nonnull (result);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_BUILTIN);
  g_assert_true (cr_setup_result_is_verified (result));
  g_assert_cmpstr (cr_setup_result_get_provider_name (result), ==, "L’Autre Net");
  g_assert_cmpstr (cr_setup_result_get_webmail_url (result), ==, "https://rc.lautre.net");
  g_assert_null (cr_setup_result_get_notes (result)[0]);

  incoming = cr_setup_result_get_incoming (result);
  outgoing = cr_setup_result_get_outgoing (result);
  g_assert_cmpuint (incoming->len, ==, 2);
  g_assert_cmpuint (outgoing->len, ==, 2);
  assert_server (g_ptr_array_index (incoming, 0), CR_PROTOCOL_IMAP,
                 "imaps.lautre.net", 993, CR_SECURITY_TLS, "contact@lautre.net");
  assert_server (g_ptr_array_index (incoming, 1), CR_PROTOCOL_POP3,
                 "pop3s.lautre.net", 995, CR_SECURITY_TLS, "contact@lautre.net");
  assert_server (g_ptr_array_index (outgoing, 0), CR_PROTOCOL_SMTP,
                 "smtps.lautre.net", 465, CR_SECURITY_TLS, "contact@lautre.net");
  assert_server (g_ptr_array_index (outgoing, 1), CR_PROTOCOL_SMTP,
                 "smtp.lautre.net", 587, CR_SECURITY_STARTTLS, "contact@lautre.net");
  g_assert_true (cr_setup_result_get_first (result, CR_PROTOCOL_POP3) == g_ptr_array_index (incoming, 1));
}

static void
test_orange (void)
{
  g_autoptr(CrSetupResult) orange = cr_provider_db_lookup_domain (db, "jean.dupont@orange.fr");
  g_autoptr(CrSetupResult) wanadoo = cr_provider_db_lookup_domain (db, "jean@WANADOO.fr");

  g_assert_nonnull (orange);
  g_assert_cmpstr (cr_setup_result_get_provider_name (orange), ==, "Orange");
  assert_server (cr_setup_result_get_first (orange, CR_PROTOCOL_IMAP), CR_PROTOCOL_IMAP,
                 "imap.orange.fr", 993, CR_SECURITY_TLS, "jean.dupont@orange.fr");
  assert_server (cr_setup_result_get_first (orange, CR_PROTOCOL_POP3), CR_PROTOCOL_POP3,
                 "pop.orange.fr", 995, CR_SECURITY_TLS, "jean.dupont@orange.fr");
  assert_server (cr_setup_result_get_first (orange, CR_PROTOCOL_SMTP), CR_PROTOCOL_SMTP,
                 "smtp.orange.fr", 465, CR_SECURITY_TLS, "jean.dupont@orange.fr");

  /* The domain is matched without regard to case; the login is as typed. */
  g_assert_nonnull (wanadoo);
  assert_server (cr_setup_result_get_first (wanadoo, CR_PROTOCOL_IMAP), CR_PROTOCOL_IMAP,
                 "imap.orange.fr", 993, CR_SECURITY_TLS, "jean@WANADOO.fr");
}

static void
test_local_part_login (void)
{
  g_autoptr(CrSetupResult) result = cr_provider_db_lookup_domain (db, "jean@free.fr");

  g_assert_nonnull (result);
  assert_server (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP), CR_PROTOCOL_IMAP,
                 "imap.free.fr", 993, CR_SECURITY_TLS, "jean");
  assert_server (cr_setup_result_get_first (result, CR_PROTOCOL_SMTP), CR_PROTOCOL_SMTP,
                 "smtp.free.fr", 465, CR_SECURITY_TLS, "jean");
}

static void
test_notes (void)
{
  g_autoptr(CrSetupResult) gmail = cr_provider_db_lookup_domain (db, "someone@gmail.com");
  g_autoptr(CrSetupResult) outlook = cr_provider_db_lookup_domain (db, "someone@hotmail.fr");
  g_autoptr(CrSetupResult) proton = cr_provider_db_lookup_domain (db, "someone@proton.me");

  g_assert_nonnull (gmail);
  g_assert_cmpstr (cr_setup_result_get_provider_name (gmail), ==, "Gmail");
  g_assert_nonnull (cr_setup_result_get_notes (gmail)[0]);
  g_assert_nonnull (strstr (cr_setup_result_get_notes (gmail)[0], "app password"));
  g_assert_null (cr_setup_result_get_notes (gmail)[1]);
  assert_server (cr_setup_result_get_first (gmail, CR_PROTOCOL_IMAP), CR_PROTOCOL_IMAP,
                 "imap.gmail.com", 993, CR_SECURITY_TLS, "someone@gmail.com");

  g_assert_nonnull (outlook);
  g_assert_nonnull (strstr (cr_setup_result_get_notes (outlook)[0], "OAuth2"));
  assert_server (cr_setup_result_get_first (outlook, CR_PROTOCOL_IMAP), CR_PROTOCOL_IMAP,
                 "outlook.office365.com", 993, CR_SECURITY_TLS, "someone@hotmail.fr");

  /* The bridge runs on this computer. */
  g_assert_nonnull (proton);
  g_assert_nonnull (strstr (cr_setup_result_get_notes (proton)[0], "Bridge"));
  assert_server (cr_setup_result_get_first (proton, CR_PROTOCOL_IMAP), CR_PROTOCOL_IMAP,
                 "127.0.0.1", 1143, CR_SECURITY_STARTTLS, "someone@proton.me");
}

static void
test_unknown_domain (void)
{
  g_assert_null (cr_provider_db_lookup_domain (db, "contact@bonvenon.fr"));
  /* A domain that merely ends like a known one is another domain. */
  g_assert_null (cr_provider_db_lookup_domain (db, "contact@notlautre.net"));
  g_assert_null (cr_provider_db_lookup_domain (db, "contact@mail.lautre.net"));
  g_assert_null (cr_provider_db_lookup_domain (db, "not an address"));
}

static void
test_mx (void)
{
  const char *lautre_mx[] = { "mx1.lautre.net", NULL };
  const char *dotted_mx[] = { "MX2.Lautre.NET.", NULL };
  const char *ovh_mx[] = { "mx3.mail.ovh.net", NULL };
  const char *google_mx[] = { "mx.unknown.example", "aspmx.l.google.com", NULL };
  const char *lookalike_mx[] = { "mx.evil-lautre.net", "lautre.net.evil.example", NULL };
  g_autoptr(CrSetupResult) lautre = cr_provider_db_lookup_mx (db, "contact@bonvenon.fr", lautre_mx);
  g_autoptr(CrSetupResult) dotted = cr_provider_db_lookup_mx (db, "contact@bonvenon.fr", dotted_mx);
  g_autoptr(CrSetupResult) ovh = cr_provider_db_lookup_mx (db, "info@example.org", ovh_mx);
  g_autoptr(CrSetupResult) google = cr_provider_db_lookup_mx (db, "info@example.org", google_mx);

  /* bonvenon.fr hosted at lautre.net: the guide’s servers, its login. */
  g_assert_nonnull (lautre);
  g_assert_cmpint (cr_setup_result_get_source (lautre), ==, CR_SETUP_SOURCE_MX);
  g_assert_cmpstr (cr_setup_result_get_provider_name (lautre), ==, "L’Autre Net");
  assert_server (cr_setup_result_get_first (lautre, CR_PROTOCOL_IMAP), CR_PROTOCOL_IMAP,
                 "imaps.lautre.net", 993, CR_SECURITY_TLS, "contact@bonvenon.fr");
  assert_server (cr_setup_result_get_first (lautre, CR_PROTOCOL_SMTP), CR_PROTOCOL_SMTP,
                 "smtps.lautre.net", 465, CR_SECURITY_TLS, "contact@bonvenon.fr");
  g_assert_cmpstr (cr_setup_result_get_webmail_url (lautre), ==, "https://rc.lautre.net");

  g_assert_nonnull (dotted);
  g_assert_cmpstr (cr_setup_result_get_provider_name (dotted), ==, "L’Autre Net");

  g_assert_nonnull (ovh);
  assert_server (cr_setup_result_get_first (ovh, CR_PROTOCOL_IMAP), CR_PROTOCOL_IMAP,
                 "ssl0.ovh.net", 993, CR_SECURITY_TLS, "info@example.org");

  g_assert_nonnull (google);
  g_assert_cmpstr (cr_setup_result_get_provider_name (google), ==, "Gmail");

  g_assert_null (cr_provider_db_lookup_mx (db, "info@example.org", lookalike_mx));
  g_assert_null (cr_provider_db_lookup_mx (db, "info@example.org", NULL));
}

static void
assert_invalid (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(CrProviderDb) bad = cr_provider_db_new (bytes, &error);

  g_assert_null (bad);
  g_assert_nonnull (error);
}

#define SERVER(proto, host, port, sec, login) \
  "{ \"protocol\": \"" proto "\", \"host\": \"" host "\", \"port\": " port ", " \
  "\"security\": \"" sec "\", \"auth\": \"password\", \"login\": \"" login "\" }"
#define PROVIDER(in, out, extra) \
  "{ \"providers\": [ { \"id\": \"x\", \"name\": \"X\", \"domains\": [\"x.example\"], " \
  "\"incoming\": [" in "], \"outgoing\": [" out "]" extra " } ] }"

static void
test_invalid_data (void)
{
  const char *good = PROVIDER (SERVER ("imap", "imap.x.example", "993", "tls", "address"),
                               SERVER ("smtp", "smtp.x.example", "465", "tls", "address"), "");
  g_autoptr(GBytes) bytes = g_bytes_new_static (good, strlen (good));
  g_autoptr(GError) error = NULL;
  g_autoptr(CrProviderDb) ok = cr_provider_db_new (bytes, &error);
  g_autoptr(CrSetupResult) result = NULL;

  /* The same template is valid, so each failure below is its change. */
  g_assert_no_error (error);
  result = cr_provider_db_lookup_domain (ok, "a@x.example");
  g_assert_nonnull (result);

  assert_invalid ("");
  assert_invalid ("[]");
  assert_invalid ("{ \"providers\": 3 }");
  assert_invalid (PROVIDER (SERVER ("imap", "imap.x.example/evil", "993", "tls", "address"),
                            SERVER ("smtp", "smtp.x.example", "465", "tls", "address"), ""));
  assert_invalid (PROVIDER (SERVER ("imap", "imap.x.example", "70000", "tls", "address"),
                            SERVER ("smtp", "smtp.x.example", "465", "tls", "address"), ""));
  assert_invalid (PROVIDER (SERVER ("imap", "imap.x.example", "993", "ssl3", "address"),
                            SERVER ("smtp", "smtp.x.example", "465", "tls", "address"), ""));
  assert_invalid (PROVIDER (SERVER ("imap", "imap.x.example", "993", "tls", "%EMAILADDRESS%"),
                            SERVER ("smtp", "smtp.x.example", "465", "tls", "address"), ""));
  assert_invalid (PROVIDER (SERVER ("imap", "imap.x.example", "993", "tls", "address"), "", ""));
  assert_invalid (PROVIDER (SERVER ("imap", "imap.x.example", "993", "tls", "address"),
                            SERVER ("smtp", "smtp.x.example", "465", "tls", "address"),
                            ", \"notes\": [\"no-such-note\"]"));
  assert_invalid (PROVIDER (SERVER ("imap", "imap.x.example", "993", "tls", "address"),
                            SERVER ("smtp", "smtp.x.example", "465", "tls", "address"),
                            ", \"mx\": [\"lautre.net\"]"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  db = cr_provider_db_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/provider-db/default-list", test_default_list);
  g_test_add_func ("/provider-db/lautre-net", test_lautre_net);
  g_test_add_func ("/provider-db/orange", test_orange);
  g_test_add_func ("/provider-db/local-part-login", test_local_part_login);
  g_test_add_func ("/provider-db/notes", test_notes);
  g_test_add_func ("/provider-db/unknown-domain", test_unknown_domain);
  g_test_add_func ("/provider-db/mx", test_mx);
  g_test_add_func ("/provider-db/invalid-data", test_invalid_data);

  ret = g_test_run ();

  g_assert_finalize_object (db);

  return ret;
}
