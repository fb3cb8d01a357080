/* cr-session.h — what the IMAP, POP3 and SMTP sessions share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-certificate-info.h"
#include "cr-certificate-store.h"
#include "cr-connection.h"
#include "cr-server.h"

G_BEGIN_DECLS

#define CR_TYPE_SESSION (cr_session_get_type ())

G_DECLARE_DERIVABLE_TYPE (CrSession, cr_session, CR, SESSION, GObject)

struct _CrSessionClass
{
  GObjectClass parent_class;

  /* Speaks the protocol over the opened connection up to logged in. */
  gboolean (*log_in)      (CrSession     *self,
                           CrConnection  *connection,
                           const char    *password,
                           GCancellable  *cancellable,
                           GError       **error);
  /* Frees the protocol handle without a word to the server. */
  void     (*drop)        (CrSession     *self);
  /* Says goodbye (LOGOUT, QUIT) if the protocol is still alive. */
  void     (*say_goodbye) (CrSession     *self);
};

CrServer          *cr_session_get_server           (CrSession            *self);
const char        *cr_session_get_host             (CrSession            *self);
const char        *cr_session_get_login            (CrSession            *self);
guint              cr_session_get_timeout          (CrSession            *self);
void               cr_session_set_timeout          (CrSession            *self,
                                                    guint                 seconds);
CrConnection      *cr_session_get_connection       (CrSession            *self);
gboolean           cr_session_connect_sync         (CrSession            *self,
                                                    const char           *password,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void               cr_session_connect_async        (CrSession            *self,
                                                    const char           *password,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean           cr_session_connect_finish       (CrSession            *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
gboolean           cr_session_is_secure            (CrSession            *self);
CrCertificateInfo *cr_session_get_certificate_info (CrSession            *self);
void               cr_session_set_cancellable      (CrSession            *self,
                                                    GCancellable         *cancellable);
void               cr_session_set_stream_error     (CrSession            *self,
                                                    GError              **error);
void               cr_session_set_auth_error       (CrSession            *self,
                                                    const char           *answer,
                                                    GError              **error);
void               cr_session_set_no_starttls_error (CrSession           *self,
                                                    GError              **error);
void               cr_session_set_starttls_refused_error (CrSession      *self,
                                                    const char           *answer,
                                                    GError              **error);
void               cr_session_disconnect           (CrSession            *self);
void               cr_session_abandon              (CrSession            *self);

G_END_DECLS
