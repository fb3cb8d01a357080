/* cr-account-removal.h — removing an account: its settings, its mail on
 * this computer and its stored password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cr-context.h"

G_BEGIN_DECLS

void      cr_account_remove_async  (CrContext            *context,
                                    CrAccount            *account,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  cr_account_remove_finish (GAsyncResult         *result,
                                    GError              **error);
void      cr_account_confirm_removal (GtkWindow          *parent,
                                      CrContext          *context,
                                      CrAccount          *account);

G_END_DECLS
