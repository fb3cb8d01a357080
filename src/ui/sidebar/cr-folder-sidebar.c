/* cr-folder-sidebar.c — the accounts and their folders
 *
 * A GtkListView over a GtkTreeListModel: the accounts at the root (from the
 * account manager), each with its folders from the store as a tree, the
 * special folders first under their French names. Unread counts follow
 * CrStore::changed in place; the tree is made again only when the store's
 * folders are no longer the ones it shows (made, renamed, deleted). Messages dragged from the list can be
 * dropped on a folder ("messages-dropped"). An IMAP account's rows have a
 * context menu (right click, Menu, Shift+F10): New Folder… on the
 * account, New Subfolder…, Rename… and Delete… on its folders (not on
 * the special ones); the window does the work ("create-folder",
 * "rename-folder", "delete-folder").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-folder-row.h"
#include "cr-folder-sidebar.h"
#include "cr-imap-folder-ops.h"

struct _CrFolderSidebar
{
  GtkWidget           parent_instance;

  CrAccountManager   *manager;
  CrStore            *store;
  GListStore         *accounts;  /* CrSidebarItem of accounts */
  GHashTable         *folders;   /* folder id → CrSidebarItem */
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;
  GtkWidget          *scroller;
  GtkWidget          *list_view;
  GtkWidget          *menu;       /* the context menu, made on first use */
  CrSidebarItem      *menu_item;  /* the row it was opened on */
  char               *reselecting; /* the path chosen again after a reload */
};

G_DEFINE_FINAL_TYPE (CrFolderSidebar, cr_folder_sidebar, GTK_TYPE_WIDGET)

enum {
  FOLDER_SELECTED,
  MESSAGES_DROPPED,
  CREATE_FOLDER,
  RENAME_FOLDER,
  DELETE_FOLDER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  GListStore *children = cr_sidebar_item_get_children (item);

  if (children == NULL || g_list_model_get_n_items (G_LIST_MODEL (children)) == 0)
    return NULL;

  return g_object_ref (G_LIST_MODEL (children));
}

static gint
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return cr_folder_info_compare_for_sidebar (cr_sidebar_item_get_folder ((CrSidebarItem *) a),
                                             cr_sidebar_item_get_folder ((CrSidebarItem *) b));
}

static char *
parent_path (CrFolderInfo *info)
{
  const char *last;

  if (info->delimiter == '\0')
    return NULL;
  last = strrchr (info->path, info->delimiter);

  return last != NULL ? g_strndup (info->path, (gsize) (last - info->path)) : NULL;
}

/* The account's folders as a tree: special folders stay at the top level
 * wherever the server keeps them (INBOX.Sent…). */
static void
fill_account (CrFolderSidebar *self,
              CrSidebarItem   *account_item)
{
  CrAccount *account = cr_sidebar_item_get_account (account_item);
  GListStore *top = cr_sidebar_item_get_children (account_item);
  g_autoptr(GHashTable) by_path = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GError) error = NULL;

  infos = cr_store_list_folders (self->store, cr_account_get_id (account), &error);
  if (infos == NULL)
    {
      g_warning ("Could not read the folders: %s", error->message);
      return;
    }

  for (guint i = 0; i < infos->len; i++)
    {
      CrFolderInfo *info = infos->pdata[i];
      CrSidebarItem *item = cr_sidebar_item_new_folder (account, info);

      g_ptr_array_add (items, item);
      g_hash_table_insert (by_path, info->path, item);
      g_hash_table_insert (self->folders, g_memdup2 (&info->id, sizeof info->id), item);
    }

  g_list_store_remove_all (top);
  for (guint i = 0; i < items->len; i++)
    {
      CrSidebarItem *item = items->pdata[i];
      CrFolderInfo *info = cr_sidebar_item_get_folder (item);
      g_autofree char *parent = info->role == CR_FOLDER_ROLE_NONE ? parent_path (info) : NULL;
      CrSidebarItem *parent_item = parent != NULL ? g_hash_table_lookup (by_path, parent) : NULL;
      GListStore *into = parent_item != NULL ? cr_sidebar_item_ensure_children (parent_item) : top;

      g_list_store_insert_sorted (into, item, compare_items, NULL);
    }
}

static void
reload (CrFolderSidebar *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_hash_table_remove_all (self->folders);
  if (self->manager == NULL || self->store == NULL)
    {
      g_list_store_remove_all (self->accounts);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->manager));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrAccount) account = g_list_model_get_item (G_LIST_MODEL (self->manager), i);
      CrSidebarItem *item = cr_sidebar_item_new_account (account);

      fill_account (self, item);
      g_ptr_array_add (items, item);
    }

  g_list_store_splice (self->accounts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->accounts)),
                       items->pdata, items->len);
}

