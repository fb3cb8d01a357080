/* cr-imap-response.c — IMAP server responses framed and read in place
 *
 * The header sync reads its FETCH answers with this instead of libetpan's
 * parser, which allocates every atom, string and list node, registers
 * each string in a global mutex-guarded table and compares tokens one
 * strncasecmp at a time: with it, parsing took over half of the sync's
 * worker thread (perf, bench-sync). Here a response is first framed (its
 * end found, literals skipped by their announced size), then read into a
 * flat array of values that point into the response's own bytes; quoted
 * strings are unescaped where they lie. Nothing is allocated per value,
 * and the array is reused from one answer to the next.
 *
 * It reads what the server sends, so it is bounded everywhere: a response
 * and any literal in it at CR_IMAP_RESPONSE_MAX, MAX_VALUES values a
 * response, recursion MAX_DEPTH deep (deeper lists are stepped over).
 * tests/fuzz/fuzz-imap runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-imap-response.h"

#define MAX_DEPTH 100
#define MAX_VALUES 1000000

/* Does the line end with a literal's announcement, {N} or {N+}? @line
 * is without its \n. The size in @out_size (G_MAXUINT64 when too long). */
static gboolean
literal_at_line_end (const char *line,
                     gsize       length,
                     guint64    *out_size)
{
  gsize end = length;
  gsize digits = 0;
  guint64 size = 0;

  if (end > 0 && line[end - 1] == '\r')
    end--;
  if (end == 0 || line[end - 1] != '}')
    return FALSE;
  end--;
  if (end > 0 && line[end - 1] == '+')
    end--;
  while (end > 0 && g_ascii_isdigit (line[end - 1]))
    {
      end--;
      digits++;
    }
  if (digits == 0 || end == 0 || line[end - 1] != '{')
    return FALSE;

  /* Up to 19 digits are kept exact (a literal that large is skipped by
   * its size); more cannot be skipped. */
  for (gsize i = end; i < end + digits; i++)
    size = digits > 19 ? G_MAXUINT64 : size * 10 + (guint64) (line[i] - '0');
  *out_size = size;

  return TRUE;
}

/* Is the word at @line (up to @length) one of @words, followed by a
 * space or the line end? */
static gboolean
starts_with_word (const char        *line,
                  gsize              length,
                  const char *const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize n = strlen (words[i]);

      if (length >= n && g_ascii_strncasecmp (line, words[i], n) == 0 &&
          (length == n || line[n] == ' ' || line[n] == '\r'))
        return TRUE;
    }

  return FALSE;
}

/* A status answer (tagged, or untagged OK, NO, BAD, BYE, PREAUTH) or a
 * continuation request ends with free text: a {N} there is text, not a
 * literal. */
static gboolean
is_text_response (const char *line,
                  gsize       length)
{
  static const char *const status[] = { "OK", "NO", "BAD", "BYE", "PREAUTH", NULL };
  const char *space;

  if (length > 0 && line[0] == '+')
    return TRUE;
  if ((space = memchr (line, ' ', length)) == NULL)
    return FALSE;
  space++;

  return starts_with_word (space, length - (gsize) (space - line), status);
}

/**
 * cr_imap_response_frame:
 * @data: the bytes read so far, from the response's first byte on
 * @framer: where the last call stopped, zeroed for a new response
 * @out_end: (out): the response's length, its last line end included,
 *   when it is complete
 *
 * Finds where the response that starts @data ends: after the first line
 * end that does not announce a literal. Called again with more bytes, it
 * goes on from where it stopped. A response that would grow past
 * CR_IMAP_RESPONSE_MAX is invalid; when a literal makes it so, @framer
 * says where that literal starts and its size, so that the caller can
 * skip it.
 */
CrImapFrame
cr_imap_response_frame (const char   *data,
                        gsize         length,
                        CrImapFramer *framer,
                        gsize        *out_end)
{
  while (framer->scanned < length)
    {
      const char *newline = memchr (data + framer->scanned, '\n', length - framer->scanned);
      gsize eol;
      guint64 literal = 0;

      if (newline == NULL)
        {
          framer->scanned = length;
          break;
        }
      eol = (gsize) (newline - data);
      if ((framer->line_start == 0 && is_text_response (data, eol)) ||
          !literal_at_line_end (data + framer->line_start, eol - framer->line_start, &literal))
        {
          *out_end = eol + 1;
          return CR_IMAP_FRAME_COMPLETE;
        }
      if (literal > CR_IMAP_RESPONSE_MAX || eol + 1 + literal > CR_IMAP_RESPONSE_MAX)
        {
          framer->literal_start = eol + 1;
          framer->literal_size = literal;
          return CR_IMAP_FRAME_INVALID;
        }
      framer->scanned = framer->line_start = eol + 1 + (gsize) literal;
    }

  return framer->scanned > CR_IMAP_RESPONSE_MAX ? CR_IMAP_FRAME_INVALID : CR_IMAP_FRAME_MORE;
}

