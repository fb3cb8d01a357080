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

/* CrSession's calls, under this protocol's name for the callers that
 * predate CrSession. */
#define cr_smtp_session_get_server(self)               cr_session_get_server (CR_SESSION (self))
#define cr_smtp_session_get_timeout(self)              cr_session_get_timeout (CR_SESSION (self))
#define cr_smtp_session_set_timeout(self, s)           cr_session_set_timeout (CR_SESSION (self), (s))
#define cr_smtp_session_connect_sync(self, p, c, e)    cr_session_connect_sync (CR_SESSION (self), (p), (c), (e))
#define cr_smtp_session_connect_async(self, p, c, f, d) cr_session_connect_async (CR_SESSION (self), (p), (c), (f), (d))
#define cr_smtp_session_connect_finish(self, r, e)     cr_session_connect_finish (CR_SESSION (self), (r), (e))
#define cr_smtp_session_is_secure(self)                cr_session_is_secure (CR_SESSION (self))
#define cr_smtp_session_get_certificate_info(self)     cr_session_get_certificate_info (CR_SESSION (self))
#define cr_smtp_session_set_cancellable(self, c)       cr_session_set_cancellable (CR_SESSION (self), (c))
#define cr_smtp_session_disconnect(self)               cr_session_disconnect (CR_SESSION (self))

G_END_DECLS
