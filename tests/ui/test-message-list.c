/* test-message-list.c — the message list in the main window, driven as a
 * person would, in a real (virtual) display, in English and in French
 *
 * The store is filled through its API (fast and exact): an account with its
 * folders and 500 messages in the inbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cr-application.h"
#include "cr-message-list-row.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-mailbox.h"
#include "cr-test-session.h"
#include "cr-test-ui-util.h"
#include "cr-test-window.h"
#include "cr-window.h"

#define N_MESSAGES 500
#define NEWEST 1700000000

static CrApplication *app;
static CrContext *context;
static CrStore *store;
static CrTestMailbox *mailbox;
static CrWindow *window;
static gint64 body_message_id;

static CrWindow *
open_window (void)
{
  if (window == NULL)
    window = cr_test_window_open (app, context, cr_test_window_list_loaded);

  return window;
}

static CrMessageList *
message_list (void)
{
  return cr_window_get_message_list (open_window ());
}

static GListModel *
rows (void)
{
  return G_LIST_MODEL (cr_message_list_get_model (message_list ()));
}

static gint64
selected_id (void)
{
  g_autoptr(GPtrArray) selected = cr_message_list_dup_selected (message_list ());

  g_assert_cmpuint (selected->len, ==, 1);

  return cr_message_row_get_id (selected->pdata[0]);
}

static void
select_position (guint position)
{
  cr_message_list_select (message_list (), position);
  cr_test_iterate (100);
}

static gboolean
has_count (gpointer data)
{
  return g_list_model_get_n_items (rows ()) == GPOINTER_TO_UINT (data);
}

static void
wait_count (guint n)
{
  cr_test_iterate_until (has_count, GUINT_TO_POINTER (n), 5000);
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, n);
}

static gint64
folder_of (gint64 message_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrMessageInfo) info = cr_store_get_message (store, message_id, &error);

  g_assert_no_error (error);

  return info->folder_id;
}

static void
test_list_shows_inbox (void)
{
  static const CrExpected title = { "Inbox", "Boîte de réception" };
  CrWindow *w = open_window ();
  g_autoptr(CrMessageRow) first = NULL;
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  /* The first account's inbox is chosen at start, newest first. */
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, N_MESSAGES);
  first = g_list_model_get_item (rows (), 0);
  g_assert_cmpint (cr_message_row_get_info (first)->date, ==, NEWEST);
  g_assert_cmpint (cr_message_list_model_get_folder (cr_message_list_get_model (message_list ())), ==,
                   mailbox->inbox);

  /* Not every row has a widget (GTK 4.8 keeps about 200 around the
   * visible ones). */
  cr_test_ui_collect (GTK_WIDGET (w), CR_TYPE_MESSAGE_LIST_ROW, widgets);
  g_assert_cmpuint (widgets->len, >, 5);
  g_assert_cmpuint (widgets->len, <, N_MESSAGES / 2);

  /* What a screen reader reads where the keyboard is, the list's item:
   * the row's subject and sender, not a bare “list item”. */
  for (guint i = 0; i < widgets->len; i++)
    {
      CrMessageListRow *row = widgets->pdata[i];
      GtkAccessible *item = GTK_ACCESSIBLE (gtk_widget_get_parent (widgets->pdata[i]));
      g_autofree char *label = NULL;

      if (cr_message_list_row_get_row (row) == NULL)
        continue;
      gtk_test_accessible_assert_role (item, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
      label = gtk_test_accessible_check_property (item, GTK_ACCESSIBLE_PROPERTY_LABEL, "");
      g_assert_nonnull (label);
      g_assert_nonnull (strstr (label, cr_message_list_row_get_subject_text (row)));
      g_assert_nonnull (strstr (label, cr_message_list_row_get_sender_text (row)));
    }

  {
    g_autoptr(GPtrArray) titles = g_ptr_array_new ();
    gboolean found = FALSE;

    cr_test_ui_collect (GTK_WIDGET (w), ADW_TYPE_WINDOW_TITLE, titles);
    for (guint i = 0; i < titles->len; i++)
      if (g_strcmp0 (adw_window_title_get_title (titles->pdata[i]), cr_test_ui_expected (&title)) == 0)
        {
          g_assert_cmpstr (adw_window_title_get_subtitle (titles->pdata[i]), ==, "500 messages");
          found = TRUE;
        }
    g_assert_true (found);
  }

  cr_test_ui_assert_named (GTK_WIDGET (w));
  select_position (2);
  cr_test_ui_shot (GTK_WIDGET (w), "message-list");
}

