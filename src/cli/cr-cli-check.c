/* cr-cli-check.c — courrier-cli check ID
 *
 * Connects and logs in to the incoming, then the outgoing server of an
 * account, as the setup assistant's “Re-tester” does, and says how each
 * went. Both are always tried; the exit status is the first failure's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-account-enums.h"
#include "cr-cli.h"
#include "cr-cli-commands.h"
#include "cr-net-error.h"

typedef enum
{
  ROLE_INCOMING,
  ROLE_OUTGOING,
  N_ROLES
} Role;

typedef struct
{
  CrCli       *cli;
  CrAccount   *account;
  CrPassword  *password;  /* from standard input, or NULL: the keyring's */
  gboolean     json;
  Role         role;      /* the server being checked */
  GObject     *session;
  JsonBuilder *results;
  int          status;    /* the first failure's */
} CheckRun;

static void check_next (CheckRun *run);

static void
check_run_clear (CheckRun *run)
{
  g_clear_object (&run->account);
  g_clear_pointer (&run->password, cr_password_free);
  g_clear_object (&run->session);
  g_clear_object (&run->results);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CheckRun, check_run_clear)

static CrServer *
current_server (CheckRun *run)
{
  if (run->role == ROLE_INCOMING)
    return cr_account_get_incoming (run->account);

  return cr_account_get_outgoing (run->account);
}

/* “Incoming server imap mail.example.fr:993” */
static char *
describe_current (CheckRun *run)
{
  CrServer *server = current_server (run);
  const char *protocol = cr_protocol_to_string (cr_server_get_protocol (server));

  if (run->role == ROLE_INCOMING)
    /* Translators: %s is a protocol (imap, pop3), then a server and a port */
    return g_strdup_printf (_("Incoming server %s %s:%u"), protocol,
                            cr_server_get_host (server), cr_server_get_port (server));

  /* Translators: %s is a protocol (smtp), then a server and a port */
  return g_strdup_printf (_("Outgoing server %s %s:%u"), protocol,
                          cr_server_get_host (server), cr_server_get_port (server));
}

static void
begin_result (CheckRun *run,
              gboolean  ok)
{
  CrServer *server = current_server (run);
  g_autoptr(GEnumClass) security = g_type_class_ref (CR_TYPE_SECURITY);

  json_builder_begin_object (run->results);
  json_builder_set_member_name (run->results, "role");
  json_builder_add_string_value (run->results, run->role == ROLE_INCOMING ? "incoming" : "outgoing");
  json_builder_set_member_name (run->results, "protocol");
  json_builder_add_string_value (run->results, cr_protocol_to_string (cr_server_get_protocol (server)));
  json_builder_set_member_name (run->results, "host");
  json_builder_add_string_value (run->results, cr_server_get_host (server));
  json_builder_set_member_name (run->results, "port");
  json_builder_add_int_value (run->results, cr_server_get_port (server));
  json_builder_set_member_name (run->results, "security");
  json_builder_add_string_value (run->results,
                                 g_enum_get_value (security, cr_server_get_security (server))->value_nick);
  json_builder_set_member_name (run->results, "ok");
  json_builder_add_boolean_value (run->results, ok);
}

static void
record_success (CheckRun *run)
{
  g_autofree char *what = describe_current (run);

  begin_result (run, TRUE);
  json_builder_end_object (run->results);

  if (!run->json)
    /* Translators: %s is a server, like “Incoming server imap mail.example.fr:993” */
    g_print (_("%s: connected and logged in.\n"), what);
}

static void
record_failure (CheckRun           *run,
                const GError       *error,
                CrCertificateInfo  *certificate)
{
  g_autofree char *what = describe_current (run);
  int status = cr_cli_exit_status (error);

  if (run->status == CR_CLI_EXIT_OK)
    run->status = status;

  /* Standard error in both modes: a script reading JSON still shows it. */
  g_printerr ("%s: %s\n", what, error->message);
  if (certificate != NULL)
    cr_cli_print_certificate (certificate);

  begin_result (run, FALSE);
  json_builder_set_member_name (run->results, "status");
  json_builder_add_int_value (run->results, status);
  json_builder_set_member_name (run->results, "error");
  json_builder_add_string_value (run->results, error->message);
  if (certificate != NULL)
    {
      json_builder_set_member_name (run->results, "certificate");
      json_builder_add_value (run->results, cr_cli_certificate_to_json (certificate));
    }
  json_builder_end_object (run->results);
}

