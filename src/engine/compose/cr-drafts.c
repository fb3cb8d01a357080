/* cr-drafts.c — messages being written, kept while they are written
 *
 * drafts/KEY.eml is the latest version; drafts/KEY.ini says whose it is,
 * whether that version is on the server yet, and where the uploaded one
 * is (IMAP UID, or the local row for POP3) so that it can be replaced.
 * A mutex serialises saves and uploads of all keys: a draft is small and
 * saved seconds apart. drafts/KEY.open, locked with flock() by the
 * composer that has the draft open, tells a crash (the file is there, no
 * one holds its lock: the kernel dropped it with the process) from a
 * draft the person closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cr-compose-reply.h"
#include "cr-drafts.h"
#include "cr-folder-copy.h"

#define GROUP "draft"

struct _CrDrafts
{
  GObject  parent_instance;

  char       *dir;
  GMutex      mutex;
  GHashTable *open_locks; /* key → fd holding the flock of KEY.open */
};

G_DEFINE_FINAL_TYPE (CrDrafts, cr_drafts, G_TYPE_OBJECT)

static void
close_lock (gpointer fd)
{
  close (GPOINTER_TO_INT (fd));
}

static void
cr_drafts_finalize (GObject *object)
{
  CrDrafts *self = CR_DRAFTS (object);

  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->open_locks, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cr_drafts_parent_class)->finalize (object);
}

static void
cr_drafts_class_init (CrDraftsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cr_drafts_finalize;
}

static void
cr_drafts_init (CrDrafts *self)
{
  g_mutex_init (&self->mutex);
  self->open_locks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, close_lock);
}

CrDrafts *
cr_drafts_new (CrPaths *paths)
{
  CrDrafts *self = g_object_new (CR_TYPE_DRAFTS, NULL);

  self->dir = cr_paths_build (paths, CR_PATH_DATA, "drafts");
  return self;
}

/* Sorts in creation order, like the outbox ids. */
char *
cr_drafts_new_key (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("%012" G_GINT64_MODIFIER "x-%.8s", g_get_real_time (), uuid);
}

static gboolean
valid_key (const char *key)
{
  if (key == NULL || *key == '\0')
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static char *
file_path (CrDrafts   *self,
           const char *key,
           const char *suffix)
{
  g_autofree char *name = g_strconcat (key, suffix, NULL);

  return g_build_filename (self->dir, name, NULL);
}

static gboolean
write_durably (const char  *path,
               const char  *data,
               gsize        length,
               GError     **error)
{
  return g_file_set_contents_full (path, data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

static GKeyFile *
load_state (CrDrafts   *self,
            const char *key)
{
  g_autofree char *path = file_path (self, key, ".ini");
  GKeyFile *state = g_key_file_new ();

  g_key_file_load_from_file (state, path, G_KEY_FILE_NONE, NULL);
  return state;
}

static gboolean
save_state (CrDrafts    *self,
            const char  *key,
            GKeyFile    *state,
            GError     **error)
{
  g_autofree char *path = file_path (self, key, ".ini");
  g_autofree char *data = NULL;
  gsize length;

  data = g_key_file_to_data (state, &length, NULL);
  return write_durably (path, data, length, error);
}

static gboolean
check_key (const char  *key,
           GError     **error)
{
  if (valid_key (key))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("This draft has an invalid name."));
  return FALSE;
}

gboolean
cr_drafts_save_local (CrDrafts    *self,
                      const char  *key,
                      const char  *account_id,
                      GBytes      *raw,
                      GError     **error)
{
  g_autoptr(GKeyFile) state = NULL;
  g_autofree char *eml = NULL;
  gsize size;
  const char *data;
  gboolean ok;

  g_return_val_if_fail (CR_IS_DRAFTS (self), FALSE);
  g_return_val_if_fail (account_id != NULL && raw != NULL, FALSE);

  if (!check_key (key, error))
    return FALSE;
  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s is a folder */
                   _("Cannot create the folder “%s”."), self->dir);
      return FALSE;
    }

  eml = file_path (self, key, ".eml");
  data = g_bytes_get_data (raw, &size);

  g_mutex_lock (&self->mutex);
  state = load_state (self, key);
  g_key_file_set_string (state, GROUP, "account", account_id);
  g_key_file_set_boolean (state, GROUP, "uploaded", FALSE);
  /* The message first: a state saying “not uploaded” next to an older
   * message only costs one more upload. */
  ok = write_durably (eml, data, size, error) && save_state (self, key, state, error);
  g_mutex_unlock (&self->mutex);
  /* The previous version is still whole (atomic replace). */
  if (!ok)
    g_prefix_error (error, _("The draft could not be saved: "));
  return ok;
}

