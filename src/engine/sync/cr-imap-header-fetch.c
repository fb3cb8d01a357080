/* cr-imap-header-fetch.c — header batches fetched as rows, two at a time
 *
 * Each answer becomes a row as soon as it is read, by
 * cr-imap-fetch-reader.c rather than libetpan's parser, which took over
 * half of the worker's CPU (allocations, a global table of its strings,
 * token comparisons; perf, bench-sync). A batch is never all in memory
 * as answers, only as rows.
 *
 * The sync sends the next batch's UID FETCH before it reads the answer
 * to the one before (send, then receive), so that the server works on
 * one while we parse the other: 8–15 % faster on a warm Dovecot
 * (bench-sync). libetpan still sends: the pieces used here are exported
 * by libetpan 1.9.4 but declared only in headers Debian does not install.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-imap-batch-writer.h"
#include "cr-imap-fetch-reader.h"
#include "cr-imap-header-fetch.h"
#include "cr-imap-message.h"

/* libetpan's mailimap_sender.h. */
int mailimap_uid_fetch_send (mailstream                 *fd,
                             struct mailimap_set        *set,
                             struct mailimap_fetch_type *fetch_type);
int mailimap_crlf_send      (mailstream                 *fd);

static void
add_row (const CrImapValue *values,
         guint              list,
         gpointer           user_data)
{
  CrMessageInfo *info = cr_imap_message_from_values (values, list);

  if (info != NULL)
    g_ptr_array_add (user_data, info);
}

static void
drop_row (const CrImapValue *values,
          guint              list,
          gpointer           user_data)
{
}

/**
 * cr_imap_header_fetch_send:
 * @type: cr_imap_message_header_fetch_type()
 * @out_tag: (out): the command's tag, for cr_imap_header_fetch_receive()
 *
 * Sends UID FETCH of @set without waiting for the answer. Every command
 * sent must be received, in order, before any other command is sent.
 *
 * Returns: libetpan's result code
 */
static int
cr_imap_header_fetch_send (mailimap                   *imap,
                           struct mailimap_set        *set,
                           struct mailimap_fetch_type *type,
                           int                        *out_tag)
{
  int r;

  if (imap->imap_state != MAILIMAP_STATE_SELECTED)
    return MAILIMAP_ERROR_BAD_STATE;

  if ((r = mailimap_send_current_tag (imap)) != MAILIMAP_NO_ERROR ||
      (r = mailimap_uid_fetch_send (imap->imap_stream, set, type)) != MAILIMAP_NO_ERROR ||
      (r = mailimap_crlf_send (imap->imap_stream)) != MAILIMAP_NO_ERROR)
    return r;
  if (mailstream_flush (imap->imap_stream) == -1)
    return MAILIMAP_ERROR_STREAM;

  *out_tag = imap->imap_tag;
  return MAILIMAP_NO_ERROR;
}

/**
 * cr_imap_header_fetch_receive:
 * @tag: what cr_imap_header_fetch_send() gave, the oldest not received
 * @out_rows: (out) (transfer full) (element-type CrMessageInfo): the
 *   rows, on success only
 *
 * Reads the answer to the UID FETCH tagged @tag; a refused one (NO) may
 * still bring rows.
 *
 * Returns: libetpan's result code
 */
static int
cr_imap_header_fetch_receive (CrImapFetchReader  *reader,
                              int                 tag,
                              GPtrArray         **out_rows)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_message_info_unref);
  int r = cr_imap_fetch_reader_receive (reader, tag, add_row, rows);

  if (r == MAILIMAP_NO_ERROR || r == MAILIMAP_ERROR_UID_FETCH)
    *out_rows = g_steal_pointer (&rows);
  return r;
}

/* Whole folders ----------------------------------------------------- */

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  guint32 ua = *(const guint32 *) a, ub = *(const guint32 *) b;

  return ua < ub ? 1 : (ua > ub ? -1 : 0);
}

/* A UID set with ranges for the runs of consecutive numbers in @uids
 * (sorted either way). */
