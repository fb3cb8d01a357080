/* cr-pop3-run.h — one check of a POP3 account, on the calling thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-account.h"
#include "cr-pop3-session.h"
#include "cr-store.h"

G_BEGIN_DECLS

typedef void (*CrPop3ProgressFunc) (guint    done,
                                    guint    total,
                                    gpointer user_data);

typedef struct
{
  CrAccount          *account;
  CrStore            *store;
  CrPop3Session      *session;     /* logged in */
  gint64              now;         /* Unix time, for "delete after N days" */
  guint               batch_size;  /* messages made durable together */
  CrPop3ProgressFunc  progress;
  gpointer            progress_data;
} CrPop3Run;

typedef struct
{
  guint on_server;
  guint downloaded;
  guint deleted;
} CrPop3RunResult;

/* Downloads the new messages into the account's inbox, then sends the
 * DELEs the account's options call for and QUIT. The session is
 * disconnected on return. A failure or a cancellation at any point
 * leaves the store consistent: every stored message has its UIDL, and
 * only stored messages were deleted on the server. */
gboolean cr_pop3_run_check (CrPop3Run        *run,
                            CrPop3RunResult  *out_result,
                            GCancellable     *cancellable,
                            GError          **error);

G_END_DECLS