static gint
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
cr_drafts_list (CrDrafts *self)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (CR_IS_DRAFTS (self), NULL);

  dir = g_dir_open (self->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".eml"))
      g_ptr_array_add (keys, g_strndup (name, strlen (name) - 4));
  g_ptr_array_sort (keys, compare_keys);
  return keys;
}

GBytes *
cr_drafts_load (CrDrafts    *self,
                const char  *key,
                char       **out_account_id,
                GError     **error)
{
  g_autofree char *eml = NULL;
  char *data = NULL;
  gsize length;

  g_return_val_if_fail (CR_IS_DRAFTS (self), NULL);

  if (!check_key (key, error))
    return NULL;
  eml = file_path (self, key, ".eml");
  if (!g_file_get_contents (eml, &data, &length, error))
    return NULL;
  if (out_account_id != NULL)
    {
      g_autoptr(GKeyFile) state = load_state (self, key);

      *out_account_id = g_key_file_get_string (state, GROUP, "account", NULL);
    }
  return g_bytes_new_take (data, length);
}

/* Called with the mutex held. */
static gboolean
upload_locked (CrDrafts      *self,
               CrContext     *context,
               CrAccount     *account,
               const char    *password,
               const char    *key,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GKeyFile) state = load_state (self, key);
  g_autoptr(GBytes) raw = NULL;
  guint32 old_uid = (guint32) g_key_file_get_uint64 (state, GROUP, "uid", NULL);
  gint64 old_row = g_key_file_get_int64 (state, GROUP, "message-id", NULL);
  guint32 uid = 0;
  gint64 row = 0;

  if (g_key_file_get_boolean (state, GROUP, "uploaded", NULL))
    return TRUE;
  raw = cr_drafts_load (self, key, NULL, error);
  if (raw == NULL)
    return FALSE;

  /* The new version is on the server before the old one goes. */
  if (!cr_folder_copy_append_sync (context, account, password, CR_FOLDER_ROLE_DRAFTS, raw,
                                   CR_MESSAGE_FLAG_DRAFT | CR_MESSAGE_FLAG_SEEN, &uid, &row,
                                   cancellable, error))
    return FALSE;
  g_key_file_set_uint64 (state, GROUP, "uid", uid);
  g_key_file_set_int64 (state, GROUP, "message-id", row);
  g_key_file_set_boolean (state, GROUP, "uploaded", TRUE);
  if (!save_state (self, key, state, error))
    return FALSE;

  return cr_folder_copy_remove_sync (context, account, password, CR_FOLDER_ROLE_DRAFTS, old_uid, old_row,
                                     cancellable, error);
}

static void
remove_local (CrDrafts   *self,
              const char *key)
{
  g_autofree char *eml = file_path (self, key, ".eml");
  g_autofree char *ini = file_path (self, key, ".ini");

  g_unlink (eml);
  g_unlink (ini);
}

/* @release: once Brouillons has it, that copy is the draft; the local
 * one would only pile up (private mail, never shown again). */
static gboolean
upload (CrDrafts      *self,
        CrContext     *context,
        CrAccount     *account,
        const char    *password,
        const char    *key,
        gboolean       release,
        GCancellable  *cancellable,
        GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (CR_IS_DRAFTS (self), FALSE);

  if (!check_key (key, error))
    return FALSE;
  g_mutex_lock (&self->mutex);
  ok = upload_locked (self, context, account, password, key, cancellable, error);
  if (ok && release)
    remove_local (self, key);
  g_mutex_unlock (&self->mutex);
  return ok;
}

gboolean
cr_drafts_upload_sync (CrDrafts      *self,
                       CrContext     *context,
                       CrAccount     *account,
                       const char    *password,
                       const char    *key,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return upload (self, context, account, password, key, FALSE, cancellable, error);
}

gboolean
cr_drafts_release_sync (CrDrafts      *self,
                        CrContext     *context,
                        CrAccount     *account,
                        const char    *password,
                        const char    *key,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return upload (self, context, account, password, key, TRUE, cancellable, error);
}

gboolean
cr_drafts_discard_sync (CrDrafts      *self,
                        CrContext     *context,
                        CrAccount     *account,
                        const char    *password,
                        const char    *key,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GKeyFile) state = NULL;
  guint32 uid;
  gint64 row;
  gboolean ok = TRUE;

  g_return_val_if_fail (CR_IS_DRAFTS (self), FALSE);

  if (!check_key (key, error))
    return FALSE;

  g_mutex_lock (&self->mutex);
  state = load_state (self, key);
  uid = (guint32) g_key_file_get_uint64 (state, GROUP, "uid", NULL);
  row = g_key_file_get_int64 (state, GROUP, "message-id", NULL);
  if (uid != 0 || row != 0)
    ok = cr_folder_copy_remove_sync (context, account, password, CR_FOLDER_ROLE_DRAFTS, uid, row,
                                     cancellable, error);
  /* The local copy stays while the server's could not be removed: the
   * next discard tries again. */
  if (ok)
    remove_local (self, key);
  g_mutex_unlock (&self->mutex);
  return ok;
}

