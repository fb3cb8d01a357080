/* cr-message-list-row.c — how the message list shows a message
 *
 * Two lines, as GNOME mail clients do, carrying what the webmail's columns
 * show: De and Date on the first, Objet, Taille and ★ on the second, with
 * the attachment and replied/forwarded icons. Unread messages are bold.
 * A conversation's row shows its participants and how many messages it
 * holds, behind an arrow that opens it.
 *
 * One widget with no children, drawing its text and icons itself: GTK 4.8's
 * list view keeps about 200 rows alive whatever its height, and with a
 * label, image and button per column their creation was most of the time
 * to show a folder (measured ~350 ms). Its height comes from font metrics,
 * so that measuring a row lays out no text; the text is laid out when the
 * row is drawn. What the labels used to tell assistive technologies is
 * now the row's accessible label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-message-list-row.h"

/* As the grid of labels it replaces: column and line spacing, the
 * 16-pixel icons, the star's 24-pixel button with its padding. */
#define SPACING      6
#define LINE_SPACING 2
#define ICON_SIZE    16
#define STAR_SIZE    28
#define EXPANDER     (ICON_SIZE + SPACING)
/* Adwaita's “caption” and “dim-label”. */
#define CAPTION_SCALE 0.82
#define DIM_ALPHA     0.55

typedef enum {
  TEXT_SENDER,
  TEXT_DATE,
  TEXT_SUBJECT,
  TEXT_SIZE,
  N_TEXTS
} Text;

struct _CrMessageListRow
{
  GtkWidget     parent_instance;

  CrMessageRow *row;

  PangoLayout  *layouts[N_TEXTS];
  gboolean      bold;
  const char   *state_icon;
  gboolean      attachment;
  gboolean      flagged;
  gboolean      is_thread;
  gboolean      in_threads; /* a row of a list by conversation */
  gboolean      expanded;
  guint         depth;

  /* Where the star, the icons and the texts were last drawn. */
  graphene_rect_t star_area;
  graphene_rect_t attachment_area;
  graphene_rect_t expander_area;
  graphene_rect_t sender_area;
  graphene_rect_t subject_area;
};

G_DEFINE_FINAL_TYPE (CrMessageListRow, cr_message_list_row, GTK_TYPE_WIDGET)

char *
cr_message_list_format_date (gint64     date,
                             GDateTime *now)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (date);
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) today = NULL;
  GTimeSpan since_midnight;

  if (utc == NULL)
    return g_strdup ("");
  /* In @now's time zone: looking the local one up again for each row
   * reads the system's zone file (GLib 2.74), 200 times a folder. */
  when = g_date_time_to_timezone (utc, g_date_time_get_timezone (now));

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

/* The local time zone, looked up again at most once a minute (a change
 * of zone shows in the dates drawn after it). */
static GTimeZone *
local_zone (void)
{
  static GTimeZone *zone;
  static gint64 looked_up;
  gint64 now = g_get_monotonic_time ();

  if (zone == NULL || now - looked_up > 60 * G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      looked_up = now;
    }

  return zone;
}

/* Text attributes ------------------------------------------------------ */

static PangoAttrList *
text_attributes (Text     text,
                 gboolean bold)
{
  static PangoAttrList *lists[N_TEXTS][2];

  if (lists[text][bold] == NULL)
    {
      PangoAttrList *list = pango_attr_list_new ();

      if (text == TEXT_DATE || text == TEXT_SIZE)
        pango_attr_list_insert (list, pango_attr_scale_new (CAPTION_SCALE));
      if (bold)
        pango_attr_list_insert (list, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      lists[text][bold] = list;
    }

  return lists[text][bold];
}

static PangoLayout *
layout_for (CrMessageListRow *self,
            Text              text)
{
  if (self->layouts[text] == NULL)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

      pango_layout_set_single_paragraph_mode (layout, TRUE);
      if (text == TEXT_SENDER || text == TEXT_SUBJECT)
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      self->layouts[text] = layout;
    }

  return self->layouts[text];
}

static void
set_text (CrMessageListRow *self,
          Text              text,
          const char       *value)
{
  PangoLayout *layout = layout_for (self, text);
  gboolean bold = self->bold && (text == TEXT_SENDER || text == TEXT_SUBJECT);

  pango_layout_set_text (layout, value, -1);
  pango_layout_set_attributes (layout, text_attributes (text, bold));
}

