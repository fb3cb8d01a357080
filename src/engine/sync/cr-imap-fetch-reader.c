/* cr-imap-fetch-reader.c — FETCH answers read off an IMAP session
 *
 * Reads the answers to UID FETCH commands sent through libetpan, in
 * order, with cr-imap-response.c instead of libetpan's parser (see there
 * why). It keeps libetpan's session as libetpan would: EXISTS and
 * EXPUNGE counted, the tagged answer's text in imap_response, and the
 * stream left right after the last answer read.
 *
 * The connection is read in large pieces, so a piece may hold the start
 * of the next answer: that is why one reader serves every command in flight,
 * and gives back what it read too far when it is freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-imap-fetch-reader.h"

#define READ_SIZE (64 * 1024)

/* Not an answer's end yet. */
#define MORE_ANSWERS (-1)

struct _CrImapFetchReader
{
  mailimap *imap;
  char     *data;
  gsize     start;     /* the first byte not yet handled */
  gsize     length;
  gsize     capacity;
  GArray   *values;    /* (element-type CrImapValue) */
};

/**
 * cr_imap_fetch_reader_new:
 * @imap: a session whose answers are read by this reader only, until it
 *   is freed
 *
 * Returns: (transfer full): free with cr_imap_fetch_reader_free()
 */
CrImapFetchReader *
cr_imap_fetch_reader_new (mailimap *imap)
{
  CrImapFetchReader *self = g_new0 (CrImapFetchReader, 1);

  self->imap = imap;
  self->capacity = 2 * READ_SIZE;
  self->data = g_malloc (self->capacity);
  self->values = g_array_sized_new (FALSE, FALSE, sizeof (CrImapValue), 256);

  return self;
}

/**
 * cr_imap_fetch_reader_free:
 *
 * Gives the stream back what was read past the last answer handled.
 *
 * Returns: %FALSE when that did not fit back: the session is then out
 *   of step
 */
gboolean
cr_imap_fetch_reader_free (CrImapFetchReader *self)
{
  gsize left = self->length - self->start;
  mailstream *stream = self->imap->imap_stream;
  gboolean ok = TRUE;

  if (left > 0)
    {
      ok = stream != NULL && stream->read_buffer_len + left <= stream->buffer_max_size;
      if (ok)
        {
          memmove (stream->read_buffer + left, stream->read_buffer, stream->read_buffer_len);
          memcpy (stream->read_buffer, self->data + self->start, left);
          stream->read_buffer_len += left;
        }
    }

  g_array_unref (self->values);
  g_free (self->data);
  g_free (self);

  return ok;
}

/* What libetpan holds already, or else one read of the connection.
 * Not mailstream_read(): some libetpan versions loop in it until @count
 * bytes have come, which would wait for bytes the server never sends. */
static ssize_t
read_some (mailstream *stream,
           char       *buffer,
           gsize       count)
{
  gsize held = MIN (stream->read_buffer_len, count);

  if (held == 0)
    return mailstream_low_read (stream->low, buffer, count);

  memcpy (buffer, stream->read_buffer, held);
  memmove (stream->read_buffer, stream->read_buffer + held, stream->read_buffer_len - held);
  stream->read_buffer_len -= held;

  return (ssize_t) held;
}

/* Reads what the stream has, at least one byte. */
static gboolean
fill (CrImapFetchReader *self)
{
  ssize_t got;

  /* What is handled goes; an answer in the making moves to the front. */
  if (self->start > 0)
    {
      memmove (self->data, self->data + self->start, self->length - self->start);
      self->length -= self->start;
      self->start = 0;
    }
  if (self->capacity - self->length < READ_SIZE)
    {
      self->capacity = MAX (2 * self->capacity, self->length + READ_SIZE);
      self->data = g_realloc (self->data, self->capacity);
    }

  got = read_some (self->imap->imap_stream, self->data + self->length, self->capacity - self->length);
  if (got <= 0)
    return FALSE;
  self->length += (gsize) got;

  return TRUE;
}

/* After an unusually large answer (a header of megabytes), the buffer
 * goes back to its usual size rather than stay that large all along. */
