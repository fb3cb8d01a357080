/* test-cli.c — courrier-cli as a script uses it, against real servers
 *
 * The built courrier-cli (given by meson as the first argument) runs in
 * the test's throw-away HOME and XDG folders, with a private D-Bus session
 * and GNOME Keyring, a private Dovecot and SMTP sink whose certificates
 * come from a test CA. The password only ever travels on standard input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"
#include "cr-test-session.h"
#include "cr-test-smtp-sink.h"

#define EXIT_OK        0
#define EXIT_USAGE     2
#define EXIT_UNTRUSTED 3
#define EXIT_AUTH      4
#define EXIT_NETWORK   5

#define HOST "127.0.0.1"

static const char *cli_path;
static char *env_dir;
static char *config_dir;
static char *data_dir;
static char *cache_dir;
static CrTestCa *ca;
static CrTestSession *session;
static CrTestDovecot *dovecot;
static CrTestSmtpSink *sink;

/* The schema as another program (Seahorse, secret-tool) sees it. */
static const SecretSchema schema = {
  "io.github.courrier.Courrier.Password", SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "protocol", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
    { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef enum
{
  RUN_DEFAULT = 0,
  /* COURRIER_TLS_CA_FILE names the test CA, as for a private CA. */
  RUN_WITH_CA = 1 << 0,
  /* A session bus where no Secret Service can be reached. */
  RUN_NO_KEYRING = 1 << 1,
} RunFlags;

static const char *
password (void)
{
  return cr_test_dovecot_get_password (dovecot);
}

/* Runs courrier-cli with the test's folders and @args; @input goes to its
 * standard input. Returns its exit status; it must not die of a signal. */
static int
run_cli_argv (RunFlags            flags,
              const char         *input,
              char              **out_stdout,
              char              **out_stderr,
              const char *const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *command = NULL;

  g_ptr_array_add (argv, (char *) cli_path);
  g_ptr_array_add (argv, (char *) "--config-dir");
  g_ptr_array_add (argv, config_dir);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, data_dir);
  g_ptr_array_add (argv, (char *) "--cache-dir");
  g_ptr_array_add (argv, cache_dir);
  for (guint i = 0; args[i] != NULL; i++)
    {
      /* Never a password on a command line: other users can read it. */
      g_assert_null (strstr (args[i], password ()));
      g_ptr_array_add (argv, (char *) args[i]);
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The test itself runs without it, for gnome-keyring-daemon’s sake. */
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "gc-friendly,fatal-warnings", TRUE);
  if (flags & RUN_WITH_CA)
    g_subprocess_launcher_setenv (launcher, "COURRIER_TLS_CA_FILE", cr_test_ca_get_cert_path (ca), TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "COURRIER_TLS_CA_FILE");
  if (flags & RUN_NO_KEYRING)
    {
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-such-bus", env_dir);

      g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
    }

  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input != NULL ? input : "", NULL, &out, &err, &error);
  g_assert_no_error (error);

  command = g_strjoinv (" ", (char **) args);
  g_test_message ("courrier-cli %s → %d\n%s%s", command,
                  g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1,
                  out, err);
  g_assert_true (g_subprocess_get_if_exited (proc));

  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);

  return g_subprocess_get_exit_status (proc);
}

static int
run_cli (RunFlags     flags,
         const char  *input,
         char       **out_stdout,
         char       **out_stderr,
         const char  *first_arg,
         ...) G_GNUC_NULL_TERMINATED;

static int
run_cli (RunFlags     flags,
         const char  *input,
         char       **out_stdout,
         char       **out_stderr,
         const char  *first_arg,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return run_cli_argv (flags, input, out_stdout, out_stderr, (const char *const *) args->pdata);
}

static char *
port_text (guint16 port)
{
  return g_strdup_printf ("%u", port);
}

/* An account on the private servers: IMAPS + SMTPS, or IMAP + submission
 * with STARTTLS. The login is the full address, as the guide says. */
static int
add_account (const char *id,
             guint16     in_port,
             const char *in_security,
             guint16     out_port,
             const char *out_security,
             const char *input)
{
  g_autofree char *in = port_text (in_port);
  g_autofree char *out = port_text (out_port);

  return run_cli (RUN_DEFAULT, input, NULL, NULL,
                  "account", "add", "--id", id, "--name", "Amélie Poulain",
                  "--address", cr_test_dovecot_get_user (dovecot),
                  "--incoming", "imap", "--in-host", HOST, "--in-port", in,
                  "--in-security", in_security,
                  "--out-host", HOST, "--out-port", out, "--out-security", out_security,
                  input != NULL ? "--password-stdin" : NULL, NULL);
}

