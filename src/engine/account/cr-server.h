/* cr-server.h — one mail server of an account: where and how to log in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CR_PROTOCOL_IMAP, /*< nick=imap >*/
  CR_PROTOCOL_POP3, /*< nick=pop3 >*/
  CR_PROTOCOL_SMTP, /*< nick=smtp >*/
} CrProtocol;

/* TLS is implicit TLS from the first byte, what the guide calls “SSL/TLS”. */
typedef enum
{
  CR_SECURITY_TLS,      /*< nick=tls >*/
  CR_SECURITY_STARTTLS, /*< nick=starttls >*/
  CR_SECURITY_NONE,     /*< nick=none >*/
} CrSecurity;

/* “Mot de passe normal” and “Mot de passe chiffré” in the guide; APOP is
 * for POP3 only. New methods go at the end: the values are stored. */
typedef enum
{
  CR_AUTH_PASSWORD, /*< nick=password >*/
  CR_AUTH_CRAM_MD5, /*< nick=cram-md5 >*/
  CR_AUTH_APOP,     /*< nick=apop >*/
} CrAuthMethod;

#define CR_TYPE_SERVER (cr_server_get_type ())

G_DECLARE_FINAL_TYPE (CrServer, cr_server, CR, SERVER, GObject)

CrServer     *cr_server_new             (CrProtocol    protocol);
CrServer     *cr_server_copy            (CrServer     *self);
gboolean      cr_server_equal           (CrServer     *a,
                                         CrServer     *b);

CrProtocol    cr_server_get_protocol    (CrServer     *self);
void          cr_server_set_protocol    (CrServer     *self,
                                         CrProtocol    protocol);
const char   *cr_server_get_host        (CrServer     *self);
void          cr_server_set_host        (CrServer     *self,
                                         const char   *host);
guint16       cr_server_get_port        (CrServer     *self);
void          cr_server_set_port        (CrServer     *self,
                                         guint16       port);
CrSecurity    cr_server_get_security    (CrServer     *self);
void          cr_server_set_security    (CrServer     *self,
                                         CrSecurity    security);
CrAuthMethod  cr_server_get_auth_method (CrServer     *self);
void          cr_server_set_auth_method (CrServer     *self,
                                         CrAuthMethod  auth_method);
const char   *cr_server_get_login       (CrServer     *self);
void          cr_server_set_login       (CrServer     *self,
                                         const char   *login);

guint16       cr_server_default_port    (CrProtocol    protocol,
                                         CrSecurity    security);
const char   *cr_protocol_to_string     (CrProtocol    protocol);

G_END_DECLS
