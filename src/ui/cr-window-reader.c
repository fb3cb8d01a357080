/* cr-window-reader.c — the third pane: the message selected, read
 *
 * Selecting one message loads its body: the store's copy when it has one
 * (POP and local messages always do), else the account's IMAP worker
 * fetches it. It is parsed off the main thread, then shown; a narrow
 * window moves on to it. The reader's own buttons and its read timeout
 * go through the window's actions, so they act like the list's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-reader-web.h"
#include "cr-window-private.h"

/* One body on its way to the reader. */
typedef struct
{
  CrWindow *window;
  GBytes   *raw;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->window);
  g_clear_pointer (&load->raw, g_bytes_unref);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static Load *
load_new (CrWindow *self)
{
  Load *load = g_new0 (Load, 1);

  load->window = g_object_ref (self);

  return load;
}

static void
show_status (CrWindow   *self,
             const char *title,
             const char *description)
{
  cr_reader_view_clear (self->reader);
  g_clear_pointer (&self->reader_raw, g_bytes_unref);
  cr_window_update_compose_actions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->reader), FALSE);
  gtk_widget_set_visible (self->reader_status, TRUE);
  adw_status_page_set_title (ADW_STATUS_PAGE (self->reader_status), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->reader_status), description);
}

static void
cancel_load (CrWindow *self)
{
  g_cancellable_cancel (self->reader_cancellable);
  g_clear_object (&self->reader_cancellable);
}

static void
show_nothing (CrWindow *self)
{
  self->reader_message_id = 0;
  cancel_load (self);
  show_status (self, _("No Message Selected"), _("Choose a message to read it here."));
}

static void
on_parsed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrMimeMessage) message = NULL;
  CrWindow *self = load->window;

  message = cr_mime_message_new_from_bytes_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (message == NULL)
    {
      show_status (self, _("The Message Could Not Be Read"), error->message);
      return;
    }

  gtk_widget_set_visible (self->reader_status, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->reader), TRUE);
  cr_reader_view_show_message (self->reader, message, load->raw);
  /* Kept for “Forward”. */
  g_clear_pointer (&self->reader_raw, g_bytes_unref);
  self->reader_raw = g_bytes_ref (load->raw);
  cr_window_update_compose_actions (self);
}

