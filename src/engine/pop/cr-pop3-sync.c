/* cr-pop3-sync.c — one POP3 account checked on its own thread
 *
 * The worker thread runs its own GMainContext: a check asked for is an
 * idle source on it, the periodic check a timeout source, so checks
 * never overlap. Notices go back to the owner's context through a small
 * shared Notifier that dispose detaches: a notice that arrives after the
 * object is gone is dropped, and the worker never takes a reference on
 * the object (its last reference could then be dropped on the worker,
 * which would have to join itself).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-net-error.h"
#include "cr-pop3-run.h"
#include "cr-pop3-sync.h"

typedef struct
{
  gatomicrefcount  ref_count;
  CrPop3Sync      *owner; /* touched on the owner's context only */
} Notifier;

struct _CrPop3Sync
{
  GObject             parent_instance;

  CrAccount          *account;
  CrStore            *store;
  CrCertificateStore *certificates;
  GTlsDatabase       *database;

  GMutex              lock; /* guards the fields below it */
  char               *password;
  CrPop3ClockFunc     clock;
  gpointer            clock_data;
  guint               batch_size;
  GCancellable       *periodic_cancellable;
  GSource            *timer;
  CrCertificateInfo  *untrusted; /* met by the last check, or NULL */

  GMainContext       *owner_context;
  Notifier           *notifier;
  GMainContext       *worker_context;
  GMainLoop          *worker_loop;
  GThread            *worker;
};

G_DEFINE_FINAL_TYPE (CrPop3Sync, cr_pop3_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_STORE,
  PROP_CERTIFICATES,
  PROP_DATABASE,
  N_PROPS
};

enum {
  PROGRESS,
  CHECKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Notices on the owner's context ----------------------------------------- */

static Notifier *
notifier_ref (Notifier *notifier)
{
  g_atomic_ref_count_inc (&notifier->ref_count);
  return notifier;
}

static void
notifier_unref (Notifier *notifier)
{
  if (g_atomic_ref_count_dec (&notifier->ref_count))
    g_free (notifier);
}

typedef struct
{
  Notifier *notifier;
  guint     signal;
  guint     done;
  guint     total;
  GError   *error;
} Notice;

static void
notice_free (gpointer data)
{
  Notice *notice = data;

  notifier_unref (notice->notifier);
  g_clear_error (&notice->error);
  g_free (notice);
}

static gboolean
notice_emit (gpointer data)
{
  Notice *notice = data;
  CrPop3Sync *self = notice->notifier->owner;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (notice->signal == PROGRESS)
    g_signal_emit (self, signals[PROGRESS], 0, notice->done, notice->total);
  else
    g_signal_emit (self, signals[CHECKED], 0, notice->done, notice->error);

  return G_SOURCE_REMOVE;
}

static void
post_notice (CrPop3Sync   *self,
             guint         signal,
             guint         done,
             guint         total,
             const GError *error)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  Notice *notice = g_new0 (Notice, 1);

  notice->notifier = notifier_ref (self->notifier);
  notice->signal = signal;
  notice->done = done;
  notice->total = total;
  notice->error = error != NULL ? g_error_copy (error) : NULL;

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, notice_emit, notice, notice_free);
  g_source_set_static_name (source, "[courrier] pop3 notice");
  g_source_attach (source, self->owner_context);
}

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  post_notice (user_data, PROGRESS, done, total, NULL);
}

