/* cr-pop3-session.h — a logged-in POP3 connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libetpan/libetpan.h>

#include "cr-certificate-info.h"
#include "cr-certificate-store.h"
#include "cr-server.h"

G_BEGIN_DECLS

#define CR_TYPE_POP3_SESSION (cr_pop3_session_get_type ())

G_DECLARE_FINAL_TYPE (CrPop3Session, cr_pop3_session, CR, POP3_SESSION, GObject)

CrPop3Session     *cr_pop3_session_new                  (CrServer             *server,
                                                         const char           *login,
                                                         CrCertificateStore   *store,
                                                         GTlsDatabase         *database);
CrServer          *cr_pop3_session_get_server           (CrPop3Session        *self);
guint              cr_pop3_session_get_timeout          (CrPop3Session        *self);
void               cr_pop3_session_set_timeout          (CrPop3Session        *self,
                                                         guint                 seconds);
gboolean           cr_pop3_session_connect_sync         (CrPop3Session        *self,
                                                         const char           *password,
                                                         GCancellable         *cancellable,
                                                         GError              **error);
void               cr_pop3_session_connect_async        (CrPop3Session        *self,
                                                         const char           *password,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           cr_pop3_session_connect_finish       (CrPop3Session        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
gboolean           cr_pop3_session_is_connected         (CrPop3Session        *self);
gboolean           cr_pop3_session_is_secure            (CrPop3Session        *self);
gboolean           cr_pop3_session_has_capability       (CrPop3Session        *self,
                                                         const char           *name);
gboolean           cr_pop3_session_offers_apop          (CrPop3Session        *self);
CrCertificateInfo *cr_pop3_session_get_certificate_info (CrPop3Session        *self);
mailpop3          *cr_pop3_session_get_pop3             (CrPop3Session        *self);
void               cr_pop3_session_disconnect           (CrPop3Session        *self);

G_END_DECLS
