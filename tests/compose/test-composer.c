/* test-composer.c — the composer window writes and sends a message as a
 * person would, through the outbox to the private SMTP sink, with the
 * warning about a missing attachment and the one about a message larger
 * than the server takes (its SIZE learnt by sending); screenshots in
 * meson-logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cr-composer-window.h"
#include "cr-compose-reply.h"
#include "cr-drafts.h"
#include "cr-send-failures.h"
#include "cr-mime-message.h"
#include "cr-smtp-limits.h"
#include "cr-test-ca.h"
#include "cr-test-display.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"
#include "cr-test-session.h"
#include "cr-test-smtp-sink.h"
#include "cr-test-ui-util.h"

static CrTestCa *ca;
static CrTestSmtpSink *sink;
static CrTestDovecot *dovecot;
static GTlsDatabase *database;
static char *env_dir;

static CrContext *
make_context_for (CrTestSmtpSink *smtp)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("courrier%u", n++);
  g_autofree char *dir = g_build_filename (env_dir, name, NULL);
  g_autoptr(CrPaths) paths = cr_paths_new (dir, dir, dir);
  g_autoptr(CrAccount) account = cr_account_new ("compose");
  g_autoptr(CrServer) in = cr_server_new (CR_PROTOCOL_IMAP);
  g_autoptr(CrServer) out = cr_server_new (CR_PROTOCOL_SMTP);
  g_autoptr(CrFolderInfo) sent = cr_folder_info_new ("compose", "Sent");
  g_autoptr(GError) error = NULL;
  CrContext *context = cr_context_new (paths);

  cr_context_set_tls_database (context, database);
  cr_context_load (context);
  cr_account_set_display_name (account, "Amélie Poulain");
  cr_account_set_address (account, "test@example.test");
  cr_server_set_host (in, "127.0.0.1");
  cr_server_set_port (in, cr_test_dovecot_get_port (dovecot, CR_TEST_IMAPS));
  cr_server_set_security (in, CR_SECURITY_TLS);
  cr_server_set_login (in, cr_test_dovecot_get_user (dovecot));
  cr_server_set_host (out, "127.0.0.1");
  cr_server_set_port (out, cr_test_smtp_sink_get_port (smtp, CR_TEST_SMTP_SMTPS));
  cr_server_set_security (out, CR_SECURITY_TLS);
  cr_server_set_login (out, cr_test_smtp_sink_get_user (smtp));
  cr_account_set_incoming (account, in);
  cr_account_set_outgoing (account, out);
  g_assert_true (cr_account_manager_add (cr_context_get_account_manager (context), account, &error));
  g_assert_no_error (error);

  sent->name = g_strdup ("Sent");
  sent->role = CR_FOLDER_ROLE_SENT;
  cr_store_upsert_folder (cr_context_get_store (context, &error), sent, &error);
  g_assert_no_error (error);
  return context;
}

static CrContext *
make_context (void)
{
  return make_context_for (sink);
}

/* Widgets of @type under @root, in the order a person reads them. */
static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GtkWidget *
find_send_button (GtkWidget *root)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (buttons, i), "suggested-action"))
      return g_ptr_array_index (buttons, i);
  g_assert_not_reached ();
}

