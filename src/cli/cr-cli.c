/* cr-cli.c — what every courrier-cli command shares
 *
 * Option parsing with --help handled here rather than by GLib (which calls
 * exit() in the middle of the command), the exit statuses, error and
 * certificate printing, JSON output, and the password read from standard
 * input. Commands run their asynchronous steps on one GMainLoop: each
 * callback starts the next step, the last one calls cr_cli_quit().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "cr-account-validate.h"
#include "cr-cli.h"
#include "cr-net-error.h"

/* Longer is not a password someone types. */
#define PASSWORD_MAX 4096

struct _CrCli
{
  CrContext *context;
  GMainLoop *loop;
  char      *command;
  int        status;
  gboolean   done;
  gboolean   help;
};

G_DEFINE_QUARK (cr-cli-error-quark, cr_cli_error)

CrCli *
cr_cli_new (void)
{
  CrCli *cli = g_new0 (CrCli, 1);

  cli->loop = g_main_loop_new (NULL, FALSE);

  return cli;
}

void
cr_cli_free (CrCli *cli)
{
  g_clear_object (&cli->context);
  g_clear_pointer (&cli->loop, g_main_loop_unref);
  g_clear_pointer (&cli->command, g_free);
  g_free (cli);
}

CrContext *
cr_cli_get_context (CrCli *cli)
{
  return cli->context;
}

/* Set once the global options said where the files are. */
void
cr_cli_set_context (CrCli     *cli,
                    CrContext *context)
{
  g_set_object (&cli->context, context);
}

/**
 * cr_cli_describe_commands:
 *
 * Returns: (transfer full): one line per command with its summary, for
 *   the help
 */
char *
cr_cli_describe_commands (const CrCliCommand *commands,
                          guint               n_commands)
{
  GString *text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < n_commands; i++)
    g_string_append_printf (text, "  %-12s %s\n", commands[i].name, _(commands[i].summary));

  return g_string_free (text, FALSE);
}

static const CrCliCommand *
find_command (const CrCliCommand *commands,
              guint               n_commands,
              const char         *name)
{
  for (guint i = 0; i < n_commands; i++)
    {
      if (g_strcmp0 (commands[i].name, name) == 0)
        return &commands[i];
    }

  return NULL;
}

/**
 * cr_cli_dispatch:
 * @group: (nullable): the command whose sub-commands are @commands, or
 *   %NULL for the commands themselves
 * @argv: the group's name (or the program's), then the command
 *
 * Runs the command named by @argv[1] with the arguments that follow it.
 *
 * Returns: the exit status
 */
int
cr_cli_dispatch (CrCli               *cli,
                 const char          *group,
                 const CrCliCommand  *commands,
                 guint                n_commands,
                 int                  argc,
                 char               **argv)
{
  const CrCliCommand *command;

  g_free (cli->command);
  cli->command = g_strdup (group);

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_autofree char *list = cr_cli_describe_commands (commands, n_commands);
      g_autofree char *program = group != NULL
        ? g_strdup_printf ("%s %s", g_get_prgname (), group)
        : g_strdup (g_get_prgname ());

      /* Translators: %s is the program and command, like “courrier-cli account” */
      g_print (_("Usage:\n  %s COMMAND [OPTION…]\n\n"), program);
      g_print ("%s", list);
      return CR_CLI_EXIT_OK;
    }

  if (argc < 2)
    return cr_cli_usage_error (cli, _("A command is missing."));

  if (!(command = find_command (commands, n_commands, argv[1])))
    {
      /* Translators: %s is what was typed as a command */
      g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[1]);

      return cr_cli_usage_error (cli, message);
    }

  return command->run (cli, argc - 1, argv + 1);
}

/**
 * cr_cli_option_context_new:
 * @command: (nullable): the command words, e.g. "account add"
 * @parameters: (nullable): N_() what follows the options, e.g. "ID"
 * @description: N_() one sentence shown under the usage line
 *
 * Help is not enabled here: cr_cli_parse() adds its own --help. Usage
 * errors from then on point to this command's help.
 */
GOptionContext *
cr_cli_option_context_new (CrCli      *cli,
                           const char *command,
                           const char *parameters,
                           const char *description)
{
  g_autofree char *usage = NULL;
  GOptionContext *options;

  g_free (cli->command);
  cli->command = g_strdup (command);

  if (command != NULL && parameters != NULL)
    usage = g_strdup_printf ("%s %s", command, _(parameters));
  else if (command != NULL)
    usage = g_strdup (command);
  else if (parameters != NULL)
    usage = g_strdup (_(parameters));

  options = g_option_context_new (usage);
  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);
  g_option_context_set_summary (options, description);
  g_option_context_set_help_enabled (options, FALSE);
  /* Options of a command come before or after its arguments; the
   * global options were taken before the command name. */
  g_option_context_set_strict_posix (options, FALSE);

  return options;
}

