/* cr-cli-account.c — courrier-cli account add | list | remove
 *
 * The password given with --password-stdin goes to the keyring (through
 * CrSecrets) for both servers, never to a file or the command line. An
 * account is saved first and taken back out if its password cannot be
 * stored, so that a half-made account is never left behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-account-enums.h"
#include "cr-account-validate.h"
#include "cr-cli.h"
#include "cr-cli-commands.h"

typedef struct
{
  char     *id;
  char     *name;
  char     *address;
  char     *incoming;
  char     *in_host;
  char     *in_port;
  char     *in_security;
  char     *in_user;
  char     *out_host;
  char     *out_port;
  char     *out_security;
  char     *out_user;
  gboolean  password_stdin;
  gboolean  allow_insecure;
} AddOptions;

static void
add_options_clear (AddOptions *o)
{
  g_free (o->id);
  g_free (o->name);
  g_free (o->address);
  g_free (o->incoming);
  g_free (o->in_host);
  g_free (o->in_port);
  g_free (o->in_security);
  g_free (o->in_user);
  g_free (o->out_host);
  g_free (o->out_port);
  g_free (o->out_security);
  g_free (o->out_user);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AddOptions, add_options_clear)

/* An account being added: the steps after the first run on the loop. */
typedef struct
{
  CrCli      *cli;
  CrAccount  *account;
  CrPassword *password;
  GError     *error;
} AddRun;

static void
add_run_free (AddRun *run)
{
  g_clear_object (&run->account);
  g_clear_pointer (&run->password, cr_password_free);
  g_clear_error (&run->error);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AddRun, add_run_free)

static gboolean
parse_enum (GType        type,
            const char  *option,
            const char  *nick,
            int         *out_value,
            GError     **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *value = g_enum_get_value_by_nick (klass, nick);

  if (value == NULL)
    {
      g_set_error (error, CR_CLI_ERROR, CR_CLI_ERROR_USAGE,
                   /* Translators: the first %s is an option, the second what was given */
                   _("“%s” does not accept “%s”."), option, nick);
      return FALSE;
    }

  *out_value = value->value;
  return TRUE;
}

static gboolean
fill_server (CrServer    *server,
             const char  *prefix,
             const char  *host,
             const char  *port_text,
             const char  *security_text,
             const char  *user,
             GError     **error)
{
  g_autofree char *option = g_strdup_printf ("--%s-security", prefix);
  int security;
  guint16 port;

  if (!cr_account_parse_port (port_text, &port, error) ||
      !parse_enum (CR_TYPE_SECURITY, option, security_text, &security, error))
    return FALSE;

  cr_server_set_host (server, host);
  cr_server_set_port (server, port);
  cr_server_set_security (server, security);
  if (user != NULL)
    cr_server_set_login (server, user);

  return TRUE;
}

static gboolean
check_required (AddOptions  *o,
                GError     **error)
{
  const struct { const char *name; const char *value; } required[] = {
    { "--name", o->name },
    { "--address", o->address },
    { "--incoming", o->incoming },
    { "--in-host", o->in_host },
    { "--in-port", o->in_port },
    { "--in-security", o->in_security },
    { "--out-host", o->out_host },
    { "--out-port", o->out_port },
    { "--out-security", o->out_security },
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      if (required[i].value == NULL)
        {
          g_set_error (error, CR_CLI_ERROR, CR_CLI_ERROR_USAGE,
                       /* Translators: %s is an option, like “--in-host” */
                       _("The option “%s” is required."), required[i].name);
          return FALSE;
        }
    }

  if (o->id != NULL && !cr_account_is_valid_id (o->id))
    {
      g_set_error (error, CR_CLI_ERROR, CR_CLI_ERROR_USAGE,
                   /* Translators: %s is what was given to --id */
                   _("“%s” is not a valid account identifier: use 1 to 64 letters, digits and “-”."),
                   o->id);
      return FALSE;
    }

  return TRUE;
}