static void
shrink (CrImapFetchReader *self)
{
  gsize left = self->length - self->start;

  if (self->capacity <= 16 * READ_SIZE || left > READ_SIZE)
    return;

  memmove (self->data, self->data + self->start, left);
  self->start = 0;
  self->length = left;
  self->capacity = 2 * READ_SIZE;
  self->data = g_realloc (self->data, self->capacity);
}

/* Steps over a literal too large to keep (CR_IMAP_RESPONSE_MAX; a
 * message's header could be made that large), reading it off the
 * connection without keeping it. After it, @self holds what follows. */
static gboolean
skip_literal (CrImapFetchReader  *self,
              const CrImapFramer *framer)
{
  gsize at = self->start + framer->literal_start;
  guint64 left = framer->literal_size;
  gsize held = self->length - at;

  if (left == G_MAXUINT64)
    return FALSE;
  if (held >= left)
    {
      self->start = at + (gsize) left;
      return TRUE;
    }

  left -= held;
  self->start = self->length = 0;
  while (left > 0)
    {
      ssize_t got = read_some (self->imap->imap_stream, self->data, (gsize) MIN (left, self->capacity));

      if (got <= 0)
        return FALSE;
      left -= (guint64) got;
    }

  return TRUE;
}

/* Keeps a tagged or BYE answer's text, without its [code], as libetpan
 * does, for error messages. @text ends with the line end. */
static int
keep_text (CrImapFetchReader *self,
           char              *text,
           gsize              length)
{
  char *end = memchr (text, '\n', length);

  if (end == NULL)
    return MAILIMAP_ERROR_PARSE;
  if (end > text && end[-1] == '\r')
    end--;
  *end = '\0';
  if (*text == '[' && strchr (text, ']') != NULL)
    text = strchr (text, ']') + 1;
  while (*text == ' ')
    text++;

  if (mmap_string_assign (self->imap->imap_response_buffer, text) == NULL)
    return MAILIMAP_ERROR_MEMORY;
  self->imap->imap_response = self->imap->imap_response_buffer->str;

  return MAILIMAP_NO_ERROR;
}

/* The word after "* N ", and where the line goes on after it. */
static gboolean
word_is (const char *line,
         gsize       length,
         gsize      *pos,
         const char *word)
{
  gsize n = strlen (word);

  if (length - *pos < n || g_ascii_strncasecmp (line + *pos, word, n) != 0 ||
      (length - *pos > n && g_ascii_isalnum (line[*pos + n])))
    return FALSE;

  *pos += n;
  return TRUE;
}

static int
handle_numbered (CrImapFetchReader *self,
                 char              *line,
                 gsize              length,
                 gsize              pos,
                 guint32            number,
                 CrImapFetchFunc    func,
                 gpointer           user_data)
{
  struct mailimap_selection_info *selection = self->imap->imap_selection_info;

  if (word_is (line, length, &pos, "FETCH"))
    {
      /* An answer that cannot be read is passed over: its end is known,
       * so the session stays in step, and one odd message (the sender
       * chooses its structure) does not stop the folder's sync. */
      g_array_set_size (self->values, 0);
      if (cr_imap_response_parse_value (line, length, &pos, self->values) &&
          g_array_index (self->values, CrImapValue, 0).kind == CR_IMAP_VALUE_LIST)
        func ((const CrImapValue *) (gpointer) self->values->data, 0, user_data);
      else
        g_debug ("FETCH answer for message %u unreadable, passed over", number);
    }
  else if (selection == NULL)
    return MORE_ANSWERS;
  else if (word_is (line, length, &pos, "EXISTS"))
    {
      selection->sel_exists = number;
      selection->sel_has_exists = 1;
    }
  else if (word_is (line, length, &pos, "EXPUNGE") && selection->sel_exists > 0)
    selection->sel_exists--;
  else if (word_is (line, length, &pos, "RECENT"))
    {
      selection->sel_recent = number;
      selection->sel_has_recent = 1;
    }

  return MORE_ANSWERS;
}

