/* cr-reader-attachments.c — a message's attachments: open, save
 *
 * One row per attachment (icon, name, size and type) with “Open” and
 * “Save…”. Nothing is ever opened without the person asking. Opening
 * writes a private copy (0600, in a 0700 directory under
 * $XDG_CACHE_HOME/courrier/attachments) and hands it to the default
 * application; saving goes through the file chooser, a portal in Flatpak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>

#include "cr-reader-attachments.h"

#define PART_KEY "cr-part"

struct _CrReaderAttachments
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkWidget  *title;
  GtkWidget  *list;
  guint       n_parts;
};

G_DEFINE_FINAL_TYPE (CrReaderAttachments, cr_reader_attachments, GTK_TYPE_WIDGET)

/**
 * cr_reader_attachments_safe_filename:
 * @part: an attachment
 *
 * A sender's file name may be “../../.bashrc” or empty: only its last
 * component is kept, and a name of ours replaces nothing usable.
 *
 * Returns: (transfer full): a file name without directory.
 */
char *
cr_reader_attachments_safe_filename (CrMimePart *part)
{
  const char *filename = cr_mime_part_get_filename (part);
  g_autofree char *base = NULL;

  if (filename != NULL)
    {
      g_autofree char *flat = g_strdup (filename);

      g_strdelimit (flat, "/\\", '_');
      g_strstrip (flat);
      base = g_steal_pointer (&flat);
    }

  if (base == NULL || *base == '\0' || g_str_equal (base, ".") || g_str_equal (base, "..")
      || base[0] == '.')
    {
      g_autofree char *hidden = g_steal_pointer (&base);

      /* Translators: the name given to an attachment that has none
       * (or only a hidden one, like “.profile”); keep it a file name */
      base = hidden != NULL && hidden[0] == '.' && hidden[1] != '\0' && !g_str_equal (hidden, "..")
             ? g_strconcat ("_", hidden, NULL)
             : g_strdup (_("attachment"));
    }

  return g_steal_pointer (&base);
}

/**
 * cr_reader_attachments_write_private:
 * @part: an attachment
 * @error: a #GError
 *
 * Writes @part where only this user can read it, for an application to
 * open.
 *
 * Returns: (transfer full): the file, or %NULL and @error set
 */
GFile *
cr_reader_attachments_write_private (CrMimePart  *part,
                                     GError     **error)
{
  g_autofree char *root = g_build_filename (g_get_user_cache_dir (), "courrier", "attachments", NULL);
  g_autofree char *template = NULL;
  g_autofree char *name = cr_reader_attachments_safe_filename (part);
  g_autofree char *path = NULL;
  GBytes *bytes = cr_mime_part_get_bytes (part);
  gsize size = 0;
  const char *data;

  if (g_mkdir_with_parents (root, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), root, g_strerror (saved));
      return NULL;
    }

  template = g_build_filename (root, "XXXXXX", NULL);
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), root, g_strerror (saved));
      return NULL;
    }

  path = g_build_filename (template, name, NULL);
  data = bytes != NULL ? g_bytes_get_data (bytes, &size) : "";
  if (!g_file_set_contents_full (path, data, (gssize) size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;

  return g_file_new_for_path (path);
}

static void
report_error (GtkWidget    *widget,
              const char   *heading,
              const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_clicked (GtkButton *button,
              gpointer   user_data)
{
  CrMimePart *part = g_object_get_data (G_OBJECT (button), PART_KEY);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = cr_reader_attachments_write_private (part, &error);
  g_autofree char *uri = NULL;
  GtkRoot *root;

  if (file == NULL)
    {
      report_error (GTK_WIDGET (button), _("The attachment could not be opened"), error);
      return;
    }

  uri = g_file_get_uri (file);
  root = gtk_widget_get_root (GTK_WIDGET (button));
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

typedef struct
{
  GtkWidget  *widget;
  CrMimePart *part;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->widget);
  g_clear_object (&data->part);
  g_free (data);
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    report_error (data->widget, _("The attachment could not be saved"), error);

  save_data_free (data);
}

static void
chooser_response (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  SaveData *data = user_data;
  g_autoptr(GFile) file = NULL;
  GBytes *bytes;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file == NULL)
    {
      save_data_free (data);
      return;
    }

  bytes = cr_mime_part_get_bytes (data->part);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       NULL, saved, data);
}

