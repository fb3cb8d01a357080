/* cr-store-list.c — what the message list and the CLI read
 *
 * The list never holds a GObject per message: it counts the rows of a
 * query, then asks for pages. Three ways to page:
 *  - OFFSET/LIMIT: by date SQLite walks the (folder_id, date) index up to
 *    the offset; by sender, subject or size it sorts the folder's rows
 *    each time (those have no index: see 001-initial.sql for why).
 *  - keyset ("the rows after message N"): by date, constant time at any
 *    depth.
 *  - all ids at once (8 bytes a row): one sort, then pages by id with
 *    cr_store_get_messages(). What a list model should do for sorts
 *    other than by date.
 * Every order ends with the row id, so it is total and stable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-store-private.h"

CrMessageInfo *
cr_store_message_from_row (sqlite3_stmt *stmt)
{
  CrMessageInfo *info = cr_message_info_new ();
  const char *names = (const char *) sqlite3_column_text (stmt, 14);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->folder_id = sqlite3_column_int64 (stmt, 1);
  info->uid = sqlite3_column_int64 (stmt, 2);
  info->message_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  info->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  info->from_name = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  info->from_address = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  g_ptr_array_unref (info->to);
  info->to = cr_store_decode_addresses ((const char *) sqlite3_column_text (stmt, 7));
  g_ptr_array_unref (info->cc);
  info->cc = cr_store_decode_addresses ((const char *) sqlite3_column_text (stmt, 8));
  info->date = sqlite3_column_int64 (stmt, 9);
  info->internal_date = sqlite3_column_int64 (stmt, 10);
  info->size = sqlite3_column_int64 (stmt, 11);
  info->flags = sqlite3_column_int (stmt, 12);
  info->has_attachment = sqlite3_column_int (stmt, 13) != 0;
  info->attachment_names = names != NULL ? g_strsplit (names, "\x1f", -1) : NULL;
  info->references = g_strdup ((const char *) sqlite3_column_text (stmt, 15));
  info->in_reply_to = g_strdup ((const char *) sqlite3_column_text (stmt, 16));
  info->preview = g_strdup ((const char *) sqlite3_column_text (stmt, 17));
  info->body_state = sqlite3_column_int (stmt, 18);
  info->modseq = sqlite3_column_int64 (stmt, 19);
  info->thread_key = g_strdup ((const char *) sqlite3_column_text (stmt, 20));

  return info;
}

/* SQL pieces ---------------------------------------------------------- */

/* The key columns of each sort, most significant first; the row id ends
 * them all. One direction for all columns, so that an index serves it. */
static const char *const sort_columns[][3] = {
  [CR_SORT_DATE] = { "m.date", NULL, NULL },
  [CR_SORT_SENDER] = { "m.sender_key", "m.date", NULL },
  [CR_SORT_SUBJECT] = { "m.subject_key", "m.date", NULL },
  [CR_SORT_SIZE] = { "m.size", NULL, NULL },
};

static gboolean
check_query (const CrMessageQuery  *query,
             GError               **error)
{
  if (query != NULL && (guint) query->sort < G_N_ELEMENTS (sort_columns) &&
      (query->filter & ~(CR_MESSAGE_FILTER_UNREAD | CR_MESSAGE_FILTER_FLAGGED |
                         CR_MESSAGE_FILTER_ATTACHMENT)) == 0)
    return TRUE;

  g_set_error_literal (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID,
                       _("Invalid message list query."));
  return FALSE;
}

/* "m.folder_id = ?1" and the filter: the unread and flagged terms are
 * word for word those of the partial indexes (002-list-filters.sql). */
static void
append_where (GString              *sql,
              const CrMessageQuery *query)
{
  g_string_append (sql, " WHERE m.folder_id = ?1");
  if (query->filter & CR_MESSAGE_FILTER_UNREAD)
    g_string_append (sql, " AND (m.flags & 1) = 0");
  if (query->filter & CR_MESSAGE_FILTER_FLAGGED)
    g_string_append (sql, " AND (m.flags & 4) != 0");
  if (query->filter & CR_MESSAGE_FILTER_ATTACHMENT)
    g_string_append (sql, " AND m.has_attachment != 0");
}

