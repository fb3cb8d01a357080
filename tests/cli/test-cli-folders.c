/* test-cli-folders.c — courrier-cli folder create|rename|delete, search --server
 *
 * courrier-cli, run as a script would, against the private Dovecot
 * (IMAPS): a folder with an accented name created (inside another one
 * too), renamed and deleted, each checked on the server with doveadm and
 * in `folders`; refusals with their exit status (a name that exists,
 * a special folder, bad usage, a POP3 account); and search --server
 * finding a message delivered after the last sync, by a French word.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-test-cli.h"
#include "cr-test-env.h"

static CrTestCli cli;

static gboolean
server_has (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (cr_test_dovecot_doveadm (cli.dovecot, &out, &error, "mailbox", "list", "-u",
                                          cr_test_dovecot_get_user (cli.dovecot), NULL));
  g_assert_no_error (error);
  lines = g_strsplit (out, "\n", -1);

  return g_strv_contains ((const char * const *) lines, name);
}

static const char late[] =
  "From: =?UTF-8?Q?=C3=89lodie?= Martin <elodie@example.test>\r\n"
  "To: test@example.test\r\n"
  "Subject: =?UTF-8?Q?Pr=C3=A9visions?=\r\n"
  "Date: Tue, 03 Mar 2026 09:00:00 +0100\r\n"
  "Message-ID: <late@example.test>\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: text/plain; charset=utf-8\r\n"
  "Content-Transfer-Encoding: 8bit\r\n"
  "\r\n"
  "Les chiffres du trimestre sont arrivés : très encourageants.\r\n";

static void
test_folders (void)
{
  g_autofree char *input = g_strdup_printf ("%s\n", cr_test_dovecot_get_password (cli.dovecot));
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (cr_test_cli_add_account (&cli, "bureau", "Zoé Martin", CR_TEST_IMAPS), ==, 0);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, NULL, NULL, "sync", "bureau", "--password-stdin", NULL), ==, 0);

  /* create, at the top and inside */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, &out, NULL, "folder", "create", "bureau", "Réunions",
                            "--password-stdin", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Réunions\n");
  g_clear_pointer (&out, g_free);
  g_assert_true (server_has ("Réunions"));
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, &out, NULL, "folder", "create", "bureau", "Été",
                            "--parent", "Réunions", "--password-stdin", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Réunions/Été\n");
  g_clear_pointer (&out, g_free);
  g_assert_true (server_has ("Réunions/Été"));
  /* The store knows them without another sync. */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "folders", "bureau", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Réunions\tnone\t0\t0\n"));
  g_assert_nonnull (strstr (out, "Réunions/Été\tnone\t0\t0\n"));
  g_clear_pointer (&out, g_free);

  /* rename, with the subfolder */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, &out, NULL, "folder", "rename", "bureau", "Réunions",
                            "Comités", "--password-stdin", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Comités\n");
  g_clear_pointer (&out, g_free);
  g_assert_false (server_has ("Réunions"));
  g_assert_true (server_has ("Comités/Été"));
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "folders", "bureau", NULL), ==, 0);
  g_assert_null (strstr (out, "Réunions"));
  g_assert_nonnull (strstr (out, "Comités/Été\tnone"));
  g_clear_pointer (&out, g_free);

  /* refusals: a name that exists (the server's words), special folders */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, NULL, &err, "folder", "create", "bureau", "Comités",
                            "--password-stdin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "The folder “Comités” could not be created: "));
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, NULL, &err, "folder", "delete", "bureau", "trash",
                            "--password-stdin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "special folder"));
  g_clear_pointer (&err, g_free);
  g_assert_true (server_has ("Trash"));
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, NULL, &err, "folder", "rename", "bureau", "Nulle part", "X",
                            "--password-stdin", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "folder", "rename", "bureau", "Comités", NULL), ==, 2);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, NULL, "folder", "frobnicate", NULL), ==, 2);

  /* delete, with the subfolder */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, &out, NULL, "folder", "delete", "bureau", "Comités",
                            "--password-stdin", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_assert_false (server_has ("Comités"));
  g_assert_false (server_has ("Comités/Été"));
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "folders", "bureau", NULL), ==, 0);
  g_assert_null (strstr (out, "Comités"));
  g_clear_pointer (&out, g_free);
}

static void
test_server_search (void)
{
  g_autofree char *input = g_strdup_printf ("%s\n", cr_test_dovecot_get_password (cli.dovecot));
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;

  /* After the last sync: only the server has it. */
  g_assert_true (cr_test_dovecot_deliver (cli.dovecot, "INBOX", late, strlen (late), &error));
  g_assert_no_error (error);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "search", "bureau", "encourageants", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, input, &out, NULL, "search", "--server", "--password-stdin",
                            "bureau", "très encourageants", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\tÉlodie Martin\tPrévisions\n"));
  g_clear_pointer (&out, g_free);
  /* Kept: the local search finds it now. */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, &out, NULL, "search", "bureau", "encourageants", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Prévisions"));
  g_clear_pointer (&out, g_free);

  /* The server needs an account. */
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, NULL, NULL, &err, "search", "--server", "encourageants", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
}

static void
test_pop3_account (void)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (cr_test_cli_add_account (&cli, "maison", "Zoé", CR_TEST_POP3S), ==, 0);
  g_assert_cmpint (cr_test_cli_run (&cli, TRUE, "x\n", NULL, &err, "folder", "create", "maison", "Réunions",
                            "--password-stdin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not an IMAP account"));
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

  /* In this order: the search uses the account the first one adds. */
  g_test_add_func ("/cli-folders/create-rename-delete", test_folders);
  g_test_add_func ("/cli-folders/search-server", test_server_search);
  g_test_add_func ("/cli-folders/pop3", test_pop3_account);
  ret = g_test_run ();

  cr_test_cli_stop (&cli);
  cr_test_env_teardown (env_dir);

  return ret;
}
