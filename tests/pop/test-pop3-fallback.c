/* test-pop3-fallback.c — a POP3 server without UIDL nor PIPELINING
 *
 * A scripted server (tests/net/cr-fake-server) that refuses UIDL: the
 * messages are recognised by a hash of their headers (TOP n 0), two
 * messages with the same headers both come down, commands go one at a
 * time, and a second check downloads nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-fake-server.h"
#include "cr-pop3-sync.h"
#include "cr-test-env.h"

#define HEADERS "Subject: =?UTF-8?Q?M=C3=AAme_en-t=C3=AAte?=\r\nMessage-ID: <same@example.test>\r\n"

static CrFakeServer *
start_server (guint16     *out_port,
              const char  *dele_reply)
{
  CrFakeServer *server = cr_fake_server_new (CR_FAKE_POP3, "+OK fake POP3\r\n");

  cr_fake_server_reply (server, "CAPA", "+OK\r\nUSER\r\nTOP\r\n.\r\n");
  cr_fake_server_reply (server, "USER", "+OK\r\n");
  cr_fake_server_reply (server, "PASS", "+OK logged in\r\n");
  cr_fake_server_reply (server, "LIST", "+OK 2 messages\r\n1 80\r\n2 80\r\n.\r\n");
  cr_fake_server_reply (server, "UIDL", "-ERR UIDL not supported\r\n");
  cr_fake_server_reply (server, "TOP", "+OK\r\n" HEADERS "\r\n.\r\n");
  cr_fake_server_reply (server, "RETR", "+OK\r\n" HEADERS "\r\nBonjour\r\n..point\r\n.\r\n");
  cr_fake_server_reply (server, "DELE", dele_reply);
  cr_fake_server_reply (server, "QUIT", "+OK bye\r\n");
  *out_port = cr_fake_server_start (server);

  return server;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static guint
check (CrPop3Sync *sync)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint downloaded = 0;

  cr_pop3_sync_check_async (sync, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cr_pop3_sync_check_finish (sync, result, &downloaded, &error));
  g_assert_no_error (error);

  return downloaded;
}

/* @dele_reply: the server's answer to DELE. Refused (another client deleted
 * the message first), the check still succeeds and records nothing. */
static void
test_no_uidl (gconstpointer dele_reply)
{
  gboolean dele_ok = g_str_has_prefix (dele_reply, "+OK");
  g_autofree char *dir = NULL;
  g_autofree char *config = NULL, *data = NULL, *cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(CrStore) store = NULL;
  g_autoptr(CrAccount) account = cr_account_new ("pop");
  g_autoptr(CrServer) incoming = cr_server_new (CR_PROTOCOL_POP3);
  g_autoptr(CrPop3Sync) sync = NULL;
  g_autoptr(GPtrArray) uidls = NULL;
  g_autoptr(CrFakeServer) server = NULL;
  g_autofree char *received = NULL;
  guint16 port;

  g_assert_true (cr_test_make_tmp_dir ("pop-fallback", &dir, &error));
  g_assert_no_error (error);
  config = g_build_filename (dir, "config", NULL);
  data = g_build_filename (dir, "data", NULL);
  cache = g_build_filename (dir, "cache", NULL);
  paths = cr_paths_new (config, data, cache);
  store = cr_store_open (paths, &error);
  g_assert_no_error (error);

  server = start_server (&port, dele_reply);
  cr_server_set_host (incoming, "127.0.0.1");
  cr_server_set_port (incoming, port);
  cr_server_set_security (incoming, CR_SECURITY_NONE);
  cr_server_set_login (incoming, "test");
  cr_account_set_address (account, "test@example.test");
  cr_account_set_incoming (account, incoming);
  cr_account_set_leave_on_server (account, FALSE);
  sync = cr_pop3_sync_new (account, store, NULL, NULL);
  cr_pop3_sync_set_password (sync, "secret");

  g_assert_cmpuint (check (sync), ==, 2);
  received = cr_fake_server_finish (server);
  g_clear_pointer (&server, cr_fake_server_free);

  /* One command at a time; TOP for each; DELE only after both stored. */
  g_assert_nonnull (strstr (received, "TOP 1 0\r\n"));
  g_assert_nonnull (strstr (received, "TOP 2 0\r\n"));
  g_assert_nonnull (strstr (received, "RETR 2\r\nDELE 1\r\nDELE 2\r\nQUIT\r\n"));

  uidls = cr_store_list_pop_uidls (store, "pop", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uidls->len, ==, 2);
  for (guint i = 0; i < uidls->len; i++)
    {
      CrPopUidl *uidl = g_ptr_array_index (uidls, i);

      g_assert_true (g_str_has_prefix (uidl->uidl, "top-sha256:"));
      g_assert_true (uidl->deleted_on_server == dele_ok);
    }
  g_assert_cmpstr (((CrPopUidl *) g_ptr_array_index (uidls, 0))->uidl, !=,
                   ((CrPopUidl *) g_ptr_array_index (uidls, 1))->uidl);

  /* The same two messages again (the server deleted nothing): known. */
  server = start_server (&port, dele_reply);
  cr_server_set_port (incoming, port);
  g_clear_object (&sync);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  sync = cr_pop3_sync_new (account, store, NULL, NULL);
  cr_pop3_sync_set_password (sync, "secret");
  g_assert_cmpuint (check (sync), ==, 0);
  g_free (cr_fake_server_finish (server));

  g_clear_object (&sync);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  cr_store_close (store);
  g_assert_true (cr_test_rm_rf (dir, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/pop3-fallback/no-uidl", "+OK\r\n", test_no_uidl);
  g_test_add_data_func ("/pop3-fallback/dele-refused", "-ERR no such message\r\n", test_no_uidl);
  ret = g_test_run ();
  cr_test_env_teardown (env_dir);

  return ret;
}
