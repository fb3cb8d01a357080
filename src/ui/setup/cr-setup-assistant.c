/* cr-setup-assistant.c — adding or editing a mail account, step by step
 *
 * The pages follow the provider's help guide: identity, password, looking
 * for the settings, IMAP or POP, the servers, a real login, then the first
 * sync. The password is sent nowhere before the person has seen the
 * servers on the servers page. This file holds the class, the navigation
 * and the simple pages; the other pages live in cr-setup-assistant-*.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-account-validate.h"
#include "cr-setup-assistant-private.h"

G_DEFINE_FINAL_TYPE (CrSetupAssistant, cr_setup_assistant, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ACCOUNT,
  N_PROPS
};

enum {
  ACCOUNT_SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const struct {
  const char *name;
  const char *help;
} pages[] = {
  [CR_SETUP_PAGE_IDENTITY]    = { "identity",    "account-add" },
  [CR_SETUP_PAGE_PASSWORD]    = { "password",    "account-add" },
  [CR_SETUP_PAGE_DETECT]      = { "detect",      "account-add" },
  [CR_SETUP_PAGE_PROTOCOL]    = { "protocol",    "pop-imap" },
  [CR_SETUP_PAGE_SERVERS]     = { "servers",     "server-settings" },
  [CR_SETUP_PAGE_VERIFY]      = { "verify",      "server-settings" },
  [CR_SETUP_PAGE_CERTIFICATE] = { "certificate", "certificates" },
  [CR_SETUP_PAGE_DONE]        = { "done",        "account-add" },
};

void
cr_setup_mark_row (GtkWidget *row,
                   gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

void
cr_setup_assistant_update_buttons (CrSetupAssistant *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *next = _("_Next");
  gboolean next_enabled = TRUE;
  gboolean next_visible = TRUE;

  switch (self->page)
    {
    case CR_SETUP_PAGE_DETECT:
      next_enabled = self->detect_done;
      break;
    case CR_SETUP_PAGE_VERIFY:
      next_enabled = self->in_ok && self->out_ok;
      next = _("_Finish");
      break;
    case CR_SETUP_PAGE_CERTIFICATE:
      next_visible = FALSE;
      break;
    case CR_SETUP_PAGE_DONE:
      next = _("_Close");
      break;
    case CR_SETUP_PAGE_IDENTITY:
    case CR_SETUP_PAGE_PASSWORD:
    case CR_SETUP_PAGE_PROTOCOL:
    case CR_SETUP_PAGE_SERVERS:
    default:
      break;
    }

  gtk_button_set_label (GTK_BUTTON (self->next_button), next);
  gtk_widget_set_visible (self->next_button, next_visible);
  gtk_widget_action_set_enabled (widget, "assistant.next", next_enabled);
  gtk_widget_action_set_enabled (widget, "assistant.back",
                                 self->history->len > 0 && self->page != CR_SETUP_PAGE_DONE);
  gtk_widget_set_visible (self->back_button, self->page != CR_SETUP_PAGE_IDENTITY &&
                                             self->page != CR_SETUP_PAGE_DONE);
  gtk_widget_set_visible (self->cancel_button, self->page != CR_SETUP_PAGE_DONE);
}

static void
show_page (CrSetupAssistant *self,
           CrSetupPage       page)
{
  GtkStackPage *stack_page;

  if (self->page == CR_SETUP_PAGE_DETECT && page != CR_SETUP_PAGE_DETECT)
    cr_setup_assistant_detect_stop (self);

  self->page = page;
  gtk_stack_set_visible_child_name (self->stack, pages[page].name);
  stack_page = gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack));
  adw_window_title_set_subtitle (self->window_title, gtk_stack_page_get_title (stack_page));

  switch (page)
    {
    case CR_SETUP_PAGE_IDENTITY:
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      break;
    case CR_SETUP_PAGE_PASSWORD:
      cr_setup_assistant_update_identifier (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      break;
    case CR_SETUP_PAGE_DETECT:
      cr_setup_assistant_detect_start (self);
      break;
    case CR_SETUP_PAGE_SERVERS:
      gtk_widget_grab_focus (GTK_WIDGET (self->in_host_row));
      break;
    case CR_SETUP_PAGE_VERIFY:
      cr_setup_assistant_verify_start (self);
      break;
    case CR_SETUP_PAGE_PROTOCOL:
    case CR_SETUP_PAGE_CERTIFICATE:
    case CR_SETUP_PAGE_DONE:
    default:
      break;
    }

  cr_setup_assistant_update_buttons (self);
}

/* Goes forward, remembering where "Back" leads. */
void
cr_setup_assistant_go_to (CrSetupAssistant *self,
                          CrSetupPage       page)
{
  if (page == self->page)
    {
      show_page (self, page);
      return;
    }

  /* Back never leads to the certificate, nor from it to the checking
   * page: it was a question, answered. */
  if (self->page != CR_SETUP_PAGE_CERTIFICATE && page != CR_SETUP_PAGE_CERTIFICATE)
    g_array_append_val (self->history, self->page);
  show_page (self, page);
}