static void
append_order (GString              *sql,
              const CrMessageQuery *query)
{
  const char *dir = query->ascending ? "ASC" : "DESC";

  g_string_append (sql, " ORDER BY ");
  for (guint i = 0; i < 3 && sort_columns[query->sort][i] != NULL; i++)
    g_string_append_printf (sql, "%s %s, ", sort_columns[query->sort][i], dir);
  g_string_append_printf (sql, "m.id %s", dir);
}

/* "(k1, …, id) > (?10, …, ?1x)": rows after the anchor in @query's order. */
static void
append_after (GString              *sql,
              const CrMessageQuery *query)
{
  guint n = 0;

  g_string_append (sql, " AND (");
  for (; n < 3 && sort_columns[query->sort][n] != NULL; n++)
    g_string_append_printf (sql, "%s, ", sort_columns[query->sort][n]);
  g_string_append_printf (sql, "m.id) %s (", query->ascending ? ">" : "<");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "?%u, ", 10 + i);
  g_string_append_printf (sql, "?%u)", 10 + n);
}

/* Binds the anchor's sort key values (read from its row) at ?10…. */
static gboolean
bind_anchor (CrStoreDb             *db,
             sqlite3_stmt          *stmt,
             const CrMessageQuery  *query,
             gint64                 anchor_id,
             gboolean              *out_found,
             GError               **error)
{
  sqlite3_stmt *anchor;
  int rc;
  guint n = 0;

  anchor = cr_store_db_prepare (db, "SELECT m.date, m.sender_key, m.subject_key, m.size "
                                    "FROM messages m WHERE m.id = ?1", error);
  if (anchor == NULL)
    return FALSE;
  sqlite3_bind_int64 (anchor, 1, anchor_id);
  rc = sqlite3_step (anchor);
  *out_found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    {
      for (; n < 3 && sort_columns[query->sort][n] != NULL; n++)
        {
          const char *column = sort_columns[query->sort][n];
          int index = g_str_equal (column, "m.date") ? 0
                    : g_str_equal (column, "m.sender_key") ? 1
                    : g_str_equal (column, "m.subject_key") ? 2 : 3;

          sqlite3_bind_value (stmt, 10 + n, sqlite3_column_value (anchor, index));
        }
      sqlite3_bind_int64 (stmt, 10 + n, anchor_id);
    }
  sqlite3_reset (anchor);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cr_store_set_sqlite_error (error, db->db, rc);

  return TRUE;
}

/* For the conversations' queries (cr-store-threads.c): the same
 * checks and filters. */
gboolean
cr_store_check_list_query (const CrMessageQuery  *query,
                           GError               **error)
{
  return check_query (query, error);
}

void
cr_store_append_list_where (GString              *sql,
                            const CrMessageQuery *query)
{
  append_where (sql, query);
}

/* Queries ------------------------------------------------------------ */

/* Steps @stmt, adding column 0 (an id) or whole rows to @out. */
static gboolean
collect (CrStoreDb     *db,
         sqlite3_stmt  *stmt,
         gboolean       ids_only,
         gpointer       out,
         GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (ids_only)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val ((GArray *) out, id);
        }
      else
        g_ptr_array_add (out, cr_store_message_from_row (stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return cr_store_set_sqlite_error (error, db->db, rc);

  return TRUE;
}

/* One list query: @after_id >= 0 adds the keyset condition (0: none),
 * @limit 0 means no limit. */
static gpointer
run_list (CrStore               *self,
          const CrMessageQuery  *query,
          gboolean               ids_only,
          gint64                 after_id,
          guint                  offset,
          guint                  limit,
          GError               **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  gpointer out;
  CrStoreDb *db;
  sqlite3_stmt *stmt;
  gboolean found = TRUE;
  gboolean ok;

  if (!check_query (query, error))
    return NULL;

  /* The page is chosen on ids and sort keys alone, then its rows are
   * read: sorting whole rows of a large folder would carry every column
   * through the sorter (measured 40× slower by sender at 100,000). */
  g_string_append (sql, "m.id FROM messages m");
  append_where (sql, query);
  if (after_id > 0)
    append_after (sql, query);
  append_order (sql, query);
  g_string_append (sql, " LIMIT ?2 OFFSET ?3");
  if (!ids_only)
    {
      g_string_prepend (sql, "WITH page (id) AS (");
      g_string_append (sql, ") SELECT " CR_STORE_MESSAGE_COLUMNS
                            " FROM page JOIN messages m ON m.id = page.id");
      append_order (sql, query);
    }

  db = cr_store_acquire_reader (self, error);
  if (db == NULL)
    return NULL;
  stmt = cr_store_db_prepare (db, sql->str, error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, query->folder_id);
      sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
      sqlite3_bind_int64 (stmt, 3, offset);
      if (after_id > 0)
        ok = bind_anchor (db, stmt, query, after_id, &found, error);
    }

  if (ids_only)
    out = g_array_new (FALSE, FALSE, sizeof (gint64));
  else
    out = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  if (ok && found)
    ok = collect (db, stmt, ids_only, out, error);
  else if (ok)
    sqlite3_reset (stmt);
  cr_store_release_reader (self, db);

  if (!ok)
    {
      if (ids_only)
        g_array_unref (out);
      else
        g_ptr_array_unref (out);
      return NULL;
    }

  return out;
}

