/* cr-imap-replay.c — local-first operations replayed to the IMAP server
 *
 * The store already shows each change; here the queued operations are
 * sent as UID STORE, UID MOVE (or UID COPY + STORE \Deleted + expunge
 * when the server has no MOVE), UID COPY, expunges and APPEND.
 *
 * The server wins. When it refuses an operation (NO: the folder is gone,
 * the message too) or a moved message has no new UID (COPYUID says it
 * was not there any more), the operation is done with and the folders
 * it touched are synced again, so the store shows what the server has.
 * Only a broken connection or the store stops the replay: what is not
 * done stays queued and is replayed, once, by the next run. Replaying an
 * operation twice (its answer lost with the connection) is harmless:
 * flags are set, not toggled, and a UID already moved is not there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cr-imap-replay.h"
#include "cr-net-error.h"

typedef struct
{
  CrImapSyncRun *run;
  GHashTable    *resync;   /* folder ids to sync again */
  GHashTable    *new_uids; /* store id → uid given by an earlier move of this run */
} Replay;

static mailimap *
imap (CrImapSyncRun *run)
{
  return cr_imap_session_get_imap (run->session);
}

static int
compare_uid (gconstpointer a,
             gconstpointer b)
{
  guint32 ua = *(const guint32 *) a, ub = *(const guint32 *) b;

  return ua < ub ? -1 : (ua > ub ? 1 : 0);
}

/* Ranges for the runs of consecutive UIDs. */
static struct mailimap_set *
uid_set (GArray *uids)
{
  g_autoptr(GArray) sorted = g_array_copy (uids);
  struct mailimap_set *set = mailimap_set_new_empty ();
  guint start = 0;

  g_array_sort (sorted, compare_uid);
  for (guint i = 1; i <= sorted->len; i++)
    {
      if (i < sorted->len &&
          g_array_index (sorted, guint32, i) <= g_array_index (sorted, guint32, i - 1) + 1)
        continue;
      mailimap_set_add_interval (set, g_array_index (sorted, guint32, start),
                                 g_array_index (sorted, guint32, i - 1));
      start = i;
    }

  return set;
}

static void
add_keyword (struct mailimap_flag_list *list,
             const char                *keyword)
{
  /* libetpan frees it with free(). */
  mailimap_flag_list_add (list, mailimap_flag_new_flag_keyword (strdup (keyword)));
}

static struct mailimap_flag_list *
flag_list (CrMessageFlags flags)
{
  struct mailimap_flag_list *list = mailimap_flag_list_new_empty ();

  if (flags & CR_MESSAGE_FLAG_SEEN)
    mailimap_flag_list_add (list, mailimap_flag_new_seen ());
  if (flags & CR_MESSAGE_FLAG_ANSWERED)
    mailimap_flag_list_add (list, mailimap_flag_new_answered ());
  if (flags & CR_MESSAGE_FLAG_FLAGGED)
    mailimap_flag_list_add (list, mailimap_flag_new_flagged ());
  if (flags & CR_MESSAGE_FLAG_DELETED)
    mailimap_flag_list_add (list, mailimap_flag_new_deleted ());
  if (flags & CR_MESSAGE_FLAG_DRAFT)
    mailimap_flag_list_add (list, mailimap_flag_new_draft ());
  if (flags & CR_MESSAGE_FLAG_FORWARDED)
    add_keyword (list, "$Forwarded");
  if (flags & CR_MESSAGE_FLAG_JUNK)
    add_keyword (list, "$Junk");

  return list;
}

static gboolean
store_flags (CrImapSyncRun   *run,
             GArray          *uids,
             CrMessageFlags   flags,
             gboolean         add,
             GError         **error)
{
  struct mailimap_flag_list *list = flag_list (flags);
  struct mailimap_store_att_flags *att;
  struct mailimap_set *set = uid_set (uids);
  int r;

  att = add ? mailimap_store_att_flags_new_add_flags_silent (list)
            : mailimap_store_att_flags_new_remove_flags_silent (list);
  r = mailimap_uid_store (imap (run), set, att);
  run->round_trips++;
  mailimap_store_att_flags_free (att);
  mailimap_set_free (set);

  if (r != MAILIMAP_NO_ERROR)
    return cr_imap_sync_run_set_error (run, r, error);

  return TRUE;
}

/* UID EXPUNGE removes only these; a bare EXPUNGE (no UIDPLUS) also
 * removes what another client marked \Deleted, as it meant to. */
