/* cr-mime-header-private.h — what the header and parameter decoders share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cr_mime_replace_controls (char *text);

G_END_DECLS