/* Folders “change” at every check (their sync state is written): when
 * the store still has the folders the tree shows, under the same paths,
 * names and roles, their rows are updated in place and the tree is left
 * alone — a folder the person closed stays closed, the keyboard focus
 * stays on its row. FALSE when the tree must be made again. */
static gboolean
update_in_place (CrFolderSidebar *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  guint n, n_folders = 0;

  if (self->manager == NULL || self->store == NULL)
    return FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->manager));
  if (n != g_list_model_get_n_items (G_LIST_MODEL (self->accounts)))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrAccount) account = g_list_model_get_item (G_LIST_MODEL (self->manager), i);
      GPtrArray *infos = cr_store_list_folders (self->store, cr_account_get_id (account), NULL);

      if (infos == NULL)
        return FALSE;
      g_ptr_array_add (all, infos);
      for (guint j = 0; j < infos->len; j++, n_folders++)
        {
          CrFolderInfo *info = infos->pdata[j];
          CrSidebarItem *item = g_hash_table_lookup (self->folders, &info->id);
          CrFolderInfo *shown = item != NULL ? cr_sidebar_item_get_folder (item) : NULL;

          if (shown == NULL || shown->role != info->role || g_strcmp0 (shown->path, info->path) != 0 ||
              g_strcmp0 (shown->name, info->name) != 0)
            return FALSE;
        }
    }
  if (n_folders != g_hash_table_size (self->folders))
    return FALSE;

  for (guint i = 0; i < all->len; i++)
    {
      GPtrArray *infos = all->pdata[i];

      for (guint j = 0; j < infos->len; j++)
        {
          CrFolderInfo *info = infos->pdata[j];

          cr_sidebar_item_set_folder (g_hash_table_lookup (self->folders, &info->id), info);
        }
    }

  return TRUE;
}

static void
on_store_changed (CrFolderSidebar *self,
                  gint64           folder_id,
                  CrStoreChange    change)
{
  CrSidebarItem *item;
  g_autoptr(CrFolderInfo) info = NULL;

  if ((change & CR_STORE_CHANGE_FOLDERS) != 0 && update_in_place (self))
    return;
  if ((change & CR_STORE_CHANGE_FOLDERS) != 0)
    {
      gint64 selected = 0;

      if (cr_folder_sidebar_get_selected (self) != NULL)
        {
          selected = cr_folder_sidebar_get_selected (self)->id;
          /* The same folder chosen again is no news (a search stays
           * open); a renamed one is. */
          self->reselecting = g_strdup (cr_folder_sidebar_get_selected (self)->path);
        }
      reload (self);
      if (selected != 0)
        cr_folder_sidebar_select_folder (self, selected);
      g_clear_pointer (&self->reselecting, g_free);
      return;
    }

  item = g_hash_table_lookup (self->folders, &folder_id);
  if (item == NULL)
    {
      GHashTableIter iter;
      gpointer value;

      /* An account-wide change: every count may have moved. */
      if (folder_id != 0)
        return;
      g_hash_table_iter_init (&iter, self->folders);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          g_autoptr(CrFolderInfo) fresh = cr_store_get_folder (self->store,
                                                               cr_sidebar_item_get_folder (value)->id,
                                                               NULL);
          if (fresh != NULL)
            cr_sidebar_item_set_folder (value, fresh);
        }
      return;
    }

  info = cr_store_get_folder (self->store, folder_id, NULL);
  if (info != NULL)
    cr_sidebar_item_set_folder (item, info);
}

static void
on_accounts_changed (CrFolderSidebar *self)
{
  reload (self);
}

