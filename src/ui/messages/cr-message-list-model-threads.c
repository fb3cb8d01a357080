/* cr-message-list-model-threads.c — the list model grouped by conversation
 *
 * A conversation's row and, when it is opened, its messages under it; what
 * actions on a conversation act on; how many messages the rows stand for.
 * See cr-message-list-model.c for the keys the positions hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-message-list-model-private.h"

/* The conversations' keys, each followed by its messages when opened. */
GArray *
cr_message_list_model_read_thread_keys (CrMessageListModel  *self,
                                        GError             **error)
{
  g_autoptr(GArray) handles = cr_store_list_thread_ids (self->store, &self->query, error);
  GArray *keys;

  if (handles == NULL)
    return NULL;
  keys = g_array_sized_new (FALSE, FALSE, sizeof (gint64), handles->len);
  for (guint i = 0; i < handles->len; i++)
    {
      gint64 handle = g_array_index (handles, gint64, i);
      gint64 key = -handle;

      g_array_append_val (keys, key);
      if (g_hash_table_contains (self->expanded, &handle))
        {
          g_autoptr(GArray) children = cr_store_list_thread_messages (self->store, handle, NULL);

          if (children != NULL)
            g_array_append_vals (keys, children->data, children->len);
        }
    }

  return keys;
}

/* How many messages the list holds: its rows, or in conversations. */
guint
cr_message_list_model_count_messages (CrMessageListModel *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), 0);

  if (!cr_message_list_model_is_threaded (self) || self->query.folder_id == 0)
    return self->ids->len;

  return cr_store_count_messages (self->store, &self->query, NULL);
}

/**
 * cr_message_list_model_set_expanded:
 * @position: a conversation's row
 *
 * Opens the conversation at @position (its messages come under it, oldest
 * first) or closes it. Nothing for a message's row.
 */
void
cr_message_list_model_set_expanded (CrMessageListModel *self,
                                    guint               position,
                                    gboolean            expanded)
{
  g_autoptr(CrMessageRow) row = NULL;
  g_autoptr(GArray) children = NULL;
  gint64 handle;
  guint n_children = 0;

  g_return_if_fail (CR_IS_MESSAGE_LIST_MODEL (self));

  if (position >= self->ids->len || g_array_index (self->ids, gint64, position) > 0)
    return;
  handle = -g_array_index (self->ids, gint64, position);
  if (g_hash_table_contains (self->expanded, &handle) == !!expanded)
    return;
  /* A conversation of one message has nothing to open. */
  row = g_list_model_get_item (G_LIST_MODEL (self), position);
  if (cr_message_row_get_thread (row) == NULL || cr_message_row_get_thread (row)->count < 2)
    return;
  g_clear_object (&row);

  while (position + 1 + n_children < self->ids->len &&
         g_array_index (self->ids, gint64, position + 1 + n_children) > 0)
    n_children++;
  if (expanded)
    {
      children = cr_store_list_thread_messages (self->store, handle, NULL);
      if (children == NULL)
        return;
      g_hash_table_add (self->expanded, g_memdup2 (&handle, sizeof handle));
      g_array_insert_vals (self->ids, position + 1, children->data, children->len);
    }
  else
    {
      g_hash_table_remove (self->expanded, &handle);
      g_array_remove_range (self->ids, position + 1, n_children);
    }

  cr_message_list_model_drop_pages (self);
  row = g_list_model_get_item (G_LIST_MODEL (self), position);
  cr_message_row_set_expanded (row, expanded);
  g_list_model_items_changed (G_LIST_MODEL (self), position + 1,
                              expanded ? 0 : n_children, expanded ? children->len : 0);
}

gboolean
cr_message_list_model_get_expanded (CrMessageListModel *self,
                                    guint               position)
{
  gint64 handle;

  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), FALSE);

  if (position >= self->ids->len || g_array_index (self->ids, gint64, position) > 0)
    return FALSE;
  handle = -g_array_index (self->ids, gint64, position);

  return g_hash_table_contains (self->expanded, &handle);
}

/**
 * cr_message_list_model_dup_messages:
 * @rows: (element-type CrMessageRow): rows of this model
 *
 * What an action on @rows acts on: each message's row, and every message
 * of each conversation's row.
 *
 * Returns: (transfer full) (element-type CrMessageRow): message rows
 */
GPtrArray *
cr_message_list_model_dup_messages (CrMessageListModel *self,
                                    GPtrArray          *rows)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), out);

  for (guint i = 0; i < rows->len; i++)
    {
      CrThreadInfo *thread = cr_message_row_get_thread (rows->pdata[i]);
      g_autoptr(GArray) ids = NULL;
      g_autoptr(GPtrArray) infos = NULL;

      if (thread == NULL)
        {
          if (g_hash_table_add (seen, &cr_message_row_get_info (rows->pdata[i])->id))
            g_ptr_array_add (out, g_object_ref (rows->pdata[i]));
          continue;
        }
      ids = cr_store_list_thread_messages (self->store, thread->thread_id, NULL);
      if (ids != NULL)
        infos = cr_store_get_messages (self->store, (const gint64 *) (gpointer) ids->data, ids->len, NULL);
      for (guint j = 0; infos != NULL && j < infos->len; j++)
        {
          CrMessageInfo *info = infos->pdata[j];

          if (g_hash_table_add (seen, &info->id))
            g_ptr_array_add (out, cr_message_row_new (info));
        }
      /* The rows made here hold the infos the table points into. */
      g_clear_pointer (&infos, g_ptr_array_unref);
    }

  return out;
}
