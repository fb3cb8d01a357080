/* cr-window.c — Courrier's main window
 *
 * Three panes in an AdwLeaflet — folders, messages, the message — that fold
 * into a navigation stack on a narrow window. The store is opened once the
 * window is up (an idle after the first frame), never on the start-up path.
 * What acts on messages (delete, move, junk, flags, undo) is in
 * cr-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cr-imap-sync.h"
#include "cr-window-private.h"

G_DEFINE_FINAL_TYPE (CrWindow, cr_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CrMessageFilter filters[] = {
  CR_MESSAGE_FILTER_NONE,
  CR_MESSAGE_FILTER_UNREAD,
  CR_MESSAGE_FILTER_FLAGGED,
  CR_MESSAGE_FILTER_ATTACHMENT,
};

static const struct {
  CrSortKey key;
  gboolean  ascending;
} sorts[] = {
  { CR_SORT_DATE, FALSE },
  { CR_SORT_SENDER, TRUE },
  { CR_SORT_SUBJECT, TRUE },
  { CR_SORT_SIZE, FALSE },
};

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
update_panes (CrWindow *self)
{
  gboolean has_accounts = self->context != NULL &&
    g_list_model_get_n_items (G_LIST_MODEL (cr_context_get_account_manager (self->context))) > 0;
  gboolean showing = self->model != NULL &&
    (self->folder != NULL || cr_message_list_model_is_searching (self->model));

  gtk_widget_set_visible (GTK_WIDGET (self->sidebar), has_accounts && self->store != NULL);
  gtk_widget_set_visible (self->sidebar_status, !(has_accounts && self->store != NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->message_list), showing);
  /* Search results come newest first, unfiltered: no sort or filter. */
  gtk_widget_set_visible (self->list_toolbar,
                          showing && !cr_message_list_model_is_searching (self->model));
  gtk_widget_set_visible (self->message_list_status, !showing);
}

static void
update_list_title (CrWindow *self)
{
  g_autofree char *subtitle = NULL;
  guint n;

  if (self->model == NULL || (self->folder == NULL && !cr_message_list_model_is_searching (self->model)))
    {
      adw_window_title_set_title (self->message_list_title, _("Messages"));
      adw_window_title_set_subtitle (self->message_list_title, NULL);
      return;
    }

  n = cr_message_list_model_count_messages (self->model);
  if (cr_message_list_model_is_searching (self->model))
    adw_window_title_set_title (self->message_list_title, _("Search Results"));
  else
    adw_window_title_set_title (self->message_list_title,
                                cr_folder_role_get_title (self->folder->role) != NULL
                                ? cr_folder_role_get_title (self->folder->role)
                                : self->folder->name);
  /* Translators: the number of messages listed */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message", "%u messages", n), n);
  adw_window_title_set_subtitle (self->message_list_title, subtitle);
}

/* IDLE watches the folder the person looks at (the inbox otherwise). */
static void
watch_folder (CrWindow     *self,
              CrFolderInfo *folder)
{
  CrImapSync *imap;

  if (self->scheduler == NULL)
    return;

  imap = cr_sync_scheduler_get_imap_sync (self->scheduler, folder->account_id);
  if (imap != NULL)
    cr_imap_sync_set_open_folder (imap, folder->path);
}

