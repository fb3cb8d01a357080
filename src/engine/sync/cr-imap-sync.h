/* cr-imap-sync.h — one IMAP account kept in sync, on its own thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-account.h"
#include "cr-certificate-store.h"
#include "cr-store.h"

G_BEGIN_DECLS

/* What an account's connection is doing, for the UI. */
typedef enum
{
  CR_IMAP_SYNC_STATUS_IDLE,    /* up to date, or not tried yet */
  CR_IMAP_SYNC_STATUS_SYNCING, /* a job runs: see the progress signal */
  CR_IMAP_SYNC_STATUS_OFFLINE, /* the server cannot be reached */
  CR_IMAP_SYNC_STATUS_ERROR,   /* refused: see last-error */
} CrImapSyncStatus;

#define CR_TYPE_IMAP_SYNC_STATUS (cr_imap_sync_status_get_type ())
GType cr_imap_sync_status_get_type (void) G_GNUC_CONST;

#define CR_TYPE_IMAP_SYNC (cr_imap_sync_get_type ())

G_DECLARE_FINAL_TYPE (CrImapSync, cr_imap_sync, CR, IMAP_SYNC, GObject)

CrImapSync *cr_imap_sync_new                (CrAccount           *account,
                                             CrStore             *store,
                                             CrCertificateStore  *certificates,
                                             GTlsDatabase        *database);
CrAccount  *cr_imap_sync_get_account        (CrImapSync          *self);
CrStore    *cr_imap_sync_get_store          (CrImapSync          *self);
void        cr_imap_sync_set_password       (CrImapSync          *self,
                                             const char          *password);
guint       cr_imap_sync_get_batch_size     (CrImapSync          *self);
void        cr_imap_sync_set_batch_size     (CrImapSync          *self,
                                             guint                batch_size);
gboolean    cr_imap_sync_get_use_qresync    (CrImapSync          *self);
void        cr_imap_sync_set_use_qresync    (CrImapSync          *self,
                                             gboolean             use_qresync);
guint       cr_imap_sync_get_offline_days   (CrImapSync          *self);
void        cr_imap_sync_set_offline_days   (CrImapSync          *self,
                                             guint                days);
guint       cr_imap_sync_get_round_trips    (CrImapSync          *self);

void        cr_imap_sync_sync_async         (CrImapSync          *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    cr_imap_sync_sync_finish        (CrImapSync          *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        cr_imap_sync_sync_folder_async  (CrImapSync          *self,
                                             const char          *path,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    cr_imap_sync_sync_folder_finish (CrImapSync          *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        cr_imap_sync_fetch_body_async   (CrImapSync          *self,
                                             gint64               message_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GBytes     *cr_imap_sync_fetch_body_finish  (CrImapSync          *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* Replays the queued local-first operations (also done by itself after
 * each enqueue and before each sync). */
void        cr_imap_sync_replay_async       (CrImapSync          *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    cr_imap_sync_replay_finish      (CrImapSync          *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* Push (IDLE) on the open folder, or the inbox, between jobs. */
void        cr_imap_sync_set_push           (CrImapSync          *self,
                                             gboolean             push);
void        cr_imap_sync_set_open_folder    (CrImapSync          *self,
                                             const char          *path);
gboolean    cr_imap_sync_get_idling         (CrImapSync          *self);
CrImapSyncStatus cr_imap_sync_get_status     (CrImapSync          *self);
/* (nullable): the message of the last failure, until a job succeeds. */
const char *cr_imap_sync_get_last_error     (CrImapSync          *self);
/* In KiB; FALSE when the server does not tell (no QUOTA). */
gboolean    cr_imap_sync_get_quota          (CrImapSync          *self,
                                             guint64             *out_used,
                                             guint64             *out_limit);
/* Polling at the account's check interval, at once when the network
 * comes back, and again with backoff after a failure. */
void        cr_imap_sync_set_auto_sync      (CrImapSync          *self,
                                             gboolean             auto_sync);
void        cr_imap_sync_shutdown           (CrImapSync          *self);

/* Folders: online operations (cr-imap-folder-ops.c). */
void        cr_imap_sync_create_folder_async  (CrImapSync          *self,
                                               const char          *parent_path,
                                               const char          *name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char       *cr_imap_sync_create_folder_finish (CrImapSync          *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void        cr_imap_sync_rename_folder_async  (CrImapSync          *self,
                                               const char          *path,
                                               const char          *new_name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char       *cr_imap_sync_rename_folder_finish (CrImapSync          *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void        cr_imap_sync_delete_folder_async  (CrImapSync          *self,
                                               const char          *path,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    cr_imap_sync_delete_folder_finish (CrImapSync          *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* UID SEARCH on the server (cr-imap-server-search.c); @path NULL: every
 * folder. Returns (element-type gint64) store ids. */
void        cr_imap_sync_search_server_async  (CrImapSync          *self,
                                               const char          *path,
                                               const char          *query,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GArray     *cr_imap_sync_search_server_finish (CrImapSync          *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
