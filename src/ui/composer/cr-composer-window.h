/* cr-composer-window.h — a window to write a message and send it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cr-context.h"
#include "cr-message-builder.h"
#include "cr-send-queue.h"

G_BEGIN_DECLS

#define CR_TYPE_COMPOSER_WINDOW (cr_composer_window_get_type ())

G_DECLARE_FINAL_TYPE (CrComposerWindow, cr_composer_window, CR, COMPOSER_WINDOW, AdwWindow)

/* @prefill: (nullable) a reply or a forward from cr_compose_reply() or
 * cr_compose_forward(), or a restored draft; its From picks the account. */
CrComposerWindow *cr_composer_window_new            (CrContext        *context,
                                                     CrSendQueue      *queue,
                                                     CrMessageBuilder *prefill);
/* The builder for what is in the window now (no validation). */
CrMessageBuilder *cr_composer_window_dup_builder    (CrComposerWindow *self);
/* The outbox id of the message once “Envoyer” succeeded, else NULL. */
const char       *cr_composer_window_get_sent_id    (CrComposerWindow *self);
/* The draft's key in CrDrafts. */
const char       *cr_composer_window_get_draft_key  (CrComposerWindow *self);
/* Composers for the drafts a crash left open (cr_drafts_list_crashed()),
 * filled and not yet shown: (element-type CrComposerWindow) (transfer
 * container). */
GPtrArray        *cr_composer_window_restore_drafts (CrContext        *context,
                                                     CrSendQueue      *queue);
/* Whether @text speaks of an attachment (“pièce jointe”, “ci-joint”,
 * “attached”…). */
gboolean          cr_composer_mentions_attachment   (const char       *text);

G_END_DECLS