static CrSidebarItem *
selected_item (CrFolderSidebar *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
on_selection_changed (CrFolderSidebar *self)
{
  g_autoptr(CrSidebarItem) item = selected_item (self);

  if (item == NULL || cr_sidebar_item_is_account (item))
    return;
  if (g_strcmp0 (self->reselecting, cr_sidebar_item_get_folder (item)->path) == 0)
    return;

  g_signal_emit (self, signals[FOLDER_SELECTED], 0, cr_sidebar_item_get_folder (item));
}

/* The context menu ------------------------------------------------------ */

static gboolean
is_imap (CrSidebarItem *item)
{
  CrServer *incoming = cr_account_get_incoming (cr_sidebar_item_get_account (item));

  return incoming != NULL && cr_server_get_protocol (incoming) == CR_PROTOCOL_IMAP;
}

/* (nullable): nothing to offer on POP3 and local folders. */
static GMenuModel *
menu_for (CrSidebarItem *item)
{
  g_autoptr(GMenu) menu = NULL;
  CrFolderInfo *folder = cr_sidebar_item_get_folder (item);

  if (!is_imap (item) || (folder != NULL && (folder->flags & CR_FOLDER_FLAG_LOCAL_ONLY) != 0))
    return NULL;

  menu = g_menu_new ();
  if (folder == NULL)
    {
      g_menu_append (menu, _("_New Folder…"), "sidebar.new-folder");
      return G_MENU_MODEL (g_steal_pointer (&menu));
    }

  g_menu_append (menu, _("New _Subfolder…"), "sidebar.new-folder");
  if (!cr_imap_folder_is_protected (folder))
    {
      g_menu_append (menu, _("_Rename…"), "sidebar.rename-folder");
      g_menu_append (menu, _("_Delete…"), "sidebar.delete-folder");
    }

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static void
popup_menu (CrFolderSidebar *self,
            CrFolderRow     *row,
            double           x,
            double           y)
{
  CrSidebarItem *item = cr_folder_row_get_item (row);
  g_autoptr(GMenuModel) model = NULL;
  graphene_point_t point;
  GdkRectangle rect;

  if (item == NULL || (model = menu_for (item)) == NULL)
    return;

  g_set_object (&self->menu_item, item);
  if (self->menu == NULL)
    {
      self->menu = gtk_popover_menu_new_from_model (NULL);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
      gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
    }
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), model);

  /* From the keyboard: under the row's title. */
  if (x < 0)
    {
      x = 24;
      y = gtk_widget_get_height (GTK_WIDGET (row));
    }
  if (!gtk_widget_compute_point (GTK_WIDGET (row), GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    return;
  rect = (GdkRectangle) { (int) point.x, (int) point.y, 1, 1 };
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
on_row_pressed (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                CrFolderSidebar *self)
{
  GtkWidget *expander = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *row = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  graphene_point_t point;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (!gtk_widget_compute_point (expander, row, &GRAPHENE_POINT_INIT (x, y), &point))
    return;
  popup_menu (self, CR_FOLDER_ROW (row), point.x, point.y);
}

static GtkWidget *
find_row (GtkWidget *widget)
{
  if (CR_IS_FOLDER_ROW (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = find_row (child);

      if (row != NULL)
        return row;
    }

  return NULL;
}

/* Menu and Shift+F10: the menu of the row that has the keyboard focus. */
static gboolean
on_menu_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  CrFolderSidebar *self = CR_FOLDER_SIDEBAR (user_data);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, self->list_view))
    return FALSE;
  if ((row = find_row (focus)) == NULL)
    return FALSE;

  popup_menu (self, CR_FOLDER_ROW (row), -1, -1);
  return TRUE;
}

static void
emit_for_menu_item (CrFolderSidebar *self,
                    guint            signal_id)
{
  g_autoptr(CrSidebarItem) item = g_steal_pointer (&self->menu_item);

  if (item == NULL)
    return;

  if (signal_id == signals[CREATE_FOLDER])
    g_signal_emit (self, signal_id, 0, cr_sidebar_item_get_account (item), cr_sidebar_item_get_folder (item));
  else if (cr_sidebar_item_get_folder (item) != NULL)
    g_signal_emit (self, signal_id, 0, cr_sidebar_item_get_folder (item));
}

static void
new_folder_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  emit_for_menu_item (CR_FOLDER_SIDEBAR (widget), signals[CREATE_FOLDER]);
}

static void
rename_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  emit_for_menu_item (CR_FOLDER_SIDEBAR (widget), signals[RENAME_FOLDER]);
}

static void
delete_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  emit_for_menu_item (CR_FOLDER_SIDEBAR (widget), signals[DELETE_FOLDER]);
}

/* Rows ------------------------------------------------------------------ */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), cr_folder_row_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_row_pressed), user_data, 0);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  CrSidebarItem *item = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  cr_folder_row_bind (CR_FOLDER_ROW (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander))), item);
  /* An account is a heading: its folders are what one chooses. */
  gtk_list_item_set_selectable (list_item, !cr_sidebar_item_is_account (item));
  g_object_unref (item);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
  cr_folder_row_bind (CR_FOLDER_ROW (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander))), NULL);
}

static void
cr_folder_sidebar_dispose (GObject *object)
{
  CrFolderSidebar *self = CR_FOLDER_SIDEBAR (object);

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_object (&self->menu_item);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->accounts);
  g_clear_pointer (&self->folders, g_hash_table_unref);
  g_clear_object (&self->manager);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cr_folder_sidebar_parent_class)->dispose (object);
}

