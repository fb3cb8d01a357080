/* cr-reader-view.c — the reader pane: one message, shown safely
 *
 * Header block (subject, sender, date, recipients), the parser's notes, a
 * bar when remote content was blocked, the body (CrReaderText for plain
 * text, CrReaderWeb for HTML, created on the first HTML message so that no
 * WebKit process starts before one is opened), and the attachments.
 *
 * Store operations (delete, junk, flag, mark read) are not done here: the
 * widget emits signals the window turns into queued operations, and shows
 * their buttons only when #CrReaderView:store-actions says someone listens.
 * Reply and forward are not shown at all until the composer exists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-reader-html.h"
#include "cr-reader-view-private.h"

G_DEFINE_FINAL_TYPE (CrReaderView, cr_reader_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  PROP_FLAGGED,
  PROP_STORE_ACTIONS,
  PROP_REMOTE_BLOCKED,
  PROP_LOADED,
  N_PROPS
};

enum {
  DELETE_REQUESTED,
  JUNK_REQUESTED,
  FLAG_REQUESTED,
  READ_TIMEOUT,
  ACTIVATE_LINK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
cr_reader_view_toast (CrReaderView *self,
                      const char   *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

GtkWindow *
cr_reader_view_parent_window (CrReaderView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The sender, in lower case, as “Always for This Sender” stores it. */
char *
cr_reader_view_sender_key (CrMimeMessage *message)
{
  GPtrArray *from = cr_mime_message_get_from (message);
  const CrMimeAddress *address;

  if (from == NULL || from->len == 0)
    return NULL;

  address = from->pdata[0];
  if (address->address == NULL || *address->address == '\0')
    return NULL;

  return g_utf8_strdown (address->address, -1);
}

static gboolean
sender_always_allowed (CrReaderView *self)
{
  g_autofree char *sender = cr_reader_view_sender_key (self->message);
  g_auto(GStrv) senders = NULL;

  if (sender == NULL)
    return FALSE;

  senders = g_settings_get_strv (self->settings, "remote-content-senders");

  return g_strv_contains ((const char * const *) senders, sender);
}

static void
link_activated (GtkWidget    *body,
                const char   *uri,
                const char   *label,
                CrReaderView *self)
{
  cr_reader_view_open_link (self, uri, label);
}

static void
uri_shown (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CrReaderView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    cr_reader_view_toast (self, _("The link could not be opened"));
}

static gboolean
real_activate_link (CrReaderView *self,
                    const char   *uri)
{
  GtkWindow *window = cr_reader_view_parent_window (self);

  if (window == NULL)
    return FALSE;

  gtk_show_uri_full (window, uri, GDK_CURRENT_TIME, NULL, uri_shown, g_object_ref (self));

  return TRUE;
}

/* Checked already: not deceptive, or the person said “Open”. */
void
cr_reader_view_activate_link (CrReaderView *self,
                              const char   *uri)
{
  gboolean handled = FALSE;

  g_signal_emit (self, signals[ACTIVATE_LINK], 0, uri, &handled);
}

/* ---- Body ------------------------------------------------------------- */

static void
set_remote_blocked (CrReaderView *self,
                    gboolean      blocked)
{
  if (self->remote_blocked == blocked)
    return;

  self->remote_blocked = blocked;
  gtk_widget_set_visible (self->remote_bar, blocked);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_BLOCKED]);
}

