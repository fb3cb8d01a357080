/* cr-reader-print.c — printing a message
 *
 * HTML mail prints through WebKit's print operation; plain text is laid
 * out here with Pango, the subject on top of the first page, the text
 * wrapped to the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-reader-print.h"

typedef struct
{
  char        *title;
  char        *text;
  PangoLayout *layout;
  GArray      *page_starts;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  g_free (job->title);
  g_free (job->text);
  g_clear_object (&job->layout);
  g_clear_pointer (&job->page_starts, g_array_unref);
  g_free (job);
}

static void
begin_print (GtkPrintOperation *operation,
             GtkPrintContext   *context,
             PrintJob          *job)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 10");
  g_autofree char *markup = NULL;
  g_autofree char *escaped_title = g_markup_escape_text (job->title, -1);
  g_autofree char *escaped_text = g_markup_escape_text (job->text, -1);
  double page_height = gtk_print_context_get_height (context);
  double used = 0;
  int n_lines, line = 0;

  job->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_font_description (job->layout, font);
  pango_layout_set_width (job->layout, (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (job->layout, PANGO_WRAP_WORD_CHAR);
  /* Both parts are escaped: the text is shown, never interpreted. */
  markup = g_strdup_printf ("<b><big>%s</big></b>\n\n%s", escaped_title, escaped_text);
  pango_layout_set_markup (job->layout, markup, -1);

  job->page_starts = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (job->page_starts, line);
  n_lines = pango_layout_get_line_count (job->layout);
  for (line = 0; line < n_lines; line++)
    {
      PangoRectangle logical;
      double height;

      pango_layout_line_get_extents (pango_layout_get_line_readonly (job->layout, line), NULL, &logical);
      height = (double) logical.height / PANGO_SCALE;
      if (used + height > page_height && line > 0)
        {
          g_array_append_val (job->page_starts, line);
          used = 0;
        }
      used += height;
    }

  gtk_print_operation_set_n_pages (operation, (int) job->page_starts->len);
}

static void
draw_page (GtkPrintOperation *operation,
           GtkPrintContext   *context,
           int                page_nr,
           PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int first = g_array_index (job->page_starts, int, page_nr);
  int last = (guint) page_nr + 1 < job->page_starts->len
             ? g_array_index (job->page_starts, int, page_nr + 1)
             : pango_layout_get_line_count (job->layout);
  double y = 0;

  for (int line = first; line < last; line++)
    {
      PangoLayoutLine *layout_line = pango_layout_get_line_readonly (job->layout, line);
      PangoRectangle logical;
      int baseline;

      pango_layout_line_get_extents (layout_line, NULL, &logical);
      baseline = -logical.y;
      cairo_move_to (cr, 0, y + (double) baseline / PANGO_SCALE);
      pango_cairo_show_layout_line (cr, layout_line);
      y += (double) logical.height / PANGO_SCALE;
    }
}

/**
 * cr_reader_print_text:
 * @parent: (nullable): the window the print dialog belongs to
 * @title: the message's subject
 * @view: the text view showing the message
 *
 * Opens the print dialog for the text of @view.
 */
void
cr_reader_print_text (GtkWindow   *parent,
                      const char  *title,
                      GtkTextView *view)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  PrintJob *job = g_new0 (PrintJob, 1);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  job->title = g_strdup (title != NULL ? title : "");
  job->text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_object_set_data_full (G_OBJECT (operation), "cr-print-job", job, print_job_free);

  gtk_print_operation_set_job_name (operation, job->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page), job);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, NULL);
}

/**
 * cr_reader_print_web:
 * @parent: (nullable): the window the dialog belongs to
 * @view: the web view showing an HTML message
 *
 * Opens the print dialog for the message shown.
 */
void
cr_reader_print_web (GtkWindow     *parent,
                     WebKitWebView *view)
{
  g_autoptr(WebKitPrintOperation) operation = NULL;

  g_return_if_fail (WEBKIT_IS_WEB_VIEW (view));

  operation = webkit_print_operation_new (view);
  webkit_print_operation_run_dialog (operation, parent);
}

/**
 * cr_reader_print_web_to_file:
 * @view: the web view showing an HTML message
 * @file: where the PDF goes
 *
 * Prints the message shown to a PDF file, without a dialog, through the
 * same WebKit print operation as cr_reader_print_web().
 *
 * Returns: (transfer full): the operation; its “finished” or “failed”
 *   signal tells when the file is written
 */
WebKitPrintOperation *
cr_reader_print_web_to_file (WebKitWebView *view,
                             GFile         *file)
{
  /* GTK's file printer, found by its translated name. */
  static const char *file_printer = "Print to File";
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autofree char *uri = NULL;
  WebKitPrintOperation *operation;

  g_return_val_if_fail (WEBKIT_IS_WEB_VIEW (view), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  uri = g_file_get_uri (file);
  gtk_print_settings_set_printer (settings, g_dgettext ("gtk40", file_printer));
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);

  operation = webkit_print_operation_new (view);
  webkit_print_operation_set_print_settings (operation, settings);
  webkit_print_operation_print (operation);

  return operation;
}
