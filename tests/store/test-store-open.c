/* test-store-open.c — creating, upgrading, refusing and recovering store.db
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "cr-store-test-util.h"
#include "cr-test-env.h"

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static CrPaths *
new_paths (void)
{
  g_autofree char *base = g_build_filename (g_get_home_dir (), "open-XXXXXX", NULL);
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;

  g_assert_nonnull (g_mkdtemp (base));
  data = g_build_filename (base, "data", NULL);
  cache = g_build_filename (base, "cache", NULL);

  return cr_paths_new (base, data, cache);
}

static void
test_open_fresh (void)
{
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (&paths);
  g_autofree char *path = cr_paths_build (paths, CR_PATH_DATA, "store.db");

  g_assert_cmpstr (cr_store_get_path (store), ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (cr_store_get_schema_version (), >=, 2);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, cr_store_get_schema_version ());
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                    "('folders', 'messages', 'messages_fts', 'pop_uidl', 'operations')"), ==, 5);
  cr_store_test_assert_intact (store);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* Opening again changes nothing. */
  store = cr_store_open (paths, NULL);
  g_assert_nonnull (store);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, cr_store_get_schema_version ());
}

static void
test_open_migrates_older (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = new_paths ();
  g_autofree char *path = cr_paths_build (paths, CR_PATH_DATA, "store.db");
  g_autofree char *v1 = g_build_filename (g_getenv ("CR_TEST_SRCDIR"), "..", "src", "engine",
                                          "store", "migrations", "001-initial.sql", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(CrStore) store = NULL;
  g_autoptr(CrFolderInfo) folder = NULL;
  g_autoptr(GArray) ids = NULL;
  CrMessageQuery query = { .sort = CR_SORT_DATE, .filter = CR_MESSAGE_FILTER_UNREAD };

  /* A database as version 1 left it, with mail in it. */
  g_assert_true (g_file_get_contents (v1, &sql, NULL, &error));
  g_assert_true (cr_paths_ensure (paths, CR_PATH_DATA, &error));
  exec_sql (path, sql);
  exec_sql (path,
            "PRAGMA user_version = 1;"
            "INSERT INTO folders (account_id, path, name) VALUES ('acct', 'INBOX', 'INBOX');"
            "INSERT INTO messages (folder_id, uid, subject, flags, date) VALUES (1, 7, 'Old', 0, 10);"
            "INSERT INTO messages (folder_id, uid, subject, flags, date) VALUES (1, 8, 'Read', 1, 20);");
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'messages_folder_unread'"), ==, 0);

  store = cr_store_open (paths, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, cr_store_get_schema_version ());
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'messages_folder_unread'"), ==, 1);

  /* The mail is still there, and the counts kept by triggers too. */
  folder = cr_store_lookup_folder (store, "acct", "INBOX", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (folder->total, ==, 2);
  g_assert_cmpuint (folder->unread, ==, 1);
  query.folder_id = folder->id;
  ids = cr_store_list_message_ids (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);

  /* Rows version 1 left unindexed are found by the watermark (004). */
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'messages_unindexed'"), ==, 0);
  g_assert_true (cr_store_flush_index (store, &error));
  g_assert_no_error (error);
  ids = cr_store_search (store, NULL, 0, "old", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  cr_store_test_assert_intact (store);
}

static void
test_open_future_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = new_paths ();
  g_autofree char *path = cr_paths_build (paths, CR_PATH_DATA, "store.db");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *version = NULL;
  gsize before_len, after_len;
  CrStore *store;

  g_assert_true (cr_paths_ensure (paths, CR_PATH_DATA, &error));
  exec_sql (path, "CREATE TABLE from_the_future (x); INSERT INTO from_the_future VALUES (42);"
                  "PRAGMA user_version = 999;");
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  store = cr_store_open (paths, &error);
  g_assert_null (store);
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_FUTURE_VERSION);
  g_assert_nonnull (strstr (error->message, "999"));
  g_assert_nonnull (strstr (error->message, path));

  /* Never touched: same bytes, no journal switched on. */
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpint (query_int (path, "SELECT x FROM from_the_future"), ==, 42);
  version = g_strdup_printf ("%s-wal", path);
  g_assert_false (g_file_test (version, G_FILE_TEST_EXISTS));
}

static void
test_open_corrupt_kept_aside (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = new_paths ();
  g_autofree char *path = cr_paths_build (paths, CR_PATH_DATA, "store.db");
  g_autofree char *garbage = g_strnfill (8192, 'x');
  g_autoptr(CrStore) store = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *contents = NULL;
  const GError *recovery;
  const char *name;

  g_assert_true (cr_paths_ensure (paths, CR_PATH_DATA, &error));
  g_assert_true (g_file_set_contents (path, garbage, -1, &error));

  store = cr_store_open (paths, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  recovery = cr_store_get_recovery_error (store);
  g_assert_error ((GError *) recovery, CR_STORE_ERROR, CR_STORE_ERROR_CORRUPT);
  /* The message says where the old file is, and that local mail is safe. */
  g_assert_nonnull (strstr (recovery->message, "store.db.damaged-"));
  g_assert_nonnull (strstr (recovery->message, "local"));

  dir = g_dir_open (cr_paths_get (paths, CR_PATH_DATA), 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "store.db.damaged-") && !g_str_has_suffix (name, "-wal"))
      aside = g_build_filename (cr_paths_get (paths, CR_PATH_DATA), name, NULL);
  g_assert_nonnull (aside);
  g_assert_true (g_file_get_contents (aside, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, garbage);

  /* The new database works. */
  cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  cr_store_test_assert_intact (store);
}

static void
test_open_missing_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_build_filename (g_get_home_dir (), "file-XXXXXX", NULL);
  g_autofree char *below = NULL;
  g_autoptr(CrPaths) paths = NULL;
  int fd = g_mkstemp (base);

  /* A plain file where the data directory should be. */
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  below = g_build_filename (base, "data", NULL);
  paths = cr_paths_new (below, below, below);
  g_assert_null (cr_store_open (paths, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, below));
}

static void
open_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  CrStore **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = cr_store_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
on_changed (CrStore       *store,
            gint64         folder_id,
            CrStoreChange  change,
            gpointer       user_data)
{
  guint *changes = user_data;

  *changes |= change;
}

static void
test_open_async (void)
{
  g_autoptr(CrPaths) paths = new_paths ();
  g_autoptr(CrStore) store = NULL;
  guint changes = 0;

  cr_store_open_async (paths, NULL, open_cb, &store);
  while (store == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Change signals arrive on the caller's main context. */
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), &changes);
  cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  while ((changes & CR_STORE_CHANGE_FOLDERS) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_open_closed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (NULL);
  g_autoptr(CrFolderInfo) folder = cr_folder_info_new ("acct", "INBOX");

  cr_store_close (store);
  g_assert_null (cr_store_list_folders (store, NULL, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_cmpint (cr_store_upsert_folder (store, folder, &error), ==, 0);
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open/fresh", test_open_fresh);
  g_test_add_func ("/store/open/migrates-older", test_open_migrates_older);
  g_test_add_func ("/store/open/future-refused", test_open_future_refused);
  g_test_add_func ("/store/open/corrupt-kept-aside", test_open_corrupt_kept_aside);
  g_test_add_func ("/store/open/missing-dir", test_open_missing_dir);
  g_test_add_func ("/store/open/async", test_open_async);
  g_test_add_func ("/store/open/closed", test_open_closed);

  ret = g_test_run ();
  cr_test_env_teardown (env);

  return ret;
}
