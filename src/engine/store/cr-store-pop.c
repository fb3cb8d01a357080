/* cr-store-pop.c — POP3: local messages and the UIDLs seen on the server
 *
 * The order that makes POP3 safe (issue 5): the raw messages are durable
 * on disk, then their rows and UIDLs are committed with synchronous=FULL,
 * and only then may the caller send DELE. A crash before the commit
 * leaves no UIDL: the message is downloaded again, never lost, and never
 * listed twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-store-private.h"

static gboolean
record_uidl (CrStoreDb   *db,
             const char  *account_id,
             const char  *uidl,
             gint64       message_id,
             gint64       now,
             GError     **error)
{
  sqlite3_stmt *stmt = cr_store_db_prepare (db,
    "INSERT INTO pop_uidl (account_id, uidl, message_id, first_seen) "
    "VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (account_id, uidl) DO UPDATE SET message_id = excluded.message_id",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, uidl, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, message_id);
  sqlite3_bind_int64 (stmt, 4, now);

  return cr_store_db_step_done (db, stmt, error);
}

gboolean
cr_store_add_local_messages (CrStore            *self,
                             gint64              folder_id,
                             GPtrArray          *infos,
                             GPtrArray          *raws,
                             const char * const *uidls,
                             GError            **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CrFolderInfo) folder = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  CrStoreDb *db;
  gboolean ok = TRUE;

  g_return_val_if_fail (infos != NULL && raws != NULL, FALSE);
  g_return_val_if_fail (infos->len == raws->len, FALSE);

  if (infos->len == 0)
    return TRUE;

  folder = cr_store_get_folder (self, folder_id, error);
  if (folder == NULL)
    return FALSE;
  if (!(folder->flags & CR_FOLDER_FLAG_LOCAL_ONLY))
    {
      g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID,
                   _("The folder “%s” is not a local folder."), folder->name);
      return FALSE;
    }

  if (!cr_store_bodies_write_durable (self, raws, names, error))
    return FALSE;

  db = cr_store_begin_durable_write (self, error);
  ok = db != NULL;
  for (guint i = 0; ok && i < infos->len; i++)
    {
      CrMessageInfo *info = g_ptr_array_index (infos, i);

      ok = cr_store_insert_message_row (db, folder_id, info, g_ptr_array_index (names, i),
                                        g_bytes_get_size (g_ptr_array_index (raws, i)), error);
      if (ok && uidls != NULL)
        ok = record_uidl (db, folder->account_id, uidls[i], info->id, now, error);
    }
  if (db != NULL)
    ok = cr_store_end_write (self, db, ok, error);

  if (!ok)
    {
      cr_store_bodies_unlink_all (self, names);
      for (guint i = 0; i < infos->len; i++)
        ((CrMessageInfo *) g_ptr_array_index (infos, i))->id = 0;
      return FALSE;
    }

  cr_store_emit_changed (self, folder_id, CR_STORE_CHANGE_ADDED);
  cr_store_note_unindexed (self, infos->len, infos->len);

  return TRUE;
}

GPtrArray *
cr_store_list_pop_uidls (CrStore     *self,
                         const char  *account_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) uidls = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_pop_uidl_free);
  CrStoreDb *db = cr_store_acquire_reader (self, error);
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  if (db == NULL)
    return NULL;
  stmt = cr_store_db_prepare (db, "SELECT uidl, coalesce (message_id, 0), first_seen, "
                                  "deleted_on_server FROM pop_uidl WHERE account_id = ?1 "
                                  "ORDER BY first_seen, uidl", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          CrPopUidl *uidl = g_new0 (CrPopUidl, 1);

          uidl->uidl = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          uidl->message_id = sqlite3_column_int64 (stmt, 1);
          uidl->first_seen = sqlite3_column_int64 (stmt, 2);
          uidl->deleted_on_server = sqlite3_column_int (stmt, 3) != 0;
          g_ptr_array_add (uidls, uidl);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        cr_store_set_sqlite_error (error, db->db, rc);
    }
  cr_store_release_reader (self, db);

  return rc == SQLITE_DONE ? g_steal_pointer (&uidls) : NULL;
}

gboolean
cr_store_has_pop_uidl (CrStore     *self,
                       const char  *account_id,
                       const char  *uidl,
                       GError     **error)
{
  CrStoreDb *db = cr_store_acquire_reader (self, error);
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  if (db == NULL)
    return FALSE;
  stmt = cr_store_db_prepare (db, "SELECT 1 FROM pop_uidl WHERE account_id = ?1 AND uidl = ?2",
                              error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, uidl, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        cr_store_set_sqlite_error (error, db->db, rc);
    }
  cr_store_release_reader (self, db);

  return rc == SQLITE_ROW;
}

/* Runs @sql (?1 account, ?2 uidl) for each of @uidls in one transaction. */
static gboolean
write_uidls (CrStore            *self,
             const char         *sql,
             const char         *account_id,
             const char * const *uidls,
             GError            **error)
{
  CrStoreDb *db;
  gboolean ok = TRUE;

  g_return_val_if_fail (account_id != NULL && uidls != NULL, FALSE);

  db = cr_store_begin_write (self, error);
  if (db == NULL)
    return FALSE;
  for (guint i = 0; ok && uidls[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = cr_store_db_prepare (db, sql, error);

      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, uidls[i], -1, SQLITE_STATIC);
          ok = cr_store_db_step_done (db, stmt, error);
        }
    }

  return cr_store_end_write (self, db, ok, error);
}

gboolean
cr_store_mark_pop_deleted (CrStore            *self,
                           const char         *account_id,
                           const char * const *uidls,
                           GError            **error)
{
  return write_uidls (self, "UPDATE pop_uidl SET deleted_on_server = 1 "
                            "WHERE account_id = ?1 AND uidl = ?2",
                      account_id, uidls, error);
}

gboolean
cr_store_forget_pop_uidls (CrStore            *self,
                           const char         *account_id,
                           const char * const *uidls,
                           GError            **error)
{
  return write_uidls (self, "DELETE FROM pop_uidl WHERE account_id = ?1 AND uidl = ?2",
                      account_id, uidls, error);
}
