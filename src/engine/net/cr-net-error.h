/* cr-net-error.h — what can go wrong while reaching a mail server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CR_NET_ERROR (cr_net_error_quark ())

/* Cancellation stays G_IO_ERROR_CANCELLED. */
typedef enum
{
  CR_NET_ERROR_HOST_NOT_FOUND,
  CR_NET_ERROR_CONNECTION_REFUSED,
  CR_NET_ERROR_TIMEOUT,
  CR_NET_ERROR_TLS_FAILED,
  CR_NET_ERROR_CERTIFICATE_UNTRUSTED,
  CR_NET_ERROR_STARTTLS_UNAVAILABLE,
  CR_NET_ERROR_STARTTLS_FAILED,
  CR_NET_ERROR_AUTH_FAILED,
  CR_NET_ERROR_AUTH_METHOD_UNAVAILABLE,
  CR_NET_ERROR_SERVER_ERROR,
  CR_NET_ERROR_CONNECTION_LOST,
  CR_NET_ERROR_PROTOCOL,
} CrNetError;

GQuark  cr_net_error_quark    (void);
GError *cr_net_error_from_gio (const GError *error,
                               const char   *host,
                               guint16       port);

G_END_DECLS
