/* cr-imap-sync-bodies.c — raw messages from the server: one on demand,
 * or the recent ones for reading offline
 *
 * Always BODY.PEEK[]: fetching must not mark a message read, only the
 * person does. libetpan keeps a whole FETCH answer in memory while it
 * parses it, so bodies come in small groups and a big message in
 * CR_IMAP_BODY_CHUNK pieces (BODY.PEEK[]<offset.length>).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-imap-sync-run.h"

/* Bodies per UID FETCH of an offline download, and bytes at most. */
#define GROUP_COUNT 50
#define GROUP_BYTES (2 * 1024 * 1024)
/* Beyond this a message is refused: it would not fit in memory anyway. */
#define BODY_MAX_BYTES (512 * 1024 * 1024)
/* Rows read from the store at a time while looking for missing bodies. */
#define PAGE_SIZE 500

static mailimap *
imap (CrImapSyncRun *run)
{
  return cr_imap_session_get_imap (run->session);
}

typedef void (*BodyFunc) (guint32     uid,
                          const char *data,
                          gsize       length,
                          gpointer    user_data);

/* Runs one UID FETCH of a body section and hands each answer over. */
static gboolean
fetch_sections (CrImapSyncRun         *run,
                struct mailimap_set   *set,
                struct mailimap_fetch_att *section_att,
                BodyFunc               func,
                gpointer               user_data,
                GError               **error)
{
  struct mailimap_fetch_type *type = mailimap_fetch_type_new_fetch_att_list_empty ();
  clist *result = NULL;
  int r;

  mailimap_fetch_type_new_fetch_att_list_add (type, mailimap_fetch_att_new_uid ());
  mailimap_fetch_type_new_fetch_att_list_add (type, section_att);
  r = mailimap_uid_fetch (imap (run), set, type, &result);
  mailimap_fetch_type_free (type);
  mailimap_set_free (set);
  run->round_trips++;

  if (r != MAILIMAP_NO_ERROR)
    return cr_imap_sync_run_set_error (run, r, error);

  for (clistiter *it = clist_begin (result); it != NULL; it = clist_next (it))
    {
      struct mailimap_msg_att *att = clist_content (it);
      struct mailimap_msg_att_body_section *body = NULL;
      guint32 uid = 0;

      for (clistiter *i = clist_begin (att->att_list); i != NULL; i = clist_next (i))
        {
          struct mailimap_msg_att_item *item = clist_content (i);

          if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
            continue;
          if (item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_UID)
            uid = item->att_data.att_static->att_data.att_uid;
          else if (item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_BODY_SECTION)
            body = item->att_data.att_static->att_data.att_body_section;
        }

      if (uid != 0 && body != NULL)
        func (uid, body->sec_body_part != NULL ? body->sec_body_part : "", body->sec_length, user_data);
    }

  mailimap_fetch_list_free (result);

  return TRUE;
}

typedef struct
{
  guint32     uid;
  GByteArray *data;
  gboolean    answered;
  gsize       last_length;
} OneBody;

static void
collect_one (guint32     uid,
             const char *data,
             gsize       length,
             gpointer    user_data)
{
  OneBody *one = user_data;

  if (uid != one->uid)
    return;

  g_byte_array_append (one->data, (const guint8 *) data, length);
  one->answered = TRUE;
  one->last_length = length;
}

