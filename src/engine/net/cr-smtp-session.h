/* cr-smtp-session.h — a logged-in SMTP connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libetpan/libetpan.h>

#include "cr-session.h"

G_BEGIN_DECLS

#define CR_TYPE_SMTP_SESSION (cr_smtp_session_get_type ())

G_DECLARE_FINAL_TYPE (CrSmtpSession, cr_smtp_session, CR, SMTP_SESSION, CrSession)

CrSmtpSession     *cr_smtp_session_new                  (CrServer             *server,
                                                         const char           *login,
                                                         CrCertificateStore   *store,
                                                         GTlsDatabase         *database);
gboolean           cr_smtp_session_is_connected         (CrSmtpSession        *self);
gboolean           cr_smtp_session_has_capability       (CrSmtpSession        *self,
                                                         const char           *name);
mailsmtp          *cr_smtp_session_get_smtp             (CrSmtpSession        *self);

G_END_DECLS
