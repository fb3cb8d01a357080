/* cr-reader-source.c — a window showing a message as it was received
 *
 * The raw bytes may be in any charset or none, and a message may mix them
 * (one part in UTF-8, another in Latin-1): each line is shown as UTF-8 if
 * it is, else as Windows-1252 (French mail's usual 8-bit charset), else
 * with invalid bytes replaced; as text, never interpreted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cr-reader-source.h"

static void
append_line (GString    *out,
             const char *line,
             gsize       length)
{
  g_autofree char *converted = NULL;
  g_autofree char *replaced = NULL;

  if (g_utf8_validate_len (line, length, NULL))
    {
      g_string_append_len (out, line, (gssize) length);
      return;
    }

  converted = g_convert (line, (gssize) length, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (converted != NULL)
    {
      g_string_append (out, converted);
      return;
    }

  replaced = g_utf8_make_valid (line, (gssize) length);
  g_string_append (out, replaced);
}

/**
 * cr_reader_source_text:
 * @raw: a message as received
 *
 * Returns: (transfer full): @raw as text, line by line (see above)
 */
char *
cr_reader_source_text (GBytes *raw)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (raw, &size);
  GString *out = g_string_sized_new (size);
  gsize start = 0;

  while (start < size)
    {
      const char *end = memchr (data + start, '\n', size - start);
      gsize length = end != NULL ? (gsize) (end - data) - start + 1 : size - start;

      /* A NUL would end the text view's text early. */
      if (memchr (data + start, '\0', length) != NULL)
        {
          g_autofree char *copy = g_memdup2 (data + start, length);

          for (gsize i = 0; i < length; i++)
            if (copy[i] == '\0')
              copy[i] = ' ';
          append_line (out, copy, length);
        }
      else
        append_line (out, data + start, length);
      start += length;
    }

  return g_string_free (out, FALSE);
}

/**
 * cr_reader_source_window_new:
 * @parent: (nullable): the window it belongs to
 * @title: (nullable): the message's subject
 * @raw: the message as received
 *
 * Returns: (transfer none): a new window, not yet presented
 */
GtkWindow *
cr_reader_source_window_new (GtkWindow  *parent,
                             const char *title,
                             GBytes     *raw)
{
  g_autofree char *text = cr_reader_source_text (raw);
  GtkWidget *window, *box, *header, *scrolled, *view;

  window = g_object_new (ADW_TYPE_WINDOW,
                         "title", _("Message Source"),
                         "default-width", 800,
                         "default-height", 600,
                         "transient-for", parent,
                         "modal", FALSE,
                         "destroy-with-parent", TRUE,
                         NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Message Source"), title != NULL ? title : ""));
  gtk_box_append (GTK_BOX (box), header);

  view = g_object_new (GTK_TYPE_TEXT_VIEW,
                       "editable", FALSE,
                       "monospace", TRUE,
                       "wrap-mode", GTK_WRAP_CHAR,
                       "left-margin", 12,
                       "right-margin", 12,
                       "top-margin", 12,
                       "bottom-margin", 12,
                       NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);

  scrolled = g_object_new (GTK_TYPE_SCROLLED_WINDOW,
                           "vexpand", TRUE,
                           "hscrollbar-policy", GTK_POLICY_NEVER,
                           "child", view,
                           NULL);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);

  return GTK_WINDOW (window);
}
