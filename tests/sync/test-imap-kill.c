/* test-imap-kill.c — courrier-cli sync killed at random moments
 *
 * courrier-cli sync against the private Dovecot, killed with SIGKILL
 * after a random delay, eight times over, with new mail before each run
 * so that kills land in the folder list, header batches and state
 * writes alike. After each kill the database passes PRAGMA
 * integrity_check; at the end a full sync completes and the store holds
 * exactly the server's messages, none twice (by Message-ID).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "cr-store.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"

#define LOOPS 8

static CrTestCa *ca;
static CrTestDovecot *dovecot;
static const char *cli_path;
static char *env_dir;
static char *config_dir;
static char *data_dir;
static char *cache_dir;

static GSubprocess *
spawn_cli (const char *first_arg,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *no_bus = g_strdup_printf ("unix:path=%s/no-such-bus", env_dir);
  GSubprocess *proc;
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

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* No keyring: the password comes on standard input. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", no_bus, TRUE);
  g_subprocess_launcher_setenv (launcher, "COURRIER_TLS_CA_FILE", cr_test_ca_get_cert_path (ca), TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  return proc;
}

static void
write_password (GSubprocess *proc)
{
  g_autofree char *input = g_strdup_printf ("%s\n", cr_test_dovecot_get_password (dovecot));
  GOutputStream *in = g_subprocess_get_stdin_pipe (proc);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (in, input, strlen (input), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, NULL);
}

static int
run_to_end (GSubprocess *proc,
            const char  *input)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_subprocess_communicate_utf8 (proc, input, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_test_message ("courrier-cli: %s", err);
  g_assert_true (g_subprocess_get_if_exited (proc));

  return g_subprocess_get_exit_status (proc);
}

static CrStore *
open_store (void)
{
  g_autoptr(CrPaths) paths = cr_paths_new (config_dir, data_dir, cache_dir);
  g_autoptr(GError) error = NULL;
  CrStore *store = cr_store_open (paths, &error);

  g_assert_no_error (error);
  g_assert_null (cr_store_get_recovery_error (store));

  return store;
}

static void
close_store (CrStore *store)
{
  cr_store_close (store);
  g_assert_finalize_object (store);
}

static guint
server_count (const char *mailbox)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (cr_test_dovecot_doveadm (dovecot, &out, &error, "search", "-u",
                                          cr_test_dovecot_get_user (dovecot), "mailbox", mailbox,
                                          "all", NULL));
  g_assert_no_error (error);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      n++;

  return n;
}

static void
assert_store_matches (CrStore    *store,
                      const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (store, "kill", path, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) list = NULL;
  CrMessageQuery query = { 0, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };

  g_assert_no_error (error);
  query.folder_id = folder->id;
  list = cr_store_list_messages (store, &query, 0, G_MAXUINT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, server_count (path));
  g_assert_cmpuint (folder->total, ==, list->len);
  for (guint i = 0; i < list->len; i++)
    {
      CrMessageInfo *info = list->pdata[i];

      g_assert_nonnull (info->message_id);
      g_assert_true (g_hash_table_add (seen, info->message_id));
    }
}

static void
test_kill_loop (void)
{
  g_autofree char *port = g_strdup_printf ("%u", cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS));
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) add = NULL;
  g_autoptr(GSubprocess) last = NULL;
  g_autofree char *input = g_strdup_printf ("%s\n", cr_test_dovecot_get_password (dovecot));
  CrStore *store;

  g_assert_true (cr_test_dovecot_doveadm (dovecot, NULL, &error, "mailbox", "create", "-s", "-u",
                                          cr_test_dovecot_get_user (dovecot), "Gros", NULL));
  g_assert_no_error (error);
  g_assert_true (cr_test_dovecot_seed (dovecot, "Gros", 2000, &error));
  g_assert_no_error (error);

  add = spawn_cli ("account", "add", "--id", "kill", "--name", "Zoé Martin",
                   "--address", cr_test_dovecot_get_user (dovecot),
                   "--incoming", "imap", "--in-host", "127.0.0.1", "--in-port", port,
                   "--in-security", "tls", "--out-host", "127.0.0.1", "--out-port", "465",
                   "--out-security", "tls", NULL);
  g_assert_cmpint (run_to_end (add, NULL), ==, 0);

  for (guint i = 0; i < LOOPS; i++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      /* From before the first command to the middle of the headers. */
      guint delay_ms = g_test_rand_int_range (0, 600);

      g_assert_true (cr_test_dovecot_seed (dovecot, i % 2 == 0 ? "Gros" : "INBOX", 3000, &error));
      g_assert_no_error (error);

      proc = spawn_cli ("sync", "kill", "--password-stdin", NULL);
      write_password (proc);
      g_usleep (delay_ms * 1000);
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("loop %u: killed after %u ms (%s)", i, delay_ms,
                      g_subprocess_get_if_signaled (proc) ? "killed" : "had finished");

      store = open_store ();
      g_assert_true (cr_store_check_integrity (store, &error));
      g_assert_no_error (error);
      close_store (store);
    }

  last = spawn_cli ("sync", "kill", "--password-stdin", NULL);
  g_assert_cmpint (run_to_end (last, input), ==, 0);

  store = open_store ();
  g_assert_true (cr_store_check_integrity (store, &error));
  g_assert_no_error (error);
  assert_store_matches (store, "Gros");
  assert_store_matches (store, "INBOX");
  close_store (store);
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

  g_test_add_func ("/imap-kill/loop", test_kill_loop);
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
