/* test-folder-manage.c — folders made, renamed and deleted from the sidebar,
 * and the server search, as a person would, in English and in French
 *
 * The window against the private Dovecot: the account row's context menu
 * (opened with the Menu key on the focused row) makes a folder through
 * the name dialog (a name with the server's separator is refused before
 * anything is sent), its own menu renames it and deletes it after a
 * confirmation that says how many messages go with it; the special
 * folders offer neither. Then a search in the inbox for a word of a
 * message that arrived after the last check finds nothing, until
 * “Search on Server”. Screenshots of each state go to the log directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cr-application.h"
#include "cr-folder-name-dialog.h"
#include "cr-folder-row.h"
#include "cr-sidebar-item.h"
#include "cr-test-account.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-session.h"
#include "cr-test-ui-util.h"
#include "cr-window.h"

#define DEADLINE_MS 30000

static CrApplication *app;
static CrContext *context;
static CrTestMailServer server;
static CrWindow *window;

/* Helpers ------------------------------------------------------------- */

static CrStore *
store (void)
{
  g_autoptr(GError) error = NULL;
  CrStore *store = cr_context_get_store (context, &error);

  g_assert_no_error (error);

  return store;
}

static gboolean
checked_enough (gpointer data)
{
  return cr_sync_scheduler_get_checks (cr_test_account_scheduler (context), "imap") >= GPOINTER_TO_UINT (data);
}

static void
check_now (void)
{
  guint checks = cr_sync_scheduler_get_checks (cr_test_account_scheduler (context), "imap");

  cr_sync_scheduler_check_now (cr_test_account_scheduler (context), "imap");
  g_assert_true (cr_test_iterate_until (checked_enough, GUINT_TO_POINTER (checks + 1), DEADLINE_MS));
}

static const char *
tr (const char *msgid)
{
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

/* The label as shown: without the mnemonic's underscore. */
static char *
shown (const char *msgid)
{
  GString *out = g_string_new (NULL);

  for (const char *p = tr (msgid); *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

static gboolean
label_shown (gpointer data)
{
  return cr_test_ui_find_label (GTK_WIDGET (window), data) != NULL;
}

static gboolean
label_gone (gpointer data)
{
  return cr_test_ui_find_label (GTK_WIDGET (window), data) == NULL;
}

/* The sidebar's row showing @title (an account or a folder). */
static GtkWidget *
sidebar_row (const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  cr_test_ui_collect (GTK_WIDGET (cr_window_get_sidebar (window)), CR_TYPE_FOLDER_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      CrSidebarItem *item = cr_folder_row_get_item (rows->pdata[i]);

      if (item != NULL && g_strcmp0 (cr_sidebar_item_get_title (item), title) == 0)
        return rows->pdata[i];
    }

  return NULL;
}

static gboolean
popover_shown (gpointer data)
{
  g_autoptr(GPtrArray) popovers = g_ptr_array_new ();

  cr_test_ui_collect (GTK_WIDGET (cr_window_get_sidebar (window)), GTK_TYPE_POPOVER_MENU, popovers);
  for (guint i = 0; i < popovers->len; i++)
    if (gtk_widget_get_mapped (popovers->pdata[i]))
      {
        *(GtkWidget **) data = popovers->pdata[i];
        return TRUE;
      }

  return FALSE;
}

/* The row gets the keyboard focus, then the Menu key, as a person
 * moving with the arrows would. */
static GtkWidget *
open_menu (const char *title)
{
  GtkWidget *row = sidebar_row (title);
  GtkWidget *focusable = row;
  GtkWidget *popover = NULL;

  g_assert_nonnull (row);
  while (focusable != NULL && !gtk_widget_get_focusable (focusable))
    focusable = gtk_widget_get_parent (focusable);
  g_assert_nonnull (focusable);
  g_assert_true (gtk_widget_grab_focus (focusable));
  cr_test_ui_press_key (GTK_WIDGET (window), GDK_KEY_Menu);
  g_assert_true (cr_test_iterate_until (popover_shown, &popover, DEADLINE_MS));

  return popover;
}

/* The menu's item labelled @msgid (translated), NULL when it has none. */
static GtkWidget *
menu_item (GtkWidget  *popover,
           const char *msgid)
{
  g_autofree char *text = shown (msgid);
  GtkWidget *label = cr_test_ui_find_label (popover, text);

  /* GtkModelButton is private: found by name. */
  return label != NULL ? gtk_widget_get_ancestor (label, g_type_from_name ("GtkModelButton")) : NULL;
}

static void
choose (GtkWidget  *popover,
        const char *action)
{
  GtkWidget *item = menu_item (popover, action);

  g_assert_nonnull (item);
  gtk_widget_activate (item);
  cr_test_iterate (100);
}

static gboolean
find_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_mapped (toplevel))
        {
          *(GtkWidget **) data = toplevel;
          return TRUE;
        }
    }

  return FALSE;
}

