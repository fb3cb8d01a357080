/* cr-reader-print.h — printing a plain-text message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void cr_reader_print_text (GtkWindow   *parent,
                           const char  *title,
                           GtkTextView *view);

G_END_DECLS
