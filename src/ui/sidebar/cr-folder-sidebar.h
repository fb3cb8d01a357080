/* cr-folder-sidebar.h — the accounts and their folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cr-account-manager.h"
#include "cr-account-state.h"
#include "cr-sidebar-item.h"
#include "cr-store.h"

G_BEGIN_DECLS

#define CR_TYPE_FOLDER_SIDEBAR (cr_folder_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (CrFolderSidebar, cr_folder_sidebar, CR, FOLDER_SIDEBAR, GtkWidget)

GtkWidget      *cr_folder_sidebar_new               (void);
void            cr_folder_sidebar_set_sources       (CrFolderSidebar  *self,
                                                     CrAccountManager *manager,
                                                     CrStore          *store);
/* (nullable) (transfer none): the folder chosen, NULL for none */
CrFolderInfo   *cr_folder_sidebar_get_selected      (CrFolderSidebar  *self);
gboolean        cr_folder_sidebar_select_folder     (CrFolderSidebar  *self,
                                                     gint64            folder_id);
/* (nullable) (transfer none): where the sync layer reports on an account */
CrAccountState *cr_folder_sidebar_get_account_state (CrFolderSidebar  *self,
                                                     const char       *account_id);
/* The rows shown, for tests: (transfer none) */
GListModel     *cr_folder_sidebar_get_model         (CrFolderSidebar  *self);

G_END_DECLS
