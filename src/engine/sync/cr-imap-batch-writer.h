/* cr-imap-batch-writer.h — header batches written while the next ones
 * are fetched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-imap-sync-run.h"

G_BEGIN_DECLS

typedef struct _CrImapBatchWriter CrImapBatchWriter;

CrImapBatchWriter *cr_imap_batch_writer_new       (CrImapSyncRun      *run,
                                                   CrFolderInfo       *folder,
                                                   guint               total);
gboolean           cr_imap_batch_writer_push_rows (CrImapBatchWriter  *self,
                                                   GPtrArray          *rows,
                                                   guint               done);
gboolean           cr_imap_batch_writer_finish    (CrImapBatchWriter  *self,
                                                   GError            **error);

G_END_DECLS
