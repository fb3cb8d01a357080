/* cr-sync-scheduler-mail.c — which messages are new mail to announce
 *
 * New mail is the account's unread INBOX rows stored since the last
 * look: rows are numbered as they are stored, so those past the newest
 * seen came since. A check's end looks, and so does a quiet moment after
 * push (IDLE) stored rows between two checks, so that mail is announced
 * at once and not at the next check, minutes later. The first check
 * brings the whole mailbox: it only sets the mark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cr-sync-scheduler-private.h"

/* Push stores in batches that come close together. */
#define PUSH_SETTLE_MS 300

/* The ids of the unread messages of the account's INBOX (new mail is
 * unread: the set stays small however big the folder). */
static GArray *
list_unread_inbox (Entry *entry)
{
  CrSyncScheduler *self = entry->scheduler;
  g_autoptr(CrFolderInfo) inbox = NULL;
  CrMessageQuery query = { 0, CR_SORT_DATE, FALSE, CR_MESSAGE_FILTER_UNREAD };

  inbox = cr_store_lookup_folder_by_role (self->store, cr_account_get_id (entry->account),
                                          CR_FOLDER_ROLE_INBOX, NULL);
  if (inbox == NULL)
    return NULL;
  query.folder_id = inbox->id;

  return cr_store_list_message_ids (self->store, &query, NULL);
}

/**
 * cr_sync_scheduler_announce_new_mail:
 *
 * Emits CrSyncScheduler::new-mail for the unread INBOX rows past the
 * mark (not before the first check has ended), then moves the mark.
 */
void
cr_sync_scheduler_announce_new_mail (Entry *entry)
{
  g_autoptr(GArray) ids = list_unread_inbox (entry);
  gint64 newest = entry->inbox_seen;

  for (guint i = 0; ids != NULL && i < ids->len && entry_is_live (entry); i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (id > entry->inbox_seen && entry->checks > 0)
        cr_sync_scheduler_emit_new_mail (entry, id);
      newest = MAX (newest, id);
    }
  entry->inbox_seen = newest;
}

static gboolean
announce_pushed (gpointer data)
{
  Entry *entry = data;

  entry->push_id = 0;
  /* Otherwise the check's end announces it. */
  if (!entry->running)
    cr_sync_scheduler_announce_new_mail (entry);

  return G_SOURCE_REMOVE;
}

static void
on_imap_changed (CrImapSync *sync,
                 gint64      folder_id,
                 guint       change,
                 Entry      *entry)
{
  if ((change & CR_STORE_CHANGE_ADDED) == 0 || entry->running || entry->checks == 0)
    return;

  g_clear_handle_id (&entry->push_id, g_source_remove);
  entry->push_id = g_timeout_add (PUSH_SETTLE_MS, announce_pushed, entry);
}

/* The timer is removed with the entry's other sources in entry_detach(),
 * before the entry can go. */
void
cr_sync_scheduler_watch_push (Entry *entry)
{
  g_signal_connect (entry->imap, "changed", G_CALLBACK (on_imap_changed), entry);
}