static void
go_next (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (widget);

  switch (self->page)
    {
    case CR_SETUP_PAGE_IDENTITY:
      if (cr_setup_assistant_check_identity (self))
        cr_setup_assistant_go_to (self, CR_SETUP_PAGE_PASSWORD);
      break;
    case CR_SETUP_PAGE_PASSWORD:
      if (!cr_setup_assistant_check_password (self))
        break;
      /* Servers already confirmed (a password refused, an edited account)
       * are checked again at once. */
      if (self->filled_protocol != -1 && cr_setup_assistant_servers_check (self))
        cr_setup_assistant_go_to (self, CR_SETUP_PAGE_VERIFY);
      else if (self->filled_protocol != -1)
        cr_setup_assistant_go_to (self, CR_SETUP_PAGE_SERVERS);
      else
        cr_setup_assistant_go_to (self, CR_SETUP_PAGE_DETECT);
      break;
    case CR_SETUP_PAGE_DETECT:
      cr_setup_assistant_go_to (self, CR_SETUP_PAGE_PROTOCOL);
      break;
    case CR_SETUP_PAGE_PROTOCOL:
      cr_setup_assistant_servers_fill (self);
      cr_setup_assistant_go_to (self, CR_SETUP_PAGE_SERVERS);
      break;
    case CR_SETUP_PAGE_SERVERS:
      if (cr_setup_assistant_servers_check (self))
        cr_setup_assistant_go_to (self, CR_SETUP_PAGE_VERIFY);
      break;
    case CR_SETUP_PAGE_VERIFY:
      cr_setup_assistant_save (self);
      break;
    case CR_SETUP_PAGE_DONE:
      gtk_window_destroy (GTK_WINDOW (self));
      break;
    case CR_SETUP_PAGE_CERTIFICATE:
    default:
      break;
    }
}

static void
go_back (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (widget);
  CrSetupPage previous;

  if (self->history->len == 0)
    return;

  previous = g_array_index (self->history, CrSetupPage, self->history->len - 1);
  g_array_set_size (self->history, self->history->len - 1);
  g_cancellable_cancel (self->cancellable);
  show_page (self, previous);
}

static gboolean
destroy_later (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));

  return G_SOURCE_REMOVE;
}

static void
on_cancel_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  CrSetupAssistant *self = user_data;

  /* Once the dialog is gone: it still refers to its parent. */
  if (g_strcmp0 (response, "discard") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_later, g_object_ref (self), g_object_unref);
}

