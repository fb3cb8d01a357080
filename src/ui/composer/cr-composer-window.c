/* cr-composer-window.c — a window to write a message and send it
 *
 * Built in code (no template): From (the accounts), To, Cc, Bcc
 * (completed from the store, cr-address-completion.c), Subject, the text
 * (with the account's signature), the attached files (the “Joindre”
 * button or a drop on the window), and a warning when they make the
 * message larger than the server takes. “Envoyer” hands the message to
 * the CrSendQueue, which keeps it in the outbox for the “Annuler
 * l'envoi” delay; the window then closes and emits “sent” so that the
 * main window can offer the undo. The draft is kept by
 * cr-composer-drafts.c.
 *
 * The text is spell checked (cr-spell-checker.c, through Enchant: Debian
 * 12 has no GTK 4 spell checker), with a switch in the header bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cr-address-completion.h"
#include "cr-composer-window-private.h"
#include "cr-smtp-limits.h"
#include "cr-spell-checker.h"
#include "cr-drafts.h"


G_DEFINE_FINAL_TYPE (CrComposerWindow, cr_composer_window, ADW_TYPE_WINDOW)

enum {
  SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Words that announce an attachment, in the languages of the UI and of
 * the people Courrier users write to. */
static const char * const attachment_words[] = {
  "pièce jointe", "pièces jointes", "ci-joint", "ci-jointe", "en pj", "attached", "attachment", NULL
};

gboolean
cr_composer_mentions_attachment (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  for (guint i = 0; attachment_words[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_casefold (attachment_words[i], -1);

      if (strstr (folded, word) != NULL)
        return TRUE;
    }
  return FALSE;
}

CrAccount *
cr_composer_window_get_account (CrComposerWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->from);

  if (position == GTK_INVALID_LIST_POSITION || position >= self->accounts->len)
    return NULL;
  return g_ptr_array_index (self->accounts, position);
}

static char *
body_text (CrComposerWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef void (*AddFunc) (CrMessageBuilder *builder,
                         const char       *name,
                         const char       *address);

static void
add_entry_addresses (CrMessageBuilder *builder,
                     GtkEntry         *entry,
                     AddFunc           add)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GPtrArray) addresses = NULL;

  if (*text == '\0')
    return;
  /* What cannot be read as addresses goes as typed: the builder names
   * the wrong one. */
  if (!cr_mime_parse_address_list (text, &addresses) || addresses->len == 0)
    {
      add (builder, NULL, text);
      return;
    }
  for (guint i = 0; i < addresses->len; i++)
    {
      const CrMimeAddress *address = g_ptr_array_index (addresses, i);

      add (builder, address->name, address->address);
    }
}

CrMessageBuilder *
cr_composer_window_dup_builder (CrComposerWindow *self)
{
  CrMessageBuilder *builder = cr_message_builder_new ();
  CrAccount *account = cr_composer_window_get_account (self);
  g_autofree char *text = body_text (self);

  if (account != NULL)
    {
      const char *reply_to = cr_account_get_reply_to (account);

      cr_message_builder_set_from (builder, cr_account_get_display_name (account), cr_account_get_address (account));
      cr_message_builder_set_organization (builder, cr_account_get_organisation (account));
      if (reply_to != NULL && *reply_to != '\0')
        cr_message_builder_add_reply_to (builder, NULL, reply_to);
    }
  add_entry_addresses (builder, self->to, cr_message_builder_add_to);
  add_entry_addresses (builder, self->cc, cr_message_builder_add_cc);
  add_entry_addresses (builder, self->bcc, cr_message_builder_add_bcc);
  cr_message_builder_set_subject (builder, gtk_editable_get_text (GTK_EDITABLE (self->subject)));
  cr_message_builder_set_body (builder, text);

  if (self->prefill != NULL)
    {
      cr_message_builder_set_in_reply_to (builder, cr_message_builder_get_in_reply_to (self->prefill));
      cr_message_builder_set_references (builder, cr_message_builder_get_references (self->prefill));
      cr_message_builder_copy_attachments (builder, self->prefill);
    }
  for (guint i = 0; i < self->files->len; i++)
    {
      g_autoptr(GError) error = NULL;

      /* A file removed since it was chosen is left out, and said so. */
      if (!cr_message_builder_add_attachment_file (builder, g_ptr_array_index (self->files, i), NULL, &error))
        gtk_label_set_text (self->status, error->message);
    }
  return builder;
}

