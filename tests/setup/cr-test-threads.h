/* cr-test-threads.h — let GLib’s pooled threads end before a test exits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void cr_test_threads_settle (void);

G_END_DECLS
