/* cr-test-http-server.h — a small HTTP(S) server on 127.0.0.1 for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CrTestHttpServer CrTestHttpServer;

CrTestHttpServer *cr_test_http_server_new          (GTlsCertificate   *certificate,
                                                    GError           **error);
void              cr_test_http_server_free         (CrTestHttpServer  *self);
guint16           cr_test_http_server_get_port     (CrTestHttpServer  *self);
void              cr_test_http_server_add          (CrTestHttpServer  *self,
                                                    const char        *host,
                                                    const char        *path,
                                                    guint              status,
                                                    const char        *location,
                                                    GBytes            *body);
void              cr_test_http_server_add_stall    (CrTestHttpServer  *self,
                                                    const char        *host,
                                                    const char        *path);
void              cr_test_http_server_clear        (CrTestHttpServer  *self);
char            **cr_test_http_server_dup_requests (CrTestHttpServer  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrTestHttpServer, cr_test_http_server_free)

G_END_DECLS
