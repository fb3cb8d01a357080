/* test-server.c — CrServer, the description of one mail server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-server.h"
#include "cr-account-enums.h"
#include "cr-test-env.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_server_defaults (void)
{
  g_autoptr(CrServer) imap = cr_server_new (CR_PROTOCOL_IMAP);
  g_autoptr(CrServer) pop = cr_server_new (CR_PROTOCOL_POP3);
  g_autoptr(CrServer) smtp = cr_server_new (CR_PROTOCOL_SMTP);

  /* Secure by default, as the guide asks: implicit TLS, normal password. */
  g_assert_cmpint (cr_server_get_protocol (imap), ==, CR_PROTOCOL_IMAP);
  g_assert_cmpint (cr_server_get_security (imap), ==, CR_SECURITY_TLS);
  g_assert_cmpint (cr_server_get_auth_method (imap), ==, CR_AUTH_PASSWORD);
  g_assert_cmpuint (cr_server_get_port (imap), ==, 993);
  g_assert_cmpuint (cr_server_get_port (pop), ==, 995);
  g_assert_cmpuint (cr_server_get_port (smtp), ==, 465);
  g_assert_cmpstr (cr_server_get_host (imap), ==, "");
  g_assert_cmpstr (cr_server_get_login (imap), ==, "");
}

static void
test_server_default_ports (void)
{
  g_assert_cmpuint (cr_server_default_port (CR_PROTOCOL_IMAP, CR_SECURITY_TLS), ==, 993);
  g_assert_cmpuint (cr_server_default_port (CR_PROTOCOL_IMAP, CR_SECURITY_STARTTLS), ==, 143);
  g_assert_cmpuint (cr_server_default_port (CR_PROTOCOL_IMAP, CR_SECURITY_NONE), ==, 143);
  g_assert_cmpuint (cr_server_default_port (CR_PROTOCOL_POP3, CR_SECURITY_TLS), ==, 995);
  g_assert_cmpuint (cr_server_default_port (CR_PROTOCOL_POP3, CR_SECURITY_STARTTLS), ==, 110);
  g_assert_cmpuint (cr_server_default_port (CR_PROTOCOL_POP3, CR_SECURITY_NONE), ==, 110);
  g_assert_cmpuint (cr_server_default_port (CR_PROTOCOL_SMTP, CR_SECURITY_TLS), ==, 465);
  g_assert_cmpuint (cr_server_default_port (CR_PROTOCOL_SMTP, CR_SECURITY_STARTTLS), ==, 587);
  g_assert_cmpuint (cr_server_default_port (CR_PROTOCOL_SMTP, CR_SECURITY_NONE), ==, 587);
}

static void
test_server_setters_notify (void)
{
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_IMAP);
  guint notified = 0;

  g_signal_connect (server, "notify", G_CALLBACK (count_notify), &notified);

  cr_server_set_host (server, "imap.lautre.net");
  cr_server_set_port (server, 143);
  cr_server_set_security (server, CR_SECURITY_STARTTLS);
  cr_server_set_auth_method (server, CR_AUTH_CRAM_MD5);
  cr_server_set_login (server, "contact@bonvenon.fr");
  cr_server_set_protocol (server, CR_PROTOCOL_POP3);
  g_assert_cmpuint (notified, ==, 6);

  /* Setting the same value again says nothing. */
  cr_server_set_host (server, "imap.lautre.net");
  cr_server_set_port (server, 143);
  cr_server_set_security (server, CR_SECURITY_STARTTLS);
  cr_server_set_auth_method (server, CR_AUTH_CRAM_MD5);
  cr_server_set_login (server, "contact@bonvenon.fr");
  cr_server_set_protocol (server, CR_PROTOCOL_POP3);
  g_assert_cmpuint (notified, ==, 6);

  g_assert_cmpstr (cr_server_get_host (server), ==, "imap.lautre.net");
  g_assert_cmpuint (cr_server_get_port (server), ==, 143);
  g_assert_cmpint (cr_server_get_security (server), ==, CR_SECURITY_STARTTLS);
  g_assert_cmpint (cr_server_get_auth_method (server), ==, CR_AUTH_CRAM_MD5);
  g_assert_cmpstr (cr_server_get_login (server), ==, "contact@bonvenon.fr");
  g_assert_cmpint (cr_server_get_protocol (server), ==, CR_PROTOCOL_POP3);

  /* NULL is the empty string: nothing typed. */
  cr_server_set_login (server, NULL);
  g_assert_cmpstr (cr_server_get_login (server), ==, "");
  g_assert_cmpuint (notified, ==, 7);
}