static void
on_folder_selected (CrWindow     *self,
                    CrFolderInfo *folder)
{
  g_clear_pointer (&self->folder, cr_folder_info_unref);
  self->folder = cr_folder_info_ref (folder);

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  cr_message_list_model_set_folder (self->model, folder->id);
  watch_folder (self, folder);
  update_panes (self);
  update_list_title (self);
  cr_window_update_move_menu (self);
  cr_window_update_actions (self);

  /* On a narrow window, choosing a folder goes on to its messages. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->message_list_pane);
}

static void
on_messages_dropped (CrWindow     *self,
                     CrFolderInfo *folder,
                     GArray       *ids)
{
  cr_window_move_ids (self, (const gint64 *) (gpointer) ids->data, ids->len, folder);
}

static void
on_message_selection_changed (CrWindow *self)
{
  cr_window_update_actions (self);
  cr_window_update_reader (self);
}

static void
on_message_items_changed (CrWindow *self)
{
  if (cr_window_keep_reader_selection (self))
    cr_window_update_actions (self);
  else
    on_message_selection_changed (self);
}

static void
on_list_changed (CrWindow *self)
{
  update_list_title (self);
  cr_window_update_actions (self);
}

static void
on_filter_changed (CrWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->filter_dropdown);

  if (self->model != NULL && i < G_N_ELEMENTS (filters))
    cr_message_list_model_set_filter (self->model, filters[i]);
}

static void
on_sort_changed (CrWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->sort_dropdown);

  if (self->model != NULL && i < G_N_ELEMENTS (sorts))
    cr_message_list_model_set_sort (self->model, sorts[i].key, sorts[i].ascending);
}

/* GtkSearchEntry waits for a pause in the typing before "search-changed". */
static void
on_search_changed (CrWindow *self)
{
  const char *text = gtk_editable_get_text (self->search_entry);
  gboolean everywhere = gtk_toggle_button_get_active (self->search_all_button);

  if (self->model == NULL)
    return;

  if (text[0] == '\0' && self->folder != NULL)
    cr_message_list_model_set_folder (self->model, self->folder->id);
  else if (everywhere || self->folder == NULL)
    cr_message_list_model_set_search (self->model, NULL, 0, text);
  else
    cr_message_list_model_set_search (self->model, self->folder->account_id,
                                      self->folder->id, text);
  update_panes (self);
  update_list_title (self);
}

static void
on_search_mode_changed (CrWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (self->search_entry, "");
}

static void
select_first_inbox (CrWindow *self)
{
  GListModel *accounts = G_LIST_MODEL (cr_context_get_account_manager (self->context));
  g_autoptr(CrAccount) account = g_list_model_get_item (accounts, 0);
  g_autoptr(CrFolderInfo) inbox = NULL;

  if (account == NULL)
    return;
  inbox = cr_store_lookup_folder_by_role (self->store, cr_account_get_id (account),
                                          CR_FOLDER_ROLE_INBOX, NULL);
  if (inbox != NULL)
    cr_folder_sidebar_select_folder (self->sidebar, inbox->id);
}

/* After the first frame: the store, then the sidebar and the list. */
static gboolean
load_store (gpointer data)
{
  CrWindow *self = data;
  g_autoptr(GError) error = NULL;

  self->load_source = 0;
  self->store = cr_context_get_store (self->context, &error);
  if (self->store == NULL)
    {
      adw_status_page_set_title (ADW_STATUS_PAGE (self->sidebar_status), _("Mail Could Not Be Opened"));
      adw_status_page_set_description (ADW_STATUS_PAGE (self->sidebar_status), error->message);
      return G_SOURCE_REMOVE;
    }
  g_object_ref (self->store);

  self->model = cr_message_list_model_new (self->store);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_list_changed),
                           self, G_CONNECT_SWAPPED);
  cr_message_list_set_model (self->message_list, self->model);
  /* One row per conversation, when the toggle over the list is on. */
  g_settings_bind (self->settings, "thread-messages", self->model, "threaded", G_SETTINGS_BIND_GET);
  {
    g_autoptr(GAction) threads = g_settings_create_action (self->settings, "thread-messages");

    g_action_map_add_action (G_ACTION_MAP (self), threads);
  }
  cr_folder_sidebar_set_sources (self->sidebar, cr_context_get_account_manager (self->context),
                                 self->store);
  update_panes (self);
  select_first_inbox (self);
  cr_window_watch_sync (self);
  cr_window_start_compose (self);
  /* Once the reader can fetch it from the server. */
  if (self->pending_message != 0)
    cr_window_show_message (self, self->pending_message);

  return G_SOURCE_REMOVE;
}

static void
on_accounts_changed (CrWindow *self)
{
  update_panes (self);
}

static GListModel *
make_string_list (const char * const *strings)
{
  return G_LIST_MODEL (gtk_string_list_new (strings));
}

static void
setup_dropdowns (CrWindow *self)
{
  const char *filter_names[] = { _("All"), _("Unread"), _("Flagged"), _("With Attachment"), NULL };
  const char *sort_names[] = { _("Date"), _("Sender"), _("Subject"), _("Size"), NULL };
  g_autoptr(GListModel) filter_model = make_string_list (filter_names);
  g_autoptr(GListModel) sort_model = make_string_list (sort_names);

  gtk_drop_down_set_model (self->filter_dropdown, filter_model);
  gtk_drop_down_set_model (self->sort_dropdown, sort_model);
  g_signal_connect_object (self->filter_dropdown, "notify::selected",
                           G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_dropdown, "notify::selected",
                           G_CALLBACK (on_sort_changed), self, G_CONNECT_SWAPPED);
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
  cr_window_end_web_process (CR_WINDOW (window));

  return GTK_WINDOW_CLASS (cr_window_parent_class)->close_request (window);
}

