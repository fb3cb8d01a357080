/* cr-pop3-listing.h — what a POP3 mailbox holds: numbers, sizes, UIDLs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-pop3-wire.h"

G_BEGIN_DECLS

/* (element-type CrPop3Entry): LIST joined with UIDL, in message order.
 * A server without UIDL gets ids made from a hash of each message's
 * headers (TOP n 0), noted in the log. @pipelining sends the commands
 * without waiting for each answer. */
GPtrArray *cr_pop3_listing_read (CrPop3Wire    *wire,
                                 const char    *host,
                                 gboolean       pipelining,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_END_DECLS
