/* cr-folder-name-dialog.c — asks for a folder's name
 *
 * An AdwMessageDialog (libadwaita 1.2: no AdwDialog yet) with an entry
 * as its extra child. The name is checked as it is typed by the same
 * rule the engine applies (cr_imap_folder_check_name()), so the person
 * sees why “Create” stays disabled (empty, or the server's separator)
 * before anything is sent. Enter accepts a valid name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-folder-name-dialog.h"
#include "cr-imap-folder-ops.h"

struct _CrFolderNameDialog
{
  AdwMessageDialog  parent_instance;

  GtkWidget        *entry;
  GtkWidget        *problem;
  char              delimiter;
  gboolean          edited;
};

G_DEFINE_FINAL_TYPE (CrFolderNameDialog, cr_folder_name_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
validate (CrFolderNameDialog *self)
{
  g_autoptr(GError) error = NULL;
  gboolean valid;

  valid = cr_imap_folder_check_name (gtk_editable_get_text (GTK_EDITABLE (self->entry)),
                                     self->delimiter, &error);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "accept", valid);

  /* An empty entry before any typing is not yet a mistake. */
  gtk_label_set_text (GTK_LABEL (self->problem), error != NULL ? error->message : "");
  gtk_widget_set_visible (self->problem, error != NULL && self->edited);
  if (error != NULL && self->edited)
    gtk_widget_add_css_class (self->entry, "error");
  else
    gtk_widget_remove_css_class (self->entry, "error");
}

static void
on_changed (CrFolderNameDialog *self)
{
  self->edited = TRUE;
  validate (self);
}

static void
on_activate (CrFolderNameDialog *self)
{
  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "accept"))
    return;

  /* As the button would: the response, then the dialog goes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "accept");
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The message dialog focuses its default button when shown: typing
 * the name comes first. */
static void
cr_folder_name_dialog_map (GtkWidget *widget)
{
  CrFolderNameDialog *self = CR_FOLDER_NAME_DIALOG (widget);

  GTK_WIDGET_CLASS (cr_folder_name_dialog_parent_class)->map (widget);
  gtk_widget_grab_focus (self->entry);
}

static void
cr_folder_name_dialog_class_init (CrFolderNameDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = cr_folder_name_dialog_map;
}

static void
cr_folder_name_dialog_init (CrFolderNameDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (self->entry), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Folder name"), -1);
  self->problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->problem), 0);
  gtk_widget_add_css_class (self->problem, "error");
  gtk_widget_add_css_class (self->problem, "caption");
  gtk_widget_set_visible (self->problem, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->problem, NULL, -1);
  gtk_box_append (GTK_BOX (box), self->entry);
  gtk_box_append (GTK_BOX (box), self->problem);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  g_signal_connect_object (self->entry, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "activate", G_CALLBACK (on_activate), self, G_CONNECT_SWAPPED);
}

/**
 * cr_folder_name_dialog_new:
 * @name: (nullable): the name to start from (a rename)
 *
 * Returns: (transfer floating): a modal dialog, not shown yet
 */
GtkWidget *
cr_folder_name_dialog_new (GtkWindow  *parent,
                           const char *heading,
                           const char *body,
                           const char *accept_label,
                           const char *name,
                           char        delimiter)
{
  CrFolderNameDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CR_TYPE_FOLDER_NAME_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", body,
                       NULL);
  self->delimiter = delimiter;
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "accept", accept_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "accept", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), name);
  self->edited = FALSE;
  validate (self);
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);

  return GTK_WIDGET (self);
}

const char *
cr_folder_name_dialog_get_name (CrFolderNameDialog *self)
{
  g_return_val_if_fail (CR_IS_FOLDER_NAME_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

GtkEditable *
cr_folder_name_dialog_get_entry (CrFolderNameDialog *self)
{
  g_return_val_if_fail (CR_IS_FOLDER_NAME_DIALOG (self), NULL);

  return GTK_EDITABLE (self->entry);
}
