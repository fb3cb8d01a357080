/* cr-fake-resolver.h — a GResolver that knows only what a test tells it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CR_TYPE_FAKE_RESOLVER (cr_fake_resolver_get_type ())

G_DECLARE_FINAL_TYPE (CrFakeResolver, cr_fake_resolver, CR, FAKE_RESOLVER, GResolver)

CrFakeResolver *cr_fake_resolver_install   (void);
void            cr_fake_resolver_add_name  (CrFakeResolver *self,
                                            const char     *name,
                                            const char     *address);
void            cr_fake_resolver_add_mx    (CrFakeResolver *self,
                                            const char     *domain,
                                            guint16         preference,
                                            const char     *host);
void            cr_fake_resolver_add_srv   (CrFakeResolver *self,
                                            const char     *name,
                                            guint16         priority,
                                            guint16         weight,
                                            guint16         port,
                                            const char     *target);
void            cr_fake_resolver_add_stall (CrFakeResolver *self,
                                            const char     *name);
void            cr_fake_resolver_clear     (CrFakeResolver *self);
guint           cr_fake_resolver_count     (CrFakeResolver *self,
                                            const char     *name);
guint           cr_fake_resolver_get_stalled (CrFakeResolver *self);

G_END_DECLS