typedef struct
{
  char   *data;
  gsize   length;
  gsize   pos;
  GArray *values;
  guint   depth;
} Parser;

static gboolean
push (Parser          *ps,
      CrImapValueKind  kind,
      const char      *text,
      gsize            length)
{
  CrImapValue value = { kind, ps->values->len + 1, text, length };

  if (ps->values->len >= MAX_VALUES)
    return FALSE;
  g_array_append_val (ps->values, value);

  return TRUE;
}

static gboolean parse_value (Parser *ps);
static gboolean parse_quoted (Parser *ps);
static gboolean parse_literal (Parser *ps);

/* A list nested deeper than MAX_DEPTH is stepped over, without recursion,
 * and read as NIL: a message nested that deep (forwarded in a forward in
 * a forward…) still gets its row. Strings in it are stepped over as
 * strings, so that a parenthesis inside one does not count. */
static gboolean
skip_list (Parser *ps)
{
  guint open = 0;

  while (ps->pos < ps->length)
    {
      char c = ps->data[ps->pos];

      if (c == '"' || c == '{')
        {
          if (!(c == '"' ? parse_quoted (ps) : parse_literal (ps)))
            return FALSE;
          g_array_set_size (ps->values, ps->values->len - 1);
          continue;
        }
      if (c == '\r' || c == '\n')
        return FALSE;
      ps->pos++;
      if (c == '(')
        open++;
      else if (c == ')' && --open == 0)
        return push (ps, CR_IMAP_VALUE_NIL, NULL, 0);
    }

  return FALSE;
}

static gboolean
parse_list (Parser *ps)
{
  guint index = ps->values->len;

  if (ps->depth >= MAX_DEPTH)
    return skip_list (ps);
  if (!push (ps, CR_IMAP_VALUE_LIST, NULL, 0))
    return FALSE;
  ps->pos++;
  ps->depth++;
  for (;;)
    {
      while (ps->pos < ps->length && ps->data[ps->pos] == ' ')
        ps->pos++;
      if (ps->pos >= ps->length)
        return FALSE;
      if (ps->data[ps->pos] == ')')
        break;
      if (!parse_value (ps))
        return FALSE;
    }
  ps->pos++;
  ps->depth--;
  g_array_index (ps->values, CrImapValue, index).next = ps->values->len;

  return TRUE;
}

/* Unescaped where it lies: the text only gets shorter. */
static gboolean
parse_quoted (Parser *ps)
{
  gsize start = ++ps->pos;
  gsize out = start;

  while (ps->pos < ps->length && ps->data[ps->pos] != '"')
    {
      char c = ps->data[ps->pos];

      if (c == '\\' && ps->pos + 1 < ps->length)
        c = ps->data[++ps->pos];
      if (c == '\r' || c == '\n')
        return FALSE;
      ps->data[out++] = c;
      ps->pos++;
    }
  if (ps->pos >= ps->length)
    return FALSE;
  ps->pos++;

  return push (ps, CR_IMAP_VALUE_STRING, ps->data + start, out - start);
}

static gboolean
parse_literal (Parser *ps)
{
  guint64 size = 0;
  gsize digits = 0;

  ps->pos++;
  for (; ps->pos < ps->length && g_ascii_isdigit (ps->data[ps->pos]); ps->pos++)
    {
      if (++digits > 10)
        return FALSE;
      size = size * 10 + (guint64) (ps->data[ps->pos] - '0');
    }
  if (digits == 0 || ps->pos >= ps->length)
    return FALSE;
  if (ps->data[ps->pos] == '+')
    ps->pos++;
  if (ps->pos >= ps->length || ps->data[ps->pos++] != '}')
    return FALSE;
  if (ps->pos < ps->length && ps->data[ps->pos] == '\r')
    ps->pos++;
  if (ps->pos >= ps->length || ps->data[ps->pos++] != '\n' || size > ps->length - ps->pos)
    return FALSE;

  ps->pos += (gsize) size;
  return push (ps, CR_IMAP_VALUE_STRING, ps->data + ps->pos - size, (gsize) size);
}

/* Does the atom so far name a section, as in BODY[HEADER.FIELDS (…)]?
 * Elsewhere "[" is an ordinary atom character (a keyword may have one). */
