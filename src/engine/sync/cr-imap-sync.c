/* cr-imap-sync.c — one IMAP account kept in sync, on its own thread
 *
 * Each account has one worker thread with its own GMainContext; it alone
 * owns the account's libetpan session (a session is never shared between
 * threads) and runs queued jobs one after the other. The public calls are
 * _async/_finish: their GTask returns on the context where it was made,
 * and the "progress" and "changed" signals are emitted on the context
 * that was the thread-default one when the object was made. Nothing ever
 * waits on the caller's thread: no nested main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-imap-replay.h"
#include "cr-imap-header-fetch.h"
#include "cr-imap-sync-private.h"
#include "cr-net-error.h"

#define DEFAULT_BATCH_SIZE 500

G_DEFINE_FINAL_TYPE (CrImapSync, cr_imap_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_BATCH_SIZE,
  PROP_USE_QRESYNC,
  PROP_OFFLINE_DAYS,
  PROP_STATUS,
  PROP_LAST_ERROR,
  PROP_QUOTA_USED,
  PROP_QUOTA_LIMIT,
  N_PROPS
};

enum {
  PROGRESS,
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Jobs ------------------------------------------------------------------- */

static gboolean
should_sync (CrFolderInfo *folder)
{
  if ((folder->flags & CR_FOLDER_FLAG_NOSELECT) != 0)
    return FALSE;

  /* Special folders are synced even when not subscribed. */
  return (folder->flags & CR_FOLDER_FLAG_SUBSCRIBED) != 0 || folder->role != CR_FOLDER_ROLE_NONE;
}

static gboolean
sync_one_folder (CrImapSync     *self,
                 CrImapSyncRun  *run,
                 CrFolderInfo   *folder,
                 GError        **error)
{
  guint days;

  if (!cr_imap_sync_run_folder (run, folder, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  days = self->offline_days;
  g_mutex_unlock (&self->lock);

  if (days == 0)
    return TRUE;

  return cr_imap_sync_run_download (run, folder,
                                    g_get_real_time () / G_USEC_PER_SEC - (gint64) days * 24 * 3600,
                                    error);
}

static gpointer
sync_account_job (CrImapSync     *self,
                  CrImapSyncRun  *run,
                  gpointer        data,
                  GError        **error)
{
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GError) first_error = NULL;

  /* What the person did comes first: the server must not undo it. */
  if (!cr_imap_replay_run (run, error))
    return NULL;
  if ((folders = cr_imap_sync_run_folder_list (run, error)) == NULL)
    return NULL;
  if (!cr_imap_sync_run_quota (self, run, error))
    return NULL;

  for (guint i = 0; i < folders->len; i++)
    {
      CrFolderInfo *folder = g_ptr_array_index (folders, i);
      g_autoptr(GError) local_error = NULL;

      if (!should_sync (folder))
        continue;

      if (sync_one_folder (self, run, folder, &local_error))
        continue;

      /* A folder the server refuses (NO) does not stop the others; a
       * broken connection, the store or cancelling does. */
      if (!g_error_matches (local_error, CR_NET_ERROR, CR_NET_ERROR_SERVER_ERROR))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }

  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return NULL;
    }

  return GINT_TO_POINTER (TRUE);
}

