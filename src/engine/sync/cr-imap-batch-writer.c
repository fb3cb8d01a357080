/* cr-imap-batch-writer.c — header batches written while the next ones
 * are fetched
 *
 * A header sync spends its time in three steps per batch: the UID FETCH
 * (server, and reading the answers), turning the answers into rows, and
 * the store transaction. The first two run on the worker thread with the
 * session, each answer made into a row as soon as it is read
 * (cr-imap-header-fetch.c); this writer thread does the third for
 * the previous batch meanwhile. At most two batches wait, so memory stays
 * bounded by the batch size; batches are written in order, each in one
 * transaction, and finish() waits for the last one, so the folder's sync
 * state still moves only after everything is committed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-imap-batch-writer.h"

#define MAX_WAITING 2

struct _CrImapBatchWriter
{
  CrImapSyncRun *run;
  CrFolderInfo  *folder;
  guint          total;
  GThread       *thread;
  GAsyncQueue   *batches; /* Batch, a NULL result ends the thread */
  GAsyncQueue   *tokens;  /* one per free slot */
  GError        *error;   /* the first failed write; read after join */
  gint           failed;  /* atomic: stop pushing */
};

typedef struct
{
  GPtrArray *infos; /* CrMessageInfo; NULL ends the thread */
  guint      done;
} Batch;

static void
batch_free (Batch *batch)
{
  g_clear_pointer (&batch->infos, g_ptr_array_unref);
  g_free (batch);
}

static void
write_batch (CrImapBatchWriter *self,
             Batch             *batch)
{
  CrImapSyncRun *run = self->run;

  if (!cr_store_upsert_messages (run->store, self->folder->id, batch->infos, &self->error))
    {
      g_atomic_int_set (&self->failed, TRUE);
      return;
    }

  if (run->changed != NULL)
    run->changed (self->folder->id, CR_STORE_CHANGE_ADDED, run->user_data);
  if (run->progress != NULL)
    run->progress (self->folder->path, batch->done, self->total, run->user_data);
}

static gpointer
writer_main (gpointer data)
{
  CrImapBatchWriter *self = data;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (self->batches);
      gboolean last = batch->infos == NULL;

      /* After a failure the rest is dropped, never written out of order. */
      if (!last && self->error == NULL)
        write_batch (self, batch);
      batch_free (batch);

      if (last)
        break;
      g_async_queue_push (self->tokens, GINT_TO_POINTER (1));
    }

  return NULL;
}

/**
 * cr_imap_batch_writer_new:
 * @total: how many messages the whole sync fetches, for progress
 *
 * Returns: (transfer full): a writer with its thread started; end it with
 *   cr_imap_batch_writer_finish()
 */
CrImapBatchWriter *
cr_imap_batch_writer_new (CrImapSyncRun *run,
                          CrFolderInfo  *folder,
                          guint          total)
{
  CrImapBatchWriter *self = g_new0 (CrImapBatchWriter, 1);

  self->run = run;
  self->folder = cr_folder_info_ref (folder);
  self->total = total;
  self->batches = g_async_queue_new ();
  self->tokens = g_async_queue_new ();
  for (guint i = 0; i < MAX_WAITING; i++)
    g_async_queue_push (self->tokens, GINT_TO_POINTER (1));
  self->thread = g_thread_new ("imap-writer", writer_main, self);

  return self;
}

/**
 * cr_imap_batch_writer_push_rows:
 * @rows: (transfer full) (element-type CrMessageInfo): one batch's rows
 * @done: messages fetched so far, this batch included
 *
 * Queues @rows for the writer; waits while two batches are waiting
 * already.
 *
 * Returns: %FALSE when an earlier batch could not be written (the error
 *   then comes from cr_imap_batch_writer_finish(); @rows are freed)
 */
gboolean
cr_imap_batch_writer_push_rows (CrImapBatchWriter *self,
                                GPtrArray         *rows,
                                guint              done)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->infos = rows;
  batch->done = done;

  g_async_queue_pop (self->tokens);

  if (g_atomic_int_get (&self->failed))
    {
      g_async_queue_push (self->tokens, GINT_TO_POINTER (1));
      batch_free (batch);
      return FALSE;
    }

  g_async_queue_push (self->batches, batch);

  return TRUE;
}

/**
 * cr_imap_batch_writer_finish:
 *
 * Waits until every pushed batch is written, ends the thread and frees
 * @self.
 *
 * Returns: %FALSE with @error set if a batch could not be written
 */
gboolean
cr_imap_batch_writer_finish (CrImapBatchWriter  *self,
                             GError            **error)
{
  gboolean ok;

  g_async_queue_push (self->batches, g_new0 (Batch, 1));
  g_thread_join (self->thread);

  ok = self->error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&self->error));

  g_async_queue_unref (self->batches);
  g_async_queue_unref (self->tokens);
  cr_folder_info_unref (self->folder);
  g_free (self);

  return ok;
}
