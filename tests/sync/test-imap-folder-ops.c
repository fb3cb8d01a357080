/* test-imap-folder-ops.c — folders created, renamed and deleted on the server
 *
 * Against the private Dovecot: a folder with an accented name is created
 * (modified UTF-7 on the wire and on disk, decoded back in the store),
 * gets a subfolder with a message, is renamed with its subfolder (the
 * message stays in the store), and is deleted with it. The refusals
 * carry a clear message: a name that exists (the server's own words),
 * special folders, bad names, and no server at all. A server with a
 * namespace prefix gets new top-level folders under it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cr-imap-folder-ops.h"
#include "cr-net-error.h"
#include "cr-sync-test-util.h"

static CrSyncTestServers servers;

typedef struct
{
  char       *dir;
  CrPaths    *paths;
  CrStore    *store;
  CrImapSync *sync;
  guint       folder_changes;
} Fixture;

static CrImapSync *
new_sync (Fixture *fixture,
          guint16  port)
{
  return cr_sync_test_new_sync (&servers, fixture->store, port, cr_test_dovecot_get_password (servers.dovecot));
}

static void
on_store_changed (CrStore       *store,
                  gint64         folder_id,
                  CrStoreChange  change,
                  Fixture       *fixture)
{
  if ((change & CR_STORE_CHANGE_FOLDERS) != 0)
    fixture->folder_changes++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->store = cr_sync_test_open_store ("folder-ops", &fixture->dir, &fixture->paths);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_store_changed), fixture);
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

static char *
create_folder (Fixture     *fixture,
               const char  *parent,
               const char  *name,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_imap_sync_create_folder_async (fixture->sync, parent, name, NULL, cr_sync_test_on_done, &result);
  return cr_imap_sync_create_folder_finish (fixture->sync, cr_sync_test_wait_for (&result), error);
}

static char *
rename_folder (Fixture     *fixture,
               const char  *path,
               const char  *name,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_imap_sync_rename_folder_async (fixture->sync, path, name, NULL, cr_sync_test_on_done, &result);
  return cr_imap_sync_rename_folder_finish (fixture->sync, cr_sync_test_wait_for (&result), error);
}

static gboolean
delete_folder (Fixture     *fixture,
               const char  *path,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_imap_sync_delete_folder_async (fixture->sync, path, NULL, cr_sync_test_on_done, &result);
  return cr_imap_sync_delete_folder_finish (fixture->sync, cr_sync_test_wait_for (&result), error);
}

/* The server's folders, one per line, in UTF-8 as doveadm prints them. */
static gboolean
server_has (const char *name,
            gboolean    subscribed_only)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (cr_test_dovecot_doveadm (servers.dovecot, &out, &error, "mailbox", "list",
                                          subscribed_only ? "-s" : "-u",
                                          subscribed_only ? "-u" : cr_test_dovecot_get_user (servers.dovecot),
                                          subscribed_only ? cr_test_dovecot_get_user (servers.dovecot) : NULL,
                                          NULL));
  g_assert_no_error (error);
  lines = g_strsplit (out, "\n", -1);

  return g_strv_contains ((const char * const *) lines, name);
}

static CrFolderInfo *
stored (Fixture    *fixture,
        const char *path)
{
  return cr_store_lookup_folder (fixture->store, "test", path, NULL);
}

static guint
count_messages (Fixture    *fixture,
                const char *path)
{
  g_autoptr(CrFolderInfo) folder = stored (fixture, path);
  g_autoptr(GError) error = NULL;
  guint total = 0;

  g_assert_nonnull (folder);
  g_assert_true (cr_store_get_counts (fixture->store, folder->id, &total, NULL, &error));
  g_assert_no_error (error);

  return total;
}

static const char message[] =
  "From: Élodie Martin <elodie@example.test>\r\n"
  "To: test@example.test\r\n"
  "Subject: Compte rendu du 3 mars\r\n"
  "Date: Tue, 03 Mar 2026 09:00:00 +0100\r\n"
  "Message-ID: <compte-rendu@example.test>\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: text/plain; charset=utf-8\r\n"
  "\r\n"
  "Voici le compte rendu.\r\n";

/* Tests --------------------------------------------------------------- */

