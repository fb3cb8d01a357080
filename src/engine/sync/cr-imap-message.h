/* cr-imap-message.h — IMAP FETCH answers as store rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libetpan/libetpan.h>

#include "cr-imap-response.h"
#include "cr-store-types.h"

G_BEGIN_DECLS

struct mailimap_fetch_type *cr_imap_message_header_fetch_type (void);
struct mailimap_fetch_type *cr_imap_message_flags_fetch_type  (gboolean                  with_modseq);

CrMessageInfo  *cr_imap_message_from_values   (const CrImapValue        *values,
                                               guint                     list);
gboolean        cr_imap_message_flags_from_values (const CrImapValue    *values,
                                                   guint                 list,
                                                   CrUidFlags           *out);
gboolean        cr_imap_message_att_flags     (struct mailimap_msg_att  *att,
                                               CrUidFlags               *out);
gint64          cr_imap_message_parse_date    (const char               *rfc5322_date);

G_END_DECLS
