/* test-store-bodies.c — raw messages: cache, durable local mail, crashes
 * leaving temporary files, POP3 UIDLs and the operation queue across a
 * reopen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-store-test-util.h"
#include "cr-test-env.h"

static GBytes *
raw_message (guint n)
{
  g_autofree char *text = g_strdup_printf ("From: a@example.org\r\nSubject: %u\r\n\r\n%s\r\n",
                                           n, n % 2 ? "Bonjour" : "Salut");

  return g_bytes_new (text, strlen (text));
}

/* The file a message's body went to, from its body_file column. */
static char *
body_path (CrStore *store,
           gint64   message_id)
{
  g_autofree char *name = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  CrPathKind kind;

  g_assert_cmpint (sqlite3_open_v2 (cr_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT body_file FROM messages WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, message_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_nonnull (name);
  kind = g_str_has_prefix (name, "local/") ? CR_PATH_DATA : CR_PATH_CACHE;

  return g_build_filename (cr_paths_get (cr_store_get_paths (store), kind), name, NULL);
}

static void
test_bodies_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (&paths);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GBytes) raw = raw_message (1);
  g_autoptr(GBytes) raw2 = raw_message (2);
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(CrMessageInfo) info = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path2 = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  gint64 inbox = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  gint64 id;

  g_ptr_array_add (batch, cr_store_test_message (1, "x", NULL, "a@example.org", 1));
  g_assert_true (cr_store_upsert_messages (store, inbox, batch, &error));
  id = ((CrMessageInfo *) g_ptr_array_index (batch, 0))->id;

  g_assert_null (cr_store_load_body (store, id, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (cr_store_save_body (store, id, raw, &error));
  g_assert_no_error (error);
  loaded = cr_store_load_body (store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, raw));
  info = cr_store_get_message (store, id, &error);
  g_assert_cmpint (info->body_state, ==, CR_BODY_STATE_CACHED);

  /* IMAP bodies are a cache, under the cache directory. */
  path = body_path (store, id);
  g_assert_true (g_str_has_prefix (path, cr_paths_get (paths, CR_PATH_CACHE)));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Saving again replaces the file; the old one goes. */
  g_assert_true (cr_store_save_body (store, id, raw2, &error));
  path2 = body_path (store, id);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&loaded, g_bytes_unref);
  loaded = cr_store_load_body (store, id, &error);
  g_assert_true (g_bytes_equal (loaded, raw2));

  /* A short file (a cache write cut by a power failure) is not cached. */
  g_assert_true (g_file_set_contents (path2, "From:", -1, &error));
  g_clear_pointer (&loaded, g_bytes_unref);
  g_assert_null (cr_store_load_body (store, id, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A crash between write and rename leaves a temporary file: it is
   * removed at the next open and never taken for a body. */
  dir = g_path_get_dirname (path2);
  tmp = g_build_filename (dir, ".tmp-crashed.eml", NULL);
  g_assert_true (g_file_set_contents (tmp, "half a mess", -1, &error));
  g_assert_finalize_object (g_steal_pointer (&store));
  store = cr_store_open (paths, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (path2, G_FILE_TEST_EXISTS));

  /* Deleting the message deletes its body. */
  g_assert_true (cr_store_remove_messages (store, &id, 1, &error));
  g_assert_false (g_file_test (path2, G_FILE_TEST_EXISTS));
  cr_store_test_assert_intact (store);
}

static void
test_bodies_pop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (&paths);
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GPtrArray) raws = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) uidls = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autofree char *path = NULL;
  const char *const names[] = { "uidl-a", "uidl-b", "uidl-c", NULL };
  const char *const gone[] = { "uidl-a", NULL };
  const char *const forget[] = { "uidl-b", NULL };
  gint64 inbox = cr_store_test_folder (store, "pop", "INBOX", CR_FOLDER_ROLE_INBOX, CR_FOLDER_FLAG_LOCAL_ONLY);
  gint64 imap = cr_store_test_folder (store, "imap", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  gint64 first;

  for (guint i = 0; i < 3; i++)
    {
      g_ptr_array_add (infos, cr_store_test_message (0, "pop", NULL, "a@example.org", i));
      g_ptr_array_add (raws, raw_message (i));
    }

  /* Only local folders take local messages. */
  g_assert_false (cr_store_add_local_messages (store, imap, infos, raws, names, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (cr_store_has_pop_uidl (store, "pop", "uidl-a", &error));
  g_assert_true (cr_store_add_local_messages (store, inbox, infos, raws, names, &error));
  g_assert_no_error (error);
  g_assert_true (cr_store_has_pop_uidl (store, "pop", "uidl-a", &error));
  g_assert_false (cr_store_has_pop_uidl (store, "other", "uidl-a", &error));
  first = ((CrMessageInfo *) g_ptr_array_index (infos, 0))->id;

  /* The only copy: in the data directory, not the cache. */
  path = body_path (store, first);
  g_assert_true (g_str_has_prefix (path, cr_paths_get (paths, CR_PATH_DATA)));
  loaded = cr_store_load_body (store, first, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, g_ptr_array_index (raws, 0)));

  g_assert_true (cr_store_mark_pop_deleted (store, "pop", gone, &error));
  g_assert_true (cr_store_forget_pop_uidls (store, "pop", forget, &error));
  /* Deleted here: the UIDL is kept so the message is not downloaded again. */
  g_assert_true (cr_store_remove_messages (store, &first, 1, &error));
  g_assert_no_error (error);

  uidls = cr_store_list_pop_uidls (store, "pop", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uidls->len, ==, 2);
  for (guint i = 0; i < uidls->len; i++)
    {
      CrPopUidl *uidl = g_ptr_array_index (uidls, i);

      g_assert_cmpint (uidl->first_seen, >, 0);
      if (g_str_equal (uidl->uidl, "uidl-a"))
        {
          g_assert_true (uidl->deleted_on_server);
          g_assert_cmpint (uidl->message_id, ==, 0);
        }
      else
        {
          g_assert_cmpstr (uidl->uidl, ==, "uidl-c");
          g_assert_false (uidl->deleted_on_server);
          g_assert_cmpint (uidl->message_id, ==,
                           ((CrMessageInfo *) g_ptr_array_index (infos, 2))->id);
        }
    }
  cr_store_test_assert_intact (store);
}

static void
test_queue_persists (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (&paths);
  g_autoptr(CrOperation) flag = NULL;
  g_autoptr(CrOperation) move = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  gint64 inbox = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  gint64 trash = cr_store_test_folder (store, "acct", "Trash", CR_FOLDER_ROLE_TRASH, 0);
  const guint32 uids[] = { 4, 8, 4000000000u };
  const gint64 ids[] = { 17 };
  CrOperation *op;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  flag = cr_operation_new ("acct", CR_OPERATION_SET_FLAGS, inbox);
  g_array_append_vals (flag->uids, uids, G_N_ELEMENTS (uids));
  flag->flags = CR_MESSAGE_FLAG_SEEN;
  g_assert_true (cr_store_enqueue_operation (store, flag, &error));
  g_assert_no_error (error);
  g_assert_cmpint (flag->id, >, 0);

  move = cr_operation_new ("acct", CR_OPERATION_MOVE, inbox);
  g_array_append_vals (move->message_ids, ids, 1);
  move->target_folder_id = trash;
  g_assert_true (cr_store_enqueue_operation (store, move, &error));
  g_assert_cmpuint (cr_store_count_operations (store, "acct", &error), ==, 2);
  g_assert_cmpuint (cr_store_count_operations (store, "other", &error), ==, 0);

  /* Survives a restart. */
  g_assert_finalize_object (g_steal_pointer (&store));
  store = cr_store_open (paths, &error);
  g_assert_no_error (error);

  ops = cr_store_peek_operations (store, "acct", 10, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 2);
  op = g_ptr_array_index (ops, 0);
  g_assert_cmpint (op->id, ==, flag->id);
  g_assert_cmpint (op->kind, ==, CR_OPERATION_SET_FLAGS);
  g_assert_cmpint (op->folder_id, ==, inbox);
  g_assert_cmpuint (op->uids->len, ==, 3);
  g_assert_cmpuint (g_array_index (op->uids, guint32, 2), ==, 4000000000u);
  g_assert_cmpuint (op->flags, ==, CR_MESSAGE_FLAG_SEEN);
  op = g_ptr_array_index (ops, 1);
  g_assert_cmpint (op->kind, ==, CR_OPERATION_MOVE);
  g_assert_cmpint (op->target_folder_id, ==, trash);
  g_assert_cmpuint (op->message_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (op->message_ids, gint64, 0), ==, 17);
  g_clear_pointer (&ops, g_ptr_array_unref);

  /* A failure waits 30 s, then 60 s, …, at most an hour. */
  g_assert_true (cr_store_fail_operation (store, flag->id, "NO [CANNOT]", now, &error));
  ops = cr_store_peek_operations (store, "acct", 10, now, &error);
  g_assert_cmpuint (ops->len, ==, 1);
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = cr_store_peek_operations (store, "acct", 10, now + 30, &error);
  g_assert_cmpuint (ops->len, ==, 2);
  op = g_ptr_array_index (ops, 0);
  g_assert_cmpuint (op->attempts, ==, 1);
  g_assert_cmpint (op->next_attempt, ==, now + 30);
  g_assert_cmpstr (op->last_error, ==, "NO [CANNOT]");
  g_clear_pointer (&ops, g_ptr_array_unref);
  g_assert_true (cr_store_fail_operation (store, flag->id, "again", now, &error));
  for (guint i = 0; i < 30; i++)
    g_assert_true (cr_store_fail_operation (store, flag->id, "again", now, &error));
  ops = cr_store_peek_operations (store, "acct", 1, now + 3600, &error);
  g_assert_cmpuint (ops->len, ==, 1);
  g_assert_cmpint (((CrOperation *) g_ptr_array_index (ops, 0))->next_attempt, ==, now + 3600);
  g_clear_pointer (&ops, g_ptr_array_unref);

  g_assert_true (cr_store_complete_operation (store, flag->id, &error));
  g_assert_false (cr_store_complete_operation (store, flag->id, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (cr_store_count_operations (store, NULL, &error), ==, 1);

  /* Operations on a deleted folder go with it. */
  g_assert_true (cr_store_delete_folder (store, trash, &error));
  g_assert_cmpuint (cr_store_count_operations (store, NULL, &error), ==, 0);
  cr_store_test_assert_intact (store);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/bodies/cache", test_bodies_cache);
  g_test_add_func ("/store/bodies/pop", test_bodies_pop);
  g_test_add_func ("/store/queue/persists", test_queue_persists);

  ret = g_test_run ();
  cr_test_env_teardown (env);

  return ret;
}