/* Checks, on the worker thread ------------------------------------------ */

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
run_check (CrPop3Sync    *self,
           GCancellable  *cancellable,
           guint         *out_downloaded,
           GError       **error)
{
  CrServer *server = cr_account_get_incoming (self->account);
  g_autoptr(CrPop3Session) session = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GError) local_error = NULL;
  CrPop3RunResult result = { 0 };
  gboolean ok;
  CrPop3Run run = { 0 };

  g_mutex_lock (&self->lock);
  password = g_strdup (self->password);
  run.now = self->clock (self->clock_data);
  run.batch_size = self->batch_size;
  g_mutex_unlock (&self->lock);

  if (password == NULL)
    {
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED,
                   /* Translators: %s is the account’s name */
                   _("No password is known for the account “%s”."),
                   cr_account_get_display_name (self->account));
      return FALSE;
    }

  session = cr_pop3_session_new (server, cr_account_get_login (self->account, server),
                                 self->certificates, self->database);
  ok = cr_session_connect_sync (CR_SESSION (session), password, cancellable, &local_error);
  /* What the person must check before trusting it (courrier-cli trust). */
  g_mutex_lock (&self->lock);
  g_clear_object (&self->untrusted);
  if (g_error_matches (local_error, CR_NET_ERROR, CR_NET_ERROR_CERTIFICATE_UNTRUSTED) &&
      cr_session_get_certificate_info (CR_SESSION (session)) != NULL)
    self->untrusted = g_object_ref (cr_session_get_certificate_info (CR_SESSION (session)));
  g_mutex_unlock (&self->lock);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  run.account = self->account;
  run.store = self->store;
  run.session = session;
  run.progress = on_progress;
  run.progress_data = self;
  if (!cr_pop3_run_check (&run, &result, cancellable, error))
    return FALSE;

  *out_downloaded = result.downloaded;
  g_debug ("POP3 %s: %u on the server, %u downloaded, %u deleted there",
           cr_account_get_id (self->account), result.on_server, result.downloaded, result.deleted);

  return TRUE;
}

typedef struct
{
  GTask  *task;
  guint   downloaded;
  GError *error;
} Reply;

static void
reply_free (gpointer data)
{
  Reply *reply = data;

  g_clear_object (&reply->task);
  g_clear_error (&reply->error);
  g_free (reply);
}

static gboolean
reply_return (gpointer data)
{
  Reply *reply = data;

  if (reply->error != NULL)
    g_task_return_error (reply->task, g_steal_pointer (&reply->error));
  else
    g_task_return_int (reply->task, reply->downloaded);

  return G_SOURCE_REMOVE;
}

/* The task holds the object, so its last reference must not be dropped
 * on the worker (which would have to join itself): the job's reference
 * goes back to the owner's context with the result. */
static gboolean
task_job (gpointer data)
{
  Reply *reply = g_new0 (Reply, 1);
  g_autoptr(GSource) source = g_idle_source_new ();
  CrPop3Sync *self;

  reply->task = data;
  self = g_task_get_source_object (reply->task);
  if (run_check (self, g_task_get_cancellable (reply->task), &reply->downloaded, &reply->error))
    post_notice (self, CHECKED, reply->downloaded, 0, NULL);
  else
    post_notice (self, CHECKED, 0, 0, reply->error);

  g_source_set_callback (source, reply_return, reply, reply_free);
  g_source_set_static_name (source, "[courrier] pop3 check done");
  g_source_attach (source, self->owner_context);

  return G_SOURCE_REMOVE;
}

static gboolean
periodic_job (gpointer data)
{
  CrPop3Sync *self = data;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  guint downloaded = 0;

  g_mutex_lock (&self->lock);
  cancellable = self->periodic_cancellable != NULL ? g_object_ref (self->periodic_cancellable) : NULL;
  g_mutex_unlock (&self->lock);
  if (cancellable == NULL || g_cancellable_is_cancelled (cancellable))
    return G_SOURCE_REMOVE;

  if (!run_check (self, cancellable, &downloaded, &error))
    g_info ("POP3 %s: periodic check failed: %s", cr_account_get_id (self->account), error->message);
  post_notice (self, CHECKED, downloaded, 0, error);

  return G_SOURCE_CONTINUE;
}

static gpointer
worker_main (gpointer data)
{
  CrPop3Sync *self = data;

  g_main_context_push_thread_default (self->worker_context);
  g_main_loop_run (self->worker_loop);
  g_main_context_pop_thread_default (self->worker_context);

  return NULL;
}

/* GObject ---------------------------------------------------------------- */

static void
cr_pop3_sync_constructed (GObject *object)
{
  CrPop3Sync *self = CR_POP3_SYNC (object);

  G_OBJECT_CLASS (cr_pop3_sync_parent_class)->constructed (object);

  g_return_if_fail (self->account != NULL && self->store != NULL);

  self->worker = g_thread_new ("courrier-pop3", worker_main, self);
}

