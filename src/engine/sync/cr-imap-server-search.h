/* cr-imap-server-search.h — the local search query asked of the IMAP server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libetpan/libetpan.h>

#include <glib.h>

G_BEGIN_DECLS

/* At most this many matches per folder are brought into the store (the
 * newest, by UID): a search is for finding, not for a second sync. */
#define CR_IMAP_SERVER_SEARCH_MAX 1000

/* (nullable): NULL when the query asks for nothing the server can
 * search; *@out_need_attachment says has:attachment must be checked
 * here (IMAP has no key for it). */
struct mailimap_search_key *cr_imap_server_search_key (const char *query,
                                                       gboolean   *out_need_attachment);

G_END_DECLS
