/* cr-sync-test-util.c — the servers and the sync engine the sync tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "cr-sync-test-util.h"

void
cr_sync_test_servers_start (CrSyncTestServers *servers,
                            const char        *env_dir,
                            gboolean           with_proxy)
{
  g_autofree char *ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_autofree char *certs_path = g_build_filename (env_dir, "certificates.ini", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  servers->ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  servers->database = cr_test_ca_get_database (servers->ca, &error);
  g_assert_no_error (error);
  servers->dovecot = cr_test_dovecot_start (servers->ca, &error);
  g_assert_no_error (error);
  if (with_proxy)
    {
      guint16 imaps = cr_test_dovecot_get_port (servers->dovecot, CR_TEST_IMAPS);

      servers->proxy = cr_test_proxy_start (imaps, &error);
      g_assert_no_error (error);
    }
  servers->certificates = cr_certificate_store_new (certs_path);
}

void
cr_sync_test_servers_stop (CrSyncTestServers *servers)
{
  g_clear_object (&servers->certificates);
  g_clear_pointer (&servers->proxy, cr_test_proxy_stop);
  g_clear_object (&servers->database);
  g_clear_pointer (&servers->dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&servers->ca, cr_test_ca_unref);
}

CrImapSync *
cr_sync_test_new_sync (CrSyncTestServers *servers,
                       CrStore           *store,
                       guint16            port,
                       const char        *password)
{
  g_autoptr(CrAccount) account = cr_account_new ("test");
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_IMAP);
  CrImapSync *sync;

  cr_server_set_host (server, "127.0.0.1");
  cr_server_set_port (server, port);
  cr_server_set_security (server, CR_SECURITY_TLS);
  cr_server_set_auth_method (server, CR_AUTH_PASSWORD);
  cr_server_set_login (server, cr_test_dovecot_get_user (servers->dovecot));
  cr_account_set_address (account, "test@example.test");
  cr_account_set_incoming (account, server);

  sync = cr_imap_sync_new (account, store, servers->certificates, servers->database);
  cr_imap_sync_set_password (sync, password);

  return sync;
}

void
cr_sync_test_drop_sync (CrImapSync **sync)
{
  cr_imap_sync_shutdown (*sync);
  /* Signals still queued for the main context hold references. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (sync));
}

CrStore *
cr_sync_test_open_store (const char  *prefix,
                         char       **out_dir,
                         CrPaths    **out_paths)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = NULL;
  g_autofree char *config = NULL, *data = NULL, *cache = NULL;
  CrStore *store;

  g_assert_true (cr_test_make_tmp_dir (prefix, out_dir, &error));
  g_assert_no_error (error);
  config = g_build_filename (*out_dir, "config", NULL);
  data = g_build_filename (*out_dir, "data", NULL);
  cache = g_build_filename (*out_dir, "cache", NULL);
  paths = cr_paths_new (config, data, cache);
  store = cr_store_open (paths, &error);
  g_assert_no_error (error);

  if (out_paths != NULL)
    *out_paths = g_steal_pointer (&paths);

  return store;
}

void
cr_sync_test_close_store (CrStore **store,
                          CrPaths **paths,
                          char    **dir)
{
  g_autoptr(GError) error = NULL;

  cr_store_close (*store);
  g_assert_finalize_object (g_steal_pointer (store));
  if (paths != NULL)
    g_clear_pointer (paths, cr_paths_unref);
  g_assert_true (cr_test_rm_rf (*dir, &error));
  g_assert_no_error (error);
  g_clear_pointer (dir, g_free);
}

void
cr_sync_test_on_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
cr_sync_test_wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

void
cr_sync_test_account_open (CrSyncTestAccount *account,
                           CrSyncTestServers *servers,
                           const char        *prefix)
{
  account->store = cr_sync_test_open_store (prefix, &account->dir, &account->paths);
  account->port = cr_test_proxy_get_port (servers->proxy);
  account->sync = cr_sync_test_account_new_sync (account, servers);
}

CrImapSync *
cr_sync_test_account_new_sync (CrSyncTestAccount *account,
                               CrSyncTestServers *servers)
{
  return cr_sync_test_new_sync (servers, account->store, account->port,
                                cr_test_dovecot_get_password (servers->dovecot));
}

gboolean
cr_sync_test_account_sync (CrSyncTestAccount  *account,
                           GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cr_imap_sync_sync_async (account->sync, NULL, cr_sync_test_on_done, &result);
  return cr_imap_sync_sync_finish (account->sync, cr_sync_test_wait_for (&result), error);
}

void
cr_sync_test_account_close (CrSyncTestAccount *account,
                            CrSyncTestServers *servers)
{
  cr_test_proxy_cut_after (servers->proxy, -1);
  if (account->sync != NULL)
    cr_sync_test_drop_sync (&account->sync);
  cr_sync_test_close_store (&account->store, &account->paths, &account->dir);
}
