/* cr-imap-sync-state.c — what the UI shows of an account, and when it
 * syncs by itself
 *
 * The worker posts its status (syncing, up to date, offline, refused)
 * and the quota to the owner's context, where the properties change and
 * notify. With auto-sync on, the account is synced at once, then every
 * check interval (CrAccount:check-interval, minutes; IDLE covers the
 * open folder in between), again after a failure with a backoff of 15 s,
 * 30 s, … up to 10 minutes, and at once when GNetworkMonitor says the
 * network is back while the account was offline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libetpan/libetpan.h>

#include "cr-imap-sync-private.h"
#include "cr-net-error.h"

#define BACKOFF_FIRST_S 15
#define BACKOFF_MAX_S   600

G_DEFINE_ENUM_TYPE (CrImapSyncStatus, cr_imap_sync_status,
                    G_DEFINE_ENUM_VALUE (CR_IMAP_SYNC_STATUS_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (CR_IMAP_SYNC_STATUS_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (CR_IMAP_SYNC_STATUS_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (CR_IMAP_SYNC_STATUS_ERROR, "error"))

/* From the worker ------------------------------------------------------ */

typedef struct
{
  CrImapSync       *self;
  gboolean          quota;
  CrImapSyncStatus  status;
  char             *message;
  guint64           used;
  guint64           limit;
} Post;

static void
post_free (gpointer data)
{
  Post *post = data;

  g_object_unref (post->self);
  g_free (post->message);
  g_free (post);
}

static gboolean
apply_post (gpointer data)
{
  Post *post = data;
  CrImapSync *self = post->self;

  if (post->quota)
    {
      if (self->quota_used == post->used && self->quota_limit == post->limit)
        return G_SOURCE_REMOVE;
      self->quota_used = post->used;
      self->quota_limit = post->limit;
      cr_imap_sync_notify_quota (self);
      return G_SOURCE_REMOVE;
    }

  if (self->status == post->status && g_strcmp0 (self->last_error, post->message) == 0)
    return G_SOURCE_REMOVE;
  self->status = post->status;
  g_free (self->last_error);
  self->last_error = g_steal_pointer (&post->message);
  cr_imap_sync_notify_state (self);

  return G_SOURCE_REMOVE;
}

static void
send_post (CrImapSync *self,
           Post       *post)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  post->self = g_object_ref (self);
  g_source_set_callback (source, apply_post, post, post_free);
  g_source_set_static_name (source, "[courrier] imap state");
  g_source_attach (source, self->owner_context);
}

static gboolean
is_offline_error (const GError *error)
{
  /* A handshake cut short (TLS_FAILED) is what a dying network gives
   * too; the message still says which. Certificates and passwords are
   * errors. */
  if (error->domain == CR_NET_ERROR)
    return error->code == CR_NET_ERROR_HOST_NOT_FOUND || error->code == CR_NET_ERROR_CONNECTION_REFUSED ||
           error->code == CR_NET_ERROR_TIMEOUT || error->code == CR_NET_ERROR_CONNECTION_LOST ||
           error->code == CR_NET_ERROR_TLS_FAILED;

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE);
}

/**
 * cr_imap_sync_post_status:
 * @error: (nullable): why the job failed
 *
 * Any thread. A cancelled job says nothing.
 */
void
cr_imap_sync_post_status (CrImapSync       *self,
                          CrImapSyncStatus  status,
                          const GError     *error)
{
  Post *post;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  post = g_new0 (Post, 1);
  post->status = status;
  if (error != NULL)
    {
      post->status = is_offline_error (error) ? CR_IMAP_SYNC_STATUS_OFFLINE : CR_IMAP_SYNC_STATUS_ERROR;
      post->message = g_strdup (error->message);
    }
  send_post (self, post);
}

void
cr_imap_sync_post_quota (CrImapSync *self,
                         guint64     used,
                         guint64     limit)
{
  Post *post = g_new0 (Post, 1);

  post->quota = TRUE;
  post->used = used;
  post->limit = limit;
  send_post (self, post);
}

/**
 * cr_imap_sync_run_quota:
 *
 * On the worker: GETQUOTAROOT INBOX when the server has QUOTA, the
 * STORAGE resource posted to the owner. Only a broken connection fails.
 */
