/* cr-pop3-wire.h — POP3 commands sent and read over a logged-in stream
 *
 * libetpan's mailpop3 sends one command and waits for its answer; the
 * download engine needs to keep several RETR, TOP or DELE in flight
 * (RFC 2449 PIPELINING), so it speaks the protocol itself once
 * CrPop3Session has logged in. Engine-internal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libetpan/libetpan.h>

G_BEGIN_DECLS

typedef struct _CrPop3Wire CrPop3Wire;

/* One line of LIST joined with UIDL (or the TOP hash when UIDL is not
 * there). */
typedef struct
{
  guint  number;
  gint64 size;
  char  *uidl;
} CrPop3Entry;

CrPop3Wire *cr_pop3_wire_new            (mailstream   *stream,
                                         const char   *host);
void        cr_pop3_wire_free           (CrPop3Wire   *self);
/* Queues a command line (without CRLF); nothing is sent until flush. */
gboolean    cr_pop3_wire_send           (CrPop3Wire   *self,
                                         GError      **error,
                                         const char   *format,
                                         ...) G_GNUC_PRINTF (3, 4);
gboolean    cr_pop3_wire_flush          (CrPop3Wire   *self,
                                         GError      **error);
/* Reads a status line. -ERR sets @error (CR_NET_ERROR_SERVER_ERROR) and
 * sets @out_refused, so that the caller can tell it from a lost link. */
gboolean    cr_pop3_wire_read_status    (CrPop3Wire   *self,
                                         gboolean     *out_refused,
                                         GError      **error);
/* Reads a multi-line body up to the lone ".", dot-stuffing removed,
 * line ends kept as they came. */
GBytes     *cr_pop3_wire_read_multiline (CrPop3Wire   *self,
                                         GError      **error);

void        cr_pop3_entry_free          (CrPop3Entry  *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrPop3Wire, cr_pop3_wire_free)

G_END_DECLS
