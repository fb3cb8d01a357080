/* cr-reader-text.c — a plain-text message, with its quotes and links
 *
 * The text goes into a GtkTextBuffer as text, never through a markup
 * parser. Each quote level has a tag (indent and colour); each link found
 * by cr_reader_find_links() has a tag of its own carrying its target, and a
 * click on it emits “open-link”. Inline images are shown at most 640 pixels
 * wide; forwarded messages are indented under a line of their headers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-reader-date.h"
#include "cr-reader-links.h"
#include "cr-reader-text.h"

#define MAX_QUOTE_LEVEL   4
#define MAX_IMAGE_WIDTH   640
#define LINK_TARGET_KEY   "cr-link-target"
/* A tag's margin replaces the view's: quotes add theirs to it. */
#define TEXT_MARGIN       18
#define QUOTE_INDENT      16

struct _CrReaderText
{
  GtkWidget       parent_instance;

  GtkWidget      *scrolled;
  GtkTextView    *view;
  GtkTextBuffer  *buffer;
  GtkTextTag     *zoom_tag;
  GtkTextTag     *quote_tags[MAX_QUOTE_LEVEL + 1];
  GtkTextTag     *header_tag;
  GtkTextTag     *subject_tag;
};

G_DEFINE_FINAL_TYPE (CrReaderText, cr_reader_text, GTK_TYPE_WIDGET)

enum {
  OPEN_LINK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Blue, green, yellow, purple from the GNOME palette: readable on light
 * and dark backgrounds alike. */
static const char *quote_colours[] = { NULL, "#3584e4", "#26a269", "#c88800", "#9141ac" };

static void
create_tags (CrReaderText *self)
{
  self->zoom_tag = gtk_text_buffer_create_tag (self->buffer, "zoom", "scale", 1.0, NULL);
  for (guint level = 1; level <= MAX_QUOTE_LEVEL; level++)
    {
      g_autofree char *name = g_strdup_printf ("quote-%u", level);

      self->quote_tags[level] = gtk_text_buffer_create_tag (self->buffer, name,
                                                            "left-margin", TEXT_MARGIN + QUOTE_INDENT * (int) level,
                                                            "foreground", quote_colours[level],
                                                            "pixels-above-lines", 1,
                                                            NULL);
    }
  self->header_tag = gtk_text_buffer_create_tag (self->buffer, "forward-header",
                                                 "foreground", "#77767b",
                                                 NULL);
  self->subject_tag = gtk_text_buffer_create_tag (self->buffer, "forward-subject",
                                                  "weight", PANGO_WEIGHT_BOLD,
                                                  NULL);
}

static void
insert_with_tag (CrReaderText *self,
                 GtkTextIter  *iter,
                 const char   *text,
                 gssize        length,
                 GtkTextTag   *tag,
                 GtkTextTag   *extra)
{
  GtkTextIter start;
  int offset = gtk_text_iter_get_offset (iter);

  /* Either tag may be NULL (the sender's own text has no quote tag). */
  gtk_text_buffer_insert (self->buffer, iter, text, (int) length);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, offset);
  if (tag != NULL)
    gtk_text_buffer_apply_tag (self->buffer, tag, &start, iter);
  if (extra != NULL)
    gtk_text_buffer_apply_tag (self->buffer, extra, &start, iter);
}

static void
insert_linkified (CrReaderText *self,
                  GtkTextIter  *iter,
                  const char   *text,
                  GtkTextTag   *tag)
{
  g_autoptr(GArray) links = cr_reader_find_links (text);
  gsize done = 0;

  for (guint i = 0; i < links->len; i++)
    {
      const CrReaderLink *link = &g_array_index (links, CrReaderLink, i);
      GtkTextTag *link_tag = gtk_text_buffer_create_tag (self->buffer, NULL,
                                                         "underline", PANGO_UNDERLINE_SINGLE,
                                                         "foreground", "#1c71d8",
                                                         NULL);
      char *target = link->kind == CR_READER_LINK_ADDRESS
                     ? g_strconcat ("mailto:", link->target, NULL)
                     : g_strdup (link->target);

      g_object_set_data_full (G_OBJECT (link_tag), LINK_TARGET_KEY, target, g_free);
      insert_with_tag (self, iter, text + done, (gssize) (link->start - done), tag, NULL);
      insert_with_tag (self, iter, text + link->start, (gssize) (link->end - link->start), tag, link_tag);
      done = link->end;
    }
  insert_with_tag (self, iter, text + done, -1, tag, NULL);
}