static gboolean
sink_has (gpointer data)
{
  return cr_test_smtp_sink_count (sink) >= GPOINTER_TO_UINT (data);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static void
test_write_and_send (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrSendQueue) queue = cr_send_queue_new (context);
  g_autoptr(CrComposerWindow) window = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  g_autoptr(GBytes) received = NULL;
  g_autoptr(JsonObject) facts = NULL;
  g_autoptr(CrMimeMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer;
  guint before = cr_test_smtp_sink_count (sink);

  cr_send_queue_set_delay (queue, 0);
  cr_send_queue_set_password (queue, "compose", cr_test_smtp_sink_get_password (sink));
  window = g_object_ref_sink (cr_composer_window_new (context, queue, NULL));
  gtk_window_present (GTK_WINDOW (window));

  collect (GTK_WIDGET (window), GTK_TYPE_ENTRY, entries);
  collect (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW, views);
  g_assert_cmpuint (entries->len, ==, 4);
  g_assert_cmpuint (views->len, ==, 1);

  /* To, then the subject, then the text, as a person fills them in. */
  gtk_widget_grab_focus (g_ptr_array_index (entries, 0));
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "Élodie Bouchez <elodie@example.org>");
  gtk_widget_grab_focus (g_ptr_array_index (entries, 3));
  gtk_editable_set_text (g_ptr_array_index (entries, 3), "Le compte rendu de la réunion");
  gtk_widget_grab_focus (g_ptr_array_index (views, 0));
  buffer = gtk_text_view_get_buffer (g_ptr_array_index (views, 0));
  gtk_text_buffer_insert_at_cursor (buffer, "Bonjour Élodie,\n\nVous trouverez ci-joint le compte rendu.\n\nAmélie", -1);
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (window), "composer-written", &error));
  g_assert_no_error (error);

  /* It speaks of an attachment and has none: asked first. */
  gtk_widget_activate (find_send_button (GTK_WIDGET (window)));
  g_assert_true (cr_test_iterate_until (dialog_shown, NULL, 10000));
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (find_dialog ()), "composer-no-attachment", &error));
  g_assert_cmpuint (cr_test_smtp_sink_count (sink), ==, before);
  adw_message_dialog_response (find_dialog (), "send");

  g_assert_true (cr_test_iterate_until (sink_has, GUINT_TO_POINTER (before + 1), 30000));
  g_assert_nonnull (cr_composer_window_get_sent_id (window));
  facts = cr_test_smtp_sink_wait_message (sink, before, CR_TEST_START_TIMEOUT_MS, &received, &error);
  g_assert_no_error (error);
  message = cr_mime_message_new_from_bytes (received, CR_MIME_PARSE_DEFAULT);
  g_assert_cmpstr (cr_mime_message_get_subject (message), ==, "Le compte rendu de la réunion");
  g_assert_cmpstr (((CrMimeAddress *) g_ptr_array_index (cr_mime_message_get_to (message), 0))->name, ==, "Élodie Bouchez");
  g_assert_cmpstr (((CrMimeAddress *) g_ptr_array_index (cr_mime_message_get_from (message), 0))->name, ==, "Amélie Poulain");
}

static void
test_reply_prefill (void)
{
  const char *raw_text =
    "From: Bonvenon <bonvenon@example.org>\r\n"
    "To: test@example.test\r\n"
    "Subject: Question\r\n"
    "Date: Thu, 12 Mar 2026 16:46:00 +0000\r\n"
    "Message-ID: <q@example.org>\r\n"
    "\r\n"
    "Une question ?\r\n";
  g_autoptr(GBytes) raw = g_bytes_new_static (raw_text, strlen (raw_text));
  g_autoptr(CrMimeMessage) original = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_DEFAULT);
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrSendQueue) queue = cr_send_queue_new (context);
  CrAccount *account = cr_account_manager_lookup (cr_context_get_account_manager (context), "compose");
  g_autoptr(CrMessageBuilder) reply = cr_compose_reply (original, account, CR_REPLY_SENDER);
  g_autoptr(CrComposerWindow) window = g_object_ref_sink (cr_composer_window_new (context, queue, reply));
  g_autoptr(CrMessageBuilder) now = NULL;
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (window), "composer-reply", &error));
  now = cr_composer_window_dup_builder (window);
  g_assert_cmpstr (cr_message_builder_get_subject (now), ==, "Re: Question");
  g_assert_cmpstr (((CrMimeAddress *) g_ptr_array_index (cr_message_builder_get_to (now), 0))->address, ==,
                   "bonvenon@example.org");
  g_assert_cmpstr (cr_message_builder_get_in_reply_to (now), ==, "q@example.org");
  g_assert_nonnull (strstr (cr_message_builder_get_body (now), "> Une question ?"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkLabel *
find_size_warning (GtkWidget *root)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "warning"))
      {
        GtkWidget *label = g_ptr_array_index (labels, i);

        return gtk_widget_get_visible (label) ? GTK_LABEL (label) : NULL;
      }
  g_assert_not_reached ();
}

static gboolean
size_warning_gone (gpointer data)
{
  return find_size_warning (data) == NULL;
}

/* A composer whose files (a reply's attachments, as when forwarding)
 * weigh @size bytes. */
