/* cr-mime-part-private.h — building a part while reading a message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-mime-part.h"

G_BEGIN_DECLS

CrMimePart *cr_mime_part_new             (CrMimePartKind     kind,
                                          const char        *content_type,
                                          GBytes            *bytes);
void        cr_mime_part_set_kind        (CrMimePart        *self,
                                          CrMimePartKind     kind);
void        cr_mime_part_set_filename    (CrMimePart        *self,
                                          const char        *filename);
void        cr_mime_part_set_disposition (CrMimePart        *self,
                                          CrMimeDisposition  disposition);
void        cr_mime_part_set_content_id  (CrMimePart        *self,
                                          const char        *content_id);
void        cr_mime_part_set_text        (CrMimePart        *self,
                                          const char        *text,
                                          gboolean           flowed,
                                          gboolean           delsp);
void        cr_mime_part_set_html        (CrMimePart        *self,
                                          const char        *html);
void        cr_mime_part_set_message     (CrMimePart        *self,
                                          CrMimeMessage     *message);

G_END_DECLS
