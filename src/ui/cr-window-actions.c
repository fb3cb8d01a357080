/* cr-window-actions.c — what the window does to messages
 *
 * Local-first: every action changes the store at once (the list follows
 * through CrStore::changed) and queues an operation that the sync engine
 * replays on the server. Moves (delete to Corbeille, junk, archive, move
 * to a folder, a drop on the sidebar) show a toast with “Undo”: undoing
 * puts the messages back and removes the queued move while it is still
 * waiting, or queues the reverse move when it has already been replayed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-window-private.h"

typedef struct
{
  gint64   message_id;
  gint64   from_folder_id;
  gint64   to_folder_id;
  guint32  uid;
  gint64   operation_id;
  char    *account_id;
} UndoEntry;

struct _CrUndo
{
  GPtrArray *entries; /* UndoEntry */
};

typedef enum
{
  TARGET_FOLDER, /* an explicit folder of the same account */
  TARGET_ROLE,   /* the account's special folder */
} TargetKind;

/* Messages of one source folder, moved or flagged together. */
typedef struct
{
  CrFolderInfo *folder;
  GArray       *ids;  /* gint64 */
  GArray       *uids; /* guint32, aligned with ids */
} Group;

static void
undo_entry_free (UndoEntry *entry)
{
  g_free (entry->account_id);
  g_free (entry);
}

static void
group_free (Group *group)
{
  g_clear_pointer (&group->folder, cr_folder_info_unref);
  g_array_unref (group->ids);
  g_array_unref (group->uids);
  g_free (group);
}

/* libadwaita 1.2 crashes when a toast is dismissed (or pushed aside by
 * a higher-priority one) while it is still sliding in: such a toast is
 * dismissed once its animation is over, and undo toasts queue normally. */
#define TOAST_SHOW_TIME_US (500 * G_TIME_SPAN_MILLISECOND)

static gboolean
dismiss_toast_later (gpointer data)
{
  CrWindow *self = data;

  self->dismiss_source = 0;
  if (self->dismissing_toast != NULL)
    adw_toast_dismiss (self->dismissing_toast);
  g_clear_object (&self->dismissing_toast);

  return G_SOURCE_REMOVE;
}

static void
dismiss_toast (CrWindow *self)
{
  gint64 age = g_get_monotonic_time () - self->undo_toast_shown;

  if (age >= TOAST_SHOW_TIME_US || self->dismiss_source != 0)
    {
      adw_toast_dismiss (self->undo_toast);
      return;
    }

  self->dismissing_toast = g_object_ref (self->undo_toast);
  self->dismiss_source = g_timeout_add ((guint) ((TOAST_SHOW_TIME_US - age) / 1000) + 1,
                                        dismiss_toast_later, self);
}

void
cr_window_clear_undo (CrWindow *self)
{
  if (self->undo != NULL)
    {
      g_ptr_array_unref (self->undo->entries);
      g_clear_pointer (&self->undo, g_free);
    }
  if (self->undo_toast != NULL)
    {
      dismiss_toast (self);
      g_clear_object (&self->undo_toast);
    }
}

/* The window goes: nothing left to dismiss later. */
void
cr_window_dispose_toasts (CrWindow *self)
{
  g_clear_handle_id (&self->dismiss_source, g_source_remove);
  g_clear_object (&self->dismissing_toast);
  if (self->undo != NULL)
    {
      g_ptr_array_unref (self->undo->entries);
      g_clear_pointer (&self->undo, g_free);
    }
  g_clear_object (&self->undo_toast);
}

static void
show_error (CrWindow     *self,
            const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Groups rows by the folder they are in (a search can span folders). */
static GPtrArray *
group_by_folder (CrWindow  *self,
                 GPtrArray *infos)
{
  g_autoptr(GHashTable) by_folder = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);

  for (guint i = 0; i < infos->len; i++)
    {
      CrMessageInfo *info = infos->pdata[i];
      Group *group = g_hash_table_lookup (by_folder, &info->folder_id);

      if (group == NULL)
        {
          CrFolderInfo *folder = cr_store_get_folder (self->store, info->folder_id, NULL);

          if (folder == NULL)
            continue;
          group = g_new0 (Group, 1);
          group->folder = folder;
          group->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          group->uids = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_hash_table_insert (by_folder, &group->folder->id, group);
          g_ptr_array_add (groups, group);
        }
      g_array_append_val (group->ids, info->id);
      g_array_append_val (group->uids, info->uid);
    }

  return groups;
}

