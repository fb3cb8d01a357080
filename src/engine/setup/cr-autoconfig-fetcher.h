/* cr-autoconfig-fetcher.h — fetch autoconfig files over HTTP(S)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-setup-result.h"

G_BEGIN_DECLS

#define CR_AUTOCONFIG_FETCHER_DEFAULT_TIMEOUT 10
#define CR_AUTOCONFIG_ISPDB_URL "https://autoconfig.thunderbird.net/v1.1/"

#define CR_TYPE_AUTOCONFIG_FETCHER (cr_autoconfig_fetcher_get_type ())

G_DECLARE_FINAL_TYPE (CrAutoconfigFetcher, cr_autoconfig_fetcher, CR, AUTOCONFIG_FETCHER, GObject)

CrAutoconfigFetcher *cr_autoconfig_fetcher_new           (void);
void                 cr_autoconfig_fetcher_set_tls_database (CrAutoconfigFetcher  *self,
                                                          GTlsDatabase         *database);
void                 cr_autoconfig_fetcher_set_timeout   (CrAutoconfigFetcher  *self,
                                                          guint                 seconds);
void                 cr_autoconfig_fetcher_set_ports     (CrAutoconfigFetcher  *self,
                                                          guint16               https_port,
                                                          guint16               http_port);
void                 cr_autoconfig_fetcher_set_ispdb_url (CrAutoconfigFetcher  *self,
                                                          const char           *base_url);
char               **cr_autoconfig_fetcher_get_urls      (CrAutoconfigFetcher  *self,
                                                          const char           *address,
                                                          CrSetupSource         source);
void                 cr_autoconfig_fetcher_fetch_async   (CrAutoconfigFetcher  *self,
                                                          const char           *address,
                                                          CrSetupSource         source,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
CrSetupResult       *cr_autoconfig_fetcher_fetch_finish  (CrAutoconfigFetcher  *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