static struct mailimap_set *
uid_set (const guint32 *uids,
         guint          n)
{
  struct mailimap_set *set = mailimap_set_new_empty ();
  guint start = 0;

  for (guint i = 1; i <= n; i++)
    {
      gboolean consecutive = i < n &&
        (uids[i] + 1 == uids[i - 1] || uids[i] == uids[i - 1] + 1) &&
        (i - start < 2 || (uids[i] > uids[i - 1]) == (uids[start + 1] > uids[start]));

      if (consecutive)
        continue;

      mailimap_set_add_interval (set, MIN (uids[start], uids[i - 1]), MAX (uids[start], uids[i - 1]));
      start = i;
    }

  return set;
}

/* Sends the UID FETCH of the batch at @i; its tag in @tag. */
static int
send_batch (CrImapSyncRun              *run,
            GArray                     *uids,
            guint                       i,
            guint                       n,
            struct mailimap_fetch_type *type,
            int                        *tag)
{
  struct mailimap_set *set = uid_set (&g_array_index (uids, guint32, i), n);
  int r = cr_imap_header_fetch_send (cr_imap_session_get_imap (run->session), set, type, tag);

  mailimap_set_free (set);
  run->round_trips++;
  return r;
}

/* After a clean NO the session is still in step with the server; after
 * anything else that broke off an answer, it is not. */
static gboolean
in_step_after (int r)
{
  return r == MAILIMAP_NO_ERROR || r == MAILIMAP_ERROR_UID_FETCH;
}

/**
 * cr_imap_header_fetch_folder:
 * @folder: the selected folder
 * @uids: (element-type guint32): the UIDs to fetch; sorted here
 *
 * Newest first, one transaction per batch, announced as it lands; the
 * writer stores a batch while the next one is fetched, and the next
 * batch is asked for before this one is read. A session left out of step
 * with the server (an answer broken off) is closed without a goodbye, so
 * that the next job connects again. A batch the server refused (NO) keeps
 * the messages it did send, and the batches after it are fetched.
 *
 * Returns: %FALSE with @error set when a batch could not be fetched or
 *   written, or was refused; what came before (and, after a refusal,
 *   everything the server sent) is committed
 */
gboolean
cr_imap_header_fetch_folder (CrImapSyncRun  *run,
                             CrFolderInfo   *folder,
                             GArray         *uids,
                             GError        **error)
{
  struct mailimap_fetch_type *type;
  CrImapBatchWriter *writer;
  CrImapFetchReader *reader;
  g_autoptr(GError) fetch_error = NULL;
  guint batch = MAX (run->batch_size, 1);
  gboolean written, in_step;
  int tag = -1;
  int r = MAILIMAP_NO_ERROR;

  if (uids->len == 0)
    return TRUE;

  g_array_sort (uids, (GCompareFunc) (gpointer) compare_newest_first);
  type = cr_imap_message_header_fetch_type ();
  writer = cr_imap_batch_writer_new (run, folder, uids->len);
  reader = cr_imap_fetch_reader_new (cr_imap_session_get_imap (run->session));

  /* Cancelled before anything was asked: nothing is sent. */
  if (!g_cancellable_is_cancelled (run->cancellable))
    r = send_batch (run, uids, 0, MIN (batch, uids->len), type, &tag);
  in_step = r == MAILIMAP_NO_ERROR || r == MAILIMAP_ERROR_BAD_STATE;
  for (guint i = 0; tag >= 0 && r == MAILIMAP_NO_ERROR && i < uids->len; i += batch)
    {
      guint n = MIN (batch, uids->len - i);
      gboolean more = i + n < uids->len && !g_cancellable_is_cancelled (run->cancellable);
      int current = tag;
      int next_r = MAILIMAP_NO_ERROR;
      GPtrArray *rows = NULL;

      if (more)
        next_r = send_batch (run, uids, i + n, MIN (batch, uids->len - i - n), type, &tag);
      r = cr_imap_header_fetch_receive (reader, current, &rows);
      in_step = in_step_after (r) && next_r == MAILIMAP_NO_ERROR;

      /* A refusal (NO) still brings the messages the server could read:
       * they are kept and the batches after it fetched, so that one
       * broken message does not hide the rest of the folder; the first
       * refusal is reported at the end. Its words are taken before the
       * next answer replaces them. */
      if (r == MAILIMAP_ERROR_UID_FETCH)
        {
          if (fetch_error == NULL)
            cr_imap_sync_run_set_error (run, r, &fetch_error);
          r = MAILIMAP_NO_ERROR;
        }
      /* Otherwise never half a batch: one cut short is dropped whole. */
      if (r != MAILIMAP_NO_ERROR)
        {
          g_clear_error (&fetch_error);
          cr_imap_sync_run_set_error (run, r, &fetch_error);
          break;
        }
      if (!cr_imap_batch_writer_push_rows (writer, rows, i + n))
        {
          /* The store's error is the one to tell. The answer on its way
           * is read and dropped, to stay in step. */
          g_clear_error (&fetch_error);
          if (in_step && more)
            in_step = in_step_after (cr_imap_fetch_reader_receive (reader, tag, drop_row, NULL));
          break;
        }
      if (next_r != MAILIMAP_NO_ERROR)
        {
          g_clear_error (&fetch_error);
          r = next_r;
          break;
        }
      if (!more)
        break;
    }
  if (r != MAILIMAP_NO_ERROR && fetch_error == NULL)
    cr_imap_sync_run_set_error (run, r, &fetch_error);
  if (fetch_error == NULL)
    g_cancellable_set_error_if_cancelled (run->cancellable, &fetch_error);

  mailimap_fetch_type_free (type);
  if (!cr_imap_fetch_reader_free (reader) || !in_step)
    cr_session_abandon (CR_SESSION (run->session));

  /* What was fetched is committed before anything is reported. */
  written = cr_imap_batch_writer_finish (writer, fetch_error == NULL ? error : NULL);
  if (fetch_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&fetch_error));
      return FALSE;
    }

  return written;
}

