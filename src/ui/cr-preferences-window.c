/* cr-preferences-window.c — Courrier's preferences
 *
 * Every row is bound to a GSettings key, so a change applies at once and
 * there is nothing to save.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-preferences-window.h"

struct _CrPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwComboRow          *color_scheme_row;
};

G_DEFINE_FINAL_TYPE (CrPreferencesWindow, cr_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The combo row's positions follow the enum's values in the schema. */
static gboolean
enum_to_position (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  GSettings *settings = user_data;

  g_value_set_uint (value, (guint) g_settings_get_enum (settings, "color-scheme"));

  return TRUE;
}

static GVariant *
position_to_enum (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  static const char *nicks[] = { "default", "light", "dark" };
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (nicks))
    return NULL;

  return g_variant_new_string (nicks[position]);
}

static void
cr_preferences_window_constructed (GObject *object)
{
  CrPreferencesWindow *self = CR_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (cr_preferences_window_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                enum_to_position, position_to_enum,
                                self->settings, NULL);
}

static void
cr_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CrPreferencesWindow *self = CR_PREFERENCES_WINDOW (object);

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
cr_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CrPreferencesWindow *self = CR_PREFERENCES_WINDOW (object);

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
cr_preferences_window_dispose (GObject *object)
{
  CrPreferencesWindow *self = CR_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cr_preferences_window_parent_class)->dispose (object);
}

static void
cr_preferences_window_class_init (CrPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cr_preferences_window_constructed;
  object_class->dispose = cr_preferences_window_dispose;
  object_class->get_property = cr_preferences_window_get_property;
  object_class->set_property = cr_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/cr-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrPreferencesWindow, color_scheme_row);
}

static void
cr_preferences_window_init (CrPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CrPreferencesWindow *
cr_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (CR_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}
