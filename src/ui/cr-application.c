/* cr-application.c — the Courrier application
 *
 * One instance per session (GApplication uniqueness, D-Bus activatable):
 * launching Courrier again presents the existing window. With
 * “run-in-background” on, the application holds itself: closing the window
 * destroys it (the reader's WebKit processes go with it) while the sync
 * scheduler keeps checking and notifying; only “Quit” ends it.
 * `courrier --background` (what the login starts) checks mail without
 * showing the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-application.h"
#include "cr-preferences-window.h"
#include "cr-resources.h"
#include "cr-setup-assistant.h"
#include "cr-window.h"

struct _CrApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  CrContext      *context;
  /* The setup assistant was offered once already in this run. */
  gboolean        offered_setup;
  guint           sync_source;
  /* The message of the last new-mail notification, for tests. */
  gint64          last_notified;

  CrBackground   *background;
  GCancellable   *background_cancellable;
  /* g_application_hold() while “run-in-background” is on. */
  gboolean        held;
  /* Started by --background: the first activation shows no window. */
  gboolean        start_hidden;
};

G_DEFINE_FINAL_TYPE (CrApplication, cr_application, ADW_TYPE_APPLICATION)

static void
apply_color_scheme (CrApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT,
    ADW_COLOR_SCHEME_FORCE_LIGHT,
    ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint choice = (guint) g_settings_get_enum (self->settings, "color-scheme");

  if (choice >= G_N_ELEMENTS (schemes))
    choice = 0;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[choice]);
}

static void
on_color_scheme_changed (CrApplication *self)
{
  apply_color_scheme (self);
}

static GtkWindow *
get_or_create_window (CrApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (cr_window_new (self));

  return window;
}