/**
 * cr_cli_parse:
 * @out_status: (out): how the command must end when %FALSE is returned
 *
 * Returns: %TRUE to go on; %FALSE after --help (status 0) or a usage
 *   error (status 2), both already printed
 */
gboolean
cr_cli_parse (CrCli            *cli,
              GOptionContext   *options,
              int              *argc,
              char           ***argv,
              int              *out_status)
{
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &cli->help, N_("Show this help"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;

  cli->help = FALSE;
  g_option_context_add_main_entries (options, help_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (options, argc, argv, &error))
    {
      *out_status = cr_cli_usage_error (cli, error->message);
      return FALSE;
    }

  if (cli->help)
    {
      g_autofree char *help = g_option_context_get_help (options, TRUE, NULL);

      g_print ("%s", help);
      *out_status = CR_CLI_EXIT_OK;
      return FALSE;
    }

  return TRUE;
}

/**
 * cr_cli_usage_error:
 * @message: what is wrong, translated
 *
 * Returns: %CR_CLI_EXIT_USAGE
 */
int
cr_cli_usage_error (CrCli      *cli,
                    const char *message)
{
  g_autofree char *help = NULL;

  if (cli->command != NULL)
    help = g_strdup_printf ("%s %s --help", g_get_prgname (), cli->command);
  else
    help = g_strdup_printf ("%s --help", g_get_prgname ());

  g_printerr ("%s: %s\n", g_get_prgname (), message);
  /* Translators: %s is a command, like “courrier-cli account add --help” */
  g_printerr (_("See “%s”.\n"), help);

  return CR_CLI_EXIT_USAGE;
}

typedef struct
{
  int net_error;
  int status;
} NetErrorStatus;

/* Network means “try again later or elsewhere”; the rest are about the
 * server’s setup or answers. */
static const NetErrorStatus net_error_statuses[] = {
  { CR_NET_ERROR_HOST_NOT_FOUND,          CR_CLI_EXIT_NETWORK },
  { CR_NET_ERROR_CONNECTION_REFUSED,      CR_CLI_EXIT_NETWORK },
  { CR_NET_ERROR_TIMEOUT,                 CR_CLI_EXIT_NETWORK },
  { CR_NET_ERROR_TLS_FAILED,              CR_CLI_EXIT_NETWORK },
  { CR_NET_ERROR_CERTIFICATE_UNTRUSTED,   CR_CLI_EXIT_UNTRUSTED },
  { CR_NET_ERROR_STARTTLS_UNAVAILABLE,    CR_CLI_EXIT_FAILED },
  { CR_NET_ERROR_STARTTLS_FAILED,         CR_CLI_EXIT_FAILED },
  { CR_NET_ERROR_AUTH_FAILED,             CR_CLI_EXIT_AUTH },
  { CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE, CR_CLI_EXIT_AUTH },
  { CR_NET_ERROR_SERVER_ERROR,            CR_CLI_EXIT_FAILED },
  { CR_NET_ERROR_CONNECTION_LOST,         CR_CLI_EXIT_NETWORK },
  { CR_NET_ERROR_PROTOCOL,                CR_CLI_EXIT_FAILED },
};

/**
 * cr_cli_exit_status:
 *
 * Returns: the exit status that tells a script what kind of failure
 *   @error is
 */
int
cr_cli_exit_status (const GError *error)
{
  g_return_val_if_fail (error != NULL, CR_CLI_EXIT_FAILED);

  if (error->domain == CR_NET_ERROR)
    {
      for (guint i = 0; i < G_N_ELEMENTS (net_error_statuses); i++)
        {
          if (net_error_statuses[i].net_error == error->code)
            return net_error_statuses[i].status;
        }
      return CR_CLI_EXIT_FAILED;
    }

  if (error->domain == CR_CLI_ERROR)
    return error->code == CR_CLI_ERROR_NO_PASSWORD ? CR_CLI_EXIT_AUTH : CR_CLI_EXIT_USAGE;

  if (error->domain == CR_ACCOUNT_ERROR || error->domain == G_OPTION_ERROR)
    return CR_CLI_EXIT_USAGE;

  return CR_CLI_EXIT_FAILED;
}

/**
 * cr_cli_report_error:
 *
 * Prints @error on standard error.
 *
 * Returns: the exit status for @error
 */
int
cr_cli_report_error (const GError *error)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);

  return cr_cli_exit_status (error);
}

/* IPv6 addresses need brackets before “:PORT”. */
static char *
host_port (const char *host,
           guint16     port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);

  return g_strdup_printf ("%s:%u", host, port);
}

static char *
format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup (_("unknown"));

  return g_date_time_format_iso8601 (date);
}

/**
 * cr_cli_print_certificate:
 *
 * Prints on standard error, under the error that says why the certificate
 * was refused, what the person needs to decide whether to trust it, and
 * the command that trusts it.
 */
