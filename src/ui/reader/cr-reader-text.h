/* cr-reader-text.h — a plain-text message, with its quotes and links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cr-mime-message.h"

G_BEGIN_DECLS

#define CR_TYPE_READER_TEXT (cr_reader_text_get_type ())

G_DECLARE_FINAL_TYPE (CrReaderText, cr_reader_text, CR, READER_TEXT, GtkWidget)

CrReaderText *cr_reader_text_new          (void);
void          cr_reader_text_show_message (CrReaderText  *self,
                                           CrMimeMessage *message);
GtkTextView  *cr_reader_text_get_view     (CrReaderText  *self);
const char   *cr_reader_text_link_at      (CrReaderText  *self,
                                           const GtkTextIter *iter);
void          cr_reader_text_set_zoom     (CrReaderText  *self,
                                           double         zoom);

G_END_DECLS