/* Line heights, from the font's metrics: the same for every row, so they
 * are kept until the font changes (large text changes it too: GTK turns
 * the resolution into the font's size). */
static void
line_heights (CrMessageListRow *self,
              int              *line1,
              int              *line2)
{
  static PangoFontDescription *cached_font;
  static int cached_line1, cached_line2;
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);

  if (cached_font == NULL || !pango_font_description_equal (font, cached_font))
    {
      PangoFontMetrics *metrics = pango_context_get_metrics (context, font, NULL);
      int text = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
      int caption;

      if (pango_font_metrics_get_height (metrics) == 0)
        text = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) +
                                  pango_font_metrics_get_descent (metrics));
      pango_font_metrics_unref (metrics);
      caption = (int) (text * CAPTION_SCALE + 0.999);
      g_clear_pointer (&cached_font, pango_font_description_free);
      cached_font = pango_font_description_copy (font);
      cached_line1 = MAX (MAX (text, caption), ICON_SIZE);
      cached_line2 = MAX (text, caption);
    }

  *line1 = cached_line1;
  *line2 = cached_line2;
}

/* What the row shows ------------------------------------------------------ */

static void
set_accessible (GtkAccessible *accessible,
                const char    *label,
                gboolean       is_thread,
                gboolean       expanded)
{
  gtk_accessible_update_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (is_thread)
    gtk_accessible_update_state (accessible, GTK_ACCESSIBLE_STATE_EXPANDED, expanded, -1);
  else
    gtk_accessible_reset_state (accessible, GTK_ACCESSIBLE_STATE_EXPANDED);
}

static void
update_accessible (CrMessageListRow *self,
                   CrMessageInfo    *info,
                   const char       *sender,
                   const char       *subject,
                   const char       *date,
                   const char       *size)
{
  g_autoptr(GString) label = g_string_new (NULL);
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  /* Translators: how a screen reader reads a row of the message list:
   * subject, sender, date, then size (or, for a conversation, how many
   * messages it holds) */
  g_string_append_printf (label, _("%s, from %s, %s, %s"), subject, sender, date, size);
  if (self->bold)
    g_string_append_printf (label, ", %s", _("unread"));
  if (self->flagged)
    g_string_append_printf (label, ", %s", _("flagged"));
  if (self->attachment)
    g_string_append_printf (label, ", %s", _("has attachments"));
  if ((info->flags & CR_MESSAGE_FLAG_ANSWERED) != 0)
    g_string_append_printf (label, ", %s", _("replied"));
  else if ((info->flags & CR_MESSAGE_FLAG_FORWARDED) != 0)
    g_string_append_printf (label, ", %s", _("forwarded"));

  set_accessible (GTK_ACCESSIBLE (self), label->str, self->is_thread, self->expanded);
  /* The keyboard focus is on the list's item around the row, which a
   * screen reader reads on its own: it has no name of its own in GTK 4.8
   * (gtk_list_item_set_accessible_label() is 4.12), so it gets the
   * row's. */
  if (parent != NULL && gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (parent)) == GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    set_accessible (GTK_ACCESSIBLE (parent), label->str, self->is_thread, self->expanded);
}