static GPtrArray *
selected_infos (CrWindow *self)
{
  g_autoptr(GPtrArray) rows = cr_message_list_dup_selected_messages (self->message_list);
  GPtrArray *infos = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (infos, cr_message_info_ref (cr_message_row_get_info (rows->pdata[i])));

  return infos;
}

static CrOperation *
new_operation (Group           *group,
               CrOperationKind  kind)
{
  CrOperation *op = cr_operation_new (group->folder->account_id, kind, group->folder->id);

  g_array_append_vals (op->message_ids, group->ids->data, group->ids->len);
  g_array_append_vals (op->uids, group->uids->data, group->uids->len);

  return op;
}

/* Moves one group in the store and queues the move. */
static gboolean
move_group (CrWindow      *self,
            Group         *group,
            CrFolderInfo  *target,
            GPtrArray     *undo_entries,
            GError       **error)
{
  g_autoptr(CrOperation) op = new_operation (group, CR_OPERATION_MOVE);
  const gint64 *ids = (const gint64 *) (gpointer) group->ids->data;

  op->target_folder_id = target->id;
  if (!cr_store_move_messages (self->store, ids, group->ids->len, target->id, error))
    return FALSE;
  if (!cr_store_enqueue_operation (self->store, op, error))
    {
      /* Not queued, so not done: the server still has them there. */
      cr_store_move_messages (self->store, ids, group->ids->len, group->folder->id, NULL);
      for (guint i = 0; i < group->ids->len; i++)
        cr_store_set_message_uid (self->store, ids[i], g_array_index (group->uids, guint32, i), NULL);
      return FALSE;
    }

  for (guint i = 0; i < group->ids->len; i++)
    {
      UndoEntry *entry = g_new0 (UndoEntry, 1);

      entry->message_id = ids[i];
      entry->from_folder_id = group->folder->id;
      entry->to_folder_id = target->id;
      entry->uid = g_array_index (group->uids, guint32, i);
      entry->operation_id = op->id;
      entry->account_id = g_strdup (group->folder->account_id);
      g_ptr_array_add (undo_entries, entry);
    }

  return TRUE;
}

static CrFolderInfo *
resolve_target (CrWindow     *self,
                Group        *group,
                TargetKind    kind,
                CrFolderRole  role,
                CrFolderInfo *folder)
{
  if (kind == TARGET_ROLE)
    return cr_store_lookup_folder_by_role (self->store, group->folder->account_id, role, NULL);

  /* Between accounts a move is a download and an upload: not here. */
  if (g_strcmp0 (folder->account_id, group->folder->account_id) != 0)
    return NULL;

  return cr_folder_info_ref (folder);
}

static void
offer_undo (CrWindow   *self,
            GPtrArray  *entries,
            const char *title)
{
  AdwToast *toast;

  cr_window_clear_undo (self);
  self->undo = g_new0 (struct _CrUndo, 1);
  self->undo->entries = g_ptr_array_ref (entries);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  self->undo_toast = g_object_ref (toast);
  self->undo_toast_shown = g_get_monotonic_time ();
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  cr_window_update_actions (self);
}

/* Returns (transfer full): what was moved, for undo. */
static GPtrArray *
move_infos (CrWindow     *self,
            GPtrArray    *infos,
            TargetKind    kind,
            CrFolderRole  role,
            CrFolderInfo *folder)
{
  g_autoptr(GPtrArray) groups = group_by_folder (self, infos);
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) undo_entry_free);

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = groups->pdata[i];
      g_autoptr(CrFolderInfo) target = resolve_target (self, group, kind, role, folder);
      g_autoptr(GError) error = NULL;

      if (target == NULL || target->id == group->folder->id)
        continue;
      if (!move_group (self, group, target, entries, &error))
        show_error (self, error);
    }

  return entries;
}

static const char *
folder_title (CrFolderInfo *folder)
{
  const char *title = cr_folder_role_get_title (folder->role);

  return title != NULL ? title : folder->name;
}

static char *
format_moved (CrFolderRole  role,
              CrFolderInfo *folder,
              guint         n)
{
  switch (role)
    {
    case CR_FOLDER_ROLE_TRASH:
      /* Translators: messages moved to the trash */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message deleted",
                                           "%u messages deleted", n), n);
    case CR_FOLDER_ROLE_ARCHIVE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message archived",
                                           "%u messages archived", n), n);
    case CR_FOLDER_ROLE_JUNK:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message marked as junk",
                                           "%u messages marked as junk", n), n);
    case CR_FOLDER_ROLE_INBOX:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message moved to the inbox",
                                           "%u messages moved to the inbox", n), n);
    case CR_FOLDER_ROLE_NONE:
    case CR_FOLDER_ROLE_SENT:
    case CR_FOLDER_ROLE_DRAFTS:
    default:
      /* Translators: a number of messages, then a folder */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message moved to “%s”",
                                           "%u messages moved to “%s”", n),
                              n, folder != NULL ? folder_title (folder) : "");
    }
}

