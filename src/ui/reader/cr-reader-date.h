/* cr-reader-date.h — a message's date as a person says it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cr_reader_format_date (GDateTime *date,
                             GDateTime *now);

G_END_DECLS
