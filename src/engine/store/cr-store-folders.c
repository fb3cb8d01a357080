/* cr-store-folders.c — folders of every account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-store-private.h"

#define FOLDER_COLUMNS \
  "id, account_id, path, name, delimiter, role, flags, uidvalidity, " \
  "uidnext, highestmodseq, total, unread"

/* Select body files of messages, for cr_store_bodies_collect(). */
#define BODIES_OF_FOLDER \
  "SELECT body_file FROM messages WHERE folder_id = ?1 AND body_file IS NOT NULL"
#define BODIES_OF_ACCOUNT \
  "SELECT m.body_file FROM messages m " \
  "JOIN folders f ON f.id = m.folder_id " \
  "WHERE f.account_id = ?1 AND m.body_file IS NOT NULL"

static CrFolderInfo *
folder_from_row (sqlite3_stmt *stmt)
{
  CrFolderInfo *info = cr_folder_info_new ((const char *) sqlite3_column_text (stmt, 1),
                                           (const char *) sqlite3_column_text (stmt, 2));
  const char *delimiter = (const char *) sqlite3_column_text (stmt, 4);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  info->delimiter = delimiter != NULL ? delimiter[0] : '\0';
  info->role = sqlite3_column_int (stmt, 5);
  info->flags = sqlite3_column_int (stmt, 6);
  info->uidvalidity = sqlite3_column_int64 (stmt, 7);
  info->uidnext = sqlite3_column_int64 (stmt, 8);
  info->highestmodseq = sqlite3_column_int64 (stmt, 9);
  info->total = sqlite3_column_int (stmt, 10);
  info->unread = sqlite3_column_int (stmt, 11);

  return info;
}

static gboolean
set_not_found (GError **error)
{
  g_set_error_literal (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND,
                       _("This folder does not exist."));
  return FALSE;
}

gint64
cr_store_upsert_folder (CrStore       *self,
                        CrFolderInfo  *info,
                        GError       **error)
{
  CrStoreDb *db;
  sqlite3_stmt *stmt;
  char delimiter[2] = { info->delimiter, '\0' };
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (info != NULL, 0);
  g_return_val_if_fail (info->account_id != NULL && info->path != NULL, 0);

  db = cr_store_begin_write (self, error);
  if (db == NULL)
    return 0;

  stmt = cr_store_db_prepare (db,
    "INSERT INTO folders (account_id, path, name, delimiter, role, flags) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (account_id, path) DO UPDATE SET "
    "name = excluded.name, delimiter = excluded.delimiter, "
    "role = excluded.role, flags = excluded.flags "
    "RETURNING id", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, info->account_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, info->path, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, info->name != NULL ? info->name : info->path, -1, SQLITE_STATIC);
      if (info->delimiter != '\0')
        sqlite3_bind_text (stmt, 4, delimiter, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, info->role);
      sqlite3_bind_int (stmt, 6, info->flags);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      else
        cr_store_set_sqlite_error (error, db->db, rc);
      sqlite3_reset (stmt);
    }

  if (!cr_store_end_write (self, db, id != 0, error))
    return 0;

  info->id = id;
  cr_store_emit_changed (self, 0, CR_STORE_CHANGE_FOLDERS);

  return id;
}

/* Runs a query returning folder rows with parameters ?1, ?2 (text) and
 * ?3 (number); parameters the SQL does not use are ignored. */
static GPtrArray *
query_folders (CrStore     *self,
               const char  *sql,
               const char  *text1,
               const char  *text2,
               gint64       number,
               GError     **error)
{
  CrStoreDb *db = cr_store_acquire_reader (self, error);
  g_autoptr(GPtrArray) folders = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (db == NULL)
    return NULL;

  stmt = cr_store_db_prepare (db, sql, error);
  if (stmt == NULL)
    {
      cr_store_release_reader (self, db);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, text1, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text2, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, number);

  folders = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_folder_info_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (folders, folder_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cr_store_set_sqlite_error (error, db->db, rc);
      g_clear_pointer (&folders, g_ptr_array_unref);
    }
  cr_store_release_reader (self, db);

  return g_steal_pointer (&folders);
}

