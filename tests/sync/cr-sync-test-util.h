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

/* An account whose sync goes through the proxy (so that a test can cut
 * it), with its own store: the fixture of the push and replay tests. */
typedef struct
{
  char       *dir;
  CrPaths    *paths;
  CrStore    *store;
  CrImapSync *sync;
  guint16     port;
} CrSyncTestAccount;

void          cr_sync_test_account_open     (CrSyncTestAccount  *account,
                                             CrSyncTestServers  *servers,
                                             const char         *prefix);
/* A new CrImapSync for the account, as after a restart. */
CrImapSync   *cr_sync_test_account_new_sync (CrSyncTestAccount  *account,
                                             CrSyncTestServers  *servers);
/* One full sync, waited for. */
gboolean      cr_sync_test_account_sync     (CrSyncTestAccount  *account,
                                             GError            **error);
/* Mends the proxy, drops the sync and closes the store. */
void          cr_sync_test_account_close    (CrSyncTestAccount  *account,
                                             CrSyncTestServers  *servers);

/* A GAsyncReadyCallback keeping the result in *(GAsyncResult **) @user_data. */
void          cr_sync_test_on_done       (GObject            *source,
                                          GAsyncResult       *result,
                                          gpointer            user_data);
/* Iterates the main context until *@slot is set; returns it. */
GAsyncResult *cr_sync_test_wait_for      (GAsyncResult      **slot);

G_END_DECLS
