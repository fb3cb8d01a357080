/* cr-reader-web.h — the sandboxed web view HTML mail is shown in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

#include "cr-mime-message.h"

G_BEGIN_DECLS

#define CR_TYPE_READER_WEB (cr_reader_web_get_type ())

G_DECLARE_FINAL_TYPE (CrReaderWeb, cr_reader_web, CR, READER_WEB, GtkWidget)

CrReaderWeb   *cr_reader_web_new             (void);
void           cr_reader_web_show_message    (CrReaderWeb   *self,
                                              CrMimeMessage *message,
                                              gboolean       allow_remote);
void           cr_reader_web_clear           (CrReaderWeb   *self);
WebKitWebView *cr_reader_web_get_web_view    (CrReaderWeb   *self);
gboolean       cr_reader_web_get_loaded      (CrReaderWeb   *self);
void           cr_reader_web_set_zoom        (CrReaderWeb   *self,
                                              double         zoom);

G_END_DECLS