const char *
cr_composer_window_get_sent_id (CrComposerWindow *self)
{
  g_return_val_if_fail (CR_IS_COMPOSER_WINDOW (self), NULL);
  return self->sent_id;
}

const char *
cr_composer_window_get_draft_key (CrComposerWindow *self)
{
  g_return_val_if_fail (CR_IS_COMPOSER_WINDOW (self), NULL);
  return self->draft_key;
}

/* Attachments ------------------------------------------------------------- */

static void rebuild_attachment_list (CrComposerWindow *self);
static void update_size_warning     (CrComposerWindow *self);

static void
on_remove_attachment (GtkButton        *button,
                      CrComposerWindow *self)
{
  GFile *file = g_object_get_data (G_OBJECT (button), "file");

  /* A file chosen here, or one that came with the message (a forward's,
   * which the size warning may ask to remove). */
  if (file != NULL)
    g_ptr_array_remove (self->files, file);
  else
    cr_message_builder_remove_attachment (self->prefill,
                                          GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index")));
  rebuild_attachment_list (self);
  update_size_warning (self);
  cr_composer_window_schedule_draft (self);
}

/* @file: (nullable) a file chosen here, else the prefill's @index. */
static void
append_attachment_row (CrComposerWindow *self,
                       const char       *text,
                       GFile            *file,
                       guint             index)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_set_margin_top (row, 3);
  gtk_widget_set_margin_bottom (row, 3);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove the attachment"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove the attachment"), -1);
  g_object_set_data (G_OBJECT (remove), "file", file);
  g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (index));
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_attachment), self);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), remove);
  gtk_list_box_append (self->attachment_list, row);
}

static void
rebuild_attachment_list (CrComposerWindow *self)
{
  guint n_prefilled = self->prefill != NULL ? cr_message_builder_get_n_attachments (self->prefill) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attachment_list))) != NULL)
    gtk_list_box_remove (self->attachment_list, child);

  for (guint i = 0; i < n_prefilled; i++)
    {
      g_autofree char *size = g_format_size (g_bytes_get_size (cr_message_builder_get_attachment_data (self->prefill, i)));
      g_autofree char *text = g_strdup_printf ("%s (%s)", cr_message_builder_get_attachment_name (self->prefill, i), size);

      append_attachment_row (self, text, NULL, i);
    }
  for (guint i = 0; i < self->files->len; i++)
    {
      GFile *file = g_ptr_array_index (self->files, i);
      g_autofree char *name = g_file_get_basename (file);

      append_attachment_row (self, name, file, 0);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attachment_list), self->files->len > 0 || n_prefilled > 0);
}

/* What the person must know before sending: NULL when the message fits
 * the server's SIZE (or 25 MB when unknown), with attachments base64. */
static char *
check_size (CrComposerWindow *self)
{
  CrAccount *account = cr_composer_window_get_account (self);
  g_autofree char *text = body_text (self);
  guint64 files = 0;

  if (account == NULL)
    return NULL;
  if (self->prefill != NULL)
    files += cr_message_builder_get_attachments_size (self->prefill);
  for (guint i = 0; i < self->files->len; i++)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (g_ptr_array_index (self->files, i),
                                                     G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);

      if (info != NULL)
        files += (guint64) g_file_info_get_size (info);
    }
  return cr_smtp_limits_check (cr_context_get_paths (self->context), cr_account_get_id (account),
                               cr_smtp_limits_estimate (strlen (text), files));
}

static void
update_size_warning (CrComposerWindow *self)
{
  g_autofree char *warning = check_size (self);

  gtk_label_set_text (self->size_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->size_label), warning != NULL);
}

static void
add_file (CrComposerWindow *self,
          GFile            *file)
{
  g_ptr_array_add (self->files, g_object_ref (file));
  rebuild_attachment_list (self);
  update_size_warning (self);
  cr_composer_window_schedule_draft (self);
}

