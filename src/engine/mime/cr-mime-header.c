/* cr-mime-header.c — header values as a person reads them
 *
 * RFC 2047 encoded words and address lists, decoded the way real mail
 * needs: tolerant of what clients actually send, always valid UTF-8,
 * never NULL for a non-NULL input. RFC 2231 parameters are in
 * cr-mime-param.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-mime-charset.h"
#include "cr-mime-header.h"
#include "cr-mime-header-private.h"

#define MAX_CHARSET_LENGTH 64

G_DEFINE_BOXED_TYPE (CrMimeAddress, cr_mime_address, cr_mime_address_copy, cr_mime_address_free)

/**
 * cr_mime_address_new:
 * @name: (nullable): a display name, already decoded
 * @address: an address
 *
 * Returns: (transfer full): a new #CrMimeAddress
 */
CrMimeAddress *
cr_mime_address_new (const char *name,
                     const char *address)
{
  CrMimeAddress *self = g_new0 (CrMimeAddress, 1);

  self->name = (name != NULL && *name != '\0') ? g_strdup (name) : NULL;
  self->address = g_strdup (address != NULL ? address : "");

  return self;
}

CrMimeAddress *
cr_mime_address_copy (const CrMimeAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return cr_mime_address_new (self->name, self->address);
}

void
cr_mime_address_free (CrMimeAddress *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->address);
  g_free (self);
}

/**
 * cr_mime_address_to_string:
 * @self: an address
 *
 * Returns: (transfer full): “Name <address>”, or the address alone
 */
char *
cr_mime_address_to_string (const CrMimeAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->name == NULL)
    return g_strdup (self->address);
  if (*self->address == '\0')
    return g_strdup (self->name);

  return g_strdup_printf ("%s <%s>", self->name, self->address);
}

/* Folded lines become one; a line break not followed by white space (a
 * broken fold) becomes a space rather than vanishing. */
static char *
unfold (const char *raw)
{
  GString *out = g_string_sized_new (strlen (raw));

  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          if (*p == '\r' && p[1] == '\n')
            p++;
          if (p[1] != ' ' && p[1] != '\t')
            g_string_append_c (out, ' ');
          continue;
        }
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
decode_q (const char *text,
          gsize       length,
          GByteArray *out)
{
  for (gsize i = 0; i < length; i++)
    {
      guint8 byte = (guint8) text[i];

      if (text[i] == '_')
        byte = ' ';
      else if (text[i] == '=' && i + 2 < length &&
               g_ascii_xdigit_value (text[i + 1]) >= 0 && g_ascii_xdigit_value (text[i + 2]) >= 0)
        {
          byte = (guint8) (g_ascii_xdigit_value (text[i + 1]) * 16 + g_ascii_xdigit_value (text[i + 2]));
          i += 2;
        }
      g_byte_array_append (out, &byte, 1);
    }
}

/* Base64 as senders write it: white space inside, padding missing. */
static void
decode_b (const char *text,
          gsize       length,
          GByteArray *out)
{
  g_autoptr(GString) clean = g_string_sized_new (length + 4);
  g_autofree guchar *decoded = NULL;
  gsize decoded_length = 0;
  int state = 0;
  guint save = 0;

  for (gsize i = 0; i < length; i++)
    if (g_ascii_isalnum (text[i]) || text[i] == '+' || text[i] == '/')
      g_string_append_c (clean, text[i]);

  if (clean->len % 4 == 1)
    g_string_truncate (clean, clean->len - 1);
  while (clean->len % 4 != 0)
    g_string_append_c (clean, '=');

  decoded = g_malloc (clean->len / 4 * 3 + 3);
  decoded_length = g_base64_decode_step (clean->str, clean->len, decoded, &state, &save);
  g_byte_array_append (out, decoded, (guint) decoded_length);
}

typedef struct
{
  char       *charset;
  GByteArray *bytes;
  const char *end;
} EncodedWord;