static void
update (CrMessageListRow *self)
{
  CrMessageInfo *info = cr_message_row_get_info (self->row);
  CrThreadInfo *thread = cr_message_row_get_thread (self->row);
  g_autoptr(GDateTime) now = g_date_time_new_now (local_zone ());
  g_autofree char *date = cr_message_list_format_date (info->date, now);
  g_autofree char *size = g_format_size ((guint64) MAX (info->size, 0));
  g_autofree char *size_or_count = NULL;
  const char *sender = cr_message_row_get_sender (self->row);
  const char *subject = info->subject != NULL && info->subject[0] != '\0'
                        ? info->subject : _("(No subject)");
  CrMessageFlags flags = info->flags;

  self->in_threads = thread != NULL;
  /* A conversation of one message looks like that message. */
  if (thread != NULL && thread->count < 2)
    thread = NULL;
  self->is_thread = thread != NULL;
  self->depth = cr_message_row_get_depth (self->row);
  self->expanded = cr_message_row_get_expanded (self->row);
  if (thread != NULL)
    {
      sender = thread->participants;
      if (thread->subject != NULL && thread->subject[0] != '\0')
        subject = thread->subject;
      flags = (thread->unread > 0 ? 0 : CR_MESSAGE_FLAG_SEEN) |
              (thread->flagged ? CR_MESSAGE_FLAG_FLAGGED : 0) |
              (flags & (CR_MESSAGE_FLAG_ANSWERED | CR_MESSAGE_FLAG_FORWARDED));
      /* Translators: how many messages a conversation holds, in its row */
      size_or_count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message", "%u messages",
                                                    thread->count), thread->count);
    }

  self->bold = (flags & CR_MESSAGE_FLAG_SEEN) == 0;
  self->flagged = (flags & CR_MESSAGE_FLAG_FLAGGED) != 0;
  self->attachment = thread != NULL ? thread->has_attachment : info->has_attachment;
  self->state_icon = NULL;
  if ((flags & CR_MESSAGE_FLAG_FORWARDED) != 0)
    self->state_icon = "mail-forward-symbolic";
  if ((flags & CR_MESSAGE_FLAG_ANSWERED) != 0)
    self->state_icon = "mail-replied-symbolic";

  set_text (self, TEXT_SENDER, sender);
  set_text (self, TEXT_SUBJECT, subject);
  set_text (self, TEXT_DATE, date);
  set_text (self, TEXT_SIZE, size_or_count != NULL ? size_or_count : size);
  update_accessible (self, info, sender, subject, date, size_or_count != NULL ? size_or_count : size);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Drawing ----------------------------------------------------------------- */

static void
draw_icon (CrMessageListRow *self,
           GtkSnapshot      *snapshot,
           const char       *name,
           float             x,
           float             y,
           const GdkRGBA    *color)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr(GtkIconPaintable) icon = NULL;
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  icon = gtk_icon_theme_lookup_icon (theme, name, NULL, ICON_SIZE,
                                     gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                     gtk_widget_get_direction (GTK_WIDGET (self)), 0);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                            ICON_SIZE, ICON_SIZE, colors, G_N_ELEMENTS (colors));
  gtk_snapshot_restore (snapshot);
}

