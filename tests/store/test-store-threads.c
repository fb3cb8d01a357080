/* test-store-threads.c — a folder's conversations: handles in order,
 * summaries, messages, filters, a reply arriving, and a large folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cr-store-test-util.h"
#include "cr-test-env.h"

#define DAY 86400
#define T0  1700000000

static CrStore *store;
static gint64 folder;
static gint64 other_folder;

/* A message of the conversation rooted at @root (NULL: a new one). */
static CrMessageInfo *
message (guint32     uid,
         const char *subject,
         const char *from,
         gint64      date,
         const char *root,
         guint       flags)
{
  CrMessageInfo *info = cr_store_test_message (uid, subject, from, "x@example.org", date);

  g_free (info->message_id);
  info->message_id = g_strdup_printf ("<m%u@example.org>", uid);
  if (root != NULL)
    {
      info->references = g_strdup_printf ("<%s>", root);
      info->in_reply_to = g_strdup_printf ("<%s>", root);
    }
  info->flags = flags;

  return info;
}

static void
add (gint64         folder_id,
     CrMessageInfo *info)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (batch, info);
  g_assert_true (cr_store_upsert_messages (store, folder_id, batch, &error));
  g_assert_no_error (error);
}

static GArray *
thread_ids (CrMessageFilter filter)
{
  CrMessageQuery query = { folder, CR_SORT_DATE, FALSE, filter };
  g_autoptr(GError) error = NULL;
  GArray *ids = cr_store_list_thread_ids (store, &query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ids);

  return ids;
}

static CrThreadInfo *
thread (gint64 handle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) threads = cr_store_get_threads (store, &handle, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (threads->len, ==, 1);

  return cr_thread_info_ref (threads->pdata[0]);
}

/* A reply chain of three (“Pique-nique”), a lone unread message, a
 * flagged pair with an attachment, and a message of the chain filed in
 * another folder (not counted here). */
static void
fill (void)
{
  CrMessageInfo *info;

  add (folder, message (1, "Pique-nique", "Anne Martin", T0, NULL, CR_MESSAGE_FLAG_SEEN));
  add (folder, message (2, "Re: Pique-nique", "Bruno Lefèvre", T0 + DAY, "m1@example.org",
                        CR_MESSAGE_FLAG_SEEN | CR_MESSAGE_FLAG_ANSWERED));
  add (folder, message (3, "Lettre seule", "Chloé Bernard", T0 + 2 * DAY, NULL, 0));
  info = message (4, "Devis", "David Petit", T0 + 3 * DAY, NULL, CR_MESSAGE_FLAG_SEEN);
  info->has_attachment = TRUE;
  add (folder, info);
  add (folder, message (5, "Re: Devis", "Anne Martin", T0 + 4 * DAY, "m4@example.org",
                        CR_MESSAGE_FLAG_SEEN | CR_MESSAGE_FLAG_FLAGGED));
  add (folder, message (6, "Re: Pique-nique", "Anne Martin", T0 + 5 * DAY, "m1@example.org", 0));
  add (other_folder, message (7, "Re: Pique-nique", "Zoé Laurent", T0 + 6 * DAY, "m1@example.org", 0));
}

static gint64
id_of (gint64  folder_id,
       guint32 uid)
{
  g_autoptr(CrMessageInfo) info = cr_store_lookup_message (store, folder_id, uid, NULL);

  g_assert_nonnull (info);

  return info->id;
}

