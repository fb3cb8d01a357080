/* cr-reader-links.h — addresses and links found in text, deceptive links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CR_READER_LINK_URL,
  CR_READER_LINK_ADDRESS,
} CrReaderLinkKind;

/**
 * CrReaderLink:
 * @start: byte offset of the link's first character in the text
 * @end: byte offset just after its last character
 * @kind: a web (or FTP) address, or an e-mail address
 * @target: what it points to: the URL (“www.” given “https://”), or the
 *   bare e-mail address
 */
typedef struct
{
  gsize             start;
  gsize             end;
  CrReaderLinkKind  kind;
  char             *target;
} CrReaderLink;

GArray   *cr_reader_find_links         (const char *text);
char     *cr_reader_link_label_domain  (const char *label);
gboolean  cr_reader_link_is_deceptive  (const char *label,
                                        const char *href);

G_END_DECLS
