/* cr-compose-encode.c — header and body encodings for outgoing mail
 *
 * Headers are written as tokens joined by single spaces; a long header is
 * folded by turning one of those spaces into CRLF + space, so unfolding
 * gives back exactly what was meant. Non-ASCII text becomes base64
 * encoded words of whole UTF-8 characters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-compose-encode.h"

/* 39 bytes give 52 base64 characters, 64 with “=?UTF-8?B?” and “?=”:
 * one word fits after the longest header name we write. */
#define ENCODED_WORD_BYTES 39
/* Leaves room for “=” and the CRLF in a quoted-printable line. */
#define QP_LINE_LENGTH 76
#define PARAMETER_SEGMENT 60
#define FLOWED_WIDTH 72

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

static gboolean
has_control (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
      return TRUE;
  return FALSE;
}

/* Appends encoded words for @text to @tokens, never cutting a
 * character in two (a decoder would show replacement characters). */
static void
add_encoded_words (GPtrArray  *tokens,
                   const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *b64 = NULL;

      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);

          if (next - p > ENCODED_WORD_BYTES)
            break;
          end = next;
        }
      b64 = g_base64_encode ((const guchar *) p, (gsize) (end - p));
      g_ptr_array_add (tokens, g_strdup_printf ("=?UTF-8?B?%s?=", b64));
      p = end;
    }
}

/* “Name: token token…\r\n”, folded before a token that would pass the
 * line length (a single token longer than a line stays whole). */
static char *
fold_tokens (const char *name,
             GPtrArray  *tokens)
{
  GString *out = g_string_new (name);
  gsize line_start = 0;

  g_string_append_c (out, ':');
  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);
      gsize column = out->len - line_start;

      if (column + 1 + strlen (token) > CR_COMPOSE_LINE_LENGTH && column > strlen (name) + 1 && *token != '\0')
        {
          g_string_append (out, "\r\n");
          line_start = out->len;
        }
      g_string_append_c (out, ' ');
      g_string_append (out, token);
    }
  g_string_append (out, "\r\n");

  return g_string_free (out, FALSE);
}

/* Line breaks and tabs in a value typed in an entry become spaces: a
 * bare line break would end the header. */
static char *
flatten (const char *value)
{
  char *flat = g_strdup (value);

  for (char *p = flat; *p != '\0'; p++)
    if (*p == '\r' || *p == '\n' || *p == '\t')
      *p = ' ';
  return flat;
}

/**
 * cr_compose_header_unstructured:
 * @name: the header name (“Subject”)
 * @value: UTF-8 text
 *
 * Returns: (transfer full): the whole header with its CRLF, folded, with
 *   encoded words when the text is not plain ASCII
 */
char *
cr_compose_header_unstructured (const char *name,
                                const char *value)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *flat = flatten (value);
  g_auto(GStrv) words = g_strsplit (flat, " ", -1);
  gboolean encode = !is_ascii (flat) || has_control (flat) || strstr (flat, "=?") != NULL;

  for (guint i = 0; !encode && words[i] != NULL; i++)
    encode = strlen (words[i]) > CR_COMPOSE_LINE_LENGTH - strlen (name) - 2;

  if (encode)
    add_encoded_words (tokens, flat);
  else
    for (guint i = 0; words[i] != NULL; i++)
      g_ptr_array_add (tokens, g_strdup (words[i]));

  return fold_tokens (name, tokens);
}

static gboolean
is_atext_phrase (const char *name)
{
  if (*name == '\0' || *name == ' ' || name[strlen (name) - 1] == ' ' || strstr (name, "  ") != NULL)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (" !#$%&'*+-/=?^_`{|}~", *p) == NULL)
      return FALSE;
  return TRUE;
}

static char *
quote_string (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* The display name as tokens: atoms as they are, other ASCII quoted,
 * anything else in encoded words. */
static void
add_phrase (GPtrArray  *tokens,
            const char *name)
{
  g_autofree char *flat = flatten (name);

  if (!is_ascii (flat) || strstr (flat, "=?") != NULL)
    add_encoded_words (tokens, flat);
  else if (is_atext_phrase (flat))
    {
      g_auto(GStrv) words = g_strsplit (flat, " ", -1);

      for (guint i = 0; words[i] != NULL; i++)
        g_ptr_array_add (tokens, g_strdup (words[i]));
    }
  else
    g_ptr_array_add (tokens, quote_string (flat));
}

static void
add_address (GPtrArray           *tokens,
             const CrMimeAddress *address,
             gboolean             last)
{
  const char *comma = last ? "" : ",";

  if (address->name != NULL && *address->name != '\0')
    {
      add_phrase (tokens, address->name);
      g_ptr_array_add (tokens, g_strdup_printf ("<%s>%s", address->address, comma));
    }
  else
    g_ptr_array_add (tokens, g_strdup_printf ("%s%s", address->address, comma));
}

/**
 * cr_compose_header_addresses:
 * @name: the header name (“To”)
 * @addresses: (element-type CrMimeAddress): valid addresses
 *
 * Returns: (transfer full): the folded header with its CRLF
 */
char *
cr_compose_header_addresses (const char *name,
                             GPtrArray  *addresses)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < addresses->len; i++)
    add_address (tokens, g_ptr_array_index (addresses, i), i + 1 == addresses->len);

  return fold_tokens (name, tokens);
}

