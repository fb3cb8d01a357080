/* cr-test-proxy.c — a TCP proxy that cuts connections on demand
 *
 * Sits between a client and a server on 127.0.0.1 and passes bytes both
 * ways (TLS included: it never looks inside). Once armed with
 * cr_test_proxy_cut_after(), a connection is closed in both directions
 * after that many more bytes from the server, even in the middle of an
 * answer: what a dropped network does to a FETCH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>
#include <poll.h>
#include <unistd.h>

#include "cr-test-proxy.h"

struct _CrTestProxy
{
  GSocket      *listener;
  guint16       port;
  guint16       upstream_port;
  GThread      *accept_thread;
  GCancellable *cancellable;
  GMutex        lock;
  GPtrArray    *threads;   /* connection threads, joined at stop */
  gint64        cut_after; /* -1: never */
  guint         cuts;
  gboolean      stopping;
};

typedef struct
{
  CrTestProxy *proxy;
  GSocket     *client;
} Connection;

static gboolean
write_all (GSocket      *socket,
           const char   *data,
           gssize        length)
{
  while (length > 0)
    {
      gssize n = g_socket_send (socket, data, length, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }

  return TRUE;
}

static GSocket *
connect_upstream (guint16 port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);

  if (socket == NULL || !g_socket_connect (socket, address, NULL, NULL))
    return NULL;

  return g_steal_pointer (&socket);
}

/* Pumps bytes until either side closes, the proxy stops, or the cut. */
static gpointer
connection_main (gpointer data)
{
  Connection *conn = data;
  CrTestProxy *self = conn->proxy;
  g_autoptr(GSocket) client = conn->client;
  g_autoptr(GSocket) server = connect_upstream (self->upstream_port);
  gint64 budget, armed;
  char buffer[16384];

  g_free (conn);

  if (server == NULL)
    return NULL;

  g_mutex_lock (&self->lock);
  budget = armed = self->cut_after;
  g_mutex_unlock (&self->lock);

  for (;;)
    {
      struct pollfd fds[2] = {
        { g_socket_get_fd (client), POLLIN, 0 },
        { g_socket_get_fd (server), POLLIN, 0 },
      };
      gboolean stopping;

      g_mutex_lock (&self->lock);
      stopping = self->stopping;
      /* Armed (or disarmed) while the connection is open: from now on. */
      if (armed != self->cut_after)
        budget = armed = self->cut_after;
      g_mutex_unlock (&self->lock);

      if (stopping)
        break;
      if (poll (fds, 2, 50) < 0)
        break;

      if (fds[0].revents != 0)
        {
          gssize n = g_socket_receive (client, buffer, sizeof buffer, NULL, NULL);

          if (n <= 0 || !write_all (server, buffer, n))
            break;
        }

      if (fds[1].revents != 0)
        {
          gssize n = g_socket_receive (server, buffer, sizeof buffer, NULL, NULL);

          if (n <= 0)
            break;

          if (budget >= 0 && n >= budget)
            {
              write_all (client, buffer, budget);
              g_mutex_lock (&self->lock);
              self->cuts++;
              g_mutex_unlock (&self->lock);
              break;
            }

          if (!write_all (client, buffer, n))
            break;
          if (budget >= 0)
            budget -= n;
        }
    }

  g_socket_close (client, NULL);
  g_socket_close (server, NULL);

  return NULL;
}

static gpointer
accept_main (gpointer data)
{
  CrTestProxy *self = data;

  for (;;)
    {
      GSocket *client = g_socket_accept (self->listener, self->cancellable, NULL);
      Connection *conn;

      if (client == NULL)
        break;

      conn = g_new0 (Connection, 1);
      conn->proxy = self;
      conn->client = client;

      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->threads, g_thread_new ("proxy-connection", connection_main, conn));
      g_mutex_unlock (&self->lock);
    }

  return NULL;
}

/**
 * cr_test_proxy_start:
 * @upstream_port: the server's port on 127.0.0.1
 *
 * Returns: (transfer full) (nullable): a proxy listening on a free port
 */
CrTestProxy *
cr_test_proxy_start (guint16   upstream_port,
                     GError  **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  CrTestProxy *self = g_new0 (CrTestProxy, 1);

  g_mutex_init (&self->lock);
  self->threads = g_ptr_array_new ();
  self->cut_after = -1;
  self->upstream_port = upstream_port;
  self->cancellable = g_cancellable_new ();
  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);

  if (self->listener == NULL ||
      !g_socket_bind (self->listener, any_port, TRUE, error) ||
      !g_socket_listen (self->listener, error) ||
      (bound = g_socket_get_local_address (self->listener, error)) == NULL)
    {
      cr_test_proxy_stop (self);
      return NULL;
    }

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->accept_thread = g_thread_new ("proxy-accept", accept_main, self);

  return self;
}

guint16
cr_test_proxy_get_port (CrTestProxy *self)
{
  return self->port;
}

/**
 * cr_test_proxy_cut_after:
 * @bytes: server bytes still let through on each open or new
 *   connection; -1 to stop cutting
 */
void
cr_test_proxy_cut_after (CrTestProxy *self,
                         gint64       bytes)
{
  g_mutex_lock (&self->lock);
  self->cut_after = bytes;
  g_mutex_unlock (&self->lock);
}

guint
cr_test_proxy_get_cuts (CrTestProxy *self)
{
  guint cuts;

  g_mutex_lock (&self->lock);
  cuts = self->cuts;
  g_mutex_unlock (&self->lock);

  return cuts;
}

void
cr_test_proxy_stop (CrTestProxy *self)
{
  g_autoptr(GPtrArray) threads = NULL;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_mutex_unlock (&self->lock);

  g_cancellable_cancel (self->cancellable);
  if (self->accept_thread != NULL)
    g_thread_join (self->accept_thread);

  threads = g_steal_pointer (&self->threads);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  if (self->listener != NULL)
    g_socket_close (self->listener, NULL);
  g_clear_object (&self->listener);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->lock);
  g_free (self);
}