static CrComposerWindow *
composer_with_file (CrContext   *context,
                    CrSendQueue *queue,
                    gsize        size)
{
  CrAccount *account = cr_account_manager_lookup (cr_context_get_account_manager (context), "compose");
  g_autoptr(CrMessageBuilder) prefill = cr_message_builder_new ();
  g_autoptr(GBytes) data = g_bytes_new_take (g_malloc0 (size), size);
  CrComposerWindow *window;

  cr_message_builder_set_from (prefill, NULL, cr_account_get_address (account));
  cr_message_builder_add_to (prefill, NULL, "elodie@example.org");
  cr_message_builder_set_subject (prefill, "Les photos");
  cr_message_builder_add_attachment (prefill, "photos.zip", "application/zip", data);
  window = g_object_ref_sink (cr_composer_window_new (context, queue, prefill));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
test_size_warning (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrSendQueue) queue = cr_send_queue_new (context);
  g_autoptr(CrComposerWindow) small = NULL;
  g_autoptr(CrComposerWindow) large = NULL;
  g_autoptr(CrComposerWindow) unknown = NULL;
  g_autoptr(CrContext) fresh = make_context ();
  g_autoptr(CrSendQueue) fresh_queue = cr_send_queue_new (fresh);
  g_autofree char *limit = NULL;
  g_autofree char *default_limit = g_format_size (25 * 1000 * 1000);
  g_autoptr(GError) error = NULL;
  guint before = cr_test_smtp_sink_count (sink);
  GtkLabel *warning;

  /* Nothing known yet, a small file: no warning. Sending it teaches the
   * account its server's SIZE (the sink's, 10 MiB). */
  cr_send_queue_set_delay (queue, 0);
  cr_send_queue_set_password (queue, "compose", cr_test_smtp_sink_get_password (sink));
  small = composer_with_file (context, queue, 1000);
  g_assert_null (find_size_warning (GTK_WIDGET (small)));
  gtk_widget_activate (find_send_button (GTK_WIDGET (small)));
  g_assert_true (cr_test_iterate_until (sink_has, GUINT_TO_POINTER (before + 1), 30000));

  g_assert_cmpuint (cr_smtp_limits_get_size (cr_context_get_paths (context), "compose"), >, 0);
  g_assert_cmpuint (cr_smtp_limits_get_size (cr_context_get_paths (context), "compose"), <, 30 * 1000 * 1000);
  limit = g_format_size (cr_smtp_limits_get_size (cr_context_get_paths (context), "compose"));

  /* 30 MB of files, 40 once in base64: over what the server said. */
  large = composer_with_file (context, queue, 30 * 1000 * 1000);
  warning = find_size_warning (GTK_WIDGET (large));
  g_assert_nonnull (warning);
  g_test_message ("%s", gtk_label_get_text (warning));
  g_assert_nonnull (strstr (gtk_label_get_text (warning), limit));
  g_assert_nonnull (strstr (gtk_label_get_text (warning), "refused"));
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (large), "composer-size-warning", &error));
  g_assert_no_error (error);

  /* Asked before it goes; “Cancel” keeps it here. */
  gtk_widget_activate (find_send_button (GTK_WIDGET (large)));
  g_assert_true (cr_test_iterate_until (dialog_shown, NULL, 10000));
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (find_dialog ()), "composer-size-dialog", &error));
  adw_message_dialog_response (find_dialog (), "cancel");
  g_assert_null (cr_composer_window_get_sent_id (large));

  /* The warning says to remove attachments: a forwarded one can be. */
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    g_autoptr(CrMessageBuilder) now = NULL;

    collect (GTK_WIDGET (large), GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (buttons->pdata[i]), "Remove the attachment") == 0)
        gtk_widget_activate (buttons->pdata[i]);
    g_assert_true (cr_test_iterate_until (size_warning_gone, large, 10000));
    now = cr_composer_window_dup_builder (large);
    g_assert_cmpuint (cr_message_builder_get_n_attachments (now), ==, 0);
  }

  /* An account never connected: the 25 MB rule of thumb, said so. */
  unknown = composer_with_file (fresh, fresh_queue, 26 * 1000 * 1000);
  warning = find_size_warning (GTK_WIDGET (unknown));
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (gtk_label_get_text (warning), default_limit));
  g_assert_nonnull (strstr (gtk_label_get_text (warning), "Many servers"));

  gtk_window_destroy (GTK_WINDOW (large));
  gtk_window_destroy (GTK_WINDOW (unknown));
}

static void
test_signature (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrSendQueue) queue = cr_send_queue_new (context);
  CrAccount *account = cr_account_manager_lookup (cr_context_get_account_manager (context), "compose");
  g_autoptr(CrComposerWindow) window = NULL;
  g_autoptr(CrComposerWindow) again = NULL;
  g_autoptr(CrMessageBuilder) now = NULL;
  g_autoptr(CrMessageBuilder) taken_back = NULL;
  g_autoptr(GError) error = NULL;

  cr_account_set_signature (account, "Amélie\nCafé des 2 Moulins");
  window = g_object_ref_sink (cr_composer_window_new (context, queue, NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (window), "composer-signature", &error));
  now = cr_composer_window_dup_builder (window);
  g_assert_cmpstr (cr_message_builder_get_body (now), ==, "\n\n-- \nAmélie\nCafé des 2 Moulins");

  /* Opened again with what was written (sending cancelled): once only. */
  again = g_object_ref_sink (cr_composer_window_new (context, queue, now));
  taken_back = cr_composer_window_dup_builder (again);
  g_assert_cmpstr (cr_message_builder_get_body (taken_back), ==, "\n\n-- \nAmélie\nCafé des 2 Moulins");
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (again));
}