/**
 * cr_compose_format_address:
 * @address: a valid address
 *
 * Returns: (transfer full): the address as written in a header, on one
 *   line (“"Dupont, Jean" <jean@example.fr>”)
 */
char *
cr_compose_format_address (const CrMimeAddress *address)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);

  add_address (tokens, address, TRUE);
  g_ptr_array_add (tokens, NULL);

  return g_strjoinv (" ", (char **) tokens->pdata);
}

/**
 * cr_compose_is_valid_address:
 * @address: (nullable): what a person typed
 *
 * Plain ASCII “local@domain” without anything that would break a header
 * or an SMTP command.
 */
gboolean
cr_compose_is_valid_address (const char *address)
{
  const char *at;

  if (address == NULL || !is_ascii (address))
    return FALSE;
  at = strchr (address, '@');
  if (at == NULL || at == address || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = address; *p != '\0'; p++)
    if (*p <= ' ' || *p == 0x7f || strchr ("<>(),;:\\\"[]", *p) != NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_token (const char *value)
{
  if (*value == '\0')
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if (*p <= ' ' || *p >= 0x7f || strchr ("()<>@,;:\\\"/[]?=", *p) != NULL)
      return FALSE;
  return TRUE;
}

/* RFC 2231 form: UTF-8 percent-encoded, cut in numbered segments that
 * never split a %XX. */
static void
append_extended_parameter (GString    *header,
                           const char *name,
                           const char *value)
{
  g_autoptr(GString) encoded = g_string_new ("UTF-8''");
  guint segment = 0;
  gsize start = 0;

  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("!#$&+-.^_`|~", *p) != NULL)
        g_string_append_c (encoded, (char) *p);
      else
        g_string_append_printf (encoded, "%%%02X", *p);
    }

  while (start < encoded->len)
    {
      gsize end = MIN (start + PARAMETER_SEGMENT, encoded->len);

      if (end < encoded->len && end > start + 2 && encoded->str[end - 1] == '%')
        end -= 1;
      else if (end < encoded->len && end > start + 2 && encoded->str[end - 2] == '%')
        end -= 2;
      g_string_append_printf (header, ";\r\n %s*%u*=", name, segment++);
      g_string_append_len (header, encoded->str + start, (gssize) (end - start));
      start = end;
    }
}

/**
 * cr_compose_append_parameter:
 * @header: a Content-Type or Content-Disposition header being written,
 *   without its CRLF
 * @name: the parameter name
 * @value: UTF-8 value
 *
 * Appends “;” and the parameter on a line of its own: as a token or a
 * quoted string when it is short ASCII, in the RFC 2231 form otherwise.
 */
void
cr_compose_append_parameter (GString    *header,
                             const char *name,
                             const char *value)
{
  g_autofree char *flat = flatten (value);

  if (is_ascii (flat) && strlen (flat) <= PARAMETER_SEGMENT && !has_control (flat))
    {
      g_autofree char *quoted = is_token (flat) ? g_strdup (flat) : quote_string (flat);

      g_string_append_printf (header, ";\r\n %s=%s", name, quoted);
    }
  else
    append_extended_parameter (header, name, flat);
}

/**
 * cr_compose_encode_qp:
 * @data: text with “\n” or “\r\n” line ends
 * @length: its length in bytes
 *
 * Returns: (transfer full): quoted-printable with CRLF line ends and soft
 *   breaks keeping lines within 76 characters
 */
