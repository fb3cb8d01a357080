/* bench-sync.c — how fast the IMAP sync is (a benchmark, not a test)
 *
 *   bench-sync [SMALL] [LARGE] [--headers]   (defaults: 20000, 100000)
 *
 * Starts the private Dovecot of the tests (loopback only), seeds three
 * folders with SMALL, SMALL and LARGE realistic messages, and reports:
 *  - the first header sync of a folder no client read before (Dovecot
 *    then parses every message for BODYSTRUCTURE);
 *  - what Dovecot alone needs to answer the same FETCH for a whole
 *    folder, read by a bare client and not parsed, until its cache is
 *    warm, and with fewer items;
 *  - the first header sync of the warmed folders (messages/s, wall and
 *    CPU seconds, peak RSS of that sync), and of SMALL with batches of
 *    250/500/1000;
 *  - a no-change resync of LARGE (ms, IMAP round trips), with QRESYNC and
 *    with the flags-scan fallback;
 *  - the full offline download of SMALL (headers + bodies) against
 *    mbsync pulling the same folder into a Maildir, and mbsync's
 *    no-change resync;
 *  - full-text queries in the store.
 * With --headers, only the first header syncs (for profiling).
 * Everything runs in throw-away directories; servers are stopped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "cr-imap-session.h"
#include "cr-imap-sync.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"

/* What cr_imap_message_header_fetch_type() asks for (its row_headers),
 * spelt out for a bare client: keep the two the same. */
#define HEADER_ITEMS "UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (Date Subject From To Cc Message-ID In-Reply-To References)]"

static CrTestCa *ca;
static CrTestDovecot *dovecot;
static GTlsDatabase *database;
static char *work_dir;
static guint store_serial;

typedef struct
{
  CrStore    *store;
  CrImapSync *sync;
  char       *dir;
} Client;

static double
now_s (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

static double
cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Resets VmHWM (Linux: "5" to clear_refs) so each phase has its own. */
static void
reset_peak (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static guint
peak_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;

  return (guint) (g_ascii_strtoull (line + 6, NULL, 10) / 1024);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
sync_folder (Client     *client,
             const char *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cr_imap_sync_sync_folder_async (client->sync, path, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!cr_imap_sync_sync_folder_finish (client->sync, result, &error))
    g_error ("sync of %s: %s", path, error->message);
}

static Client *
client_new (guint batch_size)
{
  Client *client = g_new0 (Client, 1);
  g_autoptr(CrAccount) account = cr_account_new ("bench");
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_IMAP);
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("store-%u", ++store_serial);
  g_autofree char *data = NULL, *cache = NULL, *config = NULL;

  client->dir = g_build_filename (work_dir, name, NULL);
  data = g_build_filename (client->dir, "data", NULL);
  cache = g_build_filename (client->dir, "cache", NULL);
  config = g_build_filename (client->dir, "config", NULL);
  paths = cr_paths_new (config, data, cache);
  if ((client->store = cr_store_open (paths, &error)) == NULL)
    g_error ("store: %s", error->message);

  cr_server_set_host (server, "127.0.0.1");
  cr_server_set_port (server, cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS));
  cr_server_set_security (server, CR_SECURITY_TLS);
  cr_server_set_login (server, cr_test_dovecot_get_user (dovecot));
  cr_account_set_incoming (account, server);

  client->sync = cr_imap_sync_new (account, client->store, NULL, database);
  cr_imap_sync_set_password (client->sync, cr_test_dovecot_get_password (dovecot));
  cr_imap_sync_set_batch_size (client->sync, batch_size);

  return client;
}

static void
client_free (Client *client)
{
  g_autoptr(GError) error = NULL;

  cr_imap_sync_shutdown (client->sync);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (client->sync);
  cr_store_close (client->store);
  g_object_unref (client->store);
  cr_test_rm_rf (client->dir, &error);
  g_free (client->dir);
  g_free (client);
}

static guint
folder_total (Client     *client,
              const char *path)
{
  g_autoptr(CrFolderInfo) info = cr_store_lookup_folder (client->store, "bench", path, NULL);

  return info != NULL ? info->total : 0;
}

