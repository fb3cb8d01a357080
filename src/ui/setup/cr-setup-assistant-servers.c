/* cr-setup-assistant-servers.c — the servers page (“Configuration avancée”)
 *
 * Prefilled from what was found (or from the account being edited), every
 * value editable. The port and the connection security follow each other
 * (993 ↔ SSL/TLS, 143 ↔ STARTTLS…), and choosing no encryption needs an
 * explicit confirmation because the password would travel in clear.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-account-validate.h"
#include "cr-setup-assistant-private.h"

typedef struct
{
  AdwEntryRow *host;
  AdwEntryRow *port;
  AdwComboRow *security;
  AdwComboRow *auth;
  AdwEntryRow *login;
} ServerRows;

static ServerRows
server_rows (CrSetupAssistant *self,
             gboolean          incoming)
{
  if (incoming)
    return (ServerRows) { self->in_host_row, self->in_port_row, self->in_security_row,
                          self->in_auth_row, self->in_login_row };

  return (ServerRows) { self->out_host_row, self->out_port_row, self->out_security_row,
                        self->out_auth_row, self->out_login_row };
}

static CrProtocol
incoming_protocol (CrSetupAssistant *self)
{
  return adw_combo_row_get_selected (self->in_protocol_row) == 1 ? CR_PROTOCOL_POP3 : CR_PROTOCOL_IMAP;
}

static CrProtocol
row_protocol (CrSetupAssistant *self,
              AdwComboRow      *security)
{
  return security == self->in_security_row ? incoming_protocol (self) : CR_PROTOCOL_SMTP;
}

static void
set_port (AdwEntryRow *row,
          guint16      port)
{
  g_autofree char *text = g_strdup_printf ("%u", (guint) port);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
is_default_port (CrProtocol protocol,
                 guint16    port)
{
  return port == cr_server_default_port (protocol, CR_SECURITY_TLS) ||
         port == cr_server_default_port (protocol, CR_SECURITY_STARTTLS);
}

/* Security chosen: an empty or usual port becomes the usual one for it. */
static void
follow_security (CrSetupAssistant *self,
                 gboolean          incoming)
{
  ServerRows rows = server_rows (self, incoming);
  CrProtocol protocol = row_protocol (self, rows.security);
  CrSecurity security = adw_combo_row_get_selected (rows.security);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (rows.port));
  guint16 port = 0;

  if (*text != '\0' && !cr_account_parse_port (text, &port, NULL))
    return;
  if (*text != '\0' && !is_default_port (protocol, port))
    return;

  self->updating_servers = TRUE;
  set_port (rows.port, cr_server_default_port (protocol, security));
  self->updating_servers = FALSE;
}

/* Port typed: a usual port brings its usual security. */
static void
follow_port (CrSetupAssistant *self,
             gboolean          incoming)
{
  ServerRows rows = server_rows (self, incoming);
  CrProtocol protocol = row_protocol (self, rows.security);
  guint16 port = 0;

  if (!cr_account_parse_port (gtk_editable_get_text (GTK_EDITABLE (rows.port)), &port, NULL))
    return;

  self->updating_servers = TRUE;
  if (port == cr_server_default_port (protocol, CR_SECURITY_TLS))
    adw_combo_row_set_selected (rows.security, CR_SECURITY_TLS);
  else if (port == cr_server_default_port (protocol, CR_SECURITY_STARTTLS) &&
           adw_combo_row_get_selected (rows.security) == CR_SECURITY_TLS)
    adw_combo_row_set_selected (rows.security, CR_SECURITY_STARTTLS);
  self->updating_servers = FALSE;
}

typedef struct
{
  CrSetupAssistant *self;
  gboolean          incoming;
} InsecureQuestion;

static void
on_insecure_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  InsecureQuestion *question = user_data;
  CrSetupAssistant *self = question->self;
  gboolean allowed = g_strcmp0 (response, "allow") == 0;

  if (question->incoming)
    self->in_insecure_ok = allowed;
  else
    self->out_insecure_ok = allowed;

  if (!allowed)
    {
      ServerRows rows = server_rows (self, question->incoming);

      self->updating_servers = TRUE;
      adw_combo_row_set_selected (rows.security, CR_SECURITY_STARTTLS);
      self->updating_servers = FALSE;
      follow_security (self, question->incoming);
    }
}