static void
on_file_chosen (GtkNativeDialog  *dialog,
                int               response,
                CrComposerWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          add_file (self, file);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
on_attach_clicked (CrComposerWindow *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Attach Files"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                                               _("_Attach"), _("_Cancel"));

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         CrComposerWindow *self)
{
  GSList *files = g_value_get_boxed (value);

  for (GSList *l = files; l != NULL; l = l->next)
    add_file (self, l->data);
  return files != NULL;
}

/* Sending ----------------------------------------------------------------- */

static void
send_now (CrComposerWindow *self)
{
  g_autoptr(CrMessageBuilder) builder = cr_composer_window_dup_builder (self);
  g_autoptr(GError) error = NULL;
  CrAccount *account = cr_composer_window_get_account (self);

  if (account == NULL)
    {
      gtk_label_set_text (self->status, _("Add an account to send mail."));
      return;
    }
  self->sent_id = cr_send_queue_send (self->queue, account, builder, &error);
  if (self->sent_id == NULL)
    {
      gtk_label_set_text (self->status, error->message);
      return;
    }

  /* The outbox has the message now: the draft goes. */
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  cr_composer_window_discard_draft (self, account);
  g_signal_emit (self, signals[SENT], 0, self->sent_id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_attachment_answer (AdwMessageDialog *dialog,
                      const char       *response,
                      CrComposerWindow *self)
{
  if (g_strcmp0 (response, "send") == 0)
    send_now (self);
}

static AdwMessageDialog *
ask_before_sending (CrComposerWindow *self,
                    const char       *heading,
                    const char       *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "send", _("_Send Anyway"),
                                    NULL);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_attachment_answer), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
on_send_clicked (CrComposerWindow *self)
{
  g_autofree char *text = body_text (self);
  g_autofree char *subject = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject)));
  g_autofree char *both = g_strconcat (subject, "\n", text, NULL);
  g_autofree char *too_large = check_size (self);
  gboolean has_files = self->files->len > 0 ||
                       (self->prefill != NULL && cr_message_builder_get_n_attachments (self->prefill) > 0);

  if (too_large != NULL)
    ask_before_sending (self, _("Send a Message This Large?"), too_large);
  else if (!has_files && cr_composer_mentions_attachment (both))
    ask_before_sending (self, _("Send Without Attachment?"),
                        _("The message speaks of an attachment, but no file is attached."));
  else
    send_now (self);
}

/* Building the window ----------------------------------------------------- */

static GtkEntry *
add_field (GtkGrid    *grid,
           int         row,
           const char *label_text)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);
  return GTK_ENTRY (entry);
}

static void
fill_accounts (CrComposerWindow *self)
{
  GListModel *accounts = G_LIST_MODEL (cr_context_get_account_manager (self->context));
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      CrAccount *account = g_list_model_get_item (accounts, i);
      g_autofree char *text = g_strdup_printf ("%s <%s>", cr_account_get_display_name (account),
                                               cr_account_get_address (account));

      g_ptr_array_add (self->accounts, account);
      gtk_string_list_append (names, text);
    }
  gtk_drop_down_set_model (self->from, G_LIST_MODEL (names));
}

static void
set_addresses (GtkEntry  *entry,
               GPtrArray *addresses)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < addresses->len; i++)
    g_ptr_array_add (parts, cr_mime_address_to_string (g_ptr_array_index (addresses, i)));
  g_ptr_array_add (parts, NULL);
  {
    g_autofree char *text = g_strjoinv (", ", (char **) parts->pdata);

    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  }
}

/* To, Cc and Bcc complete from the store; one's own addresses are not
 * offered. */
static void
attach_completion (CrComposerWindow *self)
{
  CrStore *store = cr_context_get_store (self->context, NULL);
  g_autoptr(GPtrArray) own = g_ptr_array_new ();
  GtkEntry *entries[] = { self->to, self->cc, self->bcc };

  if (store == NULL)
    return;
  for (guint i = 0; i < self->accounts->len; i++)
    g_ptr_array_add (own, (gpointer) cr_account_get_address (g_ptr_array_index (self->accounts, i)));
  g_ptr_array_add (own, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    cr_address_completion_attach (entries[i], store, (const char * const *) own->pdata);
}

static void
apply_prefill (CrComposerWindow *self)
{
  CrMessageBuilder *prefill = self->prefill;
  const CrMimeAddress *from = cr_message_builder_get_from (prefill);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body);
  GtkTextIter start;

  for (guint i = 0; from != NULL && i < self->accounts->len; i++)
    if (g_ascii_strcasecmp (cr_account_get_address (g_ptr_array_index (self->accounts, i)), from->address) == 0)
      gtk_drop_down_set_selected (self->from, i);
  set_addresses (self->to, cr_message_builder_get_to (prefill));
  set_addresses (self->cc, cr_message_builder_get_cc (prefill));
  set_addresses (self->bcc, cr_message_builder_get_bcc (prefill));
  gtk_editable_set_text (GTK_EDITABLE (self->subject), cr_message_builder_get_subject (prefill));
  gtk_text_buffer_set_text (buffer, cr_message_builder_get_body (prefill), -1);
  /* A reply is written above the quote. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  rebuild_attachment_list (self);
  update_size_warning (self);
}

static void
cr_composer_window_dispose (GObject *object)
{
  CrComposerWindow *self = CR_COMPOSER_WINDOW (object);

  /* Closed by the person (or the application quits): the last change
   * is kept, and the draft is no crash to offer back. */
  cr_composer_window_flush_draft (self);
  cr_composer_window_close_draft (self);
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  g_clear_object (&self->context);
  g_clear_object (&self->queue);
  g_clear_object (&self->drafts);
  g_clear_object (&self->prefill);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_ptr_array_unref);

  G_OBJECT_CLASS (cr_composer_window_parent_class)->dispose (object);
}