/* The toast's “Undo” button is on screen. */
static gboolean
find_toast_button (GtkWidget *root)
{
  static const CrExpected undo = { "_Undo", "_Annuler" };
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  cr_test_iterate (100);
  cr_test_ui_collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), cr_test_ui_expected (&undo)) == 0 &&
        gtk_widget_is_drawable (buttons->pdata[i]))
      return TRUE;

  return FALSE;
}

static void
test_list_delete_and_undo (void)
{
  CrWindow *w = open_window ();
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(CrMessageInfo) before = NULL;
  g_autoptr(CrMessageInfo) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *account_id = cr_account_get_id (mailbox->account);
  CrOperation *op;
  gint64 id;

  select_position (3);
  id = selected_id ();
  before = cr_store_get_message (store, id, &error);
  g_assert_cmpuint (before->uid, !=, 0);
  g_assert_cmpuint (cr_store_count_operations (store, account_id, NULL), ==, 0);

  /* Delete: to Corbeille at once, and queued for the server. */
  gtk_widget_activate_action (GTK_WIDGET (w), "win.delete", NULL);
  g_assert_cmpint (folder_of (id), ==, mailbox->trash);
  wait_count (N_MESSAGES - 1);
  ops = cr_store_peek_operations (store, account_id, 10, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 1);
  op = ops->pdata[0];
  g_assert_cmpint (op->kind, ==, CR_OPERATION_MOVE);
  g_assert_cmpint (op->folder_id, ==, mailbox->inbox);
  g_assert_cmpint (op->target_folder_id, ==, mailbox->trash);
  g_assert_cmpuint (op->message_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (op->message_ids, gint64, 0), ==, id);
  g_assert_cmpuint (g_array_index (op->uids, guint32, 0), ==, before->uid);

  /* A toast offers to undo. */
  g_assert_true (find_toast_button (GTK_WIDGET (w)));
  cr_test_iterate (300);
  cr_test_ui_shot (GTK_WIDGET (w), "message-list-deleted");

  /* Undo: back in the inbox with its UID, nothing left to replay. */
  gtk_widget_activate_action (GTK_WIDGET (w), "win.undo", NULL);
  g_assert_cmpint (folder_of (id), ==, mailbox->inbox);
  after = cr_store_get_message (store, id, &error);
  g_assert_cmpuint (after->uid, ==, before->uid);
  g_assert_cmpuint (cr_store_count_operations (store, account_id, NULL), ==, 0);
  wait_count (N_MESSAGES);
  g_assert_cmpuint (cr_message_list_model_find (cr_message_list_get_model (message_list ()), id), ==, 3);
}

static gboolean
search_found (gpointer data)
{
  CrMessageListModel *model = cr_message_list_get_model (message_list ());

  return cr_message_list_model_is_searching (model) && g_list_model_get_n_items (G_LIST_MODEL (model)) == 1;
}