/* Escape and "Annuler": typed data is not thrown away without asking. */
static void
cancel (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (widget);
  AdwMessageDialog *dialog;

  if (self->page == CR_SETUP_PAGE_DONE || !cr_setup_assistant_has_typed (self))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       self->original != NULL
                                                       ? _("Discard the Changes?")
                                                       : _("Stop Adding This Account?"),
                                                       _("What you typed will be lost.")));
  adw_message_dialog_add_responses (dialog,
                                    "continue", _("_Continue"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "continue");
  adw_message_dialog_set_close_response (dialog, "continue");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_help (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (widget);
  g_autofree char *uri = g_strconcat ("help:courrier/", pages[self->page].help, NULL);

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
go_advanced (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (widget);

  cr_setup_assistant_detect_stop (self);
  cr_setup_assistant_servers_fill (self);
  cr_setup_assistant_go_to (self, CR_SETUP_PAGE_SERVERS);
}

static void
retest (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (widget);

  if (cr_setup_assistant_servers_check (self))
    cr_setup_assistant_verify_start (self);
  else
    show_page (self, CR_SETUP_PAGE_SERVERS);
}

static void
way_out (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  cr_setup_assistant_way_out (CR_SETUP_ASSISTANT (widget));
}

static void
trust (GtkWidget  *widget,
       const char *action_name,
       GVariant   *parameter)
{
  cr_setup_assistant_trust (CR_SETUP_ASSISTANT (widget));
}

/* Not trusting the certificate: the person may fix the server's name. */
static void
distrust (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (widget);

  g_clear_object (&self->certificate);
  if (self->history->len > 0 &&
      g_array_index (self->history, CrSetupPage, self->history->len - 1) == CR_SETUP_PAGE_SERVERS)
    g_array_set_size (self->history, self->history->len - 1);
  show_page (self, CR_SETUP_PAGE_SERVERS);
}

static void
on_protocol_toggled (CrSetupAssistant *self)
{
  gboolean pop = cr_setup_assistant_uses_pop (self);

  gtk_widget_set_visible (self->pop_group, pop);
  adw_combo_row_set_selected (self->in_protocol_row, pop ? 1 : 0);
}

static void
on_leave_changed (CrSetupAssistant *self)
{
  gboolean leave = gtk_switch_get_active (self->leave_switch);

  gtk_widget_set_sensitive (self->days_row, leave);
  gtk_widget_set_sensitive (self->delete_here_row, leave);
}

static void
on_identity_changed (CrSetupAssistant *self)
{
  /* A new address means new servers: find them again. */
  if (self->original == NULL)
    {
      g_clear_object (&self->result);
      self->detect_done = FALSE;
    }
}

static void
on_password_looked_up (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CrSetupAssistant) self = user_data;
  g_autoptr(CrPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  /* No stored password (not remembered, no keyring): the person types it. */
  password = cr_secrets_lookup_finish (CR_SECRETS (source), result, &error);
  if (password != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

static void
cr_setup_assistant_constructed (GObject *object)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (object);

  G_OBJECT_CLASS (cr_setup_assistant_parent_class)->constructed (object);

  g_return_if_fail (self->context != NULL);

  if (self->original != NULL)
    {
      self->account = cr_account_copy (self->original);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit the Mail Account"));
      adw_window_title_set_title (self->window_title, _("Edit the Mail Account"));
    }
  else
    {
      /* A fresh account carries CrAccount's POP defaults. */
      self->account = cr_account_new (NULL);
    }

  cr_setup_assistant_load_account (self, self->account);
  cr_setup_assistant_servers_init (self);
  if (self->original != NULL)
    {
      cr_setup_assistant_servers_fill (self);
      cr_secrets_lookup_async (cr_context_get_secrets (self->context), self->original,
                               cr_account_get_incoming (self->original), self->cancellable,
                               on_password_looked_up, g_object_ref (self));
    }
  on_protocol_toggled (self);
  on_leave_changed (self);
  show_page (self, CR_SETUP_PAGE_IDENTITY);
}

static void
cr_setup_assistant_dispose (GObject *object)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sync != NULL && CR_IS_IMAP_SYNC (self->sync))
    cr_imap_sync_shutdown (CR_IMAP_SYNC (self->sync));
  g_clear_object (&self->sync);

  gtk_widget_dispose_template (GTK_WIDGET (self), CR_TYPE_SETUP_ASSISTANT);

  G_OBJECT_CLASS (cr_setup_assistant_parent_class)->dispose (object);
}

static void
cr_setup_assistant_finalize (GObject *object)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (object);

  g_clear_object (&self->context);
  g_clear_object (&self->original);
  g_clear_object (&self->account);
  g_clear_object (&self->detector);
  g_clear_object (&self->result);
  g_clear_object (&self->certificate);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->note_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (cr_setup_assistant_parent_class)->finalize (object);
}

static void
cr_setup_assistant_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->original);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_setup_assistant_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CrSetupAssistant *self = CR_SETUP_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT:
      self->original = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_setup_assistant_class_init (CrSetupAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cr_setup_assistant_constructed;
  object_class->dispose = cr_setup_assistant_dispose;
  object_class->finalize = cr_setup_assistant_finalize;
  object_class->get_property = cr_setup_assistant_get_property;
  object_class->set_property = cr_setup_assistant_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         CR_TYPE_ACCOUNT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrSetupAssistant::account-saved:
   * @account: the account as saved in the account manager
   *
   * Emitted once the account is added (or updated) and its password
   * stored, before the first sync.
   */
  signals[ACCOUNT_SAVED] =
    g_signal_new ("account-saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CR_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/courrier/Courrier/setup/cr-setup-assistant.ui");

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CrSetupAssistant, name)
  BIND (window_title);
  BIND (cancel_button);
  BIND (back_button);
  BIND (next_button);
  BIND (stack);
  BIND (name_row);
  BIND (address_row);
  BIND (organisation_row);
  BIND (signature_view);
  BIND (identity_error);
  BIND (identifier_row);
  BIND (identifier_note);
  BIND (password_row);
  BIND (remember_check);
  BIND (password_error);
  BIND (detect_group);
  BIND (detect_spinner);
  BIND (found_group);
  BIND (found_source_row);
  BIND (found_incoming_row);
  BIND (found_outgoing_row);
  BIND (found_webmail_row);
  BIND (found_webmail_link);
  BIND (notes_group);
  BIND (imap_check);
  BIND (pop_check);
  BIND (pop_group);
  BIND (leave_switch);
  BIND (days_row);
  BIND (days_spin);
  BIND (delete_here_row);
  BIND (delete_here_switch);
  BIND (in_protocol_row);
  BIND (in_host_row);
  BIND (in_port_row);
  BIND (in_security_row);
  BIND (in_auth_row);
  BIND (in_login_row);
  BIND (out_host_row);
  BIND (out_port_row);
  BIND (out_security_row);
  BIND (out_auth_row);
  BIND (out_login_row);
  BIND (servers_error);
  BIND (verify_in_row);
  BIND (verify_in_spinner);
  BIND (verify_in_icon);
  BIND (verify_out_row);
  BIND (verify_out_spinner);
  BIND (verify_out_icon);
  BIND (problem_group);
  BIND (problem_label);
  BIND (way_out_button);
  BIND (certificate_group);
  BIND (cert_server_row);
  BIND (cert_reasons_row);
  BIND (cert_fingerprint_row);
  BIND (cert_subject_row);
  BIND (cert_issuer_row);
  BIND (cert_validity_row);
  BIND (done_page);
  BIND (sync_spinner);
  BIND (sync_label);
  BIND (webmail_link);
