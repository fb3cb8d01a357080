/* cr-sidebar-item.h — an account or a folder in the sidebar's tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-account.h"
#include "cr-account-state.h"
#include "cr-store-types.h"

G_BEGIN_DECLS

#define CR_TYPE_SIDEBAR_ITEM (cr_sidebar_item_get_type ())

G_DECLARE_FINAL_TYPE (CrSidebarItem, cr_sidebar_item, CR, SIDEBAR_ITEM, GObject)

CrSidebarItem  *cr_sidebar_item_new_account  (CrAccount     *account);
CrSidebarItem  *cr_sidebar_item_new_folder   (CrAccount     *account,
                                              CrFolderInfo  *folder);
gboolean        cr_sidebar_item_is_account   (CrSidebarItem *self);
CrAccount      *cr_sidebar_item_get_account  (CrSidebarItem *self);
/* (nullable): NULL for an account */
CrFolderInfo   *cr_sidebar_item_get_folder   (CrSidebarItem *self);
void            cr_sidebar_item_set_folder   (CrSidebarItem *self,
                                              CrFolderInfo  *folder);
/* (nullable): the folders under this one, NULL when there are none */
GListStore     *cr_sidebar_item_get_children (CrSidebarItem *self);
GListStore     *cr_sidebar_item_ensure_children (CrSidebarItem *self);
/* (nullable): accounts only */
CrAccountState *cr_sidebar_item_get_state    (CrSidebarItem *self);
const char     *cr_sidebar_item_get_title    (CrSidebarItem *self);
const char     *cr_sidebar_item_get_icon_name (CrSidebarItem *self);
guint           cr_sidebar_item_get_unread   (CrSidebarItem *self);

const char     *cr_folder_role_get_title     (CrFolderRole   role);
int             cr_folder_info_compare_for_sidebar (const CrFolderInfo *a,
                                                    const CrFolderInfo *b);

G_END_DECLS
