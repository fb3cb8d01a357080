/* cr-mime-charset.h — bytes in a declared (or lying) charset to UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cr_mime_charset_to_utf8 (const char *data,
                               gssize      length,
                               const char *charset);

G_END_DECLS
