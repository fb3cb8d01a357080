/* cr-store.h — the local message store (SQLite)
 *
 * One database, store.db, in the data directory (CR_PATH_DATA). It holds
 * folders, message headers, flags, the full-text index, the queue of
 * local-first operations and the POP3 UIDLs. Accounts are not in it: they
 * live in accounts.ini; rows refer to them by account id.
 *
 * Threads. Every function here is synchronous and may be called from any
 * thread. Writes go through one writer connection guarded by a mutex (the
 * sync worker threads call them); reads take a connection from a pool of
 * read-only connections, so with WAL a reader never waits for a writer and
 * the UI thread never blocks on a sync batch. Reads meant for the UI thread
 * (counts, a page of rows by date, one message) are bounded and indexed;
 * sorting a large folder by sender, subject or size sorts its rows (about
 * 0.1 s for 100,000): do it once with cr_store_list_message_ids().
 *
 * Changes. After each write, CrStore::changed is emitted on the main
 * context that was the thread-default one when the store was opened, with
 * the folder id (0 for account-wide changes) and what changed. Signals of
 * one main-loop iteration are merged per folder.
 *
 * Errors are in the CR_STORE_ERROR domain with translated messages; a write
 * that fails (a full disk, …) changes nothing: every call is one
 * transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-paths.h"
#include "cr-store-types.h"
#include "cr-store-enums.h"

G_BEGIN_DECLS

#define CR_TYPE_STORE (cr_store_get_type ())

G_DECLARE_FINAL_TYPE (CrStore, cr_store, CR, STORE, GObject)

/* Opening ------------------------------------------------------------ */

/* Creates or upgrades store.db. A damaged file is renamed aside and a new
 * database is created: the call succeeds and cr_store_get_recovery_error()
 * tells what happened. A database written by a newer Courrier is refused
 * (CR_STORE_ERROR_FUTURE_VERSION) and left untouched. */
CrStore       *cr_store_open                  (CrPaths              *paths,
                                               GError              **error);
