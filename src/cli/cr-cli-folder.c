/* cr-cli-folder.c — courrier-cli folder create|rename|delete
 *
 * Changes an IMAP account's folders on the server, then in the local
 * store (the same jobs as the window's sidebar menu). Folders are named
 * as `folders` prints them (or by role, or by their server path), so run
 * `sync` once first. A new or renamed folder's path is printed, in UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-cli-commands.h"
#include "cr-cli-imap.h"
#include "cr-cli-messages.h"
#include "cr-mutf7.h"

typedef struct
{
  CrStore    *store;
  const char *account_id;
  char       *path;      /* the folder (rename, delete) or the parent (create) */
  const char *name;      /* the new name (create, rename) */
} FolderJob;

static void
folder_job_clear (FolderJob *job)
{
  g_clear_pointer (&job->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FolderJob, folder_job_clear)

static GOptionContext *
folder_options (CrCli      *cli,
                const char *command,
                const char *parameters,
                const char *description,
                gboolean   *password_stdin,
                char      **parent)
{
  GOptionContext *options = cr_cli_option_context_new (cli, command, parameters, description);
  const GOptionEntry entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, password_stdin,
      N_("Read the password from the first line of standard input instead of the keyring; "
         "it is not kept"), NULL },
    { NULL }
  };
  const GOptionEntry parent_entries[] = {
    { "parent", 0, 0, G_OPTION_ARG_STRING, parent,
      N_("Create the folder inside PATH (as “folders” prints it)"), N_("PATH") },
    { NULL }
  };

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (parent != NULL)
    g_option_context_add_main_entries (options, parent_entries, GETTEXT_PACKAGE);

  return options;
}

/* The account, the store and (when @folder_name is given) the folder's
 * server path. */
static gboolean
resolve (CrCli       *cli,
         FolderJob   *job,
         const char  *account_id,
         const char  *folder_name,
         CrAccount  **out_account,
         GError     **error)
{
  g_autoptr(CrFolderInfo) folder = NULL;

  if ((*out_account = cr_cli_lookup_account (cli, account_id, error)) == NULL)
    return FALSE;
  if ((job->store = cr_context_get_store (cr_cli_get_context (cli), error)) == NULL)
    return FALSE;
  job->account_id = account_id;
  if (folder_name == NULL)
    return TRUE;

  if ((folder = cr_cli_lookup_folder (job->store, account_id, folder_name, error)) == NULL)
    return FALSE;
  job->path = g_strdup (folder->path);

  return TRUE;
}

/* Prints the folder at @path as `folders` does, or the path decoded. */
static void
print_path (FolderJob  *job,
            const char *path)
{
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (job->store, job->account_id, path, NULL);
  g_autofree char *shown = folder != NULL ? cr_cli_folder_display_path (folder) : cr_mutf7_decode (path);

  g_print ("%s\n", shown != NULL ? shown : path);
}

/* create ---------------------------------------------------------------- */

static void
create_start (CrImapSync          *sync,
              GAsyncReadyCallback  done,
              gpointer             done_data,
              gpointer             user_data)
{
  FolderJob *job = user_data;

  cr_imap_sync_create_folder_async (sync, job->path, job->name, NULL, done, done_data);
}

static int
create_finish (CrImapSync   *sync,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cr_imap_sync_create_folder_finish (sync, result, &error);

  if (path == NULL)
    return cr_cli_report_error (error);
  print_path (user_data, path);

  return CR_CLI_EXIT_OK;
}

/* rename ---------------------------------------------------------------- */

static void
rename_start (CrImapSync          *sync,
              GAsyncReadyCallback  done,
              gpointer             done_data,
              gpointer             user_data)
{
  FolderJob *job = user_data;

  cr_imap_sync_rename_folder_async (sync, job->path, job->name, NULL, done, done_data);
}

