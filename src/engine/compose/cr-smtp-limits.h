/* cr-smtp-limits.h — what each account's outgoing server said it accepts
 *
 * The SIZE an SMTP server announces (RFC 1870) is learnt at each
 * connection and kept per account in the data directory
 * (smtp-limits.ini; accounts.ini is the account manager's), so that the
 * composer can warn before a message too large is even queued.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cr-paths.h"

G_BEGIN_DECLS

/* Above this, a message is likely refused when the server's limit is
 * unknown: 25 MB is the common limit of large providers. */
#define CR_SMTP_LIMITS_DEFAULT_SIZE ((guint64) 25 * 1000 * 1000)

/* @size: the server's limit, 0 when it announced none. */
void     cr_smtp_limits_note       (CrPaths    *paths,
                                    const char *account_id,
                                    guint64     size);
/* The limit seen at the last connection, 0 when unknown. */
guint64  cr_smtp_limits_get_size   (CrPaths    *paths,
                                    const char *account_id);
/* How large @attachments_size bytes of files make a message: base64
 * turns 3 bytes into 4, plus line ends every 76 characters, plus
 * @text_size of text and headers. */
guint64  cr_smtp_limits_estimate   (guint64     text_size,
                                    guint64     attachments_size);

/* What to tell the person before sending a message of @estimate bytes
 * (cr_smtp_limits_estimate()) through @account_id's server: NULL when it
 * fits, else a sentence with both sizes in human units, worded for a
 * known limit or for the default one. */
char    *cr_smtp_limits_check      (CrPaths    *paths,
                                    const char *account_id,
                                    guint64     estimate);

G_END_DECLS
