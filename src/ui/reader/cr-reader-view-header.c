/* cr-reader-view-header.c — the header block: subject, sender, date, recipients, notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cr-reader-date.h"
#include "cr-reader-view-private.h"

/* ---- Header ----------------------------------------------------------- */

static char *
addresses_line (const char *label,
                GPtrArray  *addresses)
{
  g_autoptr(GString) line = NULL;

  if (addresses == NULL || addresses->len == 0)
    return NULL;

  line = g_string_new (label);
  for (guint i = 0; i < addresses->len; i++)
    {
      g_autofree char *text = cr_mime_address_to_string (addresses->pdata[i]);

      g_string_append (line, i == 0 ? " " : ", ");
      g_string_append (line, text);
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static void
set_optional_label (GtkLabel   *label,
                    const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

void
cr_reader_view_show_header (CrReaderView *self)
{
  CrMimeMessage *message = self->message;
  GPtrArray *from = cr_mime_message_get_from (message);
  const CrMimeAddress *sender = from != NULL && from->len > 0 ? from->pdata[0] : NULL;
  const char *subject = cr_mime_message_get_subject (message);
  GDateTime *date = cr_mime_message_get_date (message);
  g_autofree char *to = addresses_line (_("To:"), cr_mime_message_get_to (message));
  g_autofree char *cc = addresses_line (_("Cc:"), cr_mime_message_get_cc (message));
  const char *name = NULL;

  gtk_label_set_label (self->subject_label,
                       subject != NULL && *subject != '\0' ? subject : _("(No Subject)"));

  if (sender != NULL)
    name = sender->name != NULL && *sender->name != '\0' ? sender->name : sender->address;
  gtk_label_set_label (self->sender_name_label, name != NULL ? name : _("Unknown Sender"));
  set_optional_label (self->sender_address_label,
                      sender != NULL && g_strcmp0 (name, sender->address) != 0 ? sender->address : NULL);
  adw_avatar_set_text (self->avatar, name);

  if (date != NULL)
    {
      g_autofree char *when = cr_reader_format_date (date, NULL);
      g_autoptr(GDateTime) local = g_date_time_to_local (date);
      g_autofree char *full = g_date_time_format (local, "%c");

      set_optional_label (self->date_label, when);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->date_label), full);
    }
  else
    set_optional_label (self->date_label, NULL);

  set_optional_label (self->to_label, to);
  set_optional_label (self->cc_label, cc);
}

void
cr_reader_view_show_notes (CrReaderView *self)
{
  const char * const *notes = cr_mime_message_get_notes (self->message);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->notes_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->notes_box), child);

  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                       "label", notes[i],
                                       "wrap", TRUE,
                                       "xalign", 0.0f,
                                       NULL);

      gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name ("dialog-information-symbolic"));
      gtk_box_append (GTK_BOX (row), label);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_box_append (GTK_BOX (self->notes_box), row);
    }

  gtk_widget_set_visible (self->notes_box, notes != NULL && notes[0] != NULL);
}

