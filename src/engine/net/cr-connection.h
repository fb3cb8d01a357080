/* cr-connection.h — a TCP connection to a mail server, with TLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-certificate-info.h"
#include "cr-certificate-store.h"

G_BEGIN_DECLS

#define CR_CONNECTION_DEFAULT_TIMEOUT 30

#define CR_TYPE_CONNECTION (cr_connection_get_type ())

G_DECLARE_FINAL_TYPE (CrConnection, cr_connection, CR, CONNECTION, GObject)

CrConnection      *cr_connection_new                  (const char          *host,
                                                       guint16              port,
                                                       CrCertificateStore  *store,
                                                       GTlsDatabase        *database);
const char        *cr_connection_get_host             (CrConnection        *self);
guint16            cr_connection_get_port             (CrConnection        *self);
guint              cr_connection_get_timeout          (CrConnection        *self);
void               cr_connection_set_timeout          (CrConnection        *self,
                                                       guint                seconds);
GCancellable      *cr_connection_get_cancellable      (CrConnection        *self);
void               cr_connection_set_cancellable      (CrConnection        *self,
                                                       GCancellable        *cancellable);
gboolean           cr_connection_connect_sync         (CrConnection        *self,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
gboolean           cr_connection_start_tls_sync       (CrConnection        *self,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
gboolean           cr_connection_is_secure            (CrConnection        *self);
GIOStream         *cr_connection_get_stream           (CrConnection        *self);
int                cr_connection_get_fd               (CrConnection        *self);
void               cr_connection_abort                (CrConnection        *self);
CrCertificateInfo *cr_connection_get_certificate_info (CrConnection        *self);
void               cr_connection_set_io_error         (CrConnection        *self,
                                                       const GError        *error);
GError            *cr_connection_dup_io_error         (CrConnection        *self);

G_END_DECLS
