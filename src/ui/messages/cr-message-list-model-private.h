/* cr-message-list-model-private.h — what the model's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-message-list-model.h"

G_BEGIN_DECLS

struct _CrMessageListModel
{
  GObject         parent_instance;

  CrStore        *store;
  CrMessageQuery  query;

  /* Search mode, when search_text is set. */
  char           *search_text;
  char           *search_account_id;
  gint64          search_folder_id;

  gboolean        threaded;
  GHashTable     *expanded; /* handles of the opened conversations */

  GArray         *ids;     /* (element-type gint64) position → key: a
                            * message id, or minus a conversation's handle */
  GHashTable     *pages;   /* page number → GPtrArray of CrMessageRow */
  GQueue          lru;     /* page numbers, the last used first */
  GHashTable     *live;    /* message id → CrMessageRow (weak) */
};

/* cr-message-list-model.c */
gboolean  cr_message_list_model_is_threaded      (CrMessageListModel  *self);
void      cr_message_list_model_drop_pages       (CrMessageListModel  *self);

/* cr-message-list-model-threads.c */
GArray   *cr_message_list_model_read_thread_keys (CrMessageListModel  *self,
                                                  GError             **error);

G_END_DECLS
