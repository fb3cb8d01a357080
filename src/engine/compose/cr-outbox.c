/* cr-outbox.c — messages waiting to be sent, kept on disk
 *
 * Each entry is two files in outbox/: ID.eml (the raw message, written
 * first) and ID.ini (its state, written after and replaced atomically
 * and durably on each change). An entry exists when its .ini does. A
 * mutex keeps the read-modify-write of states whole between threads.
 *
 * Between processes (the application and courrier-cli, or two CLIs), an
 * entry belongs to whoever holds the flock() on its ID.eml: a sender
 * takes it without waiting, skips the entry when another has it, and
 * reads the state again once it holds it. The .eml is never rewritten,
 * so the lock stays on the same file; the kernel drops it when its
 * process dies, so a crashed sender never blocks the others.
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

#include "cr-outbox-private.h"

#define GROUP "outbox"

G_DEFINE_FINAL_TYPE (CrOutbox, cr_outbox, G_TYPE_OBJECT)

G_DEFINE_QUARK (cr-outbox-error-quark, cr_outbox_error)

static const char * const state_names[] = { "queued", "sending", "sent", "failed" };

void
cr_outbox_entry_free (CrOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->account_id);
  g_free (entry->from);
  g_strfreev (entry->recipients);
  g_free (entry->last_error);
  g_free (entry);
}

static void
cr_outbox_finalize (GObject *object)
{
  CrOutbox *self = CR_OUTBOX (object);

  g_clear_pointer (&self->paths, cr_paths_unref);
  g_clear_pointer (&self->dir, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cr_outbox_parent_class)->finalize (object);
}

static void
cr_outbox_class_init (CrOutboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cr_outbox_finalize;
}

static void
cr_outbox_init (CrOutbox *self)
{
  g_mutex_init (&self->mutex);
}

CrOutbox *
cr_outbox_new (CrPaths *paths)
{
  CrOutbox *self = g_object_new (CR_TYPE_OUTBOX, NULL);

  self->paths = cr_paths_ref (paths);
  self->dir = cr_paths_build (paths, CR_PATH_DATA, "outbox");
  return self;
}

static char *
file_path (CrOutbox   *self,
           const char *id,
           const char *suffix)
{
  g_autofree char *name = g_strconcat (id, suffix, NULL);

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

gboolean
cr_outbox_save_entry (CrOutbox       *self,
                      CrOutboxEntry  *entry,
                      GError        **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = file_path (self, entry->id, ".ini");
  g_autofree char *data = NULL;
  gsize length;

  g_key_file_set_string (keyfile, GROUP, "account", entry->account_id);
  g_key_file_set_string (keyfile, GROUP, "state", state_names[entry->state]);
  g_key_file_set_string (keyfile, GROUP, "from", entry->from);
  g_key_file_set_string_list (keyfile, GROUP, "recipients", (const char * const *) entry->recipients,
                              g_strv_length (entry->recipients));
  g_key_file_set_int64 (keyfile, GROUP, "created", entry->created);
  g_key_file_set_int64 (keyfile, GROUP, "next-attempt", entry->next_attempt);
  g_key_file_set_uint64 (keyfile, GROUP, "attempts", entry->attempts);
  g_key_file_set_boolean (keyfile, GROUP, "copy-done", entry->copy_done);
  if (entry->last_error != NULL)
    g_key_file_set_string (keyfile, GROUP, "last-error", entry->last_error);

  data = g_key_file_to_data (keyfile, &length, NULL);
  return write_durably (path, data, length, error);
}

static CrOutboxEntry *
load_entry (CrOutbox    *self,
            const char  *id,
            GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = file_path (self, id, ".ini");
  g_autoptr(CrOutboxEntry) entry = g_new0 (CrOutboxEntry, 1);
  g_autofree char *state = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, CR_OUTBOX_ERROR, CR_OUTBOX_ERROR_NOT_FOUND,
                     /* Translators: %s is an identifier */
                     _("No message “%s” in the outbox."), id);
      else
        g_set_error (error, CR_OUTBOX_ERROR, CR_OUTBOX_ERROR_CORRUPT,
                     /* Translators: %s is an error message */
                     _("The outbox cannot be read: %s"), local_error->message);
      return NULL;
    }

  entry->id = g_strdup (id);
  entry->account_id = g_key_file_get_string (keyfile, GROUP, "account", NULL);
  entry->from = g_key_file_get_string (keyfile, GROUP, "from", NULL);
  entry->recipients = g_key_file_get_string_list (keyfile, GROUP, "recipients", NULL, NULL);
  state = g_key_file_get_string (keyfile, GROUP, "state", NULL);
  entry->created = g_key_file_get_int64 (keyfile, GROUP, "created", NULL);
  entry->next_attempt = g_key_file_get_int64 (keyfile, GROUP, "next-attempt", NULL);
  entry->attempts = (guint) g_key_file_get_uint64 (keyfile, GROUP, "attempts", NULL);
  entry->copy_done = g_key_file_get_boolean (keyfile, GROUP, "copy-done", NULL);
  entry->last_error = g_key_file_get_string (keyfile, GROUP, "last-error", NULL);

  if (entry->account_id == NULL || entry->from == NULL || entry->recipients == NULL || state == NULL ||
      !g_strv_contains (state_names, state))
    {
      g_set_error (error, CR_OUTBOX_ERROR, CR_OUTBOX_ERROR_CORRUPT,
                   /* Translators: %s is an identifier */
                   _("The outbox entry “%s” is damaged."), id);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (strcmp (state, state_names[i]) == 0)
      entry->state = (CrOutboxState) i;

  return g_steal_pointer (&entry);
}