static void
encoded_word_clear (EncodedWord *word)
{
  g_clear_pointer (&word->charset, g_free);
  g_clear_pointer (&word->bytes, g_byte_array_unref);
}

static gboolean
is_charset_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("-_.:+()*", c) != NULL;
}

/* Parses “=?charset?X?text?=” at @p. A language suffix (RFC 2231 §5,
 * “charset*lang”) is dropped. Knowing where the last “?=” is keeps a
 * header full of unclosed “=?” linear. */
static gboolean
parse_encoded_word (const char  *p,
                    const char  *last_close,
                    EncodedWord *word)
{
  const char *charset = p + 2;
  const char *q = charset;
  const char *text;
  const char *close;
  char encoding;
  g_autofree char *name = NULL;
  char *star;

  while (*q != '\0' && *q != '?' && is_charset_char (*q))
    q++;
  if (*q != '?' || q == charset || q - charset > MAX_CHARSET_LENGTH)
    return FALSE;

  encoding = g_ascii_toupper (q[1]);
  if ((encoding != 'Q' && encoding != 'B') || q[2] != '?')
    return FALSE;

  text = q + 3;
  if (last_close == NULL || text > last_close)
    return FALSE;
  close = strstr (text, "?=");
  if (close == NULL)
    return FALSE;

  name = g_strndup (charset, (gsize) (q - charset));
  star = strchr (name, '*');
  if (star != NULL)
    *star = '\0';

  word->charset = g_steal_pointer (&name);
  word->bytes = g_byte_array_new ();
  if (encoding == 'Q')
    decode_q (text, (gsize) (close - text), word->bytes);
  else
    decode_b (text, (gsize) (close - text), word->bytes);
  word->end = close + 2;

  return TRUE;
}

static gboolean
is_all_space (const char *p,
              const char *end)
{
  for (; p < end; p++)
    if (*p != ' ' && *p != '\t')
      return FALSE;
  return TRUE;
}

static void
append_converted (GString    *out,
                  const char *data,
                  gsize       length,
                  const char *charset)
{
  g_autofree char *text = NULL;

  if (length == 0)
    return;

  text = cr_mime_charset_to_utf8 (data, (gssize) length, charset);
  g_string_append (out, text);
}

/* Control characters in a subject or a name could fake lines: spaces.
 * Returns @text. */
char *
cr_mime_replace_controls (char *text)
{
  for (char *c = text; *c != '\0'; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      *c = ' ';

  return text;
}

/* Nothing to decode, unfold or replace: most values, and every value of
 * a header sync goes through here. */
static gboolean
is_plain (const char *raw)
{
  gboolean ascii = TRUE;

  for (const guchar *p = (const guchar *) raw; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p == 0x7f || (*p == '=' && p[1] == '?'))
        return FALSE;
      ascii &= *p < 0x80;
    }

  return ascii || g_utf8_validate (raw, -1, NULL);
}

/**
 * cr_mime_decode_header:
 * @raw: a header value as it came from the server, possibly folded
 *
 * Decodes RFC 2047 encoded words in any charset, joins adjacent encoded
 * words (and the bytes of a character split across two of them), unfolds,
 * and reads unencoded 8-bit bytes as UTF-8 or else Windows-1252.
 *
 * Returns: (transfer full): valid UTF-8, never %NULL
 */