typedef struct
{
  CrContext *context;
  CrAccount *account;
  char      *password;
  char      *key;
  GBytes    *raw;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->context);
  g_clear_object (&data->account);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data->key);
  g_bytes_unref (data->raw);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  if (cr_drafts_save_local (source_object, data->key, cr_account_get_id (data->account), data->raw, &error) &&
      cr_drafts_upload_sync (source_object, data->context, data->account, data->password, data->key,
                             cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cr_drafts_save_async (CrDrafts            *self,
                      CrContext           *context,
                      CrAccount           *account,
                      const char          *password,
                      const char          *key,
                      GBytes              *raw,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (CR_IS_DRAFTS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_drafts_save_async);
  data = g_new0 (SaveData, 1);
  data->context = g_object_ref (context);
  data->account = g_object_ref (account);
  data->password = g_strdup (password);
  data->key = g_strdup (key);
  data->raw = g_bytes_ref (raw);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
cr_drafts_save_finish (CrDrafts      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Open drafts ------------------------------------------------------------ */

gboolean
cr_drafts_mark_open (CrDrafts    *self,
                     const char  *key,
                     GError     **error)
{
  g_autofree char *path = NULL;
  int fd;

  g_return_val_if_fail (CR_IS_DRAFTS (self), FALSE);

  if (!check_key (key, error))
    return FALSE;
  if (g_hash_table_contains (self->open_locks, key))
    return TRUE;
  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   /* Translators: the first %s is a folder, the second why */
                   _("Cannot create the folder “%s”: %s"), self->dir, g_strerror (saved));
      return FALSE;
    }
  path = file_path (self, key, ".open");
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   /* Translators: %s is why */
                   _("Cannot mark the draft as being written: %s"), g_strerror (saved));
      return FALSE;
    }
  g_hash_table_insert (self->open_locks, g_strdup (key), GINT_TO_POINTER (fd));
  return TRUE;
}

void
cr_drafts_mark_closed (CrDrafts   *self,
                       const char *key)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CR_IS_DRAFTS (self));

  if (!valid_key (key))
    return;
  /* Unlinked while still locked: no one can take it for a crash. */
  path = file_path (self, key, ".open");
  g_unlink (path);
  g_hash_table_remove (self->open_locks, key);
}

/* Whether KEY.open is left by a dead process; an empty marker (a crash
 * before the first save) is removed. */
static gboolean
is_crashed (CrDrafts   *self,
            const char *key)
{
  g_autofree char *path = file_path (self, key, ".open");
  g_autofree char *eml = file_path (self, key, ".eml");
  gboolean free_lock;
  int fd;

  if (g_hash_table_contains (self->open_locks, key))
    return FALSE;
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  free_lock = flock (fd, LOCK_EX | LOCK_NB) == 0;
  if (free_lock && !g_file_test (eml, G_FILE_TEST_EXISTS))
    {
      g_unlink (path);
      free_lock = FALSE;
    }
  close (fd);
  return free_lock;
}

GPtrArray *
cr_drafts_list_pending (CrDrafts *self)
{
  g_autoptr(GPtrArray) keys = NULL;
  GPtrArray *pending = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CR_IS_DRAFTS (self), NULL);

  keys = cr_drafts_list (self);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *open = file_path (self, key, ".open");
      g_autoptr(GKeyFile) state = load_state (self, key);

      if (!g_file_test (open, G_FILE_TEST_EXISTS) && !g_key_file_get_boolean (state, GROUP, "uploaded", NULL))
        g_ptr_array_add (pending, g_strdup (key));
    }
  return pending;
}

GPtrArray *
cr_drafts_list_crashed (CrDrafts *self)
{
  g_autoptr(GPtrArray) keys = NULL;
  GPtrArray *crashed = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CR_IS_DRAFTS (self), NULL);

  keys = cr_drafts_list (self);
  for (guint i = 0; i < keys->len; i++)
    if (is_crashed (self, g_ptr_array_index (keys, i)))
      g_ptr_array_add (crashed, g_strdup (g_ptr_array_index (keys, i)));
  return crashed;
}

CrMessageBuilder *
cr_drafts_load_builder (CrDrafts    *self,
                        const char  *key,
                        char       **out_account_id,
                        GError     **error)
{
  g_autoptr(GBytes) raw = cr_drafts_load (self, key, out_account_id, error);

  if (raw == NULL)
    return NULL;
  return cr_compose_reopen (raw);
}
