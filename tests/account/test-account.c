/* test-account.c — CrAccount and its validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-account.h"
#include "cr-account-validate.h"
#include "cr-test-env.h"

/* The guide’s example: a custom domain hosted by lautre.net. */
static CrAccount *
make_valid_account (void)
{
  CrAccount *account = cr_account_new (NULL);

  cr_account_set_display_name (account, "Bonvenon");
  cr_account_set_address (account, "contact@bonvenon.fr");
  cr_server_set_host (cr_account_get_incoming (account), "imap.lautre.net");
  cr_server_set_host (cr_account_get_outgoing (account), "smtp.lautre.net");

  return account;
}

static void
assert_invalid (CrAccount       *account,
                CrValidateFlags  flags,
                CrAccountError   code,
                const char      *in_message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cr_account_validate (account, flags, &error));
  g_assert_error (error, CR_ACCOUNT_ERROR, (int) code);
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” not in “%s”", in_message, error->message);
}

static void
test_account_defaults (void)
{
  g_autoptr(CrAccount) account = cr_account_new (NULL);
  g_autoptr(CrAccount) other = cr_account_new (NULL);
  g_autoptr(CrAccount) named = cr_account_new ("abc-123");

  /* A new account gets its own stable id, safe for files and keys. */
  g_assert_true (cr_account_is_valid_id (cr_account_get_id (account)));
  g_assert_cmpstr (cr_account_get_id (account), !=, cr_account_get_id (other));
  g_assert_cmpstr (cr_account_get_id (named), ==, "abc-123");

  g_assert_cmpint (cr_server_get_protocol (cr_account_get_incoming (account)), ==, CR_PROTOCOL_IMAP);
  g_assert_cmpint (cr_server_get_protocol (cr_account_get_outgoing (account)), ==, CR_PROTOCOL_SMTP);

  /* POP: messages stay on the server for 14 days (see cr-account.c). */
  g_assert_true (cr_account_get_leave_on_server (account));
  g_assert_cmpuint (cr_account_get_delete_after_days (account), ==, 14);
  g_assert_true (cr_account_get_delete_when_deleted_here (account));
  g_assert_cmpuint (cr_account_get_check_interval (account), ==, 10);
  g_assert_true (cr_account_get_use_idle (account));
  g_assert_true (cr_account_get_remember_password (account));
}

static void
test_account_ids (void)
{
  g_autoptr(CrAccount) bad = cr_account_new ("../../etc");

  g_assert_true (cr_account_is_valid_id ("0f1e2d3c-aaaa"));
  g_assert_false (cr_account_is_valid_id (""));
  g_assert_false (cr_account_is_valid_id (NULL));
  g_assert_false (cr_account_is_valid_id ("a b"));
  g_assert_false (cr_account_is_valid_id ("a/b"));
  g_assert_false (cr_account_is_valid_id ("a]b"));

  /* An id that is not safe is replaced, never used in a path. */
  g_assert_cmpstr (cr_account_get_id (bad), !=, "../../etc");
  g_assert_true (cr_account_is_valid_id (cr_account_get_id (bad)));
}

static void
test_account_login (void)
{
  g_autoptr(CrAccount) account = make_valid_account ();
  CrServer *incoming = cr_account_get_incoming (account);

  /* The guide: the identifier is the full address, even on a custom domain. */
  g_assert_cmpstr (cr_account_get_login (account, incoming), ==, "contact@bonvenon.fr");
  cr_server_set_login (incoming, "bonvenon");
  g_assert_cmpstr (cr_account_get_login (account, incoming), ==, "bonvenon");
  g_assert_cmpstr (cr_account_get_login (account, cr_account_get_outgoing (account)), ==,
                   "contact@bonvenon.fr");
}

