/* cr-sync-scheduler.c — when each account is checked, and how it went
 *
 * One CrImapSync or CrPop3Sync per account of the account manager, made
 * and dropped as accounts come and go. Nothing runs before
 * cr_sync_scheduler_start(), which the application calls once its window
 * is shown: the first sync is never on the start-up path. Then each
 * account is checked at its own interval, at once on “Relever”
 * (cr_sync_scheduler_check_now()) and when the network comes back. The
 * password is looked up before each check, so that one typed in the
 * account's settings is used at the next check without a restart.
 *
 * One timer per account serves IMAP and POP alike, so that checks are
 * skipped while offline and a check asked for during another one runs
 * right after it instead of being lost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-net-error.h"
#include "cr-pop3-sync.h"
#include "cr-sync-scheduler-private.h"

G_DEFINE_FINAL_TYPE (CrSyncScheduler, cr_sync_scheduler, G_TYPE_OBJECT)

enum {
  STATE_CHANGED,
  CHECKED,
  NEW_MAIL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
cr_sync_scheduler_emit_new_mail (Entry  *entry,
                                 gint64  message_id)
{
  g_signal_emit (entry->scheduler, signals[NEW_MAIL], 0,
                 cr_account_get_id (entry->account), message_id);
}

static void check (Entry *entry);

/* Entries ------------------------------------------------------------- */

static Entry *
entry_ref (Entry *entry)
{
  return g_atomic_rc_box_acquire (entry);
}

static void
entry_clear (Entry *entry)
{
  g_clear_object (&entry->imap);
  g_clear_object (&entry->pop);
  g_clear_object (&entry->account);
  g_clear_object (&entry->cancellable);
  g_clear_error (&entry->error);
}

static void
entry_unref (Entry *entry)
{
  g_atomic_rc_box_release_full (entry, (GDestroyNotify) entry_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Entry, entry_unref)

static void
entry_detach (Entry *entry)
{
  g_cancellable_cancel (entry->cancellable);
  g_clear_handle_id (&entry->timeout_id, g_source_remove);
  g_clear_handle_id (&entry->push_id, g_source_remove);
  if (entry->imap != NULL)
    {
      g_signal_handlers_disconnect_by_data (entry->imap, entry);
      cr_imap_sync_shutdown (entry->imap);
    }
  if (entry->pop != NULL)
    g_signal_handlers_disconnect_by_data (entry->pop, entry);
  entry->scheduler = NULL;
}

static void
entry_remove (gpointer data)
{
  Entry *entry = data;

  entry_detach (entry);
  entry_unref (entry);
}

static void
set_state (Entry        *entry,
           CrSyncState   state,
           const GError *error)
{
  CrSyncScheduler *self = entry->scheduler;

  entry->state = state;
  g_clear_error (&entry->error);
  if (error != NULL)
    entry->error = g_error_copy (error);
  if (state != CR_SYNC_STATE_SYNCING)
    entry->done = entry->total = 0;

  g_signal_emit (self, signals[STATE_CHANGED], 0, cr_account_get_id (entry->account));
}

static gboolean
network_available (CrSyncScheduler *self)
{
  return g_network_monitor_get_network_available (self->monitor);
}

/* Timers -------------------------------------------------------------- */

static gboolean
on_timeout (gpointer data)
{
  Entry *entry = data;

  entry->timeout_id = 0;
  /* The network's return triggers the next check. */
  if (!network_available (entry->scheduler))
    set_state (entry, CR_SYNC_STATE_OFFLINE, NULL);
  else
    check (entry);

  return G_SOURCE_REMOVE;
}

static void
schedule_next (Entry *entry)
{
  CrSyncScheduler *self = entry->scheduler;
  guint seconds = self->interval;

  g_clear_handle_id (&entry->timeout_id, g_source_remove);
  if (!self->started)
    return;
  if (seconds == 0)
    seconds = cr_account_get_check_interval (entry->account) * 60;
  /* An interval of 0 minutes: only on “Relever”. */
  if (seconds == 0)
    return;

  entry->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, on_timeout,
                                                  entry_ref (entry), (GDestroyNotify) entry_unref);
}

/* Checks -------------------------------------------------------------- */

static gboolean
is_connection_error (const GError *error)
{
  return g_error_matches (error, CR_NET_ERROR, CR_NET_ERROR_HOST_NOT_FOUND) ||
         g_error_matches (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, CR_NET_ERROR, CR_NET_ERROR_TIMEOUT) ||
         g_error_matches (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST) ||
         error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR;
}