static GBytes *
fetch_whole_or_pieces (CrImapSyncRun  *run,
                       guint32         uid,
                       gint64          size,
                       GError        **error)
{
  g_autoptr(GByteArray) data = g_byte_array_sized_new (MIN (size, CR_IMAP_BODY_CHUNK));
  OneBody one = { uid, data, FALSE, 0 };

  if (size <= CR_IMAP_BODY_CHUNK)
    {
      struct mailimap_section *section = mailimap_section_new (NULL);

      if (!fetch_sections (run, mailimap_set_new_single (uid),
                           mailimap_fetch_att_new_body_peek_section (section),
                           collect_one, &one, error))
        return NULL;
    }
  else
    {
      /* Piece by piece until a short (or empty) piece says it is all. */
      do
        {
          struct mailimap_section *section;

          if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
            return NULL;
          if (data->len > BODY_MAX_BYTES)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                           _("The message is too large to be downloaded."));
              return NULL;
            }

          one.answered = FALSE;
          section = mailimap_section_new (NULL);
          if (!fetch_sections (run, mailimap_set_new_single (uid),
                               mailimap_fetch_att_new_body_peek_section_partial (section, data->len,
                                                                                 CR_IMAP_BODY_CHUNK),
                               collect_one, &one, error))
            return NULL;
        }
      while (one.answered && one.last_length == CR_IMAP_BODY_CHUNK);
    }

  if (!one.answered && data->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The message is no longer on the server."));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/**
 * cr_imap_sync_run_fetch_body:
 * @message: a stored message with its UID
 *
 * Fetches the raw message without setting \Seen and keeps it in the
 * store's body cache.
 *
 * Returns: (transfer full) (nullable): the raw message
 */
GBytes *
cr_imap_sync_run_fetch_body (CrImapSyncRun  *run,
                             CrMessageInfo  *message,
                             GError        **error)
{
  g_autoptr(CrFolderInfo) folder = NULL;
  g_autoptr(GBytes) raw = NULL;

  if (message->uid == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The message is not on the server yet."));
      return NULL;
    }

  if ((folder = cr_store_get_folder (run->store, message->folder_id, error)) == NULL)
    return NULL;
  if (!cr_imap_sync_run_select (run, folder->path, error))
    return NULL;
  if ((raw = fetch_whole_or_pieces (run, message->uid, message->size, error)) == NULL)
    return NULL;
  if (!cr_store_save_body (run->store, message->id, raw, error))
    return NULL;

  if (run->changed != NULL)
    run->changed (folder->id, CR_STORE_CHANGE_UPDATED, run->user_data);

  return g_steal_pointer (&raw);
}

typedef struct
{
  CrImapSyncRun *run;
  GHashTable    *ids;      /* uid → store id */
  GError        *error;
  guint          saved;
} Group;

static void
save_one (guint32     uid,
          const char *data,
          gsize       length,
          gpointer    user_data)
{
  Group *group = user_data;
  g_autoptr(GBytes) raw = NULL;
  gpointer id;

  if (group->error != NULL || !g_hash_table_lookup_extended (group->ids, GUINT_TO_POINTER (uid), NULL, &id))
    return;

  raw = g_bytes_new (data, length);
  if (cr_store_save_body (group->run->store, *(gint64 *) id, raw, &group->error))
    group->saved++;
}

static gboolean
flush_group (CrImapSyncRun  *run,
             GHashTable     *ids,
             GArray         *uids,
             guint          *saved,
             GError        **error)
{
  Group group = { run, ids, NULL, 0 };
  struct mailimap_set *set;

  if (uids->len == 0)
    return TRUE;

  set = mailimap_set_new_empty ();
  for (guint i = 0; i < uids->len; i++)
    mailimap_set_add_single (set, g_array_index (uids, guint32, i));

  if (!fetch_sections (run, set, mailimap_fetch_att_new_body_peek_section (mailimap_section_new (NULL)),
                       save_one, &group, error))
    return FALSE;

  *saved += group.saved;
  g_hash_table_remove_all (ids);
  g_array_set_size (uids, 0);

  if (group.error != NULL)
    {
      g_propagate_error (error, group.error);
      return FALSE;
    }

  return TRUE;
}

/**
 * cr_imap_sync_run_download:
 * @folder: a selectable folder from the store
 * @since: Unix time; messages dated before are left on the server (0:
 *   every message)
 *
 * Keeps the folder's recent messages offline, newest first, in groups of
 * at most GROUP_COUNT messages or GROUP_BYTES bytes; bigger messages one
 * by one, in pieces.
 */
gboolean
cr_imap_sync_run_download (CrImapSyncRun  *run,
                           CrFolderInfo   *folder,
                           gint64          since,
                           GError        **error)
{
  CrMessageQuery query = { folder->id, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_NONE };
  g_autoptr(GHashTable) ids = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GArray) uids = g_array_new (FALSE, FALSE, sizeof (guint32));
  gint64 after = 0;
  gsize group_bytes = 0;
  guint saved = 0;
  guint total = 0;
  gboolean done = FALSE;

  if (!cr_store_get_counts (run->store, folder->id, &total, NULL, error))
    return FALSE;
  if (!cr_imap_sync_run_select (run, folder->path, error))
    return FALSE;

  while (!done)
    {
      g_autoptr(GPtrArray) page = cr_store_list_messages_after (run->store, &query, after, PAGE_SIZE, error);

      if (page == NULL)
        return FALSE;
      if (page->len == 0)
        break;

      for (guint i = 0; i < page->len && !done; i++)
        {
          CrMessageInfo *info = g_ptr_array_index (page, i);

          after = info->id;
          if (since != 0 && info->date < since)
            done = TRUE;
          else if (info->body_state == CR_BODY_STATE_CACHED || info->uid == 0)
            continue;
          else if (info->size > CR_IMAP_BODY_CHUNK)
            {
              g_autoptr(GBytes) raw = cr_imap_sync_run_fetch_body (run, info, error);

              if (raw == NULL)
                return FALSE;
              saved++;
            }
          else
            {
              g_hash_table_insert (ids, GUINT_TO_POINTER (info->uid), g_memdup2 (&info->id, sizeof info->id));
              g_array_append_val (uids, info->uid);
              group_bytes += info->size;

              if (uids->len >= GROUP_COUNT || group_bytes >= GROUP_BYTES)
                {
                  if (g_cancellable_set_error_if_cancelled (run->cancellable, error) ||
                      !flush_group (run, ids, uids, &saved, error))
                    return FALSE;
                  group_bytes = 0;
                  if (run->progress != NULL)
                    run->progress (folder->path, MIN (saved, total), total, run->user_data);
                }
            }
        }
    }

  if (!flush_group (run, ids, uids, &saved, error))
    return FALSE;

  if (saved > 0 && run->changed != NULL)
    run->changed (folder->id, CR_STORE_CHANGE_UPDATED, run->user_data);

  return TRUE;
}
