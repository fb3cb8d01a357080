/* cr-cli-list.c — courrier-cli list ID FOLDER and search [ID] QUERY
 *
 * Both read the local store (run `sync` first) and print messages
 * newest first, each with the identifier `show` takes. search --server
 * asks an IMAP server instead, for what the store does not have.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-cli-commands.h"
#include "cr-cli-imap.h"
#include "cr-cli-messages.h"

#define DEFAULT_LIMIT 50

typedef struct
{
  const char *query;
  guint       limit;
  gboolean    json;
} ServerSearch;

static void
server_search_start (CrImapSync          *sync,
                     GAsyncReadyCallback  done,
                     gpointer             done_data,
                     gpointer             user_data)
{
  ServerSearch *search = user_data;

  cr_imap_sync_search_server_async (sync, NULL, search->query, NULL, done, done_data);
}

static int
server_search_finish (CrImapSync   *sync,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ServerSearch *search = user_data;
  CrStore *store = cr_imap_sync_get_store (sync);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) infos = NULL;

  if ((ids = cr_imap_sync_search_server_finish (sync, result, &error)) == NULL)
    return cr_cli_report_error (error);
  if (search->limit > 0 && ids->len > search->limit)
    g_array_set_size (ids, search->limit);
  if ((infos = cr_store_get_messages (store, (const gint64 *) (gpointer) ids->data, ids->len, &error)) == NULL)
    return cr_cli_report_error (error);

  cr_cli_print_messages (store, infos, search->json);
  return CR_CLI_EXIT_OK;
}

int
cr_cli_list (CrCli  *cli,
             int     argc,
             char  **argv)
{
  gboolean json = FALSE;
  int limit = DEFAULT_LIMIT;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Print at most N messages (0: all; 50 by default)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrAccount) account = NULL;
  g_autoptr(CrFolderInfo) folder = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  CrMessageQuery query = { 0, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };
  CrStore *store;
  int status;

  options = cr_cli_option_context_new (cli, "list", N_("ID FOLDER"),
                                       N_("Lists the messages of a folder, newest first. FOLDER is "
                                          "the folder’s path or a role: inbox, sent, drafts, trash, "
                                          "junk, archive."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return cr_cli_usage_error (cli, _("Give the identifier of one account and a folder."));
  if (limit < 0)
    return cr_cli_usage_error (cli, _("The limit cannot be negative."));

  if ((account = cr_cli_lookup_account (cli, argv[1], &error)) == NULL ||
      (store = cr_context_get_store (cr_cli_get_context (cli), &error)) == NULL ||
      (folder = cr_cli_lookup_folder (store, argv[1], argv[2], &error)) == NULL)
    return cr_cli_report_error (error);

  query.folder_id = folder->id;
  infos = cr_store_list_messages (store, &query, 0, limit > 0 ? (guint) limit : G_MAXUINT, &error);
  if (infos == NULL)
    return cr_cli_report_error (error);

  cr_cli_print_messages (store, infos, json);
  return CR_CLI_EXIT_OK;
}

int
cr_cli_search (CrCli  *cli,
               int     argc,
               char  **argv)
{
  gboolean json = FALSE;
  gboolean server = FALSE;
  gboolean password_stdin = FALSE;
  int limit = DEFAULT_LIMIT;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Print at most N messages (0: all; 50 by default)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "server", 0, 0, G_OPTION_ARG_NONE, &server,
      N_("Search on the IMAP server too, in every folder, and keep what it finds"), NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("With --server: read the password from the first line of standard input instead of "
         "the keyring; it is not kept"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrAccount) account = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  const char *account_id = NULL;
  CrStore *store;
  int status;

  options = cr_cli_option_context_new (cli, "search", N_("[ID] QUERY"),
                                       N_("Searches the messages of one account, or of all, newest "
                                          "first. Accents and case do not matter; from:, to:, "
                                          "subject:, has:attachment, is:unread, is:read and "
                                          "is:flagged narrow the search; quote a phrase."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc != 2 && argc != 3)
    return cr_cli_usage_error (cli, _("Give a query, after an account’s identifier or alone."));
  if (limit < 0)
    return cr_cli_usage_error (cli, _("The limit cannot be negative."));
  if (server && argc != 3)
    return cr_cli_usage_error (cli, _("A search on the server needs an account’s identifier."));

  if (argc == 3)
    {
      account_id = argv[1];
      if ((account = cr_cli_lookup_account (cli, account_id, &error)) == NULL)
        return cr_cli_report_error (error);
    }
  if (server)
    {
      ServerSearch search = { argv[2], (guint) limit, json };

      return cr_cli_imap_run (cli, account, password_stdin, server_search_start, server_search_finish, &search);
    }
  if ((store = cr_context_get_store (cr_cli_get_context (cli), &error)) == NULL ||
      (ids = cr_store_search (store, account_id, 0, argv[argc - 1], (guint) limit, &error)) == NULL ||
      (infos = cr_store_get_messages (store, (const gint64 *) (gpointer) ids->data, ids->len, &error)) == NULL)
    return cr_cli_report_error (error);

  cr_cli_print_messages (store, infos, json);
  return CR_CLI_EXIT_OK;
}
