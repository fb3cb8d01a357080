/* cr-cli-show.c — courrier-cli show ID MESSAGE
 *
 * One message, MESSAGE being the identifier `list` and `search` print:
 * decoded headers, attachment names and the text of the body. A body not
 * in the store yet is fetched from the IMAP server (BODY.PEEK: it stays
 * unread there) and kept in the cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "cr-cli-commands.h"
#include "cr-cli-messages.h"
#include "cr-imap-sync.h"
#include "cr-mime-message.h"

typedef struct
{
  CrCli         *cli;
  CrAccount     *account;
  CrStore       *store;
  CrMessageInfo *info;
  CrImapSync    *sync;
  gboolean       json;
} ShowRun;

static void
show_run_clear (ShowRun *run)
{
  if (run->sync != NULL)
    cr_imap_sync_shutdown (run->sync);
  g_clear_object (&run->sync);
  g_clear_object (&run->account);
  g_clear_pointer (&run->info, cr_message_info_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ShowRun, show_run_clear)

static char *
body_text (CrMimeMessage *message)
{
  GPtrArray *parts = cr_mime_message_get_body_parts (message);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < parts->len; i++)
    {
      CrMimePart *part = parts->pdata[i];
      CrMimePartKind kind = cr_mime_part_get_kind (part);
      const char *piece;

      if (kind != CR_MIME_PART_TEXT && kind != CR_MIME_PART_HTML)
        continue;
      if ((piece = cr_mime_part_get_text (part)) == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, piece);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GStrv
attachment_names (CrMimeMessage *message)
{
  GPtrArray *parts = cr_mime_message_get_attachments (message);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; i < parts->len; i++)
    {
      const char *name = cr_mime_part_get_filename (parts->pdata[i]);

      if (name != NULL)
        g_strv_builder_add (names, name);
    }

  return g_strv_builder_end (names);
}

static void
print_addresses (const char *label,
                 GPtrArray  *addresses)
{
  g_autoptr(GString) line = g_string_new (NULL);

  if (addresses == NULL || addresses->len == 0)
    return;
  for (guint i = 0; i < addresses->len; i++)
    {
      g_autofree char *one = cr_mime_address_to_string (addresses->pdata[i]);

      g_string_append_printf (line, "%s%s", i > 0 ? ", " : "", one);
    }
  g_print ("%s %s\n", label, line->str);
}

static void
print_text (ShowRun        *run,
            CrMimeMessage  *message,
            const char     *text,
            char          **attachments)
{
  g_autofree char *date = cr_cli_format_date (run->info->date);
  g_auto(GStrv) flags = cr_cli_flag_names (run->info->flags);
  g_autofree char *joined = g_strjoinv (", ", flags);
  const char *subject = cr_mime_message_get_subject (message);

  /* Translators: header labels of a message, aligned by the space after */
  print_addresses (_("From:"), cr_mime_message_get_from (message));
  print_addresses (_("To:"), cr_mime_message_get_to (message));
  print_addresses (_("Cc:"), cr_mime_message_get_cc (message));
  g_print ("%s %s\n", _("Date:"), date);
  g_print ("%s %s\n", _("Subject:"), subject != NULL ? subject : "");
  if (*joined != '\0')
    g_print ("%s %s\n", _("Flags:"), joined);
  for (guint i = 0; attachments[i] != NULL; i++)
    g_print ("%s %s\n", _("Attachment:"), attachments[i]);
  g_print ("\n%s\n", text);
}

static void
print_json (ShowRun        *run,
            const char     *text,
            char          **attachments)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(CrFolderInfo) folder = cr_store_get_folder (run->store, run->info->folder_id, NULL);

  json_builder_begin_object (builder);
  cr_cli_add_message_members (builder, run->info, folder);
  /* What the body says, over what the headers announced. */
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; attachments[i] != NULL; i++)
    json_builder_add_string_value (builder, attachments[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  cr_cli_print_json (node);
}

static int
print_message (ShowRun *run,
               GBytes  *raw)
{
  g_autoptr(CrMimeMessage) message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_PREFER_PLAIN);
  g_autofree char *text = body_text (message);
  g_auto(GStrv) attachments = attachment_names (message);

  if (run->json)
    print_json (run, text, attachments);
  else
    print_text (run, message, text, attachments);

  return CR_CLI_EXIT_OK;
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ShowRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) raw = cr_imap_sync_fetch_body_finish (CR_IMAP_SYNC (source), result, &error);

  if (raw == NULL)
    cr_cli_quit (run->cli, cr_cli_report_error (error));
  else
    cr_cli_quit (run->cli, print_message (run, raw));
}