static void
move_and_offer_undo (CrWindow     *self,
                     GPtrArray    *infos,
                     TargetKind    kind,
                     CrFolderRole  role,
                     CrFolderInfo *folder)
{
  g_autoptr(GPtrArray) entries = move_infos (self, infos, kind, role, folder);
  g_autofree char *title = NULL;

  if (entries->len == 0)
    return;

  title = format_moved (kind == TARGET_ROLE ? role : CR_FOLDER_ROLE_NONE, folder, entries->len);
  offer_undo (self, entries, title);
}

void
cr_window_move_ids (CrWindow     *self,
                    const gint64 *ids,
                    guint         n_ids,
                    CrFolderInfo *target)
{
  g_autoptr(GPtrArray) infos = NULL;

  if (self->store == NULL)
    return;

  infos = cr_store_get_messages (self->store, ids, n_ids, NULL);
  if (infos != NULL)
    move_and_offer_undo (self, infos, TARGET_FOLDER, CR_FOLDER_ROLE_NONE, target);
}

static void
move_selected_to_role (CrWindow     *self,
                       CrFolderRole  role)
{
  g_autoptr(GPtrArray) infos = selected_infos (self);

  move_and_offer_undo (self, infos, TARGET_ROLE, role, NULL);
}

/* In Corbeille, deleting is for good (no undo: the server expunges). */
static void
delete_for_good (CrWindow  *self,
                 GPtrArray *infos)
{
  g_autoptr(GPtrArray) groups = group_by_folder (self, infos);
  g_autofree char *title = NULL;
  guint done = 0;

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = groups->pdata[i];
      g_autoptr(CrOperation) op = new_operation (group, CR_OPERATION_DELETE);
      g_autoptr(GError) error = NULL;

      if (!cr_store_enqueue_operation (self->store, op, &error) ||
          !cr_store_remove_messages (self->store, (const gint64 *) (gpointer) group->ids->data,
                                     group->ids->len, &error))
        {
          show_error (self, error);
          continue;
        }
      done += group->ids->len;
    }

  if (done == 0)
    return;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message deleted for good",
                                        "%u messages deleted for good", done), done);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
delete_selected (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);
  g_autoptr(GPtrArray) infos = selected_infos (self);

  if (infos->len == 0)
    return;

  if (self->folder != NULL && self->folder->role == CR_FOLDER_ROLE_TRASH &&
      !cr_message_list_model_is_searching (self->model))
    delete_for_good (self, infos);
  else
    move_and_offer_undo (self, infos, TARGET_ROLE, CR_FOLDER_ROLE_TRASH, NULL);
}

static void
archive_selected (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_selected_to_role (CR_WINDOW (widget), CR_FOLDER_ROLE_ARCHIVE);
}

static void
junk_selected (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  move_selected_to_role (CR_WINDOW (widget), CR_FOLDER_ROLE_JUNK);
}

static void
not_junk_selected (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  move_selected_to_role (CR_WINDOW (widget), CR_FOLDER_ROLE_INBOX);
}

static void
move_selected (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);
  g_autoptr(GPtrArray) rows = cr_message_list_dup_selected_messages (self->message_list);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CrFolderInfo) target = NULL;

  target = cr_store_get_folder (self->store, g_variant_get_int64 (parameter), NULL);
  if (target == NULL)
    return;
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 id = cr_message_row_get_id (rows->pdata[i]);
      g_array_append_val (ids, id);
    }
  cr_window_move_ids (self, (const gint64 *) (gpointer) ids->data, ids->len, target);
}

