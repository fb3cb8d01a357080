/* cr-pop3-local.h — the local folders of a POP3 account and what a
 * person does with their messages
 *
 * A POP3 account keeps its mail in the store only, in six local-only
 * folders with their roles. Reading, flagging, moving and deleting are
 * store changes; only a final delete (from the Corbeille, or emptying
 * it) may reach the server, as a DELE queued for the next check when the
 * account says “delete from the server when I delete it here”.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-account.h"
#include "cr-store.h"

G_BEGIN_DECLS

/* The path of each local folder in the store: fixed, never shown. */
#define CR_POP3_INBOX_PATH "INBOX"

/* (transfer none): the translated name shown for @role. */
const char *cr_pop3_local_role_name      (CrFolderRole   role);
/* Creates the six folders that are missing (an existing one keeps its
 * messages). Returns the inbox folder id, 0 on error. */
gint64      cr_pop3_local_ensure_folders (CrStore       *store,
                                          const char    *account_id,
                                          GError       **error);
gboolean    cr_pop3_local_set_flags      (CrStore       *store,
                                          const gint64  *ids,
                                          guint          n_ids,
                                          CrMessageFlags set,
                                          CrMessageFlags clear,
                                          GError       **error);
gboolean    cr_pop3_local_move           (CrStore       *store,
                                          const gint64  *ids,
                                          guint          n_ids,
                                          gint64         target_folder_id,
                                          GError       **error);
/* Messages outside the Corbeille go there; messages in it are deleted
 * for good (and queued for DELE when the account asks for it). */
gboolean    cr_pop3_local_delete         (CrStore       *store,
                                          CrAccount     *account,
                                          const gint64  *ids,
                                          guint          n_ids,
                                          GError       **error);
gboolean    cr_pop3_local_empty_trash    (CrStore       *store,
                                          CrAccount     *account,
                                          GError       **error);

G_END_DECLS
