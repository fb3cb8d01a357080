/* cr-store.c — the local message store: opening, migrations, connections
 *
 * Threading: one writer connection guarded by write_lock (sync workers
 * write in batches, one transaction per call) and a pool of read-only
 * connections. In WAL mode readers see the last committed state and never
 * wait for the writer, so a page of the message list read on the UI thread
 * does not stall behind a 1,000-message sync batch.
 *
 * synchronous=NORMAL: in WAL mode a commit then costs no fsync; a power
 * cut may lose the last commits but never corrupts the file, and what is
 * lost is refetched from the server. The only mail the server no longer
 * has (POP3, local folders) is written with cr_store_begin_durable_write(),
 * whose commit runs with synchronous=FULL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cr-store-private.h"
#include "cr-store-resources.h"

#define DB_NAME "store.db"
#define MIGRATIONS_PATH "/io/github/courrier/Courrier/store/migrations/"
#define MAX_IDLE_READERS 4
/* Fewer header rows than this waiting for the full-text index (new mail
 * from IDLE) are indexed at once; more wait for the background pass. */
#define INDEX_AT_ONCE_BELOW 100

struct _CrStore
{
  GObject       parent_instance;

  CrPaths      *paths;
  char         *path;
  GError       *recovery_error;
  GMainContext *context;

  GMutex        write_lock;
  CrStoreDb    *writer;
  gboolean      durable;
  guint         unindexed; /* approximate, under write_lock */
  GThreadPool  *indexer;   /* one thread for the full-text pass; pool_lock */
  gint          index_queued; /* atomic */

  GMutex        pool_lock;
  GPtrArray    *idle_readers;
  gboolean      closed;

  GMutex        changes_lock;
  GHashTable   *pending_changes; /* folder id → CrStoreChange */
  GSource      *changes_source;
};

G_DEFINE_FINAL_TYPE (CrStore, cr_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Migrations --------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
list_migrations (void)
{
  g_auto(GStrv) names = g_resources_enumerate_children (MIGRATIONS_PATH, 0, NULL);
  GPtrArray *sorted = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".sql"))
      g_ptr_array_add (sorted, g_strdup (names[i]));
  g_ptr_array_sort (sorted, compare_names);
  /* 001-…, 002-…: the numbers are the versions, with no gap. */
  for (guint i = 0; i < sorted->len; i++)
    g_assert (g_ascii_strtoull (g_ptr_array_index (sorted, i), NULL, 10) == i + 1);

  return sorted;
}

static void
register_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      cr_store_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

guint
cr_store_get_schema_version (void)
{
  g_autoptr(GPtrArray) migrations = NULL;

  register_resources ();
  migrations = list_migrations ();

  return migrations->len;
}

