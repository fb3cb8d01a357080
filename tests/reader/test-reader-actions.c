/* test-reader-actions.c — the reader header's “more” actions, used as a
 * person would: “Save as .eml” through the file chooser writes the exact
 * bytes received, “View Source” shows them as text (never as HTML), and
 * “Print” goes through WebKit's print operation (its dialog, and a PDF
 * written without one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtkunixprint.h>
#include <locale.h>
#include <string.h>

#include "cr-resources.h"
#include "cr-reader-print.h"
#include "cr-reader-view.h"
#include "cr-reader-web.h"
#include "cr-test-display.h"
#include "cr-test-env.h"
#include "cr-test-session.h"

/* Generous: an ASan build on a loaded CI machine starts WebKit slowly. */
#define LOAD_TIMEOUT_MS 60000

/* CRLF line ends, raw UTF-8 in a header, 8-bit Latin-1 bytes (0xe9) in the
 * body, markup in a plain-text body: what must survive saving, and what
 * “View Source” must show as text, each line in its own charset. */
#define RAW_MESSAGE \
  "From: Marc <marc@example.fr>\r\nTo: lea@example.fr\r\nSubject: Facture 42\r\n" \
  "Date: Thu, 26 Nov 2026 16:46:00 +0100\r\nX-Note: \xc3\xa9t\xc3\xa9\r\nMIME-Version: 1.0\r\n" \
  "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" \
  "Voici la facture d\xe9taill\xe9" "e.\r\n<b>pas du HTML</b><script>document.title = 'x'</script>\r\n"

#define HTML_MESSAGE \
  "From: Boutique <boutique@example.fr>\r\nTo: lea@example.fr\r\nSubject: Votre commande\r\n" \
  "Date: Thu, 26 Nov 2026 16:46:00 +0100\r\nMIME-Version: 1.0\r\n" \
  "Content-Type: text/html; charset=utf-8\r\n\r\n" \
  "<html><body><h1>Merci</h1><p>Commande Zanzibar 4242 exp\xc3\xa9" "di\xc3\xa9" "e.</p></body></html>\r\n"

static gboolean in_french;

