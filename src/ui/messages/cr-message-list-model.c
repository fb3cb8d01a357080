/* cr-message-list-model.c — the rows of a folder or a search, paged from the store
 *
 * A GListModel of CrMessageRow that never holds a row per message: it
 * keeps the ids of the list in order (8 bytes a message, one indexed query)
 * and reads rows by pages of CR_MESSAGE_LIST_PAGE_SIZE when the view asks
 * for a position, keeping only the CR_MESSAGE_LIST_MAX_PAGES pages used
 * last. Rows the view still holds are tracked weakly by id, so that the
 * same position gives the same object and a change in the store (a flag, a
 * move) updates it in place: the selection and the scroll position stay.
 *
 * When the store changes, the ids are read again and compared with the
 * old ones: the one range that differs (new mail at the top, a deleted
 * message) is all that items-changed reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-message-list-model.h"

struct _CrMessageListModel
{
  GObject         parent_instance;

  CrStore        *store;
  CrMessageQuery  query;

  /* Search mode, when search_text is set. */
  char           *search_text;
  char           *search_account_id;
  gint64          search_folder_id;

  GArray         *ids;     /* (element-type gint64) position → message id */
  GHashTable     *pages;   /* page number → GPtrArray of CrMessageRow */
  GQueue          lru;     /* page numbers, the last used first */
  GHashTable     *live;    /* message id → CrMessageRow (weak) */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CrMessageListModel, cr_message_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GArray *
read_ids (CrMessageListModel *self)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = NULL;

  if (self->search_text != NULL)
    ids = cr_store_search (self->store, self->search_account_id, self->search_folder_id,
                           self->search_text, 0, &error);
  else if (self->query.folder_id != 0)
    ids = cr_store_list_message_ids (self->store, &self->query, &error);

  if (error != NULL)
    g_warning ("Could not read the message list: %s", error->message);

  return ids != NULL ? ids : g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* Weak references are notified before the row is finalized: its data
 * is still there. */
static void
row_gone (gpointer  data,
          GObject  *where_the_object_was)
{
  CrMessageListModel *self = data;
  gint64 id = cr_message_row_get_id ((CrMessageRow *) where_the_object_was);

  g_hash_table_remove (self->live, &id);
}

static CrMessageRow *
row_for_info (CrMessageListModel *self,
              CrMessageInfo      *info)
{
  CrMessageRow *row = g_hash_table_lookup (self->live, &info->id);

  if (row != NULL)
    {
      cr_message_row_set_info (row, info);
      return g_object_ref (row);
    }

  row = cr_message_row_new (info);
  g_hash_table_insert (self->live, g_memdup2 (&info->id, sizeof info->id), row);
  g_object_weak_ref (G_OBJECT (row), row_gone, self);

  return row;
}

static void
drop_pages (CrMessageListModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static void
touch_page (CrMessageListModel *self,
            guint               page)
{
  g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));

  while (g_queue_get_length (&self->lru) > CR_MESSAGE_LIST_MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
}

static GPtrArray *
load_page (CrMessageListModel *self,
           guint               page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint start = page * CR_MESSAGE_LIST_PAGE_SIZE;
  guint n = MIN (CR_MESSAGE_LIST_PAGE_SIZE, self->ids->len - start);
  const gint64 *ids = &g_array_index (self->ids, gint64, start);
  GPtrArray *rows = g_ptr_array_new_full (n, g_object_unref);

  infos = cr_store_get_messages (self->store, ids, n, &error);
  if (error != NULL)
    g_warning ("Could not read messages: %s", error->message);
  for (guint i = 0; infos != NULL && i < infos->len; i++)
    {
      CrMessageInfo *info = infos->pdata[i];
      g_hash_table_insert (by_id, &info->id, info);
    }

  for (guint i = 0; i < n; i++)
    {
      CrMessageInfo *info = g_hash_table_lookup (by_id, &ids[i]);
      g_autoptr(CrMessageInfo) gone = NULL;

      /* Removed since the ids were read: an empty row until the store's
       * change signal, which is on its way, takes it out of the list. */
      if (info == NULL)
        {
          info = gone = cr_message_info_new ();
          gone->id = ids[i];
        }
      g_ptr_array_add (rows, row_for_info (self, info));
    }

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);

  return rows;
}

