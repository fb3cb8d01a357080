/* test-imap-server-search.c — “Rechercher sur le serveur”
 *
 * Against the private Dovecot: messages delivered after the last sync
 * (their headers never synced) are found by UID SEARCH with French
 * accented words, by sender, subject, unread state and attachment; they
 * land in the store as ordinary rows, found by the local search from then
 * on, without duplicating what the store had. Across all folders too, and
 * a clear error without a server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-imap-server-search.h"
#include "cr-net-error.h"
#include "cr-sync-test-util.h"

static CrSyncTestServers servers;

typedef struct
{
  char       *dir;
  CrPaths    *paths;
  CrStore    *store;
  CrImapSync *sync;
} Fixture;

static CrImapSync *
new_sync (Fixture *fixture,
          guint16  port)
{
  return cr_sync_test_new_sync (&servers, fixture->store, port, cr_test_dovecot_get_password (servers.dovecot));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->store = cr_sync_test_open_store ("server-search", &fixture->dir, &fixture->paths);
  fixture->sync = new_sync (fixture, cr_test_dovecot_get_port (servers.dovecot, CR_TEST_IMAPS));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  cr_sync_test_drop_sync (&fixture->sync);
  cr_sync_test_close_store (&fixture->store, &fixture->paths, &fixture->dir);
}

/* Helpers ------------------------------------------------------------- */

static void
sync_account (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cr_imap_sync_sync_async (fixture->sync, NULL, cr_sync_test_on_done, &result);
  g_assert_true (cr_imap_sync_sync_finish (fixture->sync, cr_sync_test_wait_for (&result), &error));
  g_assert_no_error (error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The subjects of what the server search finds, sorted, joined by "|". */
static char *
server_search (Fixture    *fixture,
               const char *path,
               const char *query)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GPtrArray) subjects = g_ptr_array_new ();

  cr_imap_sync_search_server_async (fixture->sync, path, query, NULL, cr_sync_test_on_done, &result);
  ids = cr_imap_sync_search_server_finish (fixture->sync, cr_sync_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  infos = cr_store_get_messages (fixture->store, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (infos->len, ==, ids->len);
  for (guint i = 0; i < infos->len; i++)
    g_ptr_array_add (subjects, ((CrMessageInfo *) infos->pdata[i])->subject);
  g_ptr_array_sort (subjects, compare_strings);
  g_ptr_array_add (subjects, NULL);

  return g_strjoinv ("|", (char **) subjects->pdata);
}

static guint
local_search (Fixture    *fixture,
              const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = cr_store_search (fixture->store, "test", 0, query, 0, &error);

  g_assert_no_error (error);
  return ids->len;
}

static guint
count_messages (Fixture    *fixture,
                const char *path)
{
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (fixture->store, "test", path, NULL);
  g_autoptr(GError) error = NULL;
  guint total = 0;

  g_assert_nonnull (folder);
  g_assert_true (cr_store_get_counts (fixture->store, folder->id, &total, NULL, &error));
  g_assert_no_error (error);

  return total;
}

static void
deliver (const char *mailbox,
         const char *raw)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_test_dovecot_deliver (servers.dovecot, mailbox, raw, strlen (raw), &error));
  g_assert_no_error (error);
}

static const char synced[] =
  "From: Alice Durand <alice@example.test>\r\n"
  "To: test@example.test\r\n"
  "Subject: Ordre du jour\r\n"
  "Date: Mon, 02 Mar 2026 09:00:00 +0100\r\n"
  "Message-ID: <ordre@example.test>\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: text/plain; charset=utf-8\r\n"
  "\r\n"
  "Premier point : le budget.\r\n";