static void
ask_insecure (CrSetupAssistant *self,
              gboolean          incoming)
{
  InsecureQuestion *question = g_new0 (InsecureQuestion, 1);
  AdwMessageDialog *dialog;

  question->self = self;
  question->incoming = incoming;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Send the Password Without Encryption?"),
                                                       _("Without SSL/TLS or STARTTLS, your password and your messages travel in clear: anyone on the same network, such as a public Wi-Fi, can read them. Choose this only if your provider offers nothing else.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Encryption"),
                                    "allow", _("_Use Without Encryption"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "allow", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_insecure_response),
                         question, (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_security_changed (AdwComboRow      *row,
                     GParamSpec       *pspec,
                     CrSetupAssistant *self)
{
  gboolean incoming = row == self->in_security_row;

  if (self->updating_servers)
    return;

  if (incoming)
    self->in_insecure_ok = FALSE;
  else
    self->out_insecure_ok = FALSE;

  follow_security (self, incoming);
  if (adw_combo_row_get_selected (row) == CR_SECURITY_NONE)
    ask_insecure (self, incoming);
}

static void
on_port_changed (AdwEntryRow      *row,
                 CrSetupAssistant *self)
{
  if (!self->updating_servers)
    follow_port (self, row == self->in_port_row);
}

/* APOP exists only in POP3: the incoming server's third choice comes and
 * goes with the protocol (the choices follow CrAuthMethod's order). */
static void
update_auth_choices (CrSetupAssistant *self)
{
  GtkStringList *model = GTK_STRING_LIST (adw_combo_row_get_model (self->in_auth_row));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (incoming_protocol (self) == CR_PROTOCOL_POP3)
    {
      if (n == CR_AUTH_APOP)
        gtk_string_list_append (model, _("APOP"));
      return;
    }

  if (n > CR_AUTH_APOP)
    {
      if (adw_combo_row_get_selected (self->in_auth_row) == CR_AUTH_APOP)
        adw_combo_row_set_selected (self->in_auth_row, CR_AUTH_PASSWORD);
      gtk_string_list_remove (model, CR_AUTH_APOP);
    }
}

static void
on_protocol_changed (AdwComboRow      *row,
                     GParamSpec       *pspec,
                     CrSetupAssistant *self)
{
  gboolean pop = incoming_protocol (self) == CR_PROTOCOL_POP3;
  guint16 port = 0;

  update_auth_choices (self);

  if (self->updating_servers)
    return;

  gtk_check_button_set_active (pop ? self->pop_check : self->imap_check, TRUE);

  /* 993 becomes 995 and back; a port of one's own is kept. */
  if (cr_account_parse_port (gtk_editable_get_text (GTK_EDITABLE (self->in_port_row)), &port, NULL) &&
      (is_default_port (CR_PROTOCOL_IMAP, port) || is_default_port (CR_PROTOCOL_POP3, port)))
    {
      self->updating_servers = TRUE;
      set_port (self->in_port_row,
                cr_server_default_port (incoming_protocol (self),
                                        adw_combo_row_get_selected (self->in_security_row)));
      self->updating_servers = FALSE;
    }
}

void
cr_setup_assistant_servers_init (CrSetupAssistant *self)
{
  for (int incoming = 0; incoming <= 1; incoming++)
    {
      ServerRows rows = server_rows (self, incoming);

      g_signal_connect_object (rows.security, "notify::selected",
                               G_CALLBACK (on_security_changed), self, 0);
      g_signal_connect_object (rows.port, "changed",
                               G_CALLBACK (on_port_changed), self, 0);
    }
  g_signal_connect_object (self->in_protocol_row, "notify::selected",
                           G_CALLBACK (on_protocol_changed), self, 0);
  update_auth_choices (self);
}

static void
load_server (CrSetupAssistant *self,
             gboolean          incoming,
             CrServer         *server,
             const char       *address)
{
  ServerRows rows = server_rows (self, incoming);
  const char *login = server != NULL ? cr_server_get_login (server) : NULL;
  CrSecurity security = server != NULL ? cr_server_get_security (server) : CR_SECURITY_TLS;
  CrProtocol protocol = incoming ? incoming_protocol (self) : CR_PROTOCOL_SMTP;

  self->updating_servers = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (rows.host),
                         server != NULL && cr_server_get_host (server) ? cr_server_get_host (server) : "");
  set_port (rows.port, server != NULL && cr_server_get_port (server) != 0
                       ? cr_server_get_port (server)
                       : cr_server_default_port (protocol, security));
  adw_combo_row_set_selected (rows.security, security);
  adw_combo_row_set_selected (rows.auth, server != NULL ? cr_server_get_auth_method (server) : CR_AUTH_PASSWORD);
  /* The guide: the identifier is the full address. */
  gtk_editable_set_text (GTK_EDITABLE (rows.login), login != NULL && *login != '\0' ? login : address);
  self->updating_servers = FALSE;
}

/* Fills the rows for the chosen protocol, once per protocol, so that
 * going back and forth keeps what the person typed. */
void
cr_setup_assistant_servers_fill (CrSetupAssistant *self)
{
  CrProtocol protocol = cr_setup_assistant_uses_pop (self) ? CR_PROTOCOL_POP3 : CR_PROTOCOL_IMAP;
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  CrServer *incoming = NULL;
  CrServer *outgoing = NULL;

  self->updating_servers = TRUE;
  adw_combo_row_set_selected (self->in_protocol_row, protocol == CR_PROTOCOL_POP3 ? 1 : 0);
  self->updating_servers = FALSE;
  update_auth_choices (self);

  if (self->filled_protocol == (int) protocol)
    return;

  if (self->original != NULL)
    {
      incoming = cr_account_get_incoming (self->original);
      outgoing = cr_account_get_outgoing (self->original);
      if (incoming != NULL && cr_server_get_protocol (incoming) != protocol)
        incoming = NULL;
    }
  else if (self->result != NULL)
    {
      incoming = cr_setup_result_get_first (self->result, protocol);
      outgoing = cr_setup_result_get_first (self->result, CR_PROTOCOL_SMTP);
    }

  load_server (self, TRUE, incoming, address);
  /* An account being edited was confirmed already, clear text included. */
  self->in_insecure_ok = self->original != NULL && incoming != NULL;
  if (self->filled_protocol == -1)
    {
      load_server (self, FALSE, outgoing, address);
      self->out_insecure_ok = self->original != NULL && outgoing != NULL;
    }
  self->filled_protocol = protocol;
}

static CrServer *
build_server (CrSetupAssistant *self,
              gboolean          incoming)
{
  ServerRows rows = server_rows (self, incoming);
  CrServer *server = cr_server_new (incoming ? incoming_protocol (self) : CR_PROTOCOL_SMTP);
  g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows.host))));
  g_autofree char *login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows.login))));
  guint16 port = 0;

  cr_account_parse_port (gtk_editable_get_text (GTK_EDITABLE (rows.port)), &port, NULL);
  cr_server_set_host (server, host);
  cr_server_set_port (server, port);
  cr_server_set_security (server, adw_combo_row_get_selected (rows.security));
  cr_server_set_auth_method (server, adw_combo_row_get_selected (rows.auth));
  cr_server_set_login (server, login);

  return server;
}

