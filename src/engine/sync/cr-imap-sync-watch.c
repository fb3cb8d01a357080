/* cr-imap-sync-watch.c — push for the inbox while another folder is open
 *
 * The worker's connection waits in IDLE on the open folder
 * (cr-imap-sync-idle.c). When that folder is not the inbox, new mail in
 * the inbox would wait for the next poll; so a second connection, the
 * watcher, EXAMINEs the inbox and waits in IDLE there. It only listens:
 * on a wake-up it leaves IDLE and the inbox is synced by the worker's own
 * connection like any job (which leaves its IDLE for that time), then
 * both go back to IDLE. The watcher lives on the worker thread too — a
 * libetpan session belongs to one thread — and never holds the worker
 * up: its socket is one more source on the worker's context, and a job
 * never has to wait for it to leave IDLE.
 *
 * Same rules as the other IDLE: bytes already buffered count as a
 * wake-up, renewed every 20 minutes, tried again after 5 s, 10 s, … up
 * to 5 minutes after a failure. It closes when push is turned off, when
 * the inbox itself is open, and with the worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-imap-sync-private.h"
#include "cr-net-error.h"

#define REFRESH_S     (20 * 60)
#define RETRY_FIRST_S 5
#define RETRY_MAX_S   300

static gboolean watch_start (gpointer data);

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
  g_source_set_static_name (source, "[courrier] imap inbox watch");
  g_source_attach (source, self->worker_context);

  return source;
}

static void
set_watching (CrImapSync *self,
              gboolean    watching)
{
  g_mutex_lock (&self->lock);
  self->watching = watching;
  g_mutex_unlock (&self->lock);
}

static mailimap *
watch_imap (CrImapSync *self)
{
  return cr_imap_session_get_imap (self->watch_session);
}

/* Leaves IDLE (DONE) and drops the pending sources; the connection
 * stays for the next IDLE unless DONE failed. */
static void
watch_pause (CrImapSync *self)
{
  gboolean in_idle = self->watch_wait != NULL;

  clear_source (&self->watch_start);
  clear_source (&self->watch_wait);
  clear_source (&self->watch_refresh);
  set_watching (self, FALSE);

  if (in_idle && self->watch_session != NULL &&
      mailimap_idle_done (watch_imap (self)) != MAILIMAP_NO_ERROR)
    cr_session_disconnect (CR_SESSION (self->watch_session));
}

/**
 * cr_imap_sync_watch_close:
 *
 * On the worker thread: leaves IDLE and closes the watcher's connection.
 */
void
cr_imap_sync_watch_close (CrImapSync *self)
{
  watch_pause (self);
  if (self->watch_session != NULL)
    cr_session_disconnect (CR_SESSION (self->watch_session));
  g_clear_object (&self->watch_session);
}

/* Push on, and a folder other than the inbox open. */
static gboolean
wanted (CrImapSync *self)
{
  gboolean want;

  g_mutex_lock (&self->lock);
  want = self->push && !self->shutting_down && self->push_path != NULL &&
         g_ascii_strcasecmp (self->push_path, "INBOX") != 0;
  g_mutex_unlock (&self->lock);

  return want;
}

/**
 * cr_imap_sync_watch_update:
 *
 * On the worker thread: starts the watcher when it is wanted and not
 * running, closes it when it is no longer wanted.
 */
void
cr_imap_sync_watch_update (CrImapSync *self)
{
  GSource *source;

  if (!wanted (self))
    {
      cr_imap_sync_watch_close (self);
      return;
    }
  if (self->watch_start != NULL || self->watch_wait != NULL)
    return;

  if (self->watch_failures == 0)
    {
      source = g_idle_source_new ();
      g_source_set_priority (source, G_PRIORITY_LOW);
    }
  else
    {
      guint delay = RETRY_FIRST_S << MIN (self->watch_failures - 1, 6);

      source = g_timeout_source_new_seconds (MIN (delay, RETRY_MAX_S));
    }
  self->watch_start = attach (self, source, watch_start);
}

/* Connected, logged in, the inbox EXAMINEd (read-only: the watcher
 * changes nothing, not even \Recent), in IDLE. */