static gboolean
expunge (CrImapSyncRun  *run,
         GArray         *uids,
         GError        **error)
{
  int r;

  if (uids->len > 0 && mailimap_has_uidplus (imap (run)))
    {
      struct mailimap_set *set = uid_set (uids);

      r = mailimap_uid_expunge (imap (run), set);
      mailimap_set_free (set);
    }
  else
    {
      r = mailimap_expunge (imap (run));
    }
  run->round_trips++;

  if (r != MAILIMAP_NO_ERROR)
    return cr_imap_sync_run_set_error (run, r, error);

  return TRUE;
}

static gboolean
delete_uids (CrImapSyncRun  *run,
             GArray         *uids,
             GError        **error)
{
  if (uids->len > 0 && !store_flags (run, uids, CR_MESSAGE_FLAG_DELETED, TRUE, error))
    return FALSE;

  return expunge (run, uids, error);
}

/* COPYUID's two sets, in the same order, as source UID → new UID. */
static GHashTable *
copyuid_map (struct mailimap_set *source,
             struct mailimap_set *dest)
{
  GHashTable *map = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) to = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint k = 0;

  if (source == NULL || dest == NULL)
    return map;

  for (clistiter *it = clist_begin (dest->set_list); it != NULL; it = clist_next (it))
    {
      struct mailimap_set_item *item = clist_content (it);

      for (guint32 uid = item->set_first; uid <= item->set_last && uid != 0; uid++)
        g_array_append_val (to, uid);
    }
  for (clistiter *it = clist_begin (source->set_list); it != NULL; it = clist_next (it))
    {
      struct mailimap_set_item *item = clist_content (it);

      for (guint32 uid = item->set_first; uid <= item->set_last && uid != 0 && k < to->len; uid++)
        g_hash_table_insert (map, GUINT_TO_POINTER (uid), GUINT_TO_POINTER (g_array_index (to, guint32, k++)));
    }

  return map;
}

/* Returns (transfer full): source UID → new UID, empty when the server
 * gave no COPYUID. */
static GHashTable *
copy_or_move (CrImapSyncRun  *run,
              GArray         *uids,
              const char     *target,
              gboolean        move,
              GError        **error)
{
  struct mailimap_set *set = uid_set (uids);
  struct mailimap_set *source = NULL, *dest = NULL;
  gboolean native_move = move && cr_imap_session_has_capability (run->session, "MOVE");
  uint32_t uidvalidity = 0;
  GHashTable *map;
  int r;

  if (native_move)
    r = mailimap_uidplus_uid_move (imap (run), set, target, &uidvalidity, &source, &dest);
  else
    r = mailimap_uidplus_uid_copy (imap (run), set, target, &uidvalidity, &source, &dest);
  run->round_trips++;
  mailimap_set_free (set);

  if (r != MAILIMAP_NO_ERROR)
    {
      cr_imap_sync_run_set_error (run, r, error);
      return NULL;
    }

  map = copyuid_map (source, dest);
  g_clear_pointer (&source, mailimap_set_free);
  g_clear_pointer (&dest, mailimap_set_free);

  if (move && !native_move && !delete_uids (run, uids, error))
    {
      g_hash_table_unref (map);
      return NULL;
    }

  return map;
}

/* Gives the moved rows their new UIDs; rows the server did not move
 * (gone meanwhile) are removed and the target synced again. */
static gboolean
record_moved (Replay         *replay,
              CrOperation    *op,
              GArray         *uids,
              GArray         *ids,
              GHashTable     *map,
              GError        **error)
{
  CrStore *store = replay->run->store;
  g_autoptr(GArray) unmoved = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      guint32 uid = GPOINTER_TO_UINT (g_hash_table_lookup (map, GUINT_TO_POINTER (g_array_index (uids, guint32, i))));
      g_autoptr(CrMessageInfo) row = cr_store_get_message (store, id, NULL);

      /* A later move of this run needs it even if the row went on. */
      if (uid != 0)
        g_hash_table_insert (replay->new_uids, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (uid));

      /* Moved again or removed here since: the later operation says. */
      if (row == NULL || row->folder_id != op->target_folder_id || row->uid != 0)
        continue;

      if (uid == 0)
        g_array_append_val (unmoved, id);
      else if (!cr_store_set_message_uid (store, id, uid, error))
        return FALSE;
    }

  if (unmoved->len == 0)
    return TRUE;

  g_hash_table_add (replay->resync, g_memdup2 (&op->target_folder_id, sizeof (gint64)));
  return cr_store_remove_messages (store, (const gint64 *) (gpointer) unmoved->data, unmoved->len, error);
}

