/* test-pop3-sync.c — POP3 download against a real server
 *
 * Against the private Dovecot (POP3S, and STLS on POP3): download N
 * messages and none again; leave on server, delete after N days (with an
 * injected clock), delete when deleted here, the classic behaviour;
 * connection cuts in the middle of RETR (through a proxy that cuts) and
 * SIGKILLs of a checking process at random moments, after which no
 * message is lost, none is stored twice and none was deleted on the
 * server without being stored; an 8-bit, a malformed and a 20 MB
 * message; cancellation; the periodic check.
 *
 * Each test empties the server's INBOX and has a store of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "cr-net-error.h"
#include "cr-pop3-local.h"
#include "cr-pop3-sync.h"
#include "cr-pop3-test-util.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"
#include "cr-test-proxy.h"

#define DAY (24 * 60 * 60)

static CrTestCa *ca;
static CrTestDovecot *dovecot;
static GTlsDatabase *database;
static CrCertificateStore *certificates;
static CrTestProxy *proxy;
static GThread *main_thread;
static const char *helper_path;

typedef struct
{
  char       *dir;
  CrStore    *store;
  CrAccount  *account;
  CrPop3Sync *sync;
  gint64      now;
  guint       progress_calls;
  guint       last_done;
  guint       last_total;
  GCancellable *cancel_at_progress;
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->now;
}

static void
on_progress (CrPop3Sync *sync,
             guint       done,
             guint       total,
             Fixture    *fixture)
{
  g_assert_true (g_thread_self () == main_thread);
  g_assert_cmpuint (done, <=, total);
  fixture->progress_calls++;
  fixture->last_done = done;
  fixture->last_total = total;
  if (done > 0 && fixture->cancel_at_progress != NULL)
    g_cancellable_cancel (fixture->cancel_at_progress);
}

static void
fixture_setup_port (Fixture     *fixture,
                    guint16      port,
                    CrSecurity   security)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_POP3);

  cr_pop3_test_empty_server ();
  g_assert_true (cr_test_make_tmp_dir ("pop", &fixture->dir, &error));
  g_assert_no_error (error);
  fixture->store = cr_pop3_test_open_store (fixture->dir);

  cr_server_set_host (server, "127.0.0.1");
  cr_server_set_port (server, port);
  cr_server_set_security (server, security);
  cr_server_set_login (server, cr_test_dovecot_get_user (dovecot));
  fixture->account = cr_account_new ("pop");
  cr_account_set_address (fixture->account, "test@example.test");
  cr_account_set_incoming (fixture->account, server);

  fixture->now = g_get_real_time () / G_USEC_PER_SEC;
  fixture->sync = cr_pop3_sync_new (fixture->account, fixture->store, certificates, database);
  cr_pop3_sync_set_password (fixture->sync, cr_test_dovecot_get_password (dovecot));
  cr_pop3_sync_set_clock (fixture->sync, fixture_clock, fixture);
  g_signal_connect (fixture->sync, "progress", G_CALLBACK (on_progress), fixture);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture_setup_port (fixture, cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S), CR_SECURITY_TLS);
}

static void
fixture_setup_proxy (Fixture       *fixture,
                     gconstpointer  data)
{
  fixture_setup_port (fixture, cr_test_proxy_get_port (proxy), CR_SECURITY_TLS);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->sync);
  /* Notices still queued for the main context are dropped quietly. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->account);
  cr_store_close (fixture->store);
  g_assert_finalize_object (fixture->store);
  g_assert_true (cr_test_rm_rf (fixture->dir, &error));
  g_assert_no_error (error);
  g_free (fixture->dir);
}

/* Helpers ------------------------------------------------------------- */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
check (Fixture       *fixture,
       GCancellable  *cancellable,
       guint         *out_downloaded,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_pop3_sync_check_async (fixture->sync, cancellable, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return cr_pop3_sync_check_finish (fixture->sync, result, out_downloaded, error);
}

static guint
check_ok (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  guint downloaded = G_MAXUINT;

  g_assert_true (check (fixture, NULL, &downloaded, &error));
  g_assert_no_error (error);

  return downloaded;
}

/* Tests --------------------------------------------------------------- */

static void
test_download (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) inbox = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(CrMessageInfo) info = NULL;
  g_autoptr(GHashTable) stored = NULL;
  CrMessageQuery query = { 0 };
  g_autoptr(GPtrArray) rows = NULL;

  cr_pop3_test_seed (0, 25);

  g_assert_cmpuint (check_ok (fixture), ==, 25);
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 25);
  g_assert_cmpuint (fixture->last_done, ==, 25);
  g_assert_cmpuint (fixture->last_total, ==, 25);
  stored = cr_pop3_test_assert_store_consistent (fixture->store);
  g_assert_cmpuint (g_hash_table_size (stored), ==, 25);

  /* Headers decoded, dot-stuffing undone, local-only inbox. */
  inbox = cr_pop3_test_role_folder (fixture->store, CR_FOLDER_ROLE_INBOX);
  g_assert_true (inbox->flags & CR_FOLDER_FLAG_LOCAL_ONLY);
  g_assert_cmpstr (inbox->name, ==, cr_pop3_local_role_name (CR_FOLDER_ROLE_INBOX));
  query.folder_id = inbox->id;
  rows = cr_store_list_messages (fixture->store, &query, 0, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      CrMessageInfo *row = g_ptr_array_index (rows, i);
      g_autoptr(GBytes) raw = cr_store_load_body (fixture->store, row->id, &error);
      g_autofree char *text = g_strndup (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw));

      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (row->subject, "Réunion n° "));
      g_assert_cmpstr (row->from_name, ==, "Émile Zola");
      g_assert_nonnull (strstr (text, "\n.Une ligne qui commence par un point."));
      g_assert_null (strstr (text, "\n..Une"));
      g_assert_nonnull (row->preview);
    }

  /* Searchable by body text, diacritics folded. */
  found = cr_store_search (fixture->store, "pop", 0, "voici message", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 25);

  /* Left on the server (the default), and recognised the second time. */
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 25);
  g_assert_cmpuint (check_ok (fixture), ==, 0);
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 25);

  /* A new one is the only one downloaded. */
  cr_pop3_test_seed (100, 1);
  g_assert_cmpuint (check_ok (fixture), ==, 1);
  info = cr_store_lookup_message (fixture->store, inbox->id, 0, NULL);
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 26);
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 26);
}