gboolean
cr_imap_sync_run_quota (CrImapSync     *self,
                        CrImapSyncRun  *run,
                        GError        **error)
{
  mailimap *imap = cr_imap_session_get_imap (run->session);
  struct mailimap_quota_complete_data *data = NULL;
  int r;

  if (!mailimap_has_quota (imap))
    return TRUE;

  r = mailimap_quota_getquotaroot (imap, "INBOX", &data);
  run->round_trips++;
  /* A NO: no quota for this mailbox. */
  if (r == MAILIMAP_ERROR_EXTENSION)
    return TRUE;
  if (r != MAILIMAP_NO_ERROR)
    return cr_imap_sync_run_set_error (run, r, error);

  for (clistiter *it = clist_begin (data->quota_list); it != NULL; it = clist_next (it))
    {
      struct mailimap_quota_quota_data *quota = clist_content (it);

      for (clistiter *res = clist_begin (quota->quota_list); res != NULL; res = clist_next (res))
        {
          struct mailimap_quota_quota_resource *resource = clist_content (res);

          if (g_ascii_strcasecmp (resource->resource_name, "STORAGE") == 0)
            cr_imap_sync_post_quota (self, resource->usage, resource->limit);
        }
    }
  mailimap_quota_complete_data_free (data);

  return TRUE;
}

/* On the owner's context --------------------------------------------- */

CrImapSyncStatus
cr_imap_sync_get_status (CrImapSync *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SYNC (self), CR_IMAP_SYNC_STATUS_IDLE);

  return self->status;
}

const char *
cr_imap_sync_get_last_error (CrImapSync *self)
{
  g_return_val_if_fail (CR_IS_IMAP_SYNC (self), NULL);

  return self->last_error;
}

gboolean
cr_imap_sync_get_quota (CrImapSync *self,
                        guint64    *out_used,
                        guint64    *out_limit)
{
  g_return_val_if_fail (CR_IS_IMAP_SYNC (self), FALSE);

  if (out_used != NULL)
    *out_used = self->quota_used;
  if (out_limit != NULL)
    *out_limit = self->quota_limit;

  return self->quota_limit != 0;
}

static void run_auto (CrImapSync *self);

static gboolean
on_auto_timer (gpointer data)
{
  CrImapSync *self = data;

  self->auto_source = 0;
  run_auto (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_auto (CrImapSync *self,
               guint       seconds)
{
  g_clear_handle_id (&self->auto_source, g_source_remove);
  if (self->auto_sync && seconds > 0)
    self->auto_source = g_timeout_add_seconds (seconds, on_auto_timer, self);
}

static void
auto_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CrImapSync *self = CR_IMAP_SYNC (source);
  g_autoptr(GError) error = NULL;

  self->auto_running = FALSE;
  if (cr_imap_sync_sync_finish (self, result, &error))
    {
      self->auto_failures = 0;
      schedule_auto (self, cr_account_get_check_interval (self->account) * 60);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->auto_failures++;
  schedule_auto (self, MIN ((guint) BACKOFF_FIRST_S << MIN (self->auto_failures - 1, 10), BACKOFF_MAX_S));
}

static void
run_auto (CrImapSync *self)
{
  if (!self->auto_sync || self->auto_running)
    return;

  g_clear_handle_id (&self->auto_source, g_source_remove);
  self->auto_running = TRUE;
  /* The task holds a reference until it answers, even at shutdown. */
  cr_imap_sync_sync_async (self, NULL, auto_done, NULL);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    CrImapSync      *self)
{
  /* Back online: no need to wait for the backoff. */
  if (available && self->status == CR_IMAP_SYNC_STATUS_OFFLINE)
    {
      self->auto_failures = 0;
      run_auto (self);
    }
}

void
cr_imap_sync_set_auto_sync (CrImapSync *self,
                            gboolean    auto_sync)
{
  g_return_if_fail (CR_IS_IMAP_SYNC (self));

  if (self->auto_sync == auto_sync)
    return;

  if (!auto_sync)
    {
      cr_imap_sync_stop_auto (self);
      return;
    }

  self->auto_sync = TRUE;
  self->network_handler = g_signal_connect (g_network_monitor_get_default (), "network-changed",
                                            G_CALLBACK (on_network_changed), self);
  run_auto (self);
}

void
cr_imap_sync_stop_auto (CrImapSync *self)
{
  self->auto_sync = FALSE;
  g_clear_handle_id (&self->auto_source, g_source_remove);
  g_clear_signal_handler (&self->network_handler, g_network_monitor_get_default ());
}
