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

/* Batches ------------------------------------------------------------ */

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

/* Messages the server closes the connection over ----------------------
 *
 * Dovecot, by default, answers a message it cannot read (a damaged file)
 * with "* BYE FETCH failed" and closes the connection: every sync would
 * stop at the same batch. So the batch a BYE cut is remembered; the next
 * fetch of the folder asks for its messages last, one at a time, and the
 * one the server closes the connection over then is left out, for as long
 * as the program runs (the worker keeps this, per folder and UIDVALIDITY). A BYE in a
 * batch of several may belong to the next batch in flight: then that one
 * is suspected on the following round. */

typedef struct
{
  char       *path;         /* the folder, as the server knows it, */
  guint32     uidvalidity;  /* and its UIDVALIDITY: the UIDs are theirs */
  GHashTable *suspect;      /* UIDs of a batch a BYE cut */
  GHashTable *skip;         /* UIDs a BYE cut alone, twice suspected */
} Trouble;

static void
trouble_free (Trouble *trouble)
{
  g_free (trouble->path);
  g_hash_table_unref (trouble->suspect);
  g_hash_table_unref (trouble->skip);
  g_free (trouble);
}

/**
 * cr_imap_header_fetch_trouble_new:
 *
 * Returns: (transfer full): what a worker keeps for #CrImapSyncRun:fetch_trouble
 */
GHashTable *
cr_imap_header_fetch_trouble_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) trouble_free);
}

/* The selected folder's UIDVALIDITY, as the server says it now. */
static guint32
selected_uidvalidity (CrImapSyncRun *run)
{
  mailimap *imap = cr_imap_session_get_imap (run->session);

  return imap != NULL && imap->imap_selection_info != NULL ? imap->imap_selection_info->sel_uidvalidity : 0;
}

/* What is known of @folder, whose UIDVALIDITY is @uidvalidity now;
 * forgotten when its UIDs are no longer the same ones (a new UIDVALIDITY,
 * another folder with its id). */
static Trouble *
trouble_of (CrImapSyncRun *run,
            CrFolderInfo  *folder,
            guint32        uidvalidity,
            gboolean       create)
{
  Trouble *trouble;

  if (run->fetch_trouble == NULL)
    return NULL;
  trouble = g_hash_table_lookup (run->fetch_trouble, &folder->id);
  if (trouble != NULL && (trouble->uidvalidity != uidvalidity || g_strcmp0 (trouble->path, folder->path) != 0))
    {
      g_hash_table_remove (run->fetch_trouble, &folder->id);
      trouble = NULL;
    }
  if (trouble != NULL || !create)
    return trouble;

  trouble = g_new0 (Trouble, 1);
  trouble->path = g_strdup (folder->path);
  trouble->uidvalidity = uidvalidity;
  trouble->suspect = g_hash_table_new (NULL, NULL);
  trouble->skip = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (run->fetch_trouble, g_memdup2 (&folder->id, sizeof folder->id), trouble);

  return trouble;
}

/**
 * cr_imap_header_fetch_left_out:
 * @folder: a folder
 * @uidvalidity: its UIDVALIDITY on the server now
 *
 * Returns: how many of its messages are left out because the server
 *   closes the connection over them: the store holds that many fewer
 *   than the server says it has
 */
guint
cr_imap_header_fetch_left_out (CrImapSyncRun *run,
                               CrFolderInfo  *folder,
                               guint32        uidvalidity)
{
  Trouble *trouble = trouble_of (run, folder, uidvalidity, FALSE);

  return trouble != NULL ? g_hash_table_size (trouble->skip) : 0;
}

/* Takes the messages left out from @uids, and moves the suspects to
 * @suspects. */
static void
set_aside (Trouble *trouble,
           GArray  *uids,
           GArray  *suspects)
{
  guint kept = 0;

  for (guint i = 0; i < uids->len; i++)
    {
      guint32 uid = g_array_index (uids, guint32, i);
      gpointer key = GUINT_TO_POINTER (uid);

      if (g_hash_table_contains (trouble->skip, key))
        continue;
      if (g_hash_table_contains (trouble->suspect, key))
        g_array_append_val (suspects, uid);
      else
        g_array_index (uids, guint32, kept++) = uid;
    }
  g_array_set_size (uids, kept);
}