static void
cr_folder_sidebar_class_init (CrFolderSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cr_folder_sidebar_dispose;

  signals[FOLDER_SELECTED] =
    g_signal_new ("folder-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CR_TYPE_FOLDER_INFO);
  /* (folder, GArray of gint64 message ids) */
  signals[MESSAGES_DROPPED] =
    g_signal_new ("messages-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, CR_TYPE_FOLDER_INFO, G_TYPE_ARRAY);
  /* (account, parent folder or NULL for the top level) */
  signals[CREATE_FOLDER] =
    g_signal_new ("create-folder", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, CR_TYPE_ACCOUNT, CR_TYPE_FOLDER_INFO);
  signals[RENAME_FOLDER] =
    g_signal_new ("rename-folder", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CR_TYPE_FOLDER_INFO);
  signals[DELETE_FOLDER] =
    g_signal_new ("delete-folder", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CR_TYPE_FOLDER_INFO);

  gtk_widget_class_install_action (widget_class, "sidebar.new-folder", NULL, new_folder_action);
  gtk_widget_class_install_action (widget_class, "sidebar.rename-folder", NULL, rename_folder_action);
  gtk_widget_class_install_action (widget_class, "sidebar.delete-folder", NULL, delete_folder_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "crfoldersidebar");
}

static void
cr_folder_sidebar_init (CrFolderSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->accounts = g_list_store_new (CR_TYPE_SIDEBAR_ITEM);
  self->folders = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->accounts)),
                                        FALSE, TRUE, create_children, NULL, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);

  self->list_view = gtk_list_view_new (g_object_ref (GTK_SELECTION_MODEL (self->selection)),
                                       g_object_ref (factory));
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->list_view), FALSE);
  gtk_widget_add_css_class (self->list_view, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Folders"), -1);
  {
    GtkEventController *keys = gtk_shortcut_controller_new ();
    GtkShortcutAction *action = gtk_callback_action_new (on_menu_key, self, NULL);

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_alternative_trigger_new (
                                                              gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                              gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK)),
                                                            action));
    gtk_widget_add_controller (self->list_view, keys);
  }

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->list_view);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
cr_folder_sidebar_new (void)
{
  return g_object_new (CR_TYPE_FOLDER_SIDEBAR, NULL);
}

void
cr_folder_sidebar_set_sources (CrFolderSidebar  *self,
                               CrAccountManager *manager,
                               CrStore          *store)
{
  g_return_if_fail (CR_IS_FOLDER_SIDEBAR (self));
  g_return_if_fail (CR_IS_ACCOUNT_MANAGER (manager));
  g_return_if_fail (CR_IS_STORE (store));

  g_set_object (&self->manager, manager);
  g_set_object (&self->store, store);
  g_signal_connect_object (manager, "items-changed", G_CALLBACK (on_accounts_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed),
                           self, G_CONNECT_SWAPPED);
  reload (self);
}

CrFolderInfo *
cr_folder_sidebar_get_selected (CrFolderSidebar *self)
{
  g_autoptr(CrSidebarItem) item = NULL;

  g_return_val_if_fail (CR_IS_FOLDER_SIDEBAR (self), NULL);

  item = selected_item (self);

  return item != NULL ? cr_sidebar_item_get_folder (item) : NULL;
}

gboolean
cr_folder_sidebar_select_folder (CrFolderSidebar *self,
                                 gint64           folder_id)
{
  guint n;

  g_return_val_if_fail (CR_IS_FOLDER_SIDEBAR (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), i);
      g_autoptr(CrSidebarItem) item = gtk_tree_list_row_get_item (row);
      CrFolderInfo *info = cr_sidebar_item_get_folder (item);

      if (info != NULL && info->id == folder_id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }

  return FALSE;
}

CrAccountState *
cr_folder_sidebar_get_account_state (CrFolderSidebar *self,
                                     const char      *account_id)
{
  guint n;

  g_return_val_if_fail (CR_IS_FOLDER_SIDEBAR (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrSidebarItem) item = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (g_strcmp0 (cr_account_get_id (cr_sidebar_item_get_account (item)), account_id) == 0)
        return cr_sidebar_item_get_state (item);
    }

  return NULL;
}

GListModel *
cr_folder_sidebar_get_model (CrFolderSidebar *self)
{
  g_return_val_if_fail (CR_IS_FOLDER_SIDEBAR (self), NULL);

  return G_LIST_MODEL (self->tree);
}
