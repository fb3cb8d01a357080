/* cr-window.c — Courrier's main window
 *
 * Three panes in an AdwLeaflet — folders, messages, the message — that fold
 * into a navigation stack on a narrow window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-window.h"

struct _CrWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_pane;
  GtkWidget            *message_list_pane;
  GtkWidget            *reader_pane;
};

G_DEFINE_FINAL_TYPE (CrWindow, cr_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
navigate_back (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* F6 moves the keyboard focus from pane to pane, as in other GNOME apps. */
static void
focus_pane (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CrWindow *self = CR_WINDOW (widget);
  GtkWidget *panes[] = { self->sidebar_pane, self->message_list_pane, self->reader_pane };
  int step = g_variant_get_int32 (parameter);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  int current = -1;

  for (int i = 0; i < (int) G_N_ELEMENTS (panes); i++)
    if (focus != NULL && (focus == panes[i] || gtk_widget_is_ancestor (focus, panes[i])))
      current = i;

  for (int tries = 0; tries < (int) G_N_ELEMENTS (panes); tries++)
    {
      GtkWidget *pane;

      current = (current + step + (int) G_N_ELEMENTS (panes)) % (int) G_N_ELEMENTS (panes);
      pane = panes[current];
      if (adw_leaflet_get_folded (self->leaflet))
        adw_leaflet_set_visible_child (self->leaflet, pane);
      if (gtk_widget_child_focus (pane, GTK_DIR_TAB_FORWARD))
        return;
    }
}

static void
restore_state (CrWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_state (CrWindow *self)
{
  int width = 0;
  int height = 0;

  /* The default size is the unmaximized size, which is what we restore. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
cr_window_close_request (GtkWindow *window)
{
  save_state (CR_WINDOW (window));

  return GTK_WINDOW_CLASS (cr_window_parent_class)->close_request (window);
}

static void
cr_window_constructed (GObject *object)
{
  CrWindow *self = CR_WINDOW (object);

  G_OBJECT_CLASS (cr_window_parent_class)->constructed (object);

  restore_state (self);
}

static void
cr_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CrWindow *self = CR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CrWindow *self = CR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_window_dispose (GObject *object)
{
  CrWindow *self = CR_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cr_window_parent_class)->dispose (object);
}

static void
cr_window_class_init (CrWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cr_window_constructed;
  object_class->dispose = cr_window_dispose;
  object_class->get_property = cr_window_get_property;
  object_class->set_property = cr_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = cr_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/cr-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, message_list_pane);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, reader_pane);

  gtk_widget_class_install_action (widget_class, "win.navigate-back", NULL, navigate_back);
  gtk_widget_class_install_action (widget_class, "win.focus-pane", "i", focus_pane);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0,
                                       "win.focus-pane", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, GDK_SHIFT_MASK,
                                       "win.focus-pane", "i", -1);
}

static void
cr_window_init (CrWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CrWindow *
cr_window_new (CrApplication *application)
{
  g_return_val_if_fail (CR_IS_APPLICATION (application), NULL);

  return g_object_new (CR_TYPE_WINDOW,
                       "application", application,
                       "settings", cr_application_get_settings (application),
                       NULL);
}
