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
 * Grouped by conversation ("threaded"), a position is a conversation or,
 * under an opened one, one of its messages. The array then holds keys:
 * minus the conversation's handle (see cr-store-threads.c), or a message
 * id. A reply that arrives changes its conversation's row in place (the
 * handle stays), and moves it up when the list is by date.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-message-list-model-private.h"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CrMessageListModel, cr_message_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_THREADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
cr_message_list_model_is_threaded (CrMessageListModel *self)
{
  return self->threaded && self->search_text == NULL;
}

/* The position of a row's key (cr_message_row_get_key()), G_MAXUINT
 * when it is not in the list. */
guint
cr_message_list_model_find_key (CrMessageListModel *self,
                                gint64              key)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == key)
      return i;

  return G_MAXUINT;
}

static GArray *
read_ids (CrMessageListModel *self)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = NULL;

  if (self->search_text != NULL)
    ids = cr_store_search (self->store, self->search_account_id, self->search_folder_id,
                           self->search_text, 0, &error);
  else if (self->query.folder_id != 0 && self->threaded)
    ids = cr_message_list_model_read_thread_keys (self, &error);
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
  gint64 id = cr_message_row_get_key ((CrMessageRow *) where_the_object_was);

  g_hash_table_remove (self->live, &id);
}

/* The row of @key, made or updated; @thread is set for a conversation. */
static CrMessageRow *
row_for_key (CrMessageListModel *self,
             gint64              key,
             CrThreadInfo       *thread,
             CrMessageInfo      *info)
{
  CrMessageRow *row = g_hash_table_lookup (self->live, &key);

  if (row != NULL)
    {
      if (thread != NULL && cr_message_row_get_thread (row) != NULL)
        cr_message_row_set_thread (row, thread, info);
      else
        cr_message_row_set_info (row, info);
      return g_object_ref (row);
    }

  row = thread != NULL ? cr_message_row_new_thread (thread, info) : cr_message_row_new (info);
  if (thread != NULL)
    cr_message_row_set_expanded (row, g_hash_table_contains (self->expanded, &thread->thread_id));
  else if (cr_message_list_model_is_threaded (self))
    cr_message_row_set_depth (row, 1);
  g_hash_table_insert (self->live, g_memdup2 (&key, sizeof key), row);
  g_object_weak_ref (G_OBJECT (row), row_gone, self);

  return row;
}

void
cr_message_list_model_drop_pages (CrMessageListModel *self)
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

/* The rows of @keys: messages by id, conversations by handle with their
 * newest message; in two lookup tables by key. */
static void
read_rows (CrMessageListModel *self,
           const gint64       *keys,
           guint               n,
           GHashTable         *infos,
           GHashTable         *threads)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) handles = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) found_threads = NULL;

  for (guint i = 0; i < n; i++)
    {
      gint64 handle = -keys[i];

      if (keys[i] > 0)
        g_array_append_val (ids, keys[i]);
      else
        g_array_append_val (handles, handle);
    }

  if (handles->len > 0)
    found_threads = cr_store_get_threads (self->store, (const gint64 *) (gpointer) handles->data,
                                          handles->len, &error);
  for (guint i = 0; found_threads != NULL && i < found_threads->len; i++)
    {
      CrThreadInfo *thread = found_threads->pdata[i];

      g_hash_table_insert (threads, g_memdup2 (&thread->thread_id, sizeof (gint64)),
                           cr_thread_info_ref (thread));
      g_array_append_val (ids, thread->latest_id);
    }

  if (error == NULL && ids->len > 0)
    found = cr_store_get_messages (self->store, (const gint64 *) (gpointer) ids->data, ids->len, &error);
  if (error != NULL)
    g_warning ("Could not read messages: %s", error->message);
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      CrMessageInfo *info = found->pdata[i];

      /* Replace, not insert: a conversation's newest message may also be
       * on the page as a message, and the key points into the value. */
      g_hash_table_replace (infos, &info->id, cr_message_info_ref (info));
    }
}

static GHashTable *
new_info_table (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                (GDestroyNotify) cr_message_info_unref);
}

static GHashTable *
new_thread_table (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                (GDestroyNotify) cr_thread_info_unref);
}