static GType
cr_message_list_model_get_item_type (GListModel *model)
{
  return CR_TYPE_MESSAGE_ROW;
}

static guint
cr_message_list_model_get_n_items (GListModel *model)
{
  return CR_MESSAGE_LIST_MODEL (model)->ids->len;
}

static gpointer
cr_message_list_model_get_item (GListModel *model,
                                guint       position)
{
  CrMessageListModel *self = CR_MESSAGE_LIST_MODEL (model);
  guint page = position / CR_MESSAGE_LIST_PAGE_SIZE;
  GPtrArray *rows;

  if (position >= self->ids->len)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    rows = load_page (self, page);
  touch_page (self, page);

  return g_object_ref (rows->pdata[position % CR_MESSAGE_LIST_PAGE_SIZE]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cr_message_list_model_get_item_type;
  iface->get_n_items = cr_message_list_model_get_n_items;
  iface->get_item = cr_message_list_model_get_item;
}

/* Rows still alive (held by a view) get the store's current data. */
static void
refresh_live_rows (CrMessageListModel *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) infos = NULL;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  if (ids->len == 0)
    return;

  infos = cr_store_get_messages (self->store, (const gint64 *) (gpointer) ids->data, ids->len, NULL);
  for (guint i = 0; infos != NULL && i < infos->len; i++)
    {
      CrMessageInfo *info = infos->pdata[i];
      CrMessageRow *row = g_hash_table_lookup (self->live, &info->id);

      if (row != NULL)
        cr_message_row_set_info (row, info);
    }
}

/* The one range where the old and new lists differ. A new list (another
 * folder, sort, filter or search) is reported as emptied, then filled:
 * GTK 4.8's list view looks up every added item among the rows it just
 * lost, which for 100,000 rows reads them all. */
static void
replace_ids (CrMessageListModel *self,
             GArray             *ids,
             gboolean            is_new_list)
{
  g_autoptr(GArray) old = self->ids;
  const gint64 *a = (const gint64 *) (gpointer) old->data;
  const gint64 *b = (const gint64 *) (gpointer) ids->data;
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < old->len && prefix < ids->len && a[prefix] == b[prefix])
    prefix++;
  while (suffix < old->len - prefix && suffix < ids->len - prefix &&
         a[old->len - 1 - suffix] == b[ids->len - 1 - suffix])
    suffix++;

  if (is_new_list && old->len > 0 && ids->len > 0)
    {
      self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      drop_pages (self);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, 0);
      g_array_unref (self->ids);
      self->ids = ids;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, ids->len);
      return;
    }

  self->ids = ids;
  drop_pages (self);
  refresh_live_rows (self);

  if (old->len != ids->len || prefix < old->len)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old->len - prefix - suffix,
                                ids->len - prefix - suffix);
}

void
cr_message_list_model_reload (CrMessageListModel *self)
{
  g_return_if_fail (CR_IS_MESSAGE_LIST_MODEL (self));

  replace_ids (self, read_ids (self), FALSE);
}

static void
show_new_list (CrMessageListModel *self)
{
  replace_ids (self, read_ids (self), TRUE);
}

static void
on_store_changed (CrMessageListModel *self,
                  gint64              folder_id,
                  CrStoreChange       change)
{
  if (change == CR_STORE_CHANGE_QUEUE || change == CR_STORE_CHANGE_FOLDERS)
    return;
  if (self->search_text == NULL && folder_id != 0 && folder_id != self->query.folder_id)
    return;

  cr_message_list_model_reload (self);
}

static void
cr_message_list_model_dispose (GObject *object)
{
  CrMessageListModel *self = CR_MESSAGE_LIST_MODEL (object);
  GHashTableIter iter;
  gpointer value;

  drop_pages (self);
  if (self->live != NULL)
    {
      g_hash_table_iter_init (&iter, self->live);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_object_weak_unref (value, row_gone, self);
      g_hash_table_remove_all (self->live);
    }
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cr_message_list_model_parent_class)->dispose (object);
}