static void
test_account_copy (void)
{
  g_autoptr(CrAccount) account = make_valid_account ();
  g_autoptr(CrAccount) copy = NULL;

  cr_account_set_signature (account, "-- \nBonvenon\nhttps://bonvenon.fr");
  cr_account_set_leave_on_server (account, FALSE);
  cr_account_set_delete_after_days (account, 0);
  cr_account_set_remember_password (account, FALSE);
  cr_server_set_protocol (cr_account_get_incoming (account), CR_PROTOCOL_POP3);

  copy = cr_account_copy (account);
  g_assert_cmpstr (cr_account_get_id (copy), ==, cr_account_get_id (account));
  g_assert_cmpstr (cr_account_get_signature (copy), ==, cr_account_get_signature (account));
  g_assert_false (cr_account_get_leave_on_server (copy));
  g_assert_cmpuint (cr_account_get_delete_after_days (copy), ==, 0);
  g_assert_false (cr_account_get_remember_password (copy));
  g_assert_true (cr_account_get_incoming (copy) != cr_account_get_incoming (account));
  g_assert_true (cr_server_equal (cr_account_get_incoming (copy), cr_account_get_incoming (account)));
  g_assert_true (cr_server_equal (cr_account_get_outgoing (copy), cr_account_get_outgoing (account)));

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&account));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  GPtrArray *names = user_data;

  g_ptr_array_add (names, g_strdup (pspec->name));
}

static void
test_account_notify (void)
{
  g_autoptr(CrAccount) account = cr_account_new (NULL);
  g_autoptr(CrServer) pop = cr_server_new (CR_PROTOCOL_POP3);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *expected[] = {
    "display-name", "address", "organisation", "signature", "reply-to",
    "incoming", "leave-on-server", "delete-after-days",
    "delete-when-deleted-here", "check-interval", "use-idle",
    "remember-password",
  };

  g_signal_connect (account, "notify", G_CALLBACK (count_notify), names);

  for (guint round = 0; round < 2; round++)
    {
      /* The second round sets the same values: no notification. */
      cr_account_set_display_name (account, "Bonvenon");
      cr_account_set_address (account, "contact@bonvenon.fr");
      cr_account_set_organisation (account, "Bonvenon SARL");
      cr_account_set_signature (account, "Bonvenon");
      cr_account_set_reply_to (account, "info@bonvenon.fr");
      cr_account_set_incoming (account, pop);
      cr_account_set_leave_on_server (account, FALSE);
      cr_account_set_delete_after_days (account, 30);
      cr_account_set_delete_when_deleted_here (account, FALSE);
      cr_account_set_check_interval (account, 5);
      cr_account_set_use_idle (account, FALSE);
      cr_account_set_remember_password (account, FALSE);
    }

  g_assert_cmpuint (names->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (names, i), ==, expected[i]);

  g_assert_true (cr_account_get_incoming (account) == pop);
  g_assert_cmpstr (cr_account_get_reply_to (account), ==, "info@bonvenon.fr");
  g_assert_cmpuint (cr_account_get_check_interval (account), ==, 5);
}

static void
test_validate_ok (void)
{
  g_autoptr(CrAccount) account = make_valid_account ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_account_validate (account, CR_VALIDATE_NONE, &error));
  g_assert_no_error (error);

  /* POP, an IP literal, localhost, a reply-to and STARTTLS are all fine. */
  cr_server_set_protocol (cr_account_get_incoming (account), CR_PROTOCOL_POP3);
  cr_server_set_host (cr_account_get_incoming (account), "127.0.0.1");
  cr_server_set_host (cr_account_get_outgoing (account), "localhost");
  cr_server_set_security (cr_account_get_outgoing (account), CR_SECURITY_STARTTLS);
  cr_account_set_reply_to (account, "info@bonvenon.fr");
  g_assert_true (cr_account_validate (account, CR_VALIDATE_NONE, &error));
  g_assert_no_error (error);

  cr_server_set_host (cr_account_get_incoming (account), "::1");
  cr_server_set_host (cr_account_get_outgoing (account), "smtp.bücher.example");
  g_assert_true (cr_account_validate (account, CR_VALIDATE_NONE, &error));
  g_assert_no_error (error);
}

