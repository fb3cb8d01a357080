/* cr-imap-server-search.c — “Rechercher sur le serveur”
 *
 * The local search only knows what was synced (and the text of the bodies
 * that were read). This asks the server the same question: the query is
 * parsed by the store's own parser (cr_store_query_parse(), so both
 * searches understand the same words and operators) and each term becomes
 * an IMAP SEARCH key, sent as UTF-8:
 *
 *   words → TEXT, from: → FROM, to: → OR TO CC, subject: → SUBJECT,
 *   is:unread → UNSEEN, is:read → SEEN, is:flagged → FLAGGED
 *
 * has:attachment has no IMAP key: the headers fetched for the matches
 * carry BODYSTRUCTURE, and the matches without attachment are dropped
 * here. The headers of matches the store lacks are fetched through the
 * sync's own path (the batch writer), so they become ordinary rows. When
 * words may have matched a body, the bodies of the matches are fetched
 * and indexed too, so that the local search — the list the window shows
 * — finds the same messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-imap-header-fetch.h"
#include "cr-imap-server-search.h"
#include "cr-imap-sync-private.h"
#include "cr-mime-message.h"
/* The parsed query: the same parser as the local search, not a copy. */
#include "cr-store-private.h"

/* Bodies fetched per folder so that words found in them are found here
 * too: enough for a page of results, bounded for a slow line. */
#define MAX_BODIES 50

typedef struct
{
  char *path;   /* NULL: every folder of the account */
  char *query;
} SearchOp;

static void
search_op_free (gpointer data)
{
  SearchOp *op = data;

  g_free (op->path);
  g_free (op->query);
  g_free (op);
}

/* The query as SEARCH keys -------------------------------------------- */

static struct mailimap_search_key *
flag_key (int type)
{
  return mailimap_search_key_new (type, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                  NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL,
                                  NULL, NULL, NULL, 0, NULL, NULL, NULL);
}

static struct mailimap_search_key *
term_key (const CrStoreQueryTerm *term)
{
  const char *column = term->column;

  if (column == NULL)
    return mailimap_search_key_new_text (strdup (term->text));
  if (strcmp (column, "sender") == 0)
    return mailimap_search_key_new_from (strdup (term->text));
  if (strcmp (column, "subject") == 0)
    return mailimap_search_key_new_subject (strdup (term->text));

  /* The local "recipients" column holds To and Cc. */
  return mailimap_search_key_new_or (mailimap_search_key_new_to (strdup (term->text)),
                                     mailimap_search_key_new_cc (strdup (term->text)));
}

/**
 * cr_imap_server_search_key:
 * @query: a search as typed in the search bar
 * @out_need_attachment: (out): whether has:attachment was asked
 *
 * Returns: (transfer full) (nullable): the keys, all to match; NULL when
 *   there is nothing to ask the server (an empty query, or has:attachment
 *   alone: every message would have to be fetched)
 */
struct mailimap_search_key *
cr_imap_server_search_key (const char *query,
                           gboolean   *out_need_attachment)
{
  g_autoptr(CrStoreQuery) parsed = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  struct mailimap_search_key *all;

  g_return_val_if_fail (out_need_attachment != NULL, NULL);

  parsed = cr_store_query_parse (query);
  *out_need_attachment = parsed->need_attachment;

  for (guint i = 0; i < parsed->terms->len; i++)
    g_ptr_array_add (keys, term_key (g_ptr_array_index (parsed->terms, i)));
  if ((parsed->need_clear & CR_MESSAGE_FLAG_SEEN) != 0)
    g_ptr_array_add (keys, flag_key (MAILIMAP_SEARCH_KEY_UNSEEN));
  if ((parsed->need_set & CR_MESSAGE_FLAG_SEEN) != 0)
    g_ptr_array_add (keys, flag_key (MAILIMAP_SEARCH_KEY_SEEN));
  if ((parsed->need_set & CR_MESSAGE_FLAG_FLAGGED) != 0)
    g_ptr_array_add (keys, flag_key (MAILIMAP_SEARCH_KEY_FLAGGED));

  if (keys->len == 0)
    return NULL;

  all = mailimap_search_key_new_multiple_empty ();
  for (guint i = 0; i < keys->len; i++)
    mailimap_search_key_multiple_add (all, g_ptr_array_index (keys, i));

  return all;
}