void
cr_cli_print_certificate (CrCertificateInfo *info)
{
  const char *host = cr_certificate_info_get_host (info);
  guint16 port = cr_certificate_info_get_port (info);
  const char *fingerprint = cr_certificate_info_get_fingerprint (info);
  g_autofree char *where = host_port (host, port);
  g_autofree char *not_before = format_date (cr_certificate_info_get_not_before (info));
  g_autofree char *not_after = format_date (cr_certificate_info_get_not_after (info));

  g_printerr ("  %-20s %s\n", _("Host:"), host);
  g_printerr ("  %-20s %u\n", _("Port:"), port);
  g_printerr ("  %-20s %s\n", _("SHA-256 fingerprint:"), fingerprint);
  g_printerr ("  %-20s %s\n", C_("certificate", "Subject:"), cr_certificate_info_get_subject (info));
  g_printerr ("  %-20s %s\n", _("Issuer:"), cr_certificate_info_get_issuer (info));
  g_printerr ("  %-20s %s\n", _("Valid from:"), not_before);
  g_printerr ("  %-20s %s\n", _("Valid until:"), not_after);
  g_printerr (_("If you have checked that this is the server’s certificate, trust it with:\n"));
  g_printerr ("  %s trust %s %s\n", g_get_prgname (), where, fingerprint);
}

JsonNode *
cr_cli_certificate_to_json (CrCertificateInfo *info)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *not_before = format_date (cr_certificate_info_get_not_before (info));
  g_autofree char *not_after = format_date (cr_certificate_info_get_not_after (info));
  g_auto(GStrv) reasons = cr_certificate_info_get_reasons (info);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, cr_certificate_info_get_host (info));
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, cr_certificate_info_get_port (info));
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, cr_certificate_info_get_fingerprint (info));
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, cr_certificate_info_get_subject (info));
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, cr_certificate_info_get_issuer (info));
  json_builder_set_member_name (builder, "not-before");
  json_builder_add_string_value (builder, not_before);
  json_builder_set_member_name (builder, "not-after");
  json_builder_add_string_value (builder, not_after);
  json_builder_set_member_name (builder, "reasons");
  json_builder_begin_array (builder);
  for (guint i = 0; reasons[i] != NULL; i++)
    json_builder_add_string_value (builder, reasons[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * cr_cli_print_json:
 *
 * Prints @node on standard output, UTF-8, followed by a newline.
 */
void
cr_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  g_print ("%s\n", text);
}

/**
 * cr_cli_read_password:
 *
 * Reads one line from standard input, without its line ending. Byte by
 * byte, into memory that is wiped when the password is freed: no stdio
 * buffer keeps a copy, and what follows the line stays unread.
 *
 * Returns: (transfer full) (nullable): the password, or %NULL on error
 */
CrPassword *
cr_cli_read_password (GError **error)
{
  g_autoptr(CrPassword) password = g_malloc0 (PASSWORD_MAX + 1);
  gsize len = 0;

  for (;;)
    {
      char c;
      gssize n = read (STDIN_FILENO, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       /* Translators: %s is the reason */
                       _("Could not read the password from standard input: %s"),
                       g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0 || c == '\n')
        break;
      if (len == PASSWORD_MAX)
        {
          g_set_error (error, CR_CLI_ERROR, CR_CLI_ERROR_USAGE,
                       _("The password on standard input is too long."));
          return NULL;
        }
      password[len++] = c;
    }

  if (len > 0 && password[len - 1] == '\r')
    password[--len] = '\0';

  if (len == 0)
    {
      g_set_error (error, CR_CLI_ERROR, CR_CLI_ERROR_USAGE,
                   _("No password on standard input: it must be on the first line."));
      return NULL;
    }

  return g_steal_pointer (&password);
}

/**
 * cr_cli_lookup_account:
 *
 * Returns: (transfer full) (nullable): the account @id, or %NULL with
 *   an error that says how to list them
 */
CrAccount *
cr_cli_lookup_account (CrCli       *cli,
                       const char  *id,
                       GError     **error)
{
  CrAccountManager *manager = cr_context_get_account_manager (cli->context);
  CrAccount *account = cr_account_manager_lookup (manager, id);

  if (account == NULL)
    {
      g_set_error (error, CR_ACCOUNT_MANAGER_ERROR, CR_ACCOUNT_MANAGER_ERROR_NOT_FOUND,
                   /* Translators: %s is an account identifier; keep the command as is */
                   _("There is no account “%s”. “courrier-cli account list” shows them."),
                   id);
      return NULL;
    }

  return g_object_ref (account);
}

/**
 * cr_cli_run:
 *
 * Runs the main loop until cr_cli_quit().
 *
 * Returns: the status given to cr_cli_quit()
 */
int
cr_cli_run (CrCli *cli)
{
  /* A command may have finished before the loop started. */
  if (!cli->done)
    g_main_loop_run (cli->loop);
  cli->done = FALSE;

  return cli->status;
}

void
cr_cli_quit (CrCli *cli,
             int    status)
{
  cli->status = status;
  cli->done = TRUE;
  g_main_loop_quit (cli->loop);
}