GPtrArray *
cr_store_list_folders (CrStore     *self,
                       const char  *account_id,
                       GError     **error)
{
  return query_folders (self,
                        "SELECT " FOLDER_COLUMNS " FROM folders "
                        "WHERE ?1 IS NULL OR account_id = ?1 "
                        "ORDER BY account_id, path",
                        account_id, NULL, 0, error);
}

static CrFolderInfo *
first_folder (GPtrArray  *folders,
              GError    **error)
{
  g_autoptr(GPtrArray) owned = folders;

  if (owned == NULL)
    return NULL;
  if (owned->len == 0)
    {
      set_not_found (error);
      return NULL;
    }

  return cr_folder_info_ref (g_ptr_array_index (owned, 0));
}

CrFolderInfo *
cr_store_get_folder (CrStore  *self,
                     gint64    folder_id,
                     GError  **error)
{
  return first_folder (query_folders (self,
                                      "SELECT " FOLDER_COLUMNS " FROM folders WHERE id = ?3",
                                      NULL, NULL, folder_id, error),
                       error);
}

CrFolderInfo *
cr_store_lookup_folder (CrStore     *self,
                        const char  *account_id,
                        const char  *path,
                        GError     **error)
{
  g_return_val_if_fail (account_id != NULL && path != NULL, NULL);

  return first_folder (query_folders (self,
                                      "SELECT " FOLDER_COLUMNS " FROM folders "
                                      "WHERE account_id = ?1 AND path = ?2",
                                      account_id, path, 0, error),
                       error);
}

CrFolderInfo *
cr_store_lookup_folder_by_role (CrStore       *self,
                                const char    *account_id,
                                CrFolderRole   role,
                                GError       **error)
{
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (role != CR_FOLDER_ROLE_NONE, NULL);

  return first_folder (query_folders (self,
                                      "SELECT " FOLDER_COLUMNS " FROM folders "
                                      "WHERE account_id = ?1 AND role = ?3 "
                                      "ORDER BY id LIMIT 1",
                                      account_id, NULL, role, error),
                       error);
}

/* Runs @sql with ?1 = @folder_id, ?2/?3 text, ?4–?6 numbers in a
 * transaction of its own; fails with NOT_FOUND when no row changed. */
static gboolean
write_folder (CrStore        *self,
              const char     *sql,
              gint64          folder_id,
              const char     *text1,
              const char     *text2,
              const gint64    numbers[3],
              CrStoreChange   change,
              GError        **error)
{
  CrStoreDb *db = cr_store_begin_write (self, error);
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (db == NULL)
    return FALSE;

  stmt = cr_store_db_prepare (db, sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, folder_id);
      sqlite3_bind_text (stmt, 2, text1, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, text2, -1, SQLITE_STATIC);
      for (guint i = 0; numbers != NULL && i < 3; i++)
        sqlite3_bind_int64 (stmt, 4 + i, numbers[i]);
      ok = cr_store_db_step_done (db, stmt, error);
      if (ok && sqlite3_changes (db->db) == 0)
        ok = set_not_found (error);
    }

  if (!cr_store_end_write (self, db, ok, error))
    return FALSE;

  cr_store_emit_changed (self, folder_id, change);

  return TRUE;
}

gboolean
cr_store_rename_folder (CrStore     *self,
                        gint64       folder_id,
                        const char  *new_path,
                        const char  *new_name,
                        GError     **error)
{
  g_return_val_if_fail (new_path != NULL, FALSE);

  return write_folder (self,
                       "UPDATE folders SET path = ?2, name = coalesce (?3, ?2) WHERE id = ?1",
                       folder_id, new_path, new_name, NULL,
                       CR_STORE_CHANGE_FOLDERS, error);
}

gboolean
cr_store_set_folder_sync_state (CrStore  *self,
                                gint64    folder_id,
                                guint32   uidvalidity,
                                guint32   uidnext,
                                guint64   highestmodseq,
                                GError  **error)
{
  /* SQLite integers are signed: RFC 7162 caps a modseq at 2^63 - 1. */
  const gint64 numbers[3] = {
    uidvalidity, uidnext, (gint64) MIN (highestmodseq, (guint64) G_MAXINT64),
  };

  if (!write_folder (self,
                     "UPDATE folders SET uidvalidity = ?4, uidnext = ?5, "
                     "highestmodseq = ?6 WHERE id = ?1",
                     folder_id, NULL, NULL, numbers,
                     CR_STORE_CHANGE_FOLDERS, error))
    return FALSE;

  /* The end of a folder's sync: what it brought becomes searchable. */
  cr_store_note_unindexed (self, 0, 0);

  return TRUE;
}

