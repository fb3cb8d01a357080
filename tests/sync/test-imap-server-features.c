/* test-imap-server-features.c — what the sync does with servers unlike
 * the default private Dovecot
 *
 * - A server with quota (Dovecot's quota plugins): the account's used and
 *   limit values after a sync are those Dovecot itself reports.
 * - A server without MOVE: a local move is replayed with UID COPY, UID
 *   STORE +FLAGS (\Deleted) and UID EXPUNGE; the message is in the target
 *   once, gone from the source, the store's row has the UID COPYUID gave,
 *   and Dovecot's rawlog shows no MOVE was ever sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-imap-sync.h"
#include "cr-net-error.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"

#define DEADLINE_S 60
#define USER "test@example.test"

static CrTestCa *ca;
static GTlsDatabase *database;

typedef struct
{
  CrTestDovecot *dovecot;
  char          *dir;
  CrPaths       *paths;
  CrStore       *store;
  CrImapSync    *sync;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  CrTestDovecotOptions options = GPOINTER_TO_UINT (data);
  g_autoptr(CrAccount) account = cr_account_new ("test");
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_IMAP);
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL, *dir_data = NULL, *cache = NULL;

  fixture->dovecot = cr_test_dovecot_start_with_options (ca, options, &error);
  g_assert_no_error (error);

  g_assert_true (cr_test_make_tmp_dir ("features", &fixture->dir, &error));
  g_assert_no_error (error);
  config = g_build_filename (fixture->dir, "config", NULL);
  dir_data = g_build_filename (fixture->dir, "data", NULL);
  cache = g_build_filename (fixture->dir, "cache", NULL);
  fixture->paths = cr_paths_new (config, dir_data, cache);
  fixture->store = cr_store_open (fixture->paths, &error);
  g_assert_no_error (error);

  cr_server_set_host (server, "127.0.0.1");
  cr_server_set_port (server, cr_test_dovecot_get_port (fixture->dovecot, CR_TEST_IMAPS));
  cr_server_set_security (server, CR_SECURITY_TLS);
  cr_server_set_auth_method (server, CR_AUTH_PASSWORD);
  cr_server_set_login (server, cr_test_dovecot_get_user (fixture->dovecot));
  cr_account_set_address (account, USER);
  cr_account_set_incoming (account, server);
  fixture->sync = cr_imap_sync_new (account, fixture->store, NULL, database);
  cr_imap_sync_set_password (fixture->sync, cr_test_dovecot_get_password (fixture->dovecot));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  cr_imap_sync_shutdown (fixture->sync);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&fixture->sync));
  cr_store_close (fixture->store);
  g_assert_finalize_object (fixture->store);
  g_clear_pointer (&fixture->paths, cr_paths_unref);
  g_assert_true (cr_test_rm_rf (fixture->dir, &error));
  g_assert_no_error (error);
  g_free (fixture->dir);
  g_clear_pointer (&fixture->dovecot, cr_test_dovecot_stop);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
sync_account (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cr_imap_sync_sync_async (fixture->sync, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cr_imap_sync_sync_finish (fixture->sync, result, &error));
  g_assert_no_error (error);
  /* The properties change on this context. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
doveadm (Fixture    *fixture,
         const char *first,
         ...) G_GNUC_NULL_TERMINATED;

/* Runs doveadm with up to twelve arguments; returns its output. */
static char *
doveadm (Fixture    *fixture,
         const char *first,
         ...)
{
  const char *args[13] = { NULL, };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list ap;

  va_start (ap, first);
  args[0] = first;
  for (guint i = 1; i < G_N_ELEMENTS (args) - 1 && args[i - 1] != NULL; i++)
    args[i] = va_arg (ap, const char *);
  va_end (ap);

  g_assert_null (args[G_N_ELEMENTS (args) - 1]);
  g_assert_true (cr_test_dovecot_doveadm (fixture->dovecot, &out, &error, args[0], args[1], args[2],
                                          args[3], args[4], args[5], args[6], args[7], args[8],
                                          args[9], args[10], args[11], NULL));
  g_assert_no_error (error);

  return out;
}

/* Quota ----------------------------------------------------------------- */

/* From `doveadm quota get`: "User quota  STORAGE  <used>  <limit>  <%>". */
static void
server_quota (Fixture *fixture,
              guint64 *out_used,
              guint64 *out_limit)
{
  g_autofree char *out = doveadm (fixture, "quota", "get", "-u", USER, NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  gboolean found = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (lines[i], " \t", -1);
      g_autoptr(GPtrArray) fields = g_ptr_array_new ();

      for (guint j = 0; words[j] != NULL; j++)
        if (*words[j] != '\0')
          g_ptr_array_add (fields, words[j]);
      for (guint j = 0; j + 2 < fields->len; j++)
        if (g_str_equal (fields->pdata[j], "STORAGE"))
          {
            *out_used = g_ascii_strtoull (fields->pdata[j + 1], NULL, 10);
            *out_limit = g_ascii_strtoull (fields->pdata[j + 2], NULL, 10);
            found = TRUE;
          }
    }
  g_test_message ("doveadm quota get:\n%s", out);
  g_assert_true (found);
}

