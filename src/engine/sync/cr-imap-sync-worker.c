/* cr-imap-sync-worker.c — the worker thread of a CrImapSync
 *
 * The thread runs its own GMainContext. A job is an idle source on it;
 * jobs run one at a time with the thread's session, connected on demand
 * and dropped after an error that leaves it in an unknown state. Results
 * go back through the job's GTask, notices through idle sources on the
 * owner's context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-imap-sync-private.h"
#include "cr-net-error.h"

typedef struct
{
  GTask             *task;
  CrImapSyncJobFunc  func;
  gpointer           data;
  GDestroyNotify     data_free;
  GDestroyNotify     result_free;
  gboolean           returned;
} Job;

static void
job_free (gpointer user_data)
{
  Job *job = user_data;

  /* A job that never ran (shut down first) still answers its caller. */
  if (!job->returned)
    g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The account was closed."));

  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
  g_clear_object (&job->task);
  g_free (job);
}

static void
attach_idle (GMainContext   *context,
             GSourceFunc     func,
             gpointer        data,
             GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[courrier] imap sync");
  g_source_attach (source, context);
}

/* Signals on the owner's context --------------------------------------- */

typedef struct
{
  CrImapSync *self;
  char       *path;
  guint       done;
  guint       total;
  gint64      folder_id;
  guint       change;
} Notice;

static void
notice_free (gpointer data)
{
  Notice *notice = data;

  g_object_unref (notice->self);
  g_free (notice->path);
  g_free (notice);
}

static gboolean
emit_progress (gpointer data)
{
  Notice *notice = data;

  cr_imap_sync_emit_progress (notice->self, notice->path, notice->done, notice->total);

  return G_SOURCE_REMOVE;
}

static gboolean
emit_changed (gpointer data)
{
  Notice *notice = data;

  cr_imap_sync_emit_changed (notice->self, notice->folder_id, notice->change);

  return G_SOURCE_REMOVE;
}

static void
on_progress (const char *path,
             guint       done,
             guint       total,
             gpointer    user_data)
{
  Notice *notice = g_new0 (Notice, 1);

  notice->self = g_object_ref (user_data);
  notice->path = g_strdup (path);
  notice->done = done;
  notice->total = total;
  attach_idle (notice->self->owner_context, emit_progress, notice, notice_free);
}

static void
on_changed (gint64        folder_id,
            CrStoreChange change,
            gpointer      user_data)
{
  Notice *notice = g_new0 (Notice, 1);

  notice->self = g_object_ref (user_data);
  notice->folder_id = folder_id;
  notice->change = change;
  attach_idle (notice->self->owner_context, emit_changed, notice, notice_free);
}

/* The worker ------------------------------------------------------------ */

gpointer
cr_imap_sync_worker_main (gpointer data)
{
  CrImapSync *self = data;

  g_main_context_push_thread_default (self->worker_context);
  g_main_loop_run (self->worker_loop);

  /* No IDLE source may outlive the thread (shutdown iterates the
   * context after the join). */
  cr_imap_sync_idle_clear (self);

  /* The sessions are closed by the thread that used them. */
  cr_imap_sync_watch_close (self);
  if (self->session != NULL)
    cr_session_disconnect (CR_SESSION (self->session));
  g_clear_object (&self->session);
  g_clear_pointer (&self->selected, g_free);

  g_main_context_pop_thread_default (self->worker_context);

  return NULL;
}

static void
drop_session (CrImapSync *self)
{
  g_clear_object (&self->session);
  g_clear_pointer (&self->selected, g_free);
  self->enable_done = FALSE;
  self->qresync_enabled = FALSE;
}

/* After these the connection may be anywhere in a command: start over. */
static gboolean
breaks_session (const GError *error)
{
  if (error->domain == CR_STORE_ERROR)
    return FALSE;
  if (error->domain == CR_NET_ERROR && error->code == CR_NET_ERROR_SERVER_ERROR)
    return FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    return FALSE;

  return TRUE;
}

static gboolean
ensure_session (CrImapSync     *self,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autofree char *password = NULL;

  if (self->session != NULL && cr_imap_session_is_connected (self->session))
    return TRUE;

  drop_session (self);

  g_mutex_lock (&self->lock);
  password = g_strdup (self->password);
  g_mutex_unlock (&self->lock);

  if (password == NULL)
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED,
                   /* Translators: %s is the account’s name */
                   _("No password is known for the account “%s”."), self->account_name);
      return FALSE;
    }

  self->session = cr_imap_session_new (self->server, self->login, self->certificates, self->database);
  if (!cr_session_connect_sync (CR_SESSION (self->session), password, cancellable, error))
    {
      memset (password, 0, strlen (password));
      drop_session (self);
      return FALSE;
    }
  memset (password, 0, strlen (password));

  return TRUE;
}

