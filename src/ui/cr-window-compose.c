/* cr-window-compose.c — writing from the main window
 *
 * “New Message” (Ctrl+N), “Reply” (Ctrl+R), “Reply to All”
 * (Shift+Ctrl+R) and “Forward” (Ctrl+L) open a composer, the last three
 * filled from the message in the reader. After “Send” a toast offers to
 * cancel during the send queue's delay. The queue is made once the store
 * is open, and looks at the outbox at once: what was due when Courrier
 * last quit goes now. A message the server refused for good is told in
 * a dialog (CrSendFailures) that can open it again to fix it, also at
 * start-up for those a previous run left. Messages a crash interrupted
 * (drafts still marked open) are open again in their composers, as GNOME
 * Text Editor restores its unsaved documents, and a toast says why they
 * are there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-composer-window.h"
#include "cr-compose-reply.h"
#include "cr-send-failures.h"
#include "cr-window-private.h"

static void
on_sent (CrComposerWindow *composer,
         const char       *id,
         CrWindow         *self)
{
  AdwToast *toast = adw_toast_new (_("Message sent"));

  /* What was written, to open it again if the sending is cancelled. */
  g_hash_table_replace (self->sent_builders, g_strdup (id), cr_composer_window_dup_builder (composer));

  adw_toast_set_button_label (toast, _("_Cancel Sending"));
  adw_toast_set_action_name (toast, "win.cancel-send");
  adw_toast_set_action_target_value (toast, g_variant_new_string (id));
  adw_toast_set_timeout (toast, MAX (1, cr_send_queue_get_delay (self->send_queue)));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
open_composer (CrWindow         *self,
               CrMessageBuilder *prefill)
{
  CrComposerWindow *composer;

  if (self->send_queue == NULL)
    return;

  composer = cr_composer_window_new (self->context, self->send_queue, prefill);
  gtk_window_set_transient_for (GTK_WINDOW (composer), NULL);
  g_signal_connect_object (composer, "sent", G_CALLBACK (on_sent), self, 0);
  gtk_window_present (GTK_WINDOW (composer));
}

/* The account the message in the reader came to. */
static CrAccount *
shown_account (CrWindow *self)
{
  g_autoptr(CrMessageInfo) info = NULL;
  g_autoptr(CrFolderInfo) folder = NULL;

  if (self->store == NULL || self->reader_message_id == 0)
    return NULL;
  info = cr_store_get_message (self->store, self->reader_message_id, NULL);
  if (info == NULL)
    return NULL;
  folder = cr_store_get_folder (self->store, info->folder_id, NULL);
  if (folder == NULL)
    return NULL;

  return cr_account_manager_lookup (cr_context_get_account_manager (self->context), folder->account_id);
}

static void
compose (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  open_composer (CR_WINDOW (widget), NULL);
}

static void
reply (GtkWidget  *widget,
       const char *action_name,
       GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);
  CrMimeMessage *message = cr_reader_view_get_message (self->reader);
  CrAccount *account = shown_account (self);
  g_autoptr(CrMessageBuilder) prefill = NULL;

  if (message == NULL || account == NULL)
    return;

  if (g_str_equal (action_name, "win.forward"))
    prefill = cr_compose_forward (message, self->reader_raw, account, CR_FORWARD_INLINE);
  else
    prefill = cr_compose_reply (message, account,
                                g_str_equal (action_name, "win.reply-all") ? CR_REPLY_ALL : CR_REPLY_SENDER);
  open_composer (self, prefill);
}

static void
cancel_send (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrMessageBuilder) builder = NULL;

  if (self->send_queue == NULL)
    return;

  /* Too late: it is on its way. The toast says so. */
  if (!cr_send_queue_cancel (self->send_queue, id, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  /* Back in a composer, as it was. */
  g_hash_table_steal_extended (self->sent_builders, id, NULL, (gpointer *) &builder);
  if (builder != NULL)
    open_composer (self, builder);
}

void
cr_window_update_compose_actions (CrWindow *self)
{
  gboolean shown = cr_reader_view_get_message (self->reader) != NULL && shown_account (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compose", self->send_queue != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reply", shown && self->send_queue != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reply-all", shown && self->send_queue != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forward", shown && self->send_queue != NULL);
}

#define FAILURES_KEY "cr-send-failures"

static void
on_edit_failed (CrSendFailures   *failures,
                CrMessageBuilder *builder,
                CrWindow         *self)
{
  open_composer (self, builder);
}

/* Kept on the window as data: it lives as long as the send queue. */
static void
watch_failures (CrWindow *self)
{
  CrSendFailures *failures = cr_send_failures_new (self->send_queue, GTK_WINDOW (self));

  g_signal_connect_object (failures, "edit", G_CALLBACK (on_edit_failed), self, 0);
  g_object_set_data_full (G_OBJECT (self), FAILURES_KEY, failures, g_object_unref);
  cr_send_failures_check (failures, NULL);
}

static void
restore_drafts (CrWindow *self)
{
  g_autoptr(GPtrArray) composers = cr_composer_window_restore_drafts (self->context, self->send_queue);

  for (guint i = 0; i < composers->len; i++)
    {
      CrComposerWindow *composer = g_ptr_array_index (composers, i);

      g_signal_connect_object (composer, "sent", G_CALLBACK (on_sent), self, 0);
      gtk_window_present (GTK_WINDOW (composer));
    }
  if (composers->len > 0)
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (g_dngettext (GETTEXT_PACKAGE,
                                                             "Courrier stopped while you were writing: your message is open again",
                                                             "Courrier stopped while you were writing: your messages are open again",
                                                             composers->len)));
}

/* Once the store is open. */
void
cr_window_start_compose (CrWindow *self)
{
  self->send_queue = cr_send_queue_new (self->context);
  self->sent_builders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  cr_send_queue_schedule (self->send_queue);
  cr_window_update_compose_actions (self);
  watch_failures (self);
  restore_drafts (self);
}

void
cr_window_dispose_compose (CrWindow *self)
{
  g_object_set_data (G_OBJECT (self), FAILURES_KEY, NULL);
  g_clear_object (&self->send_queue);
  g_clear_pointer (&self->sent_builders, g_hash_table_unref);
}

CrSendQueue *
cr_window_get_send_queue (CrWindow *self)
{
  g_return_val_if_fail (CR_IS_WINDOW (self), NULL);

  return self->send_queue;
}

void
cr_window_class_init_compose (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.compose", NULL, compose);
  gtk_widget_class_install_action (widget_class, "win.reply", NULL, reply);
  gtk_widget_class_install_action (widget_class, "win.reply-all", NULL, reply);
  gtk_widget_class_install_action (widget_class, "win.forward", NULL, reply);
  gtk_widget_class_install_action (widget_class, "win.cancel-send", "s", cancel_send);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.compose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.reply-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.forward", NULL);
}