static CrAccount *
build_account (AddOptions  *o,
               GError     **error)
{
  g_autoptr(CrAccount) account = NULL;
  CrValidateFlags flags = o->allow_insecure ? CR_VALIDATE_ALLOW_INSECURE : CR_VALIDATE_NONE;
  int protocol;

  if (!check_required (o, error) ||
      !parse_enum (CR_TYPE_PROTOCOL, "--incoming", o->incoming, &protocol, error))
    return NULL;

  if (protocol != CR_PROTOCOL_IMAP && protocol != CR_PROTOCOL_POP3)
    {
      g_set_error (error, CR_CLI_ERROR, CR_CLI_ERROR_USAGE,
                   _("The incoming server is “imap” or “pop3”."));
      return NULL;
    }

  account = cr_account_new (o->id);
  cr_account_set_display_name (account, o->name);
  cr_account_set_address (account, o->address);
  cr_server_set_protocol (cr_account_get_incoming (account), protocol);

  if (!fill_server (cr_account_get_incoming (account), "in",
                    o->in_host, o->in_port, o->in_security, o->in_user, error) ||
      !fill_server (cr_account_get_outgoing (account), "out",
                    o->out_host, o->out_port, o->out_security, o->out_user, error))
    return NULL;

  cr_account_normalize (account);
  if (!cr_account_validate (account, flags, error))
    return NULL;

  return g_steal_pointer (&account);
}

static void
print_added (CrAccount *account)
{
  /* Translators: %s is the account's identifier */
  g_print (_("Account “%s” added.\n"), cr_account_get_id (account));
}

/* The last step: frees @run_. */
static void
add_finish (AddRun *run_)
{
  g_autoptr(AddRun) run = run_;

  if (run->error != NULL)
    {
      cr_cli_quit (run->cli, cr_cli_report_error (run->error));
      return;
    }

  print_added (run->account);
  cr_cli_quit (run->cli, CR_CLI_EXIT_OK);
}

static void
on_rollback_cleared (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  AddRun *run = user_data;
  g_autoptr(GError) error = NULL;

  /* The first error is the one to tell; a different one adds to it. */
  if (!cr_secrets_clear_finish (CR_SECRETS (source), result, &error) &&
      !g_error_matches (error, run->error->domain, run->error->code))
    g_printerr ("%s: %s\n", g_get_prgname (), error->message);

  add_finish (run);
}

/* The password could not be stored: take the account back out. */
static void
roll_back (AddRun *run,
           GError *error)
{
  CrContext *context = cr_cli_get_context (run->cli);
  g_autoptr(GError) remove_error = NULL;

  g_prefix_error (&error, _("The account was not added: "));
  run->error = error;
  if (!cr_account_manager_remove (cr_context_get_account_manager (context), run->account,
                                  &remove_error))
    g_printerr ("%s: %s\n", g_get_prgname (), remove_error->message);

  cr_secrets_clear_async (cr_context_get_secrets (context), run->account, NULL, NULL,
                          on_rollback_cleared, run);
}

static void
on_outgoing_stored (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AddRun *run = user_data;
  GError *error = NULL;

  if (!cr_secrets_store_finish (CR_SECRETS (source), result, &error))
    {
      roll_back (run, error);
      return;
    }

  add_finish (run);
}

static void
on_incoming_stored (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AddRun *run = user_data;
  GError *error = NULL;

  if (!cr_secrets_store_finish (CR_SECRETS (source), result, &error))
    {
      roll_back (run, error);
      return;
    }

  cr_secrets_store_async (CR_SECRETS (source), run->account,
                          cr_account_get_outgoing (run->account),
                          run->password, TRUE, NULL, on_outgoing_stored, run);
}