static int
add_tls_account (const char *id,
                 const char *input)
{
  return add_account (id,
                      cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS), "tls",
                      cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS), "tls",
                      input);
}

static void
remove_account (const char *id)
{
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "account", "remove", id, NULL), ==, EXIT_OK);
}

static JsonArray *
list_accounts (JsonParser **out_parser)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, &out, NULL, "account", "list", "--json", NULL), ==, EXIT_OK);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));

  *out_parser = g_steal_pointer (&parser);
  return json_node_get_array (root);
}

static JsonObject *
find_account (JsonArray  *accounts,
              const char *id)
{
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);

      if (g_strcmp0 (json_object_get_string_member (account, "id"), id) == 0)
        return account;
    }

  return NULL;
}

static char *
keyring_lookup (const char *id,
                const char *protocol,
                guint16     port)
{
  g_autoptr(GError) error = NULL;
  char *found = secret_password_lookup_sync (&schema, NULL, &error,
                                             "account", id,
                                             "protocol", protocol,
                                             "host", HOST,
                                             "port", (int) port,
                                             "login", cr_test_dovecot_get_user (dovecot),
                                             NULL);

  g_assert_no_error (error);
  return found;
}

static guint
keyring_count (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_autoptr(GHashTable) attributes = NULL;
  g_autolist(SecretItem) items = NULL;

  g_assert_no_error (error);
  attributes = secret_attributes_build (&schema, "account", id, NULL);
  items = secret_service_search_sync (service, &schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);

  return g_list_length (items);
}

/* The SMTP sink's certificate, issued by the test CA in the test's CA
 * folder: the only one there named after it. */
static char *
sink_cert_path (void)
{
  const char *dir = cr_test_ca_get_dir (ca);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_prefix (name, "smtp-sink") && g_str_has_suffix (name, ".pem") &&
          !g_str_has_suffix (name, "-key.pem"))
        {
          g_assert_null (found);
          found = g_build_filename (dir, name, NULL);
        }
    }

  g_assert_nonnull (found);
  return found;
}

static char *
trust_command (guint16     port,
               const char *fingerprint)
{
  return g_strdup_printf ("courrier-cli trust " HOST ":%u %s", port, fingerprint);
}

