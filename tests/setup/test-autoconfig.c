/* test-autoconfig.c — reading autoconfig files, and what is refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-autoconfig.h"
#include "cr-setup-util.h"

#define ADDRESS "jean.dupont@example.org"

static CrSetupResult *
parse (const char     *xml,
       CrSetupSource   source,
       GError        **error)
{
  return cr_autoconfig_parse (xml, strlen (xml), ADDRESS, source, error);
}

/* A file with an IMAP, a POP3 and an SMTP server around @imap_host. */
static char *
make_file (const char *imap_host,
           const char *imap_port,
           const char *imap_login)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<clientConfig version=\"1.1\">\n"
    "  <emailProvider id=\"example.org\">\n"
    "    <domain>example.org</domain>\n"
    "    <displayName>Example Mail</displayName>\n"
    "    <incomingServer type=\"imap\">\n"
    "      <hostname>%s</hostname>\n"
    "      <port>%s</port>\n"
    "      <socketType>SSL</socketType>\n"
    "      <username>%s</username>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </incomingServer>\n"
    "    <outgoingServer type=\"smtp\">\n"
    "      <hostname>smtp.example.org</hostname>\n"
    "      <port>465</port>\n"
    "      <socketType>SSL</socketType>\n"
    "      <username>%%EMAILADDRESS%%</username>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </outgoingServer>\n"
    "  </emailProvider>\n"
    "</clientConfig>\n",
    imap_host, imap_port, imap_login);
}

static void
test_good_file (void)
{
  const char *xml =
    "<?xml version=\"1.0\"?>\n"
    "<clientConfig version=\"1.1\">\n"
    "  <emailProvider id=\"example.org\">\n"
    "    <domain>example.org</domain>\n"
    "    <displayName>Example &amp; Co</displayName>\n"
    "    <incomingServer type=\"imap\">\n"
    "      <hostname>imap.%EMAILDOMAIN%</hostname>\n"
    "      <port>143</port>\n"
    "      <socketType>STARTTLS</socketType>\n"
    "      <username>%EMAILLOCALPART%</username>\n"
    "      <authentication>OAuth2</authentication>\n"
    "      <authentication>password-encrypted</authentication>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </incomingServer>\n"
    "    <incomingServer type=\"pop3\">\n"
    "      <hostname> pop.example.org </hostname>\n"
    "      <port>995</port>\n"
    "      <socketType>SSL</socketType>\n"
    "      <username>%EMAILADDRESS%</username>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </incomingServer>\n"
    "    <incomingServer type=\"exchange\">\n"
    "      <hostname>ews.example.org</hostname>\n"
    "    </incomingServer>\n"
    "    <outgoingServer type=\"smtp\">\n"
    "      <hostname>SMTP.Example.ORG</hostname>\n"
    "      <port>587</port>\n"
    "      <socketType>STARTTLS</socketType>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </outgoingServer>\n"
    "    <documentation url=\"javascript:alert(1)\"/>\n"
    "    <documentation url=\"https://help.example.org/mail\">\n"
    "      <descr lang=\"fr\">Aide</descr>\n"
    "    </documentation>\n"
    "  </emailProvider>\n"
    "  <webMail>\n"
    "    <loginPage url=\"https://webmail.example.org/\"/>\n"
    "  </webMail>\n"
    "</clientConfig>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = parse (xml, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, &error);
  GPtrArray *incoming;
  CrServer *server;

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS);
  g_assert_true (cr_setup_result_is_verified (result));
  g_assert_cmpstr (cr_setup_result_get_provider_name (result), ==, "Example & Co");
  g_assert_cmpstr (cr_setup_result_get_documentation_url (result), ==, "https://help.example.org/mail");
  g_assert_cmpstr (cr_setup_result_get_webmail_url (result), ==, "https://webmail.example.org/");

  /* In the file’s order; the Exchange server is not ours. */
  incoming = cr_setup_result_get_incoming (result);
  g_assert_cmpuint (incoming->len, ==, 2);
  server = g_ptr_array_index (incoming, 0);
  g_assert_cmpint (cr_server_get_protocol (server), ==, CR_PROTOCOL_IMAP);
  g_assert_cmpstr (cr_server_get_host (server), ==, "imap.example.org");
  g_assert_cmpuint (cr_server_get_port (server), ==, 143);
  g_assert_cmpint (cr_server_get_security (server), ==, CR_SECURITY_STARTTLS);
  /* The first method we can do: OAuth2 is skipped. */
  g_assert_cmpint (cr_server_get_auth_method (server), ==, CR_AUTH_CRAM_MD5);
  g_assert_cmpstr (cr_server_get_login (server), ==, "jean.dupont");

  server = g_ptr_array_index (incoming, 1);
  g_assert_cmpint (cr_server_get_protocol (server), ==, CR_PROTOCOL_POP3);
  g_assert_cmpstr (cr_server_get_host (server), ==, "pop.example.org");
  g_assert_cmpint (cr_server_get_security (server), ==, CR_SECURITY_TLS);
  g_assert_cmpstr (cr_server_get_login (server), ==, ADDRESS);

  /* No username: the full address, as the guide says. */
  server = cr_setup_result_get_first (result, CR_PROTOCOL_SMTP);
  g_assert_cmpstr (cr_server_get_host (server), ==, "smtp.example.org");
  g_assert_cmpuint (cr_server_get_port (server), ==, 587);
  g_assert_cmpstr (cr_server_get_login (server), ==, ADDRESS);
}