static gboolean
has_words (const char *query)
{
  g_autoptr(CrStoreQuery) parsed = cr_store_query_parse (query);

  for (guint i = 0; i < parsed->terms->len; i++)
    if (((CrStoreQueryTerm *) g_ptr_array_index (parsed->terms, i))->column == NULL)
      return TRUE;

  return FALSE;
}

/* One folder ------------------------------------------------------------ */

static int
compare_uids (gconstpointer a,
              gconstpointer b)
{
  guint32 ua = *(const guint32 *) a, ub = *(const guint32 *) b;

  return ua < ub ? -1 : (ua > ub ? 1 : 0);
}

/* (element-type guint32): the matching UIDs, ascending, the newest
 * CR_IMAP_SERVER_SEARCH_MAX of them. */
static GArray *
search_folder (CrImapSyncRun  *run,
               CrFolderInfo   *folder,
               const char     *query,
               gboolean       *need_attachment,
               GError        **error)
{
  struct mailimap_search_key *key;
  clist *result = NULL;
  GArray *uids;
  int r;

  if ((key = cr_imap_server_search_key (query, need_attachment)) == NULL)
    return g_array_new (FALSE, FALSE, sizeof (guint32));
  if (!cr_imap_sync_run_select (run, folder->path, error))
    {
      mailimap_search_key_free (key);
      return NULL;
    }

  r = mailimap_uid_search (cr_imap_session_get_imap (run->session), "UTF-8", key, &result);
  mailimap_search_key_free (key);
  run->round_trips++;
  if (r != MAILIMAP_NO_ERROR)
    {
      cr_imap_sync_run_set_error (run, r, error);
      return NULL;
    }

  uids = g_array_sized_new (FALSE, FALSE, sizeof (guint32), clist_count (result));
  for (clistiter *it = clist_begin (result); it != NULL; it = clist_next (it))
    g_array_append_val (uids, *(guint32 *) clist_content (it));
  mailimap_search_result_free (result);

  g_array_sort (uids, compare_uids);
  if (uids->len > CR_IMAP_SERVER_SEARCH_MAX)
    g_array_remove_range (uids, 0, uids->len - CR_IMAP_SERVER_SEARCH_MAX);

  return uids;
}

/* The headers of @uids the store does not have, as the sync fetches
 * them: ordinary rows, announced with "changed". */
