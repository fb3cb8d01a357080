/* bench-store.c — how fast the message store is (a benchmark, not a test)
 *
 *   bench-store [N_HEADERS] [N_BODIES]     (defaults: 100000, 20000)
 *
 * Reports, in a throw-away directory:
 *  - header inserts in batches of 1,000 (what sync writes), rows/s, for
 *    the first 10,000 and for all N_HEADERS;
 *  - paging rows 99,000–99,050 of the folder three ways (OFFSET, keyset,
 *    all ids) and the first page;
 *  - a full-text query;
 *  - raw messages of 2–50 KB written and read back as files (as the store
 *    does) versus as SQLite BLOBs, cold cache when run as root.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cr-store.h"

static double
now_s (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

/* CPU time of the process: the machines these run on are shared, and
 * wall time alone mostly measures the neighbours. */
static double
cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static CrMessageInfo *
make_message (guint32 uid)
{
  static const char *const names[] = { "Émile Zola", "Anne Durand", "Bruno Petit", "Zoé Lefèvre" };
  CrMessageInfo *info = cr_message_info_new ();

  info->uid = uid;
  info->message_id = g_strdup_printf ("%u.bench@example.org", uid);
  info->subject = g_strdup_printf ("Re: Réunion de suivi du projet numéro %u", uid % 977);
  info->from_name = g_strdup (names[uid % 4]);
  info->from_address = g_strdup_printf ("user%u@example.org", uid % 300);
  cr_message_info_add_to (info, "Jeanne Martin", "jeanne@example.fr");
  cr_message_info_add_cc (info, NULL, "equipe@example.fr");
  info->date = 1600000000 + uid * 37;
  info->internal_date = info->date + 3;
  info->size = 2000 + (uid * 7919) % 48000;
  info->flags = uid % 3 ? CR_MESSAGE_FLAG_SEEN : 0;
  info->has_attachment = uid % 5 == 0;
  info->references = g_strdup_printf ("<%u.root@example.org>", uid / 10);
  info->preview = g_strdup ("Bonjour à tous, voici le compte rendu de la réunion de lundi…");

  return info;
}

static void
bench_headers (CrStore *store,
               gint64   folder,
               guint    n)
{
  g_autoptr(GError) error = NULL;
  double start = now_s ();
  double cpu = cpu_s ();
  double build = 0;

  for (guint first = 1; first <= n; first += 1000)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);

      double t = cpu_s ();

      for (guint uid = first; uid < first + 1000 && uid <= n; uid++)
        g_ptr_array_add (batch, make_message (uid));
      build += cpu_s () - t;
      if (!cr_store_upsert_messages (store, folder, batch, &error))
        g_error ("%s", error->message);
      if (first + 1000 == 10001)
        g_print ("headers: first 10,000 in batches of 1,000: %.0f rows/s\n",
                 10000 / (now_s () - start));
    }
  if (!cr_store_flush_index (store, &error))
    g_error ("%s", error->message);
  g_print ("headers: %u in batches of 1,000, full-text index included: %.2f s, %.0f rows/s; "
           "CPU %.2f s, %.0f rows per CPU second\n",
           n, now_s () - start, n / (now_s () - start),
           cpu_s () - cpu - build, n / (cpu_s () - cpu - build));
}

static void
bench_paging (CrStore *store,
              gint64   folder,
              guint    n)
{
  g_autoptr(GError) error = NULL;
  CrMessageQuery query = { .folder_id = folder, .sort = CR_SORT_DATE };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) page = NULL;
  guint deep = n > 1000 ? n - 1000 : 0;
  double t;

  t = now_s ();
  page = cr_store_list_messages (store, &query, 0, 50, &error);
  g_print ("paging: first 50 rows by date: %.2f ms\n", (now_s () - t) * 1000);
  g_clear_pointer (&page, g_ptr_array_unref);

  t = now_s ();
  page = cr_store_list_messages (store, &query, deep, 51, &error);
  g_print ("paging: rows %u–%u with OFFSET: %.2f ms\n", deep, deep + 50, (now_s () - t) * 1000);
  g_clear_pointer (&page, g_ptr_array_unref);

  query.sort = CR_SORT_SENDER;
  t = now_s ();
  page = cr_store_list_messages (store, &query, deep, 51, &error);
  g_print ("paging: rows %u–%u by sender with OFFSET: %.2f ms\n", deep, deep + 50, (now_s () - t) * 1000);
  g_clear_pointer (&page, g_ptr_array_unref);
  query.sort = CR_SORT_DATE;

  t = now_s ();
  ids = cr_store_list_message_ids (store, &query, &error);
  g_print ("paging: all %u ids in order: %.2f ms\n", ids->len, (now_s () - t) * 1000);

  t = now_s ();
  page = cr_store_list_messages_after (store, &query, g_array_index (ids, gint64, deep - 1), 51, &error);
  g_print ("paging: rows %u–%u by keyset: %.2f ms\n", deep, deep + 50, (now_s () - t) * 1000);
  g_clear_pointer (&page, g_ptr_array_unref);

  t = now_s ();
  page = cr_store_get_messages (store, &g_array_index (ids, gint64, deep), 51, &error);
  g_print ("paging: rows %u–%u by id: %.2f ms\n", deep, deep + 50, (now_s () - t) * 1000);
  g_clear_pointer (&page, g_ptr_array_unref);

  query.filter = CR_MESSAGE_FILTER_UNREAD;
  t = now_s ();
  g_print ("paging: count unread %u: ", cr_store_count_messages (store, &query, &error));
  g_print ("%.2f ms\n", (now_s () - t) * 1000);
}

