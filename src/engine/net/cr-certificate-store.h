/* cr-certificate-store.h — certificates the person chose to trust
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-certificate-info.h"
#include "cr-paths.h"

G_BEGIN_DECLS

#define CR_TYPE_CERTIFICATE_STORE (cr_certificate_store_get_type ())

G_DECLARE_FINAL_TYPE (CrCertificateStore, cr_certificate_store, CR, CERTIFICATE_STORE, GObject)

CrCertificateStore *cr_certificate_store_new                 (const char          *path);
CrCertificateStore *cr_certificate_store_new_for_paths       (CrPaths             *paths);
const char         *cr_certificate_store_get_path            (CrCertificateStore  *self);
gboolean            cr_certificate_store_trust               (CrCertificateStore  *self,
                                                              CrCertificateInfo   *info,
                                                              GError             **error);
gboolean            cr_certificate_store_trust_fingerprint   (CrCertificateStore  *self,
                                                              const char          *host,
                                                              guint16              port,
                                                              const char          *sha256,
                                                              GError             **error);
gboolean            cr_certificate_store_is_trusted          (CrCertificateStore  *self,
                                                              const char          *host,
                                                              guint16              port,
                                                              GTlsCertificate     *certificate);
char               *cr_certificate_store_get_fingerprint     (CrCertificateStore  *self,
                                                              const char          *host,
                                                              guint16              port);
gboolean            cr_certificate_store_forget              (CrCertificateStore  *self,
                                                              const char          *host,
                                                              guint16              port,
                                                              GError             **error);

char               *cr_certificate_normalize_fingerprint     (const char          *sha256);

G_END_DECLS
