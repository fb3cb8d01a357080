/* test-store-messages.c — folders, batches of headers, flags, counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-store-test-util.h"
#include "cr-test-env.h"

static void
assert_counts (CrStore *store,
               gint64   folder_id,
               guint    total,
               guint    unread)
{
  g_autoptr(GError) error = NULL;
  guint got_total = 0, got_unread = 0;

  g_assert_true (cr_store_get_counts (store, folder_id, &got_total, &got_unread, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (got_total, ==, total);
  g_assert_cmpuint (got_unread, ==, unread);
}

static void
test_folders (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (NULL);
  g_autoptr(CrFolderInfo) sent = cr_folder_info_new ("acct", "Envoy&AOk-s");
  g_autoptr(CrFolderInfo) found = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  gint64 inbox, other, id;

  inbox = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, CR_FOLDER_FLAG_SUBSCRIBED);
  other = cr_store_test_folder (store, "other", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  g_assert_cmpint (inbox, !=, other);

  sent->name = g_strdup ("Envoyés");
  sent->role = CR_FOLDER_ROLE_SENT;
  sent->delimiter = '.';
  id = cr_store_upsert_folder (store, sent, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sent->id, ==, id);

  /* Upserting again updates in place and keeps the sync state. */
  g_assert_true (cr_store_set_folder_sync_state (store, id, 1234, 57, G_GUINT64_CONSTANT (1) << 62, &error));
  g_assert_no_error (error);
  sent->flags = CR_FOLDER_FLAG_SUBSCRIBED;
  g_assert_cmpint (cr_store_upsert_folder (store, sent, &error), ==, id);

  found = cr_store_lookup_folder_by_role (store, "acct", CR_FOLDER_ROLE_SENT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, id);
  g_assert_cmpstr (found->name, ==, "Envoyés");
  g_assert_cmpstr (found->path, ==, "Envoy&AOk-s");
  g_assert_cmpint (found->delimiter, ==, '.');
  g_assert_cmpuint (found->flags, ==, CR_FOLDER_FLAG_SUBSCRIBED);
  g_assert_cmpuint (found->uidvalidity, ==, 1234);
  g_assert_cmpuint (found->uidnext, ==, 57);
  g_assert_cmpuint (found->highestmodseq, ==, G_GUINT64_CONSTANT (1) << 62);
  g_clear_pointer (&found, cr_folder_info_unref);

  folders = cr_store_list_folders (store, "acct", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (folders->len, ==, 2);
  g_clear_pointer (&folders, g_ptr_array_unref);
  folders = cr_store_list_folders (store, NULL, &error);
  g_assert_cmpuint (folders->len, ==, 3);

  g_assert_true (cr_store_rename_folder (store, id, "Sent", NULL, &error));
  g_assert_no_error (error);
  found = cr_store_lookup_folder (store, "acct", "Sent", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->name, ==, "Sent");
  g_clear_pointer (&found, cr_folder_info_unref);

  g_assert_null (cr_store_lookup_folder (store, "acct", "Envoy&AOk-s", &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cr_store_lookup_folder_by_role (store, "acct", CR_FOLDER_ROLE_TRASH, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (cr_store_delete_folder (store, id, &error));
  g_assert_no_error (error);
  g_assert_false (cr_store_delete_folder (store, id, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (cr_store_delete_account (store, "acct", &error));
  g_assert_no_error (error);
  g_clear_pointer (&folders, g_ptr_array_unref);
  folders = cr_store_list_folders (store, NULL, &error);
  g_assert_cmpuint (folders->len, ==, 1);
  cr_store_test_assert_intact (store);
}

static void
test_batch_upsert (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (NULL);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(CrMessageInfo) found = NULL;
  g_autoptr(GArray) uid_flags = NULL;
  gint64 folder = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  CrMessageInfo *info;
  gint64 first_id;

  for (guint uid = 1; uid <= 5; uid++)
    g_ptr_array_add (batch, cr_store_test_message (uid * 10, "Réunion", "Émile", "emile@example.fr", 100 + uid));
  info = g_ptr_array_index (batch, 0);
  info->flags = CR_MESSAGE_FLAG_SEEN | CR_MESSAGE_FLAG_ANSWERED;
  info->has_attachment = TRUE;
  info->attachment_names = g_strsplit ("ordre du jour.pdf|photo é.jpg", "|", -1);
  info->references = g_strdup ("<root@example.org> <parent@example.org>");
  info->in_reply_to = g_strdup ("<parent@example.org>");
  info->preview = g_strdup ("Bonjour à tous");
  info->modseq = 77;
  cr_message_info_add_cc (info, NULL, "cc@example.org");

  g_assert_true (cr_store_upsert_messages (store, folder, batch, &error));
  g_assert_no_error (error);
  first_id = info->id;
  g_assert_cmpint (first_id, >, 0);
  g_assert_cmpstr (info->thread_key, ==, "root@example.org");
  assert_counts (store, folder, 5, 4);

  found = cr_store_lookup_message (store, folder, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, first_id);
  g_assert_cmpint (found->folder_id, ==, folder);
  g_assert_cmpstr (found->subject, ==, "Réunion");
  g_assert_cmpstr (found->from_name, ==, "Émile");
  g_assert_cmpuint (found->to->len, ==, 1);
  g_assert_cmpstr (((CrAddress *) g_ptr_array_index (found->to, 0))->name, ==, "Jeanne Martin");
  g_assert_cmpuint (found->cc->len, ==, 1);
  g_assert_null (((CrAddress *) g_ptr_array_index (found->cc, 0))->name);
  g_assert_cmpstr (((CrAddress *) g_ptr_array_index (found->cc, 0))->address, ==, "cc@example.org");
  g_assert_cmpuint (found->flags, ==, CR_MESSAGE_FLAG_SEEN | CR_MESSAGE_FLAG_ANSWERED);
  g_assert_true (found->has_attachment);
  g_assert_cmpuint (g_strv_length (found->attachment_names), ==, 2);
  g_assert_cmpstr (found->attachment_names[1], ==, "photo é.jpg");
  g_assert_cmpstr (found->preview, ==, "Bonjour à tous");
  g_assert_cmpuint (found->modseq, ==, 77);
  g_assert_cmpint (found->date, ==, 101);
  g_assert_cmpint (found->internal_date, ==, 106);
  g_assert_cmpstr (found->thread_key, ==, "root@example.org");
  g_assert_cmpint (found->body_state, ==, CR_BODY_STATE_NONE);
  g_clear_pointer (&found, cr_message_info_unref);

  /* The same UIDs again: updated, not duplicated. */
  info->flags = 0;
  g_free (info->subject);
  info->subject = g_strdup ("Réunion (modifiée)");
  g_assert_true (cr_store_upsert_messages (store, folder, batch, &error));
  g_assert_cmpint (info->id, ==, first_id);
  assert_counts (store, folder, 5, 5);
  found = cr_store_get_message (store, first_id, &error);
  g_assert_cmpstr (found->subject, ==, "Réunion (modifiée)");

  g_assert_cmpuint (cr_store_get_highest_uid (store, folder, &error), ==, 50);
  uid_flags = cr_store_list_uid_flags (store, folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uid_flags->len, ==, 5);
  for (guint i = 0; i < uid_flags->len; i++)
    g_assert_cmpuint (g_array_index (uid_flags, CrUidFlags, i).uid, ==, (i + 1) * 10);

  /* Known and new UIDs in one batch: only the new ones count, in their
   * own folder. */
  {
    gint64 other = cr_store_test_folder (store, "acct", "Archives", CR_FOLDER_ROLE_ARCHIVE, 0);

    g_ptr_array_add (batch, cr_store_test_message (60, "Lu", "Émile", "emile@example.fr", 200));
    g_ptr_array_add (batch, cr_store_test_message (70, "Pas lu", "Émile", "emile@example.fr", 201));
    ((CrMessageInfo *) g_ptr_array_index (batch, 5))->flags = CR_MESSAGE_FLAG_SEEN;
    g_assert_true (cr_store_upsert_messages (store, folder, batch, &error));
    g_assert_no_error (error);
    assert_counts (store, folder, 7, 6);
    assert_counts (store, other, 0, 0);
  }

  /* A UID twice in one batch (an unsolicited FETCH amid the answers):
   * one new row, and its last flags count. */
  {
    g_autoptr(GPtrArray) twice = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);

    g_ptr_array_add (twice, cr_store_test_message (80, "Deux fois", "Émile", "emile@example.fr", 300));
    g_ptr_array_add (twice, cr_store_test_message (80, "Deux fois", "Émile", "emile@example.fr", 300));
    ((CrMessageInfo *) g_ptr_array_index (twice, 1))->flags = CR_MESSAGE_FLAG_SEEN;
    g_assert_true (cr_store_upsert_messages (store, folder, twice, &error));
    g_assert_no_error (error);
    assert_counts (store, folder, 8, 6);
  }

  /* After the highest row is deleted its id comes back: still new. */
  {
    g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
    guint32 highest = 80;

    g_assert_true (cr_store_remove_uids (store, folder, &highest, 1, &error));
    assert_counts (store, folder, 7, 6);
    g_ptr_array_add (after, cr_store_test_message (90, "Après", "Émile", "emile@example.fr", 400));
    g_assert_true (cr_store_upsert_messages (store, folder, after, &error));
    g_assert_no_error (error);
    assert_counts (store, folder, 8, 7);
  }

  cr_store_test_assert_intact (store);
}

static void
on_changed (CrStore       *store,
            gint64         folder_id,
            CrStoreChange  change,
            gpointer       user_data)
{
  GHashTable *seen = user_data;
  gint64 *key = g_memdup2 (&folder_id, sizeof folder_id);
  guint old = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key));

  g_hash_table_replace (seen, key, GUINT_TO_POINTER (old | change));
}

static guint
wait_change (GHashTable *seen,
             gint64      folder_id,
             guint       wanted)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint got = 0;

  while (((got = GPOINTER_TO_UINT (g_hash_table_lookup (seen, &folder_id))) & wanted) != wanted)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_hash_table_remove_all (seen);

  return got;
}

static void
test_flags_remove_move (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(CrMessageInfo) found = NULL;
  g_autoptr(GArray) uid_flags = NULL;
  gint64 inbox = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  gint64 trash = cr_store_test_folder (store, "acct", "Trash", CR_FOLDER_ROLE_TRASH, 0);
  CrUidFlags updates[] = {
    { .uid = 1, .flags = CR_MESSAGE_FLAG_SEEN, .modseq = 900 },
    { .uid = 2, .flags = CR_MESSAGE_FLAG_SEEN | CR_MESSAGE_FLAG_FLAGGED },
    { .uid = 999, .flags = CR_MESSAGE_FLAG_SEEN },
  };
  const guint32 gone[] = { 3, 4, 12345 };
  gint64 ids[2];

  g_signal_connect (store, "changed", G_CALLBACK (on_changed), seen);
  cr_store_test_fill (store, inbox, 10);
  wait_change (seen, inbox, CR_STORE_CHANGE_ADDED);
  /* uids divisible by 3 are seen: 3, 6, 9. */
  assert_counts (store, inbox, 10, 7);

  /* Server flags; an unknown UID is skipped. */
  g_assert_true (cr_store_update_flags (store, inbox, updates, G_N_ELEMENTS (updates), &error));
  g_assert_no_error (error);
  wait_change (seen, inbox, CR_STORE_CHANGE_UPDATED);
  assert_counts (store, inbox, 10, 5);
  found = cr_store_lookup_message (store, inbox, 1, &error);
  g_assert_cmpuint (found->modseq, ==, 900);
  ids[0] = found->id;
  g_clear_pointer (&found, cr_message_info_unref);

  /* Expunged / VANISHED. */
  g_assert_true (cr_store_remove_uids (store, inbox, gone, G_N_ELEMENTS (gone), &error));
  g_assert_no_error (error);
  wait_change (seen, inbox, CR_STORE_CHANGE_REMOVED);
  assert_counts (store, inbox, 8, 4);
  uid_flags = cr_store_list_uid_flags (store, inbox, &error);
  g_assert_cmpuint (uid_flags->len, ==, 8);
  g_assert_cmpuint (g_array_index (uid_flags, CrUidFlags, 2).uid, ==, 5);

  /* A person's actions: mark unread, then move to the trash. */
  found = cr_store_lookup_message (store, inbox, 5, &error);
  ids[1] = found->id;
  g_assert_true (cr_store_set_message_flags (store, ids, 2, CR_MESSAGE_FLAG_FLAGGED,
                                             CR_MESSAGE_FLAG_SEEN, &error));
  g_assert_no_error (error);
  wait_change (seen, inbox, CR_STORE_CHANGE_UPDATED);
  assert_counts (store, inbox, 8, 5);
  g_clear_pointer (&found, cr_message_info_unref);

  g_assert_true (cr_store_move_messages (store, ids, 2, trash, &error));
  g_assert_no_error (error);
  wait_change (seen, trash, CR_STORE_CHANGE_ADDED);
  assert_counts (store, inbox, 6, 3);
  assert_counts (store, trash, 2, 2);
  found = cr_store_get_message (store, ids[0], &error);
  g_assert_cmpint (found->folder_id, ==, trash);
  g_assert_cmpuint (found->uid, ==, 0);
  g_assert_cmpuint (found->flags, ==, CR_MESSAGE_FLAG_FLAGGED);
  g_clear_pointer (&found, cr_message_info_unref);

  /* The server tells the new UID (COPYUID). */
  g_assert_true (cr_store_set_message_uid (store, ids[0], 41, &error));
  found = cr_store_lookup_message (store, trash, 41, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, ids[0]);

  g_assert_true (cr_store_remove_messages (store, ids, 2, &error));
  assert_counts (store, trash, 0, 0);

  /* A UIDVALIDITY change empties the folder and keeps it. */
  g_assert_true (cr_store_reset_folder (store, inbox, 999, &error));
  g_assert_no_error (error);
  wait_change (seen, inbox, CR_STORE_CHANGE_RESET);
  assert_counts (store, inbox, 0, 0);
  g_assert_cmpuint (cr_store_get_highest_uid (store, inbox, &error), ==, 0);
  cr_store_test_assert_intact (store);
}

static void
test_batch_is_atomic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (NULL);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  gint64 inbox = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);

  /* A folder that does not exist violates the foreign key at the last
   * row: nothing of the batch is kept. */
  for (guint uid = 1; uid <= 3; uid++)
    g_ptr_array_add (batch, cr_store_test_message (uid, "x", NULL, "a@b", uid));
  g_assert_false (cr_store_upsert_messages (store, inbox + 1000, batch, &error));
  g_assert_nonnull (error);
  for (guint i = 0; i < batch->len; i++)
    g_assert_cmpint (((CrMessageInfo *) g_ptr_array_index (batch, i))->id, ==, 0);
  assert_counts (store, inbox, 0, 0);
  cr_store_test_assert_intact (store);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/folders", test_folders);
  g_test_add_func ("/store/messages/batch-upsert", test_batch_upsert);
  g_test_add_func ("/store/messages/flags-remove-move", test_flags_remove_move);
  g_test_add_func ("/store/messages/batch-is-atomic", test_batch_is_atomic);

  ret = g_test_run ();
  cr_test_env_teardown (env);

  return ret;
}
