/* cr-context.h — the engine's shared objects, handed around as one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-account-manager.h"
#include "cr-certificate-store.h"
#include "cr-imap-session.h"
#include "cr-paths.h"
#include "cr-pop3-session.h"
#include "cr-secrets.h"
#include "cr-smtp-session.h"
#include "cr-store.h"
#include "cr-sync-scheduler.h"

G_BEGIN_DECLS

#define CR_TYPE_CONTEXT (cr_context_get_type ())

G_DECLARE_FINAL_TYPE (CrContext, cr_context, CR, CONTEXT, GObject)

CrContext          *cr_context_new                   (CrPaths      *paths);
void                cr_context_load                  (CrContext    *self);
const GError       *cr_context_get_load_problem      (CrContext    *self);

CrPaths            *cr_context_get_paths             (CrContext    *self);
CrAccountManager   *cr_context_get_account_manager   (CrContext    *self);
CrSecrets          *cr_context_get_secrets           (CrContext    *self);
CrCertificateStore *cr_context_get_certificate_store (CrContext    *self);
GTlsDatabase       *cr_context_get_tls_database      (CrContext    *self);
void                cr_context_set_tls_database      (CrContext    *self,
                                                      GTlsDatabase *database);

CrStore            *cr_context_get_store             (CrContext    *self,
                                                      GError      **error);

CrSyncScheduler    *cr_context_get_scheduler         (CrContext    *self,
                                                      GError      **error);

CrImapSession      *cr_context_new_imap_session      (CrContext    *self,
                                                      CrAccount    *account);
CrPop3Session      *cr_context_new_pop3_session      (CrContext    *self,
                                                      CrAccount    *account);
CrSmtpSession      *cr_context_new_smtp_session      (CrContext    *self,
                                                      CrAccount    *account);

G_END_DECLS
