/* cr-store-db.c — one SQLite connection, its prepared statements, and
 * the integrity check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cr-store-private.h"

/* Another process (courrier-cli while the app runs) may hold the write
 * lock for one batch: wait rather than fail. */
#define BUSY_TIMEOUT_MS 10000

void
cr_store_db_free (CrStoreDb *db)
{
  if (db == NULL)
    return;

  g_clear_pointer (&db->statements, g_hash_table_unref);
  sqlite3_close_v2 (db->db);
  g_free (db);
}

gboolean
cr_store_set_sqlite_error (GError  **error,
                           sqlite3  *db,
                           int       rc)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_FULL,
                   _("The disk is full: the message database could not be "
                     "written. Nothing was changed. Free some space and try again."));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_READ_ONLY,
                   _("The message database cannot be written: %s"), detail);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_CORRUPT,
                   _("The message database is damaged: %s"), detail);
      break;
    default:
      g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_FAILED,
                   _("The message database failed: %s"), detail);
      break;
    }

  return FALSE;
}

sqlite3_stmt *
cr_store_db_prepare (CrStoreDb   *db,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      cr_store_set_sqlite_error (error, db->db, rc);
      return NULL;
    }
  g_hash_table_insert (db->statements, g_strdup (sql), stmt);

  return stmt;
}

gboolean
cr_store_db_exec (CrStoreDb   *db,
                  const char  *sql,
                  GError     **error)
{
  int rc = sqlite3_exec (db->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return cr_store_set_sqlite_error (error, db->db, rc);

  return TRUE;
}

gboolean
cr_store_db_step_done (CrStoreDb     *db,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return cr_store_set_sqlite_error (error, db->db, rc);

  return TRUE;
}

/* SQLite keeps memory statistics behind a global mutex taken at every
 * allocation, a few percent of a header sync's writer (perf); nothing
 * here reads them. sqlite3_config() is only allowed before SQLite
 * starts, with no other thread using it: this runs before the store's
 * first connection, and nothing else in the process uses SQLite (WebKit
 * keeps its storage in its own processes). If something started SQLite
 * first anyway, the call fails and changes nothing. */
static gpointer
configure_sqlite (gpointer data)
{
  int rc = sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  if (rc != SQLITE_OK)
    g_debug ("SQLite was started before the store: memory statistics stay on (%s)", sqlite3_errstr (rc));

  return NULL;
}

CrStoreDb *
cr_store_db_open (const char  *path,
                  gboolean     read_only,
                  GError     **error)
{
  g_autoptr(CrStoreDb) db = g_new0 (CrStoreDb, 1);
  static GOnce once = G_ONCE_INIT;
  int flags = SQLITE_OPEN_NOMUTEX;
  int rc;

  g_once (&once, configure_sqlite, NULL);

  flags |= read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) sqlite3_finalize);
  rc = sqlite3_open_v2 (path, &db->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *detail = g_strdup (db->db ? sqlite3_errmsg (db->db) : sqlite3_errstr (rc));

      g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_READ_ONLY,
                   _("Cannot open the message database “%s”: %s"), path, detail);
      return NULL;
    }
  sqlite3_extended_result_codes (db->db, TRUE);
  sqlite3_busy_timeout (db->db, BUSY_TIMEOUT_MS);

  return g_steal_pointer (&db);
}

gboolean
cr_store_db_configure (CrStoreDb  *db,
                       gboolean    read_only,
                       GError    **error)
{
  /* The writer gets 16 MB of page cache (with the default 2 MB it reread
   * index pages of a 100,000-message folder at every batch); each reader
   * (one per thread reading at that moment, four kept idle) 4 MB, which
   * holds the pages a list reads. */
  if (read_only)
    return cr_store_db_exec (db, "PRAGMA query_only = ON; PRAGMA cache_size = -4096;", error);

  return cr_store_db_exec (db,
                           "PRAGMA journal_mode = WAL;"
                           "PRAGMA synchronous = NORMAL;"
                           "PRAGMA foreign_keys = ON;"
                           "PRAGMA temp_store = MEMORY;"
                           "PRAGMA cache_size = -16384;",
                           error);
}

/* PRAGMA integrity_check and foreign_key_check, and the folder counts
 * against the messages, on a reader. */
gboolean
cr_store_check_integrity (CrStore  *self,
                          GError  **error)
{
  CrStoreDb *db = cr_store_acquire_reader (self, error);
  g_autoptr(GString) problems = g_string_new (NULL);
  const char *checks[] = {
    "PRAGMA integrity_check;",
    "PRAGMA foreign_key_check;",
    /* Last: its rows are folder paths. */
    "SELECT path FROM folders f "
    "WHERE total != (SELECT count (*) FROM messages WHERE folder_id = f.id) "
    "OR unread != (SELECT count (*) FROM messages WHERE folder_id = f.id AND (flags & 1) = 0);",
  };

  if (db == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      sqlite3_stmt *stmt = cr_store_db_prepare (db, checks[i], error);
      int rc;

      if (stmt == NULL)
        {
          cr_store_release_reader (self, db);
          return FALSE;
        }
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *line = (const char *) sqlite3_column_text (stmt, 0);
          g_autofree char *counts = NULL;

          if (i == G_N_ELEMENTS (checks) - 1)
            /* Translators: %s is a folder's path on the server */
            line = counts = g_strdup_printf (_("wrong message counts in “%s”"), line != NULL ? line : "");
          if (g_strcmp0 (line, "ok") != 0)
            g_string_append_printf (problems, "%s%s", problems->len ? "; " : "",
                                    line != NULL ? line : "foreign key");
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          cr_store_set_sqlite_error (error, db->db, rc);
          cr_store_release_reader (self, db);
          return FALSE;
        }
    }
  cr_store_release_reader (self, db);

  if (problems->len > 0)
    {
      g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_CORRUPT,
                   _("The message database is damaged: %s"), problems->str);
      return FALSE;
    }

  return TRUE;
}