static void
show_about (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  CrApplication *self = CR_APPLICATION (user_data);
  static const char *developers[] = { "Courrier developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", get_or_create_window (self),
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Courrier"),
                        "developer-name", _("The Courrier developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Read and send your mail, on your computer."),
                        "website", "https://github.com/courrier/courrier",
                        "issue-url", "https://github.com/courrier/courrier/issues",
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        "copyright", "© 2026 The Courrier developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
show_preferences (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CrApplication *self = CR_APPLICATION (user_data);
  CrPreferencesWindow *preferences;

  preferences = cr_preferences_window_new (get_or_create_window (self), self->settings, self->context);
  /* For its “Add Account…”: app.add-account. */
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
help_shown_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GtkWindow *window = GTK_WINDOW (object);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (gtk_show_uri_full_finish (window, result, &error))
    return;

  g_warning ("Could not open the help: %s", error->message);
  dialog = adw_message_dialog_new (window, _("The Help Could Not Be Opened"),
                                   _("Install the GNOME help viewer (Yelp) to read Courrier’s help."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_help (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  CrApplication *self = CR_APPLICATION (user_data);

  gtk_show_uri_full (get_or_create_window (self), "help:courrier",
                     GDK_CURRENT_TIME, NULL, help_shown_cb, NULL);
}

static void
quit (GSimpleAction *action,
      GVariant      *parameter,
      gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close rather than destroy, so each window saves its state. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (app);
}

/* “Ajouter un compte”: the setup assistant, above the window. */
static void
add_account (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CrApplication *self = user_data;
  GtkWindow *parent = get_or_create_window (self);
  CrSetupAssistant *assistant;

  self->offered_setup = TRUE;
  gtk_window_present (parent);
  assistant = cr_setup_assistant_new (parent, self->context);
  gtk_window_present (GTK_WINDOW (assistant));
}

/* “Alice Durand” — “Subject”; a click opens the message. */
static void
on_new_mail (CrSyncScheduler *scheduler,
             const char      *account_id,
             gint64           message_id,
             CrApplication   *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(CrMessageInfo) info = NULL;
  g_autofree char *notification_id = NULL;
  CrStore *store;

  if (!g_settings_get_boolean (self->settings, "notify-new-mail"))
    return;
  store = cr_context_get_store (self->context, NULL);
  info = store != NULL ? cr_store_get_message (store, message_id, NULL) : NULL;
  if (info == NULL)
    return;

  notification = g_notification_new (info->from_name != NULL && *info->from_name != '\0'
                                     ? info->from_name : info->from_address);
  g_notification_set_body (notification, info->subject != NULL && *info->subject != '\0'
                                         ? info->subject : _("(No subject)"));
  g_notification_set_default_action_and_target_value (notification, "app.show-message",
                                                      g_variant_new_int64 (message_id));
  notification_id = g_strdup_printf ("new-mail-%" G_GINT64_FORMAT, message_id);
  g_application_send_notification (G_APPLICATION (self), notification_id, notification);
  self->last_notified = message_id;
}

static void
apply_check_interval (CrApplication *self)
{
  CrSyncScheduler *scheduler = cr_context_get_scheduler (self->context, NULL);

  if (scheduler != NULL)
    cr_sync_scheduler_set_interval (scheduler, (guint) g_settings_get_int (self->settings, "check-interval") * 60);
}

static void
show_message (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  CrApplication *self = CR_APPLICATION (user_data);
  GtkWindow *window = get_or_create_window (self);

  gtk_window_present (window);
  cr_window_show_message (CR_WINDOW (window), g_variant_get_int64 (parameter));
}

/* Closing the last window ends the application unless it holds itself. */
static void
update_hold (CrApplication *self)
{
  gboolean run_in_background = g_settings_get_boolean (self->settings, "run-in-background");

  if (run_in_background && !self->held)
    g_application_hold (G_APPLICATION (self));
  else if (!run_in_background && self->held)
    g_application_release (G_APPLICATION (self));
  self->held = run_in_background;
}

static void
show_background_error (CrApplication *self,
                       const GError  *error)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, _("Courrier Cannot Check Mail in the Background"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_background_requested (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  CrApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  /* Cancelled as well when the application is disposed: self is gone. */
  if (cr_background_request_finish (CR_BACKGROUND (object), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Running in the background: %s", error->message);
  /* Refused or impossible: the switch says what really happens. */
  if (g_settings_get_boolean (self->settings, "run-in-background"))
    {
      g_settings_set_boolean (self->settings, "run-in-background", FALSE);
      show_background_error (self, error);
    }
}

static void
on_run_in_background_changed (CrApplication *self)
{
  update_hold (self);

  g_cancellable_cancel (self->background_cancellable);
  g_clear_object (&self->background_cancellable);
  self->background_cancellable = g_cancellable_new ();
  cr_background_request_async (self->background, self->held, self->background_cancellable,
                               on_background_requested, self);
}

static const GActionEntry app_entries[] = {
  { "add-account", add_account },
  { "about", show_about },
  { "preferences", show_preferences },
  { "show-message", show_message, "x" },
  { "help", show_help },
  { "quit", quit },
};

/* After the window's first frame and its store (an idle queued before
 * this one): mail is checked, never on the start-up path. */
static gboolean
start_sync (gpointer data)
{
  CrApplication *self = data;
  g_autoptr(GError) error = NULL;
  CrSyncScheduler *scheduler;

  self->sync_source = 0;
  scheduler = cr_context_get_scheduler (self->context, &error);
  /* The window says why the store could not be opened. */
  if (scheduler == NULL || cr_sync_scheduler_is_started (scheduler))
    return G_SOURCE_REMOVE;

  g_signal_connect_object (scheduler, "new-mail", G_CALLBACK (on_new_mail), self, 0);
  g_signal_connect_object (self->settings, "changed::check-interval",
                           G_CALLBACK (apply_check_interval), self, G_CONNECT_SWAPPED);
  apply_check_interval (self);
  cr_sync_scheduler_start (scheduler);

  return G_SOURCE_REMOVE;
}

static void
cr_application_activate (GApplication *app)
{
  CrApplication *self = CR_APPLICATION (app);
  GListModel *accounts = G_LIST_MODEL (cr_context_get_account_manager (self->context));

  if (self->sync_source == 0)
    self->sync_source = g_idle_add_full (G_PRIORITY_LOW, start_sync, self, NULL);

  /* At login: mail is checked, the window waits to be asked for. */
  if (self->start_hidden)
    {
      self->start_hidden = FALSE;
      return;
    }

  gtk_window_present (get_or_create_window (self));

  /* First launch: nothing to show without an account, so the assistant
   * comes at once (once per run: closing it leaves the empty window). */
  if (!self->offered_setup && g_list_model_get_n_items (accounts) == 0)
    g_action_group_activate_action (G_ACTION_GROUP (self), "add-account", NULL);
}

static void
cr_application_startup (GApplication *app)
{
  CrApplication *self = CR_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.help", { "F1", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (cr_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  self->settings = g_settings_new (APPLICATION_ID);

  /* Reads accounts.ini only; the store is opened by the window once shown. */
  self->context = cr_context_new (NULL);
  cr_context_load (self->context);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (on_color_scheme_changed), self,
                           G_CONNECT_SWAPPED);
  apply_color_scheme (self);

  /* The desktop is asked only when the person changes the setting. */
  self->background = cr_background_new ();
  g_signal_connect_object (self->settings, "changed::run-in-background",
                           G_CALLBACK (on_run_in_background_changed), self,
                           G_CONNECT_SWAPPED);
  update_hold (self);
}

static int
cr_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  CrApplication *self = CR_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "background"))
    {
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      /* Already running: it checks mail already, and shows nothing new. */
      if (g_application_get_is_remote (app))
        return 0;
      self->start_hidden = TRUE;
    }

  return -1;
}

static void
cr_application_dispose (GObject *object)
{
  CrApplication *self = CR_APPLICATION (object);

  g_clear_handle_id (&self->sync_source, g_source_remove);
  g_cancellable_cancel (self->background_cancellable);
  g_clear_object (&self->background_cancellable);
  g_clear_object (&self->background);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cr_application_parent_class)->dispose (object);
}

static void
cr_application_class_init (CrApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = cr_application_dispose;

  /* Before any template is loaded, also in the tests. */
  cr_register_resource ();

  app_class->activate = cr_application_activate;
  app_class->startup = cr_application_startup;
  app_class->handle_local_options = cr_application_handle_local_options;
}

static void
cr_application_init (CrApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { "background", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Check mail without showing the window"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

CrApplication *
cr_application_new (void)
{
  return g_object_new (CR_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * cr_application_get_settings:
 *
 * Returns: (transfer none): the application's settings, valid after startup
 */
GSettings *
cr_application_get_settings (CrApplication *self)
{
  g_return_val_if_fail (CR_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * cr_application_get_context:
 *
 * Returns: (transfer none): the engine's objects, valid after startup
 */
/**
 * cr_application_get_last_notified:
 *
 * Returns: the message of the last new-mail notification, 0 for none
 */
gint64
cr_application_get_last_notified (CrApplication *self)
{
  g_return_val_if_fail (CR_IS_APPLICATION (self), 0);

  return self->last_notified;
}

CrContext *
cr_application_get_context (CrApplication *self)
{
  g_return_val_if_fail (CR_IS_APPLICATION (self), NULL);

  return self->context;
}

/**
 * cr_application_get_background:
 *
 * Returns: (transfer none): what asks the desktop to run Courrier in the
 *   background, valid after startup
 */
CrBackground *
cr_application_get_background (CrApplication *self)
{
  g_return_val_if_fail (CR_IS_APPLICATION (self), NULL);

  return self->background;
}
