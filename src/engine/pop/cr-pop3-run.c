/* cr-pop3-run.c — one check of a POP3 account, on the calling thread
 *
 * The order never changes: RETR, then the raw messages durable on disk
 * and their rows and UIDLs committed together (cr_store_add_local_messages
 * with synchronous=FULL), and only then DELE, which the server applies at
 * QUIT. A crash or a cut before the commit leaves no UIDL: the message is
 * downloaded again. A cut after it leaves the UIDL: it is recognised and
 * never stored twice. A cut before QUIT deletes nothing on the server.
 *
 * Speed comes from batching, not from weakening that order: RETRs are
 * pipelined when the server offers PIPELINING, and a batch of messages
 * costs two filesystem syncs and one database sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-pop3-listing.h"
#include "cr-pop3-local.h"
#include "cr-pop3-message.h"
#include "cr-pop3-run.h"
#include "cr-pop3-wire.h"

/* RETRs in flight: each is a few bytes, so the server never waits for
 * us to read before it can take the next one. */
#define RETR_WINDOW       64
/* A batch is made durable once it holds this many bytes, whatever its
 * count, so that memory stays bounded with large messages. */
#define BATCH_MAX_BYTES   (16 * 1024 * 1024)
#define DEFAULT_BATCH     500
#define SECONDS_PER_DAY   (24 * 60 * 60)

typedef struct
{
  CrPop3Run    *run;
  CrPop3Wire   *wire;
  const char   *host;
  gint64        inbox_id;
  gboolean      pipelining;
  GPtrArray    *ops;         /* queued DELETEs, read before known */
  GHashTable   *known;       /* uidl → CrPopUidl, before this check */
  GHashTable   *downloaded;  /* uidls stored by this check (set) */
  GPtrArray    *batch_infos;
  GPtrArray    *batch_raws;
  GPtrArray    *batch_uidls;
  GPtrArray    *batch_texts;
  gsize         batch_bytes;
  guint         total;
} Check;

static void
check_clear (Check *check)
{
  g_clear_pointer (&check->wire, cr_pop3_wire_free);
  g_clear_pointer (&check->ops, g_ptr_array_unref);
  g_clear_pointer (&check->known, g_hash_table_unref);
  g_clear_pointer (&check->downloaded, g_hash_table_unref);
  g_clear_pointer (&check->batch_infos, g_ptr_array_unref);
  g_clear_pointer (&check->batch_raws, g_ptr_array_unref);
  g_clear_pointer (&check->batch_uidls, g_ptr_array_unref);
  g_clear_pointer (&check->batch_texts, g_ptr_array_unref);
}

static void
report_progress (Check *check)
{
  if (check->run->progress != NULL)
    check->run->progress (g_hash_table_size (check->downloaded), check->total,
                          check->run->progress_data);
}

static gboolean
load_known (Check   *check,
            GError **error)
{
  g_autoptr(GPtrArray) uidls = cr_store_list_pop_uidls (check->run->store,
                                                        cr_account_get_id (check->run->account),
                                                        error);

  if (uidls == NULL)
    return FALSE;

  check->known = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) cr_pop_uidl_free);
  for (guint i = 0; i < uidls->len; i++)
    {
      CrPopUidl *copy = cr_pop_uidl_copy (g_ptr_array_index (uidls, i));

      g_hash_table_insert (check->known, copy->uidl, copy);
    }

  return TRUE;
}

static void
reset_batch (Check *check)
{
  g_ptr_array_set_size (check->batch_infos, 0);
  g_ptr_array_set_size (check->batch_raws, 0);
  g_ptr_array_set_size (check->batch_uidls, 0);
  g_ptr_array_set_size (check->batch_texts, 0);
  check->batch_bytes = 0;
}

/* Headers and search text are read before the commit, so that a stored
 * message is complete in the list at once. */
static gboolean
commit_batch (Check   *check,
              GError **error)
{
  CrStore *store = check->run->store;
  gint64 received = check->run->now;

  if (check->batch_raws->len == 0)
    return TRUE;

  for (guint i = 0; i < check->batch_raws->len; i++)
    {
      char *text = NULL;

      g_ptr_array_add (check->batch_infos,
                       cr_pop3_message_info_new (g_ptr_array_index (check->batch_raws, i),
                                                 received, &text));
      g_ptr_array_add (check->batch_texts, text);
    }
  g_ptr_array_add (check->batch_uidls, NULL);

  if (!cr_store_add_local_messages (store, check->inbox_id, check->batch_infos, check->batch_raws,
                                    (const char * const *) check->batch_uidls->pdata, error))
    return FALSE;

  for (guint i = 0; i < check->batch_infos->len; i++)
    {
      CrMessageInfo *info = g_ptr_array_index (check->batch_infos, i);
      const char *text = g_ptr_array_index (check->batch_texts, i);

      g_autoptr(GError) index_error = NULL;

      g_hash_table_add (check->downloaded, g_strdup (g_ptr_array_index (check->batch_uidls, i)));
      /* The message is safe already; its search text is a comfort that
       * must not stop the download. */
      if (text != NULL && *text != '\0' &&
          !cr_store_index_body_text (store, info->id, text, &index_error))
        g_warning ("Could not index the text of a message from %s: %s",
                   check->host, index_error->message);
    }

  reset_batch (check);
  report_progress (check);

  return TRUE;
}

