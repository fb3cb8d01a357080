/* cr-cli-imap.h — one online IMAP operation for a courrier-cli command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-cli.h"
#include "cr-imap-sync.h"

G_BEGIN_DECLS

/* Starts the operation on @sync; @done must be its callback. */
typedef void (*CrCliImapStart)  (CrImapSync          *sync,
                                 GAsyncReadyCallback  done,
                                 gpointer             done_data,
                                 gpointer             user_data);
/* Finishes it, prints what it did, returns the exit status. */
typedef int  (*CrCliImapFinish) (CrImapSync          *sync,
                                 GAsyncResult        *result,
                                 gpointer             user_data);

/* Runs one operation with the account's worker: the password from
 * standard input (@password_stdin) or the keyring. Returns the exit
 * status. The account must be an IMAP one. */
int cr_cli_imap_run (CrCli           *cli,
                     CrAccount       *account,
                     gboolean         password_stdin,
                     CrCliImapStart   start,
                     CrCliImapFinish  finish,
                     gpointer         user_data);

G_END_DECLS
