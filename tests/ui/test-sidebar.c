/* test-sidebar.c — the accounts and folders in the main window, in a real
 * (virtual) display, in English and in French
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cr-application.h"
#include "cr-folder-row.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-mailbox.h"
#include "cr-test-session.h"
#include "cr-test-ui-util.h"
#include "cr-test-window.h"
#include "cr-window.h"

static CrApplication *app;
static CrContext *context;
static CrStore *store;
static CrTestMailbox *mailbox;
static CrWindow *window;

static gboolean
sidebar_loaded (gpointer data)
{
  return g_list_model_get_n_items (cr_folder_sidebar_get_model (cr_window_get_sidebar (data))) > 1;
}

static CrWindow *
open_window (void)
{
  if (window == NULL)
    window = cr_test_window_open (app, context, sidebar_loaded);

  return window;
}

static CrSidebarItem *
item_at (guint position)
{
  GListModel *model = cr_folder_sidebar_get_model (cr_window_get_sidebar (open_window ()));
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, position);

  g_assert_nonnull (row);

  return gtk_tree_list_row_get_item (row);
}

/* The row widget that shows a folder. */
static CrFolderRow *
row_for_folder (gint64 folder_id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  cr_test_ui_collect (GTK_WIDGET (open_window ()), CR_TYPE_FOLDER_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      CrSidebarItem *item = cr_folder_row_get_item (rows->pdata[i]);

      if (item != NULL && cr_sidebar_item_get_folder (item) != NULL &&
          cr_sidebar_item_get_folder (item)->id == folder_id)
        return rows->pdata[i];
    }

  return NULL;
}

static void
test_sidebar_french_names (void)
{
  static const CrExpected names[] = {
    { "Inbox", "Boîte de réception" },
    { "Drafts", "Brouillons" },
    { "Sent", "Envoyés" },
    { "Junk", "Pourriels" },
    { "Trash", "Corbeille" },
    { "Archive", "Archive" },
  };
  CrWindow *w = open_window ();
  GListModel *model = cr_folder_sidebar_get_model (cr_window_get_sidebar (w));
  g_autoptr(CrSidebarItem) account = item_at (0);
  guint position = 1;

  /* The account, its special folders in the webmail's order, then the
   * others by name, a child under its parent. */
  g_assert_true (cr_sidebar_item_is_account (account));
  g_assert_cmpstr (cr_sidebar_item_get_title (account), ==, "Élodie Dupré");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++, position++)
    {
      g_autoptr(CrSidebarItem) item = item_at (position);

      g_assert_cmpstr (cr_sidebar_item_get_title (item), ==, cr_test_ui_expected (&names[i]));
      g_assert_nonnull (cr_test_ui_find_label (GTK_WIDGET (w), cr_test_ui_expected (&names[i])));
    }
  /* A screen reader, on the focused list item, reads the folder's name. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    cr_test_ui_collect (GTK_WIDGET (w), CR_TYPE_FOLDER_ROW, rows);
    g_assert_cmpuint (rows->len, >, 0);
    for (guint i = 0; i < rows->len; i++)
      {
        CrSidebarItem *item = cr_folder_row_get_item (rows->pdata[i]);
        GtkWidget *list_item = rows->pdata[i];
        g_autofree char *label = NULL;

        if (item == NULL)
          continue;
        while (list_item != NULL &&
               gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (list_item)) != GTK_ACCESSIBLE_ROLE_LIST_ITEM)
          list_item = gtk_widget_get_parent (list_item);
        g_assert_nonnull (list_item);
        label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (list_item), GTK_ACCESSIBLE_PROPERTY_LABEL, "");
        g_assert_nonnull (label);
        g_assert_true (g_str_has_prefix (label, cr_sidebar_item_get_title (item)));
      }
  }
  {
    g_autoptr(CrSidebarItem) invoices = item_at (position++);
    g_autoptr(CrSidebarItem) projects = item_at (position++);
    g_autoptr(CrSidebarItem) child = item_at (position++);
    g_autoptr(GtkTreeListRow) child_row = g_list_model_get_item (model, position - 1);

    g_assert_cmpstr (cr_sidebar_item_get_title (invoices), ==, "Factures");
    g_assert_cmpstr (cr_sidebar_item_get_title (projects), ==, "Projets");
    g_assert_cmpstr (cr_sidebar_item_get_title (child), ==, "Courrier");
    g_assert_cmpuint (gtk_tree_list_row_get_depth (child_row), ==, 2);
  }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, position);

  cr_test_ui_assert_named (GTK_WIDGET (w));
  cr_test_ui_shot (GTK_WIDGET (w), "sidebar");
}

static gboolean
badge_shows (gpointer data)
{
  return cr_test_ui_find_label (GTK_WIDGET (open_window ()), data) != NULL;
}

static void
test_sidebar_unread_badge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrMessageInfo) info = NULL;
  guint total, unread;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  open_window ();
  g_assert_true (cr_store_get_counts (store, mailbox->projects, &total, &unread, &error));
  g_assert_cmpuint (unread, >, 0);
  before = g_strdup_printf ("%u", unread);
  after = g_strdup_printf ("%u", unread - 1);

  /* The badge is in the folder's row, and it follows the store. */
  g_assert_true (cr_test_iterate_until (badge_shows, before, 5000));
  g_assert_nonnull (cr_test_ui_find_label (GTK_WIDGET (row_for_folder (mailbox->projects)), before));
  info = cr_store_lookup_message (store, mailbox->projects, 1, &error);
  g_assert_no_error (error);
  g_assert_false (info->flags & CR_MESSAGE_FLAG_SEEN);
  g_assert_true (cr_store_set_message_flags (store, &info->id, 1, CR_MESSAGE_FLAG_SEEN, 0, &error));
  g_assert_true (cr_test_iterate_until (badge_shows, after, 5000));
  g_assert_nonnull (cr_test_ui_find_label (GTK_WIDGET (row_for_folder (mailbox->projects)), after));
}