static void
test_create_rename_delete (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *child = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *on_disk = NULL;
  g_autoptr(CrFolderInfo) folder = NULL;
  g_autoptr(CrFolderInfo) moved_child = NULL;
  guint changes;

  sync_account (fixture);

  /* Created: modified UTF-7 on the wire (Dovecot keeps it on disk),
   * decoded back in the store, subscribed, announced. */
  changes = fixture->folder_changes;
  path = create_folder (fixture, NULL, " Réunions ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, "R&AOk-unions");
  on_disk = g_build_filename (cr_test_dovecot_get_maildir (servers.dovecot), ".R&AOk-unions", NULL);
  g_assert_true (g_file_test (on_disk, G_FILE_TEST_IS_DIR));
  g_assert_true (server_has ("Réunions", FALSE));
  g_assert_true (server_has ("Réunions", TRUE));
  folder = stored (fixture, path);
  g_assert_nonnull (folder);
  g_assert_cmpstr (folder->name, ==, "Réunions");
  g_assert_cmpint (folder->delimiter, ==, '/');
  g_assert_cmpint (folder->role, ==, CR_FOLDER_ROLE_NONE);
  g_assert_true ((folder->flags & CR_FOLDER_FLAG_SUBSCRIBED) != 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (fixture->folder_changes, >, changes);

  /* A subfolder, under the server's delimiter, with a message in it. */
  child = create_folder (fixture, path, "Comptes rendus", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (child, ==, "R&AOk-unions/Comptes rendus");
  g_assert_true (server_has ("Réunions/Comptes rendus", TRUE));
  g_assert_true (cr_test_dovecot_deliver (servers.dovecot, "Réunions/Comptes rendus", message, strlen (message), &error));
  g_assert_no_error (error);
  sync_account (fixture);
  g_assert_cmpuint (count_messages (fixture, child), ==, 1);

  /* Renamed with its subfolder; the message stays where it was. */
  renamed = rename_folder (fixture, path, "Réunions 2026", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (renamed, ==, "R&AOk-unions 2026");
  g_assert_false (server_has ("Réunions", FALSE));
  g_assert_true (server_has ("Réunions 2026", TRUE));
  g_assert_true (server_has ("Réunions 2026/Comptes rendus", FALSE));
  g_assert_null (stored (fixture, path));
  g_assert_null (stored (fixture, child));
  moved_child = stored (fixture, "R&AOk-unions 2026/Comptes rendus");
  g_assert_nonnull (moved_child);
  g_assert_cmpstr (moved_child->name, ==, "Comptes rendus");
  g_assert_cmpuint (count_messages (fixture, "R&AOk-unions 2026/Comptes rendus"), ==, 1);
  g_clear_pointer (&folder, cr_folder_info_unref);
  folder = stored (fixture, renamed);
  g_assert_cmpstr (folder->name, ==, "Réunions 2026");

  /* A later sync agrees with what the store already has. */
  sync_account (fixture);
  g_assert_cmpuint (count_messages (fixture, "R&AOk-unions 2026/Comptes rendus"), ==, 1);

  /* Deleted with its subfolder and its message. */
  g_assert_true (delete_folder (fixture, renamed, &error));
  g_assert_no_error (error);
  g_assert_false (server_has ("Réunions 2026", FALSE));
  g_assert_false (server_has ("Réunions 2026/Comptes rendus", FALSE));
  g_assert_false (server_has ("Réunions 2026", TRUE));
  g_assert_null (stored (fixture, renamed));
  g_assert_null (stored (fixture, "R&AOk-unions 2026/Comptes rendus"));
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dup = NULL;

  sync_account (fixture);

  /* A name that exists: the server says so, in its own words. */
  path = create_folder (fixture, NULL, "Projets", &error);
  g_assert_no_error (error);
  dup = create_folder (fixture, NULL, "Projets", &error);
  g_assert_null (dup);
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_SERVER_ERROR);
  g_assert_true (g_str_has_prefix (error->message, "The folder “Projets” could not be created: "));
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);

  /* The same for a rename onto an existing name. */
  g_assert_null (rename_folder (fixture, path, "Archive", &error));
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_SERVER_ERROR);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);

  /* Special folders stay. */
  g_assert_null (rename_folder (fixture, "Sent", "Old", &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "The folder “Sent” could not be renamed: "));
  g_clear_error (&error);
  g_assert_false (delete_folder (fixture, "INBOX", &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (delete_folder (fixture, "Trash", &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (server_has ("Sent", FALSE));
  g_assert_true (server_has ("Trash", FALSE));

  /* Names no folder can have. */
  g_assert_null (create_folder (fixture, NULL, "  ", &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (create_folder (fixture, NULL, "a/b", &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“/”"));
  g_clear_error (&error);
  g_assert_null (rename_folder (fixture, path, "x/y", &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (server_has ("Projets", FALSE));

  /* A folder the store does not know. */
  g_assert_false (delete_folder (fixture, "Nowhere", &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (delete_folder (fixture, path, &error));
  g_assert_no_error (error);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CrImapSync) unreachable = new_sync (fixture, cr_test_free_port ());
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  cr_imap_sync_create_folder_async (unreachable, NULL, "Réunions", NULL, cr_sync_test_on_done, &result);
  path = cr_imap_sync_create_folder_finish (unreachable, cr_sync_test_wait_for (&result), &error);
  g_assert_null (path);
  g_assert_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_REFUSED);
  g_assert_true (g_str_has_prefix (error->message, "The folder “Réunions” could not be created: "));
  cr_imap_sync_shutdown (unreachable);
  g_assert_false (server_has ("Réunions", FALSE));
}

/* The checks the window and the CLI make before asking the server. */
static void
drop_sync (Fixture *fixture)
{
  cr_imap_sync_shutdown (fixture->sync);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&fixture->sync));
}

/* A server whose personal namespace has a prefix (Cyrus, Courier):
 * a folder made at the account's top level goes under it, as NAMESPACE
 * says, instead of where the server refuses it; renamed, it stays. */
static void
test_namespace_prefix (Fixture       *fixture,
                       gconstpointer  data)
{
  CrTestDovecot *plain = servers.dovecot;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *renamed = NULL;
  g_autoptr(CrFolderInfo) folder = NULL;

  servers.dovecot = cr_test_dovecot_start_with_options (servers.ca, CR_TEST_DOVECOT_INBOX_PREFIX, &error);
  g_assert_no_error (error);
  drop_sync (fixture);
  fixture->sync = new_sync (fixture, cr_test_dovecot_get_port (servers.dovecot, CR_TEST_IMAPS));
  sync_account (fixture);

  path = create_folder (fixture, NULL, "Réunions", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, "INBOX/R&AOk-unions");
  g_assert_true (server_has ("INBOX/Réunions", TRUE));
  folder = stored (fixture, path);
  g_assert_nonnull (folder);
  g_assert_cmpstr (folder->name, ==, "Réunions");

  renamed = rename_folder (fixture, path, "Projets", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (renamed, ==, "INBOX/Projets");
  g_assert_true (server_has ("INBOX/Projets", TRUE));
  g_assert_true (delete_folder (fixture, renamed, &error));
  g_assert_no_error (error);
  g_assert_false (server_has ("INBOX/Projets", FALSE));

  drop_sync (fixture);
  g_clear_pointer (&servers.dovecot, cr_test_dovecot_stop);
  servers.dovecot = plain;
  fixture->sync = new_sync (fixture, cr_test_dovecot_get_port (servers.dovecot, CR_TEST_IMAPS));
}

static void
test_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CrFolderInfo) inbox = cr_folder_info_new ("a", "INBOX");
  g_autoptr(CrFolderInfo) sent = cr_folder_info_new ("a", "Sent");
  g_autoptr(CrFolderInfo) work = cr_folder_info_new ("a", "Work");

  g_assert_true (cr_imap_folder_check_name ("Réunions", '/', &error));
  g_assert_no_error (error);
  g_assert_true (cr_imap_folder_check_name ("a.b", '/', &error));
  g_assert_false (cr_imap_folder_check_name ("a.b", '.', &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cr_imap_folder_check_name ("", '/', &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cr_imap_folder_check_name ("100%", '/', &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cr_imap_folder_check_name ("a\tb", '/', &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  path = cr_imap_folder_child_path ("INBOX", '.', "Été & hiver");
  g_assert_cmpstr (path, ==, "INBOX.&AMk-t&AOk- &- hiver");

  /* A folder's tree: itself and what is under it, not its namesakes. */
  work->delimiter = '/';
  g_assert_true (cr_imap_folder_in_tree ("Work", work));
  g_assert_true (cr_imap_folder_in_tree ("Work/Notes/2026", work));
  g_assert_false (cr_imap_folder_in_tree ("Workshop", work));
  g_assert_false (cr_imap_folder_in_tree ("Wor", work));
  work->delimiter = '\0';
  g_assert_false (cr_imap_folder_in_tree ("Work/Notes", work));

  sent->role = CR_FOLDER_ROLE_SENT;
  g_assert_true (cr_imap_folder_is_protected (inbox));
  g_assert_true (cr_imap_folder_is_protected (sent));
  g_assert_false (cr_imap_folder_is_protected (work));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  cr_sync_test_servers_start (&servers, env_dir, FALSE);

  g_test_add_func ("/imap-folder-ops/names", test_names);
  g_test_add ("/imap-folder-ops/create-rename-delete", Fixture, NULL, fixture_setup,
              test_create_rename_delete, fixture_teardown);
  g_test_add ("/imap-folder-ops/refusals", Fixture, NULL, fixture_setup, test_refusals, fixture_teardown);
  g_test_add ("/imap-folder-ops/offline", Fixture, NULL, fixture_setup, test_offline, fixture_teardown);
  g_test_add ("/imap-folder-ops/namespace-prefix", Fixture, NULL, fixture_setup, test_namespace_prefix,
              fixture_teardown);

  ret = g_test_run ();

  cr_sync_test_servers_stop (&servers);
  cr_test_env_teardown (env_dir);

  return ret;
}
