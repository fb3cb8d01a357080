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
  char               *account_name; /* for messages: the id means nothing to people */
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
  gboolean            push;          /* IDLE wanted */
  char               *push_path;     /* the open folder, NULL: the inbox */
  gboolean            idling;        /* for the UI and tests */
  gboolean            watching;      /* the inbox watcher is in IDLE */

  /* Owner's context only. */
  gulong              queue_handler;
  gboolean            replay_queued;
  CrImapSyncStatus    status;
  char               *last_error;
  guint64             quota_used;
  guint64             quota_limit;
  gboolean            auto_sync;
  gboolean            auto_running;
  guint               auto_source;
  guint               auto_failures;
  gulong              network_handler;

  /* Worker thread only. */
  CrImapSession      *session;
  gboolean            qresync_enabled;
  gboolean            enable_done;
  char               *selected;
  GHashTable         *fetch_trouble; /* cr_imap_header_fetch_trouble_new() */
  GSource            *idle_start;   /* pending start of IDLE */
  GSource            *idle_wait;    /* the socket, while in IDLE */
  GSource            *idle_refresh; /* IDLE is renewed before servers drop it */
  char               *idle_path;    /* the folder in IDLE */
  guint32             idle_exists;
  guint               idle_failures;
  CrImapSession      *watch_session; /* the inbox's IDLE while another folder is open */
  GSource            *watch_start;
  GSource            *watch_wait;
  GSource            *watch_refresh;
  guint32             watch_exists;
  guint               watch_failures;
};

/* cr-imap-sync-worker.c */
gpointer      cr_imap_sync_worker_main         (gpointer           data);
/* cr-imap-sync-idle.c, on the worker thread */
void          cr_imap_sync_idle_stop           (CrImapSync        *self);
void          cr_imap_sync_idle_schedule       (CrImapSync        *self);
void          cr_imap_sync_idle_clear          (CrImapSync        *self);
/* cr-imap-sync-watch.c, on the worker thread */
void          cr_imap_sync_watch_update        (CrImapSync        *self);
void          cr_imap_sync_watch_close         (CrImapSync        *self);
/* cr-imap-sync-state.c: from the worker to the owner's context */
void          cr_imap_sync_post_status         (CrImapSync        *self,
                                                CrImapSyncStatus   status,
                                                const GError      *error);
void          cr_imap_sync_post_quota          (CrImapSync        *self,
                                                guint64            used,
                                                guint64            limit);
void          cr_imap_sync_stop_auto           (CrImapSync        *self);
gboolean      cr_imap_sync_run_quota           (CrImapSync        *self,
                                                CrImapSyncRun     *run,
                                                GError           **error);
/* cr-imap-sync.c: the notifications and signals */
void          cr_imap_sync_notify_state        (CrImapSync        *self);
void          cr_imap_sync_notify_quota        (CrImapSync        *self);
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
/* On the worker thread: @func with a logged-in session, outside any
 * job (IDLE's wake-ups). */
gpointer      cr_imap_sync_worker_run          (CrImapSync        *self,
                                                CrImapSyncJobFunc  func,
                                                gpointer           data,
                                                GCancellable      *task_cancellable,
                                                GError           **error);
/* The worker thread's own context: sources attached to it (a timeout for
 * polling, a socket source for IDLE) run on the worker thread, between
 * jobs. */
GMainContext *cr_imap_sync_get_worker_context  (CrImapSync        *self);

G_END_DECLS
