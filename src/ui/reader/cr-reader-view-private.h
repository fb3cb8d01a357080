/* cr-reader-view-private.h — what the reader's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-reader-attachments.h"
#include "cr-reader-text.h"
#include "cr-reader-view.h"
#include "cr-reader-web.h"

G_BEGIN_DECLS

struct _CrReaderView
{
  GtkWidget            parent_instance;

  GSettings           *settings;
  GCancellable        *cancellable;
  CrMimeMessage       *message;
  GBytes              *raw;
  CrReaderWeb         *web;
  double               zoom;
  guint                read_timeout_id;
  guint                flagged : 1;
  guint                store_actions : 1;
  guint                remote_blocked : 1;
  guint                remote_allowed : 1;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  GtkLabel            *subject_label;
  GtkWidget           *store_actions_box;
  GtkToggleButton     *flag_button;
  AdwAvatar           *avatar;
  GtkLabel            *sender_name_label;
  GtkLabel            *sender_address_label;
  GtkLabel            *date_label;
  GtkLabel            *to_label;
  GtkLabel            *cc_label;
  GtkWidget           *notes_box;
  GtkWidget           *remote_bar;
  GtkStack            *body_stack;
  CrReaderText        *text_view;
  CrReaderAttachments *attachments;
};

void       cr_reader_view_toast           (CrReaderView   *self,
                                           const char     *title);
GtkWindow *cr_reader_view_parent_window   (CrReaderView   *self);
char      *cr_reader_view_sender_key      (CrMimeMessage  *message);
void       cr_reader_view_show_body       (CrReaderView   *self);
void       cr_reader_view_update_actions  (CrReaderView   *self);
void       cr_reader_view_set_zoom        (CrReaderView   *self,
                                           double          zoom);
void       cr_reader_view_open_link       (CrReaderView   *self,
                                           const char     *uri,
                                           const char     *label);
void       cr_reader_view_activate_link   (CrReaderView   *self,
                                           const char     *uri);
void       cr_reader_view_show_header     (CrReaderView   *self);
void       cr_reader_view_show_notes      (CrReaderView   *self);
void       cr_reader_view_install_actions (GtkWidgetClass *widget_class);

G_END_DECLS
