/* cr-window.h — Courrier's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cr-application.h"
#include "cr-context.h"
#include "cr-folder-sidebar.h"
#include "cr-message-list.h"
#include "cr-reader-view.h"
#include "cr-send-queue.h"

G_BEGIN_DECLS

#define CR_TYPE_WINDOW (cr_window_get_type ())

G_DECLARE_FINAL_TYPE (CrWindow, cr_window, CR, WINDOW, AdwApplicationWindow)

CrWindow        *cr_window_new              (CrApplication *application);
CrWindow        *cr_window_new_for_context  (CrApplication *application,
                                             CrContext     *context);
CrContext       *cr_window_get_context      (CrWindow      *self);
/* (nullable): NULL until the store is open (just after the window shows) */
CrStore         *cr_window_get_store        (CrWindow      *self);
CrFolderSidebar *cr_window_get_sidebar      (CrWindow      *self);
CrMessageList   *cr_window_get_message_list (CrWindow      *self);
CrReaderView    *cr_window_get_reader       (CrWindow      *self);
gboolean         cr_window_show_message     (CrWindow      *self,
                                             gint64         message_id);
/* (nullable): NULL until the store is open */
CrSendQueue     *cr_window_get_send_queue   (CrWindow      *self);

G_END_DECLS
