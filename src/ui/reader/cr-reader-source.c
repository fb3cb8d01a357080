/* cr-reader-source.c — a window showing a message as it was received
 *
 * The raw bytes may be in any charset or none: they are shown as UTF-8
 * with invalid bytes replaced, never interpreted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cr-reader-source.h"

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
  gsize size = 0;
  const char *data = g_bytes_get_data (raw, &size);
  g_autofree char *text = g_utf8_make_valid (data != NULL ? data : "", (gssize) size);
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
