/* cr-cli-imap.c — one online IMAP operation for a courrier-cli command
 *
 * Folder changes and the server search need the server: the account's
 * CrImapSync is made for this run, given the password (standard input
 * or the keyring), runs the one operation, and is shut down.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-cli-imap.h"

typedef struct
{
  CrCli           *cli;
  CrAccount       *account;
  CrImapSync      *sync;
  CrCliImapStart   start;
  CrCliImapFinish  finish;
  gpointer         user_data;
} ImapRun;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  ImapRun *run = data;
  int status = run->finish (run->sync, result, run->user_data);

  cr_imap_sync_shutdown (run->sync);
  cr_cli_quit (run->cli, status);
}

static void
start (ImapRun    *run,
       const char *password)
{
  CrContext *context = cr_cli_get_context (run->cli);
  g_autoptr(GError) error = NULL;
  CrStore *store;

  if ((store = cr_context_get_store (context, &error)) == NULL)
    {
      cr_cli_quit (run->cli, cr_cli_report_error (error));
      return;
    }

  run->sync = cr_imap_sync_new (run->account, store, cr_context_get_certificate_store (context),
                                cr_context_get_tls_database (context));
  cr_imap_sync_set_password (run->sync, password);
  run->start (run->sync, on_done, run, run->user_data);
}

static void
on_password (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  ImapRun *run = data;
  g_autoptr(CrPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  password = cr_secrets_lookup_finish (CR_SECRETS (source), result, &error);
  if (password != NULL)
    {
      start (run, password);
      return;
    }

  if (error == NULL)
    g_set_error (&error, CR_CLI_ERROR, CR_CLI_ERROR_NO_PASSWORD,
                 /* Translators: keep --password-stdin as is */
                 _("No password is stored for this server: give it with --password-stdin."));
  cr_cli_quit (run->cli, cr_cli_report_error (error));
}

int
cr_cli_imap_run (CrCli           *cli,
                 CrAccount       *account,
                 gboolean         password_stdin,
                 CrCliImapStart   start_func,
                 CrCliImapFinish  finish_func,
                 gpointer         user_data)
{
  ImapRun run = { cli, account, NULL, start_func, finish_func, user_data };
  g_autoptr(CrPassword) password = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (cr_server_get_protocol (cr_account_get_incoming (account)) != CR_PROTOCOL_IMAP)
    {
      g_printerr ("%s: ", g_get_prgname ());
      /* Translators: %s is an account identifier */
      g_printerr (_("“%s” is not an IMAP account: only IMAP servers keep folders and search."),
                  cr_account_get_id (account));
      g_printerr ("\n");
      return CR_CLI_EXIT_FAILED;
    }

  if (password_stdin)
    {
      if ((password = cr_cli_read_password (&error)) == NULL)
        return cr_cli_report_error (error);
      start (&run, password);
    }
  else
    cr_secrets_lookup_async (cr_context_get_secrets (cr_cli_get_context (cli)), account,
                             cr_account_get_incoming (account), NULL, on_password, &run);

  status = cr_cli_run (cli);
  g_clear_object (&run.sync);

  return status;
}
