/* cr-pop3-test-util.h — what the POP3 tests check on the server and in
 * the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-store.h"
#include "cr-test-dovecot.h"

G_BEGIN_DECLS

void          cr_pop3_test_set_dovecot             (CrTestDovecot *dovecot);
void          cr_pop3_test_doveadm                 (const char    *first_arg,
                                                    ...) G_GNUC_NULL_TERMINATED;
void          cr_pop3_test_empty_server            (void);
/* Message i: Message-ID <pop-i@example.test>, French encoded subject,
 * a dot-stuffed line, then @extra_body. */
char         *cr_pop3_test_make_message            (guint          i,
                                                    const char    *extra_body);
void          cr_pop3_test_seed                    (guint          first,
                                                    guint          n);
/* The Message-IDs in the server's INBOX. */
GHashTable   *cr_pop3_test_server_ids              (void);
guint         cr_pop3_test_server_count            (void);
CrStore      *cr_pop3_test_open_store              (const char    *dir);
CrFolderInfo *cr_pop3_test_role_folder             (CrStore       *store,
                                                    CrFolderRole   role);
GPtrArray    *cr_pop3_test_all_messages            (CrStore       *store);
GHashTable   *cr_pop3_test_assert_store_consistent (CrStore       *store);
void          cr_pop3_test_assert_nothing_lost     (CrStore       *store,
                                                    guint          first,
                                                    guint          n);
guint         cr_pop3_test_inbox_total             (CrStore       *store);
gint64        cr_pop3_test_first_message_id        (CrStore       *store,
                                                    gint64         folder_id);

G_END_DECLS