static void
save_clicked (GtkButton *button,
              gpointer   user_data)
{
  CrMimePart *part = g_object_get_data (G_OBJECT (button), PART_KEY);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  g_autofree char *name = cr_reader_attachments_safe_filename (part);
  GtkFileChooserNative *chooser;
  SaveData *data;

  chooser = gtk_file_chooser_native_new (_("Save Attachment"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  data = g_new0 (SaveData, 1);
  data->widget = g_object_ref (GTK_WIDGET (button));
  data->part = g_object_ref (part);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkWidget *
new_button (CrMimePart *part,
            const char *icon_name,
            const char *tooltip,
            const char *accessible,
            GCallback   callback)
{
  GtkWidget *button = g_object_new (GTK_TYPE_BUTTON,
                                    "icon-name", icon_name,
                                    "tooltip-text", tooltip,
                                    "valign", GTK_ALIGN_CENTER,
                                    NULL);

  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), PART_KEY, g_object_ref (part), g_object_unref);
  g_signal_connect (button, "clicked", callback, NULL);

  return button;
}

static GtkWidget *
new_row (CrMimePart *part)
{
  g_autofree char *name = cr_reader_attachments_safe_filename (part);
  g_autofree char *size = g_format_size (cr_mime_part_get_size (part));
  g_autofree char *description = g_content_type_get_description (cr_mime_part_get_content_type (part));
  g_autofree char *subtitle = g_strdup_printf ("%s — %s", size, description);
  g_autoptr(GIcon) icon = g_content_type_get_symbolic_icon (cr_mime_part_get_content_type (part));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_gicon (icon);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  /* Translators: an attachment's “Open” button, for screen readers; %s is
   * the file name */
  g_autofree char *open_name = g_strdup_printf (_("Open “%s”"), name);
  /* Translators: an attachment's “Save…” button, for screen readers; %s is
   * the file name */
  g_autofree char *save_name = g_strdup_printf (_("Save “%s”…"), name);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_button (part, "document-open-symbolic", _("Open"),
                                         open_name, G_CALLBACK (open_clicked)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_button (part, "document-save-symbolic", _("Save…"),
                                         save_name, G_CALLBACK (save_clicked)));

  return row;
}

/**
 * cr_reader_attachments_set_parts:
 * @self: the list
 * @parts: (nullable) (element-type CrMimePart): the attachments
 *
 * Lists @parts; the widget hides itself when there are none.
 */
void
cr_reader_attachments_set_parts (CrReaderAttachments *self,
                                 GPtrArray           *parts)
{
  GtkWidget *child;
  g_autofree char *title = NULL;

  g_return_if_fail (CR_IS_READER_ATTACHMENTS (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);

  self->n_parts = parts != NULL ? parts->len : 0;
  for (guint i = 0; i < self->n_parts; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->list), new_row (parts->pdata[i]));

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Attachment", "%u Attachments", self->n_parts),
                           self->n_parts);
  gtk_label_set_label (GTK_LABEL (self->title), title);
  gtk_widget_set_visible (GTK_WIDGET (self), self->n_parts > 0);
}

guint
cr_reader_attachments_get_n_parts (CrReaderAttachments *self)
{
  g_return_val_if_fail (CR_IS_READER_ATTACHMENTS (self), 0);

  return self->n_parts;
}

CrReaderAttachments *
cr_reader_attachments_new (void)
{
  return g_object_new (CR_TYPE_READER_ATTACHMENTS, NULL);
}

static void
cr_reader_attachments_dispose (GObject *object)
{
  CrReaderAttachments *self = CR_READER_ATTACHMENTS (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  self->list = NULL;
  self->title = NULL;

  G_OBJECT_CLASS (cr_reader_attachments_parent_class)->dispose (object);
}

static void
cr_reader_attachments_class_init (CrReaderAttachmentsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cr_reader_attachments_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cr-reader-attachments");
}

static void
cr_reader_attachments_init (CrReaderAttachments *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_widget_add_css_class (self->title, "heading");
  gtk_box_append (GTK_BOX (self->box), self->title);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_box_append (GTK_BOX (self->box), self->list);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
