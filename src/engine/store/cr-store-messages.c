/* cr-store-messages.c — message rows: what sync and local actions write
 *
 * Each call is one transaction, however many rows it touches: a commit per
 * message would be 10–50× slower, and a failed batch leaves nothing behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-store-private.h"

#define FIELD_SEPARATOR "\x1f"

static char *
join_names (char **names)
{
  if (names == NULL || names[0] == NULL)
    return NULL;

  return g_strjoinv (FIELD_SEPARATOR, names);
}

/* The root of the thread: the first References: id, else In-Reply-To:,
 * else the message itself. Cheap, and enough to group a conversation. */
static char *
thread_key (const CrMessageInfo *info)
{
  const char *sources[] = { info->references, info->in_reply_to, info->message_id };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      const char *start = sources[i];
      const char *end;

      if (start == NULL)
        continue;
      while (g_ascii_isspace (*start) || *start == '<')
        start++;
      end = start;
      while (*end != '\0' && *end != '>' && !g_ascii_isspace (*end))
        end++;
      if (end > start)
        return g_strndup (start, end - start);
    }

  return NULL;
}

/* What bind_headers() computes: it must live until the statement ran,
 * so that the strings are bound without a copy. */
typedef struct
{
  char *to;
  char *cc;
  char *names;
  char *sender_key;
  char *subject_key;
} Computed;

static void
computed_clear (Computed *computed)
{
  g_free (computed->to);
  g_free (computed->cc);
  g_free (computed->names);
  g_free (computed->sender_key);
  g_free (computed->subject_key);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Computed, computed_clear)

/* Binds the header columns ?2–?20 shared by INSERT and UPDATE. */
static void
bind_headers (sqlite3_stmt  *stmt,
              CrMessageInfo *info,
              Computed      *computed)
{
  const char *sender = info->from_name != NULL && *info->from_name ? info->from_name
                                                                   : info->from_address;

  computed->to = cr_store_encode_addresses (info->to);
  computed->cc = cr_store_encode_addresses (info->cc);
  computed->names = join_names (info->attachment_names);
  computed->sender_key = cr_store_fold_key (sender, FALSE);
  computed->subject_key = cr_store_fold_key (info->subject, TRUE);
  g_free (info->thread_key);
  info->thread_key = thread_key (info);

  sqlite3_bind_text (stmt, 2, info->message_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, info->subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, info->from_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, info->from_address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, computed->to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, computed->cc, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, info->date);
  sqlite3_bind_int64 (stmt, 9, info->internal_date);
  sqlite3_bind_int64 (stmt, 10, info->size);
  sqlite3_bind_int (stmt, 11, info->flags);
  sqlite3_bind_int (stmt, 12, info->has_attachment ? 1 : 0);
  sqlite3_bind_text (stmt, 13, computed->names, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, info->references, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, info->in_reply_to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 16, info->preview, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 17, (gint64) MIN (info->modseq, (guint64) G_MAXINT64));
  sqlite3_bind_text (stmt, 18, info->thread_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 19, computed->sender_key != NULL ? computed->sender_key : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 20, computed->subject_key != NULL ? computed->subject_key : "", -1, SQLITE_STATIC);
}

/* The full-text row of a message: ?1 rowid, ?2 subject, ?3 sender,
 * ?4 recipients. */
static void
bind_fts (sqlite3_stmt  *stmt,
          CrMessageInfo *info)
{
  g_autofree char *sender = g_strjoin (" ", info->from_name ? info->from_name : "",
                                       info->from_address ? info->from_address : "", NULL);
  g_autofree char *people = cr_store_people_text (info->to, info->cc);

  sqlite3_bind_int64 (stmt, 1, info->id);
  sqlite3_bind_text (stmt, 2, info->subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, sender, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, people, -1, SQLITE_TRANSIENT);
}

/* Folder counts and the full-text watermark for new rows, the first of
 * which is @first_id. Inserts count here, not in a trigger: an AFTER
 * INSERT trigger runs a sub-program for every row, a fifth of the CPU of
 * a header batch (migration 003). */
