/* cr-outbox-send.c — sending what the outbox holds: one SMTP connection
 * per round, each entry under its lock, then the Envoyés copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-folder-copy.h"
#include "cr-outbox-private.h"
#include "cr-smtp-limits.h"
#include "cr-smtp-send.h"

#define BACKOFF_FIRST 30
#define BACKOFF_MAX 3600

/* Sending ------------------------------------------------------------------ */

typedef struct
{
  CrOutbox      *self;
  CrOutboxEntry *entry;
} SendingMark;

static gboolean
set_state (CrOutbox       *self,
           CrOutboxEntry  *entry,
           CrOutboxState   state,
           GError        **error)
{
  gboolean ok;

  entry->state = state;
  g_mutex_lock (&self->mutex);
  ok = cr_outbox_save_entry (self, entry, error);
  g_mutex_unlock (&self->mutex);
  return ok;
}

/* Durably “sending” before DATA: a crash from here on may send twice,
 * never lose. */
static gboolean
mark_sending (gpointer   user_data,
              GError   **error)
{
  SendingMark *mark = user_data;

  return set_state (mark->self, mark->entry, CR_OUTBOX_STATE_SENDING, error);
}

static void
record_failure (CrOutbox      *self,
                CrOutboxEntry *entry,
                const GError  *failure,
                gint64         now)
{
  guint shift;

  entry->attempts++;
  g_free (entry->last_error);
  entry->last_error = g_strdup (failure->message);
  shift = MIN (entry->attempts - 1, 7);
  entry->next_attempt = now + MIN (BACKOFF_FIRST << shift, BACKOFF_MAX);
  /* A sent message whose copy failed stays sent. */
  if (entry->state != CR_OUTBOX_STATE_SENT)
    entry->state = cr_send_error_is_temporary (failure) ? CR_OUTBOX_STATE_QUEUED : CR_OUTBOX_STATE_FAILED;
  set_state (self, entry, entry->state, NULL);
}

static gboolean
send_one (CrOutbox       *self,
          CrSmtpSession  *session,
          CrOutboxEntry  *entry,
          GError        **error)
{
  g_autoptr(GBytes) raw = cr_outbox_load_message (self, entry->id, error);
  SendingMark mark = { self, entry };

  if (raw == NULL)
    return FALSE;
  if (!cr_smtp_send_raw (session, entry->from, (const char * const *) entry->recipients, raw,
                         mark_sending, &mark, error))
    return FALSE;
  entry->last_error = (g_free (entry->last_error), NULL);
  return set_state (self, entry, CR_OUTBOX_STATE_SENT, error);
}

static gboolean
copy_one (CrOutbox       *self,
          CrContext      *context,
          CrAccount      *account,
          const char     *password,
          CrOutboxEntry  *entry,
          GCancellable   *cancellable,
          GError        **error)
{
  g_autoptr(GBytes) raw = NULL;

  if (!cr_folder_copy_server_keeps_sent (account))
    {
      raw = cr_outbox_load_message (self, entry->id, error);
      if (raw == NULL ||
          !cr_folder_copy_append_sync (context, account, password, CR_FOLDER_ROLE_SENT, raw,
                                       CR_MESSAGE_FLAG_SEEN, NULL, NULL, cancellable, error))
        return FALSE;
    }
  entry->copy_done = TRUE;
  g_mutex_lock (&self->mutex);
  cr_outbox_delete_entry (self, entry->id);
  g_mutex_unlock (&self->mutex);
  return TRUE;
}

static CrSmtpSession *
connect_smtp (CrContext     *context,
              CrAccount     *account,
              const char    *password,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(CrSmtpSession) session = cr_context_new_smtp_session (context, account);

  if (!cr_session_connect_sync (CR_SESSION (session), password, cancellable, error))
    return NULL;
  return g_steal_pointer (&session);
}

/* One sending round of an account: one connection for its whole queue. */
typedef struct
{
  CrContext     *context;
  CrAccount     *account;
  const char    *password;
  gint64         now;
  GCancellable  *cancellable;
  CrSmtpSession *session;
  GError        *first_error;
  guint          sent;
} Round;