static void
test_quota (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint64 used = 0, limit = 0, server_used = 0, server_limit = 0;

  /* Written straight into the Maildir: Dovecot counts them once its
   * index has them. */
  g_assert_true (cr_test_dovecot_seed (fixture->dovecot, "INBOX", 40, &error));
  g_assert_no_error (error);
  g_free (doveadm (fixture, "quota", "recalc", "-u", USER, NULL));
  server_quota (fixture, &server_used, &server_limit);
  g_assert_cmpuint (server_limit, ==, CR_TEST_DOVECOT_QUOTA_KIB);
  g_assert_cmpuint (server_used, >, 0);

  g_assert_false (cr_imap_sync_get_quota (fixture->sync, NULL, NULL));
  sync_account (fixture);
  g_assert_true (cr_imap_sync_get_quota (fixture->sync, &used, &limit));
  g_assert_cmpuint (limit, ==, server_limit);
  g_assert_cmpuint (used, ==, server_used);
}

/* Moves without MOVE ----------------------------------------------------- */

static gint64
folder_id (Fixture    *fixture,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (fixture->store, "test", path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (folder);
  return folder->id;
}

/* The UIDs in @mailbox whose Message-ID is <@local@example.test>. */
static char *
server_uids (Fixture    *fixture,
             const char *mailbox,
             const char *local)
{
  g_autofree char *id = g_strdup_printf ("<%s@example.test>", local);
  g_autofree char *out = doveadm (fixture, "-f", "flow", "fetch", "-u", USER, "uid",
                                  "mailbox", mailbox, "header", "Message-ID", id, NULL);

  g_autoptr(GString) uids = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (out != NULL ? out : "", "\n", -1);

  /* "uid=5" per message. */
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "uid="))
      g_string_append_printf (uids, "%s%s", uids->len > 0 ? "," : "", g_strstrip (lines[i] + 4));

  return g_string_free (g_steal_pointer (&uids), FALSE);
}

/* Every command the client sent, from the rawlogs of all its sessions. */
static char *
client_commands (Fixture *fixture)
{
  const char *dir_path = cr_test_dovecot_get_rawlog_dir (fixture->dovecot);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GString) all = g_string_new (NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *text = NULL;

      if (!g_str_has_suffix (name, ".in"))
        continue;
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_string_append (all, text);
    }

  return g_string_free (g_steal_pointer (&all), FALSE);
}

