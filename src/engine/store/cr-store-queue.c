/* cr-store-queue.c — the persisted queue of local-first operations
 *
 * A person's action changes the store at once and is recorded here; the
 * sync engine replays the queue to the server, oldest first, and removes
 * an operation once the server has it. A failing operation waits longer
 * each time (exponential backoff) so one refused change does not spin.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "cr-store-enums.h"
#include "cr-store-private.h"

#define BACKOFF_FIRST_S 30
#define BACKOFF_MAX_S 3600

static char *
encode_numbers (GArray   *array,
                gboolean  uids)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < array->len; i++)
    {
      gint64 value = uids ? g_array_index (array, guint32, i) : g_array_index (array, gint64, i);

      g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", value);
    }

  return g_string_free (out, FALSE);
}

static void
decode_numbers (const char *text,
                GArray     *array,
                gboolean    uids)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 value;

      if (parts[i][0] == '\0')
        continue;
      value = g_ascii_strtoll (parts[i], NULL, 10);
      if (uids)
        {
          guint32 uid = value;

          g_array_append_val (array, uid);
        }
      else
        g_array_append_val (array, value);
    }
}

static const char *
kind_to_string (CrOperationKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (CR_TYPE_OPERATION_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  return value != NULL ? value->value_nick : NULL;
}

static gboolean
kind_from_string (const char      *nick,
                  CrOperationKind *out_kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (CR_TYPE_OPERATION_KIND);
  GEnumValue *value = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (value == NULL)
    return FALSE;
  *out_kind = value->value;

  return TRUE;
}

gboolean
cr_store_enqueue_operation (CrStore      *self,
                            CrOperation  *op,
                            GError      **error)
{
  g_autofree char *uids = NULL;
  g_autofree char *ids = NULL;
  const char *kind;
  CrStoreDb *db;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (op != NULL && op->account_id != NULL, FALSE);

  kind = kind_to_string (op->kind);
  g_return_val_if_fail (kind != NULL, FALSE);
  uids = encode_numbers (op->uids, TRUE);
  ids = encode_numbers (op->message_ids, FALSE);

  db = cr_store_begin_write (self, error);
  if (db == NULL)
    return FALSE;
  stmt = cr_store_db_prepare (db,
    "INSERT INTO operations (account_id, kind, folder_id, uids, message_ids, flags, "
    "target_folder_id, created, attempts, next_attempt) "
    "VALUES (?1, ?2, nullif (?3, 0), ?4, ?5, ?6, nullif (?7, 0), ?8, 0, 0)", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, op->account_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, op->folder_id);
      sqlite3_bind_text (stmt, 4, uids, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, ids, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 6, op->flags);
      sqlite3_bind_int64 (stmt, 7, op->target_folder_id);
      sqlite3_bind_int64 (stmt, 8, now);
      ok = cr_store_db_step_done (db, stmt, error);
    }
  if (ok)
    op->id = sqlite3_last_insert_rowid (db->db);
  if (!cr_store_end_write (self, db, ok, error))
    {
      op->id = 0;
      return FALSE;
    }

  op->created = now;
  op->attempts = 0;
  op->next_attempt = 0;
  cr_store_emit_changed (self, 0, CR_STORE_CHANGE_QUEUE);

  return TRUE;
}

static CrOperation *
operation_from_row (sqlite3_stmt *stmt)
{
  CrOperationKind kind = CR_OPERATION_SET_FLAGS;
  CrOperation *op;

  /* A kind this version does not know (written by a newer one): skip. */
  if (!kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind))
    return NULL;

  op = cr_operation_new ((const char *) sqlite3_column_text (stmt, 1), kind,
                         sqlite3_column_int64 (stmt, 3));
  op->id = sqlite3_column_int64 (stmt, 0);
  decode_numbers ((const char *) sqlite3_column_text (stmt, 4), op->uids, TRUE);
  decode_numbers ((const char *) sqlite3_column_text (stmt, 5), op->message_ids, FALSE);
  op->flags = sqlite3_column_int (stmt, 6);
  op->target_folder_id = sqlite3_column_int64 (stmt, 7);
  op->created = sqlite3_column_int64 (stmt, 8);
  op->attempts = sqlite3_column_int (stmt, 9);
  op->next_attempt = sqlite3_column_int64 (stmt, 10);
  op->last_error = g_strdup ((const char *) sqlite3_column_text (stmt, 11));

  return op;
}