static gboolean
sent_id_known (gpointer data)
{
  return cr_composer_window_get_sent_id (data) != NULL;
}

/* Keyboard only: every control is named for a screen reader, no two
 * mnemonics clash (Alt+S was both “Send” and “Subject”: it only moved
 * the focus), and Ctrl+Enter sends from the text, through the X server. */
static void
test_keyboard (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrSendQueue) queue = cr_send_queue_new (context);
  g_autoptr(CrComposerWindow) window = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);
  GtkTextBuffer *buffer;
  guint before = cr_test_smtp_sink_count (sink);

  cr_send_queue_set_delay (queue, 0);
  cr_send_queue_set_password (queue, "compose", cr_test_smtp_sink_get_password (sink));
  window = g_object_ref_sink (cr_composer_window_new (context, queue, NULL));
  gtk_window_present (GTK_WINDOW (window));
  cr_test_iterate (200);

  cr_test_ui_assert_named (GTK_WIDGET (window));
  collect (GTK_WIDGET (window), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      guint keyval = gtk_label_get_mnemonic_keyval (g_ptr_array_index (labels, i));

      if (keyval == GDK_KEY_VoidSymbol || !gtk_widget_is_drawable (g_ptr_array_index (labels, i)))
        continue;
      g_test_message ("mnemonic %s: %s", gdk_keyval_name (keyval), gtk_label_get_label (g_ptr_array_index (labels, i)));
      g_assert_false (g_hash_table_contains (keys, GUINT_TO_POINTER (keyval)));
      g_hash_table_add (keys, GUINT_TO_POINTER (keyval));
    }
  g_assert_cmpuint (g_hash_table_size (keys), >=, 6);

  collect (GTK_WIDGET (window), GTK_TYPE_ENTRY, entries);
  collect (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW, views);
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "elodie@example.org");
  gtk_editable_set_text (g_ptr_array_index (entries, 3), "Au clavier");
  gtk_widget_grab_focus (g_ptr_array_index (views, 0));
  buffer = gtk_text_view_get_buffer (g_ptr_array_index (views, 0));
  gtk_text_buffer_insert_at_cursor (buffer, "Envoyé sans souris.", -1);
  cr_test_ui_press_chord (GTK_WIDGET (window), GDK_KEY_Control_L, GDK_KEY_Return);
  g_assert_true (cr_test_iterate_until (sent_id_known, window, 10000));
  g_assert_true (cr_test_iterate_until (sink_has, GUINT_TO_POINTER (before + 1), 30000));
  /* Ctrl+Enter did not write a new line into the message first. */
  g_assert_cmpuint (gtk_text_buffer_get_line_count (buffer), ==, 1);
}

/* Closed right after typing: the draft is saved once, at the close, and
 * nothing the window's own teardown changes arms another save on a
 * window that is gone. */
static void
test_close_after_typing (void)
{
  g_autoptr(CrContext) context = make_context ();
  g_autoptr(CrSendQueue) queue = cr_send_queue_new (context);
  CrComposerWindow *window = cr_composer_window_new (context, queue, NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  g_autoptr(CrDrafts) drafts = cr_drafts_new (cr_context_get_paths (context));
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) crashed = NULL;

  gtk_window_present (GTK_WINDOW (window));
  collect (GTK_WIDGET (window), GTK_TYPE_ENTRY, entries);
  collect (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW, views);
  gtk_widget_grab_focus (g_ptr_array_index (entries, 0));
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "elodie@example.org");
  gtk_widget_grab_focus (g_ptr_array_index (views, 0));
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (g_ptr_array_index (views, 0)), "À garder", -1);
  gtk_window_destroy (GTK_WINDOW (window));
  /* Longer than the two seconds a save waits for. */
  cr_test_iterate (3000);

  saved = cr_drafts_list (drafts);
  g_assert_cmpuint (saved->len, ==, 1);
  crashed = cr_drafts_list_crashed (drafts);
  g_assert_cmpuint (crashed->len, ==, 0);
}