char *
cr_mime_decode_header (const char *raw)
{
  g_autofree char *unfolded = NULL;
  GString *out;
  g_autoptr(GByteArray) pending = NULL;
  g_autofree char *pending_charset = NULL;
  const char *literal;
  const char *last_close;
  const char *p;

  g_return_val_if_fail (raw != NULL, g_strdup (""));

  if (is_plain (raw))
    return g_strdup (raw);

  unfolded = unfold (raw);
  last_close = g_strrstr (unfolded, "?=");
  out = g_string_sized_new (strlen (unfolded));
  literal = unfolded;
  p = unfolded;

  while (*p != '\0')
    {
      EncodedWord word = { 0 };

      if (p[0] != '=' || p[1] != '?' || !parse_encoded_word (p, last_close, &word))
        {
          p++;
          continue;
        }

      /* White space between two encoded words is not part of the text. */
      if (pending == NULL || !is_all_space (literal, p))
        {
          if (pending != NULL)
            {
              append_converted (out, (const char *) pending->data, pending->len, pending_charset);
              g_clear_pointer (&pending, g_byte_array_unref);
            }
          append_converted (out, literal, (gsize) (p - literal), NULL);
        }

      if (pending != NULL && g_ascii_strcasecmp (pending_charset, word.charset) == 0)
        {
          g_byte_array_append (pending, word.bytes->data, word.bytes->len);
        }
      else
        {
          if (pending != NULL)
            append_converted (out, (const char *) pending->data, pending->len, pending_charset);
          g_clear_pointer (&pending, g_byte_array_unref);
          g_free (pending_charset);
          pending_charset = g_strdup (word.charset);
          pending = g_byte_array_ref (word.bytes);
        }

      p = word.end;
      literal = p;
      encoded_word_clear (&word);
    }

  if (pending != NULL)
    append_converted (out, (const char *) pending->data, pending->len, pending_charset);
  append_converted (out, literal, (gsize) (p - literal), NULL);

  return cr_mime_replace_controls (g_string_free (out, FALSE));
}

/* Address lists --------------------------------------------------------- */

/* Skips a quoted string or a (nested) comment starting at @p; returns the
 * position after it, or the end of the string if it is not closed. */
static const char *
skip_delimited (const char *p)
{
  int depth = 0;

  if (*p == '"')
    {
      for (p++; *p != '\0'; p++)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            return p + 1;
        }
      return p;
    }

  for (; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '(')
        depth++;
      else if (*p == ')' && --depth == 0)
        return p + 1;
    }

  return p;
}

/* Splits at commas and semicolons outside quotes, comments and <…>. */
static GPtrArray *
split_entries (const char *value)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_free);
  const char *start = value;
  const char *p = value;
  gboolean in_angle = FALSE;

  while (*p != '\0')
    {
      if (*p == '"' || *p == '(')
        {
          p = skip_delimited (p);
          continue;
        }
      if (*p == '<')
        in_angle = TRUE;
      else if (*p == '>')
        in_angle = FALSE;
      else if ((*p == ',' || *p == ';') && !in_angle)
        {
          g_ptr_array_add (entries, g_strndup (start, (gsize) (p - start)));
          start = p + 1;
        }
      p++;
    }
  g_ptr_array_add (entries, g_strndup (start, (gsize) (p - start)));

  return entries;
}

/* The text of an entry with comments dropped and quoted strings unquoted;
 * the first comment is kept aside: “addr (Name)” is an old way to name. */
static char *
flatten (const char  *p,
         const char  *end,
         char       **first_comment)
{
  GString *out = g_string_new (NULL);

  while (p < end)
    {
      const char *after;
      const char *inner_end;
      char close;

      if (*p != '"' && *p != '(')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      close = *p == '"' ? '"' : ')';
      after = MIN (skip_delimited (p), end);
      inner_end = (after > p + 1 && after[-1] == close) ? after - 1 : after;

      if (*p == '"')
        {
          for (const char *q = p + 1; q < inner_end; q++)
            {
              if (*q == '\\' && q + 1 < inner_end)
                q++;
              g_string_append_c (out, *q);
            }
        }
      else if (first_comment != NULL && *first_comment == NULL)
        {
          *first_comment = g_strndup (p + 1, (gsize) (inner_end - p - 1));
        }
      p = after;
    }

  return g_strstrip (g_string_free (out, FALSE));
}

