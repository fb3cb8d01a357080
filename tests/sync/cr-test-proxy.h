/* cr-test-proxy.h — a TCP proxy that cuts connections on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CrTestProxy CrTestProxy;

CrTestProxy *cr_test_proxy_start     (guint16       upstream_port,
                                      GError      **error);
guint16      cr_test_proxy_get_port  (CrTestProxy  *self);
void         cr_test_proxy_cut_after (CrTestProxy  *self,
                                      gint64        bytes);
guint        cr_test_proxy_get_cuts  (CrTestProxy  *self);
void         cr_test_proxy_stop      (CrTestProxy  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrTestProxy, cr_test_proxy_stop)

G_END_DECLS