static void
test_server_properties (void)
{
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_SMTP);
  g_autofree char *host = NULL;
  CrSecurity security;
  guint port;

  g_object_set (server,
                "host", "smtps.lautre.net",
                "port", 587,
                "security", CR_SECURITY_STARTTLS,
                NULL);
  g_object_get (server,
                "host", &host,
                "port", &port,
                "security", &security,
                NULL);
  g_assert_cmpstr (host, ==, "smtps.lautre.net");
  g_assert_cmpuint (port, ==, 587);
  g_assert_cmpint (security, ==, CR_SECURITY_STARTTLS);

  /* The enums have GTypes with the nicks used in files and the keyring. */
  {
    g_autoptr(GEnumClass) klass = g_type_class_ref (CR_TYPE_SECURITY);
    g_assert_cmpstr (g_enum_get_value (klass, CR_SECURITY_STARTTLS)->value_nick, ==, "starttls");
  }
  g_assert_cmpstr (cr_protocol_to_string (CR_PROTOCOL_IMAP), ==, "imap");
  g_assert_cmpstr (cr_protocol_to_string (CR_PROTOCOL_POP3), ==, "pop3");
  g_assert_cmpstr (cr_protocol_to_string (CR_PROTOCOL_SMTP), ==, "smtp");
}

static void
test_server_copy_equal (void)
{
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_POP3);
  g_autoptr(CrServer) copy = NULL;

  cr_server_set_host (server, "pop.lautre.net");
  cr_server_set_port (server, 110);
  cr_server_set_security (server, CR_SECURITY_STARTTLS);
  cr_server_set_auth_method (server, CR_AUTH_CRAM_MD5);
  cr_server_set_login (server, "contact@bonvenon.fr");

  copy = cr_server_copy (server);
  g_assert_true (copy != server);
  g_assert_true (cr_server_equal (server, copy));
  g_assert_cmpint (cr_server_get_protocol (copy), ==, CR_PROTOCOL_POP3);
  g_assert_cmpuint (cr_server_get_port (copy), ==, 110);

  /* The copy is independent: editing it leaves the original alone. */
  cr_server_set_port (copy, 995);
  g_assert_false (cr_server_equal (server, copy));
  g_assert_cmpuint (cr_server_get_port (server), ==, 110);

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* accounts.ini stores the method by nick; the values must not move. */
static void
test_server_auth_nicks (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (CR_TYPE_AUTH_METHOD);

  g_assert_cmpint (g_enum_get_value_by_nick (klass, "password")->value, ==, 0);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "cram-md5")->value, ==, 1);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "apop")->value, ==, CR_AUTH_APOP);
  g_assert_cmpint (CR_AUTH_APOP, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  /* Throw-away HOME and XDG folders (GLib 2.74’s own
   * G_TEST_OPTION_ISOLATE_DIRS leaks, which fails the ASan build). */
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/defaults", test_server_defaults);
  g_test_add_func ("/server/default-ports", test_server_default_ports);
  g_test_add_func ("/server/setters-notify", test_server_setters_notify);
  g_test_add_func ("/server/properties", test_server_properties);
  g_test_add_func ("/server/copy-equal", test_server_copy_equal);
  g_test_add_func ("/server/auth-nicks", test_server_auth_nicks);

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
