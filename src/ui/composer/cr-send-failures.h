/* cr-send-failures.h — a message the outgoing server refused for good,
 * told to the person, with a way to fix it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cr-message-builder.h"
#include "cr-send-queue.h"

G_BEGIN_DECLS

#define CR_TYPE_SEND_FAILURES (cr_send_failures_get_type ())

G_DECLARE_FINAL_TYPE (CrSendFailures, cr_send_failures, CR, SEND_FAILURES, GObject)

/* Watches @queue's rounds; dialogs are shown over @parent (weak).
 * Signal “edit” (CrMessageBuilder): the person chose to fix a refused
 * message, now taken out of the outbox, to be opened in a composer. */
CrSendFailures *cr_send_failures_new   (CrSendQueue    *queue,
                                        GtkWindow      *parent);
/* Shows the failed messages of @account_id (NULL: all) not shown yet:
 * after a round, and at start-up for those a previous run left. */
void            cr_send_failures_check (CrSendFailures *self,
                                        const char     *account_id);

G_END_DECLS
