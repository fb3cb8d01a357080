/* cr-window-private.h — what the window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-folder-sidebar.h"
#include "cr-message-list.h"
#include "cr-reader-view.h"
#include "cr-send-queue.h"
#include "cr-window.h"

G_BEGIN_DECLS

struct _CrWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  CrContext            *context;
  CrStore              *store;
  CrMessageListModel   *model;
  CrFolderInfo         *folder;       /* the folder shown, NULL for none */
  struct _CrUndo       *undo;         /* the last undoable action */
  AdwToast             *undo_toast;
  gint64                undo_toast_shown;
  AdwToast             *dismissing_toast;
  guint                 dismiss_source;
  guint                 load_source;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_pane;
  GtkWidget            *message_list_pane;
  GtkWidget            *reader_pane;
  GtkWidget            *sidebar_status;
  GtkWidget            *message_list_status;
  CrFolderSidebar      *sidebar;
  CrMessageList        *message_list;
  AdwWindowTitle       *message_list_title;
  GtkWidget            *list_toolbar;
  GtkDropDown          *filter_dropdown;
  GtkDropDown          *sort_dropdown;
  GtkSearchBar         *search_bar;
  GtkEditable          *search_entry;
  GtkToggleButton      *search_all_button;
  GMenu                *message_menu;
  GMenu                *move_menu;

  /* cr-window-sync.c */
  CrSyncScheduler      *scheduler;
  GtkInfoBar           *banner;
  GtkLabel             *banner_label;
  GtkWidget            *banner_button;
  char                 *banner_account_id;
  gboolean              banner_fixes_account;

  /* cr-window-reader.c */
  GtkWidget            *reader_status;
  CrReaderView         *reader;
  GCancellable         *reader_cancellable;
  gint64                reader_message_id;
  GBytes               *reader_raw;
  gint64                pending_message; /* to show once the store is open */

  /* cr-window-folders.c */
  GCancellable         *folders_cancellable;
  GCancellable         *server_search_cancellable;
  GtkWidget            *server_search_row;
  GtkWidget            *server_search_label;
  GtkWidget            *server_search_spinner;
  GtkWidget            *server_search_button;

  /* cr-window-compose.c */
  CrSendQueue          *send_queue;
  GHashTable           *sent_builders; /* outbox id → CrMessageBuilder */
};

/* cr-window-actions.c */
void cr_window_class_init_actions (GtkWidgetClass *widget_class);
void cr_window_update_actions     (CrWindow       *self);
void cr_window_update_move_menu   (CrWindow       *self);
void cr_window_move_ids           (CrWindow       *self,
                                   const gint64   *ids,
                                   guint           n_ids,
                                   CrFolderInfo   *target);
void cr_window_clear_undo         (CrWindow       *self);
void cr_window_dispose_toasts     (CrWindow       *self);

/* cr-window-sync.c */
void cr_window_class_init_sync    (GtkWidgetClass *widget_class);
void cr_window_init_sync          (CrWindow       *self);
void cr_window_watch_sync         (CrWindow       *self);
void cr_window_dispose_sync       (CrWindow       *self);

/* cr-window-reader.c */
void cr_window_init_reader        (CrWindow       *self);
void cr_window_update_reader      (CrWindow       *self);
gboolean cr_window_keep_reader_selection (CrWindow *self);
void cr_window_dispose_reader     (CrWindow       *self);
void cr_window_end_web_process    (CrWindow       *self);

/* cr-window-folders.c */
void cr_window_init_folders       (CrWindow       *self);
void cr_window_dispose_folders    (CrWindow       *self);

/* cr-window-compose.c */
void cr_window_class_init_compose     (GtkWidgetClass *widget_class);
void cr_window_start_compose          (CrWindow       *self);
void cr_window_update_compose_actions (CrWindow       *self);
void cr_window_dispose_compose        (CrWindow       *self);

G_END_DECLS
