/* cr-pop3-sync.h — one POP3 account checked on its own thread
 *
 * Checks run one at a time on a worker thread: on demand (“Relever”,
 * cr_pop3_sync_check_async) and every check interval of the account once
 * cr_pop3_sync_start_periodic() is called. The "progress" and "checked"
 * signals are emitted on the main context that was the thread-default
 * one when the object was made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-account.h"
#include "cr-certificate-info.h"
#include "cr-certificate-store.h"
#include "cr-store.h"

G_BEGIN_DECLS

/* The current Unix time; tests replace it to age messages by days. */
typedef gint64 (*CrPop3ClockFunc) (gpointer user_data);

#define CR_TYPE_POP3_SYNC (cr_pop3_sync_get_type ())

G_DECLARE_FINAL_TYPE (CrPop3Sync, cr_pop3_sync, CR, POP3_SYNC, GObject)

CrPop3Sync *cr_pop3_sync_new              (CrAccount           *account,
                                           CrStore             *store,
                                           CrCertificateStore  *certificates,
                                           GTlsDatabase        *database);
CrAccount  *cr_pop3_sync_get_account      (CrPop3Sync          *self);
CrStore    *cr_pop3_sync_get_store        (CrPop3Sync          *self);
void        cr_pop3_sync_set_password     (CrPop3Sync          *self,
                                           const char          *password);
void        cr_pop3_sync_set_clock        (CrPop3Sync          *self,
                                           CrPop3ClockFunc      clock,
                                           gpointer             user_data);
/* Messages made durable together (default 500). */
void        cr_pop3_sync_set_batch_size   (CrPop3Sync          *self,
                                           guint                batch_size);
void        cr_pop3_sync_check_async      (CrPop3Sync          *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* @out_downloaded (optional): how many new messages were stored. */
gboolean    cr_pop3_sync_check_finish     (CrPop3Sync          *self,
                                           GAsyncResult        *result,
                                           guint               *out_downloaded,
                                           GError             **error);
/* Checks every cr_account_get_check_interval() minutes (@seconds when
 * not 0, for tests), the first time after one interval. */
void        cr_pop3_sync_start_periodic   (CrPop3Sync          *self,
                                           guint                seconds);
void        cr_pop3_sync_stop_periodic    (CrPop3Sync          *self);
gboolean    cr_pop3_sync_is_periodic      (CrPop3Sync          *self);
CrCertificateInfo *
            cr_pop3_sync_dup_certificate_info (CrPop3Sync      *self);

G_END_DECLS
