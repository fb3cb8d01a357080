/* cr-pop3-session.h — a logged-in POP3 connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libetpan/libetpan.h>

#include "cr-session.h"

G_BEGIN_DECLS

#define CR_TYPE_POP3_SESSION (cr_pop3_session_get_type ())

G_DECLARE_FINAL_TYPE (CrPop3Session, cr_pop3_session, CR, POP3_SESSION, CrSession)

CrPop3Session     *cr_pop3_session_new                  (CrServer             *server,
                                                         const char           *login,
                                                         CrCertificateStore   *store,
                                                         GTlsDatabase         *database);
gboolean           cr_pop3_session_is_connected         (CrPop3Session        *self);
gboolean           cr_pop3_session_has_capability       (CrPop3Session        *self,
                                                         const char           *name);
gboolean           cr_pop3_session_offers_apop          (CrPop3Session        *self);
mailpop3          *cr_pop3_session_get_pop3             (CrPop3Session        *self);

/* CrSession's calls, under this protocol's name for the callers that
 * predate CrSession. */
#define cr_pop3_session_get_server(self)               cr_session_get_server (CR_SESSION (self))
#define cr_pop3_session_get_timeout(self)              cr_session_get_timeout (CR_SESSION (self))
#define cr_pop3_session_set_timeout(self, s)           cr_session_set_timeout (CR_SESSION (self), (s))
#define cr_pop3_session_connect_sync(self, p, c, e)    cr_session_connect_sync (CR_SESSION (self), (p), (c), (e))
#define cr_pop3_session_connect_async(self, p, c, f, d) cr_session_connect_async (CR_SESSION (self), (p), (c), (f), (d))
#define cr_pop3_session_connect_finish(self, r, e)     cr_session_connect_finish (CR_SESSION (self), (r), (e))
#define cr_pop3_session_is_secure(self)                cr_session_is_secure (CR_SESSION (self))
#define cr_pop3_session_get_certificate_info(self)     cr_session_get_certificate_info (CR_SESSION (self))
#define cr_pop3_session_set_cancellable(self, c)       cr_session_set_cancellable (CR_SESSION (self), (c))
#define cr_pop3_session_disconnect(self)               cr_session_disconnect (CR_SESSION (self))

G_END_DECLS
