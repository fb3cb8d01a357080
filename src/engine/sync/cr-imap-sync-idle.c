/* cr-imap-sync-idle.c — push: IDLE on the open folder between jobs
 *
 * IDLE runs on the worker's own connection, between jobs: the worker
 * thread's main loop waits on the socket, so a job that arrives (a sync,
 * a replay, a body) simply leaves IDLE (DONE, read to the tagged OK),
 * runs, and IDLE starts again after it. It watches the open folder
 * (cr_imap_sync_set_open_folder()), else the inbox; while another folder
 * is open, the inbox has a second connection of its own in IDLE
 * (cr-imap-sync-watch.c). Other folders are brought up to date by the
 * syncs the application runs.
 *
 * Starting IDLE first syncs the folder (so nothing that came before is
 * missed), then sends IDLE. Any wake-up — new mail, flags, expunges, or
 * the connection closing — ends IDLE and syncs the folder again, which
 * writes the store and so emits its change signals. Per DESIGN.md,
 * decrypted bytes may already wait in the stream's buffer while the
 * socket says nothing: they count as a wake-up too. IDLE is renewed every
 * 20 minutes (servers may end it after 30), and after a failure it is
 * tried again after 5 s, 10 s, … up to 5 minutes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "cr-imap-sync-private.h"

#define REFRESH_S     (20 * 60)
#define RETRY_FIRST_S 5
#define RETRY_MAX_S   300

static gboolean start_idle (gpointer data);

static mailimap *
imap (CrImapSync *self)
{
  return cr_imap_session_get_imap (self->session);
}

static void
set_idling (CrImapSync *self,
            gboolean    idling)
{
  g_mutex_lock (&self->lock);
  self->idling = idling;
  g_mutex_unlock (&self->lock);
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static GSource *
attach (CrImapSync  *self,
        GSource     *source,
        GSourceFunc  func)
{
  g_source_set_callback (source, func, self, NULL);
  g_source_set_static_name (source, "[courrier] imap idle");
  g_source_attach (source, self->worker_context);

  return source;
}

/**
 * cr_imap_sync_idle_clear:
 *
 * Forgets IDLE without a word to the server: the connection is closing.
 */
void
cr_imap_sync_idle_clear (CrImapSync *self)
{
  clear_source (&self->idle_start);
  clear_source (&self->idle_wait);
  clear_source (&self->idle_refresh);
  g_clear_pointer (&self->idle_path, g_free);
  set_idling (self, FALSE);
}

/**
 * cr_imap_sync_idle_stop:
 *
 * Leaves IDLE (DONE) if the connection is in it, so that a command can
 * be sent; a start waiting is dropped too.
 */
void
cr_imap_sync_idle_stop (CrImapSync *self)
{
  gboolean in_idle = self->idle_wait != NULL;

  cr_imap_sync_idle_clear (self);
  if (!in_idle || self->session == NULL || !cr_imap_session_is_connected (self->session))
    return;

  /* A failed DONE leaves the connection in an unknown state. */
  if (mailimap_idle_done (imap (self)) != MAILIMAP_NO_ERROR)
    cr_session_disconnect (CR_SESSION (self->session));
}

static gboolean
wanted (CrImapSync *self)
{
  gboolean push;

  g_mutex_lock (&self->lock);
  push = self->push && !self->shutting_down;
  g_mutex_unlock (&self->lock);

  return push;
}

/**
 * cr_imap_sync_idle_schedule:
 *
 * Starts IDLE once no job waits, if push is on and it is not running.
 */
void
cr_imap_sync_idle_schedule (CrImapSync *self)
{
  GSource *source;

  /* The inbox's own IDLE, when another folder is open. */
  cr_imap_sync_watch_update (self);

  if (!wanted (self) || self->idle_start != NULL || self->idle_wait != NULL)
    return;

  if (self->idle_failures == 0)
    {
      /* Below the jobs' priority: they go first. */
      source = g_idle_source_new ();
      g_source_set_priority (source, G_PRIORITY_LOW);
    }
  else
    {
      guint delay = RETRY_FIRST_S << MIN (self->idle_failures - 1, 6);

      source = g_timeout_source_new_seconds (MIN (delay, RETRY_MAX_S));
    }
  self->idle_start = attach (self, source, start_idle);
}

