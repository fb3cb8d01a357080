/* cr-mutf7.c — IMAP folder names in modified UTF-7 (RFC 3501 §5.1.3)
 *
 * Printable ASCII stands for itself, "&-" is "&", and "&…-" holds UTF-16
 * in base64 with "," instead of "/" and no padding. libetpan hands the
 * names over raw, so the folder list decodes them here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cr-mutf7.h"

static const char alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

static int
b64_value (char c)
{
  const char *p;

  if (c == '\0')
    return -1;

  p = strchr (alphabet, c);

  return p != NULL ? (int) (p - alphabet) : -1;
}

/* Decodes one "&…-" run starting after the "&"; returns the position of
 * the "-" or NULL when the run is malformed. */
static const char *
decode_run (const char *p,
            GString    *out)
{
  guint32 bits = 0;
  guint n_bits = 0;
  gunichar2 high = 0;
  gboolean any = FALSE;

  for (; *p != '-'; p++)
    {
      int v = b64_value (*p);

      if (v < 0)
        return NULL;

      bits = (bits << 6) | (guint32) v;
      n_bits += 6;

      if (n_bits < 16)
        continue;

      n_bits -= 16;
      {
        gunichar2 unit = (gunichar2) ((bits >> n_bits) & 0xffff);

        any = TRUE;
        if (unit >= 0xd800 && unit <= 0xdbff)
          {
            if (high != 0)
              return NULL;
            high = unit;
          }
        else if (unit >= 0xdc00 && unit <= 0xdfff)
          {
            if (high == 0)
              return NULL;
            g_string_append_unichar (out, 0x10000 + ((gunichar) (high - 0xd800) << 10) + (unit - 0xdc00));
            high = 0;
          }
        else
          {
            /* Printable ASCII must not be encoded (RFC 3501). */
            if (high != 0 || unit == 0 || (unit >= 0x20 && unit <= 0x7e))
              return NULL;
            g_string_append_unichar (out, unit);
          }
      }
    }

  /* Leftover bits are padding and must be zero; a dangling high
   * surrogate or an empty run other than "&-" is an error. */
  if (!any || high != 0 || n_bits >= 6 || (bits & ((1u << n_bits) - 1)) != 0)
    return NULL;

  return p;
}

/**
 * cr_mutf7_decode:
 * @mutf7: a folder name as the server sent it
 *
 * Returns: (transfer full) (nullable): the name in UTF-8, or %NULL when
 *   @mutf7 is not valid modified UTF-7 (the caller may then show it raw
 *   if it is valid UTF-8, as some servers send UTF-8 anyway)
 */
char *
cr_mutf7_decode (const char *mutf7)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  g_return_val_if_fail (mutf7 != NULL, NULL);

  out = g_string_sized_new (strlen (mutf7));

  for (p = mutf7; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
        return NULL;

      if (*p != '&')
        {
          g_string_append_c (out, *p);
          continue;
        }

      if (p[1] == '-')
        {
          g_string_append_c (out, '&');
          p++;
          continue;
        }

      if ((p = decode_run (p + 1, out)) == NULL)
        return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
flush_run (GString         *out,
           const gunichar2 *units,
           glong            n_units)
{
  guint32 bits = 0;
  guint n_bits = 0;

  g_string_append_c (out, '&');
  for (glong i = 0; i < n_units; i++)
    {
      bits = (bits << 16) | units[i];
      n_bits += 16;
      while (n_bits >= 6)
        {
          n_bits -= 6;
          g_string_append_c (out, alphabet[(bits >> n_bits) & 0x3f]);
        }
    }
  if (n_bits > 0)
    g_string_append_c (out, alphabet[(bits << (6 - n_bits)) & 0x3f]);
  g_string_append_c (out, '-');
}

/**
 * cr_mutf7_encode:
 * @utf8: a folder name in UTF-8
 *
 * Returns: (transfer full) (nullable): the name to send to the server, or
 *   %NULL when @utf8 is not valid UTF-8
 */
char *
cr_mutf7_encode (const char *utf8)
{
  g_autoptr(GString) out = NULL;
  const char *p = utf8;

  g_return_val_if_fail (utf8 != NULL, NULL);

  if (!g_utf8_validate (utf8, -1, NULL))
    return NULL;

  out = g_string_sized_new (strlen (utf8) * 2);

  while (*p != '\0')
    {
      const char *start = p;
      g_autofree gunichar2 *units = NULL;
      glong n_units = 0;

      if ((guchar) *p >= 0x20 && (guchar) *p <= 0x7e)
        {
          if (*p == '&')
            g_string_append (out, "&-");
          else
            g_string_append_c (out, *p);
          p++;
          continue;
        }

      /* A run of everything that is not printable ASCII. */
      while (*p != '\0' && !((guchar) *p >= 0x20 && (guchar) *p <= 0x7e))
        p = g_utf8_next_char (p);

      units = g_utf8_to_utf16 (start, p - start, NULL, &n_units, NULL);
      if (units == NULL)
        return NULL;
      flush_run (out, units, n_units);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
