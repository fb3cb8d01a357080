/* cr-send-queue.h — the application's side of the outbox: “Envoyer”,
 * “Annuler l'envoi”, and the timer that sends what is due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-context.h"
#include "cr-message-builder.h"
#include "cr-outbox.h"

G_BEGIN_DECLS

/* Seconds during which “Annuler l'envoi” is offered. */
#define CR_SEND_QUEUE_DEFAULT_DELAY 5

#define CR_TYPE_SEND_QUEUE (cr_send_queue_get_type ())

G_DECLARE_FINAL_TYPE (CrSendQueue, cr_send_queue, CR, SEND_QUEUE, GObject)

CrSendQueue *cr_send_queue_new          (CrContext        *context);
CrOutbox    *cr_send_queue_get_outbox   (CrSendQueue      *self);
guint        cr_send_queue_get_delay    (CrSendQueue      *self);
void         cr_send_queue_set_delay    (CrSendQueue      *self,
                                         guint             seconds);
/* A password known for this session (typed in a dialog, or given to
 * the command line); otherwise the keyring is asked at each round. */
void         cr_send_queue_set_password (CrSendQueue      *self,
                                         const char       *account_id,
                                         const char       *password);
/* Builds, queues (durably) and arms the timer: sent after the delay.
 * Returns the outbox id, for cr_send_queue_cancel(). */
char        *cr_send_queue_send         (CrSendQueue      *self,
                                         CrAccount        *account,
                                         CrMessageBuilder *builder,
                                         GError          **error);
gboolean     cr_send_queue_cancel       (CrSendQueue      *self,
                                         const char       *id,
                                         GError          **error);
/* Looks at the outbox again (at start-up, back online, after a retry)
 * and arms the timer for the next due message. */
void         cr_send_queue_schedule     (CrSendQueue      *self);

G_END_DECLS
