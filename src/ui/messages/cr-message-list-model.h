/* cr-message-list-model.h — the rows of a folder or a search, paged from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-message-row.h"
#include "cr-store.h"

G_BEGIN_DECLS

#define CR_TYPE_MESSAGE_LIST_MODEL (cr_message_list_model_get_type ())

G_DECLARE_FINAL_TYPE (CrMessageListModel, cr_message_list_model, CR, MESSAGE_LIST_MODEL, GObject)

/* Rows are read from the store by pages of this many. */
#define CR_MESSAGE_LIST_PAGE_SIZE 100
/* At most this many pages of rows are kept. */
#define CR_MESSAGE_LIST_MAX_PAGES 8

CrMessageListModel *cr_message_list_model_new          (CrStore            *store);
CrStore            *cr_message_list_model_get_store    (CrMessageListModel *self);
void                cr_message_list_model_set_folder   (CrMessageListModel *self,
                                                        gint64              folder_id);
gint64              cr_message_list_model_get_folder   (CrMessageListModel *self);
void                cr_message_list_model_set_sort     (CrMessageListModel *self,
                                                        CrSortKey           sort,
                                                        gboolean            ascending);
void                cr_message_list_model_set_filter   (CrMessageListModel *self,
                                                        CrMessageFilter     filter);
CrMessageFilter     cr_message_list_model_get_filter   (CrMessageListModel *self);
void                cr_message_list_model_set_search   (CrMessageListModel *self,
                                                        const char         *account_id,
                                                        gint64              folder_id,
                                                        const char         *text);
gboolean            cr_message_list_model_is_searching (CrMessageListModel *self);
gint64              cr_message_list_model_get_id_at    (CrMessageListModel *self,
                                                        guint               position);
/* G_MAXUINT when the message is not in the list. */
guint               cr_message_list_model_find         (CrMessageListModel *self,
                                                        gint64              message_id);
void                cr_message_list_model_set_threaded (CrMessageListModel *self,
                                                        gboolean            threaded);
gboolean            cr_message_list_model_get_threaded (CrMessageListModel *self);
void                cr_message_list_model_set_expanded (CrMessageListModel *self,
                                                        guint               position,
                                                        gboolean            expanded);
gboolean            cr_message_list_model_get_expanded (CrMessageListModel *self,
                                                        guint               position);
GPtrArray          *cr_message_list_model_dup_messages (CrMessageListModel *self,
                                                        GPtrArray          *rows);
guint               cr_message_list_model_count_messages (CrMessageListModel *self);
guint               cr_message_list_model_find_key     (CrMessageListModel *self,
                                                        gint64              key);
/* Reads the list again from the store (done on CrStore::changed). */
void                cr_message_list_model_reload       (CrMessageListModel *self);

G_END_DECLS