static void
test_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *in_port = port_text (cr_test_dovecot_get_port (dovecot, CR_TEST_IMAP));
  const char *const no_args[] = { NULL };

  g_assert_cmpint (run_cli_argv (RUN_DEFAULT, NULL, NULL, NULL, no_args), ==, EXIT_USAGE);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "frobnicate", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "account", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "account", "rename", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "--no-such-option", "account", "list", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "account", "list", "--no-such-option", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "check", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "account", "remove", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "trust", HOST ":993", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "trust", HOST, "AB:CD", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "trust", HOST ":0",
                            "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                            "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89", NULL), ==, EXIT_USAGE);

  /* A missing option is named. */
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, &err, "account", "add", "--name", "Amélie", NULL),
                   ==, EXIT_USAGE);
  g_assert_nonnull (strstr (err, "--address"));
  g_clear_pointer (&err, g_free);

  /* The engine's validation, translated, is the message. */
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, &err,
                            "account", "add", "--name", "Amélie", "--address", "amelie@example.test",
                            "--incoming", "imap", "--in-host", HOST, "--in-port", "70000",
                            "--in-security", "tls", "--out-host", HOST, "--out-port", "465",
                            "--out-security", "tls", NULL), ==, EXIT_USAGE);
  g_assert_nonnull (strstr (err, "70000"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, &err,
                            "account", "add", "--name", "Amélie", "--address", "not an address",
                            "--incoming", "imap", "--in-host", HOST, "--in-port", "993",
                            "--in-security", "tls", "--out-host", HOST, "--out-port", "465",
                            "--out-security", "tls", NULL), ==, EXIT_USAGE);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL,
                            "account", "add", "--name", "Amélie", "--address", "amelie@example.test",
                            "--incoming", "smtp", "--in-host", HOST, "--in-port", "993",
                            "--in-security", "tls", "--out-host", HOST, "--out-port", "465",
                            "--out-security", "tls", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL,
                            "account", "add", "--name", "Amélie", "--address", "amelie@example.test",
                            "--incoming", "imap", "--in-host", HOST, "--in-port", "993",
                            "--in-security", "sometimes", "--out-host", HOST, "--out-port", "465",
                            "--out-security", "tls", NULL), ==, EXIT_USAGE);

  /* No security at all needs the person to say so. */
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL,
                            "account", "add", "--id", "insecure", "--name", "Amélie",
                            "--address", "amelie@example.test",
                            "--incoming", "imap", "--in-host", HOST, "--in-port", in_port,
                            "--in-security", "none", "--out-host", HOST, "--out-port", "465",
                            "--out-security", "tls", NULL), ==, EXIT_USAGE);

  /* --password-stdin with nothing on standard input. */
  g_assert_cmpint (add_tls_account ("empty", ""), ==, EXIT_USAGE);

  /* None of them added anything. */
  {
    g_autoptr(JsonParser) parser = NULL;
    JsonArray *accounts = list_accounts (&parser);

    g_assert_cmpuint (json_array_get_length (accounts), ==, 0);
  }

  /* With the explicit flag it is accepted. */
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL,
                            "account", "add", "--id", "insecure", "--name", "Amélie",
                            "--address", "amelie@example.test",
                            "--incoming", "imap", "--in-host", HOST, "--in-port", in_port,
                            "--in-security", "none", "--out-host", HOST, "--out-port", "465",
                            "--out-security", "tls", "--allow-insecure", NULL), ==, EXIT_OK);
  /* Ids are unique. */
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL,
                            "account", "add", "--id", "insecure", "--name", "Amélie",
                            "--address", "amelie@example.test",
                            "--incoming", "imap", "--in-host", HOST, "--in-port", in_port,
                            "--in-security", "none", "--out-host", HOST, "--out-port", "465",
                            "--out-security", "tls", "--allow-insecure", NULL), ==, 1);
  remove_account ("insecure");
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "account", "remove", "insecure", NULL), ==, 1);

  /* Help is not an error. */
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, &out, NULL, "--help", NULL), ==, EXIT_OK);
  g_assert_nonnull (strstr (out, "--config-dir"));
  g_assert_nonnull (strstr (out, "account"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, &out, NULL, "account", "add", "--help", NULL), ==, EXIT_OK);
  g_assert_nonnull (strstr (out, "--password-stdin"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, &out, NULL, "check", "--help", NULL), ==, EXIT_OK);
  g_assert_nonnull (strstr (out, "--json"));
}

static void
assert_untrusted (const char *err,
                  guint16     port,
                  const char *fingerprint)
{
  g_autofree char *port_line = g_strdup_printf ("%u\n", port);
  g_autofree char *command = trust_command (port, fingerprint);

  g_assert_nonnull (strstr (err, HOST));
  g_assert_nonnull (strstr (err, port_line));
  g_assert_nonnull (strstr (err, fingerprint));
  g_assert_nonnull (strstr (err, command));
}