static void
fetch (ShowRun    *run,
       const char *password)
{
  CrContext *context = cr_cli_get_context (run->cli);

  run->sync = cr_imap_sync_new (run->account, run->store, cr_context_get_certificate_store (context),
                                cr_context_get_tls_database (context));
  cr_imap_sync_set_password (run->sync, password);
  cr_imap_sync_fetch_body_async (run->sync, run->info->id, NULL, on_fetched, run);
}

static void
on_password (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ShowRun *run = user_data;
  g_autoptr(CrPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  password = cr_secrets_lookup_finish (CR_SECRETS (source), result, &error);
  if (password != NULL)
    {
      fetch (run, password);
      return;
    }
  if (error == NULL)
    g_set_error (&error, CR_CLI_ERROR, CR_CLI_ERROR_NO_PASSWORD,
                 /* Translators: keep --password-stdin as is */
                 _("No password is stored for this server: give it with --password-stdin."));
  cr_cli_quit (run->cli, cr_cli_report_error (error));
}

/* The message, if it is one of @account_id's. */
static CrMessageInfo *
lookup_message (CrStore     *store,
                const char  *account_id,
                const char  *text,
                GError     **error)
{
  g_autoptr(CrMessageInfo) info = NULL;
  g_autoptr(CrFolderInfo) folder = NULL;
  char *end = NULL;
  gint64 id = g_ascii_strtoll (text, &end, 10);

  if (end != NULL && *end == '\0' && id > 0 &&
      (info = cr_store_get_message (store, id, NULL)) != NULL &&
      (folder = cr_store_get_folder (store, info->folder_id, NULL)) != NULL &&
      g_strcmp0 (folder->account_id, account_id) == 0)
    return g_steal_pointer (&info);

  g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND,
               /* Translators: %s is what was given as a message identifier */
               _("There is no message “%s” in this account."), text);
  return NULL;
}

int
cr_cli_show (CrCli  *cli,
             int     argc,
             char  **argv)
{
  g_auto(ShowRun) run = { 0 };
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
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(CrPassword) password = NULL;
  int status;

  options = cr_cli_option_context_new (cli, "show", N_("ID MESSAGE"),
                                       N_("Shows a message (MESSAGE as “list” and “search” print "
                                          "it): its headers, attachments and text. A message not "
                                          "downloaded yet is fetched from the server."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return cr_cli_usage_error (cli, _("Give the identifier of one account and of a message."));

  run.cli = cli;
  if ((run.account = cr_cli_lookup_account (cli, argv[1], &error)) == NULL ||
      (run.store = cr_context_get_store (cr_cli_get_context (cli), &error)) == NULL ||
      (run.info = lookup_message (run.store, argv[1], argv[2], &error)) == NULL)
    return cr_cli_report_error (error);

  raw = cr_store_load_body (run.store, run.info->id, &error);
  if (raw != NULL)
    return print_message (&run, raw);
  if (!g_error_matches (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND) ||
      cr_server_get_protocol (cr_account_get_incoming (run.account)) != CR_PROTOCOL_IMAP)
    return cr_cli_report_error (error);
  g_clear_error (&error);

  if (password_stdin)
    {
      if ((password = cr_cli_read_password (&error)) == NULL)
        return cr_cli_report_error (error);
      fetch (&run, password);
    }
  else
    {
      cr_secrets_lookup_async (cr_context_get_secrets (cr_cli_get_context (cli)), run.account,
                               cr_account_get_incoming (run.account), NULL, on_password, &run);
    }

  return cr_cli_run (cli);
}