static void
insert_blocks (CrReaderText *self,
               GtkTextIter  *iter,
               GPtrArray    *blocks,
               guint         depth)
{
  for (guint i = 0; i < blocks->len; i++)
    {
      const CrMimeTextBlock *block = blocks->pdata[i];
      guint level = MIN (block->quote_level + depth, MAX_QUOTE_LEVEL);

      insert_linkified (self, iter, block->text, self->quote_tags[level]);
      gtk_text_buffer_insert (self->buffer, iter, "\n", 1);
    }
}

static void
insert_image (CrReaderText *self,
              GtkTextIter  *iter,
              CrMimePart   *part)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes = cr_mime_part_get_bytes (part);

  if (bytes == NULL)
    return;

  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    return;

  if (gdk_texture_get_width (texture) > MAX_IMAGE_WIDTH)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_stream_at_scale (stream, MAX_IMAGE_WIDTH, -1,
                                                                         TRUE, NULL, NULL);

      if (pixbuf != NULL)
        g_set_object (&texture, gdk_texture_new_for_pixbuf (pixbuf));
    }

  gtk_text_buffer_insert_paintable (self->buffer, iter, GDK_PAINTABLE (texture));
  gtk_text_buffer_insert (self->buffer, iter, "\n", 1);
}

static void insert_parts (CrReaderText *self,
                          GtkTextIter  *iter,
                          GPtrArray    *parts,
                          guint         depth);

static void
insert_addresses (CrReaderText *self,
                  GtkTextIter  *iter,
                  const char   *label,
                  GPtrArray    *addresses)
{
  g_autoptr(GString) line = g_string_new (label);

  if (addresses == NULL || addresses->len == 0)
    return;

  for (guint i = 0; i < addresses->len; i++)
    {
      g_autofree char *text = cr_mime_address_to_string (addresses->pdata[i]);

      g_string_append (line, i == 0 ? " " : ", ");
      g_string_append (line, text);
    }
  g_string_append_c (line, '\n');
  insert_with_tag (self, iter, line->str, -1, self->header_tag, NULL);
}

static void
insert_forwarded (CrReaderText  *self,
                  GtkTextIter   *iter,
                  CrMimeMessage *message,
                  guint          depth)
{
  GDateTime *date = cr_mime_message_get_date (message);

  gtk_text_buffer_insert (self->buffer, iter, "\n", 1);
  insert_addresses (self, iter, _("From:"), cr_mime_message_get_from (message));
  insert_addresses (self, iter, _("To:"), cr_mime_message_get_to (message));
  if (date != NULL)
    {
      g_autofree char *when = cr_reader_format_date (date, NULL);
      g_autofree char *line = g_strdup_printf ("%s %s\n", _("Date:"), when);

      insert_with_tag (self, iter, line, -1, self->header_tag, NULL);
    }
  if (cr_mime_message_get_subject (message) != NULL)
    {
      insert_with_tag (self, iter, cr_mime_message_get_subject (message), -1, self->subject_tag, NULL);
      gtk_text_buffer_insert (self->buffer, iter, "\n", 1);
    }
  insert_parts (self, iter, cr_mime_message_get_body_parts (message), depth + 1);
}

static void
insert_parts (CrReaderText *self,
              GtkTextIter  *iter,
              GPtrArray    *parts,
              guint         depth)
{
  for (guint i = 0; i < parts->len; i++)
    {
      CrMimePart *part = parts->pdata[i];

      switch (cr_mime_part_get_kind (part))
        {
        case CR_MIME_PART_TEXT:
          insert_blocks (self, iter, cr_mime_part_get_text_blocks (part), depth);
          break;
        case CR_MIME_PART_IMAGE:
          insert_image (self, iter, part);
          break;
        case CR_MIME_PART_MESSAGE:
          if (cr_mime_part_get_message (part) != NULL)
            insert_forwarded (self, iter, cr_mime_part_get_message (part), depth);
          break;
        case CR_MIME_PART_HTML:
        case CR_MIME_PART_ATTACHMENT:
        default:
          break;
        }
    }
}