static void
draw_text (GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           float          x,
           float          y,
           const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* The x of a box of @width at @x in left-to-right terms, mirrored for
 * right-to-left languages. */
static float
mirror (CrMessageListRow *self,
        float             x,
        float             width)
{
  if (gtk_widget_get_direction (GTK_WIDGET (self)) != GTK_TEXT_DIR_RTL)
    return x;

  return gtk_widget_get_width (GTK_WIDGET (self)) - x - width;
}

/* Draws @layout ellipsized in the box of @width at @left (left-to-right
 * terms), centred on a line of @line_height at @top; @area: where the
 * text went. The box starts at the reading side as GtkLabel's does: the
 * layout is aligned to the widget's direction, and Pango turns that
 * round for a paragraph of the other direction (a Hebrew subject in an
 * English list, an English one in an Arabic list), inside the box. */
static void
draw_in_box (CrMessageListRow *self,
             GtkSnapshot      *snapshot,
             PangoLayout      *layout,
             float             left,
             float             width,
             float             top,
             int               line_height,
             const GdkRGBA    *color,
             graphene_rect_t  *area)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  PangoRectangle logical;
  float x, y;

  width = MAX (0, width);
  pango_layout_set_alignment (layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_width (layout, (int) width * PANGO_SCALE);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  x = mirror (self, left, width);
  y = top + (line_height - logical.height) / 2.f;
  draw_text (snapshot, layout, x, y, color);
  *area = GRAPHENE_RECT_INIT (x + logical.x, y + logical.y, logical.width, logical.height);
}

static void
cr_message_list_row_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  CrMessageListRow *self = CR_MESSAGE_LIST_ROW (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int line1, line2, date_w, date_h, size_w, size_h, column;
  float left, right, top;
  GdkRGBA color, dim;

  if (self->row == NULL)
    return;

  gtk_style_context_get_color (style, &color);
  dim = color;
  dim.alpha *= DIM_ALPHA;
  line_heights (self, &line1, &line2);
  top = (height - (line1 + LINE_SPACING + line2)) / 2.f;

  /* The star, centred in its column at the end. */
  right = width - STAR_SIZE;
  self->star_area = GRAPHENE_RECT_INIT (mirror (self, right, STAR_SIZE), (height - STAR_SIZE) / 2.f,
                                        STAR_SIZE, STAR_SIZE);
  draw_icon (self, snapshot, self->flagged ? "starred-symbolic" : "non-starred-symbolic",
             self->star_area.origin.x + (STAR_SIZE - ICON_SIZE) / 2.f,
             self->star_area.origin.y + (STAR_SIZE - ICON_SIZE) / 2.f, &color);
  right -= SPACING;

  /* Date and size share a column, right-aligned. */
  pango_layout_get_pixel_size (self->layouts[TEXT_DATE], &date_w, &date_h);
  pango_layout_get_pixel_size (self->layouts[TEXT_SIZE], &size_w, &size_h);
  column = MAX (date_w, size_w);
  draw_text (snapshot, self->layouts[TEXT_DATE], mirror (self, right - date_w, date_w),
             top + (line1 - date_h) / 2.f, &dim);
  draw_text (snapshot, self->layouts[TEXT_SIZE], mirror (self, right - size_w, size_w),
             top + line1 + LINE_SPACING + (line2 - size_h) / 2.f, &dim);
  right -= column + SPACING;

  /* In a list by conversation, every row's text starts after the arrows'
   * column, and an opened conversation's messages one step further. */
  left = self->depth * 2 * EXPANDER + (self->in_threads ? EXPANDER : 0);
  self->expander_area = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  if (self->is_thread)
    {
      self->expander_area = GRAPHENE_RECT_INIT (mirror (self, 0, EXPANDER), 0, EXPANDER, height);
      draw_icon (self, snapshot, self->expanded ? "pan-down-symbolic"
                 : gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? "pan-start-symbolic"
                 : "pan-end-symbolic",
                 mirror (self, 0, ICON_SIZE), (height - ICON_SIZE) / 2.f, &dim);
      left = EXPANDER;
    }

  /* The subject spans the sender's line's icons. */
  draw_in_box (self, snapshot, self->layouts[TEXT_SUBJECT], left, right - left,
               top + line1 + LINE_SPACING, line2, &color, &self->subject_area);

  self->attachment_area = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  if (self->attachment)
    {
      right -= ICON_SIZE;
      self->attachment_area = GRAPHENE_RECT_INIT (mirror (self, right, ICON_SIZE),
                                                  top + (line1 - ICON_SIZE) / 2.f, ICON_SIZE, ICON_SIZE);
      draw_icon (self, snapshot, "mail-attachment-symbolic", self->attachment_area.origin.x,
                 self->attachment_area.origin.y, &color);
      right -= SPACING;
    }
  if (self->state_icon != NULL)
    {
      right -= ICON_SIZE;
      draw_icon (self, snapshot, self->state_icon, mirror (self, right, ICON_SIZE),
                 top + (line1 - ICON_SIZE) / 2.f, &color);
      right -= SPACING;
    }

  draw_in_box (self, snapshot, self->layouts[TEXT_SENDER], left, right - left,
               top, line1, &color, &self->sender_area);
}

static void
cr_message_list_row_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  CrMessageListRow *self = CR_MESSAGE_LIST_ROW (widget);
  int line1, line2;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Room for a few letters of each text; the rest is ellipsized. */
      *minimum = 120 + STAR_SIZE;
      *natural = 240 + STAR_SIZE;
      return;
    }

  line_heights (self, &line1, &line2);
  *minimum = *natural = MAX (line1 + LINE_SPACING + line2, STAR_SIZE);
}

static void
cr_message_list_row_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  CrMessageListRow *self = CR_MESSAGE_LIST_ROW (widget);

  GTK_WIDGET_CLASS (cr_message_list_row_parent_class)->css_changed (widget, change);

  /* A new font: the layouts follow the widget's Pango context, which
   * GTK updates; they must only be laid out again (GTK itself queues the
   * resize or the redraw the change calls for). */
  for (guint i = 0; i < N_TEXTS; i++)
    if (self->layouts[i] != NULL)
      pango_layout_context_changed (self->layouts[i]);
}