static void
cr_composer_window_finalize (GObject *object)
{
  CrComposerWindow *self = CR_COMPOSER_WINDOW (object);

  g_free (self->draft_key);
  g_free (self->sent_id);

  G_OBJECT_CLASS (cr_composer_window_parent_class)->finalize (object);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  on_send_clicked (CR_COMPOSER_WINDOW (widget));
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  on_attach_clicked (CR_COMPOSER_WINDOW (widget));
}

static void
cr_composer_window_class_init (CrComposerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cr_composer_window_dispose;
  object_class->finalize = cr_composer_window_finalize;

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "composer.attach", NULL, attach_action);

  /* The outbox id: the main window offers “Annuler l'envoi” with it. */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);
}

static GtkWidget *
build_header (CrComposerWindow *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *attach = gtk_button_new_from_icon_name ("mail-attachment-symbolic");

  /* A tooltip names nothing for a screen reader in GTK 4.8. */
  gtk_widget_set_tooltip_text (attach, _("Attach Files"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (attach), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Attach Files"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (attach), "composer.attach");
  self->send_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Send")));
  gtk_widget_add_css_class (GTK_WIDGET (self->send_button), "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->send_button), "composer.send");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), attach);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->send_button));
  return header;
}

static GtkWidget *
build_fields (CrComposerWindow *self)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *from_label = gtk_label_new_with_mnemonic (_("_From"));

  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 12);
  gtk_widget_set_margin_start (GTK_WIDGET (grid), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (grid), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (grid), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (grid), 6);

  self->from = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_label_set_xalign (GTK_LABEL (from_label), 1);
  gtk_widget_add_css_class (from_label, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (from_label), GTK_WIDGET (self->from));
  gtk_grid_attach (grid, from_label, 0, 0, 1, 1);
  gtk_grid_attach (grid, GTK_WIDGET (self->from), 1, 0, 1, 1);
  self->to = add_field (grid, 1, _("_To"));
  self->cc = add_field (grid, 2, _("_Cc"));
  self->bcc = add_field (grid, 3, _("_Bcc"));
  /* “S_ubject”: Alt+S is “_Send”'s. */
  self->subject = add_field (grid, 4, _("S_ubject"));
  return GTK_WIDGET (grid);
}

/* Above the attachments, in the warning colour; shown only when needed. */
static void
build_size_warning (CrComposerWindow *self)
{
  self->size_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->size_label, TRUE);
  gtk_label_set_xalign (self->size_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->size_label), "warning");
  gtk_widget_set_margin_start (GTK_WIDGET (self->size_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->size_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->size_label), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->size_label), 6);
  gtk_widget_set_visible (GTK_WIDGET (self->size_label), FALSE);
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  keyval,
              GdkModifierType        modifiers,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                                          gtk_named_action_new (action)));
}

/* The keys of other mail programs: Ctrl+Enter sends (Enter alone is a
 * new line), Ctrl+Shift+A attaches, Ctrl+W closes (the draft stays).
 * In the capture phase: the text view and the entries would take them
 * first (a new line, “select none”). */
