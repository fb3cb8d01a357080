/* cr-smtp-send.h — one message through a logged-in SMTP session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-smtp-session.h"

G_BEGIN_DECLS

#define CR_SEND_ERROR (cr_send_error_quark ())

/* Network failures stay in CR_NET_ERROR. */
typedef enum
{
  CR_SEND_ERROR_TOO_LARGE,
  CR_SEND_ERROR_EIGHT_BIT,
  CR_SEND_ERROR_SENDER_REFUSED,
  CR_SEND_ERROR_RECIPIENTS_REFUSED,
  CR_SEND_ERROR_TEMPORARY,
  CR_SEND_ERROR_REFUSED,
} CrSendError;

/* Called once the server accepted the envelope, just before DATA: the
 * outbox marks the message as being sent. Returning FALSE stops. */
typedef gboolean (*CrSmtpBeforeData) (gpointer   user_data,
                                      GError   **error);

GQuark   cr_send_error_quark        (void);

gboolean cr_smtp_send_raw           (CrSmtpSession       *session,
                                     const char          *from,
                                     const char * const  *recipients,
                                     GBytes              *raw,
                                     CrSmtpBeforeData     before_data,
                                     gpointer             user_data,
                                     GError             **error);
/* @raw without its Bcc fields: what cr_smtp_send_raw() puts on the
 * wire. (transfer full) */
GBytes  *cr_smtp_send_strip_bcc     (GBytes              *raw);
/* The largest message the server said it takes (EHLO SIZE n), 0 when
 * it did not say. */
guint64  cr_smtp_send_get_size_limit (CrSmtpSession      *session);
/* Worth trying again later: a 4xx answer or a network failure. */
gboolean cr_send_error_is_temporary (const GError        *error);

G_END_DECLS