static void
check_done (Entry        *entry,
            CrSyncState   state,
            const GError *error)
{
  CrSyncScheduler *self = entry->scheduler;

  entry->running = FALSE;
  if (state == CR_SYNC_STATE_IDLE)
    cr_sync_scheduler_announce_new_mail (entry);
  if (!entry_is_live (entry))
    return;
  entry->checks++;

  /* A server out of reach while the network is down is not its fault. */
  if (state == CR_SYNC_STATE_ERROR && is_connection_error (error) && !network_available (self))
    state = CR_SYNC_STATE_OFFLINE;

  set_state (entry, state, error);
  g_signal_emit (self, signals[CHECKED], 0, cr_account_get_id (entry->account), error);

  if (entry->again && entry_is_live (entry))
    {
      entry->again = FALSE;
      check (entry);
    }
  else if (entry_is_live (entry))
    schedule_next (entry);
}

static void
on_imap_synced (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Entry) entry = user_data;
  g_autoptr(GError) error = NULL;

  cr_imap_sync_sync_finish (CR_IMAP_SYNC (source), result, &error);
  if (!entry_is_live (entry))
    return;

  check_done (entry, error != NULL ? CR_SYNC_STATE_ERROR : CR_SYNC_STATE_IDLE, error);
}

static void
on_pop_checked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Entry) entry = user_data;
  g_autoptr(GError) error = NULL;

  cr_pop3_sync_check_finish (CR_POP3_SYNC (source), result, NULL, &error);
  if (!entry_is_live (entry))
    return;

  check_done (entry, error != NULL ? CR_SYNC_STATE_ERROR : CR_SYNC_STATE_IDLE, error);
}

static void
on_password (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Entry) entry = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPassword) password = NULL;

  password = cr_secrets_lookup_finish (CR_SECRETS (source), result, &error);
  if (!entry_is_live (entry))
    return;

  /* No keyring and nothing typed this session: the person is asked. */
  if (password == NULL)
    {
      check_done (entry, CR_SYNC_STATE_NEEDS_PASSWORD, error);
      return;
    }

  if (entry->imap != NULL)
    {
      cr_imap_sync_set_password (entry->imap, password);
      /* Between checks the worker waits in IDLE, so new mail comes at once. */
      cr_imap_sync_set_push (entry->imap, cr_account_get_use_idle (entry->account));
      cr_imap_sync_sync_async (entry->imap, entry->cancellable, on_imap_synced, entry_ref (entry));
    }
  else
    {
      cr_pop3_sync_set_password (entry->pop, password);
      cr_pop3_sync_check_async (entry->pop, entry->cancellable, on_pop_checked, entry_ref (entry));
    }
}

static void
check (Entry *entry)
{
  CrSyncScheduler *self = entry->scheduler;

  if (entry->running)
    {
      entry->again = TRUE;
      return;
    }

  g_clear_handle_id (&entry->timeout_id, g_source_remove);
  entry->running = TRUE;
  entry->done = entry->total = 0;
  set_state (entry, CR_SYNC_STATE_SYNCING, NULL);

  cr_secrets_lookup_async (self->secrets, entry->account, cr_account_get_incoming (entry->account),
                           entry->cancellable, on_password, entry_ref (entry));
}

static void
on_imap_progress (CrImapSync *sync,
                  const char *path,
                  guint       done,
                  guint       total,
                  Entry      *entry)
{
  if (!entry->running)
    return;

  entry->done = done;
  entry->total = total;
  g_signal_emit (entry->scheduler, signals[STATE_CHANGED], 0, cr_account_get_id (entry->account));
}

static void
on_pop_progress (CrPop3Sync *sync,
                 guint       done,
                 guint       total,
                 Entry      *entry)
{
  on_imap_progress (NULL, NULL, done, total, entry);
}

/* Accounts ------------------------------------------------------------ */

static void
add_account (CrSyncScheduler *self,
             CrAccount       *account)
{
  CrServer *incoming = cr_account_get_incoming (account);
  Entry *entry;

  /* An account without its incoming server yet has nothing to check. */
  if (incoming == NULL)
    return;

  entry = g_atomic_rc_box_new0 (Entry);
  entry->scheduler = self;
  entry->account = g_object_ref (account);
  entry->cancellable = g_cancellable_new ();

  if (cr_server_get_protocol (incoming) == CR_PROTOCOL_POP3)
    {
      entry->pop = cr_pop3_sync_new (account, self->store, self->certificates, self->database);
      g_signal_connect (entry->pop, "progress", G_CALLBACK (on_pop_progress), entry);
    }
  else
    {
      entry->imap = cr_imap_sync_new (account, self->store, self->certificates, self->database);
      g_signal_connect (entry->imap, "progress", G_CALLBACK (on_imap_progress), entry);
      cr_sync_scheduler_watch_push (entry);
    }

  g_hash_table_replace (self->entries, g_strdup (cr_account_get_id (account)), entry);

  if (self->started)
    check (entry);
}

