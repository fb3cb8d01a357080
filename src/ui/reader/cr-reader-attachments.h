/* cr-reader-attachments.h — a message's attachments: open, save
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cr-mime-message.h"

G_BEGIN_DECLS

#define CR_TYPE_READER_ATTACHMENTS (cr_reader_attachments_get_type ())

G_DECLARE_FINAL_TYPE (CrReaderAttachments, cr_reader_attachments, CR, READER_ATTACHMENTS, GtkWidget)

CrReaderAttachments *cr_reader_attachments_new              (void);
void                 cr_reader_attachments_set_parts        (CrReaderAttachments  *self,
                                                             GPtrArray            *parts);
guint                cr_reader_attachments_get_n_parts      (CrReaderAttachments  *self);
char                *cr_reader_attachments_safe_filename    (CrMimePart           *part);
GFile               *cr_reader_attachments_write_private    (CrMimePart           *part,
                                                             GError              **error);

G_END_DECLS
