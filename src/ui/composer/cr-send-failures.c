/* cr-send-failures.c — a message the outgoing server refused for good,
 * told to the person, with a way to fix it
 *
 * A refused recipient, a wrong password or a message too large leaves
 * the message in the outbox, “failed”: nothing will send it until the
 * person acts, so they must be told (a toast said “Message sent” when it
 * was queued). One dialog per failed message, once: its error with the
 * server's words, “Later” (it stays in the outbox) or “Edit Message” (it
 * leaves the outbox and opens in a composer). Temporary failures are not
 * shown: the queue tries again by itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-compose-reply.h"
#include "cr-send-failures.h"

struct _CrSendFailures
{
  GObject      parent_instance;

  CrSendQueue *queue;
  GtkWindow   *parent;  /* (weak) */
  GHashTable  *shown;   /* outbox ids already told */
  gulong       round_id;
};

G_DEFINE_FINAL_TYPE (CrSendFailures, cr_send_failures, G_TYPE_OBJECT)

enum {
  EDIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cr_send_failures_dispose (GObject *object)
{
  CrSendFailures *self = CR_SEND_FAILURES (object);

  g_clear_signal_handler (&self->round_id, self->queue);
  g_clear_object (&self->queue);
  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (cr_send_failures_parent_class)->dispose (object);
}

static void
cr_send_failures_finalize (GObject *object)
{
  CrSendFailures *self = CR_SEND_FAILURES (object);

  g_clear_pointer (&self->shown, g_hash_table_unref);

  G_OBJECT_CLASS (cr_send_failures_parent_class)->finalize (object);
}

static void
cr_send_failures_class_init (CrSendFailuresClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cr_send_failures_dispose;
  object_class->finalize = cr_send_failures_finalize;

  signals[EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, CR_TYPE_MESSAGE_BUILDER);
}

static void
cr_send_failures_init (CrSendFailures *self)
{
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Out of the outbox (so that it is not sent as it was) and back to the
 * person as a message to fix. */
static void
edit (CrSendFailures *self,
      const char     *id)
{
  CrOutbox *outbox = cr_send_queue_get_outbox (self->queue);
  g_autoptr(GBytes) raw = cr_outbox_load_message (outbox, id, NULL);
  g_autoptr(CrMessageBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  if (raw == NULL || !cr_send_queue_cancel (self->queue, id, &error))
    {
      g_debug ("Outbox entry %s not taken back: %s", id, error != NULL ? error->message : "gone");
      return;
    }
  builder = cr_compose_reopen (raw);
  g_signal_emit (self, signals[EDIT], 0, builder);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             CrSendFailures   *self)
{
  if (g_strcmp0 (response, "edit") == 0)
    edit (self, g_object_get_data (G_OBJECT (dialog), "cr-outbox-id"));
}

static void
show (CrSendFailures *self,
      CrOutboxEntry  *entry)
{
  GtkWidget *dialog = adw_message_dialog_new (self->parent, _("Message Not Sent"),
                                              entry->last_error != NULL ? entry->last_error
                                                                        : _("The outgoing server refused it."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Later"),
                                    "edit", _("_Edit Message"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "edit", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "edit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_object_set_data_full (G_OBJECT (dialog), "cr-outbox-id", g_strdup (entry->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
cr_send_failures_check (CrSendFailures *self,
                        const char     *account_id)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_if_fail (CR_IS_SEND_FAILURES (self));

  entries = cr_outbox_list (cr_send_queue_get_outbox (self->queue), account_id, NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      CrOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->state != CR_OUTBOX_STATE_FAILED || g_hash_table_contains (self->shown, entry->id))
        continue;
      g_hash_table_add (self->shown, g_strdup (entry->id));
      show (self, entry);
    }
}

static void
on_round_finished (CrSendQueue    *queue,
                   const char     *account_id,
                   const GError   *error,
                   guint           sent,
                   CrSendFailures *self)
{
  if (error != NULL)
    cr_send_failures_check (self, account_id);
}

CrSendFailures *
cr_send_failures_new (CrSendQueue *queue,
                      GtkWindow   *parent)
{
  CrSendFailures *self;

  g_return_val_if_fail (CR_IS_SEND_QUEUE (queue), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CR_TYPE_SEND_FAILURES, NULL);
  self->queue = g_object_ref (queue);
  g_set_weak_pointer (&self->parent, parent);
  self->round_id = g_signal_connect (queue, "round-finished", G_CALLBACK (on_round_finished), self);
  return self;
}