static GtkWidget *
wait_dialog (void)
{
  GtkWidget *dialog = NULL;

  g_assert_true (cr_test_iterate_until (find_dialog, &dialog, DEADLINE_MS));
  gtk_test_widget_wait_for_draw (dialog);


  return dialog;
}

/* A click on the dialog's button labelled @msgid (translated). */
static void
click_response (GtkWidget  *dialog,
                const char *msgid)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  cr_test_ui_collect (dialog, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), tr (msgid)) == 0)
      {
        g_assert_true (gtk_widget_activate (buttons->pdata[i]));
        return;
      }
  g_error ("No button “%s” in the dialog", msgid);
}

/* Enter in the name's entry (its text widget is what the key reaches). */
static void
press_enter (CrFolderNameDialog *dialog)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  cr_test_ui_collect (GTK_WIDGET (cr_folder_name_dialog_get_entry (dialog)), GTK_TYPE_TEXT, texts);
  g_assert_cmpuint (texts->len, ==, 1);
  /* What GtkText's Enter binding does. */
  g_signal_emit_by_name (texts->pdata[0], "activate");
}

static gboolean
dialog_closed (gpointer data)
{
  GtkWidget *dialog = NULL;

  return !find_dialog (&dialog);
}

/* On failure, says which dialog stayed open. */
static void
wait_closed (void)
{
  GtkWidget *dialog = NULL;

  if (cr_test_iterate_until (dialog_closed, NULL, DEADLINE_MS))
    return;
  g_assert_true (find_dialog (&dialog));
  cr_test_ui_shot (dialog, "folder-manage-stuck-dialog");
  g_error ("A dialog stayed open: %s — %s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
           adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
}

static gboolean
folder_stored (gpointer data)
{
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (store (), "imap", data, NULL);

  return folder != NULL;
}

static gboolean
selected_is (gpointer data)
{
  CrFolderInfo *selected = cr_folder_sidebar_get_selected (cr_window_get_sidebar (window));

  return selected != NULL && g_strcmp0 (selected->path, data) == 0;
}

/* Chooses the folder at @data (a path) once the sidebar shows it. */
static gboolean
select_path (gpointer data)
{
  g_autoptr(CrFolderInfo) folder = cr_store_lookup_folder (store (), "imap", data, NULL);

  return folder != NULL && cr_folder_sidebar_select_folder (cr_window_get_sidebar (window), folder->id) &&
         selected_is (data);
}

static gboolean
folder_gone (gpointer data)
{
  return !folder_stored (data);
}

static gboolean
server_has (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (cr_test_dovecot_doveadm (server.dovecot, &out, &error, "mailbox", "list", "-u",
                                          cr_test_dovecot_get_user (server.dovecot), NULL));
  g_assert_no_error (error);
  lines = g_strsplit (out, "\n", -1);

  return g_strv_contains ((const char * const *) lines, name);
}

static void
deliver (const char *mailbox,
         const char *subject,
         const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = g_strdup_printf ("From: Alice Durand <alice@example.test>\r\n"
                                          "To: camille@example.test\r\n"
                                          "Subject: %s\r\n"
                                          "Message-ID: <%s@example.test>\r\n"
                                          "Date: Thu, 26 Nov 2026 10:00:00 +0000\r\n"
                                          "Content-Type: text/plain; charset=utf-8\r\n"
                                          "Content-Transfer-Encoding: 8bit\r\n"
                                          "\r\n"
                                          "%s\r\n",
                                          subject, subject, text);

  g_assert_true (cr_test_dovecot_deliver (server.dovecot, mailbox, raw, strlen (raw), &error));
  g_assert_no_error (error);
}

static GListModel *
list_model (void)
{
  return G_LIST_MODEL (cr_message_list_get_model (cr_window_get_message_list (window)));
}

static gboolean
list_has (gpointer data)
{
  return list_model () != NULL && g_list_model_get_n_items (list_model ()) == GPOINTER_TO_UINT (data);
}

static gboolean
reveal_done (gpointer data)
{
  GtkWidget *revealer = gtk_widget_get_ancestor (data, GTK_TYPE_REVEALER);

  return revealer != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

/* Tests --------------------------------------------------------------- */

static void
test_start (void)
{
  g_application_activate (G_APPLICATION (app));
  window = CR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 720);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (cr_test_iterate_until (checked_enough, GUINT_TO_POINTER (1), 60000));
  g_assert_true (cr_test_iterate_until (label_shown, (gpointer) "Camille Martin", DEADLINE_MS));
}

static void
test_special_folders (void)
{
  const char *sent = cr_folder_role_get_title (CR_FOLDER_ROLE_SENT);
  GtkWidget *popover;

  g_assert_true (cr_test_iterate_until (label_shown, (gpointer) sent, DEADLINE_MS));
  popover = open_menu (sent);
  g_assert_nonnull (menu_item (popover, "New _Subfolder…"));
  g_assert_null (menu_item (popover, "_Rename…"));
  g_assert_null (menu_item (popover, "_Delete…"));
  gtk_popover_popdown (GTK_POPOVER (popover));
  cr_test_iterate (100);
}

static void
test_create (void)
{
  GtkWidget *popover = open_menu ("Camille Martin");
  CrFolderNameDialog *dialog;

  g_assert_null (menu_item (popover, "_Rename…"));
  cr_test_ui_shot (popover, "folder-manage-account-menu");
  choose (popover, "_New Folder…");

  dialog = CR_FOLDER_NAME_DIALOG (wait_dialog ());
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
    GtkWidget *entry = GTK_WIDGET (cr_folder_name_dialog_get_entry (dialog));

    g_assert_true (focus == entry || (focus != NULL && gtk_widget_is_ancestor (focus, entry)));
  }
  cr_test_ui_assert_named (GTK_WIDGET (dialog));

  /* The server's separator is refused before anything is sent. */
  gtk_editable_set_text (cr_folder_name_dialog_get_entry (dialog), "Réunions/2026");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean said = FALSE;

    cr_test_ui_collect (GTK_WIDGET (dialog), GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      said |= gtk_widget_get_visible (labels->pdata[i]) &&
              (strstr (gtk_label_get_text (labels->pdata[i]), "“/”") != NULL ||
               strstr (gtk_label_get_text (labels->pdata[i]), "«\u00a0/\u00a0»") != NULL);
    g_assert_true (said);
  }
  cr_test_ui_shot (GTK_WIDGET (dialog), "folder-manage-create-invalid");

  gtk_editable_set_text (cr_folder_name_dialog_get_entry (dialog), "Réunions");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
  cr_test_ui_shot (GTK_WIDGET (dialog), "folder-manage-create");
  /* Enter in the entry creates it. */
  press_enter (dialog);
  wait_closed ();

  g_assert_true (cr_test_iterate_until (folder_stored, (gpointer) "R&AOk-unions", DEADLINE_MS));
  g_assert_true (server_has ("Réunions"));
  g_assert_true (cr_test_iterate_until (label_shown, (gpointer) "Réunions", DEADLINE_MS));
  /* The new folder is the one shown. */
  g_assert_true (cr_test_iterate_until (selected_is, (gpointer) "R&AOk-unions", DEADLINE_MS));
  cr_test_ui_shot (GTK_WIDGET (window), "folder-manage-created");
}

