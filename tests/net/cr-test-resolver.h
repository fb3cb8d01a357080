/* cr-test-resolver.h — a resolver with a few fixed answers for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CR_TYPE_TEST_RESOLVER (cr_test_resolver_get_type ())

G_DECLARE_FINAL_TYPE (CrTestResolver, cr_test_resolver, CR, TEST_RESOLVER, GResolver)

CrTestResolver *cr_test_resolver_install (void);
void            cr_test_resolver_add     (CrTestResolver *self,
                                          const char     *name,
                                          const char     *address);

G_END_DECLS