static void
test_threads_order_and_summary (void)
{
  g_autoptr(GArray) ids = thread_ids (CR_MESSAGE_FILTER_NONE);
  g_autoptr(CrThreadInfo) picnic = NULL;
  g_autoptr(CrThreadInfo) quote = NULL;
  g_autoptr(CrThreadInfo) lone = NULL;

  /* Listing conversations made their index (not a migration's). */
  {
    CrStoreDb *db = cr_store_acquire_reader (store, NULL);
    sqlite3_stmt *stmt = cr_store_db_prepare (db, "SELECT count(*) FROM sqlite_master "
                                                  "WHERE name = 'messages_folder_thread'", NULL);

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_reset (stmt);
    cr_store_release_reader (store, db);
  }

  /* Newest conversation first; each known by its oldest message. */
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_of (folder, 1));
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, id_of (folder, 4));
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, id_of (folder, 3));

  picnic = thread (g_array_index (ids, gint64, 0));
  g_assert_cmpuint (picnic->count, ==, 3);
  g_assert_cmpuint (picnic->unread, ==, 1);
  g_assert_false (picnic->flagged);
  g_assert_false (picnic->has_attachment);
  g_assert_cmpstr (picnic->subject, ==, "Pique-nique");
  g_assert_cmpstr (picnic->participants, ==, "Anne Martin, Bruno Lefèvre");
  g_assert_cmpstr (picnic->thread_key, ==, "m1@example.org");
  g_assert_cmpint (picnic->date, ==, T0 + 5 * DAY);
  g_assert_cmpint (picnic->latest_id, ==, id_of (folder, 6));

  quote = thread (g_array_index (ids, gint64, 1));
  g_assert_cmpuint (quote->count, ==, 2);
  g_assert_cmpuint (quote->unread, ==, 0);
  g_assert_true (quote->flagged);
  g_assert_true (quote->has_attachment);

  lone = thread (g_array_index (ids, gint64, 2));
  g_assert_cmpuint (lone->count, ==, 1);
  g_assert_cmpuint (lone->unread, ==, 1);
  g_assert_cmpstr (lone->participants, ==, "Chloé Bernard");

  /* Oldest first the other way round. */
  {
    CrMessageQuery query = { folder, CR_SORT_DATE, TRUE, CR_MESSAGE_FILTER_NONE };
    g_autoptr(GArray) ascending = cr_store_list_thread_ids (store, &query, NULL);

    g_assert_cmpint (g_array_index (ascending, gint64, 0), ==, id_of (folder, 3));
    g_assert_cmpint (g_array_index (ascending, gint64, 2), ==, id_of (folder, 1));
  }
}

static void
test_threads_messages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = cr_store_list_thread_messages (store, id_of (folder, 1), &error);
  g_autoptr(GArray) lone = cr_store_list_thread_messages (store, id_of (folder, 3), &error);
  g_autoptr(GPtrArray) several = NULL;
  gint64 handles[] = { id_of (folder, 3), 999999, id_of (folder, 1) };

  /* In the conversation's order, only this folder's. */
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_of (folder, 1));
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, id_of (folder, 2));
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, id_of (folder, 6));
  g_assert_cmpuint (lone->len, ==, 1);

  /* A page of summaries keeps the order asked; a handle gone is skipped. */
  several = cr_store_get_threads (store, handles, G_N_ELEMENTS (handles), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (several->len, ==, 2);
  g_assert_cmpint (((CrThreadInfo *) several->pdata[0])->thread_id, ==, handles[0]);
  g_assert_cmpint (((CrThreadInfo *) several->pdata[1])->thread_id, ==, handles[2]);
}

static void
test_threads_filters (void)
{
  g_autoptr(GArray) unread = thread_ids (CR_MESSAGE_FILTER_UNREAD);
  g_autoptr(GArray) flagged = thread_ids (CR_MESSAGE_FILTER_FLAGGED);
  g_autoptr(GArray) attachment = thread_ids (CR_MESSAGE_FILTER_ATTACHMENT);

  /* The conversations that have such a message. */
  g_assert_cmpuint (unread->len, ==, 2);
  g_assert_cmpuint (flagged->len, ==, 1);
  g_assert_cmpuint (attachment->len, ==, 1);

  {
    CrMessageQuery bad = { folder, CR_SORT_DATE, FALSE, 1 << 10 };
    g_autoptr(GError) error = NULL;

    g_assert_null (cr_store_list_thread_ids (store, &bad, &error));
    g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  }
}

/* A reply arrives: same handle, one more message, first in the list. */
static void
test_threads_reply_arrives (void)
{
  g_autoptr(GArray) before = thread_ids (CR_MESSAGE_FILTER_NONE);
  g_autoptr(GArray) after = NULL;
  g_autoptr(CrThreadInfo) quote = NULL;
  gint64 handle = id_of (folder, 4);

  g_assert_cmpint (g_array_index (before, gint64, 1), ==, handle);
  add (folder, message (8, "Re: Devis", "Éric Moreau", T0 + 10 * DAY, "m4@example.org", 0));

  after = thread_ids (CR_MESSAGE_FILTER_NONE);
  g_assert_cmpuint (after->len, ==, before->len);
  g_assert_cmpint (g_array_index (after, gint64, 0), ==, handle);
  quote = thread (handle);
  g_assert_cmpuint (quote->count, ==, 3);
  g_assert_cmpuint (quote->unread, ==, 1);
  g_assert_cmpint (quote->latest_id, ==, id_of (folder, 8));
  g_assert_cmpstr (quote->participants, ==, "David Petit, Anne Martin, Éric Moreau");
}

