/* pop3-check-helper.c — one POP3 check in a process of its own, for the
 * test that kills it with SIGKILL at random moments
 *
 * pop3-check-helper DIR PORT USER PASSWORD CA_FILE LEAVE BATCH
 *
 * DIR holds config/, data/ and cache/. The password comes on the command
 * line: a throw-away password of the private test server. Prints
 * "progress DONE TOTAL" lines, then "done N" and exits 0; on failure
 * prints the error on standard error and exits 1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include "cr-pop3-sync.h"

static void
on_progress (CrPop3Sync *sync,
             guint       done,
             guint       total,
             gpointer    user_data)
{
  printf ("progress %u %u\n", done, total);
  fflush (stdout);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(CrStore) store = NULL;
  g_autoptr(CrAccount) account = cr_account_new ("pop");
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_POP3);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(CrCertificateStore) certificates = NULL;
  g_autoptr(CrPop3Sync) sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *config = NULL, *data = NULL, *cache = NULL, *certs = NULL;
  guint downloaded = 0;

  if (argc != 8)
    {
      fprintf (stderr, "usage: %s DIR PORT USER PASSWORD CA_FILE LEAVE BATCH\n", argv[0]);
      return 2;
    }

  config = g_build_filename (argv[1], "config", NULL);
  data = g_build_filename (argv[1], "data", NULL);
  cache = g_build_filename (argv[1], "cache", NULL);
  certs = g_build_filename (argv[1], "certificates.ini", NULL);
  paths = cr_paths_new (config, data, cache);
  store = cr_store_open (paths, &error);
  database = store != NULL ? g_tls_file_database_new (argv[5], &error) : NULL;
  if (database == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  certificates = cr_certificate_store_new (certs);

  cr_server_set_host (server, "127.0.0.1");
  cr_server_set_port (server, (guint16) atoi (argv[2]));
  cr_server_set_security (server, CR_SECURITY_TLS);
  cr_server_set_login (server, argv[3]);
  cr_account_set_address (account, "pop@example.test");
  cr_account_set_incoming (account, server);
  cr_account_set_leave_on_server (account, atoi (argv[6]) != 0);

  sync = cr_pop3_sync_new (account, store, certificates, database);
  cr_pop3_sync_set_password (sync, argv[4]);
  cr_pop3_sync_set_batch_size (sync, (guint) atoi (argv[7]));
  g_signal_connect (sync, "progress", G_CALLBACK (on_progress), NULL);

  cr_pop3_sync_check_async (sync, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!cr_pop3_sync_check_finish (sync, result, &downloaded, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  printf ("done %u\n", downloaded);
  return 0;
}
