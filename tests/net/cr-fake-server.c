/* cr-fake-server.c — a scripted IMAP, POP3 or SMTP server for the cases
 * a real server will not produce (STARTTLS attacks)
 *
 * It serves one connection on 127.0.0.1 in a thread: sends the greeting,
 * answers each line by its command word with the scripted reply ("%t"
 * becomes the IMAP tag), and records every byte it receives so that a test
 * can check what a client sent — above all, that no password left it.
 * Lines that are no known command (an AUTH continuation) take the next
 * reply queued with cr_fake_server_then().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "cr-fake-server.h"

struct _CrFakeServer
{
  CrFakeProtocol   protocol;
  char            *greeting;
  GHashTable      *replies;
  GQueue           then;
  GSocketListener *listener;
  GThread         *thread;
  GString         *received;
  guint16          port;
};

CrFakeServer *
cr_fake_server_new (CrFakeProtocol  protocol,
                    const char     *greeting)
{
  CrFakeServer *self = g_new0 (CrFakeServer, 1);

  self->protocol = protocol;
  self->greeting = g_strdup (greeting);
  self->replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&self->then);
  self->received = g_string_new (NULL);

  return self;
}

/**
 * cr_fake_server_reply:
 * @command: a command word ("STARTTLS", "CAPA", "EHLO"), upper case
 * @reply: what to answer, whole lines with CRLF; "%t" is the IMAP tag
 */
void
cr_fake_server_reply (CrFakeServer *self,
                      const char   *command,
                      const char   *reply)
{
  g_hash_table_replace (self->replies, g_strdup (command), g_strdup (reply));
}

void
cr_fake_server_then (CrFakeServer *self,
                     const char   *reply)
{
  g_queue_push_tail (&self->then, g_strdup (reply));
}

static char *
command_word (CrFakeServer  *self,
              const char    *line,
              char         **out_tag)
{
  g_auto(GStrv) words = g_strsplit_set (line, " \r\n", 3);
  guint first = self->protocol == CR_FAKE_IMAP ? 1 : 0;

  *out_tag = g_strdup (words[0] != NULL ? words[0] : "");
  if (g_strv_length (words) <= first)
    return g_strdup ("");

  return g_ascii_strup (words[first], -1);
}

static const char *
default_reply (CrFakeServer *self,
               const char   *command,
               gboolean     *out_close)
{
  static const char *const quit[] = { "* BYE\r\n%t OK\r\n", "+OK bye\r\n", "221 bye\r\n" };
  static const char *const unknown[] = { "%t BAD unknown\r\n", "-ERR unknown\r\n", "500 unknown\r\n" };

  if (g_str_equal (command, "LOGOUT") || g_str_equal (command, "QUIT"))
    {
      *out_close = TRUE;
      return quit[self->protocol];
    }

  return unknown[self->protocol];
}

static gboolean
send_reply (GOutputStream *out,
            const char    *reply,
            const char    *tag)
{
  g_autoptr(GString) text = g_string_new (reply);

  g_string_replace (text, "%t", tag, 0);

  /* One write: injected bytes must arrive with the answer they follow. */
  return g_output_stream_write_all (out, text->str, text->len, NULL, NULL, NULL);
}

static char *
read_line (CrFakeServer *self,
           GInputStream *in)
{
  GString *line = g_string_new (NULL);
  char c;

  while (g_input_stream_read (in, &c, 1, NULL, NULL) == 1)
    {
      g_string_append_c (line, c);
      g_string_append_c (self->received, c);
      if (c == '\n')
        return g_string_free (line, FALSE);
    }

  g_string_free (line, TRUE);
  return NULL;
}

static void
converse (CrFakeServer *self,
          GIOStream    *stream)
{
  GInputStream *in = g_io_stream_get_input_stream (stream);
  GOutputStream *out = g_io_stream_get_output_stream (stream);
  char *line;

  if (!send_reply (out, self->greeting, ""))
    return;

  while ((line = read_line (self, in)) != NULL)
    {
      g_autofree char *owned = line;
      g_autofree char *tag = NULL;
      g_autofree char *command = command_word (self, line, &tag);
      g_autofree char *queued = NULL;
      const char *reply = g_hash_table_lookup (self->replies, command);
      gboolean close = FALSE;

      if (reply == NULL && (queued = g_queue_pop_head (&self->then)) != NULL)
        reply = queued;
      if (reply == NULL)
        reply = default_reply (self, command, &close);

      if (!send_reply (out, reply, tag) || close)
        return;
    }
}

static gpointer
serve_thread (gpointer data)
{
  CrFakeServer *self = data;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;

  conn = g_socket_listener_accept (self->listener, NULL, NULL, &error);
  g_assert_no_error (error);

  converse (self, G_IO_STREAM (conn));

  /* Keep recording until the client hangs up: what it sends after a
   * refusal matters too. */
  while (read_line (self, g_io_stream_get_input_stream (G_IO_STREAM (conn))) != NULL)
    ;
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);

  return NULL;
}

/**
 * cr_fake_server_start:
 *
 * Returns: the port it listens on, on 127.0.0.1
 */
guint16
cr_fake_server_start (CrFakeServer *self)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (self->listener);

  self->listener = g_socket_listener_new ();
  g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->thread = g_thread_new ("fake-server", serve_thread, self);

  return self->port;
}

/**
 * cr_fake_server_finish:
 *
 * Waits for the client to hang up.
 *
 * Returns: (transfer full): every byte the client sent
 */
char *
cr_fake_server_finish (CrFakeServer *self)
{
  g_assert_nonnull (self->thread);

  g_thread_join (g_steal_pointer (&self->thread));

  return g_strdup (self->received->str);
}

void
cr_fake_server_free (CrFakeServer *self)
{
  if (self == NULL)
    return;

  if (self->thread != NULL)
    g_free (cr_fake_server_finish (self));

  g_clear_object (&self->listener);
  g_hash_table_unref (self->replies);
  g_queue_clear_full (&self->then, g_free);
  g_string_free (self->received, TRUE);
  g_free (self->greeting);
  g_free (self);
}