static CrCertificateInfo *
session_certificate (CheckRun *run)
{
  if (CR_IS_IMAP_SESSION (run->session))
    return cr_session_get_certificate_info (CR_SESSION (run->session));
  if (CR_IS_POP3_SESSION (run->session))
    return cr_session_get_certificate_info (CR_SESSION (run->session));

  return cr_session_get_certificate_info (CR_SESSION (run->session));
}

static gboolean
session_connect_finish (CheckRun      *run,
                        GAsyncResult  *result,
                        GError       **error)
{
  if (CR_IS_IMAP_SESSION (run->session))
    return cr_session_connect_finish (CR_SESSION (run->session), result, error);
  if (CR_IS_POP3_SESSION (run->session))
    return cr_session_connect_finish (CR_SESSION (run->session), result, error);

  return cr_session_connect_finish (CR_SESSION (run->session), result, error);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CheckRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (session_connect_finish (run, result, &error))
    record_success (run);
  else
    {
      CrCertificateInfo *certificate = NULL;

      if (g_error_matches (error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED))
        certificate = session_certificate (run);
      record_failure (run, error, certificate);
    }

  /* Dropped without a goodbye round trip: nothing more to say to it. */
  g_clear_object (&run->session);
  run->role++;
  check_next (run);
}

static void
connect_current (CheckRun   *run,
                 const char *password)
{
  CrContext *context = cr_cli_get_context (run->cli);

  if (run->role == ROLE_OUTGOING)
    {
      run->session = G_OBJECT (cr_context_new_smtp_session (context, run->account));
      cr_session_connect_async (CR_SESSION (run->session), password, NULL,
                                on_connected, run);
    }
  else if (cr_server_get_protocol (current_server (run)) == CR_PROTOCOL_POP3)
    {
      run->session = G_OBJECT (cr_context_new_pop3_session (context, run->account));
      cr_session_connect_async (CR_SESSION (run->session), password, NULL,
                                on_connected, run);
    }
  else
    {
      run->session = G_OBJECT (cr_context_new_imap_session (context, run->account));
      cr_session_connect_async (CR_SESSION (run->session), password, NULL,
                                on_connected, run);
    }
}

static void
on_password (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CheckRun *run = user_data;
  g_autoptr(CrPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  password = cr_secrets_lookup_finish (CR_SECRETS (source), result, &error);
  if (password != NULL)
    {
      connect_current (run, password);
      return;
    }

  if (error == NULL)
    g_set_error (&error, CR_CLI_ERROR, CR_CLI_ERROR_NO_PASSWORD,
                 /* Translators: keep --password-stdin as is */
                 _("No password is stored for this server: give it with --password-stdin."));
  record_failure (run, error, NULL);
  run->role++;
  check_next (run);
}

static void
finish (CheckRun *run)
{
  if (run->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_end_array (run->results);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "account");
      json_builder_add_string_value (builder, cr_account_get_id (run->account));
      json_builder_set_member_name (builder, "servers");
      json_builder_add_value (builder, json_builder_get_root (run->results));
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      cr_cli_print_json (node);
    }

  cr_cli_quit (run->cli, run->status);
}

static void
check_next (CheckRun *run)
{
  CrContext *context = cr_cli_get_context (run->cli);

  if (run->role == N_ROLES)
    {
      finish (run);
      return;
    }

  if (run->password != NULL)
    {
      connect_current (run, run->password);
      return;
    }

  cr_secrets_lookup_async (cr_context_get_secrets (context), run->account,
                           current_server (run), NULL, on_password, run);
}

int
cr_cli_check (CrCli  *cli,
              int     argc,
              char  **argv)
{
  g_auto(CheckRun) run = { 0 };
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

  options = cr_cli_option_context_new (cli, "check", N_("ID"),
                                       N_("Connects and logs in to the account’s incoming and "
                                          "outgoing servers, and says how it went."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return cr_cli_usage_error (cli, _("Give the identifier of one account."));

  if (!(run.account = cr_cli_lookup_account (cli, argv[1], &error)))
    return cr_cli_report_error (error);
  if (password_stdin && !(run.password = cr_cli_read_password (&error)))
    return cr_cli_report_error (error);

  run.cli = cli;
  run.results = json_builder_new ();
  json_builder_begin_array (run.results);
  check_next (&run);

  return cr_cli_run (cli);
}
