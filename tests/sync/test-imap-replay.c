/* test-imap-replay.c — local-first operations reach the server
 *
 * Against the private Dovecot: each operation the window queues (read,
 * unread, flag, move, copy, delete to Corbeille, delete for good,
 * expunge, archive, junk) is applied to the store at once, as the window
 * does, and replayed by the worker by itself; checked on the server with
 * doveadm. Also: operations queued before a restart, queued while the
 * server cannot be reached (a proxy that cuts every connection), and a
 * message the server deleted meanwhile (the server wins).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-sync-test-util.h"

#define DEADLINE_S 60

static CrSyncTestServers servers;

/* Through the proxy: the offline tests cut it. */
typedef CrSyncTestAccount Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  cr_sync_test_account_open (fixture, &servers, "replay");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cr_sync_test_account_close (fixture, &servers);
}

/* Helpers ------------------------------------------------------------- */

static gboolean
replay (Fixture  *fixture,
        GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_imap_sync_replay_async (fixture->sync, NULL, cr_sync_test_on_done, &result);
  return cr_imap_sync_replay_finish (fixture->sync, cr_sync_test_wait_for (&result), error);
}

static gboolean
queue_empty (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  guint n = cr_store_count_operations (fixture->store, "test", &error);

  g_assert_no_error (error);
  return n == 0;
}