static int
account_add (CrCli  *cli,
             int     argc,
             char  **argv)
{
  g_auto(AddOptions) o = { 0 };
  const GOptionEntry entries[] = {
    { "id", 0, 0, G_OPTION_ARG_STRING, &o.id, N_("The account’s identifier (made up when absent)"), N_("ID") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o.name, N_("Your name, as people you write to see it"), N_("NAME") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &o.address, N_("Your e-mail address"), N_("ADDRESS") },
    { "incoming", 0, 0, G_OPTION_ARG_STRING, &o.incoming, N_("The incoming server’s protocol: imap or pop3"), N_("PROTOCOL") },
    { "in-host", 0, 0, G_OPTION_ARG_STRING, &o.in_host, N_("The incoming server’s name"), N_("HOST") },
    { "in-port", 0, 0, G_OPTION_ARG_STRING, &o.in_port, N_("The incoming server’s port"), N_("PORT") },
    { "in-security", 0, 0, G_OPTION_ARG_STRING, &o.in_security, N_("The incoming connection’s security: tls, starttls or none"), N_("SECURITY") },
    { "in-user", 0, 0, G_OPTION_ARG_STRING, &o.in_user, N_("The incoming server’s identifier (default: the address)"), N_("USER") },
    { "out-host", 0, 0, G_OPTION_ARG_STRING, &o.out_host, N_("The outgoing (SMTP) server’s name"), N_("HOST") },
    { "out-port", 0, 0, G_OPTION_ARG_STRING, &o.out_port, N_("The outgoing server’s port"), N_("PORT") },
    { "out-security", 0, 0, G_OPTION_ARG_STRING, &o.out_security, N_("The outgoing connection’s security: tls, starttls or none"), N_("SECURITY") },
    { "out-user", 0, 0, G_OPTION_ARG_STRING, &o.out_user, N_("The outgoing server’s identifier (default: the address)"), N_("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &o.password_stdin, N_("Read the password from the first line of standard input and keep it in the keyring"), NULL },
    { "allow-insecure", 0, 0, G_OPTION_ARG_NONE, &o.allow_insecure, N_("Accept security “none”: the password then travels in clear text"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(AddRun) run = NULL;
  g_autoptr(GError) error = NULL;
  CrContext *context = cr_cli_get_context (cli);
  CrAccountManager *manager = cr_context_get_account_manager (context);
  int status;

  options = cr_cli_option_context_new (cli, "account add", NULL,
                                       N_("Adds an account with its incoming and outgoing servers."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return cr_cli_usage_error (cli, _("“account add” takes options only."));

  run = g_new0 (AddRun, 1);
  run->cli = cli;
  if (!(run->account = build_account (&o, &error)))
    return cr_cli_usage_error (cli, error->message);

  if (o.password_stdin && !(run->password = cr_cli_read_password (&error)))
    return cr_cli_report_error (error);

  if (!cr_account_manager_add (manager, run->account, &error))
    return cr_cli_report_error (error);

  /* Without a password there is nothing to wait for. */
  if (run->password == NULL)
    {
      print_added (run->account);
      return CR_CLI_EXIT_OK;
    }

  cr_secrets_store_async (cr_context_get_secrets (context), run->account,
                          cr_account_get_incoming (run->account),
                          run->password, TRUE, NULL, on_incoming_stored, run);
  g_steal_pointer (&run);

  return cr_cli_run (cli);
}

static void
add_server_json (JsonBuilder *builder,
                 CrAccount   *account,
                 CrServer    *server)
{
  g_autoptr(GEnumClass) security = g_type_class_ref (CR_TYPE_SECURITY);
  g_autoptr(GEnumClass) auth = g_type_class_ref (CR_TYPE_AUTH_METHOD);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_string_value (builder, cr_protocol_to_string (cr_server_get_protocol (server)));
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, cr_server_get_host (server));
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, cr_server_get_port (server));
  json_builder_set_member_name (builder, "security");
  json_builder_add_string_value (builder,
                                 g_enum_get_value (security, cr_server_get_security (server))->value_nick);
  json_builder_set_member_name (builder, "auth");
  json_builder_add_string_value (builder,
                                 g_enum_get_value (auth, cr_server_get_auth_method (server))->value_nick);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, cr_account_get_login (account, server));
  json_builder_end_object (builder);
}

static JsonNode *
accounts_to_json (GListModel *accounts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CrAccount) account = g_list_model_get_item (accounts, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, cr_account_get_id (account));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, cr_account_get_display_name (account));
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, cr_account_get_address (account));
      json_builder_set_member_name (builder, "incoming");
      add_server_json (builder, account, cr_account_get_incoming (account));
      json_builder_set_member_name (builder, "outgoing");
      add_server_json (builder, account, cr_account_get_outgoing (account));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static char *
describe_server (CrServer *server)
{
  g_autoptr(GEnumClass) security = g_type_class_ref (CR_TYPE_SECURITY);

  return g_strdup_printf ("%s %s:%u %s",
                          cr_protocol_to_string (cr_server_get_protocol (server)),
                          cr_server_get_host (server),
                          cr_server_get_port (server),
                          g_enum_get_value (security, cr_server_get_security (server))->value_nick);
}

static void
print_accounts (GListModel *accounts)
{
  guint n = g_list_model_get_n_items (accounts);

  if (n == 0)
    {
      g_print (_("No accounts.\n"));
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrAccount) account = g_list_model_get_item (accounts, i);
      g_autofree char *incoming = describe_server (cr_account_get_incoming (account));
      g_autofree char *outgoing = describe_server (cr_account_get_outgoing (account));

      g_print ("%s\t%s <%s>\t%s\t%s\n",
               cr_account_get_id (account),
               cr_account_get_display_name (account),
               cr_account_get_address (account),
               incoming, outgoing);
    }
}

static int
account_list (CrCli  *cli,
              int     argc,
              char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  GListModel *accounts;
  int status;

  options = cr_cli_option_context_new (cli, "account list", NULL,
                                       N_("Lists the accounts: identifier, name and address, "
                                          "incoming and outgoing servers."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return cr_cli_usage_error (cli, _("“account list” takes options only."));

  accounts = G_LIST_MODEL (cr_context_get_account_manager (cr_cli_get_context (cli)));
  if (json)
    {
      g_autoptr(JsonNode) node = accounts_to_json (accounts);

      cr_cli_print_json (node);
    }
  else
    print_accounts (accounts);

  return CR_CLI_EXIT_OK;
}

typedef struct
{
  CrCli     *cli;
  CrAccount *account;
} RemoveRun;

static void
on_remove_cleared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RemoveRun *run = user_data;
  CrContext *context = cr_cli_get_context (run->cli);
  g_autoptr(GError) error = NULL;

  /* Passwords first: an account whose password stays in the keyring
   * must stay listed, so that removing it can be tried again. */
  if (!cr_secrets_clear_finish (CR_SECRETS (source), result, &error))
    {
      g_prefix_error (&error, _("The account is kept, as its passwords could not be removed: "));
      cr_cli_quit (run->cli, cr_cli_report_error (error));
    }
  else if (!cr_account_manager_remove (cr_context_get_account_manager (context), run->account, &error))
    cr_cli_quit (run->cli, cr_cli_report_error (error));
  else
    {
      /* Translators: %s is the account's identifier */
      g_print (_("Account “%s” removed.\n"), cr_account_get_id (run->account));
      cr_cli_quit (run->cli, CR_CLI_EXIT_OK);
    }
}

static int
account_remove (CrCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(CrAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  CrContext *context = cr_cli_get_context (cli);
  RemoveRun run = { cli, NULL };
  int status;

  options = cr_cli_option_context_new (cli, "account remove", N_("ID"),
                                       N_("Removes an account and its passwords from the keyring."));
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cr_cli_usage_error (cli, _("Give the identifier of one account."));

  if (!(account = cr_cli_lookup_account (cli, argv[1], &error)))
    return cr_cli_report_error (error);

  run.account = account;
  cr_secrets_clear_async (cr_context_get_secrets (context), account, NULL, NULL,
                          on_remove_cleared, &run);

  return cr_cli_run (cli);
}

static const CrCliCommand account_commands[] = {
  { "add", N_("Add an account"), account_add },
  { "list", N_("List the accounts"), account_list },
  { "remove", N_("Remove an account and its passwords"), account_remove },
};

int
cr_cli_account (CrCli  *cli,
                int     argc,
                char  **argv)
{
  return cr_cli_dispatch (cli, "account", account_commands,
                          G_N_ELEMENTS (account_commands), argc, argv);
}
