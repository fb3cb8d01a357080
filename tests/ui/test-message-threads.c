/* test-message-threads.c — the message list grouped by conversation, in
 * the main window, in English and in French
 *
 * The store is filled through its API: 30 ordinary messages and, newest,
 * a reply chain of four (“Pique-nique”), one of them unread and one
 * flagged. The “Group by Conversation” button over the list turns grouping on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-application.h"
#include "cr-message-list-row.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-mailbox.h"
#include "cr-test-session.h"
#include "cr-test-ui-util.h"
#include "cr-test-window.h"
#include "cr-window.h"

#define N_MESSAGES 30
#define N_CHAIN    4
#define NEWEST     1700000000

static CrApplication *app;
static CrContext *context;
static CrStore *store;
static CrTestMailbox *mailbox;
static CrWindow *window;
static gint64 chain_ids[N_CHAIN + 1];

static CrMessageInfo *
chain_message (guint i)
{
  static const char *senders[] = { "Anne Martin", "Bruno Lefèvre", "Anne Martin", "Chloé Bernard",
                                   "Zoé Laurent" };
  CrMessageInfo *info = cr_test_mailbox_message (1000 + i, i == 0 ? "Pique-nique" : "Re: Pique-nique",
                                                 senders[i], NEWEST + 600 * (i + 1));

  g_free (info->message_id);
  info->message_id = g_strdup_printf ("picnic-%u@lautre.net", i);
  if (i > 0)
    {
      info->references = g_strdup ("<picnic-0@lautre.net>");
      info->in_reply_to = g_strdup_printf ("<picnic-%u@lautre.net>", i - 1);
    }
  info->flags = i == 2 ? 0 : CR_MESSAGE_FLAG_SEEN;
  if (i == 1)
    info->flags |= CR_MESSAGE_FLAG_FLAGGED;
  info->has_attachment = FALSE;

  return info;
}

static void
add_chain_message (guint i)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (batch, chain_message (i));
  g_assert_true (cr_store_upsert_messages (store, mailbox->inbox, batch, &error));
  g_assert_no_error (error);
  chain_ids[i] = ((CrMessageInfo *) batch->pdata[0])->id;
}

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

static CrMessageListModel *
model (void)
{
  return cr_message_list_get_model (message_list ());
}

static gboolean
has_count (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model ())) == GPOINTER_TO_UINT (data);
}

static void
wait_count (guint n)
{
  cr_test_iterate_until (has_count, GUINT_TO_POINTER (n), 5000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model ())), ==, n);
}

static CrMessageRow *
row_at (guint position)
{
  return g_list_model_get_item (G_LIST_MODEL (model ()), position);
}

static void
select_position (guint position)
{
  cr_message_list_select (message_list (), position);
  cr_test_iterate (100);
}

static gint64
selected_id (void)
{
  g_autoptr(GPtrArray) selected = cr_message_list_dup_selected (message_list ());

  g_assert_cmpuint (selected->len, ==, 1);

  return cr_message_row_get_id (selected->pdata[0]);
}

/* The widget that shows @row, once drawn. */
static CrMessageListRow *
widget_for (CrMessageRow *row)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  cr_test_iterate (100);
  cr_test_ui_collect (cr_message_list_get_view (message_list ()), CR_TYPE_MESSAGE_LIST_ROW, widgets);
  for (guint i = 0; i < widgets->len; i++)
    if (cr_message_list_row_get_row (widgets->pdata[i]) == row)
      return widgets->pdata[i];

  g_error ("No widget shows the row");
  return NULL;
}

static gint64
folder_of (gint64 message_id)
{
  g_autoptr(CrMessageInfo) info = cr_store_get_message (store, message_id, NULL);

  g_assert_nonnull (info);

  return info->folder_id;
}

/* How many messages of the chain are flagged in the store. */
static guint
count_flagged (void)
{
  guint n = 0;

  for (guint i = 0; i < N_CHAIN; i++)
    {
      g_autoptr(CrMessageInfo) info = cr_store_get_message (store, chain_ids[i], NULL);

      n += (info->flags & CR_MESSAGE_FLAG_FLAGGED) != 0;
    }

  return n;
}

static gboolean
thread_flagged (gpointer data)
{
  g_autoptr(CrMessageRow) head = g_list_model_get_item (G_LIST_MODEL (model ()), 0);
  CrThreadInfo *thread = cr_message_row_get_thread (head);

  return thread != NULL && thread->flagged == GPOINTER_TO_INT (data) &&
         cr_message_list_row_is_flagged (widget_for (head)) == GPOINTER_TO_INT (data);
}