static void
cr_window_constructed (GObject *object)
{
  CrWindow *self = CR_WINDOW (object);

  G_OBJECT_CLASS (cr_window_parent_class)->constructed (object);

  restore_state (self);

  if (self->context == NULL)
    self->context = g_object_ref (cr_application_get_context (CR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)))));
  g_signal_connect_object (cr_context_get_account_manager (self->context), "items-changed",
                           G_CALLBACK (on_accounts_changed), self, G_CONNECT_SWAPPED);
  update_panes (self);
  self->load_source = g_idle_add_full (G_PRIORITY_LOW, load_store, self, NULL);
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

    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
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

    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_window_dispose (GObject *object)
{
  CrWindow *self = CR_WINDOW (object);

  g_clear_handle_id (&self->load_source, g_source_remove);
  cr_window_dispose_toasts (self);
  cr_window_dispose_sync (self);
  cr_window_dispose_reader (self);
  cr_window_dispose_compose (self);
  cr_window_dispose_folders (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CR_TYPE_WINDOW);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->folder, cr_folder_info_unref);

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
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = cr_window_close_request;

  g_type_ensure (CR_TYPE_FOLDER_SIDEBAR);
  g_type_ensure (CR_TYPE_MESSAGE_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/cr-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, sidebar_status);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, message_list_status);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, message_list);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, message_list_title);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, list_toolbar);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, search_all_button);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, message_menu);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, move_menu);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, message_list_pane);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, reader_pane);
  gtk_widget_class_bind_template_child (widget_class, CrWindow, reader_status);

  gtk_widget_class_install_action (widget_class, "win.navigate-back", NULL, navigate_back);
  gtk_widget_class_install_action (widget_class, "win.focus-pane", "i", focus_pane);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0,
                                       "win.focus-pane", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, GDK_SHIFT_MASK,
                                       "win.focus-pane", "i", -1);

  cr_window_class_init_actions (widget_class);
  cr_window_class_init_sync (widget_class);
  cr_window_class_init_compose (widget_class);
}

static void
cr_window_init (CrWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cr_window_init_sync (self);
  cr_window_init_reader (self);
  cr_window_update_compose_actions (self);

  setup_dropdowns (self);
  cr_message_list_set_context_menu (self->message_list, G_MENU_MODEL (self->message_menu));
  gtk_search_bar_connect_entry (self->search_bar, self->search_entry);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->message_list));
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_all_button, "toggled",
                           G_CALLBACK (on_search_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "folder-selected",
                           G_CALLBACK (on_folder_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "messages-dropped",
                           G_CALLBACK (on_messages_dropped), self, G_CONNECT_SWAPPED);
  cr_window_init_folders (self);
  g_signal_connect_object (cr_message_list_get_selection (self->message_list), "selection-changed",
                           G_CALLBACK (on_message_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cr_message_list_get_selection (self->message_list), "items-changed",
                           G_CALLBACK (on_message_items_changed), self, G_CONNECT_SWAPPED);
}

CrWindow *
cr_window_new (CrApplication *application)
{
  g_return_val_if_fail (CR_IS_APPLICATION (application), NULL);

  return cr_window_new_for_context (application, cr_application_get_context (application));
}

CrWindow *
cr_window_new_for_context (CrApplication *application,
                           CrContext     *context)
{
  g_return_val_if_fail (CR_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CR_IS_CONTEXT (context), NULL);

  return g_object_new (CR_TYPE_WINDOW,
                       "application", application,
                       "settings", cr_application_get_settings (application),
                       "context", context,
                       NULL);
}

CrContext *
cr_window_get_context (CrWindow *self)
{
  g_return_val_if_fail (CR_IS_WINDOW (self), NULL);

  return self->context;
}

CrStore *
cr_window_get_store (CrWindow *self)
{
  g_return_val_if_fail (CR_IS_WINDOW (self), NULL);

  return self->store;
}

CrFolderSidebar *
cr_window_get_sidebar (CrWindow *self)
{
  g_return_val_if_fail (CR_IS_WINDOW (self), NULL);

  return self->sidebar;
}

CrMessageList *
cr_window_get_message_list (CrWindow *self)
{
  g_return_val_if_fail (CR_IS_WINDOW (self), NULL);

  return self->message_list;
}
