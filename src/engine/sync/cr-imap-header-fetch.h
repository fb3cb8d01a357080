/* cr-imap-header-fetch.h — header batches fetched as rows, two at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libetpan/libetpan.h>

#include "cr-store-types.h"

G_BEGIN_DECLS

int cr_imap_header_fetch_send    (mailimap                   *imap,
                                  struct mailimap_set        *set,
                                  struct mailimap_fetch_type *type,
                                  int                        *out_tag);
int cr_imap_header_fetch_receive (mailimap                   *imap,
                                  int                         tag,
                                  GPtrArray                 **out_rows);
int cr_imap_header_fetch_rows    (mailimap                   *imap,
                                  struct mailimap_set        *set,
                                  struct mailimap_fetch_type *type,
                                  GPtrArray                 **out_rows);

G_END_DECLS