static char *
clean_address (const char *raw)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = raw;
  const char *colon;

  /* An obsolete source route “@relay:user@host” names the relay first. */
  if (*p == '@' && (colon = strchr (p, ':')) != NULL)
    p = colon + 1;
  if (g_ascii_strncasecmp (p, "mailto:", 7) == 0)
    p += 7;

  for (; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != '<' && *p != '>')
      g_string_append_c (out, *p);

  return cr_mime_charset_to_utf8 (out->str, (gssize) out->len, NULL);
}

/* Takes @flat. */
static char *
decode_name (char *flat)
{
  char *decoded;

  if (flat == NULL || *flat == '\0')
    {
      g_free (flat);
      return NULL;
    }

  decoded = g_strstrip (cr_mime_decode_header (flat));
  g_free (flat);
  if (*decoded == '\0')
    g_clear_pointer (&decoded, g_free);

  return decoded;
}

/* A group “Friends: a@b, c@d;” begins its first entry with “Friends:”. */
static const char *
skip_group_name (const char *entry)
{
  for (const char *p = entry; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '(')
        {
          p = skip_delimited (p) - 1;
          continue;
        }
      if (*p == '<' || *p == '@')
        return entry;
      if (*p == ':')
        return p + 1;
    }

  return entry;
}

static CrMimeAddress *
parse_entry (const char *entry)
{
  const char *start = skip_group_name (entry);
  const char *end = start + strlen (start);
  const char *angle = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *address = NULL;
  g_autofree char *name = NULL;

  for (const char *p = start; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '(')
        {
          p = skip_delimited (p) - 1;
          continue;
        }
      if (*p == '<')
        {
          angle = p;
          break;
        }
    }

  if (angle != NULL)
    {
      const char *close = strchr (angle, '>');
      g_autofree char *inside = g_strndup (angle + 1, (gsize) ((close != NULL ? close : end) - angle - 1));

      name = decode_name (flatten (start, angle, NULL));
      address = clean_address (inside);
    }
  else
    {
      g_autofree char *flat = flatten (start, end, &comment);

      address = clean_address (flat);
      name = decode_name (g_steal_pointer (&comment));
    }

  if (*address == '\0' && name == NULL)
    return NULL;

  return cr_mime_address_new (name, address);
}

static gboolean
looks_like_address (const char *entry)
{
  return strchr (entry, '@') != NULL || strchr (entry, '<') != NULL;
}

/**
 * cr_mime_parse_address_list:
 * @raw: a From, To, Cc, Reply-To… header value, undecoded
 * @out: (out) (transfer full) (element-type CrMimeAddress): the addresses
 *
 * Reads an address list as clients really write it: quoted or encoded
 * names, comments, groups, and the unquoted “Last, First <addr>”.
 *
 * Returns: %TRUE with @out set if at least one address was found;
 *   %FALSE with @out set to %NULL otherwise
 */
gboolean
cr_mime_parse_address_list (const char  *raw,
                            GPtrArray  **out)
{
  g_autofree char *unfolded = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) addresses = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (raw == NULL)
    return FALSE;

  unfolded = unfold (raw);
  entries = split_entries (unfolded);
  addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_mime_address_free);

  for (guint i = 0; i < entries->len; i++)
    {
      const char *entry = g_ptr_array_index (entries, i);
      g_autofree char *joined = NULL;
      CrMimeAddress *address;

      /* “Dupont, Jean <jean@example.org>”: a comma no one quoted. */
      if (!looks_like_address (entry) && i + 1 < entries->len &&
          strchr (g_ptr_array_index (entries, i + 1), '<') != NULL &&
          strchr (entry, ':') == NULL)
        {
          joined = g_strconcat (entry, ",", g_ptr_array_index (entries, i + 1), NULL);
          entry = joined;
          i++;
        }

      address = parse_entry (entry);
      if (address != NULL)
        g_ptr_array_add (addresses, address);
    }

  if (addresses->len == 0)
    return FALSE;

  *out = g_steal_pointer (&addresses);
  return TRUE;
}
