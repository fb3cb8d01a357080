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
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"

static CrTestCa *ca;
static CrTestDovecot *dovecot;
static const char *cli_path;
static char *env_dir;
static char *config_dir;
static char *data_dir;
static char *cache_dir;

/* Runs courrier-cli with the test's folders; @input goes to standard
 * input (the password). Returns its exit status. */
static int
run_cli (gboolean      with_ca,
         const char   *input,
         char        **out_stdout,
         char        **out_stderr,
         const char   *first_arg,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *no_bus = g_strdup_printf ("unix:path=%s/no-such-bus", env_dir);
  va_list ap;

  g_ptr_array_add (argv, (char *) cli_path);
  g_ptr_array_add (argv, (char *) "--config-dir");
  g_ptr_array_add (argv, config_dir);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, data_dir);
  g_ptr_array_add (argv, (char *) "--cache-dir");
  g_ptr_array_add (argv, cache_dir);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* No keyring here: the password always comes on standard input. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", no_bus, TRUE);
  if (with_ca)
    g_subprocess_launcher_setenv (launcher, "COURRIER_TLS_CA_FILE", cr_test_ca_get_cert_path (ca), TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "COURRIER_TLS_CA_FILE");

  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input != NULL ? input : "", NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("courrier-cli %s → %d\n%s%s", first_arg,
                  g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1,
                  out, err);
  g_assert_true (g_subprocess_get_if_exited (proc));

  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);

  return g_subprocess_get_exit_status (proc);
}

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
  g_autofree char *port = g_strdup_printf ("%u", cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S));
  g_autofree char *input = g_strdup_printf ("%s\n", cr_test_dovecot_get_password (dovecot));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_test_dovecot_seed (dovecot, "INBOX", 5, &error));
  g_assert_no_error (error);

  g_assert_cmpint (run_cli (TRUE, NULL, NULL, NULL,
                            "account", "add", "--id", "maison", "--name", "Amélie Poulain",
                            "--address", cr_test_dovecot_get_user (dovecot),
                            "--incoming", "pop3", "--in-host", "127.0.0.1", "--in-port", port,
                            "--in-security", "tls", "--out-host", "127.0.0.1", "--out-port", "465",
                            "--out-security", "tls", NULL), ==, 0);

  g_assert_cmpint (run_cli (TRUE, input, &out, NULL, "sync", "maison", "--password-stdin", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "maison"));
  g_assert_nonnull (strstr (out, "5"));
  g_clear_pointer (&out, g_free);

  /* All accounts (the only one), JSON: nothing new the second time. */
  g_assert_cmpint (run_cli (TRUE, input, &out, NULL, "sync", "--password-stdin", "--json", NULL), ==, 0);
  g_assert_cmpint (downloaded_in (out), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_true (cr_test_dovecot_seed (dovecot, "INBOX", 2, &error));
  g_assert_cmpint (run_cli (TRUE, input, &out, NULL, "sync", "maison", "--password-stdin", "--json", NULL),
                   ==, 0);
  g_assert_cmpint (downloaded_in (out), ==, 2);

  /* Wrong password: 4. Unknown account: 1. Two accounts named: 2. */
  g_assert_cmpint (run_cli (TRUE, "wrong\n", NULL, NULL, "sync", "maison", "--password-stdin", NULL),
                   ==, 4);
  g_assert_cmpint (run_cli (TRUE, input, NULL, NULL, "sync", "ailleurs", "--password-stdin", NULL), ==, 1);
  g_assert_cmpint (run_cli (TRUE, input, NULL, NULL, "sync", "a", "b", NULL), ==, 2);

  /* Without the test CA the certificate is untrusted: 3, with its
   * fingerprint to check. */
  g_assert_cmpint (run_cli (FALSE, input, NULL, &err, "sync", "maison", "--password-stdin", NULL), ==, 3);
  fingerprint = cr_test_cert_sha256 (cr_test_dovecot_get_cert_path (dovecot));
  g_assert_nonnull (strstr (err, fingerprint));
  g_assert_nonnull (strstr (err, port));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *ca_dir = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  env_dir = cr_test_env_setup ();
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  cli_path = argv[1];

  config_dir = g_build_filename (env_dir, "cli", "config", NULL);
  data_dir = g_build_filename (env_dir, "cli", "data", NULL);
  cache_dir = g_build_filename (env_dir, "cli", "cache", NULL);
  ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);

  g_test_add_func ("/pop3-cli/sync", test_sync);
  ret = g_test_run ();

  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
  cr_test_env_teardown (env_dir);
  g_free (env_dir);
  g_free (config_dir);
  g_free (data_dir);
  g_free (cache_dir);

  return ret;
}
