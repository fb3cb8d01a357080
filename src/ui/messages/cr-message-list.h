/* cr-message-list.h — the message list pane's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cr-message-list-model.h"

G_BEGIN_DECLS

#define CR_TYPE_MESSAGE_LIST (cr_message_list_get_type ())

G_DECLARE_FINAL_TYPE (CrMessageList, cr_message_list, CR, MESSAGE_LIST, GtkWidget)

GtkWidget          *cr_message_list_new              (void);
void                cr_message_list_set_model        (CrMessageList      *self,
                                                      CrMessageListModel *model);
CrMessageListModel *cr_message_list_get_model        (CrMessageList      *self);
GtkSelectionModel  *cr_message_list_get_selection    (CrMessageList      *self);
/* (transfer full) (element-type CrMessageRow): the selected rows, in order */
GPtrArray          *cr_message_list_dup_selected     (CrMessageList      *self);
GPtrArray          *cr_message_list_dup_selected_messages (CrMessageList *self);
void                cr_message_list_select           (CrMessageList      *self,
                                                      guint               position);
void                cr_message_list_set_context_menu (CrMessageList      *self,
                                                      GMenuModel         *menu);
GtkWidget          *cr_message_list_get_view         (CrMessageList      *self);

G_END_DECLS