void
cr_outbox_delete_entry (CrOutbox   *self,
                        const char *id)
{
  g_autofree char *ini = file_path (self, id, ".ini");
  g_autofree char *eml = file_path (self, id, ".eml");

  /* The state first: an .eml without its .ini is no entry. */
  g_unlink (ini);
  g_unlink (eml);
}

/* The entry's lock, taken without waiting: a file descriptor to close()
 * when done, or -1 when another thread or process holds it (or the
 * entry is gone). */
int
cr_outbox_lock_entry (CrOutbox   *self,
                      const char *id)
{
  g_autofree char *path = file_path (self, id, ".eml");
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return -1;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

void
cr_outbox_unlock_entry (int fd)
{
  if (fd >= 0)
    close (fd);
}

static void
set_busy_error (GError **error)
{
  g_set_error_literal (error, CR_OUTBOX_ERROR, CR_OUTBOX_ERROR_BUSY,
                       _("The message is already being sent."));
}

char *
cr_outbox_enqueue (CrOutbox            *self,
                   const char          *account_id,
                   const char          *from,
                   const char * const  *recipients,
                   GBytes              *raw,
                   guint                delay,
                   GError             **error)
{
  g_autoptr(CrOutboxEntry) entry = g_new0 (CrOutboxEntry, 1);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *eml = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gsize size;
  const char *data;

  g_return_val_if_fail (CR_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (account_id != NULL && from != NULL && raw != NULL, NULL);
  g_return_val_if_fail (recipients != NULL && recipients[0] != NULL, NULL);

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   /* Translators: the first %s is a folder, the second why */
                   _("Cannot create the folder “%s”: %s"), self->dir, g_strerror (saved));
      return NULL;
    }

  /* Ids sort in the order messages were written. */
  entry->id = g_strdup_printf ("%012" G_GINT64_MODIFIER "x-%.8s", g_get_real_time (), uuid);
  entry->account_id = g_strdup (account_id);
  entry->from = g_strdup (from);
  entry->recipients = g_strdupv ((char **) recipients);
  entry->state = CR_OUTBOX_STATE_QUEUED;
  entry->created = now;
  entry->next_attempt = now + delay;

  eml = file_path (self, entry->id, ".eml");
  data = g_bytes_get_data (raw, &size);
  g_mutex_lock (&self->mutex);
  /* A full disk: nothing half-written stays (the temporary files go
   * with GLib's failed write), the composer keeps the message. */
  if (!write_durably (eml, data, size, error) || !cr_outbox_save_entry (self, entry, error))
    {
      g_unlink (eml);
      g_mutex_unlock (&self->mutex);
      g_prefix_error (error, _("The message could not be put in the outbox: "));
      return NULL;
    }
  g_mutex_unlock (&self->mutex);

  return g_steal_pointer (&entry->id);
}

/* Changes an entry under the mutex; @change returns FALSE to refuse. */
typedef gboolean (*ChangeFunc) (CrOutboxEntry  *entry,
                                gpointer        data,
                                GError        **error);

static gboolean
change_entry (CrOutbox    *self,
              const char  *id,
              ChangeFunc   change,
              gpointer     data,
              GError     **error)
{
  g_autoptr(CrOutboxEntry) entry = NULL;
  gboolean ok;
  int fd = cr_outbox_lock_entry (self, id);

  g_mutex_lock (&self->mutex);
  entry = load_entry (self, id, error);
  if (entry != NULL && fd < 0)
    {
      /* A sender has it: its state is being changed there. */
      set_busy_error (error);
      ok = FALSE;
    }
  else
    ok = entry != NULL && change (entry, data, error) && cr_outbox_save_entry (self, entry, error);
  g_mutex_unlock (&self->mutex);
  cr_outbox_unlock_entry (fd);
  return ok;
}

