/* cr-folder-row.h — how the sidebar shows an account or a folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cr-sidebar-item.h"

G_BEGIN_DECLS

#define CR_TYPE_FOLDER_ROW (cr_folder_row_get_type ())

G_DECLARE_FINAL_TYPE (CrFolderRow, cr_folder_row, CR, FOLDER_ROW, GtkWidget)

GtkWidget     *cr_folder_row_new      (void);
void           cr_folder_row_bind     (CrFolderRow   *self,
                                       CrSidebarItem *item);
CrSidebarItem *cr_folder_row_get_item (CrFolderRow   *self);

G_END_DECLS
