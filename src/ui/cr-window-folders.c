/* cr-window-folders.c — folders made, renamed and deleted; the server search
 *
 * The sidebar's context menu asks; here the person is asked for a name
 * (CrFolderNameDialog) or to confirm a deletion (saying how many
 * messages go with it), and the account's IMAP worker does it on the
 * server. The sidebar follows by itself: the worker updates the store,
 * whose "changed" signal reloads the folder tree. A refusal (offline, a
 * name that exists) is shown with the server's words.
 *
 * Under the search bar, for a folder of an IMAP account, “Search on
 * Server” runs the same query as UID SEARCH (on the folder, or on every
 * folder of the account with “All Folders”): what the store lacked is
 * fetched and indexed, and the list, which searches the store, shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-folder-name-dialog.h"
#include "cr-imap-folder-ops.h"
#include "cr-imap-sync.h"
#include "cr-window-private.h"

/* Helpers ---------------------------------------------------------------- */

static CrImapSync *
imap_for (CrWindow   *self,
          const char *account_id)
{
  if (self->scheduler == NULL)
    return NULL;

  return cr_sync_scheduler_get_imap_sync (self->scheduler, account_id);
}

static void
show_error (CrWindow   *self,
            const char *heading,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_offline (CrWindow   *self,
              const char *heading)
{
  show_error (self, heading, _("The account is not connected to its server. Try again once it is."));
}

static void
toast (CrWindow   *self,
       const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* What the callbacks need once the window may be gone. */
typedef struct
{
  GWeakRef  window;
  char     *account_id;
  char     *name;
} Request;

static Request *
request_new (CrWindow   *self,
             const char *account_id,
             const char *name)
{
  Request *request = g_new0 (Request, 1);

  g_weak_ref_init (&request->window, self);
  request->account_id = g_strdup (account_id);
  request->name = g_strdup (name);

  return request;
}

static void
request_free (Request *request)
{
  g_weak_ref_clear (&request->window);
  g_free (request->account_id);
  g_free (request->name);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* The folder is chosen once the sidebar has it: the store says so after
 * the job's answer, on its next "changed". */
typedef struct
{
  GWeakRef  window;
  char     *account_id;
  char     *path;
  gulong    handler;
} PendingSelection;

static gboolean
try_select (CrWindow   *self,
            const char *account_id,
            const char *path)
{
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (self->store, account_id, path, NULL);

  return folder != NULL && cr_folder_sidebar_select_folder (self->sidebar, folder->id);
}

static void
pending_free (gpointer data,
              GClosure *closure)
{
  PendingSelection *pending = data;

  g_weak_ref_clear (&pending->window);
  g_free (pending->account_id);
  g_free (pending->path);
  g_free (pending);
}

static void
on_store_changed_select (CrStore          *store,
                         gint64            folder_id,
                         CrStoreChange     change,
                         PendingSelection *pending)
{
  g_autoptr(CrWindow) self = g_weak_ref_get (&pending->window);

  if (self == NULL ||
      ((change & CR_STORE_CHANGE_FOLDERS) != 0 && try_select (self, pending->account_id, pending->path)))
    g_signal_handler_disconnect (store, pending->handler);
}

static void
select_path (CrWindow   *self,
             const char *account_id,
             const char *path)
{
  PendingSelection *pending;

  if (self->store == NULL || try_select (self, account_id, path))
    return;

  pending = g_new0 (PendingSelection, 1);
  g_weak_ref_init (&pending->window, self);
  pending->account_id = g_strdup (account_id);
  pending->path = g_strdup (path);
  /* After the sidebar's own handler, which reloads the tree. */
  pending->handler = g_signal_connect_data (self->store, "changed", G_CALLBACK (on_store_changed_select),
                                            pending, pending_free, G_CONNECT_AFTER);
}

/* The delimiter the account's folders use, for the name check. */
static char
account_delimiter (CrWindow   *self,
                   const char *account_id)
{
  g_autoptr(GPtrArray) folders = NULL;

  if (self->store == NULL || (folders = cr_store_list_folders (self->store, account_id, NULL)) == NULL)
    return '\0';
  for (guint i = 0; i < folders->len; i++)
    if (((CrFolderInfo *) folders->pdata[i])->delimiter != '\0')
      return ((CrFolderInfo *) folders->pdata[i])->delimiter;

  return '\0';
}

/* Create ----------------------------------------------------------------- */

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(CrWindow) self = g_weak_ref_get (&request->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cr_imap_sync_create_folder_finish (CR_IMAP_SYNC (source), result, &error);
  g_autofree char *title = NULL;

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (path == NULL)
    {
      show_error (self, _("Could Not Create the Folder"), error->message);
      return;
    }

  select_path (self, request->account_id, path);
  /* Translators: %s is a folder name */
  title = g_strdup_printf (_("Folder “%s” created"), request->name);
  toast (self, title);
}

static void
on_create_response (CrFolderNameDialog *dialog,
                    const char         *response,
                    gpointer            user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(CrWindow) self = g_weak_ref_get (&request->window);
  const char *parent = g_object_get_data (G_OBJECT (dialog), "cr-parent-path");
  const char *name;
  CrImapSync *imap;

  if (self == NULL || g_strcmp0 (response, "accept") != 0)
    return;

  if ((imap = imap_for (self, request->account_id)) == NULL)
    {
      show_offline (self, _("Could Not Create the Folder"));
      return;
    }
  g_free (request->name);
  request->name = g_strstrip (g_strdup (cr_folder_name_dialog_get_name (dialog)));
  name = request->name;
  cr_imap_sync_create_folder_async (imap, parent, name, self->folders_cancellable,
                                    on_created, g_steal_pointer (&request));
}

static void
on_create_folder (CrWindow     *self,
                  CrAccount    *account,
                  CrFolderInfo *parent)
{
  const char *account_id = cr_account_get_id (account);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a folder or an account name */
  body = g_strdup_printf (_("The new folder will be made in “%s”, on the server."),
                          parent != NULL ? parent->name : cr_account_get_display_name (account));
  dialog = cr_folder_name_dialog_new (GTK_WINDOW (self),
                                      parent != NULL ? _("New Subfolder") : _("New Folder"),
                                      body, _("C_reate"), NULL,
                                      parent != NULL ? parent->delimiter : account_delimiter (self, account_id));
  if (parent != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "cr-parent-path", g_strdup (parent->path), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_create_response),
                    request_new (self, account_id, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rename ----------------------------------------------------------------- */

static void
on_renamed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(CrWindow) self = g_weak_ref_get (&request->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cr_imap_sync_rename_folder_finish (CR_IMAP_SYNC (source), result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (path == NULL)
    {
      show_error (self, _("Could Not Rename the Folder"), error->message);
      return;
    }

  select_path (self, request->account_id, path);
}

static void
on_rename_response (CrFolderNameDialog *dialog,
                    const char         *response,
                    gpointer            user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(CrWindow) self = g_weak_ref_get (&request->window);
  const char *path;
  CrImapSync *imap;

  if (self == NULL || g_strcmp0 (response, "accept") != 0)
    return;

  if ((imap = imap_for (self, request->account_id)) == NULL)
    {
      show_offline (self, _("Could Not Rename the Folder"));
      return;
    }
  path = request->name;
  cr_imap_sync_rename_folder_async (imap, path, cr_folder_name_dialog_get_name (dialog),
                                    self->folders_cancellable, on_renamed, g_steal_pointer (&request));
}

static void
on_rename_folder (CrWindow     *self,
                  CrFolderInfo *folder)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a folder name */
  body = g_strdup_printf (_("“%s” will be renamed on the server. It keeps its messages and subfolders."),
                          folder->name);
  dialog = cr_folder_name_dialog_new (GTK_WINDOW (self), _("Rename Folder"), body, _("_Rename"),
                                      folder->name, folder->delimiter);
  /* request->name holds the path here: the folder to rename. */
  g_signal_connect (dialog, "response", G_CALLBACK (on_rename_response),
                    request_new (self, folder->account_id, folder->path));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Delete ----------------------------------------------------------------- */

static void
on_deleted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(CrWindow) self = g_weak_ref_get (&request->window);
  g_autoptr(GError) error = NULL;

  if (cr_imap_sync_delete_folder_finish (CR_IMAP_SYNC (source), result, &error) || self == NULL ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  show_error (self, _("Could Not Delete the Folder"), error->message);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(CrWindow) self = g_weak_ref_get (&request->window);
  g_autoptr(CrFolderInfo) inbox = NULL;
  g_autoptr(CrFolderInfo) going = NULL;
  const char *path;
  CrImapSync *imap;

  if (self == NULL || g_strcmp0 (response, "delete") != 0)
    return;

  if ((imap = imap_for (self, request->account_id)) == NULL)
    {
      show_offline (self, _("Could Not Delete the Folder"));
      return;
    }

  /* The folder shown is going (or is under it): show the inbox instead. */
  going = cr_store_lookup_folder (self->store, request->account_id, request->name, NULL);
  if (self->folder != NULL && going != NULL && g_strcmp0 (self->folder->account_id, request->account_id) == 0 &&
      cr_imap_folder_in_tree (self->folder->path, going) &&
      (inbox = cr_store_lookup_folder_by_role (self->store, request->account_id, CR_FOLDER_ROLE_INBOX, NULL)) != NULL)
    cr_folder_sidebar_select_folder (self->sidebar, inbox->id);

  path = request->name;
  cr_imap_sync_delete_folder_async (imap, path, self->folders_cancellable,
                                    on_deleted, g_steal_pointer (&request));
}

/* The messages that go with @folder, its subfolders' included. */
static guint
count_tree (CrWindow     *self,
            CrFolderInfo *folder,
            gboolean     *out_children)
{
  g_autoptr(GPtrArray) folders = cr_store_list_folders (self->store, folder->account_id, NULL);
  guint total = 0;

  *out_children = FALSE;
  for (guint i = 0; folders != NULL && i < folders->len; i++)
    {
      CrFolderInfo *info = folders->pdata[i];
      gboolean child = info->id != folder->id && cr_imap_folder_in_tree (info->path, folder);

      if (child || info->id == folder->id)
        total += info->total;
      *out_children |= child;
    }

  return total;
}

static void
on_delete_folder (CrWindow     *self,
                  CrFolderInfo *folder)
{
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  gboolean children;
  guint total = count_tree (self, folder, &children);
  GtkWidget *dialog;

  /* Translators: %s is a folder name */
  heading = g_strdup_printf (_("Delete “%s”?"), folder->name);
  if (total == 0)
    g_string_append (body, _("The folder is empty."));
  else
    g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                               "The %u message in it will be deleted too.",
                                               "The %u messages in it will be deleted too.", total),
                            total);
  if (children)
    g_string_append_printf (body, " %s", _("Its subfolders will be deleted too."));
  g_string_append_printf (body, " %s", _("This cannot be undone."));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  /* A slip of the Enter key must not delete: Cancel is the default. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_delete_response),
                    request_new (self, folder->account_id, folder->path));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The server search ------------------------------------------------------- */

static gboolean
server_search_possible (CrWindow *self)
{
  CrAccount *account;

  if (self->folder == NULL || !gtk_search_bar_get_search_mode (self->search_bar) ||
      *gtk_editable_get_text (self->search_entry) == '\0')
    return FALSE;

  account = cr_account_manager_lookup (cr_context_get_account_manager (self->context),
                                       self->folder->account_id);

  return account != NULL &&
         cr_server_get_protocol (cr_account_get_incoming (account)) == CR_PROTOCOL_IMAP;
}

static void
update_server_search (CrWindow *self)
{
  gboolean possible = server_search_possible (self);

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->server_search_row), possible);
  if (!possible && self->server_search_cancellable != NULL)
    g_cancellable_cancel (self->server_search_cancellable);
}

/* A new query or folder: the last answer no longer applies. */
static void
reset_server_search (CrWindow *self)
{
  g_cancellable_cancel (self->server_search_cancellable);
  gtk_label_set_text (GTK_LABEL (self->server_search_label),
                      _("Older messages may be only on the server."));
  update_server_search (self);
}

static void
set_searching (CrWindow *self,
               gboolean  searching)
{
  gtk_spinner_set_spinning (GTK_SPINNER (self->server_search_spinner), searching);
  gtk_widget_set_visible (self->server_search_spinner, searching);
  gtk_widget_set_sensitive (self->server_search_button, !searching);
}

static void
on_server_searched (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CrWindow) self = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = cr_imap_sync_search_server_finish (CR_IMAP_SYNC (source), result, &error);
  g_autofree char *text = NULL;

  g_weak_ref_clear (user_data);
  g_free (user_data);
  if (self == NULL)
    return;
  set_searching (self, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ids == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->server_search_label), error->message);
      return;
    }

  /* Translators: what “Search on Server” found */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message found on the server.",
                                       "%u messages found on the server.", ids->len),
                          ids->len);
  gtk_label_set_text (GTK_LABEL (self->server_search_label), text);
  /* The store has them now: the list searches it again. */
  if (self->model != NULL)
    cr_message_list_model_reload (self->model);
}