static void
cr_message_list_model_finalize (GObject *object)
{
  CrMessageListModel *self = CR_MESSAGE_LIST_MODEL (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->search_account_id, g_free);

  G_OBJECT_CLASS (cr_message_list_model_parent_class)->finalize (object);
}

static void
cr_message_list_model_class_init (CrMessageListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cr_message_list_model_dispose;
  object_class->finalize = cr_message_list_model_finalize;
}

static void
cr_message_list_model_init (CrMessageListModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->query.sort = CR_SORT_DATE;
  self->query.ascending = FALSE;
  g_queue_init (&self->lru);
}

CrMessageListModel *
cr_message_list_model_new (CrStore *store)
{
  CrMessageListModel *self;

  g_return_val_if_fail (CR_IS_STORE (store), NULL);

  self = g_object_new (CR_TYPE_MESSAGE_LIST_MODEL, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);

  return self;
}

/**
 * cr_message_list_model_get_store:
 *
 * Returns: (transfer none): the store the rows come from
 */
CrStore *
cr_message_list_model_get_store (CrMessageListModel *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), NULL);

  return self->store;
}

/* Shows @folder_id (0: nothing) and leaves search mode. */
void
cr_message_list_model_set_folder (CrMessageListModel *self,
                                  gint64              folder_id)
{
  g_return_if_fail (CR_IS_MESSAGE_LIST_MODEL (self));

  self->query.folder_id = folder_id;
  g_clear_pointer (&self->search_text, g_free);
  show_new_list (self);
}

gint64
cr_message_list_model_get_folder (CrMessageListModel *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), 0);

  return self->query.folder_id;
}

void
cr_message_list_model_set_sort (CrMessageListModel *self,
                                CrSortKey           sort,
                                gboolean            ascending)
{
  g_return_if_fail (CR_IS_MESSAGE_LIST_MODEL (self));

  if (self->query.sort == sort && self->query.ascending == ascending)
    return;

  self->query.sort = sort;
  self->query.ascending = ascending;
  show_new_list (self);
}

void
cr_message_list_model_set_filter (CrMessageListModel *self,
                                  CrMessageFilter     filter)
{
  g_return_if_fail (CR_IS_MESSAGE_LIST_MODEL (self));

  if (self->query.filter == filter)
    return;

  self->query.filter = filter;
  show_new_list (self);
}

CrMessageFilter
cr_message_list_model_get_filter (CrMessageListModel *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), CR_MESSAGE_FILTER_NONE);

  return self->query.filter;
}

/**
 * cr_message_list_model_set_search:
 * @account_id: (nullable): the account searched, %NULL for all
 * @folder_id: the folder searched, 0 for all the account's
 * @text: (nullable): the query (words and operators); %NULL or empty goes
 *   back to the folder
 *
 * Search results come newest first, whatever the sort.
 */
void
cr_message_list_model_set_search (CrMessageListModel *self,
                                  const char         *account_id,
                                  gint64              folder_id,
                                  const char         *text)
{
  g_return_if_fail (CR_IS_MESSAGE_LIST_MODEL (self));

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->search_account_id, g_free);
  if (text != NULL && text[0] != '\0')
    {
      self->search_text = g_strdup (text);
      self->search_account_id = g_strdup (account_id);
      self->search_folder_id = folder_id;
    }
  show_new_list (self);
}

gboolean
cr_message_list_model_is_searching (CrMessageListModel *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), FALSE);

  return self->search_text != NULL;
}

gint64
cr_message_list_model_get_id_at (CrMessageListModel *self,
                                 guint               position)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), 0);
  g_return_val_if_fail (position < self->ids->len, 0);

  return g_array_index (self->ids, gint64, position);
}

guint
cr_message_list_model_find (CrMessageListModel *self,
                            gint64              message_id)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == message_id)
      return i;

  return G_MAXUINT;
}
