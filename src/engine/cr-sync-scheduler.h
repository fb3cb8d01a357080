/* cr-sync-scheduler.h — when each account is checked, and how it went
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-account-manager.h"
#include "cr-certificate-store.h"
#include "cr-imap-sync.h"
#include "cr-secrets.h"
#include "cr-store.h"

G_BEGIN_DECLS

typedef enum
{
  CR_SYNC_STATE_IDLE,
  CR_SYNC_STATE_SYNCING,
  /* The network is down: nothing is tried until it comes back. */
  CR_SYNC_STATE_OFFLINE,
  /* The last check failed: cr_sync_scheduler_get_error() says why. */
  CR_SYNC_STATE_ERROR,
  /* No password is known: ask the person (the account's settings). */
  CR_SYNC_STATE_NEEDS_PASSWORD,
} CrSyncState;

#define CR_TYPE_SYNC_SCHEDULER (cr_sync_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (CrSyncScheduler, cr_sync_scheduler, CR, SYNC_SCHEDULER, GObject)

CrSyncScheduler *cr_sync_scheduler_new              (CrAccountManager   *accounts,
                                                     CrSecrets          *secrets,
                                                     CrCertificateStore *certificates,
                                                     GTlsDatabase       *database,
                                                     CrStore            *store,
                                                     GNetworkMonitor    *monitor);
void             cr_sync_scheduler_start            (CrSyncScheduler    *self);
gboolean         cr_sync_scheduler_is_started       (CrSyncScheduler    *self);
void             cr_sync_scheduler_stop             (CrSyncScheduler    *self);
void             cr_sync_scheduler_check_now        (CrSyncScheduler    *self,
                                                     const char         *account_id);
void             cr_sync_scheduler_set_interval     (CrSyncScheduler    *self,
                                                     guint               seconds);
CrSyncState      cr_sync_scheduler_get_state        (CrSyncScheduler    *self,
                                                     const char         *account_id);
const GError    *cr_sync_scheduler_get_error        (CrSyncScheduler    *self,
                                                     const char         *account_id);
gboolean         cr_sync_scheduler_get_progress     (CrSyncScheduler    *self,
                                                     const char         *account_id,
                                                     guint              *done,
                                                     guint              *total);
guint            cr_sync_scheduler_get_checks       (CrSyncScheduler    *self,
                                                     const char         *account_id);
CrImapSync      *cr_sync_scheduler_get_imap_sync    (CrSyncScheduler    *self,
                                                     const char         *account_id);

G_END_DECLS
