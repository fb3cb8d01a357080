/* cr-imap-session.h — a logged-in IMAP connection
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

#define CR_TYPE_IMAP_SESSION (cr_imap_session_get_type ())

G_DECLARE_FINAL_TYPE (CrImapSession, cr_imap_session, CR, IMAP_SESSION, GObject)

CrImapSession     *cr_imap_session_new                  (CrServer             *server,
                                                         const char           *login,
                                                         CrCertificateStore   *store,
                                                         GTlsDatabase         *database);
CrServer          *cr_imap_session_get_server           (CrImapSession        *self);
guint              cr_imap_session_get_timeout          (CrImapSession        *self);
void               cr_imap_session_set_timeout          (CrImapSession        *self,
                                                         guint                 seconds);
gboolean           cr_imap_session_connect_sync         (CrImapSession        *self,
                                                         const char           *password,
                                                         GCancellable         *cancellable,
                                                         GError              **error);
void               cr_imap_session_connect_async        (CrImapSession        *self,
                                                         const char           *password,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           cr_imap_session_connect_finish       (CrImapSession        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
gboolean           cr_imap_session_is_connected         (CrImapSession        *self);
gboolean           cr_imap_session_is_secure            (CrImapSession        *self);
gboolean           cr_imap_session_has_capability       (CrImapSession        *self,
                                                         const char           *name);
CrCertificateInfo *cr_imap_session_get_certificate_info (CrImapSession        *self);
mailimap          *cr_imap_session_get_imap             (CrImapSession        *self);
void               cr_imap_session_set_cancellable      (CrImapSession        *self,
                                                         GCancellable         *cancellable);
void               cr_imap_session_set_error            (CrImapSession        *self,
                                                         int                   r,
                                                         GError              **error);
void               cr_imap_session_disconnect           (CrImapSession        *self);

G_END_DECLS
