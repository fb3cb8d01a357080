/* cr-test-account.h — the IMAP account of the window tests, against the private Dovecot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-context.h"
#include "cr-test-ca.h"
#include "cr-test-dovecot.h"

G_BEGIN_DECLS

/* The servers a window test starts before GTK: a test CA, the CA as a
 * TLS database, and the private Dovecot with @seeded messages in INBOX. */
typedef struct
{
  CrTestCa      *ca;
  GTlsDatabase  *database;
  CrTestDovecot *dovecot;
} CrTestMailServer;

void             cr_test_mail_server_start    (CrTestMailServer *server,
                                               const char       *env_dir,
                                               guint             seeded);
void             cr_test_mail_server_stop     (CrTestMailServer *server);

/* Trusts the server's CA, adds the account “imap” (Camille Martin,
 * the Dovecot's user through IMAPS) and gives it the password. */
void             cr_test_account_add          (CrContext        *context,
                                               CrTestMailServer *server);
/* As a person typing it: without a keyring storing fails, but the
 * session keeps the password. */
void             cr_test_account_set_password (CrContext        *context,
                                               const char       *password);
CrSyncScheduler *cr_test_account_scheduler    (CrContext        *context);

G_END_DECLS