/* One header sync into a new store; returns its wall seconds. */
static double
header_sync (const char *path,
             guint       n,
             guint       batch_size,
             Client    **out_client)
{
  Client *client = client_new (batch_size);
  g_autoptr(GError) error = NULL;
  double t0, c0, wall, cpu;

  /* Log in and list first: measured is the folder's sync alone. */
  sync_folder (client, "INBOX");
  reset_peak ();
  t0 = now_s ();
  c0 = cpu_s ();
  sync_folder (client, path);
  wall = now_s () - t0;
  cpu = cpu_s () - c0;

  g_assert_cmpuint (folder_total (client, path), ==, n);
  printf ("  %-10s %6u msgs, batch %4u: %6.2f s  %7.0f msg/s  (CPU %.2f s)  peak RSS %u MB\n",
          path, n, batch_size, wall, n / wall, cpu, peak_mb ());
  fflush (stdout);

  /* The full-text pass runs on the store's thread once the list is
   * complete: when search finds the folder. */
  t0 = now_s ();
  if (!cr_store_flush_index (client->store, &error))
    g_error ("index: %s", error->message);
  printf ("             searchable %.2f s after the sync (full-text pass: %.0f msg/s of the sync + pass)\n",
          now_s () - t0, n / (wall + now_s () - t0));
  fflush (stdout);

  if (out_client != NULL)
    *out_client = client;
  else
    client_free (client);

  return wall;
}

static void
resync (Client     *client,
        const char *path,
        gboolean    qresync)
{
  double best = G_MAXDOUBLE;

  cr_imap_sync_set_use_qresync (client->sync, qresync);
  /* First one after a switch re-selects with the new mode. */
  sync_folder (client, path);
  for (guint i = 0; i < 5; i++)
    {
      double t0 = now_s ();

      sync_folder (client, path);
      best = MIN (best, now_s () - t0);
    }

  printf ("  no-change resync of %s, %s: %.1f ms (best of 5), %u round trips\n",
          path, qresync ? "QRESYNC" : "flags scan", best * 1000, cr_imap_sync_get_round_trips (client->sync));
  fflush (stdout);
}

/* A session of our own, logged in, outside any sync. */
static CrImapSession *
bare_session (void)
{
  g_autoptr(CrServer) server = cr_server_new (CR_PROTOCOL_IMAP);
  g_autoptr(CrImapSession) session = NULL;
  g_autoptr(GError) error = NULL;

  cr_server_set_host (server, "127.0.0.1");
  cr_server_set_port (server, cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS));
  cr_server_set_security (server, CR_SECURITY_TLS);
  session = cr_imap_session_new (server, cr_test_dovecot_get_user (dovecot), NULL, database);
  if (!cr_session_connect_sync (CR_SESSION (session), cr_test_dovecot_get_password (dovecot), NULL, &error))
    g_error ("connect: %s", error->message);

  return g_steal_pointer (&session);
}

/* What the server alone needs: a bare SELECT on a session of our own. */
static void
raw_select (const char *path)
{
  g_autoptr(CrImapSession) session = bare_session ();
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < 5; i++)
    {
      double t0 = now_s ();

      if (mailimap_select (cr_imap_session_get_imap (session), path) != MAILIMAP_NO_ERROR)
        g_error ("SELECT %s failed", path);
      best = MIN (best, now_s () - t0);
    }
  printf ("  a bare SELECT of %s (the server's own time, best of 5): %.1f ms\n", path, best * 1000);

  best = G_MAXDOUBLE;
  for (guint i = 0; i < 5; i++)
    {
      uint64_t modseq = 0;
      double t0 = now_s ();

      if (mailimap_select_condstore (cr_imap_session_get_imap (session), path, &modseq) != MAILIMAP_NO_ERROR)
        g_error ("SELECT %s (CONDSTORE) failed", path);
      best = MIN (best, now_s () - t0);
    }
  cr_session_disconnect (CR_SESSION (session));

  printf ("  a bare SELECT %s (CONDSTORE), best of 5: %.1f ms\n", path, best * 1000);
}