static void
test_sidebar_account_state (void)
{
  static const CrExpected syncing = { "Synchronising 3/10", "Synchronisation 3/10" };
  static const CrExpected offline = { "Offline", "Hors ligne" };
  CrWindow *w = open_window ();
  CrAccountState *state = cr_folder_sidebar_get_account_state (cr_window_get_sidebar (w),
                                                               cr_account_get_id (mailbox->account));
  g_autoptr(GPtrArray) all_bars = g_ptr_array_new ();
  g_autoptr(GPtrArray) bars = g_ptr_array_new ();

  g_assert_nonnull (state);
  cr_account_state_set_syncing (state, 3, 10);
  cr_account_state_set_quota (state, 512, 2048);
  cr_test_iterate (100);
  g_assert_nonnull (cr_test_ui_find_label (GTK_WIDGET (w), cr_test_ui_expected (&syncing)));
  /* One gauge shown: the account's. */
  cr_test_ui_collect (GTK_WIDGET (w), GTK_TYPE_LEVEL_BAR, all_bars);
  for (guint i = 0; i < all_bars->len; i++)
    if (gtk_widget_is_drawable (all_bars->pdata[i]))
      g_ptr_array_add (bars, all_bars->pdata[i]);
  g_assert_cmpuint (bars->len, ==, 1);
  g_assert_cmpfloat (gtk_level_bar_get_value (bars->pdata[0]), ==, 0.25);
  cr_test_ui_shot (GTK_WIDGET (w), "sidebar-syncing");

  cr_account_state_set_offline (state);
  cr_test_iterate (100);
  g_assert_nonnull (cr_test_ui_find_label (GTK_WIDGET (w), cr_test_ui_expected (&offline)));
  cr_account_state_set_idle (state);
  cr_test_iterate (100);
  g_assert_null (cr_test_ui_find_label (GTK_WIDGET (w), cr_test_ui_expected (&offline)));
}

static void
test_sidebar_drop_moves (void)
{
  CrWindow *w = open_window ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CrMessageInfo) info = cr_store_lookup_message (store, mailbox->projects, 2, NULL);
  g_autoptr(CrMessageInfo) moved = NULL;
  g_autoptr(CrFolderInfo) invoices = cr_store_get_folder (store, mailbox->invoices, NULL);

  /* What a drop of messages on “Factures” hands the window. */
  g_array_append_val (ids, info->id);
  g_signal_emit_by_name (cr_window_get_sidebar (w), "messages-dropped", invoices, ids);
  moved = cr_store_get_message (store, info->id, NULL);
  g_assert_cmpint (moved->folder_id, ==, mailbox->invoices);

  gtk_widget_activate_action (GTK_WIDGET (w), "win.undo", NULL);
  g_clear_pointer (&moved, cr_message_info_unref);
  moved = cr_store_get_message (store, info->id, NULL);
  g_assert_cmpint (moved->folder_id, ==, mailbox->projects);
  g_assert_cmpuint (cr_store_count_operations (store, cr_account_get_id (mailbox->account), NULL), ==, 0);
}

static void
test_sidebar_select_folder (void)
{
  CrWindow *w = open_window ();
  CrMessageListModel *model;

  g_assert_true (cr_folder_sidebar_select_folder (cr_window_get_sidebar (w), mailbox->projects));
  model = cr_message_list_get_model (cr_window_get_message_list (w));
  g_assert_cmpint (cr_message_list_model_get_folder (model), ==, mailbox->projects);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);
  cr_test_iterate (200);
  cr_test_ui_shot (GTK_WIDGET (w), "sidebar-projects");
}

