/* cr-preferences-window.c — Courrier's preferences
 *
 * Every row is bound to a GSettings key, so a change applies at once and
 * there is nothing to save.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-account-removal.h"
#include "cr-preferences-window.h"
#include "cr-setup-assistant.h"

struct _CrPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  CrContext            *context;
  GPtrArray            *account_rows;

  /* Template widgets */
  AdwComboRow          *color_scheme_row;
  GtkSpinButton        *check_interval_spin;
  GtkSwitch            *notify_switch;
  GtkSwitch            *background_switch;
  GtkSwitch            *plain_text_switch;
  GtkSpinButton        *mark_read_spin;
  AdwActionRow         *remote_content_row;
  GtkWidget            *remote_content_button;
  AdwPreferencesGroup  *accounts_group;
};

G_DEFINE_FINAL_TYPE (CrPreferencesWindow, cr_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_CONTEXT,
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

/* The senders whose remote content is shown without asking. */
static void
update_remote_content (CrPreferencesWindow *self)
{
  g_auto(GStrv) senders = g_settings_get_strv (self->settings, "remote-content-senders");
  guint n = g_strv_length (senders);
  g_autofree char *subtitle = NULL;

  if (n == 0)
    subtitle = g_strdup (_("Asked for each message"));
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Shown for %u sender without asking",
                                             "Shown for %u senders without asking", n),
                                n);
  adw_action_row_set_subtitle (self->remote_content_row, subtitle);
  gtk_widget_set_sensitive (self->remote_content_button, n > 0);
}

static void
forget_remote_content (CrPreferencesWindow *self)
{
  g_settings_reset (self->settings, "remote-content-senders");
}

static void
edit_account (GtkButton           *button,
              CrPreferencesWindow *self)
{
  CrAccount *account = g_object_get_data (G_OBJECT (button), "cr-account");
  CrSetupAssistant *assistant;

  assistant = cr_setup_assistant_new_for_account (GTK_WINDOW (self), self->context, account);
  gtk_window_present (GTK_WINDOW (assistant));
}

static void
remove_account (GtkButton           *button,
                CrPreferencesWindow *self)
{
  cr_account_confirm_removal (GTK_WINDOW (self), self->context,
                              g_object_get_data (G_OBJECT (button), "cr-account"));
}

static GtkWidget *
new_account_button (CrPreferencesWindow *self,
                    CrAccount           *account,
                    const char          *icon,
                    const char          *label,
                    GCallback            callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "cr-account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (button, "clicked", callback, self, 0);

  return button;
}

/* One row per account, with “Edit” and “Remove”. */
static void
update_accounts (CrPreferencesWindow *self)
{
  GListModel *accounts = G_LIST_MODEL (cr_context_get_account_manager (self->context));

  for (guint i = 0; i < self->account_rows->len; i++)
    adw_preferences_group_remove (self->accounts_group, self->account_rows->pdata[i]);
  g_ptr_array_set_size (self->account_rows, 0);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(CrAccount) account = g_list_model_get_item (accounts, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cr_account_get_display_name (account));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), cr_account_get_address (account));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 new_account_button (self, account, "document-edit-symbolic", _("Edit"),
                                                     G_CALLBACK (edit_account)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 new_account_button (self, account, "user-trash-symbolic", _("Remove"),
                                                     G_CALLBACK (remove_account)));
      adw_preferences_group_add (self->accounts_group, row);
      g_ptr_array_add (self->account_rows, row);
    }
}

static void
cr_preferences_window_constructed (GObject *object)
{
  CrPreferencesWindow *self = CR_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (cr_preferences_window_parent_class)->constructed (object);

  g_settings_bind (self->settings, "check-interval", self->check_interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-new-mail", self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);
  /* The application asks the desktop, and turns it back off if refused. */
  g_settings_bind (self->settings, "run-in-background", self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "prefer-plain-text", self->plain_text_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "mark-read-delay", self->mark_read_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::remote-content-senders",
                           G_CALLBACK (update_remote_content), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->remote_content_button, "clicked",
                           G_CALLBACK (forget_remote_content), self, G_CONNECT_SWAPPED);
  update_remote_content (self);

  if (self->context != NULL)
    {
      g_signal_connect_object (cr_context_get_account_manager (self->context), "items-changed",
                               G_CALLBACK (update_accounts), self, G_CONNECT_SWAPPED);
      update_accounts (self);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->accounts_group), self->context != NULL);

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

    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
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

    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
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
  g_clear_object (&self->context);
  g_clear_pointer (&self->account_rows, g_ptr_array_unref);

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
  /* (nullable): without it, no accounts are listed */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/cr-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, CrPreferencesWindow, check_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, CrPreferencesWindow, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, CrPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, CrPreferencesWindow, plain_text_switch);
  gtk_widget_class_bind_template_child (widget_class, CrPreferencesWindow, mark_read_spin);
  gtk_widget_class_bind_template_child (widget_class, CrPreferencesWindow, remote_content_row);
  gtk_widget_class_bind_template_child (widget_class, CrPreferencesWindow, remote_content_button);
  gtk_widget_class_bind_template_child (widget_class, CrPreferencesWindow, accounts_group);
}

static void
cr_preferences_window_init (CrPreferencesWindow *self)
{
  self->account_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cr_preferences_window_new:
 * @context: (nullable): whose accounts are listed
 */
CrPreferencesWindow *
cr_preferences_window_new (GtkWindow *parent,
                           GSettings *settings,
                           CrContext *context)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (context == NULL || CR_IS_CONTEXT (context), NULL);

  return g_object_new (CR_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       "context", context,
                       NULL);
}
