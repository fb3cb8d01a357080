/* cr-account-validate.h — does an account make sense?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cr-account.h"

G_BEGIN_DECLS

#define CR_ACCOUNT_ERROR (cr_account_error_quark ())

typedef enum
{
  CR_ACCOUNT_ERROR_MISSING_NAME,
  CR_ACCOUNT_ERROR_INVALID_ADDRESS,
  CR_ACCOUNT_ERROR_INVALID_HOST,
  CR_ACCOUNT_ERROR_INVALID_PORT,
  CR_ACCOUNT_ERROR_INVALID_LOGIN,
  CR_ACCOUNT_ERROR_INSECURE,
  CR_ACCOUNT_ERROR_WRONG_PROTOCOL,
  CR_ACCOUNT_ERROR_WRONG_AUTH_METHOD,
} CrAccountError;

typedef enum /*< flags >*/
{
  CR_VALIDATE_NONE           = 0,
  /* The person confirmed that the password may travel in clear text. */
  CR_VALIDATE_ALLOW_INSECURE = 1 << 0,
} CrValidateFlags;

GQuark    cr_account_error_quark   (void);

gboolean  cr_account_validate      (CrAccount        *account,
                                    CrValidateFlags   flags,
                                    GError          **error);
gboolean  cr_account_check_address (const char       *address,
                                    GError          **error);
gboolean  cr_account_check_host    (const char       *host,
                                    GError          **error);
gboolean  cr_account_parse_port    (const char       *text,
                                    guint16          *out_port,
                                    GError          **error);
void      cr_account_normalize     (CrAccount        *account);

G_END_DECLS