/* Puts the messages back where they were. */
static void
undo_last (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);
  g_autoptr(GHashTable) queued = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) accounts = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *entries;

  if (self->undo == NULL || self->store == NULL)
    return;
  entries = g_ptr_array_ref (self->undo->entries);

  /* Which of its moves still wait in the queue? */
  for (guint i = 0; i < entries->len; i++)
    {
      UndoEntry *entry = entries->pdata[i];
      g_autoptr(GPtrArray) ops = NULL;

      if (!g_hash_table_add (accounts, entry->account_id))
        continue;
      ops = cr_store_peek_operations (self->store, entry->account_id, G_MAXUINT, G_MAXINT64, NULL);
      for (guint j = 0; ops != NULL && j < ops->len; j++)
        g_hash_table_add (queued, g_memdup2 (&((CrOperation *) ops->pdata[j])->id, sizeof (gint64)));
    }

  for (guint i = 0; i < entries->len; i++)
    {
      UndoEntry *entry = entries->pdata[i];
      g_autoptr(CrMessageInfo) now = cr_store_get_message (self->store, entry->message_id, NULL);
      gboolean waiting = g_hash_table_contains (queued, &entry->operation_id);

      /* Moved again since, or gone: leave it. */
      if (now == NULL || now->folder_id != entry->to_folder_id)
        continue;

      cr_store_move_messages (self->store, &entry->message_id, 1, entry->from_folder_id, NULL);
      if (waiting)
        {
          cr_store_set_message_uid (self->store, entry->message_id, entry->uid, NULL);
        }
      else
        {
          g_autoptr(CrOperation) op = cr_operation_new (entry->account_id, CR_OPERATION_MOVE,
                                                        entry->to_folder_id);
          guint32 uid = now->uid;

          g_array_append_val (op->message_ids, entry->message_id);
          g_array_append_val (op->uids, uid);
          op->target_folder_id = entry->from_folder_id;
          cr_store_enqueue_operation (self->store, op, NULL);
        }
    }

  /* The queued moves must not run any more. */
  for (guint i = 0; i < entries->len; i++)
    {
      UndoEntry *entry = entries->pdata[i];

      if (g_hash_table_remove (queued, &entry->operation_id))
        cr_store_complete_operation (self->store, entry->operation_id, NULL);
    }

  g_ptr_array_unref (entries);
  cr_window_clear_undo (self);
  cr_window_update_actions (self);
}

static void
set_flags (CrWindow       *self,
           GPtrArray      *infos,
           CrMessageFlags  set,
           CrMessageFlags  clear)
{
  g_autoptr(GPtrArray) groups = group_by_folder (self, infos);

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = groups->pdata[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(CrOperation) op = new_operation (group, set != 0 ? CR_OPERATION_SET_FLAGS
                                                                 : CR_OPERATION_CLEAR_FLAGS);

      op->flags = set != 0 ? set : clear;
      if (!cr_store_set_message_flags (self->store, (const gint64 *) (gpointer) group->ids->data,
                                       group->ids->len, set, clear, &error) ||
          !cr_store_enqueue_operation (self->store, op, &error))
        show_error (self, error);
    }
}

static void
mark_read (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);
  g_autoptr(GPtrArray) infos = selected_infos (self);

  set_flags (self, infos, CR_MESSAGE_FLAG_SEEN, 0);
}

static void
mark_unread (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);
  g_autoptr(GPtrArray) infos = selected_infos (self);

  set_flags (self, infos, 0, CR_MESSAGE_FLAG_SEEN);
}

static gboolean
all_flagged (GPtrArray *infos)
{
  for (guint i = 0; i < infos->len; i++)
    if ((((CrMessageInfo *) infos->pdata[i])->flags & CR_MESSAGE_FLAG_FLAGGED) == 0)
      return FALSE;

  return TRUE;
}

static void
toggle_flag (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);
  g_autoptr(GPtrArray) infos = selected_infos (self);

  if (all_flagged (infos))
    set_flags (self, infos, 0, CR_MESSAGE_FLAG_FLAGGED);
  else
    set_flags (self, infos, CR_MESSAGE_FLAG_FLAGGED, 0);
}

/* The star of one row, whether it is selected or not. A conversation's
 * row gives minus its handle: its star, lit when any of its messages is
 * flagged, unflags them all, or else flags them all. */
static void
flag_message (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);
  g_autoptr(GPtrArray) infos = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (self->store == NULL)
    return;
  if (id < 0)
    {
      g_autoptr(GArray) ids = cr_store_list_thread_messages (self->store, -id, NULL);

      infos = ids != NULL ? cr_store_get_messages (self->store, (const gint64 *) (gpointer) ids->data,
                                                   ids->len, NULL) : NULL;
      if (infos == NULL || infos->len == 0)
        return;
      for (guint i = 0; i < infos->len; i++)
        if ((((CrMessageInfo *) infos->pdata[i])->flags & CR_MESSAGE_FLAG_FLAGGED) != 0)
          {
            set_flags (self, infos, 0, CR_MESSAGE_FLAG_FLAGGED);
            return;
          }
      set_flags (self, infos, CR_MESSAGE_FLAG_FLAGGED, 0);
      return;
    }

  infos = cr_store_get_messages (self->store, &id, 1, NULL);
  if (infos == NULL || infos->len == 0)
    return;

  if (all_flagged (infos))
    set_flags (self, infos, 0, CR_MESSAGE_FLAG_FLAGGED);
  else
    set_flags (self, infos, CR_MESSAGE_FLAG_FLAGGED, 0);
}