/* Jobs run with a logged-in session --------------------------------- */

static CrFolderInfo *
push_folder (CrImapSync     *self,
             CrImapSyncRun  *run,
             GError        **error)
{
  g_autofree char *path = NULL;
  CrFolderInfo *folder;

  g_mutex_lock (&self->lock);
  path = g_strdup (self->push_path);
  g_mutex_unlock (&self->lock);

  if (path == NULL)
    folder = cr_store_lookup_folder_by_role (self->store, self->account_id, CR_FOLDER_ROLE_INBOX, NULL);
  else
    folder = cr_store_lookup_folder (self->store, self->account_id, path, NULL);
  if (folder != NULL)
    return folder;

  /* Not known yet: the folder list first. */
  {
    g_autoptr(GPtrArray) folders = cr_imap_sync_run_folder_list (run, error);

    if (folders == NULL)
      return NULL;
  }
  if (path == NULL)
    return cr_store_lookup_folder_by_role (self->store, self->account_id, CR_FOLDER_ROLE_INBOX, error);

  return cr_store_lookup_folder (self->store, self->account_id, path, error);
}

static gpointer
enter_idle (CrImapSync     *self,
            CrImapSyncRun  *run,
            gpointer        data,
            GError        **error)
{
  g_autoptr(CrFolderInfo) folder = NULL;
  guint32 exists;
  int r;

  if (!mailimap_has_idle (imap (self)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The server cannot tell when new mail arrives (no IDLE)."));
      return NULL;
    }

  if ((folder = push_folder (self, run, error)) == NULL)
    return NULL;
  if (!cr_imap_sync_run_folder (run, folder, error) ||
      !cr_imap_sync_run_select (run, folder->path, error))
    return NULL;

  exists = imap (self)->imap_selection_info->sel_exists;
  r = mailimap_idle (imap (self));
  run->round_trips++;
  if (r != MAILIMAP_NO_ERROR)
    {
      cr_imap_sync_run_set_error (run, r, error);
      return NULL;
    }

  self->idle_path = g_strdup (folder->path);
  /* Mail that came between the sync and IDLE was announced before the
   * continuation: already read, the socket will not say it again. */
  self->idle_exists = exists;

  return GINT_TO_POINTER (TRUE);
}

static gpointer
resync_folder (CrImapSync     *self,
               CrImapSyncRun  *run,
               gpointer        data,
               GError        **error)
{
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (self->store, self->account_id, data, NULL);

  /* Gone meanwhile: the next start of IDLE picks another. */
  if (folder != NULL && !cr_imap_sync_run_folder (run, folder, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

/* Sources on the worker ------------------------------------------------- */

static void
failed (CrImapSync   *self,
        const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      /* Not worth trying again on this server until asked. */
      g_mutex_lock (&self->lock);
      self->push = FALSE;
      g_mutex_unlock (&self->lock);
      return;
    }
  g_debug ("IDLE of %s: %s", self->account_id, error->message);
  self->idle_failures++;
}

static gboolean
woken (gpointer data)
{
  CrImapSync *self = data;
  g_autofree char *path = g_strdup (self->idle_path);
  g_autoptr(GError) error = NULL;

  cr_imap_sync_idle_stop (self);
  if (path != NULL && cr_imap_sync_worker_run (self, resync_folder, path, NULL, &error) == NULL)
    failed (self, error);
  cr_imap_sync_idle_schedule (self);

  return G_SOURCE_REMOVE;
}

static gboolean
on_socket (int           fd,
           GIOCondition  condition,
           gpointer      data)
{
  return woken (data);
}

static gboolean
on_refresh (gpointer data)
{
  CrImapSync *self = data;

  cr_imap_sync_idle_stop (self);
  cr_imap_sync_idle_schedule (self);

  return G_SOURCE_REMOVE;
}

static gboolean
start_idle (gpointer data)
{
  CrImapSync *self = data;
  g_autoptr(GError) error = NULL;
  mailstream *stream;

  g_clear_pointer (&self->idle_start, g_source_unref);
  if (!wanted (self))
    return G_SOURCE_REMOVE;

  if (cr_imap_sync_worker_run (self, enter_idle, NULL, NULL, &error) == NULL)
    {
      failed (self, error);
      cr_imap_sync_idle_schedule (self);
      return G_SOURCE_REMOVE;
    }

  self->idle_failures = 0;
  set_idling (self, TRUE);
  self->idle_refresh = attach (self, g_timeout_source_new_seconds (REFRESH_S), on_refresh);

  /* Data already read (into libetpan's buffer, or an EXISTS before the
   * continuation) would never wake the socket. */
  stream = imap (self)->imap_stream;
  if (stream->read_buffer_len > 0 || imap (self)->imap_selection_info->sel_exists != self->idle_exists)
    self->idle_wait = attach (self, g_idle_source_new (), woken);
  else
    self->idle_wait = attach (self, g_unix_fd_source_new (mailimap_idle_get_fd (imap (self)),
                                                          G_IO_IN | G_IO_HUP | G_IO_ERR),
                              G_SOURCE_FUNC (on_socket));

  return G_SOURCE_REMOVE;
}

/* Public API, on the owner's context ------------------------------------ */

static gboolean
restart (gpointer data)
{
  CrImapSync *self = data;

  cr_imap_sync_idle_stop (self);
  self->idle_failures = 0;
  cr_imap_sync_idle_schedule (self);

  return G_SOURCE_REMOVE;
}

/* Through the worker's loop: IDLE is the worker's alone. The worker
 * thread outlives any such source (shutdown joins it first). */
static void
poke_worker (CrImapSync *self)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, restart, self, NULL);
  g_source_set_static_name (source, "[courrier] imap idle restart");
  g_source_attach (source, self->worker_context);
}

/**
 * cr_imap_sync_set_push:
 * @push: whether to keep a connection in IDLE between jobs
 *
 * With push on, new mail (and other clients' changes) in the open folder,
 * or the inbox, is synced as soon as the server announces it.
 */
void
cr_imap_sync_set_push (CrImapSync *self,
                       gboolean    push)
{
  g_return_if_fail (CR_IS_IMAP_SYNC (self));

  g_mutex_lock (&self->lock);
  self->push = push;
  g_mutex_unlock (&self->lock);
  poke_worker (self);
}

/**
 * cr_imap_sync_set_open_folder:
 * @path: (nullable): the server path of the folder shown, %NULL for none
 *
 * IDLE watches this folder, and the inbox on a second connection.
 */
void
cr_imap_sync_set_open_folder (CrImapSync *self,
                              const char *path)
{
  g_return_if_fail (CR_IS_IMAP_SYNC (self));

  g_mutex_lock (&self->lock);
  if (g_strcmp0 (self->push_path, path) != 0)
    {
      g_free (self->push_path);
      self->push_path = g_strdup (path);
      /* Not idling as asked until the worker has moved. */
      self->idling = FALSE;
    }
  g_mutex_unlock (&self->lock);
  poke_worker (self);
}

/**
 * cr_imap_sync_get_idling:
 *
 * Returns: whether push is in place now: the connection waits in IDLE
 *   on the open folder (or the inbox), and, when another folder than the
 *   inbox is open, the inbox's own connection too
 */
gboolean
cr_imap_sync_get_idling (CrImapSync *self)
{
  gboolean idling;

  g_return_val_if_fail (CR_IS_IMAP_SYNC (self), FALSE);

  g_mutex_lock (&self->lock);
  idling = self->idling &&
           (self->watching || self->push_path == NULL || g_ascii_strcasecmp (self->push_path, "INBOX") == 0);
  g_mutex_unlock (&self->lock);

  return idling;
}
