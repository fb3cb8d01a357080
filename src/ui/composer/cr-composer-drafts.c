/* cr-composer-drafts.c — the composer's draft: saved two seconds after
 * the last change (on disk at once, then to the account's Brouillons on
 * a worker thread), marked open while the window is, released to
 * Brouillons when the window closes, discarded once sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-composer-window-private.h"

#define DRAFT_DELAY_SECONDS 2

typedef enum
{
  DRAFT_UPLOAD,
  DRAFT_RELEASE,
  DRAFT_DISCARD,
} DraftJob;

typedef struct
{
  CrDrafts  *drafts;
  CrContext *context;
  CrAccount *account;
  char      *key;
  DraftJob   job;
} DraftTask;

static void
draft_task_free (DraftTask *task)
{
  g_clear_object (&task->drafts);
  g_clear_object (&task->context);
  g_clear_object (&task->account);
  g_free (task->key);
  g_free (task);
}

static void
draft_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DraftTask *data = task_data;
  const char *password = g_object_get_data (G_OBJECT (task), "password");
  GError *error = NULL;
  gboolean ok;

  if (data->job == DRAFT_UPLOAD)
    ok = cr_drafts_upload_sync (data->drafts, data->context, data->account, password, data->key, cancellable, &error);
  else if (data->job == DRAFT_RELEASE)
    ok = cr_drafts_release_sync (data->drafts, data->context, data->account, password, data->key, cancellable, &error);
  else
    ok = cr_drafts_discard_sync (data->drafts, data->context, data->account, password, data->key, cancellable, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_draft_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The draft is safe on disk whatever the server said; it is uploaded
   * again at the next save. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("Draft on the server: %s", error->message);
}

static void
on_draft_password (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(CrPassword) password = cr_secrets_lookup_finish (CR_SECRETS (source), result, NULL);
  DraftTask *data = g_task_get_task_data (task);

  /* Without a password a POP3 account still has its local Brouillons;
   * an IMAP draft stays on disk (pending) until the next save or start. */
  if (password != NULL)
    g_object_set_data_full (G_OBJECT (task), "password", g_strdup (password), g_free);
  if (password == NULL && cr_server_get_protocol (cr_account_get_incoming (data->account)) != CR_PROTOCOL_POP3 &&
      data->job != DRAFT_DISCARD)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no password for %s",
                               cr_account_get_id (data->account));
      return;
    }
  g_task_run_in_thread (task, draft_thread);
}

static void
run_draft_job (CrDrafts   *drafts,
               CrContext  *context,
               CrAccount  *account,
               const char *key,
               DraftJob    job)
{
  GTask *task = g_task_new (NULL, NULL, on_draft_done, NULL);
  DraftTask *data = g_new0 (DraftTask, 1);

  g_task_set_source_tag (task, run_draft_job);
  data->drafts = g_object_ref (drafts);
  data->context = g_object_ref (context);
  data->account = g_object_ref (account);
  data->key = g_strdup (key);
  data->job = job;
  g_task_set_task_data (task, data, (GDestroyNotify) draft_task_free);
  cr_secrets_lookup_async (cr_context_get_secrets (context), account,
                           cr_account_get_incoming (account), NULL, on_draft_password, task);
}

static gboolean
save_draft (gpointer user_data)
{
  CrComposerWindow *self = user_data;
  g_autoptr(CrMessageBuilder) builder = cr_composer_window_dup_builder (self);
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GError) error = NULL;
  CrAccount *account = cr_composer_window_get_account (self);

  self->draft_timeout = 0;
  if (account == NULL || self->sent_id != NULL)
    return G_SOURCE_REMOVE;

  /* Open first: a crash from now on leaves a draft to offer back. */
  raw = cr_message_builder_build (builder, FALSE, &error);
  if (raw == NULL || !cr_drafts_mark_open (self->drafts, self->draft_key, &error) ||
      !cr_drafts_save_local (self->drafts, self->draft_key, cr_account_get_id (account), raw, &error))
    {
      gtk_label_set_text (self->status, error->message);
      return G_SOURCE_REMOVE;
    }
  self->draft_saved = TRUE;
  run_draft_job (self->drafts, self->context, account, self->draft_key, DRAFT_UPLOAD);
  return G_SOURCE_REMOVE;
}

void
cr_composer_window_schedule_draft (CrComposerWindow *self)
{
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_timeout = g_timeout_add_seconds (DRAFT_DELAY_SECONDS, save_draft, self);
}

void
cr_composer_window_flush_draft (CrComposerWindow *self)
{
  if (self->draft_timeout == 0)
    return;
  /* Saved now, so not again from the timer: at dispose it would fire on
   * a window that is gone. */
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  save_draft (self);
}

void
cr_composer_window_discard_draft (CrComposerWindow *self,
                                  CrAccount        *account)
{
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  run_draft_job (self->drafts, self->context, account, self->draft_key, DRAFT_DISCARD);
  cr_drafts_mark_closed (self->drafts, self->draft_key);
  self->draft_saved = FALSE;
}

void
cr_composer_window_close_draft (CrComposerWindow *self)
{
  CrAccount *account;

  if (self->drafts == NULL)
    return;
  cr_drafts_mark_closed (self->drafts, self->draft_key);
  account = cr_composer_window_get_account (self);
  if (self->draft_saved && account != NULL)
    run_draft_job (self->drafts, self->context, account, self->draft_key, DRAFT_RELEASE);
  self->draft_saved = FALSE;
}

/* Restoring after a crash ------------------------------------------------- */

/* Drafts closed while the server could not be reached go to Brouillons
 * now (and leave the disk); they stay pending while it still cannot. */
static void
release_pending (CrContext *context,
                 CrDrafts  *drafts)
{
  g_autoptr(GPtrArray) keys = cr_drafts_list_pending (drafts);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *account_id = NULL;
      g_autoptr(GBytes) raw = cr_drafts_load (drafts, key, &account_id, NULL);
      CrAccount *account = NULL;

      if (account_id != NULL)
        account = cr_account_manager_lookup (cr_context_get_account_manager (context), account_id);
      if (account != NULL)
        run_draft_job (drafts, context, account, key, DRAFT_RELEASE);
    }
}

GPtrArray *
cr_composer_window_restore_drafts (CrContext   *context,
                                   CrSendQueue *queue)
{
  g_autoptr(CrDrafts) drafts = cr_drafts_new (cr_context_get_paths (context));
  g_autoptr(GPtrArray) keys = cr_drafts_list_crashed (drafts);
  GPtrArray *composers = g_ptr_array_new ();

  release_pending (context, drafts);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autoptr(CrMessageBuilder) builder = NULL;
      g_autoptr(GError) error = NULL;
      CrComposerWindow *composer;

      builder = cr_drafts_load_builder (drafts, key, NULL, &error);
      if (builder == NULL)
        {
          g_warning ("Draft %s cannot be restored: %s", key, error->message);
          continue;
        }
      /* The same key: what is typed now replaces that draft, here and in
       * Brouillons, and it is this window's from now on. */
      composer = cr_composer_window_new_restored (context, queue, builder, key);
      composer->draft_saved = TRUE;
      if (!cr_drafts_mark_open (composer->drafts, key, &error))
        g_debug ("Draft %s: %s", key, error->message);
      g_ptr_array_add (composers, composer);
    }
  return composers;
}