/* The worker replays by itself: no call here, only waiting. */
static void
wait_queue_empty (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  while (!queue_empty (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  /* The last job's answer. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Up to eight words, NULL-padded. */
static void
doveadm_out (char       **out,
             const char  *a,
             const char  *b,
             const char  *c,
             const char  *d,
             const char  *e,
             const char  *f,
             const char  *g,
             const char  *h)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_test_dovecot_doveadm (servers.dovecot, out, &error, a, b, c, d, e, f, g, h, NULL));
  g_assert_no_error (error);
}

static void
create_mailbox (const char *path)
{
  doveadm_out (NULL, "mailbox", "create", "-s", "-u", cr_test_dovecot_get_user (servers.dovecot), path, NULL, NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The local parts of the Message-IDs in @mailbox matching the search key
 * @key ("all", "seen", "flagged", …), sorted, comma-separated. */
static char *
server_ids (const char *mailbox,
            const char *key)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  doveadm_out (&out, "fetch", "-u", cr_test_dovecot_get_user (servers.dovecot), "hdr.message-id",
               "mailbox", mailbox, key, NULL);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *at = strchr (lines[i], '<');
      const char *end = at != NULL ? strchr (at, '@') : NULL;

      if (end != NULL)
        g_ptr_array_add (ids, g_strndup (at + 1, end - at - 1));
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);

  return g_strjoinv (",", (char **) ids->pdata);
}

/* The same of the store's rows of @path; every row must have a UID. */
static char *
store_ids (Fixture    *fixture,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (fixture->store, "test", path, &error);
  CrMessageQuery query = { 0, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  query.folder_id = folder->id;
  list = cr_store_list_messages (fixture->store, &query, 0, 100000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      CrMessageInfo *info = list->pdata[i];
      const char *end = strchr (info->message_id, '@');

      g_assert_cmpuint (info->uid, !=, 0);
      g_ptr_array_add (ids, g_strndup (info->message_id, end - info->message_id));
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);

  return g_strjoinv (",", (char **) ids->pdata);
}

static void
seed_messages (const char *mailbox,
               const char *prefix,
               guint       n)
{
  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *raw = g_strdup_printf ("From: Zoé <zoe@example.test>\r\n"
                                              "To: test@example.test\r\n"
                                              "Subject: Message %s%u\r\n"
                                              "Date: Mon, 2 Mar 2026 10:%02u:00 +0100\r\n"
                                              "Message-ID: <%s%u@example.test>\r\n"
                                              "\r\n"
                                              "Bonjour.\r\n", prefix, i, i % 60, prefix, i);

      g_assert_true (cr_test_dovecot_seed_message (servers.dovecot, mailbox, raw, strlen (raw), NULL,
                                                   1772442000 + i, &error));
      g_assert_no_error (error);
    }
}

static CrMessageInfo *
row (Fixture    *fixture,
     const char *path,
     guint32     uid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (fixture->store, "test", path, &error);
  CrMessageInfo *info;

  g_assert_no_error (error);
  info = cr_store_lookup_message (fixture->store, folder->id, uid, &error);
  g_assert_no_error (error);

  return info;
}

static gint64
folder_id (Fixture    *fixture,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (fixture->store, "test", path, &error);

  g_assert_no_error (error);
  return folder->id;
}

/* What the window does (src/ui/cr-window-actions.c): the store first,
 * then the queue. */
static void
act (Fixture         *fixture,
     CrOperationKind  kind,
     const char      *path,
     guint32          uid,
     CrMessageFlags   flags,
     const char      *target)
{
  g_autoptr(CrMessageInfo) info = row (fixture, path, uid);
  g_autoptr(CrOperation) op = cr_operation_new ("test", kind, info->folder_id);
  g_autoptr(GError) error = NULL;

  g_array_append_val (op->uids, uid);
  g_array_append_val (op->message_ids, info->id);
  op->flags = flags;
  switch (kind)
    {
    case CR_OPERATION_SET_FLAGS:
      g_assert_true (cr_store_set_message_flags (fixture->store, &info->id, 1, flags, 0, &error));
      break;
    case CR_OPERATION_CLEAR_FLAGS:
      g_assert_true (cr_store_set_message_flags (fixture->store, &info->id, 1, 0, flags, &error));
      break;
    case CR_OPERATION_MOVE:
      op->target_folder_id = folder_id (fixture, target);
      g_assert_true (cr_store_move_messages (fixture->store, &info->id, 1, op->target_folder_id, &error));
      break;
    case CR_OPERATION_COPY:
      op->target_folder_id = folder_id (fixture, target);
      break;
    case CR_OPERATION_DELETE:
    case CR_OPERATION_EXPUNGE:
      g_assert_true (cr_store_remove_messages (fixture->store, &info->id, 1, &error));
      break;
    case CR_OPERATION_APPEND:
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
  g_assert_true (cr_store_enqueue_operation (fixture->store, op, &error));
  g_assert_no_error (error);
}

static void
assert_server (const char *mailbox,
               const char *key,
               const char *expected)
{
  g_autofree char *ids = server_ids (mailbox, key);

  g_assert_cmpstr (ids, ==, expected);
}

static void
assert_same (Fixture    *fixture,
             const char *path)
{
  g_autofree char *server = server_ids (path, "all");
  g_autofree char *local = store_ids (fixture, path);

  g_assert_cmpstr (local, ==, server);
}

/* Every kind of operation; a \Deleted-only EXPUNGE of one message too. */
static void
queue_everything (Fixture    *fixture,
                  const char *src,
                  const char *dest,
                  const char *copies)
{
  act (fixture, CR_OPERATION_SET_FLAGS, src, 1, CR_MESSAGE_FLAG_SEEN, NULL);
  act (fixture, CR_OPERATION_CLEAR_FLAGS, src, 2, CR_MESSAGE_FLAG_SEEN, NULL);
  act (fixture, CR_OPERATION_SET_FLAGS, src, 3, CR_MESSAGE_FLAG_FLAGGED, NULL);
  act (fixture, CR_OPERATION_MOVE, src, 4, 0, dest);
  act (fixture, CR_OPERATION_COPY, src, 5, 0, copies);
  act (fixture, CR_OPERATION_MOVE, src, 6, 0, "Trash");
  act (fixture, CR_OPERATION_MOVE, src, 7, 0, "Archive");
  act (fixture, CR_OPERATION_MOVE, src, 8, 0, "Junk");
  act (fixture, CR_OPERATION_DELETE, src, 9, 0, NULL);
  act (fixture, CR_OPERATION_EXPUNGE, src, 10, 0, NULL);
  /* Moved twice before any replay: the second move has no UID yet. */
  act (fixture, CR_OPERATION_MOVE, src, 11, 0, dest);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) list = NULL;
    CrMessageQuery query = { 0, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };
    g_autoptr(CrOperation) op = cr_operation_new ("test", CR_OPERATION_MOVE, folder_id (fixture, dest));
    CrMessageInfo *moved = NULL;
    guint32 zero = 0;

    query.folder_id = folder_id (fixture, dest);
    list = cr_store_list_messages (fixture->store, &query, 0, 100, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < list->len; i++)
      if (strstr (((CrMessageInfo *) list->pdata[i])->message_id, "11@") != NULL)
        moved = list->pdata[i];
    g_assert_nonnull (moved);
    g_assert_cmpuint (moved->uid, ==, 0);
    op->target_folder_id = folder_id (fixture, "Archive");
    g_array_append_val (op->uids, zero);
    g_array_append_val (op->message_ids, moved->id);
    g_assert_true (cr_store_move_messages (fixture->store, &moved->id, 1, op->target_folder_id, &error));
    g_assert_no_error (error);
    g_assert_true (cr_store_enqueue_operation (fixture->store, op, &error));
    g_assert_no_error (error);
  }
}