static void
on_account_added (CrAccountManager *accounts,
                  CrAccount        *account,
                  CrSyncScheduler  *self)
{
  add_account (self, account);
}

static void
on_account_removed (CrAccountManager *accounts,
                    CrAccount        *account,
                    CrSyncScheduler  *self)
{
  g_hash_table_remove (self->entries, cr_account_get_id (account));
}

/* New servers or a new interval: a fresh worker, checked at once. */
static void
on_account_changed (CrAccountManager *accounts,
                    CrAccount        *account,
                    CrSyncScheduler  *self)
{
  g_hash_table_remove (self->entries, cr_account_get_id (account));
  add_account (self, account);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    GParamSpec      *pspec,
                    CrSyncScheduler *self)
{
  GHashTableIter iter;
  Entry *entry;
  gboolean available = network_available (self);

  if (!self->started)
    return;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (available)
        check (entry);
      else if (!entry->running)
        {
          g_clear_handle_id (&entry->timeout_id, g_source_remove);
          set_state (entry, CR_SYNC_STATE_OFFLINE, NULL);
        }
    }
}

/* GObject ------------------------------------------------------------- */

static void
cr_sync_scheduler_dispose (GObject *object)
{
  CrSyncScheduler *self = (CrSyncScheduler *)object;

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  if (self->entries != NULL)
    g_hash_table_remove_all (self->entries);

  g_clear_object (&self->accounts);
  g_clear_object (&self->secrets);
  g_clear_object (&self->certificates);
  g_clear_object (&self->database);
  g_clear_object (&self->store);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (cr_sync_scheduler_parent_class)->dispose (object);
}

static void
cr_sync_scheduler_finalize (GObject *object)
{
  CrSyncScheduler *self = (CrSyncScheduler *)object;

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (cr_sync_scheduler_parent_class)->finalize (object);
}

static void
cr_sync_scheduler_class_init (CrSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cr_sync_scheduler_dispose;
  object_class->finalize = cr_sync_scheduler_finalize;

  /**
   * CrSyncScheduler::state-changed:
   * @account_id: the account whose state, error or progress changed
   */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * CrSyncScheduler::checked:
   * @account_id: the account checked
   * @error: (nullable): why the check failed
   */
  signals[CHECKED] =
    g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
  /**
   * CrSyncScheduler::new-mail:
   * @account_id: the account
   * @message_id: the store's id of a message new in its INBOX, unread
   *
   * Once per message a check brought, except by an account's first.
   */
  signals[NEW_MAIL] =
    g_signal_new ("new-mail", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
}

static void
cr_sync_scheduler_init (CrSyncScheduler *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_remove);
}

/**
 * cr_sync_scheduler_new:
 * @database: (nullable): the CA database, %NULL for the system's
 * @monitor: (nullable): the network monitor, %NULL for the default one
 *
 * Follows the accounts of @accounts at once, but checks none before
 * cr_sync_scheduler_start().
 */
CrSyncScheduler *
cr_sync_scheduler_new (CrAccountManager   *accounts,
                       CrSecrets          *secrets,
                       CrCertificateStore *certificates,
                       GTlsDatabase       *database,
                       CrStore            *store,
                       GNetworkMonitor    *monitor)
{
  CrSyncScheduler *self;
  guint n_accounts;

  g_return_val_if_fail (CR_IS_ACCOUNT_MANAGER (accounts), NULL);
  g_return_val_if_fail (CR_IS_SECRETS (secrets), NULL);
  g_return_val_if_fail (CR_IS_CERTIFICATE_STORE (certificates), NULL);
  g_return_val_if_fail (database == NULL || G_IS_TLS_DATABASE (database), NULL);
  g_return_val_if_fail (CR_IS_STORE (store), NULL);
  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  self = g_object_new (CR_TYPE_SYNC_SCHEDULER, NULL);
  self->accounts = g_object_ref (accounts);
  self->secrets = g_object_ref (secrets);
  self->certificates = g_object_ref (certificates);
  self->database = database != NULL ? g_object_ref (database) : NULL;
  self->store = g_object_ref (store);
  self->monitor = g_object_ref (monitor != NULL ? monitor : g_network_monitor_get_default ());

  g_signal_connect (accounts, "account-added", G_CALLBACK (on_account_added), self);
  g_signal_connect (accounts, "account-removed", G_CALLBACK (on_account_removed), self);
  g_signal_connect (accounts, "account-changed", G_CALLBACK (on_account_changed), self);
  g_signal_connect (self->monitor, "notify::network-available", G_CALLBACK (on_network_changed), self);

  n_accounts = g_list_model_get_n_items (G_LIST_MODEL (accounts));
  for (guint i = 0; i < n_accounts; i++)
    {
      g_autoptr(CrAccount) account = g_list_model_get_item (G_LIST_MODEL (accounts), i);

      add_account (self, account);
    }

  return self;
}

