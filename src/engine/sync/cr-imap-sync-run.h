/* cr-imap-sync-run.h — the IMAP sync steps, run on an account's worker
 * thread with its session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-imap-session.h"
#include "cr-store.h"

G_BEGIN_DECLS

/* Messages bigger than this are fetched in pieces of this size: libetpan
 * holds a whole FETCH answer in memory, twice while parsing. */
#define CR_IMAP_BODY_CHUNK (4 * 1024 * 1024)

typedef void (*CrImapProgressFunc) (const char    *path,
                                    guint          done,
                                    guint          total,
                                    gpointer       user_data);
typedef void (*CrImapChangedFunc)  (gint64         folder_id,
                                    CrStoreChange  change,
                                    gpointer       user_data);

/* One run of sync steps: what they share. Not a GObject: it lives on the
 * worker thread's stack for the length of a job. */
typedef struct
{
  CrImapSession      *session;
  CrStore            *store;
  const char         *account_id;
  GCancellable       *cancellable;

  guint               batch_size;      /* headers per UID FETCH */
  gboolean            use_qresync;     /* FALSE: always the fallback path */
  gboolean            qresync_enabled; /* ENABLE QRESYNC was accepted */
  char              **selected;        /* (inout) the worker's selected folder path */
  GHashTable         *fetch_trouble;   /* (nullable) messages the server closes the
                                        * connection over, per folder, kept by the worker */

  CrImapProgressFunc  progress;
  CrImapChangedFunc   changed;
  gpointer            user_data;

  guint               round_trips;     /* commands sent, for measurements */
} CrImapSyncRun;

gboolean   cr_imap_sync_run_enable      (CrImapSyncRun  *run,
                                         GError        **error);
GPtrArray *cr_imap_sync_run_folder_list (CrImapSyncRun  *run,
                                         GError        **error);
gboolean   cr_imap_sync_run_folder      (CrImapSyncRun  *run,
                                         CrFolderInfo   *folder,
                                         GError        **error);
GBytes    *cr_imap_sync_run_fetch_body  (CrImapSyncRun  *run,
                                         CrMessageInfo  *message,
                                         GError        **error);
gboolean   cr_imap_sync_run_download    (CrImapSyncRun  *run,
                                         CrFolderInfo   *folder,
                                         gint64          since,
                                         GError        **error);
gboolean   cr_imap_sync_run_select      (CrImapSyncRun  *run,
                                         const char     *path,
                                         GError        **error);
gboolean   cr_imap_sync_run_set_error   (CrImapSyncRun  *run,
                                         int             r,
                                         GError        **error);

G_END_DECLS