static void
parse (Load *load)
{
  CrWindow *self = load->window;
  CrMimeParseFlags flags = CR_MIME_PARSE_DEFAULT;

  if (g_settings_get_boolean (self->settings, "prefer-plain-text"))
    flags |= CR_MIME_PARSE_PREFER_PLAIN;

  cr_mime_message_new_from_bytes_async (load->raw, flags, self->reader_cancellable, on_parsed, load);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;

  load->raw = cr_imap_sync_fetch_body_finish (CR_IMAP_SYNC (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (load->raw == NULL)
    {
      show_status (load->window, _("The Message Could Not Be Downloaded"), error->message);
      return;
    }

  parse (g_steal_pointer (&load));
}

static CrImapSync *
imap_sync_for (CrWindow      *self,
               CrMessageInfo *info)
{
  g_autoptr(CrFolderInfo) folder = NULL;

  if (self->scheduler == NULL)
    return NULL;
  folder = cr_store_get_folder (self->store, info->folder_id, NULL);
  if (folder == NULL)
    return NULL;

  return cr_sync_scheduler_get_imap_sync (self->scheduler, folder->account_id);
}

static void
load_message (CrWindow      *self,
              CrMessageInfo *info)
{
  g_autoptr(Load) load = load_new (self);
  g_autoptr(GError) error = NULL;
  CrImapSync *sync;

  cancel_load (self);
  self->reader_cancellable = g_cancellable_new ();
  self->reader_message_id = info->id;
  cr_reader_view_set_flagged (self->reader, (info->flags & CR_MESSAGE_FLAG_FLAGGED) != 0);

  load->raw = cr_store_load_body (self->store, info->id, &error);
  if (load->raw != NULL)
    {
      parse (g_steal_pointer (&load));
      return;
    }

  sync = imap_sync_for (self, info);
  if (!g_error_matches (error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND) || sync == NULL)
    {
      show_status (self, _("The Message Could Not Be Read"),
                   error != NULL && sync != NULL ? error->message
                                                 : _("Its text is not on this computer, and its server cannot be reached."));
      return;
    }

  show_status (self, _("Downloading the Message…"), NULL);
  cr_imap_sync_fetch_body_async (sync, info->id, self->reader_cancellable, on_fetched,
                                 g_steal_pointer (&load));
}

/* Called when the list's rows change: a refill (reported as emptied,
 * then filled) drops the selection, but the message shown is still
 * there. Returns TRUE when it stays in the reader: selected again, or
 * the list is empty for the moment of the refill. */
gboolean
cr_window_keep_reader_selection (CrWindow *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  guint position;

  if (self->model == NULL || self->reader_message_id == 0)
    return FALSE;
  rows = cr_message_list_dup_selected (self->message_list);
  if (rows->len > 0)
    return FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return TRUE;

  position = cr_message_list_model_find (self->model, self->reader_message_id);
  if (position == G_MAXUINT)
    return FALSE;
  cr_message_list_select (self->message_list, position);

  return TRUE;
}

/* Called when the list's selection changes. */
void
cr_window_update_reader (CrWindow *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  CrMessageInfo *info;

  if (self->store == NULL)
    return;

  rows = cr_message_list_dup_selected (self->message_list);
  if (rows->len != 1)
    {
      show_nothing (self);
      return;
    }

  info = cr_message_row_get_info (rows->pdata[0]);
  /* A row updated in place (a flag, read) keeps the message shown. */
  if (info->id == self->reader_message_id)
    {
      cr_reader_view_set_flagged (self->reader, (info->flags & CR_MESSAGE_FLAG_FLAGGED) != 0);
      return;
    }

  load_message (self, info);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->reader_pane);
}

static void
on_delete_requested (CrWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.delete", NULL);
}

static void
on_junk_requested (CrWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.junk", NULL);
}

static void
on_flag_requested (CrWindow *self,
                   gboolean  flagged)
{
  if (self->reader_message_id != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.flag-message", "x", self->reader_message_id);
}

/* Marked read as the list's “Mark as Read” does: here, then on the server. */
static void
on_read_timeout (CrWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.mark-read", NULL);
}

void
cr_window_init_reader (CrWindow *self)
{
  self->reader = cr_reader_view_new ();
  gtk_widget_set_vexpand (GTK_WIDGET (self->reader), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->reader), FALSE);
  cr_reader_view_set_store_actions (self->reader, TRUE);
  gtk_box_append (GTK_BOX (self->reader_pane), GTK_WIDGET (self->reader));

  g_signal_connect_object (self->reader, "delete-requested", G_CALLBACK (on_delete_requested),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader, "junk-requested", G_CALLBACK (on_junk_requested),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader, "flag-requested", G_CALLBACK (on_flag_requested),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader, "read-timeout", G_CALLBACK (on_read_timeout),
                           self, G_CONNECT_SWAPPED);
}

void
cr_window_dispose_reader (CrWindow *self)
{
  cancel_load (self);
  g_clear_pointer (&self->reader_raw, g_bytes_unref);
}

/* The window is closing: its reader's web process ends now. WebKit can
 * keep a process without pages alive for long (seen under ASan), and with
 * “run-in-background” Courrier runs on without the window. */
void
cr_window_end_web_process (CrWindow *self)
{
  GtkWidget *body = cr_reader_view_get_body_widget (self->reader);
  GtkWidget *stack = body != NULL ? gtk_widget_get_parent (body) : NULL;

  /* The HTML view, shown or not: the body stack's children. */
  for (GtkWidget *child = stack != NULL ? gtk_widget_get_first_child (stack) : NULL;
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (CR_IS_READER_WEB (child) && cr_reader_web_get_web_view (CR_READER_WEB (child)) != NULL)
      webkit_web_view_terminate_web_process (cr_reader_web_get_web_view (CR_READER_WEB (child)));
}

/**
 * cr_window_show_message:
 *
 * Opens the folder of the message, selects it in the list and so shows
 * it in the reader (a notification's click).
 *
 * Returns: %FALSE when the message is not (or no longer) in the store
 */
gboolean
cr_window_show_message (CrWindow *self,
                        gint64    message_id)
{
  g_autoptr(CrMessageInfo) info = NULL;
  guint position;

  g_return_val_if_fail (CR_IS_WINDOW (self), FALSE);

  /* A window opened by the click itself (running in the background). */
  if (self->store == NULL)
    {
      self->pending_message = message_id;
      return TRUE;
    }
  info = cr_store_get_message (self->store, message_id, NULL);
  if (info == NULL || !cr_folder_sidebar_select_folder (self->sidebar, info->folder_id))
    return FALSE;

  position = cr_message_list_model_find (self->model, message_id);
  if (position == G_MAXUINT)
    return FALSE;
  cr_message_list_select (self->message_list, position);

  return TRUE;
}

CrReaderView *
cr_window_get_reader (CrWindow *self)
{
  g_return_val_if_fail (CR_IS_WINDOW (self), NULL);

  return self->reader;
}
