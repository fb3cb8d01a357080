/* cr-setup-assistant-detect.c — the page that looks for the settings
 *
 * Every source of CrSetupDetector has a row that shows whether it is at
 * work, found something, or found nothing. The address is all the
 * detector gets: the password stays in the assistant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-setup-assistant-private.h"

void
cr_setup_assistant_renew_cancellable (CrSetupAssistant *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
set_source_state (CrSetupAssistant *self,
                  CrSetupSource     source,
                  CrSetupStepState  state)
{
  GtkWidget *row = self->source_rows[source];
  GtkWidget *spinner = g_object_get_data (G_OBJECT (row), "spinner");
  GtkWidget *image = g_object_get_data (G_OBJECT (row), "image");
  const char *icon = NULL;
  const char *words = NULL;

  switch (state)
    {
    case CR_SETUP_STEP_RUNNING:
      words = _("Searching…");
      break;
    case CR_SETUP_STEP_FOUND:
      icon = "object-select-symbolic";
      words = _("Found");
      break;
    case CR_SETUP_STEP_NOT_FOUND:
      icon = "window-close-symbolic";
      words = _("Nothing found");
      break;
    case CR_SETUP_STEP_STOPPED:
    default:
      icon = "media-playback-stop-symbolic";
      words = _("Not needed");
      break;
    }

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), state == CR_SETUP_STEP_RUNNING);
  gtk_widget_set_visible (spinner, state == CR_SETUP_STEP_RUNNING);
  gtk_widget_set_visible (image, icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (image), icon);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), words);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, words, -1);
}

static void
make_source_rows (CrSetupAssistant *self)
{
  for (guint i = 0; i < CR_SETUP_N_SOURCES; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spinner = gtk_spinner_new ();
      GtkWidget *image = gtk_image_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cr_setup_source_to_label (i));
      gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spinner);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), image);
      g_object_set_data (G_OBJECT (row), "spinner", spinner);
      g_object_set_data (G_OBJECT (row), "image", image);
      adw_preferences_group_add (self->detect_group, row);
      self->source_rows[i] = row;
    }
}

static void
reset_source_rows (CrSetupAssistant *self)
{
  for (guint i = 0; i < CR_SETUP_N_SOURCES; i++)
    {
      GtkWidget *row = self->source_rows[i];

      gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "spinner"), FALSE);
      gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "image"), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Waiting"));
    }
}

static void
on_progress (CrSetupDetector  *detector,
             CrSetupSource     source,
             CrSetupStepState  state,
             CrSetupAssistant *self)
{
  if (source < CR_SETUP_N_SOURCES)
    set_source_state (self, source, state);
}

static void
on_status (CrSetupDetector  *detector,
           GParamSpec       *pspec,
           CrSetupAssistant *self)
{
  const char *status = cr_setup_detector_get_status (detector);

  if (status != NULL)
    adw_preferences_group_set_description (self->detect_group, status);
}

/* "IMAP — imap.lautre.net, port 993, SSL/TLS" */
static char *
describe_server (CrServer *server)
{
  static const char *securities[] = { N_("SSL/TLS"), N_("STARTTLS"), N_("no encryption") };
  g_autofree char *protocol = NULL;

  if (server == NULL)
    return g_strdup (_("None found"));

  protocol = g_ascii_strup (cr_protocol_to_string (cr_server_get_protocol (server)), -1);

  /* Translators: protocol, host, port and connection security,
   * e.g. “IMAP — imap.lautre.net, port 993, SSL/TLS”. */
  return g_strdup_printf (_("%s — %s, port %u, %s"),
                          protocol,
                          cr_server_get_host (server),
                          (guint) cr_server_get_port (server),
                          _(securities[cr_server_get_security (server)]));
}

static void
clear_notes (CrSetupAssistant *self)
{
  for (guint i = 0; i < self->note_rows->len; i++)
    adw_preferences_group_remove (self->notes_group, self->note_rows->pdata[i]);
  g_ptr_array_set_size (self->note_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_group), FALSE);
}

