/* cr-message-list-row.h — how the message list shows a message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cr-message-row.h"

G_BEGIN_DECLS

#define CR_TYPE_MESSAGE_LIST_ROW (cr_message_list_row_get_type ())

G_DECLARE_FINAL_TYPE (CrMessageListRow, cr_message_list_row, CR, MESSAGE_LIST_ROW, GtkWidget)

GtkWidget    *cr_message_list_row_new        (void);
void          cr_message_list_row_bind       (CrMessageListRow *self,
                                              CrMessageRow     *row);
CrMessageRow *cr_message_list_row_get_row    (CrMessageListRow *self);
gboolean      cr_message_list_row_is_flagged (CrMessageListRow *self);
gboolean      cr_message_list_row_is_bold    (CrMessageListRow *self);
const char   *cr_message_list_row_get_sender_text (CrMessageListRow *self);
const char   *cr_message_list_row_get_subject_text (CrMessageListRow *self);
const char   *cr_message_list_row_get_size_text   (CrMessageListRow *self);
void          cr_message_list_row_get_text_areas  (CrMessageListRow *self,
                                                   graphene_rect_t  *sender,
                                                   graphene_rect_t  *subject);

/* The date as the list shows it: “Today 16:46”, “Yesterday 09:12”,
 * “3 Mar”, “3 Mar 2024”. */
char         *cr_message_list_format_date    (gint64            date,
                                              GDateTime        *now);

G_END_DECLS
