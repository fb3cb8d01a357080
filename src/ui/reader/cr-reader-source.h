/* cr-reader-source.h — a window showing a message as it was received
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWindow *cr_reader_source_window_new (GtkWindow  *parent,
                                        const char *title,
                                        GBytes     *raw);
char      *cr_reader_source_text       (GBytes     *raw);

G_END_DECLS