typedef struct
{
  GtkWindow    *window;
  CrReaderView *view;
  char         *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("cr-reader-actions-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->view = cr_reader_view_new ();
  fixture->window = g_object_new (GTK_TYPE_WINDOW,
                                  "default-width", 900,
                                  "default-height", 720,
                                  "child", fixture->view,
                                  NULL);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  cr_test_iterate (50);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
view_loaded (gpointer data)
{
  return cr_reader_view_get_loaded (data);
}

static void
show_and_wait (Fixture    *fixture,
               const char *raw)
{
  g_autoptr(GBytes) bytes = g_bytes_new (raw, strlen (raw));

  cr_reader_view_show_bytes (fixture->view, bytes);
  cr_test_iterate (20);
  g_assert_true (cr_test_iterate_until (view_loaded, fixture->view, LOAD_TIMEOUT_MS));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
toplevel_mapped (gpointer data)
{
  GtkWindow *window = find_toplevel (GPOINTER_TO_SIZE (data));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
screenshot (GtkWidget  *widget,
            const char *what)
{
  g_autofree char *name = g_strdup_printf ("reader-%s-%s", what, in_french ? "fr" : "en");
  g_autoptr(GError) error = NULL;

  cr_test_iterate (300);
  g_assert_true (cr_test_save_screenshot (widget, name, &error));
  g_assert_no_error (error);
}

/* ---- Save as .eml ----------------------------------------------------- */

typedef struct
{
  char  *path;
  gsize  size;
} Saved;

static gboolean
file_complete (gpointer data)
{
  Saved *saved = data;
  GStatBuf st;

  return g_stat (saved->path, &st) == 0 && (gsize) st.st_size == saved->size;
}

static void
test_save_eml (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cwd = NULL;
  g_autofree char *current_name = NULL;
  g_autofree char *contents = NULL;
  Saved saved = { NULL, strlen (RAW_MESSAGE) };
  GtkWindow *chooser;
  gsize length;

  show_and_wait (fixture, RAW_MESSAGE);
  /* The chooser opens in the working directory: make it the test's. */
  cwd = g_get_current_dir ();
  g_assert_cmpint (g_chdir (fixture->dir), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reader.save-eml", NULL);

  /* Without a portal the native chooser is GTK's own dialog. */
  g_assert_true (cr_test_iterate_until (toplevel_mapped, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG),
                                        LOAD_TIMEOUT_MS));
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  current_name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (current_name, ==, "Facture 42.eml");
  screenshot (GTK_WIDGET (chooser), "save-eml");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  saved.path = g_build_filename (fixture->dir, "Facture 42.eml", NULL);
  g_assert_true (cr_test_iterate_until (file_complete, &saved, LOAD_TIMEOUT_MS));
  g_assert_true (g_file_get_contents (saved.path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, RAW_MESSAGE, strlen (RAW_MESSAGE));
  g_free (saved.path);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

/* ---- View source ------------------------------------------------------ */

static void
test_view_source (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  GtkWindow *source;
  GtkWidget *view;

  show_and_wait (fixture, RAW_MESSAGE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reader.view-source", NULL);
  g_assert_true (cr_test_iterate_until (toplevel_mapped, GSIZE_TO_POINTER (ADW_TYPE_WINDOW), LOAD_TIMEOUT_MS));
  source = find_toplevel (ADW_TYPE_WINDOW);
  g_assert_cmpstr (gtk_window_get_title (source), ==, _("Message Source"));

  /* A text view, holding the bytes as text: CRLF kept, each line decoded
   * (UTF-8, else Windows-1252), the markup and the script shown as they
   * are. */
  view = find_descendant (GTK_WIDGET (source), GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull (view);
  g_assert_null (find_descendant (GTK_WIDGET (source), WEBKIT_TYPE_WEB_VIEW));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_true (g_str_has_prefix (text, "From: Marc <marc@example.fr>\r\n"));
  g_assert_nonnull (strstr (text, "X-Note: été\r\n"));
  g_assert_nonnull (strstr (text, "Voici la facture détaillée.\r\n"));
  g_assert_nonnull (strstr (text, "<b>pas du HTML</b><script>"));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));

  screenshot (GTK_WIDGET (source), "view-source");
  gtk_window_destroy (source);
}

/* ---- Print ------------------------------------------------------------ */

static gboolean
close_print_dialog (gpointer data)
{
  gboolean *seen = data;
  GtkWindow *dialog = find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG);

  if (dialog == NULL || !gtk_widget_get_mapped (GTK_WIDGET (dialog)))
    return G_SOURCE_CONTINUE;

  *seen = TRUE;
  screenshot (GTK_WIDGET (dialog), "print-dialog");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);

  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
set_flag (gpointer  instance,
          gboolean *flag)
{
  *flag = TRUE;
}

static void
print_failed (WebKitPrintOperation *operation,
              GError               *error,
              gpointer              data)
{
  g_error ("Printing failed: %s", error->message);
}

static void
test_print (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "message.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WebKitPrintOperation) operation = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gboolean seen = FALSE, finished = FALSE;
  GtkWidget *body;
  guint timeout;
  gsize length;

  show_and_wait (fixture, HTML_MESSAGE);
  body = cr_reader_view_get_body_widget (fixture->view);
  g_assert_true (CR_IS_READER_WEB (body));

  /* The action opens WebKit's print dialog (it waits in its own loop
   * until the dialog closes: the timeout closes it). */
  timeout = g_timeout_add (50, close_print_dialog, &seen);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "reader.print", NULL);
  g_assert_true (cr_test_iterate_until (flag_set, &seen, LOAD_TIMEOUT_MS));
  if (!seen)
    g_source_remove (timeout);

  /* The same operation, to a PDF file. */
  operation = cr_reader_print_web_to_file (cr_reader_web_get_web_view (CR_READER_WEB (body)), file);
  g_signal_connect (operation, "finished", G_CALLBACK (set_flag), &finished);
  g_signal_connect (operation, "failed", G_CALLBACK (print_failed), NULL);
  g_assert_true (cr_test_iterate_until (flag_set, &finished, LOAD_TIMEOUT_MS));

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  /* The message's text is in it, when poppler's tool is there to read it. */
  if (pdftotext != NULL)
    {
      const char *argv[] = { pdftotext, path, "-", NULL };
      g_autofree char *text = NULL;

      g_assert_true (cr_test_run (argv, NULL, &text, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, "Commande Zanzibar 4242"));
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
  const char *locale;
  int status;

  locale = setlocale (LC_ALL, "");
  if (locale == NULL)
    g_error ("The locale “%s” is not installed: run build-aux/setup-deps.sh", g_getenv ("LC_ALL"));
  in_french = g_str_has_prefix (locale, "fr");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CR_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* GtkFileChooserNative then shows GTK's own dialog, in this process. */
  g_setenv ("GTK_USE_PORTAL", "0", TRUE);

  session = cr_test_session_start (FALSE, &error);
  g_assert_no_error (error);
  display = cr_test_display_start (&error);
  g_assert_no_error (error);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  cr_register_resource ();

  g_test_add ("/reader-actions/save-eml", Fixture, NULL, fixture_setup, test_save_eml, fixture_teardown);
  g_test_add ("/reader-actions/view-source", Fixture, NULL, fixture_setup, test_view_source, fixture_teardown);
  g_test_add ("/reader-actions/print", Fixture, NULL, fixture_setup, test_print, fixture_teardown);

  status = g_test_run ();
  cr_test_env_teardown (env_dir);

  return status;
}
