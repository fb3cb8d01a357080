/* cr-test-mailbox.h — an account with folders and messages, straight into a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-context.h"

G_BEGIN_DECLS

typedef struct
{
  CrAccount *account;  /* in the context's manager */
  gint64     inbox;
  gint64     drafts;
  gint64     sent;
  gint64     junk;
  gint64     trash;
  gint64     archive;
  gint64     projects; /* “Projets”, with a child “Projets/Courrier” */
  gint64     invoices; /* “Factures” */
} CrTestMailbox;

/* Adds an IMAP account to @context's manager and its folders to the
 * store; nothing else. */
CrTestMailbox *cr_test_mailbox_new     (CrContext     *context);
void           cr_test_mailbox_free    (CrTestMailbox *self);
/* @n messages in @folder_id with uids from @first_uid, the newest (highest
 * uid) dated @newest and each one an hour older; every third is read,
 * every fifth flagged, every seventh has an attachment. */
void           cr_test_mailbox_fill    (CrStore       *store,
                                        gint64         folder_id,
                                        guint32        first_uid,
                                        guint          n,
                                        gint64         newest);
CrMessageInfo *cr_test_mailbox_message (guint32        uid,
                                        const char    *subject,
                                        const char    *from_name,
                                        gint64         date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrTestMailbox, cr_test_mailbox_free)

G_END_DECLS
