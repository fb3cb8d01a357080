/* cr-certificate-info.h — a server certificate that was refused, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CR_TYPE_CERTIFICATE_INFO (cr_certificate_info_get_type ())

G_DECLARE_FINAL_TYPE (CrCertificateInfo, cr_certificate_info, CR, CERTIFICATE_INFO, GObject)

CrCertificateInfo    *cr_certificate_info_new             (const char           *host,
                                                           guint16               port,
                                                           GTlsCertificate      *certificate,
                                                           GTlsCertificateFlags  errors,
                                                           gboolean              changed);
const char           *cr_certificate_info_get_host        (CrCertificateInfo    *self);
guint16               cr_certificate_info_get_port        (CrCertificateInfo    *self);
GTlsCertificate      *cr_certificate_info_get_certificate (CrCertificateInfo    *self);
GTlsCertificateFlags  cr_certificate_info_get_errors      (CrCertificateInfo    *self);
gboolean              cr_certificate_info_get_changed     (CrCertificateInfo    *self);
const char           *cr_certificate_info_get_fingerprint (CrCertificateInfo    *self);
const char           *cr_certificate_info_get_subject     (CrCertificateInfo    *self);
const char           *cr_certificate_info_get_issuer      (CrCertificateInfo    *self);
GDateTime            *cr_certificate_info_get_not_before  (CrCertificateInfo    *self);
GDateTime            *cr_certificate_info_get_not_after   (CrCertificateInfo    *self);
char                **cr_certificate_info_get_reasons     (CrCertificateInfo    *self);
char                 *cr_certificate_info_describe        (CrCertificateInfo    *self);

char                 *cr_certificate_fingerprint          (GTlsCertificate      *certificate);

G_END_DECLS
