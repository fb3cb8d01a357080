/* cr-etpan-stream.c — libetpan streams over a CrConnection
 *
 * libetpan's own TLS does not verify certificates, so its protocol code
 * reads and writes through this mailstream_low_driver, which calls GIO on
 * the connection's current stream (TCP, then TLS).
 *
 * The driver must not buffer reads: libetpan's defence against STARTTLS
 * response injection (CVE-2020-15953) only looks at the mailstream's own
 * buffer, and so does cr_etpan_stream_starttls().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "cr-etpan-stream.h"
#include "cr-net-error.h"

typedef struct
{
  CrConnection             *connection;
  GIOStream                *stream;
  struct mailstream_cancel *cancel;
} CrEtpanLow;

static ssize_t
low_read (mailstream_low *low,
          void           *buf,
          size_t          count)
{
  CrEtpanLow *data = low->data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read (g_io_stream_get_input_stream (data->stream), buf, count,
                           cr_connection_get_cancellable (data->connection), &error);
  /* libetpan sees an end of stream as an error too: record it, so that an
   * older error is not reported instead. */
  if (n == 0 && count > 0)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                 _("The server closed the connection."));
  if (error != NULL)
    cr_connection_set_io_error (data->connection, error);

  return n < 0 ? -1 : n;
}

static ssize_t
low_write (mailstream_low *low,
           const void     *buf,
           size_t          count)
{
  CrEtpanLow *data = low->data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_output_stream_write (g_io_stream_get_output_stream (data->stream), buf, count,
                             cr_connection_get_cancellable (data->connection), &error);
  if (n < 0)
    {
      cr_connection_set_io_error (data->connection, error);
      return -1;
    }

  return n;
}

/* Closes once, through the outermost stream: closing a TLS connection
 * also closes the TCP connection under it. */
static int
low_close (mailstream_low *low)
{
  CrEtpanLow *data = low->data;

  return g_io_stream_close (data->stream, NULL, NULL) ? 0 : -1;
}

static int
low_get_fd (mailstream_low *low)
{
  CrEtpanLow *data = low->data;

  return cr_connection_get_fd (data->connection);
}

static void
low_free (mailstream_low *low)
{
  CrEtpanLow *data = low->data;

  g_clear_object (&data->stream);
  g_clear_object (&data->connection);
  g_clear_pointer (&data->cancel, mailstream_cancel_free);
  g_free (data);
  free (low);
}

static void
low_cancel (mailstream_low *low)
{
  CrEtpanLow *data = low->data;

  mailstream_cancel_notify (data->cancel);
  cr_connection_abort (data->connection);
}

/* libetpan's IDLE waits on this besides the socket; without it IDLE fails. */
static struct mailstream_cancel *
low_get_cancel (mailstream_low *low)
{
  CrEtpanLow *data = low->data;

  return data->cancel;
}

static mailstream_low_driver cr_etpan_low_driver = {
  .mailstream_read = low_read,
  .mailstream_write = low_write,
  .mailstream_close = low_close,
  .mailstream_get_fd = low_get_fd,
  .mailstream_free = low_free,
  .mailstream_cancel = low_cancel,
  .mailstream_get_cancel = low_get_cancel,
};

static mailstream_low *
low_new (CrConnection *connection)
{
  CrEtpanLow *data = g_new0 (CrEtpanLow, 1);
  mailstream_low *low;

  data->connection = g_object_ref (connection);
  data->stream = g_object_ref (cr_connection_get_stream (connection));
  data->cancel = mailstream_cancel_new ();

  low = mailstream_low_new (data, &cr_etpan_low_driver);
  if (low == NULL || data->cancel == NULL)
    g_error ("libetpan: out of memory");

  return low;
}

/**
 * cr_etpan_stream_new:
 * @connection: a connected #CrConnection
 *
 * Returns: (transfer full): a mailstream reading and writing @connection's
 *   current stream; give it to mailimap_connect() and friends, which own
 *   it from then on
 */
mailstream *
cr_etpan_stream_new (CrConnection *connection)
{
  mailstream *stream;

  g_return_val_if_fail (CR_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (cr_connection_get_stream (connection) != NULL, NULL);

  stream = mailstream_new (low_new (connection), CR_ETPAN_STREAM_BUFFER_SIZE);
  if (stream == NULL)
    g_error ("libetpan: out of memory");

  return stream;
}

/**
 * cr_etpan_stream_get_connection:
 *
 * Returns: (transfer none) (nullable): the connection under @stream, or
 *   %NULL if @stream is not one of ours
 */
CrConnection *
cr_etpan_stream_get_connection (mailstream *stream)
{
  mailstream_low *low;

  g_return_val_if_fail (stream != NULL, NULL);

  low = mailstream_get_low (stream);
  if (low == NULL || low->driver != &cr_etpan_low_driver)
    return NULL;

  return ((CrEtpanLow *)low->data)->connection;
}

/**
 * cr_etpan_stream_check_no_pending:
 *
 * Right after the server accepted STARTTLS nothing else may have arrived:
 * such bytes were sent in clear text and could be an attacker's
 * (CVE-2020-15953). libetpan 1.9.4 checks this too, and then reports a
 * failed STARTTLS; sessions call this to tell the person what happened.
 */
gboolean
cr_etpan_stream_check_no_pending (mailstream    *stream,
                                  CrConnection  *connection,
                                  GError       **error)
{
  g_return_val_if_fail (stream != NULL, FALSE);
  g_return_val_if_fail (CR_IS_CONNECTION (connection), FALSE);

  if (stream->read_buffer_len == 0)
    return TRUE;

  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_STARTTLS_FAILED,
               /* Translators: %s is a server name */
               _("The server “%s” sent unexpected data when starting the secure "
                 "connection; the connection was closed for safety."),
               cr_connection_get_host (connection));
  return FALSE;
}

/**
 * cr_etpan_stream_starttls:
 * @stream: a stream whose server just accepted STARTTLS (or STLS)
 *
 * Starts TLS on the same socket and swaps @stream's low driver for one
 * over the TLS connection. Refuses if anything arrived after the server's
 * answer (see cr_etpan_stream_check_no_pending()).
 */
gboolean
cr_etpan_stream_starttls (mailstream    *stream,
                          CrConnection  *connection,
                          GCancellable  *cancellable,
                          GError       **error)
{
  mailstream_low *old_low;
  mailstream_low *new_low;

  g_return_val_if_fail (stream != NULL, FALSE);
  g_return_val_if_fail (CR_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (cr_etpan_stream_get_connection (stream) == connection, FALSE);

  if (!cr_etpan_stream_check_no_pending (stream, connection, error))
    return FALSE;

  if (!cr_connection_start_tls_sync (connection, cancellable, error))
    return FALSE;

  old_low = mailstream_get_low (stream);
  new_low = low_new (connection);
  mailstream_low_set_timeout (new_low, mailstream_low_get_timeout (old_low));
  mailstream_low_set_logger (new_low, old_low->logger, old_low->logger_context);
  mailstream_set_low (stream, new_low);

  /* Free, never close: the TLS connection still uses the socket. */
  mailstream_low_free (old_low);

  return TRUE;
}
