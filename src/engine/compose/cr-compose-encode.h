/* cr-compose-encode.h — header and body encodings for outgoing mail
 *
 * RFC 2047 encoded words, RFC 5322 folding at 78 columns, address lists,
 * RFC 2231 parameters, quoted-printable, base64 and format=flowed
 * (RFC 3676). Everything is produced with CRLF line ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cr-mime-header.h"

G_BEGIN_DECLS

#define CR_COMPOSE_LINE_LENGTH 78

char     *cr_compose_header_unstructured (const char          *name,
                                          const char          *value);
char     *cr_compose_header_addresses    (const char          *name,
                                          GPtrArray           *addresses);
char     *cr_compose_format_address      (const CrMimeAddress *address);
void      cr_compose_append_parameter    (GString             *header,
                                          const char          *name,
                                          const char          *value);
char     *cr_compose_encode_qp           (const char          *data,
                                          gsize                length);
char     *cr_compose_encode_base64       (const guint8        *data,
                                          gsize                length);
char     *cr_compose_flow_text           (const char          *text);
gboolean  cr_compose_needs_qp            (const char          *text);
gboolean  cr_compose_is_valid_address    (const char          *address);

G_END_DECLS