/* A BYE while the batch @uids[0..n) was being read. Its messages become
 * suspects; a suspect asked for alone (@alone: one command, nothing else
 * in flight) that brings a BYE again is left out. Any other BYE (the
 * server shutting down, an idle timeout) only costs a round of single
 * fetches. */
static void
note_bye (CrImapSyncRun *run,
          CrFolderInfo  *folder,
          const guint32 *uids,
          guint          n,
          gboolean       alone)
{
  Trouble *trouble = trouble_of (run, folder, selected_uidvalidity (run), TRUE);

  if (trouble == NULL)
    return;
  if (!alone || n != 1 || !g_hash_table_remove (trouble->suspect, GUINT_TO_POINTER (uids[0])))
    {
      for (guint i = 0; i < n; i++)
        g_hash_table_add (trouble->suspect, GUINT_TO_POINTER (uids[i]));
      return;
    }

  g_message ("%s: the server closes the connection over message %u; it is left out", folder->path, uids[0]);
  g_hash_table_add (trouble->skip, GUINT_TO_POINTER (uids[0]));
}

/* Whole folders ----------------------------------------------------- */

typedef struct
{
  CrImapSyncRun              *run;
  CrFolderInfo               *folder;
  CrImapBatchWriter          *writer;
  CrImapFetchReader          *reader;
  struct mailimap_fetch_type *type;
  GError                     *error;    /* the first refusal, or what stopped it all */
  gboolean                    in_step;
  guint                       done;     /* messages of the passes before */
} Fetch;

/* Fetches @uids (newest first) in batches of @batch, the next one asked
 * for before this one is read.
 *
 * Returns: %FALSE when it had to stop (connection, store, cancelled);
 *   after a refusal it goes on, with @fetch->error set */
