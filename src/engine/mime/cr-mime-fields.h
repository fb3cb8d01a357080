/* cr-mime-fields.h — the header block of a message, bounded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;
  char *value;
} CrMimeField;

GPtrArray *cr_mime_fields_parse     (const char *data,
                                     gsize       length,
                                     gsize      *body_offset,
                                     gboolean   *truncated);
const char *cr_mime_fields_lookup   (GPtrArray  *fields,
                                     const char *name);
GDateTime *cr_mime_fields_parse_date (const char *value);
GStrv      cr_mime_fields_parse_ids  (const char *value);
GBytes    *cr_mime_fields_mime_only  (GPtrArray  *fields,
                                     const char *body,
                                     gsize       body_length,
                                     gsize      *body_offset);

G_END_DECLS
