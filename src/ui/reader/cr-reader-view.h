/* cr-reader-view.h — the reader pane: one message, shown safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cr-mime-message.h"

G_BEGIN_DECLS

#define CR_TYPE_READER_VIEW (cr_reader_view_get_type ())

G_DECLARE_FINAL_TYPE (CrReaderView, cr_reader_view, CR, READER_VIEW, GtkWidget)

CrReaderView  *cr_reader_view_new                (void);
void           cr_reader_view_show_bytes         (CrReaderView  *self,
                                                  GBytes        *raw);
void           cr_reader_view_show_message       (CrReaderView  *self,
                                                  CrMimeMessage *message,
                                                  GBytes        *raw);
void           cr_reader_view_clear              (CrReaderView  *self);
CrMimeMessage *cr_reader_view_get_message        (CrReaderView  *self);
gboolean       cr_reader_view_get_flagged        (CrReaderView  *self);
void           cr_reader_view_set_flagged        (CrReaderView  *self,
                                                  gboolean       flagged);
gboolean       cr_reader_view_get_store_actions  (CrReaderView  *self);
void           cr_reader_view_set_store_actions  (CrReaderView  *self,
                                                  gboolean       store_actions);
gboolean       cr_reader_view_get_remote_blocked (CrReaderView  *self);
gboolean       cr_reader_view_get_loaded         (CrReaderView  *self);
GtkWidget     *cr_reader_view_get_body_widget    (CrReaderView  *self);

G_END_DECLS