static void
web_loaded_changed (CrReaderView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static gboolean
message_has_remote (GPtrArray *parts)
{
  for (guint i = 0; i < parts->len; i++)
    {
      CrMimePart *part = parts->pdata[i];
      CrMimeMessage *nested = cr_mime_part_get_message (part);

      if (cr_mime_part_get_kind (part) == CR_MIME_PART_HTML
          && cr_reader_html_has_remote (cr_mime_part_get_html (part)))
        return TRUE;
      if (nested != NULL && message_has_remote (cr_mime_message_get_body_parts (nested)))
        return TRUE;
    }

  return FALSE;
}

void
cr_reader_view_show_body (CrReaderView *self)
{
  if (!cr_reader_html_message_has_html (self->message))
    {
      set_remote_blocked (self, FALSE);
      cr_reader_text_show_message (self->text_view, self->message);
      gtk_stack_set_visible_child_name (self->body_stack, "text");
      if (self->web != NULL)
        cr_reader_web_clear (self->web);
      return;
    }

  if (self->web == NULL)
    {
      self->web = cr_reader_web_new ();
      cr_reader_web_set_zoom (self->web, self->zoom);
      g_signal_connect_object (self->web, "open-link", G_CALLBACK (link_activated), self, 0);
      g_signal_connect_object (self->web, "notify::loaded", G_CALLBACK (web_loaded_changed),
                               self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->body_stack, GTK_WIDGET (self->web), "web");
    }

  set_remote_blocked (self, !self->remote_allowed
                            && message_has_remote (cr_mime_message_get_body_parts (self->message)));
  cr_reader_web_show_message (self->web, self->message, self->remote_allowed);
  gtk_stack_set_visible_child_name (self->body_stack, "web");
}

/* ---- Mark read -------------------------------------------------------- */

static gboolean
read_timeout (gpointer user_data)
{
  CrReaderView *self = user_data;

  self->read_timeout_id = 0;
  g_signal_emit (self, signals[READ_TIMEOUT], 0);

  return G_SOURCE_REMOVE;
}

/* A message counts as read once it has stayed on screen a moment; a
 * negative delay means never. */
static void
restart_read_timeout (CrReaderView *self)
{
  int delay;

  g_clear_handle_id (&self->read_timeout_id, g_source_remove);
  if (self->message == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  delay = g_settings_get_int (self->settings, "mark-read-delay");
  if (delay >= 0)
    self->read_timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, (guint) delay,
                                                        read_timeout, self, NULL);
}

/* ---- Showing ---------------------------------------------------------- */

void
cr_reader_view_update_actions (CrReaderView *self)
{
  gboolean shown = self->message != NULL;
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *sender = shown ? cr_reader_view_sender_key (self->message) : NULL;

  gtk_widget_action_set_enabled (widget, "reader.delete", shown && self->store_actions);
  gtk_widget_action_set_enabled (widget, "reader.junk", shown && self->store_actions);
  gtk_widget_action_set_enabled (widget, "reader.flag", shown && self->store_actions);
  gtk_widget_action_set_enabled (widget, "reader.view-source", shown && self->raw != NULL);
  gtk_widget_action_set_enabled (widget, "reader.save-eml", shown && self->raw != NULL);
  gtk_widget_action_set_enabled (widget, "reader.print", shown);
  gtk_widget_action_set_enabled (widget, "reader.show-remote", shown && self->remote_blocked);
  gtk_widget_action_set_enabled (widget, "reader.always-remote",
                                 shown && self->remote_blocked && sender != NULL);
}

/**
 * cr_reader_view_show_message:
 * @self: the reader
 * @message: the parsed message
 * @raw: (nullable): the message as received, for “View Source” and “Save
 *   as File…” (both disabled without it)
 *
 * Shows @message. Its remote content stays blocked unless its sender is in
 * the “remote-content-senders” setting.
 */
void
cr_reader_view_show_message (CrReaderView  *self,
                             CrMimeMessage *message,
                             GBytes        *raw)
{
  g_return_if_fail (CR_IS_READER_VIEW (self));
  g_return_if_fail (CR_IS_MIME_MESSAGE (message));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->message, message);
  g_clear_pointer (&self->raw, g_bytes_unref);
  self->raw = raw != NULL ? g_bytes_ref (raw) : NULL;
  self->remote_allowed = sender_always_allowed (self);

  cr_reader_view_show_header (self);
  cr_reader_view_show_notes (self);
  cr_reader_view_show_body (self);
  cr_reader_attachments_set_parts (self->attachments, cr_mime_message_get_attachments (message));
  gtk_stack_set_visible_child_name (self->stack, "message");

  cr_reader_view_update_actions (self);
  restart_read_timeout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

typedef struct
{
  CrReaderView *self;
  GBytes       *raw;
} ParseData;

static void
parse_data_free (ParseData *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->raw, g_bytes_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParseData, parse_data_free)

static void
parsed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(ParseData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrMimeMessage) message = cr_mime_message_new_from_bytes_finish (result, &error);
  CrReaderView *self = data->self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  if (message == NULL)
    {
      cr_reader_view_clear (self);
      adw_status_page_set_title (self->empty_page, _("This Message Cannot Be Shown"));
      adw_status_page_set_description (self->empty_page, error->message);
      return;
    }

  cr_reader_view_show_message (self, message, data->raw);
}

/**
 * cr_reader_view_show_bytes:
 * @self: the reader
 * @raw: a message as received (RFC 5322)
 *
 * Parses @raw in a worker thread (following the “prefer-plain-text”
 * setting), then shows it. A later call or cr_reader_view_clear() cancels
 * a parse that has not finished.
 */