static void
test_starttls (Fixture       *fixture,
               gconstpointer  data)
{
  cr_pop3_test_seed (0, 3);
  g_assert_cmpuint (check_ok (fixture), ==, 3);
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 3);
}

static void
fixture_setup_starttls (Fixture       *fixture,
                        gconstpointer  data)
{
  fixture_setup_port (fixture, cr_test_dovecot_get_port (dovecot, CR_TEST_POP3), CR_SECURITY_STARTTLS);
}

/* The account logs in with APOP (Dovecot says so in its log). */
static void
test_apop (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autoptr(GError) error = NULL;

  cr_pop3_test_seed (0, 3);
  g_assert_cmpuint (check_ok (fixture), ==, 3);
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 3);
  g_assert_cmpuint (check_ok (fixture), ==, 0);

  /* Dovecot's log process may write a moment later. */
  for (guint i = 0; i < 50; i++)
    {
      g_clear_pointer (&log, g_free);
      g_assert_true (g_file_get_contents (cr_test_dovecot_get_log_path (dovecot), &log, NULL, &error));
      g_assert_no_error (error);
      if (strstr (log, "method=APOP") != NULL)
        break;
      g_usleep (G_USEC_PER_SEC / 50);
    }
  g_assert_nonnull (strstr (log, "method=APOP"));
}

