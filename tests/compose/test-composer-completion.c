/* test-composer-completion.c — recipients completed in the composer as a
 * person types them: keys through the X server, the list under the
 * entry, Down and Enter, Tab, Escape, a second address after a comma;
 * screenshots in meson-logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <string.h>

#include "cr-address-completion.h"
#include "cr-composer-window.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-session.h"
#include "cr-test-ui-util.h"

#define ACCOUNT "completion"

static char *env_dir;

static CrMessageInfo *
message (guint32     uid,
         const char *from_name,
         const char *from_address,
         gint64      age_days)
{
  CrMessageInfo *info = cr_message_info_new ();

  info->uid = uid;
  info->subject = g_strdup ("Bonjour");
  info->from_name = g_strdup (from_name);
  info->from_address = g_strdup (from_address);
  info->date = g_get_real_time () / G_USEC_PER_SEC - age_days * 24 * 3600;
  cr_message_info_add_to (info, "Amélie Poulain", "amelie@example.test");
  return info;
}

static CrContext *
make_context (void)
{
  g_autofree char *dir = g_build_filename (env_dir, "courrier", NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (dir, dir, dir);
  g_autoptr(CrAccount) account = cr_account_new (ACCOUNT);
  g_autoptr(CrServer) in = cr_server_new (CR_PROTOCOL_IMAP);
  g_autoptr(CrServer) out = cr_server_new (CR_PROTOCOL_SMTP);
  g_autoptr(CrFolderInfo) inbox = cr_folder_info_new (ACCOUNT, "INBOX");
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  g_autoptr(GError) error = NULL;
  CrContext *context = cr_context_new (paths);
  CrStore *store;
  gint64 folder_id;

  cr_context_load (context);
  cr_account_set_display_name (account, "Amélie Poulain");
  cr_account_set_address (account, "amelie@example.test");
  cr_server_set_host (in, "127.0.0.1");
  cr_server_set_host (out, "127.0.0.1");
  cr_account_set_incoming (account, in);
  cr_account_set_outgoing (account, out);
  g_assert_true (cr_account_manager_add (cr_context_get_account_manager (context), account, &error));
  g_assert_no_error (error);

  store = cr_context_get_store (context, &error);
  g_assert_no_error (error);
  inbox->name = g_strdup ("INBOX");
  inbox->role = CR_FOLDER_ROLE_INBOX;
  folder_id = cr_store_upsert_folder (store, inbox, &error);
  g_assert_no_error (error);
  /* Frédéric writes most, then Francis; Zoé once. */
  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (infos, message (i + 1, "Frédéric Dupont", "frederic.dupont@example.org", i));
  g_ptr_array_add (infos, message (10, "Francis Cabrel", "francis@example.org", 20));
  g_ptr_array_add (infos, message (11, "Zoé Roux", "zoe@example.org", 3));
  g_assert_true (cr_store_upsert_messages (store, folder_id, infos, &error));
  g_assert_no_error (error);
  g_assert_true (cr_store_flush_index (store, &error));
  g_assert_no_error (error);
  return context;
}

static GtkEntry *
entry_at (GtkWidget *root,
          guint      index)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  cr_test_ui_collect (root, GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 4);
  return g_ptr_array_index (entries, index);
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (cr_address_completion_get_popover (data)));
}

static gboolean
popover_hidden (gpointer data)
{
  return !popover_shown (data);
}

static void
type_text (GtkWidget  *widget,
           const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    cr_test_ui_press_key (widget, gdk_unicode_to_keyval ((guchar) *p));
}

static const char *
match_address (CrAddressCompletion *completion,
               guint                index)
{
  GPtrArray *matches = cr_address_completion_get_matches (completion);

  g_assert_nonnull (matches);
  g_assert_cmpuint (index, <, matches->len);
  return ((CrAddress *) g_ptr_array_index (matches, index))->address;
}

static gboolean
window_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_window_is_active (data);
}

