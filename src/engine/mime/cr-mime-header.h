/* cr-mime-header.h — header values as a person reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CR_TYPE_MIME_ADDRESS (cr_mime_address_get_type ())

/**
 * CrMimeAddress:
 * @name: (nullable): the display name, decoded, or %NULL
 * @address: the address (“local@domain”), possibly empty for a bare group
 */
typedef struct
{
  char *name;
  char *address;
} CrMimeAddress;

/**
 * CrMimeParam:
 * @name: a parameter name as written (“filename*0*”), without the “=”
 * @value: its value, quotes already removed or not
 *
 * One parameter of a Content-Type or Content-Disposition header.
 */
typedef struct
{
  const char *name;
  const char *value;
} CrMimeParam;

GType          cr_mime_address_get_type   (void) G_GNUC_CONST;
CrMimeAddress *cr_mime_address_new        (const char          *name,
                                           const char          *address);
CrMimeAddress *cr_mime_address_copy       (const CrMimeAddress *self);
void           cr_mime_address_free       (CrMimeAddress       *self);
char          *cr_mime_address_to_string  (const CrMimeAddress *self);

char          *cr_mime_decode_header      (const char          *raw);
gboolean       cr_mime_parse_address_list (const char          *raw,
                                           GPtrArray          **out);
char          *cr_mime_decode_parameter   (const CrMimeParam   *params,
                                           gsize                n_params,
                                           const char          *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrMimeAddress, cr_mime_address_free)

G_END_DECLS