static const char budget[] =
  "From: =?UTF-8?Q?=C3=89lodie?= Martin <elodie@example.test>\r\n"
  "To: test@example.test\r\n"
  "Subject: =?UTF-8?Q?R=C3=A9union_budg=C3=A9taire?=\r\n"
  "Date: Tue, 03 Mar 2026 09:00:00 +0100\r\n"
  "Message-ID: <budget@example.test>\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: text/plain; charset=utf-8\r\n"
  "Content-Transfer-Encoding: 8bit\r\n"
  "\r\n"
  "Les prévisions trimestrielles sont prêtes.\r\n";

static const char photos[] =
  "From: Bruno Petit <bruno@example.test>\r\n"
  "To: test@example.test\r\n"
  "Cc: elodie@example.test\r\n"
  "Subject: =?UTF-8?Q?Photos_de_la_r=C3=A9union?=\r\n"
  "Date: Wed, 04 Mar 2026 09:00:00 +0100\r\n"
  "Message-ID: <photos@example.test>\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
  "\r\n"
  "--b1\r\n"
  "Content-Type: text/plain; charset=utf-8\r\n"
  "\r\n"
  "Les photos.\r\n"
  "--b1\r\n"
  "Content-Type: image/png; name=\"photo.png\"\r\n"
  "Content-Disposition: attachment; filename=\"photo.png\"\r\n"
  "Content-Transfer-Encoding: base64\r\n"
  "\r\n"
  "iVBORw0KGgo=\r\n"
  "--b1--\r\n";

static const char dues[] =
  "From: Club <club@example.test>\r\n"
  "To: test@example.test\r\n"
  "Subject: Cotisation annuelle\r\n"
  "Date: Thu, 05 Mar 2026 09:00:00 +0100\r\n"
  "Message-ID: <cotisation@example.test>\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: text/plain; charset=utf-8\r\n"
  "\r\n"
  "Merci de régler la cotisation.\r\n";

/* Tests --------------------------------------------------------------- */

static void
test_folder (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cr_test_dovecot_seed_message (servers.dovecot, "INBOX", synced, strlen (synced), "S",
                                               g_get_real_time () / G_USEC_PER_SEC - 3600, &error));
  g_assert_no_error (error);
  sync_account (fixture);
  g_assert_cmpuint (count_messages (fixture, "INBOX"), ==, 1);

  /* Arrived after the sync: the store knows nothing of them. */
  deliver ("INBOX", budget);
  deliver ("INBOX", photos);
  g_assert_cmpuint (local_search (fixture, "prévisions"), ==, 0);
  g_assert_cmpuint (count_messages (fixture, "INBOX"), ==, 1);

  /* A word of the body, with its accents. */
  found = server_search (fixture, "INBOX", "prévisions");
  g_assert_cmpstr (found, ==, "Réunion budgétaire");
  g_clear_pointer (&found, g_free);
  g_assert_cmpuint (count_messages (fixture, "INBOX"), ==, 2);
  /* Now the local search finds it too, accents or not. */
  g_assert_cmpuint (local_search (fixture, "prévisions"), ==, 1);
  g_assert_cmpuint (local_search (fixture, "previsions"), ==, 1);

  /* The operators. */
  found = server_search (fixture, "INBOX", "from:élodie");
  g_assert_cmpstr (found, ==, "Réunion budgétaire");
  g_clear_pointer (&found, g_free);
  found = server_search (fixture, "INBOX", "to:elodie");
  g_assert_cmpstr (found, ==, "Photos de la réunion");
  g_clear_pointer (&found, g_free);
  found = server_search (fixture, "INBOX", "subject:réunion has:attachment");
  g_assert_cmpstr (found, ==, "Photos de la réunion");
  g_clear_pointer (&found, g_free);
  found = server_search (fixture, "INBOX", "subject:\"réunion budgétaire\"");
  g_assert_cmpstr (found, ==, "Réunion budgétaire");
  g_clear_pointer (&found, g_free);
  found = server_search (fixture, "INBOX", "is:unread");
  g_assert_cmpstr (found, ==, "Photos de la réunion|Réunion budgétaire");
  g_clear_pointer (&found, g_free);
  found = server_search (fixture, "INBOX", "budget is:read");
  g_assert_cmpstr (found, ==, "Ordre du jour");
  g_clear_pointer (&found, g_free);
  found = server_search (fixture, "INBOX", "introuvable");
  g_assert_cmpstr (found, ==, "");
  g_clear_pointer (&found, g_free);

  /* Every match is in the store once. */
  g_assert_cmpuint (count_messages (fixture, "INBOX"), ==, 3);
  sync_account (fixture);
  g_assert_cmpuint (count_messages (fixture, "INBOX"), ==, 3);
}