/* account add → list → untrusted → trust → check → wrong password. */
static void
test_account_check (void)
{
  guint16 imaps = cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS);
  guint16 smtps = cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS);
  g_autofree char *imap_fp = cr_test_cert_sha256 (cr_test_dovecot_get_cert_path (dovecot));
  g_autofree char *sink_cert = sink_cert_path ();
  g_autofree char *smtp_fp = cr_test_cert_sha256 (sink_cert);
  g_autofree char *input = g_strconcat (password (), "\n", NULL);
  g_autofree char *wrong = g_strconcat ("wrong-", password (), "\n", NULL);
  g_autofree char *imaps_where = g_strdup_printf (HOST ":%u", imaps);
  g_autofree char *smtps_where = g_strdup_printf (HOST ":%u", smtps);
  g_autofree char *found = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonParser) check_parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *account;
  JsonObject *incoming;
  JsonArray *servers;

  g_assert_cmpint (add_tls_account ("main", input), ==, EXIT_OK);

  /* Listed as given; the login defaults to the address. */
  account = find_account (list_accounts (&parser), "main");
  g_assert_nonnull (account);
  g_assert_cmpstr (json_object_get_string_member (account, "name"), ==, "Amélie Poulain");
  g_assert_cmpstr (json_object_get_string_member (account, "address"), ==, cr_test_dovecot_get_user (dovecot));
  incoming = json_object_get_object_member (account, "incoming");
  g_assert_cmpstr (json_object_get_string_member (incoming, "protocol"), ==, "imap");
  g_assert_cmpint (json_object_get_int_member (incoming, "port"), ==, imaps);
  g_assert_cmpstr (json_object_get_string_member (incoming, "security"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (incoming, "login"), ==, cr_test_dovecot_get_user (dovecot));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (account, "outgoing"), "port"),
                   ==, smtps);

  /* In the keyring, for both servers; in the folders given, not the XDG ones. */
  found = keyring_lookup ("main", "imap", imaps);
  g_assert_cmpstr (found, ==, password ());
  g_clear_pointer (&found, secret_password_free);
  found = keyring_lookup ("main", "smtp", smtps);
  g_assert_cmpstr (found, ==, password ());
  {
    g_autofree char *ini = g_build_filename (config_dir, "accounts.ini", NULL);
    g_autofree char *xdg = g_build_filename (g_get_user_config_dir (), "courrier", "accounts.ini", NULL);

    g_assert_true (g_file_test (ini, G_FILE_TEST_IS_REGULAR));
    g_assert_false (g_file_test (xdg, G_FILE_TEST_EXISTS));
  }

  /* The test CA is nobody's: both certificates are refused, with what
   * the person needs to decide. */
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, &out, &err, "check", "main", NULL), ==, EXIT_UNTRUSTED);
  assert_untrusted (err, imaps, imap_fp);
  assert_untrusted (err, smtps, smtp_fp);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The same in JSON. */
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, &out, &err, "check", "main", "--json", NULL), ==, EXIT_UNTRUSTED);
  assert_untrusted (err, imaps, imap_fp);
  g_assert_true (json_parser_load_from_data (check_parser, out, -1, &error));
  g_assert_no_error (error);
  servers = json_object_get_array_member (json_node_get_object (json_parser_get_root (check_parser)), "servers");
  g_assert_cmpuint (json_array_get_length (servers), ==, 2);
  {
    JsonObject *first = json_array_get_object_element (servers, 0);
    JsonObject *certificate = json_object_get_object_member (first, "certificate");

    g_assert_cmpstr (json_object_get_string_member (first, "role"), ==, "incoming");
    g_assert_false (json_object_get_boolean_member (first, "ok"));
    g_assert_cmpint (json_object_get_int_member (first, "status"), ==, EXIT_UNTRUSTED);
    g_assert_cmpstr (json_object_get_string_member (certificate, "sha256"), ==, imap_fp);
    g_assert_cmpint (json_object_get_int_member (certificate, "port"), ==, imaps);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Trusting one server's certificate leaves the other refused. */
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "trust", imaps_where, imap_fp, NULL), ==, EXIT_OK);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, &out, &err, "check", "main", NULL), ==, EXIT_UNTRUSTED);
  g_assert_null (strstr (err, imap_fp));
  assert_untrusted (err, smtps, smtp_fp);
  g_assert_nonnull (strstr (out, imaps_where));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Fingerprints are accepted in any case, with or without colons. */
  {
    g_autofree char *lower = g_ascii_strdown (smtp_fp, -1);
    g_auto(GStrv) pairs = g_strsplit (lower, ":", -1);
    g_autofree char *bare = g_strjoinv ("", pairs);

    g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, NULL, "trust", smtps_where, bare, NULL), ==, EXIT_OK);
  }
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, &out, NULL, "check", "main", NULL), ==, EXIT_OK);
  g_assert_nonnull (strstr (out, imaps_where));
  g_assert_nonnull (strstr (out, smtps_where));
  g_clear_pointer (&out, g_free);

  /* A password given for one run is used, and not kept. */
  g_assert_cmpint (run_cli (RUN_DEFAULT, wrong, NULL, &err, "check", "main", "--password-stdin", NULL),
                   ==, EXIT_AUTH);
  g_assert_null (strstr (err, "wrong-"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (RUN_DEFAULT, input, NULL, NULL, "check", "main", "--password-stdin", NULL),
                   ==, EXIT_OK);
  g_clear_pointer (&found, secret_password_free);
  found = keyring_lookup ("main", "imap", imaps);
  g_assert_cmpstr (found, ==, password ());

  /* Removed: gone from the list and from the keyring. */
  remove_account ("main");
  g_clear_object (&parser);
  g_assert_null (find_account (list_accounts (&parser), "main"));
  g_assert_cmpuint (keyring_count ("main"), ==, 0);
}

