/* cr-etpan-stream.h — libetpan streams over a CrConnection
 *
 * Engine-internal: the UI never sees libetpan types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libetpan/libetpan.h>

#include "cr-connection.h"

G_BEGIN_DECLS

/* At least one TLS record, so that no decrypted bytes wait inside the TLS
 * layer while libetpan believes the stream is idle. */
#define CR_ETPAN_STREAM_BUFFER_SIZE 16384

mailstream   *cr_etpan_stream_new            (CrConnection  *connection);
gboolean      cr_etpan_stream_check_no_pending (mailstream    *stream,
                                                CrConnection  *connection,
                                                GError       **error);
gboolean      cr_etpan_stream_starttls       (mailstream    *stream,
                                              CrConnection  *connection,
                                              GCancellable  *cancellable,
                                              GError       **error);
CrConnection *cr_etpan_stream_get_connection (mailstream    *stream);

/* Exported by libetpan 1.9.4 but declared in headers it does not install. */
struct mailstream_cancel *mailstream_cancel_new       (void);
void                      mailstream_cancel_free      (struct mailstream_cancel *cancel);
void                      mailstream_cancel_notify    (struct mailstream_cancel *cancel);
void                      mailstream_cancel_ack       (struct mailstream_cancel *cancel);
int                       mailstream_cancel_cancelled (struct mailstream_cancel *cancel);
int                       mailstream_cancel_get_fd    (struct mailstream_cancel *cancel);
int                       mailsmtp_send_command_private (mailsmtp *session,
                                                         char     *command);
int                       mailsmtp_read_response        (mailsmtp *session);

G_END_DECLS
