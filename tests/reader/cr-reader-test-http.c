/* cr-reader-test-http.c — a local HTTP server that counts what it is asked
 *
 * It listens on 127.0.0.1, counts every connection, records the path of
 * every request (even one it cannot parse), and answers a 2×2 PNG, whatever
 * was asked. Requests are read asynchronously on the main context: the test
 * sees them while it iterates the main loop, and a client that connects and
 * sends nothing (WebKit's preconnect to a clicked link's host, before the
 * reader turned it off) never blocks that loop, which is also WebKit's UI
 * process. A blocking read here once froze the web view for a minute and
 * looked like a WebKit bug.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-reader-test-http.h"

struct _CrReaderTestHttp
{
  GSocketService *service;
  GCancellable   *cancellable;
  guint16         port;
  guint           connections;
  guint           pending;
  GPtrArray      *paths;
};

typedef struct
{
  CrReaderTestHttp  *server;
  GSocketConnection *connection;
  GDataInputStream  *data;
  gboolean           has_request;
} Request;

/* A red 2×2 PNG. */
static const guint8 png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
  0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02,
  0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a, 0x73, 0x00, 0x00, 0x00,
  0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
  0x44, 0x0c, 0x10, 0x0a, 0x00, 0x1f, 0xee, 0x03, 0xfd, 0x8b, 0x5f, 0x14,
  0xd4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
  0x82,
};

static void
request_free (Request *request)
{
  request->server->pending--;
  g_io_stream_close (G_IO_STREAM (request->connection), NULL, NULL);
  g_object_unref (request->data);
  g_object_unref (request->connection);
  g_free (request);
}

static void
answer (Request *request)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (request->connection));
  g_autofree char *header = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
                                             "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                                             sizeof png);

  /* A few hundred bytes to a local reader: the socket buffer takes them. */
  g_output_stream_write_all (out, header, strlen (header), NULL, NULL, NULL);
  g_output_stream_write_all (out, png, sizeof png, NULL, NULL, NULL);
}

static void
line_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Request *request = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, NULL);

  /* Closed, cancelled, or not text: done with this connection. */
  if (line == NULL)
    {
      request_free (request);
      return;
    }

  if (!request->has_request)
    {
      g_auto(GStrv) words = g_strsplit (line, " ", 3);

      request->has_request = TRUE;
      g_ptr_array_add (request->server->paths,
                       g_strdup (words[0] != NULL && words[1] != NULL ? words[1] : "(unreadable request)"));
    }
  else if (*g_strstrip (line) == '\0')
    {
      /* The empty line after the headers. */
      answer (request);
      request_free (request);
      return;
    }

  g_data_input_stream_read_line_async (request->data, G_PRIORITY_DEFAULT, request->server->cancellable,
                                       line_read, request);
}

static gboolean
incoming (GSocketService    *service,
          GSocketConnection *connection,
          GObject           *source,
          gpointer           user_data)
{
  CrReaderTestHttp *self = user_data;
  Request *request = g_new0 (Request, 1);

  self->connections++;
  self->pending++;
  request->server = self;
  request->connection = g_object_ref (connection);
  request->data = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (request->data), FALSE);
  g_data_input_stream_read_line_async (request->data, G_PRIORITY_DEFAULT, self->cancellable,
                                       line_read, request);

  return TRUE;
}

CrReaderTestHttp *
cr_reader_test_http_start (GError **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  CrReaderTestHttp *self = g_new0 (CrReaderTestHttp, 1);

  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &bound, error))
    {
      cr_reader_test_http_stop (self);
      return NULL;
    }

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming), self);
  g_socket_service_start (self->service);

  return self;
}

void
cr_reader_test_http_stop (CrReaderTestHttp *self)
{
  if (self == NULL)
    return;

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);

  /* Connections still open (a client that never asked) end cancelled. */
  g_cancellable_cancel (self->cancellable);
  while (self->pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (self->cancellable);
  g_ptr_array_unref (self->paths);
  g_free (self);
}

guint16
cr_reader_test_http_get_port (CrReaderTestHttp *self)
{
  return self->port;
}

/* Connections, with or without a request. */
guint
cr_reader_test_http_get_connections (CrReaderTestHttp *self)
{
  return self->connections;
}

guint
cr_reader_test_http_get_count (CrReaderTestHttp *self)
{
  return self->paths->len;
}

gboolean
cr_reader_test_http_was_asked (CrReaderTestHttp *self,
                               const char       *path)
{
  for (guint i = 0; i < self->paths->len; i++)
    if (g_str_equal (self->paths->pdata[i], path))
      return TRUE;

  return FALSE;
}

/* “/a, /b”, for failure messages. */
char *
cr_reader_test_http_describe (CrReaderTestHttp *self)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < self->paths->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", (const char *) self->paths->pdata[i]);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
