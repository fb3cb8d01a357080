/* cr-autoconfig.h — Mozilla autoconfig files (config-v1.1.xml)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-setup-result.h"

G_BEGIN_DECLS

/* Real files are a few kilobytes; ISPDB’s largest is under 20. */
#define CR_AUTOCONFIG_MAX_SIZE (64 * 1024)

CrSetupResult *cr_autoconfig_parse (const char     *data,
                                    gsize           len,
                                    const char     *address,
                                    CrSetupSource   source,
                                    GError        **error);

G_END_DECLS