gboolean
cr_outbox_cancel (CrOutbox    *self,
                  const char  *id,
                  GError     **error)
{
  g_autoptr(CrOutboxEntry) entry = NULL;
  gboolean ok = FALSE;
  int fd;

  g_return_val_if_fail (CR_IS_OUTBOX (self), FALSE);

  fd = cr_outbox_lock_entry (self, id);
  g_mutex_lock (&self->mutex);
  entry = load_entry (self, id, error);
  if (entry != NULL && (fd < 0 || entry->state == CR_OUTBOX_STATE_SENDING || entry->state == CR_OUTBOX_STATE_SENT))
    g_set_error_literal (error, CR_OUTBOX_ERROR, CR_OUTBOX_ERROR_BUSY,
                         _("The message is already being sent: it can no longer be cancelled."));
  else if (entry != NULL)
    {
      cr_outbox_delete_entry (self, id);
      ok = TRUE;
    }
  g_mutex_unlock (&self->mutex);
  cr_outbox_unlock_entry (fd);
  return ok;
}

static gboolean
requeue (CrOutboxEntry  *entry,
         gpointer        data,
         GError        **error)
{
  if (entry->state != CR_OUTBOX_STATE_FAILED && entry->state != CR_OUTBOX_STATE_QUEUED)
    {
      set_busy_error (error);
      return FALSE;
    }
  entry->state = CR_OUTBOX_STATE_QUEUED;
  entry->next_attempt = 0;
  return TRUE;
}

gboolean
cr_outbox_retry (CrOutbox    *self,
                 const char  *id,
                 GError     **error)
{
  g_return_val_if_fail (CR_IS_OUTBOX (self), FALSE);
  return change_entry (self, id, requeue, NULL, error);
}

static gboolean
make_due (CrOutboxEntry  *entry,
          gpointer        data,
          GError        **error)
{
  entry->next_attempt = 0;
  return TRUE;
}

gboolean
cr_outbox_wake (CrOutbox  *self,
                GError   **error)
{
  g_autoptr(GPtrArray) entries = cr_outbox_list (self, NULL, error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      CrOutboxEntry *entry = g_ptr_array_index (entries, i);

      g_autoptr(GError) local_error = NULL;

      /* One being sent elsewhere needs no waking. */
      if (entry->attempts > 0 && entry->state != CR_OUTBOX_STATE_FAILED &&
          !change_entry (self, entry->id, make_due, NULL, &local_error) &&
          !g_error_matches (local_error, CR_OUTBOX_ERROR, CR_OUTBOX_ERROR_BUSY) &&
          !g_error_matches (local_error, CR_OUTBOX_ERROR, CR_OUTBOX_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
cr_outbox_list (CrOutbox    *self,
                const char  *account_id,
                GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_outbox_entry_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (CR_IS_OUTBOX (self), NULL);

  dir = g_dir_open (self->dir, 0, NULL);
  if (dir == NULL)
    return g_steal_pointer (&entries);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".ini"))
      g_ptr_array_add (ids, g_strndup (name, strlen (name) - 4));
  g_ptr_array_sort (ids, compare_ids);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      CrOutboxEntry *entry = load_entry (self, g_ptr_array_index (ids, i), &local_error);

      /* Sent and removed by another thread meanwhile. */
      if (g_error_matches (local_error, CR_OUTBOX_ERROR, CR_OUTBOX_ERROR_NOT_FOUND))
        continue;
      /* One damaged entry must not stop the others from being sent: it
       * stays on disk as it is, for a person to look at (logged at the
       * debug level: this runs at every schedule). */
      if (entry == NULL)
        {
          g_debug ("Outbox entry %s left aside: %s", (const char *) g_ptr_array_index (ids, i),
                   local_error->message);
          continue;
        }
      if (account_id == NULL || g_strcmp0 (entry->account_id, account_id) == 0)
        g_ptr_array_add (entries, entry);
      else
        cr_outbox_entry_free (entry);
    }
  g_mutex_unlock (&self->mutex);

  return g_steal_pointer (&entries);
}

CrOutboxEntry *
cr_outbox_get (CrOutbox    *self,
               const char  *id,
               GError     **error)
{
  CrOutboxEntry *entry;

  g_return_val_if_fail (CR_IS_OUTBOX (self), NULL);

  g_mutex_lock (&self->mutex);
  entry = load_entry (self, id, error);
  g_mutex_unlock (&self->mutex);
  return entry;
}

GBytes *
cr_outbox_load_message (CrOutbox    *self,
                        const char  *id,
                        GError     **error)
{
  g_autofree char *path = file_path (self, id, ".eml");
  char *data = NULL;
  gsize length;

  g_return_val_if_fail (CR_IS_OUTBOX (self), NULL);

  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  return g_bytes_new_take (data, length);
}

gboolean
cr_outbox_entry_is_due (CrOutboxEntry *entry,
                        gint64         now)
{
  if (entry->state == CR_OUTBOX_STATE_FAILED)
    return FALSE;
  return entry->next_attempt <= now;
}

gint64
cr_outbox_get_next_due (CrOutbox   *self,
                        const char *account_id)
{
  g_autoptr(GPtrArray) entries = cr_outbox_list (self, account_id, NULL);
  gint64 next = 0;

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      CrOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->state != CR_OUTBOX_STATE_FAILED && (next == 0 || entry->next_attempt < next))
        next = MAX (entry->next_attempt, 1);
    }
  return next;
}

