/* cr-test-http-server.c — a small HTTP(S) server on 127.0.0.1 for tests
 *
 * Serves fixed answers by Host and path (the query is ignored), records
 * every request line with its Host, and can “stall”: never answer until
 * the server stops, for cancellation tests. With a certificate it speaks
 * HTTPS. One request per connection, then close: enough for libsoup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-test-http-server.h"

#define MAX_HEAD 16384

typedef struct
{
  guint   status;
  char   *location;
  GBytes *body;
  gboolean stall;
} Route;

struct _CrTestHttpServer
{
  GSocketService  *service;
  GTlsCertificate *certificate;
  guint16          port;
  GMutex           lock;
  GCond            cond;
  GHashTable      *routes;   /* "host path" → Route */
  GPtrArray       *requests;
  guint            active;
  gboolean         stopping;
};

static void
route_free (gpointer data)
{
  Route *route = data;

  g_free (route->location);
  g_clear_pointer (&route->body, g_bytes_unref);
  g_free (route);
}

/* Host without its port: the port is the test’s, the name the client’s. */
static char *
route_key (const char *host,
           const char *path)
{
  g_autofree char *name = g_strdup (host != NULL ? host : "");
  char *colon = strrchr (name, ':');

  if (colon != NULL)
    *colon = '\0';

  return g_strdup_printf ("%s %s", name, path);
}

static char *
read_head (GInputStream  *input,
           GError       **error)
{
  g_autoptr(GString) head = g_string_new (NULL);

  while (head->len < MAX_HEAD && !g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      char c;
      gssize n = g_input_stream_read (input, &c, 1, NULL, error);

      if (n <= 0)
        return NULL;
      g_string_append_c (head, c);
    }

  return g_string_free (g_steal_pointer (&head), FALSE);
}

static char *
header_value (const char *head,
              const char *name)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  gsize name_len = strlen (name);

  for (guint i = 1; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], name, name_len) == 0 && lines[i][name_len] == ':')
      return g_strstrip (g_strdup (lines[i] + name_len + 1));

  return NULL;
}

static void
wait_for_stop (CrTestHttpServer *self)
{
  g_mutex_lock (&self->lock);
  while (!self->stopping)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static void
answer (CrTestHttpServer *self,
        GIOStream        *stream)
{
  GOutputStream *output = g_io_stream_get_output_stream (stream);
  g_autoptr(GString) reply = g_string_new (NULL);
  g_autofree char *head = NULL;
  g_autofree char *host = NULL;
  g_autofree char *key = NULL;
  g_auto(GStrv) request = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *location = NULL;
  guint status = 404;
  gboolean stall = FALSE;
  char *query;
  Route *route;

  if ((head = read_head (g_io_stream_get_input_stream (stream), NULL)) == NULL)
    return;

  request = g_strsplit (head, " ", 3);
  if (g_strv_length (request) < 3)
    return;
  host = header_value (head, "Host");
  if ((query = strchr (request[1], '?')) != NULL)
    *query = '\0';
  key = route_key (host, request[1]);
  if (query != NULL)
    *query = '?';

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->requests, g_strdup_printf ("%s %s %s", request[0], host, request[1]));
  if ((route = g_hash_table_lookup (self->routes, key)) != NULL)
    {
      status = route->status;
      location = g_strdup (route->location);
      body = route->body != NULL ? g_bytes_ref (route->body) : NULL;
      stall = route->stall;
    }
  g_mutex_unlock (&self->lock);

  if (stall)
    {
      wait_for_stop (self);
      return;
    }

  g_string_append_printf (reply, "HTTP/1.1 %u Test\r\nConnection: close\r\n"
                                 "Content-Type: application/xml\r\n", status);
  if (location != NULL)
    g_string_append_printf (reply, "Location: %s\r\n", location);
  g_string_append_printf (reply, "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          body != NULL ? g_bytes_get_size (body) : 0);

  if (g_output_stream_write_all (output, reply->str, reply->len, NULL, NULL, NULL) && body != NULL)
    g_output_stream_write_all (output, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                               NULL, NULL, NULL);
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  CrTestHttpServer *self = user_data;
  g_autoptr(GIOStream) tls = NULL;

  g_mutex_lock (&self->lock);
  self->active++;
  g_mutex_unlock (&self->lock);

  if (self->certificate == NULL)
    {
      answer (self, G_IO_STREAM (connection));
    }
  else
    {
      tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, NULL);
      if (tls != NULL && g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
        answer (self, tls);
    }

  if (tls != NULL)
    g_io_stream_close (tls, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  g_mutex_lock (&self->lock);
  self->active--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

/**
 * cr_test_http_server_new:
 * @certificate: (nullable): for HTTPS; %NULL for plain HTTP
 */
CrTestHttpServer *
cr_test_http_server_new (GTlsCertificate  *certificate,
                         GError          **error)
{
  g_autoptr(CrTestHttpServer) self = g_new0 (CrTestHttpServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, route_free);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->service = g_threaded_socket_service_new (8);

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, error))
    return NULL;

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "run", G_CALLBACK (on_run), self);
  g_socket_service_start (self->service);

  return g_steal_pointer (&self);
}

/**
 * cr_test_http_server_free:
 *
 * Stops listening, releases stalled requests, and waits for every
 * request in progress to end.
 */
void
cr_test_http_server_free (CrTestHttpServer *self)
{
  if (self == NULL)
    return;

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    }

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  while (self->active > 0)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  g_clear_object (&self->service);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->routes, g_hash_table_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

guint16
cr_test_http_server_get_port (CrTestHttpServer *self)
{
  return self->port;
}

/**
 * cr_test_http_server_add:
 * @location: (nullable): a Location header, for redirects
 * @body: (nullable): the body
 */
void
cr_test_http_server_add (CrTestHttpServer *self,
                         const char       *host,
                         const char       *path,
                         guint             status,
                         const char       *location,
                         GBytes           *body)
{
  Route *route = g_new0 (Route, 1);

  route->status = status;
  route->location = g_strdup (location);
  route->body = body != NULL ? g_bytes_ref (body) : NULL;

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->routes, route_key (host, path), route);
  g_mutex_unlock (&self->lock);
}

void
cr_test_http_server_add_stall (CrTestHttpServer *self,
                               const char       *host,
                               const char       *path)
{
  Route *route = g_new0 (Route, 1);

  route->stall = TRUE;

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->routes, route_key (host, path), route);
  g_mutex_unlock (&self->lock);
}

void
cr_test_http_server_clear (CrTestHttpServer *self)
{
  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->routes);
  g_ptr_array_set_size (self->requests, 0);
  g_mutex_unlock (&self->lock);
}

/**
 * cr_test_http_server_dup_requests:
 *
 * Returns: (transfer full): “METHOD host:port /path?query” of each
 *   request so far
 */
char **
cr_test_http_server_dup_requests (CrTestHttpServer *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv requests;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->requests->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->requests, i));
  g_mutex_unlock (&self->lock);

  requests = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return requests;
}