#undef BIND

  gtk_widget_class_bind_template_callback (widget_class, on_protocol_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_leave_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_identity_changed);

  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, go_next);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, go_back);
  gtk_widget_class_install_action (widget_class, "assistant.cancel", NULL, cancel);
  gtk_widget_class_install_action (widget_class, "assistant.help", NULL, show_help);
  gtk_widget_class_install_action (widget_class, "assistant.advanced", NULL, go_advanced);
  gtk_widget_class_install_action (widget_class, "assistant.retest", NULL, retest);
  gtk_widget_class_install_action (widget_class, "assistant.way-out", NULL, way_out);
  gtk_widget_class_install_action (widget_class, "assistant.trust", NULL, trust);
  gtk_widget_class_install_action (widget_class, "assistant.distrust", NULL, distrust);
}

static void
cr_setup_assistant_init (CrSetupAssistant *self)
{
  self->history = g_array_new (FALSE, FALSE, sizeof (CrSetupPage));
  self->note_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->filled_protocol = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cr_setup_assistant_new:
 * @parent: (nullable): the window the assistant belongs to
 *
 * Returns: (transfer full): an assistant adding a new account
 */
CrSetupAssistant *
cr_setup_assistant_new (GtkWindow *parent,
                        CrContext *context)
{
  g_return_val_if_fail (CR_IS_CONTEXT (context), NULL);

  return g_object_new (CR_TYPE_SETUP_ASSISTANT,
                       "context", context,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

/**
 * cr_setup_assistant_new_for_account:
 * @account: an account of the context's account manager
 *
 * The same pages, prefilled; finishing updates the account.
 *
 * Returns: (transfer full): an assistant editing @account
 */
CrSetupAssistant *
cr_setup_assistant_new_for_account (GtkWindow *parent,
                                    CrContext *context,
                                    CrAccount *account)
{
  g_return_val_if_fail (CR_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), NULL);

  return g_object_new (CR_TYPE_SETUP_ASSISTANT,
                       "context", context,
                       "account", account,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

CrContext *
cr_setup_assistant_get_context (CrSetupAssistant *self)
{
  g_return_val_if_fail (CR_IS_SETUP_ASSISTANT (self), NULL);

  return self->context;
}

/**
 * cr_setup_assistant_get_account:
 *
 * Returns: (transfer none): the account as the pages describe it
 */
CrAccount *
cr_setup_assistant_get_account (CrSetupAssistant *self)
{
  g_return_val_if_fail (CR_IS_SETUP_ASSISTANT (self), NULL);

  return self->account;
}

gboolean
cr_setup_assistant_is_editing (CrSetupAssistant *self)
{
  g_return_val_if_fail (CR_IS_SETUP_ASSISTANT (self), FALSE);

  return self->original != NULL;
}

/**
 * cr_setup_assistant_set_detector:
 *
 * Replaces the detector (tests give one with a fake resolver and ports).
 */
void
cr_setup_assistant_set_detector (CrSetupAssistant *self,
                                 CrSetupDetector  *detector)
{
  g_return_if_fail (CR_IS_SETUP_ASSISTANT (self));

  g_set_object (&self->detector, detector);
}

/* The name of the page shown, for tests and the help. */
const char *
cr_setup_assistant_get_page (CrSetupAssistant *self)
{
  g_return_val_if_fail (CR_IS_SETUP_ASSISTANT (self), NULL);

  return pages[self->page].name;
}

void
cr_setup_assistant_emit_saved (CrSetupAssistant *self)
{
  g_signal_emit (self, signals[ACCOUNT_SAVED], 0, self->account);
}