GPtrArray *
cr_store_list_messages (CrStore               *self,
                        const CrMessageQuery  *query,
                        guint                  offset,
                        guint                  limit,
                        GError               **error)
{
  return run_list (self, query, FALSE, 0, offset, limit, error);
}

GPtrArray *
cr_store_list_messages_after (CrStore               *self,
                              const CrMessageQuery  *query,
                              gint64                 after_id,
                              guint                  limit,
                              GError               **error)
{
  return run_list (self, query, FALSE, after_id, 0, limit, error);
}

GArray *
cr_store_list_message_ids (CrStore               *self,
                           const CrMessageQuery  *query,
                           GError               **error)
{
  return run_list (self, query, TRUE, 0, 0, 0, error);
}

/* A count(*) over the query, optionally only the rows before an anchor. */
static gint64
run_count (CrStore               *self,
           const CrMessageQuery  *query,
           gint64                 before_id,
           GError               **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM messages m");
  CrStoreDb *db;
  sqlite3_stmt *stmt;
  gboolean found = TRUE;
  gint64 count = -1;
  int rc;

  if (!check_query (query, error))
    return -1;

  append_where (sql, query);
  if (before_id > 0)
    {
      /* The rows before the anchor are those the anchor comes after in
       * the reverse order. */
      CrMessageQuery reverse = *query;

      reverse.ascending = !query->ascending;
      append_after (sql, &reverse);
    }

  db = cr_store_acquire_reader (self, error);
  if (db == NULL)
    return -1;
  stmt = cr_store_db_prepare (db, sql->str, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, query->folder_id);
      if (before_id <= 0 || bind_anchor (db, stmt, query, before_id, &found, error))
        {
          rc = found ? sqlite3_step (stmt) : SQLITE_DONE;
          if (rc == SQLITE_ROW)
            count = sqlite3_column_int64 (stmt, 0);
          else if (!found)
            count = -2;
          else
            cr_store_set_sqlite_error (error, db->db, rc);
        }
      sqlite3_reset (stmt);
    }
  cr_store_release_reader (self, db);

  return count;
}

guint
cr_store_count_messages (CrStore               *self,
                         const CrMessageQuery  *query,
                         GError               **error)
{
  gint64 count = run_count (self, query, 0, error);

  return count > 0 ? (guint) count : 0;
}

gint64
cr_store_get_message_position (CrStore               *self,
                               const CrMessageQuery  *query,
                               gint64                 message_id,
                               GError               **error)
{
  g_autoptr(GPtrArray) self_row = NULL;
  CrMessageInfo *info;
  gint64 position;

  g_return_val_if_fail (message_id > 0, -1);

  /* Not in the folder, or filtered out: no position. */
  self_row = cr_store_get_messages (self, &message_id, 1, error);
  if (self_row == NULL)
    return -1;
  info = self_row->len > 0 ? g_ptr_array_index (self_row, 0) : NULL;
  if (info == NULL || info->folder_id != query->folder_id ||
      ((query->filter & CR_MESSAGE_FILTER_UNREAD) && (info->flags & CR_MESSAGE_FLAG_SEEN)) ||
      ((query->filter & CR_MESSAGE_FILTER_FLAGGED) && !(info->flags & CR_MESSAGE_FLAG_FLAGGED)) ||
      ((query->filter & CR_MESSAGE_FILTER_ATTACHMENT) && !info->has_attachment))
    return -1;

  position = run_count (self, query, message_id, error);

  return position >= 0 ? position : -1;
}