static void
on_server_search_clicked (CrWindow *self)
{
  gboolean everywhere = gtk_toggle_button_get_active (self->search_all_button);
  CrImapSync *imap;
  GWeakRef *ref;

  if (!server_search_possible (self))
    return;
  if ((imap = imap_for (self, self->folder->account_id)) == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->server_search_label),
                          _("The account is not connected to its server. Try again once it is."));
      return;
    }

  g_cancellable_cancel (self->server_search_cancellable);
  g_clear_object (&self->server_search_cancellable);
  self->server_search_cancellable = g_cancellable_new ();
  set_searching (self, TRUE);
  gtk_label_set_text (GTK_LABEL (self->server_search_label), _("Searching on the server…"));

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  cr_imap_sync_search_server_async (imap, everywhere ? NULL : self->folder->path,
                                    gtk_editable_get_text (self->search_entry),
                                    self->server_search_cancellable, on_server_searched, ref);
}

/* A row under the search bar, made here so that the window's template
 * stays as it is. */
static void
build_server_search_row (CrWindow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self->search_bar));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->server_search_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->server_search_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->server_search_label), 0);
  gtk_widget_set_hexpand (self->server_search_label, TRUE);
  gtk_widget_add_css_class (self->server_search_label, "dim-label");
  gtk_widget_add_css_class (self->server_search_label, "caption");
  self->server_search_spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->server_search_spinner, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->server_search_spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Searching on the server…"), -1);
  self->server_search_button = gtk_button_new_with_mnemonic (_("Search on _Server"));
  gtk_widget_set_valign (self->server_search_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->server_search_button,
                               _("Ask the server for messages this computer does not have"));
  g_signal_connect_object (self->server_search_button, "clicked",
                           G_CALLBACK (on_server_search_clicked), self, G_CONNECT_SWAPPED);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_box_append (GTK_BOX (box), self->server_search_label);
  gtk_box_append (GTK_BOX (box), self->server_search_spinner);
  gtk_box_append (GTK_BOX (box), self->server_search_button);

  self->server_search_row = gtk_revealer_new ();
  gtk_revealer_set_child (GTK_REVEALER (self->server_search_row), box);
  g_return_if_fail (GTK_IS_BOX (parent));
  gtk_box_insert_child_after (GTK_BOX (parent), self->server_search_row, GTK_WIDGET (self->search_bar));
}

/* Setup ------------------------------------------------------------------- */

void
cr_window_init_folders (CrWindow *self)
{
  self->folders_cancellable = g_cancellable_new ();
  self->server_search_cancellable = g_cancellable_new ();

  g_signal_connect_object (self->sidebar, "create-folder", G_CALLBACK (on_create_folder),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "rename-folder", G_CALLBACK (on_rename_folder),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "delete-folder", G_CALLBACK (on_delete_folder),
                           self, G_CONNECT_SWAPPED);

  build_server_search_row (self);
  reset_server_search (self);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (reset_server_search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_all_button, "toggled",
                           G_CALLBACK (reset_server_search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (update_server_search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "folder-selected",
                           G_CALLBACK (reset_server_search), self, G_CONNECT_SWAPPED);
}

void
cr_window_dispose_folders (CrWindow *self)
{
  if (self->folders_cancellable != NULL)
    g_cancellable_cancel (self->folders_cancellable);
  if (self->server_search_cancellable != NULL)
    g_cancellable_cancel (self->server_search_cancellable);
  g_clear_object (&self->folders_cancellable);
  g_clear_object (&self->server_search_cancellable);
}