static void
test_all_folders (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *found = NULL;

  sync_account (fixture);
  deliver ("Archive", dues);
  g_assert_cmpuint (local_search (fixture, "cotisation"), ==, 0);

  found = server_search (fixture, NULL, "cotisation");
  g_assert_cmpstr (found, ==, "Cotisation annuelle");
  g_assert_cmpuint (local_search (fixture, "cotisation"), ==, 1);
  g_assert_cmpuint (count_messages (fixture, "Archive"), ==, 1);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CrImapSync) unreachable = new_sync (fixture, cr_test_free_port ());
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  cr_imap_sync_search_server_async (unreachable, NULL, "réunion", NULL, cr_sync_test_on_done, &result);
  ids = cr_imap_sync_search_server_finish (unreachable, cr_sync_test_wait_for (&result), &error);
  g_assert_null (ids);
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_REFUSED);
  g_assert_true (g_str_has_prefix (error->message, "The search on the server failed: "));
  cr_imap_sync_shutdown (unreachable);
}

/* What the server can be asked, without one. */
static void
test_keys (void)
{
  struct mailimap_search_key *key;
  gboolean attachment = TRUE;

  key = cr_imap_server_search_key ("", &attachment);
  g_assert_null (key);
  g_assert_false (attachment);

  /* IMAP has no key for attachments: alone, nothing to ask. */
  key = cr_imap_server_search_key ("has:attachment", &attachment);
  g_assert_null (key);
  g_assert_true (attachment);

  key = cr_imap_server_search_key ("from:élodie subject:\"ordre du jour\" budget is:unread", &attachment);
  g_assert_nonnull (key);
  g_assert_false (attachment);
  g_assert_cmpint (key->sk_type, ==, MAILIMAP_SEARCH_KEY_MULTIPLE);
  g_assert_cmpint (clist_count (key->sk_data.sk_multiple), ==, 4);
  {
    struct mailimap_search_key *from = clist_content (clist_begin (key->sk_data.sk_multiple));
    struct mailimap_search_key *subject = clist_content (clist_next (clist_begin (key->sk_data.sk_multiple)));

    g_assert_cmpint (from->sk_type, ==, MAILIMAP_SEARCH_KEY_FROM);
    g_assert_cmpstr (from->sk_data.sk_from, ==, "élodie");
    g_assert_cmpint (subject->sk_type, ==, MAILIMAP_SEARCH_KEY_SUBJECT);
    g_assert_cmpstr (subject->sk_data.sk_subject, ==, "ordre du jour");
  }
  mailimap_search_key_free (key);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  cr_sync_test_servers_start (&servers, env_dir, FALSE);

  g_test_add_func ("/imap-server-search/keys", test_keys);
  g_test_add ("/imap-server-search/folder", Fixture, NULL, fixture_setup, test_folder, fixture_teardown);
  g_test_add ("/imap-server-search/all-folders", Fixture, NULL, fixture_setup, test_all_folders, fixture_teardown);
  g_test_add ("/imap-server-search/offline", Fixture, NULL, fixture_setup, test_offline, fixture_teardown);

  ret = g_test_run ();

  cr_sync_test_servers_stop (&servers);
  cr_test_env_teardown (env_dir);

  return ret;
}