static gboolean
fetch_missing (CrImapSyncRun  *run,
               CrFolderInfo   *folder,
               GArray         *uids,
               GError        **error)
{
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GHashTable) known = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (guint32));

  if ((stored = cr_store_list_uid_flags (run->store, folder->id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    g_hash_table_add (known, GUINT_TO_POINTER (g_array_index (stored, CrUidFlags, i).uid));
  for (guint i = 0; i < uids->len; i++)
    if (!g_hash_table_contains (known, GUINT_TO_POINTER (g_array_index (uids, guint32, i))))
      g_array_append_val (missing, g_array_index (uids, guint32, i));

  return cr_imap_header_fetch_folder (run, folder, missing, error);
}

/* Words may have matched a body the local index has not seen. */
static gboolean
index_body (CrImapSyncRun  *run,
            CrMessageInfo  *message,
            GError        **error)
{
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(CrMimeMessage) mime = NULL;
  g_autofree char *text = NULL;

  if (message->body_state == CR_BODY_STATE_CACHED)
    raw = cr_store_load_body (run->store, message->id, NULL);
  if (raw == NULL && (raw = cr_imap_sync_run_fetch_body (run, message, error)) == NULL)
    return FALSE;

  mime = cr_mime_message_new_from_bytes (raw, CR_MIME_PARSE_PREFER_PLAIN);
  text = mime != NULL ? cr_mime_message_get_text_for_search (mime) : NULL;
  if (text == NULL || *text == '\0')
    return TRUE;

  return cr_store_index_body_text (run->store, message->id, text, error);
}

static gboolean
search_one (CrImapSyncRun  *run,
            CrFolderInfo   *folder,
            const char     *query,
            GArray         *ids,
            GError        **error)
{
  g_autoptr(GArray) uids = NULL;
  gboolean need_attachment = FALSE;
  gboolean words = has_words (query);
  guint bodies = 0;

  if ((uids = search_folder (run, folder, query, &need_attachment, error)) == NULL)
    return FALSE;
  if (!fetch_missing (run, folder, uids, error))
    return FALSE;

  /* Newest first, like the local search. */
  for (guint i = uids->len; i > 0; i--)
    {
      g_autoptr(CrMessageInfo) message = NULL;

      message = cr_store_lookup_message (run->store, folder->id, g_array_index (uids, guint32, i - 1), NULL);
      if (message == NULL || (need_attachment && !message->has_attachment))
        continue;
      if (words && bodies < MAX_BODIES)
        {
          bodies++;
          if (!index_body (run, message, error))
            return FALSE;
        }
      g_array_append_val (ids, message->id);
    }

  return TRUE;
}

/* The job --------------------------------------------------------------- */

static gpointer
search_job (CrImapSync     *self,
            CrImapSyncRun  *run,
            gpointer        data,
            GError        **error)
{
  SearchOp *op = data;
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (op->path != NULL)
    {
      CrFolderInfo *folder = cr_store_lookup_folder (run->store, run->account_id, op->path, error);

      if (folder == NULL)
        return NULL;
      folders = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_folder_info_unref);
      g_ptr_array_add (folders, folder);
    }
  else if ((folders = cr_store_list_folders (run->store, run->account_id, error)) == NULL)
    return NULL;

  for (guint i = 0; i < folders->len; i++)
    {
      CrFolderInfo *folder = g_ptr_array_index (folders, i);

      if ((folder->flags & (CR_FOLDER_FLAG_NOSELECT | CR_FOLDER_FLAG_LOCAL_ONLY)) != 0)
        continue;
      if (!search_one (run, folder, op->query, ids, error))
        return NULL;
    }

  /* What was fetched becomes searchable here at once. */
  if (!cr_store_flush_index (run->store, error))
    return NULL;

  return g_steal_pointer (&ids);
}

/* Public API ------------------------------------------------------------ */

/**
 * cr_imap_sync_search_server_async:
 * @path: (nullable): a folder's server path, NULL for every folder of
 *   the account
 * @query: a search as the local search understands it
 *
 * Runs UID SEARCH for @query on the server, brings the headers of the
 * matches the store lacks into it (and, when words were asked, indexes
 * the matches' bodies), so that the local search finds them too.
 */
void
cr_imap_sync_search_server_async (CrImapSync          *self,
                                  const char          *path,
                                  const char          *query,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchOp *op;

  g_return_if_fail (CR_IS_IMAP_SYNC (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cr_imap_sync_search_server_async);

  op = g_new0 (SearchOp, 1);
  op->path = g_strdup (path);
  op->query = g_strdup (query);
  cr_imap_sync_queue_job (self, task, search_job, op, search_op_free, (GDestroyNotify) g_array_unref);
}

/**
 * cr_imap_sync_search_server_finish:
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the store
 *   ids of the matching messages, newest first in each folder
 */
GArray *
cr_imap_sync_search_server_finish (CrImapSync    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  GError *local_error = NULL;
  GArray *ids;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cr_imap_sync_search_server_async, NULL);

  ids = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error_literal (&local_error, _("The search on the server failed: "));
      g_propagate_error (error, local_error);
    }

  return ids;
}