static void
cr_pop3_sync_dispose (GObject *object)
{
  CrPop3Sync *self = CR_POP3_SYNC (object);

  if (self->notifier != NULL)
    {
      self->notifier->owner = NULL;
      g_clear_pointer (&self->notifier, notifier_unref);
    }
  cr_pop3_sync_stop_periodic (self);
  if (self->worker != NULL)
    {
      g_main_loop_quit (self->worker_loop);
      g_clear_pointer (&self->worker, g_thread_join);
    }

  g_clear_object (&self->account);
  g_clear_object (&self->store);
  g_clear_object (&self->certificates);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (cr_pop3_sync_parent_class)->dispose (object);
}

static void
cr_pop3_sync_finalize (GObject *object)
{
  CrPop3Sync *self = CR_POP3_SYNC (object);

  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  g_clear_object (&self->untrusted);
  g_clear_pointer (&self->worker_loop, g_main_loop_unref);
  g_clear_pointer (&self->worker_context, g_main_context_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cr_pop3_sync_parent_class)->finalize (object);
}

static void
cr_pop3_sync_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrPop3Sync *self = CR_POP3_SYNC (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CERTIFICATES:
      g_value_set_object (value, self->certificates);
      break;
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_pop3_sync_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CrPop3Sync *self = CR_POP3_SYNC (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CERTIFICATES:
      self->certificates = g_value_dup_object (value);
      break;
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_pop3_sync_class_init (CrPop3SyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cr_pop3_sync_constructed;
  object_class->dispose = cr_pop3_sync_dispose;
  object_class->finalize = cr_pop3_sync_finalize;
  object_class->get_property = cr_pop3_sync_get_property;
  object_class->set_property = cr_pop3_sync_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, CR_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CERTIFICATES] =
    g_param_spec_object ("certificates", NULL, NULL, CR_TYPE_CERTIFICATE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, G_TYPE_TLS_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrPop3Sync::progress:
   * @done: messages stored so far by this check
   * @total: new messages found on the server
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * CrPop3Sync::checked:
   * @downloaded: messages stored by the check
   * @error: (nullable): why the check failed
   *
   * After every check, asked for or periodic.
   */
  signals[CHECKED] =
    g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_ERROR);
}

static void
cr_pop3_sync_init (CrPop3Sync *self)
{
  g_mutex_init (&self->lock);
  self->clock = real_clock;
  self->owner_context = g_main_context_ref_thread_default ();
  self->notifier = g_new0 (Notifier, 1);
  g_atomic_ref_count_init (&self->notifier->ref_count);
  self->notifier->owner = self;
  self->worker_context = g_main_context_new ();
  self->worker_loop = g_main_loop_new (self->worker_context, FALSE);
}

/* API -------------------------------------------------------------------- */

/**
 * cr_pop3_sync_new:
 * @account: an account whose incoming server is POP3
 * @certificates: (nullable): the certificate exceptions
 * @database: (nullable): the TLS database, %NULL for the system's
 */
CrPop3Sync *
cr_pop3_sync_new (CrAccount          *account,
                  CrStore            *store,
                  CrCertificateStore *certificates,
                  GTlsDatabase       *database)
{
  g_return_val_if_fail (CR_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (CR_IS_STORE (store), NULL);
  g_return_val_if_fail (cr_server_get_protocol (cr_account_get_incoming (account)) == CR_PROTOCOL_POP3,
                        NULL);

  return g_object_new (CR_TYPE_POP3_SYNC,
                       "account", account,
                       "store", store,
                       "certificates", certificates,
                       "database", database,
                       NULL);
}

CrAccount *
cr_pop3_sync_get_account (CrPop3Sync *self)
{
  g_return_val_if_fail (CR_IS_POP3_SYNC (self), NULL);

  return self->account;
}

CrStore *
cr_pop3_sync_get_store (CrPop3Sync *self)
{
  g_return_val_if_fail (CR_IS_POP3_SYNC (self), NULL);

  return self->store;
}

void
cr_pop3_sync_set_password (CrPop3Sync *self,
                           const char *password)
{
  g_return_if_fail (CR_IS_POP3_SYNC (self));

  g_mutex_lock (&self->lock);
  g_free (self->password);
  self->password = g_strdup (password);
  g_mutex_unlock (&self->lock);
}

/**
 * cr_pop3_sync_set_clock:
 * @clock: (nullable): %NULL for the real time
 */
void
cr_pop3_sync_set_clock (CrPop3Sync      *self,
                        CrPop3ClockFunc  clock,
                        gpointer         user_data)
{
  g_return_if_fail (CR_IS_POP3_SYNC (self));

  g_mutex_lock (&self->lock);
  self->clock = clock != NULL ? clock : real_clock;
  self->clock_data = user_data;
  g_mutex_unlock (&self->lock);
}

void
cr_pop3_sync_set_batch_size (CrPop3Sync *self,
                             guint       batch_size)
{
  g_return_if_fail (CR_IS_POP3_SYNC (self));

  g_mutex_lock (&self->lock);
  self->batch_size = batch_size;
  g_mutex_unlock (&self->lock);
}

void
cr_pop3_sync_check_async (CrPop3Sync          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSource) source = NULL;

  g_return_if_fail (CR_IS_POP3_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_pop3_sync_check_async);

  source = g_idle_source_new ();
  /* task_job hands this reference back to the owner's context. A job
   * still queued at dispose cannot exist: it holds the object. */
  g_source_set_callback (source, task_job, g_object_ref (task), NULL);
  g_source_set_static_name (source, "[courrier] pop3 check");
  g_source_attach (source, self->worker_context);
}

gboolean
cr_pop3_sync_check_finish (CrPop3Sync    *self,
                           GAsyncResult  *result,
                           guint         *out_downloaded,
                           GError       **error)
{
  gssize downloaded;

  g_return_val_if_fail (CR_IS_POP3_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_pop3_sync_check_async, FALSE);

  downloaded = g_task_propagate_int (G_TASK (result), error);
  if (downloaded < 0)
    return FALSE;
  if (out_downloaded != NULL)
    *out_downloaded = (guint) downloaded;

  return TRUE;
}

void
cr_pop3_sync_start_periodic (CrPop3Sync *self,
                             guint       seconds)
{
  guint interval;

  g_return_if_fail (CR_IS_POP3_SYNC (self));

  interval = seconds != 0 ? seconds : cr_account_get_check_interval (self->account) * 60;
  cr_pop3_sync_stop_periodic (self);
  if (interval == 0)
    return;

  g_mutex_lock (&self->lock);
  self->periodic_cancellable = g_cancellable_new ();
  self->timer = g_timeout_source_new_seconds (interval);
  g_source_set_callback (self->timer, periodic_job, self, NULL);
  g_source_set_static_name (self->timer, "[courrier] pop3 periodic check");
  g_source_attach (self->timer, self->worker_context);
  g_mutex_unlock (&self->lock);
}

/* A check under way is cancelled: it keeps what it stored. */
void
cr_pop3_sync_stop_periodic (CrPop3Sync *self)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GSource) timer = NULL;

  g_return_if_fail (CR_IS_POP3_SYNC (self));

  g_mutex_lock (&self->lock);
  cancellable = g_steal_pointer (&self->periodic_cancellable);
  timer = g_steal_pointer (&self->timer);
  g_mutex_unlock (&self->lock);

  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  if (timer != NULL)
    g_source_destroy (timer);
}

gboolean
cr_pop3_sync_is_periodic (CrPop3Sync *self)
{
  gboolean periodic;

  g_return_val_if_fail (CR_IS_POP3_SYNC (self), FALSE);

  g_mutex_lock (&self->lock);
  periodic = self->timer != NULL;
  g_mutex_unlock (&self->lock);

  return periodic;
}

/**
 * cr_pop3_sync_dup_certificate_info:
 *
 * Returns: (transfer full) (nullable): the certificate the last check
 *   refused as untrusted, to show before the person trusts it
 */
CrCertificateInfo *
cr_pop3_sync_dup_certificate_info (CrPop3Sync *self)
{
  CrCertificateInfo *info;

  g_return_val_if_fail (CR_IS_POP3_SYNC (self), NULL);

  g_mutex_lock (&self->lock);
  info = self->untrusted != NULL ? g_object_ref (self->untrusted) : NULL;
  g_mutex_unlock (&self->lock);

  return info;
}
