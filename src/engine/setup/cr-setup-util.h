/* cr-setup-util.h — addresses, host names and logins, checked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CR_SETUP_ERROR (cr_setup_error_quark ())

/* Cancellation stays G_IO_ERROR_CANCELLED. */
typedef enum
{
  CR_SETUP_ERROR_INVALID_ADDRESS,
  CR_SETUP_ERROR_NOT_FOUND,
  CR_SETUP_ERROR_INVALID_CONFIG,
  CR_SETUP_ERROR_TOO_LARGE,
  CR_SETUP_ERROR_HTTP,
} CrSetupError;

/* Longer than any real host name (253) or address (254) with room to
 * spare; anything beyond is hostile or broken. */
#define CR_SETUP_MAX_VALUE_LENGTH 320

GQuark    cr_setup_error_quark        (void);
gboolean  cr_setup_split_address      (const char  *address,
                                       char       **out_local_part,
                                       char       **out_domain,
                                       GError     **error);
gboolean  cr_setup_hostname_is_valid  (const char  *host);
char     *cr_setup_expand_login       (const char  *pattern,
                                       const char  *address,
                                       GError     **error);
char     *cr_setup_expand_hostname    (const char  *pattern,
                                       const char  *address,
                                       GError     **error);
gboolean  cr_setup_mx_matches         (const char  *mx_host,
                                       const char  *suffix);

G_END_DECLS
