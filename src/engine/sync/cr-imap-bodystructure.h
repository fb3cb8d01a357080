/* cr-imap-bodystructure.h — attachments told by a BODYSTRUCTURE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-imap-response.h"

G_BEGIN_DECLS

gboolean cr_imap_bodystructure_attachments (const CrImapValue   *values,
                                            guint                body,
                                            char              ***out_names);

G_END_DECLS