/**
 * cr_setup_assistant_build_account:
 *
 * Returns: (transfer full): the account as every page describes it
 */
CrAccount *
cr_setup_assistant_build_account (CrSetupAssistant *self)
{
  g_autoptr(CrAccount) account = cr_account_copy (self->account);
  g_autoptr(CrServer) incoming = build_server (self, TRUE);
  g_autoptr(CrServer) outgoing = build_server (self, FALSE);
  g_autofree char *signature = cr_setup_assistant_dup_signature (self);
  const char *organisation = gtk_editable_get_text (GTK_EDITABLE (self->organisation_row));

  cr_account_set_display_name (account, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  cr_account_set_address (account, gtk_editable_get_text (GTK_EDITABLE (self->address_row)));
  cr_account_set_organisation (account, *organisation != '\0' ? organisation : NULL);
  cr_account_set_signature (account, *signature != '\0' ? signature : NULL);
  cr_account_set_remember_password (account, gtk_check_button_get_active (self->remember_check));
  cr_account_set_leave_on_server (account, gtk_switch_get_active (self->leave_switch));
  cr_account_set_delete_after_days (account, (guint) gtk_spin_button_get_value_as_int (self->days_spin));
  cr_account_set_delete_when_deleted_here (account, gtk_switch_get_active (self->delete_here_switch));
  cr_account_set_incoming (account, incoming);
  cr_account_set_outgoing (account, outgoing);
  cr_account_normalize (account);

  return g_steal_pointer (&account);
}

/* One server's rows, each wrong one marked; the first message is shown. */
static gboolean
check_server (CrSetupAssistant  *self,
              gboolean           incoming,
              GError           **error)
{
  ServerRows rows = server_rows (self, incoming);
  g_autofree char *login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows.login))));
  g_autoptr(GError) local_error = NULL;
  guint16 port;

  cr_setup_mark_row (GTK_WIDGET (rows.host), FALSE);
  cr_setup_mark_row (GTK_WIDGET (rows.port), FALSE);
  cr_setup_mark_row (GTK_WIDGET (rows.login), FALSE);

  if (!cr_account_check_host (gtk_editable_get_text (GTK_EDITABLE (rows.host)), &local_error))
    cr_setup_mark_row (GTK_WIDGET (rows.host), TRUE);
  else if (!cr_account_parse_port (gtk_editable_get_text (GTK_EDITABLE (rows.port)), &port, &local_error))
    cr_setup_mark_row (GTK_WIDGET (rows.port), TRUE);
  else if (*login == '\0')
    {
      cr_setup_mark_row (GTK_WIDGET (rows.login), TRUE);
      g_set_error_literal (&local_error, CR_ACCOUNT_ERROR, CR_ACCOUNT_ERROR_INVALID_LOGIN,
                           _("Give the identifier, usually your full email address."));
    }

  if (local_error == NULL)
    return TRUE;

  gtk_widget_grab_focus (local_error->code == CR_ACCOUNT_ERROR_INVALID_PORT ? GTK_WIDGET (rows.port)
                         : local_error->code == CR_ACCOUNT_ERROR_INVALID_LOGIN ? GTK_WIDGET (rows.login)
                         : GTK_WIDGET (rows.host));
  g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

