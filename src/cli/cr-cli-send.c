/* cr-cli-send.c — courrier-cli send ID [FILE.eml | --to ADDR …]
 *
 * The same path as “Envoyer” in the window: the message goes into the
 * outbox first (durably), then everything due in the account's outbox
 * is sent, and each sent message is copied to Envoyés. Without a file
 * nor --to, only the outbox is sent (what an earlier run left).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>
#include <string.h>

#include "cr-cli.h"
#include "cr-cli-commands.h"
#include "cr-message-builder.h"
#include "cr-mime-message.h"
#include "cr-outbox.h"

typedef struct
{
  CrCli     *cli;
  CrAccount *account;
  CrOutbox  *outbox;
  char      *id;  /* (nullable) the message of this run */
} SendRun;

static void
send_run_clear (SendRun *run)
{
  g_clear_object (&run->account);
  g_clear_object (&run->outbox);
  g_clear_pointer (&run->id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SendRun, send_run_clear)

static void
add_addresses (GPtrArray *recipients,
               GPtrArray *addresses)
{
  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    {
      const CrMimeAddress *address = g_ptr_array_index (addresses, i);

      if (address->address != NULL && *address->address != '\0')
        g_ptr_array_add (recipients, g_strdup (address->address));
    }
}

/* The envelope of a ready-made message: its To, Cc and Bcc. */
static gboolean
enqueue_file (SendRun     *run,
              const char  *path,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GBytes) raw = g_file_load_bytes (file, NULL, NULL, error);
  g_autoptr(CrMimeMessage) message = NULL;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bcc = NULL;
  g_autofree char *bcc_header = NULL;

  if (raw == NULL)
    return FALSE;
  message = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
  add_addresses (recipients, cr_mime_message_get_to (message));
  add_addresses (recipients, cr_mime_message_get_cc (message));
  bcc_header = cr_mime_message_dup_header (message, "Bcc");
  if (bcc_header != NULL && cr_mime_parse_address_list (bcc_header, &bcc))
    add_addresses (recipients, bcc);
  if (recipients->len == 0)
    {
      g_set_error_literal (error, CR_CLI_ERROR, CR_CLI_ERROR_USAGE,
                           _("The message has no recipient (no To, Cc nor Bcc)."));
      return FALSE;
    }
  g_ptr_array_add (recipients, NULL);

  /* As written, Bcc included, for the Envoyés copy: cr_smtp_send_raw()
   * leaves it out of what travels. */
  run->id = cr_outbox_enqueue (run->outbox, cr_account_get_id (run->account),
                               cr_account_get_address (run->account),
                               (const char * const *) recipients->pdata, raw, 0, error);
  return run->id != NULL;
}