static gboolean
names_section (const char *atom,
               gsize       length)
{
  static const char *const names[] = { "BODY", "BODY.PEEK", "BINARY", "BINARY.PEEK", "BINARY.SIZE" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (length == strlen (names[i]) && g_ascii_strncasecmp (atom, names[i], length) == 0)
      return TRUE;

  return FALSE;
}

/* Up to a space, a parenthesis, a quote or a line end; a [section] is
 * taken whole, spaces and parentheses included. */
static gboolean
parse_atom (Parser *ps)
{
  gsize start = ps->pos;

  while (ps->pos < ps->length)
    {
      char c = ps->data[ps->pos];

      if (c == ' ' || c == '(' || c == ')' || c == '"' || c == '\r' || c == '\n')
        break;
      if (c == '[' && names_section (ps->data + start, ps->pos - start))
        {
          while (ps->pos < ps->length && ps->data[ps->pos] != ']' && ps->data[ps->pos] != '\n')
            ps->pos++;
          if (ps->pos >= ps->length || ps->data[ps->pos] != ']')
            return FALSE;
        }
      ps->pos++;
    }
  if (ps->pos == start)
    return FALSE;

  if (ps->pos - start == 3 && g_ascii_strncasecmp (ps->data + start, "NIL", 3) == 0)
    return push (ps, CR_IMAP_VALUE_NIL, NULL, 0);
  return push (ps, CR_IMAP_VALUE_ATOM, ps->data + start, ps->pos - start);
}

static gboolean
parse_value (Parser *ps)
{
  switch (ps->data[ps->pos])
    {
    case '(':
      return parse_list (ps);
    case '"':
      return parse_quoted (ps);
    case '{':
      return parse_literal (ps);
    default:
      return parse_atom (ps);
    }
}

/**
 * cr_imap_response_parse_value:
 * @data: a whole response (cr_imap_response_frame()); quoted strings in
 *   it are unescaped in place
 * @pos: (inout): where the value starts (spaces before it are skipped);
 *   after it on return
 * @values: (element-type CrImapValue): where the value, and a list's
 *   children after it, are appended
 *
 * Returns: %FALSE when it is not a well-formed value, or too large
 */
gboolean
cr_imap_response_parse_value (char   *data,
                              gsize   length,
                              gsize  *pos,
                              GArray *values)
{
  Parser ps = { data, length, *pos, values, 0 };

  while (ps.pos < length && data[ps.pos] == ' ')
    ps.pos++;
  if (ps.pos >= length || !parse_value (&ps))
    return FALSE;

  *pos = ps.pos;
  return TRUE;
}

/**
 * cr_imap_value_is:
 *
 * Returns: whether @value is the atom or string @word, in any case
 */
gboolean
cr_imap_value_is (const CrImapValue *value,
                  const char        *word)
{
  gsize length = strlen (word);

  return (value->kind == CR_IMAP_VALUE_ATOM || value->kind == CR_IMAP_VALUE_STRING) &&
         value->length == length && g_ascii_strncasecmp (value->text, word, length) == 0;
}

/**
 * cr_imap_value_has_prefix:
 *
 * Returns: whether @value is an atom or string that starts with @prefix,
 *   in any case
 */
gboolean
cr_imap_value_has_prefix (const CrImapValue *value,
                          const char        *prefix)
{
  gsize length = strlen (prefix);

  return (value->kind == CR_IMAP_VALUE_ATOM || value->kind == CR_IMAP_VALUE_STRING) &&
         value->length >= length && g_ascii_strncasecmp (value->text, prefix, length) == 0;
}

/**
 * cr_imap_value_number:
 * @max: the largest number accepted
 * @out: (out): the number
 *
 * Returns: whether @value is an atom of decimal digits no larger than @max
 */
gboolean
cr_imap_value_number (const CrImapValue *value,
                      guint64            max,
                      guint64           *out)
{
  guint64 n = 0;

  if (value->kind != CR_IMAP_VALUE_ATOM || value->length == 0 || value->length > 20)
    return FALSE;

  for (gsize i = 0; i < value->length; i++)
    {
      guint digit;

      if (!g_ascii_isdigit (value->text[i]))
        return FALSE;
      digit = (guint) (value->text[i] - '0');
      if (digit > max || n > (max - digit) / 10)
        return FALSE;
      n = n * 10 + digit;
    }

  *out = n;
  return TRUE;
}

/**
 * cr_imap_value_dup:
 *
 * Returns: (transfer full) (nullable): an atom's or a string's text, up to
 *   a NUL byte in it; %NULL for NIL and lists
 */
char *
cr_imap_value_dup (const CrImapValue *value)
{
  if (value->kind != CR_IMAP_VALUE_ATOM && value->kind != CR_IMAP_VALUE_STRING)
    return NULL;

  return g_strndup (value->text, value->length);
}