static void
show_servers_error (CrSetupAssistant *self,
                    const char       *message)
{
  gtk_label_set_text (self->servers_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->servers_error), message != NULL);
}

gboolean
cr_setup_assistant_servers_check (CrSetupAssistant *self)
{
  g_autoptr(CrAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  CrValidateFlags flags = CR_VALIDATE_NONE;

  if (!check_server (self, TRUE, &error) || !check_server (self, FALSE, &error))
    {
      show_servers_error (self, error->message);
      return FALSE;
    }

  /* Clear text chosen by the program (an old account, a probe), never
   * confirmed: ask now. */
  for (int incoming = 1; incoming >= 0; incoming--)
    {
      ServerRows rows = server_rows (self, incoming);
      gboolean confirmed = incoming ? self->in_insecure_ok : self->out_insecure_ok;

      if (adw_combo_row_get_selected (rows.security) == CR_SECURITY_NONE && !confirmed)
        {
          show_servers_error (self, _("Confirm that the password may travel without encryption, or choose SSL/TLS or STARTTLS."));
          ask_insecure (self, incoming);
          return FALSE;
        }
    }

  if (self->in_insecure_ok || self->out_insecure_ok)
    flags |= CR_VALIDATE_ALLOW_INSECURE;

  account = cr_setup_assistant_build_account (self);
  if (!cr_account_validate (account, flags, &error))
    {
      show_servers_error (self, error->message);
      return FALSE;
    }

  show_servers_error (self, NULL);
  g_set_object (&self->account, account);

  return TRUE;
}