static char *
read_body (GError **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  /* Read to the end, then a NUL: the text is one C string. */
  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_NONE, NULL, error) < 0 ||
      !g_output_stream_write_all (out, "", 1, NULL, NULL, error) ||
      !g_output_stream_close (out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static gboolean
enqueue_built (SendRun     *run,
               char       **to,
               char       **cc,
               const char  *subject,
               char       **attach,
               GError     **error)
{
  g_autoptr(CrMessageBuilder) builder = cr_message_builder_new ();
  g_autoptr(GBytes) raw = NULL;
  g_auto(GStrv) recipients = NULL;
  g_autofree char *body = NULL;
  const char *organization = cr_account_get_organisation (run->account);

  cr_message_builder_set_from (builder, cr_account_get_display_name (run->account),
                               cr_account_get_address (run->account));
  for (guint i = 0; to != NULL && to[i] != NULL; i++)
    cr_message_builder_add_to (builder, NULL, to[i]);
  for (guint i = 0; cc != NULL && cc[i] != NULL; i++)
    cr_message_builder_add_cc (builder, NULL, cc[i]);
  if (cr_account_get_reply_to (run->account) != NULL && *cr_account_get_reply_to (run->account) != '\0')
    cr_message_builder_add_reply_to (builder, NULL, cr_account_get_reply_to (run->account));
  cr_message_builder_set_subject (builder, subject);
  cr_message_builder_set_organization (builder, organization);
  for (guint i = 0; attach != NULL && attach[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (attach[i]);

      if (!cr_message_builder_add_attachment_file (builder, file, NULL, error))
        return FALSE;
    }

  body = read_body (error);
  if (body == NULL)
    return FALSE;
  if (!g_utf8_validate (body, -1, NULL))
    {
      g_set_error_literal (error, CR_CLI_ERROR, CR_CLI_ERROR_USAGE,
                           _("The text on standard input is not UTF-8."));
      return FALSE;
    }
  cr_message_builder_set_body (builder, body);

  raw = cr_message_builder_build (builder, TRUE, error);
  if (raw == NULL)
    return FALSE;
  recipients = cr_message_builder_dup_recipients (builder);
  run->id = cr_outbox_enqueue (run->outbox, cr_account_get_id (run->account),
                               cr_account_get_address (run->account),
                               (const char * const *) recipients, raw, 0, error);
  return run->id != NULL;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrOutboxEntry) entry = NULL;
  guint sent = 0;
  int status = CR_CLI_EXIT_OK;

  if (!cr_outbox_send_due_finish (CR_OUTBOX (source), result, &sent, &error))
    status = cr_cli_report_error (error);

  /* Still there: not sent yet, or sent but not copied to Envoyés. */
  if (run->id != NULL && (entry = cr_outbox_get (run->outbox, run->id, NULL)) != NULL)
    {
      if (entry->state == CR_OUTBOX_STATE_SENT)
        g_printerr (_("The message was sent, but its copy in Envoyés could not be made: %s\n"),
                    entry->last_error != NULL ? entry->last_error : "");
      else if (entry->state == CR_OUTBOX_STATE_FAILED)
        g_printerr (_("The message stays in the outbox until it is fixed.\n"));
      else
        g_printerr (_("The message stays in the outbox and will be sent later.\n"));
    }
  else if (status == CR_CLI_EXIT_OK)
    /* Translators: %u is a number of messages */
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u message sent\n", "%u messages sent\n", sent), sent);

  cr_cli_quit (run->cli, status);
}

static void
start_sending (SendRun    *run,
               const char *password)
{
  CrContext *context = cr_cli_get_context (run->cli);

  cr_outbox_send_due_async (run->outbox, context, run->account, password, NULL, on_sent, run);
}

static void
on_password (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SendRun *run = user_data;
  g_autoptr(CrPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  password = cr_secrets_lookup_finish (CR_SECRETS (source), result, &error);
  if (password != NULL)
    {
      start_sending (run, password);
      return;
    }
  if (error == NULL)
    g_set_error (&error, CR_CLI_ERROR, CR_CLI_ERROR_NO_PASSWORD,
                 /* Translators: keep --password-stdin as is */
                 _("No password is stored for this server: give it with --password-stdin."));
  if (run->id != NULL)
    g_printerr (_("The message stays in the outbox and will be sent later.\n"));
  cr_cli_quit (run->cli, cr_cli_report_error (error));
}

int
cr_cli_send (CrCli  *cli,
             int     argc,
             char  **argv)
{
  g_auto(SendRun) run = { 0 };
  g_auto(GStrv) to = NULL;
  g_auto(GStrv) cc = NULL;
  g_auto(GStrv) attach = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(CrPassword) password = NULL;
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING_ARRAY, &to, N_("A recipient (may be repeated)"), N_("ADDR") },
    { "cc", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cc, N_("A recipient in copy (may be repeated)"), N_("ADDR") },
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject, N_("The subject"), N_("TEXT") },
    { "attach", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &attach, N_("Attach a file (may be repeated)"), N_("FILE") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the first line of standard input instead of the keyring; "
         "it is not kept"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  CrContext *context = cr_cli_get_context (cli);
  int status;

  options = cr_cli_option_context_new (cli, "send", N_("ID [FILE.eml]"),
                                       N_("Sends a message through the account’s outgoing server, "
                                          "by way of the outbox, and keeps a copy in Envoyés: "
                                          "a ready-made message from FILE.eml, or one written from "
                                          "--to, --cc, --subject and --attach with the text on standard "
                                          "input (after the password line with --password-stdin). With "
                                          "neither, sends what waits in the outbox."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!cr_cli_parse (cli, options, &argc, &argv, &status))
    return status;
  if (argc < 2 || argc > 3)
    return cr_cli_usage_error (cli, _("Give the identifier of an account, then optionally a message file."));
  if (argc == 3 && (to != NULL || cc != NULL || subject != NULL || attach != NULL))
    return cr_cli_usage_error (cli, _("Give either a message file or --to and --subject, not both."));
  if (argc == 2 && (to != NULL || cc != NULL || attach != NULL) && subject == NULL)
    return cr_cli_usage_error (cli, _("Give a --subject."));
  if (argc == 2 && subject != NULL && to == NULL && cc == NULL)
    return cr_cli_usage_error (cli, _("Give at least one recipient with --to or --cc."));

  run.cli = cli;
  run.account = cr_cli_lookup_account (cli, argv[1], &error);
  if (run.account == NULL)
    return cr_cli_report_error (error);
  run.outbox = cr_outbox_new (cr_context_get_paths (context));

  if (password_stdin && !(password = cr_cli_read_password (&error)))
    return cr_cli_report_error (error);

  if ((argc == 3 && !enqueue_file (&run, argv[2], &error)) ||
      (subject != NULL && !enqueue_built (&run, to, cc, subject, attach, &error)))
    {
      status = cr_cli_report_error (error);
      /* A wrong address given on the command line is bad usage. */
      return error->domain == CR_COMPOSE_ERROR ? CR_CLI_EXIT_USAGE : status;
    }

  if (password != NULL)
    start_sending (&run, password);
  else
    cr_secrets_lookup_async (cr_context_get_secrets (context), run.account,
                             cr_account_get_outgoing (run.account), NULL, on_password, &run);

  return cr_cli_run (cli);
}
