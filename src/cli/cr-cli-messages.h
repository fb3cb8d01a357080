/* cr-cli-messages.h — how courrier-cli prints folders and messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cr-cli.h"
#include "cr-store.h"

G_BEGIN_DECLS

/* The account's store folder named by a role nick ("inbox", "sent",
 * "drafts", "trash", "junk", "archive") or by its path, raw (modified
 * UTF-7) or decoded. */
CrFolderInfo *cr_cli_lookup_folder        (CrStore        *store,
                                           const char     *account_id,
                                           const char     *name,
                                           GError        **error);
/* The folder's path in UTF-8. */
char         *cr_cli_folder_display_path  (CrFolderInfo   *folder);
/* "seen", "flagged"…: the nicks of the set flags. */
GStrv         cr_cli_flag_names           (CrMessageFlags  flags);
/* ISO 8601, UTC: 2026-03-03T08:15:00Z. */
char         *cr_cli_format_date          (gint64          unix_time);
/* One line: id, date, flags, sender, subject (tab-separated). */
void          cr_cli_print_message_line   (CrMessageInfo  *info);
/* An object with the decoded headers, flags and attachment names. */
void          cr_cli_add_message_members  (JsonBuilder    *builder,
                                           CrMessageInfo  *info,
                                           CrFolderInfo   *folder);
/* A JSON array of messages, or one line each. */
void          cr_cli_print_messages       (CrStore        *store,
                                           GPtrArray      *infos,
                                           gboolean        json);

G_END_DECLS