static void
assert_everything (Fixture    *fixture,
                   const char *p,
                   const char *src,
                   const char *dest,
                   const char *copies)
{
  g_autofree char *s1 = g_strdup_printf ("%s1,%s12", p, p);
  g_autofree char *flagged = g_strdup_printf ("%s3", p);
  g_autofree char *left = g_strdup_printf ("%s1,%s12,%s2,%s3,%s5", p, p, p, p, p);
  g_autofree char *moved = g_strdup_printf ("%s4", p);
  g_autofree char *copied = g_strdup_printf ("%s5", p);
  g_autofree char *trash = g_strdup_printf ("%s6", p);
  g_autofree char *junk = g_strdup_printf ("%s8", p);
  g_autofree char *archive = g_strdup_printf ("%s11,%s7", p, p);
  g_autofree char *a_archive = NULL, *a_trash = NULL, *a_junk = NULL;

  assert_server (src, "all", left);
  assert_server (src, "seen", s1);
  assert_server (src, "flagged", flagged);
  assert_server (dest, "all", moved);
  assert_server (copies, "all", copied);
  /* The special folders are shared by the tests: look for ours. */
  a_trash = server_ids ("Trash", "all");
  a_archive = server_ids ("Archive", "all");
  a_junk = server_ids ("Junk", "all");
  g_assert_nonnull (strstr (a_trash, trash));
  g_assert_nonnull (strstr (a_junk, junk));
  g_assert_nonnull (strstr (a_archive, archive));
  g_assert_null (strstr (a_archive, moved));

  /* The store agrees, every moved row has its new UID, no duplicates. */
  assert_same (fixture, src);
  assert_same (fixture, dest);
}

/* Tests ---------------------------------------------------------------- */

static void
test_operations (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  create_mailbox ("RpSrc");
  create_mailbox ("RpDest");
  create_mailbox ("RpCopies");
  seed_messages ("RpSrc", "r", 12);
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);
  /* r2 is read first, then unread again; r12 stays read. */
  act (fixture, CR_OPERATION_SET_FLAGS, "RpSrc", 2, CR_MESSAGE_FLAG_SEEN, NULL);
  act (fixture, CR_OPERATION_SET_FLAGS, "RpSrc", 12, CR_MESSAGE_FLAG_SEEN, NULL);
  wait_queue_empty (fixture);
  assert_server ("RpSrc", "seen", "r12,r2");

  queue_everything (fixture, "RpSrc", "RpDest", "RpCopies");
  wait_queue_empty (fixture);
  assert_everything (fixture, "r", "RpSrc", "RpDest", "RpCopies");

  /* A full sync changes nothing more: nothing comes back twice. */
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);
  assert_everything (fixture, "r", "RpSrc", "RpDest", "RpCopies");
  assert_same (fixture, "RpCopies");
  g_assert_true (cr_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
}

/* Queued, then the program ends before any replay; the next run sends
 * them (without a sync: setting the password is enough). */
static void
test_restart (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  create_mailbox ("RsSrc");
  create_mailbox ("RsDest");
  create_mailbox ("RsCopies");
  seed_messages ("RsSrc", "s", 12);
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);
  act (fixture, CR_OPERATION_SET_FLAGS, "RsSrc", 2, CR_MESSAGE_FLAG_SEEN, NULL);
  act (fixture, CR_OPERATION_SET_FLAGS, "RsSrc", 12, CR_MESSAGE_FLAG_SEEN, NULL);
  wait_queue_empty (fixture);
  cr_sync_test_drop_sync (&fixture->sync);

  queue_everything (fixture, "RsSrc", "RsDest", "RsCopies");
  g_assert_false (queue_empty (fixture));
  assert_server ("RsSrc", "all", "s1,s10,s11,s12,s2,s3,s4,s5,s6,s7,s8,s9");

  fixture->sync = cr_sync_test_account_new_sync (fixture, &servers);
  wait_queue_empty (fixture);
  assert_everything (fixture, "s", "RsSrc", "RsDest", "RsCopies");
}

