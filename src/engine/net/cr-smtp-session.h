/* cr-smtp-session.h — a logged-in SMTP connection
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

#define CR_TYPE_SMTP_SESSION (cr_smtp_session_get_type ())

G_DECLARE_FINAL_TYPE (CrSmtpSession, cr_smtp_session, CR, SMTP_SESSION, GObject)

CrSmtpSession     *cr_smtp_session_new                  (CrServer             *server,
                                                         const char           *login,
                                                         CrCertificateStore   *store,
                                                         GTlsDatabase         *database);
CrServer          *cr_smtp_session_get_server           (CrSmtpSession        *self);
guint              cr_smtp_session_get_timeout          (CrSmtpSession        *self);
void               cr_smtp_session_set_timeout          (CrSmtpSession        *self,
                                                         guint                 seconds);
gboolean           cr_smtp_session_connect_sync         (CrSmtpSession        *self,
                                                         const char           *password,
                                                         GCancellable         *cancellable,
                                                         GError              **error);
void               cr_smtp_session_connect_async        (CrSmtpSession        *self,
                                                         const char           *password,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           cr_smtp_session_connect_finish       (CrSmtpSession        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
gboolean           cr_smtp_session_is_connected         (CrSmtpSession        *self);
gboolean           cr_smtp_session_is_secure            (CrSmtpSession        *self);
gboolean           cr_smtp_session_has_capability       (CrSmtpSession        *self,
                                                         const char           *name);
CrCertificateInfo *cr_smtp_session_get_certificate_info (CrSmtpSession        *self);
mailsmtp          *cr_smtp_session_get_smtp             (CrSmtpSession        *self);
void               cr_smtp_session_disconnect           (CrSmtpSession        *self);

G_END_DECLS