static gboolean
enter_idle (CrImapSync    *self,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *password = NULL;
  gboolean ok;
  int r;

  if (self->watch_session == NULL || !cr_imap_session_is_connected (self->watch_session))
    {
      g_clear_object (&self->watch_session);
      g_mutex_lock (&self->lock);
      password = g_strdup (self->password);
      g_mutex_unlock (&self->lock);
      if (password == NULL)
        {
          g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_AUTH_FAILED,
                       /* Translators: %s is the account’s name */
                       _("No password is known for the account “%s”."), self->account_name);
          return FALSE;
        }

      self->watch_session = cr_imap_session_new (self->server, self->login, self->certificates, self->database);
      ok = cr_session_connect_sync (CR_SESSION (self->watch_session), password, cancellable, error);
      memset (password, 0, strlen (password));
      if (!ok)
        return FALSE;
    }

  if (!mailimap_has_idle (watch_imap (self)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The server cannot tell when new mail arrives (no IDLE)."));
      return FALSE;
    }

  cr_session_set_cancellable (CR_SESSION (self->watch_session), cancellable);
  r = mailimap_examine (watch_imap (self), "INBOX");
  if (r == MAILIMAP_NO_ERROR)
    {
      self->watch_exists = watch_imap (self)->imap_selection_info->sel_exists;
      r = mailimap_idle (watch_imap (self));
    }
  cr_session_set_cancellable (CR_SESSION (self->watch_session), NULL);
  if (r != MAILIMAP_NO_ERROR)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        cr_imap_session_set_error (self->watch_session, r, error);
      cr_session_disconnect (CR_SESSION (self->watch_session));
      return FALSE;
    }

  return TRUE;
}

static gpointer
sync_inbox (CrImapSync     *self,
            CrImapSyncRun  *run,
            gpointer        data,
            GError        **error)
{
  g_autoptr(CrFolderInfo) inbox = NULL;

  inbox = cr_store_lookup_folder_by_role (self->store, self->account_id, CR_FOLDER_ROLE_INBOX, error);
  if (inbox != NULL && !cr_imap_sync_run_folder (run, inbox, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static gboolean
woken (gpointer data)
{
  CrImapSync *self = data;
  g_autoptr(GError) error = NULL;

  watch_pause (self);

  /* The worker's connection syncs it, as a job would. */
  cr_imap_sync_idle_stop (self);
  if (cr_imap_sync_worker_run (self, sync_inbox, NULL, NULL, &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Inbox sync after IDLE of %s: %s", self->account_id, error->message);
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

  watch_pause (self);
  cr_imap_sync_watch_update (self);

  return G_SOURCE_REMOVE;
}

static void
failed (CrImapSync   *self,
        const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("IDLE on the inbox of %s: %s", self->account_id, error->message);
  /* Without IDLE there is nothing to wait for: the polls do it. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    self->watch_failures++;
  else
    self->watch_failures = 7;
  cr_imap_sync_watch_close (self);
}

static gboolean
watch_start (gpointer data)
{
  CrImapSync *self = data;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gboolean stopping, ok;
  mailimap *imap;

  g_clear_pointer (&self->watch_start, g_source_unref);
  if (!wanted (self))
    return G_SOURCE_REMOVE;

  /* Cancellable by shutdown, like a job. */
  g_mutex_lock (&self->lock);
  stopping = self->shutting_down;
  if (!stopping)
    g_set_object (&self->current, cancellable);
  g_mutex_unlock (&self->lock);
  if (stopping)
    return G_SOURCE_REMOVE;

  ok = enter_idle (self, cancellable, &error);

  g_mutex_lock (&self->lock);
  g_clear_object (&self->current);
  g_mutex_unlock (&self->lock);

  if (!ok)
    {
      failed (self, error);
      cr_imap_sync_watch_update (self);
      return G_SOURCE_REMOVE;
    }

  self->watch_failures = 0;
  set_watching (self, TRUE);
  self->watch_refresh = attach (self, g_timeout_source_new_seconds (REFRESH_S), on_refresh);

  /* Data already read would never wake the socket. */
  imap = watch_imap (self);
  if (imap->imap_stream->read_buffer_len > 0 || imap->imap_selection_info->sel_exists != self->watch_exists)
    self->watch_wait = attach (self, g_idle_source_new (), woken);
  else
    self->watch_wait = attach (self, g_unix_fd_source_new (mailimap_idle_get_fd (imap),
                                                           G_IO_IN | G_IO_HUP | G_IO_ERR),
                               G_SOURCE_FUNC (on_socket));

  return G_SOURCE_REMOVE;
}