/* Collects the body files selected by @bodies_sql (bound to @key), then
 * runs @statements, each bound to @key, in one transaction; the files are
 * unlinked once it has committed. */
static gboolean
delete_with_bodies (CrStore            *self,
                    const char         *bodies_sql,
                    const char *const  *statements,
                    guint               n_statements,
                    gint64              key_number,
                    const char         *key_text,
                    gboolean            must_change,
                    GError            **error)
{
  CrStoreDb *db = cr_store_begin_write (self, error);
  g_autoptr(GPtrArray) bodies = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (db == NULL)
    return FALSE;

  stmt = cr_store_db_prepare (db, bodies_sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      if (key_text != NULL)
        sqlite3_bind_text (stmt, 1, key_text, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, 1, key_number);
      bodies = cr_store_bodies_collect (db, stmt, error);
      ok = bodies != NULL;
    }
  for (guint i = 0; ok && i < n_statements; i++)
    {
      stmt = cr_store_db_prepare (db, statements[i], error);
      ok = stmt != NULL;
      if (!ok)
        break;
      if (key_text != NULL)
        sqlite3_bind_text (stmt, 1, key_text, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, 1, key_number);
      ok = cr_store_db_step_done (db, stmt, error);
      if (ok && must_change && i == n_statements - 1 && sqlite3_changes (db->db) == 0)
        ok = set_not_found (error);
    }

  if (!cr_store_end_write (self, db, ok, error))
    return FALSE;

  cr_store_bodies_unlink_all (self, bodies);

  return TRUE;
}

/* Also deletes its messages (ON DELETE CASCADE), bodies and operations. */
gboolean
cr_store_delete_folder (CrStore  *self,
                        gint64    folder_id,
                        GError  **error)
{
  const char *const statements[] = { "DELETE FROM folders WHERE id = ?1" };

  if (!delete_with_bodies (self, BODIES_OF_FOLDER, statements, G_N_ELEMENTS (statements),
                           folder_id, NULL, TRUE, error))
    return FALSE;

  cr_store_emit_changed (self, folder_id, CR_STORE_CHANGE_FOLDERS | CR_STORE_CHANGE_RESET);

  return TRUE;
}

gboolean
cr_store_reset_folder (CrStore  *self,
                       gint64    folder_id,
                       guint32   uidvalidity,
                       GError  **error)
{
  const char *const statements[] = { "DELETE FROM messages WHERE folder_id = ?1" };
  const gint64 numbers[3] = { uidvalidity, 0, 0 };

  /* Two transactions: a crash in between leaves an empty folder with
   * the old UIDVALIDITY, which the next sync resets again. */
  if (!delete_with_bodies (self, BODIES_OF_FOLDER, statements, G_N_ELEMENTS (statements),
                           folder_id, NULL, FALSE, error))
    return FALSE;
  if (!write_folder (self,
                     "UPDATE folders SET uidvalidity = ?4, uidnext = ?5, "
                     "highestmodseq = ?6 WHERE id = ?1",
                     folder_id, NULL, NULL, numbers, CR_STORE_CHANGE_FOLDERS, error))
    return FALSE;

  cr_store_emit_changed (self, folder_id, CR_STORE_CHANGE_RESET);

  return TRUE;
}

gboolean
cr_store_delete_account (CrStore     *self,
                         const char  *account_id,
                         GError     **error)
{
  const char *const statements[] = {
    "DELETE FROM operations WHERE account_id = ?1",
    "DELETE FROM pop_uidl WHERE account_id = ?1",
    "DELETE FROM folders WHERE account_id = ?1",
  };

  g_return_val_if_fail (account_id != NULL, FALSE);

  if (!delete_with_bodies (self, BODIES_OF_ACCOUNT, statements, G_N_ELEMENTS (statements),
                           0, account_id, FALSE, error))
    return FALSE;

  cr_store_emit_changed (self, 0, CR_STORE_CHANGE_FOLDERS | CR_STORE_CHANGE_QUEUE);

  return TRUE;
}