/**
 * cr_reader_text_show_message:
 * @self: a text reader
 * @message: a message without HTML body
 *
 * Replaces the text shown by @message's body.
 */
void
cr_reader_text_show_message (CrReaderText  *self,
                             CrMimeMessage *message)
{
  GtkTextIter start, end;

  g_return_if_fail (CR_IS_READER_TEXT (self));
  g_return_if_fail (CR_IS_MIME_MESSAGE (message));

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  insert_parts (self, &end, cr_mime_message_get_body_parts (message), 0);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_apply_tag (self->buffer, self->zoom_tag, &start, &end);
  gtk_text_buffer_place_cursor (self->buffer, &start);
}

/**
 * cr_reader_text_link_at:
 * @self: a text reader
 * @iter: a place in the text
 *
 * Returns: (nullable): the target of the link at @iter (“mailto:” for an
 *   address), or %NULL
 */
const char *
cr_reader_text_link_at (CrReaderText      *self,
                        const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *target = g_object_get_data (l->data, LINK_TARGET_KEY);

      if (target != NULL)
        return target;
    }

  return NULL;
}

static const char *
link_at_point (CrReaderText *self,
               double        x,
               double        y)
{
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (self->view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->view, &iter, bx, by))
    return NULL;

  return cr_reader_text_link_at (self, &iter);
}

static void
released (GtkGestureClick *gesture,
          int              n_press,
          double           x,
          double           y,
          CrReaderText    *self)
{
  GtkTextIter start, end;
  const char *target;

  /* A drag that selected text is not a click. */
  if (gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    return;

  target = link_at_point (self, x, y);
  if (target != NULL)
    g_signal_emit (self, signals[OPEN_LINK], 0, target, NULL);
}

static void
motion (GtkEventControllerMotion *controller,
        double                    x,
        double                    y,
        CrReaderText             *self)
{
  const char *target = link_at_point (self, x, y);

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->view), target != NULL ? "pointer" : NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->view), target);
}

/* Enter on a link opens it, as a click does. */
static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             CrReaderText          *self)
{
  GtkTextIter iter;
  const char *target;

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  target = cr_reader_text_link_at (self, &iter);
  if (target == NULL)
    return FALSE;

  g_signal_emit (self, signals[OPEN_LINK], 0, target, NULL);
  return TRUE;
}

GtkTextView *
cr_reader_text_get_view (CrReaderText *self)
{
  g_return_val_if_fail (CR_IS_READER_TEXT (self), NULL);

  return self->view;
}

void
cr_reader_text_set_zoom (CrReaderText *self,
                         double        zoom)
{
  g_return_if_fail (CR_IS_READER_TEXT (self));

  g_object_set (self->zoom_tag, "scale", zoom, NULL);
}

CrReaderText *
cr_reader_text_new (void)
{
  return g_object_new (CR_TYPE_READER_TEXT, NULL);
}

static void
cr_reader_text_dispose (GObject *object)
{
  CrReaderText *self = CR_READER_TEXT (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  self->view = NULL;
  self->buffer = NULL;

  G_OBJECT_CLASS (cr_reader_text_parent_class)->dispose (object);
}

static void
cr_reader_text_class_init (CrReaderTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cr_reader_text_dispose;

  /**
   * CrReaderText::open-link:
   * @self: the text reader
   * @uri: the link's target (“mailto:…” for an address)
   * @label: (nullable): always %NULL: in text, the link is its own label
   *
   * The person clicked (or pressed Enter on) a link.
   */
  signals[OPEN_LINK] =
    g_signal_new ("open-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cr-reader-text");
}

static void
cr_reader_text_init (CrReaderText *self)
{
  GtkGesture *click;
  GtkEventController *controller;

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  self->view = g_object_new (GTK_TYPE_TEXT_VIEW,
                             "editable", FALSE,
                             "cursor-visible", FALSE,
                             "wrap-mode", GTK_WRAP_WORD_CHAR,
                             "left-margin", TEXT_MARGIN,
                             "right-margin", TEXT_MARGIN,
                             "top-margin", 12,
                             "bottom-margin", 12,
                             "hexpand", TRUE,
                             "vexpand", TRUE,
                             NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "cr-reader-text-view");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->view));
  self->buffer = gtk_text_view_get_buffer (self->view);
  create_tags (self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), controller);
}