static void
test_rename (void)
{
  GtkWidget *popover = open_menu ("Réunions");
  CrFolderNameDialog *dialog;

  cr_test_ui_shot (popover, "folder-manage-folder-menu");
  choose (popover, "_Rename…");
  dialog = CR_FOLDER_NAME_DIALOG (wait_dialog ());
  g_assert_cmpstr (cr_folder_name_dialog_get_name (dialog), ==, "Réunions");
  gtk_editable_set_text (cr_folder_name_dialog_get_entry (dialog), "Réunions 2026");
  cr_test_ui_shot (GTK_WIDGET (dialog), "folder-manage-rename");
  press_enter (dialog);
  wait_closed ();

  g_assert_true (cr_test_iterate_until (folder_stored, (gpointer) "R&AOk-unions 2026", DEADLINE_MS));
  g_assert_false (folder_stored ((gpointer) "R&AOk-unions"));
  g_assert_true (server_has ("Réunions 2026"));
  g_assert_false (server_has ("Réunions"));
  g_assert_true (cr_test_iterate_until (label_shown, (gpointer) "Réunions 2026", DEADLINE_MS));
}

static void
test_delete (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *counted = NULL;
  GtkWidget *popover;
  GtkWidget *dialog;

  /* A folder whose name begins the same is the one shown: it must stay
   * shown, only the deleted folder's tree goes. */
  g_assert_true (cr_test_dovecot_doveadm (server.dovecot, NULL, &error, "mailbox", "create", "-u",
                                          cr_test_dovecot_get_user (server.dovecot), "Réunions 2026 bis", NULL));
  g_assert_no_error (error);
  /* A message in it: the confirmation says so. */
  deliver ("Réunions 2026", "Compte rendu", "Voici le compte rendu.");
  /* Read already: leaving the folder must not announce it as new. */
  g_assert_true (cr_test_dovecot_doveadm (server.dovecot, NULL, &error, "flags", "add", "-u",
                                          cr_test_dovecot_get_user (server.dovecot), "\\Seen",
                                          "mailbox", "Réunions 2026", "all", NULL));
  g_assert_no_error (error);
  check_now ();
  g_assert_true (cr_test_iterate_until (select_path, (gpointer) "R&AOk-unions 2026 bis", DEADLINE_MS));

  popover = open_menu ("Réunions 2026");
  choose (popover, "_Delete…");
  dialog = wait_dialog ();
  g_assert_false (CR_IS_FOLDER_NAME_DIALOG (dialog));
  counted = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The %u message in it will be deleted too.",
                                          "The %u messages in it will be deleted too.", 1), 1);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), counted));
  cr_test_ui_shot (dialog, "folder-manage-delete");

  /* Enter is Cancel: nothing goes by mistake. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  click_response (dialog, "_Delete");
  g_assert_true (cr_test_iterate_until (folder_gone, (gpointer) "R&AOk-unions 2026", DEADLINE_MS));
  g_assert_false (server_has ("Réunions 2026"));
  g_assert_true (cr_test_iterate_until (label_gone, (gpointer) "Réunions 2026", DEADLINE_MS));
  cr_test_ui_shot (GTK_WIDGET (window), "folder-manage-deleted");
  g_assert_true (selected_is ((gpointer) "R&AOk-unions 2026 bis"));
  /* Back to the inbox, where the next tests' mail arrives unannounced. */
  g_assert_true (cr_test_iterate_until (select_path, (gpointer) "INBOX", DEADLINE_MS));
}

