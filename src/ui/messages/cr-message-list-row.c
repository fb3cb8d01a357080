/* cr-message-list-row.c — how the message list shows a message
 *
 * Two lines, as GNOME mail clients do, carrying what the webmail's columns
 * show: De and Date on the first, Objet, Taille and ★ on the second, with
 * the attachment and replied/forwarded icons. Unread messages are bold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-message-list-row.h"

struct _CrMessageListRow
{
  GtkWidget     parent_instance;

  CrMessageRow *row;

  GtkWidget    *grid;
  GtkWidget    *sender;
  GtkWidget    *state_icon;
  GtkWidget    *attachment;
  GtkWidget    *date;
  GtkWidget    *subject;
  GtkWidget    *size;
  GtkWidget    *star;
};

G_DEFINE_FINAL_TYPE (CrMessageListRow, cr_message_list_row, GTK_TYPE_WIDGET)

char *
cr_message_list_format_date (gint64     date,
                             GDateTime *now)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (date);
  g_autoptr(GDateTime) today = NULL;
  GTimeSpan since_midnight;

  if (when == NULL)
    return g_strdup ("");

  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  since_midnight = g_date_time_difference (when, today);

  if (since_midnight >= 0 && since_midnight < G_TIME_SPAN_DAY)
    /* Translators: a message’s date today, see g_date_time_format() */
    return g_date_time_format (when, _("Today %H:%M"));
  if (since_midnight < 0 && since_midnight >= -G_TIME_SPAN_DAY)
    /* Translators: a message’s date yesterday, see g_date_time_format() */
    return g_date_time_format (when, _("Yesterday %H:%M"));
  if (g_date_time_get_year (when) == g_date_time_get_year (now))
    /* Translators: a message’s date this year, see g_date_time_format() */
    return g_date_time_format (when, _("%-d %b"));

  /* Translators: a message’s date in another year, see g_date_time_format() */
  return g_date_time_format (when, _("%-d %b %Y"));
}

static void
update (CrMessageListRow *self)
{
  CrMessageInfo *info = cr_message_row_get_info (self->row);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = cr_message_list_format_date (info->date, now);
  g_autofree char *size = g_format_size ((guint64) MAX (info->size, 0));
  gboolean unread = (info->flags & CR_MESSAGE_FLAG_SEEN) == 0;
  gboolean flagged = (info->flags & CR_MESSAGE_FLAG_FLAGGED) != 0;
  const char *state_icon = NULL;
  const char *subject = info->subject != NULL && info->subject[0] != '\0'
                        ? info->subject : _("(No subject)");

  gtk_label_set_text (GTK_LABEL (self->sender), cr_message_row_get_sender (self->row));
  gtk_label_set_text (GTK_LABEL (self->subject), subject);
  gtk_label_set_text (GTK_LABEL (self->date), date);
  gtk_label_set_text (GTK_LABEL (self->size), size);

  if (unread)
    gtk_widget_add_css_class (GTK_WIDGET (self), "unread");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");

  if ((info->flags & CR_MESSAGE_FLAG_FORWARDED) != 0)
    state_icon = "mail-forward-symbolic";
  if ((info->flags & CR_MESSAGE_FLAG_ANSWERED) != 0)
    state_icon = "mail-replied-symbolic";
  gtk_widget_set_visible (self->state_icon, state_icon != NULL);
  if (state_icon != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (self->state_icon), state_icon);
  gtk_widget_set_visible (self->attachment, info->has_attachment);

  gtk_button_set_icon_name (GTK_BUTTON (self->star),
                            flagged ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (self->star, flagged ? _("Unflag") : _("Flag"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->star), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  flagged ? _("Unflag") : _("Flag"), -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->star), GTK_ACCESSIBLE_STATE_PRESSED,
                               flagged ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->star), "x", info->id);
}

static GtkWidget *
make_label (const char *css_class,
            gboolean    expand)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), expand ? 0 : 1);
  gtk_label_set_ellipsize (GTK_LABEL (label), expand ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, expand);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
cr_message_list_row_dispose (GObject *object)
{
  CrMessageListRow *self = CR_MESSAGE_LIST_ROW (object);

  cr_message_list_row_bind (self, NULL);
  g_clear_pointer (&self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (cr_message_list_row_parent_class)->dispose (object);
}

static void
cr_message_list_row_class_init (CrMessageListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cr_message_list_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "crmessagerow");
}

static void
cr_message_list_row_init (CrMessageListRow *self)
{
  GtkGrid *grid;

  self->grid = gtk_grid_new ();
  grid = GTK_GRID (self->grid);
  gtk_grid_set_column_spacing (grid, 6);
  gtk_grid_set_row_spacing (grid, 2);

  self->sender = make_label ("cr-sender", TRUE);
  self->state_icon = gtk_image_new ();
  self->attachment = gtk_image_new_from_icon_name ("mail-attachment-symbolic");
  gtk_widget_set_tooltip_text (self->attachment, _("Has attachments"));
  self->date = make_label ("caption", FALSE);
  gtk_widget_add_css_class (self->date, "dim-label");
  self->subject = make_label ("cr-subject", TRUE);
  self->size = make_label ("caption", FALSE);
  gtk_widget_add_css_class (self->size, "dim-label");

  self->star = gtk_button_new_from_icon_name ("non-starred-symbolic");
  gtk_widget_add_css_class (self->star, "flat");
  gtk_widget_add_css_class (self->star, "cr-star");
  gtk_widget_set_valign (self->star, GTK_ALIGN_CENTER);
  gtk_widget_set_focus_on_click (self->star, FALSE);
  /* The target first: the action takes a message id. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->star), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->star), "win.flag-message");

  gtk_grid_attach (grid, self->sender, 0, 0, 1, 1);
  gtk_grid_attach (grid, self->state_icon, 1, 0, 1, 1);
  gtk_grid_attach (grid, self->attachment, 2, 0, 1, 1);
  gtk_grid_attach (grid, self->date, 3, 0, 1, 1);
  gtk_grid_attach (grid, self->subject, 0, 1, 3, 1);
  gtk_grid_attach (grid, self->size, 3, 1, 1, 1);
  gtk_grid_attach (grid, self->star, 4, 0, 1, 2);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
}

GtkWidget *
cr_message_list_row_new (void)
{
  return g_object_new (CR_TYPE_MESSAGE_LIST_ROW, NULL);
}

/* @row: (nullable): what to show, NULL when the widget is recycled */
void
cr_message_list_row_bind (CrMessageListRow *self,
                          CrMessageRow     *row)
{
  g_return_if_fail (CR_IS_MESSAGE_LIST_ROW (self));

  if (self->row != NULL)
    g_signal_handlers_disconnect_by_data (self->row, self);
  g_set_object (&self->row, row);
  if (row == NULL)
    return;

  update (self);
  g_signal_connect_swapped (row, "notify::info", G_CALLBACK (update), self);
}

/* (nullable) (transfer none) */
CrMessageRow *
cr_message_list_row_get_row (CrMessageListRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_ROW (self), NULL);

  return self->row;
}
