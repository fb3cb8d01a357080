/* cr-mime-charset.c — bytes in a declared (or lying) charset to UTF-8
 *
 * Mail declares charsets that are missing, misspelt or false. The order
 * is: the declared charset (ISO-8859-1 and US-ASCII read as Windows-1252,
 * as browsers do); if it is unknown or the bytes are not in it, UTF-8 when
 * they are valid UTF-8; then Windows-1252, which decodes every byte. What
 * still cannot be decoded becomes U+FFFD. The result is never NULL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include "cr-mime-charset.h"

#define REPLACEMENT "\xef\xbf\xbd"

/* Windows-1252 0x80–0x9F; 0 where the code page defines nothing. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static char *
decode_cp1252 (const char *data,
               gsize       length)
{
  GString *out = g_string_sized_new (length + length / 4 + 1);

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];
      gunichar u = c;

      if (c >= 0x80 && c < 0xA0)
        u = cp1252_high[c - 0x80];
      if (u == 0)
        g_string_append (out, REPLACEMENT);
      else
        g_string_append_unichar (out, u);
    }

  return g_string_free (out, FALSE);
}

static gboolean
has_high_bytes (const char *data,
                    gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if ((guchar) data[i] >= 0x80)
      return TRUE;
  return FALSE;
}

/* Valid UTF-8 may contain NUL bytes; a C string may not. */
static char *
without_nuls (char  *text,
              gsize  length)
{
  GString *out;

  if (memchr (text, '\0', length) == NULL)
    return text;

  out = g_string_sized_new (length + 8);
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\0')
        g_string_append (out, REPLACEMENT);
      else
        g_string_append_c (out, text[i]);
    }
  g_free (text);
  return g_string_free (out, FALSE);
}