static gboolean
cr_message_list_row_query_tooltip (GtkWidget  *widget,
                                   int         x,
                                   int         y,
                                   gboolean    keyboard_mode,
                                   GtkTooltip *tooltip)
{
  CrMessageListRow *self = CR_MESSAGE_LIST_ROW (widget);
  graphene_point_t point = GRAPHENE_POINT_INIT (x, y);

  if (self->row == NULL || keyboard_mode)
    return FALSE;
  if (graphene_rect_contains_point (&self->star_area, &point))
    gtk_tooltip_set_text (tooltip, self->flagged ? _("Unflag") : _("Flag"));
  else if (graphene_rect_contains_point (&self->attachment_area, &point))
    gtk_tooltip_set_text (tooltip, _("Has attachments"));
  else
    return FALSE;

  return TRUE;
}

/* The star flags the message; the arrow opens the conversation. Both are
 * claimed, so that the list does not also select the row. */
static void
on_pressed (GtkGestureClick  *gesture,
            int               n_press,
            double            x,
            double            y,
            CrMessageListRow *self)
{
  graphene_point_t point = GRAPHENE_POINT_INIT (x, y);

  if (self->row == NULL)
    return;

  if (graphene_rect_contains_point (&self->star_area, &point))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      /* A conversation's star: all its messages (minus its handle). */
      gtk_widget_activate_action (GTK_WIDGET (self), "win.flag-message", "x",
                                  self->is_thread ? cr_message_row_get_key (self->row)
                                  : cr_message_row_get_id (self->row));
    }
  else if (self->is_thread && graphene_rect_contains_point (&self->expander_area, &point))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_activate_action (GTK_WIDGET (self), "messages.toggle-thread", "x",
                                  cr_message_row_get_key (self->row));
    }
}

static void
cr_message_list_row_dispose (GObject *object)
{
  CrMessageListRow *self = CR_MESSAGE_LIST_ROW (object);

  cr_message_list_row_bind (self, NULL);
  for (guint i = 0; i < N_TEXTS; i++)
    g_clear_object (&self->layouts[i]);

  G_OBJECT_CLASS (cr_message_list_row_parent_class)->dispose (object);
}

static void
cr_message_list_row_class_init (CrMessageListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cr_message_list_row_dispose;

  widget_class->measure = cr_message_list_row_measure;
  widget_class->snapshot = cr_message_list_row_snapshot;
  widget_class->css_changed = cr_message_list_row_css_changed;
  widget_class->query_tooltip = cr_message_list_row_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "crmessagerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cr_message_list_row_init (CrMessageListRow *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
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

/* For the tests: what the row shows. */
gboolean
cr_message_list_row_is_flagged (CrMessageListRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_ROW (self), FALSE);

  return self->flagged;
}

gboolean
cr_message_list_row_is_bold (CrMessageListRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_ROW (self), FALSE);

  return self->bold;
}

/* (nullable) (transfer none): the first line's text (sender, or a
 * conversation's participants) */
const char *
cr_message_list_row_get_sender_text (CrMessageListRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_ROW (self), NULL);

  return self->layouts[TEXT_SENDER] != NULL ? pango_layout_get_text (self->layouts[TEXT_SENDER]) : NULL;
}

/* (nullable) (transfer none): the second line's text (the subject) */
const char *
cr_message_list_row_get_subject_text (CrMessageListRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_ROW (self), NULL);

  return self->layouts[TEXT_SUBJECT] != NULL ? pango_layout_get_text (self->layouts[TEXT_SUBJECT]) : NULL;
}

/* For the tests: where the sender's and the subject's texts were last
 * drawn, in the row's coordinates. */
void
cr_message_list_row_get_text_areas (CrMessageListRow *self,
                                    graphene_rect_t  *sender,
                                    graphene_rect_t  *subject)
{
  g_return_if_fail (CR_IS_MESSAGE_LIST_ROW (self));

  *sender = self->sender_area;
  *subject = self->subject_area;
}

/* (nullable) (transfer none): the size, or a conversation's count */
const char *
cr_message_list_row_get_size_text (CrMessageListRow *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_ROW (self), NULL);

  return self->layouts[TEXT_SIZE] != NULL ? pango_layout_get_text (self->layouts[TEXT_SIZE]) : NULL;
}
