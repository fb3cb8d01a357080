/* cr-store-threads.c — a folder's messages grouped by conversation
 *
 * A conversation is the messages of a folder that share a thread_key (the
 * root Message-ID, filled when a row is written); a message without one is
 * a conversation of its own. The list reads conversations as it reads
 * messages: first the handles of all of them in order (8 bytes each, one
 * query), then pages of summaries by handle. A conversation's handle is
 * the id of its oldest message in the folder, so it stays the same when
 * replies arrive and the list can update its row in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-store-private.h"

G_DEFINE_BOXED_TYPE (CrThreadInfo, cr_thread_info, cr_thread_info_ref, cr_thread_info_unref)

static CrThreadInfo *
cr_thread_info_new (void)
{
  CrThreadInfo *self = g_atomic_rc_box_new0 (CrThreadInfo);

  return self;
}

CrThreadInfo *
cr_thread_info_ref (CrThreadInfo *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
thread_info_clear (CrThreadInfo *self)
{
  g_free (self->thread_key);
  g_free (self->subject);
  g_free (self->participants);
}

void
cr_thread_info_unref (CrThreadInfo *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) thread_info_clear);
}

/* The index ------------------------------------------------------------ */

/* An index on (folder_id, thread_key, date) turns a page of conversations
 * from a walk of the whole folder into a few lookups (measured at 100,000
 * messages: 320 ms → under 1 ms a page) and saves the grouping its sort.
 * Its keys arrive in random order, which slows every batch of new headers
 * (see 001-initial.sql), so it is made the first time the store is asked
 * for conversations — when the person turns grouping on — not by a
 * migration that would make everyone pay for it. Its name is reserved:
 * a later migration must use CREATE INDEX IF NOT EXISTS for it. */
static gboolean
ensure_index (CrStore  *self,
              GError  **error)
{
  static GQuark made;
  CrStoreDb *db;
  gboolean ok;

  if (made == 0)
    made = g_quark_from_static_string ("cr-store-thread-index");
  if (g_object_get_qdata (G_OBJECT (self), made) != NULL)
    return TRUE;

  db = cr_store_begin_write (self, error);
  if (db == NULL)
    return FALSE;
  ok = cr_store_db_exec (db, "CREATE INDEX IF NOT EXISTS messages_folder_thread "
                             "ON messages (folder_id, thread_key, date)", error);
  if (!cr_store_end_write (self, db, ok, ok ? error : NULL) || !ok)
    return FALSE;
  g_object_set_qdata (G_OBJECT (self), made, GINT_TO_POINTER (TRUE));

  return TRUE;
}

/* The handles ---------------------------------------------------------- */

/* Conversations that have a key, grouped, then the messages that have
 * none; both filtered like the flat list, so that “Unread” shows the
 * conversations with an unread message. */
static char *
thread_ids_sql (const CrMessageQuery *query)
{
  g_autoptr(GString) sql = g_string_new ("SELECT min(m.id) AS t, max(m.date) AS d FROM messages m");
  const char *dir = query->ascending ? "ASC" : "DESC";

  cr_store_append_list_where (sql, query);
  g_string_append (sql, " AND m.thread_key IS NOT NULL GROUP BY m.thread_key"
                        " UNION ALL SELECT m.id AS t, m.date AS d FROM messages m");
  cr_store_append_list_where (sql, query);
  g_string_append_printf (sql, " AND m.thread_key IS NULL ORDER BY d %s, t %s", dir, dir);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

GArray *
cr_store_list_thread_ids (CrStore               *self,
                          const CrMessageQuery  *query,
                          GError               **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = NULL;
  CrStoreDb *db;
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  if (!cr_store_check_list_query (query, error) || !ensure_index (self, error))
    return NULL;

  sql = thread_ids_sql (query);
  db = cr_store_acquire_reader (self, error);
  if (db == NULL)
    return NULL;
  stmt = cr_store_db_prepare (db, sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, query->folder_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        cr_store_set_sqlite_error (error, db->db, rc);
    }
  cr_store_release_reader (self, db);

  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}

/* Conversations' messages ---------------------------------------------- */

/* The messages of the conversations whose handles are in ?1 (a JSON
 * array), by conversation, oldest first: the folder's rows sharing the
 * handle's key, or the handle's message alone when it has none. Column 0
 * is the handle. One query for a page, which the index above makes a few
 * lookups; before it exists (conversations read before any were listed)
 * the folder's rows are walked once, not once per conversation. */
#define THREAD_ROWS_SQL \
  "WITH h (id, folder_id, thread_key) AS MATERIALIZED (" \
  "  SELECT m.id, m.folder_id, m.thread_key FROM json_each (?1) j " \
  "  JOIN messages m ON m.id = j.value) " \
  "SELECT (SELECT h.id FROM h WHERE h.thread_key = m.thread_key AND h.folder_id = m.folder_id), " \
  "m.id, m.date, m.flags, m.has_attachment, m.from_name, m.from_address, m.subject, m.thread_key " \
  "FROM messages m WHERE m.folder_id IN (SELECT folder_id FROM h) " \
  "AND m.thread_key IN (SELECT thread_key FROM h WHERE thread_key IS NOT NULL) " \
  "UNION ALL SELECT h.id, m.id, m.date, m.flags, m.has_attachment, m.from_name, " \
  "m.from_address, m.subject, m.thread_key FROM h JOIN messages m " \
  "ON m.id = h.id WHERE h.thread_key IS NULL " \
  "ORDER BY 1, 3, 2"

static char *
json_ids (const gint64 *ids,
          guint         n_ids)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

static void
add_participant (GPtrArray  *names,
                 const char *name,
                 const char *address)
{
  const char *who = name != NULL && name[0] != '\0' ? name : address;

  if (who == NULL || who[0] == '\0')
    return;
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (names->pdata[i], who))
      return;
  g_ptr_array_add (names, g_strdup (who));
}

