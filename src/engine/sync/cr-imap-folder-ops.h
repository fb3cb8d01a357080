/* cr-imap-folder-ops.h — creating, renaming and deleting IMAP folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-store-types.h"

G_BEGIN_DECLS

/* Whether a folder of this role may be renamed or deleted by the person. */
gboolean  cr_imap_folder_is_protected  (const CrFolderInfo  *folder);
/* A name the person typed, for one level of the tree: not empty, without
 * the server's hierarchy delimiter or control characters. */
gboolean  cr_imap_folder_check_name    (const char          *name,
                                        char                 delimiter,
                                        GError             **error);
/* @path is @root or under it. */
gboolean  cr_imap_folder_in_tree       (const char          *path,
                                        const CrFolderInfo  *root);
/* The server path of @name (UTF-8) under @parent_path (NULL: the top). */
char     *cr_imap_folder_child_path    (const char          *parent_path,
                                        char                 delimiter,
                                        const char          *name);

G_END_DECLS
