/* cr-reader-print.h — printing a plain-text message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

G_BEGIN_DECLS

void                  cr_reader_print_text        (GtkWindow     *parent,
                                                   const char    *title,
                                                   GtkTextView   *view);
void                  cr_reader_print_web         (GtkWindow     *parent,
                                                   WebKitWebView *view);
WebKitPrintOperation *cr_reader_print_web_to_file (WebKitWebView *view,
                                                   GFile         *file);

G_END_DECLS