static void
test_validate_addresses (void)
{
  const char *good[] = {
    "contact@bonvenon.fr",
    "contact@bücher.example",
    "first.last+tag@sub.example.org",
    "o'brien@example.ie",
    "\"quoted\"@example.com",
    "élodie@exemple.fr",
  };
  const char *bad[] = {
    "contact",
    "contact@",
    "@bonvenon.fr",
    "contact@bonvenon",
    "Bonvenon <contact@bonvenon.fr>",
    "contact@bonvenon.fr junk",
    "contact @bonvenon.fr",
    " contact@bonvenon.fr",
    "a..b@bonvenon.fr",
    ".a@bonvenon.fr",
    "a.@bonvenon.fr",
    "a@b@bonvenon.fr",
    "a(comment)@bonvenon.fr",
    "a@-bonvenon.fr",
    "a@bonvenon..fr",
    "a@bon_venon.fr",
    "a@[127.0.0.1]",
    "a,b@bonvenon.fr",
    "contact@bonvenon.fr\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!cr_account_check_address (good[i], &error))
        g_error ("“%s” refused: %s", good[i], error->message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (cr_account_check_address (bad[i], &error))
        g_error ("“%s” accepted", bad[i]);
      g_assert_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_ADDRESS);
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
}

static void
test_validate_errors (void)
{
  g_autoptr(CrAccount) account = make_valid_account ();
  CrServer *incoming = cr_account_get_incoming (account);
  CrServer *outgoing = cr_account_get_outgoing (account);

  cr_account_set_display_name (account, "");
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_MISSING_NAME, NULL);
  cr_account_set_display_name (account, "Bonvenon");

  cr_account_set_address (account, "");
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INVALID_ADDRESS, NULL);
  cr_account_set_address (account, "Bonvenon <contact@bonvenon.fr>");
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INVALID_ADDRESS, "Bonvenon <contact@bonvenon.fr>");
  cr_account_set_address (account, "contact@bonvenon.fr");

  cr_account_set_reply_to (account, "not an address");
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INVALID_ADDRESS, "not an address");
  cr_account_set_reply_to (account, "");

  /* The message says which server is wrong. */
  cr_server_set_host (incoming, "");
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INVALID_HOST, "incoming");
  cr_server_set_host (incoming, "imap://imap.lautre.net");
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INVALID_HOST, "incoming server name “imap://imap.lautre.net”");
  cr_server_set_host (incoming, "imap lautre.net");
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INVALID_HOST, "“imap lautre.net”");
  cr_server_set_host (incoming, "imap.lautre.net");

  cr_server_set_host (outgoing, "smtp..lautre.net");
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INVALID_HOST, "outgoing server name “smtp..lautre.net”");
  cr_server_set_host (outgoing, "");
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INVALID_HOST, "outgoing");
  cr_server_set_host (outgoing, "smtp.lautre.net");

  cr_server_set_login (incoming, "contact@bonvenon.fr\r\nA1 LOGOUT");
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INVALID_LOGIN, "incoming");
  cr_server_set_login (incoming, "");
  cr_server_set_login (outgoing, "x\n");
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INVALID_LOGIN, "outgoing");
  cr_server_set_login (outgoing, "");

  cr_server_set_protocol (incoming, CR_PROTOCOL_SMTP);
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_WRONG_PROTOCOL, "incoming");
  cr_server_set_protocol (incoming, CR_PROTOCOL_IMAP);
  cr_server_set_protocol (outgoing, CR_PROTOCOL_POP3);
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_WRONG_PROTOCOL, "outgoing");
  cr_server_set_protocol (outgoing, CR_PROTOCOL_SMTP);

  /* APOP is a POP3 command: not for IMAP, nor for SMTP. */
  cr_server_set_auth_method (incoming, CR_AUTH_APOP);
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_WRONG_AUTH_METHOD, "POP3");
  cr_server_set_protocol (incoming, CR_PROTOCOL_POP3);
  g_assert_true (cr_account_validate (account, CR_VALIDATE_NONE, NULL));
  cr_server_set_auth_method (outgoing, CR_AUTH_APOP);
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_WRONG_AUTH_METHOD, "outgoing");
  cr_server_set_auth_method (outgoing, CR_AUTH_PASSWORD);
  cr_server_set_auth_method (incoming, CR_AUTH_PASSWORD);
  cr_server_set_protocol (incoming, CR_PROTOCOL_IMAP);

  g_assert_true (cr_account_validate (account, CR_VALIDATE_NONE, NULL));
}

