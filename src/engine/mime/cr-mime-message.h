/* cr-mime-message.h — a raw message read into what the reader shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-mime-header.h"
#include "cr-mime-part.h"
#include "cr-mime-text.h"

G_BEGIN_DECLS

/* What a hostile message may make us process; the rest is truncated with a
 * note, and the whole message offered as a “message.eml” attachment. */
#define CR_MIME_MAX_SIZE          (50 * 1024 * 1024)
#define CR_MIME_MAX_PARTS         500
#define CR_MIME_MAX_DEPTH         32
#define CR_MIME_MAX_MESSAGE_DEPTH 6
#define CR_MIME_MAX_HEADER_LENGTH (64 * 1024)
#define CR_MIME_MAX_HEADERS       1000
#define CR_MIME_MAX_TEXT_LENGTH   (4 * 1024 * 1024)

typedef enum
{
  CR_MIME_PARSE_DEFAULT      = 0,
  CR_MIME_PARSE_PREFER_PLAIN = 1 << 0,
} CrMimeParseFlags;

#define CR_TYPE_MIME_MESSAGE (cr_mime_message_get_type ())

G_DECLARE_FINAL_TYPE (CrMimeMessage, cr_mime_message, CR, MIME_MESSAGE, GObject)

CrMimeMessage      *cr_mime_message_new_from_bytes        (GBytes              *raw,
                                                           CrMimeParseFlags     flags);
void                cr_mime_message_new_from_bytes_async  (GBytes              *raw,
                                                           CrMimeParseFlags     flags,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
CrMimeMessage      *cr_mime_message_new_from_bytes_finish (GAsyncResult        *result,
                                                           GError             **error);

const char         *cr_mime_message_get_subject           (CrMimeMessage       *self);
GPtrArray          *cr_mime_message_get_from              (CrMimeMessage       *self);
GPtrArray          *cr_mime_message_get_to                (CrMimeMessage       *self);
GPtrArray          *cr_mime_message_get_cc                (CrMimeMessage       *self);
GPtrArray          *cr_mime_message_get_reply_to          (CrMimeMessage       *self);
GDateTime          *cr_mime_message_get_date              (CrMimeMessage       *self);
const char         *cr_mime_message_get_message_id        (CrMimeMessage       *self);
const char         *cr_mime_message_get_in_reply_to       (CrMimeMessage       *self);
const char * const *cr_mime_message_get_references        (CrMimeMessage       *self);
char               *cr_mime_message_dup_header            (CrMimeMessage       *self,
                                                           const char          *name);

GPtrArray          *cr_mime_message_get_body_parts        (CrMimeMessage       *self);
GPtrArray          *cr_mime_message_get_attachments       (CrMimeMessage       *self);
CrMimePart         *cr_mime_message_get_part_by_cid       (CrMimeMessage       *self,
                                                           const char          *cid);
char               *cr_mime_message_get_text_for_search   (CrMimeMessage       *self);
const char         *cr_mime_message_get_preview           (CrMimeMessage       *self);
const char * const *cr_mime_message_get_notes             (CrMimeMessage       *self);

G_END_DECLS
