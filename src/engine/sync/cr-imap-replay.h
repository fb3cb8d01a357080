/* cr-imap-replay.h — local-first operations replayed to the IMAP server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-imap-sync-run.h"

G_BEGIN_DECLS

/* Replays every operation of the run's account that is due now, oldest
 * first. FALSE with @error set when the connection or the store failed:
 * the operations not done stay queued, to be replayed later. */
gboolean cr_imap_replay_run (CrImapSyncRun  *run,
                             GError        **error);

G_END_DECLS
