/* cr-imap-sync-private.h — running more jobs on an account's worker
 *
 * For the parts of the engine that add work to the same thread and
 * session (replay of local operations, IDLE, polling): a job runs on the
 * worker thread with a logged-in session and returns its result through
 * the GTask, on the context where the task was made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-imap-session.h"
#include "cr-imap-sync.h"
#include "cr-imap-sync-run.h"

G_BEGIN_DECLS

struct _CrImapSync
{
  GObject             parent_instance;

  /* Read-only after construction: safe from both threads. */
  CrAccount          *account;
  char               *account_id;
  CrServer           *server;       /* a copy, read by the worker */
  char               *login;
  CrStore            *store;
  CrCertificateStore *certificates;
  GTlsDatabase       *database;
  GMainContext       *owner_context;
  GMainContext       *worker_context;
  GMainLoop          *worker_loop;
  GThread            *thread;

  /* Shared, under the lock. */
  GMutex              lock;
  char               *password;
  guint               batch_size;
  gboolean            use_qresync;
  guint               offline_days;
  GCancellable       *current;      /* the running job's */
  gboolean            shutting_down;
  guint               round_trips;

  /* Owner's context only. */
  gulong              queue_handler;
  gboolean            replay_queued;

  /* Worker thread only. */
  CrImapSession      *session;
  gboolean            qresync_enabled;
  gboolean            enable_done;
  char               *selected;
};

/* cr-imap-sync-worker.c */
gpointer      cr_imap_sync_worker_main         (gpointer           data);
/* cr-imap-sync.c: the signals, emitted on the owner's context */
void          cr_imap_sync_emit_progress       (CrImapSync        *self,
                                                const char        *path,
                                                guint              done,
                                                guint              total);
void          cr_imap_sync_emit_changed        (CrImapSync        *self,
                                                gint64             folder_id,
                                                CrStoreChange      change);

/* cr-imap-sync-replay.c: replay whenever the queue has something due */
void          cr_imap_sync_watch_queue         (CrImapSync        *self);
void          cr_imap_sync_unwatch_queue       (CrImapSync        *self);
void          cr_imap_sync_kick_replay         (CrImapSync        *self);

/* Returns the task's result (non-NULL) or NULL with @error set. */
typedef gpointer (*CrImapSyncJobFunc) (CrImapSync     *self,
                                       CrImapSyncRun  *run,
                                       gpointer        data,
                                       GError        **error);

void          cr_imap_sync_queue_job           (CrImapSync        *self,
                                                GTask             *task,
                                                CrImapSyncJobFunc  func,
                                                gpointer           data,
                                                GDestroyNotify     data_free,
                                                GDestroyNotify     result_free);
/* The worker thread's own context: sources attached to it (a timeout for
 * polling, a socket source for IDLE) run on the worker thread, between
 * jobs. */
GMainContext *cr_imap_sync_get_worker_context  (CrImapSync        *self);

G_END_DECLS