static void
test_refused (void)
{
  GtkWidget *popover = open_menu ("Camille Martin");
  CrFolderNameDialog *dialog;
  GtkWidget *error_dialog;

  choose (popover, "_New Folder…");
  dialog = CR_FOLDER_NAME_DIALOG (wait_dialog ());
  /* Archive exists already: the server refuses, in its own words. */
  gtk_editable_set_text (cr_folder_name_dialog_get_entry (dialog), "Archive");
  press_enter (dialog);
  wait_closed ();
  error_dialog = wait_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (error_dialog)), ==,
                   tr ("Could Not Create the Folder"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (error_dialog)), "exists"));
  cr_test_ui_shot (error_dialog, "folder-manage-refused");
  click_response (error_dialog, "_Close");
  wait_closed ();
}

static void
test_server_search (void)
{
  g_autofree char *button_label = shown ("Search on _Server");
  g_autofree char *found = NULL;
  g_autoptr(CrFolderInfo) inbox = NULL;
  GtkWidget *label;
  GtkWidget *button;

  inbox = cr_store_lookup_folder_by_role (store (), "imap", CR_FOLDER_ROLE_INBOX, NULL);
  g_assert_nonnull (inbox);
  g_assert_true (cr_folder_sidebar_select_folder (cr_window_get_sidebar (window), inbox->id));
  /* After the last check: only the server has it. */
  deliver ("INBOX", "Prévisions", "Les prévisions trimestrielles sont prêtes.");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    GtkWidget *entry = NULL;

    /* The search bar's entry (the sidebar has others). */
    cr_test_ui_collect (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, entries);
    for (guint i = 0; i < entries->len; i++)
      if (gtk_widget_get_ancestor (entries->pdata[i], GTK_TYPE_SEARCH_BAR) != NULL)
        entry = entries->pdata[i];
    g_assert_nonnull (entry);
    gtk_editable_set_text (GTK_EDITABLE (entry), "trimestrielles");
  }
  g_assert_true (cr_test_iterate_until (label_shown, button_label, DEADLINE_MS));
  label = cr_test_ui_find_label (GTK_WIDGET (window), button_label);
  g_assert_true (cr_test_iterate_until (reveal_done, label, DEADLINE_MS));
  g_assert_true (cr_test_iterate_until (list_has, GUINT_TO_POINTER (0), DEADLINE_MS));
  cr_test_ui_shot (GTK_WIDGET (window), "folder-manage-server-search");

  button = gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message found on the server.",
                                        "%u messages found on the server.", 1), 1);
  if (!cr_test_iterate_until (label_shown, found, DEADLINE_MS))
    {
      GtkWidget *row = gtk_widget_get_parent (button);

      cr_test_ui_shot (GTK_WIDGET (window), "folder-manage-server-not-found");
      g_error ("The server search said: %s", gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (row))));
    }
  g_assert_true (cr_test_iterate_until (list_has, GUINT_TO_POINTER (1), DEADLINE_MS));
  cr_test_ui_shot (GTK_WIDGET (window), "folder-manage-server-found");
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
  cr_test_mail_server_start (&server, env_dir, 3);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* Mail arrives in these tests, and the private bus has no notification
   * server (GLib's warning about it is fatal here): notifications are
   * test-mail-flow's, not this test's. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.courrier.Courrier");

    g_settings_set_boolean (settings, "notify-new-mail", FALSE);
  }
  app = cr_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  context = cr_application_get_context (app);
  cr_test_account_add (context, &server);

  g_test_add_func ("/folder-manage/start", test_start);
  g_test_add_func ("/folder-manage/special-folders", test_special_folders);
  g_test_add_func ("/folder-manage/create", test_create);
  g_test_add_func ("/folder-manage/rename", test_rename);
  g_test_add_func ("/folder-manage/delete", test_delete);
  g_test_add_func ("/folder-manage/refused", test_refused);
  g_test_add_func ("/folder-manage/server-search", test_server_search);

  status = g_test_run ();

  /* The account's worker ends here, not after the CA's files are gone:
   * a reconnection then fails in GLib-Net with a (fatal) warning. */
  cr_sync_scheduler_stop (cr_test_account_scheduler (context));
  cr_imap_sync_shutdown (cr_sync_scheduler_get_imap_sync (cr_test_account_scheduler (context), "imap"));
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  cr_test_iterate (100);
  g_clear_object (&app);
  cr_test_mail_server_stop (&server);
  cr_test_env_teardown (env_dir);

  return status;
}