static void
wait_queue_empty (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;

  while (cr_store_count_operations (fixture->store, "test", &error) > 0)
    {
      g_assert_no_error (error);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_move_without_move (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *raw = "From: Zoé <zoe@example.test>\r\n"
                    "To: test@example.test\r\n"
                    "Subject: À classer\r\n"
                    "Date: Mon, 2 Mar 2026 10:00:00 +0100\r\n"
                    "Message-ID: <classer@example.test>\r\n"
                    "\r\n"
                    "Bonjour.\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CrMessageInfo) info = NULL;
  g_autoptr(CrMessageInfo) moved = NULL;
  g_autoptr(CrOperation) op = NULL;
  g_autofree char *commands = NULL;
  g_autofree char *in_archive = NULL;
  g_autofree char *in_inbox = NULL;
  g_autofree char *upper = NULL;
  gint64 inbox, archive;
  guint32 uid;

  g_assert_true (cr_test_dovecot_seed_message (fixture->dovecot, "INBOX", raw, strlen (raw), NULL,
                                               1772442000, &error));
  g_assert_no_error (error);
  sync_account (fixture);
  inbox = folder_id (fixture, "INBOX");
  archive = folder_id (fixture, "Archive");
  info = cr_store_lookup_message (fixture->store, inbox, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);

  /* What the window does: the store first, then the queue. */
  g_assert_true (cr_store_move_messages (fixture->store, &info->id, 1, archive, &error));
  g_assert_no_error (error);
  op = cr_operation_new ("test", CR_OPERATION_MOVE, inbox);
  uid = info->uid;
  g_array_append_val (op->uids, uid);
  g_array_append_val (op->message_ids, info->id);
  op->target_folder_id = archive;
  g_assert_true (cr_store_enqueue_operation (fixture->store, op, &error));
  g_assert_no_error (error);
  wait_queue_empty (fixture);

  /* Once in the target, gone from the source. */
  in_archive = server_uids (fixture, "Archive", "classer");
  in_inbox = server_uids (fixture, "INBOX", "classer");
  g_assert_cmpstr (in_inbox, ==, "");
  g_assert_cmpstr (in_archive, !=, "");
  g_assert_null (strchr (in_archive, ','));

  /* The row has the UID COPYUID gave: the next sync matches it. */
  moved = cr_store_get_message (fixture->store, info->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (moved->folder_id, ==, archive);
  g_assert_cmpuint (moved->uid, ==, g_ascii_strtoull (in_archive, NULL, 10));
  sync_account (fixture);
  {
    g_autoptr(CrFolderInfo) folder = cr_store_get_folder (fixture->store, archive, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (folder->total, ==, 1);
  }

  /* The path taken: COPY, \Deleted, UID EXPUNGE, and never MOVE. */
  commands = client_commands (fixture);
  upper = g_ascii_strup (commands, -1);
  g_test_message ("client commands:\n%s", commands);
  g_assert_nonnull (strstr (upper, "UID COPY "));
  g_assert_nonnull (strstr (upper, "UID STORE "));
  g_assert_nonnull (strstr (upper, "\\DELETED"));
  g_assert_nonnull (strstr (upper, "UID EXPUNGE "));
  g_assert_null (strstr (upper, " MOVE "));
}

static gboolean
sync_folder (Fixture     *fixture,
             const char  *path,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_imap_sync_sync_folder_async (fixture->sync, path, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return cr_imap_sync_sync_folder_finish (fixture->sync, result, error);
}

/* Dovecot's default for a message it cannot read: BYE, the connection
 * closed, at the same batch on every sync. The messages of that batch are
 * asked for one at a time on the next sync, and the one the server closes
 * the connection over is left out: the sync completes in a few rounds. */
static void
test_unreadable_bye (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *user = cr_test_dovecot_get_user (fixture->dovecot);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) info = NULL;
  g_autofree char *out = doveadm (fixture, "mailbox", "create", "-s", "-u", user, "Broken", NULL);
  g_autoptr(GArray) locked = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  CrMessageQuery query = { 0, };
  guint rounds = 0;

  g_assert_true (cr_test_dovecot_seed (fixture->dovecot, "Broken", 300, &error));
  g_assert_no_error (error);
  cr_imap_sync_set_batch_size (fixture->sync, 50);
  /* Dovecot gives the seeded files their UIDs (dovecot-uidlist). */
  g_free (doveadm (fixture, "mailbox", "status", "-u", user, "messages", "Broken", NULL));
  locked = cr_test_dovecot_lock_messages (fixture->dovecot, "Broken", 2, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (locked->len, ==, 2);

  for (; rounds < 8 && !sync_folder (fixture, "Broken", &error); rounds++)
    {
      g_test_message ("round %u: %s", rounds, error->message);
      g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST);
      g_clear_error (&error);
    }
  g_assert_no_error (error);
  /* A BYE for each of at most two batches (twice, when it cut the
   * answer before the batch it belongs to), then one for each message. */
  g_assert_cmpuint (rounds, >=, 2);
  g_assert_cmpuint (rounds, <=, 6);

  g_assert_true (cr_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
  info = cr_store_lookup_folder (fixture->store, "test", "Broken", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->total, ==, 298);
  /* The two left out are the two unreadable ones. */
  query.folder_id = info->id;
  rows = cr_store_list_messages (fixture->store, &query, 0, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 298);
  for (guint i = 0; i < rows->len; i++)
    for (guint k = 0; k < locked->len; k++)
      g_assert_cmpuint (((CrMessageInfo *) rows->pdata[i])->uid, !=, g_array_index (locked, guint32, k));

  /* The next syncs know the two are left out: nothing changed, so no
   * comparison of every UID, just the cheap check (NOOP, STATUS). */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (sync_folder (fixture, "Broken", &error));
      g_assert_no_error (error);
      g_assert_cmpuint (cr_imap_sync_get_round_trips (fixture->sync), <=, 2);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);

  g_test_add ("/imap-features/quota", Fixture, GUINT_TO_POINTER (CR_TEST_DOVECOT_QUOTA),
              fixture_setup, test_quota, fixture_teardown);
  g_test_add ("/imap-features/move-without-move", Fixture,
              GUINT_TO_POINTER (CR_TEST_DOVECOT_NO_MOVE | CR_TEST_DOVECOT_RAWLOG),
              fixture_setup, test_move_without_move, fixture_teardown);
  g_test_add ("/imap-features/unreadable-bye", Fixture, GUINT_TO_POINTER (CR_TEST_DOVECOT_FETCH_FAILURE_BYE),
              fixture_setup, test_unreadable_bye, fixture_teardown);

  ret = g_test_run ();

  g_clear_object (&database);
  g_clear_pointer (&ca, cr_test_ca_unref);
  cr_test_env_teardown (env_dir);

  return ret;
}