/* A private CA given by COURRIER_TLS_CA_FILE, with STARTTLS on both. */
static void
test_ca_file (void)
{
  g_autofree char *input = g_strconcat (password (), "\n", NULL);
  g_autofree char *fingerprint = cr_test_cert_sha256 (cr_test_dovecot_get_cert_path (dovecot));
  g_autofree char *err = NULL;

  g_assert_cmpint (add_account ("starttls",
                                cr_test_dovecot_get_port (dovecot, CR_TEST_IMAP), "starttls",
                                cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SUBMISSION), "starttls",
                                input), ==, EXIT_OK);

  g_assert_cmpint (run_cli (RUN_WITH_CA, NULL, NULL, NULL, "check", "starttls", NULL), ==, EXIT_OK);
  g_assert_cmpint (run_cli (RUN_DEFAULT, NULL, NULL, &err, "check", "starttls", NULL), ==, EXIT_UNTRUSTED);
  assert_untrusted (err, cr_test_dovecot_get_port (dovecot, CR_TEST_IMAP), fingerprint);

  remove_account ("starttls");

  /* POP3 over implicit TLS is checked the same way. */
  {
    g_autofree char *in = port_text (cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S));
    g_autofree char *out = port_text (cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS));
    g_autofree char *stdout_text = NULL;

    g_assert_cmpint (run_cli (RUN_DEFAULT, input, NULL, NULL,
                              "account", "add", "--id", "pop", "--name", "Amélie",
                              "--address", cr_test_dovecot_get_user (dovecot),
                              "--incoming", "pop3", "--in-host", HOST, "--in-port", in,
                              "--in-security", "tls", "--out-host", HOST, "--out-port", out,
                              "--out-security", "tls", "--password-stdin", NULL), ==, EXIT_OK);
    g_assert_cmpint (run_cli (RUN_WITH_CA, NULL, &stdout_text, NULL, "check", "pop", NULL), ==, EXIT_OK);
    g_assert_nonnull (strstr (stdout_text, "pop3"));
    remove_account ("pop");
  }
}

static void
test_wrong_password (void)
{
  g_autofree char *wrong = g_strconcat ("wrong-", password (), "\n", NULL);

  /* Stored wrong in the keyring this time. */
  g_assert_cmpint (add_tls_account ("wrong", wrong), ==, EXIT_OK);
  g_assert_cmpint (run_cli (RUN_WITH_CA, NULL, NULL, NULL, "check", "wrong", NULL), ==, EXIT_AUTH);
  remove_account ("wrong");
}

static void
test_no_password (void)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (add_tls_account ("nopassword", NULL), ==, EXIT_OK);
  g_assert_cmpint (run_cli (RUN_WITH_CA, NULL, NULL, &err, "check", "nopassword", NULL), ==, EXIT_AUTH);
  g_assert_nonnull (strstr (err, "--password-stdin"));
  remove_account ("nopassword");
}

static void
test_closed_port (void)
{
  g_autofree char *input = g_strconcat (password (), "\n", NULL);
  guint16 closed = cr_test_free_port ();

  g_assert_cmpint (add_account ("closed", closed, "tls", closed, "tls", input), ==, EXIT_OK);
  g_assert_cmpint (run_cli (RUN_WITH_CA, NULL, NULL, NULL, "check", "closed", NULL), ==, EXIT_NETWORK);
  remove_account ("closed");
}

/* Without a keyring a password cannot be kept: the account is not added
 * half-way, and an account whose password cannot be cleared stays. */