static GPtrArray *
load_page (CrMessageListModel *self,
           guint               page)
{
  g_autoptr(GHashTable) infos = new_info_table ();
  g_autoptr(GHashTable) threads = new_thread_table ();
  guint start = page * CR_MESSAGE_LIST_PAGE_SIZE;
  guint n = MIN (CR_MESSAGE_LIST_PAGE_SIZE, self->ids->len - start);
  const gint64 *keys = &g_array_index (self->ids, gint64, start);
  GPtrArray *rows = g_ptr_array_new_full (n, g_object_unref);

  read_rows (self, keys, n, infos, threads);
  for (guint i = 0; i < n; i++)
    {
      gint64 handle = -keys[i];
      CrThreadInfo *thread = keys[i] < 0 ? g_hash_table_lookup (threads, &handle) : NULL;
      gint64 id = thread != NULL ? thread->latest_id : keys[i];
      CrMessageInfo *info = g_hash_table_lookup (infos, &id);
      g_autoptr(CrMessageInfo) gone = NULL;

      /* Removed since the ids were read: an empty row until the store's
       * change signal, which is on its way, takes it out of the list. */
      if (info == NULL || (keys[i] < 0 && thread == NULL))
        {
          info = gone = cr_message_info_new ();
          gone->id = keys[i] > 0 ? keys[i] : 0;
          thread = NULL;
        }
      g_ptr_array_add (rows, row_for_key (self, keys[i], thread, info));
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
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) infos = new_info_table ();
  g_autoptr(GHashTable) threads = new_thread_table ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (keys, *(gint64 *) key);
  if (keys->len == 0)
    return;

  read_rows (self, (const gint64 *) (gpointer) keys->data, keys->len, infos, threads);
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 handle = -*(gint64 *) key;
      CrThreadInfo *thread = handle > 0 ? g_hash_table_lookup (threads, &handle) : NULL;
      gint64 id = thread != NULL ? thread->latest_id : -handle;
      CrMessageInfo *info = g_hash_table_lookup (infos, &id);

      if (thread != NULL && info != NULL && cr_message_row_get_thread (value) != NULL)
        cr_message_row_set_thread (value, thread, info);
      else if (handle < 0 && info != NULL)
        cr_message_row_set_info (value, info);
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
      cr_message_list_model_drop_pages (self);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, 0);
      g_array_unref (self->ids);
      self->ids = ids;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, ids->len);
      return;
    }

  self->ids = ids;
  cr_message_list_model_drop_pages (self);
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

  cr_message_list_model_drop_pages (self);
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
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->search_account_id, g_free);

  G_OBJECT_CLASS (cr_message_list_model_parent_class)->finalize (object);
}

static void
cr_message_list_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CrMessageListModel *self = CR_MESSAGE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_THREADED:
      g_value_set_boolean (value, self->threaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_message_list_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CrMessageListModel *self = CR_MESSAGE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_THREADED:
      cr_message_list_model_set_threaded (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cr_message_list_model_class_init (CrMessageListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cr_message_list_model_dispose;
  object_class->finalize = cr_message_list_model_finalize;
  object_class->get_property = cr_message_list_model_get_property;
  object_class->set_property = cr_message_list_model_set_property;

  /* One row per conversation (a search stays a list of messages). */
  properties[PROP_THREADED] =
    g_param_spec_boolean ("threaded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cr_message_list_model_init (CrMessageListModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
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
  g_hash_table_remove_all (self->expanded);
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

/* The message at @position: for a conversation, its newest. */
gint64
cr_message_list_model_get_id_at (CrMessageListModel *self,
                                 guint               position)
{
  g_autoptr(CrMessageRow) row = NULL;
  gint64 key;

  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), 0);
  g_return_val_if_fail (position < self->ids->len, 0);

  key = g_array_index (self->ids, gint64, position);
  if (key > 0)
    return key;
  row = g_list_model_get_item (G_LIST_MODEL (self), position);

  return cr_message_row_get_id (row);
}

/* Where @message_id is shown: its own row, else the row of a conversation
 * that shows it (a closed one, among the rows the view holds). */
guint
cr_message_list_model_find (CrMessageListModel *self,
                            gint64              message_id)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == message_id)
      return i;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (cr_message_row_get_thread (value) != NULL && cr_message_row_get_id (value) == message_id)
      return cr_message_list_model_find_key (self, cr_message_row_get_key (value));

  return G_MAXUINT;
}

void
cr_message_list_model_set_threaded (CrMessageListModel *self,
                                    gboolean            threaded)
{
  g_return_if_fail (CR_IS_MESSAGE_LIST_MODEL (self));

  threaded = !!threaded;
  if (self->threaded == threaded)
    return;

  self->threaded = threaded;
  g_hash_table_remove_all (self->expanded);
  if (self->search_text == NULL)
    show_new_list (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THREADED]);
}

gboolean
cr_message_list_model_get_threaded (CrMessageListModel *self)
{
  g_return_val_if_fail (CR_IS_MESSAGE_LIST_MODEL (self), FALSE);

  return self->threaded;
}