/* A folder's icon and name sit in the middle of its row's height, as the
 * selection's highlight shows it, not at its top. */
static void
test_sidebar_rows_centred (void)
{
  GtkWidget *row = GTK_WIDGET (row_for_folder (mailbox->projects));
  GtkWidget *item;
  GtkWidget *label;
  graphene_rect_t row_box, label_box;

  open_window ();
  g_assert_nonnull (row);
  item = gtk_widget_get_parent (row);
  while (item != NULL && !gtk_widget_has_css_class (item, "activatable") &&
         g_strcmp0 (gtk_widget_get_css_name (item), "row") != 0)
    item = gtk_widget_get_parent (item);
  g_assert_nonnull (item);
  label = cr_test_ui_find_label (row, cr_sidebar_item_get_title (cr_folder_row_get_item (CR_FOLDER_ROW (row))));
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_compute_bounds (item, item, &row_box));
  g_assert_true (gtk_widget_compute_bounds (label, item, &label_box));
  g_assert_cmpfloat (fabs ((label_box.origin.y + label_box.size.height / 2) -
                           (row_box.origin.y + row_box.size.height / 2)), <=, 2);
}

/* The tree row of a folder, NULL when not shown. */
static GtkTreeListRow *
tree_row_for_folder (gint64 folder_id)
{
  GListModel *model = cr_folder_sidebar_get_model (cr_window_get_sidebar (open_window ()));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      CrSidebarItem *item = gtk_tree_list_row_get_item (row);

      if (cr_sidebar_item_get_folder (item) != NULL && cr_sidebar_item_get_folder (item)->id == folder_id)
        return g_steal_pointer (&row);
    }

  return NULL;
}

/* Every check writes each folder's sync state, which the store announces
 * as a change of folders: the tree must not be made again each time — a
 * folder the person closed stays closed, the keyboard stays on its row. */
static void
test_sidebar_sync_keeps_tree (void)
{
  CrWindow *w = open_window ();
  g_autoptr(GtkTreeListRow) projects = tree_row_for_folder (mailbox->projects);
  g_autoptr(CrFolderInfo) info = cr_store_get_folder (store, mailbox->projects, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkTreeListRow) after = NULL;
  GtkWidget *row;
  GtkWidget *focus;

  g_assert_nonnull (projects);
  g_assert_true (gtk_tree_list_row_is_expandable (projects));
  gtk_tree_list_row_set_expanded (projects, FALSE);
  cr_test_iterate (100);
  row = gtk_widget_get_parent (GTK_WIDGET (row_for_folder (mailbox->projects)));
  g_assert_true (gtk_widget_grab_focus (row));
  focus = gtk_root_get_focus (GTK_ROOT (w));
  g_assert_nonnull (focus);

  g_assert_true (cr_store_set_folder_sync_state (store, mailbox->projects, info->uidvalidity,
                                                 info->uidnext + 1, info->highestmodseq, &error));
  g_assert_no_error (error);
  cr_test_iterate (100);

  after = tree_row_for_folder (mailbox->projects);
  g_assert_nonnull (after);
  g_assert_false (gtk_tree_list_row_get_expanded (after));
  g_assert_true (gtk_tree_list_row_get_item (after) == gtk_tree_list_row_get_item (projects));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (w)) == focus);
  g_assert_cmpuint (cr_sidebar_item_get_folder (gtk_tree_list_row_get_item (after))->uidnext, ==,
                    info->uidnext + 1);
  gtk_tree_list_row_set_expanded (after, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *env_dir = cr_test_env_setup ();
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  cr_test_ui_init_locale ();
  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = cr_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  context = cr_context_new (NULL);
  cr_context_load (context);
  store = cr_context_get_store (context, &error);
  g_assert_no_error (error);
  mailbox = cr_test_mailbox_new (context);
  cr_test_mailbox_fill (store, mailbox->inbox, 1, 40, 1700000000);
  cr_test_mailbox_fill (store, mailbox->projects, 1, 20, 1700000000);

  g_test_add_func ("/sidebar/french-names", test_sidebar_french_names);
  g_test_add_func ("/sidebar/unread-badge", test_sidebar_unread_badge);
  g_test_add_func ("/sidebar/account-state", test_sidebar_account_state);
  g_test_add_func ("/sidebar/drop-moves", test_sidebar_drop_moves);
  g_test_add_func ("/sidebar/select-folder", test_sidebar_select_folder);
  g_test_add_func ("/sidebar/sync-keeps-tree", test_sidebar_sync_keeps_tree);
  g_test_add_func ("/sidebar/rows-centred", test_sidebar_rows_centred);

  status = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  cr_test_iterate (100);
  g_clear_pointer (&mailbox, cr_test_mailbox_free);
  g_clear_object (&context);
  g_clear_object (&app);
  cr_test_env_teardown (env_dir);

  return status;
}