static void
test_list_search_body (void)
{
  CrWindow *w = open_window ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(CrMessageRow) found = NULL;
  GtkWidget *entry = NULL;

  /* Ctrl+F opens the search bar. */
  gtk_widget_activate_action (GTK_WIDGET (w), "win.search", NULL);
  cr_test_iterate (400);
  cr_test_ui_collect (GTK_WIDGET (w), GTK_TYPE_SEARCH_ENTRY, entries);
  for (guint i = 0; i < entries->len; i++)
    if (gtk_widget_is_drawable (entries->pdata[i]))
      entry = entries->pdata[i];
  g_assert_nonnull (entry);

  /* A word that is only in one message's body, typed as a person would. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "zanzib");
  g_assert_true (cr_test_iterate_until (search_found, NULL, 5000));
  found = g_list_model_get_item (rows (), 0);
  g_assert_cmpint (cr_message_row_get_id (found), ==, body_message_id);
  cr_test_iterate (200);
  cr_test_ui_shot (GTK_WIDGET (w), "message-list-search");

  /* Closing the search goes back to the folder. */
  gtk_widget_activate_action (GTK_WIDGET (w), "win.search", NULL);
  wait_count (N_MESSAGES);
  g_assert_false (cr_message_list_model_is_searching (cr_message_list_get_model (message_list ())));
}

static void
test_list_new_mail_keeps_selection (void)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrMessageRow) top = NULL;
  gint64 id;

  open_window ();
  select_position (5);
  id = selected_id ();

  g_ptr_array_add (batch, cr_test_mailbox_message (9001, "Arrivé à l’instant", "Zoé Laurent", NEWEST + 60));
  g_assert_true (cr_store_upsert_messages (store, mailbox->inbox, batch, &error));
  g_assert_no_error (error);
  wait_count (N_MESSAGES + 1);

  /* At the top, and the same message is still the one selected. */
  top = g_list_model_get_item (rows (), 0);
  g_assert_cmpuint (cr_message_row_get_info (top)->uid, ==, 9001);
  g_assert_cmpint (selected_id (), ==, id);
  g_assert_true (gtk_selection_model_is_selected (cr_message_list_get_selection (message_list ()), 6));
}

static GtkWidget *
context_menu (void)
{
  g_autoptr(GPtrArray) menus = g_ptr_array_new ();

  cr_test_ui_collect (GTK_WIDGET (message_list ()), GTK_TYPE_POPOVER_MENU, menus);
  g_assert_cmpuint (menus->len, ==, 1);

  return menus->pdata[0];
}

static gboolean
is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

/* @modifier: a keyval held down (GDK_KEY_Shift_L), or 0 */
static void
assert_menu_key_opens (CrWindow  *w,
                       GtkWidget *view,
                       guint      keyval,
                       guint      modifier)
{
  GtkWidget *menu = context_menu ();

  g_assert_false (gtk_widget_get_visible (menu));
  cr_test_ui_press_chord (GTK_WIDGET (w), modifier, keyval);
  g_assert_true (cr_test_iterate_until (is_visible, menu, 10000));
  cr_test_ui_shot (GTK_WIDGET (w), "message-list-menu-key");

  gtk_popover_popdown (GTK_POPOVER (menu));
  g_assert_true (cr_test_iterate_until (is_hidden, menu, 10000));
  /* Back on the list, for the keys that follow. */
  if (gtk_widget_get_focus_child (view) == NULL)
    gtk_widget_grab_focus (view);
}

