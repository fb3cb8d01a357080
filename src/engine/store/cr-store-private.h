/* cr-store-private.h — what the files of CrStore share
 *
 * CrStore is split by concern like gnome-text-editor's window:
 * cr-store.c (open, migrations, connections, errors, change signal),
 * cr-store-folders.c, cr-store-messages.c (what sync writes),
 * cr-store-list.c (what the list reads), cr-store-search.c,
 * cr-store-bodies.c, cr-store-queue.c (operations and POP3 UIDLs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "cr-store.h"

G_BEGIN_DECLS

/* One SQLite connection and its prepared statements. Used by one thread
 * at a time: the writer under CrStore's write lock, readers taken from
 * and given back to the pool. */
typedef struct _CrStoreDb CrStoreDb;

struct _CrStoreDb
{
  sqlite3    *db;
  GHashTable *statements; /* SQL text → sqlite3_stmt */
};

/* Connections (cr-store-db.c) */
CrStoreDb     *cr_store_db_open                (const char     *path,
                                                gboolean        read_only,
                                                GError        **error);
gboolean       cr_store_db_configure           (CrStoreDb      *db,
                                                gboolean        read_only,
                                                GError        **error);
void           cr_store_db_free                (CrStoreDb      *db);

/* Opening and transactions (cr-store.c) */
CrStoreDb     *cr_store_begin_write            (CrStore        *self,
                                                GError        **error);
gboolean       cr_store_end_write              (CrStore        *self,
                                                CrStoreDb      *db,
                                                gboolean        commit,
                                                GError        **error);
/* Like begin_write, for writes that must survive a power cut (the only
 * copy of POP3 mail): the commit runs with synchronous=FULL. */
CrStoreDb     *cr_store_begin_durable_write    (CrStore        *self,
                                                GError        **error);
CrStoreDb     *cr_store_acquire_reader         (CrStore        *self,
                                                GError        **error);
void           cr_store_release_reader         (CrStore        *self,
                                                CrStoreDb      *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrStoreDb, cr_store_db_free)

/* A statement cached by its SQL text, reset and with its bindings
 * cleared. SQL built at run time must come from a bounded set of
 * variants (sort keys × filters), or the cache would grow. */
sqlite3_stmt  *cr_store_db_prepare             (CrStoreDb      *db,
                                                const char     *sql,
                                                GError        **error);
gboolean       cr_store_db_exec                (CrStoreDb      *db,
                                                const char     *sql,
                                                GError        **error);
/* Steps a statement that returns no rows; resets it. */
gboolean       cr_store_db_step_done           (CrStoreDb      *db,
                                                sqlite3_stmt   *stmt,
                                                GError        **error);
gboolean       cr_store_set_sqlite_error       (GError        **error,
                                                sqlite3        *db,
                                                int             rc);
/* @added rows were written unindexed (by a write of @batch_size rows):
 * indexes them now when few wait (a new message should be found at
 * once); otherwise @added 0, the end of a folder's sync, starts the
 * background pass. */
void           cr_store_note_unindexed         (CrStore        *self,
                                                guint           added,
                                                guint           batch_size);
void           cr_store_emit_changed           (CrStore        *self,
                                                gint64          folder_id,
                                                CrStoreChange   change);
const char    *cr_store_get_dir                (CrStore        *self,
                                                CrPathKind      kind);

/* Bodies (cr-store-bodies.c) */
void           cr_store_bodies_cleanup_tmp     (CrStore        *self);
void           cr_store_bodies_drop_cache      (CrStore        *self);
gboolean       cr_store_bodies_write_durable   (CrStore        *self,
                                                GPtrArray      *raws,
                                                GPtrArray      *out_names,
                                                GError        **error);
/* Body files of rows about to be deleted: @stmt selects body_file. Collect them inside the transaction, unlink them once it
 * has committed, so a failed commit never leaves rows without bodies. */
GPtrArray     *cr_store_bodies_collect         (CrStoreDb      *db,
                                                sqlite3_stmt   *stmt,
                                                GError        **error);
void           cr_store_bodies_unlink_all      (CrStore        *self,
                                                GPtrArray      *collected);

/* Messages (cr-store-messages.c) */
gboolean       cr_store_insert_message_row     (CrStoreDb      *db,
                                                gint64          folder_id,
                                                CrMessageInfo  *info,
                                                const char     *body_file,
                                                gint64          body_size,
                                                GError        **error);

/* Reading rows (cr-store-list.c) */
#define CR_STORE_MESSAGE_COLUMNS \
  "m.id, m.folder_id, m.uid, m.message_id, m.subject, m.from_name, " \
  "m.from_address, m.to_list, m.cc_list, m.date, m.internal_date, m.size, " \
  "m.flags, m.has_attachment, m.attachment_names, m.refs, m.in_reply_to, " \
  "m.preview, m.body_state, m.modseq, m.thread_key"
CrMessageInfo *cr_store_message_from_row       (sqlite3_stmt   *stmt);
/* " WHERE m.folder_id = ?1" and @query's filter, for cr-store-threads.c. */
gboolean       cr_store_check_list_query       (const CrMessageQuery *query,
                                                GError        **error);
void           cr_store_append_list_where      (GString        *sql,
                                                const CrMessageQuery *query);

/* Text helpers (cr-store-search.c) */
char          *cr_store_encode_addresses       (GPtrArray      *addresses);
GPtrArray     *cr_store_decode_addresses       (const char     *text);
char          *cr_store_fold_key               (const char     *text,
                                                gboolean        strip_reply);
char          *cr_store_people_text            (GPtrArray      *to,
                                                GPtrArray      *cc);

/* cr_store_flush_index() indexed everything; with the write lock held. */
void           cr_store_forget_unindexed       (CrStore        *self);
/* Whether rows of @db wait for the full-text index: 0 or 1. */
guint          cr_store_count_unindexed        (CrStoreDb      *db);
gboolean       cr_store_note_new_rows          (CrStoreDb      *db,
                                                gint64          first_id,
                                                GError        **error);
/* Indexes up to @max unindexed rows in one transaction of @db (the
 * writer, in a transaction); sets *@out_done to how many. */
gboolean       cr_store_index_pending          (CrStoreDb      *db,
                                                guint           max,
                                                guint          *out_done,
                                                GError        **error);

/* The search query, parsed (cr-store-search.c; exposed for tests and
 * for the IMAP server search, which asks the same in SEARCH keys) */
typedef struct
{
  const char      *column;   /* "sender", "recipients", "subject", NULL: any */
  char            *text;     /* without quotes */
} CrStoreQueryTerm;

typedef struct
{
  char            *fts;      /* (nullable) an FTS5 MATCH expression */
  GPtrArray       *terms;    /* (element-type CrStoreQueryTerm): its terms */
  CrMessageFlags   need_set;
  CrMessageFlags   need_clear;
  gboolean         need_attachment;
} CrStoreQuery;

CrStoreQuery  *cr_store_query_parse            (const char     *text);
void           cr_store_query_free             (CrStoreQuery   *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrStoreQuery, cr_store_query_free)

/* Tests: make the writer's database refuse to grow past @pages pages,
 * which gives a real SQLITE_FULL without filling a disk. */
void           cr_store_set_max_pages_for_testing (CrStore     *self,
                                                   guint        pages);

G_END_DECLS