static void
test_plain_servers_last (void)
{
  const char *xml =
    "<clientConfig version=\"1.1\"><emailProvider id=\"example.org\">"
    "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>143</port>"
    "<socketType>plain</socketType><authentication>password-cleartext</authentication></incomingServer>"
    "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
    "<socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname><port>465</port>"
    "<socketType>SSL</socketType><authentication>password-cleartext</authentication></outgoingServer>"
    "</emailProvider></clientConfig>";
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = parse (xml, CR_SETUP_SOURCE_ISPDB, &error);
  GPtrArray *incoming;

  g_assert_no_error (error);
  incoming = cr_setup_result_get_incoming (result);
  g_assert_cmpuint (incoming->len, ==, 2);
  g_assert_cmpint (cr_server_get_security (g_ptr_array_index (incoming, 0)), ==, CR_SECURITY_TLS);
  g_assert_cmpint (cr_server_get_security (g_ptr_array_index (incoming, 1)), ==, CR_SECURITY_NONE);
}

static void
test_http_unverified (void)
{
  g_autofree char *xml = make_file ("imap.example.org", "993", "%EMAILADDRESS%");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = parse (xml, CR_SETUP_SOURCE_AUTOCONFIG_HTTP, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cr_setup_result_get_source (result), ==, CR_SETUP_SOURCE_AUTOCONFIG_HTTP);
  g_assert_false (cr_setup_result_is_verified (result));
  g_assert_nonnull (strstr (cr_setup_source_to_label (CR_SETUP_SOURCE_AUTOCONFIG_HTTP), "unverified"));
}

static void
assert_refused (const char *imap_host,
                const char *imap_port,
                const char *imap_login)
{
  g_autofree char *xml = make_file (imap_host, imap_port, imap_login);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = parse (xml, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, &error);

  /* The IMAP server is the only incoming one: without it, nothing. */
  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_CONFIG);
}

static void
test_hostile_values (void)
{
  g_autofree char *long_host = g_strnfill (300, 'a');
  g_autofree char *b64 = g_strnfill (64, 'b');
  g_autofree char *long_label = g_strconcat (b64, ".example.org", NULL);

  /* The person’s address must not be sent to a host the file chose. */
  assert_refused ("%EMAILLOCALPART%.evil.example", "993", "%EMAILADDRESS%");
  assert_refused ("%EMAILADDRESS%.evil.example", "993", "%EMAILADDRESS%");
  assert_refused ("%PASSWORD%.evil.example", "993", "%EMAILADDRESS%");
  /* Host names are names. */
  assert_refused ("imap.example.org/evil", "993", "%EMAILADDRESS%");
  assert_refused ("imap example.org", "993", "%EMAILADDRESS%");
  assert_refused ("imap.example.org:25", "993", "%EMAILADDRESS%");
  assert_refused ("user@imap.example.org", "993", "%EMAILADDRESS%");
  assert_refused ("-imap.example.org", "993", "%EMAILADDRESS%");
  assert_refused ("imap..example.org", "993", "%EMAILADDRESS%");
  assert_refused ("imap.éxample.org", "993", "%EMAILADDRESS%");
  assert_refused (long_host, "993", "%EMAILADDRESS%");
  assert_refused (long_label, "993", "%EMAILADDRESS%");
  assert_refused ("", "993", "%EMAILADDRESS%");
  /* Ports are ports. */
  assert_refused ("imap.example.org", "0", "%EMAILADDRESS%");
  assert_refused ("imap.example.org", "65536", "%EMAILADDRESS%");
  assert_refused ("imap.example.org", "99999999999999999999", "%EMAILADDRESS%");
  assert_refused ("imap.example.org", "-993", "%EMAILADDRESS%");
  assert_refused ("imap.example.org", "993abc", "%EMAILADDRESS%");
  assert_refused ("imap.example.org", "", "%EMAILADDRESS%");
  /* Logins are plain: no command smuggled after a line break. */
  assert_refused ("imap.example.org", "993", "%EMAILADDRESS%&#13;&#10;A1 LOGOUT");
  assert_refused ("imap.example.org", "993", "jean dupont");
  assert_refused ("imap.example.org", "993", "%EMAILPASSWORD%");
  assert_refused ("imap.example.org", "993", "100%");
}

