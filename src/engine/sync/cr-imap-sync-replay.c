/* cr-imap-sync-replay.c — replaying the queue of local-first operations
 *
 * A replay is a job on the account's worker like any other, so it never
 * races a sync on the session. It runs when asked, before each sync (a
 * sync must not bring back what the person just moved), and by itself
 * whenever the store says the queue changed and something is due: the
 * UI only enqueues. One automatic replay is queued at a time; one that
 * fails (offline) is tried again by the next enqueue or sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-imap-replay.h"
#include "cr-imap-sync-private.h"

static gpointer
replay_job (CrImapSync     *self,
            CrImapSyncRun  *run,
            gpointer        data,
            GError        **error)
{
  if (!cr_imap_replay_run (run, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

/**
 * cr_imap_sync_replay_async:
 *
 * Sends the queued operations of the account that are due to the
 * server, each removed from the queue once done.
 */
void
cr_imap_sync_replay_async (CrImapSync          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CR_IS_IMAP_SYNC (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_imap_sync_replay_async);
  cr_imap_sync_queue_job (self, task, replay_job, NULL, NULL, NULL);
}

gboolean
cr_imap_sync_replay_finish (CrImapSync    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_imap_sync_replay_async, FALSE);

  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

/* Automatic replay --------------------------------------------------- */

static void
auto_replay_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CrImapSync *self = CR_IMAP_SYNC (source);
  g_autoptr(GError) error = NULL;

  self->replay_queued = FALSE;
  if (!cr_imap_sync_replay_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("replay of %s: %s", self->account_id, error->message);
}

static gboolean
has_due_operation (CrImapSync *self)
{
  g_autoptr(GPtrArray) ops = NULL;

  ops = cr_store_peek_operations (self->store, self->account_id, 1,
                                  g_get_real_time () / G_USEC_PER_SEC, NULL);

  return ops != NULL && ops->len > 0;
}

static void
on_store_changed (CrStore       *store,
                  gint64         folder_id,
                  CrStoreChange  change,
                  CrImapSync    *self)
{
  if ((change & CR_STORE_CHANGE_QUEUE) == 0 || self->replay_queued)
    return;
  if (!has_due_operation (self))
    return;

  self->replay_queued = TRUE;
  cr_imap_sync_replay_async (self, NULL, auto_replay_done, NULL);
}

/* Called once the store is set; the handler goes at shutdown. */
void
cr_imap_sync_watch_queue (CrImapSync *self)
{
  self->queue_handler = g_signal_connect (self->store, "changed", G_CALLBACK (on_store_changed), self);
}

/* The password is known: what was queued before (by an earlier run of
 * the program, or while it was missing) goes out at once. */
void
cr_imap_sync_kick_replay (CrImapSync *self)
{
  if (self->queue_handler != 0)
    on_store_changed (self->store, 0, CR_STORE_CHANGE_QUEUE, self);
}

void
cr_imap_sync_unwatch_queue (CrImapSync *self)
{
  if (self->store != NULL)
    g_clear_signal_handler (&self->queue_handler, self->store);
}