void
cr_reader_view_show_bytes (CrReaderView *self,
                           GBytes       *raw)
{
  CrMimeParseFlags flags = CR_MIME_PARSE_DEFAULT;
  ParseData *data;

  g_return_if_fail (CR_IS_READER_VIEW (self));
  g_return_if_fail (raw != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (g_settings_get_boolean (self->settings, "prefer-plain-text"))
    flags |= CR_MIME_PARSE_PREFER_PLAIN;

  data = g_new0 (ParseData, 1);
  data->self = g_object_ref (self);
  data->raw = g_bytes_ref (raw);
  cr_mime_message_new_from_bytes_async (raw, flags, self->cancellable, parsed, data);
}

/**
 * cr_reader_view_clear:
 * @self: the reader
 *
 * Shows no message (the “No Message Selected” page).
 */
void
cr_reader_view_clear (CrReaderView *self)
{
  g_return_if_fail (CR_IS_READER_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->read_timeout_id, g_source_remove);
  g_clear_object (&self->message);
  g_clear_pointer (&self->raw, g_bytes_unref);
  if (self->web != NULL)
    cr_reader_web_clear (self->web);
  cr_reader_attachments_set_parts (self->attachments, NULL);
  set_remote_blocked (self, FALSE);
  adw_status_page_set_title (self->empty_page, _("No Message Selected"));
  adw_status_page_set_description (self->empty_page, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  cr_reader_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

/* ---- Actions ---------------------------------------------------------- */

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[DELETE_REQUESTED], 0);
}

static void
junk_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[JUNK_REQUESTED], 0);
}

static void
flag_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CrReaderView *self = CR_READER_VIEW (widget);

  cr_reader_view_set_flagged (self, !self->flagged);
  g_signal_emit (self, signals[FLAG_REQUESTED], 0, (gboolean) self->flagged);
}

/* ---- Properties ------------------------------------------------------- */

/**
 * cr_reader_view_get_message:
 * @self: the reader
 *
 * Returns: (transfer none) (nullable): the message shown
 */
CrMimeMessage *
cr_reader_view_get_message (CrReaderView *self)
{
  g_return_val_if_fail (CR_IS_READER_VIEW (self), NULL);

  return self->message;
}

gboolean
cr_reader_view_get_flagged (CrReaderView *self)
{
  g_return_val_if_fail (CR_IS_READER_VIEW (self), FALSE);

  return self->flagged;
}

/**
 * cr_reader_view_set_flagged:
 * @self: the reader
 * @flagged: whether the message shown is flagged in the store
 *
 * Only updates the flag button; “flag-requested” is for the person's
 * clicks.
 */
void
cr_reader_view_set_flagged (CrReaderView *self,
                            gboolean      flagged)
{
  g_return_if_fail (CR_IS_READER_VIEW (self));

  flagged = !!flagged;
  if (self->flagged == (guint) flagged)
    return;

  self->flagged = flagged;
  gtk_button_set_icon_name (GTK_BUTTON (self->flag_button),
                            flagged ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->flag_button),
                               flagged ? _("Unflag") : _("Flag"));
  gtk_toggle_button_set_active (self->flag_button, flagged);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGGED]);
}

gboolean
cr_reader_view_get_store_actions (CrReaderView *self)
{
  g_return_val_if_fail (CR_IS_READER_VIEW (self), FALSE);

  return self->store_actions;
}

/**
 * cr_reader_view_set_store_actions:
 * @self: the reader
 * @store_actions: whether someone handles “delete-requested”,
 *   “junk-requested” and “flag-requested”
 *
 * Shows or hides the Delete, Junk and Flag buttons: never a dead button.
 */
void
cr_reader_view_set_store_actions (CrReaderView *self,
                                  gboolean      store_actions)
{
  g_return_if_fail (CR_IS_READER_VIEW (self));

  store_actions = !!store_actions;
  if (self->store_actions == (guint) store_actions)
    return;

  self->store_actions = store_actions;
  gtk_widget_set_visible (self->store_actions_box, store_actions);
  cr_reader_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE_ACTIONS]);
}

/**
 * cr_reader_view_get_remote_blocked:
 * @self: the reader
 *
 * Returns: whether the message shown refers to remote content that is
 *   being blocked (the bar offering to show it is visible)
 */
gboolean
cr_reader_view_get_remote_blocked (CrReaderView *self)
{
  g_return_val_if_fail (CR_IS_READER_VIEW (self), FALSE);

  return self->remote_blocked;
}

/**
 * cr_reader_view_get_loaded:
 * @self: the reader
 *
 * Returns: whether the message's body is fully shown (an HTML body loads
 *   asynchronously)
 */
gboolean
cr_reader_view_get_loaded (CrReaderView *self)
{
  g_return_val_if_fail (CR_IS_READER_VIEW (self), FALSE);

  if (self->message == NULL)
    return FALSE;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->body_stack), "web") == 0)
    return cr_reader_web_get_loaded (self->web);

  return TRUE;
}

/**
 * cr_reader_view_get_body_widget:
 * @self: the reader
 *
 * Returns: (transfer none): the #CrReaderText or #CrReaderWeb showing the
 *   body
 */
