/* cr-message-row.h — one row of the message list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cr-store.h"

G_BEGIN_DECLS

#define CR_TYPE_MESSAGE_ROW (cr_message_row_get_type ())

G_DECLARE_FINAL_TYPE (CrMessageRow, cr_message_row, CR, MESSAGE_ROW, GObject)

CrMessageRow  *cr_message_row_new            (CrMessageInfo *info);
CrMessageInfo *cr_message_row_get_info       (CrMessageRow  *self);
void           cr_message_row_set_info       (CrMessageRow  *self,
                                              CrMessageInfo *info);
gint64         cr_message_row_get_id         (CrMessageRow  *self);
gint64         cr_message_row_get_folder_id  (CrMessageRow  *self);
CrMessageFlags cr_message_row_get_flags      (CrMessageRow  *self);
const char    *cr_message_row_get_sender     (CrMessageRow  *self);
guint          cr_message_row_get_live_count (void);

CrMessageRow  *cr_message_row_new_thread     (CrThreadInfo  *thread,
                                              CrMessageInfo *info);
void           cr_message_row_set_thread     (CrMessageRow  *self,
                                              CrThreadInfo  *thread,
                                              CrMessageInfo *info);
CrThreadInfo  *cr_message_row_get_thread     (CrMessageRow  *self);
gint64         cr_message_row_get_key        (CrMessageRow  *self);
guint          cr_message_row_get_depth      (CrMessageRow  *self);
void           cr_message_row_set_depth      (CrMessageRow  *self,
                                              guint          depth);
gboolean       cr_message_row_get_expanded   (CrMessageRow  *self);
void           cr_message_row_set_expanded   (CrMessageRow  *self,
                                              gboolean       expanded);

G_END_DECLS