static void
test_no_keyring (void)
{
  g_autofree char *input = g_strconcat (password (), "\n", NULL);
  g_autofree char *in = port_text (cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS));
  g_autofree char *out = port_text (cr_test_smtp_sink_get_port (sink, CR_TEST_SMTP_SMTPS));
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = NULL;

  g_assert_cmpint (run_cli (RUN_NO_KEYRING, input, NULL, &err,
                            "account", "add", "--id", "nokeyring", "--name", "Amélie",
                            "--address", cr_test_dovecot_get_user (dovecot),
                            "--incoming", "imap", "--in-host", HOST, "--in-port", in,
                            "--in-security", "tls", "--out-host", HOST, "--out-port", out,
                            "--out-security", "tls", "--password-stdin", NULL), ==, 1);
  g_assert_null (strstr (err, password ()));
  g_assert_null (find_account (list_accounts (&parser), "nokeyring"));
  g_clear_object (&parser);

  g_assert_cmpint (add_tls_account ("nokeyring", input), ==, EXIT_OK);
  g_assert_cmpint (run_cli (RUN_NO_KEYRING, NULL, NULL, NULL, "account", "remove", "nokeyring", NULL), ==, 1);
  g_assert_nonnull (find_account (list_accounts (&parser), "nokeyring"));
  g_assert_cmpuint (keyring_count ("nokeyring"), ==, 2);

  remove_account ("nokeyring");
  g_assert_cmpuint (keyring_count ("nokeyring"), ==, 0);
}

/* Binary-safe: the keyring file is not text. */
static gboolean
contains_bytes (const char *haystack,
                gsize       length,
                const char *needle)
{
  gsize needle_len = strlen (needle);

  for (gsize i = 0; i + needle_len <= length; i++)
    {
      if (memcmp (haystack + i, needle, needle_len) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
scan_for_password (const char *path,
                   GPtrArray  *scanned)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      if (contains_bytes (contents, length, password ()))
        g_error ("The password is in “%s”", path);
      g_ptr_array_add (scanned, g_strdup (path));
      return;
    }

  if ((dir = g_dir_open (path, 0, NULL)) == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      scan_for_password (child, scanned);
    }
}

static gboolean
has_suffix (GPtrArray  *paths,
            const char *suffix)
{
  for (guint i = 0; i < paths->len; i++)
    {
      if (g_str_has_suffix (g_ptr_array_index (paths, i), suffix))
        return TRUE;
    }

  return FALSE;
}

/* Runs last: everything the commands above wrote, and the keyring's own
 * file, are in the throw-away folders; none holds the password. */
static void
test_no_leak (void)
{
  g_autoptr(GPtrArray) scanned = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *input = g_strconcat (password (), "\n", NULL);

  /* One account left in place, its password in the keyring. */
  g_assert_cmpint (add_tls_account ("kept", input), ==, EXIT_OK);

  scan_for_password (env_dir, scanned);
  g_assert_true (has_suffix (scanned, "/accounts.ini"));
  g_assert_true (has_suffix (scanned, "/certificates.ini"));
  g_assert_true (has_suffix (scanned, ".keyring"));
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

  if (argc < 2)
    g_error ("Usage: %s PATH-TO-COURRIER-CLI", argv[0]);
  cli_path = argv[1];

  /* gnome-keyring-daemon aborts on its own warnings with fatal-warnings
   * (see tests/account/test-secrets.c); courrier-cli gets it back. */
  g_unsetenv ("G_DEBUG");

  config_dir = g_build_filename (env_dir, "cli", "config", NULL);
  data_dir = g_build_filename (env_dir, "cli", "data", NULL);
  cache_dir = g_build_filename (env_dir, "cli", "cache", NULL);
  ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);

  /* A missing server program fails here, loudly. */
  session = cr_test_session_start (TRUE, &error);
  g_assert_no_error (error);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);
  sink = cr_test_smtp_sink_start (ca, &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/account-check", test_account_check);
  g_test_add_func ("/cli/ca-file", test_ca_file);
  g_test_add_func ("/cli/wrong-password", test_wrong_password);
  g_test_add_func ("/cli/no-password", test_no_password);
  g_test_add_func ("/cli/closed-port", test_closed_port);
  g_test_add_func ("/cli/no-keyring", test_no_keyring);
  g_test_add_func ("/cli/no-leak", test_no_leak);

  ret = g_test_run ();

  secret_service_disconnect ();
  g_clear_pointer (&sink, cr_test_smtp_sink_stop);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
  g_clear_pointer (&session, cr_test_session_stop);
  g_free (config_dir);
  g_free (data_dir);
  g_free (cache_dir);
  cr_test_env_teardown (env_dir);
  g_free (env_dir);

  return ret;
}