static void
bench_search (CrStore *store)
{
  g_autoptr(GError) error = NULL;
  const char *const queries[] = { "reunion 97", "from:zoe", "reunion is:unread", "proj" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      double t = now_s ();
      g_autoptr(GArray) ids = cr_store_search (store, NULL, 0, queries[i], 100, &error);

      g_print ("search: “%s” (first %u of the newest): %.2f ms\n",
               queries[i], ids->len, (now_s () - t) * 1000);
    }
}

static void
drop_caches (void)
{
  int fd;

  sync ();
  fd = g_open ("/proc/sys/vm/drop_caches", O_WRONLY, 0);
  if (fd >= 0)
    {
      if (write (fd, "3\n", 2) != 2)
        g_printerr ("could not drop caches\n");
      close (fd);
    }
}

static void
bench_bodies_files (CrStore *store,
                    gint64   folder,
                    guint    n,
                    GBytes  *blob)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  double t;
  gsize total = 0;

  for (guint uid = 1; uid <= n; uid++)
    g_ptr_array_add (batch, make_message (uid));
  if (!cr_store_upsert_messages (store, folder, batch, &error))
    g_error ("%s", error->message);

  t = now_s ();
  for (guint i = 0; i < n; i++)
    {
      CrMessageInfo *info = g_ptr_array_index (batch, i);
      g_autoptr(GBytes) raw = g_bytes_new_from_bytes (blob, 0, 2048 + (i * 7919) % (48 * 1024));

      if (!cr_store_save_body (store, info->id, raw, &error))
        g_error ("%s", error->message);
      g_array_append_val (ids, info->id);
    }
  g_print ("bodies: %u as files (cache, atomic rename): write %.2f s, %.0f/s\n",
           n, now_s () - t, n / (now_s () - t));

  drop_caches ();
  t = now_s ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) raw = cr_store_load_body (store, g_array_index (ids, gint64, i), &error);

      if (raw == NULL)
        g_error ("%s", error->message);
      total += g_bytes_get_size (raw);
    }
  g_print ("bodies: %u files read back: %.2f s, %.0f/s (%.0f MB)\n",
           n, now_s () - t, n / (now_s () - t), total / 1e6);
}

static void
bench_bodies_blobs (const char *dir,
                    guint       n,
                    GBytes     *blob)
{
  g_autofree char *path = g_build_filename (dir, "blobs.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  sqlite3_stmt *select = NULL;
  gsize total = 0;
  double t;

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                    "CREATE TABLE bodies (id INTEGER PRIMARY KEY, raw BLOB NOT NULL);",
                NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO bodies VALUES (?1, ?2)", -1, &insert, NULL);
  t = now_s ();
  /* One transaction per body, as bodies arrive one by one on demand. */
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (insert, 1, i + 1);
      sqlite3_bind_blob (insert, 2, g_bytes_get_data (blob, NULL), 2048 + (i * 7919) % (48 * 1024),
                         SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        g_error ("%s", sqlite3_errmsg (db));
      sqlite3_reset (insert);
    }
  sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
  g_print ("bodies: %u as SQLite BLOBs (WAL, NORMAL): write %.2f s, %.0f/s\n",
           n, now_s () - t, n / (now_s () - t));
  sqlite3_finalize (insert);
  sqlite3_close (db);

  drop_caches ();
  sqlite3_open (path, &db);
  sqlite3_prepare_v2 (db, "SELECT raw FROM bodies WHERE id = ?1", -1, &select, NULL);
  t = now_s ();
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (select, 1, i + 1);
      if (sqlite3_step (select) != SQLITE_ROW)
        g_error ("%s", sqlite3_errmsg (db));
      total += sqlite3_column_bytes (select, 0);
      sqlite3_reset (select);
    }
  g_print ("bodies: %u BLOBs read back: %.2f s, %.0f/s (%.0f MB)\n",
           n, now_s () - t, n / (now_s () - t), total / 1e6);
  sqlite3_finalize (select);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-store-XXXXXX", &error);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (dir, data, cache);
  g_autoptr(CrStore) store = NULL;
  g_autoptr(CrFolderInfo) inbox = cr_folder_info_new ("bench", "INBOX");
  g_autoptr(CrFolderInfo) bodies = cr_folder_info_new ("bench", "Bodies");
  g_autofree guint8 *bytes = g_malloc (50 * 1024);
  g_autoptr(GBytes) blob = NULL;
  guint n_headers = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  guint n_bodies = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 20000;

  for (guint i = 0; i < 50 * 1024; i++)
    bytes[i] = "abcdefghij klmnopqrstuvwxyz\r\n"[g_random_int_range (0, 29)];
  blob = g_bytes_new (bytes, 50 * 1024);

  store = cr_store_open (paths, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  g_print ("store in %s\n", dir);

  cr_store_upsert_folder (store, inbox, &error);
  bench_headers (store, inbox->id, n_headers);
  bench_paging (store, inbox->id, n_headers);
  bench_search (store);

  cr_store_upsert_folder (store, bodies, &error);
  bench_bodies_files (store, bodies->id, n_bodies, blob);
  bench_bodies_blobs (dir, n_bodies, blob);

  cr_store_close (store);
  if (g_getenv ("BENCH_KEEP") == NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

      if (system (cmd) != 0)
        g_printerr ("could not remove %s\n", dir);
    }

  return 0;
}
