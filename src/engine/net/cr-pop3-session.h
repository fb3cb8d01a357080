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

G_END_DECLS
