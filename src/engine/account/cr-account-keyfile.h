/* cr-account-keyfile.h — one account as a group of the accounts file
 *
 * Used by CrAccountManager only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cr-account.h"

G_BEGIN_DECLS

#define CR_ACCOUNT_GROUP_PREFIX "account "

char      *cr_account_keyfile_group (const char  *id);
void       cr_account_keyfile_write (CrAccount   *account,
                                     GKeyFile    *key_file);
CrAccount *cr_account_keyfile_read  (GKeyFile    *key_file,
                                     const char  *group,
                                     GError     **error);

G_END_DECLS
