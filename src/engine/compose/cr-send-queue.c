/* cr-send-queue.c — the application's side of the outbox
 *
 * One timer for all accounts, armed for the earliest due message. When
 * it fires, each account with something due gets its password (the
 * session's, or the keyring's) and one cr_outbox_send_due_async() round;
 * an account is never in two rounds at once. After each round the timer
 * is armed again, so backoff retries happen by themselves.
 *
 * A round can leave a message due without having changed it: another
 * sender (courrier-cli) holds its lock, or its state could not be written
 * (a full disk). Rounds started again at once would spin (and reconnect
 * to the server) until that ends, so such an account pauses, 5 s and
 * doubling up to a minute; a new message from the person, or a round
 * that leaves nothing due, ends the pause.
 *
 * Signals: “round-finished” (account id, GError or NULL, number sent),
 * for the UI to refresh the outbox and show errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-send-queue.h"

struct _CrSendQueue
{
  GObject     parent_instance;

  CrContext  *context;
  CrOutbox   *outbox;
  GHashTable *passwords; /* account id → password */
  GHashTable *running;   /* account ids in a round */
  GHashTable *paused;    /* account id → Pause */
  guint       delay;
  guint       timer_id;
  gulong      network_id;
};

#define PAUSE_FIRST 5
#define PAUSE_MAX 60

typedef struct
{
  gint64 until;   /* Unix time */
  guint  seconds; /* the last pause, doubled at the next */
} Pause;

G_DEFINE_FINAL_TYPE (CrSendQueue, cr_send_queue, G_TYPE_OBJECT)

enum {
  ROUND_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
wipe_password (gpointer data)
{
  char *password = data;

  memset (password, 0, strlen (password));
  g_free (password);
}

static void
cr_send_queue_dispose (GObject *object)
{
  CrSendQueue *self = CR_SEND_QUEUE (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_signal_handler (&self->network_id, g_network_monitor_get_default ());
  g_clear_object (&self->outbox);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cr_send_queue_parent_class)->dispose (object);
}

static void
cr_send_queue_finalize (GObject *object)
{
  CrSendQueue *self = CR_SEND_QUEUE (object);

  g_clear_pointer (&self->passwords, g_hash_table_unref);
  g_clear_pointer (&self->running, g_hash_table_unref);
  g_clear_pointer (&self->paused, g_hash_table_unref);

  G_OBJECT_CLASS (cr_send_queue_parent_class)->finalize (object);
}

static void
cr_send_queue_class_init (CrSendQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cr_send_queue_dispose;
  object_class->finalize = cr_send_queue_finalize;

  signals[ROUND_FINISHED] =
    g_signal_new ("round-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_ERROR, G_TYPE_UINT);
}

static void
cr_send_queue_init (CrSendQueue *self)
{
  self->passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_password);
  self->running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->paused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->delay = CR_SEND_QUEUE_DEFAULT_DELAY;
}

/* Back online: what waits for a retry goes now, not after its backoff. */
static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    CrSendQueue     *self)
{
  if (!available)
    return;
  cr_outbox_wake (self->outbox, NULL);
  cr_send_queue_schedule (self);
}

CrSendQueue *
cr_send_queue_new (CrContext *context)
{
  CrSendQueue *self;

  g_return_val_if_fail (CR_IS_CONTEXT (context), NULL);

  self = g_object_new (CR_TYPE_SEND_QUEUE, NULL);
  self->context = g_object_ref (context);
  self->outbox = cr_outbox_new (cr_context_get_paths (context));
  self->network_id = g_signal_connect (g_network_monitor_get_default (), "network-changed",
                                       G_CALLBACK (on_network_changed), self);
  return self;
}

CrOutbox *
cr_send_queue_get_outbox (CrSendQueue *self)
{
  g_return_val_if_fail (CR_IS_SEND_QUEUE (self), NULL);
  return self->outbox;
}

guint
cr_send_queue_get_delay (CrSendQueue *self)
{
  g_return_val_if_fail (CR_IS_SEND_QUEUE (self), 0);
  return self->delay;
}

void
cr_send_queue_set_delay (CrSendQueue *self,
                         guint        seconds)
{
  g_return_if_fail (CR_IS_SEND_QUEUE (self));
  self->delay = seconds;
}

void
cr_send_queue_set_password (CrSendQueue *self,
                            const char  *account_id,
                            const char  *password)
{
  g_return_if_fail (CR_IS_SEND_QUEUE (self));
  g_return_if_fail (account_id != NULL);

  if (password != NULL)
    g_hash_table_replace (self->passwords, g_strdup (account_id), g_strdup (password));
  else
    g_hash_table_remove (self->passwords, account_id);
}