static void
finish_thread (CrThreadInfo *thread,
               GPtrArray    *names)
{
  g_ptr_array_add (names, NULL);
  /* Translators: between the names of a conversation’s participants */
  thread->participants = g_strjoinv (_(", "), (char **) names->pdata);
  g_ptr_array_set_size (names, 0);
}

/* Adds the row @stmt is on to @thread. */
static void
add_row (CrThreadInfo *thread,
         GPtrArray    *names,
         sqlite3_stmt *stmt)
{
  CrMessageFlags flags = sqlite3_column_int (stmt, 3);

  if (thread->count++ == 0)
    {
      thread->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      thread->thread_key = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
    }
  thread->latest_id = sqlite3_column_int64 (stmt, 1);
  thread->date = sqlite3_column_int64 (stmt, 2);
  thread->unread += (flags & CR_MESSAGE_FLAG_SEEN) == 0;
  thread->flagged |= (flags & CR_MESSAGE_FLAG_FLAGGED) != 0;
  thread->has_attachment |= sqlite3_column_int (stmt, 4) != 0;
  add_participant (names, (const char *) sqlite3_column_text (stmt, 5),
                   (const char *) sqlite3_column_text (stmt, 6));
}

/* Runs THREAD_ROWS_SQL for @ids; fills @by_handle (handle → CrThreadInfo)
 * and, when @out_ids is set, appends the message ids in order. */
static gboolean
read_threads (CrStore       *self,
              const gint64  *ids,
              guint          n_ids,
              GHashTable    *by_handle,
              GArray        *out_ids,
              GError       **error)
{
  g_autofree char *json = json_ids (ids, n_ids);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  CrThreadInfo *thread = NULL;
  CrStoreDb *db;
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  db = cr_store_acquire_reader (self, error);
  if (db == NULL)
    return FALSE;
  stmt = cr_store_db_prepare (db, THREAD_ROWS_SQL, error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 handle = sqlite3_column_int64 (stmt, 0);
          gint64 id = sqlite3_column_int64 (stmt, 1);

          if (out_ids != NULL)
            g_array_append_val (out_ids, id);
          if (thread == NULL || thread->thread_id != handle)
            {
              if (thread != NULL)
                finish_thread (thread, names);
              thread = cr_thread_info_new ();
              thread->thread_id = handle;
              g_hash_table_insert (by_handle, &thread->thread_id, thread);
            }
          add_row (thread, names, stmt);
        }
      if (thread != NULL)
        finish_thread (thread, names);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        cr_store_set_sqlite_error (error, db->db, rc);
    }
  cr_store_release_reader (self, db);

  return rc == SQLITE_DONE;
}

GPtrArray *
cr_store_get_threads (CrStore       *self,
                      const gint64  *thread_ids,
                      guint          n_ids,
                      GError       **error)
{
  g_autoptr(GHashTable) by_handle = NULL;
  GPtrArray *threads;

  g_return_val_if_fail (thread_ids != NULL || n_ids == 0, NULL);

  by_handle = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                     (GDestroyNotify) cr_thread_info_unref);
  if (!read_threads (self, thread_ids, n_ids, by_handle, NULL, error))
    return NULL;

  threads = g_ptr_array_new_full (n_ids, (GDestroyNotify) cr_thread_info_unref);
  for (guint i = 0; i < n_ids; i++)
    {
      CrThreadInfo *thread = g_hash_table_lookup (by_handle, &thread_ids[i]);

      if (thread != NULL)
        g_ptr_array_add (threads, cr_thread_info_ref (thread));
    }

  return threads;
}

GArray *
cr_store_list_thread_messages (CrStore  *self,
                               gint64    thread_id,
                               GError  **error)
{
  g_autoptr(GHashTable) by_handle = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  by_handle = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                     (GDestroyNotify) cr_thread_info_unref);
  if (!read_threads (self, &thread_id, 1, by_handle, ids, error))
    return NULL;

  return g_steal_pointer (&ids);
}
