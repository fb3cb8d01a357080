/* cr-composer-window-private.h — what the files of CrComposerWindow share
 *
 * cr-composer-window.c builds the window, its fields, attachments and
 * sending; cr-composer-drafts.c keeps the draft.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-composer-window.h"
#include "cr-drafts.h"

G_BEGIN_DECLS

struct _CrComposerWindow
{
  AdwWindow         parent_instance;

  CrContext        *context;
  CrSendQueue      *queue;
  CrDrafts         *drafts;
  CrMessageBuilder *prefill;
  GPtrArray        *accounts;    /* (element-type CrAccount) */
  GPtrArray        *files;       /* (element-type GFile) attached here */
  char             *draft_key;
  char             *sent_id;
  guint             draft_timeout;
  gboolean          draft_saved;  /* on disk: to release when closed */

  GtkDropDown      *from;
  GtkEntry         *to;
  GtkEntry         *cc;
  GtkEntry         *bcc;
  GtkEntry         *subject;
  GtkTextView      *body;
  GtkLabel         *size_label;
  GtkListBox       *attachment_list;
  GtkLabel         *status;
  GtkButton        *send_button;
};

/* A composer for @draft (nullable) as it was saved, no signature added;
 * @key: (nullable) the draft it goes on writing. */
CrComposerWindow *cr_composer_window_new_restored (CrContext        *context,
                                                   CrSendQueue      *queue,
                                                   CrMessageBuilder *draft,
                                                   const char       *key);
/* The account chosen in From, or NULL. */
CrAccount *cr_composer_window_get_account    (CrComposerWindow *self);

/* Drafts (cr-composer-drafts.c) */
/* Saves the draft a little after the last change. */
void       cr_composer_window_schedule_draft (CrComposerWindow *self);
/* A change not saved yet is saved now (the window closes). */
void       cr_composer_window_flush_draft    (CrComposerWindow *self);
/* Sent: every copy of the draft goes. */
void       cr_composer_window_discard_draft  (CrComposerWindow *self,
                                              CrAccount        *account);
/* The person closed the window: the draft goes on to Brouillons, its
 * local copy then removed; not a crash to offer back. */
void       cr_composer_window_close_draft    (CrComposerWindow *self);

G_END_DECLS