/* Names mail uses, mapped to what iconv knows and what browsers mean. */
static const char *
canonical_charset (const char *charset)
{
  static const struct { const char *alias; const char *name; } aliases[] = {
    { "us-ascii", "WINDOWS-1252" },
    { "ascii", "WINDOWS-1252" },
    { "ansi_x3.4-1968", "WINDOWS-1252" },
    { "iso-8859-1", "WINDOWS-1252" },
    { "iso8859-1", "WINDOWS-1252" },
    { "iso_8859-1", "WINDOWS-1252" },
    { "latin1", "WINDOWS-1252" },
    { "latin-1", "WINDOWS-1252" },
    { "l1", "WINDOWS-1252" },
    { "cp1252", "WINDOWS-1252" },
    { "windows-1252", "WINDOWS-1252" },
    { "x-cp1252", "WINDOWS-1252" },
    { "utf-8", "UTF-8" },
    { "utf8", "UTF-8" },
    { "x-unknown", NULL },
    { "unknown-8bit", NULL },
    { "x-user-defined", NULL },
    { "default", NULL },
    { "gb2312", "GB18030" },
    { "gbk", "GB18030" },
    { "ks_c_5601-1987", "CP949" },
    { "euc-kr", "CP949" },
    { "iso-8859-8-i", "ISO-8859-8" },
    { "unicode-1-1-utf-7", "UTF-7" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (charset, aliases[i].alias) == 0)
      return aliases[i].name;

  return charset;
}

/* iconv that replaces what it cannot convert instead of stopping. Returns
 * NULL when the charset is unknown or when more than a few bytes are not
 * in it, which says the declaration was false. */
static char *
convert_with_iconv (const char *data,
                    gsize       length,
                    const char *charset)
{
  GIConv cd = g_iconv_open ("UTF-8", charset);
  g_autoptr(GString) out = NULL;
  char buffer[4096];
  char *in = (char *) data;
  gsize in_left = length;
  gsize failures = 0;

  if (cd == (GIConv) -1)
    return NULL;

  out = g_string_sized_new (length + 16);
  while (in_left > 0)
    {
      char *outp = buffer;
      gsize out_left = sizeof buffer;
      gsize r = g_iconv (cd, &in, &in_left, &outp, &out_left);
      int saved = errno;

      g_string_append_len (out, buffer, (gssize) (outp - buffer));
      if (r != (gsize) -1)
        continue;
      if (saved == E2BIG)
        continue;

      /* An invalid or truncated sequence: one replacement per byte. */
      failures++;
      g_string_append (out, REPLACEMENT);
      in++;
      in_left--;
      g_iconv (cd, NULL, NULL, NULL, NULL);
    }

  {
    char *outp = buffer;
    gsize out_left = sizeof buffer;

    g_iconv (cd, NULL, NULL, &outp, &out_left);
    g_string_append_len (out, buffer, (gssize) (outp - buffer));
  }
  g_iconv_close (cd);

  if (failures > 0 && failures * 20 > length)
    return NULL;

  /* UTF-16 and friends can produce NUL characters; glibc's UTF-8 and
   * UCS-4 decoders pass code points beyond U+10FFFF through as 5- and
   * 6-byte sequences, which are not UTF-8. */
  {
    gsize out_length = out->len;
    g_autofree char *text = without_nuls (g_string_free (g_steal_pointer (&out), FALSE), out_length);

    if (!g_utf8_validate (text, -1, NULL))
      return g_utf8_make_valid (text, -1);
    return g_steal_pointer (&text);
  }
}

static gboolean
is_single_byte_latin (const char *canonical)
{
  return g_ascii_strncasecmp (canonical, "ISO-8859-", 9) == 0 ||
         g_ascii_strncasecmp (canonical, "ISO8859-", 8) == 0 ||
         g_ascii_strncasecmp (canonical, "WINDOWS-125", 11) == 0;
}

static char *
guess (const char *data,
       gsize       length)
{
  /* g_utf8_validate() refuses NUL bytes within the length: those go on to
   * Windows-1252, which replaces them. */
  if (g_utf8_validate (data, (gssize) length, NULL))
    return g_strndup (data, length);
  return decode_cp1252 (data, length);
}

static gboolean
has_valid_multibyte (const char *data,
                     gsize       length)
{
  const char *p = data;
  const char *end = data + length;

  while (p < end)
    {
      gunichar u;

      if ((guchar) *p < 0x80)
        {
          p++;
          continue;
        }
      u = g_utf8_get_char_validated (p, end - p);
      if (u != (gunichar) -1 && u != (gunichar) -2)
        return TRUE;
      p++;
    }

  return FALSE;
}

/* Declared UTF-8 that is not: a few bad bytes in real UTF-8 are replaced;
 * text with no valid multibyte sequence at all was Latin-1 in disguise. */
static char *
decode_utf8 (const char *data,
             gsize       length)
{
  if (g_utf8_validate (data, (gssize) length, NULL))
    return g_strndup (data, length);
  if (memchr (data, '\0', length) == NULL && !has_valid_multibyte (data, length))
    return decode_cp1252 (data, length);

  /* NUL bytes count as invalid here, so they are replaced too. */
  return g_utf8_make_valid (data, (gssize) length);
}

/**
 * cr_mime_charset_to_utf8:
 * @data: bytes, not necessarily nul-terminated
 * @length: their length, or -1 if @data is nul-terminated
 * @charset: (nullable): the charset the sender declared
 *
 * Returns: (transfer full): valid UTF-8 without NUL bytes, never %NULL
 */
char *
cr_mime_charset_to_utf8 (const char *data,
                         gssize      length,
                         const char *charset)
{
  const char *canonical;
  char *converted;

  g_return_val_if_fail (data != NULL || length == 0, g_strdup (""));

  if (length < 0)
    length = (gssize) strlen (data);
  if (length == 0)
    return g_strdup ("");

  if (charset == NULL || *charset == '\0')
    return guess (data, (gsize) length);

  canonical = canonical_charset (charset);
  if (canonical == NULL)
    return guess (data, (gsize) length);

  if (g_ascii_strcasecmp (canonical, "UTF-8") == 0)
    return decode_utf8 (data, (gsize) length);

  /* Latin text that is valid UTF-8 with multibyte sequences was UTF-8 under
   * a false label: Latin-1 prose almost never forms valid UTF-8. */
  if (is_single_byte_latin (canonical) &&
      has_high_bytes (data, (gsize) length) &&
      g_utf8_validate (data, length, NULL))
    return g_strndup (data, (gsize) length);

  if (g_ascii_strcasecmp (canonical, "WINDOWS-1252") == 0)
    return decode_cp1252 (data, (gsize) length);

  converted = convert_with_iconv (data, (gsize) length, canonical);
  if (converted == NULL)
    return guess (data, (gsize) length);

  return converted;
}
