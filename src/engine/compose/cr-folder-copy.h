/* cr-folder-copy.h — a message put into an account's Envoyés or
 * Brouillons: IMAP APPEND for IMAP accounts, the local folder for POP3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-account.h"
#include "cr-context.h"
#include "cr-store.h"

G_BEGIN_DECLS

/* Synchronous (network): call from a worker thread. Returns the new
 * message's IMAP UID when the server tells it (UIDPLUS), else 0, in
 * @out_uid; @out_message_id gets the local row of a POP3 account. */
gboolean cr_folder_copy_append_sync (CrContext      *context,
                                     CrAccount      *account,
                                     const char     *password,
                                     CrFolderRole    role,
                                     GBytes         *raw,
                                     CrMessageFlags  flags,
                                     guint32        *out_uid,
                                     gint64         *out_message_id,
                                     GCancellable   *cancellable,
                                     GError        **error);
/* Removes what an earlier append made (an old draft): by UID on the
 * server (STORE \Deleted + UID EXPUNGE or EXPUNGE), or the local row. */
gboolean cr_folder_copy_remove_sync (CrContext      *context,
                                     CrAccount      *account,
                                     const char     *password,
                                     CrFolderRole    role,
                                     guint32         uid,
                                     gint64          message_id,
                                     GCancellable   *cancellable,
                                     GError        **error);
/* Servers that file sent mail themselves (Gmail): no second copy. */
gboolean cr_folder_copy_server_keeps_sent (CrAccount *account);

G_END_DECLS