/* "* …": a FETCH answer, a count, a BYE, or something told in passing. */
static int
handle_untagged (CrImapFetchReader *self,
                 char              *line,
                 gsize              length,
                 CrImapFetchFunc    func,
                 gpointer           user_data)
{
  gsize pos = 2;
  guint64 number = 0;
  gsize digits = 0;

  for (; pos < length && g_ascii_isdigit (line[pos]); pos++, digits++)
    {
      number = number * 10 + (guint64) (line[pos] - '0');
      if (number > G_MAXUINT32)
        return MAILIMAP_ERROR_PARSE;
    }
  if (digits > 0)
    {
      if (pos >= length || line[pos] != ' ')
        return MAILIMAP_ERROR_PARSE;
      return handle_numbered (self, line, length, pos + 1, (guint32) number, func, user_data);
    }

  if (word_is (line, length, &pos, "BYE"))
    {
      int r = keep_text (self, line + pos, length - pos);

      return r != MAILIMAP_NO_ERROR ? r : MAILIMAP_ERROR_FATAL;
    }

  return MORE_ANSWERS;
}

/* "TAG OK|NO|BAD text": the end of the answer to the command @tag. */
static int
handle_tagged (CrImapFetchReader *self,
               char              *line,
               gsize              length,
               const char        *tag)
{
  gsize n = strlen (tag), pos = n + 1;
  int r;

  if (length <= n || strncmp (line, tag, n) != 0 || line[n] != ' ')
    return MAILIMAP_ERROR_PROTOCOL;

  /* A BAD is a refusal like NO: the answer is whole, the session in step. */
  if (word_is (line, length, &pos, "OK"))
    r = MAILIMAP_NO_ERROR;
  else if (word_is (line, length, &pos, "NO") || word_is (line, length, &pos, "BAD"))
    r = MAILIMAP_ERROR_UID_FETCH;
  else
    return MAILIMAP_ERROR_PARSE;

  while (pos < length && line[pos] == ' ')
    pos++;
  if (keep_text (self, line + pos, length - pos) != MAILIMAP_NO_ERROR)
    return MAILIMAP_ERROR_PARSE;

  return r;
}

/**
 * cr_imap_fetch_reader_receive:
 * @tag: the tag of the oldest command whose answer is not read yet
 * @func: called for each FETCH answer
 *
 * Reads up to and including the tagged answer to @tag.
 *
 * Returns: libetpan's result code: MAILIMAP_ERROR_UID_FETCH for NO or
 *   BAD, MAILIMAP_ERROR_PROTOCOL for another tag, MAILIMAP_ERROR_FATAL
 *   for BYE, MAILIMAP_ERROR_STREAM when the stream failed (or was
 *   cancelled), MAILIMAP_ERROR_PARSE for what cannot be read
 */
int
cr_imap_fetch_reader_receive (CrImapFetchReader *self,
                              int                tag,
                              CrImapFetchFunc    func,
                              gpointer           user_data)
{
  char expected[16];
  int r = MORE_ANSWERS;

  g_snprintf (expected, sizeof expected, "%d", tag);
  self->imap->imap_response = NULL;

  while (r == MORE_ANSWERS)
    {
      CrImapFramer framer = { 0, };
      CrImapFrame frame;
      char *line;
      gsize end = 0;
      gboolean skipping = FALSE;

      while ((frame = cr_imap_response_frame (self->data + self->start, self->length - self->start,
                                              &framer, &end)) != CR_IMAP_FRAME_COMPLETE)
        {
          /* A literal too large: stepped over, and the rest of its
           * answer framed and dropped. */
          if (frame == CR_IMAP_FRAME_INVALID)
            {
              if (framer.literal_size == 0 || !skip_literal (self, &framer))
                return MAILIMAP_ERROR_PARSE;
              memset (&framer, 0, sizeof framer);
              skipping = TRUE;
            }
          else if (!fill (self))
            return MAILIMAP_ERROR_STREAM;
        }

      line = self->data + self->start;
      if (skipping)
        {
          g_debug ("an answer with a literal over %d bytes passed over", CR_IMAP_RESPONSE_MAX);
          r = MORE_ANSWERS;
        }
      else if (end >= 2 && line[0] == '*' && line[1] == ' ')
        r = handle_untagged (self, line, end, func, user_data);
      else
        r = handle_tagged (self, line, end, expected);
      self->start += end;
    }
  shrink (self);

  return r;
}
