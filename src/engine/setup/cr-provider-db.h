/* cr-provider-db.h — the built-in list of mail providers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-setup-result.h"

G_BEGIN_DECLS

#define CR_TYPE_PROVIDER_DB (cr_provider_db_get_type ())

G_DECLARE_FINAL_TYPE (CrProviderDb, cr_provider_db, CR, PROVIDER_DB, GObject)

CrProviderDb  *cr_provider_db_new            (GBytes             *json,
                                              GError            **error);
CrProviderDb  *cr_provider_db_new_default    (GError            **error);
guint          cr_provider_db_get_n_providers (CrProviderDb      *self);
CrSetupResult *cr_provider_db_lookup_domain  (CrProviderDb       *self,
                                              const char         *address);
CrSetupResult *cr_provider_db_lookup_mx      (CrProviderDb       *self,
                                              const char         *address,
                                              const char *const  *mx_hosts);

G_END_DECLS