/* What the server alone needs to answer the header FETCH of a whole
 * folder: the answer is read and thrown away, nothing is parsed. The
 * first time Dovecot parses every message for BODYSTRUCTURE and caches
 * it; after that it answers from its cache, as a mailbox another client
 * already read would. */
static double
raw_fetch (const char *path,
           guint       n,
           const char *items)
{
  g_autoptr(CrImapSession) session = bare_session ();
  g_autofree char *command = g_strdup_printf ("r1 UID FETCH 1:* (%s)\r\n", items);
  mailstream *stream;
  char buffer[65536 + 8] = "\r\n";
  /* A line break before the answer, so a tagged answer that comes first
   * (an empty folder) is found like the others. */
  gsize kept = 2;
  double t0, wall;

  if (mailimap_examine (cr_imap_session_get_imap (session), path) != MAILIMAP_NO_ERROR)
    g_error ("EXAMINE %s failed", path);

  stream = cr_imap_session_get_imap (session)->imap_stream;
  t0 = now_s ();
  if (mailstream_write (stream, command, strlen (command)) < 0 || mailstream_flush (stream) < 0)
    g_error ("FETCH could not be sent");
  /* Up to the tagged answer; the last bytes of each read are kept in
   * case it straddles two reads. */
  for (;;)
    {
      ssize_t got = mailstream_read (stream, buffer + kept, sizeof buffer - 8 - kept);

      if (got <= 0)
        g_error ("FETCH answer cut");
      kept += (gsize) got;
      buffer[kept] = '\0';
      if (g_strstr_len (buffer, (gssize) kept, "\r\nr1 ") != NULL)
        break;
      if (kept > 16)
        {
          memmove (buffer, buffer + kept - 16, 16);
          kept = 16;
        }
    }
  wall = now_s () - t0;
  cr_session_disconnect (CR_SESSION (session));

  printf ("  server alone, %s (%s): %.2f s  %7.0f msg/s\n", path, items, wall, n / wall);
  fflush (stdout);
  return wall;
}

static double
full_download (const char *path,
               guint       n)
{
  Client *client = client_new (500);
  double t0, wall;

  cr_imap_sync_set_offline_days (client->sync, 365 * 100);
  sync_folder (client, "INBOX");
  reset_peak ();
  t0 = now_s ();
  sync_folder (client, path);
  wall = now_s () - t0;
  printf ("  Courrier full download of %s (%u msgs, headers + bodies): %.2f s, peak RSS %u MB\n",
          path, n, wall, peak_mb ());
  fflush (stdout);
  client_free (client);

  return wall;
}

static double
run_mbsync (const char *rc)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "mbsync", "-q", "-c", rc, "bench", NULL };
  double t0 = now_s ();

  if (!cr_test_run (argv, NULL, NULL, &error))
    g_error ("mbsync: %s", error->message);

  return now_s () - t0;
}

static void
mbsync (const char *path,
        double      ours_full,
        double      ours_headers)
{
  g_autofree char *dir = g_build_filename (work_dir, "mbsync", NULL);
  g_autofree char *rc = g_build_filename (work_dir, "mbsyncrc", NULL);
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  double first, again;

  g_mkdir_with_parents (dir, 0700);
  config = g_strdup_printf ("IMAPAccount bench\n"
                            "Host localhost\n"
                            "Port %u\n"
                            "User %s\n"
                            "Pass %s\n"
                            "SSLType IMAPS\n"
                            "CertificateFile %s\n"
                            "\n"
                            "IMAPStore bench-remote\n"
                            "Account bench\n"
                            "\n"
                            "MaildirStore bench-local\n"
                            "Path %s/\n"
                            "Inbox %s/INBOX\n"
                            "\n"
                            "Channel bench\n"
                            "Far :bench-remote:\n"
                            "Near :bench-local:\n"
                            "Patterns %s\n"
                            "Create Near\n"
                            "Sync Pull\n"
                            "SyncState *\n",
                            cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS),
                            cr_test_dovecot_get_user (dovecot), cr_test_dovecot_get_password (dovecot),
                            cr_test_ca_get_cert_path (ca), dir, dir, path);
  if (!g_file_set_contents (rc, config, -1, &error))
    g_error ("%s", error->message);

  first = run_mbsync (rc);
  again = run_mbsync (rc);
  printf ("  mbsync full pull of %s: %.2f s; no-change resync: %.0f ms\n", path, first, again * 1000);
  printf ("  ratios: Courrier header sync / mbsync pull = %.2f; Courrier full download / mbsync pull = %.2f\n",
          ours_headers / first, ours_full / first);
  fflush (stdout);
}