void           cr_store_open_async            (CrPaths              *paths,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
CrStore       *cr_store_open_finish           (GAsyncResult         *result,
                                               GError              **error);
/* Closes the connections; later calls fail with CR_STORE_ERROR_CLOSED.
 * Disposing the store closes it too. */
void           cr_store_close                 (CrStore              *self);
const char    *cr_store_get_path              (CrStore              *self);
CrPaths       *cr_store_get_paths             (CrStore              *self);
/* (nullable): set when a damaged database was kept aside at open. */
const GError  *cr_store_get_recovery_error    (CrStore              *self);
/* The schema version this build writes (the last migration's number). */
guint          cr_store_get_schema_version    (void);
/* PRAGMA integrity_check and foreign_key_check: for tests and the CLI. */
gboolean       cr_store_check_integrity       (CrStore              *self,
                                               GError              **error);

/* Folders ------------------------------------------------------------ */

/* Inserts or updates by (account_id, path): name, delimiter, role and
 * flags are taken from @info; sync state and counts are kept. Returns the
 * folder id (also set in info->id), 0 on error. */
gint64         cr_store_upsert_folder         (CrStore              *self,
                                               CrFolderInfo         *info,
                                               GError              **error);
/* (element-type CrFolderInfo): all folders of @account_id (NULL: every
 * account), by account then path. */
GPtrArray     *cr_store_list_folders          (CrStore              *self,
                                               const char           *account_id,
                                               GError              **error);
/* These three fail with CR_STORE_ERROR_NOT_FOUND when there is none. */
CrFolderInfo  *cr_store_get_folder            (CrStore              *self,
                                               gint64                folder_id,
                                               GError              **error);
CrFolderInfo  *cr_store_lookup_folder         (CrStore              *self,
                                               const char           *account_id,
                                               const char           *path,
                                               GError              **error);
CrFolderInfo  *cr_store_lookup_folder_by_role (CrStore              *self,
                                               const char           *account_id,
                                               CrFolderRole          role,
                                               GError              **error);
/* Also deletes its messages, bodies and pending operations. */
gboolean       cr_store_delete_folder         (CrStore              *self,
                                               gint64                folder_id,
                                               GError              **error);
gboolean       cr_store_rename_folder         (CrStore              *self,
                                               gint64                folder_id,
                                               const char           *new_path,
                                               const char           *new_name,
                                               GError              **error);
gboolean       cr_store_set_folder_sync_state (CrStore              *self,
                                               gint64                folder_id,
                                               guint32               uidvalidity,
                                               guint32               uidnext,
                                               guint64               highestmodseq,
                                               GError              **error);
/* UIDVALIDITY changed: deletes the folder's messages (and cached bodies),
 * keeps the folder, stores @uidvalidity and zeroes uidnext/modseq. */
gboolean       cr_store_reset_folder          (CrStore              *self,
                                               gint64                folder_id,
                                               guint32               uidvalidity,
                                               GError              **error);
/* An account was removed: its folders, messages, queue and UIDLs go. */
gboolean       cr_store_delete_account        (CrStore              *self,
                                               const char           *account_id,
                                               GError              **error);

/* Messages: what sync writes ----------------------------------------- */

/* Inserts or updates a batch of headers of one folder, in one
 * transaction, matched by UID (messages with uid 0 are always inserted).
 * On success each info->id and info->folder_id are set. Flags, modseq and
 * all header fields are replaced; body_state is kept. */
gboolean       cr_store_upsert_messages       (CrStore              *self,
                                               gint64                folder_id,
                                               GPtrArray            *infos,
                                               GError              **error);
/* Server-side flag changes by UID (FETCH FLAGS, CONDSTORE): unknown UIDs
 * are skipped. A non-zero modseq is stored with the row. */
gboolean       cr_store_update_flags          (CrStore              *self,
                                               gint64                folder_id,
                                               const CrUidFlags     *updates,
                                               guint                 n_updates,
                                               GError              **error);
/* Expunged or VANISHED on the server. */
gboolean       cr_store_remove_uids           (CrStore              *self,
                                               gint64                folder_id,
                                               const guint32        *uids,
                                               guint                 n_uids,
                                               GError              **error);
/* (element-type CrUidFlags): every UID of the folder with its flags,
 * ascending: for a flags scan and to find what vanished. */
GArray        *cr_store_list_uid_flags        (CrStore              *self,
                                               gint64                folder_id,
                                               GError              **error);
/* 0 for an empty folder. */
guint32        cr_store_get_highest_uid       (CrStore              *self,
                                               gint64                folder_id,
                                               GError              **error);
CrMessageInfo *cr_store_lookup_message        (CrStore              *self,
                                               gint64                folder_id,
                                               guint32               uid,
                                               GError              **error);
/* The server gave a UID to a row that had none (APPEND, COPYUID). */
gboolean       cr_store_set_message_uid       (CrStore              *self,
                                               gint64                message_id,
                                               guint32               uid,
                                               GError              **error);

/* Messages: local-first changes -------------------------------------- */

/* Sets and clears flags of messages by store id (a person's action). */
gboolean       cr_store_set_message_flags     (CrStore              *self,
                                               const gint64         *ids,
                                               guint                 n_ids,
                                               CrMessageFlags        set,
                                               CrMessageFlags        clear,
                                               GError              **error);
/* Moves rows to @target_folder_id at once; they lose their UID (0) until
 * the server tells the new one. Their bodies stay where they are (a
 * cached body stays a cache even in a local folder). */
gboolean       cr_store_move_messages         (CrStore              *self,
                                               const gint64         *ids,
                                               guint                 n_ids,
                                               gint64                target_folder_id,
                                               GError              **error);
gboolean       cr_store_remove_messages       (CrStore              *self,
                                               const gint64         *ids,
                                               guint                 n_ids,
                                               GError              **error);

/* Messages: what the list and the CLI read --------------------------- */

gboolean       cr_store_get_counts            (CrStore              *self,
                                               gint64                folder_id,
                                               guint                *out_total,
                                               guint                *out_unread,
                                               GError              **error);
/* Rows matching @query (its filter applied). */
guint          cr_store_count_messages        (CrStore              *self,
                                               const CrMessageQuery *query,
                                               GError              **error);
/* (element-type CrMessageInfo): rows @offset to @offset + @limit - 1 of
 * @query, ties broken by id so the order is total and stable. */
GPtrArray     *cr_store_list_messages         (CrStore              *self,
                                               const CrMessageQuery *query,
                                               guint                 offset,
                                               guint                 limit,
                                               GError              **error);
/* Keyset paging: the @limit rows that follow the message @after_id in
 * @query's order (0: from the start). By date, constant time at any
 * depth. */
GPtrArray     *cr_store_list_messages_after   (CrStore              *self,
                                               const CrMessageQuery *query,
                                               gint64                after_id,
                                               guint                 limit,
                                               GError              **error);
/* (element-type gint64): the ids of every row of @query in order, for a
 * list model that maps positions to ids and pages rows by id. */
GArray        *cr_store_list_message_ids      (CrStore              *self,
                                               const CrMessageQuery *query,
                                               GError              **error);
/* The 0-based position of @message_id in @query, -1 when not in it. */
gint64         cr_store_get_message_position  (CrStore              *self,
                                               const CrMessageQuery *query,
                                               gint64                message_id,
                                               GError              **error);
CrMessageInfo *cr_store_get_message           (CrStore              *self,
                                               gint64                message_id,
                                               GError              **error);
/* (element-type CrMessageInfo): in the order of @ids; ids not found are
 * skipped. */
GPtrArray     *cr_store_get_messages          (CrStore              *self,
                                               const gint64         *ids,
                                               guint                 n_ids,
                                               GError              **error);

/* Conversations (cr-store-threads.c) -------------------------------- */

/* A conversation of a folder: its messages that share a thread_key. */
typedef struct
{
  gint64    thread_id;      /* its handle: the id of its oldest message */
  gint64    latest_id;      /* its newest message */
  char     *thread_key;     /* (nullable): the root Message-ID */
  char     *subject;        /* (nullable): its oldest message's */
  char     *participants;   /* the senders' names, oldest first */
  gint64    date;           /* its newest message's */
  guint     count;
  guint     unread;
  gboolean  flagged;        /* any of its messages */
  gboolean  has_attachment; /* any of its messages */
} CrThreadInfo;

#define CR_TYPE_THREAD_INFO (cr_thread_info_get_type ())

GType          cr_thread_info_get_type        (void) G_GNUC_CONST;
CrThreadInfo  *cr_thread_info_ref             (CrThreadInfo         *self);
void           cr_thread_info_unref           (CrThreadInfo         *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrThreadInfo, cr_thread_info_unref)

/* (element-type gint64): the handles of @query's conversations, by their
 * newest message's date (@query's direction; its sort key is ignored),
 * with its filter applied to their messages. */
GArray        *cr_store_list_thread_ids       (CrStore              *self,
                                               const CrMessageQuery *query,
                                               GError              **error);
/* (element-type CrThreadInfo): in the order of @thread_ids; handles
 * whose message is gone are skipped. */
GPtrArray     *cr_store_get_threads           (CrStore              *self,
                                               const gint64         *thread_ids,
                                               guint                 n_ids,
                                               GError              **error);
/* (element-type gint64): the conversation's message ids, oldest first. */
GArray        *cr_store_list_thread_messages  (CrStore              *self,
                                               gint64                thread_id,
                                               GError              **error);

/* Raw messages ------------------------------------------------------- */

/* Keeps the raw RFC 822 message of a stored message and marks its
 * body_state CACHED. For local-only folders the write is durable (fsync)
 * and lives in the data directory; otherwise it is a cache. */
gboolean       cr_store_save_body             (CrStore              *self,
                                               gint64                message_id,
                                               GBytes               *raw,
                                               GError              **error);
/* CR_STORE_ERROR_NOT_FOUND when the body is not cached. */
GBytes        *cr_store_load_body             (CrStore              *self,
                                               gint64                message_id,
                                               GError              **error);
/* POP3 and local folders: stores a batch of messages with their raw
 * bodies durably (bodies first, then the rows in one fully synced
 * transaction) and, when @uidls is not NULL (one per info), records
 * each UIDL for the folder's account. When it returns TRUE, DELE is
 * safe. */
gboolean       cr_store_add_local_messages    (CrStore              *self,
                                               gint64                folder_id,
                                               GPtrArray            *infos,
                                               GPtrArray            *raws,
                                               const char * const   *uidls,
                                               GError              **error);

/* Search ------------------------------------------------------------- */

/* Headers are added to the full-text index in large batches (a batch
 * per sync round costs half the insert speed, one large batch almost
 * nothing). Fewer than 100 waiting rows (a message arriving during IDLE)
 * are indexed at once; more are indexed by a background thread after
 * cr_store_set_folder_sync_state() (the end of a folder's sync), so the
 * list is complete before search finds them; cr_store_close() waits for
 * that pass and cr_store_open() starts it for rows a stopped run left.
 * This call indexes whatever waits, now; cheap when nothing waits. */
gboolean       cr_store_flush_index           (CrStore              *self,
                                               GError              **error);
/* Puts the plain text of a message's body into the full-text index. */
gboolean       cr_store_index_body_text       (CrStore              *self,
                                               gint64                message_id,
                                               const char           *text,
                                               GError              **error);
/* (element-type gint64): ids of matching messages, newest first.
 * @account_id NULL: every account; @folder_id 0: every folder.
 * @query: free words (diacritics and case ignored, the last word is a
 * prefix, for search-as-you-type) and the operators from:, to:,
 * subject:, has:attachment, is:unread, is:read, is:flagged; "quoted
 * phrases" work. @limit 0: no limit. */
GArray        *cr_store_search                (CrStore              *self,
                                               const char           *account_id,
                                               gint64                folder_id,
                                               const char           *query,
                                               guint                 limit,
                                               GError              **error);

/* Completion of recipients (cr-store-addresses.c) -------------------- */

/* (element-type CrAddress): people already seen whose address, or a word
 * of whose name, starts with @prefix (case and diacritics ignored: “fre”
 * finds “Frédéric”). People one wrote to or answered come first, then by
 * how often and how recently they were seen. @exclude: (nullable)
 * addresses left out (one's own). Addresses of every account, except
 * those seen only in Pourriels. Reads only the newest matching
 * messages of the full-text index: fast enough for every keystroke on
 * any store. @limit 0: no limit. */
GPtrArray     *cr_store_complete_address      (CrStore              *self,
                                               const char           *prefix,
                                               const char * const   *exclude,
                                               guint                 limit,
                                               GError              **error);

/* The operation queue ------------------------------------------------ */

/* Persists @op (id and created are set on return). */
gboolean       cr_store_enqueue_operation     (CrStore              *self,
                                               CrOperation          *op,
                                               GError              **error);
/* (element-type CrOperation): up to @max operations of @account_id due
 * at @now (next_attempt <= @now), oldest first. */
GPtrArray     *cr_store_peek_operations       (CrStore              *self,
                                               const char           *account_id,
                                               guint                 max,
                                               gint64                now,
                                               GError              **error);
guint          cr_store_count_operations      (CrStore              *self,
                                               const char           *account_id,
                                               GError              **error);
/* Done: the operation is deleted. */
gboolean       cr_store_complete_operation    (CrStore              *self,
                                               gint64                operation_id,
                                               GError              **error);
/* Failed: attempts + 1, last_error kept, next attempt after an exponential
 * backoff from @now (30 s, 1 min, 2 min, … capped at one hour). */
gboolean       cr_store_fail_operation        (CrStore              *self,
                                               gint64                operation_id,
                                               const char           *message,
                                               gint64                now,
                                               GError              **error);

/* POP3 UIDLs --------------------------------------------------------- */

/* (element-type CrPopUidl): everything remembered for @account_id. */
GPtrArray     *cr_store_list_pop_uidls        (CrStore              *self,
                                               const char           *account_id,
                                               GError              **error);
/* FALSE with @error set on failure. */
gboolean       cr_store_has_pop_uidl          (CrStore              *self,
                                               const char           *account_id,
                                               const char           *uidl,
                                               GError              **error);
/* Records that these were deleted from the server (after DELE + QUIT). */
gboolean       cr_store_mark_pop_deleted      (CrStore              *self,
                                               const char           *account_id,
                                               const char * const   *uidls,
                                               GError              **error);
/* Forgets UIDLs the server no longer lists. */
gboolean       cr_store_forget_pop_uidls      (CrStore              *self,
                                               const char           *account_id,
                                               const char * const   *uidls,
                                               GError              **error);

G_END_DECLS