static gpointer
sync_folder_job (CrImapSync     *self,
                 CrImapSyncRun  *run,
                 gpointer        data,
                 GError        **error)
{
  const char *path = data;
  g_autoptr(CrFolderInfo) folder = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!cr_imap_replay_run (run, error))
    return NULL;
  folder = cr_store_lookup_folder (self->store, self->account_id, path, &local_error);

  /* Not known yet: the folder list comes first. */
  if (g_error_matches (local_error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND))
    {
      g_autoptr(GPtrArray) folders = NULL;

      g_clear_error (&local_error);
      if ((folders = cr_imap_sync_run_folder_list (run, error)) == NULL)
        return NULL;
      folder = cr_store_lookup_folder (self->store, self->account_id, path, &local_error);
    }

  if (folder == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if ((folder->flags & CR_FOLDER_FLAG_NOSELECT) != 0)
    {
      g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID,
                   /* Translators: %s is a folder name */
                   _("The folder “%s” cannot hold messages."), folder->name);
      return NULL;
    }

  if (!sync_one_folder (self, run, folder, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static gpointer
fetch_body_job (CrImapSync     *self,
                CrImapSyncRun  *run,
                gpointer        data,
                GError        **error)
{
  gint64 message_id = *(gint64 *) data;
  g_autoptr(CrMessageInfo) message = NULL;

  if ((message = cr_store_get_message (self->store, message_id, error)) == NULL)
    return NULL;

  return cr_imap_sync_run_fetch_body (run, message, error);
}

/* Public API ------------------------------------------------------------- */

/**
 * cr_imap_sync_sync_async:
 *
 * Lists the folders (adding, updating and removing them in the store),
 * then syncs every selectable folder that is subscribed or special, and
 * with #CrImapSync:offline-days keeps their recent bodies too.
 */
void
cr_imap_sync_sync_async (CrImapSync          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CR_IS_IMAP_SYNC (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_imap_sync_sync_async);
  cr_imap_sync_queue_job (self, task, sync_account_job, NULL, NULL, NULL);
}

gboolean
cr_imap_sync_sync_finish (CrImapSync    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_imap_sync_sync_async, FALSE);

  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

/**
 * cr_imap_sync_sync_folder_async:
 * @path: the folder's server path (modified UTF-7, as in #CrFolderInfo)
 *
 * Syncs one folder, listing the folders first if it is not in the store.
 */
void
cr_imap_sync_sync_folder_async (CrImapSync          *self,
                                const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CR_IS_IMAP_SYNC (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_imap_sync_sync_folder_async);
  cr_imap_sync_queue_job (self, task, sync_folder_job, g_strdup (path), g_free, NULL);
}

gboolean
cr_imap_sync_sync_folder_finish (CrImapSync    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_imap_sync_sync_folder_async, FALSE);

  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

/**
 * cr_imap_sync_fetch_body_async:
 * @message_id: a stored message's id
 *
 * Fetches the raw message with BODY.PEEK[] (it stays unread on the
 * server) and keeps it in the store's body cache.
 */
void
cr_imap_sync_fetch_body_async (CrImapSync          *self,
                               gint64               message_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CR_IS_IMAP_SYNC (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_imap_sync_fetch_body_async);
  cr_imap_sync_queue_job (self, task, fetch_body_job, g_memdup2 (&message_id, sizeof message_id),
                          g_free, (GDestroyNotify) g_bytes_unref);
}

/**
 * cr_imap_sync_fetch_body_finish:
 *
 * Returns: (transfer full) (nullable): the raw message
 */
GBytes *
cr_imap_sync_fetch_body_finish (CrImapSync    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_imap_sync_fetch_body_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
quit_worker (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_REMOVE;
}

/**
 * cr_imap_sync_shutdown:
 *
 * Cancels the running job, answers queued ones with
 * %G_IO_ERROR_CANCELLED, closes the session and ends the thread. Later
 * calls fail the same way. Disposing the object shuts it down too.
 */
void
cr_imap_sync_shutdown (CrImapSync *self)
{
  g_return_if_fail (CR_IS_IMAP_SYNC (self));

  cr_imap_sync_unwatch_queue (self);
  cr_imap_sync_stop_auto (self);
  if (self->thread == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->shutting_down = TRUE;
  if (self->current != NULL)
    g_cancellable_cancel (self->current);
  g_mutex_unlock (&self->lock);

  /* Through the loop itself: a g_main_loop_quit() before the thread
   * reached g_main_loop_run() would be lost. */
  {
    g_autoptr(GSource) source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_HIGH);
    g_source_set_callback (source, quit_worker, g_main_loop_ref (self->worker_loop),
                           (GDestroyNotify) g_main_loop_unref);
    g_source_attach (source, self->worker_context);
  }
  g_thread_join (g_steal_pointer (&self->thread));

  /* Jobs still queued: each answers "cancelled" as it is dropped. */
  g_main_context_acquire (self->worker_context);
  while (g_main_context_iteration (self->worker_context, FALSE))
    ;
  g_main_context_release (self->worker_context);
}

/* GObject ---------------------------------------------------------------- */

CrImapSync *
cr_imap_sync_new (CrAccount          *account,
                  CrStore            *store,
                  CrCertificateStore *certificates,
                  GTlsDatabase       *database)
{
  CrImapSync *self;

  g_return_val_if_fail (CR_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (CR_IS_STORE (store), NULL);
  g_return_val_if_fail (!certificates || CR_IS_CERTIFICATE_STORE (certificates), NULL);
  g_return_val_if_fail (!database || G_IS_TLS_DATABASE (database), NULL);

  self = g_object_new (CR_TYPE_IMAP_SYNC, "account", account, NULL);
  self->store = g_object_ref (store);
  g_set_object (&self->certificates, certificates);
  g_set_object (&self->database, database);
  cr_imap_sync_watch_queue (self);

  return self;
}

static void
cr_imap_sync_constructed (GObject *object)
{
  CrImapSync *self = CR_IMAP_SYNC (object);
  g_autofree char *name = NULL;

  G_OBJECT_CLASS (cr_imap_sync_parent_class)->constructed (object);

  g_return_if_fail (self->account != NULL);

  self->account_id = g_strdup (cr_account_get_id (self->account));
  self->account_name = g_strdup (cr_account_get_display_name (self->account));
  self->server = cr_server_copy (cr_account_get_incoming (self->account));
  self->login = g_strdup (cr_account_get_login (self->account, self->server));

  name = g_strdup_printf ("imap-%s", self->account_id);
  self->thread = g_thread_new (name, cr_imap_sync_worker_main, self);
}

static void
cr_imap_sync_dispose (GObject *object)
{
  CrImapSync *self = CR_IMAP_SYNC (object);

  cr_imap_sync_shutdown (self);

  G_OBJECT_CLASS (cr_imap_sync_parent_class)->dispose (object);
}

static void
cr_imap_sync_finalize (GObject *object)
{
  CrImapSync *self = CR_IMAP_SYNC (object);

  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  g_clear_object (&self->account);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  g_clear_object (&self->certificates);
  g_clear_object (&self->database);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->account_name, g_free);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->push_path, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->fetch_trouble, g_hash_table_unref);
  g_clear_pointer (&self->worker_loop, g_main_loop_unref);
  g_clear_pointer (&self->worker_context, g_main_context_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cr_imap_sync_parent_class)->finalize (object);
}

static void
cr_imap_sync_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrImapSync *self = CR_IMAP_SYNC (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, cr_imap_sync_get_batch_size (self));
      break;
    case PROP_USE_QRESYNC:
      g_value_set_boolean (value, cr_imap_sync_get_use_qresync (self));
      break;
    case PROP_OFFLINE_DAYS:
      g_value_set_uint (value, cr_imap_sync_get_offline_days (self));
      break;
    case PROP_STATUS:
      g_value_set_enum (value, cr_imap_sync_get_status (self));
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, cr_imap_sync_get_last_error (self));
      break;
    case PROP_QUOTA_USED:
      g_value_set_uint64 (value, self->quota_used);
      break;
    case PROP_QUOTA_LIMIT:
      g_value_set_uint64 (value, self->quota_limit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_imap_sync_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CrImapSync *self = CR_IMAP_SYNC (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    case PROP_BATCH_SIZE:
      cr_imap_sync_set_batch_size (self, g_value_get_uint (value));
      break;
    case PROP_USE_QRESYNC:
      cr_imap_sync_set_use_qresync (self, g_value_get_boolean (value));
      break;
    case PROP_OFFLINE_DAYS:
      cr_imap_sync_set_offline_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_imap_sync_class_init (CrImapSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cr_imap_sync_constructed;
  object_class->dispose = cr_imap_sync_dispose;
  object_class->finalize = cr_imap_sync_finalize;
  object_class->get_property = cr_imap_sync_get_property;
  object_class->set_property = cr_imap_sync_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, CR_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Headers per UID FETCH: libetpan holds one answer in memory. */
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, 1, 100000, DEFAULT_BATCH_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* FALSE makes resyncs use the flags scan even when the server has
   * QRESYNC: for servers that get it wrong, and for tests. */
  properties[PROP_USE_QRESYNC] =
    g_param_spec_boolean ("use-qresync", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Bodies of the messages of the last N days are kept offline. */
  properties[PROP_OFFLINE_DAYS] =
    g_param_spec_uint ("offline-days", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* What the sidebar shows; set on the owner's context. */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, CR_TYPE_IMAP_SYNC_STATUS, CR_IMAP_SYNC_STATUS_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* GETQUOTAROOT INBOX, STORAGE, in KiB; 0 and 0 when unknown. */
  properties[PROP_QUOTA_USED] =
    g_param_spec_uint64 ("quota-used", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUOTA_LIMIT] =
    g_param_spec_uint64 ("quota-limit", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrImapSync::progress:
   * @path: the folder being synced (server path)
   * @done: messages fetched so far in this folder
   * @total: messages to fetch in this folder
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * CrImapSync::changed:
   * @folder_id: the folder's store id, 0 for the folder list
   * @change: the #CrStoreChange flags
   *
   * A batch was committed to the store.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_UINT);
}

static void
cr_imap_sync_init (CrImapSync *self)
{
  g_mutex_init (&self->lock);
  self->batch_size = DEFAULT_BATCH_SIZE;
  self->use_qresync = TRUE;
  self->fetch_trouble = cr_imap_header_fetch_trouble_new ();
  self->owner_context = g_main_context_ref_thread_default ();
  self->worker_context = g_main_context_new ();
  self->worker_loop = g_main_loop_new (self->worker_context, FALSE);
}

void
cr_imap_sync_notify_state (CrImapSync *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

void
cr_imap_sync_notify_quota (CrImapSync *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUOTA_USED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUOTA_LIMIT]);
}

void
cr_imap_sync_emit_progress (CrImapSync *self,
                            const char *path,
                            guint       done,
                            guint       total)
{
  g_signal_emit (self, signals[PROGRESS], 0, path, done, total);
}

void
cr_imap_sync_emit_changed (CrImapSync    *self,
                           gint64         folder_id,
                           CrStoreChange  change)
{
  g_signal_emit (self, signals[CHANGED], 0, folder_id, (guint) change);
}

CrAccount *
cr_imap_sync_get_account (CrImapSync *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SYNC (self), NULL);

  return self->account;
}

CrStore *
cr_imap_sync_get_store (CrImapSync *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SYNC (self), NULL);

  return self->store;
}

/**
 * cr_imap_sync_set_password:
 * @password: (nullable): from the keyring (#CrSecrets) or the person
 *
 * Kept in memory for reconnections; the next connection uses it. Call
 * it on the owner's context: operations queued meanwhile are replayed.
 */
void
cr_imap_sync_set_password (CrImapSync *self,
                           const char *password)
{
  g_return_if_fail (CR_IS_IMAP_SYNC (self));

  g_mutex_lock (&self->lock);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
  g_mutex_unlock (&self->lock);

  if (password != NULL)
    cr_imap_sync_kick_replay (self);
}

guint
cr_imap_sync_get_batch_size (CrImapSync *self)
{
  guint value;

  g_return_val_if_fail (CR_IS_IMAP_SYNC (self), 0);

  g_mutex_lock (&self->lock);
  value = self->batch_size;
  g_mutex_unlock (&self->lock);

  return value;
}

void
cr_imap_sync_set_batch_size (CrImapSync *self,
                             guint       batch_size)
{
  g_return_if_fail (CR_IS_IMAP_SYNC (self));
  g_return_if_fail (batch_size > 0);

  if (cr_imap_sync_get_batch_size (self) == batch_size)
    return;

  g_mutex_lock (&self->lock);
  self->batch_size = batch_size;
  g_mutex_unlock (&self->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_SIZE]);
}

gboolean
cr_imap_sync_get_use_qresync (CrImapSync *self)
{
  gboolean value;

  g_return_val_if_fail (CR_IS_IMAP_SYNC (self), FALSE);

  g_mutex_lock (&self->lock);
  value = self->use_qresync;
  g_mutex_unlock (&self->lock);

  return value;
}

void
cr_imap_sync_set_use_qresync (CrImapSync *self,
                              gboolean    use_qresync)
{
  g_return_if_fail (CR_IS_IMAP_SYNC (self));

  use_qresync = !!use_qresync;
  if (cr_imap_sync_get_use_qresync (self) == use_qresync)
    return;

  g_mutex_lock (&self->lock);
  self->use_qresync = use_qresync;
  g_mutex_unlock (&self->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_QRESYNC]);
}

guint
cr_imap_sync_get_offline_days (CrImapSync *self)
{
  guint value;

  g_return_val_if_fail (CR_IS_IMAP_SYNC (self), 0);

  g_mutex_lock (&self->lock);
  value = self->offline_days;
  g_mutex_unlock (&self->lock);

  return value;
}

void
cr_imap_sync_set_offline_days (CrImapSync *self,
                               guint       days)
{
  g_return_if_fail (CR_IS_IMAP_SYNC (self));

  if (cr_imap_sync_get_offline_days (self) == days)
    return;

  g_mutex_lock (&self->lock);
  self->offline_days = days;
  g_mutex_unlock (&self->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_DAYS]);
}

/**
 * cr_imap_sync_get_round_trips:
 *
 * Returns: the IMAP commands the last finished job sent (its login not
 *   counted), for measurements
 */
guint
cr_imap_sync_get_round_trips (CrImapSync *self)
{
  guint value;

  g_return_val_if_fail (CR_IS_IMAP_SYNC (self), 0);

  g_mutex_lock (&self->lock);
  value = self->round_trips;
  g_mutex_unlock (&self->lock);

  return value;
}
