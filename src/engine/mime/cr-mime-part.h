/* cr-mime-part.h — one piece of a message as the reader shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * CrMimePartKind:
 * @CR_MIME_PART_TEXT: plain text, as #CrMimeTextBlock runs
 * @CR_MIME_PART_HTML: HTML to show in the sandboxed web view
 * @CR_MIME_PART_IMAGE: an image shown inline (also listed as attachment)
 * @CR_MIME_PART_MESSAGE: a forwarded message, shown nested
 * @CR_MIME_PART_ATTACHMENT: a file, never shown by itself
 */
typedef enum
{
  CR_MIME_PART_TEXT,
  CR_MIME_PART_HTML,
  CR_MIME_PART_IMAGE,
  CR_MIME_PART_MESSAGE,
  CR_MIME_PART_ATTACHMENT,
} CrMimePartKind;

typedef enum
{
  CR_MIME_DISPOSITION_NONE,
  CR_MIME_DISPOSITION_INLINE,
  CR_MIME_DISPOSITION_ATTACHMENT,
} CrMimeDisposition;

#define CR_TYPE_MIME_PART_KIND (cr_mime_part_kind_get_type ())
#define CR_TYPE_MIME_DISPOSITION (cr_mime_disposition_get_type ())
#define CR_TYPE_MIME_PART (cr_mime_part_get_type ())

GType cr_mime_part_kind_get_type   (void) G_GNUC_CONST;
GType cr_mime_disposition_get_type (void) G_GNUC_CONST;

/* The nested message of a CR_MIME_PART_MESSAGE part. */
typedef struct _CrMimeMessage CrMimeMessage;

G_DECLARE_FINAL_TYPE (CrMimePart, cr_mime_part, CR, MIME_PART, GObject)

CrMimePartKind     cr_mime_part_get_kind         (CrMimePart *self);
const char        *cr_mime_part_get_content_type (CrMimePart *self);
const char        *cr_mime_part_get_filename     (CrMimePart *self);
CrMimeDisposition  cr_mime_part_get_disposition  (CrMimePart *self);
const char        *cr_mime_part_get_content_id   (CrMimePart *self);
gsize              cr_mime_part_get_size         (CrMimePart *self);
GBytes            *cr_mime_part_get_bytes        (CrMimePart *self);
GPtrArray         *cr_mime_part_get_text_blocks  (CrMimePart *self);
const char        *cr_mime_part_get_text         (CrMimePart *self);
const char        *cr_mime_part_get_html         (CrMimePart *self);
CrMimeMessage     *cr_mime_part_get_message      (CrMimePart *self);

G_END_DECLS