static gboolean
fetch_pass (Fetch    *fetch,
            GArray   *uids,
            guint     batch,
            gboolean  alone)
{
  CrImapSyncRun *run = fetch->run;
  int tag = -1;
  int r = MAILIMAP_NO_ERROR;

  if (uids->len == 0)
    return TRUE;
  /* Cancelled before anything was asked: nothing is sent. */
  if (g_cancellable_is_cancelled (run->cancellable))
    return FALSE;

  r = send_batch (run, uids, 0, MIN (batch, uids->len), fetch->type, &tag);
  fetch->in_step = r == MAILIMAP_NO_ERROR || r == MAILIMAP_ERROR_BAD_STATE;
  for (guint i = 0; r == MAILIMAP_NO_ERROR && i < uids->len; i += batch)
    {
      guint n = MIN (batch, uids->len - i);
      gboolean more = i + n < uids->len && !g_cancellable_is_cancelled (run->cancellable);
      int current = tag;
      int next_r = MAILIMAP_NO_ERROR;
      GPtrArray *rows = NULL;

      if (more)
        next_r = send_batch (run, uids, i + n, MIN (batch, uids->len - i - n), fetch->type, &tag);
      r = cr_imap_header_fetch_receive (fetch->reader, current, &rows);
      fetch->in_step = in_step_after (r) && next_r == MAILIMAP_NO_ERROR;

      /* A refusal (NO) still brings the messages the server could read:
       * they are kept and the batches after it fetched, so that one
       * broken message does not hide the rest of the folder; the first
       * refusal is reported at the end. Its words are taken before the
       * next answer replaces them. */
      if (r == MAILIMAP_ERROR_UID_FETCH)
        {
          if (fetch->error == NULL)
            cr_imap_sync_run_set_error (run, r, &fetch->error);
          r = MAILIMAP_NO_ERROR;
        }
      /* Otherwise never half a batch: one cut short is dropped whole. */
      if (r != MAILIMAP_NO_ERROR)
        {
          if (r == MAILIMAP_ERROR_FATAL)
            note_bye (run, fetch->folder, &g_array_index (uids, guint32, i), n, alone);
          g_clear_error (&fetch->error);
          cr_imap_sync_run_set_error (run, r, &fetch->error);
          return FALSE;
        }
      if (!cr_imap_batch_writer_push_rows (fetch->writer, rows, fetch->done + i + n))
        {
          /* The store's error is the one to tell. The answer on its way
           * is read and dropped, to stay in step. */
          g_clear_error (&fetch->error);
          if (fetch->in_step && more)
            fetch->in_step = in_step_after (cr_imap_fetch_reader_receive (fetch->reader, tag, drop_row, NULL));
          return FALSE;
        }
      if (next_r != MAILIMAP_NO_ERROR)
        {
          r = next_r;
          break;
        }
      if (!more)
        {
          fetch->done += i + n;
          return !g_cancellable_is_cancelled (run->cancellable);
        }
    }

  /* A command that could not be sent. */
  g_clear_error (&fetch->error);
  cr_imap_sync_run_set_error (run, r, &fetch->error);
  return FALSE;
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
 * Messages of a batch a BYE cut come last, one at a time (see above).
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
  Trouble *trouble = trouble_of (run, folder, selected_uidvalidity (run), FALSE);
  g_autoptr(GArray) suspects = g_array_new (FALSE, FALSE, sizeof (guint32));
  Fetch fetch = { .run = run, .folder = folder, .in_step = TRUE };
  gboolean written;

  if (trouble != NULL)
    set_aside (trouble, uids, suspects);
  if (uids->len == 0 && suspects->len == 0)
    return TRUE;

  g_array_sort (uids, (GCompareFunc) (gpointer) compare_newest_first);
  g_array_sort (suspects, (GCompareFunc) (gpointer) compare_newest_first);
  fetch.type = cr_imap_message_header_fetch_type ();
  fetch.writer = cr_imap_batch_writer_new (run, folder, uids->len + suspects->len);
  fetch.reader = cr_imap_fetch_reader_new (cr_imap_session_get_imap (run->session));

  /* The suspects one command at a time, not two in flight: Dovecot may
   * start the next command before the last one's answer is out, and its
   * BYE would then cut the wrong answer. */
  if (fetch_pass (&fetch, uids, MAX (run->batch_size, 1), FALSE))
    for (guint i = 0; i < suspects->len; i++)
      {
        g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (guint32));

        g_array_append_val (one, g_array_index (suspects, guint32, i));
        if (!fetch_pass (&fetch, one, 1, TRUE))
          break;
        /* Fetched: no longer suspect. */
        g_hash_table_remove (trouble->suspect, GUINT_TO_POINTER (g_array_index (suspects, guint32, i)));
      }
  if (fetch.error == NULL)
    g_cancellable_set_error_if_cancelled (run->cancellable, &fetch.error);

  mailimap_fetch_type_free (fetch.type);
  if (!cr_imap_fetch_reader_free (fetch.reader) || !fetch.in_step)
    {
      cr_session_abandon (CR_SESSION (run->session));
      /* Closed: the steps after this one must not use the session. */
      if (fetch.error == NULL)
        cr_imap_sync_run_set_error (run, MAILIMAP_ERROR_STREAM, &fetch.error);
    }

  /* What was fetched is committed before anything is reported. */
  written = cr_imap_batch_writer_finish (fetch.writer, fetch.error == NULL ? error : NULL);
  if (fetch.error != NULL)
    {
      g_propagate_error (error, fetch.error);
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
    {
      cr_session_abandon (CR_SESSION (run->session));
      if (r == MAILIMAP_NO_ERROR)
        {
          cr_imap_sync_run_set_error (run, MAILIMAP_ERROR_STREAM, error);
          r = MAILIMAP_ERROR_STREAM;
        }
    }
  mailimap_set_free (set);
  mailimap_fetch_type_free (type);

  return r == MAILIMAP_NO_ERROR;
}
