/* cr-reader-view-actions.c — the reader's actions: links, source, print, save, zoom, remote content
 *
 * A link is opened in the browser, after a warning when its text names
 * another domain than its target; an address is copied, until the composer
 * exists to write to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cr-reader-links.h"
#include "cr-reader-print.h"
#include "cr-reader-source.h"
#include "cr-reader-view-private.h"

#define ZOOM_STEP 0.1
#define ZOOM_MIN  0.5
#define ZOOM_MAX  3.0

/* ---- Links ------------------------------------------------------------ */

static void
deceptive_response (AdwMessageDialog *dialog,
                    const char       *response,
                    CrReaderView     *self)
{
  if (g_strcmp0 (response, "open") == 0)
    cr_reader_view_activate_link (self, g_object_get_data (G_OBJECT (dialog), "cr-uri"));
}

void
cr_reader_view_open_link (CrReaderView *self,
                          const char   *uri,
                          const char   *label)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  /* Until the composer exists, an address is something to copy. */
  if (g_strcmp0 (scheme, "mailto") == 0)
    {
      g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
      const char *address = parsed != NULL ? g_uri_get_path (parsed) : uri + strlen ("mailto:");

      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), address);
      cr_reader_view_toast (self, _("Address copied"));
      return;
    }

  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0
      && g_strcmp0 (scheme, "ftp") != 0)
    {
      cr_reader_view_toast (self, _("This kind of link cannot be opened"));
      return;
    }

  if (cr_reader_link_is_deceptive (label, uri))
    {
      g_autofree char *named = cr_reader_link_label_domain (label);
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (cr_reader_view_parent_window (self), _("Open This Link?"), NULL);
      /* Translators: first %s is what a link's text shows (“www.banque.fr”),
       * second %s is where it really goes (“https://evil.example/”) */
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("The link shows “%s” but leads to “%s”. It may be an attempt to deceive you."),
                                      named, uri);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "open", _("_Open Link"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_object_set_data_full (G_OBJECT (dialog), "cr-uri", g_strdup (uri), g_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (deceptive_response), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  cr_reader_view_activate_link (self, uri);
}

static void
view_source_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CrReaderView *self = CR_READER_VIEW (widget);

  gtk_window_present (cr_reader_source_window_new (cr_reader_view_parent_window (self),
                                                   cr_mime_message_get_subject (self->message),
                                                   self->raw));
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CrReaderView *self = CR_READER_VIEW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->body_stack), "web") == 0)
    cr_reader_print_web (cr_reader_view_parent_window (self), cr_reader_web_get_web_view (self->web));
  else
    cr_reader_print_text (cr_reader_view_parent_window (self), gtk_label_get_label (self->subject_label),
                          cr_reader_text_get_view (self->text_view));
}

static void
eml_saved (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CrReaderView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    cr_reader_view_toast (self, error->message);
}

static void
eml_chooser_response (GtkNativeDialog *chooser,
                      int              response,
                      CrReaderView    *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file != NULL && self->raw != NULL)
    g_file_replace_contents_bytes_async (file, self->raw, NULL, FALSE, G_FILE_CREATE_NONE,
                                         NULL, eml_saved, g_object_ref (self));
  g_object_unref (self);
}

/* “Subject.eml”, without the characters file systems refuse. */
static char *
eml_filename (CrReaderView *self)
{
  const char *subject = cr_mime_message_get_subject (self->message);
  g_autofree char *name = g_strdup (subject != NULL && *subject != '\0' ? subject : _("message"));

  g_strdelimit (name, "/\\:*?\"<>|", '_');
  g_strstrip (name);
  if (g_utf8_strlen (name, -1) > 100)
    *g_utf8_offset_to_pointer (name, 100) = '\0';

  return g_strconcat (name, ".eml", NULL);
}

static void
save_eml_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrReaderView *self = CR_READER_VIEW (widget);
  g_autofree char *name = eml_filename (self);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Message"), cr_reader_view_parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (eml_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
cr_reader_view_set_zoom (CrReaderView *self,
                         double        zoom)
{
  self->zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  cr_reader_text_set_zoom (self->text_view, self->zoom);
  if (self->web != NULL)
    cr_reader_web_set_zoom (self->web, self->zoom);
}

static void
zoom_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CrReaderView *self = CR_READER_VIEW (widget);

  if (g_str_equal (action_name, "reader.zoom-in"))
    cr_reader_view_set_zoom (self, self->zoom + ZOOM_STEP);
  else if (g_str_equal (action_name, "reader.zoom-out"))
    cr_reader_view_set_zoom (self, self->zoom - ZOOM_STEP);
  else
    cr_reader_view_set_zoom (self, 1.0);
}

static void
show_remote_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CrReaderView *self = CR_READER_VIEW (widget);

  self->remote_allowed = TRUE;
  cr_reader_view_show_body (self);
  cr_reader_view_update_actions (self);
}

static void
always_remote_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CrReaderView *self = CR_READER_VIEW (widget);
  g_autofree char *sender = cr_reader_view_sender_key (self->message);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) senders = g_settings_get_strv (self->settings, "remote-content-senders");
  g_auto(GStrv) updated = NULL;

  g_strv_builder_addv (builder, (const char **) senders);
  if (!g_strv_contains ((const char * const *) senders, sender))
    g_strv_builder_add (builder, sender);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "remote-content-senders", (const char * const *) updated);

  show_remote_activated (widget, action_name, parameter);
}

void
cr_reader_view_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "reader.view-source", NULL, view_source_activated);
  gtk_widget_class_install_action (widget_class, "reader.print", NULL, print_activated);
  gtk_widget_class_install_action (widget_class, "reader.save-eml", NULL, save_eml_activated);
  gtk_widget_class_install_action (widget_class, "reader.zoom-in", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "reader.zoom-out", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "reader.zoom-reset", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "reader.show-remote", NULL, show_remote_activated);
  gtk_widget_class_install_action (widget_class, "reader.always-remote", NULL, always_remote_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "reader.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "reader.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "reader.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "reader.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "reader.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "reader.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "reader.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "reader.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK, "reader.view-source", NULL);
}

