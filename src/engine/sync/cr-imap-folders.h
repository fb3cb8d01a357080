/* cr-imap-folders.h — the folder list of an IMAP account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-imap-session.h"
#include "cr-store-types.h"

G_BEGIN_DECLS

CrFolderRole  cr_imap_role_from_flag   (const char    *flag);
CrFolderRole  cr_imap_role_from_name   (const char    *name);
char         *cr_imap_folder_name      (const char    *path,
                                        char           delimiter);
GPtrArray    *cr_imap_list_folders     (CrImapSession *session,
                                        const char    *account_id,
                                        GError       **error);

G_END_DECLS
