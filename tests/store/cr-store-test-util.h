/* cr-store-test-util.h — helpers shared by the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-store-private.h"

G_BEGIN_DECLS

/* A store in a new directory under the test environment's HOME. */
CrStore       *cr_store_test_open          (CrPaths     **out_paths);
CrMessageInfo *cr_store_test_message       (guint32       uid,
                                            const char   *subject,
                                            const char   *from_name,
                                            const char   *from_address,
                                            gint64        date);
gint64         cr_store_test_folder        (CrStore      *store,
                                            const char   *account_id,
                                            const char   *path,
                                            CrFolderRole  role,
                                            CrFolderFlags flags);
/* Inserts @n messages with uids 1..n in batches of 1,000. */
void           cr_store_test_fill          (CrStore      *store,
                                            gint64        folder_id,
                                            guint         n);
void           cr_store_test_assert_intact (CrStore      *store);

G_END_DECLS