/* Queued while every connection is cut: nothing is lost, and once the
 * server can be reached each operation is done exactly once. */
static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = NULL;

  create_mailbox ("OfSrc");
  create_mailbox ("OfDest");
  create_mailbox ("OfCopies");
  seed_messages ("OfSrc", "o", 12);
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);
  act (fixture, CR_OPERATION_SET_FLAGS, "OfSrc", 2, CR_MESSAGE_FLAG_SEEN, NULL);
  act (fixture, CR_OPERATION_SET_FLAGS, "OfSrc", 12, CR_MESSAGE_FLAG_SEEN, NULL);
  wait_queue_empty (fixture);

  cr_test_proxy_cut_after (servers.proxy, 0);
  /* The connection of the sync above is dropped at its next use. */
  queue_everything (fixture, "OfSrc", "OfDest", "OfCopies");
  g_assert_false (replay (fixture, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (replay (fixture, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (cr_store_count_operations (fixture->store, "test", NULL), ==, 12);
  assert_server ("OfSrc", "all", "o1,o10,o11,o12,o2,o3,o4,o5,o6,o7,o8,o9");

  cr_test_proxy_cut_after (servers.proxy, -1);
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_true (queue_empty (fixture));
  assert_everything (fixture, "o", "OfSrc", "OfDest", "OfCopies");
  /* Once: one copy, not two. */
  dest = server_ids ("OfCopies", "all");
  g_assert_cmpstr (dest, ==, "o5");
}

/* Another client deleted a message the person then moved and flagged
 * here: the operations are done with and the store shows the server's
 * folders. */
static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *user = cr_test_dovecot_get_user (servers.dovecot);

  create_mailbox ("CfSrc");
  create_mailbox ("CfDest");
  seed_messages ("CfSrc", "c", 4);
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);

  doveadm_out (NULL, "expunge", "-u", user, "mailbox", "CfSrc", "uid", "2,3", NULL);
  act (fixture, CR_OPERATION_SET_FLAGS, "CfSrc", 2, CR_MESSAGE_FLAG_FLAGGED, NULL);
  act (fixture, CR_OPERATION_MOVE, "CfSrc", 3, 0, "CfDest");
  act (fixture, CR_OPERATION_MOVE, "CfSrc", 4, 0, "CfDest");
  wait_queue_empty (fixture);

  assert_server ("CfSrc", "all", "c1");
  assert_server ("CfDest", "all", "c4");
  assert_same (fixture, "CfDest");
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);
  assert_same (fixture, "CfSrc");
  assert_same (fixture, "CfDest");

  /* A move into a folder deleted on the server meanwhile is refused:
   * the message is back where the server has it. */
  create_mailbox ("CfGone");
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);
  doveadm_out (NULL, "mailbox", "delete", "-u", user, "CfGone", NULL, NULL, NULL);
  act (fixture, CR_OPERATION_MOVE, "CfSrc", 1, 0, "CfGone");
  wait_queue_empty (fixture);
  assert_server ("CfSrc", "all", "c1");
  assert_same (fixture, "CfSrc");

  /* A folder deleted on the server: the operation is dropped. */
  act (fixture, CR_OPERATION_SET_FLAGS, "CfSrc", 1, CR_MESSAGE_FLAG_FLAGGED, NULL);
  cr_sync_test_drop_sync (&fixture->sync);
  doveadm_out (NULL, "mailbox", "delete", "-u", user, "CfSrc", NULL, NULL, NULL);
  fixture->sync = cr_sync_test_account_new_sync (fixture, &servers);
  wait_queue_empty (fixture);
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);
  g_assert_true (cr_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  cr_sync_test_servers_start (&servers, env_dir, TRUE);

  g_test_add ("/imap-replay/operations", Fixture, NULL, fixture_setup, test_operations, fixture_teardown);
  g_test_add ("/imap-replay/restart", Fixture, NULL, fixture_setup, test_restart, fixture_teardown);
  g_test_add ("/imap-replay/offline", Fixture, NULL, fixture_setup, test_offline, fixture_teardown);
  g_test_add ("/imap-replay/conflict", Fixture, NULL, fixture_setup, test_conflict, fixture_teardown);

  ret = g_test_run ();

  cr_sync_test_servers_stop (&servers);
  cr_test_env_teardown (env_dir);

  return ret;
}