char *
cr_compose_encode_qp (const char *data,
                      gsize       length)
{
  GString *out = g_string_sized_new (length + length / 8);
  gsize column = 0;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];
      gboolean line_end = i + 1 == length || data[i + 1] == '\n' ||
                          (data[i + 1] == '\r' && i + 2 < length && data[i + 2] == '\n');
      char piece[4];

      if (c == '\n')
        {
          g_string_append (out, "\r\n");
          column = 0;
          continue;
        }
      if (c == '\r' && i + 1 < length && data[i + 1] == '\n')
        continue;

      /* Trailing white space would be lost on the way; “From ” at the
       * start of a line would be mangled by mbox tools. */
      if ((c >= 33 && c <= 126 && c != '=' && !(c == 'F' && column == 0 && strncmp (data + i, "From ", MIN (5, length - i)) == 0 && length - i >= 5)) ||
          ((c == ' ' || c == '\t') && !line_end))
        g_snprintf (piece, sizeof piece, "%c", c);
      else
        g_snprintf (piece, sizeof piece, "=%02X", c);

      if (column + strlen (piece) > QP_LINE_LENGTH - 1 && !(line_end && column + strlen (piece) <= QP_LINE_LENGTH))
        {
          g_string_append (out, "=\r\n");
          column = 0;
        }
      g_string_append (out, piece);
      column += strlen (piece);
    }

  return g_string_free (out, FALSE);
}

/**
 * cr_compose_encode_base64:
 * @data: bytes
 * @length: how many
 *
 * Returns: (transfer full): base64 in lines of 76 characters, each ended
 *   by CRLF
 */
char *
cr_compose_encode_base64 (const guint8 *data,
                          gsize         length)
{
  g_autofree char *b64 = g_base64_encode (data, length);
  gsize b64_length = strlen (b64);
  GString *out = g_string_sized_new (b64_length + b64_length / 38 + 2);

  for (gsize i = 0; i < b64_length; i += 76)
    {
      g_string_append_len (out, b64 + i, (gssize) MIN (76, b64_length - i));
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

/**
 * cr_compose_needs_qp:
 * @text: UTF-8 text
 *
 * Whether @text cannot travel as 7bit: non-ASCII, control characters or
 * a line longer than SMTP allows.
 */
gboolean
cr_compose_needs_qp (const char *text)
{
  gsize column = 0;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p == '\n')
        {
          column = 0;
          continue;
        }
      if (*p >= 0x80 || (*p < 0x20 && *p != '\t' && !(*p == '\r' && p[1] == '\n')) || *p == 0x7f)
        return TRUE;
      if (++column > 998)
        return TRUE;
    }
  return FALSE;
}

static void
append_stuffed (GString    *out,
                const char *line,
                gsize       length)
{
  /* RFC 3676 §4.4: a line starting with a space, “>” or “From ” gets one
   * more space, which the reader removes. */
  if (length > 0 && (line[0] == ' ' || line[0] == '>' || (length >= 5 && strncmp (line, "From ", 5) == 0)))
    g_string_append_c (out, ' ');
  g_string_append_len (out, line, (gssize) length);
  g_string_append_c (out, '\n');
}

/* Cuts one paragraph (no quote marks) into lines ending with a space
 * where they continue (soft breaks). */
static void
flow_paragraph (GString    *out,
                const char *line)
{
  const char *p = line;

  while (g_utf8_strlen (p, -1) > FLOWED_WIDTH)
    {
      const char *cut = NULL;
      const char *q = p;
      glong column = 0;

      for (; *q != '\0'; q = g_utf8_next_char (q), column++)
        {
          if (*q == ' ' && q != p)
            {
              if (column >= FLOWED_WIDTH && cut != NULL)
                break;
              cut = q;
            }
        }
      /* A space that ends the paragraph is no place to break. */
      if (cut == NULL || cut[1] == '\0')
        break;
      append_stuffed (out, p, (gsize) (cut + 1 - p));
      p = cut + 1;
    }
  append_stuffed (out, p, strlen (p));
}

/**
 * cr_compose_flow_text:
 * @text: what a person typed (“\n” line ends)
 *
 * Returns: (transfer full): the text as format=flowed (DelSp=no) with
 *   “\n” line ends: long paragraphs cut at spaces with a trailing space
 *   on the continued lines, hard lines stripped of trailing spaces,
 *   lines space-stuffed; quoted lines (“>”) are kept as they are
 */
char *
cr_compose_flow_text (const char *text)
{
  g_autofree char *unix_text = g_strdup (text);
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);
  char *w = unix_text;
  guint n;

  for (const char *r = text; *r != '\0'; r++)
    if (!(*r == '\r' && r[1] == '\n'))
      *w++ = *r;
  *w = '\0';

  lines = g_strsplit (unix_text, "\n", -1);
  n = g_strv_length (lines);
  /* A final newline starts no line. */
  if (n > 0 && *lines[n - 1] == '\0')
    n--;

  for (guint i = 0; i < n; i++)
    {
      char *line = lines[i];

      if (strcmp (line, "-- ") == 0)
        {
          g_string_append (out, "-- \n");
          continue;
        }
      g_strchomp (line);
      if (line[0] == '>')
        {
          g_string_append (out, line);
          g_string_append_c (out, '\n');
        }
      else
        flow_paragraph (out, line);
    }

  return g_string_free (out, FALSE);
}