static void
search (Client     *client,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  double t0 = now_s ();

  ids = cr_store_search (client->store, "bench", 0, query, 50, &error);
  if (ids == NULL)
    g_error ("search: %s", error->message);
  printf ("  search “%s”: %u hits (limit 50) in %.1f ms\n", query, ids->len, (now_s () - t0) * 1000);
}

static void
seed (const char *path,
      guint       n)
{
  g_autoptr(GError) error = NULL;
  double t0 = now_s ();

  if (!cr_test_dovecot_seed (dovecot, path, n, &error) ||
      !cr_test_dovecot_doveadm (dovecot, NULL, &error, "index", "-u", cr_test_dovecot_get_user (dovecot), path, NULL))
    g_error ("seed: %s", error->message);
  printf ("  seeded %s with %u messages and indexed it in %.1f s\n", path, n, now_s () - t0);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autofree char *ca_dir = NULL;
  g_autoptr(GError) error = NULL;
  guint small = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 20000;
  guint large = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 100000;
  Client *client = NULL;
  double small_headers, small_full;
  gboolean headers_only = argc > 3 && g_str_equal (argv[3], "--headers");

  work_dir = env_dir;
  ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_mkdir (ca_dir, 0700);
  if ((ca = cr_test_ca_new (ca_dir, &error)) == NULL ||
      (database = cr_test_ca_get_database (ca, &error)) == NULL ||
      (dovecot = cr_test_dovecot_start (ca, &error)) == NULL)
    g_error ("setup: %s", error->message);

  printf ("bench-sync: private Dovecot on 127.0.0.1, IMAPS\n");
  seed ("Cold", small);
  seed ("Small", small);
  seed ("Large", large);

  /* A mailbox someone used has few \\Recent messages; a freshly seeded
   * one has all of them, and Dovecot then spends O(n) on each SELECT of
   * the session that holds them. A first SELECT elsewhere takes them. */
  printf ("server SELECT times (and \\Recent taken by this session):\n");
  raw_select ("Cold");
  raw_select ("Small");
  raw_select ("Large");

  /* Dovecot parses every message the first time it is asked for
   * BODYSTRUCTURE and answers later FETCHes from its cache, after a few
   * passes: a mailbox another client already read. Courrier meets a
   * cold folder first, then warmed ones. */
  printf ("first header sync, a folder no client has read yet:\n");
  header_sync ("Cold", small, 500, NULL);

  printf ("the header FETCH of a whole folder by a bare client (the answer read, not parsed):\n");
  for (guint i = 0; i < 3; i++)
    raw_fetch ("Small", small, HEADER_ITEMS);
  /* What Courrier asked for before (ENVELOPE costs libetpan twice the
   * CPU), and ENVELOPE alone, the reference. */
  raw_fetch ("Small", small, "UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (References)]");
  raw_fetch ("Small", small, "UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE");
  for (guint i = 0; i < 3; i++)
    raw_fetch ("Large", large, HEADER_ITEMS);

  printf ("first header sync, the warmed folders:\n");
  small_headers = header_sync ("Small", small, 500, NULL);
  header_sync ("Small", small, 250, NULL);
  header_sync ("Small", small, 1000, NULL);
  header_sync ("Large", large, 500, &client);
  if (headers_only)
    {
      client_free (client);
      goto out;
    }

  printf ("resync:\n");
  resync (client, "Large", TRUE);
  resync (client, "Large", FALSE);

  printf ("search (store of the %u-message folder):\n", large);
  search (client, "réunion");
  search (client, "reunion budget");
  search (client, "from:marie");
  client_free (client);

  printf ("full download vs mbsync:\n");
  small_full = full_download ("Small", small);
  mbsync ("Small", small_full, small_headers);

out:
  g_clear_object (&database);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
  cr_test_env_teardown (env_dir);

  return 0;
}
