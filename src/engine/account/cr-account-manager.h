/* cr-account-manager.h — the accounts, kept in $XDG_CONFIG_HOME/courrier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-account.h"
#include "cr-paths.h"

G_BEGIN_DECLS

#define CR_ACCOUNT_MANAGER_ERROR (cr_account_manager_error_quark ())

typedef enum
{
  /* The file could not be read at all; it was moved aside. */
  CR_ACCOUNT_MANAGER_ERROR_CORRUPT,
  /* Written by a newer Courrier; it was moved aside. */
  CR_ACCOUNT_MANAGER_ERROR_FUTURE_VERSION,
  /* Some accounts could not be read; the others were. */
  CR_ACCOUNT_MANAGER_ERROR_BROKEN_ACCOUNT,
  /* The unreadable file could not be moved aside: nothing is saved. */
  CR_ACCOUNT_MANAGER_ERROR_READ_ONLY,
  CR_ACCOUNT_MANAGER_ERROR_DUPLICATE,
  CR_ACCOUNT_MANAGER_ERROR_NOT_FOUND,
} CrAccountManagerError;

#define CR_ACCOUNTS_FILE_VERSION 1

#define CR_TYPE_ACCOUNT_MANAGER (cr_account_manager_get_type ())

G_DECLARE_FINAL_TYPE (CrAccountManager, cr_account_manager, CR, ACCOUNT_MANAGER, GObject)

GQuark            cr_account_manager_error_quark     (void);

CrAccountManager *cr_account_manager_new             (CrPaths           *paths);
const char       *cr_account_manager_get_path        (CrAccountManager  *self);
const char       *cr_account_manager_get_backup_path (CrAccountManager  *self);
gboolean          cr_account_manager_load            (CrAccountManager  *self,
                                                      GError           **error);
CrAccount        *cr_account_manager_lookup          (CrAccountManager  *self,
                                                      const char        *id);
gboolean          cr_account_manager_add             (CrAccountManager  *self,
                                                      CrAccount         *account,
                                                      GError           **error);
gboolean          cr_account_manager_update          (CrAccountManager  *self,
                                                      CrAccount         *account,
                                                      GError           **error);
gboolean          cr_account_manager_remove          (CrAccountManager  *self,
                                                      CrAccount         *account,
                                                      GError           **error);

G_END_DECLS