/* The toggle over the list, shown and named. */
static GtkToggleButton *
thread_button (void)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  cr_test_ui_collect (GTK_WIDGET (open_window ()), GTK_TYPE_TOGGLE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "win.thread-messages") == 0)
      {
        g_assert_true (gtk_widget_is_drawable (buttons->pdata[i]));
        return buttons->pdata[i];
      }

  g_error ("No button groups the list by conversation");
  return NULL;
}

static void
test_threads_group (void)
{
  static const CrExpected count = { "4 messages", "4 messages" };
  CrWindow *w = open_window ();
  GSettings *settings = cr_application_get_settings (app);
  g_autoptr(CrMessageRow) first = NULL;
  CrMessageListRow *widget;
  CrThreadInfo *thread;
  GtkToggleButton *button;

  /* A flat list first, as by default. */
  g_assert_false (g_settings_get_boolean (settings, "thread-messages"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model ())), ==, N_MESSAGES + N_CHAIN);

  /* The button: the setting, and one row for the chain. */
  button = thread_button ();
  g_assert_false (gtk_toggle_button_get_active (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (g_settings_get_boolean (settings, "thread-messages"));
  cr_test_iterate (100);
  g_assert_true (gtk_toggle_button_get_active (button));
  wait_count (N_MESSAGES + 1);
  g_assert_true (cr_message_list_model_get_threaded (model ()));
  g_assert_cmpuint (cr_message_list_model_count_messages (model ()), ==, N_MESSAGES + N_CHAIN);

  first = row_at (0);
  thread = cr_message_row_get_thread (first);
  g_assert_nonnull (thread);
  g_assert_cmpuint (thread->count, ==, N_CHAIN);
  g_assert_cmpuint (thread->unread, ==, 1);
  g_assert_true (thread->flagged);
  g_assert_cmpstr (thread->subject, ==, "Pique-nique");
  /* Selecting it shows its newest message. */
  g_assert_cmpint (cr_message_row_get_id (first), ==, chain_ids[N_CHAIN - 1]);

  widget = widget_for (first);
  g_assert_cmpstr (cr_message_list_row_get_sender_text (widget), ==,
                   "Anne Martin, Bruno Lefèvre, Chloé Bernard");
  g_assert_cmpstr (cr_message_list_row_get_size_text (widget), ==, cr_test_ui_expected (&count));
  g_assert_true (cr_message_list_row_is_bold (widget));
  g_assert_true (cr_message_list_row_is_flagged (widget));

  /* Each other conversation is a message alone. */
  {
    g_autoptr(CrMessageRow) second = row_at (1);

    g_assert_cmpuint (cr_message_row_get_thread (second)->count, ==, 1);
  }

  /* Its star, lit because one of its messages is flagged, unflags them
   * all; then flags them all. */
  gtk_widget_activate_action (GTK_WIDGET (w), "win.flag-message", "x", cr_message_row_get_key (first));
  g_assert_cmpuint (count_flagged (), ==, 0);
  g_assert_true (cr_test_iterate_until (thread_flagged, GINT_TO_POINTER (FALSE), 5000));
  gtk_widget_activate_action (GTK_WIDGET (w), "win.flag-message", "x", cr_message_row_get_key (first));
  g_assert_cmpuint (count_flagged (), ==, N_CHAIN);
  g_assert_true (cr_test_iterate_until (thread_flagged, GINT_TO_POINTER (TRUE), 5000));

  select_position (0);
  g_assert_cmpint (selected_id (), ==, chain_ids[N_CHAIN - 1]);
  cr_test_ui_assert_named (GTK_WIDGET (w));
  cr_test_ui_shot (GTK_WIDGET (w), "threads");
}

static void
test_threads_expand (void)
{
  CrWindow *w = open_window ();
  g_autoptr(CrMessageRow) head = row_at (0);

  /* The arrow (its action): the messages under it, oldest first. */
  gtk_widget_activate_action (GTK_WIDGET (message_list ()), "messages.toggle-thread", "x",
                              cr_message_row_get_key (head));
  wait_count (N_MESSAGES + 1 + N_CHAIN);
  g_assert_true (cr_message_row_get_expanded (head));
  cr_test_iterate (200);
  cr_test_ui_shot (GTK_WIDGET (w), "threads-expanded");
  for (guint i = 0; i < N_CHAIN; i++)
    {
      g_autoptr(CrMessageRow) child = row_at (1 + i);

      g_assert_null (cr_message_row_get_thread (child));
      g_assert_cmpint (cr_message_row_get_id (child), ==, chain_ids[i]);
      g_assert_cmpuint (cr_message_row_get_depth (child), ==, 1);
    }

  /* Selecting one of them selects that message. */
  select_position (2);
  g_assert_cmpint (selected_id (), ==, chain_ids[1]);

  /* Left on the keyboard closes the selected conversation, Right opens
   * it, where a click leaves the focus: on its row. */
  select_position (0);
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (widget_for (head))));
  cr_test_ui_press_key (GTK_WIDGET (w), GDK_KEY_Left);
  wait_count (N_MESSAGES + 1);
  g_assert_false (cr_message_row_get_expanded (head));
  cr_test_ui_press_key (GTK_WIDGET (w), GDK_KEY_Right);
  wait_count (N_MESSAGES + 1 + N_CHAIN);
  g_assert_true (cr_message_row_get_expanded (head));
}

