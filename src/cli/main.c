/* main.c — courrier-cli: set up gettext, read the global options, run a
 * command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cr-cli.h"
#include "cr-cli-commands.h"

/* For tests and private certificate authorities: a PEM file of CAs that
 * replaces the system's. Certificate exceptions still apply. */
#define CA_FILE_VARIABLE "COURRIER_TLS_CA_FILE"

static const CrCliCommand commands[] = {
  { "account", N_("Add, list and remove accounts"), cr_cli_account },
  { "check", N_("Log in to an account’s servers to test them"), cr_cli_check },
  { "folder", N_("Create, rename and delete an IMAP account’s folders"), cr_cli_folder },
  { "folders", N_("List an account’s folders"), cr_cli_folders },
  { "list", N_("List the messages of a folder, newest first"), cr_cli_list },
  { "search", N_("Search the messages of one account or of all"), cr_cli_search },
  { "send", N_("Send a message, by way of the outbox, with a copy in Envoyés"), cr_cli_send },
  { "show", N_("Show a message: headers, attachments and text"), cr_cli_show },
  { "sync", N_("Download new mail and bring the local store up to date"), cr_cli_sync },
  { "trust", N_("Trust a server certificate you have checked"), cr_cli_trust },
};

static gboolean
make_context (CrCli       *cli,
              const char  *config_dir,
              const char  *data_dir,
              const char  *cache_dir,
              GError     **error)
{
  g_autoptr(CrPaths) paths = cr_paths_new (config_dir, data_dir, cache_dir);
  g_autoptr(CrContext) context = cr_context_new (paths);
  const char *ca_file = g_getenv (CA_FILE_VARIABLE);
  const GError *problem;

  if (ca_file != NULL && *ca_file != '\0')
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, error);

      if (database == NULL)
        {
          /* Translators: %s is an environment variable */
          g_prefix_error (error, _("%s is not a usable file of certificates: "), CA_FILE_VARIABLE);
          return FALSE;
        }
      cr_context_set_tls_database (context, database);
    }

  /* Accounts that could not be read are reported, and the rest go on. */
  cr_context_load (context);
  if ((problem = cr_context_get_load_problem (context)) != NULL)
    g_printerr ("%s: %s\n", g_get_prgname (), problem->message);

  cr_cli_set_context (cli, context);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CrCli) cli = NULL;
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *description = NULL;
  const GOptionEntry entries[] = {
    { "config-dir", 0, 0, G_OPTION_ARG_FILENAME, &config_dir, N_("Keep accounts and certificate exceptions in DIR"), N_("DIR") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Keep the mail store in DIR"), N_("DIR") },
    { "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &cache_dir, N_("Keep cached messages in DIR"), N_("DIR") },
    { NULL }
  };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("courrier-cli");

  cli = cr_cli_new ();
  options = cr_cli_option_context_new (cli, NULL, N_("COMMAND [ARGUMENT…]"),
                                       N_("Courrier without a window: accounts, certificates "
                                          "and mail, for scripts and tests."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  description = cr_cli_describe_commands (commands, G_N_ELEMENTS (commands));
  g_option_context_set_description (options, description);
  /* The global options come before the command; the rest is its own. */
  g_option_context_set_strict_posix (options, TRUE);
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;

  if (!make_context (cli, config_dir, data_dir, cache_dir, &error))
    return cr_cli_report_error (error);

  return cr_cli_dispatch (cli, NULL, commands, G_N_ELEMENTS (commands), argc, argv);
}