/* @entry is locked by the caller. */
static void
send_locked (CrOutbox      *self,
             Round         *round,
             CrOutboxEntry *entry)
{
  g_autoptr(GError) local_error = NULL;

  if (entry->state != CR_OUTBOX_STATE_SENT)
    {
      /* Made only when needed. */
      if (round->session == NULL)
        {
          round->session = connect_smtp (round->context, round->account, round->password,
                                         round->cancellable, &local_error);
          if (round->session != NULL)
            cr_smtp_limits_note (self->paths, cr_account_get_id (round->account),
                                 cr_smtp_send_get_size_limit (round->session));
        }
      if (round->session == NULL || !send_one (self, round->session, entry, &local_error))
        {
          record_failure (self, entry, local_error, round->now);
          /* A lost connection is made again for the next one. */
          if (local_error->domain != CR_SEND_ERROR)
            g_clear_object (&round->session);
          if (round->first_error == NULL)
            round->first_error = g_steal_pointer (&local_error);
          return;
        }
      round->sent++;
    }

  /* The message is out: a failed copy is only retried, and does not
   * make the send a failure. */
  if (!copy_one (self, round->context, round->account, round->password, entry, round->cancellable, &local_error))
    {
      g_debug ("Envoyés copy of %s: %s", entry->id, local_error->message);
      record_failure (self, entry, local_error, round->now);
    }
}

gboolean
cr_outbox_send_due_sync (CrOutbox      *self,
                         CrContext     *context,
                         CrAccount     *account,
                         const char    *password,
                         gint64         now,
                         guint         *out_sent,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  Round round = { context, account, password, now, cancellable, NULL, NULL, 0 };

  g_return_val_if_fail (CR_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (CR_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (CR_IS_ACCOUNT (account), FALSE);

  entries = cr_outbox_list (self, cr_account_get_id (account), error);
  if (entries == NULL)
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      CrOutboxEntry *listed = g_ptr_array_index (entries, i);
      g_autoptr(CrOutboxEntry) entry = NULL;
      int fd;

      if (!cr_outbox_entry_is_due (listed, now) || g_cancellable_is_cancelled (cancellable))
        continue;
      /* Another sender has it, or had it and is done: what it wrote
       * before letting go counts, not our older reading. */
      fd = cr_outbox_lock_entry (self, listed->id);
      if (fd < 0)
        continue;
      entry = cr_outbox_get (self, listed->id, NULL);
      if (entry != NULL && cr_outbox_entry_is_due (entry, now))
        send_locked (self, &round, entry);
      cr_outbox_unlock_entry (fd);
    }

  if (round.session != NULL)
    cr_session_disconnect (CR_SESSION (round.session));
  g_clear_object (&round.session);
  if (out_sent != NULL)
    *out_sent = round.sent;
  if (round.first_error != NULL)
    {
      g_propagate_error (error, round.first_error);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  CrContext *context;
  CrAccount *account;
  char      *password;
  guint      sent;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->context);
  g_clear_object (&data->account);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
send_due_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SendData *data = task_data;
  GError *error = NULL;

  if (cr_outbox_send_due_sync (source_object, data->context, data->account, data->password,
                               g_get_real_time () / G_USEC_PER_SEC, &data->sent, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cr_outbox_send_due_async (CrOutbox            *self,
                          CrContext           *context,
                          CrAccount           *account,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *data;

  g_return_if_fail (CR_IS_OUTBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_outbox_send_due_async);
  data = g_new0 (SendData, 1);
  data->context = g_object_ref (context);
  data->account = g_object_ref (account);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  g_task_run_in_thread (task, send_due_thread);
}

gboolean
cr_outbox_send_due_finish (CrOutbox      *self,
                           GAsyncResult  *result,
                           guint         *out_sent,
                           GError       **error)
{
  SendData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (out_sent != NULL)
    *out_sent = data->sent;
  return g_task_propagate_boolean (G_TASK (result), error);
}