char *
cr_send_queue_send (CrSendQueue       *self,
                    CrAccount         *account,
                    CrMessageBuilder  *builder,
                    GError           **error)
{
  g_autoptr(GBytes) raw = NULL;
  g_auto(GStrv) recipients = NULL;
  char *id;

  g_return_val_if_fail (CR_IS_SEND_QUEUE (self), NULL);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), NULL);

  raw = cr_message_builder_build (builder, TRUE, error);
  if (raw == NULL)
    return NULL;
  recipients = cr_message_builder_dup_recipients (builder);
  id = cr_outbox_enqueue (self->outbox, cr_account_get_id (account), cr_account_get_address (account),
                          (const char * const *) recipients, raw, self->delay, error);
  if (id == NULL)
    return NULL;
  /* A new message is worth a try now, paused or not. */
  g_hash_table_remove (self->paused, cr_account_get_id (account));
  cr_send_queue_schedule (self);
  return id;
}

gboolean
cr_send_queue_cancel (CrSendQueue  *self,
                      const char   *id,
                      GError      **error)
{
  g_return_val_if_fail (CR_IS_SEND_QUEUE (self), FALSE);
  return cr_outbox_cancel (self->outbox, id, error);
}

typedef struct
{
  CrSendQueue *self;
  CrAccount   *account;
} Round;

static void
round_free (Round *round)
{
  g_object_unref (round->self);
  g_object_unref (round->account);
  g_free (round);
}

/* Still due right after its round: the round could not move it on. */
static void
update_pause (CrSendQueue *self,
              const char  *account_id)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 due = cr_outbox_get_next_due (self->outbox, account_id);
  Pause *pause = g_hash_table_lookup (self->paused, account_id);

  if (due == 0 || due > now)
    {
      g_hash_table_remove (self->paused, account_id);
      return;
    }
  if (pause == NULL)
    {
      pause = g_new0 (Pause, 1);
      g_hash_table_insert (self->paused, g_strdup (account_id), pause);
    }
  pause->seconds = pause->seconds == 0 ? PAUSE_FIRST : MIN (pause->seconds * 2, PAUSE_MAX);
  pause->until = now + pause->seconds;
}

static void
round_finish (Round        *round,
              const GError *error,
              guint         sent)
{
  CrSendQueue *self = round->self;
  const char *account_id = cr_account_get_id (round->account);

  g_hash_table_remove (self->running, account_id);
  if (self->context != NULL)
    update_pause (self, account_id);
  g_signal_emit (self, signals[ROUND_FINISHED], 0, account_id, error, sent);
  if (self->context != NULL)
    cr_send_queue_schedule (self);
  round_free (round);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint sent = 0;

  cr_outbox_send_due_finish (CR_OUTBOX (source), result, &sent, &error);
  round_finish (user_data, error, sent);
}

static void
start_round (Round      *round,
             const char *password)
{
  cr_outbox_send_due_async (round->self->outbox, round->self->context, round->account, password,
                            NULL, on_sent, round);
}

static void
on_password (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Round *round = user_data;
  g_autoptr(CrPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  password = cr_secrets_lookup_finish (CR_SECRETS (source), result, &error);
  if (password != NULL)
    {
      start_round (round, password);
      return;
    }
  if (error == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("No password is known for the outgoing server."));
  round_finish (round, error, 0);
}

static void
start_account (CrSendQueue *self,
               CrAccount   *account)
{
  const char *password = g_hash_table_lookup (self->passwords, cr_account_get_id (account));
  Round *round = g_new0 (Round, 1);

  round->self = g_object_ref (self);
  round->account = g_object_ref (account);
  g_hash_table_add (self->running, g_strdup (cr_account_get_id (account)));

  if (password != NULL)
    start_round (round, password);
  else
    cr_secrets_lookup_async (cr_context_get_secrets (self->context), account,
                             cr_account_get_outgoing (account), NULL, on_password, round);
}

/* Starts the due accounts; returns the earliest later due time, 0 for
 * none. */
static gint64
run_due (CrSendQueue *self,
         gint64       now)
{
  GListModel *accounts = G_LIST_MODEL (cr_context_get_account_manager (self->context));
  gint64 earliest = 0;

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CrAccount) account = g_list_model_get_item (accounts, i);
      gint64 due = cr_outbox_get_next_due (self->outbox, cr_account_get_id (account));
      Pause *pause = g_hash_table_lookup (self->paused, cr_account_get_id (account));

      if (due == 0 || g_hash_table_contains (self->running, cr_account_get_id (account)))
        continue;
      if (pause != NULL)
        due = MAX (due, pause->until);
      if (due <= now)
        start_account (self, account);
      else if (earliest == 0 || due < earliest)
        earliest = due;
    }
  return earliest;
}

static gboolean
on_timer (gpointer user_data)
{
  CrSendQueue *self = user_data;

  self->timer_id = 0;
  cr_send_queue_schedule (self);
  return G_SOURCE_REMOVE;
}

void
cr_send_queue_schedule (CrSendQueue *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next;

  g_return_if_fail (CR_IS_SEND_QUEUE (self));

  g_clear_handle_id (&self->timer_id, g_source_remove);
  next = run_due (self, now);
  if (next != 0)
    self->timer_id = g_timeout_add_seconds ((guint) MIN (next - now, G_MAXUINT / 2), on_timer, self);
}