static gboolean
note_new_rows (CrStoreDb  *db,
               gint64      folder_id,
               gint64      added,
               gint64      unread,
               gint64      first_id,
               GError    **error)
{
  sqlite3_stmt *stmt;

  if (added == 0)
    return TRUE;
  if (!cr_store_note_new_rows (db, first_id, error))
    return FALSE;

  stmt = cr_store_db_prepare (db,
                              "UPDATE folders SET total = total + ?2, unread = unread + ?3 "
                              "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, folder_id);
  sqlite3_bind_int64 (stmt, 2, added);
  sqlite3_bind_int64 (stmt, 3, unread);

  return cr_store_db_step_done (db, stmt, error);
}

/* The largest id so far: rows upserted after it with a larger id are new
 * (an INTEGER PRIMARY KEY takes the largest plus one). */
static gboolean
largest_id (CrStoreDb  *db,
            gint64     *id,
            GError    **error)
{
  sqlite3_stmt *stmt = cr_store_db_prepare (db, "SELECT coalesce (max (id), 0) FROM messages", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);

  return cr_store_db_step_done (db, stmt, error);
}

gboolean
cr_store_insert_message_row (CrStoreDb      *db,
                             gint64          folder_id,
                             CrMessageInfo  *info,
                             const char     *body_file,
                             gint64          body_size,
                             GError        **error)
{
  g_auto(Computed) computed = { NULL, };
  sqlite3_stmt *stmt;

  stmt = cr_store_db_prepare (db,
    "INSERT INTO messages (folder_id, message_id, subject, from_name, from_address, "
    "to_list, cc_list, date, internal_date, size, flags, has_attachment, "
    "attachment_names, refs, in_reply_to, preview, modseq, thread_key, "
    "sender_key, subject_key, uid, body_file, body_size, body_state) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16, ?17, ?18, ?19, ?20, nullif (?21, 0), ?22, ?23, ?22 IS NOT NULL)",
    error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, folder_id);
  bind_headers (stmt, info, &computed);
  sqlite3_bind_int64 (stmt, 21, info->uid);
  sqlite3_bind_text (stmt, 22, body_file, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 23, body_size);
  if (!cr_store_db_step_done (db, stmt, error))
    return FALSE;

  info->id = sqlite3_last_insert_rowid (db->db);
  info->folder_id = folder_id;
  info->body_state = body_file != NULL ? CR_BODY_STATE_CACHED : CR_BODY_STATE_NONE;

  /* Not in messages_fts yet: cr_store_flush_index() adds it. */
  return note_new_rows (db, folder_id, 1, (info->flags & CR_MESSAGE_FLAG_SEEN) ? 0 : 1, info->id, error);
}

/* One statement per message: inserted, or updated in place when its UID
 * is known (a probe first would cost a second statement per row). */
static sqlite3_stmt *
prepare_upsert (CrStoreDb  *db,
                GError    **error)
{
  return cr_store_db_prepare (db,
    "INSERT INTO messages (folder_id, message_id, subject, from_name, from_address, "
    "to_list, cc_list, date, internal_date, size, flags, has_attachment, "
    "attachment_names, refs, in_reply_to, preview, modseq, thread_key, "
    "sender_key, subject_key, uid) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16, ?17, ?18, ?19, ?20, nullif (?21, 0)) "
    "ON CONFLICT (folder_id, uid) DO UPDATE SET message_id = ?2, subject = ?3, "
    "from_name = ?4, from_address = ?5, to_list = ?6, cc_list = ?7, date = ?8, "
    "internal_date = ?9, size = ?10, flags = ?11, has_attachment = ?12, "
    "attachment_names = ?13, refs = ?14, in_reply_to = ?15, preview = ?16, "
    "modseq = ?17, thread_key = ?18, sender_key = ?19, subject_key = ?20 "
    "RETURNING id, body_state, indexed", error);
}

/* @upsert: prepare_upsert(), reset */
static gboolean
upsert_message_row (CrStoreDb      *db,
                    sqlite3_stmt   *upsert,
                    gint64          folder_id,
                    CrMessageInfo  *info,
                    GError        **error)
{
  g_auto(Computed) computed = { NULL, };
  sqlite3_stmt *stmt = upsert;
  gboolean indexed = FALSE;
  int rc;

  sqlite3_clear_bindings (stmt);
  sqlite3_bind_int64 (stmt, 1, folder_id);
  bind_headers (stmt, info, &computed);
  sqlite3_bind_int64 (stmt, 21, info->uid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      info->id = sqlite3_column_int64 (stmt, 0);
      info->body_state = sqlite3_column_int (stmt, 1);
      indexed = sqlite3_column_int (stmt, 2) != 0;
    }
  if (!cr_store_db_step_done (db, stmt, error))
    return FALSE;
  if (rc != SQLITE_ROW)
    return cr_store_set_sqlite_error (error, db->db, rc);
  info->folder_id = folder_id;
  if (!indexed)
    return TRUE;

  /* An indexed row whose headers changed: its index row follows. */
  stmt = cr_store_db_prepare (db,
                              "UPDATE messages_fts SET subject = ?2, sender = ?3, "
                              "recipients = ?4 WHERE rowid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_fts (stmt, info);

  return cr_store_db_step_done (db, stmt, error);
}

gboolean
cr_store_upsert_messages (CrStore    *self,
                          gint64      folder_id,
                          GPtrArray  *infos,
                          GError    **error)
{
  CrStoreDb *db;
  sqlite3_stmt *upsert;
  gint64 before = 0;
  gint64 top;
  gint64 added = 0;
  gint64 unread = 0;
  gboolean ok;

  g_return_val_if_fail (infos != NULL, FALSE);

  if (infos->len == 0)
    return TRUE;

  db = cr_store_begin_write (self, error);
  if (db == NULL)
    return FALSE;

  ok = largest_id (db, &before, error);
  top = before;
  /* Prepared once a batch: the statement cache hashes the whole SQL text. */
  upsert = ok ? prepare_upsert (db, error) : NULL;
  ok = upsert != NULL;
  for (guint i = 0; ok && i < infos->len; i++)
    {
      CrMessageInfo *info = g_ptr_array_index (infos, i);

      ok = upsert_message_row (db, upsert, folder_id, info, error);
      /* Above every row so far: inserted. A UID twice in one batch (an
       * unsolicited FETCH amid the answers) updates the row it inserted;
       * its flags then count through the update trigger. */
      if (ok && info->id > top)
        {
          added++;
          unread += (info->flags & CR_MESSAGE_FLAG_SEEN) ? 0 : 1;
          top = info->id;
        }
    }
  if (ok)
    ok = note_new_rows (db, folder_id, added, unread, before + 1, error);

  if (!cr_store_end_write (self, db, ok, error))
    {
      /* Nothing was stored: do not hand out ids of rolled-back rows. */
      for (guint i = 0; i < infos->len; i++)
        ((CrMessageInfo *) g_ptr_array_index (infos, i))->id = 0;
      return FALSE;
    }

  cr_store_emit_changed (self, folder_id, CR_STORE_CHANGE_ADDED | CR_STORE_CHANGE_UPDATED);
  cr_store_note_unindexed (self, infos->len, infos->len);

  return TRUE;
}

gboolean
cr_store_update_flags (CrStore           *self,
                       gint64             folder_id,
                       const CrUidFlags  *updates,
                       guint              n_updates,
                       GError           **error)
{
  CrStoreDb *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  guint changed = 0;

  g_return_val_if_fail (updates != NULL || n_updates == 0, FALSE);

  if (n_updates == 0)
    return TRUE;

  db = cr_store_begin_write (self, error);
  if (db == NULL)
    return FALSE;

  for (guint i = 0; ok && i < n_updates; i++)
    {
      stmt = cr_store_db_prepare (db,
                                  "UPDATE messages SET flags = ?3, "
                                  "modseq = CASE WHEN ?4 != 0 THEN ?4 ELSE modseq END "
                                  "WHERE folder_id = ?1 AND uid = ?2 "
                                  "AND (flags != ?3 OR (?4 != 0 AND modseq != ?4))",
                                  error);
      ok = stmt != NULL;
      if (!ok)
        break;
      sqlite3_bind_int64 (stmt, 1, folder_id);
      sqlite3_bind_int64 (stmt, 2, updates[i].uid);
      sqlite3_bind_int (stmt, 3, updates[i].flags);
      sqlite3_bind_int64 (stmt, 4, (gint64) MIN (updates[i].modseq, (guint64) G_MAXINT64));
      ok = cr_store_db_step_done (db, stmt, error);
      changed += ok ? sqlite3_changes (db->db) : 0;
    }

  if (!cr_store_end_write (self, db, ok, error))
    return FALSE;

  if (changed > 0)
    cr_store_emit_changed (self, folder_id, CR_STORE_CHANGE_UPDATED);

  return TRUE;
}

/* Deletes rows one key at a time: @bodies_sql and @delete_sql take the
 * key as ?2 (and @folder_id as ?1). Bodies go once the commit is done. */
static gboolean
delete_rows (CrStore       *self,
             gint64         folder_id,
             const char    *bodies_sql,
             const char    *delete_sql,
             const gint64  *keys,
             guint          n_keys,
             GError       **error)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  CrStoreDb *db = cr_store_begin_write (self, error);
  gboolean ok = TRUE;
  GHashTableIter iter;
  gpointer key;

  if (db == NULL)
    return FALSE;

  for (guint i = 0; ok && i < n_keys; i++)
    {
      sqlite3_stmt *stmt = cr_store_db_prepare (db, bodies_sql, error);
      g_autoptr(GPtrArray) found = NULL;
      int rc;

      ok = stmt != NULL;
      if (!ok)
        break;
      sqlite3_bind_int64 (stmt, 1, folder_id);
      sqlite3_bind_int64 (stmt, 2, keys[i]);
      found = cr_store_bodies_collect (db, stmt, error);
      ok = found != NULL;
      if (!ok)
        break;
      g_ptr_array_extend_and_steal (bodies, g_steal_pointer (&found));

      stmt = cr_store_db_prepare (db, delete_sql, error);
      ok = stmt != NULL;
      if (!ok)
        break;
      sqlite3_bind_int64 (stmt, 1, folder_id);
      sqlite3_bind_int64 (stmt, 2, keys[i]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_hash_table_add (folders, g_memdup2 (&id, sizeof id));
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        ok = cr_store_set_sqlite_error (error, db->db, rc);
    }

  if (!cr_store_end_write (self, db, ok, error))
    return FALSE;

  cr_store_bodies_unlink_all (self, bodies);
  g_hash_table_iter_init (&iter, folders);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    cr_store_emit_changed (self, *(gint64 *) key, CR_STORE_CHANGE_REMOVED);

  return TRUE;
}

gboolean
cr_store_remove_uids (CrStore        *self,
                      gint64          folder_id,
                      const guint32  *uids,
                      guint           n_uids,
                      GError        **error)
{
  g_autofree gint64 *keys = g_new (gint64, MAX (n_uids, 1));

  g_return_val_if_fail (uids != NULL || n_uids == 0, FALSE);

  for (guint i = 0; i < n_uids; i++)
    keys[i] = uids[i];

  return delete_rows (self, folder_id,
                      "SELECT body_file FROM messages WHERE folder_id = ?1 AND uid = ?2 "
                      "AND body_file IS NOT NULL",
                      "DELETE FROM messages WHERE folder_id = ?1 AND uid = ?2 "
                      "RETURNING folder_id",
                      keys, n_uids, error);
}

gboolean
cr_store_remove_messages (CrStore       *self,
                          const gint64  *ids,
                          guint          n_ids,
                          GError       **error)
{
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  return delete_rows (self, 0,
                      "SELECT body_file FROM messages WHERE id = ?2 "
                      "AND body_file IS NOT NULL",
                      "DELETE FROM messages WHERE id = ?2 RETURNING folder_id",
                      ids, n_ids, error);
}

/* Collects the folder ids @stmt returns, then resets it. */
static gboolean
collect_folders (CrStoreDb     *db,
                 sqlite3_stmt  *stmt,
                 GHashTable    *folders,
                 GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_add (folders, g_memdup2 (&id, sizeof id));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return cr_store_set_sqlite_error (error, db->db, rc);

  return TRUE;
}

/* For each of @ids in one transaction: @before_sql (nullable, ?1 = id)
 * and @sql (?1 = id, ?2 and ?3 numbers) each return folder ids to notify. */
static gboolean
update_rows (CrStore       *self,
             const char    *before_sql,
             const char    *sql,
             const gint64  *ids,
             guint          n_ids,
             gint64         n2,
             gint64         n3,
             CrStoreChange  change,
             GError       **error)
{
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  CrStoreDb *db = cr_store_begin_write (self, error);
  gboolean ok = TRUE;
  GHashTableIter iter;
  gpointer key;

  if (db == NULL)
    return FALSE;

  for (guint i = 0; ok && i < n_ids; i++)
    {
      sqlite3_stmt *stmt;

      if (before_sql != NULL)
        {
          stmt = cr_store_db_prepare (db, before_sql, error);
          ok = stmt != NULL;
          if (!ok)
            break;
          sqlite3_bind_int64 (stmt, 1, ids[i]);
          ok = collect_folders (db, stmt, folders, error);
          if (!ok)
            break;
        }
      stmt = cr_store_db_prepare (db, sql, error);
      ok = stmt != NULL;
      if (!ok)
        break;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      sqlite3_bind_int64 (stmt, 2, n2);
      sqlite3_bind_int64 (stmt, 3, n3);
      ok = collect_folders (db, stmt, folders, error);
    }

  if (!cr_store_end_write (self, db, ok, error))
    return FALSE;

  g_hash_table_iter_init (&iter, folders);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    cr_store_emit_changed (self, *(gint64 *) key, change);

  return TRUE;
}

gboolean
cr_store_set_message_flags (CrStore         *self,
                            const gint64    *ids,
                            guint            n_ids,
                            CrMessageFlags   set,
                            CrMessageFlags   clear,
                            GError         **error)
{
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  return update_rows (self, NULL,
                      "UPDATE messages SET flags = (flags | ?2) & ~?3 "
                      "WHERE id = ?1 AND flags != (flags | ?2) & ~?3 RETURNING folder_id",
                      ids, n_ids, set, clear, CR_STORE_CHANGE_UPDATED, error);
}

gboolean
cr_store_move_messages (CrStore       *self,
                        const gint64  *ids,
                        guint          n_ids,
                        gint64         target_folder_id,
                        GError       **error)
{
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  /* RETURNING sees the new values: the old folder is read first. */
  return update_rows (self,
                      "SELECT folder_id FROM messages WHERE id = ?1",
                      "UPDATE messages SET folder_id = ?2, uid = NULL "
                      "WHERE id = ?1 AND folder_id != ?2 RETURNING folder_id",
                      ids, n_ids, target_folder_id, 0,
                      CR_STORE_CHANGE_ADDED | CR_STORE_CHANGE_REMOVED, error);
}

gboolean
cr_store_set_message_uid (CrStore  *self,
                          gint64    message_id,
                          guint32   uid,
                          GError  **error)
{
  g_return_val_if_fail (uid != 0, FALSE);

  return update_rows (self, NULL,
                      "UPDATE messages SET uid = ?2 WHERE id = ?1 RETURNING folder_id",
                      &message_id, 1, uid, 0, CR_STORE_CHANGE_UPDATED, error);
}
