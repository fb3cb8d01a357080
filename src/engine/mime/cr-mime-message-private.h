/* cr-mime-message-private.h — shared by the message and its tree walk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-mime-message.h"

G_BEGIN_DECLS

/* What the walk of one message’s MIME tree collects. */
typedef struct
{
  CrMimeParseFlags  flags;
  guint             message_depth;
  guint             n_parts;
  gboolean          too_deep;
  gboolean          too_many;
  gboolean          text_cut;
  GPtrArray        *body_parts;
  GPtrArray        *attachments;
  GPtrArray        *related;
  GHashTable       *by_cid;
} CrMimeWalk;

CrMimeMessage *cr_mime_message_new_nested (GBytes     *raw,
                                           CrMimeParseFlags flags,
                                           guint       message_depth);
void           cr_mime_walk_message       (CrMimeWalk *walk,
                                           const char *data,
                                           gsize       length,
                                           gsize       body_offset);

G_END_DECLS