static int
rename_finish (CrImapSync   *sync,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cr_imap_sync_rename_folder_finish (sync, result, &error);

  if (path == NULL)
    return cr_cli_report_error (error);
  print_path (user_data, path);

  return CR_CLI_EXIT_OK;
}

/* delete ---------------------------------------------------------------- */

static void
delete_start (CrImapSync          *sync,
              GAsyncReadyCallback  done,
              gpointer             done_data,
              gpointer             user_data)
{
  FolderJob *job = user_data;

  cr_imap_sync_delete_folder_async (sync, job->path, NULL, done, done_data);
}

static int
delete_finish (CrImapSync   *sync,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!cr_imap_sync_delete_folder_finish (sync, result, &error))
    return cr_cli_report_error (error);

  return CR_CLI_EXIT_OK;
}

/* What tells the three commands apart; the rest is the same. */
typedef struct
{
  const char      *command;
  const char      *parameters;
  const char      *description;
  const char      *usage;        /* the usage error, for a wrong count */
  int              argc;         /* with the command's own name */
  int              folder_arg;   /* the folder's operand, or 0: the --parent option */
  int              name_arg;     /* the new name's operand, or 0: none */
  CrCliImapStart   start;
  CrCliImapFinish  finish;
} FolderCommand;

static const FolderCommand create_command = {
  "folder create", N_("ID NAME"),
  N_("Creates a folder on the IMAP server and subscribes to it."),
  N_("Give an account’s identifier and the new folder’s name."),
  3, 0, 2, create_start, create_finish,
};

static const FolderCommand rename_command = {
  "folder rename", N_("ID PATH NEW-NAME"),
  N_("Renames a folder on the IMAP server; it stays where it is. "
     "Special folders cannot be renamed."),
  N_("Give an account’s identifier, a folder and its new name."),
  4, 2, 3, rename_start, rename_finish,
};

static const FolderCommand delete_command = {
  "folder delete", N_("ID PATH"),
  N_("Deletes a folder, its subfolders and their messages on the IMAP "
     "server, without asking. Special folders cannot be deleted."),
  N_("Give an account’s identifier and a folder."),
  3, 2, 0, delete_start, delete_finish,
};

/* Parses the command line, finds the account and the folder, runs the
 * job online. Returns the exit status. */
static int
folder_run (CrCli               *cli,
            const FolderCommand *command,
            int                  argc,
            char               **argv)
{
  g_auto(FolderJob) job = { 0 };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(CrAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = NULL;
  gboolean password_stdin = FALSE;
  const char *folder;
  int status;

  options = folder_options (cli, command->command, command->parameters, command->description,
                            &password_stdin, command->folder_arg == 0 ? &parent : NULL);
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc != command->argc)
    return cr_cli_usage_error (cli, _(command->usage));

  folder = command->folder_arg != 0 ? argv[command->folder_arg] : parent;
  if (!resolve (cli, &job, argv[1], folder, &account, &error))
    return cr_cli_report_error (error);
  if (command->name_arg != 0)
    job.name = argv[command->name_arg];

  return cr_cli_imap_run (cli, account, password_stdin, command->start, command->finish, &job);
}

static int
folder_create (CrCli  *cli,
               int     argc,
               char  **argv)
{
  return folder_run (cli, &create_command, argc, argv);
}

static int
folder_rename (CrCli  *cli,
               int     argc,
               char  **argv)
{
  return folder_run (cli, &rename_command, argc, argv);
}

static int
folder_delete (CrCli  *cli,
               int     argc,
               char  **argv)
{
  return folder_run (cli, &delete_command, argc, argv);
}

static const CrCliCommand folder_commands[] = {
  { "create", N_("Create a folder"), folder_create },
  { "rename", N_("Rename a folder"), folder_rename },
  { "delete", N_("Delete a folder and its messages"), folder_delete },
};

int
cr_cli_folder (CrCli  *cli,
               int     argc,
               char  **argv)
{
  return cr_cli_dispatch (cli, "folder", folder_commands, G_N_ELEMENTS (folder_commands), argc, argv);
}