static void
toggle_search (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, !gtk_search_bar_get_search_mode (self->search_bar));
  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean
account_has_role (CrWindow     *self,
                  CrFolderRole  role)
{
  g_autoptr(CrFolderInfo) folder = NULL;

  /* Searching everywhere: each message goes to its own account's. */
  if (self->folder == NULL || cr_message_list_model_is_searching (self->model))
    return TRUE;

  folder = cr_store_lookup_folder_by_role (self->store, self->folder->account_id, role, NULL);

  return folder != NULL && folder->id != self->folder->id;
}

void
cr_window_update_actions (CrWindow *self)
{
  g_autoptr(GPtrArray) infos = NULL;
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean any = FALSE;
  gboolean any_unread = FALSE;
  gboolean any_read = FALSE;
  gboolean in_junk;

  if (self->store != NULL)
    {
      infos = selected_infos (self);
      any = infos->len > 0;
      for (guint i = 0; i < infos->len; i++)
        {
          if ((((CrMessageInfo *) infos->pdata[i])->flags & CR_MESSAGE_FLAG_SEEN) != 0)
            any_read = TRUE;
          else
            any_unread = TRUE;
        }
    }
  in_junk = self->folder != NULL && self->folder->role == CR_FOLDER_ROLE_JUNK;

  gtk_widget_action_set_enabled (widget, "win.delete", any);
  gtk_widget_action_set_enabled (widget, "win.mark-read", any_unread);
  gtk_widget_action_set_enabled (widget, "win.mark-unread", any_read);
  gtk_widget_action_set_enabled (widget, "win.toggle-flag", any);
  gtk_widget_action_set_enabled (widget, "win.move-to", any);
  gtk_widget_action_set_enabled (widget, "win.archive", any && account_has_role (self, CR_FOLDER_ROLE_ARCHIVE));
  gtk_widget_action_set_enabled (widget, "win.junk", any && !in_junk && account_has_role (self, CR_FOLDER_ROLE_JUNK));
  gtk_widget_action_set_enabled (widget, "win.not-junk", any && in_junk);
  gtk_widget_action_set_enabled (widget, "win.undo", self->undo != NULL);
  gtk_widget_action_set_enabled (widget, "win.search", self->store != NULL);
}

static gint
compare_folder_pointers (gconstpointer a,
                         gconstpointer b)
{
  return cr_folder_info_compare_for_sidebar (*(CrFolderInfo * const *) a, *(CrFolderInfo * const *) b);
}

/* “Move to” lists the other folders of the account shown. */
void
cr_window_update_move_menu (CrWindow *self)
{
  g_autoptr(GPtrArray) folders = NULL;

  g_menu_remove_all (self->move_menu);
  if (self->folder == NULL || self->store == NULL)
    return;

  folders = cr_store_list_folders (self->store, self->folder->account_id, NULL);
  if (folders == NULL)
    return;
  g_ptr_array_sort (folders, compare_folder_pointers);

  for (guint i = 0; i < folders->len; i++)
    {
      CrFolderInfo *folder = folders->pdata[i];
      g_autoptr(GMenuItem) item = NULL;
      const char *title = cr_folder_role_get_title (folder->role);

      if (folder->id == self->folder->id || (folder->flags & CR_FOLDER_FLAG_NOSELECT) != 0)
        continue;
      item = g_menu_item_new (title != NULL ? title : folder->name, NULL);
      g_menu_item_set_action_and_target_value (item, "win.move-to", g_variant_new_int64 (folder->id));
      g_menu_append_item (self->move_menu, item);
    }
}

void
cr_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_selected);
  gtk_widget_class_install_action (widget_class, "win.archive", NULL, archive_selected);
  gtk_widget_class_install_action (widget_class, "win.junk", NULL, junk_selected);
  gtk_widget_class_install_action (widget_class, "win.not-junk", NULL, not_junk_selected);
  gtk_widget_class_install_action (widget_class, "win.move-to", "x", move_selected);
  gtk_widget_class_install_action (widget_class, "win.mark-read", NULL, mark_read);
  gtk_widget_class_install_action (widget_class, "win.mark-unread", NULL, mark_unread);
  gtk_widget_class_install_action (widget_class, "win.toggle-flag", NULL, toggle_flag);
  gtk_widget_class_install_action (widget_class, "win.flag-message", "x", flag_message);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_last);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, toggle_search);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.archive", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK, "win.junk", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.not-junk", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.mark-read", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK, "win.mark-unread", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.toggle-flag", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}
