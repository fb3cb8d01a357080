/* test-imap-push.c — new mail seen through IDLE
 *
 * Against the private Dovecot: with push on, a message delivered by
 * another client to the inbox, then to the open folder, reaches the
 * store with no sync asked for (the store's "changed" signal is awaited
 * with a deadline); a job (a body fetch) in between leaves IDLE and
 * comes back to it. With a folder other than the inbox open, mail
 * delivered to either arrives (two IDLE connections). Also the account's status for the UI, and syncing
 * by itself when the network comes back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-sync-test-util.h"

/* Dovecot wakes IDLE through inotify at once, or at its 30 s check when
 * a notification is missed (seen under load): generous deadlines. */
#define DEADLINE_S 150

static CrSyncTestServers servers;

/* Through the proxy: the offline tests cut it. */
typedef CrSyncTestAccount Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  cr_sync_test_account_open (fixture, &servers, "push");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cr_sync_test_account_close (fixture, &servers);
}

/* Helpers ------------------------------------------------------------- */

static CrFolderInfo *
lookup (Fixture    *fixture,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  CrFolderInfo *folder = cr_store_lookup_folder (fixture->store, "test", path, &error);

  g_assert_no_error (error);
  return folder;
}

static void
wait_idling (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  while (!cr_imap_sync_get_idling (fixture->sync))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

typedef struct
{
  gint64 folder_id;
  guint  added;
} Watch;

static void
on_store_changed (CrStore       *store,
                  gint64         folder_id,
                  CrStoreChange  change,
                  Watch         *watch)
{
  if (folder_id == watch->folder_id && (change & CR_STORE_CHANGE_ADDED) != 0)
    watch->added++;
}

/* Delivers a message and waits for the store to announce it. */
static void
deliver_and_wait (Fixture    *fixture,
                  const char *path,
                  const char *message_id)
{
  g_autoptr(CrFolderInfo) folder = lookup (fixture, path);
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = g_strdup_printf ("From: Zoé <zoe@example.test>\r\n"
                                          "Subject: Nouveau courrier\r\n"
                                          "Message-ID: <%s@example.test>\r\n"
                                          "\r\n"
                                          "Bonjour.\r\n", message_id);
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  Watch watch = { folder->id, 0 };
  gulong handler = g_signal_connect (fixture->store, "changed", G_CALLBACK (on_store_changed), &watch);
  g_autoptr(GPtrArray) list = NULL;
  CrMessageQuery query = { 0, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };
  gboolean found = FALSE;

  g_assert_true (cr_test_dovecot_deliver (servers.dovecot, path, raw, strlen (raw), &error));
  g_assert_no_error (error);
  while (watch.added == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_signal_handler_disconnect (fixture->store, handler);

  query.folder_id = folder->id;
  list = cr_store_list_messages (fixture->store, &query, 0, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (g_str_has_prefix (((CrMessageInfo *) list->pdata[i])->message_id, message_id))
      found = TRUE;
  g_assert_true (found);
}

static void
test_idle (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrFolderInfo) inbox = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) list = NULL;
  CrMessageQuery query = { 0, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };

  g_assert_true (cr_test_dovecot_doveadm (servers.dovecot, NULL, &error, "mailbox", "create", "-s", "-u",
                                          cr_test_dovecot_get_user (servers.dovecot), "Ouvert", NULL));
  g_assert_no_error (error);
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);

  cr_imap_sync_set_push (fixture->sync, TRUE);
  wait_idling (fixture);
  deliver_and_wait (fixture, "INBOX", "push-inbox");

  /* A job leaves IDLE, and IDLE comes back after it. */
  inbox = lookup (fixture, "INBOX");
  query.folder_id = inbox->id;
  list = cr_store_list_messages (fixture->store, &query, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  wait_idling (fixture);
  cr_imap_sync_fetch_body_async (fixture->sync, ((CrMessageInfo *) list->pdata[0])->id, NULL, cr_sync_test_on_done, &result);
  body = cr_imap_sync_fetch_body_finish (fixture->sync, cr_sync_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  wait_idling (fixture);
  deliver_and_wait (fixture, "INBOX", "push-again");

  /* The open folder is watched instead. The first message may come
   * with the sync that starts IDLE there; the second only through IDLE. */
  cr_imap_sync_set_open_folder (fixture->sync, "Ouvert");
  deliver_and_wait (fixture, "Ouvert", "push-open");
  wait_idling (fixture);
  deliver_and_wait (fixture, "Ouvert", "push-open-again");

  /* Off: no more IDLE. */
  cr_imap_sync_set_push (fixture->sync, FALSE);
  {
    gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

    while (cr_imap_sync_get_idling (fixture->sync))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (5000);
      }
  }
}

/* With another folder open, the inbox keeps its push: its own IDLE
 * connection. Nothing polls here (no auto-sync): only IDLE can bring the
 * messages, to either folder, and again after each wake-up. */
static void
test_inbox_and_open (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_test_dovecot_doveadm (servers.dovecot, NULL, &error, "mailbox", "create", "-s", "-u",
                                          cr_test_dovecot_get_user (servers.dovecot), "Dossier", NULL));
  g_assert_no_error (error);
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);

  cr_imap_sync_set_open_folder (fixture->sync, "Dossier");
  cr_imap_sync_set_push (fixture->sync, TRUE);
  wait_idling (fixture);
  deliver_and_wait (fixture, "INBOX", "both-inbox");
  wait_idling (fixture);
  deliver_and_wait (fixture, "Dossier", "both-open");
  wait_idling (fixture);
  deliver_and_wait (fixture, "INBOX", "both-inbox-again");
  wait_idling (fixture);
  deliver_and_wait (fixture, "Dossier", "both-open-again");

  /* The selection moves to the inbox: one IDLE is enough, and it works. */
  cr_imap_sync_set_open_folder (fixture->sync, "INBOX");
  wait_idling (fixture);
  deliver_and_wait (fixture, "INBOX", "inbox-open");
}

