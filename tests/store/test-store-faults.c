/* test-store-faults.c — a full disk, a read-only disk, and writers and
 * readers at the same time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "cr-store-test-util.h"
#include "cr-test-env.h"

static GPtrArray *
make_batch (guint32 first,
            guint   n)
{
  GPtrArray *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);

  for (guint32 uid = first; uid < first + n; uid++)
    {
      g_autofree char *subject = g_strdup_printf ("Réunion %u, ordre du jour et compte rendu", uid);
      CrMessageInfo *info = cr_store_test_message (uid, subject, "Émile", "emile@example.fr", uid);

      info->preview = g_strnfill (200, 'p');
      g_ptr_array_add (batch, info);
    }

  return batch;
}

static void
assert_total (CrStore *store,
              gint64   folder,
              guint    expected)
{
  g_autoptr(GError) error = NULL;
  CrMessageQuery query = { .folder_id = folder };
  guint total = 0;

  g_assert_true (cr_store_get_counts (store, folder, &total, NULL, &error));
  g_assert_cmpuint (total, ==, expected);
  g_assert_cmpuint (cr_store_count_messages (store, &query, &error), ==, expected);
  g_assert_no_error (error);
}

/* SQLite's own limit on the file size gives a real SQLITE_FULL. */
static void
test_full_max_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (NULL);
  g_autoptr(GPtrArray) first = make_batch (1, 100);
  g_autoptr(GPtrArray) big = make_batch (1000, 5000);
  gint64 folder = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);

  g_assert_true (cr_store_upsert_messages (store, folder, first, &error));
  g_assert_no_error (error);

  cr_store_set_max_pages_for_testing (store, 60);
  g_assert_false (cr_store_upsert_messages (store, folder, big, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "full"));
  g_clear_error (&error);

  /* Nothing of the batch, the rest intact, and it works again once
   * there is room. */
  assert_total (store, folder, 100);
  cr_store_test_assert_intact (store);
  cr_store_set_max_pages_for_testing (store, 1000000);
  g_assert_true (cr_store_upsert_messages (store, folder, big, &error));
  g_assert_no_error (error);
  assert_total (store, folder, 5100);
}

static guint
count_files (const char *top)
{
  g_autoptr(GDir) dir = g_dir_open (top, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (top, name, NULL);

      n += g_file_test (path, G_FILE_TEST_IS_DIR) ? count_files (path) : 1;
    }

  return n;
}

/* POP3: when the rows cannot be committed, no UIDL is recorded (so DELE
 * is never sent) and no body file is left behind. */
static void
test_full_pop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (&paths);
  g_autoptr(GPtrArray) infos = make_batch (0, 2000);
  g_autoptr(GPtrArray) raws = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) uidls = NULL;
  g_autofree char *local = g_build_filename (cr_paths_get (paths, CR_PATH_DATA), "local", NULL);
  gint64 folder = cr_store_test_folder (store, "pop", "INBOX", CR_FOLDER_ROLE_INBOX,
                                        CR_FOLDER_FLAG_LOCAL_ONLY);

  for (guint i = 0; i < infos->len; i++)
    {
      g_autofree char *uidl = g_strdup_printf ("uidl-%u", i);

      g_ptr_array_add (raws, g_bytes_new_static ("Subject: x\r\n\r\nx\r\n", 17));
      g_strv_builder_add (builder, uidl);
    }
  uidls = g_strv_builder_end (builder);

  cr_store_set_max_pages_for_testing (store, 40);
  g_assert_false (cr_store_add_local_messages (store, folder, infos, raws,
                                               (const char * const *) uidls, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_false (cr_store_has_pop_uidl (store, "pop", "uidl-0", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (local), ==, 0);
  assert_total (store, folder, 0);
  cr_store_test_assert_intact (store);

  cr_store_set_max_pages_for_testing (store, 1000000);
  g_assert_true (cr_store_add_local_messages (store, folder, infos, raws,
                                              (const char * const *) uidls, &error));
  g_assert_no_error (error);
  g_assert_true (cr_store_has_pop_uidl (store, "pop", "uidl-1999", &error));
  g_assert_cmpuint (count_files (local), ==, 2000);
  assert_total (store, folder, 2000);
}

static char *
private_tmpfs (const char *size,
               gboolean    read_only)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);
  char *dir = g_build_filename (g_get_home_dir (), "tmpfs-XXXXXX", NULL);

  g_assert_nonnull (g_mkdtemp (dir));
  /* A mount namespace of our own: the mount vanishes with the process. */
  if (unshare (CLONE_NEWNS) != 0)
    g_error ("unshare: %s", g_strerror (errno));
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    g_error ("private /: %s", g_strerror (errno));
  if (mount ("tmpfs", dir, "tmpfs", read_only ? MS_RDONLY : 0, options) != 0)
    g_error ("mount tmpfs: %s", g_strerror (errno));

  return dir;
}

