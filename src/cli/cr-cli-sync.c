/* cr-cli-sync.c — courrier-cli sync [ID]
 *
 * Brings the store up to date with one account, or with every account
 * in turn: a POP3 account downloads its new mail (CrPop3Sync, with the
 * account's options for deleting on the server), an IMAP account syncs
 * its folders (CrImapSync). Accounts are done one after the other; the
 * exit status is the first failure's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-cli.h"
#include "cr-cli-commands.h"
#include "cr-imap-sync.h"
#include "cr-net-error.h"
#include "cr-pop3-sync.h"

typedef struct
{
  CrCli       *cli;
  CrStore     *store;     /* the context's */
  GPtrArray   *accounts;  /* (element-type CrAccount) */
  guint        next;
  CrPassword  *password;  /* from standard input, or NULL: the keyring's */
  gboolean     json;
  GObject     *sync;      /* CrPop3Sync or CrImapSync of the account under way */
  JsonBuilder *results;
  int          status;    /* the first failure's */
} SyncRun;

static void sync_next (SyncRun *run);

static void
sync_run_clear (SyncRun *run)
{
  g_clear_pointer (&run->accounts, g_ptr_array_unref);
  g_clear_pointer (&run->password, cr_password_free);
  g_clear_object (&run->sync);
  g_clear_object (&run->results);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SyncRun, sync_run_clear)

static CrAccount *
current_account (SyncRun *run)
{
  return g_ptr_array_index (run->accounts, run->next);
}

static void
record (SyncRun      *run,
        const GError *error,
        guint         downloaded)
{
  CrAccount *account = current_account (run);
  gboolean pop3 = CR_IS_POP3_SYNC (run->sync);

  json_builder_begin_object (run->results);
  json_builder_set_member_name (run->results, "account");
  json_builder_add_string_value (run->results, cr_account_get_id (account));
  json_builder_set_member_name (run->results, "ok");
  json_builder_add_boolean_value (run->results, error == NULL);

  if (error == NULL)
    {
      if (pop3)
        {
          json_builder_set_member_name (run->results, "downloaded");
          json_builder_add_int_value (run->results, downloaded);
        }
      if (!run->json && pop3)
        /* Translators: %s is an account identifier */
        g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %u new message.\n", "%s: %u new messages.\n",
                              downloaded),
                 cr_account_get_id (account), downloaded);
      else if (!run->json)
        /* Translators: %s is an account identifier */
        g_print (_("%s: up to date.\n"), cr_account_get_id (account));
    }
  else
    {
      g_autoptr(CrCertificateInfo) certificate = NULL;
      int status = cr_cli_exit_status (error);

      if (run->status == CR_CLI_EXIT_OK)
        run->status = status;
      g_printerr ("%s: %s\n", cr_account_get_id (account), error->message);
      if (pop3 && g_error_matches (error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED))
        certificate = cr_pop3_sync_dup_certificate_info (CR_POP3_SYNC (run->sync));
      if (certificate != NULL)
        cr_cli_print_certificate (certificate);

      json_builder_set_member_name (run->results, "status");
      json_builder_add_int_value (run->results, status);
      json_builder_set_member_name (run->results, "error");
      json_builder_add_string_value (run->results, error->message);
      if (certificate != NULL)
        {
          json_builder_set_member_name (run->results, "certificate");
          json_builder_add_value (run->results, cr_cli_certificate_to_json (certificate));
        }
    }
  json_builder_end_object (run->results);
}

static void
account_done (SyncRun      *run,
              const GError *error,
              guint         downloaded)
{
  record (run, error, downloaded);
  if (CR_IS_IMAP_SYNC (run->sync))
    cr_imap_sync_shutdown (CR_IMAP_SYNC (run->sync));
  g_clear_object (&run->sync);
  run->next++;
  sync_next (run);
}

static void
on_pop3_checked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint downloaded = 0;

  cr_pop3_sync_check_finish (CR_POP3_SYNC (source), result, &downloaded, &error);
  account_done (user_data, error, downloaded);
}