GPtrArray *
cr_store_peek_operations (CrStore     *self,
                          const char  *account_id,
                          guint        max,
                          gint64       now,
                          GError     **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_operation_unref);
  CrStoreDb *db;
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (account_id != NULL, NULL);

  db = cr_store_acquire_reader (self, error);
  if (db == NULL)
    return NULL;
  stmt = cr_store_db_prepare (db,
    "SELECT id, account_id, kind, coalesce (folder_id, 0), uids, message_ids, flags, "
    "coalesce (target_folder_id, 0), created, attempts, next_attempt, last_error "
    "FROM operations WHERE account_id = ?1 AND next_attempt <= ?2 "
    "ORDER BY id LIMIT ?3", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, now);
      sqlite3_bind_int64 (stmt, 3, max > 0 ? (gint64) max : -1);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          CrOperation *op = operation_from_row (stmt);

          if (op != NULL)
            g_ptr_array_add (ops, op);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        cr_store_set_sqlite_error (error, db->db, rc);
    }
  cr_store_release_reader (self, db);

  return rc == SQLITE_DONE ? g_steal_pointer (&ops) : NULL;
}

guint
cr_store_count_operations (CrStore     *self,
                           const char  *account_id,
                           GError     **error)
{
  CrStoreDb *db = cr_store_acquire_reader (self, error);
  sqlite3_stmt *stmt;
  guint count = 0;
  int rc;

  if (db == NULL)
    return 0;
  stmt = cr_store_db_prepare (db, "SELECT count(*) FROM operations "
                                  "WHERE ?1 IS NULL OR account_id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        count = sqlite3_column_int (stmt, 0);
      else
        cr_store_set_sqlite_error (error, db->db, rc);
      sqlite3_reset (stmt);
    }
  cr_store_release_reader (self, db);

  return count;
}

static gboolean
write_operation (CrStore     *self,
                 const char  *sql,
                 gint64       operation_id,
                 const char  *text,
                 gint64       now,
                 GError     **error)
{
  CrStoreDb *db = cr_store_begin_write (self, error);
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (db == NULL)
    return FALSE;
  stmt = cr_store_db_prepare (db, sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, operation_id);
      sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, now);
      sqlite3_bind_int64 (stmt, 4, BACKOFF_FIRST_S);
      sqlite3_bind_int64 (stmt, 5, BACKOFF_MAX_S);
      ok = cr_store_db_step_done (db, stmt, error);
      if (ok && sqlite3_changes (db->db) == 0)
        {
          g_set_error_literal (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND,
                               _("This operation is no longer queued."));
          ok = FALSE;
        }
    }
  if (!cr_store_end_write (self, db, ok, error))
    return FALSE;

  cr_store_emit_changed (self, 0, CR_STORE_CHANGE_QUEUE);

  return TRUE;
}

gboolean
cr_store_complete_operation (CrStore  *self,
                             gint64    operation_id,
                             GError  **error)
{
  return write_operation (self, "DELETE FROM operations WHERE id = ?1",
                          operation_id, NULL, 0, error);
}

gboolean
cr_store_fail_operation (CrStore     *self,
                         gint64       operation_id,
                         const char  *message,
                         gint64       now,
                         GError     **error)
{
  /* 30 s × 2^attempts, at most an hour; the shift is capped so it
   * cannot overflow after many attempts. */
  return write_operation (self,
                          "UPDATE operations SET attempts = attempts + 1, last_error = ?2, "
                          "next_attempt = ?3 + min (?5, ?4 << min (attempts, 16)) "
                          "WHERE id = ?1",
                          operation_id, message, now, error);
}