static void
fixture_setup_apop (Fixture       *fixture,
                    gconstpointer  data)
{
  fixture_setup (fixture, data);
  cr_server_set_auth_method (cr_account_get_incoming (fixture->account), CR_AUTH_APOP);
}

static void
test_classic (Fixture       *fixture,
              gconstpointer  data)
{
  cr_account_set_leave_on_server (fixture->account, FALSE);
  cr_pop3_test_seed (0, 12);

  g_assert_cmpuint (check_ok (fixture), ==, 12);
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 0);
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 12);
  cr_pop3_test_assert_nothing_lost (fixture->store, 0, 12);

  cr_pop3_test_seed (12, 2);
  g_assert_cmpuint (check_ok (fixture), ==, 2);
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 0);
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 14);
}

static void
test_delete_after_days (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) left = NULL;
  gint64 start = fixture->now;

  cr_account_set_delete_after_days (fixture->account, 14);
  cr_pop3_test_seed (0, 4);
  g_assert_cmpuint (check_ok (fixture), ==, 4);

  /* Thirteen days on: too young. */
  fixture->now = start + 13 * DAY;
  g_assert_cmpuint (check_ok (fixture), ==, 0);
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 4);

  /* Fourteen days on: the first four go; the one just downloaded stays
   * (the store stamps first_seen with the real time, so messages of one
   * test run can only be old if they came before the clock moved). */
  fixture->now = start + 14 * DAY + 60;
  cr_pop3_test_seed (4, 1);
  g_assert_cmpuint (check_ok (fixture), ==, 1);
  left = cr_pop3_test_server_ids ();
  g_assert_cmpuint (g_hash_table_size (left), ==, 1);
  g_assert_true (g_hash_table_contains (left, "pop-4@example.test"));
  /* Kept here; with 0 days the rest stays forever, and nothing is
   * downloaded again. */
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 5);
  cr_account_set_delete_after_days (fixture->account, 0);
  fixture->now = start + 400 * DAY;
  g_assert_cmpuint (check_ok (fixture), ==, 0);
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 1);
  cr_pop3_test_assert_nothing_lost (fixture->store, 0, 5);
}

static void
test_delete_when_deleted_here (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) inbox = NULL;
  g_autoptr(CrFolderInfo) trash = NULL;
  gint64 id;

  cr_pop3_test_seed (0, 5);
  g_assert_cmpuint (check_ok (fixture), ==, 5);
  inbox = cr_pop3_test_role_folder (fixture->store, CR_FOLDER_ROLE_INBOX);
  trash = cr_pop3_test_role_folder (fixture->store, CR_FOLDER_ROLE_TRASH);

  /* Into the Corbeille: still on the server, nothing queued. */
  id = cr_pop3_test_first_message_id (fixture->store, inbox->id);
  g_assert_true (cr_pop3_local_delete (fixture->store, fixture->account, &id, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cr_store_count_operations (fixture->store, "pop", NULL), ==, 0);
  g_assert_cmpuint (check_ok (fixture), ==, 0);
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 5);

  /* Out of the Corbeille: a DELE waits for the next check. */
  g_assert_true (cr_pop3_local_delete (fixture->store, fixture->account, &id, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cr_store_count_operations (fixture->store, "pop", NULL), ==, 1);
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 5);
  g_assert_cmpuint (check_ok (fixture), ==, 0);
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 4);
  g_assert_cmpuint (cr_store_count_operations (fixture->store, "pop", NULL), ==, 0);

  /* Without the option, deleting here leaves the server alone, and the
   * message is not downloaded again. */
  cr_account_set_delete_when_deleted_here (fixture->account, FALSE);
  id = cr_pop3_test_first_message_id (fixture->store, inbox->id);
  g_assert_true (cr_pop3_local_delete (fixture->store, fixture->account, &id, 1, &error));
  g_assert_true (cr_pop3_local_empty_trash (fixture->store, fixture->account, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cr_store_count_operations (fixture->store, "pop", NULL), ==, 0);
  g_assert_cmpuint (check_ok (fixture), ==, 0);
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 4);
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 3);
}

