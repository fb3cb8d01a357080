/* cr-setup-assistant-save.c — the last step: the account saved, its
 * password kept, and the first sync started
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-setup-assistant-private.h"

typedef struct
{
  CrSetupAssistant *self;
  guint             pending;
  GError           *error;
} Saving;

static void
on_imap_synced (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CrSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;

  if (cr_imap_sync_sync_finish (CR_IMAP_SYNC (source), result, &error))
    gtk_label_set_text (self->sync_label, _("Your folders and messages are here."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_label_set_text (self->sync_label, error->message);
  gtk_spinner_set_spinning (self->sync_spinner, FALSE);
}

static void
on_pop3_checked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CrSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  guint downloaded = 0;

  if (cr_pop3_sync_check_finish (CR_POP3_SYNC (source), result, &downloaded, &error))
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u message downloaded.",
                                                         "%u messages downloaded.",
                                                         downloaded),
                                               downloaded);
      gtk_label_set_text (self->sync_label, text);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_label_set_text (self->sync_label, error->message);
  gtk_spinner_set_spinning (self->sync_spinner, FALSE);
}

static void
start_first_sync (CrSetupAssistant *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  CrCertificateStore *certificates = cr_context_get_certificate_store (self->context);
  GTlsDatabase *database = cr_context_get_tls_database (self->context);
  g_autoptr(GError) error = NULL;
  CrStore *store;

  if (!(store = cr_context_get_store (self->context, &error)))
    {
      gtk_label_set_text (self->sync_label, error->message);
      return;
    }

  gtk_spinner_set_spinning (self->sync_spinner, TRUE);
  gtk_label_set_text (self->sync_label, _("Fetching your mail…"));

  if (cr_server_get_protocol (cr_account_get_incoming (self->account)) == CR_PROTOCOL_POP3)
    {
      CrPop3Sync *sync = cr_pop3_sync_new (self->account, store, certificates, database);

      self->sync = G_OBJECT (sync);
      cr_pop3_sync_set_password (sync, password);
      cr_pop3_sync_check_async (sync, self->cancellable, on_pop3_checked, g_object_ref (self));
    }
  else
    {
      CrImapSync *sync = cr_imap_sync_new (self->account, store, certificates, database);

      self->sync = G_OBJECT (sync);
      cr_imap_sync_set_password (sync, password);
      cr_imap_sync_sync_async (sync, self->cancellable, on_imap_synced, g_object_ref (self));
    }
}

static void
show_done (CrSetupAssistant *self,
           const GError     *secrets_error)
{
  const char *webmail = self->result != NULL ? cr_setup_result_get_webmail_url (self->result) : NULL;
  g_autofree char *description = NULL;

  if (secrets_error != NULL)
    /* Translators: %s says why the keyring could not keep the password. */
    description = g_strdup_printf (_("The password could not be kept in the keyring (%s): Courrier will ask for it when it starts."),
                                   secrets_error->message);
  else if (self->original != NULL)
    description = g_strdup (_("Your changes are saved."));
  else
    /* Translators: %s is the e-mail address just set up. */
    description = g_strdup_printf (_("“%s” is set up."), cr_account_get_address (self->account));
  adw_status_page_set_description (self->done_page, description);

  gtk_widget_set_visible (GTK_WIDGET (self->webmail_link), webmail != NULL);
  if (webmail != NULL)
    {
      /* Translators: %s is the provider's webmail address. */
      g_autofree char *label = g_strdup_printf (_("Your webmail: %s"), webmail);

      gtk_link_button_set_uri (self->webmail_link, webmail);
      gtk_button_set_label (GTK_BUTTON (self->webmail_link), label);
    }

  cr_setup_assistant_go_to (self, CR_SETUP_PAGE_DONE);
  start_first_sync (self);
}

static void
on_secret_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Saving *saving = user_data;
  g_autoptr(GError) error = NULL;

  if (!cr_secrets_store_finish (CR_SECRETS (source), result, &error) && saving->error == NULL)
    saving->error = g_steal_pointer (&error);

  if (--saving->pending > 0)
    return;

  show_done (saving->self, saving->error);
  g_clear_error (&saving->error);
  g_object_unref (saving->self);
  g_free (saving);
}

/* “Terminé”: saved in the account manager, then the password stored for
 * both servers (kept for this session only when not remembered). */
void
cr_setup_assistant_save (CrSetupAssistant *self)
{
  CrAccountManager *manager = cr_context_get_account_manager (self->context);
  CrSecrets *secrets = cr_context_get_secrets (self->context);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  gboolean remember = cr_account_get_remember_password (self->account);
  g_autoptr(GError) error = NULL;
  Saving *saving;
  gboolean ok;

  if (self->saved || !self->in_ok || !self->out_ok)
    return;

  if (self->original != NULL)
    ok = cr_account_manager_update (manager, self->account, &error);
  else
    ok = cr_account_manager_add (manager, self->account, &error);

  if (!ok)
    {
      gtk_label_set_text (self->problem_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->way_out_button), FALSE);
      gtk_widget_set_visible (self->problem_group, TRUE);
      return;
    }

  self->saved = TRUE;
  cr_setup_assistant_emit_saved (self);

  saving = g_new0 (Saving, 1);
  saving->self = g_object_ref (self);
  saving->pending = 2;
  cr_secrets_store_async (secrets, self->account, cr_account_get_incoming (self->account),
                          password, remember, NULL, on_secret_stored, saving);
  cr_secrets_store_async (secrets, self->account, cr_account_get_outgoing (self->account),
                          password, remember, NULL, on_secret_stored, saving);
}