GtkWidget *
cr_reader_view_get_body_widget (CrReaderView *self)
{
  g_return_val_if_fail (CR_IS_READER_VIEW (self), NULL);

  return gtk_stack_get_visible_child (self->body_stack);
}

CrReaderView *
cr_reader_view_new (void)
{
  return g_object_new (CR_TYPE_READER_VIEW, NULL);
}

/* ---- GObject ---------------------------------------------------------- */

static void
cr_reader_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (cr_reader_view_parent_class)->map (widget);
  restart_read_timeout (CR_READER_VIEW (widget));
}

static void
cr_reader_view_unmap (GtkWidget *widget)
{
  CrReaderView *self = CR_READER_VIEW (widget);

  g_clear_handle_id (&self->read_timeout_id, g_source_remove);
  GTK_WIDGET_CLASS (cr_reader_view_parent_class)->unmap (widget);
}

static void
cr_reader_view_dispose (GObject *object)
{
  CrReaderView *self = CR_READER_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->read_timeout_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CR_TYPE_READER_VIEW);
  self->web = NULL;
  g_clear_object (&self->message);
  g_clear_pointer (&self->raw, g_bytes_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cr_reader_view_parent_class)->dispose (object);
}

static void
cr_reader_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CrReaderView *self = CR_READER_VIEW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;

    case PROP_FLAGGED:
      g_value_set_boolean (value, self->flagged);
      break;

    case PROP_STORE_ACTIONS:
      g_value_set_boolean (value, self->store_actions);
      break;

    case PROP_REMOTE_BLOCKED:
      g_value_set_boolean (value, self->remote_blocked);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, cr_reader_view_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_reader_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CrReaderView *self = CR_READER_VIEW (object);

  switch (prop_id)
    {
    case PROP_FLAGGED:
      cr_reader_view_set_flagged (self, g_value_get_boolean (value));
      break;

    case PROP_STORE_ACTIONS:
      cr_reader_view_set_store_actions (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL, CR_TYPE_MIME_MESSAGE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGGED] =
    g_param_spec_boolean ("flagged", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_ACTIONS] =
    g_param_spec_boolean ("store-actions", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMOTE_BLOCKED] =
    g_param_spec_boolean ("remote-blocked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_signals (GObjectClass *object_class)
{
  GType type = G_TYPE_FROM_CLASS (object_class);

  /* The person asked to delete the message shown. */
  signals[DELETE_REQUESTED] =
    g_signal_new ("delete-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The person marked the message shown as junk. */
  signals[JUNK_REQUESTED] =
    g_signal_new ("junk-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The person flagged (TRUE) or unflagged (FALSE) the message shown. */
  signals[FLAG_REQUESTED] =
    g_signal_new ("flag-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /* The message stayed shown “mark-read-delay” seconds: mark it read. */
  signals[READ_TIMEOUT] =
    g_signal_new ("read-timeout", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A web link the person chose to open (after the deceptive-link check):
   * return TRUE to handle it; by default it opens in the browser. */
  signals[ACTIVATE_LINK] =
    g_signal_new_class_handler ("activate-link", type, G_SIGNAL_RUN_LAST,
                                G_CALLBACK (real_activate_link),
                                g_signal_accumulator_true_handled, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);
}

static void
cr_reader_view_class_init (CrReaderViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cr_reader_view_dispose;
  object_class->get_property = cr_reader_view_get_property;
  object_class->set_property = cr_reader_view_set_property;
  widget_class->map = cr_reader_view_map;
  widget_class->unmap = cr_reader_view_unmap;

  install_properties (object_class);
  install_signals (object_class);
  gtk_widget_class_install_action (widget_class, "reader.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "reader.junk", NULL, junk_activated);
  gtk_widget_class_install_action (widget_class, "reader.flag", NULL, flag_activated);
  cr_reader_view_install_actions (widget_class);

  g_type_ensure (CR_TYPE_READER_TEXT);
  g_type_ensure (CR_TYPE_READER_ATTACHMENTS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/reader/cr-reader-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, stack);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, subject_label);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, store_actions_box);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, flag_button);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, avatar);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, sender_name_label);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, sender_address_label);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, date_label);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, to_label);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, cc_label);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, notes_box);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, remote_bar);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, body_stack);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, text_view);
  gtk_widget_class_bind_template_child (widget_class, CrReaderView, attachments);
  gtk_widget_class_bind_template_callback (widget_class, link_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cr-reader-view");
}

static void
cr_reader_view_init (CrReaderView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->zoom = 1.0;
  self->settings = g_settings_new (APPLICATION_ID);
  cr_reader_view_update_actions (self);
}