static void
test_local_folders (Fixture       *fixture,
                    gconstpointer  data)
{
  static const CrFolderRole roles[] = {
    CR_FOLDER_ROLE_INBOX, CR_FOLDER_ROLE_DRAFTS, CR_FOLDER_ROLE_SENT,
    CR_FOLDER_ROLE_TRASH, CR_FOLDER_ROLE_JUNK, CR_FOLDER_ROLE_ARCHIVE,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(CrFolderInfo) inbox = NULL;
  g_autoptr(CrFolderInfo) archive = NULL;
  g_autoptr(CrFolderInfo) trash = NULL;
  g_autoptr(CrMessageInfo) info = NULL;
  guint total = 0, unread = 0;
  gint64 id;

  cr_pop3_test_seed (0, 3);
  g_assert_cmpuint (check_ok (fixture), ==, 3);

  folders = cr_store_list_folders (fixture->store, "pop", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (folders->len, ==, G_N_ELEMENTS (roles));
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(CrFolderInfo) folder = cr_pop3_test_role_folder (fixture->store, roles[i]);

      g_assert_true (folder->flags & CR_FOLDER_FLAG_LOCAL_ONLY);
      g_assert_cmpstr (folder->name, ==, cr_pop3_local_role_name (roles[i]));
    }

  inbox = cr_pop3_test_role_folder (fixture->store, CR_FOLDER_ROLE_INBOX);
  archive = cr_pop3_test_role_folder (fixture->store, CR_FOLDER_ROLE_ARCHIVE);
  trash = cr_pop3_test_role_folder (fixture->store, CR_FOLDER_ROLE_TRASH);
  id = cr_pop3_test_first_message_id (fixture->store, inbox->id);

  /* Read and flag. */
  g_assert_true (cr_pop3_local_set_flags (fixture->store, &id, 1,
                                          CR_MESSAGE_FLAG_SEEN | CR_MESSAGE_FLAG_FLAGGED, 0, &error));
  g_assert_no_error (error);
  g_assert_true (cr_store_get_counts (fixture->store, inbox->id, &total, &unread, &error));
  g_assert_cmpuint (total, ==, 3);
  g_assert_cmpuint (unread, ==, 2);

  /* Move to Archive: the raw message follows. */
  g_assert_true (cr_pop3_local_move (fixture->store, &id, 1, archive->id, &error));
  g_assert_no_error (error);
  info = cr_store_get_message (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->folder_id, ==, archive->id);
  g_assert_true (info->flags & CR_MESSAGE_FLAG_FLAGGED);

  /* Delete everything: into the Corbeille, then emptied. */
  g_assert_true (cr_pop3_local_delete (fixture->store, fixture->account, &id, 1, &error));
  g_assert_no_error (error);
  g_assert_true (cr_store_get_counts (fixture->store, trash->id, &total, &unread, &error));
  g_assert_cmpuint (total, ==, 1);
  g_assert_true (cr_pop3_local_empty_trash (fixture->store, fixture->account, &error));
  g_assert_no_error (error);
  g_assert_true (cr_store_get_counts (fixture->store, trash->id, &total, &unread, &error));
  g_assert_cmpuint (total, ==, 0);
  g_assert_cmpuint (cr_store_count_operations (fixture->store, "pop", NULL), ==, 1);
  cr_pop3_test_assert_store_consistent (fixture->store);

  /* The folders are made once. */
  g_assert_cmpuint (check_ok (fixture), ==, 0);
  g_clear_pointer (&folders, g_ptr_array_unref);
  folders = cr_store_list_folders (fixture->store, "pop", &error);
  g_assert_cmpuint (folders->len, ==, G_N_ELEMENTS (roles));
}

static void
test_special_messages (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GPtrArray) messages = NULL;
  const char *eight_bit = "From: =?ISO-8859-1?Q?Fran=E7oise?= <f@example.test>\n"
                          "Subject: caf\xe9 cr\xe8me\n"
                          "Message-ID: <pop-8bit@example.test>\n"
                          "Content-Type: text/plain; charset=iso-8859-1\n"
                          "Content-Transfer-Encoding: 8bit\n"
                          "\n"
                          "D\xe9j\xe0 vu \xe0 la gare.\n";
  const char *malformed = "From <<<@@\n"
                          "Subject\n"
                          "Message-ID: <pop-malformed@example.test>\n"
                          "Content-Type: multipart/mixed; boundary=\"nope\n"
                          "\n"
                          "--nope\nno end\n\x01\x02\n";
  gboolean seen_big = FALSE;

  g_string_append (big, "From: big@example.test\nSubject: Gros fichier\n"
                        "Message-ID: <pop-big@example.test>\n"
                        "Content-Type: text/plain\n\n");
  while (big->len < 20 * 1024 * 1024)
    g_string_append (big, "0123456789abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ .\n.\n");

  g_assert_true (cr_test_dovecot_seed_message (dovecot, "INBOX", eight_bit, strlen (eight_bit), "", 0, &error));
  g_assert_true (cr_test_dovecot_seed_message (dovecot, "INBOX", malformed, strlen (malformed), "", 0, &error));
  g_assert_true (cr_test_dovecot_seed_message (dovecot, "INBOX", big->str, big->len, "", 0, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (check_ok (fixture), ==, 3);
  cr_pop3_test_assert_store_consistent (fixture->store);
  messages = cr_pop3_test_all_messages (fixture->store);
  g_assert_cmpuint (messages->len, ==, 3);
  for (guint i = 0; i < messages->len; i++)
    {
      CrMessageInfo *info = g_ptr_array_index (messages, i);
      g_autoptr(GBytes) raw = cr_store_load_body (fixture->store, info->id, &error);

      g_assert_no_error (error);
      if (g_strcmp0 (info->message_id, "pop-8bit@example.test") == 0)
        {
          g_assert_cmpstr (info->from_name, ==, "Françoise");
          g_assert_true (g_utf8_validate (info->subject, -1, NULL));
          g_assert_nonnull (memchr (g_bytes_get_data (raw, NULL), 0xe9, g_bytes_get_size (raw)));
        }
      else if (g_strcmp0 (info->message_id, "pop-big@example.test") == 0)
        {
          gsize size;
          const char *data = g_bytes_get_data (raw, &size);
          gsize lines = 0;

          /* Every line came whole: the server's CRLF for each LF, the
           * lone dots un-stuffed. */
          for (gsize j = 0; j < size; j++)
            lines += data[j] == '\n';
          g_assert_cmpuint (size, ==, big->len + lines);
          g_assert_nonnull (g_strstr_len (data, size, "\r\n.\r\n"));
          seen_big = TRUE;
        }
      else
        g_assert_cmpstr (info->message_id, ==, "pop-malformed@example.test");
    }
  g_assert_true (seen_big);
}

/* Cut the connection after more and more bytes of the download: each
 * check keeps a consistent store, deletes nothing it did not store, and
 * the last one completes. */
static void
test_connection_cut (Fixture       *fixture,
                     gconstpointer  data)
{
  static const gint64 cuts[] = { 200, 3000, 9000, 20000, 45000 };

  cr_account_set_leave_on_server (fixture->account, FALSE);
  cr_pop3_sync_set_batch_size (fixture->sync, 4);
  {
    for (guint i = 0; i < 40; i++)
      {
        g_autofree char *padding = g_strnfill (3500, 'x');
        g_autofree char *body = g_strconcat (padding, "\n", NULL);
        g_autofree char *raw = cr_pop3_test_make_message (i, body);
        g_autoptr(GError) error = NULL;

        g_assert_true (cr_test_dovecot_seed_message (dovecot, "INBOX", raw, strlen (raw), "", 0, &error));
        g_assert_no_error (error);
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GError) error = NULL;
      guint cuts_before = cr_test_proxy_get_cuts (proxy);

      cr_test_proxy_cut_after (proxy, cuts[i]);
      g_assert_false (check (fixture, NULL, NULL, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == CR_NET_ERROR || error->domain == G_IO_ERROR ||
                     error->domain == G_TLS_ERROR);
      g_assert_cmpuint (cr_test_proxy_get_cuts (proxy), >, cuts_before);
      cr_pop3_test_assert_nothing_lost (fixture->store, 0, 40);
    }

  cr_test_proxy_cut_after (proxy, -1);
  check_ok (fixture);
  cr_pop3_test_assert_nothing_lost (fixture->store, 0, 40);
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 40);
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 0);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint stored;

  cr_account_set_leave_on_server (fixture->account, FALSE);
  cr_pop3_sync_set_batch_size (fixture->sync, 5);
  cr_pop3_test_seed (0, 60);

  /* Cancelled after the first batch was kept. */
  fixture->cancel_at_progress = cancellable;
  g_assert_false (check (fixture, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  fixture->cancel_at_progress = NULL;
  cr_pop3_test_assert_nothing_lost (fixture->store, 0, 60);
  stored = cr_pop3_test_inbox_total (fixture->store);
  g_assert_cmpuint (stored, >, 0);
  g_assert_cmpuint (stored, <, 60);
  /* No QUIT was sent: nothing deleted yet. */
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 60);

  g_assert_cmpuint (check_ok (fixture), ==, 60 - stored);
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 60);
  g_assert_cmpuint (cr_pop3_test_server_count (), ==, 0);
  cr_pop3_test_assert_nothing_lost (fixture->store, 0, 60);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  cr_pop3_sync_set_password (fixture->sync, "wrong");
  g_assert_false (check (fixture, NULL, NULL, &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED);
}

static void
on_checked (CrPop3Sync   *sync,
            guint         downloaded,
            const GError *error,
            guint        *total)
{
  g_assert_true (g_thread_self () == main_thread);
  g_assert_no_error (error);
  *total += downloaded;
}

static void
test_periodic (Fixture       *fixture,
               gconstpointer  data)
{
  guint total = 0;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_signal_connect (fixture->sync, "checked", G_CALLBACK (on_checked), &total);
  cr_pop3_test_seed (0, 2);
  cr_pop3_sync_start_periodic (fixture->sync, 1);
  g_assert_true (cr_pop3_sync_is_periodic (fixture->sync));
  while (total < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (total, ==, 2);

  cr_pop3_test_seed (2, 1);
  while (total < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (total, ==, 3);

  cr_pop3_sync_stop_periodic (fixture->sync);
  g_assert_false (cr_pop3_sync_is_periodic (fixture->sync));
  g_assert_cmpuint (cr_pop3_test_inbox_total (fixture->store), ==, 3);
}

/* A checking process killed with SIGKILL at random moments, again and
 * again, with new mail arriving before each run: after each kill the
 * store is sound and every message is either stored once or still on the
 * server; at the end all are stored and the server is empty. */
static void
test_kill (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *port = g_strdup_printf ("%u", cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S));
  const char *argv[] = {
    helper_path, fixture->dir, port, cr_test_dovecot_get_user (dovecot),
    cr_test_dovecot_get_password (dovecot), cr_test_ca_get_cert_path (ca), "0", "7", NULL,
  };
  const guint per_loop = 30, loops = 10;
  GRand *rand = g_rand_new ();

  /* The fixture's store stays closed while the helper writes. */
  cr_store_close (fixture->store);

  for (guint loop = 0; loop < loops; loop++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CrStore) store = NULL;
      g_autofree char *log = cr_test_unique_log_path ("pop3-check-helper");
      int out_fd = -1;
      GPid pid;
      guint lines = g_rand_int_range (rand, 0, 9);
      gulong delay = g_rand_int_range (rand, 0, 20000);

      cr_pop3_test_seed (loop * per_loop, per_loop);
      g_assert_true (cr_test_spawn (argv, NULL, log, NULL, &out_fd, &pid, &error));
      g_assert_no_error (error);
      /* Let it get some way, then kill it wherever it is. */
      for (guint i = 0; i < lines; i++)
        {
          g_autofree char *line = cr_test_read_line_fd (out_fd, 60000, NULL);

          if (line == NULL || g_str_has_prefix (line, "done"))
            break;
        }
      g_usleep (delay);
      kill (pid, SIGKILL);
      cr_test_process_stop (pid, 10000);
      close (out_fd);

      store = cr_pop3_test_open_store (fixture->dir);
      cr_pop3_test_assert_nothing_lost (store, 0, (loop + 1) * per_loop);
      g_test_message ("loop %u: killed after %u lines and %lu us: %u stored, %u on the server",
                      loop, lines, delay, cr_pop3_test_inbox_total (store), cr_pop3_test_server_count ());
      cr_store_close (store);
    }
  g_rand_free (rand);

  {
    g_autofree char *out = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(CrStore) store = NULL;

    g_assert_true (cr_test_run (argv, NULL, &out, &error));
    g_assert_no_error (error);
    store = cr_pop3_test_open_store (fixture->dir);
    cr_pop3_test_assert_nothing_lost (store, 0, loops * per_loop);
    g_assert_cmpuint (cr_pop3_test_inbox_total (store), ==, loops * per_loop);
    g_assert_cmpuint (cr_pop3_test_server_count (), ==, 0);
    cr_store_close (store);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autofree char *certs_path = g_build_filename (env_dir, "certificates.ini", NULL);
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  g_assert_cmpint (argc, ==, 2);
  helper_path = argv[1];

  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);
  cr_pop3_test_set_dovecot (dovecot);
  proxy = cr_test_proxy_start (cr_test_dovecot_get_port (dovecot, CR_TEST_POP3S), &error);
  g_assert_no_error (error);
  certificates = cr_certificate_store_new (certs_path);

  g_test_add ("/pop3-sync/download", Fixture, NULL, fixture_setup, test_download, fixture_teardown);
  g_test_add ("/pop3-sync/starttls", Fixture, NULL, fixture_setup_starttls, test_starttls, fixture_teardown);
  g_test_add ("/pop3-sync/apop", Fixture, NULL, fixture_setup_apop, test_apop, fixture_teardown);
  g_test_add ("/pop3-sync/classic", Fixture, NULL, fixture_setup, test_classic, fixture_teardown);
  g_test_add ("/pop3-sync/delete-after-days", Fixture, NULL, fixture_setup, test_delete_after_days, fixture_teardown);
  g_test_add ("/pop3-sync/delete-when-deleted-here", Fixture, NULL, fixture_setup,
              test_delete_when_deleted_here, fixture_teardown);
  g_test_add ("/pop3-sync/local-folders", Fixture, NULL, fixture_setup, test_local_folders, fixture_teardown);
  g_test_add ("/pop3-sync/special-messages", Fixture, NULL, fixture_setup, test_special_messages, fixture_teardown);
  g_test_add ("/pop3-sync/connection-cut", Fixture, NULL, fixture_setup_proxy, test_connection_cut, fixture_teardown);
  g_test_add ("/pop3-sync/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/pop3-sync/wrong-password", Fixture, NULL, fixture_setup, test_wrong_password, fixture_teardown);
  g_test_add ("/pop3-sync/periodic", Fixture, NULL, fixture_setup, test_periodic, fixture_teardown);
  g_test_add ("/pop3-sync/kill", Fixture, NULL, fixture_setup, test_kill, fixture_teardown);

  ret = g_test_run ();

  g_clear_object (&certificates);
  g_clear_pointer (&proxy, cr_test_proxy_stop);
  g_clear_object (&database);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
  cr_test_env_teardown (env_dir);

  return ret;
}