static void
add_flags (const CrImapValue *values,
           guint              list,
           gpointer           user_data)
{
  CrUidFlags flags;

  /* Flags + 1 so that "no flags" is not NULL in the table. */
  if (cr_imap_message_flags_from_values (values, list, &flags))
    g_hash_table_insert (user_data, GUINT_TO_POINTER (flags.uid), GUINT_TO_POINTER (flags.flags + 1));
}

/**
 * cr_imap_header_fetch_flags:
 * @first: the lowest UID asked for
 * @last: the highest
 * @answers: (element-type guint32 guint): filled with UID → flags + 1
 *
 * UID FETCH first:last (UID FLAGS), read as the headers are (libetpan's
 * parser was most of a flags scan's time). A session left out of step is
 * closed without a goodbye, after the error is taken from it.
 *
 * Returns: %FALSE with @error set when the server refused or the
 *   connection failed
 */
gboolean
cr_imap_header_fetch_flags (CrImapSyncRun  *run,
                            guint32         first,
                            guint32         last,
                            GHashTable     *answers,
                            GError        **error)
{
  mailimap *imap = cr_imap_session_get_imap (run->session);
  struct mailimap_fetch_type *type;
  struct mailimap_set *set;
  CrImapFetchReader *reader;
  gboolean in_step;
  int tag = -1;
  int r;

  if (imap == NULL)
    return cr_imap_sync_run_set_error (run, MAILIMAP_ERROR_STREAM, error);

  type = cr_imap_message_flags_fetch_type (FALSE);
  set = mailimap_set_new_interval (first, last);
  reader = cr_imap_fetch_reader_new (imap);
  r = cr_imap_header_fetch_send (imap, set, type, &tag);
  in_step = r == MAILIMAP_NO_ERROR || r == MAILIMAP_ERROR_BAD_STATE;
  if (r == MAILIMAP_NO_ERROR)
    {
      run->round_trips++;
      r = cr_imap_fetch_reader_receive (reader, tag, add_flags, answers);
      in_step = in_step_after (r);
    }
  if (r != MAILIMAP_NO_ERROR)
    cr_imap_sync_run_set_error (run, r, error);
  if (!cr_imap_fetch_reader_free (reader) || !in_step)
    cr_session_abandon (CR_SESSION (run->session));
  mailimap_set_free (set);
  mailimap_fetch_type_free (type);

  return r == MAILIMAP_NO_ERROR;
}