/* The UIDs the server knows, and the store ids they belong to. A row
 * moved by an earlier operation of this run has its new UID by now. */
static void
known_uids (Replay      *replay,
            CrOperation *op,
            GArray      *uids,
            GArray      *ids)
{
  for (guint i = 0; i < op->uids->len; i++)
    {
      guint32 uid = g_array_index (op->uids, guint32, i);
      gint64 id = i < op->message_ids->len ? g_array_index (op->message_ids, gint64, i) : 0;

      if (uid == 0 && id != 0)
        uid = GPOINTER_TO_UINT (g_hash_table_lookup (replay->new_uids, &id));
      if (uid == 0)
        continue;
      g_array_append_val (uids, uid);
      g_array_append_val (ids, id);
    }
}

/* The server did not move these rows (it refused the move, or a row
 * was moved again before its first move gave it a UID, in an earlier
 * run: then where it is on the server is not known here). The server
 * wins: the rows still waiting in the target go, and the source is
 * synced again; the store's count no longer matching the server's, the
 * sync compares every UID and brings them back where the server has
 * them. */
static gboolean
forget_moved (Replay       *replay,
              CrOperation  *op,
              gboolean      only_unknown,
              GError      **error)
{
  CrStore *store = replay->run->store;

  for (guint i = 0; i < op->uids->len && i < op->message_ids->len; i++)
    {
      gint64 id = g_array_index (op->message_ids, gint64, i);
      g_autoptr(CrMessageInfo) row = NULL;

      if (only_unknown &&
          (g_array_index (op->uids, guint32, i) != 0 || g_hash_table_contains (replay->new_uids, &id)))
        continue;
      row = cr_store_get_message (store, id, NULL);
      if (row == NULL || row->folder_id != op->target_folder_id || row->uid != 0)
        continue;
      if (!cr_store_remove_messages (store, &id, 1, error))
        return FALSE;
    }
  g_hash_table_add (replay->resync, g_memdup2 (&op->folder_id, sizeof (gint64)));

  return TRUE;
}

static gboolean
append_message (Replay        *replay,
                CrOperation   *op,
                CrFolderInfo  *folder,
                GError       **error)
{
  CrImapSyncRun *run = replay->run;

  for (guint i = 0; i < op->message_ids->len; i++)
    {
      gint64 id = g_array_index (op->message_ids, gint64, i);
      g_autoptr(CrMessageInfo) row = cr_store_get_message (run->store, id, NULL);
      g_autoptr(GBytes) raw = NULL;
      struct mailimap_flag_list *flags;
      uint32_t uidvalidity = 0, uid = 0;
      gsize size;
      const char *data;
      int r;

      /* Removed here before it reached the server. */
      if (row == NULL || row->uid != 0 || (raw = cr_store_load_body (run->store, id, NULL)) == NULL)
        continue;

      data = g_bytes_get_data (raw, &size);
      flags = flag_list (row->flags & ~CR_MESSAGE_FLAG_DELETED);
      r = mailimap_uidplus_append (imap (run), folder->path, flags, NULL, data, size, &uidvalidity, &uid);
      mailimap_flag_list_free (flags);
      run->round_trips++;
      if (r != MAILIMAP_NO_ERROR)
        return cr_imap_sync_run_set_error (run, r, error);
      if (uid != 0 && !cr_store_set_message_uid (run->store, id, uid, error))
        return FALSE;
      if (uid == 0)
        {
          /* No APPENDUID: the next sync brings it with its UID. */
          if (!cr_store_remove_messages (run->store, &id, 1, error))
            return FALSE;
          g_hash_table_add (replay->resync, g_memdup2 (&folder->id, sizeof (gint64)));
        }
    }

  return TRUE;
}

static gboolean
replay_move (Replay        *replay,
             CrOperation   *op,
             GArray        *uids,
             GArray        *ids,
             GError       **error)
{
  g_autoptr(CrFolderInfo) target = NULL;
  g_autoptr(GHashTable) map = NULL;
  gboolean move = op->kind == CR_OPERATION_MOVE;

  target = cr_store_get_folder (replay->run->store, op->target_folder_id, NULL);
  if (target == NULL)
    {
      /* The target went (and its rows with it): the server keeps them
       * where they were. */
      g_hash_table_add (replay->resync, g_memdup2 (&op->folder_id, sizeof (gint64)));
      return TRUE;
    }

  if ((map = copy_or_move (replay->run, uids, target->path, move, error)) == NULL)
    return FALSE;

  if (!move)
    {
      /* The copies are new rows: the target's sync brings them. */
      g_hash_table_add (replay->resync, g_memdup2 (&target->id, sizeof (gint64)));
      return TRUE;
    }

  return record_moved (replay, op, uids, ids, map, error);
}

