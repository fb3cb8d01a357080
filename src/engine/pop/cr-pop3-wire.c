/* cr-pop3-wire.c — POP3 commands sent and read over a logged-in stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cr-etpan-stream.h"
#include "cr-net-error.h"
#include "cr-pop3-wire.h"

struct _CrPop3Wire
{
  mailstream *stream;
  char       *host;
  MMAPString *line;
};

CrPop3Wire *
cr_pop3_wire_new (mailstream *stream,
                  const char *host)
{
  CrPop3Wire *self = g_new0 (CrPop3Wire, 1);

  self->stream = stream;
  self->host = g_strdup (host);
  self->line = mmap_string_new ("");

  return self;
}

void
cr_pop3_wire_free (CrPop3Wire *self)
{
  if (self == NULL)
    return;
  mmap_string_free (self->line);
  g_free (self->host);
  g_free (self);
}

void
cr_pop3_entry_free (CrPop3Entry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->uidl);
  g_free (entry);
}

/* The connection knows why a read or write failed (timeout, cancelled,
 * TLS); without a reason the server simply went away. */
static gboolean
set_stream_error (CrPop3Wire  *self,
                  GError     **error)
{
  CrConnection *connection = cr_etpan_stream_get_connection (self->stream);
  GError *io_error = connection != NULL ? cr_connection_dup_io_error (connection) : NULL;

  if (io_error != NULL)
    g_propagate_error (error, io_error);
  else
    g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_CONNECTION_LOST,
                 /* Translators: %s is a server name */
                 _("The server “%s” closed the connection."), self->host);

  return FALSE;
}

gboolean
cr_pop3_wire_send (CrPop3Wire  *self,
                   GError     **error,
                   const char  *format,
                   ...)
{
  g_autofree char *command = NULL;
  g_autofree char *line = NULL;
  va_list args;
  gsize len;

  va_start (args, format);
  command = g_strdup_vprintf (format, args);
  va_end (args);
  line = g_strconcat (command, "\r\n", NULL);
  len = strlen (line);

  if (mailstream_write (self->stream, line, len) != (ssize_t) len)
    return set_stream_error (self, error);

  return TRUE;
}

gboolean
cr_pop3_wire_flush (CrPop3Wire  *self,
                    GError     **error)
{
  if (mailstream_flush (self->stream) != 0)
    return set_stream_error (self, error);

  return TRUE;
}

static gboolean
read_whole_line (CrPop3Wire *self)
{
  if (mailstream_read_line (self->stream, self->line) == NULL)
    return FALSE;

  return self->line->len > 0 && self->line->str[self->line->len - 1] == '\n';
}

gboolean
cr_pop3_wire_read_status (CrPop3Wire  *self,
                          gboolean    *out_refused,
                          GError     **error)
{
  char *line;

  if (out_refused != NULL)
    *out_refused = FALSE;
  if (!read_whole_line (self))
    return set_stream_error (self, error);
  line = g_strchomp (self->line->str);
  if (g_str_has_prefix (line, "+OK"))
    return TRUE;

  if (g_str_has_prefix (line, "-ERR"))
    {
      g_autofree char *answer = g_utf8_make_valid (g_strchug (line + 4), -1);

      if (out_refused != NULL)
        *out_refused = TRUE;
      g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_SERVER_ERROR,
                   /* Translators: %s is a server name, the second %s its answer */
                   _("The server “%s” refused a command: %s"), self->host, answer);
      return FALSE;
    }

  g_set_error (error, CR_NET_ERROR, CR_NET_ERROR_PROTOCOL,
               /* Translators: %s is a server name */
               _("The server “%s” gave an answer that is not POP3."), self->host);

  return FALSE;
}

static gboolean
is_terminator (const MMAPString *line)
{
  return (line->len == 3 && memcmp (line->str, ".\r\n", 3) == 0) ||
         (line->len == 2 && memcmp (line->str, ".\n", 2) == 0);
}

GBytes *
cr_pop3_wire_read_multiline (CrPop3Wire  *self,
                             GError     **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();

  for (;;)
    {
      const char *start;
      gsize len;

      /* At the end of the stream libetpan hands back what it has, even
       * half a line: only a line with its end counts, or a message cut
       * by a dropped connection would look whole. */
      if (!read_whole_line (self))
        {
          set_stream_error (self, error);
          return NULL;
        }
      if (is_terminator (self->line))
        break;

      /* A line that starts with a dot was dot-stuffed (RFC 1939 §3). */
      start = self->line->str;
      len = self->line->len;
      if (len > 0 && start[0] == '.')
        {
          start++;
          len--;
        }
      g_byte_array_append (body, (const guint8 *) start, len);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}