static void
on_imap_synced (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  cr_imap_sync_sync_finish (CR_IMAP_SYNC (source), result, &error);
  account_done (user_data, error, 0);
}

/* The one place that tells the two protocols apart. */
static void
start_account (SyncRun    *run,
               const char *password)
{
  CrContext *context = cr_cli_get_context (run->cli);
  CrAccount *account = current_account (run);
  CrCertificateStore *certificates = cr_context_get_certificate_store (context);
  GTlsDatabase *database = cr_context_get_tls_database (context);

  if (cr_server_get_protocol (cr_account_get_incoming (account)) == CR_PROTOCOL_POP3)
    {
      CrPop3Sync *sync = cr_pop3_sync_new (account, run->store, certificates, database);

      run->sync = G_OBJECT (sync);
      cr_pop3_sync_set_password (sync, password);
      cr_pop3_sync_check_async (sync, NULL, on_pop3_checked, run);
    }
  else
    {
      CrImapSync *sync = cr_imap_sync_new (account, run->store, certificates, database);

      run->sync = G_OBJECT (sync);
      cr_imap_sync_set_password (sync, password);
      cr_imap_sync_sync_async (sync, NULL, on_imap_synced, run);
    }
}

static void
on_password (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SyncRun *run = user_data;
  g_autoptr(CrPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  password = cr_secrets_lookup_finish (CR_SECRETS (source), result, &error);
  if (password != NULL)
    {
      start_account (run, password);
      return;
    }

  if (error == NULL)
    g_set_error (&error, CR_CLI_ERROR, CR_CLI_ERROR_NO_PASSWORD,
                 /* Translators: keep --password-stdin as is */
                 _("No password is stored for this server: give it with --password-stdin."));
  record (run, error, 0);
  run->next++;
  sync_next (run);
}

static void
finish (SyncRun *run)
{
  if (run->json)
    {
      g_autoptr(JsonNode) node = NULL;

      json_builder_end_array (run->results);
      node = json_builder_get_root (run->results);
      cr_cli_print_json (node);
    }

  cr_cli_quit (run->cli, run->status);
}

static void
sync_next (SyncRun *run)
{
  CrContext *context = cr_cli_get_context (run->cli);
  CrAccount *account;

  if (run->next == run->accounts->len)
    {
      finish (run);
      return;
    }

  account = current_account (run);
  if (run->password != NULL)
    {
      start_account (run, run->password);
      return;
    }

  cr_secrets_lookup_async (cr_context_get_secrets (context), account,
                           cr_account_get_incoming (account), NULL, on_password, run);
}

static GPtrArray *
all_accounts (CrCli *cli)
{
  GListModel *model = G_LIST_MODEL (cr_context_get_account_manager (cr_cli_get_context (cli)));
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (accounts, g_list_model_get_item (model, i));

  return accounts;
}

int
cr_cli_sync (CrCli  *cli,
             int     argc,
             char  **argv)
{
  g_auto(SyncRun) run = { 0 };
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the first line of standard input instead of the keyring; "
         "it is not kept"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &run.json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  options = cr_cli_option_context_new (cli, "sync", N_("[ID]"),
                                       N_("Brings the local store up to date with an account, or "
                                          "with every account: new mail is downloaded (POP3) or "
                                          "the folders are synchronised (IMAP)."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc > 2)
    return cr_cli_usage_error (cli, _("Give the identifier of one account, or none for all."));

  if (argc == 2)
    {
      CrAccount *account = cr_cli_lookup_account (cli, argv[1], &error);

      if (account == NULL)
        return cr_cli_report_error (error);
      run.accounts = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (run.accounts, account);
    }
  else
    run.accounts = all_accounts (cli);

  if (password_stdin && !(run.password = cr_cli_read_password (&error)))
    return cr_cli_report_error (error);
  if (!(run.store = cr_context_get_store (cr_cli_get_context (cli), &error)))
    return cr_cli_report_error (error);

  run.cli = cli;
  run.results = json_builder_new ();
  json_builder_begin_array (run.results);
  sync_next (&run);

  return cr_cli_run (cli);
}