static gboolean
replay_one (Replay       *replay,
            CrOperation  *op,
            GError      **error)
{
  CrImapSyncRun *run = replay->run;
  g_autoptr(CrFolderInfo) folder = NULL;
  g_autoptr(GArray) uids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* The folder is gone from the store, so from the server too. */
  if ((folder = cr_store_get_folder (run->store, op->folder_id, NULL)) == NULL)
    return TRUE;
  if (op->kind == CR_OPERATION_APPEND)
    return append_message (replay, op, folder, error);

  if (op->kind == CR_OPERATION_MOVE && !forget_moved (replay, op, TRUE, error))
    return FALSE;
  known_uids (replay, op, uids, ids);
  if (uids->len == 0 && op->kind != CR_OPERATION_EXPUNGE)
    return TRUE;
  if (!cr_imap_sync_run_select (run, folder->path, error))
    return FALSE;

  switch (op->kind)
    {
    case CR_OPERATION_SET_FLAGS:
    case CR_OPERATION_CLEAR_FLAGS:
      return store_flags (run, uids, op->flags, op->kind == CR_OPERATION_SET_FLAGS, error);
    case CR_OPERATION_MOVE:
    case CR_OPERATION_COPY:
      return replay_move (replay, op, uids, ids, error);
    case CR_OPERATION_DELETE:
    case CR_OPERATION_EXPUNGE:
      return delete_uids (run, uids, error);
    case CR_OPERATION_APPEND:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
resync_folders (Replay  *replay,
                GError **error)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, replay->resync);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(CrFolderInfo) folder = cr_store_get_folder (replay->run->store, *(gint64 *) key, NULL);
      g_autoptr(GError) local_error = NULL;

      if (folder == NULL || cr_imap_sync_run_folder (replay->run, folder, &local_error))
        continue;
      if (!g_error_matches (local_error, CR_NET_ERROR, CR_NET_ERROR_SERVER_ERROR))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
complete (CrStore      *store,
          CrOperation  *op,
          GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  /* Taken back meanwhile (an undo): nothing left to do. */
  if (cr_store_complete_operation (store, op->id, &local_error) ||
      g_error_matches (local_error, CR_STORE_ERROR, CR_STORE_ERROR_NOT_FOUND))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * cr_imap_replay_run:
 *
 * Replays the account's due operations, each completed once the server
 * has it (or refused it: then its folders are synced again).
 */
gboolean
cr_imap_replay_run (CrImapSyncRun  *run,
                    GError        **error)
{
  g_autoptr(GPtrArray) ops = NULL;
  Replay replay = { run, NULL, NULL };
  gboolean ok = TRUE;

  ops = cr_store_peek_operations (run->store, run->account_id, G_MAXUINT,
                                  g_get_real_time () / G_USEC_PER_SEC, error);
  if (ops == NULL)
    return FALSE;
  if (ops->len == 0)
    return TRUE;

  replay.resync = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  replay.new_uids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; ok && i < ops->len; i++)
    {
      CrOperation *op = g_ptr_array_index (ops, i);
      g_autoptr(GError) local_error = NULL;

      if (!replay_one (&replay, op, &local_error))
        {
          if (!g_error_matches (local_error, CR_NET_ERROR, CR_NET_ERROR_SERVER_ERROR))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
              break;
            }
          /* Refused: the server wins. */
          g_debug ("operation %" G_GINT64_FORMAT " refused: %s", op->id, local_error->message);
          g_hash_table_add (replay.resync, g_memdup2 (&op->folder_id, sizeof (gint64)));
          if (op->target_folder_id != 0)
            g_hash_table_add (replay.resync, g_memdup2 (&op->target_folder_id, sizeof (gint64)));
          if (op->kind == CR_OPERATION_MOVE && !forget_moved (&replay, op, FALSE, error))
            {
              ok = FALSE;
              break;
            }
        }
      ok = complete (run->store, op, error);
    }

  if (ok)
    ok = resync_folders (&replay, error);

  g_hash_table_unref (replay.resync);
  g_hash_table_unref (replay.new_uids);

  return ok;
}