GPtrArray *
cr_store_get_messages (CrStore       *self,
                       const gint64  *ids,
                       guint          n_ids,
                       GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  CrStoreDb *db;
  gboolean ok = TRUE;

  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  db = cr_store_acquire_reader (self, error);
  if (db == NULL)
    return NULL;

  for (guint i = 0; ok && i < n_ids; i++)
    {
      sqlite3_stmt *stmt = cr_store_db_prepare (db,
                                                "SELECT " CR_STORE_MESSAGE_COLUMNS
                                                " FROM messages m WHERE m.id = ?1", error);

      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, ids[i]);
          ok = collect (db, stmt, FALSE, messages, error);
        }
    }
  cr_store_release_reader (self, db);

  return ok ? g_steal_pointer (&messages) : NULL;
}

static CrMessageInfo *
first_message (GPtrArray  *messages,
               GError    **error)
{
  g_autoptr(GPtrArray) owned = messages;

  if (owned == NULL)
    return NULL;
  if (owned->len == 0)
    {
      g_set_error_literal (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND,
                           _("This message does not exist."));
      return NULL;
    }

  return cr_message_info_ref (g_ptr_array_index (owned, 0));
}

CrMessageInfo *
cr_store_get_message (CrStore  *self,
                      gint64    message_id,
                      GError  **error)
{
  return first_message (cr_store_get_messages (self, &message_id, 1, error), error);
}

/* Reads of one folder by UID -------------------------------------------- */

CrMessageInfo *
cr_store_lookup_message (CrStore  *self,
                         gint64    folder_id,
                         guint32   uid,
                         GError  **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  CrStoreDb *db = cr_store_acquire_reader (self, error);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (db == NULL)
    return NULL;
  stmt = cr_store_db_prepare (db, "SELECT " CR_STORE_MESSAGE_COLUMNS " FROM messages m "
                                  "WHERE m.folder_id = ?1 AND m.uid = ?2", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, folder_id);
      sqlite3_bind_int64 (stmt, 2, uid);
      ok = collect (db, stmt, FALSE, messages, error);
    }
  cr_store_release_reader (self, db);

  return first_message (ok ? g_steal_pointer (&messages) : NULL, error);
}

GArray *
cr_store_list_uid_flags (CrStore  *self,
                         gint64    folder_id,
                         GError  **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (CrUidFlags));
  CrStoreDb *db = cr_store_acquire_reader (self, error);
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  if (db == NULL)
    return NULL;
  /* Walks the (folder_id, uid) index: no sort. */
  stmt = cr_store_db_prepare (db, "SELECT uid, flags, modseq FROM messages "
                                  "WHERE folder_id = ?1 AND uid IS NOT NULL ORDER BY uid", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, folder_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          CrUidFlags row = {
            .uid = sqlite3_column_int64 (stmt, 0),
            .flags = sqlite3_column_int (stmt, 1),
            .modseq = sqlite3_column_int64 (stmt, 2),
          };

          g_array_append_val (out, row);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        cr_store_set_sqlite_error (error, db->db, rc);
    }
  cr_store_release_reader (self, db);

  return rc == SQLITE_DONE ? g_steal_pointer (&out) : NULL;
}

guint32
cr_store_get_highest_uid (CrStore  *self,
                          gint64    folder_id,
                          GError  **error)
{
  CrStoreDb *db = cr_store_acquire_reader (self, error);
  sqlite3_stmt *stmt;
  guint32 uid = 0;
  int rc;

  if (db == NULL)
    return 0;
  stmt = cr_store_db_prepare (db, "SELECT max(uid) FROM messages WHERE folder_id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, folder_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        uid = sqlite3_column_int64 (stmt, 0);
      else
        cr_store_set_sqlite_error (error, db->db, rc);
      sqlite3_reset (stmt);
    }
  cr_store_release_reader (self, db);

  return uid;
}

gboolean
cr_store_get_counts (CrStore  *self,
                     gint64    folder_id,
                     guint    *out_total,
                     guint    *out_unread,
                     GError  **error)
{
  g_autoptr(CrFolderInfo) folder = cr_store_get_folder (self, folder_id, error);

  if (folder == NULL)
    return FALSE;
  if (out_total != NULL)
    *out_total = folder->total;
  if (out_unread != NULL)
    *out_unread = folder->unread;

  return TRUE;
}
