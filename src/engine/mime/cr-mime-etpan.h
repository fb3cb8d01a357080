/* cr-mime-etpan.h — what the reader needs from libetpan’s MIME structures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libetpan/libetpan.h>

#include "cr-mime-part.h"

G_BEGIN_DECLS

char              *cr_mime_etpan_content_type  (struct mailmime_content *content);
char              *cr_mime_etpan_content_param (struct mailmime         *mime,
                                                const char              *name);
CrMimeDisposition  cr_mime_etpan_disposition   (struct mailmime         *mime);
char              *cr_mime_etpan_filename      (struct mailmime         *mime);
const char        *cr_mime_etpan_content_id    (struct mailmime         *mime);
GBytes            *cr_mime_etpan_decode        (struct mailmime_data    *data);

G_END_DECLS