static void
on_status (CrImapSync *sync,
           GParamSpec *pspec,
           GString    *seen)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (CR_TYPE_IMAP_SYNC_STATUS);

  g_string_append_printf (seen, "%s ", g_enum_get_value (klass, cr_imap_sync_get_status (sync))->value_nick);
}

static void
wait_status (Fixture          *fixture,
             CrImapSyncStatus  status)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  while (cr_imap_sync_get_status (fixture->sync) != status)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

/* What the sidebar shows, and syncing by itself: offline when the server
 * cannot be reached, synced again at once when the network comes back. */
static void
test_state (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);

  g_signal_connect (fixture->sync, "notify::status", G_CALLBACK (on_status), seen);
  g_assert_cmpint (cr_imap_sync_get_status (fixture->sync), ==, CR_IMAP_SYNC_STATUS_IDLE);
  g_assert_true (cr_sync_test_account_sync (fixture, &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (seen->str, ==, "syncing idle ");
  g_assert_null (cr_imap_sync_get_last_error (fixture->sync));

  /* Dovecot here has no QUOTA: nothing is known. */
  g_assert_false (cr_imap_sync_get_quota (fixture->sync, NULL, NULL));

  cr_test_proxy_cut_after (servers.proxy, 0);
  g_assert_false (cr_sync_test_account_sync (fixture, &error));
  g_assert_nonnull (error);
  g_test_message ("offline: %s %d %s", g_quark_to_string (error->domain), error->code, error->message);
  g_clear_error (&error);
  wait_status (fixture, CR_IMAP_SYNC_STATUS_OFFLINE);
  g_assert_nonnull (cr_imap_sync_get_last_error (fixture->sync));

  /* Auto-sync fails too (and would try again after 15 s)... */
  cr_imap_sync_set_auto_sync (fixture->sync, TRUE);
  g_string_truncate (seen, 0);
  {
    gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

    while (strstr (seen->str, "offline") == NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }

  /* ... until the network is back: at once. */
  cr_test_proxy_cut_after (servers.proxy, -1);
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  wait_status (fixture, CR_IMAP_SYNC_STATUS_IDLE);
  g_assert_null (cr_imap_sync_get_last_error (fixture->sync));
  cr_imap_sync_set_auto_sync (fixture->sync, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  cr_sync_test_servers_start (&servers, env_dir, TRUE);

  g_test_add ("/imap-push/idle", Fixture, NULL, fixture_setup, test_idle, fixture_teardown);
  g_test_add ("/imap-push/inbox-and-open", Fixture, NULL, fixture_setup, test_inbox_and_open, fixture_teardown);
  g_test_add ("/imap-push/state", Fixture, NULL, fixture_setup, test_state, fixture_teardown);

  ret = g_test_run ();

  cr_sync_test_servers_stop (&servers);
  cr_test_env_teardown (env_dir);

  return ret;
}