static void
test_list_keyboard (void)
{
  CrWindow *w = open_window ();
  GtkWidget *view = cr_message_list_get_view (message_list ());
  gint64 first;
  gint64 second;

  select_position (0);
  first = selected_id ();
  /* Where a click would leave the keyboard focus: on the first row. */
  {
    g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
    GtkWidget *item = NULL;

    cr_test_ui_collect (view, CR_TYPE_MESSAGE_LIST_ROW, widgets);
    for (guint i = 0; i < widgets->len; i++)
      {
        CrMessageRow *row = cr_message_list_row_get_row (widgets->pdata[i]);

        if (row != NULL && cr_message_row_get_id (row) == first)
          item = gtk_widget_get_parent (widgets->pdata[i]);
      }
    g_assert_nonnull (item);
    gtk_widget_grab_focus (item);
  }
  g_assert_nonnull (gtk_widget_get_focus_child (view));
  cr_test_ui_press_key (GTK_WIDGET (w), GDK_KEY_Down);
  cr_test_ui_shot (GTK_WIDGET (w), "message-list-keyboard-focus");
  second = selected_id ();
  g_assert_cmpint (second, !=, first);
  g_assert_true (gtk_selection_model_is_selected (cr_message_list_get_selection (message_list ()), 1));

  /* Ctrl+D flags the selected message, and again unflags it. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CrMessageInfo) before = cr_store_get_message (store, second, NULL);
      g_autoptr(CrMessageInfo) after = NULL;

      cr_test_ui_press_chord (GTK_WIDGET (w), GDK_KEY_Control_L, GDK_KEY_d);
      after = cr_store_get_message (store, second, NULL);
      g_assert_cmpint ((after->flags & CR_MESSAGE_FLAG_FLAGGED) != 0, !=,
                       (before->flags & CR_MESSAGE_FLAG_FLAGGED) != 0);
    }

  /* Menu and Shift+F10 open the context menu, as a right click does. */
  assert_menu_key_opens (w, view, GDK_KEY_Menu, 0);
  assert_menu_key_opens (w, view, GDK_KEY_F10, GDK_KEY_Shift_L);

  /* Delete on the keyboard deletes; Ctrl+Z brings it back. */
  cr_test_ui_press_key (GTK_WIDGET (w), GDK_KEY_Delete);
  g_assert_cmpint (folder_of (second), ==, mailbox->trash);
  gtk_widget_activate_action (GTK_WIDGET (w), "win.undo", NULL);
  g_assert_cmpint (folder_of (second), ==, mailbox->inbox);
}

static void
test_list_flag_and_filter (void)
{
  static const CrExpected unread = { "Unread", "Non lus" };
  CrWindow *w = open_window ();
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  CrMessageQuery query = { mailbox->inbox, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_UNREAD };
  GtkDropDown *filter = NULL;
  g_autoptr(GtkStringObject) label = NULL;
  g_autoptr(CrMessageInfo) info = NULL;
  guint operations = cr_store_count_operations (store, cr_account_get_id (mailbox->account), NULL);
  gboolean flagged;
  gint64 id;

  /* The star of a row flags it, or unflags it. */
  select_position (1);
  id = selected_id ();
  info = cr_store_get_message (store, id, NULL);
  flagged = (info->flags & CR_MESSAGE_FLAG_FLAGGED) != 0;
  for (guint i = 0; i < 2; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (w), "win.flag-message", "x", id);
      g_clear_pointer (&info, cr_message_info_unref);
      info = cr_store_get_message (store, id, NULL);
      flagged = !flagged;
      g_assert_cmpint ((info->flags & CR_MESSAGE_FLAG_FLAGGED) != 0, ==, flagged);
    }
  g_assert_cmpuint (cr_store_count_operations (store, cr_account_get_id (mailbox->account), NULL), ==,
                    operations + 2);

  /* Mark as read and unread. */
  gtk_widget_activate_action (GTK_WIDGET (w), "win.mark-unread", NULL);
  g_clear_pointer (&info, cr_message_info_unref);
  info = cr_store_get_message (store, id, NULL);
  g_assert_false (info->flags & CR_MESSAGE_FLAG_SEEN);
  gtk_widget_activate_action (GTK_WIDGET (w), "win.mark-read", NULL);
  g_clear_pointer (&info, cr_message_info_unref);
  info = cr_store_get_message (store, id, NULL);
  g_assert_true (info->flags & CR_MESSAGE_FLAG_SEEN);

  /* The “Unread” filter, like the webmail's “Tous” menu. */
  cr_test_ui_collect (GTK_WIDGET (w), GTK_TYPE_DROP_DOWN, dropdowns);
  for (guint i = 0; i < dropdowns->len; i++)
    {
      GListModel *model = gtk_drop_down_get_model (dropdowns->pdata[i]);
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, 1);

      if (g_strcmp0 (gtk_string_object_get_string (item), cr_test_ui_expected (&unread)) == 0)
        filter = dropdowns->pdata[i];
    }
  g_assert_nonnull (filter);
  gtk_drop_down_set_selected (filter, 1);
  wait_count (cr_store_count_messages (store, &query, NULL));
  cr_test_ui_shot (GTK_WIDGET (w), "message-list-unread");
  gtk_drop_down_set_selected (filter, 0);
  wait_count (N_MESSAGES + 1);

  /* Leave the queue as the next tests expect it. */
  {
    g_autoptr(GPtrArray) ops = cr_store_peek_operations (store, cr_account_get_id (mailbox->account),
                                                         100, G_MAXINT64, NULL);
    for (guint i = 0; i < ops->len; i++)
      cr_store_complete_operation (store, ((CrOperation *) ops->pdata[i])->id, NULL);
  }
}

