/* cr-reader-test-http.c — a local HTTP server that counts what it is asked
 *
 * It listens on 127.0.0.1, records the path of every request (even one it
 * cannot parse: a connection counts), and answers a 2×2 PNG, whatever was
 * asked. Requests are handled on the main context, so the test sees them
 * while it iterates the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-reader-test-http.h"

struct _CrReaderTestHttp
{
  GSocketService *service;
  guint16         port;
  GPtrArray      *paths;
};

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

static gboolean
incoming (GSocketService    *service,
          GSocketConnection *connection,
          GObject           *source,
          gpointer           user_data)
{
  CrReaderTestHttp *self = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);
  g_autofree char *request = NULL;
  g_autofree char *header = NULL;
  g_auto(GStrv) words = NULL;
  char *line;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  request = g_data_input_stream_read_line_utf8 (data, NULL, NULL, NULL);
  words = request != NULL ? g_strsplit (request, " ", 3) : NULL;
  g_ptr_array_add (self->paths, g_strdup (words != NULL && words[0] != NULL && words[1] != NULL
                                          ? words[1] : "(unreadable request)"));

  /* The rest of the headers, up to the empty line. */
  while ((line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, NULL)) != NULL)
    {
      gboolean end = *g_strstrip (line) == '\0';

      g_free (line);
      if (end)
        break;
    }

  header = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
                            "Content-Length: %zu\r\nConnection: close\r\n\r\n", sizeof png);
  g_output_stream_write_all (out, header, strlen (header), NULL, NULL, NULL);
  g_output_stream_write_all (out, png, sizeof png, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

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
  g_ptr_array_unref (self->paths);
  g_free (self);
}

guint16
cr_reader_test_http_get_port (CrReaderTestHttp *self)
{
  return self->port;
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
