/* test-pop3-cli.c — courrier-cli sync for a POP3 account
 *
 * courrier-cli, run as a script would, against the private Dovecot
 * (POP3S): new mail downloaded and counted, nothing downloaded twice,
 * the JSON output, the exit statuses for a wrong password and for an
 * untrusted certificate (with its fingerprint on standard error).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cr-store.h"
#include "cr-test-cli.h"
#include "cr-test-env.h"

static CrTestCli cli;

static gint64
downloaded_in (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *results;
  JsonObject *result;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  results = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  result = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (result, "account"), ==, "maison");
  g_assert_true (json_object_get_boolean_member (result, "ok"));

  return json_object_get_int_member (result, "downloaded");
}

static void
test_sync (void)
{
  g_autofree char *port = g_strdup_printf ("%u", cr_test_dovecot_get_port (cli.dovecot, CR_TEST_POP3S));
  g_autofree char *input = g_strdup_printf ("%s\n", cr_test_dovecot_get_password (cli.dovecot));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_test_dovecot_seed (cli.dovecot, "INBOX", 5, &error));
  g_assert_no_error (error);

  g_assert_cmpint (cr_test_cli_add_account (&cli, "maison", "Amélie Poulain", CR_TEST_POP3S), ==, 0);

  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, &out, NULL, "sync", "maison", "--password-stdin", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "maison"));
  g_assert_nonnull (strstr (out, "5"));
  g_clear_pointer (&out, g_free);

  /* All accounts (the only one), JSON: nothing new the second time. */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, &out, NULL, "sync", "--password-stdin", "--json", NULL), ==, 0);
  g_assert_cmpint (downloaded_in (out), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_true (cr_test_dovecot_seed (cli.dovecot, "INBOX", 2, &error));
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, &out, NULL, "sync", "maison", "--password-stdin", "--json", NULL),
                   ==, 0);
  g_assert_cmpint (downloaded_in (out), ==, 2);

  /* Wrong password: 4. Unknown account: 1. Two accounts named: 2. */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, "wrong\n", NULL, NULL, "sync", "maison", "--password-stdin", NULL),
                   ==, 4);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, NULL, NULL, "sync", "ailleurs", "--password-stdin", NULL), ==, 1);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, NULL, NULL, "sync", "a", "b", NULL), ==, 2);

  /* Without the test CA the certificate is untrusted: 3, with its
   * fingerprint to check. */
  g_assert_cmpint (cr_test_cli_run (&cli, FALSE, input, NULL, &err, "sync", "maison", "--password-stdin", NULL), ==, 3);
  fingerprint = cr_test_cert_sha256 (cr_test_dovecot_get_cert_path (cli.dovecot));
  g_assert_nonnull (strstr (err, fingerprint));
  g_assert_nonnull (strstr (err, port));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  cr_test_cli_start (&cli, env_dir, argv[1]);

  g_test_add_func ("/pop3-cli/sync", test_sync);
  ret = g_test_run ();

  cr_test_cli_stop (&cli);
  cr_test_env_teardown (env_dir);

  return ret;
}
