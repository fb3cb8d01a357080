/* cr-compose-reply.h — replies and forwards, prepared from the message
 * being read; a message of one's own opened again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-account.h"
#include "cr-message-builder.h"
#include "cr-mime-message.h"

G_BEGIN_DECLS

typedef enum
{
  CR_REPLY_SENDER,
  CR_REPLY_ALL,
} CrReplyMode;

typedef enum
{
  CR_FORWARD_INLINE,
  CR_FORWARD_ATTACHMENT,
} CrForwardMode;

char             *cr_compose_reply_subject   (const char          *subject);
char             *cr_compose_forward_subject (const char          *subject);
/* “On 12 March 2026 at 16:46, Bonvenon wrote:”, in the person's
 * language; @date and @from may be NULL. */
char             *cr_compose_quote_header    (GDateTime           *date,
                                              const CrMimeAddress *from);
/* The readable text of @message (its first text part, HTML as text). */
char             *cr_compose_message_text    (CrMimeMessage       *message);
/* Each line behind “> ”. */
char             *cr_compose_quote_text      (const char          *text);

/* From, Reply-To and Organization from @account; recipients, subject,
 * In-Reply-To, References and the quoted text from @original. */
CrMessageBuilder *cr_compose_reply           (CrMimeMessage       *original,
                                              CrAccount           *account,
                                              CrReplyMode          mode);
/* @raw: the original message, attached whole (CR_FORWARD_ATTACHMENT). */
CrMessageBuilder *cr_compose_forward         (CrMimeMessage       *original,
                                              GBytes              *raw,
                                              CrAccount           *account,
                                              CrForwardMode        mode);
/* A message written here before (a draft, one taken back from the
 * outbox) as a builder to go on writing: From, To, Cc, Bcc, Subject, the
 * text, In-Reply-To, References and the attachments. */
CrMessageBuilder *cr_compose_reopen          (GBytes              *raw);

G_END_DECLS
