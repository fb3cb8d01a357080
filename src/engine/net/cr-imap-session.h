/* cr-imap-session.h — a logged-in IMAP connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libetpan/libetpan.h>

#include "cr-session.h"

G_BEGIN_DECLS

#define CR_TYPE_IMAP_SESSION (cr_imap_session_get_type ())

G_DECLARE_FINAL_TYPE (CrImapSession, cr_imap_session, CR, IMAP_SESSION, CrSession)

CrImapSession     *cr_imap_session_new                  (CrServer             *server,
                                                         const char           *login,
                                                         CrCertificateStore   *store,
                                                         GTlsDatabase         *database);
gboolean           cr_imap_session_is_connected         (CrImapSession        *self);
gboolean           cr_imap_session_has_capability       (CrImapSession        *self,
                                                         const char           *name);
mailimap          *cr_imap_session_get_imap             (CrImapSession        *self);
void               cr_imap_session_set_error            (CrImapSession        *self,
                                                         int                   r,
                                                         GError              **error);

G_END_DECLS