static void
show_result (CrSetupAssistant *self)
{
  CrSetupResult *result = self->result;
  const char *const *notes = cr_setup_result_get_notes (result);
  const char *webmail = cr_setup_result_get_webmail_url (result);
  const char *provider = cr_setup_result_get_provider_name (result);
  g_autofree char *incoming = NULL;
  g_autofree char *outgoing = NULL;
  CrServer *in_server;

  in_server = cr_setup_result_get_first (result, CR_PROTOCOL_IMAP);
  if (in_server == NULL)
    in_server = cr_setup_result_get_first (result, CR_PROTOCOL_POP3);
  incoming = describe_server (in_server);
  outgoing = describe_server (cr_setup_result_get_first (result, CR_PROTOCOL_SMTP));

  if (provider != NULL)
    {
      /* Translators: where the settings came from, then the provider’s name. */
      g_autofree char *source = g_strdup_printf (_("%s (%s)"),
                                                 cr_setup_source_to_label (cr_setup_result_get_source (result)),
                                                 provider);
      adw_action_row_set_subtitle (self->found_source_row, source);
    }
  else
    adw_action_row_set_subtitle (self->found_source_row,
                                 cr_setup_source_to_label (cr_setup_result_get_source (result)));
  adw_action_row_set_subtitle (self->found_incoming_row, incoming);
  adw_action_row_set_subtitle (self->found_outgoing_row, outgoing);

  gtk_widget_set_visible (self->found_webmail_row, webmail != NULL);
  if (webmail != NULL)
    {
      gtk_link_button_set_uri (self->found_webmail_link, webmail);
      gtk_button_set_label (GTK_BUTTON (self->found_webmail_link), webmail);
    }

  clear_notes (self);
  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), notes[i]);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("dialog-information-symbolic"));
      adw_preferences_group_add (self->notes_group, row);
      g_ptr_array_add (self->note_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->notes_group), self->note_rows->len > 0);
  gtk_widget_set_visible (self->found_group, TRUE);

  /* POP is offered first only when the provider has no IMAP. */
  if (cr_setup_result_get_first (result, CR_PROTOCOL_IMAP) == NULL &&
      cr_setup_result_get_first (result, CR_PROTOCOL_POP3) != NULL)
    gtk_check_button_set_active (self->pop_check, TRUE);
}

static void
on_detected (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(CrSetupAssistant) self = user_data;
  g_autoptr(CrSetupResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = cr_setup_detector_run_finish (CR_SETUP_DETECTOR (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->detect_spinner, FALSE);
  self->detect_done = TRUE;

  /* Sources never asked, because a better one answered first. */
  for (guint i = 0; i < CR_SETUP_N_SOURCES; i++)
    if (!gtk_widget_get_visible (g_object_get_data (G_OBJECT (self->source_rows[i]), "image")) &&
        !gtk_widget_get_visible (g_object_get_data (G_OBJECT (self->source_rows[i]), "spinner")))
      set_source_state (self, i, CR_SETUP_STEP_STOPPED);

  if (result != NULL && cr_setup_result_is_usable (result))
    {
      g_set_object (&self->result, result);
      adw_preferences_group_set_description (self->detect_group, NULL);
      show_result (self);
    }
  else
    {
      adw_preferences_group_set_description (self->detect_group,
                                             _("No settings were found for this address. Your provider’s help pages give them: choose “Advanced Configuration” to type them in."));
    }

  cr_setup_assistant_update_buttons (self);
}

void
cr_setup_assistant_detect_start (CrSetupAssistant *self)
{
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->address_row));

  if (self->source_rows[0] == NULL)
    make_source_rows (self);

  if (self->detect_done && self->result != NULL)
    return;

  if (self->detector == NULL)
    self->detector = cr_setup_detector_new (NULL);
  g_signal_handlers_disconnect_by_data (self->detector, self);
  g_signal_connect_object (self->detector, "progress", G_CALLBACK (on_progress), self, 0);
  g_signal_connect_object (self->detector, "notify::status", G_CALLBACK (on_status), self, 0);

  cr_setup_assistant_renew_cancellable (self);
  self->detect_done = FALSE;
  g_clear_object (&self->result);
  reset_source_rows (self);
  clear_notes (self);
  gtk_widget_set_visible (self->found_group, FALSE);
  adw_preferences_group_set_description (self->detect_group, _("Looking for the servers of this address…"));
  gtk_spinner_set_spinning (self->detect_spinner, TRUE);

  cr_setup_detector_run_async (self->detector, address, self->cancellable,
                               on_detected, g_object_ref (self));
}

void
cr_setup_assistant_detect_stop (CrSetupAssistant *self)
{
  if (self->detect_done)
    return;

  g_cancellable_cancel (self->cancellable);
  gtk_spinner_set_spinning (self->detect_spinner, FALSE);
}