static void
test_hostile_server_dropped (void)
{
  const char *xml =
    "<clientConfig version=\"1.1\"><emailProvider id=\"example.org\">"
    "<incomingServer type=\"imap\"><hostname>%EMAILLOCALPART%.evil.example</hostname><port>993</port>"
    "<socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>"
    "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
    "<socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname><port>465</port>"
    "<socketType>SSL</socketType><authentication>password-cleartext</authentication></outgoingServer>"
    "</emailProvider></clientConfig>";
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = parse (xml, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, &error);

  /* The good server stays, the hostile one is gone. */
  g_assert_no_error (error);
  g_assert_cmpuint (cr_setup_result_get_incoming (result)->len, ==, 1);
  g_assert_cmpstr (cr_server_get_host (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP)), ==,
                   "imap.example.org");
}

static void
assert_malformed (const char *xml,
                  int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = parse (xml, CR_SETUP_SOURCE_AUTOCONFIG_HTTPS, &error);

  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, code);
}

static void
test_malformed (void)
{
  assert_malformed ("", CR_SETUP_ERROR_INVALID_CONFIG);
  assert_malformed ("<html><body>Not Found</body></html>", CR_SETUP_ERROR_NOT_FOUND);
  assert_malformed ("<clientConfig><emailProvider>", CR_SETUP_ERROR_INVALID_CONFIG);
  assert_malformed ("<clientConfig></emailProvider></clientConfig>", CR_SETUP_ERROR_INVALID_CONFIG);
  assert_malformed ("\xff\xfe<clientConfig/>", CR_SETUP_ERROR_INVALID_CONFIG);
  assert_malformed ("<clientConfig><emailProvider id=\"x\"></emailProvider></clientConfig>",
                    CR_SETUP_ERROR_NOT_FOUND);
  /* No DTD, no entities of the file’s own: no “billion laughs”. */
  assert_malformed ("<!DOCTYPE clientConfig [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                    "<clientConfig><emailProvider id=\"x\"><displayName>&b;</displayName>"
                    "</emailProvider></clientConfig>",
                    CR_SETUP_ERROR_INVALID_CONFIG);
  /* Servers outside an emailProvider are not read. */
  assert_malformed ("<clientConfig><incomingServer type=\"imap\"><hostname>imap.example.org</hostname>"
                    "<port>993</port><socketType>SSL</socketType>"
                    "<authentication>password-cleartext</authentication></incomingServer></clientConfig>",
                    CR_SETUP_ERROR_NOT_FOUND);
}

static void
test_no_usable_authentication (void)
{
  const char *xml =
    "<clientConfig version=\"1.1\"><emailProvider id=\"example.org\">"
    "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
    "<socketType>SSL</socketType><authentication>OAuth2</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname><port>465</port>"
    "<socketType>SSL</socketType><authentication>OAuth2</authentication></outgoingServer>"
    "</emailProvider></clientConfig>";

  assert_malformed (xml, CR_SETUP_ERROR_INVALID_CONFIG);
}

