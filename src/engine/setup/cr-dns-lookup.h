/* cr-dns-lookup.h — MX and SRV (RFC 6186, RFC 8314) records of a domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-setup-result.h"

G_BEGIN_DECLS

void            cr_dns_lookup_mx_async   (const char           *domain,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
char          **cr_dns_lookup_mx_finish  (GAsyncResult         *result,
                                          GError              **error);
void            cr_dns_lookup_srv_async  (const char           *address,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
CrSetupResult  *cr_dns_lookup_srv_finish (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
