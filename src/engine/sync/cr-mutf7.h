/* cr-mutf7.h — IMAP folder names in modified UTF-7 (RFC 3501 §5.1.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cr_mutf7_decode (const char *mutf7);
char *cr_mutf7_encode (const char *utf8);

G_END_DECLS
