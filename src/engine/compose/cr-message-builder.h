/* cr-message-builder.h — an outgoing message, written as RFC 5322
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-mime-header.h"

G_BEGIN_DECLS

#define CR_COMPOSE_ERROR (cr_compose_error_quark ())

typedef enum
{
  CR_COMPOSE_ERROR_NO_SENDER,
  CR_COMPOSE_ERROR_NO_RECIPIENT,
  CR_COMPOSE_ERROR_INVALID_ADDRESS,
  CR_COMPOSE_ERROR_INVALID_MESSAGE,
} CrComposeError;

#define CR_TYPE_MESSAGE_BUILDER (cr_message_builder_get_type ())

G_DECLARE_FINAL_TYPE (CrMessageBuilder, cr_message_builder, CR, MESSAGE_BUILDER, GObject)

GQuark            cr_compose_error_quark            (void);

CrMessageBuilder *cr_message_builder_new            (void);

void              cr_message_builder_set_from       (CrMessageBuilder    *self,
                                                     const char          *name,
                                                     const char          *address);
const CrMimeAddress *cr_message_builder_get_from    (CrMessageBuilder    *self);
void              cr_message_builder_add_to         (CrMessageBuilder    *self,
                                                     const char          *name,
                                                     const char          *address);
void              cr_message_builder_add_cc         (CrMessageBuilder    *self,
                                                     const char          *name,
                                                     const char          *address);
void              cr_message_builder_add_bcc        (CrMessageBuilder    *self,
                                                     const char          *name,
                                                     const char          *address);
void              cr_message_builder_add_reply_to   (CrMessageBuilder    *self,
                                                     const char          *name,
                                                     const char          *address);
/* (element-type CrMimeAddress) */
GPtrArray        *cr_message_builder_get_to         (CrMessageBuilder    *self);
GPtrArray        *cr_message_builder_get_cc         (CrMessageBuilder    *self);
GPtrArray        *cr_message_builder_get_bcc        (CrMessageBuilder    *self);

void              cr_message_builder_set_subject    (CrMessageBuilder    *self,
                                                     const char          *subject);
const char       *cr_message_builder_get_subject    (CrMessageBuilder    *self);
/* Plain text as typed (“\n” line ends); sent as format=flowed. */
void              cr_message_builder_set_body       (CrMessageBuilder    *self,
                                                     const char          *text);
const char       *cr_message_builder_get_body       (CrMessageBuilder    *self);
void              cr_message_builder_set_organization (CrMessageBuilder  *self,
                                                     const char          *organization);
void              cr_message_builder_set_in_reply_to (CrMessageBuilder   *self,
                                                     const char          *message_id);
const char       *cr_message_builder_get_in_reply_to (CrMessageBuilder   *self);
/* Message-IDs without angle brackets, oldest first. */
void              cr_message_builder_set_references (CrMessageBuilder    *self,
                                                     const char * const  *message_ids);
const char * const *cr_message_builder_get_references (CrMessageBuilder  *self);
/* Defaults: now, in the local time zone; a random id at the sender's
 * domain, made when the message is first built. */
void              cr_message_builder_set_date       (CrMessageBuilder    *self,
                                                     GDateTime           *date);
void              cr_message_builder_set_message_id (CrMessageBuilder    *self,
                                                     const char          *message_id);
const char       *cr_message_builder_get_message_id (CrMessageBuilder    *self);

/* @content_type NULL: guessed from the name and the data. */
void              cr_message_builder_add_attachment (CrMessageBuilder    *self,
                                                     const char          *filename,
                                                     const char          *content_type,
                                                     GBytes              *data);
gboolean          cr_message_builder_add_attachment_file (CrMessageBuilder *self,
                                                     GFile               *file,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
/* A whole message attached (message/rfc822), as when forwarding. */
void              cr_message_builder_add_message_attachment (CrMessageBuilder *self,
                                                     const char          *filename,
                                                     GBytes              *raw);
guint             cr_message_builder_get_n_attachments (CrMessageBuilder *self);
const char       *cr_message_builder_get_attachment_name (CrMessageBuilder *self,
                                                     guint                index);
GBytes           *cr_message_builder_get_attachment_data (CrMessageBuilder *self,
                                                     guint                index);
void              cr_message_builder_remove_attachment (CrMessageBuilder *self,
                                                     guint                index);
/* Adds @from's attachments to @self (a forward's files in a composer). */
void              cr_message_builder_copy_attachments (CrMessageBuilder *self,
                                                     CrMessageBuilder    *from);
/* The sum of the attachments' sizes, before encoding. */
gsize             cr_message_builder_get_attachments_size (CrMessageBuilder *self);

/* The envelope: every To, Cc and Bcc address, without duplicates. */
char            **cr_message_builder_dup_recipients (CrMessageBuilder    *self);
/* Drafts may have no recipient: @for_sending FALSE allows it. Bcc is
 * in the result either way (the draft, the Envoyés copy):
 * cr_smtp_send_raw() leaves it out of what travels. */
GBytes           *cr_message_builder_build          (CrMessageBuilder    *self,
                                                     gboolean             for_sending,
                                                     GError             **error);

G_END_DECLS