static void
test_complete (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrSendQueue) queue = cr_send_queue_new (context);
  g_autoptr(CrComposerWindow) window = g_object_ref_sink (cr_composer_window_new (context, queue, NULL));
  GtkEntry *to;
  GtkEntry *cc;
  CrAddressCompletion *completion;
  GtkPopover *popover;
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cr_test_iterate_until (window_drawn, window, 10000));
  to = entry_at (GTK_WIDGET (window), 0);
  cc = entry_at (GTK_WIDGET (window), 1);
  completion = cr_address_completion_get (to);
  g_assert_nonnull (completion);
  popover = cr_address_completion_get_popover (completion);
  gtk_test_accessible_assert_property (to, GTK_ACCESSIBLE_PROPERTY_AUTOCOMPLETE, GTK_ACCESSIBLE_AUTOCOMPLETE_LIST);
  cr_test_ui_assert_named (GTK_WIDGET (popover));

  /* “fr”: Frédéric (most often) then Francis; the accent is nothing. */
  gtk_widget_grab_focus (GTK_WIDGET (to));
  type_text (GTK_WIDGET (to), "fr");
  g_assert_true (cr_test_iterate_until (popover_shown, completion, 10000));
  g_assert_cmpstr (match_address (completion, 0), ==, "frederic.dupont@example.org");
  g_assert_cmpstr (match_address (completion, 1), ==, "francis@example.org");
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (window), "composer-completion-window", &error));
  g_assert_no_error (error);
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (popover), "composer-completion-list", &error));
  g_assert_no_error (error);

  /* Down to Francis, Enter: written whole, ready for the next one. */
  cr_test_ui_press_key (GTK_WIDGET (to), GDK_KEY_Down);
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (popover), "composer-completion-down", &error));
  g_assert_no_error (error);
  cr_test_ui_press_key (GTK_WIDGET (to), GDK_KEY_Return);
  g_assert_true (cr_test_iterate_until (popover_hidden, completion, 10000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (to)), ==, "Francis Cabrel <francis@example.org>, ");

  /* A second address after the comma; Tab takes the first match. */
  type_text (GTK_WIDGET (to), "zo");
  g_assert_true (cr_test_iterate_until (popover_shown, completion, 10000));
  g_assert_cmpstr (match_address (completion, 0), ==, "zoe@example.org");
  cr_test_ui_press_key (GTK_WIDGET (to), GDK_KEY_Tab);
  g_assert_true (cr_test_iterate_until (popover_hidden, completion, 10000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (to)), ==,
                   "Francis Cabrel <francis@example.org>, Zoé Roux <zoe@example.org>, ");
  g_assert_true (gtk_widget_has_focus (gtk_widget_get_first_child (GTK_WIDGET (to))) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (to)));

  /* Escape closes the list and leaves the text as typed. */
  completion = cr_address_completion_get (cc);
  gtk_widget_grab_focus (GTK_WIDGET (cc));
  type_text (GTK_WIDGET (cc), "dup");
  g_assert_true (cr_test_iterate_until (popover_shown, completion, 10000));
  cr_test_ui_press_key (GTK_WIDGET (cc), GDK_KEY_Escape);
  g_assert_true (cr_test_iterate_until (popover_hidden, completion, 10000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cc)), ==, "dup");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Nobody matches: no list. */
  type_text (GTK_WIDGET (cc), "x");
  cr_test_iterate (100);
  g_assert_false (popover_shown (completion));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_last_start (void)
{
  g_assert_cmpuint (cr_address_completion_last_start ("fre"), ==, 0);
  g_assert_cmpuint (cr_address_completion_last_start ("a@b.c, fre"), ==, 6);
  /* A comma inside a quoted name separates nothing. */
  g_assert_cmpuint (cr_address_completion_last_start ("\"Dupont, Frédéric\" <f@example.org>"), ==, 0);
  g_assert_cmpuint (cr_address_completion_last_start ("\"Dupont, F\" <f@example.org>, z"), ==, 28);
}

int
main (int argc, char *argv[])
{
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  env_dir = cr_test_env_setup ();
  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  cr_test_ui_init_locale ();

  g_test_add_func ("/composer-completion/last-start", test_last_start);
  g_test_add_func ("/composer-completion/complete", test_complete);

  ret = g_test_run ();

  g_clear_pointer (&display, cr_test_display_stop);
  g_clear_pointer (&session, cr_test_session_stop);
  cr_test_env_teardown (env_dir);
  g_free (env_dir);
  return ret;
}
