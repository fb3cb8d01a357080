/* cr-sync-scheduler-private.h — what the scheduler's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-pop3-sync.h"
#include "cr-sync-scheduler.h"

G_BEGIN_DECLS

/* One account's checks. Reference-counted: callbacks of a check keep it
 * alive after the account is gone, and see it is through entry_is_live(). */
typedef struct
{
  CrSyncScheduler *scheduler; /* NULL once removed or the scheduler gone */
  CrAccount       *account;
  CrImapSync      *imap;
  CrPop3Sync      *pop;
  GCancellable    *cancellable;
  CrSyncState      state;
  GError          *error;
  guint            done;
  guint            total;
  guint            checks;
  guint            timeout_id;
  guint            push_id;     /* announces what push stored, once it settles */
  gint64           inbox_seen;  /* the newest unread INBOX row after the last check */
  gboolean         running;
  gboolean         again;
} Entry;

struct _CrSyncScheduler
{
  GObject             parent_instance;

  CrAccountManager   *accounts;
  CrSecrets          *secrets;
  CrCertificateStore *certificates;
  GTlsDatabase       *database;
  CrStore            *store;
  GNetworkMonitor    *monitor;
  GHashTable         *entries; /* account id → Entry */
  guint               interval;
  gboolean            started;
};

static inline gboolean
entry_is_live (Entry *entry)
{
  return entry->scheduler != NULL;
}

void cr_sync_scheduler_emit_new_mail     (Entry  *entry,
                                          gint64  message_id);

/* cr-sync-scheduler-mail.c */
void cr_sync_scheduler_announce_new_mail (Entry  *entry);
void cr_sync_scheduler_watch_push        (Entry  *entry);

G_END_DECLS
