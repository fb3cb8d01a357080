/* cr-setup-assistant-identity.c — the identity and password pages
 *
 * Like the webmail's first-connection dialog: a name, the address, an
 * organisation and a signature; then the password, with the guide's
 * reminder that the identifier is the full address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-account-validate.h"
#include "cr-setup-assistant-private.h"

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

gboolean
cr_setup_assistant_uses_pop (CrSetupAssistant *self)
{
  return gtk_check_button_get_active (self->pop_check);
}

char *
cr_setup_assistant_dup_signature (CrSetupAssistant *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->signature_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

gboolean
cr_setup_assistant_has_typed (CrSetupAssistant *self)
{
  g_autofree char *signature = cr_setup_assistant_dup_signature (self);

  if (self->original != NULL)
    return TRUE;

  return *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) != '\0' ||
         *gtk_editable_get_text (GTK_EDITABLE (self->address_row)) != '\0' ||
         *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0' ||
         *signature != '\0';
}

/* The identity page: a name and an address that looks like one. */
gboolean
cr_setup_assistant_check_identity (CrSetupAssistant *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  cr_setup_mark_row (GTK_WIDGET (self->name_row), FALSE);
  cr_setup_mark_row (GTK_WIDGET (self->address_row), FALSE);

  if (*stripped == '\0')
    {
      cr_setup_mark_row (GTK_WIDGET (self->name_row), TRUE);
      show_error (self->identity_error, _("Give the name your correspondents will see."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return FALSE;
    }

  if (!cr_account_check_address (address, &error))
    {
      cr_setup_mark_row (GTK_WIDGET (self->address_row), TRUE);
      show_error (self->identity_error, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
      return FALSE;
    }

  show_error (self->identity_error, NULL);

  return TRUE;
}

gboolean
cr_setup_assistant_check_password (CrSetupAssistant *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    {
      cr_setup_mark_row (GTK_WIDGET (self->password_row), TRUE);
      show_error (self->password_error, _("Type the password of this mailbox."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return FALSE;
    }

  cr_setup_mark_row (GTK_WIDGET (self->password_row), FALSE);
  show_error (self->password_error, NULL);

  return TRUE;
}

/* The guide's reminder, with the person's own address. */
void
cr_setup_assistant_update_identifier (CrSetupAssistant *self)
{
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autofree char *escaped = g_markup_escape_text (address, -1);
  g_autofree char *note = NULL;

  adw_action_row_set_subtitle (self->identifier_row, address);
  /* Translators: %s is the person's e-mail address. */
  note = g_strdup_printf (_("<b>The identifier is the full email address</b>, here “%s”, even when your domain is hosted by a provider."),
                          escaped);
  gtk_label_set_markup (self->identifier_note, note);
}

/* Loads an account into the pages (editing, or POP defaults when adding). */
void
cr_setup_assistant_load_account (CrSetupAssistant *self,
              CrAccount        *account)
{
  const char *organisation = cr_account_get_organisation (account);
  const char *signature = cr_account_get_signature (account);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         cr_account_get_display_name (account) ? cr_account_get_display_name (account) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->address_row),
                         cr_account_get_address (account) ? cr_account_get_address (account) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->organisation_row), organisation ? organisation : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->signature_view),
                            signature ? signature : "", -1);
  gtk_check_button_set_active (self->remember_check, cr_account_get_remember_password (account));
  gtk_switch_set_active (self->leave_switch, cr_account_get_leave_on_server (account));
  gtk_spin_button_set_value (self->days_spin, cr_account_get_delete_after_days (account));
  gtk_switch_set_active (self->delete_here_switch, cr_account_get_delete_when_deleted_here (account));

  if (cr_account_get_incoming (account) != NULL)
    gtk_check_button_set_active (cr_server_get_protocol (cr_account_get_incoming (account)) == CR_PROTOCOL_POP3
                                 ? self->pop_check : self->imap_check, TRUE);
}