/**
 * cr_sync_scheduler_start:
 *
 * Checks every account now (once the window is shown), then at each
 * account's interval.
 */
void
cr_sync_scheduler_start (CrSyncScheduler *self)
{
  g_return_if_fail (CR_IS_SYNC_SCHEDULER (self));

  if (self->started)
    return;

  self->started = TRUE;
  cr_sync_scheduler_check_now (self, NULL);
}

gboolean
cr_sync_scheduler_is_started (CrSyncScheduler *self)
{
  g_return_val_if_fail (CR_IS_SYNC_SCHEDULER (self), FALSE);

  return self->started;
}

/**
 * cr_sync_scheduler_stop:
 *
 * No more timed checks; those running finish.
 */
void
cr_sync_scheduler_stop (CrSyncScheduler *self)
{
  GHashTableIter iter;
  Entry *entry;

  g_return_if_fail (CR_IS_SYNC_SCHEDULER (self));

  self->started = FALSE;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    g_clear_handle_id (&entry->timeout_id, g_source_remove);
}

/**
 * cr_sync_scheduler_check_now:
 * @account_id: (nullable): one account, or %NULL for all
 *
 * “Relever”: checks now, or right after the check running.
 */
void
cr_sync_scheduler_check_now (CrSyncScheduler *self,
                             const char      *account_id)
{
  GHashTableIter iter;
  Entry *entry;

  g_return_if_fail (CR_IS_SYNC_SCHEDULER (self));

  if (account_id != NULL)
    {
      entry = g_hash_table_lookup (self->entries, account_id);
      if (entry != NULL)
        check (entry);
      return;
    }

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    check (entry);
}

/**
 * cr_sync_scheduler_set_interval:
 * @seconds: the time between checks, or 0 for each account's own
 *
 * For tests, and for a check interval set for all accounts.
 */
void
cr_sync_scheduler_set_interval (CrSyncScheduler *self,
                                guint            seconds)
{
  GHashTableIter iter;
  Entry *entry;

  g_return_if_fail (CR_IS_SYNC_SCHEDULER (self));

  self->interval = seconds;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->timeout_id != 0)
      schedule_next (entry);
}

static Entry *
lookup (CrSyncScheduler *self,
        const char      *account_id)
{
  g_return_val_if_fail (CR_IS_SYNC_SCHEDULER (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  return g_hash_table_lookup (self->entries, account_id);
}

CrSyncState
cr_sync_scheduler_get_state (CrSyncScheduler *self,
                             const char      *account_id)
{
  Entry *entry = lookup (self, account_id);

  return entry != NULL ? entry->state : CR_SYNC_STATE_IDLE;
}

/**
 * cr_sync_scheduler_get_error:
 *
 * Returns: (nullable) (transfer none): why the last check failed
 */
const GError *
cr_sync_scheduler_get_error (CrSyncScheduler *self,
                             const char      *account_id)
{
  Entry *entry = lookup (self, account_id);

  return entry != NULL ? entry->error : NULL;
}

/**
 * cr_sync_scheduler_get_progress:
 *
 * Returns: %TRUE while the account is being checked, with the progress
 *   of its current folder (@total is 0 until known)
 */
gboolean
cr_sync_scheduler_get_progress (CrSyncScheduler *self,
                                const char      *account_id,
                                guint           *done,
                                guint           *total)
{
  Entry *entry = lookup (self, account_id);
  gboolean running = entry != NULL && entry->running;

  if (done != NULL)
    *done = running ? entry->done : 0;
  if (total != NULL)
    *total = running ? entry->total : 0;

  return running;
}

/* How many checks of the account have finished, for tests and the UI. */
guint
cr_sync_scheduler_get_checks (CrSyncScheduler *self,
                              const char      *account_id)
{
  Entry *entry = lookup (self, account_id);

  return entry != NULL ? entry->checks : 0;
}

/**
 * cr_sync_scheduler_get_imap_sync:
 *
 * For the reader: bodies are fetched by the account's own worker.
 *
 * Returns: (nullable) (transfer none): the IMAP worker of the account
 */
CrImapSync *
cr_sync_scheduler_get_imap_sync (CrSyncScheduler *self,
                                 const char      *account_id)
{
  Entry *entry = lookup (self, account_id);

  return entry != NULL ? entry->imap : NULL;
}
