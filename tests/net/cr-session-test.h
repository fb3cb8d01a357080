/* cr-session-test.h — the connection cases IMAP and POP3 sessions are tested alike on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-session.h"
#include "cr-test-dovecot.h"

G_BEGIN_DECLS

/* What tells one protocol's session apart in the shared cases. */
typedef struct
{
  const char    *name;          /* the test paths' prefix: "imap-session" */
  CrProtocol     protocol;
  CrTestService  tls;           /* implicit TLS */
  CrTestService  plain;         /* plain text, STARTTLS offered */
  guint16        tls_port;      /* the usual port, for a host that does not exist */
  CrSession   *(*session_new)  (CrServer           *server,
                                CrCertificateStore *store,
                                GTlsDatabase       *database);
  gboolean     (*is_connected) (CrSession          *session);
} CrSessionTestProtocol;

/* Starts the test CA, the private Dovecot, a certificate store and the
 * fixed resolver; after g_test_init(). */
void           cr_session_test_start       (const CrSessionTestProtocol *protocol,
                                            const char                  *env_dir);
void           cr_session_test_stop        (void);
CrTestDovecot *cr_session_test_get_dovecot (void);

/* A session for the Dovecot's user at @host:@port. */
CrSession     *cr_session_test_make        (const char                  *host,
                                            guint16                      port,
                                            CrSecurity                   security,
                                            CrAuthMethod                 auth);

/* Adds the shared cases, in this order: cram-md5,
 * cram-md5-wrong-password, wrong-password/tls, wrong-password/starttls,
 * connection-refused, host-not-found, timeout, async. */
void           cr_session_test_add_cases   (void);

G_END_DECLS
