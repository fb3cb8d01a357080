/* cr-sasl.h — what Cyrus SASL can do on this system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean cr_sasl_has_mechanism   (const char  *mechanism);
gboolean cr_sasl_check_mechanism (const char  *mechanism,
                                  GError     **error);

G_END_DECLS
