/* cr-reader-test-http.h — a local HTTP server that counts what it is asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CrReaderTestHttp CrReaderTestHttp;

CrReaderTestHttp *cr_reader_test_http_start           (GError           **error);
void              cr_reader_test_http_stop            (CrReaderTestHttp  *self);
guint16           cr_reader_test_http_get_port        (CrReaderTestHttp  *self);
guint             cr_reader_test_http_get_count       (CrReaderTestHttp  *self);
guint             cr_reader_test_http_get_connections (CrReaderTestHttp  *self);
gboolean          cr_reader_test_http_was_asked       (CrReaderTestHttp  *self,
                                                       const char        *path);
char             *cr_reader_test_http_describe        (CrReaderTestHttp  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrReaderTestHttp, cr_reader_test_http_stop)

G_END_DECLS