/* A reply arrives: its conversation's row is the same object, updated. */
static gboolean
thread_has (gpointer data)
{
  g_autoptr(CrMessageRow) head = row_at (0);
  CrThreadInfo *thread = cr_message_row_get_thread (head);

  return thread != NULL && thread->count == GPOINTER_TO_UINT (data);
}

static gboolean
thread_read (gpointer data)
{
  g_autoptr(CrMessageRow) head = row_at (0);
  CrThreadInfo *thread = cr_message_row_get_thread (head);

  return thread != NULL && thread->unread == 0;
}

static void
test_threads_reply_arrives (void)
{
  g_autoptr(CrMessageRow) head = row_at (0);
  g_autoptr(CrMessageRow) after = NULL;
  g_autoptr(CrMessageRow) last_child = NULL;

  add_chain_message (N_CHAIN);
  g_assert_true (cr_test_iterate_until (thread_has, GUINT_TO_POINTER (N_CHAIN + 1), 5000));
  /* Still open: the new message under it, last. */
  wait_count (N_MESSAGES + 1 + N_CHAIN + 1);
  after = row_at (0);
  g_assert_true (after == head);
  g_assert_cmpint (cr_message_row_get_id (head), ==, chain_ids[N_CHAIN]);
  g_assert_cmpstr (cr_message_list_row_get_sender_text (widget_for (head)), ==,
                   "Anne Martin, Bruno Lefèvre, Chloé Bernard, Zoé Laurent");
  last_child = row_at (N_CHAIN + 1);
  g_assert_cmpint (cr_message_row_get_id (last_child), ==, chain_ids[N_CHAIN]);
}

/* Delete on a conversation deletes all its messages; Undo brings them back. */
static void
test_threads_delete_all (void)
{
  CrWindow *w = open_window ();
  g_autoptr(CrMessageRow) head = row_at (0);

  gtk_widget_activate_action (GTK_WIDGET (message_list ()), "messages.toggle-thread", "x",
                              cr_message_row_get_key (head));
  wait_count (N_MESSAGES + 1);
  select_position (0);
  gtk_widget_activate_action (GTK_WIDGET (w), "win.delete", NULL);
  for (guint i = 0; i <= N_CHAIN; i++)
    g_assert_cmpint (folder_of (chain_ids[i]), ==, mailbox->trash);
  wait_count (N_MESSAGES);

  gtk_widget_activate_action (GTK_WIDGET (w), "win.undo", NULL);
  for (guint i = 0; i <= N_CHAIN; i++)
    g_assert_cmpint (folder_of (chain_ids[i]), ==, mailbox->inbox);
  wait_count (N_MESSAGES + 1);

  /* Marked read as a whole. */
  select_position (0);
  gtk_widget_activate_action (GTK_WIDGET (w), "win.mark-read", NULL);
  for (guint i = 0; i <= N_CHAIN; i++)
    {
      g_autoptr(CrMessageInfo) info = cr_store_get_message (store, chain_ids[i], NULL);

      g_assert_true (info->flags & CR_MESSAGE_FLAG_SEEN);
    }
  g_assert_true (cr_test_iterate_until (thread_read, NULL, 5000));
}

static void
test_threads_off (void)
{

  g_signal_emit_by_name (thread_button (), "clicked");
  g_assert_false (g_settings_get_boolean (cr_application_get_settings (app), "thread-messages"));
  wait_count (N_MESSAGES + N_CHAIN + 1);
  {
    g_autoptr(CrMessageRow) first = row_at (0);

    g_assert_null (cr_message_row_get_thread (first));
    g_assert_cmpint (cr_message_row_get_id (first), ==, chain_ids[N_CHAIN]);
  }
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
  cr_test_mailbox_fill (store, mailbox->inbox, 1, N_MESSAGES, NEWEST);
  for (guint i = 0; i < N_CHAIN; i++)
    add_chain_message (i);

  g_test_add_func ("/message-threads/group", test_threads_group);
  g_test_add_func ("/message-threads/expand", test_threads_expand);
  g_test_add_func ("/message-threads/reply-arrives", test_threads_reply_arrives);
  g_test_add_func ("/message-threads/delete-all", test_threads_delete_all);
  g_test_add_func ("/message-threads/off", test_threads_off);

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
