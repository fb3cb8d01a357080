/* cr-folder-name-dialog.h — asks for a folder's name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CR_TYPE_FOLDER_NAME_DIALOG (cr_folder_name_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CrFolderNameDialog, cr_folder_name_dialog, CR, FOLDER_NAME_DIALOG, AdwMessageDialog)

/* The "accept" response is enabled only for a valid name; "cancel"
 * closes. @delimiter: the server's, '\0' when unknown. */
GtkWidget  *cr_folder_name_dialog_new      (GtkWindow          *parent,
                                            const char         *heading,
                                            const char         *body,
                                            const char         *accept_label,
                                            const char         *name,
                                            char                delimiter);
const char *cr_folder_name_dialog_get_name (CrFolderNameDialog *self);
/* The entry, for tests: (transfer none) */
GtkEditable *cr_folder_name_dialog_get_entry (CrFolderNameDialog *self);

G_END_DECLS
