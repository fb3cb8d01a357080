/* cr-fake-server.h — a scripted IMAP, POP3 or SMTP server for the cases
 * a real server will not produce (STARTTLS attacks)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CR_FAKE_IMAP,
  CR_FAKE_POP3,
  CR_FAKE_SMTP,
} CrFakeProtocol;

typedef struct _CrFakeServer CrFakeServer;

CrFakeServer *cr_fake_server_new    (CrFakeProtocol  protocol,
                                     const char     *greeting);
void          cr_fake_server_reply  (CrFakeServer   *self,
                                     const char     *command,
                                     const char     *reply);
void          cr_fake_server_then   (CrFakeServer   *self,
                                     const char     *reply);
guint16       cr_fake_server_start  (CrFakeServer   *self);
char         *cr_fake_server_finish (CrFakeServer   *self);
void          cr_fake_server_free   (CrFakeServer   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrFakeServer, cr_fake_server_free)

G_END_DECLS
