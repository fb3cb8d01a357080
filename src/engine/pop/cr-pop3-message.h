/* cr-pop3-message.h — the store's header row and search text of a
 * downloaded message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-store-types.h"

G_BEGIN_DECLS

/* Reads @raw with the MIME module: subject, people, dates, attachment
 * names, preview. @received is the download time (the internal date).
 * A malformed message still gives a row (what could be read, at least
 * its size). @out_text (optional) gets the plain text for search. */
CrMessageInfo *cr_pop3_message_info_new (GBytes  *raw,
                                         gint64   received,
                                         char   **out_text);

G_END_DECLS