static void
test_huge (void)
{
  g_autoptr(GString) xml = g_string_new ("<clientConfig version=\"1.1\"><emailProvider id=\"x\">");
  g_autofree char *long_value = g_strnfill (1000, 'x');
  g_autofree char *long_name = g_strdup_printf ("<clientConfig><emailProvider id=\"x\">"
                                                "<displayName>%s</displayName>"
                                                "</emailProvider></clientConfig>", long_value);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  while (xml->len <= CR_AUTOCONFIG_MAX_SIZE)
    g_string_append (xml, "<!-- padding padding padding padding padding padding -->\n");
  g_string_append (xml, "</emailProvider></clientConfig>");

  result = cr_autoconfig_parse (xml->str, xml->len, ADDRESS, CR_SETUP_SOURCE_ISPDB, &error);
  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_TOO_LARGE);

  /* One value longer than any name or address. */
  assert_malformed (long_name, CR_SETUP_ERROR_INVALID_CONFIG);
}

static void
test_many_servers (void)
{
  g_autoptr(GString) xml = g_string_new ("<clientConfig version=\"1.1\"><emailProvider id=\"x\">");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (xml, "<incomingServer type=\"imap\"><hostname>imap%u.example.org</hostname>"
                            "<port>993</port><socketType>SSL</socketType>"
                            "<authentication>password-cleartext</authentication></incomingServer>", i);
  g_string_append (xml, "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname><port>465</port>"
                        "<socketType>SSL</socketType><authentication>password-cleartext</authentication>"
                        "</outgoingServer></emailProvider></clientConfig>");

  /* A cap on what is kept, for each direction. */
  result = cr_autoconfig_parse (xml->str, xml->len, ADDRESS, CR_SETUP_SOURCE_ISPDB, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cr_setup_result_get_incoming (result)->len, ==, 16);
  g_assert_cmpuint (cr_setup_result_get_outgoing (result)->len, ==, 1);
}

static void
test_invalid_address (void)
{
  g_autofree char *xml = make_file ("imap.example.org", "993", "%EMAILADDRESS%");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrSetupResult) result = NULL;

  result = cr_autoconfig_parse (xml, strlen (xml), "jean dupont@example.org",
                                CR_SETUP_SOURCE_ISPDB, &error);
  g_assert_null (result);
  g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_ADDRESS);
}

static void
test_split_address (void)
{
  g_autofree char *local_part = NULL;
  g_autofree char *domain = NULL;
  const char *bad[] = {
    "", "@", "jean", "jean@", "@example.org", "jean@example", "jean@127.0.0.1",
    "jean@exa mple.org", "je an@example.org", "jean@example.org/x", "jean\n@example.org",
    "jean%x@example.org", "jean@-example.org",
  };

  g_assert_true (cr_setup_split_address ("Jean.Dupont@Bonvenon.FR", &local_part, &domain, NULL));
  g_assert_cmpstr (local_part, ==, "Jean.Dupont");
  g_assert_cmpstr (domain, ==, "bonvenon.fr");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cr_setup_split_address (bad[i], NULL, NULL, &error));
      g_assert_error (error, CR_SETUP_ERROR, CR_SETUP_ERROR_INVALID_ADDRESS);
    }
}

static void
test_mx_matches (void)
{
  g_assert_true (cr_setup_mx_matches ("mx1.lautre.net", ".lautre.net"));
  g_assert_true (cr_setup_mx_matches ("lautre.net", ".lautre.net"));
  g_assert_true (cr_setup_mx_matches ("MX1.LAUTRE.NET.", ".lautre.net"));
  g_assert_false (cr_setup_mx_matches ("mx1.notlautre.net", ".lautre.net"));
  g_assert_false (cr_setup_mx_matches ("lautre.net.evil.example", ".lautre.net"));
  g_assert_false (cr_setup_mx_matches (NULL, ".lautre.net"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/autoconfig/good-file", test_good_file);
  g_test_add_func ("/autoconfig/plain-servers-last", test_plain_servers_last);
  g_test_add_func ("/autoconfig/http-unverified", test_http_unverified);
  g_test_add_func ("/autoconfig/hostile-values", test_hostile_values);
  g_test_add_func ("/autoconfig/hostile-server-dropped", test_hostile_server_dropped);
  g_test_add_func ("/autoconfig/malformed", test_malformed);
  g_test_add_func ("/autoconfig/no-usable-authentication", test_no_usable_authentication);
  g_test_add_func ("/autoconfig/huge", test_huge);
  g_test_add_func ("/autoconfig/many-servers", test_many_servers);
  g_test_add_func ("/autoconfig/invalid-address", test_invalid_address);
  g_test_add_func ("/setup-util/split-address", test_split_address);
  g_test_add_func ("/setup-util/mx-matches", test_mx_matches);

  return g_test_run ();
}