static void
full_disk_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = private_tmpfs ("768k", FALSE);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (dir, data, cache);
  g_autoptr(CrStore) store = cr_store_open (paths, &error);
  g_autoptr(GBytes) raw = NULL;
  gint64 folder;
  guint stored = 0;
  gint64 id = 0;

  g_assert_no_error (error);
  folder = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);

  /* Batches until the disk is full: the failing one leaves nothing. */
  for (guint32 uid = 1; ; uid += 200)
    {
      g_autoptr(GPtrArray) batch = make_batch (uid, 200);

      if (!cr_store_upsert_messages (store, folder, batch, &error))
        break;
      stored += batch->len;
      id = ((CrMessageInfo *) g_ptr_array_index (batch, 0))->id;
      g_assert_cmpuint (stored, <, 100000);
    }
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (stored, >, 0);
  assert_total (store, folder, stored);
  cr_store_test_assert_intact (store);

  /* A body does not fit either: a clear error, no half file kept. */
  raw = g_bytes_new_take (g_malloc0 (1024 * 1024), 1024 * 1024);
  g_assert_false (cr_store_save_body (store, id, raw, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_null (cr_store_load_body (store, id, &error));
  g_assert_error (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Reopened, everything stored is there. */
  g_assert_finalize_object (g_steal_pointer (&store));
  store = cr_store_open (paths, &error);
  g_assert_no_error (error);
  assert_total (store, folder, stored);
  cr_store_test_assert_intact (store);

  /* So that the test environment can be removed. */
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
}

static void
read_only_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = private_tmpfs ("1m", TRUE);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (dir, data, data);

  g_assert_null (cr_store_open (paths, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, data));
  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
}

/* A real full (and read-only) file system: a small tmpfs, which needs
 * root for the mount; the child has a mount namespace of its own. */
static void
test_full_tmpfs (void)
{
  if (geteuid () != 0)
    {
      g_test_skip ("mounting a tmpfs needs root; /store/faults/full-max-pages covers SQLITE_FULL");
      return;
    }

  g_test_trap_subprocess ("/store/faults/full-tmpfs/subprocess", 60 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
  g_test_trap_subprocess ("/store/faults/read-only/subprocess", 60 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
}

typedef struct
{
  CrStore  *store;
  gint64    folder;
  guint     batches;
  gint      done;
} Writer;

static gpointer
write_batches (gpointer user_data)
{
  Writer *writer = user_data;

  for (guint i = 0; i < writer->batches; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) batch = make_batch (1 + i * 500, 500);

      if (!cr_store_upsert_messages (writer->store, writer->folder, batch, &error))
        g_error ("writer: %s", error->message);
    }
  g_atomic_int_set (&writer->done, 1);

  return NULL;
}

static gpointer
flag_batches (gpointer user_data)
{
  Writer *writer = user_data;

  /* Another connection to the same file, as courrier-cli would be. */
  while (!g_atomic_int_get (&writer->done))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) uids = cr_store_list_uid_flags (writer->store, writer->folder, &error);

      g_assert_no_error (error);
      /* A batch of flag changes, as a CONDSTORE answer brings. */
      g_array_set_size (uids, MIN (uids->len, 500));
      for (guint i = 0; i < uids->len; i++)
        g_array_index (uids, CrUidFlags, i).flags ^= CR_MESSAGE_FLAG_FLAGGED;
      if (!cr_store_update_flags (writer->store, writer->folder, (CrUidFlags *) (gpointer) uids->data,
                                  uids->len, &error))
        g_error ("second writer: %s", error->message);
    }

  return NULL;
}

static void
test_concurrency (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrPaths) paths = NULL;
  g_autoptr(CrStore) store = cr_store_test_open (&paths);
  g_autoptr(CrStore) other = cr_store_open (paths, &error);
  gint64 folder = cr_store_test_folder (store, "acct", "INBOX", CR_FOLDER_ROLE_INBOX, 0);
  Writer writer = { store, folder, 20, 0 };
  Writer flagger = { other, folder, 0, 0 };
  GThread *threads[2];
  guint reads = 0;
  guint last_count = 0;

  g_assert_no_error (error);
  threads[0] = g_thread_new ("writer", write_batches, &writer);
  threads[1] = g_thread_new ("flagger", flag_batches, &flagger);

  /* The reader pages while both write: never an error, never a page
   * that goes backwards. */
  while (!g_atomic_int_get (&writer.done) || reads < 10)
    {
      CrMessageQuery query = { .folder_id = folder, .sort = CR_SORT_DATE };
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GArray) found = NULL;
      guint count = cr_store_count_messages (store, &query, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (count, >=, last_count);
      last_count = count;
      page = cr_store_list_messages (store, &query, count / 2, 50, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->len, <=, 50);
      found = cr_store_search (store, NULL, folder, "reunion", 10, &error);
      g_assert_no_error (error);
      reads++;
    }
  g_atomic_int_set (&flagger.done, 1);
  g_thread_join (threads[0]);
  g_thread_join (threads[1]);

  assert_total (store, folder, 20 * 500);
  assert_total (other, folder, 20 * 500);
  cr_store_test_assert_intact (store);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env = cr_test_env_setup ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/faults/full-max-pages", test_full_max_pages);
  g_test_add_func ("/store/faults/full-pop", test_full_pop);
  g_test_add_func ("/store/faults/full-tmpfs", test_full_tmpfs);
  g_test_add_func ("/store/faults/full-tmpfs/subprocess", full_disk_child);
  g_test_add_func ("/store/faults/read-only/subprocess", read_only_child);
  g_test_add_func ("/store/faults/concurrency", test_concurrency);

  ret = g_test_run ();
  cr_test_env_teardown (env);

  return ret;
}
