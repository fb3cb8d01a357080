/* cr-imap-header-fetch.h — header batches fetched as rows, two at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-imap-sync-run.h"

G_BEGIN_DECLS

GHashTable *cr_imap_header_fetch_trouble_new (void);
guint       cr_imap_header_fetch_left_out    (CrImapSyncRun  *run,
                                              CrFolderInfo   *folder,
                                              guint32         uidvalidity);
gboolean cr_imap_header_fetch_folder (CrImapSyncRun  *run,
                                      CrFolderInfo   *folder,
                                      GArray         *uids,
                                      GError        **error);
gboolean cr_imap_header_fetch_flags  (CrImapSyncRun  *run,
                                      guint32         first,
                                      guint32         last,
                                      GHashTable     *answers,
                                      GError        **error);

G_END_DECLS
