/* cr-folder-row.c — how the sidebar shows an account or a folder
 *
 * A folder: its icon, its name and the unread count as a badge. An
 * account: its name, a line for its state (synchronising n/N, offline, an
 * error) and, when the server reports one, a quota gauge like the
 * webmail's. Messages dropped on a folder are handed to the sidebar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-folder-row.h"
#include "cr-folder-sidebar.h"

struct _CrFolderRow
{
  GtkWidget      parent_instance;

  CrSidebarItem *item;
  GtkWidget     *box;
  GtkWidget     *icon;
  GtkWidget     *title;
  GtkWidget     *badge;
  GtkWidget     *state;
  GtkWidget     *quota;
  GtkDropTarget *drop;
};

G_DEFINE_FINAL_TYPE (CrFolderRow, cr_folder_row, GTK_TYPE_WIDGET)

/* The list's item around the row, where the keyboard focus is. */
static GtkAccessible *
list_item (CrFolderRow *self)
{
  for (GtkWidget *w = gtk_widget_get_parent (GTK_WIDGET (self)); w != NULL; w = gtk_widget_get_parent (w))
    if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w)) == GTK_ACCESSIBLE_ROLE_LIST_ITEM)
      return GTK_ACCESSIBLE (w);

  return NULL;
}

static void
update_badge (CrFolderRow *self)
{
  GtkAccessible *item = list_item (self);
  guint unread = cr_sidebar_item_get_unread (self->item);
  g_autofree char *text = g_strdup_printf ("%u", unread);
  g_autofree char *label = NULL;

  gtk_label_set_text (GTK_LABEL (self->badge), text);
  gtk_widget_set_visible (self->badge, unread > 0);

  /* Translators: a folder's name and its number of unread messages */
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u unread", "%s, %u unread", unread),
                           cr_sidebar_item_get_title (self->item), unread);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  unread > 0 ? label : cr_sidebar_item_get_title (self->item), -1);
  /* A screen reader reads the focused item, which GTK 4.8 names after
   * nothing (gtk_list_item_set_accessible_label() is 4.12). */
  if (item != NULL)
    gtk_accessible_update_property (item, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    unread > 0 ? label : cr_sidebar_item_get_title (self->item), -1);
}

static void
update_state (CrFolderRow *self)
{
  CrAccountState *state = cr_sidebar_item_get_state (self->item);
  g_autofree char *summary = cr_account_state_dup_summary (state);
  double quota = cr_account_state_get_quota_fraction (state);

  gtk_label_set_text (GTK_LABEL (self->state), summary != NULL ? summary : "");
  gtk_widget_set_visible (self->state, summary != NULL);
  gtk_widget_set_visible (self->quota, quota >= 0);
  if (quota >= 0)
    {
      g_autofree char *tip = NULL;

      gtk_level_bar_set_value (GTK_LEVEL_BAR (self->quota), quota);
      /* Translators: how full the mailbox is, e.g. “Quota used: 12 %” */
      tip = g_strdup_printf (_("Quota used: %.0f %%"), quota * 100);
      gtk_widget_set_tooltip_text (self->quota, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->quota),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
    }
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         CrFolderRow   *self)
{
  GtkWidget *sidebar;
  CrFolderInfo *folder;

  if (self->item == NULL || cr_sidebar_item_is_account (self->item))
    return FALSE;

  folder = cr_sidebar_item_get_folder (self->item);
  if ((folder->flags & CR_FOLDER_FLAG_NOSELECT) != 0)
    return FALSE;

  sidebar = gtk_widget_get_ancestor (GTK_WIDGET (self), CR_TYPE_FOLDER_SIDEBAR);
  if (sidebar == NULL)
    return FALSE;
  g_signal_emit_by_name (sidebar, "messages-dropped", folder, g_value_get_boxed (value));

  return TRUE;
}

static void
cr_folder_row_dispose (GObject *object)
{
  CrFolderRow *self = CR_FOLDER_ROW (object);

  cr_folder_row_bind (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (cr_folder_row_parent_class)->dispose (object);
}

static void
cr_folder_row_class_init (CrFolderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cr_folder_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "crfolderrow");
}

static void
cr_folder_row_init (CrFolderRow *self)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  self->icon = gtk_image_new ();
  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->title, TRUE);
  self->badge = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->badge, "cr-unread-badge");
  gtk_widget_set_valign (self->badge, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (line), self->icon);
  gtk_box_append (GTK_BOX (line), self->title);
  gtk_box_append (GTK_BOX (line), self->badge);

  self->state = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->state), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->state), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->state, "caption");
  gtk_widget_add_css_class (self->state, "dim-label");
  self->quota = gtk_level_bar_new_for_interval (0, 1);
  gtk_widget_set_margin_top (self->quota, 2);

  gtk_box_append (GTK_BOX (self->box), line);
  gtk_box_append (GTK_BOX (self->box), self->state);
  gtk_box_append (GTK_BOX (self->box), self->quota);
  /* The sidebar's rows are taller than a folder's one line: in the
   * middle, where the selection's highlight has it. */
  gtk_widget_set_valign (self->box, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  /* The badge goes to the end of the row, past the expander's indent. */
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);

  self->drop = gtk_drop_target_new (G_TYPE_ARRAY, GDK_ACTION_MOVE);
  g_signal_connect (self->drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop));
}

GtkWidget *
cr_folder_row_new (void)
{
  return g_object_new (CR_TYPE_FOLDER_ROW, NULL);
}

/* @item: (nullable): what to show, NULL when the row is recycled */
void
cr_folder_row_bind (CrFolderRow   *self,
                    CrSidebarItem *item)
{
  gboolean is_account;

  g_return_if_fail (CR_IS_FOLDER_ROW (self));

  if (self->item != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->item, self);
      if (cr_sidebar_item_get_state (self->item) != NULL)
        g_signal_handlers_disconnect_by_data (cr_sidebar_item_get_state (self->item), self);
    }
  g_set_object (&self->item, item);
  if (item == NULL)
    return;

  is_account = cr_sidebar_item_is_account (item);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), cr_sidebar_item_get_icon_name (item));
  gtk_widget_set_visible (self->icon, !is_account);
  gtk_label_set_text (GTK_LABEL (self->title), cr_sidebar_item_get_title (item));
  if (is_account)
    gtk_widget_add_css_class (self->title, "heading");
  else
    gtk_widget_remove_css_class (self->title, "heading");
  gtk_drop_target_set_actions (self->drop, is_account ? 0 : GDK_ACTION_MOVE);

  update_badge (self);
  g_signal_connect_swapped (item, "notify::unread", G_CALLBACK (update_badge), self);

  gtk_widget_set_visible (self->state, FALSE);
  gtk_widget_set_visible (self->quota, FALSE);
  if (is_account)
    {
      update_state (self);
      g_signal_connect_swapped (cr_sidebar_item_get_state (item), "changed",
                                G_CALLBACK (update_state), self);
    }
}

/* (nullable) (transfer none) */
CrSidebarItem *
cr_folder_row_get_item (CrFolderRow *self)
{
  g_return_val_if_fail (CR_IS_FOLDER_ROW (self), NULL);

  return self->item;
}