static gboolean
receive_one (Check        *check,
             CrPop3Entry  *entry,
             GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean refused = FALSE;
  GBytes *raw;

  if (!cr_pop3_wire_read_status (check->wire, &refused, &local_error))
    {
      /* Another client deleted it since LIST: nothing to keep. */
      if (refused)
        {
          g_info ("POP3 server %s refused RETR %u: %s", check->host, entry->number,
                  local_error->message);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  raw = cr_pop3_wire_read_multiline (check->wire, error);
  if (raw == NULL)
    return FALSE;

  check->batch_bytes += g_bytes_get_size (raw);
  g_ptr_array_add (check->batch_raws, raw);
  g_ptr_array_add (check->batch_uidls, g_strdup (entry->uidl));

  return TRUE;
}

static gboolean
download (Check          *check,
          GPtrArray      *wanted,
          GCancellable   *cancellable,
          GError        **error)
{
  guint window = check->pipelining ? RETR_WINDOW : 1;
  guint batch_size = check->run->batch_size > 0 ? check->run->batch_size : DEFAULT_BATCH;
  guint sent = 0;

  check->total = wanted->len;
  report_progress (check);

  for (guint got = 0; got < wanted->len; got++)
    {
      for (; sent < wanted->len && sent < got + window; sent++)
        if (!cr_pop3_wire_send (check->wire, error, "RETR %u",
                                ((CrPop3Entry *) g_ptr_array_index (wanted, sent))->number))
          return FALSE;
      if (!cr_pop3_wire_flush (check->wire, error))
        return FALSE;

      /* What arrived so far is kept: a cancelled check loses no work. */
      if (g_cancellable_is_cancelled (cancellable) ||
          !receive_one (check, g_ptr_array_index (wanted, got), error))
        {
          g_autoptr(GError) commit_error = NULL;

          if (!commit_batch (check, &commit_error))
            g_warning ("Could not keep the messages downloaded from %s: %s",
                       check->host, commit_error->message);
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return FALSE;
        }

      if (check->batch_raws->len >= batch_size || check->batch_bytes >= BATCH_MAX_BYTES)
        if (!commit_batch (check, error))
          return FALSE;
    }

  return commit_batch (check, error);
}

/* Whether the options of the account call for deleting @entry now. Only a
 * message whose UIDL is committed is ever deleted. */
static gboolean
should_delete (Check       *check,
               CrPop3Entry *entry,
               gboolean     deleted_here_pending)
{
  CrAccount *account = check->run->account;
  CrPopUidl *known = g_hash_table_lookup (check->known, entry->uidl);
  guint days = cr_account_get_delete_after_days (account);

  if (known == NULL)
    return !cr_account_get_leave_on_server (account) &&
           g_hash_table_contains (check->downloaded, entry->uidl);

  if (!cr_account_get_leave_on_server (account))
    return TRUE;
  if (days > 0 && known->first_seen + (gint64) days * SECONDS_PER_DAY <= check->run->now)
    return TRUE;

  return deleted_here_pending && known->message_id == 0 &&
         cr_account_get_delete_when_deleted_here (account);
}

static GPtrArray *
pending_deletes (Check   *check,
                 GError **error)
{
  g_autoptr(GPtrArray) ops = cr_store_peek_operations (check->run->store,
                                                       cr_account_get_id (check->run->account),
                                                       G_MAXUINT, G_MAXINT64, error);

  if (ops == NULL)
    return NULL;
  for (guint i = ops->len; i > 0; i--)
    if (((CrOperation *) g_ptr_array_index (ops, i - 1))->kind != CR_OPERATION_DELETE)
      g_ptr_array_remove_index (ops, i - 1);

  return g_steal_pointer (&ops);
}

/* Reads the answer to one DELE. A refusal (another client deleted it
 * first) is not a failure: that message is simply not recorded. */
static gboolean
read_dele (Check      *check,
           GPtrArray  *deleted,
           guint       index,
           GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean refused = FALSE;

  if (cr_pop3_wire_read_status (check->wire, &refused, &local_error))
    return TRUE;
  if (!refused)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_info ("POP3 server %s refused DELE of %s: %s", check->host,
          (const char *) g_ptr_array_index (deleted, index), local_error->message);
  g_ptr_array_index (deleted, index) = NULL;

  return TRUE;
}

/* Pipelined DELEs, then QUIT: the server deletes only when QUIT says
 * +OK, and only then does the store record it. */
static gboolean
delete_and_quit (Check      *check,
                 GPtrArray  *entries,
                 GPtrArray  *ops,
                 guint      *out_deleted,
                 GError    **error)
{
  g_autoptr(GPtrArray) deleted = g_ptr_array_new ();
  g_autoptr(GPtrArray) recorded = g_ptr_array_new ();
  const char *account_id = cr_account_get_id (check->run->account);

  for (guint i = 0; i < entries->len; i++)
    {
      CrPop3Entry *entry = g_ptr_array_index (entries, i);

      if (!should_delete (check, entry, ops->len > 0))
        continue;
      if (!cr_pop3_wire_send (check->wire, error, "DELE %u", entry->number))
        return FALSE;
      g_ptr_array_add (deleted, entry->uidl);
      if (!check->pipelining &&
          (!cr_pop3_wire_flush (check->wire, error) ||
           !read_dele (check, deleted, deleted->len - 1, error)))
        return FALSE;
    }

  if (!cr_pop3_wire_send (check->wire, error, "QUIT") ||
      !cr_pop3_wire_flush (check->wire, error))
    return FALSE;
  if (check->pipelining)
    for (guint i = 0; i < deleted->len; i++)
      if (!read_dele (check, deleted, i, error))
        return FALSE;
  if (!cr_pop3_wire_read_status (check->wire, NULL, error))
    return FALSE;

  for (guint i = 0; i < deleted->len; i++)
    if (g_ptr_array_index (deleted, i) != NULL)
      g_ptr_array_add (recorded, g_ptr_array_index (deleted, i));
  *out_deleted = recorded->len;
  g_ptr_array_add (recorded, NULL);
  if (recorded->len > 1 &&
      !cr_store_mark_pop_deleted (check->run->store, account_id,
                                  (const char * const *) recorded->pdata, error))
    return FALSE;

  for (guint i = 0; i < ops->len; i++)
    if (!cr_store_complete_operation (check->run->store,
                                      ((CrOperation *) g_ptr_array_index (ops, i))->id, error))
      return FALSE;

  return TRUE;
}

/* UIDLs of messages deleted on the server and no longer listed are of
 * no use; others are kept, so that a message hidden for a while is not
 * downloaded twice when it comes back. */
static gboolean
forget_gone (Check      *check,
             GPtrArray  *entries,
             GError    **error)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < entries->len; i++)
    g_hash_table_add (listed, ((CrPop3Entry *) g_ptr_array_index (entries, i))->uidl);

  g_hash_table_iter_init (&iter, check->known);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      CrPopUidl *uidl = value;

      if (uidl->deleted_on_server && !g_hash_table_contains (listed, uidl->uidl))
        g_ptr_array_add (gone, uidl->uidl);
    }
  if (gone->len == 0)
    return TRUE;
  g_ptr_array_add (gone, NULL);

  return cr_store_forget_pop_uidls (check->run->store, cr_account_get_id (check->run->account),
                                    (const char * const *) gone->pdata, error);
}