/* 20,000 messages, none a reply: as many conversations, each of one
 * message, and pages read as for the flat list. */
static void
test_threads_large_folder (void)
{
  CrMessageQuery query = { 0, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  query.folder_id = cr_store_test_folder (store, "acct", "Big", CR_FOLDER_ROLE_NONE, 0);
  cr_store_test_fill (store, query.folder_id, 20000);

  start = g_get_monotonic_time ();
  ids = cr_store_list_thread_ids (store, &query, &error);
  g_test_message ("20,000 conversations listed in %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 20000);

  start = g_get_monotonic_time ();
  page = cr_store_get_threads (store, (const gint64 *) (gpointer) ids->data + 10000, 100, &error);
  g_test_message ("a page of 100 conversations read in %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 100);
  for (guint i = 0; i < page->len; i++)
    {
      CrThreadInfo *t = page->pdata[i];

      g_assert_cmpuint (t->count, ==, 1);
      g_assert_cmpint (t->thread_id, ==, g_array_index (ids, gint64, 10000 + i));
      g_assert_cmpint (t->latest_id, ==, t->thread_id);
    }
}

/* Replies whose first message is not in the folder are still one
 * conversation (they share its root); two conversations with the same
 * subject stay two. In their own folder, apart from fill()'s. */
static void
test_threads_edges (void)
{
  CrMessageQuery query = { 0, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  g_autoptr(GError) error = NULL;
  CrThreadInfo *orphans = NULL;
  guint lunches = 0;

  query.folder_id = cr_store_test_folder (store, "acct", "Edges", CR_FOLDER_ROLE_NONE, 0);
  add (query.folder_id, message (101, "Re: Absent", "Anne Martin", T0, "absent@example.org", 0));
  add (query.folder_id, message (102, "Re: Absent", "Bruno Lefèvre", T0 + DAY, "absent@example.org", 0));
  add (query.folder_id, message (103, "Déjeuner", "Chloé Bernard", T0 + 2 * DAY, NULL, 0));
  add (query.folder_id, message (104, "Déjeuner", "David Petit", T0 + 3 * DAY, NULL, 0));

  ids = cr_store_list_thread_ids (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  threads = cr_store_get_threads (store, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (threads->len, ==, 3);
  for (guint i = 0; i < threads->len; i++)
    {
      CrThreadInfo *t = threads->pdata[i];

      if (g_strcmp0 (t->thread_key, "absent@example.org") == 0)
        orphans = t;
      else if (g_strcmp0 (t->subject, "Déjeuner") == 0)
        {
          g_assert_cmpuint (t->count, ==, 1);
          lunches++;
        }
    }
  g_assert_nonnull (orphans);
  g_assert_cmpuint (orphans->count, ==, 2);
  g_assert_cmpstr (orphans->subject, ==, "Re: Absent");
  g_assert_cmpstr (orphans->participants, ==, "Anne Martin, Bruno Lefèvre");
  g_assert_cmpuint (lunches, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  store = cr_store_test_open (NULL);
  folder = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  other_folder = cr_store_test_folder (store, "acct", "Archive", CR_FOLDER_ROLE_ARCHIVE, 0);
  fill ();

  g_test_add_func ("/store/threads/order-and-summary", test_threads_order_and_summary);
  g_test_add_func ("/store/threads/messages", test_threads_messages);
  g_test_add_func ("/store/threads/filters", test_threads_filters);
  g_test_add_func ("/store/threads/reply-arrives", test_threads_reply_arrives);
  g_test_add_func ("/store/threads/large-folder", test_threads_large_folder);
  g_test_add_func ("/store/threads/edges", test_threads_edges);

  ret = g_test_run ();
  g_assert_finalize_object (store);
  cr_test_env_teardown (env);

  return ret;
}