static gboolean
leaflet_folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

static void
test_list_narrow (void)
{
  CrWindow *w = open_window ();
  g_autoptr(GPtrArray) leaflets = g_ptr_array_new ();
  AdwLeaflet *leaflet;

  cr_test_ui_collect (GTK_WIDGET (w), ADW_TYPE_LEAFLET, leaflets);
  leaflet = leaflets->pdata[0];
  gtk_window_set_default_size (GTK_WINDOW (w), 360, 640);
  g_assert_true (cr_test_iterate_until (leaflet_folded, leaflet, 5000));
  adw_leaflet_set_visible_child_name (leaflet, "sidebar");
  cr_test_iterate (300);
  cr_test_ui_shot (GTK_WIDGET (w), "narrow-sidebar");

  /* Choosing a folder goes on to its messages. */
  g_assert_true (cr_folder_sidebar_select_folder (cr_window_get_sidebar (w), mailbox->projects));
  cr_folder_sidebar_select_folder (cr_window_get_sidebar (w), mailbox->inbox);
  cr_test_iterate (300);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "messages");
  cr_test_ui_shot (GTK_WIDGET (w), "narrow-messages");

  gtk_window_set_default_size (GTK_WINDOW (w), 1200, 720);
  cr_test_iterate (300);
}

static void
fill_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrMessageInfo) info = NULL;

  store = cr_context_get_store (context, &error);
  g_assert_no_error (error);
  mailbox = cr_test_mailbox_new (context);
  cr_test_mailbox_fill (store, mailbox->inbox, 1, N_MESSAGES, NEWEST);
  cr_test_mailbox_fill (store, mailbox->projects, 1, 20, NEWEST);

  info = cr_store_lookup_message (store, mailbox->inbox, 123, &error);
  g_assert_no_error (error);
  body_message_id = info->id;
  g_assert_true (cr_store_index_body_text (store, body_message_id,
                                           "Rendez-vous à Zanzibar le 3 mars, à la terrasse.", &error));
  g_assert_no_error (error);
  g_assert_true (cr_store_flush_index (store, &error));
  g_assert_no_error (error);
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
  fill_store ();

  g_test_add_func ("/message-list/shows-inbox", test_list_shows_inbox);
  g_test_add_func ("/message-list/delete-and-undo", test_list_delete_and_undo);
  g_test_add_func ("/message-list/search-body", test_list_search_body);
  g_test_add_func ("/message-list/new-mail-keeps-selection", test_list_new_mail_keeps_selection);
  g_test_add_func ("/message-list/keyboard", test_list_keyboard);
  g_test_add_func ("/message-list/flag-and-filter", test_list_flag_and_filter);
  g_test_add_func ("/message-list/narrow", test_list_narrow);

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