static void
forward_cancel (GCancellable *cancellable,
                gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static void
init_run (CrImapSync    *self,
          CrImapSyncRun *run,
          GCancellable  *cancellable)
{
  memset (run, 0, sizeof *run);
  run->session = self->session;
  run->store = self->store;
  run->account_id = self->account_id;
  run->cancellable = cancellable;
  run->progress = on_progress;
  run->changed = on_changed;
  run->user_data = self;
  run->selected = &self->selected;
  run->fetch_trouble = self->fetch_trouble;

  g_mutex_lock (&self->lock);
  run->batch_size = self->batch_size;
  run->use_qresync = self->use_qresync;
  g_mutex_unlock (&self->lock);
}

static gpointer
run_func (CrImapSync         *self,
          CrImapSyncJobFunc   func,
          gpointer            data,
          GCancellable       *cancellable,
          GError            **error)
{
  CrImapSyncRun run;
  gpointer result;

  if (!ensure_session (self, cancellable, error))
    return NULL;

  init_run (self, &run, cancellable);

  /* ENABLE once per connection; its answer decides QRESYNC for good. */
  if (!self->enable_done && run.use_qresync)
    {
      if (!cr_imap_sync_run_enable (&run, error))
        return NULL;
      self->qresync_enabled = run.qresync_enabled;
      self->enable_done = TRUE;
    }
  run.qresync_enabled = self->qresync_enabled && run.use_qresync;

  cr_session_set_cancellable (CR_SESSION (self->session), cancellable);
  result = func (self, &run, data, error);
  if (self->session != NULL)
    cr_session_set_cancellable (CR_SESSION (self->session), NULL);

  g_mutex_lock (&self->lock);
  self->round_trips = run.round_trips;
  g_mutex_unlock (&self->lock);

  return result;
}

/**
 * cr_imap_sync_worker_run:
 * @task_cancellable: (nullable): also cancels the run
 *
 * On the worker thread: runs @func with a logged-in session, cancellable
 * by shutdown, and drops the session after an error that leaves it in an
 * unknown state. Returns @func's result, or %NULL with @error set.
 */
gpointer
cr_imap_sync_worker_run (CrImapSync         *self,
                         CrImapSyncJobFunc   func,
                         gpointer            data,
                         GCancellable       *task_cancellable,
                         GError            **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) local_error = NULL;
  gulong handler = 0;
  gboolean stopping;
  gpointer result = NULL;

  g_mutex_lock (&self->lock);
  stopping = self->shutting_down;
  if (!stopping)
    g_set_object (&self->current, cancellable);
  g_mutex_unlock (&self->lock);
  if (stopping)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The account was closed."));
      return NULL;
    }

  if (task_cancellable != NULL)
    handler = g_cancellable_connect (task_cancellable, G_CALLBACK (forward_cancel),
                                     g_object_ref (cancellable), g_object_unref);

  if (!g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    result = run_func (self, func, data, cancellable, &local_error);

  g_cancellable_disconnect (task_cancellable, handler);

  g_mutex_lock (&self->lock);
  g_clear_object (&self->current);
  g_mutex_unlock (&self->lock);

  if (local_error != NULL && breaks_session (local_error))
    {
      if (self->session != NULL)
        cr_session_disconnect (CR_SESSION (self->session));
      drop_session (self);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return result;
}

static gboolean
run_job (gpointer user_data)
{
  Job *job = user_data;
  CrImapSync *self = g_task_get_source_object (job->task);
  g_autoptr(GError) error = NULL;
  gpointer result;
  gboolean stopping;

  g_mutex_lock (&self->lock);
  stopping = self->shutting_down;
  g_mutex_unlock (&self->lock);
  if (stopping)
    return G_SOURCE_REMOVE;

  /* The connection is ours again: leave IDLE first. */
  cr_imap_sync_idle_stop (self);
  cr_imap_sync_post_status (self, CR_IMAP_SYNC_STATUS_SYNCING, NULL);
  result = cr_imap_sync_worker_run (self, job->func, job->data, g_task_get_cancellable (job->task), &error);
  cr_imap_sync_post_status (self, CR_IMAP_SYNC_STATUS_IDLE, error);

  job->returned = TRUE;
  if (error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&error));
  else
    g_task_return_pointer (job->task, result, job->result_free);

  cr_imap_sync_idle_schedule (self);
  return G_SOURCE_REMOVE;
}

/**
 * cr_imap_sync_queue_job:
 * @task: (transfer none): made with this object as its source
 *
 * Runs @func on the worker thread after the jobs queued before it.
 */
void
cr_imap_sync_queue_job (CrImapSync        *self,
                        GTask             *task,
                        CrImapSyncJobFunc  func,
                        gpointer           data,
                        GDestroyNotify     data_free,
                        GDestroyNotify     result_free)
{
  gboolean stopped;
  Job *job;

  g_return_if_fail (CR_IS_IMAP_SYNC (self));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (g_task_get_source_object (task) == (gpointer) self);

  job = g_new0 (Job, 1);
  job->task = g_object_ref (task);

  /* After the shutdown, nothing would ever run it. */
  g_mutex_lock (&self->lock);
  stopped = self->shutting_down;
  g_mutex_unlock (&self->lock);
  if (stopped)
    {
      job->data = data;
      job->data_free = data_free;
      job_free (job);
      return;
    }

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;

  /* Always a source, never a direct call: a job queued by a job waits
   * for its turn. */
  attach_idle (self->worker_context, run_job, job, job_free);
}

/**
 * cr_imap_sync_get_worker_context:
 *
 * Returns: (transfer none): the worker thread's main context
 */
GMainContext *
cr_imap_sync_get_worker_context (CrImapSync *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SYNC (self), NULL);

  return self->worker_context;
}