static void
test_validate_insecure (void)
{
  g_autoptr(CrAccount) account = make_valid_account ();
  g_autoptr(GError) error = NULL;

  /* No encryption only with the person’s explicit confirmation. */
  cr_server_set_security (cr_account_get_incoming (account), CR_SECURITY_NONE);
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INSECURE, "incoming server “imap.lautre.net”");
  g_assert_true (cr_account_validate (account, CR_VALIDATE_ALLOW_INSECURE, &error));
  g_assert_no_error (error);

  cr_server_set_security (cr_account_get_incoming (account), CR_SECURITY_STARTTLS);
  cr_server_set_security (cr_account_get_outgoing (account), CR_SECURITY_NONE);
  assert_invalid (account, CR_VALIDATE_NONE, CR_ACCOUNT_ERROR_INSECURE, "outgoing server “smtp.lautre.net”");
  g_assert_true (cr_account_validate (account, CR_VALIDATE_ALLOW_INSECURE, &error));
  g_assert_no_error (error);
}

static void
test_validate_hosts (void)
{
  const char *good[] = { "imap.lautre.net", "localhost", "127.0.0.1", "::1", "imap.bücher.example", "a-b.c0.example" };
  const char *bad[] = { "", "imap://imap.lautre.net", "imap.lautre.net:993", "imap lautre.net", "-imap.example", "imap.example.", "a_b.example", "[::1]", "imap/lautre" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!cr_account_check_host (good[i], &error))
        g_error ("“%s” refused: %s", good[i], error->message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (cr_account_check_host (bad[i], &error))
        g_error ("“%s” accepted", bad[i]);
      g_assert_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_HOST);
    }
}

static void
test_validate_ports (void)
{
  const char *bad[] = { "0", "65536", "70000", "-1", "+993", "993 ", " 993", "99a", "", "0x3e1", "99999999999999999999" };
  guint16 port = 0;

  g_assert_true (cr_account_parse_port ("993", &port, NULL));
  g_assert_cmpuint (port, ==, 993);
  g_assert_true (cr_account_parse_port ("1", &port, NULL));
  g_assert_cmpuint (port, ==, 1);
  g_assert_true (cr_account_parse_port ("65535", &port, NULL));
  g_assert_cmpuint (port, ==, 65535);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      port = 42;
      if (cr_account_parse_port (bad[i], &port, &error))
        g_error ("port “%s” accepted", bad[i]);
      g_assert_error (error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_PORT);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_assert_cmpuint (port, ==, 42);
    }
}

static void
test_validate_normalize (void)
{
  g_autoptr(CrAccount) account = make_valid_account ();

  cr_account_set_address (account, "  contact@bonvenon.fr \n");
  cr_server_set_host (cr_account_get_incoming (account), " imap.lautre.net\t");
  cr_server_set_login (cr_account_get_outgoing (account), " contact@bonvenon.fr ");
  cr_account_set_signature (account, "-- \n");
  g_assert_false (cr_account_validate (account, CR_VALIDATE_NONE, NULL));

  cr_account_normalize (account);
  g_assert_cmpstr (cr_account_get_address (account), ==, "contact@bonvenon.fr");
  g_assert_cmpstr (cr_server_get_host (cr_account_get_incoming (account)), ==, "imap.lautre.net");
  g_assert_cmpstr (cr_server_get_login (cr_account_get_outgoing (account)), ==, "contact@bonvenon.fr");
  g_assert_cmpstr (cr_account_get_signature (account), ==, "-- \n");
  g_assert_true (cr_account_validate (account, CR_VALIDATE_NONE, NULL));
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

  g_test_add_func ("/account/defaults", test_account_defaults);
  g_test_add_func ("/account/ids", test_account_ids);
  g_test_add_func ("/account/login", test_account_login);
  g_test_add_func ("/account/copy", test_account_copy);
  g_test_add_func ("/account/notify", test_account_notify);
  g_test_add_func ("/account/validate/ok", test_validate_ok);
  g_test_add_func ("/account/validate/addresses", test_validate_addresses);
  g_test_add_func ("/account/validate/errors", test_validate_errors);
  g_test_add_func ("/account/validate/insecure", test_validate_insecure);
  g_test_add_func ("/account/validate/hosts", test_validate_hosts);
  g_test_add_func ("/account/validate/ports", test_validate_ports);
  g_test_add_func ("/account/validate/normalize", test_validate_normalize);

  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
