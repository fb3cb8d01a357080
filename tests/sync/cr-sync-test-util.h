/* cr-sync-test-util.h — the servers and the sync engine the sync tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-imap-sync.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"
#include "cr-test-env.h"
#include "cr-test-proxy.h"

G_BEGIN_DECLS

/* What one test program starts once: a test CA, the private Dovecot
 * with a certificate it signed, the CA as a TLS database, an empty
 * certificate store and, when asked, a proxy in front of IMAPS. */
typedef struct
{
  CrTestCa           *ca;
  GTlsDatabase       *database;
  CrTestDovecot      *dovecot;
  CrTestProxy        *proxy;
  CrCertificateStore *certificates;
} CrSyncTestServers;

void          cr_sync_test_servers_start (CrSyncTestServers  *servers,
                                          const char         *env_dir,
                                          gboolean            with_proxy);
void          cr_sync_test_servers_stop  (CrSyncTestServers  *servers);

/* An IMAPS account for the Dovecot's user at 127.0.0.1:@port. */
CrImapSync   *cr_sync_test_new_sync      (CrSyncTestServers  *servers,
                                          CrStore            *store,
                                          guint16             port,
                                          const char         *password);
/* Shuts @sync down and checks that nothing else holds it. */
void          cr_sync_test_drop_sync     (CrImapSync        **sync);

/* A store in a new directory named after @prefix; @out_paths may be NULL. */
CrStore      *cr_sync_test_open_store    (const char         *prefix,
                                          char              **out_dir,
                                          CrPaths           **out_paths);
/* Closes the store, checks it is gone, removes the directory. */
void          cr_sync_test_close_store   (CrStore           **store,
                                          CrPaths           **paths,
                                          char              **dir);

/* A GAsyncReadyCallback keeping the result in *(GAsyncResult **) @user_data. */
void          cr_sync_test_on_done       (GObject            *source,
                                          GAsyncResult       *result,
                                          gpointer            user_data);
/* Iterates the main context until *@slot is set; returns it. */
GAsyncResult *cr_sync_test_wait_for      (GAsyncResult      **slot);

G_END_DECLS
