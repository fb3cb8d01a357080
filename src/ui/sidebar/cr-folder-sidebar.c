/* cr-folder-sidebar.c — the accounts and their folders
 *
 * A GtkListView over a GtkTreeListModel: the accounts at the root (from the
 * account manager), each with its folders from the store as a tree, the
 * special folders first under their French names. Unread counts follow
 * CrStore::changed in place; the folder list is read again only when the
 * store says folders changed. Messages dragged from the list can be
 * dropped on a folder ("messages-dropped").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-folder-row.h"
#include "cr-folder-sidebar.h"

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
};

G_DEFINE_FINAL_TYPE (CrFolderSidebar, cr_folder_sidebar, GTK_TYPE_WIDGET)

enum {
  FOLDER_SELECTED,
  MESSAGES_DROPPED,
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

static void
on_store_changed (CrFolderSidebar *self,
                  gint64           folder_id,
                  CrStoreChange    change)
{
  CrSidebarItem *item;
  g_autoptr(CrFolderInfo) info = NULL;

  if ((change & CR_STORE_CHANGE_FOLDERS) != 0)
    {
      gint64 selected = 0;

      if (cr_folder_sidebar_get_selected (self) != NULL)
        selected = cr_folder_sidebar_get_selected (self)->id;
      reload (self);
      if (selected != 0)
        cr_folder_sidebar_select_folder (self, selected);
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

  g_signal_emit (self, signals[FOLDER_SELECTED], 0, cr_sidebar_item_get_folder (item));
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();

  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), cr_folder_row_new ());
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