static gboolean
run_check (Check            *check,
           CrPop3RunResult  *result,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();

  entries = cr_pop3_listing_read (check->wire, check->host, check->pipelining, cancellable, error);
  if (entries == NULL)
    return FALSE;
  result->on_server = entries->len;

  for (guint i = 0; i < entries->len; i++)
    {
      CrPop3Entry *entry = g_ptr_array_index (entries, i);

      if (!g_hash_table_contains (check->known, entry->uidl))
        g_ptr_array_add (wanted, entry);
    }

  if (!download (check, wanted, cancellable, error))
    return FALSE;
  result->downloaded = g_hash_table_size (check->downloaded);
  if (!cr_store_flush_index (check->run->store, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!delete_and_quit (check, entries, check->ops, &result->deleted, error))
    return FALSE;

  return forget_gone (check, entries, error);
}

gboolean
cr_pop3_run_check (CrPop3Run        *run,
                   CrPop3RunResult  *out_result,
                   GCancellable     *cancellable,
                   GError          **error)
{
  CrPop3RunResult result = { 0 };
  Check check = { 0 };
  mailpop3 *pop3;
  gboolean ok;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (CR_IS_POP3_SESSION (run->session), FALSE);

  pop3 = cr_pop3_session_get_pop3 (run->session);
  g_return_val_if_fail (pop3 != NULL, FALSE);

  check.run = run;
  check.host = cr_server_get_host (cr_session_get_server (CR_SESSION (run->session)));
  check.pipelining = cr_pop3_session_has_capability (run->session, "PIPELINING");
  check.downloaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  check.batch_infos = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  check.batch_raws = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  check.batch_uidls = g_ptr_array_new_with_free_func (g_free);
  check.batch_texts = g_ptr_array_new_with_free_func (g_free);
  check.wire = cr_pop3_wire_new (pop3->pop3_stream, check.host);

  check.inbox_id = cr_pop3_local_ensure_folders (run->store, cr_account_get_id (run->account), error);
  /* The queue before the UIDLs: see remove_for_good() in cr-pop3-local.c. */
  ok = check.inbox_id != 0 && (check.ops = pending_deletes (&check, error)) != NULL &&
       load_known (&check, error) && run_check (&check, &result, cancellable, error);

  check_clear (&check);
  cr_session_disconnect (CR_SESSION (run->session));

  if (out_result != NULL)
    *out_result = result;

  return ok;
}