static gboolean
read_version (CrStoreDb  *db,
              gint64     *out_version,
              GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* Reading the schema catches a file that is not a database at all. */
  stmt = cr_store_db_prepare (db, "SELECT (SELECT count(*) FROM sqlite_schema), "
                                  "(SELECT user_version FROM pragma_user_version)", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return cr_store_set_sqlite_error (error, db->db, rc);
    }
  *out_version = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
apply_migration (CrStoreDb   *db,
                 const char  *name,
                 guint        version,
                 GError     **error)
{
  g_autofree char *resource = g_strconcat (MIGRATIONS_PATH, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, 0, NULL);
  g_autofree char *sql = NULL;
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u;", version);

  g_assert (bytes != NULL);
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* The schema change and its version number commit together. */
  if (!cr_store_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  if (!cr_store_db_exec (db, sql, error) ||
      !cr_store_db_exec (db, set_version, error) ||
      !cr_store_db_exec (db, "COMMIT;", error))
    {
      sqlite3_exec (db->db, "ROLLBACK;", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (CrStoreDb  *db,
         gint64      version,
         GError    **error)
{
  g_autoptr(GPtrArray) migrations = list_migrations ();

  for (guint i = version; i < migrations->len; i++)
    {
      if (!apply_migration (db, g_ptr_array_index (migrations, i), i + 1, error))
        {
          g_prefix_error (error, _("Cannot upgrade the message database: "));
          return FALSE;
        }
    }

  return TRUE;
}

/* A damaged database ------------------------------------------------- */

static gboolean
keep_aside (CrStore     *self,
            char       **out_aside,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", self->path, stamp);
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  g_autofree char *wal_aside = g_strconcat (aside, "-wal", NULL);
  g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);

  if (g_rename (self->path, aside) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The message database “%s” is damaged and cannot be "
                     "moved aside: %s"), self->path, g_strerror (saved_errno));
      return FALSE;
    }
  /* The journal belongs to the damaged file: keep them together. */
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    g_rename (wal, wal_aside);
  g_unlink (shm);
  *out_aside = g_steal_pointer (&aside);

  return TRUE;
}

static void
set_recovery_error (CrStore    *self,
                    const char *aside)
{
  g_autofree char *local_dir = g_build_filename (cr_store_get_dir (self, CR_PATH_DATA),
                                                 "local", NULL);

  g_set_error (&self->recovery_error, CR_STORE_ERROR, CR_STORE_ERROR_CORRUPT,
               _("The message database was damaged. It was kept aside as "
                 "“%s” and a new one was created: mail on the servers will "
                 "be downloaded again. Mail of local folders (POP3 accounts) "
                 "is not lost: its files remain in “%s”."),
               aside, local_dir);
}

/* Opening ------------------------------------------------------------ */

static CrStoreDb *
open_writer (CrStore  *self,
             gint64   *out_version,
             GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CrStoreDb) db = cr_store_db_open (self->path, FALSE, error);
  g_autofree char *aside = NULL;

  if (db == NULL)
    return NULL;
  if (read_version (db, out_version, &local_error))
    return g_steal_pointer (&db);

  if (!g_error_matches (local_error, CR_STORE_ERROR, CR_STORE_ERROR_CORRUPT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_clear_pointer (&db, cr_store_db_free);
  if (!keep_aside (self, &aside, error))
    return NULL;
  set_recovery_error (self, aside);
  g_message ("%s", self->recovery_error->message);
  /* Cached bodies were named by rows of the old database. */
  cr_store_bodies_drop_cache (self);

  db = cr_store_db_open (self->path, FALSE, error);
  if (db == NULL || !read_version (db, out_version, error))
    return NULL;

  return g_steal_pointer (&db);
}

static gboolean
store_open (CrStore  *self,
            GError  **error)
{
  g_autoptr(CrStoreDb) db = NULL;
  guint known = cr_store_get_schema_version ();
  gint64 version = 0;

  if (!cr_paths_ensure (self->paths, CR_PATH_DATA, error))
    return FALSE;

  db = open_writer (self, &version, error);
  if (db == NULL)
    return FALSE;

  /* Checked before anything writes to the file: a newer Courrier's
   * database is left exactly as it was. */
  if (version > known)
    {
      g_set_error (error, CR_STORE_ERROR, CR_STORE_ERROR_FUTURE_VERSION,
                   _("The message database “%s” was written by a newer "
                     "version of Courrier (schema %u; this version knows up "
                     "to %u). It was left untouched: update Courrier to use it."),
                   self->path, (guint) version, known);
      return FALSE;
    }

  if (!cr_store_db_configure (db, FALSE, error) || !migrate (db, version, error))
    return FALSE;

  self->unindexed = cr_store_count_unindexed (db);
  self->writer = g_steal_pointer (&db);
  cr_store_bodies_cleanup_tmp (self);

  return TRUE;
}

static void
index_in_background (gpointer data,
                     gpointer user_data)
{
  CrStore *self = data;
  g_autoptr(GError) error = NULL;

  g_atomic_int_set (&self->index_queued, FALSE);
  if (!cr_store_flush_index (self, &error))
    g_debug ("Full-text indexing postponed: %s", error->message);
}

/* The end of a large sync: its headers are indexed on the indexer's
 * thread, so the folder's list is complete (and the sync done) before
 * search finds them. close() waits for the pass. */
static void
schedule_index (CrStore *self)
{
  g_mutex_lock (&self->pool_lock);
  if (self->indexer != NULL && g_atomic_int_compare_and_exchange (&self->index_queued, FALSE, TRUE))
    g_thread_pool_push (self->indexer, self, NULL);
  g_mutex_unlock (&self->pool_lock);
}

CrStore *
cr_store_open (CrPaths  *paths,
               GError  **error)
{
  g_autoptr(CrStore) self = NULL;

  g_return_val_if_fail (paths != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  register_resources ();

  self = g_object_new (CR_TYPE_STORE, NULL);
  self->paths = cr_paths_ref (paths);
  self->path = cr_paths_build (paths, CR_PATH_DATA, DB_NAME);

  if (!store_open (self, error))
    return NULL;

  self->indexer = g_thread_pool_new (index_in_background, NULL, 1, FALSE, NULL);
  /* Rows left unindexed by a run that was stopped (kill, crash). */
  if (self->unindexed > 0)
    schedule_index (self);

  return g_steal_pointer (&self);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  CrStore *store = cr_store_open (task_data, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

/* Migrations may take a while on a large store: done on a worker thread.
 * The "changed" signal goes to the caller's thread-default context. */
void
cr_store_open_async (CrPaths             *paths,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (paths != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_store_open_async);
  g_task_set_task_data (task, cr_paths_ref (paths), (GDestroyNotify) cr_paths_unref);
  g_task_run_in_thread (task, open_thread);
}

CrStore *
cr_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  CrStore *store;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_store_open_async, NULL);

  store = g_task_propagate_pointer (G_TASK (result), error);
  if (store != NULL)
    {
      g_clear_pointer (&store->context, g_main_context_unref);
      store->context = g_main_context_ref_thread_default ();
    }

  return store;
}

void
cr_store_close (CrStore *self)
{
  GThreadPool *indexer;

  g_return_if_fail (CR_IS_STORE (self));

  /* The pass that was started ends first (it takes the write lock):
   * another process, courrier-cli search, may open the store next. */
  g_mutex_lock (&self->pool_lock);
  indexer = g_steal_pointer (&self->indexer);
  g_mutex_unlock (&self->pool_lock);
  if (indexer != NULL)
    g_thread_pool_free (indexer, FALSE, TRUE);

  g_mutex_lock (&self->write_lock);
  g_mutex_lock (&self->pool_lock);
  self->closed = TRUE;
  g_ptr_array_set_size (self->idle_readers, 0);
  g_clear_pointer (&self->writer, cr_store_db_free);
  g_mutex_unlock (&self->pool_lock);
  g_mutex_unlock (&self->write_lock);
}

static gboolean
set_closed_error (GError **error)
{
  g_set_error_literal (error, CR_STORE_ERROR, CR_STORE_ERROR_CLOSED,
                       _("The message database is closed."));
  return FALSE;
}

/* Writing ------------------------------------------------------------ */

static CrStoreDb *
begin_write (CrStore   *self,
             gboolean   durable,
             GError   **error)
{
  g_return_val_if_fail (CR_IS_STORE (self), NULL);

  g_mutex_lock (&self->write_lock);
  if (self->writer == NULL)
    {
      g_mutex_unlock (&self->write_lock);
      set_closed_error (error);
      return NULL;
    }

  self->durable = durable;
  if ((durable && !cr_store_db_exec (self->writer, "PRAGMA synchronous = FULL;", error)) ||
      !cr_store_db_exec (self->writer, "BEGIN IMMEDIATE;", error))
    {
      g_mutex_unlock (&self->write_lock);
      return NULL;
    }

  return self->writer;
}

CrStoreDb *
cr_store_begin_write (CrStore  *self,
                      GError  **error)
{
  return begin_write (self, FALSE, error);
}

CrStoreDb *
cr_store_begin_durable_write (CrStore  *self,
                              GError  **error)
{
  return begin_write (self, TRUE, error);
}

/* Ends the transaction begun by cr_store_begin_write() and releases the
 * write lock. With @commit FALSE (or a failed COMMIT) nothing is kept. */
gboolean
cr_store_end_write (CrStore    *self,
                    CrStoreDb  *db,
                    gboolean    commit,
                    GError    **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (db == self->writer, FALSE);

  if (commit)
    ok = cr_store_db_exec (db, "COMMIT;", error);
  if (!ok && sqlite3_get_autocommit (db->db) == 0)
    sqlite3_exec (db->db, "ROLLBACK;", NULL, NULL, NULL);
  if (self->durable)
    sqlite3_exec (db->db, "PRAGMA synchronous = NORMAL;", NULL, NULL, NULL);
  self->durable = FALSE;
  g_mutex_unlock (&self->write_lock);

  return ok;
}

void
cr_store_note_unindexed (CrStore *self,
                         guint    added,
                         guint    batch_size)
{
  g_autoptr(GError) error = NULL;
  guint waiting;

  g_mutex_lock (&self->write_lock);
  self->unindexed += added;
  waiting = self->unindexed;
  g_mutex_unlock (&self->write_lock);

  if (waiting == 0)
    return;

  /* The rows are stored: a failure here only delays search. */
  if (waiting < INDEX_AT_ONCE_BELOW)
    {
      if (!cr_store_flush_index (self, &error))
        g_debug ("Full-text indexing postponed: %s", error->message);
    }
  else if (added == 0)
    {
      schedule_index (self);
    }
}

void
cr_store_forget_unindexed (CrStore *self)
{
  self->unindexed = 0;
}

/* Reading ------------------------------------------------------------ */

CrStoreDb *
cr_store_acquire_reader (CrStore  *self,
                         GError  **error)
{
  g_autoptr(CrStoreDb) db = NULL;

  g_return_val_if_fail (CR_IS_STORE (self), NULL);

  g_mutex_lock (&self->pool_lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->pool_lock);
      set_closed_error (error);
      return NULL;
    }
  if (self->idle_readers->len > 0)
    db = g_ptr_array_steal_index_fast (self->idle_readers, self->idle_readers->len - 1);
  g_mutex_unlock (&self->pool_lock);

  if (db != NULL)
    return g_steal_pointer (&db);

  db = cr_store_db_open (self->path, TRUE, error);
  if (db == NULL || !cr_store_db_configure (db, TRUE, error))
    return NULL;

  return g_steal_pointer (&db);
}

void
cr_store_release_reader (CrStore   *self,
                         CrStoreDb *db)
{
  if (db == NULL)
    return;

  g_mutex_lock (&self->pool_lock);
  if (!self->closed && self->idle_readers->len < MAX_IDLE_READERS)
    {
      g_ptr_array_add (self->idle_readers, db);
      db = NULL;
    }
  g_mutex_unlock (&self->pool_lock);

  cr_store_db_free (db);
}

/* Change notification ------------------------------------------------ */

static gboolean
emit_changes (gpointer user_data)
{
  CrStore *self = user_data;
  g_autoptr(GHashTable) changes = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_mutex_lock (&self->changes_lock);
  changes = g_steal_pointer (&self->pending_changes);
  self->pending_changes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_clear_pointer (&self->changes_source, g_source_unref);
  g_mutex_unlock (&self->changes_lock);

  g_object_ref (self);
  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_signal_emit (self, signals[CHANGED], 0, *(gint64 *) key, GPOINTER_TO_UINT (value));
  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

/* Safe from any thread: the signal is emitted later on the store's
 * context, merged with the other changes of the same folder. */
void
cr_store_emit_changed (CrStore       *self,
                       gint64         folder_id,
                       CrStoreChange  change)
{
  gint64 *key;
  guint old;

  g_mutex_lock (&self->changes_lock);
  old = GPOINTER_TO_UINT (g_hash_table_lookup (self->pending_changes, &folder_id));
  key = g_memdup2 (&folder_id, sizeof folder_id);
  g_hash_table_replace (self->pending_changes, key, GUINT_TO_POINTER (old | change));
  if (self->changes_source == NULL)
    {
      self->changes_source = g_idle_source_new ();
      g_source_set_callback (self->changes_source, emit_changes, self, NULL);
      g_source_set_static_name (self->changes_source, "[courrier] store changes");
      g_source_attach (self->changes_source, self->context);
    }
  g_mutex_unlock (&self->changes_lock);
}

/* Accessors ---------------------------------------------------------- */

const char *
cr_store_get_path (CrStore *self)
{
  g_return_val_if_fail (CR_IS_STORE (self), NULL);

  return self->path;
}

CrPaths *
cr_store_get_paths (CrStore *self)
{
  g_return_val_if_fail (CR_IS_STORE (self), NULL);

  return self->paths;
}

const char *
cr_store_get_dir (CrStore    *self,
                  CrPathKind  kind)
{
  return cr_paths_get (self->paths, kind);
}

const GError *
cr_store_get_recovery_error (CrStore *self)
{
  g_return_val_if_fail (CR_IS_STORE (self), NULL);

  return self->recovery_error;
}

void
cr_store_set_max_pages_for_testing (CrStore *self,
                                    guint    pages)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %u;", pages);

  g_mutex_lock (&self->write_lock);
  sqlite3_exec (self->writer->db, sql, NULL, NULL, NULL);
  g_mutex_unlock (&self->write_lock);
}

/* GObject ------------------------------------------------------------ */

static void
cr_store_dispose (GObject *object)
{
  CrStore *self = CR_STORE (object);

  if (self->writer != NULL)
    cr_store_close (self);

  g_mutex_lock (&self->changes_lock);
  if (self->changes_source != NULL)
    g_source_destroy (self->changes_source);
  g_clear_pointer (&self->changes_source, g_source_unref);
  g_mutex_unlock (&self->changes_lock);

  G_OBJECT_CLASS (cr_store_parent_class)->dispose (object);
}

static void
cr_store_finalize (GObject *object)
{
  CrStore *self = CR_STORE (object);

  g_clear_pointer (&self->paths, cr_paths_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_error (&self->recovery_error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->idle_readers, g_ptr_array_unref);
  g_clear_pointer (&self->pending_changes, g_hash_table_unref);
  g_mutex_clear (&self->write_lock);
  g_mutex_clear (&self->pool_lock);
  g_mutex_clear (&self->changes_lock);

  G_OBJECT_CLASS (cr_store_parent_class)->finalize (object);
}

static void
cr_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CrStore *self = CR_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_store_class_init (CrStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cr_store_dispose;
  object_class->finalize = cr_store_finalize;
  object_class->get_property = cr_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrStore::changed:
   * @folder_id: the folder, or 0 for account-wide changes (queue)
   * @change: a #CrStoreChange mask
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, CR_TYPE_STORE_CHANGE);
}

static void
cr_store_init (CrStore *self)
{
  g_mutex_init (&self->write_lock);
  g_mutex_init (&self->pool_lock);
  g_mutex_init (&self->changes_lock);
  self->idle_readers = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_store_db_free);
  self->pending_changes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->context = g_main_context_ref_thread_default ();
}
