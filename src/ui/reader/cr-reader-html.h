/* cr-reader-html.h — the one HTML document a message is shown as
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-mime-message.h"

G_BEGIN_DECLS

typedef enum
{
  CR_READER_HTML_DEFAULT      = 0,
  CR_READER_HTML_ALLOW_REMOTE = 1 << 0,
  CR_READER_HTML_DARK         = 1 << 1,
} CrReaderHtmlFlags;

gboolean  cr_reader_html_message_has_html (CrMimeMessage     *message);
char     *cr_reader_html_build            (CrMimeMessage     *message,
                                           CrReaderHtmlFlags  flags,
                                           GHashTable        *inline_parts);
char     *cr_reader_html_build_failure    (CrReaderHtmlFlags  flags);
char     *cr_reader_html_csp              (gboolean           allow_remote);
gboolean  cr_reader_html_has_remote       (const char        *html);
GHashTable *cr_reader_html_link_labels  (const char        *html);
void      cr_reader_html_append_text      (GString           *out,
                                           GPtrArray         *blocks);

G_END_DECLS