static void
on_edit (CrSendFailures    *failures,
         CrMessageBuilder  *builder,
         CrMessageBuilder **out)
{
  g_set_object (out, builder);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* The server refuses a recipient after the composer closed: the person
 * is told, with the server's words, and “Edit Message” takes the
 * message out of the outbox to fix it. */
static void
test_refused (void)
{
  const char *reject[] = { "nobody@example.org", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CrTestSmtpSink) strict = cr_test_smtp_sink_start_full (ca, reject, 0, &error);
  g_autoptr(CrContext) context = make_context_for (strict);
  g_autoptr(CrSendQueue) queue = cr_send_queue_new (context);
  g_autoptr(CrSendFailures) failures = NULL;
  g_autoptr(CrComposerWindow) window = NULL;
  g_autoptr(CrMessageBuilder) edited = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) left = NULL;
  GtkWidget *parent = gtk_window_new ();
  AdwMessageDialog *dialog;

  g_assert_no_error (error);
  cr_send_queue_set_delay (queue, 0);
  cr_send_queue_set_password (queue, "compose", cr_test_smtp_sink_get_password (strict));
  gtk_window_present (GTK_WINDOW (parent));
  failures = cr_send_failures_new (queue, GTK_WINDOW (parent));
  g_signal_connect (failures, "edit", G_CALLBACK (on_edit), &edited);

  window = g_object_ref_sink (cr_composer_window_new (context, queue, NULL));
  gtk_window_present (GTK_WINDOW (window));
  collect (GTK_WIDGET (window), GTK_TYPE_ENTRY, entries);
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "nobody@example.org");
  gtk_editable_set_text (g_ptr_array_index (entries, 3), "Refusé");
  gtk_widget_activate (find_send_button (GTK_WIDGET (window)));

  g_assert_true (cr_test_iterate_until (dialog_shown, NULL, 30000));
  dialog = find_dialog ();
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "nobody@example.org"));
  g_assert_true (cr_test_save_screenshot (GTK_WIDGET (dialog), "composer-refused", &error));
  g_assert_no_error (error);

  adw_message_dialog_response (dialog, "edit");
  g_assert_true (cr_test_iterate_until (is_set, &edited, 10000));
  g_assert_cmpstr (cr_message_builder_get_subject (edited), ==, "Refusé");
  g_assert_cmpstr (((CrMimeAddress *) g_ptr_array_index (cr_message_builder_get_to (edited), 0))->address, ==,
                   "nobody@example.org");
  left = cr_outbox_list (cr_send_queue_get_outbox (queue), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 0);
  gtk_window_destroy (GTK_WINDOW (parent));
}

static void
test_mentions (void)
{
  g_assert_true (cr_composer_mentions_attachment ("Voir la PIÈCE JOINTE"));
  g_assert_true (cr_composer_mentions_attachment ("the file is attached"));
  g_assert_false (cr_composer_mentions_attachment ("Bonjour, à demain."));
}

int
main (int argc, char *argv[])
{
  g_autoptr(CrTestSession) session = NULL;
  g_autoptr(CrTestDisplay) display = NULL;
  g_autofree char *ca_dir = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  env_dir = cr_test_env_setup ();
  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ca_dir = g_build_filename (env_dir, "ca", NULL);
  g_assert_cmpint (g_mkdir (ca_dir, 0700), ==, 0);
  ca = cr_test_ca_new (ca_dir, &error);
  g_assert_no_error (error);
  database = cr_test_ca_get_database (ca, &error);
  g_assert_no_error (error);
  sink = cr_test_smtp_sink_start (ca, &error);
  g_assert_no_error (error);
  dovecot = cr_test_dovecot_start (ca, &error);
  g_assert_no_error (error);

  g_test_add_func ("/composer/mentions", test_mentions);
  g_test_add_func ("/composer/write-and-send", test_write_and_send);
  g_test_add_func ("/composer/reply", test_reply_prefill);
  g_test_add_func ("/composer/size-warning", test_size_warning);
  g_test_add_func ("/composer/signature", test_signature);
  g_test_add_func ("/composer/keyboard", test_keyboard);
  g_test_add_func ("/composer/close-after-typing", test_close_after_typing);
  g_test_add_func ("/composer/refused", test_refused);

  ret = g_test_run ();

  g_clear_object (&database);
  g_clear_pointer (&dovecot, cr_test_dovecot_stop);
  g_clear_pointer (&sink, cr_test_smtp_sink_stop);
  g_clear_pointer (&ca, cr_test_ca_unref);
  g_clear_pointer (&display, cr_test_display_stop);
  g_clear_pointer (&session, cr_test_session_stop);
  cr_test_env_teardown (env_dir);
  g_free (env_dir);
  return ret;
}