static void
add_shortcuts (CrComposerWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_shortcut (shortcuts, GDK_KEY_Return, GDK_CONTROL_MASK, "composer.send");
  add_shortcut (shortcuts, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "composer.send");
  add_shortcut (shortcuts, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "composer.attach");
  add_shortcut (shortcuts, GDK_KEY_w, GDK_CONTROL_MASK, "window.close");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
cr_composer_window_init (CrComposerWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  GtkWidget *header = build_header (self);
  GtkWidget *spell_toggle;

  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->draft_key = cr_drafts_new_key ();

  gtk_window_set_title (GTK_WINDOW (self), _("New Message"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 620);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), build_fields (self));

  self->body = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->body, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->body, 12);
  gtk_text_view_set_right_margin (self->body, 12);
  gtk_text_view_set_top_margin (self->body, 12);
  gtk_text_view_set_bottom_margin (self->body, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->body), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Message text"), -1);
  spell_toggle = g_object_new (GTK_TYPE_TOGGLE_BUTTON,
                               "icon-name", "tools-check-spelling-symbolic",
                               "tooltip-text", _("Check Spelling"),
                               NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spell_toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Check Spelling"), -1);
  g_object_bind_property (cr_spell_checker_attach (self->body), "enabled", spell_toggle, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), spell_toggle);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->body));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), scrolled);

  build_size_warning (self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->size_label));

  self->attachment_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->attachment_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->attachment_list), "boxed-list");
  gtk_widget_set_margin_start (GTK_WIDGET (self->attachment_list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->attachment_list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->attachment_list), 6);
  gtk_widget_set_visible (GTK_WIDGET (self->attachment_list), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->attachment_list));

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_xalign (self->status, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  gtk_widget_set_margin_start (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->status), 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));

  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  add_shortcuts (self);

  g_signal_connect_swapped (self->from, "notify::selected", G_CALLBACK (update_size_warning), self);
  g_signal_connect_swapped (self->to, "changed", G_CALLBACK (cr_composer_window_schedule_draft), self);
  g_signal_connect_swapped (self->cc, "changed", G_CALLBACK (cr_composer_window_schedule_draft), self);
  g_signal_connect_swapped (self->bcc, "changed", G_CALLBACK (cr_composer_window_schedule_draft), self);
  g_signal_connect_swapped (self->subject, "changed", G_CALLBACK (cr_composer_window_schedule_draft), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body), "changed", G_CALLBACK (cr_composer_window_schedule_draft), self);
}

/* The account's signature under what will be typed, above a quote, after
 * the usual “-- ” line (RFC 3676: readers can tell it and strip it). */
static void
add_signature (CrComposerWindow *self)
{
  CrAccount *account = cr_composer_window_get_account (self);
  const char *signature = account != NULL ? cr_account_get_signature (account) : NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body);
  g_autofree char *text = NULL;
  GtkTextIter start;

  if (signature == NULL || *signature == '\0')
    return;
  /* A message taken back from the outbox (“Annuler l'envoi”) has it. */
  text = g_strdup_printf ("-- \n%s", signature);
  if (self->prefill != NULL && cr_message_builder_get_body (self->prefill) != NULL &&
      strstr (cr_message_builder_get_body (self->prefill), text) != NULL)
    return;
  g_free (text);
  text = g_strdup_printf ("\n\n-- \n%s%s", signature, gtk_text_buffer_get_char_count (buffer) > 0 ? "\n" : "");
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, text, -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

CrComposerWindow *
cr_composer_window_new_restored (CrContext        *context,
                                 CrSendQueue      *queue,
                                 CrMessageBuilder *draft,
                                 const char       *key)
{
  CrComposerWindow *self;

  g_return_val_if_fail (CR_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (CR_IS_SEND_QUEUE (queue), NULL);
  g_return_val_if_fail (draft == NULL || CR_IS_MESSAGE_BUILDER (draft), NULL);

  self = g_object_new (CR_TYPE_COMPOSER_WINDOW, NULL);
  self->context = g_object_ref (context);
  self->queue = g_object_ref (queue);
  self->drafts = cr_drafts_new (cr_context_get_paths (context));
  if (key != NULL)
    {
      g_free (self->draft_key);
      self->draft_key = g_strdup (key);
    }
  fill_accounts (self);
  attach_completion (self);
  if (draft != NULL)
    {
      self->prefill = g_object_ref (draft);
      apply_prefill (self);
    }
  /* Filling the fields is no typing: no draft yet. */
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  return self;
}

CrComposerWindow *
cr_composer_window_new (CrContext        *context,
                        CrSendQueue      *queue,
                        CrMessageBuilder *prefill)
{
  CrComposerWindow *self = cr_composer_window_new_restored (context, queue, prefill, NULL);

  add_signature (self);
  return self;
}
